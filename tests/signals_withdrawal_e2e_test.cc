// Signal reports end to end, continued: refused consents sent raw, withdrawal reaching
// every partner device and leaving no trace in the data folder, and the CLI.
#include <boost/json/parse.hpp>
#include <boost/json/src.hpp>  // Boost.JSON's implementation, once for this binary
#include <fstream>

#include "crypto/consent.h"
#include "storage/disk_scan_test_util.h"
#include "tests/signals_env.h"
#include "tests/wire_session.h"

namespace weerbaar::testing {
namespace {

namespace json = boost::json;
using Body = v1::ServerMessage;
using SignalsWithdrawalTest = SignalsEnv;

constexpr int64_t kHourMs = 3600 * 1000;

// A share of `report` built by the client library for `device`, to be tampered with.
v1::ShareReport ShareFor(client::Client& c, const crypto::DeviceIdentity& device,
                         const client::LocalReport& report, const Bytes& channel_id) {
  int64_t now = SystemClock::Default()->NowMillis();
  auto channel = c.LookupChannel(channel_id);
  auto taxonomy = c.Taxonomy();
  EXPECT_TRUE(channel.ok() && taxonomy.ok());
  auto preview = client::PreviewShare(report, *channel, {}, **taxonomy, now);
  EXPECT_TRUE(preview.ok()) << preview.status().ToString();
  auto built = client::BuildShare(device, report, *channel, *preview, now);
  EXPECT_TRUE(built.ok()) << built.status().ToString();
  return built->request;
}

v1::ErrorCode ErrorOf(WireSession& raw, const v1::ShareReport& share) {
  v1::ClientMessage request;
  *request.mutable_share_report() = share;
  auto reply = raw.Call(std::move(request));
  EXPECT_TRUE(reply.ok()) << reply.status().ToString();
  return reply.ok() && reply->has_error() ? reply->error().code() : v1::ERROR_UNSPECIFIED;
}

TEST_F(SignalsWithdrawalTest, AForgedOrExpiredConsentIsRefusedAndAnIntactOneAccepted) {
  auto report = anna_->FileReport(group_, Litter());
  ASSERT_TRUE(report.ok());
  auto device = anna_->profile().LoadIdentity();
  ASSERT_TRUE(device.ok());
  WireSession raw;
  ASSERT_TRUE(raw.Open(server_->port()).ok());
  ASSERT_TRUE(raw.Authenticate(*device).ok());
  v1::ShareReport intact = ShareFor(*anna_, *device, *report, municipality_);

  v1::ShareReport forged = intact;
  forged.mutable_consent_signature()->at(10) ^= 0x01;
  EXPECT_EQ(ErrorOf(raw, forged), v1::UNAUTHENTICATED);

  auto consent = crypto::DecodeConsent(AsBytes(intact.consent()));
  ASSERT_TRUE(consent.ok());
  consent->issued_at_ms -= 3 * kHourMs;
  consent->expires_at_ms = consent->issued_at_ms + kHourMs;
  v1::ShareReport expired = intact;
  expired.set_consent(ToString(*crypto::EncodeConsent(*consent)));
  expired.set_consent_signature(ToString(*crypto::SignConsent(*device, *consent)));
  EXPECT_EQ(ErrorOf(raw, expired), v1::BAD_REQUEST);

  EXPECT_TRUE(Cards(*gemeente_, municipality_).empty());   // neither reached the partner
  EXPECT_EQ(ErrorOf(raw, intact), v1::ERROR_UNSPECIFIED);  // the control goes through
  EXPECT_EQ(Cards(*gemeente_, municipality_).size(), 1u);
}

TEST_F(SignalsWithdrawalTest, AWithdrawnShareLeavesEveryPartnerDeviceAndEveryFile) {
  FileAndShare();
  // A second device of the municipality partner: it holds copies but not the channel key.
  v1::CreateInvite link;
  link.set_kind(v1::INVITE_DEVICE_LINK);
  std::unique_ptr<client::Client> second = Join("gemeente-2", Invite(*gemeente_, link));
  std::vector<client::PartnerCard> held = Cards(*second, municipality_);
  ASSERT_EQ(held.size(), 1u);
  EXPECT_FALSE(held[0].opened);
  EXPECT_NE(held[0].problem.find("another partner device"), std::string::npos);
  second->Close();  // offline while the consent is withdrawn

  std::vector<client::PartnerCard> cards = Cards(*gemeente_, municipality_);
  ASSERT_EQ(cards.size(), 1u);
  const std::string share_id = cards[0].share.share_id();
  const std::string sealed = cards[0].share.sealed_details().substr(0, 48);
  auto scan = storage::DiskScan::Of(server_->data_dir());
  ASSERT_TRUE(scan.ok()) << scan.status().ToString();
  EXPECT_FALSE(scan->FilesHolding(share_id).empty());  // control: the scan sees the share

  ASSERT_TRUE(anna_->WithdrawConsent(report_, municipality_).ok());
  EXPECT_EQ(anna_->state().signals().shares_size(), 0);  // the reply key is gone
  ExpectPush(*gemeente_, Body::kPushShareRetracted);
  EXPECT_TRUE(gemeente_->PartnerCards(municipality_)->empty());
  EXPECT_EQ(gemeente_->SetShareStatus(share_, v1::STATUS_RESOLVED).code(), Code::kNotFound);

  // Back online: an incremental sync names its copy in held_share_ids and deletes it when
  // the server answers gone_share_ids; a full sync deletes what the server no longer lists.
  // Together they delete the copy exactly once, whichever of the two the server supports.
  ASSERT_TRUE(second->Connect().ok());
  auto incremental = second->SyncChannel(municipality_);
  ASSERT_TRUE(incremental.ok());
  auto full = second->SyncChannel(municipality_, true);
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(incremental->gone + full->gone, 1u);
  EXPECT_TRUE(second->PartnerCards(municipality_)->empty());

  // A retention change asks for a sweep, which flushes and compacts before shutdown; the
  // restart writes a fresh MANIFEST (docs/retention.md, Known limits).
  auto retention = leader_->GetRetention(community_);
  ASSERT_TRUE(retention.ok());
  v1::SetCommunityRetention change;
  change.set_community_id(ToString(community_));
  change.set_data_class(v1::DATA_CLASS_CHAT_MESSAGE);
  for (const v1::ClassRetention& c : retention->classes())
    if (c.data_class() == v1::DATA_CLASS_CHAT_MESSAGE) change.set_period_ms(c.period_ms());
  Status swept = leader_->SetCommunityRetention(change);
  ASSERT_TRUE(swept.ok()) << swept.ToString();
  ASSERT_EQ(server_->Stop(), 0);
  ASSERT_TRUE(server_->Start()) << server_->log();
  ASSERT_EQ(server_->Stop(), 0);
  scan = storage::DiskScan::Of(server_->data_dir());
  ASSERT_TRUE(scan.ok());
  EXPECT_EQ(scan->FilesHolding(share_id), std::vector<std::string>{});
  EXPECT_EQ(scan->FilesHolding(sealed), std::vector<std::string>{});
}

json::value JsonOf(const ProcessResult& r) {
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.exit_code == 0 ? json::parse(r.out) : json::value();
}

TEST_F(SignalsWithdrawalTest, TheCliFilesSharesListsAndWithdrawsAndThePartnerReadsTheCard) {
  // The CLI opens the same profiles: their library clients step aside.
  admin_.reset();
  anna_.reset();
  gemeente_.reset();
  Cli admin(tmp_.Sub("admin")), anna(tmp_.Sub("anna")), gemeente(tmp_.Sub("gemeente"));
  std::string group = HexEncode(group_), community = HexEncode(community_);

  ProcessResult no_category = anna.Run({"report", "file", group, "--text", kLitterText});
  EXPECT_EQ(no_category.exit_code, 1);
  EXPECT_NE(no_category.err.find("--category"), std::string::npos) << no_category.err;
  ASSERT_TRUE(WriteTextFile(tmp_.Sub("photo.jpg"), "\xFF\xD8 litter photo"));
  std::string report(JsonOf(anna.Run({"--json", "report", "file", group, "--category", "zwerfafval",
                                      "--text", kLitterText, "--lat", "52.36051", "--lon",
                                      "4.91742", "--photo", tmp_.Sub("photo.jpg")}))
                         .at("report_id")
                         .as_string());
  ProcessResult preview = anna.Run({"report", "preview", report, "Gemeente"});
  EXPECT_EQ(preview.exit_code, 0) << preview.err;
  EXPECT_NE(preview.out.find("[telefoon]"), std::string::npos) << preview.out;
  EXPECT_EQ(preview.out.find("06-12345678"), std::string::npos) << preview.out;
  std::string share(JsonOf(anna.Run({"--json", "report", "share", report, "Gemeente"}))
                        .at("share_id")
                        .as_string());

  json::array cards = JsonOf(gemeente.Run({"--json", "partner", "cards", "Gemeente", "--photos",
                                           tmp_.Sub("photos")}))
                          .as_array();
  ASSERT_EQ(cards.size(), 1u);
  EXPECT_EQ(cards[0].at("share_id").as_string(), share);
  std::ifstream photo(tmp_.Sub("photos") + "/" + share + ".photo", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(photo)), std::istreambuf_iterator<char>());
  EXPECT_EQ(bytes, "\xFF\xD8 litter photo");
  EXPECT_NE(cards[0].at("details_text").as_string().find("[e-mail]"), std::string::npos);
  EXPECT_EQ(gemeente.Run({"partner", "status", share, "resolved"}).exit_code, 0);
  ProcessResult posted = gemeente.Run({"partner", "update", share, "Opgeruimd, dank!"});
  EXPECT_EQ(posted.exit_code, 0) << posted.err;
  json::array mine = JsonOf(anna.Run({"--json", "report", "list"})).as_array();
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].at("status").as_string(), "resolved");
  auto seen = bram_->Sync(group_);  // `report list` relayed the status and update into the group
  ASSERT_TRUE(seen.ok());
  ASSERT_GE(seen->size(), 2u);
  EXPECT_NE(seen->at(seen->size() - 2).text().find("Gemeente: resolved"), std::string::npos);
  EXPECT_NE(seen->back().text().find("Gemeente: Opgeruimd, dank!"), std::string::npos);

  EXPECT_EQ(anna.Run({"report", "withdraw", report, "Gemeente"}).exit_code, 0);
  EXPECT_TRUE(JsonOf(gemeente.Run({"--json", "partner", "cards", "Gemeente"})).as_array().empty());

  std::string housing(
      JsonOf(admin.Run({"--json", "channel", "create", community, "Corporatie", "--type", "housing",
                        "--categories", "overlast", "--bucket", "week"}))
          .at("channel_id")
          .as_string());
  json::array channels = JsonOf(admin.Run({"--json", "channel", "list", community})).as_array();
  EXPECT_EQ(channels.size(), 3u);
  EXPECT_FALSE(
      JsonOf(admin.Run({"--json", "channel", "invite", housing})).at("token").as_string().empty());
  EXPECT_EQ(JsonOf(admin.Run({"--json", "trends", "Gemeente"})).at("cells").as_array().size(), 0u);
}

}  // namespace
}  // namespace weerbaar::testing
