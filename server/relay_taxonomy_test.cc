// The admin's taxonomy overrides through the relay: who may set them, that the house rule
// and every channel's policy survive them, and that they persist.
#include <string>

#include "server/relay_signals_test_util.h"
#include "signals/taxonomy.h"

namespace weerbaar::server {
namespace {

constexpr char kPlayground[] =
    R"({"format":"weerbaar-taxonomy-overrides/v1","upsert":[{"id":"speeltuin",)"
    R"("label_nl":"Speeltuin kapot","label_en":"Broken playground","describes_person":false,)"
    R"("keywords":["speeltuin*","schommel*"]}],"remove":["hondenpoep"]})";

class RelayTaxonomyTest : public RelaySignalsTest {
 protected:
  v1::ServerMessage Set(TestClient& by, const std::string& json) {
    v1::ClientMessage req;
    req.mutable_set_taxonomy()->set_overrides_json(json);
    return Call(by, req);
  }
  signals::Taxonomy Get(TestClient& by) {
    v1::ClientMessage req;
    req.mutable_get_taxonomy();
    v1::ServerMessage reply = Call(by, req);
    return signals::Taxonomy::FromJson(reply.taxonomy_json().json()).value();
  }
  static std::string Overrides(const signals::TaxonomyOverrides& o) {
    return signals::TaxonomyOverridesToJson(o);
  }
};

TEST_F(RelayTaxonomyTest, AnAdminAddsACategoryThatChannelsAndSharesThenUse) {
  EXPECT_EQ(Set(*leader, kPlayground).error().code(), v1::PERMISSION_DENIED);
  EXPECT_EQ(Set(*muni_partner, kPlayground).error().code(), v1::PERMISSION_DENIED);
  EXPECT_EQ(ChannelReq(v1::CHANNEL_MUNICIPALITY, {"speeltuin"})
                .create_channel()
                .policy()
                .accepted_categories_size(),
            1);
  EXPECT_EQ(Call(*admin, ChannelReq(v1::CHANNEL_MUNICIPALITY, {"speeltuin"})).error().code(),
            v1::BAD_REQUEST);  // not a category yet
  ASSERT_TRUE(Set(*admin, kPlayground).has_ok());
  signals::Taxonomy seen = Get(*member);  // every user sees the taxonomy in force
  ASSERT_NE(seen.Find("speeltuin"), nullptr);
  EXPECT_EQ(seen.Find("hondenpoep"), nullptr);
  const std::string playground = NewChannel(v1::CHANNEL_MUNICIPALITY, {"speeltuin"});
  auto partner2 = Join(Invite(*admin, v1::INVITE_CHANNEL, v1::ROLE_UNSPECIFIED, playground), "P");
  ASSERT_TRUE(Call(*partner2, KeyReq(playground, muni_key.public_key)).has_ok());
  Share(*member, playground, muni_key.public_key, "speeltuin");
}

TEST_F(RelayTaxonomyTest, OverridesCannotSwitchOffTheHouseRuleOrBreakAChannel) {
  signals::TaxonomyOverrides relabel;
  relabel.upsert = {*signals::Taxonomy::Default()->Find("verdacht-persoon")};
  relabel.upsert[0].describes_person = false;
  EXPECT_EQ(Set(*admin, Overrides(relabel)).error().code(), v1::BAD_REQUEST);
  signals::TaxonomyOverrides remove_person;
  remove_person.remove = {"verdacht-persoon"};
  EXPECT_EQ(Set(*admin, Overrides(remove_person)).error().code(), v1::BAD_REQUEST);
  signals::TaxonomyOverrides remove_used;  // the municipality channel accepts zwerfafval
  remove_used.remove = {"zwerfafval"};
  EXPECT_EQ(Set(*admin, Overrides(remove_used)).error().code(), v1::BAD_REQUEST);
  EXPECT_EQ(Set(*admin, "{").error().code(), v1::BAD_REQUEST);
  EXPECT_EQ(Set(*admin, "").error().code(), v1::BAD_REQUEST);
  // Nothing changed.
  EXPECT_EQ(Get(*admin).ToJson(), signals::Taxonomy::Default()->ToJson());
}

TEST_F(RelayTaxonomyTest, TheOverridesSurviveARestartAndCanBeUndone) {
  ASSERT_TRUE(Set(*admin, kPlayground).has_ok());
  MakeRelay();  // a restarted server: the same store, a new relay
  std::unique_ptr<TestClient> again = Reconnect(*admin);
  EXPECT_NE(Get(*again).Find("speeltuin"), nullptr);
  ASSERT_TRUE(Set(*again, Overrides({})).has_ok());
  EXPECT_EQ(Get(*again).ToJson(), signals::Taxonomy::Default()->ToJson());
}

}  // namespace
}  // namespace weerbaar::server
