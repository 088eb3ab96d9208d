#include "clients/group_crypto.h"

#include <gtest/gtest.h>

#include "clients/auth_request.h"
#include "clients/group_state.h"
#include "clients/test_util.h"
#include "crypto/primitives.h"

namespace weerbaar::client {
namespace {

const std::string kGroup(16, 'G');
const std::string kUserA(16, 'A');
const std::string kUserB(16, 'B');
constexpr uint64_t kEpoch = 3;

// Alice (A) sends to the group; Bob (B) receives; Carol (C) is not a recipient.
class GroupCryptoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Init().ok());
    auto key = RotateSenderKey(alice_group_, alice_.device_id(), AsBytes(kUserA), kEpoch);
    ASSERT_TRUE(key.ok());
    key_.emplace(std::move(key).value());
  }

  // Shares Alice's key with Bob the way SendText does and Bob's inbox processing does.
  void ShareWithBob() {
    auto box = SealSenderKeyShare(alice_, PublishedInfo(bob_), AsBytes(kGroup), kEpoch,
                                  key_->Distribution());
    ASSERT_TRUE(box.ok()) << box.status().ToString();
    auto share = OpenSenderKeyShare(bob_, PublishedInfo(alice_), *box);
    ASSERT_TRUE(share.ok()) << share.status().ToString();
    EXPECT_EQ(share->group_id(), kGroup);
    EXPECT_EQ(share->epoch(), kEpoch);
    ASSERT_TRUE(AcceptSenderKeyShare(bob_group_, *share, alice_.device_id(), AsBytes(kUserA)).ok());
  }

  v1::GroupMessage Send(std::string_view text, uint64_t seq) {
    auto ct = EncryptGroupText(*key_, AsBytes(kGroup), alice_.device_id(), kEpoch, text, 1234);
    EXPECT_TRUE(ct.ok()) << ct.status().ToString();
    v1::GroupMessage m;
    m.set_group_id(kGroup);
    m.set_seq(seq);
    m.set_sender_device(ToString(alice_.device_id()));
    m.set_sender_user(kUserA);
    m.set_epoch(kEpoch);
    m.set_ciphertext(ct.ok() ? ToString(*ct) : "");
    return m;
  }

  crypto::DeviceIdentity alice_ = crypto::DeviceIdentity::Generate();
  crypto::DeviceIdentity bob_ = crypto::DeviceIdentity::Generate();
  crypto::DeviceIdentity carol_ = crypto::DeviceIdentity::Generate();
  GroupState alice_group_, bob_group_;
  std::optional<crypto::SenderKey> key_;
};

TEST_F(GroupCryptoTest, ARecipientOfTheShareDecryptsTheMessage) {
  ShareWithBob();
  HistoryEntry e = OpenGroupMessage(bob_group_, Send("de lantaarn is kapot", 1));
  EXPECT_TRUE(e.decrypted()) << e.text();
  EXPECT_EQ(e.text(), "de lantaarn is kapot");
  EXPECT_EQ(e.sent_at_ms(), 1234u);
  EXPECT_EQ(e.seq(), 1u);
  EXPECT_EQ(e.sender_user(), kUserA);
}

TEST_F(GroupCryptoTest, MessagesDecryptInOrderAndOutOfOrder) {
  ShareWithBob();
  v1::GroupMessage first = Send("one", 1), second = Send("two", 2), third = Send("three", 3);
  EXPECT_EQ(OpenGroupMessage(bob_group_, second).text(), "two");
  EXPECT_EQ(OpenGroupMessage(bob_group_, first).text(), "one");
  EXPECT_EQ(OpenGroupMessage(bob_group_, third).text(), "three");
}

TEST_F(GroupCryptoTest, AMessageStampedWithAnotherEpochDoesNotDecrypt) {
  ShareWithBob();
  v1::GroupMessage m = Send("secret", 1);
  // The aad binds the epoch: even a receiver that ignores the key's epoch fails.
  ReceivedKey* stored = FindReceivedKey(
      bob_group_, alice_.device_id(), crypto::PeekSenderKeyHeader(AsBytes(m.ciphertext()))->key_id);
  ASSERT_NE(stored, nullptr);
  auto receiver = crypto::SenderKeyReceiver::Parse(AsBytes(stored->serialized()));
  ASSERT_TRUE(receiver.ok());
  auto wrong = receiver->Decrypt(AsBytes(m.ciphertext()),
                                 GroupMessageAad(AsBytes(kGroup), alice_.device_id(), kEpoch + 1));
  EXPECT_FALSE(wrong.ok());
  // And the client refuses it before trying.
  m.set_epoch(kEpoch + 1);
  HistoryEntry e = OpenGroupMessage(bob_group_, m);
  EXPECT_FALSE(e.decrypted());
  EXPECT_EQ(e.text(), "[cannot decrypt: key belongs to another epoch]");
}

TEST_F(GroupCryptoTest, AMessageMovedToAnotherGroupDoesNotDecrypt) {
  ShareWithBob();
  v1::GroupMessage m = Send("secret", 1);
  std::string other_group(16, 'H');
  m.set_group_id(other_group);
  HistoryEntry e = OpenGroupMessage(bob_group_, m);
  EXPECT_FALSE(e.decrypted());
  EXPECT_EQ(e.text().rfind("[cannot decrypt: ", 0), 0u);
}

TEST_F(GroupCryptoTest, AReplayedMessageIsReportedNotDecryptedTwice) {
  ShareWithBob();
  v1::GroupMessage m = Send("once", 1);
  EXPECT_TRUE(OpenGroupMessage(bob_group_, m).decrypted());
  HistoryEntry again = OpenGroupMessage(bob_group_, m);
  EXPECT_FALSE(again.decrypted());
  EXPECT_EQ(again.text(), "[cannot decrypt: replayed or older than the key]");
}

