// The README's flow, end to end: the real server binary and the real `weerbaar` CLI.
#include <gtest/gtest.h>

#include <future>
#include <regex>

#include "tests/harness.h"

namespace weerbaar::testing {
namespace {

constexpr char kCanary[] = "canary-7f3a9c-plaintext-must-never-reach-the-server";

class ChatFlowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(tmp_.Sub("data"));
    ASSERT_FALSE(server_->admin_invite().empty()) << "init printed no admin invite";
    ASSERT_TRUE(server_->Start()) << server_->log();
  }
  void TearDown() override {
    if (HasFailure() && server_) std::cerr << "server log:\n" << server_->log();
  }

  Cli User(const std::string& name) { return Cli(tmp_.Sub("profile-" + name)); }

  // Runs a CLI command that must succeed; returns its stdout.
  std::string Ok(const Cli& cli, std::vector<std::string> args) {
    auto r = cli.Run(args);
    EXPECT_EQ(r.exit_code, 0) << "weerbaar " << args[0] << " failed: " << r.err;
    return r.out;
  }

  std::string Invite(const Cli& issuer, std::vector<std::string> args) {
    args.insert(args.begin(), {"--json", "invite", "create"});
    std::string token = JsonField(Ok(issuer, args), "token");
    EXPECT_FALSE(token.empty());
    return token;
  }

  std::string Join(const Cli& cli, const std::string& invite, const std::string& name) {
    return Ok(cli,
              {"--json", "join", "--server", server_->url(), "--invite", invite, "--name", name});
  }

