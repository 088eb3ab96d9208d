#include "crypto/consent.h"

#include <gtest/gtest.h>

#include "crypto/primitives.h"

namespace weerbaar::crypto {
namespace {

constexpr int64_t kNow = 1'700'000'000'000;
constexpr int64_t kDay = 24 * 3600 * 1000;

class ConsentTest : public ::testing::Test {
 protected:
  ConsentRecord Record() const {
    ConsentRecord r;
    r.report_id = Bytes(16, 0x11);
    r.channel_id = channel_;
    r.purpose = "handling";
    r.fields = {"time", "category", "location"};
    r.issued_at_ms = kNow;
    r.expires_at_ms = kNow + 30 * kDay;
    r.device_id = device_.device_id();
    return r;
  }
  ConsentWithdrawal Withdrawal() const {
    return {Bytes(16, 0x11), channel_, kNow + kDay, device_.device_id()};
  }
  Status Check(const ConsentRecord& r, ByteView sig, int64_t now = kNow) const {
    return CheckConsent(r, sig, device_.signing_public(), channel_, now);
  }

  DeviceIdentity device_ = DeviceIdentity::Generate();
  DeviceIdentity other_ = DeviceIdentity::Generate();
  Bytes channel_ = Bytes(16, 0xC1);
};

TEST_F(ConsentTest, AValidSignedRecordPassesTheCheck) {
  ConsentRecord r = Record();
  Bytes sig = SignConsent(device_, r).value();
  EXPECT_TRUE(Check(r, sig).ok());
  EXPECT_TRUE(Check(r, sig, kNow + 30 * kDay - 1).ok());
}

TEST_F(ConsentTest, EncodingIsCanonicalWhateverTheFieldOrder) {
  ConsentRecord a = Record(), b = Record();
  b.fields = {"location", "time", "category"};
  EXPECT_EQ(EncodeConsent(a).value(), EncodeConsent(b).value());
  // A signature made over one order verifies for the other.
  EXPECT_TRUE(Check(b, SignConsent(device_, a).value()).ok());
}

TEST_F(ConsentTest, DecodeRoundTripsAndReturnsFieldsInCanonicalOrder) {
  auto decoded = DecodeConsent(EncodeConsent(Record()).value());
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->fields, (std::vector<std::string>{"category", "location", "time"}));
  EXPECT_EQ(decoded->purpose, "handling");
  EXPECT_EQ(decoded->expires_at_ms, kNow + 30 * kDay);
  EXPECT_EQ(decoded->issued_at_ms, kNow);
  EXPECT_EQ(decoded->device_id, device_.device_id());
  EXPECT_TRUE(decoded->Covers("location"));
  EXPECT_FALSE(decoded->Covers("photo"));
}

TEST_F(ConsentTest, EncodeRefusesInvalidRecords) {
  using Edit = void (*)(ConsentRecord&);
  const std::vector<std::pair<const char*, Edit>> cases = {
      {"short report id", [](ConsentRecord& r) { r.report_id.pop_back(); }},
      {"long channel id", [](ConsentRecord& r) { r.channel_id.push_back(0); }},
      {"empty device id", [](ConsentRecord& r) { r.device_id.clear(); }},
      {"unknown purpose", [](ConsentRecord& r) { r.purpose = "marketing"; }},
      {"unknown field", [](ConsentRecord& r) { r.fields.push_back("name"); }},
      {"repeated field", [](ConsentRecord& r) { r.fields.push_back("time"); }},
      {"no fields", [](ConsentRecord& r) { r.fields.clear(); }},
      {"negative issue time", [](ConsentRecord& r) { r.issued_at_ms = -1; }},
      {"expiry at issue", [](ConsentRecord& r) { r.expires_at_ms = r.issued_at_ms; }},
  };
  for (const auto& [name, edit] : cases) {
    ConsentRecord r = Record();
    edit(r);
    EXPECT_EQ(EncodeConsent(r).status().code(), Code::kInvalidArgument) << name;
    EXPECT_FALSE(SignConsent(device_, r).ok()) << name;
  }
}

TEST_F(ConsentTest, DecodeRefusesNonCanonicalAndTruncatedBytes) {
  Bytes good = EncodeConsent(Record()).value();
  for (size_t n = 0; n < good.size(); ++n) {
    EXPECT_FALSE(DecodeConsent(ByteView(good).first(n)).ok()) << n;
  }
  Bytes trailing = good;
  trailing.push_back(0);
  EXPECT_FALSE(DecodeConsent(trailing).ok());
  Bytes version = good;
  version[0] = 2;
  EXPECT_FALSE(DecodeConsent(version).ok());
  // Swap the first two fields ("category", "location" are both 8 bytes long): still
  // well-formed, but not canonical.
  std::string text(good.begin(), good.end());
  size_t cat = text.find("category"), loc = text.find("location");
  ASSERT_NE(cat, std::string::npos);
  ASSERT_NE(loc, std::string::npos);
  text.replace(cat, 8, "location").replace(loc, 8, "category");
  EXPECT_EQ(DecodeConsent(ToBytes(text)).status().code(), Code::kInvalidArgument);
}

TEST_F(ConsentTest, SigningRefusesARecordForAnotherDevice) {
  ConsentRecord r = Record();
  EXPECT_EQ(SignConsent(other_, r).status().code(), Code::kInvalidArgument);
}

TEST_F(ConsentTest, CheckRefusesBadSignaturesAndForeignKeys) {
  ConsentRecord r = Record();
  Bytes sig = SignConsent(device_, r).value();
  Bytes flipped = sig;
  flipped[5] ^= 1;
  EXPECT_EQ(Check(r, flipped).code(), Code::kUnauthenticated);
  EXPECT_EQ(Check(r, {}).code(), Code::kUnauthenticated);
  // The other device's key with the record rewritten to name it, signature unchanged.
  ConsentRecord claimed = r;
  claimed.device_id = other_.device_id();
  EXPECT_EQ(CheckConsent(claimed, sig, other_.signing_public(), channel_, kNow).code(),
            Code::kUnauthenticated);
  // A valid signature by another device over a record that names this device.
  EXPECT_EQ(CheckConsent(r, sig, other_.signing_public(), channel_, kNow).code(),
            Code::kUnauthenticated);
  // Any change to the signed content breaks the signature.
  ConsentRecord widened = r;
  widened.fields.push_back("details");
  EXPECT_EQ(Check(widened, sig).code(), Code::kUnauthenticated);
  ConsentRecord longer = r;
  longer.expires_at_ms += 1;
  EXPECT_EQ(Check(longer, sig).code(), Code::kUnauthenticated);
}

TEST_F(ConsentTest, CheckRefusesTheWrongChannel) {
  ConsentRecord r = Record();
  Bytes sig = SignConsent(device_, r).value();
  EXPECT_EQ(CheckConsent(r, sig, device_.signing_public(), Bytes(16, 0xC2), kNow).code(),
            Code::kPermissionDenied);
}

TEST_F(ConsentTest, CheckRefusesExpiredAndNotYetValidRecords) {
  ConsentRecord r = Record();
  Bytes sig = SignConsent(device_, r).value();
  EXPECT_EQ(Check(r, sig, kNow + 30 * kDay).code(), Code::kFailedPrecondition);
  EXPECT_TRUE(Check(r, sig, kNow - kConsentClockSkewMs).ok());
  EXPECT_EQ(Check(r, sig, kNow - kConsentClockSkewMs - 1).code(), Code::kFailedPrecondition);
}

TEST_F(ConsentTest, AConsentSignatureIsNotAWithdrawalSignature) {
  // Both layouts start with the version byte and two ids; the contexts keep them apart.
  ConsentRecord r = Record();
  ConsentWithdrawal w = Withdrawal();
  Bytes consent_sig = SignConsent(device_, r).value();
  EXPECT_EQ(CheckWithdrawal(w, consent_sig, device_.signing_public(), r, kNow + kDay).code(),
            Code::kUnauthenticated);
  Bytes withdrawal_sig = SignWithdrawal(device_, w).value();
  EXPECT_EQ(Check(r, withdrawal_sig).code(), Code::kUnauthenticated);
}

TEST_F(ConsentTest, AWithdrawalRoundTripsAndPassesItsCheck) {
  ConsentWithdrawal w = Withdrawal();
  auto decoded = DecodeWithdrawal(EncodeWithdrawal(w).value());
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->withdrawn_at_ms, w.withdrawn_at_ms);
  Bytes sig = SignWithdrawal(device_, w).value();
  EXPECT_TRUE(CheckWithdrawal(*decoded, sig, device_.signing_public(), Record(), kNow + kDay).ok());
}

