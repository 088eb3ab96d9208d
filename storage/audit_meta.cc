#include "storage/audit_meta.h"

namespace weerbaar::storage {

std::string AuditKey(uint64_t index) {
  std::string key;
  PutBigEndian64(key, index);
  return key;
}

std::string EncodeAuditHead(const AuditHead& head) {
  std::string out;
  PutBigEndian64(out, head.next_index);
  PutBigEndian64(out, static_cast<uint64_t>(head.last_time_ms));
  return out + head.last_hash;
}

std::optional<AuditHead> DecodeAuditHead(std::string_view in) {
  if (in.size() != 48) return std::nullopt;
  return AuditHead{GetBigEndian64(in.data()), static_cast<int64_t>(GetBigEndian64(in.data() + 8)),
                   std::string(in.substr(16))};
}

std::string EncodeAuditAnchor(const AuditAnchor& anchor) {
  std::string out;
  PutBigEndian64(out, anchor.index);
  return out + anchor.hash;
}

std::optional<AuditAnchor> DecodeAuditAnchor(std::string_view in) {
  if (in.size() != 40) return std::nullopt;
  return AuditAnchor{GetBigEndian64(in.data()), std::string(in.substr(8))};
}

Result<AuditHead> LoadAuditHead(Txn& txn) {
  WB_ASSIGN_OR_RETURN(std::optional<AuditHead> head, ReadAuditHead(txn));
  return head.value_or(AuditHead{});
}

Status StoreAuditHead(Txn& txn, const AuditHead& head) {
  return txn.Put(Cf::kMeta, kAuditHeadKey, EncodeAuditHead(head));
}

Status StoreAuditAnchor(Txn& txn, const AuditAnchor& anchor) {
  return txn.Put(Cf::kMeta, kAuditAnchorKey, EncodeAuditAnchor(anchor));
}

}  // namespace weerbaar::storage
