// Scenario 2: K senders, each on its own connection and in its own group (so the numbers
// are about durable writes, not fan-out), each sending one message at a time and waiting
// for its SendAck, which the server sends only after the write is synced.
#include <unistd.h>

#include "bench/loadgen/scenarios.h"
#include "bench/loadgen/server_metrics.h"
#include "bench/loadgen/stats.h"
#include "bench/loadgen/wire.h"

namespace weerbaar::bench {
namespace {

// The store's group commits between two readings of /metrics.
void ReportCommits(const Result<StoreCounters>& before, const Result<StoreCounters>& after,
                   const std::string& prefix, Results& out) {
  if (!before.ok() || !after.ok()) return;
  const double commits = after->commits - before->commits;
  const double operations = after->operations - before->operations;
  out[prefix + ".commits"] = commits;
  out[prefix + ".operations"] = operations;
  if (commits > 0) out[prefix + ".ops_per_commit"] = operations / commits;
}

class DurableRun {
 public:
  DurableRun(const Target& target, const Fixture& fixture, size_t senders, const Settings& settings)
      : target_(target),
        fixture_(fixture),
        senders_(senders),
        settings_(settings),
        start_(scene_.NewSignal()) {}
  // Stops the coroutines while the members they use are still alive.
  ~DurableRun() { scene_.Shutdown(); }

  void Measure(const std::string& prefix, Results& out);

 private:
  asio::awaitable<void> Sender(size_t index);
  asio::awaitable<Status> SendOne(WsClient& ws, const BenchGroup& group, uint64_t request_id);

  const Target& target_;
  const Fixture& fixture_;
  const size_t senders_;
  const Settings& settings_;
  Scene scene_;
  Signal& start_;
  bool go_ = false;
  int64_t stop_ns_ = 0;
  size_t ready_ = 0, finished_ = 0, acks_ = 0, errors_ = 0;
  Samples latency_;
};

asio::awaitable<Status> DurableRun::SendOne(WsClient& ws, const BenchGroup& group,
                                            uint64_t request_id) {
  const std::string frame =
      SendGroupFrame(group.id, group.epoch,
                     StampedPayload(request_id, NowNanos(), settings_.payload_bytes), request_id);
  const int64_t begin = NowNanos();
  Status sent = co_await ws.Write(frame);
  if (!sent.ok()) co_return sent;
  for (;;) {
    Result<v1::ServerMessage> reply = co_await ReadMessage(ws);
    if (!reply.ok()) co_return reply.status();
    if (reply->request_id() != request_id) continue;
    if (!reply->has_send_ack()) co_return Unavailable("send refused");
    latency_.Add(NowNanos() - begin);
    co_return Status::Ok();
  }
}

asio::awaitable<void> DurableRun::Sender(size_t index) {
  const BenchGroup& group = fixture_.senders[index];
  WsClient& ws = scene_.NewClient();
  Result<v1::AuthResult> auth = co_await ConnectAuthenticated(ws, target_.server, group.members[0]);
  if (!auth.ok()) ++errors_;
  ++ready_;
  while (!go_ && !scene_.stopping()) co_await start_.Wait();
  for (uint64_t id = 2; auth.ok() && !scene_.stopping() && NowNanos() < stop_ns_; ++id) {
    if (!(co_await SendOne(ws, group, id)).ok()) {
      ++errors_;
      break;
    }
    ++acks_;
  }
  ++finished_;
}

void DurableRun::Measure(const std::string& prefix, Results& out) {
  for (size_t i = 0; i < senders_; ++i) scene_.Spawn(Sender(i));
  scene_.RunUntil([&] { return ready_ == senders_; }, Millis(30'000));
  Result<StoreCounters> store0 = ReadStoreCounters(target_.server);
  const double cpu0 = CpuOrNegative(target_.server_pid);
  const int64_t t0 = NowNanos();
  stop_ns_ = t0 + settings_.measure.count() * 1'000'000;
  go_ = true;
  start_.Notify();
  scene_.RunUntil([&] { return finished_ == senders_; }, settings_.measure + Millis(10'000));
  const double seconds = static_cast<double>(NowNanos() - t0) / 1e9;
  out[prefix + ".server_cpu_s"] = CpuOrNegative(target_.server_pid) - cpu0;
  scene_.Shutdown();
  out[prefix + ".acks"] = static_cast<double>(acks_);
  out[prefix + ".acks_per_s"] = static_cast<double>(acks_) / seconds;
  out[prefix + ".p50_ms"] = latency_.PercentileMs(50);
  out[prefix + ".p99_ms"] = latency_.PercentileMs(99);
  out[prefix + ".errors"] = static_cast<double>(errors_);
  ReportCommits(store0, ReadStoreCounters(target_.server), prefix, out);
}

}  // namespace

void RunDurable(const Target& target, const Fixture& fixture, const Settings& settings,
                Results& out) {
  for (size_t k : settings.sender_counts) {
    if (k == 0 || k > fixture.senders.size()) continue;
    DurableRun(target, fixture, k, settings).Measure("durable." + std::to_string(k), out);
  }
}

}  // namespace weerbaar::bench
