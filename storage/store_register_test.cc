// Register: what each kind of invite grants, single use, expiry, re-registration.
#include <gtest/gtest.h>

#include "storage/store_test_env.h"

namespace weerbaar::storage {
namespace {

class StoreRegisterTest : public StoreTest {
 protected:
  // Registers a fresh device with an invite that is already stored.
  Result<RegisterOutcome> Use(const std::string& token_hash, const Id& device_id) {
    RegisterRequest req;
    req.token_hash = token_hash;
    req.device.device_id = device_id;
    req.display_name = "Cas";
    return Await<RegisterOutcome>([&](auto done) { store_->Register(req, done); });
  }
};

TEST_F(StoreRegisterTest, AnAdminInviteCreatesAnAdmin) {
  auto out = Join(Invite(InviteKind::kAdmin));
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_TRUE(out->is_admin);
  EXPECT_EQ(out->role, Role::kNone);
  EXPECT_TRUE(out->changed_groups.empty());
  EXPECT_TRUE(store_->GetUser(out->user_id)->is_admin);
}

TEST_F(StoreRegisterTest, ACommunityInviteGrantsItsRole) {
  const Id community = RandomId();
  ASSERT_TRUE(NewCommunity(community).ok());
  InviteRecord invite = Invite(InviteKind::kCommunity);
  invite.community_id = community;
  invite.role = Role::kPartner;
  auto out = Join(invite);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_FALSE(out->is_admin);
  EXPECT_EQ(out->role, Role::kPartner);
  EXPECT_EQ(out->community_id, community);
  EXPECT_EQ(*store_->CommunityRole(community, out->user_id), Role::kPartner);
  EXPECT_FALSE(store_->GetUser(out->user_id)->is_admin);
}

TEST_F(StoreRegisterTest, AGroupInviteMakesAResidentMemberAndRaisesTheEpoch) {
  World w;
  ASSERT_NO_FATAL_FAILURE(MakeWorld(&w));
  InviteRecord invite = Invite(InviteKind::kGroup);
  invite.group_id = w.group;
  auto out = Join(invite);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->role, Role::kResident);
  EXPECT_EQ(out->community_id, w.community);
  EXPECT_EQ(out->group_id, w.group);
  ASSERT_EQ(out->changed_groups.size(), 1u);
  EXPECT_EQ(out->changed_groups[0].group_id, w.group);
  EXPECT_EQ(out->changed_groups[0].epoch, 2u);
  EXPECT_EQ(store_->GetGroup(w.group)->epoch, 2u);
  EXPECT_TRUE(*store_->IsGroupMember(w.group, out->user_id));
  EXPECT_EQ(*store_->CommunityRole(w.community, out->user_id), Role::kResident);
}

TEST_F(StoreRegisterTest, ADeviceLinkAddsADeviceAndRaisesTheEpochOfEveryGroupOfTheUser) {
  World w;
  ASSERT_NO_FATAL_FAILURE(MakeWorld(&w));
  const Id second_group = RandomId();
  ASSERT_TRUE(NewGroup(second_group, w.community, w.leader.user_id).ok());
  InviteRecord invite = Invite(InviteKind::kDeviceLink);
  invite.user_id = w.leader.user_id;
  auto out = Join(invite);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->user_id, w.leader.user_id);
  EXPECT_EQ(out->changed_groups.size(), 2u);
  for (const GroupEpoch& changed : out->changed_groups) EXPECT_EQ(changed.epoch, 2u);
  EXPECT_EQ(store_->GetGroup(w.group)->epoch, 2u);
  EXPECT_EQ(store_->GetGroup(second_group)->epoch, 2u);
  EXPECT_EQ(store_->DevicesOfUser(w.leader.user_id)->size(), 2u);
  EXPECT_EQ(store_->GetDevice(out->device_id)->user_id, w.leader.user_id);
}

TEST_F(StoreRegisterTest, AnInviteIsSingleUse) {
  InviteRecord invite = Invite(InviteKind::kAdmin);
  ASSERT_TRUE(NewInvite(invite).ok());
  ASSERT_TRUE(Use(invite.token_hash, RandomId()).ok());
  EXPECT_EQ(Use(invite.token_hash, RandomId()).status().code(), Code::kNotFound);
}

TEST_F(StoreRegisterTest, AnInviteExpiresAtExactlyItsExpiryTime) {
  InviteRecord early = Invite(InviteKind::kAdmin);
  InviteRecord late = Invite(InviteKind::kAdmin);
  ASSERT_TRUE(NewInvite(early).ok());
  ASSERT_TRUE(NewInvite(late).ok());
  clock_.Set(early.expires_ms - 1);
  EXPECT_TRUE(Use(early.token_hash, RandomId()).ok());
  clock_.Set(late.expires_ms);
  EXPECT_EQ(Use(late.token_hash, RandomId()).status().code(), Code::kNotFound);
}

TEST_F(StoreRegisterTest, AnUnknownTokenIsNotFound) {
  EXPECT_EQ(Use(RandomId(), RandomId()).status().code(), Code::kNotFound);
}

TEST_F(StoreRegisterTest, ARegisteredDeviceIsRefusedAndTheInviteStaysUsable) {
  auto first = Join(Invite(InviteKind::kAdmin));
  ASSERT_TRUE(first.ok());
  InviteRecord invite = Invite(InviteKind::kAdmin);
  ASSERT_TRUE(NewInvite(invite).ok());
  EXPECT_EQ(Use(invite.token_hash, first->device_id).status().code(), Code::kAlreadyExists);
  EXPECT_TRUE(Use(invite.token_hash, RandomId()).ok());
}

TEST_F(StoreRegisterTest, AnInviteForAVanishedCommunityFailsWithoutCreatingAUser) {
  InviteRecord invite = Invite(InviteKind::kCommunity);
  invite.community_id = RandomId();
  invite.role = Role::kResident;
  ASSERT_TRUE(NewInvite(invite).ok());
  const Id device = RandomId();
  EXPECT_EQ(Use(invite.token_hash, device).status().code(), Code::kNotFound);
  EXPECT_EQ(store_->GetDevice(device).status().code(), Code::kNotFound);
  ASSERT_TRUE(NewCommunity(invite.community_id).ok());
  EXPECT_TRUE(Use(invite.token_hash, device).ok());
}

}  // namespace
}  // namespace weerbaar::storage
