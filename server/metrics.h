// Process counters and a latency histogram, rendered as Prometheus text.
//
// Thread safety: every member may be updated from any thread (relaxed atomics); a render
// sees each value at some recent point, not one consistent snapshot.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace weerbaar::server {

// A fixed-bucket histogram of durations measured in milliseconds, exposed in seconds.
class LatencyHistogram {
 public:
  // Upper bounds of the buckets, in milliseconds; a last +Inf bucket is implied.
  static constexpr std::array<int64_t, 12> kBoundsMs = {1,   2,   5,   10,   25,   50,
                                                        100, 250, 500, 1000, 2500, 10000};

  void Observe(int64_t millis);
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  // Appends the _bucket, _sum and _count lines for `name`.
  void Render(const std::string& name, std::string& out) const;

 private:
  std::array<std::atomic<uint64_t>, kBoundsMs.size() + 1> buckets_{};  // not cumulative
  std::atomic<uint64_t> count_{0};
  std::atomic<int64_t> sum_ms_{0};
};

struct Metrics {
  std::atomic<int64_t> connections{0};  // open TCP connections (HTTP or WebSocket)
  std::atomic<uint64_t> connections_total{0};
  std::atomic<uint64_t> connections_rejected_total{0};  // over max_connections
  std::atomic<uint64_t> messages_total{0};              // WebSocket messages from clients
  std::atomic<uint64_t> bytes_in_total{0};
  std::atomic<uint64_t> bytes_out_total{0};
  std::atomic<uint64_t> send_queue_overflows_total{0};
  std::atomic<uint64_t> auth_failures_total{0};
  std::atomic<uint64_t> rate_limited_total{0};  // requests refused with RATE_LIMITED
  std::atomic<uint64_t> tls_handshake_failures_total{0};
  LatencyHistogram durable_write;  // from submitting a store write to its callback

  static void Add(std::atomic<uint64_t>& counter, uint64_t n = 1) {
    counter.fetch_add(n, std::memory_order_relaxed);
  }
};

// Counters owned by the store (storage::Store::Stats), passed in to keep this file free of it.
struct StoreCounters {
  uint64_t commits = 0;
  uint64_t operations = 0;
};

// Prometheus text exposition format 0.0.4: HELP and TYPE lines, then samples.
std::string RenderPrometheus(const Metrics& metrics, const StoreCounters& store);

}  // namespace weerbaar::server
