// Round trips of every record kind, reopening, and the master key check.
#include <gtest/gtest.h>

#include <algorithm>

#include "crypto/primitives.h"
#include "storage/store_test_env.h"

namespace weerbaar::storage {
namespace {

using StoreRecordsTest = StoreTest;

TEST_F(StoreRecordsTest, StoresACommunityAndStampsItsCreationTime) {
  const Id id = RandomId();
  ASSERT_TRUE(NewCommunity(id).ok());
  auto community = store_->GetCommunity(id);
  ASSERT_TRUE(community.ok());
  EXPECT_EQ(community->community_id, id);
  EXPECT_EQ(community->name, "De Buurt");
  EXPECT_EQ(community->created_ms, clock_.NowMillis());
  EXPECT_EQ(NewCommunity(id).status().code(), Code::kAlreadyExists);
}

TEST_F(StoreRecordsTest, SetsACommunityAreaKeepsItAcrossAReopenAndAuditsOnlyItsLength) {
  const Id id = RandomId(), admin = RandomId();
  ASSERT_TRUE(NewCommunity(id).ok());
  EXPECT_EQ(store_->GetCommunity(id)->area, "");
  auto set = [&](const Id& community, std::string area) {
    return Await<Done>([&](auto done) { store_->SetCommunityArea(community, area, admin, done); });
  };
  ASSERT_TRUE(set(id, "u178k").ok());
  EXPECT_EQ(set(RandomId(), "u178k").status().code(), Code::kNotFound);
  EXPECT_EQ(set(id, "").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(set(id, std::string(13, 'u')).status().code(), Code::kInvalidArgument);
  Reopen();
  auto community = store_->GetCommunity(id);
  ASSERT_TRUE(community.ok());
  EXPECT_EQ(community->area, "u178k");
  EXPECT_EQ(community->name, "De Buurt");
  auto audit = store_->ReadAudit(0, 100);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 1u) << "refused changes leave no entry";
  EXPECT_EQ(audit->back().action, AuditAction::kAdminAction);
  EXPECT_EQ(audit->back().detail, "community area set (5 chars)");
}

TEST_F(StoreRecordsTest, StoresTheUserAndDeviceOfARegistration) {
  auto joined = Join(Invite(InviteKind::kAdmin), "Bea");
  ASSERT_TRUE(joined.ok()) << joined.status().ToString();
  auto user = store_->GetUser(joined->user_id);
  ASSERT_TRUE(user.ok());
  EXPECT_EQ(user->display_name, "Bea");
  EXPECT_TRUE(user->is_admin);
  EXPECT_EQ(user->created_ms, clock_.NowMillis());
  auto device = store_->GetDevice(joined->device_id);
  ASSERT_TRUE(device.ok());
  EXPECT_EQ(device->user_id, joined->user_id);
  EXPECT_EQ(device->signing_key, std::string(32, 's'));
  EXPECT_EQ(device->agreement_key, std::string(32, 'a'));
  EXPECT_EQ(device->agreement_sig, std::string(64, 'g'));
  auto devices = store_->DevicesOfUser(joined->user_id);
  ASSERT_TRUE(devices.ok());
  ASSERT_EQ(devices->size(), 1u);
  EXPECT_EQ((*devices)[0].device_id, joined->device_id);
}

TEST_F(StoreRecordsTest, StoresCommunityRolesInBothDirections) {
  const Id community = RandomId();
  ASSERT_TRUE(NewCommunity(community).ok());
  auto resident = NewResident(community);
  ASSERT_TRUE(resident.ok());
  EXPECT_EQ(*store_->CommunityRole(community, resident->user_id), Role::kResident);
  EXPECT_EQ(*store_->CommunityRole(community, RandomId()), Role::kNone);
  auto communities = store_->CommunitiesOfUser(resident->user_id);
  ASSERT_TRUE(communities.ok());
  ASSERT_EQ(communities->size(), 1u);
  EXPECT_EQ((*communities)[0].first.community_id, community);
  EXPECT_EQ((*communities)[0].second, Role::kResident);
}

TEST_F(StoreRecordsTest, CreatesAGroupAtEpochOneWithItsCreatorAsMember) {
  World w;
  ASSERT_NO_FATAL_FAILURE(MakeWorld(&w));
  auto group = store_->GetGroup(w.group);
  ASSERT_TRUE(group.ok());
  EXPECT_EQ(group->community_id, w.community);
  EXPECT_EQ(group->name, "Straat");
  EXPECT_EQ(group->epoch, 1u);
  EXPECT_EQ(group->last_seq, 0u);
  EXPECT_EQ(*store_->GroupMembers(w.group), std::vector<Id>{w.leader.user_id});
  EXPECT_EQ(*store_->GroupsOfUser(w.leader.user_id), std::vector<Id>{w.group});
  EXPECT_TRUE(*store_->IsGroupMember(w.group, w.leader.user_id));
  EXPECT_FALSE(*store_->IsGroupMember(w.group, RandomId()));
}

TEST_F(StoreRecordsTest, RefusesAGroupWithAnUnknownCommunityOrCreatorOrATakenId) {
  World w;
  ASSERT_NO_FATAL_FAILURE(MakeWorld(&w));
  EXPECT_EQ(NewGroup(RandomId(), RandomId(), w.leader.user_id).status().code(), Code::kNotFound);
  EXPECT_EQ(NewGroup(RandomId(), w.community, RandomId()).status().code(), Code::kNotFound);
  EXPECT_EQ(NewGroup(w.group, w.community, w.leader.user_id).status().code(), Code::kAlreadyExists);
}

TEST_F(StoreRecordsTest, RemovingAMemberRaisesTheEpochAndDropsBothMemberLists) {
  World w;
  ASSERT_NO_FATAL_FAILURE(MakeWorld(&w));
  auto removed =
      Await<uint64_t>([&](auto done) { store_->RemoveMember(w.group, w.leader.user_id, done); });
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(*removed, 2u);
  EXPECT_EQ(store_->GetGroup(w.group)->epoch, 2u);
  EXPECT_TRUE(store_->GroupMembers(w.group)->empty());
  EXPECT_TRUE(store_->GroupsOfUser(w.leader.user_id)->empty());
  auto again =
      Await<uint64_t>([&](auto done) { store_->RemoveMember(w.group, w.leader.user_id, done); });
  EXPECT_EQ(again.status().code(), Code::kNotFound);
}

TEST_F(StoreRecordsTest, CursorsOnlyMoveForward) {
  const Id device = RandomId(), group = RandomId();
  EXPECT_EQ(*store_->GetCursor(device, group), 0u);
  auto set = [&](uint64_t seq) {
    return Await<Done>([&](auto done) { store_->SetCursor(device, group, seq, done); });
  };
  ASSERT_TRUE(set(5).ok());
  ASSERT_TRUE(set(3).ok());
  EXPECT_EQ(*store_->GetCursor(device, group), 5u);
  ASSERT_TRUE(set(7).ok());
  EXPECT_EQ(*store_->GetCursor(device, group), 7u);
  EXPECT_EQ(*store_->GetCursor(device, RandomId()), 0u);
}

TEST_F(StoreRecordsTest, AnswersNotFoundForUnknownIdsAndInvalidArgumentForMalformedOnes) {
  EXPECT_EQ(store_->GetUser(RandomId()).status().code(), Code::kNotFound);
  EXPECT_EQ(store_->GetDevice(RandomId()).status().code(), Code::kNotFound);
  EXPECT_EQ(store_->GetGroup(RandomId()).status().code(), Code::kNotFound);
  EXPECT_EQ(store_->GetCommunity(RandomId()).status().code(), Code::kNotFound);
  EXPECT_EQ(store_->GetUser("").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(store_->GroupMembers(std::string(256, 'x')).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(NewCommunity("").status().code(), Code::kInvalidArgument);
}

TEST_F(StoreRecordsTest, RefusesInvitesThatLackWhatTheirKindNeedsOrReuseAToken) {
  InviteRecord community = Invite(InviteKind::kCommunity);
  EXPECT_EQ(NewInvite(community).status().code(), Code::kInvalidArgument);
  community.community_id = RandomId();
  community.role = Role::kNone;
  EXPECT_EQ(NewInvite(community).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(NewInvite(Invite(InviteKind::kGroup)).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(NewInvite(Invite(InviteKind::kDeviceLink)).status().code(), Code::kInvalidArgument);
  InviteRecord admin = Invite(InviteKind::kAdmin);
  ASSERT_TRUE(NewInvite(admin).ok());
  EXPECT_EQ(NewInvite(admin).status().code(), Code::kAlreadyExists);
}

TEST_F(StoreRecordsTest, KeepsEverythingAndTheServerIdAcrossAReopen) {
  World w;
  ASSERT_NO_FATAL_FAILURE(MakeWorld(&w));
  const std::string server_id = store_->server_id();
  EXPECT_EQ(server_id.size(), 32u);
  ASSERT_NO_FATAL_FAILURE(Reopen());
  EXPECT_EQ(store_->server_id(), server_id);
  EXPECT_EQ(store_->GetUser(w.leader.user_id)->display_name, "Leider");
  EXPECT_EQ(store_->GetDevice(w.leader.device_id)->user_id, w.leader.user_id);
  EXPECT_EQ(store_->GetGroup(w.group)->epoch, 1u);
  EXPECT_EQ(*store_->CommunityRole(w.community, w.leader.user_id), Role::kLeader);
  EXPECT_TRUE(*store_->IsGroupMember(w.group, w.leader.user_id));
}

TEST_F(StoreRecordsTest, RefusesAWrongMasterKeyWithDataLoss) {
  ASSERT_TRUE(NewCommunity(RandomId()).ok());
  store_.reset();
  auto wrong = OpenWith(crypto::RandomSecret(32));
  EXPECT_EQ(wrong.status().code(), Code::kDataLoss);
  auto right = OpenWith(master_key_);
  EXPECT_TRUE(right.ok()) << right.status().ToString();
}

TEST_F(StoreRecordsTest, ACheckpointOpensWithTheSameMasterKey) {
  const Id community = RandomId();
  ASSERT_TRUE(NewCommunity(community).ok());
  const std::string copy = dir_ + "/copy";
  ASSERT_TRUE(store_->Checkpoint(copy).ok());
  Options options = MakeOptions(master_key_);
  options.path = copy;
  auto opened = Store::Open(std::move(options));
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ((*opened)->GetCommunity(community)->name, "De Buurt");
  EXPECT_EQ((*opened)->server_id(), store_->server_id());
}

}  // namespace
}  // namespace weerbaar::storage
