#include "storage/data_keys.h"

#include <chrono>

#include "common/bytes.h"
#include "crypto/primitives.h"

namespace weerbaar::storage {
namespace {

constexpr std::string_view kKekContext = "weerbaar/storage/key-encryption-key/v1";
constexpr std::string_view kCheckKey = "master-key-check";
constexpr std::string_view kCheckPlaintext = "weerbaar storage master key check v1";
constexpr std::string_view kCheckAad = "weerbaar/storage/master-key-check/v1";
constexpr std::string_view kDataKeyAad = "weerbaar/storage/data-key/v1";

uint64_t CacheKey(KeyRef ref) {
  return uint64_t{static_cast<uint8_t>(ref.data_class)} << 32 | ref.bucket;
}

// Row key in the keys column family: class byte, big-endian bucket (5 bytes, so it
// never equals kCheckKey).
std::string RowKey(KeyRef ref) {
  std::string key(1, static_cast<char>(ref.data_class));
  PutBigEndian32(key, ref.bucket);
  return key;
}

// Binds the wrapped key to its name: a wrapped key copied to another row fails to open.
std::string WrapAad(KeyRef ref) { return std::string(kDataKeyAad) + RowKey(ref); }

// AeadOpen returns plain heap memory; volatile stores so the wipe is not optimised away.
void Wipe(Bytes& bytes) {
  volatile uint8_t* p = bytes.data();
  for (size_t i = 0; i < bytes.size(); ++i) p[i] = 0;
}

}  // namespace

uint32_t BucketOf(DataClass data_class, int64_t now_ms) {
  if (data_class == DataClass::kSystem) return 0;
  using namespace std::chrono;
  const sys_days day = floor<days>(sys_time<milliseconds>(milliseconds(now_ms)));
  const year_month_day ymd(day);
  return static_cast<uint32_t>(static_cast<int>(ymd.year()) * 100 +
                               static_cast<unsigned>(ymd.month()));
}

Result<std::unique_ptr<DataKeys>> DataKeys::Open(Db& db, const crypto::SecretBytes& master_key) {
  if (master_key.size() != crypto::kAeadKeyBytes) {
    return InvalidArgument("master key must be 32 bytes");
  }
  crypto::SecretBytes kek = crypto::DeriveKey(master_key.view(), kKekContext, {});
  std::unique_ptr<DataKeys> keys(new DataKeys(db, std::move(kek)));
  WB_RETURN_IF_ERROR(keys->CheckMasterKey());
  return keys;
}

Status DataKeys::CheckMasterKey() {
  std::string stored;
  rocksdb::Status s = db_.db()->Get({}, db_.cf(Cf::kKeys), kCheckKey, &stored);
  if (s.ok()) {
    Result<Bytes> opened = crypto::AeadOpen(kek_, AsBytes(stored), AsBytes(kCheckAad));
    if (!opened.ok() || AsChars(*opened) != kCheckPlaintext) {
      return DataLoss("master key does not match the data");
    }
    return Status::Ok();
  }
  if (!s.IsNotFound()) return FromRocks(s, "read master key check");
  WB_ASSIGN_OR_RETURN(Bytes sealed,
                      crypto::AeadSeal(kek_, AsBytes(kCheckPlaintext), AsBytes(kCheckAad)));
  rocksdb::WriteOptions sync;
  sync.sync = true;
  return FromRocks(db_.db()->Put(sync, db_.cf(Cf::kKeys), kCheckKey, AsChars(sealed)),
                   "store master key check");
}

Result<std::shared_ptr<const crypto::SecretBytes>> DataKeys::GetOrCreate(KeyRef ref) {
  std::lock_guard lock(mu_);
  WB_ASSIGN_OR_RETURN(std::shared_ptr<const crypto::SecretBytes> key, LoadLocked(ref));
  if (key) return key;
  return CreateLocked(ref);
}

Result<std::shared_ptr<const crypto::SecretBytes>> DataKeys::Get(KeyRef ref) {
  std::lock_guard lock(mu_);
  WB_ASSIGN_OR_RETURN(std::shared_ptr<const crypto::SecretBytes> key, LoadLocked(ref));
  if (!key) return DataLoss("data key missing");
  return key;
}

Result<std::shared_ptr<const crypto::SecretBytes>> DataKeys::LoadLocked(KeyRef ref) {
  auto it = cache_.find(CacheKey(ref));
  if (it != cache_.end()) return it->second;
  std::string wrapped;
  rocksdb::Status s = db_.db()->Get({}, db_.cf(Cf::kKeys), RowKey(ref), &wrapped);
  if (s.IsNotFound()) return std::shared_ptr<const crypto::SecretBytes>();
  if (!s.ok()) return FromRocks(s, "read data key");
  Result<Bytes> raw = crypto::AeadOpen(kek_, AsBytes(wrapped), AsBytes(WrapAad(ref)));
  if (!raw.ok() || raw->size() != crypto::kAeadKeyBytes) return DataLoss("data key unwrap failed");
  auto key = std::make_shared<const crypto::SecretBytes>(ByteView(*raw));
  Wipe(*raw);
  cache_.emplace(CacheKey(ref), key);
  return key;
}

Result<std::shared_ptr<const crypto::SecretBytes>> DataKeys::CreateLocked(KeyRef ref) {
  auto key =
      std::make_shared<const crypto::SecretBytes>(crypto::RandomSecret(crypto::kAeadKeyBytes));
  WB_ASSIGN_OR_RETURN(Bytes wrapped, crypto::AeadSeal(kek_, key->view(), AsBytes(WrapAad(ref))));
  // Written on its own and synced, before any value sealed under it can be written:
  // a batch that is rolled back or fails never takes the key with it.
  rocksdb::WriteOptions sync;
  sync.sync = true;
  WB_RETURN_IF_ERROR(FromRocks(
      db_.db()->Put(sync, db_.cf(Cf::kKeys), RowKey(ref), AsChars(wrapped)), "store data key"));
  cache_.emplace(CacheKey(ref), key);
  return key;
}

}  // namespace weerbaar::storage
