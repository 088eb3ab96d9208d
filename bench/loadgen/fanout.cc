// Scenario 1: one sender, N connected receivers. Closed loop: the sender keeps at most
// `window` messages that some receiver has not got yet, so neither server's send queues
// can overflow and both servers get exactly the same offered load.
#include "bench/loadgen/fanout.h"

#include <unistd.h>

#include <algorithm>
#include <thread>

#include "bench/loadgen/proc.h"
#include "bench/loadgen/scenarios.h"
#include "bench/loadgen/stats.h"
#include "bench/loadgen/wire.h"

namespace weerbaar::bench {
namespace {

constexpr size_t kJoinWorkers = 64;
constexpr Millis kDrainLimit{5'000};  // for the last messages after sending stopped

class FanoutRun {
 public:
  FanoutRun(FanoutTransport& transport, size_t receivers, const Settings& settings)
      : transport_(transport),
        receivers_(receivers),
        settings_(settings),
        got_(std::clamp<size_t>(settings.fanout_deliveries / receivers, 20, 1'000'000), 0),
        progress_(scene_.NewSignal()) {}
  // Stops the coroutines while the members they use are still alive.
  ~FanoutRun() { scene_.Shutdown(); }

  // Joins everybody, then sends; adds "<prefix>.*" numbers to `out`.
  void Measure(pid_t server_pid, const std::string& prefix, Results& out);

 private:
  struct Elapsed {
    double seconds, server_cpu, loadgen_cpu;
  };
  bool JoinAll(const std::string& prefix, Results& out);
  Elapsed Send(pid_t server_pid);
  void Report(const Elapsed& e, const std::string& prefix, Results& out);
  asio::awaitable<void> JoinWorker();
  asio::awaitable<void> ReceiveLoop(WsClient& ws);
  asio::awaitable<void> SenderReads(WsClient& ws);
  asio::awaitable<void> SendLoop(WsClient& ws, int64_t stop_ns);

  FanoutTransport& transport_;
  const size_t receivers_;
  const Settings& settings_;
  Scene scene_;
  std::vector<uint32_t> got_;  // deliveries per message
  Signal& progress_;
  WsClient* sender_ = nullptr;
  size_t next_join_ = 0, joined_ = 0, join_failures_ = 0;
  size_t sent_ = 0, completed_ = 0, deliveries_ = 0, errors_ = 0;
  bool sending_done_ = false;
  int64_t last_delivery_ns_ = 0;
  Samples latency_;
};

asio::awaitable<void> FanoutRun::JoinWorker() {
  while (!scene_.stopping() && next_join_ <= receivers_) {
    const size_t index = next_join_++;
    WsClient& ws = scene_.NewClient();
    Status st = co_await transport_.Join(ws, index);
    if (!st.ok()) {
      ++join_failures_;
      continue;
    }
    ++joined_;
    if (index == receivers_)
      sender_ = &ws;
    else
      scene_.Spawn(ReceiveLoop(ws));
  }
}

asio::awaitable<void> FanoutRun::ReceiveLoop(WsClient& ws) {
  for (;;) {
    Result<std::string_view> frame = co_await ws.Read();
    if (!frame.ok()) {
      if (!scene_.stopping()) ++errors_;  // e.g. closed with 1013 for a full send queue
      co_return;
    }
    std::optional<std::string> payload = transport_.Delivered(*frame);
    std::optional<Stamp> stamp = payload ? ReadStamp(*payload) : std::nullopt;
    if (!stamp || stamp->tag >= got_.size()) continue;
    last_delivery_ns_ = NowNanos();
    latency_.Add(last_delivery_ns_ - stamp->sent_ns);
    ++deliveries_;
    if (++got_[stamp->tag] == receivers_) {
      ++completed_;
      progress_.Notify();
    }
  }
}

asio::awaitable<void> FanoutRun::SenderReads(WsClient& ws) {
  for (;;) {
    Result<std::string_view> frame = co_await ws.Read();
    if (!frame.ok()) co_return;
    if (transport_.IsError(*frame)) ++errors_;
  }
}

asio::awaitable<void> FanoutRun::SendLoop(WsClient& ws, int64_t stop_ns) {
  uint64_t request_id = 100;
  while (!scene_.stopping() && sent_ < got_.size() && NowNanos() < stop_ns) {
    if (sent_ - completed_ >= settings_.window) {
      co_await progress_.Wait();
      continue;
    }
    const std::string frame =
        transport_.Frame(StampedPayload(sent_, NowNanos(), settings_.payload_bytes), ++request_id);
    if (!(co_await ws.Write(frame)).ok()) {
      ++errors_;
      break;
    }
    ++sent_;
  }
  sending_done_ = true;
}

bool FanoutRun::JoinAll(const std::string& prefix, Results& out) {
  for (size_t i = 0; i < kJoinWorkers; ++i) scene_.Spawn(JoinWorker());
  scene_.RunUntil([&] { return joined_ + join_failures_ == receivers_ + 1; },
                  Millis(30'000 + 20 * receivers_));
  out[prefix + ".joined"] = static_cast<double>(joined_);
  if (joined_ == receivers_ + 1 && sender_ != nullptr) return true;
  out[prefix + ".errors"] = static_cast<double>(receivers_ + 1 - joined_);
  return false;
}

FanoutRun::Elapsed FanoutRun::Send(pid_t server_pid) {
  scene_.Spawn(SenderReads(*sender_));
  const double cpu0 = CpuOrNegative(server_pid), self0 = CpuOrNegative(getpid());
  const int64_t t0 = NowNanos();
  scene_.Spawn(SendLoop(*sender_, t0 + settings_.measure.count() * 1'000'000));
  scene_.RunUntil([&] { return sending_done_ && completed_ == sent_; },
                  settings_.measure + kDrainLimit);
  const int64_t busy_ns = std::max(last_delivery_ns_ - t0, int64_t{1});
  return {static_cast<double>(busy_ns) / 1e9, CpuOrNegative(server_pid) - cpu0,
          CpuOrNegative(getpid()) - self0};
}

void FanoutRun::Report(const Elapsed& e, const std::string& prefix, Results& out) {
  const auto deliveries = static_cast<double>(deliveries_);
  out[prefix + ".messages"] = static_cast<double>(sent_);
  out[prefix + ".deliveries"] = deliveries;
  out[prefix + ".deliveries_per_s"] = deliveries / e.seconds;
  out[prefix + ".p50_ms"] = latency_.PercentileMs(50);
  out[prefix + ".p99_ms"] = latency_.PercentileMs(99);
  out[prefix + ".server_cpu_s"] = e.server_cpu;
  out[prefix + ".loadgen_cpu_s"] = e.loadgen_cpu;
  if (e.server_cpu > 0) out[prefix + ".per_cpu_s"] = deliveries / e.server_cpu;
  // Messages some receiver never got count as errors too.
  out[prefix + ".errors"] = static_cast<double>(errors_ + (sent_ - completed_));
}

void FanoutRun::Measure(pid_t server_pid, const std::string& prefix, Results& out) {
  if (JoinAll(prefix, out)) Report(Send(server_pid), prefix, out);
}

// Lets the server finish closing the last measurement's connections before the next.
void Settle() { std::this_thread::sleep_for(std::chrono::milliseconds(500)); }

}  // namespace

double CpuOrNegative(pid_t pid) {
  Result<double> cpu = CpuSeconds(pid);
  return cpu.ok() ? *cpu : -1e9;
}

void RunFanout(const Target& target, const Fixture& fixture, const Settings& settings,
               Results& out) {
  for (const BenchGroup& group : fixture.fanout) {
    const size_t n = group.members.size();
    const std::string prefix = "fanout." + std::to_string(n);
    {
      auto transport = WeerbaarFanout(target.server, fixture, group);
      FanoutRun(*transport, n, settings).Measure(target.server_pid, prefix + ".wb", out);
    }
    Settle();
    if (!target.peer) continue;
    {
      auto transport = PeerFanout(*target.peer, "room-" + std::to_string(n));
      FanoutRun(*transport, n, settings).Measure(target.peer_pid, prefix + ".ws", out);
    }
    Settle();
    const double wb = out[prefix + ".wb.per_cpu_s"], ws = out[prefix + ".ws.per_cpu_s"];
    if (wb > 0 && ws > 0) out[prefix + ".ratio"] = wb / ws;
  }
}

}  // namespace weerbaar::bench
