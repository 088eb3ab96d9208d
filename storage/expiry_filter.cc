#include "storage/expiry_filter.h"

#include <optional>

#include "storage/expiry_index.h"
#include "storage/retention_rules.h"

namespace weerbaar::storage {

bool ExpiryFilter::Filter(int, const rocksdb::Slice& key, const rocksdb::Slice& value, std::string*,
                          bool*) const {
  if (!armed_.load(std::memory_order_acquire)) return false;
  std::optional<SealHeader> header;
  if (kind_ == Kind::kSealedValues) {
    header = ParseSealHeader(value.ToStringView());
  } else if (std::optional<IndexEntry> entry =
                 ParseIndexEntry(key.ToStringView(), value.ToStringView())) {
    header = HeaderOf(*entry);
  }
  if (!header) return false;  // not ours to judge: keep it, reads report it
  std::optional<int64_t> deadline = sealer_.DeadlineOf(*header);
  return !deadline || Expired(clock_.NowMillis(), *deadline);
}

}  // namespace weerbaar::storage
