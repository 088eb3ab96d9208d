// The authorisation table: operation x caller, deny by default.
#include <array>
#include <functional>
#include <set>

#include "server/relay_test_util.h"

namespace weerbaar::server {
namespace {

enum Actor { kAdmin, kLeader, kMember, kNonMember, kRemoved, kPartner, kOutsider, kActors };
constexpr const char* kActorNames[] = {"admin",   "leader",  "member",  "non-member",
                                       "removed", "partner", "outsider"};

constexpr bool Y = true, N = false;

struct Row {
  const char* operation;
  std::function<v1::ClientMessage()> request;
  std::array<bool, kActors> allowed;
  // What an allowed caller gets: success, or NOT_FOUND when the request names nothing real.
  v1::ErrorCode allowed_error = v1::ERROR_UNSPECIFIED;
};

class RelayAccessTest : public NeighbourhoodTest {
 protected:
  TestClient& As(Actor a) {
    TestClient* all[] = {admin.get(),   leader.get(),  member.get(),  nonmember.get(),
                         removed.get(), partner.get(), outsider.get()};
    return *all[a];
  }

  void Check(const Row& row) {
    for (int a = 0; a < kActors; ++a) {
      v1::ServerMessage reply = Call(As(Actor(a)), row.request());
      SCOPED_TRACE(std::string(row.operation) + " by " + kActorNames[a]);
      if (!row.allowed[a]) {
        ASSERT_TRUE(reply.has_error()) << reply.DebugString();
        EXPECT_EQ(reply.error().code(), v1::PERMISSION_DENIED);
      } else if (row.allowed_error != v1::ERROR_UNSPECIFIED) {
        EXPECT_EQ(reply.error().code(), row.allowed_error) << reply.DebugString();
      } else {
        EXPECT_FALSE(reply.has_error()) << reply.DebugString();
      }
    }
  }
};

TEST_F(RelayAccessTest, AllowsEachOperationOnlyToTheRolesInTheTable) {
  const std::string nobody = NewTestId();
  const std::string nonmember_device = ToString(nonmember->identity.device_id());
  const Row rows[] = {
      // operation                       admin leader member non-m removed partner outsider
      {"CreateCommunity", [&] { return CreateCommunityReq("Nieuw"); }, {Y, N, N, N, N, N, N}},
      {"SetCommunityArea",
       [&] { return SetCommunityAreaReq(community, "u178k"); },
       {Y, Y, N, N, N, N, N}},
      {"CreateGroup", [&] { return CreateGroupReq(community, "Plein"); }, {Y, Y, N, N, N, N, N}},
      {"Invite admin",
       [&] { return CreateInviteReq(v1::INVITE_ADMIN, v1::ROLE_UNSPECIFIED, ""); },
       {Y, N, N, N, N, N, N}},
      {"Invite resident",
       [&] { return CreateInviteReq(v1::INVITE_COMMUNITY, v1::ROLE_RESIDENT, community); },
       {Y, Y, N, N, N, N, N}},
      {"Invite leader",
       [&] { return CreateInviteReq(v1::INVITE_COMMUNITY, v1::ROLE_LEADER, community); },
       {Y, N, N, N, N, N, N}},
      {"Invite partner",
       [&] { return CreateInviteReq(v1::INVITE_COMMUNITY, v1::ROLE_PARTNER, community); },
       {Y, N, N, N, N, N, N}},
      {"Invite to group",
       [&] { return CreateInviteReq(v1::INVITE_GROUP, v1::ROLE_UNSPECIFIED, group); },
       {Y, Y, N, N, N, N, N}},
      {"Link a device",
       [&] { return CreateInviteReq(v1::INVITE_DEVICE_LINK, v1::ROLE_UNSPECIFIED, ""); },
       {Y, Y, Y, Y, Y, Y, Y}},
      {"RemoveMember",
       [&] { return RemoveMemberReq(group, nobody); },
       {Y, Y, N, N, N, N, N},
       v1::NOT_FOUND},
      {"GetGroup", [&] { return GetGroupReq(group); }, {Y, Y, Y, N, N, N, N}},
      {"SendGroupMessage",
       [&] { return SendGroupReq(group, epoch, NewTestId(), "ct"); },
       {N, Y, Y, N, N, N, N}},
      {"SyncGroup", [&] { return SyncGroupReq(group, 0, 0); }, {N, Y, Y, N, N, N, N}},
      {"SetCursor", [&] { return SetCursorReq(group, 1); }, {N, Y, Y, N, N, N, N}},
      {"SendDirect to a resident",
       [&] { return SendDirectReq(nonmember_device, NewTestId()); },
       {N, Y, Y, Y, Y, Y, N}},
  };
  for (const Row& row : rows) ASSERT_NO_FATAL_FAILURE(Check(row));
}

TEST_F(RelayAccessTest, RefusesToCreateAGroupInAnotherCommunityForALeader) {
  v1::ServerMessage reply = Call(*leader, CreateGroupReq(other_community, "Elders"));
  EXPECT_EQ(reply.error().code(), v1::PERMISSION_DENIED);
}

TEST_F(RelayAccessTest, AnswersNotFoundToAnAdminForAnUnknownCommunity) {
  EXPECT_EQ(Call(*admin, CreateGroupReq(NewTestId(), "Nergens")).error().code(), v1::NOT_FOUND);
  EXPECT_EQ(Call(*admin, CreateInviteReq(v1::INVITE_COMMUNITY, v1::ROLE_RESIDENT, NewTestId()))
                .error()
                .code(),
            v1::NOT_FOUND);
}

TEST_F(RelayAccessTest, ListsOnlyTheCallersOwnGroupsAndCommunities) {
  v1::ServerMessage groups = Call(*nonmember, ListGroupsReq());
  EXPECT_EQ(groups.group_list().groups_size(), 0);
  v1::ServerMessage mine = Call(*member, ListGroupsReq());
  ASSERT_EQ(mine.group_list().groups_size(), 1);
  EXPECT_EQ(mine.group_list().groups(0).group_id(), group);
  EXPECT_EQ(mine.group_list().groups(0).epoch(), epoch);
  v1::ServerMessage communities = Call(*partner, ListCommunitiesReq());
  ASSERT_EQ(communities.community_list().communities_size(), 1);
  EXPECT_EQ(communities.community_list().communities(0).role(), v1::ROLE_PARTNER);
}

TEST_F(RelayAccessTest, ListsEveryCommunityToAnAdminAndOnlyTheirOwnToOthers) {
  v1::ServerMessage all = Call(*admin, ListCommunitiesReq());
  std::set<std::string> ids;
  for (const v1::CommunitySummary& c : all.community_list().communities()) {
    ids.insert(c.community_id());
    EXPECT_NE(c.role(), v1::ROLE_UNSPECIFIED);
  }
  EXPECT_EQ(ids, (std::set<std::string>{community, other_community}));
  v1::ServerMessage own = Call(*leader, ListCommunitiesReq());
  ASSERT_EQ(own.community_list().communities_size(), 1);
  EXPECT_EQ(own.community_list().communities(0).community_id(), community);
  EXPECT_EQ(own.community_list().communities(0).role(), v1::ROLE_LEADER);
}

TEST_F(RelayAccessTest, ShowsMembersWithRolesNamesAndDeviceKeys) {
  v1::ServerMessage reply = Call(*leader, GetGroupReq(group));
  ASSERT_TRUE(reply.has_group_info()) << reply.DebugString();
  const v1::GroupInfo& info = reply.group_info();
  ASSERT_EQ(info.members_size(), 2);  // the leader and the member; the removed one is gone
  for (const v1::Member& m : info.members()) {
    ASSERT_EQ(m.devices_size(), 1);
    if (m.user_id() == member->user_id) {
      EXPECT_EQ(m.role(), v1::ROLE_RESIDENT);
      EXPECT_EQ(m.display_name(), "Mo");
      EXPECT_EQ(m.devices(0).device_id(), ToString(member->identity.device_id()));
      EXPECT_EQ(m.devices(0).keys().agreement_key(), ToString(member->identity.agreement_public()));
    } else {
      EXPECT_EQ(m.user_id(), leader->user_id);
      EXPECT_EQ(m.role(), v1::ROLE_LEADER);
    }
  }
}

}  // namespace
}  // namespace weerbaar::server
