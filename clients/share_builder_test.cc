#include "clients/share_builder.h"

#include <gtest/gtest.h>

#include "crypto/consent.h"
#include "crypto/primitives.h"
#include "signals/geohash.h"

namespace weerbaar::client {
namespace {

constexpr int64_t kNow = 1'750'000'000'000;  // a Sunday in June 2025, 15:06 UTC
constexpr double kLat = 52.36051, kLon = 4.91742;

class ShareBuilderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    channel_.set_channel_id(ToString(crypto::RandomBytes(16)));
    channel_.set_public_key(ToString(key_.public_key));
    v1::ChannelPolicy* p = channel_.mutable_policy();
    p->set_type(v1::CHANNEL_MUNICIPALITY);
    p->add_accepted_categories("zwerfafval");
    p->set_location_precision(5);
    p->set_time_bucket(v1::BUCKET_DAY);
    p->add_names_to_scrub("Jan de Vries");
    report_.set_report_id(ToString(crypto::RandomBytes(16)));
    report_.set_community_id(ToString(crypto::RandomBytes(16)));
    report_.set_category("zwerfafval");
    report_.set_text("Afval. Bel Jan de Vries op 0612345678.");
    report_.set_has_location(true);
    report_.set_lat(kLat);
    report_.set_lon(kLon);
    report_.set_happened_at_ms(kNow - 3600 * 1000);
  }
  Result<SharePreview> Preview(ShareOptions options = {}) {
    return PreviewShare(report_, channel_, options, *taxonomy_, kNow);
  }

  Result<signals::Taxonomy> taxonomy_ = signals::Taxonomy::Default();
  crypto::X25519KeyPair key_ = crypto::X25519KeyPair::Generate();
  crypto::DeviceIdentity device_ = crypto::DeviceIdentity::Generate();
  v1::ChannelInfo channel_;
  LocalReport report_;
};

TEST_F(ShareBuilderTest, ThePreviewIsTheCardTheFilterMakesAndTheScrubbedText) {
  auto p = Preview();
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->card.geohash, *signals::EncodeGeohash(kLat, kLon, 5));
  EXPECT_EQ(p->card.time_bucket_start_ms, kNow - kNow % signals::kDayMs);
  EXPECT_EQ(p->details_text, "Afval. Bel [naam] op [telefoon].");
  EXPECT_EQ(p->scrub.count(crypto::PiiKind::kPhone), 1);
  EXPECT_EQ(p->scrub.count(crypto::PiiKind::kName), 1);
  EXPECT_EQ(p->fields, (std::vector<std::string>{"category", "details", "location", "time"}));
  EXPECT_FALSE(p->photo);
  EXPECT_FALSE(p->contact);
  EXPECT_EQ(p->expires_at_ms, kNow + kDefaultConsentMs);
}

TEST_F(ShareBuilderTest, TheShareCarriesAValidConsentAndDetailsOnlyTheChannelOpens) {
  auto p = Preview();
  ASSERT_TRUE(p.ok());
  auto built = BuildShare(device_, report_, channel_, *p, kNow);
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  const v1::ShareReport& r = built->request;
  auto consent = crypto::DecodeConsent(AsBytes(r.consent()));
  ASSERT_TRUE(consent.ok());
  EXPECT_TRUE(crypto::CheckConsent(*consent, AsBytes(r.consent_signature()),
                                   device_.signing_public(), AsBytes(channel_.channel_id()), kNow)
                  .ok());
  EXPECT_EQ(r.card().geohash(), *p->card.geohash);  // never more precise than the channel's
  auto aad = crypto::ShareAad(AsBytes(report_.report_id()), AsBytes(channel_.channel_id()));
  auto opened = crypto::OpenFromChannel(key_, AsBytes(r.sealed_details()), *aad);
  ASSERT_TRUE(opened.ok());
  v1::SharedDetails details;
  ASSERT_TRUE(details.ParseFromString(ToString(*opened)));
  EXPECT_EQ(details.text(), p->details_text);
  EXPECT_EQ(details.reply_public_key(), ToString(built->reply.public_key));
  EXPECT_TRUE(r.sealed_photo().empty());
  EXPECT_TRUE(r.sealed_contact().empty());
  auto other = crypto::X25519KeyPair::Generate();
  EXPECT_FALSE(crypto::OpenFromChannel(other, AsBytes(r.sealed_details()), *aad).ok());
}

TEST_F(ShareBuilderTest, FieldsTheReportCannotFillOrThePurposeForbidsAreRefused) {
  struct Case {
    std::string purpose;
    std::vector<std::string> fields;
  };
  for (const Case& c : std::vector<Case>{{"handling", {"details", "time"}},
                                         {"handling", {"category", "photo"}},
                                         {"handling", {"category", "colour"}},
                                         {"handling", {"category", "time", "time"}},
                                         {"trends", {"category", "details"}},
                                         {"gossip", {"category"}}}) {
    ShareOptions o;
    o.purpose = c.purpose;
    o.fields = c.fields;
    EXPECT_EQ(Preview(o).status().code(), Code::kInvalidArgument) << c.purpose;
  }
}

TEST_F(ShareBuilderTest, ACategoryTheChannelDoesNotAcceptOrAChannelWithoutKeyIsRefused) {
  report_.set_category("verdacht-persoon");
  EXPECT_EQ(Preview().status().code(), Code::kPermissionDenied);
  report_.set_category("zwerfafval");
  channel_.clear_public_key();
  EXPECT_EQ(Preview().status().code(), Code::kFailedPrecondition);
}

TEST_F(ShareBuilderTest, ContactAndPhotoAreSealedOnlyWhenConsented) {
  report_.set_photo("jpeg bytes");
  ShareOptions o;
  o.fields = {"category", "contact", "photo"};
  o.contact_name = "Anna";
  auto p = Preview(o);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  auto built = BuildShare(device_, report_, channel_, *p, kNow);
  ASSERT_TRUE(built.ok());
  const v1::ShareReport& r = built->request;
  EXPECT_TRUE(r.sealed_details().empty());
  EXPECT_FALSE(r.card().has_geohash());
  EXPECT_FALSE(r.card().has_timestamp_ms());
  auto aad = crypto::ShareAad(AsBytes(report_.report_id()), AsBytes(channel_.channel_id()));
  EXPECT_EQ(ToString(*crypto::OpenFromChannel(key_, AsBytes(r.sealed_photo()), *aad)),
            "jpeg bytes");
  v1::SharedContact contact;
  ASSERT_TRUE(contact.ParseFromString(
      ToString(*crypto::OpenFromChannel(key_, AsBytes(r.sealed_contact()), *aad))));
  EXPECT_EQ(contact.name(), "Anna");
}

TEST_F(ShareBuilderTest, AWithdrawalIsSignedByTheDeviceForTheReportAndChannel) {
  auto w = BuildWithdrawal(device_, report_.report_id(), channel_.channel_id(), kNow);
  ASSERT_TRUE(w.ok());
  auto decoded = crypto::DecodeWithdrawal(AsBytes(w->withdrawal()));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(ToString(decoded->report_id), report_.report_id());
  EXPECT_EQ(decoded->withdrawn_at_ms, kNow);
  EXPECT_EQ(decoded->device_id, device_.device_id());
}

}  // namespace
}  // namespace weerbaar::client
