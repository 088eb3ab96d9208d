// The audit log: encoding, appending and pruning.
#include "storage/audit.h"

#include <algorithm>
#include <memory>

#include "common/bytes.h"
#include "crypto/primitives.h"
#include "storage/audit_meta.h"
#include "storage/keys.h"
#include "storage/log.h"
#include "storage/ops.h"
#include "storage/retention_rules.h"

namespace weerbaar::storage {
namespace {

constexpr size_t kPseudonymBytes = 16;

bool ReadLengthPrefixed(std::string_view& in, size_t len_bytes, std::string* out) {
  if (in.size() < len_bytes) return false;
  size_t n = static_cast<uint8_t>(in[0]);
  if (len_bytes == 2) n = n << 8 | static_cast<uint8_t>(in[1]);
  if (in.size() < len_bytes + n) return false;
  *out = std::string(in.substr(len_bytes, n));
  in.remove_prefix(len_bytes + n);
  return true;
}

bool ValidAction(AuditAction action) {
  return action >= AuditAction::kShare && action <= AuditAction::kAdminAction;
}

// The entry stored at key, whatever its deadline; nullopt if it cannot be read.
std::optional<AuditEntry> OpenEntry(Txn& txn, std::string_view key, std::string_view stored) {
  Result<Opened> opened = txn.engine().sealer.OpenAny(Cf::kAudit, key, stored);
  AuditEntry entry;
  if (!opened.ok() || opened->state != Liveness::kLive ||
      !DecodeAuditValue(opened->plaintext, &entry)) {
    return std::nullopt;
  }
  return entry;
}

Status ValidateEvent(const AuditEvent& event) {
  if (!ValidAction(event.action)) return InvalidArgument("unknown audit action");
  WB_RETURN_IF_ERROR(RequireOptionalIds({event.actor, event.subject}));
  if (event.detail.size() > kMaxAuditDetailBytes) return InvalidArgument("audit detail too long");
  return Status::Ok();
}

}  // namespace

std::string Pseudonym(const crypto::SecretBytes& key, std::string_view id) {
  if (id.empty()) return {};
  return ToString(crypto::Hash(AsBytes(id), kPseudonymBytes, key.view()));
}

std::string EncodeAuditEntry(const AuditEntry& entry) {
  std::string out;
  PutBigEndian64(out, entry.index);
  PutBigEndian64(out, static_cast<uint64_t>(entry.time_ms));
  out.push_back(static_cast<char>(entry.action));
  for (const std::string* id : {&entry.actor, &entry.subject}) {
    out.push_back(static_cast<char>(id->size()));
    out.append(*id);
  }
  out.push_back(static_cast<char>(entry.detail.size() >> 8));
  out.push_back(static_cast<char>(entry.detail.size() & 0xff));
  out.append(entry.detail);
  return out;
}

bool DecodeAuditValue(std::string_view in, AuditEntry* out) {
  if (in.size() < 17 + kAuditHashBytes) return false;
  AuditEntry entry;
  entry.index = GetBigEndian64(in.data());
  entry.time_ms = static_cast<int64_t>(GetBigEndian64(in.data() + 8));
  entry.action = static_cast<AuditAction>(in[16]);
  in.remove_prefix(17);
  if (!ReadLengthPrefixed(in, 1, &entry.actor) || !ReadLengthPrefixed(in, 1, &entry.subject) ||
      !ReadLengthPrefixed(in, 2, &entry.detail) || in.size() != kAuditHashBytes) {
    return false;
  }
  entry.hash = std::string(in);
  *out = std::move(entry);
  return true;
}

std::string ChainHash(std::string_view previous_hash, std::string_view encoded) {
  const std::string input = std::string(previous_hash) + std::string(encoded);
  return ToString(crypto::Hash(AsBytes(input), kAuditHashBytes));
}

Result<uint64_t> ApplyAppendAudit(Txn& txn, const AuditEvent& event) {
  WB_RETURN_IF_ERROR(ValidateEvent(event));
  WB_ASSIGN_OR_RETURN(AuditHead head, LoadAuditHead(txn));
  AuditEntry entry;
  entry.index = head.next_index;
  entry.time_ms = std::max(txn.now_ms(), head.last_time_ms);
  entry.action = event.action;
  entry.actor = Pseudonym(txn.engine().pseudonym_key, event.actor);
  entry.subject = Pseudonym(txn.engine().pseudonym_key, event.subject);
  entry.detail = event.detail;
  const std::string encoded = EncodeAuditEntry(entry);
  entry.hash = ChainHash(head.last_hash, encoded);
  // Kept until pruned (the sweeper), which keeps the chain's anchor; created_ms is the
  // entry's own time so that the oldest entries always sit at the front.
  Placement placement{DataClass::kAuditEntry};
  placement.created_ms = entry.time_ms;
  WB_RETURN_IF_ERROR(txn.Put(Cf::kAudit, AuditKey(entry.index), encoded + entry.hash, placement));
  WB_RETURN_IF_ERROR(StoreAuditHead(txn, {entry.index + 1, entry.time_ms, entry.hash}));
  return entry.index;
}

Result<uint64_t> PruneAudit(Txn& txn, const RetentionRule& rule) {
  std::vector<std::string> doomed;
  AuditAnchor anchor;
  {
    std::unique_ptr<rocksdb::Iterator> it = txn.NewIterator(Cf::kAudit);
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const std::string_view key = it->key().ToStringView();
      const std::string_view stored = it->value().ToStringView();
      std::optional<SealHeader> header = ParseSealHeader(stored);
      if (header && !Expired(txn.now_ms(), Deadline(header->created_ms, kKeepForever, rule))) {
        break;
      }
      std::optional<AuditEntry> entry = OpenEntry(txn, key, stored);
      // A damaged entry stops pruning (VerifyAudit reports it), not the rest of the sweep.
      if (!entry) {
        Logger()->error("audit pruning stopped at an entry that cannot be read");
        break;
      }
      anchor = {entry->index, entry->hash};
      doomed.emplace_back(key);
    }
    if (!it->status().ok()) return FromRocks(it->status(), "scan audit");
  }
  if (doomed.empty()) return uint64_t{0};
  for (const std::string& key : doomed) WB_RETURN_IF_ERROR(txn.Delete(Cf::kAudit, key));
  WB_RETURN_IF_ERROR(StoreAuditAnchor(txn, anchor));
  return static_cast<uint64_t>(doomed.size());
}

}  // namespace weerbaar::storage
