#include "crypto/primitives.h"

#include <gtest/gtest.h>
#include <sodium.h>

namespace weerbaar::crypto {
namespace {

Bytes FromHex(std::string_view hex) { return HexDecode(hex).value(); }

TEST(HashTest, MatchesTheBlake2bKnownAnswerForTheEmptyString) {
  EXPECT_EQ(HexEncode(Hash({})),
            "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
}

TEST(HashTest, FailsClosedWithAnEmptyDigestWhenTheRequirementsAreBroken) {
  EXPECT_TRUE(Hash(AsBytes("x"), 15).empty());
  EXPECT_TRUE(Hash(AsBytes("x"), 65).empty());
  EXPECT_TRUE(Hash(AsBytes("x"), 32, Bytes(8, 1)).empty());
  EXPECT_EQ(Hash(AsBytes("x"), 16, Bytes(16, 1)).size(), 16u);
}

TEST(DeriveKeyTest, IsKeyedBlake2bOverTheLengthPrefixedContextAndInput) {
  Bytes key(32, 0x42);
  Bytes encoded = {0, 0, 0, 3, 'c', 't', 'x', 'i', 'n'};
  Bytes expected(32);
  crypto_generichash(expected.data(), 32, encoded.data(), encoded.size(), key.data(), key.size());
  SecretBytes derived = DeriveKey(key, "ctx", AsBytes("in"));
  EXPECT_TRUE(ConstantTimeEqual(derived.view(), expected));
}

TEST(DeriveKeyTest, SeparatesContextsEvenWhenTheConcatenationIsEqual) {
  Bytes key(32, 1);
  SecretBytes a = DeriveKey(key, "ab", AsBytes("c"));
  SecretBytes b = DeriveKey(key, "a", AsBytes("bc"));
  EXPECT_FALSE(ConstantTimeEqual(a.view(), b.view()));
  EXPECT_TRUE(ConstantTimeEqual(a.view(), DeriveKey(key, "ab", AsBytes("c")).view()));
}

TEST(DeriveKeyTest, ReturnsAnEmptyKeyForAnInvalidInputKeySize) {
  EXPECT_TRUE(DeriveKey(Bytes(15, 1), "ctx", {}).empty());
  EXPECT_TRUE(DeriveKey(Bytes(65, 1), "ctx", {}).empty());
  EXPECT_EQ(DeriveKey(Bytes(32, 1), "ctx", {}, 64).size(), 64u);
}

TEST(ConstantTimeEqualTest, ComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEqual({}, {}));
  EXPECT_TRUE(ConstantTimeEqual(Bytes{1, 2}, Bytes{1, 2}));
  EXPECT_FALSE(ConstantTimeEqual(Bytes{1, 2}, Bytes{1, 3}));
  EXPECT_FALSE(ConstantTimeEqual(Bytes{1, 2}, Bytes{1, 2, 0}));
}

TEST(RandomTest, ReturnsTheRequestedSizeAndDiffersBetweenCalls) {
  EXPECT_EQ(RandomBytes(24).size(), 24u);
  EXPECT_NE(RandomBytes(32), RandomBytes(32));
  EXPECT_EQ(RandomSecret(32).size(), 32u);
}

class SignatureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pk_.resize(kSigningPublicKeyBytes);
    crypto_sign_keypair(pk_.data(), sk_.data());
  }
  Bytes pk_;
  SecretBytes sk_{kSigningSecretKeyBytes};
};

TEST_F(SignatureTest, VerifiesItsOwnSignatureAndRejectsAnotherMessage) {
  Bytes sig = Sign(sk_, AsBytes("hello"));
  ASSERT_EQ(sig.size(), kSignatureBytes);
  EXPECT_TRUE(Verify(pk_, AsBytes("hello"), sig));
  EXPECT_FALSE(Verify(pk_, AsBytes("hellO"), sig));
}

TEST_F(SignatureTest, RejectsMalformedKeysAndSignaturesWithoutCrashing) {
  Bytes sig = Sign(sk_, AsBytes("m"));
  EXPECT_FALSE(Verify(Bytes(31, 0), AsBytes("m"), sig));
  EXPECT_FALSE(Verify(pk_, AsBytes("m"), ByteView(sig).first(63)));
  EXPECT_FALSE(Verify(pk_, AsBytes("m"), {}));
  EXPECT_FALSE(Verify({}, {}, {}));
}

TEST_F(SignatureTest, SigningWithAWrongSizeKeyYieldsAnUnverifiableEmptySignature) {
  EXPECT_TRUE(Sign(SecretBytes(32), AsBytes("m")).empty());
}

