// Sealer: encryption at rest of every record value.
//
// A stored value is: version (1 byte) | data class (1) | bucket (4, big-endian) | sealed,
// where sealed = AeadSeal(data key of (class, bucket), plaintext, aad) and
// aad = len(cf name) | cf name | len(key) | key | header, lengths as 4-byte big-endian.
// The associated data binds a value to its record: moved to another key or column
// family, it no longer opens. Private to the storage library.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "storage/data_keys.h"
#include "storage/db.h"

namespace weerbaar::storage {

// Thread safety: every method may be called from any thread.
class Sealer {
 public:
  explicit Sealer(DataKeys& keys) : keys_(keys) {}

  // The value to store for `plaintext` at (cf, key), written at `now_ms`: sealed under
  // the data key of the column family's class and the month of now_ms.
  Result<std::string> Seal(Cf cf, std::string_view key, std::string_view plaintext, int64_t now_ms);
  // The plaintext of a stored value. kDataLoss if the value is malformed, its data key
  // is missing, or authentication fails.
  Result<std::string> Open(Cf cf, std::string_view key, std::string_view stored);

 private:
  DataKeys& keys_;
};

}  // namespace weerbaar::storage
