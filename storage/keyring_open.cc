// Keyring: opening, the in-process registry of open keyrings, and loading.
#include <filesystem>
#include <mutex>

#include "common/bytes.h"
#include "crypto/primitives.h"
#include "storage/db.h"
#include "storage/keyring.h"

namespace weerbaar::storage {
namespace {

constexpr std::string_view kKekContext = "weerbaar/storage/key-encryption-key/v1";
constexpr std::string_view kCheckKey = "master-key-check";
constexpr std::string_view kCheckPlaintext = "weerbaar storage master key check v1";
constexpr std::string_view kCheckAad = "weerbaar/storage/master-key-check/v1";
constexpr std::string_view kIdKey = "keyring-id";
constexpr std::string_view kNextIdKey = "next-key-id";
constexpr size_t kKeyringIdBytes = 16;

// Keyrings this process has open, by canonical folder. The deleter of the shared
// pointer removes the entry and closes the database under the same lock, so an Open of
// the same folder never races a close.
std::mutex& RegistryMutex() {
  static std::mutex mu;
  return mu;
}
std::map<std::string, std::weak_ptr<Keyring>>& Registry() {
  static std::map<std::string, std::weak_ptr<Keyring>> open;
  return open;
}

rocksdb::WriteOptions Synced() {
  rocksdb::WriteOptions options;
  options.sync = true;
  return options;
}

}  // namespace

Result<std::shared_ptr<Keyring>> Keyring::Open(const std::string& path,
                                               const crypto::SecretBytes& master_key,
                                               const DbFiles& files) {
  if (master_key.size() != crypto::kAeadKeyBytes) {
    return InvalidArgument("master key must be 32 bytes");
  }
  std::error_code ec;
  const std::string canonical = std::filesystem::weakly_canonical(path, ec).string();
  if (ec) return Unavailable("keyring path cannot be resolved");
  std::shared_ptr<Keyring> open;
  {
    std::lock_guard lock(RegistryMutex());
    open = Registry()[canonical].lock();
    if (!open) return OpenAndRegister(canonical, path, master_key, files);
  }
  // Outside the lock: if this is the last reference, its deleter takes the lock.
  crypto::SecretBytes kek = crypto::DeriveKey(master_key.view(), kKekContext, {});
  if (!crypto::ConstantTimeEqual(kek.view(), open->kek_.view())) {
    return DataLoss("master key does not match the keyring");
  }
  return open;
}

// REQUIRES: RegistryMutex() held.
Result<std::shared_ptr<Keyring>> Keyring::OpenAndRegister(const std::string& canonical,
                                                          const std::string& path,
                                                          const crypto::SecretBytes& master_key,
                                                          const DbFiles& files) {
  WB_ASSIGN_OR_RETURN(std::unique_ptr<Keyring> fresh, OpenFresh(path, master_key, files));
  std::shared_ptr<Keyring> shared(fresh.release(), [canonical](Keyring* keyring) {
    std::lock_guard lock(RegistryMutex());
    auto it = Registry().find(canonical);
    if (it != Registry().end() && it->second.expired()) Registry().erase(it);
    delete keyring;
  });
  Registry()[canonical] = shared;
  return shared;
}

Result<std::unique_ptr<Keyring>> Keyring::OpenFresh(const std::string& path,
                                                    const crypto::SecretBytes& master_key,
                                                    const DbFiles& files) {
  std::unique_ptr<Keyring> keyring(new Keyring());
  keyring->kek_ = crypto::DeriveKey(master_key.view(), kKekContext, {});
  WB_RETURN_IF_ERROR(keyring->OpenDb(path, files));
  WB_RETURN_IF_ERROR(keyring->CheckMasterKey());
  WB_RETURN_IF_ERROR(keyring->LoadIdentity());
  WB_RETURN_IF_ERROR(keyring->LoadScopes());
  return keyring;
}

Status Keyring::OpenDb(const std::string& path, const DbFiles& files) {
  rocksdb::Options options = BaseOptions(files);
  rocksdb::ColumnFamilyOptions cf_options(options);
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors = {
      {rocksdb::kDefaultColumnFamilyName, cf_options}, {"meta", cf_options}, {"keys", cf_options}};
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::Status s = rocksdb::DB::Open(options, path, descriptors, &handles, &db_);
  if (!s.ok()) return FromRocks(s, "open keyring");
  default_cf_ = handles[0];
  meta_cf_ = handles[1];
  keys_cf_ = handles[2];
  return Status::Ok();
}

Keyring::~Keyring() {
  if (db_ == nullptr) return;
  for (auto* h : {default_cf_, meta_cf_, keys_cf_}) db_->DestroyColumnFamilyHandle(h);
  // Every write was synced; a failed close loses nothing.
  db_->Close().PermitUncheckedError();
  delete db_;
}

Status Keyring::CheckMasterKey() {
  std::string stored;
  rocksdb::Status s = db_->Get({}, meta_cf_, kCheckKey, &stored);
  if (s.ok()) {
    Result<Bytes> opened = crypto::AeadOpen(kek_, AsBytes(stored), AsBytes(kCheckAad));
    if (!opened.ok() || AsChars(*opened) != kCheckPlaintext) {
      return DataLoss("master key does not match the keyring");
    }
    return Status::Ok();
  }
  if (!s.IsNotFound()) return FromRocks(s, "read master key check");
  WB_ASSIGN_OR_RETURN(Bytes sealed,
                      crypto::AeadSeal(kek_, AsBytes(kCheckPlaintext), AsBytes(kCheckAad)));
  return FromRocks(db_->Put(Synced(), meta_cf_, kCheckKey, AsChars(sealed)),
                   "store master key check");
}

Status Keyring::LoadIdentity() {
  rocksdb::Status s = db_->Get({}, meta_cf_, kIdKey, &id_);
  if (s.IsNotFound()) {
    id_ = ToString(crypto::RandomBytes(kKeyringIdBytes));
    return FromRocks(db_->Put(Synced(), meta_cf_, kIdKey, id_), "store keyring id");
  }
  if (!s.ok()) return FromRocks(s, "read keyring id");
  if (id_.size() != kKeyringIdBytes) return DataLoss("keyring id is malformed");
  std::string next;
  s = db_->Get({}, meta_cf_, kNextIdKey, &next);
  if (s.ok() && next.size() == 8) next_id_ = GetBigEndian64(next.data());
  return s.ok() || s.IsNotFound() ? Status::Ok() : FromRocks(s, "read next key id");
}

Status Keyring::LoadScopes() {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator({}, keys_cf_));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const std::string_view key = it->key().ToStringView();
    std::optional<KeyRow> row = SplitKeyRow(it->value().ToStringView());
    if (key.size() != 8 || !row) return DataLoss("malformed keyring entry");
    std::optional<KeyScope> scope = DecodeScope(row->scope);
    if (!scope) return DataLoss("malformed key scope");
    const uint64_t id = GetBigEndian64(key.data());
    by_scope_[EncodeScope(*scope)] = id;
    scopes_[id] = std::move(*scope);
    next_id_ = std::max(next_id_, id + 1);
  }
  return FromRocks(it->status(), "load keyring");
}

}  // namespace weerbaar::storage
