// The audit log: reading and verifying the chain.
#include <algorithm>

#include "common/bytes.h"
#include "storage/audit.h"
#include "storage/audit_meta.h"

namespace weerbaar::storage {
namespace {

// Walks entries in key order, checking each against the one before.
class ChainWalk {
 public:
  ChainWalk(Sealer& sealer, const std::optional<AuditAnchor>& anchor) : sealer_(sealer) {
    if (anchor) {
      expected_ = anchor->index + 1;
      previous_ = anchor->hash;
      check_.anchor_index = anchor->index;
    }
  }

  // False once the chain is broken (the check says where).
  bool Visit(std::string_view key, std::string_view stored) {
    if (key.size() != 8) return Bad(expected_, "malformed entry key");
    const uint64_t index = GetBigEndian64(key.data());
    if (index > expected_) return Bad(expected_, "entry missing");
    if (index < expected_) return Bad(index, "entry below the anchor");
    Result<Opened> opened = sealer_.OpenAny(Cf::kAudit, key, stored);
    if (!opened.ok()) return Bad(index, "entry fails authentication");
    AuditEntry entry;
    if (opened->state != Liveness::kLive) return Bad(index, "entry's data key is gone");
    if (!DecodeAuditValue(opened->plaintext, &entry)) return Bad(index, "entry is malformed");
    if (entry.index != index) return Bad(index, "entry was moved");
    if (ChainHash(previous_, EncodeAuditEntry(entry)) != entry.hash) {
      return Bad(index, "entry was edited");
    }
    previous_ = entry.hash;
    ++expected_;
    ++check_.entries;
    return true;
  }

  // The head must name the entry after the last one, with the last one's hash: entries
  // cut off the end are detected too.
  void Finish(const std::optional<AuditHead>& head) {
    if (!check_.intact) return;
    const AuditHead end = head.value_or(AuditHead{});
    if (end.next_index > expected_) {
      Bad(expected_, "entries missing at the end");
    } else if (end.next_index < expected_ || end.last_hash != previous_) {
      Bad(std::min(end.next_index, expected_ - 1), "head does not match the last entry");
    }
  }

  const AuditCheck& check() const { return check_; }

 private:
  bool Bad(uint64_t index, const char* problem) {
    check_.intact = false;
    check_.first_bad_index = index;
    check_.problem = problem;
    return false;
  }

  Sealer& sealer_;
  uint64_t expected_ = 1;
  std::string previous_ = std::string(kAuditHashBytes, '\0');
  AuditCheck check_;
};

}  // namespace

Result<std::vector<AuditEntry>> ReadAuditEntries(View& view, uint64_t from_index, size_t limit) {
  std::vector<AuditEntry> out;
  if (limit == 0) return out;
  bool malformed = false;
  WB_RETURN_IF_ERROR(view.Scan(Cf::kAudit, {}, AuditKey(std::max<uint64_t>(from_index, 1)),
                               [&](auto, auto plaintext) {
                                 AuditEntry entry;
                                 malformed = !DecodeAuditValue(plaintext, &entry);
                                 if (!malformed) out.push_back(std::move(entry));
                                 return !malformed && out.size() < limit;
                               }));
  if (malformed) return DataLoss("stored audit entry does not decode");
  return out;
}

Result<AuditCheck> VerifyAuditChain(View& view) {
  WB_ASSIGN_OR_RETURN(std::optional<AuditAnchor> anchor, ReadAuditAnchor(view));
  WB_ASSIGN_OR_RETURN(std::optional<AuditHead> head, ReadAuditHead(view));
  ChainWalk walk(view.engine().sealer, anchor);
  WB_RETURN_IF_ERROR(view.ScanRaw(Cf::kAudit, {}, {},
                                  [&](auto key, auto stored) { return walk.Visit(key, stored); }));
  walk.Finish(head);
  return walk.check();
}

}  // namespace weerbaar::storage
