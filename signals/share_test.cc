#include "signals/share.h"

#include <gtest/gtest.h>

#include "crypto/channel_seal.h"
#include "crypto/primitives.h"

namespace weerbaar::signals {
namespace {

constexpr int64_t kNow = 1'704'296'527'000;  // Wed 2024-01-03 15:42:07 UTC

class ShareTest : public ::testing::Test {
 protected:
  ShareTest() {
    policy_.type = ChannelType::kMunicipality;
    policy_.accepted_categories = {"zwerfafval", "straatverlichting"};
    policy_.location_precision = 6;
    policy_.may_ask_questions = true;
  }
  crypto::ConsentRecord Consent(std::vector<std::string> fields) const {
    crypto::ConsentRecord c;
    c.report_id = report_id_;
    c.channel_id = channel_id_;
    c.purpose = "handling";
    c.fields = std::move(fields);
    c.issued_at_ms = kNow - 1000;
    c.expires_at_ms = kNow + 90 * kDayMs;
    c.device_id = reporter_.device_id();
    return c;
  }
  ShareRequest Request(const crypto::ConsentRecord& consent) const {
    ShareRequest r;
    r.consent = crypto::EncodeConsent(consent).value();
    r.consent_signature = crypto::SignConsent(reporter_, consent).value();
    r.card.category = "straatverlichting";
    r.card.geohash = "u173zq3bc";
    r.card.timestamp_ms = kNow - kHourMs;
    r.card.community_id = Bytes(16, 0xAA);
    return r;
  }
  Bytes Seal(std::string_view text) const {
    Bytes aad = crypto::ShareAad(report_id_, channel_id_).value();
    return crypto::SealToChannel(channel_keys_.public_key, AsBytes(text), aad).value();
  }
  Result<PartnerView> Admit(const ShareRequest& r, int64_t now = kNow) const {
    return AdmitShare(r, channel_id_, policy_, taxonomy_, reporter_.signing_public(), pseudonym_,
                      now);
  }

