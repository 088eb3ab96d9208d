#include <gtest/gtest.h>

#include "protocol/codec.h"

namespace weerbaar::protocol {
namespace {

std::string Id(char c = 'c') { return std::string(kIdBytes, c); }

v1::ClientMessage ValidShare() {
  v1::ClientMessage m;
  m.set_request_id(9);
  auto* s = m.mutable_share_report();
  s->set_channel_id(Id());
  s->set_consent("consent");
  s->set_consent_signature(std::string(kSignatureBytes, 's'));
  s->mutable_card()->set_category("zwerfafval");
  s->mutable_card()->set_geohash("u173zq");
  s->mutable_card()->set_community_id(Id('m'));
  s->set_sealed_details("box");
  return m;
}

v1::ClientMessage ValidChannel() {
  v1::ClientMessage m;
  m.set_request_id(3);
  auto* c = m.mutable_create_channel();
  c->set_community_id(Id('m'));
  c->set_name("Gemeente");
  c->mutable_policy()->set_type(v1::CHANNEL_MUNICIPALITY);
  c->mutable_policy()->set_location_precision(6);
  c->mutable_policy()->add_accepted_categories("zwerfafval");
  return m;
}

TEST(CodecSignalsTest, AcceptsAValidShareAndChannel) {
  Limits limits;
  EXPECT_TRUE(ValidateClientMessage(ValidShare(), limits).ok());
  EXPECT_TRUE(ValidateClientMessage(ValidChannel(), limits).ok());
}

TEST(CodecSignalsTest, RefusesSharesThatBreakTheLimits) {
  Limits limits;
  struct Case {
    const char* name;
    void (*mutate)(v1::ShareReport&);
  } cases[] = {
      {"short channel", [](v1::ShareReport& s) { s.set_channel_id("x"); }},
      {"no consent", [](v1::ShareReport& s) { s.clear_consent(); }},
      {"huge consent", [](v1::ShareReport& s) { s.set_consent(std::string(600, 'c')); }},
      {"short signature", [](v1::ShareReport& s) { s.set_consent_signature("sig"); }},
      {"no category", [](v1::ShareReport& s) { s.mutable_card()->clear_category(); }},
      {"long geohash",
       [](v1::ShareReport& s) { s.mutable_card()->set_geohash(std::string(13, 'u')); }},
      {"empty geohash", [](v1::ShareReport& s) { s.mutable_card()->set_geohash(""); }},
      {"bad community", [](v1::ShareReport& s) { s.mutable_card()->set_community_id("m"); }},
      {"huge details",
       [](v1::ShareReport& s) { s.set_sealed_details(std::string(60 * 1024, 'd')); }},
      {"huge contact", [](v1::ShareReport& s) { s.set_sealed_contact(std::string(5000, 'c')); }},
  };
  for (const auto& c : cases) {
    auto m = ValidShare();
    c.mutate(*m.mutable_share_report());
    EXPECT_EQ(ValidateClientMessage(m, limits).code(), Code::kInvalidArgument) << c.name;
  }
}

TEST(CodecSignalsTest, RefusesChannelPoliciesOutOfRange) {
  Limits limits;
  struct Case {
    const char* name;
    void (*mutate)(v1::ChannelPolicy&);
  } cases[] = {
      {"precision 0", [](v1::ChannelPolicy& p) { p.set_location_precision(0); }},
      {"precision 9", [](v1::ChannelPolicy& p) { p.set_location_precision(9); }},
      {"unknown type", [](v1::ChannelPolicy& p) { p.set_type(static_cast<v1::ChannelType>(9)); }},
      {"empty category", [](v1::ChannelPolicy& p) { p.add_accepted_categories(""); }},
      {"name with newline", [](v1::ChannelPolicy& p) { p.add_names_to_scrub("Jan\n"); }},
      {"too many names",
       [](v1::ChannelPolicy& p) {
         for (int i = 0; i < 65; ++i) p.add_names_to_scrub("Jan");
       }},
  };
  for (const auto& c : cases) {
    auto m = ValidChannel();
    c.mutate(*m.mutable_create_channel()->mutable_policy());
    EXPECT_EQ(ValidateClientMessage(m, limits).code(), Code::kInvalidArgument) << c.name;
  }
}

TEST(CodecSignalsTest, RefusesBadPartnerRequests) {
  Limits limits;
  v1::ClientMessage m;
  m.set_request_id(1);
  m.mutable_set_share_status()->set_share_id(Id());
  m.mutable_set_share_status()->set_status(static_cast<v1::ShareStatus>(7));
  EXPECT_EQ(ValidateClientMessage(m, limits).code(), Code::kInvalidArgument);
  m.mutable_ask_question()->set_share_id(Id());
  EXPECT_EQ(ValidateClientMessage(m, limits).code(), Code::kInvalidArgument);  // empty
  m.mutable_ask_question()->set_sealed("q");
  EXPECT_TRUE(ValidateClientMessage(m, limits).ok());
  m.mutable_get_trends()->set_channel_id(Id());
  EXPECT_EQ(ValidateClientMessage(m, limits).code(), Code::kInvalidArgument);  // empty range
  m.mutable_get_trends()->set_to_ms(10);
  EXPECT_TRUE(ValidateClientMessage(m, limits).ok());
  m.mutable_set_channel_key()->set_channel_id(Id());
  m.mutable_set_channel_key()->set_public_key("short");
  EXPECT_EQ(ValidateClientMessage(m, limits).code(), Code::kInvalidArgument);
  m.mutable_create_invite()->set_kind(v1::INVITE_CHANNEL);
  EXPECT_EQ(ValidateClientMessage(m, limits).code(), Code::kInvalidArgument);  // no channel
  m.mutable_create_invite()->set_channel_id(Id());
  EXPECT_TRUE(ValidateClientMessage(m, limits).ok());
}

TEST(CodecSignalsTest, RefusesMalformedOrTooManyHeldShareIds) {
  Limits limits;
  limits.max_sync_limit = 3;
  v1::ClientMessage m;
  m.set_request_id(1);
  v1::SyncChannel* s = m.mutable_sync_channel();
  s->set_channel_id(Id());
  for (char c : {'a', 'b', 'c'}) s->add_held_share_ids(Id(c));
  EXPECT_TRUE(ValidateClientMessage(m, limits).ok());
  s->add_held_share_ids(Id('d'));
  EXPECT_EQ(ValidateClientMessage(m, limits).code(), Code::kInvalidArgument);  // 4 > 3
  s->mutable_held_share_ids()->RemoveLast();
  s->set_held_share_ids(1, "short");
  EXPECT_EQ(ValidateClientMessage(m, limits).code(), Code::kInvalidArgument);
}

}  // namespace
}  // namespace weerbaar::protocol
