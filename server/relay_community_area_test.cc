// A community's area: set at creation or later by an admin or a leader, checked against the
// geohash rules, and returned with every community listing.
#include "server/relay_test_util.h"

namespace weerbaar::server {
namespace {

class RelayCommunityAreaTest : public NeighbourhoodTest {
 protected:
  // The area of `community_id` in the caller's ListCommunities, or "?" if it is not listed.
  std::string AreaSeenBy(TestClient& client, const std::string& community_id) {
    v1::ServerMessage list = Call(client, ListCommunitiesReq());
    for (const v1::CommunitySummary& c : list.community_list().communities())
      if (c.community_id() == community_id) return c.area();
    return "?";
  }
};

TEST_F(RelayCommunityAreaTest, ListsACommunityWithoutAnAreaAsEmpty) {
  EXPECT_EQ(AreaSeenBy(*member, community), "");
}

TEST_F(RelayCommunityAreaTest, AnAdminCreatesACommunityWithItsArea) {
  v1::ClientMessage req = CreateCommunityReq("Lombok");
  req.mutable_create_community()->set_area("u178k");
  v1::ServerMessage created = Call(*admin, req);
  ASSERT_TRUE(created.has_community_created()) << created.DebugString();
  EXPECT_EQ(AreaSeenBy(*admin, created.community_created().community_id()), "u178k");
}

TEST_F(RelayCommunityAreaTest, ALeaderChangesTheAreaAndResidentsSeeTheNewOne) {
  v1::ServerMessage reply = Call(*leader, SetCommunityAreaReq(community, "u178kq"));
  ASSERT_TRUE(reply.has_ok()) << reply.DebugString();
  EXPECT_EQ(AreaSeenBy(*member, community), "u178kq");
  EXPECT_EQ(AreaSeenBy(*partner, community), "u178kq");
  ASSERT_TRUE(Call(*admin, SetCommunityAreaReq(community, "u178")).has_ok());
  EXPECT_EQ(AreaSeenBy(*leader, community), "u178");
}

TEST_F(RelayCommunityAreaTest, RefusesAreasThatAreNoGeohashOfFourToSixCharacters) {
  for (const char* bad : {"u17", "u178kqx", "U178", "u17a", "u1 8", ""}) {
    EXPECT_EQ(Call(*leader, SetCommunityAreaReq(community, bad)).error().code(), v1::BAD_REQUEST)
        << bad;
    v1::ClientMessage create = CreateCommunityReq("Nergens");
    create.mutable_create_community()->set_area(bad);
    v1::ErrorCode expected = std::string(bad).empty() ? v1::ERROR_UNSPECIFIED : v1::BAD_REQUEST;
    EXPECT_EQ(Call(*admin, create).error().code(), expected) << bad;
  }
  EXPECT_EQ(AreaSeenBy(*member, community), "") << "nothing was changed";
}

TEST_F(RelayCommunityAreaTest, RefusesALeaderOfAnotherCommunityAndAnswersNotFoundToAnAdmin) {
  EXPECT_EQ(Call(*leader, SetCommunityAreaReq(other_community, "u178k")).error().code(),
            v1::PERMISSION_DENIED);
  EXPECT_EQ(Call(*admin, SetCommunityAreaReq(NewTestId(), "u178k")).error().code(), v1::NOT_FOUND);
  EXPECT_EQ(AreaSeenBy(*admin, other_community), "");
}

}  // namespace
}  // namespace weerbaar::server
