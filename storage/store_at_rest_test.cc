// Encryption at rest: no plaintext of a value reaches any file of the data folder.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "storage/store_test_env.h"

namespace weerbaar::storage {
namespace {

constexpr std::string_view kMessageCanary = "CANARY-ciphertext-5f1e9a";
constexpr std::string_view kNameCanary = "CANARY-display-name-77c2";
constexpr std::string_view kPayloadCanary = "CANARY-inbox-payload-3b04";
constexpr std::string_view kCommunityCanary = "CANARY-community-name-a9d1";

// The names of the files under `dir` that contain `needle`, byte-wise.
std::vector<std::string> FilesContaining(const std::string& dir, std::string_view needle) {
  std::vector<std::string> found;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.find(needle) != std::string::npos) found.push_back(entry.path().filename());
  }
  return found;
}

using StoreAtRestTest = StoreTest;

TEST_F(StoreAtRestTest, NoPlaintextOfAnyValueReachesTheDataFolder) {
  const Id community = RandomId();
  ASSERT_TRUE(Await<Done>([&](auto done) {
                store_->CreateCommunity({community, std::string(kCommunityCanary), 0, ""}, done);
              }).ok());
  InviteRecord invite = Invite(InviteKind::kCommunity);
  invite.community_id = community;
  invite.role = Role::kLeader;
  auto leader = Join(invite, std::string(kNameCanary));
  ASSERT_TRUE(leader.ok());
  const Id group = RandomId();
  ASSERT_TRUE(NewGroup(group, community, leader->user_id).ok());
  ASSERT_TRUE(Send(group, *leader, 1, RandomId(), std::string(kMessageCanary)).ok());
  NewInboxMessage pairwise{leader->device_id, RandomId(), RandomId(), RandomId(),
                           std::string(kPayloadCanary)};
  ASSERT_TRUE(Await<std::vector<InboxEntry>>([&](auto done) {
                store_->AppendInbox({pairwise}, done);
              }).ok());
  ASSERT_TRUE(store_->Flush().ok());

  // Control: the scan does read the files (column family names are stored in clear).
  EXPECT_FALSE(FilesContaining(dir_, "community_members").empty());
  for (std::string_view canary : {kMessageCanary, kNameCanary, kPayloadCanary, kCommunityCanary}) {
    EXPECT_TRUE(FilesContaining(dir_, canary).empty()) << canary;
  }
  // ... and the values are still there to read.
  EXPECT_EQ(store_->GetUser(leader->user_id)->display_name, kNameCanary);
  EXPECT_EQ(store_->ReadGroup(group, 0, 1)->at(0).ciphertext, kMessageCanary);

  store_.reset();  // shutdown writes its own files
  for (std::string_view canary : {kMessageCanary, kNameCanary, kPayloadCanary, kCommunityCanary}) {
    EXPECT_TRUE(FilesContaining(dir_, canary).empty()) << canary;
  }
}

}  // namespace
}  // namespace weerbaar::storage
