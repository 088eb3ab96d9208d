// The expiry index: one entry per time-limited record, ordered by the expiry stored in
// the record, so that the sweeper finds what expired by one scan from the start.
//
//   key    expiry_ms (8 BE) | cf (1) | record key
//   value  key id (8 BE) | created_ms (8 BE) | companions: cf (1) | len (2 BE) | key, ...
//
// Companions are records written with the primary under the same placement (so with the
// same header) that must go when it goes: its deduplication id. Entries are not sealed:
// record keys are in clear in the database anyway and the values hold nothing else.
// Private to the storage library.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/db.h"
#include "storage/sealer.h"
#include "storage/txn.h"

namespace weerbaar::storage {

struct RecordRef {
  Cf cf = Cf::kMeta;
  std::string key;
};

struct IndexEntry {
  int64_t expiry_ms = 0;
  RecordRef record;
  uint64_t key_id = 0;
  int64_t created_ms = 0;
  std::vector<RecordRef> companions;
};

std::string IndexKey(int64_t expiry_ms, Cf cf, std::string_view key);
std::optional<IndexEntry> ParseIndexEntry(std::string_view key, std::string_view value);
// The header every record of the entry carries.
SealHeader HeaderOf(const IndexEntry& entry);

struct RecordWrite {
  Cf cf = Cf::kMeta;
  std::string key;
  std::string plaintext;
};

// Writes a record and its companions under one placement, and (if the placement has an
// expiry) the index entry that lists them.
Status PutIndexed(Txn& txn, const Placement& placement, const RecordWrite& primary,
                  const std::vector<RecordWrite>& companions = {});

struct Deleted {
  uint64_t primary = 0;            // 1 if the record itself was deleted
  uint64_t companions = 0;         // its deduplication ids
  std::vector<RecordRef> records;  // everything deleted, the index entry included
};

// Deletes the group a record heads: the record itself (if it still carries `header`),
// its index entry and those companions that still carry `header` (a companion rewritten
// since by a newer record stays).
Result<Deleted> DeleteGroup(Txn& txn, const RecordRef& primary, const SealHeader& header);
// DeleteGroup with the header read from the record; nothing if the record is absent.
Result<Deleted> DeleteIndexed(Txn& txn, Cf cf, std::string_view key);

}  // namespace weerbaar::storage
