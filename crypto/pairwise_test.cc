#include "crypto/pairwise.h"

#include <gtest/gtest.h>

#include "crypto/primitives.h"

namespace weerbaar::crypto {
namespace {

constexpr std::string_view kContext = "weerbaar/test/sender-key-distribution";

class PairwiseTest : public ::testing::Test {
 protected:
  Bytes Seal(ByteView plaintext) {
    return SealPairwise(alice_, bob_.device_id(), bob_.agreement_public(), kContext, plaintext)
        .value();
  }
  Result<Bytes> OpenAsBob(ByteView box, std::string_view context = kContext) {
    return OpenPairwise(bob_, alice_.device_id(), alice_.agreement_public(), context, box);
  }
  DeviceIdentity alice_ = DeviceIdentity::Generate();
  DeviceIdentity bob_ = DeviceIdentity::Generate();
  DeviceIdentity mallory_ = DeviceIdentity::Generate();
  Bytes plaintext_ = ToBytes("the chain key");
};

TEST_F(PairwiseTest, RoundTrips) {
  auto opened = OpenAsBob(Seal(plaintext_));
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(*opened, plaintext_);
}

TEST_F(PairwiseTest, WrongContextFails) {
  EXPECT_EQ(OpenAsBob(Seal(plaintext_), "weerbaar/test/other").status().code(), Code::kDataLoss);
}

TEST_F(PairwiseTest, AnotherRecipientCannotOpen) {
  Bytes box = Seal(plaintext_);
  auto opened =
      OpenPairwise(mallory_, alice_.device_id(), alice_.agreement_public(), kContext, box);
  EXPECT_EQ(opened.status().code(), Code::kDataLoss);
}

TEST_F(PairwiseTest, ABoxSealedForAnotherRecipientIdFails) {
  // Sealed to Bob's key but stamped with Mallory's id: Bob must not accept it.
  Bytes box =
      SealPairwise(alice_, mallory_.device_id(), bob_.agreement_public(), kContext, plaintext_)
          .value();
  EXPECT_EQ(OpenAsBob(box).status().code(), Code::kDataLoss);
}

TEST_F(PairwiseTest, AWrongClaimedSenderFails) {
  Bytes box = Seal(plaintext_);
  auto wrong_id =
      OpenPairwise(bob_, mallory_.device_id(), alice_.agreement_public(), kContext, box);
  EXPECT_EQ(wrong_id.status().code(), Code::kDataLoss);
  auto wrong_key =
      OpenPairwise(bob_, alice_.device_id(), mallory_.agreement_public(), kContext, box);
  EXPECT_EQ(wrong_key.status().code(), Code::kDataLoss);
}

TEST_F(PairwiseTest, ABoxCannotBeReflectedToItsSender) {
  Bytes box = Seal(plaintext_);
  auto opened = OpenPairwise(alice_, bob_.device_id(), bob_.agreement_public(), kContext, box);
  EXPECT_EQ(opened.status().code(), Code::kDataLoss);
}

TEST_F(PairwiseTest, EveryTamperedOrTruncatedBoxFails) {
  Bytes box = Seal(plaintext_);
  for (size_t i = 0; i < box.size(); ++i) {
    Bytes t = box;
    t[i] ^= 0x80;
    EXPECT_EQ(OpenAsBob(t).status().code(), Code::kDataLoss) << i;
    EXPECT_EQ(OpenAsBob(ByteView(box).first(i)).status().code(), Code::kDataLoss) << i;
  }
}

TEST_F(PairwiseTest, ALowOrderPeerKeyIsRefused) {
  Bytes low_order(32, 0);
  low_order[0] = 1;  // u = 1 and u = 0 are small-order points
  EXPECT_EQ(SealPairwise(alice_, bob_.device_id(), low_order, kContext, plaintext_).status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(OpenPairwise(bob_, alice_.device_id(), Bytes(32, 0), kContext, Seal(plaintext_))
                .status()
                .code(),
            Code::kInvalidArgument);
}

TEST_F(PairwiseTest, MalformedIdsAndKeysAreInvalidArguments) {
  EXPECT_EQ(SealPairwise(alice_, Bytes(15), bob_.agreement_public(), kContext, plaintext_)
                .status()
                .code(),
            Code::kInvalidArgument);
  EXPECT_EQ(
      SealPairwise(alice_, bob_.device_id(), Bytes(31, 9), kContext, plaintext_).status().code(),
      Code::kInvalidArgument);
  EXPECT_EQ(OpenPairwise(bob_, Bytes(17), alice_.agreement_public(), kContext, Seal(plaintext_))
                .status()
                .code(),
            Code::kInvalidArgument);
}

}  // namespace
}  // namespace weerbaar::crypto
