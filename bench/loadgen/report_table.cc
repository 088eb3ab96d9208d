// The Markdown table of FormatTable: one block of rows per scenario that ran.
#include <cmath>
#include <cstdio>
#include <optional>

#include "bench/loadgen/report.h"

namespace weerbaar::bench {
namespace {

// The goals.
constexpr double kFanoutGoal = 1.5;    // x the ws peer, per server CPU-second
constexpr double kDurableGoal = 10.0;  // x one WAL sync per message
constexpr double kIdleGoal = 10'000;   // idle authenticated connections held

std::string WithSeparators(const std::string& digits) {
  std::string out;
  const size_t lead = digits[0] == '-' ? 1 : 0;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > lead && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string Number(std::optional<double> v) {
  if (!v) return "-";
  char buf[64];
  if (std::fabs(*v) >= 100) {
    std::snprintf(buf, sizeof buf, "%.0f", *v);
    return WithSeparators(buf);
  }
  // Small numbers (seconds, milliseconds) keep three significant digits.
  std::snprintf(buf, sizeof buf, std::fabs(*v) >= 1 || *v == 0 ? "%.2f" : "%.3g", *v);
  return buf;
}

// The medians, and every run for the cells where the spread matters.
struct View {
  const std::vector<Results>& runs;
  const Results& m;

  std::optional<double> Get(const std::string& key) const {
    auto it = m.find(key);
    if (it == m.end()) return std::nullopt;
    return it->second;
  }
  std::string N(const std::string& key) const { return Number(Get(key)); }
  std::string Pair(const std::string& a, const std::string& b) const { return N(a) + " / " + N(b); }
  // "0.47x", and with several runs each run's ratio: "0.47x (0.45, 0.47, 0.52)".
  std::string Ratio(const std::string& key) const {
    if (!Get(key)) return "-";
    std::string out = Number(Get(key)) + "x";
    if (runs.size() < 2) return out;
    std::string each;
    for (const Results& r : runs) {
      auto it = r.find(key);
      each += (each.empty() ? "" : ", ") + (it == r.end() ? "-" : Number(it->second));
    }
    return out + " (" + each + ")";
  }
  std::string Goal(const std::string& key, double goal, const std::string& text) const {
    std::optional<double> v = Get(key);
    if (!v) return text;
    return text + (*v >= goal ? " met" : " **missed**");
  }
};

struct Table {
  std::string text =
      "| scenario | metric | weerbaar | ws peer | ratio | goal |\n"
      "|---|---|---:|---:|---:|---|\n";
  void Row(const std::string& scenario, const std::string& metric, const std::string& wb,
           const std::string& ws = "", const std::string& ratio = "",
           const std::string& goal = "") {
    text += "| " + scenario + " | " + metric + " | " + wb + " | " + ws + " | " + ratio + " | " +
            goal + " |\n";
  }
};

void FanoutRows(Table& t, const View& v, size_t n) {
  const std::string p = "fanout." + std::to_string(n);
  if (!v.Get(p + ".wb.joined")) return;
  auto both = [&](const std::string& scenario, const std::string& metric, const std::string& k) {
    t.Row(scenario, metric, v.N(p + ".wb." + k), v.N(p + ".ws." + k));
  };
  both("fan-out, 1 sender, " + std::to_string(n) + " receivers", "deliveries/s",
       "deliveries_per_s");
  both("", "latency p50 ms", "p50_ms");
  both("", "latency p99 ms", "p99_ms");
  both("", "server CPU s", "server_cpu_s");
  t.Row("", "**deliveries per server CPU-s**", v.N(p + ".wb.per_cpu_s"), v.N(p + ".ws.per_cpu_s"),
        v.Ratio(p + ".ratio"), v.Goal(p + ".ratio", kFanoutGoal, ">= 1.5x"));
}

void DurableRows(Table& t, const Settings& s, const View& v) {
  for (size_t k : s.sender_counts) {
    const std::string p = "durable." + std::to_string(k);
    if (!v.Get(p + ".acks")) continue;
    t.Row("durable sends, " + std::to_string(k) + " concurrent senders", "acks/s",
          v.N(p + ".acks_per_s"));
    t.Row("", "ack latency p50 / p99 ms", v.Pair(p + ".p50_ms", p + ".p99_ms"));
    t.Row("", "store operations per commit", v.N(p + ".ops_per_commit"));
    t.Row("", "server CPU us per ack", v.N(p + ".cpu_us_per_ack"));
  }
  if (!v.Get("baseline.writes")) return;
  const std::string most = std::to_string(s.sender_counts.back());
  t.Row("one WAL sync per message (RocksDB, sync=true, 1 writer)", "synced writes/s",
        v.N("baseline.writes_per_s"), "", v.Ratio("durable.ratio"),
        v.Goal("durable.ratio", kDurableGoal, ">= 10x (" + most + " senders / baseline)"));
  t.Row("", "mean ms per synced write", v.N("baseline.ms_per_sync"));
  if (v.Get("durable.self_ratio"))
    t.Row("", most + " senders / 1 sender (the server's own one commit per message)", "", "",
          v.Ratio("durable.self_ratio"));
}

void HandshakeRows(Table& t, const Settings& s, const View& v) {
  if (!v.Get("handshake.count")) return;
  t.Row("auth handshakes (" + std::to_string(s.handshake_workers) + " at a time)", "handshakes/s",
        v.N("handshake.per_s"));
  t.Row("", "**per server CPU-s (one core)**", v.N("handshake.per_cpu_s"));
  t.Row("", "latency p50 / p99 ms", v.Pair("handshake.p50_ms", "handshake.p99_ms"));
}

void IdleRows(Table& t, const View& v) {
  if (!v.Get("idle.held")) return;
  const bool asked_enough = v.Get("idle.asked").value_or(0) >= kIdleGoal;
  t.Row("idle authenticated connections (first run only)", "held / asked",
        v.Pair("idle.held", "idle.asked"), "", "",
        asked_enough ? v.Goal("idle.held", kIdleGoal, "10,000 held") : "10,000 held: not asked");
  t.Row("", "**server RSS per connection KiB**", v.N("idle.kib_per_conn"));
  t.Row("", "server RSS before / after MiB", v.Pair("idle.rss_before_mib", "idle.rss_after_mib"));
}

void BacklogRows(Table& t, const Settings& s, const View& v) {
  if (!v.Get("backlog.seed_per_s")) return;
  t.Row("sync a " + Number(double(s.backlog_messages)) + "-message backlog",
        "seconds, default page (100)", v.N("backlog.default_page.seconds"));
  t.Row("", "seconds, largest page (500)", v.N("backlog.largest_page.seconds"));
  t.Row("", "messages/s, largest page", v.N("backlog.largest_page.messages_per_s"));
}

double ErrorTotal(const Results& m) {
  double total = 0;
  for (const auto& [key, value] : m)
    if (key.size() > 7 && key.compare(key.size() - 7, 7, ".errors") == 0) total += value;
  return total;
}

}  // namespace

std::string FormatTable(const Settings& settings, const std::vector<Results>& runs,
                        const Results& medians) {
  const View v{runs, medians};
  Table t;
  for (size_t n : settings.fanout_sizes) FanoutRows(t, v, n);
  DurableRows(t, settings, v);
  HandshakeRows(t, settings, v);
  IdleRows(t, v);
  BacklogRows(t, settings, v);
  t.Row("all scenarios", "errors (failed connections, refused or undelivered messages)",
        Number(ErrorTotal(medians)));
  return t.text + "\nMedians of " + std::to_string(runs.size()) +
         " run(s); ratios in brackets are each run's.\n";
}

}  // namespace weerbaar::bench
