#include "storage/db.h"

#include <rocksdb/cache.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/checkpoint.h>

#include <vector>

namespace weerbaar::storage {
namespace {

struct CfInfo {
  std::string_view name;
  DataClass data_class;
};

// Indexed by Cf. The names are on disk: never rename one.
constexpr std::array<CfInfo, kCfCount> kCfs = {{
    {"meta", DataClass::kSystem},
    {"keys", DataClass::kSystem},
    {"users", DataClass::kAccount},
    {"devices", DataClass::kAccount},
    {"devices_by_user", DataClass::kAccount},
    {"communities", DataClass::kMembership},
    {"community_members", DataClass::kMembership},
    {"user_communities", DataClass::kMembership},
    {"groups", DataClass::kMembership},
    {"group_members", DataClass::kMembership},
    {"user_groups", DataClass::kMembership},
    {"messages", DataClass::kChat},
    {"msg_ids", DataClass::kDelivery},
    {"inbox", DataClass::kChat},
    {"inbox_ids", DataClass::kDelivery},
    {"inbox_meta", DataClass::kDelivery},
    {"cursors", DataClass::kDelivery},
    {"invites", DataClass::kMembership},
}};

rocksdb::Options MakeOptions(size_t block_cache_bytes) {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  // Shutdown flushes memtables so that a clean restart does not replay the WAL.
  options.avoid_flush_during_shutdown = false;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(block_cache_bytes);
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

}  // namespace

std::string_view CfName(Cf cf) { return kCfs[static_cast<size_t>(cf)].name; }
DataClass ClassOf(Cf cf) { return kCfs[static_cast<size_t>(cf)].data_class; }

Status FromRocks(const rocksdb::Status& s, std::string_view what) {
  if (s.ok()) return Status::Ok();
  std::string message = std::string(what) + ": " + s.ToString();
  if (s.IsCorruption()) return DataLoss(std::move(message));
  if (s.IsNotFound()) return NotFound(std::move(message));
  if (s.IsIOError() || s.IsBusy() || s.IsTimedOut() || s.IsTryAgain() || s.IsIncomplete()) {
    return Unavailable(std::move(message));
  }
  return Internal(std::move(message));
}

Result<std::unique_ptr<Db>> Db::Open(const std::string& path, size_t block_cache_bytes) {
  rocksdb::Options options = MakeOptions(block_cache_bytes);
  // The table factory (and so the block cache) is shared by every column family.
  rocksdb::ColumnFamilyOptions cf_options(options);
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, cf_options);
  for (const CfInfo& info : kCfs) descriptors.emplace_back(std::string(info.name), cf_options);

  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, path, descriptors, &handles, &raw);
  if (!s.ok()) return FromRocks(s, "open database");
  std::unique_ptr<Db> db(new Db());
  db->db_ = raw;
  db->default_cf_ = handles[0];
  for (size_t i = 0; i < kCfCount; ++i) db->handles_[i] = handles[i + 1];
  return db;
}

Db::~Db() {
  if (db_ == nullptr) return;
  for (rocksdb::ColumnFamilyHandle* h : handles_) db_->DestroyColumnFamilyHandle(h);
  db_->DestroyColumnFamilyHandle(default_cf_);
  // Close() flushes (avoid_flush_during_shutdown=false); an error here has no one to
  // report to, and the WAL still holds every acknowledged write.
  db_->Close().PermitUncheckedError();
  delete db_;
}

Status Db::Flush() {
  std::vector<rocksdb::ColumnFamilyHandle*> all(handles_.begin(), handles_.end());
  rocksdb::FlushOptions options;
  options.wait = true;
  return FromRocks(db_->Flush(options, all), "flush");
}

Status Db::Checkpoint(const std::string& dir) {
  rocksdb::Checkpoint* raw = nullptr;
  rocksdb::Status s = rocksdb::Checkpoint::Create(db_, &raw);
  if (!s.ok()) return FromRocks(s, "checkpoint");
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  // log_size_for_flush 0: flush first, so the copy needs no WAL replay.
  return FromRocks(checkpoint->CreateCheckpoint(dir, 0), "checkpoint");
}

}  // namespace weerbaar::storage
