#include "protocol/codec.h"

#include <gtest/gtest.h>

namespace weerbaar::protocol {
namespace {

std::string Id(char c = 'g') { return std::string(kIdBytes, c); }

v1::ClientMessage ValidSend() {
  v1::ClientMessage m;
  m.set_request_id(7);
  auto* s = m.mutable_send_group();
  s->set_group_id(Id());
  s->set_client_msg_id(Id('m'));
  s->set_epoch(1);
  s->set_ciphertext("opaque");
  return m;
}

TEST(CodecTest, DecodesAValidSend) {
  Limits limits;
  auto r = DecodeClientMessage(Encode(ValidSend()), limits);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->send_group().ciphertext(), "opaque");
}

TEST(CodecTest, RejectsGarbageAndOversizedFrames) {
  Limits limits;
  EXPECT_EQ(DecodeClientMessage("\xff\xff\xff", limits).status().code(), Code::kInvalidArgument);
  limits.max_frame_bytes = 10;
  EXPECT_EQ(DecodeClientMessage(Encode(ValidSend()), limits).status().message(), "frame too large");
}

TEST(CodecTest, RejectsMessagesThatBreakTheSchemaRules) {
  Limits limits;
  struct Case {
    const char* name;
    void (*mutate)(v1::ClientMessage&);
  } cases[] = {
      {"zero request id", [](v1::ClientMessage& m) { m.set_request_id(0); }},
      {"short group id", [](v1::ClientMessage& m) { m.mutable_send_group()->set_group_id("x"); }},
      {"empty ciphertext",
       [](v1::ClientMessage& m) { m.mutable_send_group()->clear_ciphertext(); }},
      {"huge ciphertext",
       [](v1::ClientMessage& m) {
         m.mutable_send_group()->set_ciphertext(std::string(60000, 'x'));
       }},
      {"no body", [](v1::ClientMessage& m) { m.clear_body(); }},
      {"name with newline",
       [](v1::ClientMessage& m) { m.mutable_create_community()->set_name("a\nb"); }},
      {"sync limit too large",
       [](v1::ClientMessage& m) {
         m.mutable_sync_group()->set_group_id(Id());
         m.mutable_sync_group()->set_limit(100000);
       }},
      {"auth with short signature",
       [](v1::ClientMessage& m) {
         m.mutable_authenticate()->set_device_id(Id());
         m.mutable_authenticate()->set_signature("short");
       }},
      {"community area of 3 characters",
       [](v1::ClientMessage& m) {
         m.mutable_create_community()->set_name("Wijk");
         m.mutable_create_community()->set_area("u17");
       }},
      {"area change of 7 characters (a street, not an area)",
       [](v1::ClientMessage& m) {
         m.mutable_set_community_area()->set_community_id(Id());
         m.mutable_set_community_area()->set_area("u173zqx");
       }},
      {"area change with an empty area",
       [](v1::ClientMessage& m) { m.mutable_set_community_area()->set_community_id(Id()); }},
      {"area change for a short community id",
       [](v1::ClientMessage& m) {
         m.mutable_set_community_area()->set_community_id("c");
         m.mutable_set_community_area()->set_area("u173");
       }},
      {"community invite for admin role",
       [](v1::ClientMessage& m) {
         auto* c = m.mutable_create_invite();
         c->set_kind(v1::INVITE_COMMUNITY);
         c->set_role(v1::ROLE_ADMIN);
         c->set_community_id(Id());
       }},
  };
  for (const auto& c : cases) {
    auto m = ValidSend();
    c.mutate(m);
    EXPECT_EQ(ValidateClientMessage(m, limits).code(), Code::kInvalidArgument) << c.name;
  }
}

TEST(CodecTest, AcceptsCommunityAreasOfFourToSixCharacters) {
  Limits limits;
  v1::ClientMessage m;
  m.set_request_id(1);
  m.mutable_create_community()->set_name("Wijk");
  EXPECT_TRUE(ValidateClientMessage(m, limits).ok()) << "no area yet";
  for (const char* area : {"u173", "u173z", "u173zq"}) {
    m.mutable_create_community()->set_name("Wijk");
    m.mutable_create_community()->set_area(area);
    EXPECT_TRUE(ValidateClientMessage(m, limits).ok()) << area;
    m.mutable_set_community_area()->set_community_id(Id());
    m.mutable_set_community_area()->set_area(area);
    EXPECT_TRUE(ValidateClientMessage(m, limits).ok()) << area;
  }
}

}  // namespace
}  // namespace weerbaar::protocol
