#include "crypto/identity.h"

#include <gtest/gtest.h>

#include "crypto/primitives.h"

namespace weerbaar::crypto {
namespace {

Bytes ToVector(const SecretBytes& s) { return Bytes(s.view().begin(), s.view().end()); }

TEST(DeviceIdentityTest, SerializeAndParseKeepIdsAndKeys) {
  DeviceIdentity id = DeviceIdentity::Generate();
  auto parsed = DeviceIdentity::Parse(id.SerializeSecret().view());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->device_id(), id.device_id());
  EXPECT_EQ(parsed->signing_public(), id.signing_public());
  EXPECT_EQ(parsed->agreement_public(), id.agreement_public());
  EXPECT_EQ(parsed->agreement_signature(), id.agreement_signature());
  EXPECT_EQ(ToVector(parsed->agreement_secret()), ToVector(id.agreement_secret()));
  Bytes sig = parsed->SignWithContext("test/ctx", AsBytes("m"));
  EXPECT_TRUE(VerifyWithContext(id.signing_public(), "test/ctx", AsBytes("m"), sig));
}

TEST(DeviceIdentityTest, GeneratesDistinctConsistentIdentities) {
  DeviceIdentity a = DeviceIdentity::Generate(), b = DeviceIdentity::Generate();
  EXPECT_NE(a.device_id(), b.device_id());
  EXPECT_NE(a.agreement_public(), b.agreement_public());
  EXPECT_EQ(a.device_id(), DeviceIdFor(a.signing_public()));
  EXPECT_TRUE(
      VerifyAgreementKey(a.signing_public(), a.agreement_public(), a.agreement_signature()));
}

TEST(DeviceIdentityTest, RefusesEverySingleBitFlipInTheSerialization) {
  SecretBytes good = DeviceIdentity::Generate().SerializeSecret();
  for (size_t i = 0; i < good.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      SecretBytes bad = good.Clone();
      bad.data()[i] ^= static_cast<uint8_t>(1 << bit);
      EXPECT_EQ(DeviceIdentity::Parse(bad.view()).status().code(), Code::kInvalidArgument)
          << "byte " << i << " bit " << bit;
    }
  }
}

TEST(DeviceIdentityTest, RefusesTruncatedExtendedAndEmptyInput) {
  SecretBytes good = DeviceIdentity::Generate().SerializeSecret();
  EXPECT_FALSE(DeviceIdentity::Parse({}).ok());
  EXPECT_FALSE(DeviceIdentity::Parse(good.view().first(good.size() - 1)).ok());
  Bytes longer = ToVector(good);
  longer.push_back(0);
  EXPECT_FALSE(DeviceIdentity::Parse(longer).ok());
  EXPECT_FALSE(DeviceIdentity::Parse(RandomBytes(good.size())).ok());
}

TEST(VerifyAgreementKeyTest, RejectsAKeySignedByAnotherDevice) {
  DeviceIdentity a = DeviceIdentity::Generate(), b = DeviceIdentity::Generate();
  EXPECT_FALSE(
      VerifyAgreementKey(b.signing_public(), a.agreement_public(), a.agreement_signature()));
  EXPECT_FALSE(
      VerifyAgreementKey(a.signing_public(), b.agreement_public(), a.agreement_signature()));
  EXPECT_FALSE(VerifyAgreementKey(a.signing_public(), {}, a.agreement_signature()));
  EXPECT_FALSE(VerifyAgreementKey(a.signing_public(), a.agreement_public(), {}));
}

TEST(VerifyAgreementKeyTest, RejectsASignatureMadeUnderAnotherContext) {
  DeviceIdentity a = DeviceIdentity::Generate();
  Bytes sig = a.SignWithContext("weerbaar/other/v1", a.agreement_public());
  EXPECT_FALSE(VerifyAgreementKey(a.signing_public(), a.agreement_public(), sig));
}

TEST(DeviceIdForTest, IsSixteenBytesStableAndKeySpecific) {
  Bytes pk(32, 5);
  Bytes id = DeviceIdFor(pk);
  EXPECT_EQ(id.size(), kDeviceIdBytes);
  EXPECT_EQ(id, DeviceIdFor(pk));
  pk[0] ^= 1;
  EXPECT_NE(id, DeviceIdFor(pk));
}

TEST(DeviceIdForTest, IsBlake2b128OverTheLengthPrefixedContextAndKey) {
  Bytes pk(32, 5);
  Bytes input = {0, 0, 0, 21};
  for (char c : std::string_view("weerbaar/device-id/v1")) input.push_back(c);
  input.insert(input.end(), pk.begin(), pk.end());
  EXPECT_EQ(DeviceIdFor(pk), Hash(input, 16));
}

TEST(SignWithContextTest, BindsTheContextAndItsBoundary) {
  DeviceIdentity a = DeviceIdentity::Generate();
  Bytes sig = a.SignWithContext("ab", AsBytes("c"));
  EXPECT_TRUE(VerifyWithContext(a.signing_public(), "ab", AsBytes("c"), sig));
  EXPECT_FALSE(VerifyWithContext(a.signing_public(), "a", AsBytes("bc"), sig));
  EXPECT_FALSE(VerifyWithContext(a.signing_public(), "ab", AsBytes("d"), sig));
}

}  // namespace
}  // namespace weerbaar::crypto
