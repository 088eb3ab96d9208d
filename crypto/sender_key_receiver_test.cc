#include <gtest/gtest.h>

#include <vector>

#include "crypto/primitives.h"
#include "crypto/sender_key.h"

namespace weerbaar::crypto {
namespace {

Bytes ToVector(const SecretBytes& s) { return Bytes(s.view().begin(), s.view().end()); }

class SenderKeyReceiverTest : public ::testing::Test {
 protected:
  // Encrypts n messages "m<i>" under the group's context aad.
  std::vector<Bytes> Send(size_t n) {
    std::vector<Bytes> out;
    for (size_t i = 0; i < n; ++i) out.push_back(sender_.Encrypt(Text(sent_++), aad_).value());
    return out;
  }
  static Bytes Text(size_t i) { return ToBytes("m" + std::to_string(i)); }
  Result<Bytes> Receive(ByteView message) { return rx_.Decrypt(message, aad_); }
  // Asserts that the failure left the receiver exactly as it was.
  void ExpectRefusedUnchanged(ByteView message, Code code) {
    Bytes before = ToVector(rx_.Serialize());
    EXPECT_EQ(Receive(message).status().code(), code);
    EXPECT_EQ(ToVector(rx_.Serialize()), before);
  }

  SenderKey sender_ = SenderKey::Generate();
  SenderKeyReceiver rx_ = SenderKeyReceiver::FromDistribution(sender_.Distribution());
  Bytes aad_ = ToBytes("group|device|epoch");
  size_t sent_ = 0;
};

TEST_F(SenderKeyReceiverTest, DecryptsInOrder) {
  auto messages = Send(5);
  for (size_t i = 0; i < messages.size(); ++i) {
    auto opened = Receive(messages[i]);
    ASSERT_TRUE(opened.ok()) << i << ": " << opened.status().ToString();
    EXPECT_EQ(*opened, Text(i));
  }
}

TEST_F(SenderKeyReceiverTest, DecryptsOutOfOrderWithinTheWindow) {
  auto m = Send(6);
  for (size_t i : {3, 0, 5, 1, 4, 2}) {
    auto opened = Receive(m[i]);
    ASSERT_TRUE(opened.ok()) << i << ": " << opened.status().ToString();
    EXPECT_EQ(*opened, Text(i));
  }
}

TEST_F(SenderKeyReceiverTest, RejectsAReplayedMessage) {
  auto m = Send(3);
  ASSERT_TRUE(Receive(m[2]).ok());
  ASSERT_TRUE(Receive(m[0]).ok());
  ExpectRefusedUnchanged(m[2], Code::kAlreadyExists);
  ExpectRefusedUnchanged(m[0], Code::kAlreadyExists);
  EXPECT_TRUE(Receive(m[1]).ok());
}

TEST_F(SenderKeyReceiverTest, RejectsAFlippedByteInTheSignatureCiphertextOrHeader) {
  auto m = Send(2);
  for (size_t pos : {m[0].size() - 1, m[0].size() - 70, size_t{45}, size_t{30}, size_t{18}}) {
    Bytes bad = m[0];
    bad[pos] ^= 0x04;
    ExpectRefusedUnchanged(bad, Code::kPermissionDenied);
  }
  EXPECT_EQ(*Receive(m[0]), Text(0));
}

TEST_F(SenderKeyReceiverTest, RejectsAWrongContextAad) {
  auto m = Send(1);
  Bytes before = ToVector(rx_.Serialize());
  EXPECT_EQ(rx_.Decrypt(m[0], AsBytes("group|device|epoch2")).status().code(),
            Code::kPermissionDenied);
  EXPECT_EQ(ToVector(rx_.Serialize()), before);
  EXPECT_TRUE(Receive(m[0]).ok());
}

TEST_F(SenderKeyReceiverTest, RejectsAMemberWhoKnowsTheChainKeyButNotTheSigningKey) {
  // A forger with the chain key (every member has it) and their own signing key.
  Bytes state = ToVector(sender_.Serialize());
  Bytes other = ToVector(SenderKey::Generate().Serialize());
  constexpr size_t kSigningOffset = 1 + kSenderKeyIdBytes + 4 + 32;
  std::copy(other.begin() + kSigningOffset, other.end(), state.begin() + kSigningOffset);
  SenderKey forger = SenderKey::Parse(state).value();
  ExpectRefusedUnchanged(forger.Encrypt(AsBytes("fake"), aad_).value(), Code::kPermissionDenied);
  EXPECT_EQ(*Receive(Send(1)[0]), Text(0));
}

TEST_F(SenderKeyReceiverTest, AWrongChainKeyFailsAuthenticationAndChangesNothing) {
  SenderKeyDistribution d = sender_.Distribution();
  d.chain_key.data()[0] ^= 1;
  SenderKeyReceiver wrong = SenderKeyReceiver::FromDistribution(d);
  Bytes before = ToVector(wrong.Serialize());
  auto m = Send(2);
  EXPECT_EQ(wrong.Decrypt(m[1], aad_).status().code(), Code::kDataLoss);
  EXPECT_EQ(ToVector(wrong.Serialize()), before);
}

TEST_F(SenderKeyReceiverTest, RejectsAJumpBeyondTheWindow) {
  auto m = Send(kMaxSkippedKeys + 2);
  ExpectRefusedUnchanged(m[kMaxSkippedKeys + 1], Code::kResourceExhausted);
  auto last_in_window = Receive(m[kMaxSkippedKeys]);
  ASSERT_TRUE(last_in_window.ok()) << last_in_window.status().ToString();
  EXPECT_EQ(*Receive(m[0]), Text(0));
  EXPECT_EQ(*Receive(m[kMaxSkippedKeys + 1]), Text(kMaxSkippedKeys + 1));
}

TEST_F(SenderKeyReceiverTest, DropsTheOldestSkippedKeysBeyondTheBound) {
  auto m = Send(2 * kMaxSkippedKeys + 1);
  ASSERT_TRUE(Receive(m[kMaxSkippedKeys]).ok());      // skips 0 .. 1999
  ASSERT_TRUE(Receive(m[2 * kMaxSkippedKeys]).ok());  // skips 2001 .. 3999
  // 3999 skipped keys, bounded to the newest 2000: 1999 and 2001 .. 3999.
  ExpectRefusedUnchanged(m[kMaxSkippedKeys - 2], Code::kAlreadyExists);
  EXPECT_EQ(*Receive(m[kMaxSkippedKeys - 1]), Text(kMaxSkippedKeys - 1));
  EXPECT_EQ(*Receive(m[kMaxSkippedKeys + 1]), Text(kMaxSkippedKeys + 1));
}

TEST_F(SenderKeyReceiverTest, RejectsAMessageBeforeTheDistributionIteration) {
  auto early = Send(2);
  SenderKeyReceiver late = SenderKeyReceiver::FromDistribution(sender_.Distribution());
  EXPECT_EQ(late.Decrypt(early[1], aad_).status().code(), Code::kAlreadyExists);
  EXPECT_EQ(*late.Decrypt(Send(1)[0], aad_), Text(2));
}

TEST_F(SenderKeyReceiverTest, RejectsAnotherKeyIdAndMalformedMessages) {
  SenderKey other = SenderKey::Generate();
  ExpectRefusedUnchanged(other.Encrypt(AsBytes("x"), aad_).value(), Code::kInvalidArgument);
  Bytes m = Send(1)[0];
  for (size_t n : {size_t{0}, size_t{44}, size_t{124}}) {
    ExpectRefusedUnchanged(ByteView(m).first(n), Code::kInvalidArgument);
  }
  EXPECT_TRUE(Receive(m).ok());
}

TEST_F(SenderKeyReceiverTest, SerializeAndParseMidStreamKeepDecrypting) {
  auto m = Send(6);
  ASSERT_TRUE(Receive(m[0]).ok());
  ASSERT_TRUE(Receive(m[3]).ok());  // 1 and 2 skipped
  auto restored = SenderKeyReceiver::Parse(rx_.Serialize().view());
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  rx_ = std::move(restored).value();
  EXPECT_EQ(rx_.key_id(), sender_.key_id());
  EXPECT_EQ(*Receive(m[2]), Text(2));
  EXPECT_EQ(*Receive(m[5]), Text(5));
  EXPECT_EQ(*Receive(m[1]), Text(1));
  EXPECT_EQ(*Receive(m[4]), Text(4));
  ExpectRefusedUnchanged(m[3], Code::kAlreadyExists);
}

TEST_F(SenderKeyReceiverTest, ParseRefusesEveryTruncationAndGarbage) {
  auto m = Send(4);
  ASSERT_TRUE(Receive(m[3]).ok());  // three skipped keys in the state
  Bytes good = ToVector(rx_.Serialize());
  for (size_t n = 0; n < good.size(); ++n) {
    EXPECT_EQ(SenderKeyReceiver::Parse(ByteView(good).first(n)).status().code(),
              Code::kInvalidArgument)
        << n;
  }
  Bytes longer = good;
  longer.push_back(0);
  EXPECT_FALSE(SenderKeyReceiver::Parse(longer).ok());
  for (size_t size : {size_t{0}, size_t{1}, size_t{89}, size_t{500}}) {
    Bytes garbage = RandomBytes(size);
    if (!garbage.empty()) garbage[0] = 1;  // a valid version, to reach the length checks
    EXPECT_FALSE(SenderKeyReceiver::Parse(garbage).ok()) << size;
  }
}

TEST_F(SenderKeyReceiverTest, ParseRefusesInconsistentSkippedEntries) {
  auto m = Send(3);
  ASSERT_TRUE(Receive(m[2]).ok());  // skipped 0 and 1; iteration 3
  Bytes good = ToVector(rx_.Serialize());
  constexpr size_t kCount = 1 + kSenderKeyIdBytes + 4 + 32 + 32;
  constexpr size_t kFirst = kCount + 4, kSecond = kFirst + 36;
  Bytes huge_count = good;
  huge_count[kCount] = 0xff;
  EXPECT_FALSE(SenderKeyReceiver::Parse(huge_count).ok());
  Bytes duplicate = good;
  duplicate[kSecond + 3] = 0;  // entries 0, 0
  EXPECT_FALSE(SenderKeyReceiver::Parse(duplicate).ok());
  Bytes not_before = good;
  not_before[kSecond + 3] = 3;  // an entry at the current iteration
  EXPECT_FALSE(SenderKeyReceiver::Parse(not_before).ok());
  EXPECT_TRUE(SenderKeyReceiver::Parse(good).ok());
}

}  // namespace
}  // namespace weerbaar::crypto