  TempDir tmp_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(ChatFlowTest, ResidentsChatEndToEndThroughTheWholeLifecycle) {
  // 2. The admin joins with the printed invite, creates a community, invites a leader.
  Cli admin = User("admin"), leader = User("leader"), anna = User("anna"), bram = User("bram");
  EXPECT_NE(JsonField(Join(admin, server_->admin_invite(), "Admin"), "user_id"), "");
  std::string community =
      JsonField(Ok(admin, {"--json", "community", "create", "--area", "u173z", "Oosterpark"}),
                "community_id");
  ASSERT_EQ(community.size(), 32u);
  std::string leader_invite =
      Invite(admin, {"--kind", "community", "--community", community, "--role", "leader"});

  // An invite is single use: a second join with the admin invite fails with one line.
  auto reuse = User("intruder")
                   .Run({"join", "--server", server_->url(), "--invite", server_->admin_invite(),
                         "--name", "X"});
  EXPECT_NE(reuse.exit_code, 0);
  EXPECT_EQ(std::count(reuse.err.begin(), reuse.err.end(), '\n'), 1) << reuse.err;

  // 3. The leader joins, moves the community's area, creates a group, invites two residents.
  Join(leader, leader_invite, "Lotte");
  EXPECT_NE(Ok(leader, {"community", "list"}).find("Oosterpark  (area u173z)"), std::string::npos);
  Ok(leader, {"community", "area", "Oosterpark", "u173zq"});
  EXPECT_NE(leader.Run({"community", "area", "Oosterpark", "u173zqxy"}).exit_code, 0);
  std::string group =
      JsonField(Ok(leader, {"--json", "group", "create", "--community", community, "Dapperbuurt"}),
                "group_id");
  ASSERT_EQ(group.size(), 32u);
  std::string inv_anna = Invite(leader, {"--kind", "group", "--group", group});
  std::string inv_bram = Invite(leader, {"--kind", "group", "--group", group});

  // 4. Residents join, send and read decrypted; an offline resident catches up.
  std::string anna_user = JsonField(Join(anna, inv_anna, "Anna"), "user_id");
  Join(bram, inv_bram, "Bram");
  EXPECT_EQ(JsonField(Ok(bram, {"--json", "community", "list"}), "area"), "u173zq");
  Ok(anna, {"send", group, std::string("Hallo buren! ") + kCanary});
  Ok(leader, {"send", group, "Welkom Anna"});
  std::string bram_read = Ok(bram, {"read", group});  // Bram was offline until now
  EXPECT_NE(bram_read.find(kCanary), std::string::npos) << bram_read;
  EXPECT_NE(bram_read.find("Welkom Anna"), std::string::npos) << bram_read;
  EXPECT_NE(Ok(anna, {"read", group}).find("Welkom Anna"), std::string::npos);

  // `listen` prints a message as it arrives.
  auto listening = std::async(std::launch::async, [&] {
    return bram.Run({"listen", "--count", "1", "--timeout", "30"});
  });
  // Sends until the listener has printed (it may connect after the first send).
  for (int i = 0;
       i < 50 && listening.wait_for(std::chrono::milliseconds(0)) != std::future_status::ready;
       ++i) {
    Ok(anna, {"send", group, "live " + std::to_string(i)});
    listening.wait_for(std::chrono::milliseconds(200));
  }
  auto heard = listening.get();
  EXPECT_EQ(heard.exit_code, 0) << heard.err;
  EXPECT_NE(heard.out.find("live "), std::string::npos) << heard.out;

  // 5. Anna links a laptop; both devices send and receive.
  Cli laptop = User("anna-laptop");
  std::string link = JsonField(Ok(anna, {"--json", "device", "link"}), "token");
  std::string laptop_join = Join(laptop, link, "Anna");
  EXPECT_EQ(JsonField(laptop_join, "user_id"), anna_user);
  Ok(leader, {"send", group, "na het koppelen"});
  EXPECT_NE(Ok(laptop, {"read", group}).find("na het koppelen"), std::string::npos);
  EXPECT_NE(Ok(anna, {"read", group}).find("na het koppelen"), std::string::npos);
  Ok(laptop, {"send", group, "vanaf de laptop"});
  EXPECT_NE(Ok(bram, {"read", group}).find("vanaf de laptop"), std::string::npos);
  EXPECT_NE(Ok(anna, {"read", group}).find("vanaf de laptop"), std::string::npos);

  // 6. The leader removes Anna: she can neither send nor read new messages, and what she
  // already had stays hers.
  std::string epoch_before = Ok(leader, {"--json", "group", "info", group});
  Ok(leader, {"group", "remove", group, anna_user});
  std::string info = Ok(leader, {"--json", "group", "info", group});
  EXPECT_EQ(info.find(anna_user), std::string::npos) << info;
  EXPECT_NE(info, epoch_before);
  Ok(bram, {"send", group, "na de verwijdering"});
  auto anna_send = anna.Run({"send", group, "mag ik nog?"});
  EXPECT_NE(anna_send.exit_code, 0);
  auto anna_read = anna.Run({"read", group});
  EXPECT_NE(anna_read.exit_code, 0);
  EXPECT_EQ(anna_read.out.find("na de verwijdering"), std::string::npos);
  auto laptop_read = laptop.Run({"read", group});
  EXPECT_NE(laptop_read.exit_code, 0);
  EXPECT_NE(Ok(anna, {"history", group}).find("Welkom Anna"), std::string::npos);
  EXPECT_NE(Ok(leader, {"read", group}).find("na de verwijdering"), std::string::npos);

  // The server never held the plaintext: no file of its data folder has the canary.
  EXPECT_EQ(server_->Stop(), 0);
  EXPECT_FALSE(AnyFileContains(server_->data_dir(), kCanary));
  EXPECT_EQ(server_->log().find(kCanary), std::string::npos);
}

TEST_F(ChatFlowTest, ErrorsAreOneLineWithANonZeroExit) {
  Cli nobody = User("nobody");
  auto r = nobody.Run({"send", "00", "hi"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  auto bad = nobody.Run({"join", "--server", server_->url(), "--invite", "not-a-real-invite"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_EQ(std::count(bad.err.begin(), bad.err.end(), '\n'), 1) << bad.err;
  EXPECT_EQ(nobody.Run({"--help"}).exit_code, 0);
}

}  // namespace
}  // namespace weerbaar::testing
