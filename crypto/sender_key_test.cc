#include "crypto/sender_key.h"

#include <gtest/gtest.h>

#include <limits>

#include "crypto/primitives.h"

namespace weerbaar::crypto {
namespace {

Bytes ToVector(const SecretBytes& s) { return Bytes(s.view().begin(), s.view().end()); }

// Offset of the u32 iteration in a serialized SenderKey: after version and key id.
constexpr size_t kStateIterationOffset = 1 + kSenderKeyIdBytes;

SenderKey AtIteration(const SenderKey& key, uint32_t iteration) {
  Bytes state = ToVector(key.Serialize());
  for (int b = 0; b < 4; ++b) state[kStateIterationOffset + b] = iteration >> (24 - 8 * b);
  return SenderKey::Parse(state).value();
}

TEST(SenderKeyTest, GeneratesARandomKeyIdAndStartsAtIterationZero) {
  SenderKey a = SenderKey::Generate(), b = SenderKey::Generate();
  EXPECT_EQ(a.key_id().size(), kSenderKeyIdBytes);
  EXPECT_NE(a.key_id(), b.key_id());
  EXPECT_EQ(a.iteration(), 0u);
}

TEST(SenderKeyTest, EncryptProducesTheDocumentedLayoutAndAdvances) {
  SenderKey key = SenderKey::Generate();
  Bytes plaintext = ToBytes("hello group");
  Bytes m0 = key.Encrypt(plaintext, AsBytes("aad")).value();
  Bytes m1 = key.Encrypt(plaintext, AsBytes("aad")).value();
  EXPECT_EQ(key.iteration(), 2u);
  ASSERT_EQ(m1.size(), 1 + 16 + 4 + 24 + plaintext.size() + 16 + 64);
  EXPECT_EQ(m1[0], 1);
  EXPECT_EQ(Bytes(m1.begin() + 1, m1.begin() + 17), key.key_id());
  EXPECT_EQ(GetBigEndian32(m1.data() + 17), 1u);
  EXPECT_NE(Bytes(m0.begin() + 45, m0.end() - 80), Bytes(m1.begin() + 45, m1.end() - 80));
}

TEST(SenderKeyTest, PeekReadsTheHeaderWithoutKeys) {
  SenderKey key = SenderKey::Generate();
  key.Encrypt({}, {}).value();
  auto header = PeekSenderKeyHeader(key.Encrypt({}, {}).value());
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->key_id, key.key_id());
  EXPECT_EQ(header->iteration, 1u);
  EXPECT_EQ(PeekSenderKeyHeader(Bytes(10)).status().code(), Code::kInvalidArgument);
}

TEST(SenderKeyTest, PeekRefusesAnUnknownVersionOrTheLastIteration) {
  Bytes m = SenderKey::Generate().Encrypt({}, {}).value();
  Bytes bad_version = m;
  bad_version[0] = 2;
  EXPECT_EQ(PeekSenderKeyHeader(bad_version).status().code(), Code::kInvalidArgument);
  for (int b = 0; b < 4; ++b) m[17 + b] = 0xff;
  EXPECT_EQ(PeekSenderKeyHeader(m).status().code(), Code::kInvalidArgument);
}

TEST(SenderKeyTest, TheChainIsSpentAtTheLastIteration) {
  SenderKey key = AtIteration(SenderKey::Generate(), std::numeric_limits<uint32_t>::max() - 1);
  EXPECT_TRUE(key.Encrypt(AsBytes("last"), {}).ok());
  auto spent = key.Encrypt(AsBytes("one too many"), {});
  EXPECT_EQ(spent.status().code(), Code::kResourceExhausted);
  EXPECT_EQ(key.iteration(), std::numeric_limits<uint32_t>::max());
}

TEST(SenderKeyTest, SerializeAndParseContinueTheSameChain) {
  SenderKey key = SenderKey::Generate();
  SenderKeyReceiver rx = SenderKeyReceiver::FromDistribution(key.Distribution());
  key.Encrypt(AsBytes("one"), {}).value();
  SenderKey restored = SenderKey::Parse(key.Serialize().view()).value();
  EXPECT_EQ(restored.key_id(), key.key_id());
  EXPECT_EQ(restored.iteration(), 1u);
  auto opened = rx.Decrypt(restored.Encrypt(AsBytes("two"), {}).value(), {});
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(*opened, ToBytes("two"));
}

TEST(SenderKeyTest, ParseRefusesTruncatedGarbageAndInconsistentState) {
  Bytes good = ToVector(SenderKey::Generate().Serialize());
  for (size_t n = 0; n < good.size(); ++n) {
    EXPECT_EQ(SenderKey::Parse(ByteView(good).first(n)).status().code(), Code::kInvalidArgument);
  }
  EXPECT_FALSE(SenderKey::Parse(RandomBytes(good.size())).ok());
  Bytes wrong_public = good;
  wrong_public.back() ^= 1;
  EXPECT_EQ(SenderKey::Parse(wrong_public).status().code(), Code::kInvalidArgument);
}

TEST(SenderKeyDistributionTest, SerializeAndParseRoundTrip) {
  SenderKey key = SenderKey::Generate();
  key.Encrypt({}, {}).value();
  SenderKeyDistribution d = key.Distribution();
  auto parsed = SenderKeyDistribution::Parse(d.Serialize().view());
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->key_id, key.key_id());
  EXPECT_EQ(parsed->iteration, 1u);
  EXPECT_EQ(ToVector(parsed->chain_key), ToVector(d.chain_key));
  EXPECT_EQ(parsed->signing_public, d.signing_public);
}

TEST(SenderKeyDistributionTest, ParseRefusesTruncatedAndGarbageInput) {
  Bytes good = ToVector(SenderKey::Generate().Distribution().Serialize());
  for (size_t n = 0; n < good.size(); ++n) {
    EXPECT_EQ(SenderKeyDistribution::Parse(ByteView(good).first(n)).status().code(),
              Code::kInvalidArgument);
  }
  Bytes longer = good;
  longer.push_back(0);
  EXPECT_FALSE(SenderKeyDistribution::Parse(longer).ok());
  Bytes bad_version = good;
  bad_version[0] = 0;
  EXPECT_FALSE(SenderKeyDistribution::Parse(bad_version).ok());
}

}  // namespace
}  // namespace weerbaar::crypto
