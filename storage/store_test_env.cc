#include "storage/store_test_env.h"

#include <cstdlib>
#include <filesystem>

#include "common/bytes.h"
#include "crypto/primitives.h"

namespace weerbaar::storage {

Id RandomId() { return ToString(crypto::RandomBytes(16)); }

std::string MakeTempDir() {
  std::string pattern = ::testing::TempDir() + "weerbaar-storage-XXXXXX";
  char* made = mkdtemp(pattern.data());
  EXPECT_NE(made, nullptr);
  return pattern;
}

void StoreTest::SetUp() {
  ASSERT_TRUE(crypto::Init().ok());
  dir_ = MakeTempDir();
  master_key_ = crypto::RandomSecret(32);
  ASSERT_NO_FATAL_FAILURE(Reopen());
}

void StoreTest::TearDown() {
  store_.reset();
  std::filesystem::remove_all(dir_);
}

Options StoreTest::MakeOptions(const crypto::SecretBytes& master_key) const {
  Options options;
  options.path = dir_ + "/db";
  options.master_key = master_key.Clone();
  options.clock = &clock_;
  return options;
}

Result<std::unique_ptr<Store>> StoreTest::OpenWith(const crypto::SecretBytes& master_key) {
  return Store::Open(MakeOptions(master_key));
}

void StoreTest::Reopen() {
  store_.reset();
  Result<std::unique_ptr<Store>> opened = OpenWith(master_key_);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  store_ = std::move(opened).value();
}

Result<Done> StoreTest::NewCommunity(const Id& community_id) {
  return Await<Done>([&](auto done) {
    store_->CreateCommunity({community_id, "De Buurt", 0, ""}, done);
  });
}

Result<Done> StoreTest::NewInvite(const InviteRecord& invite) {
  return Await<Done>([&](auto done) { store_->CreateInvite(invite, done); });
}

Result<Done> StoreTest::NewGroup(const Id& group_id, const Id& community_id, const Id& creator) {
  GroupRecord group{group_id, community_id, "Straat", 0, 0, 0};
  return Await<Done>([&](auto done) { store_->CreateGroup(group, creator, done); });
}

InviteRecord StoreTest::Invite(InviteKind kind) const {
  InviteRecord invite;
  invite.token_hash = RandomId() + RandomId();
  invite.kind = kind;
  invite.expires_ms = clock_.NowMillis() + 3'600'000;
  return invite;
}

Result<RegisterOutcome> StoreTest::Join(InviteRecord invite, const std::string& display_name) {
  WB_RETURN_IF_ERROR(NewInvite(invite));
  RegisterRequest req;
  req.token_hash = invite.token_hash;
  req.device = {RandomId(),           "", std::string(32, 's'), std::string(32, 'a'),
                std::string(64, 'g'), 0};
  req.display_name = display_name;
  return Await<RegisterOutcome>([&](auto done) { store_->Register(req, done); });
}

Result<RegisterOutcome> StoreTest::NewResident(const Id& community) {
  InviteRecord invite = Invite(InviteKind::kCommunity);
  invite.community_id = community;
  invite.role = Role::kResident;
  return Join(invite);
}

Result<AppendResult> StoreTest::Send(const Id& group, const RegisterOutcome& from, uint64_t epoch,
                                     const Id& client_msg_id, const std::string& ciphertext) {
  NewGroupMessage msg{group, epoch, from.device_id, from.user_id, client_msg_id, ciphertext};
  return Await<AppendResult>([&](auto done) { store_->AppendGroupMessage(msg, done); });
}

void StoreTest::MakeWorld(World* world) {
  world->community = RandomId();
  world->group = RandomId();
  ASSERT_TRUE(NewCommunity(world->community).ok());
  InviteRecord invite = Invite(InviteKind::kCommunity);
  invite.community_id = world->community;
  invite.role = Role::kLeader;
  Result<RegisterOutcome> leader = Join(invite, "Leider");
  ASSERT_TRUE(leader.ok()) << leader.status().ToString();
  world->leader = *leader;
  ASSERT_TRUE(NewGroup(world->group, world->community, world->leader.user_id).ok());
}

Result<Done> StoreTest::SetPolicy(DataClass data_class, int64_t default_ms, int64_t min_ms,
                                  int64_t max_ms, const Id& actor) {
  return Await<Done>([&](auto done) {
    store_->SetRetentionPolicy(data_class, default_ms, min_ms, max_ms, actor, done);
  });
}

Result<Done> StoreTest::SetCommunityPeriod(const Id& community, DataClass data_class,
                                           int64_t period_ms, const Id& actor) {
  return Await<Done>([&](auto done) {
    store_->SetCommunityRetention(community, data_class, period_ms, actor, done);
  });
}

Result<ErasureReceipt> StoreTest::Erase(const Id& user, const Id& actor) {
  return Await<ErasureReceipt>([&](auto done) { store_->EraseUser(user, actor, done); });
}

Result<std::vector<InboxEntry>> StoreTest::Deliver(std::vector<NewInboxMessage> msgs) {
  return Await<std::vector<InboxEntry>>([&](auto done) { store_->AppendInbox(msgs, done); });
}

Result<RegisterOutcome> StoreTest::NewGroupMember(const World& world, const std::string& name) {
  InviteRecord invite = Invite(InviteKind::kGroup);
  invite.group_id = world.group;
  invite.created_by = world.leader.user_id;
  return Join(invite, name);
}

void StoreTest::MakeWorldWithMember(World* world, RegisterOutcome* member) {
  ASSERT_NO_FATAL_FAILURE(MakeWorld(world));
  Result<RegisterOutcome> joined = NewGroupMember(*world);
  ASSERT_TRUE(joined.ok()) << joined.status().ToString();
  *member = *joined;
}

}  // namespace weerbaar::storage
