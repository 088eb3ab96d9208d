#include "server/metrics.h"

#include <cstdio>

namespace weerbaar::server {
namespace {

std::string Seconds(int64_t millis) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(millis) / 1000.0);
  return buf;
}

void Header(std::string& out, const std::string& name, const char* type, const char* help) {
  out += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

template <typename T>
void Sample(std::string& out, const char* name, const char* type, const char* help,
            const std::atomic<T>& value) {
  Header(out, name, type, help);
  out += std::string(name) + " " + std::to_string(value.load(std::memory_order_relaxed)) + "\n";
}

void Sample(std::string& out, const char* name, const char* help, uint64_t value) {
  Header(out, name, "counter", help);
  out += std::string(name) + " " + std::to_string(value) + "\n";
}

}  // namespace

void LatencyHistogram::Observe(int64_t millis) {
  if (millis < 0) millis = 0;
  size_t i = 0;
  while (i < kBoundsMs.size() && millis > kBoundsMs[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  sum_ms_.fetch_add(millis, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
}

void LatencyHistogram::Render(const std::string& name, std::string& out) const {
  uint64_t cumulative = 0;
  for (size_t i = 0; i < buckets_.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    std::string le = i < kBoundsMs.size() ? Seconds(kBoundsMs[i]) : "+Inf";
    out += name + "_bucket{le=\"" + le + "\"} " + std::to_string(cumulative) + "\n";
  }
  out += name + "_sum " + Seconds(sum_ms_.load(std::memory_order_relaxed)) + "\n";
  out += name + "_count " + std::to_string(count()) + "\n";
}

std::string RenderPrometheus(const Metrics& m, const StoreCounters& store) {
  std::string out;
  Sample(out, "weerbaar_connections", "gauge", "Open connections.", m.connections);
  Sample(out, "weerbaar_connections_total", "counter", "Accepted connections.",
         m.connections_total);
  Sample(out, "weerbaar_connections_rejected_total", "counter",
         "Connections closed at once because max_connections was reached.",
         m.connections_rejected_total);
  Sample(out, "weerbaar_messages_total", "counter", "WebSocket messages received from clients.",
         m.messages_total);
  Sample(out, "weerbaar_bytes_in_total", "counter", "WebSocket payload bytes received.",
         m.bytes_in_total);
  Sample(out, "weerbaar_bytes_out_total", "counter", "WebSocket payload bytes sent.",
         m.bytes_out_total);
  Sample(out, "weerbaar_send_queue_overflows_total", "counter",
         "Connections closed with 1013 because their send queue overflowed.",
         m.send_queue_overflows_total);
  Sample(out, "weerbaar_auth_failures_total", "counter", "Failed or timed-out authentications.",
         m.auth_failures_total);
  Sample(out, "weerbaar_rate_limited_total", "counter",
         "Requests refused with RATE_LIMITED (connection or user over its rate).",
         m.rate_limited_total);
  Sample(out, "weerbaar_tls_handshake_failures_total", "counter",
         "TLS handshakes that failed or timed out (old protocol versions included).",
         m.tls_handshake_failures_total);
  Header(out, "weerbaar_durable_write_seconds", "histogram",
         "Time from submitting a store write to its durable callback.");
  m.durable_write.Render("weerbaar_durable_write_seconds", out);
  Sample(out, "weerbaar_store_commits_total", "Synced batch writes (group commits).",
         store.commits);
  Sample(out, "weerbaar_store_operations_total", "Write operations carried by the commits.",
         store.operations);
  return out;
}

}  // namespace weerbaar::server
