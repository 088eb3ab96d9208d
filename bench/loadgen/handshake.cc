// Scenario 3: authentication handshakes. Each worker repeats: connect, WebSocket upgrade,
// read the challenge, sign the transcript, send Authenticate, read AuthResult (the server
// looks the device up and verifies the Ed25519 signature), then close politely. The
// close is part of the loop's cost but not of the latency.
#include <unistd.h>

#include "bench/loadgen/scenarios.h"
#include "bench/loadgen/stats.h"
#include "bench/loadgen/wire.h"

namespace weerbaar::bench {
namespace {

std::vector<const crypto::DeviceIdentity*> AllDevices(const Fixture& fixture) {
  std::vector<const crypto::DeviceIdentity*> out;
  for (const crypto::DeviceIdentity& d : fixture.idle) out.push_back(&d);
  for (const BenchGroup& g : fixture.fanout)
    for (const crypto::DeviceIdentity& d : g.members) out.push_back(&d);
  return out;
}

class HandshakeRun {
 public:
  HandshakeRun(const Target& target, const Fixture& fixture, const Settings& settings)
      : target_(target), settings_(settings), devices_(AllDevices(fixture)) {}
  // Stops the coroutines while the members they use are still alive.
  ~HandshakeRun() { scene_.Shutdown(); }

  void Measure(Results& out);

 private:
  asio::awaitable<void> Worker(size_t slot, int64_t stop_ns);

  const Target& target_;
  const Settings& settings_;
  const std::vector<const crypto::DeviceIdentity*> devices_;
  Scene scene_;
  size_t next_device_ = 0, done_ = 0, errors_ = 0, workers_left_ = 0;
  Samples latency_;
};

asio::awaitable<void> HandshakeRun::Worker(size_t slot, int64_t stop_ns) {
  while (!scene_.stopping() && NowNanos() < stop_ns) {
    const crypto::DeviceIdentity& device = *devices_[next_device_++ % devices_.size()];
    WsClient& ws = scene_.ReplaceClient(slot);
    const int64_t begin = NowNanos();
    Result<v1::AuthResult> auth = co_await ConnectAuthenticated(ws, target_.server, device);
    if (auth.ok()) {
      latency_.Add(NowNanos() - begin);
      ++done_;
    } else {
      ++errors_;
    }
    co_await ws.Close();
  }
  --workers_left_;
}

void HandshakeRun::Measure(Results& out) {
  if (devices_.empty()) return;
  const double cpu0 = CpuOrNegative(target_.server_pid), self0 = CpuOrNegative(getpid());
  const int64_t t0 = NowNanos();
  workers_left_ = settings_.handshake_workers;
  for (size_t i = 0; i < settings_.handshake_workers; ++i)
    scene_.Spawn(Worker(i, t0 + settings_.measure.count() * 1'000'000));
  scene_.RunUntil([&] { return workers_left_ == 0; }, settings_.measure + Millis(15'000));
  const double seconds = static_cast<double>(NowNanos() - t0) / 1e9;
  const double cpu = CpuOrNegative(target_.server_pid) - cpu0;
  out["handshake.count"] = static_cast<double>(done_);
  out["handshake.per_s"] = static_cast<double>(done_) / seconds;
  out["handshake.p50_ms"] = latency_.PercentileMs(50);
  out["handshake.p99_ms"] = latency_.PercentileMs(99);
  out["handshake.server_cpu_s"] = cpu;
  out["handshake.loadgen_cpu_s"] = CpuOrNegative(getpid()) - self0;
  if (cpu > 0) out["handshake.per_cpu_s"] = static_cast<double>(done_) / cpu;
  out["handshake.errors"] = static_cast<double>(errors_);
}

}  // namespace

void RunHandshakes(const Target& target, const Fixture& fixture, const Settings& settings,
                   Results& out) {
  HandshakeRun(target, fixture, settings).Measure(out);
}

}  // namespace weerbaar::bench
