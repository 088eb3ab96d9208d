// Slow consumers against the real server: clients that never read while a producer floods
// their group. The server's memory stays under a fixed bound (its RSS, from /proc), every
// slow client is closed with 1013 (seen in weerbaar_send_queue_overflows_total and on the
// socket), and a client that reads keeps getting every message. The fast client's delivery
// latency is printed (p50/p99) for docs/reliability.md; it is not asserted.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <thread>

#include "common/bytes.h"
#include "crypto/primitives.h"
#include "protocol/codec.h"
#include "tests/harness.h"
#include "tests/raw_http.h"
#include "tests/wire_session.h"

namespace weerbaar::testing {
namespace {

constexpr int kSlowClients = 4;
constexpr int kMessages = 3000;
constexpr size_t kCiphertextBytes = 16 * 1024;  // 3000 x 16 KiB: a 47 MiB flood
constexpr int64_t kQueueBytes = 4 << 20;        // send_queue_max_bytes
// The store keeps the whole flood in its memtable (RocksDB's 64 MiB write buffer is not
// full yet), so the server legitimately grows by about the flood's size. On top of that,
// bounded queues add at most kQueueBytes: a push is one buffer shared by every queue, so
// the slow clients' queues overlap. Unbounded queues would hold the whole flood a second
// time (the negative control below sees that). The bound sits between the two.
constexpr int64_t kGrowthBoundKiB = 72 * 1024;

// Under ASan or TSan the server's RSS is the sanitizer's (shadow memory, quarantine), so the
// memory bound is only checked in plain builds; everything else is checked everywhere.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kMeasuresMemory = false;
#else
constexpr bool kMeasuresMemory = true;
#endif

// No rate limits in the way of the producer. The deadlines are long so that a slow client
// can still read its backlog and the close frame after the flood: without a read it would
// be cut off after handshake_timeout_ms (close) or idle_timeout_ms (silence).
std::string ConfigWithQueue(int64_t max_messages, int64_t max_bytes) {
  return "conn_messages_per_second = 1000000\nconn_message_burst = 1000000\n"
         "user_messages_per_second = 1000000\nuser_message_burst = 1000000\n"
         "handshake_timeout_ms = 120000\nidle_timeout_ms = 600000\n"
         "send_queue_max_messages = " +
         std::to_string(max_messages) + "\nsend_queue_max_bytes = " + std::to_string(max_bytes) +
         "\n";
}

int64_t RssKiB(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
  return -1;
}

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// The send time first (for the latency), then padding up to kCiphertextBytes.
std::string Stamped(int i) {
  std::string c;
  PutBigEndian64(c, static_cast<uint64_t>(NowNs()));
  c.resize(kCiphertextBytes, static_cast<char>('a' + i % 26));
  return c;
}

int64_t Percentile(std::vector<int64_t> v, double p) {
  if (v.empty()) return -1;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

uint64_t Metric(int port, const std::string& name) {
  std::string body = HttpBody(HttpGet(port, "/metrics"));
  size_t at = body.find("\n" + name + " ");
  return at == std::string::npos ? 0 : std::stoull(body.substr(at + name.size() + 2));
}

// What one flood did.
struct Flood {
  int64_t baseline_kib = 0, peak_kib = 0, millis = 0;
  uint64_t overflows = 0;
  std::vector<int64_t> latency_us;  // the fast client's, one per message it got
  std::vector<std::optional<uint16_t>> slow_closes;
};

class SlowConsumerTest : public ::testing::Test {
 protected:
  // Starts a server with these queue bounds and registers the devices in one group.
  void Start(int64_t queue_messages, int64_t queue_bytes);
  // Connects the slow, fast and producing clients, floods, and observes.
  Flood Run();

  // devices_[0] admin (and producer), [1] the fast reader, [2..] the slow clients.
  std::vector<crypto::DeviceIdentity> devices_ = [] {
    std::vector<crypto::DeviceIdentity> v;
    for (int i = 0; i < 2 + kSlowClients; ++i) v.push_back(crypto::DeviceIdentity::Generate());
    return v;
  }();
  TempDir tmp_;
  std::unique_ptr<ServerProcess> server_;
  std::string group_;
  uint64_t epoch_ = 0;
};

void SlowConsumerTest::Start(int64_t queue_messages, int64_t queue_bytes) {
  ASSERT_TRUE(crypto::Init().ok());
  std::string config = tmp_.Sub("weerbaar.toml");
  ASSERT_TRUE(WriteTextFile(config, ConfigWithQueue(queue_messages, queue_bytes)));
  server_ = std::make_unique<ServerProcess>(tmp_.Sub("data"),
                                            std::vector<std::string>{"--config", config});
  ASSERT_TRUE(server_->Start()) << server_->log();
  WireSession admin;
  ASSERT_TRUE(admin.Open(server_->port()).ok());
  ASSERT_TRUE(admin.Register(devices_[0], server_->admin_invite()).ok());
  auto community = admin.Call(CreateCommunityReq("Wijk"));
  ASSERT_TRUE(community.ok() && community->has_community_created());
  auto group = admin.Call(CreateGroupReq(community->community_created().community_id(), "G"));
  ASSERT_TRUE(group.ok() && group->has_group_created());
  group_ = group->group_created().group_id();
  for (size_t i = 1; i < devices_.size(); ++i) {
    auto invite = admin.Call(InviteReq(v1::INVITE_GROUP, v1::ROLE_UNSPECIFIED, group_));
    ASSERT_TRUE(invite.ok() && invite->has_invite_created());
    WireSession s;
    ASSERT_TRUE(s.Open(server_->port()).ok());
    ASSERT_TRUE(s.Register(devices_[i], invite->invite_created().token()).ok());
  }
  auto info = admin.Call(GetGroupReq(group_));
  ASSERT_TRUE(info.ok() && info->has_group_info());
  epoch_ = info->group_info().epoch();
}

Flood SlowConsumerTest::Run() {
  Flood f;
  std::vector<WireSession> slow(kSlowClients);
  for (int i = 0; i < kSlowClients; ++i) {
    RawWsOptions options;
    options.receive_buffer = 4096;  // fills at once: the server's queue takes the rest
    EXPECT_TRUE(slow[i].Open(server_->port(), options).ok());
    EXPECT_TRUE(slow[i].Authenticate(devices_[2 + i]).ok());
  }
  WireSession fast, producer;
  EXPECT_TRUE(fast.Open(server_->port()).ok() && fast.Authenticate(devices_[1]).ok());
  EXPECT_TRUE(producer.Open(server_->port()).ok() && producer.Authenticate(devices_[0]).ok());
  std::thread reader([&] {
    while (static_cast<int>(f.latency_us.size()) < kMessages) {
      auto msg = fast.ws.ReadMessage();
      if (!msg.ok()) return;
      if (!msg->has_push_group()) continue;
      int64_t sent = static_cast<int64_t>(GetBigEndian64(msg->push_group().ciphertext().data()));
      f.latency_us.push_back((NowNs() - sent) / 1000);
    }
  });
  f.baseline_kib = f.peak_kib = RssKiB(server_->pid());
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kMessages; ++i) {
    auto ack =
        producer.Call(SendGroupReq(group_, epoch_, ToString(crypto::RandomBytes(16)), Stamped(i)));
    EXPECT_TRUE(ack.ok() && ack->has_send_ack()) << i;
    if (i % 25 == 0) f.peak_kib = std::max(f.peak_kib, RssKiB(server_->pid()));
  }
  f.millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::steady_clock::now() - start)
                 .count();
  reader.join();
  f.peak_kib = std::max(f.peak_kib, RssKiB(server_->pid()));
  f.overflows = Metric(server_->port(), "weerbaar_send_queue_overflows_total");
  if (f.overflows > 0)
    for (WireSession& s : slow) f.slow_closes.push_back(s.ws.WaitClose(kWait * 4));
  return f;
}

TEST_F(SlowConsumerTest, ClientsThatNeverReadAreClosedAndCannotGrowServerMemory) {
  ASSERT_NO_FATAL_FAILURE(Start(256, kQueueBytes));
  Flood f = Run();
  EXPECT_EQ(static_cast<int>(f.latency_us.size()), kMessages) << "the fast client fell behind";
  EXPECT_EQ(f.overflows, static_cast<uint64_t>(kSlowClients));
  for (const auto& close : f.slow_closes) EXPECT_EQ(close, 1013);
  if (kMeasuresMemory) {
    EXPECT_LT(f.peak_kib - f.baseline_kib, kGrowthBoundKiB)
        << "server RSS grew from " << f.baseline_kib << " KiB to " << f.peak_kib << " KiB";
  }
  EXPECT_TRUE(Healthy(server_->port()));
  std::cout << "slow consumer: " << kSlowClients << " slow clients, " << kMessages << " x "
            << kCiphertextBytes << " B in " << f.millis << " ms; server RSS "
            << f.baseline_kib / 1024 << " MiB -> peak " << f.peak_kib / 1024 << " MiB (bound +"
            << kGrowthBoundKiB / 1024 << " MiB); fast client p50 " << Percentile(f.latency_us, 0.50)
            << " us, p99 " << Percentile(f.latency_us, 0.99) << " us, max "
            << Percentile(f.latency_us, 1.0) << " us" << std::endl;
}

// A negative control: with queues effectively unbounded, the same flood must break the
// memory bound, or the measurement above proves nothing.
TEST_F(SlowConsumerTest, TheMemoryCheckSeesUnboundedQueues) {
  if (!kMeasuresMemory) GTEST_SKIP() << "RSS is the sanitizer's in this build";
  ASSERT_NO_FATAL_FAILURE(Start(1 << 20, int64_t{1} << 32));
  Flood f = Run();
  EXPECT_EQ(f.overflows, 0u);
  EXPECT_GT(f.peak_kib - f.baseline_kib, kGrowthBoundKiB)
      << "server RSS grew from " << f.baseline_kib << " KiB to " << f.peak_kib << " KiB";
  std::cout << "slow consumer, unbounded queues: server RSS " << f.baseline_kib / 1024
            << " MiB -> peak " << f.peak_kib / 1024 << " MiB" << std::endl;
}

}  // namespace
}  // namespace weerbaar::testing