TEST_F(ConsentTest, AnotherDeviceOfTheUserMayWithdraw) {
  ConsentWithdrawal w = Withdrawal();
  w.device_id = other_.device_id();
  Bytes sig = SignWithdrawal(other_, w).value();
  EXPECT_TRUE(CheckWithdrawal(w, sig, other_.signing_public(), Record(), kNow + kDay).ok());
}

TEST_F(ConsentTest, WithdrawalCheckRefusesForgeriesOtherSharesAndFutureDates) {
  ConsentWithdrawal w = Withdrawal();
  Bytes sig = SignWithdrawal(device_, w).value();
  EXPECT_EQ(CheckWithdrawal(w, sig, other_.signing_public(), Record(), kNow + kDay).code(),
            Code::kUnauthenticated);
  ConsentRecord other_report = Record();
  other_report.report_id = Bytes(16, 0x22);
  EXPECT_EQ(CheckWithdrawal(w, sig, device_.signing_public(), other_report, kNow + kDay).code(),
            Code::kPermissionDenied);
  EXPECT_EQ(CheckWithdrawal(w, sig, device_.signing_public(), Record(), kNow).code(),
            Code::kFailedPrecondition);
  Bytes encoded = EncodeWithdrawal(w).value();
  EXPECT_FALSE(DecodeWithdrawal(ByteView(encoded).first(encoded.size() - 1)).ok());
}

}  // namespace
}  // namespace weerbaar::crypto
