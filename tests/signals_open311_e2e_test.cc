// Open311 GeoReport v2 over signed HTTP and the admin's taxonomy, end to end (issue 3,
// docs/signals.md "Open311"): the real server binary, clients of the client library and
// the real CLI. A partner system pulls its channel's cards with requests its device signs;
// another channel's partner is refused; the card carries no reporter and no details.
#include "tests/signals_env.h"

namespace weerbaar::testing {
namespace {

using SignalsOpen311Test = SignalsEnv;

std::string Channel(const Bytes& id) { return "channels/" + HexEncode(id) + "/"; }

TEST_F(SignalsOpen311Test, APartnerPullsItsChannelAsOpen311OverSignedHttp) {
  FileAndShare();
  Result<client::HttpReply> services = gemeente_->Open311(Channel(municipality_) + "services.json");
  ASSERT_TRUE(services.ok()) << services.status().ToString();
  EXPECT_EQ(services->status, 200) << services->body;
  EXPECT_EQ(services->content_type, "application/json; charset=utf-8");
  EXPECT_NE(services->body.find("\"service_code\":\"zwerfafval\""), std::string::npos);
  Result<client::HttpReply> open = gemeente_->Open311(
      Channel(municipality_) + "requests.json?status=open&service_code=zwerfafval");
  ASSERT_TRUE(open.ok());
  ASSERT_EQ(open->status, 200) << open->body;
  EXPECT_NE(open->body.find(HexEncode(share_)), std::string::npos) << open->body;
  for (const char* secret : {"Vuilniszakken", "06-12345678", "Jan de Vries", "anna"})
    EXPECT_EQ(open->body.find(secret), std::string::npos) << secret;
  EXPECT_EQ(gemeente_->Open311(Channel(municipality_) + "requests.json?status=closed")->body, "[]");
  // The police partner, and a resident, are not partners of the municipality's channel.
  EXPECT_EQ(politie_->Open311(Channel(municipality_) + "requests.json")->status, 403);
  EXPECT_EQ(anna_->Open311(Channel(municipality_) + "services.json")->status, 403);
  // The CLI of the municipality's partner, on the same profile.
  gemeente_->Close();
  ProcessResult cli = Cli(tmp_.Sub("gemeente"))
                          .Run({"partner", "open311", HexEncode(municipality_), "requests",
                                "--query", "status=open"});
  EXPECT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_NE(cli.out.find(HexEncode(share_)), std::string::npos) << cli.out;
}

TEST_F(SignalsOpen311Test, TheAdminConfiguresTheTaxonomyButNeverSwitchesOffTheHouseRule) {
  const std::string file = tmp_.Sub("overrides.json");
  ASSERT_TRUE(WriteTextFile(
      file, R"({"format":"weerbaar-taxonomy-overrides/v1","upsert":[{"id":"speeltuin",)"
            R"("label_nl":"Speeltuin kapot","label_en":"Broken playground",)"
            R"("describes_person":false,"keywords":["speeltuin*"]}],"remove":[]})"));
  admin_->Close();
  anna_->Close();
  const Cli admin(tmp_.Sub("admin")), anna(tmp_.Sub("anna"));
  ProcessResult set = admin.Run({"admin", "taxonomy", "set", file});
  EXPECT_EQ(set.exit_code, 0) << set.err;
  ProcessResult shown = anna.Run({"admin", "taxonomy", "show"});  // anyone may read it
  EXPECT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("\"speeltuin\""), std::string::npos);
  EXPECT_NE(anna.Run({"admin", "taxonomy", "set", file}).exit_code, 0);  // residents may not
  ASSERT_TRUE(WriteTextFile(file, R"({"format":"weerbaar-taxonomy-overrides/v1","upsert":[],)"
                                  R"("remove":["verdacht-persoon"]})"));
  ProcessResult refused = admin.Run({"admin", "taxonomy", "set", file});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(admin.Run({"admin", "taxonomy", "show"}).out.find("verdacht-persoon"),
            std::string::npos);
}

}  // namespace
}  // namespace weerbaar::testing
