// Txn: what one write operation sees and writes inside a group-commit batch.
//
// Reads see the database plus every write added to the batch so far (earlier
// operations of the same batch included); Get sees only live records (an expired or
// shredded one is absent). Writes are sealed and added to the batch; they reach the
// database when the committer writes the batch. Actions registered with AfterCommit run
// on the committer thread once the batch is durable (and never if the operation fails
// or the batch write fails). Private to storage.
// Thread safety: used only on the committer thread.
#pragma once

#include <rocksdb/utilities/write_batch_with_index.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/engine.h"

namespace weerbaar::storage {

class Txn {
 public:
  Txn(Engine& engine, rocksdb::WriteBatchWithIndex& batch, int64_t now_ms)
      : engine_(engine), batch_(batch), now_ms_(now_ms) {}

  // Wall time of this batch (one reading of the store's clock).
  int64_t now_ms() const { return now_ms_; }
  Engine& engine() { return engine_; }

  // The plaintext at (cf, key); nullopt if absent, expired or shredded.
  Result<std::optional<std::string>> Get(Cf cf, std::string_view key);
  // The stored bytes at (cf, key), nullopt if absent.
  Result<std::optional<std::string>> GetRaw(Cf cf, std::string_view key);
  // Seals with the column family's class, no community or subject, kept forever.
  Status Put(Cf cf, std::string_view key, std::string_view plaintext);
  Status Put(Cf cf, std::string_view key, std::string_view plaintext, const Placement& placement);
  // As Put, returning the header the value was sealed with.
  Result<SealHeader> PutSealed(Cf cf, std::string_view key, std::string_view plaintext,
                               const Placement& placement);
  // Stores bytes as they are (the expiry index, which is not sealed).
  Status PutRaw(Cf cf, std::string_view key, std::string_view value);
  Status Delete(Cf cf, std::string_view key);
  // Keys in cf that start with `prefix`, in order, up to and including `last` (no
  // bound when last is empty). Expired records are included.
  Result<std::vector<std::string>> Keys(Cf cf, std::string_view prefix, std::string_view last = {});
  // An iterator over batch and database. Do not write to the batch while it is in use.
  std::unique_ptr<rocksdb::Iterator> NewIterator(Cf cf);

  // The expiry of a record of the class in the community written now.
  int64_t ExpiryFor(std::string_view community, DataClass data_class) const;

  void AfterCommit(std::function<void()> action) { after_commit_.push_back(std::move(action)); }
  size_t after_commit_mark() const { return after_commit_.size(); }
  void DropAfterCommitFrom(size_t mark) { after_commit_.resize(mark); }
  std::vector<std::function<void()>> TakeAfterCommit() { return std::move(after_commit_); }

 private:
  Engine& engine_;
  rocksdb::WriteBatchWithIndex& batch_;
  const int64_t now_ms_;
  std::vector<std::function<void()>> after_commit_;
};

}  // namespace weerbaar::storage
