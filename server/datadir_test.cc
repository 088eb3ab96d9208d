#include "server/datadir.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "common/bytes.h"
#include "crypto/primitives.h"
#include "server/init.h"
#include "storage/store.h"

namespace weerbaar::server {
namespace {

class DataDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Init().ok());
    std::string pattern = ::testing::TempDir() + "weerbaar-datadir-XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  static unsigned ModeOf(const std::string& path) {
    struct stat st {};
    EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
    return st.st_mode & 0777;
  }

  // Opens the initialised folder's store and registers a device with the invite token.
  Result<storage::RegisterOutcome> RegisterWith(const std::string& dir, const std::string& token) {
    storage::Options options;
    options.path = DataPaths(dir).db;
    WB_ASSIGN_OR_RETURN(options.master_key, ReadMasterKeyFile(DataPaths(dir).master_key));
    options.clock = &clock_;
    WB_ASSIGN_OR_RETURN(auto store, storage::Store::Open(std::move(options)));
    storage::RegisterRequest req;
    req.token_hash = ToString(crypto::Hash(AsBytes(token)));
    req.device = {ToString(crypto::RandomBytes(16)),
                  "",
                  std::string(32, 's'),
                  std::string(32, 'a'),
                  std::string(64, 'g'),
                  0};
    return storage::Await<storage::RegisterOutcome>(
        [&](storage::Callback<storage::RegisterOutcome> done) { store->Register(req, done); });
  }

  std::string root_;
  ManualClock clock_;
};

TEST_F(DataDirTest, CreatesAnOwnerOnlyKeyFileOnceOnly) {
  std::string path = root_ + "/master.key";
  ASSERT_TRUE(CreateMasterKeyFile(path).ok());
  EXPECT_EQ(ModeOf(path), 0600u);
  EXPECT_EQ(std::filesystem::file_size(path), kMasterKeyBytes);
  EXPECT_EQ(CreateMasterKeyFile(path).code(), Code::kAlreadyExists);
  Result<crypto::SecretBytes> key = ReadMasterKeyFile(path);
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(key->size(), kMasterKeyBytes);
}

TEST_F(DataDirTest, RefusesAKeyFileOthersCanRead) {
  std::string path = root_ + "/master.key";
  ASSERT_TRUE(CreateMasterKeyFile(path).ok());
  ASSERT_EQ(::chmod(path.c_str(), 0640), 0);
  EXPECT_EQ(ReadMasterKeyFile(path).status().code(), Code::kPermissionDenied);
}

TEST_F(DataDirTest, RefusesAKeyFileOfTheWrongLength) {
  std::string path = root_ + "/short.key";
  ASSERT_TRUE(WriteNewFile(path, "0123456789", 0600).ok());
  EXPECT_EQ(ReadMasterKeyFile(path).status().code(), Code::kInvalidArgument);
  std::string longer = root_ + "/long.key";
  ASSERT_TRUE(WriteNewFile(longer, std::string(33, 'k'), 0600).ok());
  EXPECT_EQ(ReadMasterKeyFile(longer).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(ReadMasterKeyFile(root_ + "/missing.key").status().code(), Code::kNotFound);
}

TEST_F(DataDirTest, InitialisesAFolderWithAWorkingAdminInvite) {
  std::string dir = root_ + "/data/weerbaar";
  Result<std::string> token = InitDataDir(dir, Config{}, clock_);
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  EXPECT_EQ(token->size(), 43u);  // 32 bytes, base64url without padding
  DataPaths paths(dir);
  EXPECT_EQ(ModeOf(dir), 0700u);
  EXPECT_EQ(ModeOf(paths.master_key), 0600u);
  ASSERT_TRUE(LoadConfigFile(paths.config).ok());

  // The token is not stored, its hash is: registering with it makes an admin.
  Result<storage::RegisterOutcome> out = RegisterWith(dir, *token);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_TRUE(out->is_admin);
}

TEST_F(DataDirTest, RefusesToInitialiseAFolderTwice) {
  std::string dir = root_ + "/data";
  ASSERT_TRUE(InitDataDir(dir, Config{}, clock_).ok());
  std::string key_before = ToString(ReadMasterKeyFile(DataPaths(dir).master_key)->view());
  Result<std::string> again = InitDataDir(dir, Config{}, clock_);
  EXPECT_EQ(again.status().code(), Code::kAlreadyExists);
  EXPECT_EQ(ToString(ReadMasterKeyFile(DataPaths(dir).master_key)->view()), key_before);
}

TEST_F(DataDirTest, LetsTheAdminInviteExpireAfterTheConfiguredTtl) {
  Config config;
  config.invite_ttl_seconds = 3600;
  std::string dir = root_ + "/data";
  Result<std::string> token = InitDataDir(dir, config, clock_);
  ASSERT_TRUE(token.ok());
  clock_.Advance(3600 * 1000);
  Result<storage::RegisterOutcome> out = RegisterWith(dir, *token);
  EXPECT_EQ(out.status().code(), Code::kNotFound);
}

}  // namespace
}  // namespace weerbaar::server
