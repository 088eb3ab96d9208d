// The durability model on real files: what a power loss keeps and what it undoes.
#include "storage/fault_model.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "storage/store_test_env.h"

namespace weerbaar::storage {
namespace {

namespace fs = std::filesystem;

class FaultModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = MakeTempDir();
    fs::create_directory(root_ + "/scratch");
    fs::create_directory(root_ + "/db");
    model_ = std::make_unique<DurabilityModel>(root_ + "/scratch");
  }
  void TearDown() override { fs::remove_all(root_); }

  std::string Path(const std::string& name) const { return root_ + "/db/" + name; }
  // Creates `name` through the model and appends `data` to it.
  void Write(const std::string& name, const std::string& data) {
    const std::string path = Path(name);
    ASSERT_TRUE(model_->Create(path, [&] { return std::ofstream(path).good(); }));
    Append(name, data);
  }
  void Append(const std::string& name, const std::string& data) {
    const uint64_t at = fs::file_size(Path(name));
    std::ofstream(Path(name), std::ios::app) << data;
    model_->Appended(Path(name), at, data.size());
  }
  std::string Read(const std::string& name) const {
    std::ifstream in(Path(name));
    return {std::istreambuf_iterator<char>(in), {}};
  }
  bool Exists(const std::string& name) const { return fs::exists(Path(name)); }
  void SyncDir() { model_->DirSynced(root_ + "/db"); }

  std::string root_;
  std::unique_ptr<DurabilityModel> model_;
};

TEST_F(FaultModelTest, PowerLossCutsAFileBackToItsLastSync) {
  Write("wal", "synced");
  model_->Synced(Path("wal"));
  SyncDir();
  Append("wal", "+lost");
  ASSERT_TRUE(model_->PowerLoss().ok());
  EXPECT_EQ(Read("wal"), "synced");
}

TEST_F(FaultModelTest, PowerLossRemovesAFileWhoseDirectoryWasNotSynced) {
  Write("sst", "data");
  model_->Synced(Path("sst"));
  ASSERT_TRUE(model_->PowerLoss().ok());
  EXPECT_FALSE(Exists("sst"));
}

TEST_F(FaultModelTest, PowerLossUndoesAnUnsyncedRenameOverAnOldFile) {
  Write("CURRENT", "old");
  model_->Synced(Path("CURRENT"));
  SyncDir();
  Write("tmp", "new");
  model_->Synced(Path("tmp"));
  ASSERT_TRUE(model_->Rename(Path("tmp"), Path("CURRENT"), [&] {
    return rename(Path("tmp").c_str(), Path("CURRENT").c_str()) == 0;
  }));
  ASSERT_TRUE(model_->PowerLoss().ok());
  EXPECT_EQ(Read("CURRENT"), "old");
  EXPECT_FALSE(Exists("tmp"));  // its creation was not durable either
}

TEST_F(FaultModelTest, PowerLossBringsBackAnUnsyncedDeletion) {
  Write("old.log", "kept");
  model_->Synced(Path("old.log"));
  SyncDir();
  ASSERT_TRUE(model_->Delete(Path("old.log"), [&] { return fs::remove(Path("old.log")); }));
  ASSERT_TRUE(model_->PowerLoss().ok());
  EXPECT_EQ(Read("old.log"), "kept");
}

TEST_F(FaultModelTest, SyncedDirectoryEntriesSurvive) {
  Write("sst", "data");
  model_->Synced(Path("sst"));
  Write("gone", "x");
  model_->Synced(Path("gone"));
  SyncDir();
  ASSERT_TRUE(model_->Delete(Path("gone"), [&] { return fs::remove(Path("gone")); }));
  SyncDir();
  ASSERT_TRUE(model_->PowerLoss().ok());
  EXPECT_EQ(Read("sst"), "data");
  EXPECT_FALSE(Exists("gone"));
  EXPECT_TRUE(fs::is_empty(root_ + "/scratch"));
}

TEST_F(FaultModelTest, ARangeSyncExtendsOnlyTheDurablePrefix) {
  Write("sst", "0123456789");
  model_->RangeSynced(Path("sst"), 4, 6);  // leaves a hole at 0..3: nothing durable
  model_->RangeSynced(Path("sst"), 0, 4);
  SyncDir();
  ASSERT_TRUE(model_->PowerLoss().ok());
  EXPECT_EQ(Read("sst"), "0123");
}

}  // namespace
}  // namespace weerbaar::storage
