#include "clients/profile.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "clients/test_util.h"
#include "crypto/primitives.h"

namespace weerbaar::client {
namespace {

using testing::ModeOf;
using testing::TempDir;

class ProfileTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(crypto::Init().ok()); }
  Profile OpenOrDie(const std::string& dir) {
    auto p = Profile::Open(dir);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return std::move(p).value();
  }
  TempDir tmp_;
};

TEST_F(ProfileTest, CreatesAnOwnerOnlyFolder) {
  Profile p = OpenOrDie(tmp_.Sub("profile"));
  EXPECT_EQ(ModeOf(p.dir()), 0700u);
  EXPECT_FALSE(p.HasIdentity());
  EXPECT_FALSE(p.HasState());
}

TEST_F(ProfileTest, RefusesAFolderOthersCanRead) {
  std::string dir = tmp_.Sub("shared");
  ASSERT_EQ(::mkdir(dir.c_str(), 0700), 0);
  ASSERT_EQ(::chmod(dir.c_str(), 0755), 0);
  auto p = Profile::Open(dir);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), Code::kFailedPrecondition);
}

TEST_F(ProfileTest, RefusesAFileAsTheFolder) {
  std::string file = tmp_.Sub("file");
  std::ofstream(file) << "x";
  EXPECT_EQ(Profile::Open(file).status().code(), Code::kFailedPrecondition);
}

TEST_F(ProfileTest, IdentityRoundTripsInAnOwnerOnlyFile) {
  Profile p = OpenOrDie(tmp_.Sub("profile"));
  crypto::DeviceIdentity id = crypto::DeviceIdentity::Generate();
  ASSERT_TRUE(p.CreateIdentity(id).ok());
  EXPECT_EQ(ModeOf(p.identity_path()), 0600u);
  auto loaded = p.LoadIdentity();
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->device_id(), id.device_id());
  EXPECT_EQ(loaded->signing_public(), id.signing_public());
  EXPECT_EQ(loaded->agreement_public(), id.agreement_public());
}

TEST_F(ProfileTest, NeverOverwritesAnIdentity) {
  Profile p = OpenOrDie(tmp_.Sub("profile"));
  crypto::DeviceIdentity first = crypto::DeviceIdentity::Generate();
  ASSERT_TRUE(p.CreateIdentity(first).ok());
  Status again = p.CreateIdentity(crypto::DeviceIdentity::Generate());
  EXPECT_EQ(again.code(), Code::kAlreadyExists);
  EXPECT_EQ(p.LoadIdentity()->device_id(), first.device_id());
}

TEST_F(ProfileTest, RefusesAnIdentityOthersCanRead) {
  Profile p = OpenOrDie(tmp_.Sub("profile"));
  ASSERT_TRUE(p.CreateIdentity(crypto::DeviceIdentity::Generate()).ok());
  ASSERT_EQ(::chmod(p.identity_path().c_str(), 0644), 0);
  EXPECT_EQ(p.LoadIdentity().status().code(), Code::kFailedPrecondition);
}

TEST_F(ProfileTest, ReportsADamagedIdentity) {
  Profile p = OpenOrDie(tmp_.Sub("profile"));
  ASSERT_TRUE(p.CreateIdentity(crypto::DeviceIdentity::Generate()).ok());
  std::filesystem::resize_file(p.identity_path(), 10);
  EXPECT_EQ(p.LoadIdentity().status().code(), Code::kInvalidArgument);
}

TEST_F(ProfileTest, MissingStateIsNotFound) {
  Profile p = OpenOrDie(tmp_.Sub("profile"));
  EXPECT_EQ(p.LoadState().status().code(), Code::kNotFound);
}

TEST_F(ProfileTest, StateRoundTripsInAnOwnerOnlyFileWithNoTemporaryLeft) {
  Profile p = OpenOrDie(tmp_.Sub("profile"));
  ClientState state;
  state.set_server_url("ws://127.0.0.1:1/");
  state.set_user_id(std::string(16, 'u'));
  state.set_inbox_cursor(7);
  GroupState* g = state.add_groups();
  g->set_group_id(std::string(16, 'g'));
  g->set_cursor(3);
  g->mutable_my_key()->set_epoch(2);
  g->mutable_my_key()->add_distributed_to(std::string(16, 'd'));
  HistoryEntry* e = g->add_history();
  e->set_seq(3);
  e->set_text("hallo buren");
  ASSERT_TRUE(p.SaveState(state).ok());
  state.set_inbox_cursor(8);  // a second save replaces the first
  ASSERT_TRUE(p.SaveState(state).ok());
  EXPECT_EQ(ModeOf(p.state_path()), 0600u);
  EXPECT_FALSE(std::filesystem::exists(p.state_path() + ".tmp"));
  auto loaded = p.LoadState();
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->SerializeAsString(), state.SerializeAsString());
  EXPECT_EQ(loaded->groups(0).history(0).text(), "hallo buren");
}

TEST_F(ProfileTest, ReportsDamagedStateAsDataLoss) {
  Profile p = OpenOrDie(tmp_.Sub("profile"));
  std::ofstream(p.state_path()) << "\xff\xff\xff not a protobuf";
  EXPECT_EQ(p.LoadState().status().code(), Code::kDataLoss);
}

TEST_F(ProfileTest, DefaultFolderIsUnderHome) {
  auto dir = Profile::DefaultDir();
  if (std::getenv("HOME") == nullptr) GTEST_SKIP() << "HOME not set";
  ASSERT_TRUE(dir.ok());
  EXPECT_EQ(*dir, std::string(std::getenv("HOME")) + "/.weerbaar");
}

}  // namespace
}  // namespace weerbaar::client