TEST_F(GroupCryptoTest, WithoutTheShareTheMessageIsReportedAsUndecryptable) {
  HistoryEntry e = OpenGroupMessage(bob_group_, Send("hidden", 1));
  EXPECT_FALSE(e.decrypted());
  EXPECT_EQ(e.text(), "[cannot decrypt: no key from the sending device]");
}

TEST_F(GroupCryptoTest, AMessageClaimingAnotherSenderUserIsRefused) {
  ShareWithBob();
  v1::GroupMessage m = Send("who am i", 1);
  m.set_sender_user(kUserB);
  EXPECT_FALSE(OpenGroupMessage(bob_group_, m).decrypted());
}

TEST_F(GroupCryptoTest, ATamperedCiphertextIsReportedAsUndecryptable) {
  ShareWithBob();
  v1::GroupMessage m = Send("intact", 1);
  std::string ct = m.ciphertext();
  ct[ct.size() / 2] ^= 1;
  m.set_ciphertext(ct);
  EXPECT_FALSE(OpenGroupMessage(bob_group_, m).decrypted());
  m.set_ciphertext("short");
  EXPECT_EQ(OpenGroupMessage(bob_group_, m).text(), "[cannot decrypt: malformed message]");
}

TEST_F(GroupCryptoTest, OnlyTheAddressedDeviceOpensAShare) {
  auto box = SealSenderKeyShare(alice_, PublishedInfo(bob_), AsBytes(kGroup), kEpoch,
                                key_->Distribution());
  ASSERT_TRUE(box.ok());
  EXPECT_EQ(OpenSenderKeyShare(carol_, PublishedInfo(alice_), *box).status().code(),
            Code::kDataLoss);
  // Bob must know who sent it: a box claimed to come from Carol does not open.
  EXPECT_EQ(OpenSenderKeyShare(bob_, PublishedInfo(carol_), *box).status().code(), Code::kDataLoss);
}

TEST_F(GroupCryptoTest, AChannelKeyShareOpensOnlyForItsDeviceAndIsNoSenderKeyShare) {
  v1::DirectContent content;
  content.mutable_channel_key()->set_channel_id(kGroup);
  content.mutable_channel_key()->set_secret_key(std::string(32, 'K'));
  auto envelope = SealedEnvelope(alice_, PublishedInfo(bob_), content);
  ASSERT_TRUE(envelope.ok()) << envelope.status().ToString();
  EXPECT_EQ(envelope->to_device(), ToString(bob_.device_id()));
  auto opened = OpenDirectContent(bob_, PublishedInfo(alice_), AsBytes(envelope->payload()));
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened->channel_key().secret_key(), std::string(32, 'K'));
  EXPECT_EQ(SenderKeyShareIn(*opened).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(OpenDirectContent(carol_, PublishedInfo(alice_), AsBytes(envelope->payload()))
                .status()
                .code(),
            Code::kDataLoss);
  v1::DeviceInfo forged = PublishedInfo(bob_);
  forged.mutable_keys()->set_agreement_key(ToString(carol_.agreement_public()));
  EXPECT_EQ(SealedEnvelope(alice_, forged, content).status().code(), Code::kPermissionDenied);
}

TEST_F(GroupCryptoTest, TheSenderReadsItsOwnMessages) {
  HistoryEntry e = OpenGroupMessage(alice_group_, Send("echo", 1));
  EXPECT_TRUE(e.decrypted());
  EXPECT_EQ(e.text(), "echo");
  EXPECT_EQ(alice_group_.my_key().epoch(), kEpoch);
}

TEST_F(GroupCryptoTest, DeviceKeysMustMatchTheirIdAndSignature) {
  v1::DeviceInfo good = PublishedInfo(bob_);
  EXPECT_TRUE(VerifyDeviceKeys(good).ok());
  v1::DeviceInfo wrong_id = good;
  wrong_id.set_device_id(ToString(carol_.device_id()));
  EXPECT_EQ(VerifyDeviceKeys(wrong_id).code(), Code::kPermissionDenied);
  v1::DeviceInfo swapped = good;  // Carol's agreement key under Bob's signing key
  swapped.mutable_keys()->set_agreement_key(ToString(carol_.agreement_public()));
  EXPECT_EQ(VerifyDeviceKeys(swapped).code(), Code::kPermissionDenied);
}

TEST_F(GroupCryptoTest, AadLengthPrefixesItsIdsAndEndsWithTheEpoch) {
  Bytes aad = GroupMessageAad(AsBytes(kGroup), AsBytes(std::string(16, 'D')), 0x0102);
  ASSERT_EQ(aad.size(), 4u + 16 + 4 + 16 + 8);
  EXPECT_EQ(GetBigEndian32(aad.data()), 16u);
  EXPECT_EQ(GetBigEndian32(aad.data() + 20), 16u);
  EXPECT_EQ(GetBigEndian64(aad.data() + 40), 0x0102u);
}

TEST_F(GroupCryptoTest, RefusesTextOverTheLimitWithoutUsingAKey) {
  uint32_t before = key_->iteration();
  std::string text(kMaxTextBytes + 1, 'x');
  auto ct = EncryptGroupText(*key_, AsBytes(kGroup), alice_.device_id(), kEpoch, text, 0);
  EXPECT_EQ(ct.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(key_->iteration(), before);
}

}  // namespace
}  // namespace weerbaar::client
