#include "protocol/validate_retention.h"

#include <gtest/gtest.h>

namespace weerbaar::protocol {
namespace {

v1::ClientMessage Request(void (*fill)(v1::ClientMessage&)) {
  v1::ClientMessage m;
  m.set_request_id(9);
  fill(m);
  return m;
}

void Policy(v1::ClientMessage& m) {
  auto* p = m.mutable_set_retention_policy();
  p->set_data_class(v1::DATA_CLASS_CHAT_MESSAGE);
  p->set_min_ms(1000);
  p->set_default_ms(2000);
  p->set_max_ms(3000);
}

void Community(v1::ClientMessage& m) {
  auto* c = m.mutable_set_community_retention();
  c->set_community_id(std::string(kIdBytes, 'c'));
  c->set_data_class(v1::DATA_CLASS_SIGNAL_REPORT);
  c->set_period_ms(86'400'000);
}

TEST(ValidateRetentionTest, AcceptsWellFormedRequests) {
  Limits limits;
  for (auto fill : std::initializer_list<void (*)(v1::ClientMessage&)>{
           Policy, Community, [](v1::ClientMessage& m) { m.mutable_get_retention(); },
           [](v1::ClientMessage& m) {
             m.mutable_get_retention()->set_community_id(std::string(kIdBytes, 'c'));
           },
           [](v1::ClientMessage& m) {
             Community(m);
             m.mutable_set_community_retention()->set_period_ms(0);
             m.mutable_set_community_retention()->set_reset(true);
           },
           [](v1::ClientMessage& m) { m.mutable_erase_account()->set_confirm(true); },
           [](v1::ClientMessage& m) { m.mutable_export_account(); },
           [](v1::ClientMessage& m) { m.mutable_verify_audit(); },
           [](v1::ClientMessage& m) { m.mutable_get_records_of_processing(); }}) {
    v1::ClientMessage m = Request(fill);
    EXPECT_TRUE(ValidateClientMessage(m, limits).ok()) << m.DebugString();
  }
}

TEST(ValidateRetentionTest, RefusesEveryBadField) {
  Limits limits;
  struct Case {
    const char* name;
    void (*fill)(v1::ClientMessage&);
  } cases[] = {
      {"get: short community",
       [](v1::ClientMessage& m) { m.mutable_get_retention()->set_community_id("abc"); }},
      {"policy: no class",
       [](v1::ClientMessage& m) {
         Policy(m);
         m.mutable_set_retention_policy()->set_data_class(v1::DATA_CLASS_UNSPECIFIED);
       }},
      {"policy: unknown class",
       [](v1::ClientMessage& m) {
         Policy(m);
         m.mutable_set_retention_policy()->set_data_class(static_cast<v1::DataClass>(99));
       }},
      {"policy: zero min",
       [](v1::ClientMessage& m) {
         Policy(m);
         m.mutable_set_retention_policy()->set_min_ms(0);
       }},
      {"policy: default above max",
       [](v1::ClientMessage& m) {
         Policy(m);
         m.mutable_set_retention_policy()->set_default_ms(4000);
       }},
      {"policy: min above default",
       [](v1::ClientMessage& m) {
         Policy(m);
         m.mutable_set_retention_policy()->set_min_ms(2500);
       }},
      {"policy: beyond the protocol maximum",
       [](v1::ClientMessage& m) {
         Policy(m);
         m.mutable_set_retention_policy()->set_max_ms(kMaxRetentionMs + 1);
       }},
      {"policy: wraps int64",
       [](v1::ClientMessage& m) {
         Policy(m);
         m.mutable_set_retention_policy()->set_max_ms(~0ULL);
       }},
      {"community: no id",
       [](v1::ClientMessage& m) {
         Community(m);
         m.mutable_set_community_retention()->clear_community_id();
       }},
      {"community: zero period",
       [](v1::ClientMessage& m) {
         Community(m);
         m.mutable_set_community_retention()->set_period_ms(0);
       }},
      {"community: reset with a period",
       [](v1::ClientMessage& m) {
         Community(m);
         m.mutable_set_community_retention()->set_reset(true);
       }},
      {"community: unknown class",
       [](v1::ClientMessage& m) {
         Community(m);
         m.mutable_set_community_retention()->set_data_class(static_cast<v1::DataClass>(11));
       }},
      {"erase without confirm", [](v1::ClientMessage& m) { m.mutable_erase_account(); }},
  };
  for (const Case& c : cases) {
    Status st = ValidateClientMessage(Request(c.fill), limits);
    EXPECT_EQ(st.code(), Code::kInvalidArgument) << c.name;
  }
}

}  // namespace
}  // namespace weerbaar::protocol
