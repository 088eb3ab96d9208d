#include "server/policy.h"

#include <gtest/gtest.h>

#include "server/wire.h"

namespace weerbaar::server {
namespace {

using storage::InviteKind;
using storage::Role;

const Standing kAdmin{true, Role::kNone, false};
const Standing kLeader{false, Role::kLeader, false};
const Standing kLeaderMember{false, Role::kLeader, true};
const Standing kMember{false, Role::kResident, true};
const Standing kResident{false, Role::kResident, false};
const Standing kPartner{false, Role::kPartner, false};
const Standing kStranger{false, Role::kNone, false};

TEST(PolicyTest, LetsOnlyAdminsCreateCommunities) {
  EXPECT_TRUE(MayCreateCommunity(kAdmin));
  for (const Standing& s : {kLeader, kMember, kResident, kPartner, kStranger})
    EXPECT_FALSE(MayCreateCommunity(s));
}

TEST(PolicyTest, LetsAdminsAndLeadersCreateGroupsAndManageThem) {
  for (const Standing& s : {kAdmin, kLeader}) {
    EXPECT_TRUE(MayCreateGroup(s));
    EXPECT_TRUE(MayManageGroup(s));
  }
  for (const Standing& s : {kMember, kResident, kPartner, kStranger}) {
    EXPECT_FALSE(MayCreateGroup(s));
    EXPECT_FALSE(MayManageGroup(s));
  }
}

TEST(PolicyTest, LetsOnlyAdminsAdministerRetentionAndLeadersSetTheirCommunitysPeriod) {
  EXPECT_TRUE(MayAdministerRetention(kAdmin));
  EXPECT_TRUE(MaySetCommunityRetention(kAdmin));
  EXPECT_TRUE(MaySetCommunityRetention(kLeader));
  for (const Standing& s : {kLeader, kMember, kResident, kPartner, kStranger})
    EXPECT_FALSE(MayAdministerRetention(s));
  for (const Standing& s : {kMember, kResident, kPartner, kStranger})
    EXPECT_FALSE(MaySetCommunityRetention(s));
}

TEST(PolicyTest, LetsOnlyAdminsAndLeadersSetACommunitysArea) {
  EXPECT_TRUE(MaySetCommunityArea(kAdmin));
  EXPECT_TRUE(MaySetCommunityArea(kLeader));
  for (const Standing& s : {kMember, kResident, kPartner, kStranger})
    EXPECT_FALSE(MaySetCommunityArea(s));
}

TEST(PolicyTest, ShowsACommunitysRetentionToItsMembersAndAdminsOnly) {
  for (const Standing& s : {kAdmin, kLeader, kMember, kResident, kPartner})
    EXPECT_TRUE(MayViewCommunityRetention(s));
  EXPECT_FALSE(MayViewCommunityRetention(kStranger));
}

TEST(PolicyTest, FollowsTheInviteTable) {
  struct Row {
    Standing who;
    InviteKind kind;
    Role role;
    bool allowed;
  };
  const Row rows[] = {
      {kAdmin, InviteKind::kAdmin, Role::kNone, true},
      {kLeader, InviteKind::kAdmin, Role::kNone, false},
      {kAdmin, InviteKind::kCommunity, Role::kResident, true},
      {kAdmin, InviteKind::kCommunity, Role::kLeader, true},
      {kAdmin, InviteKind::kCommunity, Role::kPartner, true},
      {kAdmin, InviteKind::kCommunity, Role::kAdmin, false},  // admins come from admin invites
      {kAdmin, InviteKind::kCommunity, Role::kNone, false},
      {kLeader, InviteKind::kCommunity, Role::kResident, true},
      {kLeader, InviteKind::kCommunity, Role::kLeader, false},
      {kLeader, InviteKind::kCommunity, Role::kPartner, false},
      {kMember, InviteKind::kCommunity, Role::kResident, false},
      {kPartner, InviteKind::kCommunity, Role::kResident, false},
      {kAdmin, InviteKind::kGroup, Role::kResident, true},
      {kLeader, InviteKind::kGroup, Role::kResident, true},
      {kMember, InviteKind::kGroup, Role::kResident, false},
      {kStranger, InviteKind::kGroup, Role::kResident, false},
      {kStranger, InviteKind::kDeviceLink, Role::kNone, true},
      {kPartner, InviteKind::kDeviceLink, Role::kNone, true},
  };
  for (const Row& r : rows)
    EXPECT_EQ(MayCreateInvite(r.who, r.kind, r.role), r.allowed)
        << "kind " << int(r.kind) << " role " << int(r.role) << " admin " << r.who.is_admin
        << " community role " << int(r.who.community_role);
}

TEST(PolicyTest, ShowsGroupsToMembersLeadersAndAdminsButLetsOnlyMembersUseThem) {
  for (const Standing& s : {kAdmin, kLeader, kLeaderMember, kMember}) EXPECT_TRUE(MayViewGroup(s));
  for (const Standing& s : {kResident, kPartner, kStranger}) EXPECT_FALSE(MayViewGroup(s));
  for (const Standing& s : {kLeaderMember, kMember}) EXPECT_TRUE(MayUseGroup(s));
  for (const Standing& s : {kAdmin, kLeader, kResident, kPartner, kStranger})
    EXPECT_FALSE(MayUseGroup(s));
}

TEST(PolicyTest, AllowsClientsWithoutOriginAndListedOrOwnOriginsOnly) {
  std::vector<std::string> allowed = {"https://buurt.example"};
  const std::string own = "http://127.0.0.1:7447";
  EXPECT_TRUE(OriginAllowed(std::nullopt, allowed, own));
  EXPECT_TRUE(OriginAllowed("https://buurt.example", allowed, own));
  EXPECT_TRUE(OriginAllowed("HTTPS://BUURT.example", allowed, own));
  EXPECT_TRUE(OriginAllowed("http://127.0.0.1:7447", allowed, own));
  EXPECT_FALSE(OriginAllowed("http://127.0.0.1:7448", allowed, own));
  EXPECT_FALSE(OriginAllowed("https://buurt.example.evil", allowed, own));
  EXPECT_FALSE(OriginAllowed("null", allowed, own));
  EXPECT_FALSE(OriginAllowed("", allowed, own));
  EXPECT_FALSE(OriginAllowed("http://rebound.example:7447", {}, own));
}

TEST(WireTest, MapsStoreFailuresToSafeErrorCodes) {
  struct Row {
    Code code;
    v1::ErrorCode want;
  };
  const Row rows[] = {
      {Code::kInvalidArgument, v1::BAD_REQUEST},
      {Code::kNotFound, v1::NOT_FOUND},
      {Code::kAlreadyExists, v1::ALREADY_EXISTS},
      {Code::kPermissionDenied, v1::PERMISSION_DENIED},
      {Code::kUnauthenticated, v1::UNAUTHENTICATED},
      {Code::kResourceExhausted, v1::RATE_LIMITED},
      {Code::kUnavailable, v1::UNAVAILABLE},
      {Code::kInternal, v1::UNAVAILABLE},
      {Code::kDataLoss, v1::UNAVAILABLE},
      {Code::kDeadlineExceeded, v1::UNAVAILABLE},
      {Code::kFailedPrecondition, v1::BAD_REQUEST},
  };
  for (const Row& r : rows) EXPECT_EQ(ErrorCodeFor(r.code), r.want) << CodeName(r.code);
  EXPECT_EQ(ErrorCodeFor(Code::kFailedPrecondition, v1::STALE_EPOCH), v1::STALE_EPOCH);
}

TEST(WireTest, ConvertsRolesBothWays) {
  for (Role r : {Role::kResident, Role::kLeader, Role::kPartner, Role::kAdmin})
    EXPECT_EQ(RoleFromWire(RoleToWire(r)), r);
  EXPECT_EQ(RoleFromWire(v1::ROLE_UNSPECIFIED), Role::kNone);
}

}  // namespace
}  // namespace weerbaar::server
