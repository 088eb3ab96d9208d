// Txn: what one write operation sees and writes inside a group-commit batch.
//
// Reads see the database plus every write added to the batch so far (earlier
// operations of the same batch included). Writes are sealed and added to the batch;
// they reach the database when the committer writes the batch. Private to storage.
// Thread safety: used only on the committer thread.
#pragma once

#include <rocksdb/utilities/write_batch_with_index.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/db.h"
#include "storage/sealer.h"

namespace weerbaar::storage {

class Txn {
 public:
  Txn(Db& db, Sealer& sealer, rocksdb::WriteBatchWithIndex& batch, int64_t now_ms)
      : db_(db), sealer_(sealer), batch_(batch), now_ms_(now_ms) {}

  // Wall time of this batch (one reading of the store's clock).
  int64_t now_ms() const { return now_ms_; }

  // The plaintext at (cf, key), nullopt if absent.
  Result<std::optional<std::string>> Get(Cf cf, std::string_view key);
  Status Put(Cf cf, std::string_view key, std::string_view plaintext);
  Status Delete(Cf cf, std::string_view key);
  // Keys in cf that start with `prefix`, in order, up to and including `last` (no
  // bound when last is empty).
  Result<std::vector<std::string>> Keys(Cf cf, std::string_view prefix, std::string_view last = {});

 private:
  Db& db_;
  Sealer& sealer_;
  rocksdb::WriteBatchWithIndex& batch_;
  const int64_t now_ms_;
};

}  // namespace weerbaar::storage
