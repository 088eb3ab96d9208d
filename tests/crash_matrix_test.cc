// The crash matrix: clients send under load while the real server is SIGKILLed at random
// moments and restarted on the same data folder (a new port each time). After every cycle:
// every acknowledged message is stored exactly once, at its acknowledged seq; nothing was
// invented; sequence numbers have no gaps; and the one send per client that was in flight
// at the kill, retried with the same client_msg_id after the restart, is stored at most once.
//
// 20 cycles in the normal run. The long run is the same binary:
//   WEERBAAR_CRASH_CYCLES=200 build/tests/crash_matrix_test --gtest_filter='CrashMatrix*'
// WEERBAAR_CRASH_SEED=<n> replays a run (the seed is printed). Nothing sleeps: the kill
// waits on a condition variable for a random number of acknowledgements.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <cstdlib>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "clients/client.h"
#include "common/bytes.h"
#include "crypto/primitives.h"
#include "tests/harness.h"
#include "tests/wire_session.h"

namespace weerbaar::testing {
namespace {

constexpr int kWireSenders = 3;

uint64_t EnvNumber(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::strtoull(v, nullptr, 10) : fallback;
}

// Acknowledgements of the current cycle; the main thread kills once enough arrived.
struct AckCounter {
  std::mutex mu;
  std::condition_variable cv;
  int acks = 0;
  int stopped = 0;  // sender threads that ended this cycle

  void Ack() {
    std::lock_guard<std::mutex> lock(mu);
    ++acks;
    cv.notify_all();
  }
  void Stopped() {
    std::lock_guard<std::mutex> lock(mu);
    ++stopped;
    cv.notify_all();
  }
  // Waits for `target` acks, or until every sender stopped; false on the guard timeout.
  bool Wait(int target, int senders) {
    std::unique_lock<std::mutex> lock(mu);
    return cv.wait_for(lock, std::chrono::seconds(60),
                       [&] { return acks >= target || stopped == senders; });
  }
  void Reset() {
    std::lock_guard<std::mutex> lock(mu);
    acks = stopped = 0;
  }
};

// A device that sends opaque messages with its own client_msg_ids over a raw connection.
// Only its own thread touches it during a cycle; the main thread reads it between cycles.
struct WireSender {
  explicit WireSender(int i) : index(i), device(crypto::DeviceIdentity::Generate()) {}
  int index;
  crypto::DeviceIdentity device;
  uint64_t next = 0;
  std::map<std::string, std::string> attempted;  // client_msg_id -> ciphertext
  std::map<std::string, uint64_t> acked;         // client_msg_id -> seq
  std::optional<std::string> pending;            // sent, not acknowledged
  uint64_t duplicates = 0;                       // retries the server recognised

  std::string NewId() {
    std::string id(16, '\0');
    id[0] = static_cast<char>(index);
    uint64_t n = ++next;
    for (int b = 0; b < 8; ++b) id[8 + b] = static_cast<char>(n >> (56 - 8 * b));
    return id;
  }

  // Returns false once the server is gone.
  bool Send(WireSession& s, const std::string& group, uint64_t epoch, const std::string& id,
            AckCounter& counter) {
    pending = id;
    auto reply = s.Call(SendGroupReq(group, epoch, id, attempted.at(id)));
    if (!reply.ok() || !reply->has_send_ack()) return false;
    auto [it, fresh] = acked.emplace(id, reply->send_ack().seq());
    EXPECT_TRUE(fresh || it->second == reply->send_ack().seq()) << "an id got two seqs";
    duplicates += reply->send_ack().duplicate();
    pending.reset();
    counter.Ack();
    return true;
  }

  void RunCycle(int port, const std::string& group, uint64_t epoch, AckCounter& counter) {
    WireSession s;
    bool up = s.Open(port).ok() && s.Authenticate(device).ok();
    // The send that was in flight at the last kill, retried with the same id first.
    if (up && pending) up = Send(s, group, epoch, *pending, counter);
    while (up) {
      std::string id = NewId();
      attempted[id] = "opaque-" + std::to_string(index) + "-" + std::to_string(next) + "-" +
                      std::string(200 + next % 400, 'c');
      up = Send(s, group, epoch, id, counter);
    }
    counter.Stopped();
  }
};

class CrashMatrixTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Init().ok());
    std::string config = tmp_.Sub("weerbaar.toml");
    ASSERT_TRUE(
        WriteTextFile(config,
                      "conn_messages_per_second = 1000000\nconn_message_burst = 1000000\n"
                      "user_messages_per_second = 1000000\nuser_message_burst = 1000000\n"));
    server_ = std::make_unique<ServerProcess>(tmp_.Sub("data"),
                                              std::vector<std::string>{"--config", config});
    ASSERT_TRUE(server_->Start()) << server_->log();
    ASSERT_NO_FATAL_FAILURE(Populate());
  }

  void Populate();
  client::Client OpenClient(const std::string& name);
  // Every acknowledged message exactly once at its seq, nothing invented, no gaps.
  void VerifyStore();
  // The reader decrypts anna's messages: each acknowledged text exactly once.
  void VerifyDecrypted(client::Client& reader);
  // `url` is taken before the thread starts: the main thread changes the port on restart.
  void AnnaCycle(client::Client& anna, const std::string& url, AckCounter& counter);

  TempDir tmp_;
  std::unique_ptr<ServerProcess> server_;
  crypto::DeviceIdentity verifier_ = crypto::DeviceIdentity::Generate();
  std::vector<std::unique_ptr<WireSender>> senders_;
  std::string group_;
  uint64_t epoch_ = 0;
  std::set<std::string> anna_attempted_, anna_acked_;
  std::multiset<std::string> read_texts_;
  uint64_t checked_messages_ = 0;
};

