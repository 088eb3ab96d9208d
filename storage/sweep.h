// The sweeper: deletes what expired, prunes the audit log and destroys the data keys
// whose every record must have expired. One operation does at most `limit` deletions;
// Store::Sweep runs operations until one finds nothing more. Private to storage.
//
// What it deletes:
//  1. every record whose stored expiry has passed: one scan of the expiry index from
//     the start (with the deduplication ids listed in each entry);
//  2. every record a shortened period or a horizon has expired: group messages and inbox
//     entries are ordered by seq, so per group (inbox) a scan from the first record until
//     one that is live under the period and horizon of every class it may hold;
//  3. audit entries older than the audit retention or its horizon (a prefix; the anchor
//     is kept).
// Then, only when nothing was left for a later operation, the data keys whose bucket
// ended longer ago than their scope's period (or before its horizon), and the keys of
// interrupted erasures.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "common/status.h"
#include "storage/store.h"
#include "storage/txn.h"

namespace weerbaar::storage {

// Per column family, the smallest and largest key deleted (what to compact).
using SweepRanges = std::map<Cf, std::pair<std::string, std::string>>;
void AddToRange(SweepRanges& ranges, Cf cf, const std::string& key);

struct SweepStep {
  SweepReport report;
  SweepRanges ranges;
  bool more = false;  // the limit was reached: run another operation
};

Result<SweepStep> ApplySweep(Txn& txn, size_t limit);

}  // namespace weerbaar::storage
