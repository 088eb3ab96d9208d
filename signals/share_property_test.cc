// Property test over random reports, channel policies and consent states (seeded, so a
// failure reproduces): nothing reaches a partner view without a valid consent for that
// channel, and nothing the filter or the consent leaves out ever appears in one.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "crypto/channel_seal.h"
#include "crypto/primitives.h"
#include "signals/share.h"

namespace weerbaar::signals {
namespace {

constexpr int64_t kNow = 1'704'296'527'000;

enum class ConsentState {
  kValid,
  kBadSignature,
  kOtherDevicesKey,
  kWrongChannel,
  kExpired,
  kNotYetValid,
  kGarbage,
  kNoSignature,
  kCount
};

struct Scenario {
  ChannelPolicy policy;
  Bytes channel_id = Bytes(16, 0xC1);
  ConsentState state = ConsentState::kValid;
  crypto::ConsentRecord consent;
  ShareRequest request;
  Bytes signing_key;  // the key the server looks up for the device
  Bytes pseudonym;
  std::optional<int64_t> withdrawn_at;
  int64_t serve_at = kNow;
};

class Generator {
 public:
  Generator(uint32_t seed, const Taxonomy& taxonomy) : rng_(seed), taxonomy_(taxonomy) {}

  Scenario Next() {
    Scenario s;
    s.policy = Policy();
    // Half valid, so that enough shares pass the consent check to test the filter too.
    s.state = Chance(2) ? ConsentState::kValid
                        : static_cast<ConsentState>(Pick(static_cast<int>(ConsentState::kCount)));
    s.consent = Consent(s);
    s.request = Request(s);
    s.signing_key = s.state == ConsentState::kOtherDevicesKey ? other_.signing_public()
                                                              : reporter_.signing_public();
    s.pseudonym = NewSharePseudonym();
    if (Chance(4)) s.withdrawn_at = kNow + Pick(1000);
    s.serve_at = kNow + (Chance(2) ? 0 : Pick(120) * kDayMs);
    return s;
  }

  const crypto::DeviceIdentity& reporter() const { return reporter_; }

 private:
  int Pick(int n) { return static_cast<int>(rng_() % static_cast<uint32_t>(n)); }
  bool Chance(int one_in) { return Pick(one_in) == 0; }

  ChannelPolicy Policy() {
    ChannelPolicy p;
    p.type = static_cast<ChannelType>(Pick(4));
    for (const Category& c : taxonomy_.categories()) {
      // Mostly valid policies; now and then one that wrongly accepts a person category.
      if (Chance(2) && (!c.describes_person || p.type == ChannelType::kPolice || Chance(8))) {
        p.accepted_categories.push_back(c.id);
      }
    }
    p.location_precision = 1 + Pick(kMaxLocationPrecision + (Chance(10) ? 2 : 0));
    p.time_bucket = static_cast<TimeBucket>(Pick(3));
    p.may_ask_questions = Chance(2);
    return p;
  }

  std::vector<std::string> Fields() {
    std::vector<std::string> fields;
    for (std::string_view f : crypto::kConsentFields) {
      if (f == "category" ? !Chance(10) : Chance(2)) fields.emplace_back(f);
    }
    if (fields.empty()) fields.emplace_back("time");
    return fields;
  }

  crypto::ConsentRecord Consent(const Scenario& s) {
    crypto::ConsentRecord c;
    c.report_id = crypto::RandomBytes(16);
    c.channel_id = s.state == ConsentState::kWrongChannel ? Bytes(16, 0xC2) : s.channel_id;
    c.purpose = std::string(crypto::kConsentPurposes[Pick(3)]);
    c.fields = Fields();
    c.issued_at_ms = kNow - Pick(10) * kDayMs;
    c.expires_at_ms = kNow + 1 + Pick(90) * kDayMs;
    if (s.state == ConsentState::kExpired) c.expires_at_ms = kNow - Pick(1000);
    if (s.state == ConsentState::kExpired) c.issued_at_ms = c.expires_at_ms - kDayMs;
    if (s.state == ConsentState::kNotYetValid) {
      c.issued_at_ms = kNow + crypto::kConsentClockSkewMs + 1 + Pick(kDayMs);
      c.expires_at_ms = c.issued_at_ms + kDayMs;
    }
    c.device_id = reporter_.device_id();
    return c;
  }

  Bytes Signature(const Scenario& s) {
    switch (s.state) {
      case ConsentState::kNoSignature:
        return {};
      case ConsentState::kBadSignature: {
        Bytes sig = crypto::SignConsent(reporter_, s.consent).value();
        sig[Pick(64)] ^= static_cast<uint8_t>(1 + Pick(255));
        return sig;
      }
      default:
        return crypto::SignConsent(reporter_, s.consent).value();
    }
  }

  CardInput Card() {
    CardInput in;
    const auto& cats = taxonomy_.categories();
    in.category = Chance(20) ? "ufo" : cats[Pick(static_cast<int>(cats.size()))].id;
    if (!Chance(3)) {
      in.geohash = HexEncode(crypto::RandomBytes(6)).substr(0, 1 + Pick(12));
      std::replace(in.geohash->begin(), in.geohash->end(), 'a', 'b');
    }
    if (!Chance(3)) in.timestamp_ms = kNow - Pick(40) * kDayMs + Pick(2) * Pick(kHourMs);
    in.community_id = Chance(30) ? Bytes(15, 1) : Bytes(16, 0xAA);
    if (Chance(6)) in.extra["reporter_name"] = "CANARY-EXTRA-Jan-de-Vries";
    return in;
  }

