// The keyring: its own database beside the main one, shared within a process, bound to
// its database, and the first storage format refused.
#include "storage/keyring.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <filesystem>

#include "crypto/primitives.h"
#include "storage/disk_scan_test_util.h"
#include "storage/store_test_env.h"

namespace weerbaar::storage {
namespace {

using KeyringTest = StoreTest;

TEST_F(KeyringTest, LivesInItsOwnFolderBesideTheDatabase) {
  EXPECT_TRUE(std::filesystem::exists(KeyringDir() + "/CURRENT"));
  EXPECT_TRUE(std::filesystem::exists(DbDir() + "/CURRENT"));
  const std::string copy = dir_ + "/copy";
  ASSERT_TRUE(store_->Checkpoint(copy).ok());
  EXPECT_FALSE(std::filesystem::exists(copy + "/keyring"));
}

TEST_F(KeyringTest, IsSharedByTheStoresOfOneProcessWithTheSameMasterKey) {
  auto first = Keyring::Open(dir_ + "/shared", master_key_);
  auto second = Keyring::Open(dir_ + "/shared/", master_key_);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->get(), second->get());
  EXPECT_EQ(Keyring::Open(dir_ + "/shared", crypto::RandomSecret(32)).status().code(),
            Code::kDataLoss);
  auto key = (*first)->GetOrCreate({DataClass::kChatMessage, 1, "c", "u"});
  ASSERT_TRUE(key.ok());
  EXPECT_EQ((*second)->Scope(key->id)->subject, "u");
  first->reset();
  second->reset();
  auto reopened = Keyring::Open(dir_ + "/shared", master_key_);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EXPECT_EQ((*reopened)->Scope(key->id)->community, "c");
  auto again = (*reopened)->GetOrCreate({DataClass::kChatMessage, 1, "c", "u"});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->id, key->id);
  EXPECT_TRUE(crypto::ConstantTimeEqual(again->key->view(), key->key->view()));
}

TEST_F(KeyringTest, ADestroyedKeyIsGoneFromEveryFileOfTheKeyring) {
  const std::string path = dir_ + "/destroy";
  auto keyring = Keyring::Open(path, master_key_);
  ASSERT_TRUE(keyring.ok());
  auto doomed = (*keyring)->GetOrCreate({DataClass::kChatMessage, 1, "", "u"});
  auto kept = (*keyring)->GetOrCreate({DataClass::kChatMessage, 1, "", "v"});
  ASSERT_TRUE(doomed.ok() && kept.ok());
  auto wrapped = [&](uint64_t id) {
    std::string row = **(*keyring)->RawRow(id);
    return row.substr(row.size() - 72);  // nonce | wrapped key | tag
  };
  const std::string doomed_wrapped = wrapped(doomed->id), kept_wrapped = wrapped(kept->id);
  ASSERT_TRUE((*keyring)->Compact().ok());  // into an SST file, where only compaction reaches
  ASSERT_FALSE(DiskScan::Of(path)->FilesHolding(doomed_wrapped).empty());

  ASSERT_TRUE((*keyring)->Destroy({doomed->id}).ok());
  EXPECT_FALSE((*keyring)->Scope(doomed->id).has_value());
  EXPECT_EQ((*keyring)->Get(doomed->id)->get(), nullptr);
  keyring->reset();
  auto scan = DiskScan::Of(path);
  ASSERT_TRUE(scan.ok()) << scan.status().ToString();
  EXPECT_TRUE(scan->FilesHolding(doomed_wrapped).empty());
  EXPECT_FALSE(scan->FilesHolding(kept_wrapped).empty());
}

TEST_F(KeyringTest, ADatabaseRefusesAKeyringThatIsNotItsOwn) {
  ASSERT_TRUE(NewCommunity(RandomId()).ok());
  store_.reset();
  Options options = MakeOptions(master_key_);
  options.keyring_path = dir_ + "/another-keyring";
  EXPECT_EQ(Store::Open(std::move(options)).status().code(), Code::kFailedPrecondition);
  ASSERT_NO_FATAL_FAILURE(Reopen());  // its own keyring still opens it
}

TEST_F(KeyringTest, AFolderOfTheFirstFormatIsRefused) {
  const std::string old = dir_ + "/first-format";
  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(options, old, &raw).ok());
  rocksdb::ColumnFamilyHandle* keys = nullptr;
  ASSERT_TRUE(raw->CreateColumnFamily({}, "keys", &keys).ok());
  raw->DestroyColumnFamilyHandle(keys);
  delete raw;
  Options store_options = MakeOptions(master_key_);
  store_options.path = old;
  store_options.keyring_path = dir_ + "/first-format-keyring";
  EXPECT_EQ(Store::Open(std::move(store_options)).status().code(), Code::kFailedPrecondition);
}

}  // namespace
}  // namespace weerbaar::storage