  crypto::DeviceIdentity reporter_ = crypto::DeviceIdentity::Generate();
  crypto::X25519KeyPair channel_keys_ = crypto::X25519KeyPair::Generate();
  Bytes report_id_ = Bytes(16, 0x11), channel_id_ = Bytes(16, 0xC1);
  Bytes pseudonym_ = NewSharePseudonym();
  ChannelPolicy policy_;
  Taxonomy taxonomy_ = Taxonomy::Default().value();
};

TEST_F(ShareTest, AdmitsAConsentedShareAndThePartnerCanOpenTheDetails) {
  ShareRequest r = Request(Consent({"category", "location", "time", "details"}));
  r.sealed_details = Seal("lamp bij de speeltuin kapot");
  auto view = Admit(r);
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  EXPECT_EQ(view->report_id, report_id_);
  EXPECT_EQ(view->card.category, "straatverlichting");
  EXPECT_EQ(view->card.geohash, "u173zq");
  EXPECT_EQ(view->card.pseudonym, pseudonym_);
  EXPECT_EQ(view->purpose, "handling");
  EXPECT_TRUE(view->ShownInChannel());
  EXPECT_TRUE(view->may_ask_questions);
  Bytes aad = crypto::ShareAad(view->report_id, channel_id_).value();
  auto details = crypto::OpenFromChannel(channel_keys_, view->sealed_details, aad);
  ASSERT_TRUE(details.ok());
  EXPECT_EQ(ToString(*details), "lamp bij de speeltuin kapot");
}

TEST_F(ShareTest, RefusesAShareWithoutAValidConsent) {
  ShareRequest good = Request(Consent({"category", "location", "time"}));
  ShareRequest bad_sig = good;
  bad_sig.consent_signature[0] ^= 1;
  EXPECT_EQ(Admit(bad_sig).status().code(), Code::kUnauthenticated);
  ShareRequest garbage = good;
  garbage.consent = Bytes{1, 2, 3};
  EXPECT_EQ(Admit(garbage).status().code(), Code::kInvalidArgument);
  crypto::ConsentRecord other_channel = Consent({"category", "location", "time"});
  other_channel.channel_id = Bytes(16, 0xC2);
  EXPECT_EQ(Admit(Request(other_channel)).status().code(), Code::kPermissionDenied);
  EXPECT_EQ(Admit(good, kNow + 90 * kDayMs).status().code(), Code::kFailedPrecondition);
  auto other_key =
      AdmitShare(good, channel_id_, policy_, taxonomy_,
                 crypto::DeviceIdentity::Generate().signing_public(), pseudonym_, kNow);
  EXPECT_EQ(other_key.status().code(), Code::kUnauthenticated);
  EXPECT_EQ(AdmitShare(good, Bytes(15, 1), policy_, taxonomy_, reporter_.signing_public(),
                       pseudonym_, kNow)
                .status()
                .code(),
            Code::kInvalidArgument);
}

TEST_F(ShareTest, RefusesEveryPartTheConsentDoesNotCover) {
  struct Case {
    const char* missing_field;
    void (*add_part)(ShareRequest&, const Bytes& box);
  };
  const Case cases[] = {
      {"location", [](ShareRequest& r, const Bytes&) { r.card.geohash = "u173zq3"; }},
      {"time", [](ShareRequest& r, const Bytes&) { r.card.timestamp_ms = kNow; }},
      {"details", [](ShareRequest& r, const Bytes& box) { r.sealed_details = box; }},
      {"photo", [](ShareRequest& r, const Bytes& box) { r.sealed_photo = box; }},
      {"contact", [](ShareRequest& r, const Bytes& box) { r.sealed_contact = box; }},
  };
  const std::vector<std::string> all = {"category", "contact", "details",
                                        "location", "photo",   "time"};
  for (const Case& c : cases) {
    std::vector<std::string> fields;
    for (const std::string& f : all) {
      if (f != c.missing_field) fields.push_back(f);
    }
    ShareRequest r = Request(Consent(fields));
    r.card.geohash.reset();
    r.card.timestamp_ms.reset();
    ASSERT_TRUE(Admit(r).ok()) << c.missing_field;
    c.add_part(r, Seal("canary"));
    EXPECT_EQ(Admit(r).status().code(), Code::kPermissionDenied) << c.missing_field;
  }
  ShareRequest no_category = Request(Consent({"location", "time"}));
  EXPECT_EQ(Admit(no_category).status().code(), Code::kPermissionDenied);
}

TEST_F(ShareTest, ATrendsOnlyShareCarriesNoSealedPartsAndIsNotListed) {
  crypto::ConsentRecord consent = Consent({"category", "details", "location", "time"});
  consent.purpose = "trends";
  ShareRequest r = Request(consent);
  auto view = Admit(r);
  ASSERT_TRUE(view.ok());
  EXPECT_FALSE(view->ShownInChannel());
  EXPECT_FALSE(view->may_ask_questions);
  r.sealed_details = Seal("x");
  EXPECT_EQ(Admit(r).status().code(), Code::kPermissionDenied);
}

TEST_F(ShareTest, RefusesSealedPartsOfImpossibleSize) {
  ShareRequest r = Request(Consent({"category", "details", "location", "photo", "time"}));
  r.sealed_details = Bytes(crypto::kSealOverheadBytes - 1, 1);
  EXPECT_EQ(Admit(r).status().code(), Code::kInvalidArgument);
  r.sealed_details = Bytes(kMaxSealedDetailsBytes + 1, 1);
  EXPECT_EQ(Admit(r).status().code(), Code::kInvalidArgument);
  r.sealed_details.clear();
  r.sealed_photo = Bytes(kMaxSealedPhotoBytes + 1, 1);
  EXPECT_EQ(Admit(r).status().code(), Code::kInvalidArgument);
}

TEST_F(ShareTest, QuestionsNeedThePolicyAndTheDetailsThatCarryTheReplyKey) {
  ShareRequest r = Request(Consent({"category", "details", "location", "time"}));
  EXPECT_FALSE(Admit(r).value().may_ask_questions);
  r.sealed_details = Seal("details with a reply key");
  EXPECT_TRUE(Admit(r).value().may_ask_questions);
  policy_.may_ask_questions = false;
  EXPECT_FALSE(Admit(r).value().may_ask_questions);
}

TEST_F(ShareTest, AShareIsServedOnlyUntilItsConsentIsWithdrawnOrExpires) {
  ShareRequest r = Request(Consent({"category"}));
  r.card.geohash.reset();
  r.card.timestamp_ms.reset();
  PartnerView view = Admit(r).value();
  EXPECT_TRUE(CheckServable(view, std::nullopt, kNow).ok());
  EXPECT_EQ(CheckServable(view, kNow, kNow).code(), Code::kFailedPrecondition);
  EXPECT_TRUE(CheckServable(view, std::nullopt, view.consent_expires_at_ms - 1).ok());
  EXPECT_EQ(CheckServable(view, std::nullopt, view.consent_expires_at_ms).code(),
            Code::kFailedPrecondition);
}

TEST_F(ShareTest, TrendKeysLinkOneReporterOnlyUnderOneSecret) {
  crypto::SecretBytes secret = crypto::RandomSecret(32), other = crypto::RandomSecret(32);
  Bytes a = ReporterTrendKey(secret, ToBytes("user-a")).value();
  EXPECT_EQ(a.size(), 16u);
  EXPECT_EQ(a, ReporterTrendKey(secret, ToBytes("user-a")).value());
  EXPECT_NE(a, ReporterTrendKey(secret, ToBytes("user-b")).value());
  EXPECT_NE(a, ReporterTrendKey(other, ToBytes("user-a")).value());
  EXPECT_EQ(ReporterTrendKey(crypto::RandomSecret(16), ToBytes("a")).status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(ReporterTrendKey(secret, {}).status().code(), Code::kInvalidArgument);
  EXPECT_NE(NewSharePseudonym(), NewSharePseudonym());
}

}  // namespace
}  // namespace weerbaar::signals
