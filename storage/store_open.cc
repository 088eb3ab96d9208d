// Store::Impl::Open: the keyring, the database bound to it, policies, server id.
#include <filesystem>

#include "common/bytes.h"
#include "crypto/primitives.h"
#include "storage/erasure.h"
#include "storage/fault_fs_impl.h"
#include "storage/log.h"
#include "storage/store_impl.h"

namespace weerbaar::storage {
namespace {

constexpr std::string_view kServerIdKey = "server-id";
constexpr std::string_view kKeyringIdKey = "keyring-id";
constexpr std::string_view kPseudonymContext = "weerbaar/storage/audit-pseudonym/v1";
constexpr size_t kServerIdBytes = 32;

// "keyring" beside the database folder, in the same parent folder.
std::string KeyringPathFor(const Options& options) {
  if (!options.keyring_path.empty()) return options.keyring_path;
  std::filesystem::path db(options.path);
  if (db.filename().empty()) db = db.parent_path();  // "x/db/" names the folder "db"
  std::filesystem::path keyring = db.parent_path() / "keyring";
  if (keyring == db) keyring += ".keyring";
  return keyring.string();
}

CommitterOptions CommitterOptionsOf(const Options& options) {
  return {std::max<size_t>(options.max_commit_batch, 1), options.max_queued_writes,
          options.sync_writes};
}

rocksdb::WriteOptions Synced() {
  rocksdb::WriteOptions options;
  options.sync = true;
  return options;
}

DbFiles FilesOf(const Options& options) {
  return DbFiles{FaultFsAccess::Env(options.fault_fs.get()), options.preallocate_files,
                 options.diagnostic_files};
}

}  // namespace

Result<std::unique_ptr<Store::Impl>> Store::Impl::Open(Options options) {
  if (options.clock == nullptr) return InvalidArgument("store needs a clock");
  WB_RETURN_IF_ERROR(crypto::Init());
  std::unique_ptr<Impl> impl(new Impl(std::move(options)));
  const Options& o = impl->options_;
  WB_ASSIGN_OR_RETURN(impl->keyring_, Keyring::Open(KeyringPathFor(o), o.master_key, FilesOf(o)));
  impl->sealer_ = std::make_unique<Sealer>(*impl->keyring_, impl->retention_);
  WB_RETURN_IF_ERROR(impl->OpenDatabase());
  impl->pseudonym_key_ = crypto::DeriveKey(o.master_key.view(), kPseudonymContext, {});
  impl->engine_.reset(new Engine{*impl->db_, *impl->keyring_, impl->retention_, *impl->sealer_,
                                 *o.clock, impl->pseudonym_key_, impl->erased_since_sweep_});
  impl->last_sweep_flush_ms_ = o.clock->MonotonicMillis();
  impl->view_ = std::make_unique<View>(*impl->engine_);
  WB_RETURN_IF_ERROR(impl->BindKeyring());
  WB_RETURN_IF_ERROR(impl->LoadPolicies());
  impl->filters_armed_.store(true, std::memory_order_release);
  WB_RETURN_IF_ERROR(impl->LoadServerId());
  WB_RETURN_IF_ERROR(CompletePendingErasures(*impl->engine_));
  impl->committer_ = std::make_unique<Committer>(*impl->engine_, CommitterOptionsOf(o));
  return impl;
}

bool Store::Impl::WalFlushDue() {
  const int64_t now = options_.clock->MonotonicMillis();
  int64_t last = last_sweep_flush_ms_.load();
  if (now - last < static_cast<int64_t>(options_.wal_flush_seconds) * 1000) return false;
  return last_sweep_flush_ms_.compare_exchange_strong(last, now);
}

Status Store::Impl::OpenDatabase() {
  value_filter_ = std::make_unique<ExpiryFilter>(*sealer_, *options_.clock, filters_armed_,
                                                 ExpiryFilter::Kind::kSealedValues);
  index_filter_ = std::make_unique<ExpiryFilter>(*sealer_, *options_.clock, filters_armed_,
                                                 ExpiryFilter::Kind::kExpiryIndex);
  DbOptions db_options;
  db_options.block_cache_bytes = options_.block_cache_bytes;
  db_options.periodic_compaction_seconds = options_.periodic_compaction_seconds;
  db_options.files = FilesOf(options_);
  // The audit log is pruned only by the sweeper, which keeps the chain's anchor.
  db_options.filter_for = [this](Cf cf) -> const rocksdb::CompactionFilter* {
    if (cf == Cf::kAudit) return nullptr;
    return cf == Cf::kExpiry ? index_filter_.get() : value_filter_.get();
  };
  WB_ASSIGN_OR_RETURN(db_, Db::Open(options_.path, db_options));
  return Status::Ok();
}

Status Store::Impl::BindKeyring() {
  rocksdb::DB* db = db_->db();
  std::string bound;
  rocksdb::Status s = db->Get({}, db_->default_cf(), kKeyringIdKey, &bound);
  if (s.ok()) {
    if (bound != keyring_->id())
      return FailedPrecondition("the keyring belongs to another database");
    return Status::Ok();
  }
  if (!s.IsNotFound()) return FromRocks(s, "read keyring binding");
  std::string unused;
  s = db->Get({}, db_->cf(Cf::kMeta), kServerIdKey, &unused);
  if (s.ok()) return FailedPrecondition("the database is not bound to a keyring");
  if (!s.IsNotFound()) return FromRocks(s, "read server id");
  return FromRocks(db->Put(Synced(), db_->default_cf(), kKeyringIdKey, keyring_->id()),
                   "bind keyring");
}

Status Store::Impl::LoadPolicies() {
  Status failed;
  WB_RETURN_IF_ERROR(view_->Scan(Cf::kRetention, {}, {}, [&](auto key, auto plaintext) {
    failed = retention_.Load(key, plaintext);
    return failed.ok();
  }));
  return failed;
}

Status Store::Impl::LoadServerId() {
  WB_ASSIGN_OR_RETURN(std::optional<std::string> stored, view_->Get(Cf::kMeta, kServerIdKey));
  if (stored) {
    if (stored->size() != kServerIdBytes) return DataLoss("stored server id is malformed");
    server_id_ = std::move(*stored);
    return Status::Ok();
  }
  std::string id = ToString(crypto::RandomBytes(kServerIdBytes));
  WB_ASSIGN_OR_RETURN(std::string sealed,
                      sealer_->Seal(Cf::kMeta, kServerIdKey, id, Placement{DataClass::kSystem},
                                    options_.clock->NowMillis()));
  WB_RETURN_IF_ERROR(FromRocks(db_->db()->Put(Synced(), db_->cf(Cf::kMeta), kServerIdKey, sealed),
                               "store server id"));
  server_id_ = std::move(id);
  Logger()->info("store created");
  return Status::Ok();
}

}  // namespace weerbaar::storage
