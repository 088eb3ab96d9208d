// Reads the server's Prometheus endpoint (GET /metrics) for the counters the benchmark
// reports. Blocking, bounded by a 10 s timeout; loopback only (see ParseEndpoint).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "bench/loadgen/ws_client.h"
#include "common/status.h"

namespace weerbaar::bench {

// The body of GET `target` on `server`. kUnavailable on any failure or a non-200 answer.
Result<std::string> HttpGet(const Endpoint& server, std::string_view target);

// The value of the sample named exactly `name` (no labels) in Prometheus text.
std::optional<double> MetricValue(std::string_view text, std::string_view name);

struct StoreCounters {
  double commits = 0;     // weerbaar_store_commits_total
  double operations = 0;  // weerbaar_store_operations_total
};
Result<StoreCounters> ReadStoreCounters(const Endpoint& server);

}  // namespace weerbaar::bench
