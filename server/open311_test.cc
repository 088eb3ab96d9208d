#include "server/open311.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "signals/share_status.h"

namespace weerbaar::server {
namespace {

namespace json = boost::json;
constexpr int64_t kDay = 86'400'000;
constexpr int64_t k2026_11_29 = 1'795'910'400'000;  // 2026-11-29T00:00:00Z

TEST(Open311Test, DateTimesParseInUtcAndWithOffsetsAndFormatInUtc) {
  EXPECT_EQ(ParseW3cDateTime("2026-11-29T00:00:00Z").value(), k2026_11_29);
  EXPECT_EQ(ParseW3cDateTime("2026-11-29T01:30:00+01:30").value(), k2026_11_29);
  EXPECT_EQ(ParseW3cDateTime("2026-11-28T23:00:00-01:00").value(), k2026_11_29);
  EXPECT_EQ(ParseW3cDateTime("2026-11-29T00:00:00.250Z").value(), k2026_11_29);
  EXPECT_EQ(ParseW3cDateTime("1970-01-01T00:00:00Z").value(), 0);
  EXPECT_EQ(FormatW3cDateTime(k2026_11_29 + 3'723'000), "2026-11-29T01:02:03Z");
  EXPECT_EQ(FormatW3cDateTime(ParseW3cDateTime("2024-02-29T12:00:00Z").value()),
            "2024-02-29T12:00:00Z");
  for (const char* bad : {"", "2026-11-29", "2026-11-29T00:00:00", "2026-13-01T00:00:00Z",
                          "2026-11-29T24:00:00Z", "2026-11-29T00:00:00+1:00",
                          "2026-11-29 00:00:00Z", "2026-11-29T00:00:00.Z", "+026-11-29T00:00:00Z"})
    EXPECT_FALSE(ParseW3cDateTime(bad).ok()) << bad;
}

TEST(Open311Test, QueriesDefaultToTheLastDaysAndRefuseUnknownParameters) {
  auto q = ParseOpen311Query({{"jurisdiction_id", "x"}}, k2026_11_29, 90);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->end_ms, k2026_11_29);
  EXPECT_EQ(q->start_ms, k2026_11_29 - 90 * kDay);
  EXPECT_FALSE(q->open.has_value());
  q = ParseOpen311Query({{"service_code", "zwerfafval,inbraak"}, {"status", "closed"}}, k2026_11_29,
                        90);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->service_codes, (std::set<std::string>{"zwerfafval", "inbraak"}));
  EXPECT_EQ(q->open, false);
  EXPECT_FALSE(ParseOpen311Query({{"status", "pending"}}, k2026_11_29, 90).ok());
  EXPECT_FALSE(ParseOpen311Query({{"api_key", "x"}}, k2026_11_29, 90).ok());
  EXPECT_FALSE(ParseOpen311Query(
                   {{"start_date", "2026-11-29T00:00:00Z"}, {"end_date", "2026-11-28T00:00:00Z"}},
                   k2026_11_29, 90)
                   .ok());
}

storage::ShareRecord Share(const std::string& category, signals::ShareStatus status, int64_t at) {
  storage::ShareRecord s;
  s.share_id = std::string(16, '\xab');
  s.category = category;
  s.geohash = "u173zq";
  s.time_bucket_start_ms = at;
  s.status = static_cast<uint8_t>(status);
  s.reporter_user = "reporter-user-id";
  s.pseudonym = "pseudonym-bytes!";
  s.sealed_details = "sealed-details";
  return s;
}

TEST(Open311Test, AShareMatchesByCategoryOpenOrClosedAndRequestedTime) {
  Open311Query q =
      ParseOpen311Query({{"service_code", "zwerfafval"}, {"status", "open"}}, k2026_11_29, 7)
          .value();
  EXPECT_TRUE(MatchesOpen311Query(
      Share("zwerfafval", signals::ShareStatus::kInProgress, k2026_11_29 - kDay), q));
  EXPECT_FALSE(MatchesOpen311Query(
      Share("inbraak", signals::ShareStatus::kReceived, k2026_11_29 - kDay), q));
  EXPECT_FALSE(MatchesOpen311Query(
      Share("zwerfafval", signals::ShareStatus::kResolved, k2026_11_29 - kDay), q));
  EXPECT_FALSE(MatchesOpen311Query(
      Share("zwerfafval", signals::ShareStatus::kReceived, k2026_11_29 - 8 * kDay), q));
}

TEST(Open311Test, RequestsCarryTheCardOnlyNeverTheReporterOrTheSealedParts) {
  storage::ChannelRecord channel;
  channel.name = "Gemeente";
  channel.accepted_categories = {"zwerfafval"};
  const signals::Taxonomy taxonomy = signals::Taxonomy::Default().value();
  const std::string body = RenderOpen311Requests(
      channel, taxonomy, {Share("zwerfafval", signals::ShareStatus::kRejected, k2026_11_29)});
  json::value v = json::parse(body);
  ASSERT_EQ(v.as_array().size(), 1u);
  const json::object& r = v.as_array()[0].as_object();
  EXPECT_EQ(r.at("service_request_id").as_string(), "abababababababababababababababab");
  EXPECT_EQ(r.at("status").as_string(), "closed");
  EXPECT_EQ(r.at("status_notes").as_string(), "rejected");
  EXPECT_EQ(r.at("service_code").as_string(), "zwerfafval");
  EXPECT_EQ(r.at("service_name").as_string(), "Zwerfafval");
  EXPECT_EQ(r.at("agency_responsible").as_string(), "Gemeente");
  EXPECT_EQ(r.at("requested_datetime").as_string(), "2026-11-29T00:00:00Z");
  EXPECT_EQ(r.at("geohash").as_string(), "u173zq");
  // The centre of the cell, which is about 1.2 km x 0.6 km: never finer than the policy.
  EXPECT_NEAR(r.at("lat").as_double(), 52.37, 0.01);
  EXPECT_NEAR(r.at("long").as_double(), 4.90, 0.01);
  for (const char* secret : {"reporter-user-id", "pseudonym", "sealed-details"})
    EXPECT_EQ(body.find(secret), std::string::npos) << secret;
}

TEST(Open311Test, ServicesAreTheChannelsAcceptedCategoriesWithLabels) {
  storage::ChannelRecord channel;
  channel.name = "Politie";
  channel.accepted_categories = {"inbraak", "verdacht-persoon"};
  json::value v = json::parse(RenderOpen311Services(channel, signals::Taxonomy::Default().value()));
  ASSERT_EQ(v.as_array().size(), 2u);
  EXPECT_EQ(v.as_array()[0].at("service_code").as_string(), "inbraak");
  EXPECT_EQ(v.as_array()[0].at("service_name").as_string(), "Inbraak");
  EXPECT_EQ(v.as_array()[0].at("metadata").as_bool(), false);
  EXPECT_EQ(v.as_array()[1].at("group").as_string(), "Politie");
  EXPECT_EQ(json::parse(RenderOpen311Error(401, "bad signature")).as_array()[0].at("code"), 401);
}

}  // namespace
}  // namespace weerbaar::server
