// Keyring: the data keys that seal values at rest, in a RocksDB database of their own
// beside the main one, wrapped by a key-encryption key derived from the master key.
//
// A data key is 32 random bytes with a numeric id (never reused) and a scope: data
// class, time bucket, community and subject (each may be empty or 0). Values name their
// key by id in their header. Keeping the keys out of the main database means a copy of
// the main database (checkpoint, backup, old SST or WAL file) cannot be read once a key
// is destroyed here: that is how expiry and erasure reach every copy (crypto-shredding).
//
//   meta  "master-key-check" -> AeadSeal(KEK, fixed text)   "keyring-id" -> 16 random bytes
//         "next-key-id" -> 8 BE
//   keys  id (8 BE) -> len(scope) (2 BE) | scope | AeadSeal(KEK, key, aad)
//         scope = class (1) | bucket (4 BE) | len|community | len|subject (lengths 1 byte)
//         aad = "weerbaar/storage/data-key/v2" | id | scope
//
// Every write is synced. In-memory: the scope of every key (for reads, the sweeper and
// the compaction filter) and the keys unwrapped so far.
// Several stores of one process may share a keyring (Open returns the open instance for
// the same folder); another process cannot open it while it is open.
// Private to the storage library. Thread safety: every method may be called from any
// thread.
#pragma once

#include <rocksdb/db.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "crypto/secret.h"
#include "storage/db.h"
#include "storage/privacy.h"

namespace weerbaar::storage {

struct KeyScope {
  DataClass data_class = DataClass::kSystem;
  uint32_t bucket = 0;    // UTC day number for time-limited classes, else 0
  std::string community;  // empty unless retention depends on the community
  std::string subject;    // empty unless erasure needs a per-user key
};

// REQUIRES: community and subject at most 255 bytes.
std::string EncodeScope(const KeyScope& scope);
std::optional<KeyScope> DecodeScope(std::string_view in);

// A row of the keys column family: len(scope) (2 BE) | scope | wrapped key.
struct KeyRow {
  std::string_view scope;
  std::string_view wrapped;
};
std::string MakeKeyRow(std::string_view scope, std::string_view wrapped);
std::optional<KeyRow> SplitKeyRow(std::string_view row);

struct DataKey {
  uint64_t id = 0;
  std::shared_ptr<const crypto::SecretBytes> key;
};

class Keyring {
 public:
  // Opens or creates the keyring at `path`, or joins the instance this process has open
  // there. kDataLoss if the master key does not match; kInvalidArgument if it is not 32
  // bytes; kUnavailable if the folder cannot be opened. `files` is ignored when joining an
  // open instance.
  static Result<std::shared_ptr<Keyring>> Open(const std::string& path,
                                               const crypto::SecretBytes& master_key,
                                               const DbFiles& files = {});
  ~Keyring();
  Keyring(const Keyring&) = delete;
  Keyring& operator=(const Keyring&) = delete;

  // 16 random bytes made when the keyring was created; the main database records it.
  const std::string& id() const { return id_; }

  // The key of `scope`, created (and stored, synced) if there is none.
  Result<DataKey> GetOrCreate(const KeyScope& scope);
  // The key with this id: nullptr if unknown or destroyed; kDataLoss if it does not unwrap.
  Result<std::shared_ptr<const crypto::SecretBytes>> Get(uint64_t id);
  // The scope of a key; nullopt if unknown or destroyed.
  std::optional<KeyScope> Scope(uint64_t id) const;
  // Calls `visit` with the scope of a key, without copying it; false if unknown or
  // destroyed. `visit` must not call back into the keyring.
  bool VisitScope(uint64_t id, const std::function<void(const KeyScope&)>& visit) const;
  // The ids of every key whose scope satisfies `pick`.
  std::vector<uint64_t> Select(const std::function<bool(const KeyScope&)>& pick) const;
  size_t size() const;

  // Destroys keys: deletes them (synced), forgets them, then flushes and compacts the
  // keyring so that no file holds the wrapped keys any more. Unknown ids are ignored.
  Status Destroy(const std::vector<uint64_t>& ids);
  // Flushes and compacts the whole keyring.
  Status Compact();

  // The stored row of a key (scope and wrapped key); nullopt if there is none.
  // Storage tests only: to prove a destroyed key is gone from every file.
  Result<std::optional<std::string>> RawRow(uint64_t id) const;

 private:
  Keyring() = default;
  static Result<std::shared_ptr<Keyring>> OpenAndRegister(const std::string& canonical,
                                                          const std::string& path,
                                                          const crypto::SecretBytes& master_key,
                                                          const DbFiles& files);
  static Result<std::unique_ptr<Keyring>> OpenFresh(const std::string& path,
                                                    const crypto::SecretBytes& master_key,
                                                    const DbFiles& files);
  Status OpenDb(const std::string& path, const DbFiles& files);
  Status CheckMasterKey();
  Status LoadIdentity();
  Status LoadScopes();
  // REQUIRES: mu_ held exclusively.
  Result<std::shared_ptr<const crypto::SecretBytes>> UnwrapLocked(uint64_t id);
  Result<DataKey> CreateLocked(const KeyScope& scope);

  rocksdb::DB* db_ = nullptr;
  rocksdb::ColumnFamilyHandle* default_cf_ = nullptr;
  rocksdb::ColumnFamilyHandle* meta_cf_ = nullptr;
  rocksdb::ColumnFamilyHandle* keys_cf_ = nullptr;
  crypto::SecretBytes kek_;
  std::string id_;

  mutable std::shared_mutex mu_;
  uint64_t next_id_ = 1;
  std::map<uint64_t, KeyScope> scopes_;
  std::map<std::string, uint64_t, std::less<>> by_scope_;  // EncodeScope -> id
  std::map<uint64_t, std::shared_ptr<const crypto::SecretBytes>> cache_;
};

}  // namespace weerbaar::storage
