// Durability and idempotency against the real server binary: acknowledged messages
// survive SIGKILL; a retried send is stored once.
#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <set>
#include <thread>

#include "clients/auth_request.h"
#include "clients/client.h"
#include "clients/connection.h"
#include "crypto/primitives.h"
#include "protocol/codec.h"
#include "tests/harness.h"

namespace weerbaar::testing {
namespace {

using client::Client;
using client::Profile;

class DurabilityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Init().ok());
    server_ = std::make_unique<ServerProcess>(tmp_.Sub("data"));
    ASSERT_TRUE(server_->Start()) << server_->log();
    Cli admin(tmp_.Sub("admin")), leader(Dir("leader"));
    Run(admin, {"join", "--server", server_->url(), "--invite", server_->admin_invite()});
    std::string community =
        JsonField(Run(admin, {"--json", "community", "create", "Wijk"}), "community_id");
    std::string invite = JsonField(Run(admin, {"--json", "invite", "create", "--kind", "community",
                                               "--community", community, "--role", "leader"}),
                                   "token");
    Run(leader, {"join", "--server", server_->url(), "--invite", invite, "--name", "Lotte"});
    group_hex_ = JsonField(
        Run(leader, {"--json", "group", "create", "--community", community, "Straat"}), "group_id");
    for (const char* name : {"anna", "bram"}) {
      std::string inv = JsonField(
          Run(leader, {"--json", "invite", "create", "--kind", "group", "--group", group_hex_}),
          "token");
      Run(Cli(Dir(name)), {"join", "--server", server_->url(), "--invite", inv, "--name", name});
    }
    group_ = *HexDecode(group_hex_);
  }

  std::string Dir(const std::string& name) { return tmp_.Sub("profile-" + name); }

  std::string Run(const Cli& cli, std::vector<std::string> args) {
    auto r = cli.Run(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }

  Client Open(const std::string& name) {
    auto profile = Profile::Open(Dir(name));
    EXPECT_TRUE(profile.ok());
    auto c = Client::Open(std::move(*profile));
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return std::move(*c);
  }

  TempDir tmp_;
  std::unique_ptr<ServerProcess> server_;
  std::string group_hex_;
  Bytes group_;
};

TEST_F(DurabilityTest, EveryAcknowledgedMessageSurvivesSigkillUnderLoad) {
  struct Sender {
    explicit Sender(std::string n) : name(std::move(n)) {}
    std::string name;
    std::atomic<int> acked{0};
    std::set<std::string> acked_texts;
  };
  Sender senders[2] = {Sender("leader"), Sender("anna")};
  // Counted down by each sender once it has 25 acknowledged messages (or has stopped).
  std::latch loaded(2);
  std::vector<std::thread> threads;
  for (auto& s : senders) {
    threads.emplace_back([&, sp = &s] {
      bool counted = false;
      Client c = Open(sp->name);
      const bool connected = c.Connect().ok();
      for (int i = 0; connected && i < 5000; ++i) {
        std::string text = sp->name + "-" + std::to_string(i);
        if (!c.SendText(group_, text).ok()) break;  // the server was killed
        sp->acked_texts.insert(text);
        if (sp->acked.fetch_add(1) + 1 == 25) {
          loaded.count_down();
          counted = true;
        }
      }
      if (!counted) loaded.count_down();
    });
  }
  // Kill while both are sending.
  loaded.wait();
  server_->Kill();
  for (auto& t : threads) t.join();
  ASSERT_GE(senders[0].acked.load(), 25);
  ASSERT_GE(senders[1].acked.load(), 25);

  ASSERT_TRUE(server_->Start()) << server_->log();
  Client bram = Open("bram");
  ASSERT_TRUE(bram.ConnectTo(server_->url()).ok());
  std::multiset<std::string> seen;
  for (int round = 0; round < 100; ++round) {
    auto got = bram.Sync(group_);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    if (got->empty()) break;
    for (const auto& e : *got) {
      EXPECT_TRUE(e.decrypted()) << e.text();
      seen.insert(e.text());
    }
  }
  for (const auto& s : senders)
    for (const auto& text : s.acked_texts) EXPECT_EQ(seen.count(text), 1u) << text;
  // Nothing invented: every stored message is one a sender attempted.
  for (const auto& text : seen)
    EXPECT_TRUE(text.rfind("leader-", 0) == 0 || text.rfind("anna-", 0) == 0) << text;
}

// Authenticates a raw connection with a profile's device key.
client::Connection RawConnection(const std::string& profile_dir, const std::string& url) {
  client::Connection conn;
  EXPECT_TRUE(conn.Connect(url, client::Timeout(10'000)).ok());
  auto profile = Profile::Open(profile_dir);
  auto identity = profile->LoadIdentity();
  EXPECT_TRUE(identity.ok());
  v1::ClientMessage auth = client::MakeAuthenticate(conn.challenge(), *identity);
  auto reply = conn.Call(auth, client::Timeout(10'000));
  EXPECT_TRUE(reply.ok() && reply->has_auth_result());
  return conn;
}

TEST_F(DurabilityTest, ASendRetriedWithTheSameIdIsStoredOnce) {
  client::Connection conn = RawConnection(Dir("anna"), server_->url());
  v1::ClientMessage get;
  get.mutable_get_group()->set_group_id(ToString(group_));
  auto info = conn.Call(get, client::Timeout(10'000));
  ASSERT_TRUE(info.ok() && info->has_group_info());

  v1::ClientMessage send;
  auto* s = send.mutable_send_group();
  s->set_group_id(ToString(group_));
  s->set_epoch(info->group_info().epoch());
  s->set_client_msg_id(std::string(16, 'r'));
  s->set_ciphertext("opaque-retry");
  auto first = conn.Call(send, client::Timeout(10'000));
  auto second = conn.Call(send, client::Timeout(10'000));
  ASSERT_TRUE(first.ok() && first->has_send_ack());
  ASSERT_TRUE(second.ok() && second->has_send_ack());
  EXPECT_FALSE(first->send_ack().duplicate());
  EXPECT_TRUE(second->send_ack().duplicate());
  EXPECT_EQ(first->send_ack().seq(), second->send_ack().seq());

  // After a restart the retry is still recognised.
  server_->Kill();
  ASSERT_TRUE(server_->Start());
  client::Connection again = RawConnection(Dir("anna"), server_->url());
  auto third = again.Call(send, client::Timeout(10'000));
  ASSERT_TRUE(third.ok() && third->has_send_ack());
  EXPECT_TRUE(third->send_ack().duplicate());
  EXPECT_EQ(third->send_ack().seq(), first->send_ack().seq());

  v1::ClientMessage sync;
  sync.mutable_sync_group()->set_group_id(ToString(group_));
  auto msgs = again.Call(sync, client::Timeout(10'000));
  ASSERT_TRUE(msgs.ok() && msgs->has_group_messages());
  int copies = 0;
  for (const auto& m : msgs->group_messages().messages())
    copies += m.client_msg_id() == std::string(16, 'r');
  EXPECT_EQ(copies, 1);
}

}  // namespace
}  // namespace weerbaar::testing
