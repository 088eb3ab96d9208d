#include "bench/loadgen/report.h"

#include <cmath>
#include <cstdio>
#include <optional>

#include "bench/loadgen/stats.h"

namespace weerbaar::bench {
namespace {

std::optional<double> Get(const Results& r, const std::string& key) {
  auto it = r.find(key);
  if (it == r.end()) return std::nullopt;
  return it->second;
}

void AppendObject(std::string& out, const Results& r) {
  out += "{";
  bool first = true;
  for (const auto& [key, value] : r) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", std::isfinite(value) ? value : 0.0);
    out += (first ? "\"" : ", \"") + key + "\": " + buf;
    first = false;
  }
  out += "}";
}

}  // namespace

void AddDerived(const Settings& settings, Results& run) {
  if (settings.sender_counts.empty()) return;
  const std::string most = "durable." + std::to_string(settings.sender_counts.back());
  std::optional<double> acks = Get(run, most + ".acks_per_s");
  std::optional<double> base = Get(run, "baseline.writes_per_s");
  if (acks && base && *base > 0) run["durable.ratio"] = *acks / *base;
  // One sender waits for each ack, so the server commits once per message: its own
  // one-sync-per-message rate, measured through the whole stack.
  std::optional<double> one = Get(run, "durable.1.acks_per_s");
  if (acks && one && *one > 0) run["durable.self_ratio"] = *acks / *one;
  for (size_t k : settings.sender_counts) {
    const std::string p = "durable." + std::to_string(k);
    std::optional<double> cpu = Get(run, p + ".server_cpu_s"), n = Get(run, p + ".acks");
    if (cpu && n && *n > 0) run[p + ".cpu_us_per_ack"] = *cpu / *n * 1e6;
  }
  std::optional<double> writes = Get(run, "baseline.writes");
  std::optional<double> seconds = Get(run, "baseline.seconds");
  if (writes && seconds && *writes > 0) run["baseline.ms_per_sync"] = *seconds / *writes * 1e3;
}

Results Medians(const std::vector<Results>& runs) {
  std::map<std::string, std::vector<double>> all;
  for (const Results& r : runs)
    for (const auto& [key, value] : r) all[key].push_back(value);
  Results out;
  for (auto& [key, values] : all) out[key] = Median(std::move(values));
  return out;
}

std::string FormatJson(const Settings& settings, const std::vector<Results>& runs,
                       const Results& medians) {
  std::string out = "{\"settings\": ";
  AppendObject(out, {{"measure_ms", double(settings.measure.count())},
                     {"window", double(settings.window)},
                     {"payload_bytes", double(settings.payload_bytes)},
                     {"idle_connections", double(settings.idle_connections)},
                     {"backlog_messages", double(settings.backlog_messages)}});
  out += ", \"runs\": [";
  for (size_t i = 0; i < runs.size(); ++i) {
    if (i) out += ", ";
    AppendObject(out, runs[i]);
  }
  out += "], \"median\": ";
  AppendObject(out, medians);
  return out + "}\n";
}

}  // namespace weerbaar::bench
