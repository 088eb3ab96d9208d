// ExpiryFilter: a RocksDB compaction filter that drops values past their deadline, and
// values whose data key is gone, while compaction rewrites a file. With
// periodic_compaction_seconds every file is rewritten within that bound, so nothing
// expired stays on disk longer even if the sweeper never ran.
//
// Sealed values are judged by their header (sealer.h); expiry index entries by the
// expiry in their key and the key id and creation time in their value. The filter does
// nothing until armed (the store arms it once the retention policies are loaded: judged
// by the built-in defaults alone it could drop what an admin chose to keep longer).
// Private to the storage library. Thread safety: called from compaction threads.
#pragma once

#include <rocksdb/compaction_filter.h>

#include <atomic>

#include "common/clock.h"
#include "storage/sealer.h"

namespace weerbaar::storage {

class ExpiryFilter final : public rocksdb::CompactionFilter {
 public:
  enum class Kind { kSealedValues, kExpiryIndex };
  ExpiryFilter(const Sealer& sealer, const Clock& clock, const std::atomic<bool>& armed, Kind kind)
      : sealer_(sealer), clock_(clock), armed_(armed), kind_(kind) {}

  bool Filter(int level, const rocksdb::Slice& key, const rocksdb::Slice& value,
              std::string* new_value, bool* value_changed) const override;
  const char* Name() const override { return "weerbaar.ExpiryFilter"; }

 private:
  const Sealer& sealer_;
  const Clock& clock_;
  const std::atomic<bool>& armed_;
  const Kind kind_;
};

}  // namespace weerbaar::storage
