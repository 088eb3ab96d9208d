#include "storage/db.h"

#include <rocksdb/cache.h>
#include <rocksdb/env.h>
#include <rocksdb/file_system.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/checkpoint.h>

#include <algorithm>
#include <optional>
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
    {"users", DataClass::kAccount},
    {"devices", DataClass::kAccount},
    {"devices_by_user", DataClass::kAccount},
    {"communities", DataClass::kMembership},
    {"community_members", DataClass::kMembership},
    {"user_communities", DataClass::kMembership},
    {"groups", DataClass::kMembership},
    {"group_members", DataClass::kMembership},
    {"user_groups", DataClass::kMembership},
    {"messages", DataClass::kChatMessage},
    {"msg_ids", DataClass::kChatMessage},
    {"inbox", DataClass::kChatMessage},
    {"inbox_ids", DataClass::kChatMessage},
    {"inbox_meta", DataClass::kDelivery},
    {"cursors", DataClass::kDelivery},
    {"invites", DataClass::kMembership},
    {"retention", DataClass::kSystem},
    {"audit", DataClass::kAuditEntry},
    {"expiry", DataClass::kSystem},
    {"channels", DataClass::kMembership},
    {"channel_members", DataClass::kMembership},
    {"user_channels", DataClass::kMembership},
    {"community_channels", DataClass::kMembership},
    {"shares", DataClass::kPartnerShare},
    {"share_ids", DataClass::kPartnerShare},
    {"user_shares", DataClass::kPartnerShare},
    {"shares_by_report", DataClass::kPartnerShare},
    {"consents", DataClass::kConsentRecord},
    {"trend_secrets", DataClass::kSystem},
}};

// The first format kept wrapped data keys in a column family of the main database.
constexpr std::string_view kFirstFormatKeysCf = "keys";

rocksdb::Options MakeOptions(const DbOptions& db_options) {
  rocksdb::Options options = BaseOptions(db_options.files);
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(db_options.block_cache_bytes);
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  // No SST file escapes the compaction filter (expiry) for longer than this.
  options.periodic_compaction_seconds = db_options.periodic_compaction_seconds;
  return options;
}

Status RefuseFirstFormat(const std::string& path, const rocksdb::DBOptions& options) {
  std::vector<std::string> names;
  rocksdb::Status s = rocksdb::DB::ListColumnFamilies(options, path, &names);
  if (!s.ok()) return Status::Ok();  // no database yet
  if (std::find(names.begin(), names.end(), kFirstFormatKeysCf) != names.end()) {
    return FailedPrecondition("the data folder has the first storage format (keys inside)");
  }
  return Status::Ok();
}

// The real file system, except that RocksDB cannot create its OPTIONS file: it then logs a
// warning and opens the database anyway (fail_if_options_file_error is false), without
// serialising and re-parsing every column family's options (DbFiles::diagnostic_files).
class NoOptionsFileFs final : public rocksdb::FileSystemWrapper {
 public:
  NoOptionsFileFs() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}
  const char* Name() const override { return "WeerbaarNoOptionsFileFs"; }
  rocksdb::IOStatus NewWritableFile(const std::string& path, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* file,
                                    rocksdb::IODebugContext* dbg) override {
    const std::string_view name = std::string_view(path).substr(path.rfind('/') + 1);
    if (name.starts_with("OPTIONS-")) return rocksdb::IOStatus::NotSupported("no OPTIONS file");
    return FileSystemWrapper::NewWritableFile(path, options, file, dbg);
  }
};

rocksdb::Env* NoOptionsFileEnv() {
  // Like Env::Default(), it lives as long as the process: databases may outlive any owner.
  static rocksdb::Env* env =
      rocksdb::NewCompositeEnv(std::make_shared<NoOptionsFileFs>()).release();
  return env;
}

// An info log that keeps nothing (DbFiles::diagnostic_files).
class DiscardLogger final : public rocksdb::Logger {
 public:
  using rocksdb::Logger::Logv;
  void Logv(const char*, va_list) override {}
};

}  // namespace

rocksdb::Options BaseOptions(const DbFiles& files) {
  rocksdb::Options options;
  if (files.env != nullptr) options.env = files.env;
  if (!files.diagnostic_files) {
    if (files.env == nullptr) options.env = NoOptionsFileEnv();  // a test's FaultFs keeps it
    options.info_log = std::make_shared<DiscardLogger>();
  }
  options.fail_if_options_file_error = false;  // the default; diagnostic_files relies on it
  options.allow_fallocate = files.preallocate;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  // Shutdown flushes memtables so that a clean restart does not replay the WAL.
  options.avoid_flush_during_shutdown = false;
  options.recycle_log_file_num = 0;  // a recycled WAL could still hold deleted values
  // RocksDB starts this many threads per column family on every open to load table files
  // (default 16: over 500 thread starts for our 33 column families, most of them with no
  // file at all). A neighbourhood's store holds few table files; one thread loads them.
  options.max_file_opening_threads = 1;
  return options;
}

std::string_view CfName(Cf cf) { return kCfs[static_cast<size_t>(cf)].name; }
DataClass ClassOf(Cf cf) { return kCfs[static_cast<size_t>(cf)].data_class; }
bool ValidCf(uint8_t cf) { return cf < kCfCount; }

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

Result<std::unique_ptr<Db>> Db::Open(const std::string& path, const DbOptions& db_options) {
  rocksdb::Options options = MakeOptions(db_options);
  WB_RETURN_IF_ERROR(RefuseFirstFormat(path, options));
  // The table factory (and so the block cache) is shared by every column family.
  rocksdb::ColumnFamilyOptions base(options);
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, base);
  for (size_t i = 0; i < kCfCount; ++i) {
    rocksdb::ColumnFamilyOptions cf_options(base);
    if (db_options.filter_for) cf_options.compaction_filter = db_options.filter_for(Cf(i));
    descriptors.emplace_back(std::string(kCfs[i].name), cf_options);
  }
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
  all.push_back(default_cf_);
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

Status Db::Compact(Cf family, std::string_view begin, std::string_view end) {
  rocksdb::CompactRangeOptions options;
  // Rewrite the last level too, so the filter sees every value and tombstones go.
  options.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  const rocksdb::Slice b(begin), e(end);
  return FromRocks(db_->CompactRange(options, cf(family), begin.empty() ? nullptr : &b,
                                     end.empty() ? nullptr : &e),
                   "compact");
}

Status Db::CompactAll() {
  for (size_t i = 0; i < kCfCount; ++i) WB_RETURN_IF_ERROR(Compact(Cf(i), {}, {}));
  return Status::Ok();
}

}  // namespace weerbaar::storage
