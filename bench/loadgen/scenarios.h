// The benchmark's scenarios (docs/performance.md explains each number).
//
// Each Run* function measures once and adds its numbers to a Results map under dotted
// keys, e.g. "fanout.100.wb.per_cpu_s"; report.cc turns them into the table. Every
// scenario is bounded in count and time, only connects to loopback, and reports trouble as
// numbers (".errors" keys) instead of ending the run. Timing uses the steady clock and
// CPU time comes from /proc, so the numbers are only as quiet as the machine.
#pragma once

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bench/loadgen/fixture.h"
#include "bench/loadgen/scene.h"

namespace weerbaar::bench {

struct Target {
  Endpoint server;
  pid_t server_pid = 0;
  std::optional<Endpoint> peer;  // the ws broadcast server (bench/peer/ws-peer.js)
  pid_t peer_pid = 0;
};

struct Settings {
  std::vector<size_t> fanout_sizes = {10, 100, 1000};  // receivers per fan-out group
  Millis measure{5'000};                               // how long one measurement may keep sending
  size_t fanout_deliveries = 200'000;  // deliveries per fan-out measurement, at most
  size_t window = 64;                  // fan-out messages not yet delivered to everyone
  size_t payload_bytes = 256;          // fake ciphertext per message
  std::vector<size_t> sender_counts = {1, 10, 100};
  size_t handshake_workers = 16;  // connections authenticating at once
  size_t idle_connections = 10'000;
  size_t backlog_messages = 10'000;
  std::string baseline_dir;  // for the one-sync-per-message RocksDB baseline
};

using Results = std::map<std::string, double>;

// 1. One sender, each fan-out group of the fixture; against the server and the peer.
void RunFanout(const Target& target, const Fixture& fixture, const Settings& settings,
               Results& out);
// 2. Durable sends with 1, 10, 100 concurrent senders, and the store's commit counters.
void RunDurable(const Target& target, const Fixture& fixture, const Settings& settings,
                Results& out);
// 2b. The same size of write, one synced RocksDB write per message, on the same disk.
// Meant to be called right before and right after RunDurable: it accumulates.
void RunWalBaseline(const Settings& settings, Results& out);
// 3. Connect + challenge + sign + verify, repeated by concurrent workers.
void RunHandshakes(const Target& target, const Fixture& fixture, const Settings& settings,
                   Results& out);
// 4. Server memory per idle authenticated connection, and whether all of them are held.
void RunIdle(const Target& target, const Fixture& fixture, const Settings& settings, Results& out);
// 5. A backlog of messages written while a device is away, then synced on reconnect.
void RunBacklog(const Target& target, const Fixture& fixture, const Settings& settings,
                Results& out);

// Server CPU seconds for `pid`, or a negative number when it cannot be read.
double CpuOrNegative(pid_t pid);

}  // namespace weerbaar::bench
