// Keyring: creating, finding and destroying data keys.
#include "storage/keyring.h"

#include <mutex>

#include "common/bytes.h"
#include "crypto/primitives.h"
#include "storage/db.h"

namespace weerbaar::storage {
namespace {

constexpr std::string_view kDataKeyAad = "weerbaar/storage/data-key/v2";
constexpr std::string_view kNextIdKey = "next-key-id";

std::string IdKey(uint64_t id) {
  std::string key;
  PutBigEndian64(key, id);
  return key;
}

// Binds a wrapped key to its id and scope: copied to another row, it fails to open.
std::string WrapAad(uint64_t id, std::string_view scope) {
  return std::string(kDataKeyAad) + IdKey(id) + std::string(scope);
}

void AppendShort(std::string& out, std::string_view s) {
  out.push_back(static_cast<char>(s.size()));
  out.append(s);
}

bool ReadShort(std::string_view& in, std::string* out) {
  if (in.empty() || in.size() < 1 + static_cast<size_t>(static_cast<uint8_t>(in[0]))) return false;
  const size_t n = static_cast<uint8_t>(in[0]);
  *out = std::string(in.substr(1, n));
  in.remove_prefix(1 + n);
  return true;
}

// AeadOpen returns plain heap memory; volatile stores so the wipe is not optimised away.
void Wipe(Bytes& bytes) {
  volatile uint8_t* p = bytes.data();
  for (size_t i = 0; i < bytes.size(); ++i) p[i] = 0;
}

}  // namespace

std::string MakeKeyRow(std::string_view scope, std::string_view wrapped) {
  std::string row;
  row.push_back(static_cast<char>(scope.size() >> 8));
  row.push_back(static_cast<char>(scope.size() & 0xff));
  row.append(scope);
  row.append(wrapped);
  return row;
}

std::optional<KeyRow> SplitKeyRow(std::string_view row) {
  if (row.size() < 2) return std::nullopt;
  const size_t scope_len =
      static_cast<size_t>(static_cast<uint8_t>(row[0])) << 8 | static_cast<uint8_t>(row[1]);
  if (row.size() < 2 + scope_len) return std::nullopt;
  return KeyRow{row.substr(2, scope_len), row.substr(2 + scope_len)};
}

std::string EncodeScope(const KeyScope& scope) {
  std::string out(1, static_cast<char>(scope.data_class));
  PutBigEndian32(out, scope.bucket);
  AppendShort(out, scope.community);
  AppendShort(out, scope.subject);
  return out;
}

std::optional<KeyScope> DecodeScope(std::string_view in) {
  if (in.size() < 5) return std::nullopt;
  KeyScope scope;
  scope.data_class = static_cast<DataClass>(in[0]);
  scope.bucket = GetBigEndian32(in.data() + 1);
  in.remove_prefix(5);
  if (!ReadShort(in, &scope.community) || !ReadShort(in, &scope.subject) || !in.empty()) {
    return std::nullopt;
  }
  return scope;
}

Result<DataKey> Keyring::GetOrCreate(const KeyScope& scope) {
  const std::string encoded = EncodeScope(scope);
  {
    std::shared_lock lock(mu_);
    auto it = by_scope_.find(encoded);
    if (it != by_scope_.end()) {
      auto cached = cache_.find(it->second);
      if (cached != cache_.end()) return DataKey{it->second, cached->second};
    }
  }
  std::unique_lock lock(mu_);
  auto it = by_scope_.find(encoded);
  if (it == by_scope_.end()) return CreateLocked(scope);
  WB_ASSIGN_OR_RETURN(std::shared_ptr<const crypto::SecretBytes> key, UnwrapLocked(it->second));
  if (!key) return DataLoss("data key vanished");
  return DataKey{it->second, std::move(key)};
}

Result<std::shared_ptr<const crypto::SecretBytes>> Keyring::Get(uint64_t id) {
  {
    std::shared_lock lock(mu_);
    auto cached = cache_.find(id);
    if (cached != cache_.end()) return cached->second;
  }
  std::unique_lock lock(mu_);
  return UnwrapLocked(id);
}

std::optional<KeyScope> Keyring::Scope(uint64_t id) const {
  std::shared_lock lock(mu_);
  auto it = scopes_.find(id);
  if (it == scopes_.end()) return std::nullopt;
  return it->second;
}

bool Keyring::VisitScope(uint64_t id, const std::function<void(const KeyScope&)>& visit) const {
  std::shared_lock lock(mu_);
  auto it = scopes_.find(id);
  if (it == scopes_.end()) return false;
  visit(it->second);
  return true;
}

std::vector<uint64_t> Keyring::Select(const std::function<bool(const KeyScope&)>& pick) const {
  std::shared_lock lock(mu_);
  std::vector<uint64_t> ids;
  for (const auto& [id, scope] : scopes_) {
    if (pick(scope)) ids.push_back(id);
  }
  return ids;
}

size_t Keyring::size() const {
  std::shared_lock lock(mu_);
  return scopes_.size();
}

Result<std::shared_ptr<const crypto::SecretBytes>> Keyring::UnwrapLocked(uint64_t id) {
  auto cached = cache_.find(id);
  if (cached != cache_.end()) return cached->second;
  if (!scopes_.contains(id)) return std::shared_ptr<const crypto::SecretBytes>();
  std::string row;
  rocksdb::Status s = db_->Get({}, keys_cf_, IdKey(id), &row);
  if (!s.ok()) return s.IsNotFound() ? DataLoss("data key missing") : FromRocks(s, "read data key");
  std::optional<KeyRow> parts = SplitKeyRow(row);
  if (!parts) return DataLoss("malformed keyring entry");
  Result<Bytes> raw =
      crypto::AeadOpen(kek_, AsBytes(parts->wrapped), AsBytes(WrapAad(id, parts->scope)));
  if (!raw.ok() || raw->size() != crypto::kAeadKeyBytes) return DataLoss("data key unwrap failed");
  auto key = std::make_shared<const crypto::SecretBytes>(ByteView(*raw));
  Wipe(*raw);
  cache_.emplace(id, key);
  return key;
}

Result<DataKey> Keyring::CreateLocked(const KeyScope& scope) {
  const uint64_t id = next_id_;
  const std::string encoded = EncodeScope(scope);
  auto key =
      std::make_shared<const crypto::SecretBytes>(crypto::RandomSecret(crypto::kAeadKeyBytes));
  WB_ASSIGN_OR_RETURN(Bytes wrapped,
                      crypto::AeadSeal(kek_, key->view(), AsBytes(WrapAad(id, encoded))));
  rocksdb::WriteBatch batch;
  batch.Put(keys_cf_, IdKey(id), MakeKeyRow(encoded, AsChars(wrapped)));
  batch.Put(meta_cf_, kNextIdKey, IdKey(id + 1));
  // Synced, and before any value sealed under the key can be written: a batch that is
  // rolled back or fails never takes the key with it (an unused key is harmless).
  rocksdb::WriteOptions sync;
  sync.sync = true;
  WB_RETURN_IF_ERROR(FromRocks(db_->Write(sync, &batch), "store data key"));
  next_id_ = id + 1;
  scopes_[id] = scope;
  by_scope_[encoded] = id;
  cache_[id] = key;
  return DataKey{id, std::move(key)};
}

Result<std::optional<std::string>> Keyring::RawRow(uint64_t id) const {
  std::string row;
  rocksdb::Status s = db_->Get({}, keys_cf_, IdKey(id), &row);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return FromRocks(s, "read data key");
  return std::optional<std::string>(std::move(row));
}

Status Keyring::Destroy(const std::vector<uint64_t>& ids) {
  if (ids.empty()) return Status::Ok();
  rocksdb::WriteBatch batch;
  for (uint64_t id : ids) batch.Delete(keys_cf_, IdKey(id));
  rocksdb::WriteOptions sync;
  sync.sync = true;
  WB_RETURN_IF_ERROR(FromRocks(db_->Write(sync, &batch), "destroy data keys"));
  {
    std::unique_lock lock(mu_);
    for (uint64_t id : ids) {
      auto it = scopes_.find(id);
      if (it == scopes_.end()) continue;
      by_scope_.erase(EncodeScope(it->second));
      scopes_.erase(it);
      cache_.erase(id);  // readers holding a copy finish with it; the bytes go with the last
    }
  }
  return Compact();
}

Status Keyring::Compact() {
  std::vector<rocksdb::ColumnFamilyHandle*> all = {default_cf_, meta_cf_, keys_cf_};
  rocksdb::FlushOptions flush;
  flush.wait = true;
  // Flushing every column family retires the WAL that still holds the wrapped keys.
  WB_RETURN_IF_ERROR(FromRocks(db_->Flush(flush, all), "flush keyring"));
  rocksdb::CompactRangeOptions compact;
  compact.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  for (rocksdb::ColumnFamilyHandle* cf : all) {
    WB_RETURN_IF_ERROR(
        FromRocks(db_->CompactRange(compact, cf, nullptr, nullptr), "compact keyring"));
  }
  return Status::Ok();
}

}  // namespace weerbaar::storage
