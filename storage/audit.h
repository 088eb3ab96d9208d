// The audit log (Art. 30): append-only and hash-chained, in the `audit` column family.
//
//   key      index (8 BE), from 1, never reused
//   value    sealed (class audit entry, day bucket, kept until pruned): encoded | hash (32)
//   encoded  index (8 BE) | time_ms (8 BE) | action (1) | len (1) | actor | len (1) |
//            subject | len (2 BE) | detail
//   hash     BLAKE2b-256(previous entry's hash || encoded); before the first, 32 zero bytes
//
// meta "audit-head"   next index (8) | time of the last entry (8) | its hash (32)
// meta "audit-anchor" index (8) | hash (32) of the last pruned entry
//
// Entry times never go backwards (a clock stepped back repeats the last time), so the
// oldest entries are always at the front and pruning removes a prefix. Actor and subject
// are pseudonyms: keyed BLAKE2b-128 of the raw id under a key derived from the master key.
// Private to the storage library.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "crypto/secret.h"
#include "storage/privacy.h"
#include "storage/retention_rules.h"
#include "storage/txn.h"
#include "storage/view.h"

namespace weerbaar::storage {

inline constexpr size_t kAuditHashBytes = 32;

// The pseudonym of a raw id; empty for an empty id.
std::string Pseudonym(const crypto::SecretBytes& key, std::string_view id);
// The canonical encoding the hash covers (everything but the hash).
std::string EncodeAuditEntry(const AuditEntry& entry);
// Parses a stored plaintext (encoded | hash); false if malformed.
bool DecodeAuditValue(std::string_view plaintext, AuditEntry* out);
std::string ChainHash(std::string_view previous_hash, std::string_view encoded);

// Appends an entry within the operation's batch; returns its index.
// kInvalidArgument for an unknown action, an over-long id or detail.
Result<uint64_t> ApplyAppendAudit(Txn& txn, const AuditEvent& event);
// Deletes the oldest entries while they are past the rule's deadline (time + period <=
// now, or time before the horizon) and records the last one deleted as the anchor.
// Returns how many it deleted.
Result<uint64_t> PruneAudit(Txn& txn, const RetentionRule& rule);

// Entries from `from_index`, ascending, at most `limit`; entries past their retention
// are absent.
Result<std::vector<AuditEntry>> ReadAuditEntries(View& view, uint64_t from_index, size_t limit);
// Walks the chain from the anchor to the head.
Result<AuditCheck> VerifyAuditChain(View& view);

}  // namespace weerbaar::storage
