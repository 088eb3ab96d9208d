// Sealer: encryption at rest of every record value, and the deadline of each.
//
// A stored value is: version (1) = 2 | key id (8 BE) | created_ms (8 BE) | expiry_ms (8 BE)
// | sealed, where sealed = AeadSeal(data key, plaintext, aad) and
// aad = len(cf name) | cf name | len(key) | key | header (lengths 4 bytes BE).
// The associated data binds a value to its record and its header: moved to another key
// or column family, or with its times edited, it no longer opens. The header is in clear
// so that the compaction filter and the sweeper can judge a value without its key.
//
// A value's deadline is min(expiry_ms, created_ms + the period now in force for its
// key's class and community), or created_ms if it was created before that scope's
// horizon (retention.h); from the deadline on it is expired. A value whose key is
// gone from the keyring is shredded. Private to the storage library.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "storage/db.h"
#include "storage/keyring.h"
#include "storage/retention.h"

namespace weerbaar::storage {

// Where a value goes: the scope of its data key and its expiry.
struct Placement {
  DataClass data_class = DataClass::kSystem;
  std::string community{};  // set when the class's retention depends on the community
  std::string subject{};    // set when erasure of that user must shred the value
  int64_t expiry_ms = kKeepForever;
  std::optional<int64_t> created_ms{};  // default: the time of the write
};

struct SealHeader {
  uint64_t key_id = 0;
  int64_t created_ms = 0;
  int64_t expiry_ms = kKeepForever;
  bool operator==(const SealHeader&) const = default;
};
inline constexpr size_t kSealHeaderBytes = 25;

// The header of a stored value; nullopt if it is malformed or of another version.
std::optional<SealHeader> ParseSealHeader(std::string_view stored);

enum class Liveness { kLive, kExpired, kShredded };

struct Opened {
  Liveness state = Liveness::kLive;
  std::string plaintext;  // only when kLive (or opened with OpenAny)
  SealHeader header;
};

// Thread safety: every method may be called from any thread.
class Sealer {
 public:
  Sealer(Keyring& keyring, const Retention& retention) : keyring_(keyring), retention_(retention) {}

  // The value to store for `plaintext` at (cf, key), written at now_ms.
  Result<std::string> Seal(Cf cf, std::string_view key, std::string_view plaintext,
                           const Placement& placement, int64_t now_ms);
  // Opens a value if it is live at now_ms; an expired or shredded one is reported, not
  // decrypted. kDataLoss if the value is malformed or fails authentication.
  Result<Opened> Open(Cf cf, std::string_view key, std::string_view stored, int64_t now_ms);
  // Opens a value whatever its deadline (the audit chain's verification). kShredded if
  // its key is gone.
  Result<Opened> OpenAny(Cf cf, std::string_view key, std::string_view stored);
  // The value with the same header around new plaintext (storage tests: tampering).
  Result<std::string> Reseal(Cf cf, std::string_view key, std::string_view stored,
                             std::string_view plaintext);

  // The deadline of a value; nullopt if its key is gone (shredded).
  std::optional<int64_t> DeadlineOf(const SealHeader& header) const;
  Liveness Judge(const SealHeader& header, int64_t now_ms) const;

  Keyring& keyring() { return keyring_; }
  const Retention& retention() const { return retention_; }

 private:
  Result<std::string> SealWith(const crypto::SecretBytes& data_key, Cf cf, std::string_view key,
                               const SealHeader& header, std::string_view plaintext);
  // Fills out.plaintext, or sets kShredded if the key is gone.
  Result<Opened> Decrypt(Cf cf, std::string_view key, std::string_view stored, Opened out);

  Keyring& keyring_;
  const Retention& retention_;
};

}  // namespace weerbaar::storage