std::string Token(const Result<v1::ServerMessage>& r) {
  EXPECT_TRUE(r.ok() && r->has_invite_created()) << (r.ok() ? r->DebugString() : "");
  return r.ok() ? r->invite_created().token() : "";
}

void CrashMatrixTest::Populate() {
  WireSession s;
  ASSERT_TRUE(s.Open(server_->port()).ok());
  // The verifier is the admin and the group's creator, so it may read the group.
  ASSERT_TRUE(s.Register(verifier_, server_->admin_invite(), "Verifier").ok());
  auto community = s.Call(CreateCommunityReq("Wijk"));
  ASSERT_TRUE(community.ok() && community->has_community_created());
  std::string cid = community->community_created().community_id();
  auto group = s.Call(CreateGroupReq(cid, "Straat"));
  ASSERT_TRUE(group.ok() && group->has_group_created());
  group_ = group->group_created().group_id();
  for (int i = 0; i < kWireSenders; ++i) {
    senders_.push_back(std::make_unique<WireSender>(i + 1));
    WireSession j;
    ASSERT_TRUE(j.Open(server_->port()).ok());
    auto invite = Token(s.Call(InviteReq(v1::INVITE_GROUP, v1::ROLE_UNSPECIFIED, group_)));
    ASSERT_TRUE(j.Register(senders_.back()->device, invite).ok());
  }
  for (const char* name : {"anna", "bram"}) {
    auto profile = client::Profile::Open(tmp_.Sub(name));
    ASSERT_TRUE(profile.ok());
    auto c = client::Client::Open(std::move(*profile));
    ASSERT_TRUE(c.ok());
    auto invite = Token(s.Call(InviteReq(v1::INVITE_GROUP, v1::ROLE_UNSPECIFIED, group_)));
    Status joined = c->Join(server_->url(), invite, name);
    ASSERT_TRUE(joined.ok()) << joined.ToString();
  }
  auto info = s.Call(GetGroupReq(group_));
  ASSERT_TRUE(info.ok() && info->has_group_info());
  epoch_ = info->group_info().epoch();
}

client::Client CrashMatrixTest::OpenClient(const std::string& name) {
  auto c = client::Client::Open(std::move(client::Profile::Open(tmp_.Sub(name))).value());
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return std::move(c).value();
}

void CrashMatrixTest::AnnaCycle(client::Client& anna, const std::string& url, AckCounter& counter) {
  anna.Close();
  bool up = anna.ConnectTo(url).ok();
  while (up) {
    std::string text = "anna-" + std::to_string(anna_attempted_.size());
    anna_attempted_.insert(text);
    up = anna.SendText(AsBytes(group_), text).ok();
    if (up) {
      anna_acked_.insert(text);
      counter.Ack();
    }
  }
  counter.Stopped();
}

void CrashMatrixTest::VerifyStore() {
  WireSession s;
  ASSERT_TRUE(s.Open(server_->port()).ok());
  ASSERT_TRUE(s.Authenticate(verifier_).ok());
  std::map<std::string, uint64_t> stored;  // (sender device ‖ client_msg_id) -> seq
  uint64_t after = 0;
  for (bool more = true; more;) {
    auto page = s.Call(SyncGroupReq(group_, after, 500));
    ASSERT_TRUE(page.ok() && page->has_group_messages()) << (page.ok() ? page->DebugString() : "");
    for (const v1::GroupMessage& m : page->group_messages().messages()) {
      ASSERT_EQ(m.seq(), after + 1) << "a gap in the sequence";
      after = m.seq();
      bool fresh = stored.emplace(m.sender_device() + m.client_msg_id(), m.seq()).second;
      EXPECT_TRUE(fresh) << "stored twice: seq " << m.seq();
      for (const auto& w : senders_) {
        if (m.sender_device() != ToString(w->device.device_id())) continue;
        auto it = w->attempted.find(m.client_msg_id());
        EXPECT_TRUE(it != w->attempted.end() && it->second == m.ciphertext())
            << "invented message at seq " << m.seq();
      }
    }
    more = page->group_messages().more();
  }
  for (const auto& w : senders_)
    for (const auto& [id, seq] : w->acked) {
      auto it = stored.find(ToString(w->device.device_id()) + id);
      EXPECT_TRUE(it != stored.end() && it->second == seq)
          << "acknowledged message lost or moved: sender " << w->index << " seq " << seq;
    }
  checked_messages_ = after;
}