  ShareRequest Request(const Scenario& s) {
    ShareRequest r;
    r.consent = s.state == ConsentState::kGarbage ? crypto::RandomBytes(Pick(80))
                                                  : crypto::EncodeConsent(s.consent).value();
    r.consent_signature = Signature(s);
    r.card = Card();
    Bytes aad = crypto::ShareAad(s.consent.report_id, s.channel_id).value();
    auto seal = [&](std::string_view text) {
      return crypto::SealToChannel(channel_.public_key, AsBytes(text), aad).value();
    };
    if (Chance(2)) r.sealed_details = seal("scrubbed details");
    if (Chance(3)) r.sealed_photo = seal("photo bytes");
    if (Chance(4)) r.sealed_contact = seal("contact");
    return r;
  }

  std::mt19937 rng_;
  const Taxonomy& taxonomy_;
  crypto::DeviceIdentity reporter_ = crypto::DeviceIdentity::Generate();
  crypto::DeviceIdentity other_ = crypto::DeviceIdentity::Generate();
  crypto::X25519KeyPair channel_ = crypto::X25519KeyPair::Generate();
};

// Every byte a partner receives, in one string, to search for things that must be absent.
std::string Flatten(const PartnerView& v) {
  std::string out = ToString(v.report_id) + v.card.category + v.card.geohash.value_or("") +
                    std::to_string(v.card.time_bucket_start_ms.value_or(-1)) +
                    ToString(v.card.community_id) + ToString(v.card.pseudonym) + v.purpose +
                    ToString(v.sealed_details) + ToString(v.sealed_photo) +
                    ToString(v.sealed_contact);
  return out;
}

void ExpectNothingUnconsentedOrFiltered(const Scenario& s, const PartnerView& v,
                                        const Taxonomy& taxonomy) {
  const crypto::ConsentRecord& c = s.consent;
  EXPECT_TRUE(c.Covers("category"));
  EXPECT_TRUE(!v.card.geohash || c.Covers("location"));
  EXPECT_TRUE(!v.card.time_bucket_start_ms || c.Covers("time"));
  EXPECT_TRUE(v.sealed_details.empty() || c.Covers("details"));
  EXPECT_TRUE(v.sealed_photo.empty() || c.Covers("photo"));
  EXPECT_TRUE(v.sealed_contact.empty() || c.Covers("contact"));
  const auto& accepted = s.policy.accepted_categories;
  EXPECT_NE(std::find(accepted.begin(), accepted.end(), v.card.category), accepted.end());
  EXPECT_TRUE(!taxonomy.Find(v.card.category)->describes_person ||
              s.policy.type == ChannelType::kPolice);
  if (v.card.geohash) {
    EXPECT_EQ(v.card.geohash->size(), static_cast<size_t>(s.policy.location_precision));
  }
  if (v.card.time_bucket_start_ms) {
    EXPECT_EQ(*v.card.time_bucket_start_ms,
              BucketStart(*s.request.card.timestamp_ms, s.policy.time_bucket));
  }
  EXPECT_EQ(v.card.pseudonym, s.pseudonym);
  const std::string flat = Flatten(v);
  EXPECT_EQ(flat.find("CANARY"), std::string::npos);
  EXPECT_EQ(flat.find(ToString(c.device_id)), std::string::npos);
  EXPECT_EQ(flat.find(ToString(s.signing_key)), std::string::npos);
  const std::string& exact = s.request.card.geohash.value_or("");
  if (exact.size() > static_cast<size_t>(s.policy.location_precision)) {
    EXPECT_EQ(flat.find(exact), std::string::npos);
  }
}

TEST(SharePropertyTest, NothingReachesAPartnerWithoutValidConsentOrPastTheFilter) {
  Taxonomy taxonomy = Taxonomy::Default().value();
  Generator gen(20240103, taxonomy);
  std::map<ConsentState, int> served_by_state;
  int admitted = 0, served = 0;
  for (int round = 0; round < 4000; ++round) {
    Scenario s = gen.Next();
    auto view =
        AdmitShare(s.request, s.channel_id, s.policy, taxonomy, s.signing_key, s.pseudonym, kNow);
    if (!view.ok()) continue;
    ++admitted;
    EXPECT_EQ(s.state, ConsentState::kValid) << round;
    if (!CheckServable(*view, s.withdrawn_at, s.serve_at).ok()) continue;
    ++served;
    ++served_by_state[s.state];
    EXPECT_FALSE(s.withdrawn_at.has_value()) << round;
    EXPECT_LT(s.serve_at, s.consent.expires_at_ms) << round;
    ExpectNothingUnconsentedOrFiltered(s, *view, taxonomy);
  }
  // The generator must reach both outcomes, or the properties above test nothing.
  EXPECT_GT(admitted, 40);
  EXPECT_GT(served, 20);
  EXPECT_LT(admitted, 4000 / 8);
  EXPECT_EQ(served_by_state.size(), 1u);
}

}  // namespace
}  // namespace weerbaar::signals