TEST(X25519Test, BothSidesDeriveTheSameSecret) {
  SecretBytes a = RandomSecret(32), b = RandomSecret(32);
  Bytes pa(32), pb(32);
  crypto_scalarmult_base(pa.data(), a.data());
  crypto_scalarmult_base(pb.data(), b.data());
  auto ab = X25519(a, pb);
  auto ba = X25519(b, pa);
  ASSERT_TRUE(ab.ok() && ba.ok());
  EXPECT_TRUE(ConstantTimeEqual(ab->view(), ba->view()));
}

TEST(X25519Test, RefusesLowOrderPointsAndWrongSizes) {
  SecretBytes a = RandomSecret(32);
  EXPECT_EQ(X25519(a, Bytes(32, 0)).status().code(), Code::kInvalidArgument);
  Bytes one(32, 0);
  one[0] = 1;
  EXPECT_EQ(X25519(a, one).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(X25519(a, Bytes(31, 9)).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(X25519(SecretBytes(31), Bytes(32, 9)).status().code(), Code::kInvalidArgument);
}

class AeadAtRestTest : public ::testing::Test {
 protected:
  SecretBytes key_ = RandomSecret(kAeadKeyBytes);
  Bytes aad_ = ToBytes("record-key");
  Bytes plaintext_ = ToBytes("a stored value");
};

TEST_F(AeadAtRestTest, SealAndOpenRoundTrip) {
  auto sealed = AeadSeal(key_, plaintext_, aad_);
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealed->size(), kAeadNonceBytes + plaintext_.size() + kAeadTagBytes);
  auto opened = AeadOpen(key_, *sealed, aad_);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(*opened, plaintext_);
}

TEST_F(AeadAtRestTest, SealingTwiceUsesDifferentNonces) {
  EXPECT_NE(AeadSeal(key_, plaintext_, aad_).value(), AeadSeal(key_, plaintext_, aad_).value());
}

TEST_F(AeadAtRestTest, WrongAadOrKeyIsDataLoss) {
  Bytes sealed = AeadSeal(key_, plaintext_, aad_).value();
  EXPECT_EQ(AeadOpen(key_, sealed, AsBytes("other")).status().code(), Code::kDataLoss);
  SecretBytes other = RandomSecret(kAeadKeyBytes);
  EXPECT_EQ(AeadOpen(other, sealed, aad_).status().code(), Code::kDataLoss);
}

TEST_F(AeadAtRestTest, EveryFlippedByteIsDataLoss) {
  Bytes sealed = AeadSeal(key_, plaintext_, aad_).value();
  for (size_t i = 0; i < sealed.size(); ++i) {
    Bytes t = sealed;
    t[i] ^= 0x01;
    EXPECT_EQ(AeadOpen(key_, t, aad_).status().code(), Code::kDataLoss) << i;
  }
}

TEST_F(AeadAtRestTest, EveryTruncationIsAnErrorNotACrash) {
  Bytes sealed = AeadSeal(key_, plaintext_, aad_).value();
  for (size_t n = 0; n < sealed.size(); ++n) {
    EXPECT_FALSE(AeadOpen(key_, ByteView(sealed).first(n), aad_).ok()) << n;
  }
}

TEST_F(AeadAtRestTest, WrongKeySizeIsInvalidArgument) {
  SecretBytes short_key(16);
  EXPECT_EQ(AeadSeal(short_key, plaintext_, aad_).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(AeadOpen(short_key, Bytes(64), aad_).status().code(), Code::kInvalidArgument);
}

TEST(AeadExplicitNonceTest, RefusesWrongNonceSizes) {
  Bytes key(32, 1);
  EXPECT_EQ(AeadEncrypt(key, Bytes(12), {}, {}).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(AeadDecrypt(key, Bytes(12), Bytes(16), {}).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(AeadDecrypt(key, Bytes(24), Bytes(15), {}).status().code(), Code::kDataLoss);
}

TEST(AeadExplicitNonceTest, MatchesTheXChaChaDraftVector) {
  // draft-irtf-cfrg-xchacha-03, section A.3.1 (also Wycheproof tcId 1).
  Bytes key = FromHex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
  Bytes nonce = FromHex("404142434445464748494a4b4c4d4e4f5051525354555657");
  Bytes aad = FromHex("50515253c0c1c2c3c4c5c6c7");
  auto ct = AeadEncrypt(key, nonce, AsBytes("Ladies and Gentlemen"), aad);
  ASSERT_TRUE(ct.ok());
  EXPECT_EQ(HexEncode(ByteView(*ct).first(20)), "bd6d179d3e83d43b9576579493c0e939572a1700");
}

}  // namespace
}  // namespace weerbaar::crypto