void CrashMatrixTest::VerifyDecrypted(client::Client& reader) {
  reader.Close();
  ASSERT_TRUE(reader.ConnectTo(server_->url()).ok());
  auto got = reader.Sync(AsBytes(group_));
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  for (const auto& entry : *got)
    if (entry.decrypted()) read_texts_.insert(entry.text());
  for (const std::string& text : read_texts_)
    EXPECT_TRUE(anna_attempted_.count(text)) << "invented text: " << text;
  for (const std::string& text : anna_acked_)
    EXPECT_EQ(read_texts_.count(text), 1u) << "acknowledged text lost or doubled: " << text;
}

TEST_F(CrashMatrixTest, AcknowledgedMessagesSurviveEveryKillExactlyOnce) {
  const uint64_t cycles = EnvNumber("WEERBAAR_CRASH_CYCLES", 20);
  const uint64_t seed = EnvNumber("WEERBAAR_CRASH_SEED", std::random_device{}());
  std::cout << "crash matrix: " << cycles << " cycles, WEERBAAR_CRASH_SEED=" << seed << std::endl;
  std::mt19937_64 rng(seed);
  client::Client anna = OpenClient("anna"), bram = OpenClient("bram");
  AckCounter counter;
  uint64_t kills = 0, retried = 0;
  for (uint64_t cycle = 0; cycle < cycles && !HasFailure(); ++cycle) {
    SCOPED_TRACE("cycle " + std::to_string(cycle) + ", seed " + std::to_string(seed));
    if (cycle > 0) {
      ASSERT_TRUE(server_->Start()) << server_->log();
    }
    for (const auto& w : senders_) retried += w->pending.has_value();
    counter.Reset();
    const int target = std::uniform_int_distribution<int>(1, 60)(rng);
    std::vector<std::thread> threads;
    for (const auto& w : senders_)
      threads.emplace_back(
          [&, w = w.get(), port = server_->port()] { w->RunCycle(port, group_, epoch_, counter); });
    threads.emplace_back([&, url = server_->url()] { AnnaCycle(anna, url, counter); });
    EXPECT_TRUE(counter.Wait(target, kWireSenders + 1)) << "no progress";
    server_->Kill();
    ++kills;
    for (auto& t : threads) t.join();
    ASSERT_TRUE(server_->Start()) << server_->log();
    ASSERT_NO_FATAL_FAILURE(VerifyStore());
    ASSERT_NO_FATAL_FAILURE(VerifyDecrypted(bram));
    bram.Close();
    server_->Kill();
  }
  size_t acked = anna_acked_.size(), duplicates = 0;
  for (const auto& w : senders_) {
    acked += w->acked.size();
    duplicates += w->duplicates;
  }
  std::cout << "crash matrix: " << kills << " kills, " << acked << " acknowledged, "
            << checked_messages_ << " stored, " << retried << " in-flight sends retried ("
            << duplicates << " recognised as stored before the kill), seed " << seed << std::endl;
}

// A negative control: the checks above must notice a lost and an invented message.
TEST_F(CrashMatrixTest, TheChecksSeeALostAndAnInventedMessage) {
  WireSender& w = *senders_.front();
  WireSession s;
  ASSERT_TRUE(s.Open(server_->port()).ok());
  ASSERT_TRUE(s.Authenticate(w.device).ok());
  // Stored but never recorded as attempted: invented, as far as the check knows.
  auto sent = s.Call(SendGroupReq(group_, epoch_, w.NewId(), "not-in-the-books"));
  ASSERT_TRUE(sent.ok() && sent->has_send_ack());
  // Recorded as acknowledged but never sent: lost.
  w.acked[w.NewId()] = 999;
  ::testing::TestPartResultArray failures;
  {
    ::testing::ScopedFakeTestPartResultReporter intercept(
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &failures);
    VerifyStore();
  }
  std::string all;
  for (int i = 0; i < failures.size(); ++i) all += failures.GetTestPartResult(i).message();
  EXPECT_NE(all.find("invented message"), std::string::npos) << all;
  EXPECT_NE(all.find("acknowledged message lost"), std::string::npos) << all;
}

}  // namespace
}  // namespace weerbaar::testing
