#include "storage/sealer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "crypto/primitives.h"
#include "storage/keyring.h"
#include "storage/retention.h"
#include "storage/retention_rules.h"
#include "storage/store_test_env.h"

namespace weerbaar::storage {

constexpr int64_t kNov2023 = 1'700'000'000'000;  // 2023-11-14T22:13:20Z, day 19675

class SealerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Init().ok());
    dir_ = MakeTempDir();
    master_ = crypto::RandomSecret(32);
    ASSERT_NO_FATAL_FAILURE(Open(master_));
  }
  void TearDown() override {
    sealer_.reset();
    keyring_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Open(const crypto::SecretBytes& master) {
    sealer_.reset();
    keyring_.reset();
    auto keyring = Keyring::Open(dir_ + "/keyring", master);
    ASSERT_TRUE(keyring.ok()) << keyring.status().ToString();
    keyring_ = std::move(keyring).value();
    sealer_ = std::make_unique<Sealer>(*keyring_, retention_);
  }
  // A chat message of `community` by `subject`, written at kNov2023, expiring in 90 days.
  Result<std::string> SealChat(const std::string& plaintext, const std::string& community = "c",
                               const std::string& subject = "u") {
    Placement placement{DataClass::kChatMessage, community, subject, kNov2023 + 90 * kDayMs};
    return sealer_->Seal(Cf::kMessages, "key", plaintext, placement, kNov2023);
  }

  std::string dir_;
  crypto::SecretBytes master_;
  Retention retention_;
  std::shared_ptr<Keyring> keyring_;
  std::unique_ptr<Sealer> sealer_;
};

namespace {

TEST_F(SealerTest, OpensWhatItSealed) {
  auto sealed = SealChat("plaintext");
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealed->find("plaintext"), std::string::npos);
  auto opened = sealer_->Open(Cf::kMessages, "key", *sealed, kNov2023);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened->state, Liveness::kLive);
  EXPECT_EQ(opened->plaintext, "plaintext");
}

TEST_F(SealerTest, RefusesAValueMovedToAnotherKeyOrColumnFamily) {
  auto sealed = SealChat("plaintext");
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealer_->Open(Cf::kMessages, "other", *sealed, kNov2023).status().code(),
            Code::kDataLoss);
  EXPECT_EQ(sealer_->Open(Cf::kInbox, "key", *sealed, kNov2023).status().code(), Code::kDataLoss);
}

TEST_F(SealerTest, RefusesATamperedOrTruncatedValue) {
  auto sealed = SealChat("plaintext");
  ASSERT_TRUE(sealed.ok());
  std::string tampered = *sealed;
  tampered.back() ^= 1;
  EXPECT_EQ(sealer_->Open(Cf::kMessages, "key", tampered, kNov2023).status().code(),
            Code::kDataLoss);
  EXPECT_EQ(sealer_->Open(Cf::kMessages, "key", sealed->substr(0, 20), kNov2023).status().code(),
            Code::kDataLoss);
}

TEST_F(SealerTest, BindsTheHeaderSoThatItsTimesCannotBeEdited) {
  auto sealed = SealChat("plaintext");
  ASSERT_TRUE(sealed.ok());
  std::string later = *sealed;
  later[20] ^= 0x01;  // a byte of expiry_ms: the value would live longer
  EXPECT_EQ(sealer_->Open(Cf::kMessages, "key", later, kNov2023).status().code(), Code::kDataLoss);
}

TEST_F(SealerTest, NamesItsKeyAndTimesInAClearHeader) {
  auto sealed = SealChat("p");
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ((*sealed)[0], '\x02');
  std::optional<SealHeader> header = ParseSealHeader(*sealed);
  ASSERT_TRUE(header.has_value());
  EXPECT_EQ(header->created_ms, kNov2023);
  EXPECT_EQ(header->expiry_ms, kNov2023 + 90 * kDayMs);
  std::optional<KeyScope> scope = keyring_->Scope(header->key_id);
  ASSERT_TRUE(scope.has_value());
  EXPECT_EQ(scope->data_class, DataClass::kChatMessage);
  EXPECT_EQ(scope->bucket, 19675u);
  EXPECT_EQ(scope->community, "c");
  EXPECT_EQ(scope->subject, "u");
}

