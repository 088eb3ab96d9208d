#include "signals/privacy_filter.h"

#include <gtest/gtest.h>

#include <functional>

namespace weerbaar::signals {
namespace {

constexpr int64_t kNow = 1'704'296'527'000;  // Wed 2024-01-03 15:42:07 UTC

ChannelPolicy Municipality() {
  ChannelPolicy p;
  p.type = ChannelType::kMunicipality;
  p.accepted_categories = {"zwerfafval", "straatverlichting", "verdachte-situatie"};
  p.location_precision = 6;
  p.time_bucket = TimeBucket::kDay;
  return p;
}

ChannelPolicy Police() {
  ChannelPolicy p;
  p.type = ChannelType::kPolice;
  p.accepted_categories = {"verdacht-persoon", "inbraak", "verdachte-situatie"};
  p.location_precision = 7;
  p.time_bucket = TimeBucket::kHour;
  return p;
}

CardInput Input() {
  CardInput in;
  in.category = "zwerfafval";
  in.geohash = "u173zq3bc";
  in.timestamp_ms = kNow - 2 * kHourMs;
  in.community_id = Bytes(16, 0xAA);
  return in;
}

struct Case {
  const char* name;
  std::function<void(CardInput&)> edit_input;
  std::function<ChannelPolicy()> policy;
  Code expected;
};

class PrivacyFilterTest : public ::testing::Test {
 protected:
  Result<Card> Filter(const CardInput& in, const ChannelPolicy& policy) {
    return FilterCard(in, policy, taxonomy_, pseudonym_, kNow);
  }
  Taxonomy taxonomy_ = Taxonomy::Default().value();
  Bytes pseudonym_ = Bytes(16, 0x5E);
};

TEST_F(PrivacyFilterTest, RefusesOrAdmitsEachCardAsItsPolicySays) {
  auto none = [](CardInput&) {};
  const std::vector<Case> cases = {
      {"plain municipal card", none, Municipality, Code::kOk},
      {"exactly the channel precision", [](CardInput& in) { in.geohash = "u173zq"; }, Municipality,
       Code::kOk},
      {"no location", [](CardInput& in) { in.geohash.reset(); }, Municipality, Code::kOk},
      {"no time", [](CardInput& in) { in.timestamp_ms.reset(); }, Municipality, Code::kOk},
      {"coarser than the channel", [](CardInput& in) { in.geohash = "u173z"; }, Municipality,
       Code::kInvalidArgument},
      {"invalid geohash", [](CardInput& in) { in.geohash = "u173zqa"; }, Municipality,
       Code::kInvalidArgument},
      {"upper-case geohash", [](CardInput& in) { in.geohash = "U173ZQ3"; }, Municipality,
       Code::kInvalidArgument},
      {"extra field: name", [](CardInput& in) { in.extra["reporter_name"] = "Jan"; }, Municipality,
       Code::kInvalidArgument},
      {"extra field: exact address", [](CardInput& in) { in.extra["address"] = "Dorpsstraat 1"; },
       Municipality, Code::kInvalidArgument},
      {"extra field with odd name", [](CardInput& in) { in.extra["\xFF\n"] = ""; }, Municipality,
       Code::kInvalidArgument},
      {"unknown category", [](CardInput& in) { in.category = "ufo"; }, Municipality,
       Code::kInvalidArgument},
      {"category not accepted", [](CardInput& in) { in.category = "inbraak"; }, Municipality,
       Code::kPermissionDenied},
      {"person category to police", [](CardInput& in) { in.category = "verdacht-persoon"; }, Police,
       Code::kOk},
      {"person category to municipality", [](CardInput& in) { in.category = "verdacht-persoon"; },
       [] {
         ChannelPolicy p = Municipality();
         p.type = ChannelType::kMunicipality;
         p.accepted_categories.push_back("verdacht-persoon");
         return p;
       },
       Code::kFailedPrecondition},  // such a policy is itself invalid
      {"person category to a police channel that does not accept it",
       [](CardInput& in) { in.category = "verdacht-persoon"; },
       [] {
         ChannelPolicy p = Police();
         p.accepted_categories = {"inbraak"};
         return p;
       },
       Code::kPermissionDenied},
      {"time in the future beyond the skew",
       [](CardInput& in) { in.timestamp_ms = kNow + kMaxCardFutureSkewMs + 1; }, Municipality,
       Code::kInvalidArgument},
      {"time in the future within the skew",
       [](CardInput& in) { in.timestamp_ms = kNow + kMaxCardFutureSkewMs; }, Municipality,
       Code::kOk},
      {"time too old", [](CardInput& in) { in.timestamp_ms = kNow - kMaxCardAgeMs - 1; },
       Municipality, Code::kInvalidArgument},
      {"time at the age bound", [](CardInput& in) { in.timestamp_ms = kNow - kMaxCardAgeMs; },
       Municipality, Code::kOk},
      {"negative time", [](CardInput& in) { in.timestamp_ms = -1; }, Municipality,
       Code::kInvalidArgument},
      {"short community id", [](CardInput& in) { in.community_id.pop_back(); }, Municipality,
       Code::kInvalidArgument},
      {"policy precision too fine", none,
       [] {
         ChannelPolicy p = Municipality();
         p.location_precision = kMaxLocationPrecision + 1;
         return p;
       },
       Code::kFailedPrecondition},
      {"policy names an unknown category", none,
       [] {
         ChannelPolicy p = Municipality();
         p.accepted_categories.push_back("ufo");
         return p;
       },
       Code::kFailedPrecondition},
  };
  for (const Case& c : cases) {
    CardInput in = Input();
    c.edit_input(in);
    EXPECT_EQ(Filter(in, c.policy()).status().code(), c.expected) << c.name;
  }
}

TEST_F(PrivacyFilterTest, CoarsensLocationAndTimeAndCarriesOnlyThePseudonym) {
  Card card = Filter(Input(), Municipality()).value();
  EXPECT_EQ(card.category, "zwerfafval");
  EXPECT_EQ(card.geohash, "u173zq");
  EXPECT_EQ(card.time_bucket_start_ms, 1'704'240'000'000);  // 2024-01-03 00:00 UTC
  EXPECT_EQ(card.time_bucket, TimeBucket::kDay);
  EXPECT_EQ(card.community_id, Bytes(16, 0xAA));
  EXPECT_EQ(card.pseudonym, pseudonym_);

  CardInput person = Input();
  person.category = "verdacht-persoon";
  Card police = Filter(person, Police()).value();
  EXPECT_EQ(police.geohash, "u173zq3");
  EXPECT_EQ(police.time_bucket_start_ms, 1'704'286'800'000);  // 13:00 UTC (event at 13:42)
}

TEST_F(PrivacyFilterTest, LeavesOutWhatTheClientLeftOut) {
  CardInput in = Input();
  in.geohash.reset();
  in.timestamp_ms.reset();
  Card card = Filter(in, Municipality()).value();
  EXPECT_FALSE(card.geohash.has_value());
  EXPECT_FALSE(card.time_bucket_start_ms.has_value());
}

TEST_F(PrivacyFilterTest, RefusesAPseudonymOfTheWrongSize) {
  EXPECT_EQ(FilterCard(Input(), Municipality(), taxonomy_, Bytes(15, 1), kNow).status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(FilterCard(Input(), Municipality(), taxonomy_, {}, kNow).status().code(),
            Code::kInvalidArgument);
}

TEST_F(PrivacyFilterTest, NamesAPlainUnknownFieldButNeverEchoesOddText) {
  CardInput in = Input();
  in.extra["reporter_name"] = "Jan";
  std::string message = Filter(in, Municipality()).status().message();
  EXPECT_NE(message.find("'reporter_name'"), std::string::npos);
  EXPECT_EQ(message.find("Jan"), std::string::npos);
  in.extra.clear();
  in.extra["Jan de Vries 0612345678"] = "";
  message = Filter(in, Municipality()).status().message();
  EXPECT_EQ(message.find("Jan"), std::string::npos);
  EXPECT_EQ(message.find("0612345678"), std::string::npos);
}

TEST_F(PrivacyFilterTest, ValidatePolicyRefusesAPersonCategoryOutsidePolice) {
  EXPECT_TRUE(ValidatePolicy(Police(), taxonomy_).ok());
  EXPECT_TRUE(ValidatePolicy(Municipality(), taxonomy_).ok());
  for (ChannelType type :
       {ChannelType::kMunicipality, ChannelType::kHousing, ChannelType::kOther}) {
    ChannelPolicy p = Police();
    p.type = type;
    EXPECT_EQ(ValidatePolicy(p, taxonomy_).code(), Code::kInvalidArgument);
  }
  ChannelPolicy twice = Municipality();
  twice.accepted_categories.push_back("zwerfafval");
  EXPECT_EQ(ValidatePolicy(twice, taxonomy_).code(), Code::kInvalidArgument);
  ChannelPolicy zero = Municipality();
  zero.location_precision = 0;
  EXPECT_EQ(ValidatePolicy(zero, taxonomy_).code(), Code::kInvalidArgument);
}

}  // namespace
}  // namespace weerbaar::signals
