// Scenario 4: N idle authenticated connections, one per registered device. The server's
// VmRSS before and after, divided by N, is the memory an idle connection costs it
// (socket buffers the kernel holds are not in it). Every connection keeps a read pending
// so it answers the server's keep-alive pings, as a real client would.
#include <unistd.h>

#include "bench/loadgen/proc.h"
#include "bench/loadgen/scenarios.h"
#include "bench/loadgen/server_metrics.h"
#include "bench/loadgen/wire.h"

namespace weerbaar::bench {
namespace {

// Connections being opened at once: below the kernel's listen backlog (somaxconn 4096).
constexpr size_t kOpenWorkers = 128;
// How long every connection must stay open after the last one authenticated.
constexpr Millis kHold{3'000};

class IdleRun {
 public:
  IdleRun(const Target& target, const Fixture& fixture, size_t n)
      : target_(target), fixture_(fixture), n_(std::min(n, fixture.idle.size())) {}
  // Stops the coroutines while the members they use are still alive.
  ~IdleRun() { scene_.Shutdown(); }

  void Measure(Results& out);

 private:
  asio::awaitable<void> Opener();
  asio::awaitable<void> Hold(WsClient& ws);

  const Target& target_;
  const Fixture& fixture_;
  const size_t n_;
  Scene scene_;
  size_t next_ = 0, opened_ = 0, failed_ = 0, dropped_ = 0;
};

asio::awaitable<void> IdleRun::Opener() {
  while (!scene_.stopping() && next_ < n_) {
    const crypto::DeviceIdentity& device = fixture_.idle[next_++];
    WsClient& ws = scene_.NewClient();
    Result<v1::AuthResult> auth = co_await ConnectAuthenticated(ws, target_.server, device);
    if (!auth.ok()) {
      ++failed_;
      ws.Abort();
      continue;
    }
    ++opened_;
    scene_.Spawn(Hold(ws));
  }
}

asio::awaitable<void> IdleRun::Hold(WsClient& ws) {
  for (;;) {
    Result<std::string_view> frame = co_await ws.Read();
    if (frame.ok()) continue;  // nothing is sent to these devices; pings are answered inside
    if (!scene_.stopping()) ++dropped_;
    co_return;
  }
}

void IdleRun::Measure(Results& out) {
  Result<int64_t> rss0 = RssBytes(target_.server_pid);
  for (size_t i = 0; i < kOpenWorkers; ++i) scene_.Spawn(Opener());
  const int64_t t0 = NowNanos();
  scene_.RunUntil([&] { return opened_ + failed_ == n_; }, Millis(60'000 + 20 * n_));
  const double open_seconds = static_cast<double>(NowNanos() - t0) / 1e9;
  scene_.RunUntil([] { return false; }, kHold);
  Result<int64_t> rss1 = RssBytes(target_.server_pid);
  Result<std::string> metrics = HttpGet(target_.server, "/metrics");
  const size_t held = opened_ - dropped_;
  out["idle.asked"] = static_cast<double>(n_);
  out["idle.held"] = static_cast<double>(held);
  out["idle.failed"] = static_cast<double>(failed_ + dropped_);
  out["idle.open_seconds"] = open_seconds;
  if (metrics.ok())
    out["idle.server_connections"] = MetricValue(*metrics, "weerbaar_connections").value_or(-1);
  if (!rss0.ok() || !rss1.ok() || held == 0) return;
  out["idle.rss_before_mib"] = static_cast<double>(*rss0) / (1 << 20);
  out["idle.rss_after_mib"] = static_cast<double>(*rss1) / (1 << 20);
  out["idle.kib_per_conn"] = static_cast<double>(*rss1 - *rss0) / 1024.0 / held;
}

}  // namespace

void RunIdle(const Target& target, const Fixture& fixture, const Settings& settings, Results& out) {
  IdleRun(target, fixture, settings.idle_connections).Measure(out);
}

}  // namespace weerbaar::bench
