#include "storage/sealer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "crypto/primitives.h"
#include "storage/data_keys.h"
#include "storage/db.h"
#include "storage/store_test_env.h"

namespace weerbaar::storage {
namespace {

constexpr int64_t kNov2023 = 1'700'000'000'000;  // 2023-11-14T22:13:20Z
constexpr int64_t kDec2023 = 1'701'500'000'000;  // 2023-12-02

class SealerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Init().ok());
    dir_ = MakeTempDir();
    master_ = crypto::RandomSecret(32);
    ASSERT_NO_FATAL_FAILURE(Open(master_));
  }
  void TearDown() override {
    keys_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Open(const crypto::SecretBytes& master) {
    keys_.reset();
    db_.reset();
    auto db = Db::Open(dir_ + "/db", 1 << 20);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    auto keys = DataKeys::Open(*db_, master);
    ASSERT_TRUE(keys.ok()) << keys.status().ToString();
    keys_ = std::move(keys).value();
  }

  std::string dir_;
  crypto::SecretBytes master_;
  std::unique_ptr<Db> db_;
  std::unique_ptr<DataKeys> keys_;
};

TEST_F(SealerTest, OpensWhatItSealed) {
  Sealer sealer(*keys_);
  auto sealed = sealer.Seal(Cf::kMessages, "key", "plaintext", kNov2023);
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealed->find("plaintext"), std::string::npos);
  auto opened = sealer.Open(Cf::kMessages, "key", *sealed);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(*opened, "plaintext");
}

TEST_F(SealerTest, RefusesAValueMovedToAnotherKeyOrColumnFamily) {
  Sealer sealer(*keys_);
  auto sealed = sealer.Seal(Cf::kMessages, "key", "plaintext", kNov2023);
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealer.Open(Cf::kMessages, "other", *sealed).status().code(), Code::kDataLoss);
  EXPECT_EQ(sealer.Open(Cf::kInbox, "key", *sealed).status().code(), Code::kDataLoss);
}

TEST_F(SealerTest, RefusesATamperedOrTruncatedValue) {
  Sealer sealer(*keys_);
  auto sealed = sealer.Seal(Cf::kUsers, "key", "plaintext", kNov2023);
  ASSERT_TRUE(sealed.ok());
  std::string tampered = *sealed;
  tampered.back() ^= 1;
  EXPECT_EQ(sealer.Open(Cf::kUsers, "key", tampered).status().code(), Code::kDataLoss);
  EXPECT_EQ(sealer.Open(Cf::kUsers, "key", sealed->substr(0, 20)).status().code(), Code::kDataLoss);
}

TEST_F(SealerTest, NamesTheDataKeyByClassAndMonthInTheHeader) {
  Sealer sealer(*keys_);
  auto nov = sealer.Seal(Cf::kMessages, "k", "p", kNov2023);
  auto dec = sealer.Seal(Cf::kUsers, "k", "p", kDec2023);
  ASSERT_TRUE(nov.ok() && dec.ok());
  EXPECT_EQ(nov->substr(0, 6), std::string("\x01\x04\x00\x03\x16\x47", 6));  // v1, chat, 202311
  EXPECT_EQ(BucketOf(DataClass::kChat, kNov2023), 202311u);
  EXPECT_EQ(BucketOf(DataClass::kAccount, kDec2023), 202312u);
  EXPECT_EQ(BucketOf(DataClass::kSystem, kDec2023), 0u);
  EXPECT_EQ(static_cast<uint8_t>((*dec)[1]), static_cast<uint8_t>(DataClass::kAccount));
}

TEST_F(SealerTest, ReopensWithTheSameMasterKeyAndReadsOldValues) {
  std::string sealed;
  {
    Sealer sealer(*keys_);
    auto s = sealer.Seal(Cf::kMessages, "k", "plaintext", kNov2023);
    ASSERT_TRUE(s.ok());
    sealed = *s;
  }
  ASSERT_NO_FATAL_FAILURE(Open(master_));
  Sealer sealer(*keys_);
  auto opened = sealer.Open(Cf::kMessages, "k", sealed);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(*opened, "plaintext");
}

TEST_F(SealerTest, RefusesAWrongMasterKeyWithDataLoss) {
  keys_.reset();
  auto keys = DataKeys::Open(*db_, crypto::RandomSecret(32));
  EXPECT_EQ(keys.status().code(), Code::kDataLoss);
  auto short_key = DataKeys::Open(*db_, crypto::RandomSecret(16));
  EXPECT_EQ(short_key.status().code(), Code::kInvalidArgument);
}

TEST_F(SealerTest, AValueWhoseDataKeyIsDeletedCannotBeRead) {
  Sealer sealer(*keys_);
  auto sealed = sealer.Seal(Cf::kMessages, "k", "plaintext", kNov2023);
  ASSERT_TRUE(sealed.ok());
  std::string row(1, static_cast<char>(DataClass::kChat));
  row += std::string("\x00\x03\x16\x47", 4);
  ASSERT_TRUE(db_->db()->Delete({}, db_->cf(Cf::kKeys), row).ok());
  ASSERT_NO_FATAL_FAILURE(Open(master_));  // a fresh cache
  Sealer reopened(*keys_);
  EXPECT_EQ(reopened.Open(Cf::kMessages, "k", *sealed).status().code(), Code::kDataLoss);
}

}  // namespace
}  // namespace weerbaar::storage
