#include "crypto/channel_seal.h"

#include <gtest/gtest.h>

namespace weerbaar::crypto {
namespace {

class ChannelSealTest : public ::testing::Test {
 protected:
  Bytes Aad(uint8_t report = 0x11, uint8_t channel = 0xC1) {
    return ShareAad(Bytes(16, report), Bytes(16, channel)).value();
  }
  Bytes Seal() { return SealToChannel(channel_.public_key, details_, Aad()).value(); }

  X25519KeyPair channel_ = X25519KeyPair::Generate();
  X25519KeyPair other_channel_ = X25519KeyPair::Generate();
  Bytes details_ = ToBytes("lantaarnpaal bij de speeltuin is al een week kapot");
};

TEST_F(ChannelSealTest, RoundTrips) {
  Bytes box = Seal();
  EXPECT_EQ(box.size(), details_.size() + kSealOverheadBytes);
  auto opened = OpenFromChannel(channel_, box, Aad());
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(*opened, details_);
}

TEST_F(ChannelSealTest, EveryBoxUsesAFreshEphemeralKey) {
  Bytes a = Seal(), b = Seal();
  EXPECT_NE(Bytes(a.begin() + 1, a.begin() + 33), Bytes(b.begin() + 1, b.begin() + 33));
}

TEST_F(ChannelSealTest, AnotherChannelKeyCannotOpen) {
  EXPECT_EQ(OpenFromChannel(other_channel_, Seal(), Aad()).status().code(), Code::kDataLoss);
}

TEST_F(ChannelSealTest, TheWrongReportOrChannelInTheAadFails) {
  Bytes box = Seal();
  EXPECT_EQ(OpenFromChannel(channel_, box, Aad(0x12, 0xC1)).status().code(), Code::kDataLoss);
  EXPECT_EQ(OpenFromChannel(channel_, box, Aad(0x11, 0xC2)).status().code(), Code::kDataLoss);
  EXPECT_EQ(OpenFromChannel(channel_, box, {}).status().code(), Code::kDataLoss);
}

TEST_F(ChannelSealTest, EveryTamperedOrTruncatedBoxFails) {
  Bytes box = Seal();
  for (size_t i = 0; i < box.size(); ++i) {
    Bytes t = box;
    t[i] ^= 0x01;
    EXPECT_EQ(OpenFromChannel(channel_, t, Aad()).status().code(), Code::kDataLoss) << i;
    EXPECT_EQ(OpenFromChannel(channel_, ByteView(box).first(i), Aad()).status().code(),
              Code::kDataLoss)
        << i;
  }
}

TEST_F(ChannelSealTest, AChannelBoxIsNotAReplyAndAReplyIsNotAChannelBox) {
  X25519KeyPair reply = X25519KeyPair::FromSecret(channel_.secret.view()).value();
  EXPECT_EQ(OpenWithReplyHandle(reply, Seal(), Aad()).status().code(), Code::kDataLoss);
  Bytes question = SealToReplyHandle(reply.public_key, ToBytes("waar precies?"), Aad()).value();
  EXPECT_EQ(OpenFromChannel(channel_, question, Aad()).status().code(), Code::kDataLoss);
  auto opened = OpenWithReplyHandle(reply, question, Aad());
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(ToString(*opened), "waar precies?");
}

TEST_F(ChannelSealTest, AnUpdateDoesNotOpenAsAQuestionAndAQuestionNotAsAnUpdate) {
  X25519KeyPair reply = X25519KeyPair::Generate();
  Bytes update_aad = ShareUpdateAad(Bytes(16, 0x11), Bytes(16, 0xC1)).value();
  Bytes update = SealToReplyHandle(reply.public_key, details_, update_aad).value();
  Bytes question = SealToReplyHandle(reply.public_key, details_, Aad()).value();
  EXPECT_EQ(OpenWithReplyHandle(reply, update, update_aad).value(), details_);
  EXPECT_EQ(OpenWithReplyHandle(reply, update, Aad()).status().code(), Code::kDataLoss);
  EXPECT_EQ(OpenWithReplyHandle(reply, question, update_aad).status().code(), Code::kDataLoss);
  EXPECT_EQ(ShareUpdateAad(Bytes(15, 1), Bytes(16, 2)).status().code(), Code::kInvalidArgument);
}

TEST_F(ChannelSealTest, RefusesBadRecipientKeysAndIds) {
  EXPECT_EQ(SealToChannel(Bytes(31, 1), details_, Aad()).status().code(), Code::kInvalidArgument);
  Bytes low_order(32, 0);  // u = 0 has small order
  EXPECT_EQ(SealToChannel(low_order, details_, Aad()).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(ShareAad(Bytes(15, 1), Bytes(16, 2)).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(X25519KeyPair::FromSecret(Bytes(31, 1)).status().code(), Code::kInvalidArgument);
}

TEST_F(ChannelSealTest, ABoxWithALowOrderEphemeralKeyFailsCleanly) {
  Bytes box = Seal();
  std::fill(box.begin() + 1, box.begin() + 33, 0);
  EXPECT_EQ(OpenFromChannel(channel_, box, Aad()).status().code(), Code::kDataLoss);
}

TEST_F(ChannelSealTest, AKeyPairRebuiltFromItsSecretOpensTheSameBoxes) {
  X25519KeyPair restored = X25519KeyPair::FromSecret(channel_.secret.view()).value();
  EXPECT_EQ(restored.public_key, channel_.public_key);
  EXPECT_TRUE(OpenFromChannel(restored, Seal(), Aad()).ok());
}

}  // namespace
}  // namespace weerbaar::crypto