TEST_F(SealerTest, UsesOneKeyPerClassDayCommunityAndSubject) {
  auto key_of = [&](const std::string& community, const std::string& subject, int64_t at) {
    Placement placement{DataClass::kChatMessage, community, subject, kKeepForever};
    auto sealed = sealer_->Seal(Cf::kMessages, "k", "p", placement, at);
    EXPECT_TRUE(sealed.ok());
    return ParseSealHeader(*sealed)->key_id;
  };
  const uint64_t first = key_of("c", "u", kNov2023);
  EXPECT_EQ(key_of("c", "u", kNov2023 + 1000), first);
  EXPECT_NE(key_of("c", "u", kNov2023 + kDayMs), first);
  EXPECT_NE(key_of("d", "u", kNov2023), first);
  EXPECT_NE(key_of("c", "v", kNov2023), first);
}

TEST_F(SealerTest, ReopensWithTheSameMasterKeyAndReadsOldValues) {
  auto sealed = SealChat("plaintext");
  ASSERT_TRUE(sealed.ok());
  ASSERT_NO_FATAL_FAILURE(Open(master_));
  auto opened = sealer_->Open(Cf::kMessages, "key", *sealed, kNov2023);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened->plaintext, "plaintext");
}

TEST_F(SealerTest, RefusesAWrongMasterKeyWithDataLoss) {
  sealer_.reset();
  keyring_.reset();
  EXPECT_EQ(Keyring::Open(dir_ + "/keyring", crypto::RandomSecret(32)).status().code(),
            Code::kDataLoss);
  EXPECT_EQ(Keyring::Open(dir_ + "/keyring", crypto::RandomSecret(16)).status().code(),
            Code::kInvalidArgument);
}

TEST_F(SealerTest, AValueWhoseDataKeyIsDestroyedIsShredded) {
  auto sealed = SealChat("plaintext");
  ASSERT_TRUE(sealed.ok());
  ASSERT_TRUE(keyring_->Destroy({ParseSealHeader(*sealed)->key_id}).ok());
  ASSERT_NO_FATAL_FAILURE(Open(master_));  // a fresh cache
  auto opened = sealer_->Open(Cf::kMessages, "key", *sealed, kNov2023);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->state, Liveness::kShredded);
  EXPECT_TRUE(opened->plaintext.empty());
  EXPECT_EQ(sealer_->OpenAny(Cf::kMessages, "key", *sealed)->state, Liveness::kShredded);
}

TEST_F(SealerTest, AValueIsExpiredFromTheExactMillisecondOfItsDeadline) {
  auto sealed = SealChat("plaintext");
  ASSERT_TRUE(sealed.ok());
  const SealHeader header = *ParseSealHeader(*sealed);
  const int64_t deadline = kNov2023 + 90 * kDayMs;
  EXPECT_EQ(sealer_->DeadlineOf(header), deadline);
  EXPECT_EQ(sealer_->Judge(header, deadline - 1), Liveness::kLive);
  EXPECT_EQ(sealer_->Judge(header, deadline), Liveness::kExpired);
  // The community shortens its period: the deadline moves forward at once.
  retention_.SetCommunityPeriod("c", DataClass::kChatMessage, 10 * kDayMs);
  EXPECT_EQ(sealer_->DeadlineOf(header), kNov2023 + 10 * kDayMs);
  // Lengthening never goes beyond the expiry stored when it was written.
  retention_.SetCommunityPeriod("c", DataClass::kChatMessage, 700 * kDayMs);
  EXPECT_EQ(sealer_->DeadlineOf(header), deadline);
  auto opened = sealer_->Open(Cf::kMessages, "key", *sealed, deadline);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->state, Liveness::kExpired);
  EXPECT_TRUE(opened->plaintext.empty());
}

}  // namespace
}  // namespace weerbaar::storage
