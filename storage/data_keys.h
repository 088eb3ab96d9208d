// DataKeys: the data keys that seal values at rest, wrapped by the master key.
//
// A data key is 32 random bytes named by (data class, time bucket). It is stored in the
// keys column family sealed (XChaCha20-Poly1305) under a key-encryption key derived from
// the master key, with the class and bucket as associated data. Deleting a data key
// makes every value sealed under it unreadable (crypto-shredding).
// Private to the storage library.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

#include "common/status.h"
#include "crypto/secret.h"
#include "storage/db.h"

namespace weerbaar::storage {

struct KeyRef {
  DataClass data_class = DataClass::kSystem;
  uint32_t bucket = 0;  // yyyymm of the write; 0 for kSystem
};

// The bucket of a write at `now_ms` for `data_class`: the UTC month as yyyymm.
uint32_t BucketOf(DataClass data_class, int64_t now_ms);

// Thread safety: every method may be called from any thread.
class DataKeys {
 public:
  // Derives the key-encryption key from the master key (32 bytes, else kInvalidArgument)
  // and checks it against the check value in the database, storing one on first open.
  // kDataLoss if the master key does not match.
  static Result<std::unique_ptr<DataKeys>> Open(Db& db, const crypto::SecretBytes& master_key);

  // The data key for ref; created and stored (synced) if there is none yet.
  Result<std::shared_ptr<const crypto::SecretBytes>> GetOrCreate(KeyRef ref);
  // The data key for ref; kDataLoss if it is missing or does not unwrap.
  Result<std::shared_ptr<const crypto::SecretBytes>> Get(KeyRef ref);

 private:
  DataKeys(Db& db, crypto::SecretBytes kek) : db_(db), kek_(std::move(kek)) {}
  Status CheckMasterKey();
  // nullptr if not stored. REQUIRES: mu_ held.
  Result<std::shared_ptr<const crypto::SecretBytes>> LoadLocked(KeyRef ref);
  Result<std::shared_ptr<const crypto::SecretBytes>> CreateLocked(KeyRef ref);

  Db& db_;
  const crypto::SecretBytes kek_;
  std::mutex mu_;
  // Shared pointers, so a reader keeps its key while another thread changes the cache.
  std::map<uint64_t, std::shared_ptr<const crypto::SecretBytes>> cache_;
};

}  // namespace weerbaar::storage
