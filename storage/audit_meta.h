// The audit log's head and anchor records in the meta column family (see audit.h).
// Private to the storage library.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "common/status.h"
#include "storage/db.h"
#include "storage/txn.h"

namespace weerbaar::storage {

inline constexpr std::string_view kAuditHeadKey = "audit-head";
inline constexpr std::string_view kAuditAnchorKey = "audit-anchor";

// Where the next entry goes.
struct AuditHead {
  uint64_t next_index = 1;
  int64_t last_time_ms = 0;
  std::string last_hash = std::string(32, '\0');
};

// The last pruned entry.
struct AuditAnchor {
  uint64_t index = 0;
  std::string hash = std::string(32, '\0');
};

std::string AuditKey(uint64_t index);
std::string EncodeAuditHead(const AuditHead& head);
std::optional<AuditHead> DecodeAuditHead(std::string_view in);
std::string EncodeAuditAnchor(const AuditAnchor& anchor);
std::optional<AuditAnchor> DecodeAuditAnchor(std::string_view in);

// From a Txn or a View: nullopt if not stored; kDataLoss if malformed.
template <typename Source>
Result<std::optional<AuditHead>> ReadAuditHead(Source& source) {
  WB_ASSIGN_OR_RETURN(std::optional<std::string> plain, source.Get(Cf::kMeta, kAuditHeadKey));
  if (!plain) return std::optional<AuditHead>();
  std::optional<AuditHead> head = DecodeAuditHead(*plain);
  if (!head) return DataLoss("malformed audit head");
  return head;
}

template <typename Source>
Result<std::optional<AuditAnchor>> ReadAuditAnchor(Source& source) {
  WB_ASSIGN_OR_RETURN(std::optional<std::string> plain, source.Get(Cf::kMeta, kAuditAnchorKey));
  if (!plain) return std::optional<AuditAnchor>();
  std::optional<AuditAnchor> anchor = DecodeAuditAnchor(*plain);
  if (!anchor) return DataLoss("malformed audit anchor");
  return anchor;
}

// The head, or the head of an empty log.
Result<AuditHead> LoadAuditHead(Txn& txn);
Status StoreAuditHead(Txn& txn, const AuditHead& head);
Status StoreAuditAnchor(Txn& txn, const AuditAnchor& anchor);

}  // namespace weerbaar::storage
