// Read helpers over a View, shared by the Store's read methods and the export.
// Private to the storage library.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/keys.h"
#include "storage/ops.h"
#include "storage/records.h"
#include "storage/store.h"
#include "storage/view.h"

namespace weerbaar::storage {

// The record keyed by one id; kNotFound (`missing`) if absent or past its deadline.
template <typename T>
Result<T> GetOne(View& view, Cf cf, const Id& id, const char* missing) {
  WB_RETURN_IF_ERROR(RequireIds({id}));
  WB_ASSIGN_OR_RETURN(std::optional<T> record, GetRecord<T>(view, cf, keys::Ids({id})));
  if (!record) return NotFound(missing);
  return std::move(*record);
}

// For keys first|second with the given first id: every (second id, plaintext).
using Pairs = std::vector<std::pair<Id, std::string>>;
Result<Pairs> ScanPairs(View& view, Cf cf, const Id& first);
Result<std::vector<Id>> SecondIds(View& view, Cf cf, const Id& first);

// Records keyed owner|seq with seq > after_seq, ascending, at most limit; records past
// their deadline are skipped.
template <typename T>
Result<std::vector<T>> ReadSeqs(View& view, Cf cf, const Id& owner, uint64_t after_seq,
                                size_t limit) {
  WB_RETURN_IF_ERROR(RequireIds({owner}));
  std::vector<T> out;
  if (limit == 0 || after_seq == std::numeric_limits<uint64_t>::max()) return out;
  bool malformed = false;
  WB_RETURN_IF_ERROR(view.Scan(cf, keys::Ids({owner}), keys::IdsSeq({owner}, after_seq + 1),
                               [&](auto, auto plaintext) {
                                 T record;
                                 malformed = !Decode(plaintext, &record);
                                 if (!malformed) out.push_back(std::move(record));
                                 return !malformed && out.size() < limit;
                               }));
  if (malformed) return DataLoss("stored record does not decode");
  return out;
}

Result<std::vector<DeviceRecord>> ReadDevicesOfUser(View& view, const Id& user_id);
Result<std::vector<std::pair<CommunityRecord, Role>>> ReadCommunitiesOfUser(View& view,
                                                                            const Id& user_id);

}  // namespace weerbaar::storage
