#include "protocol/validate_retention.h"

namespace weerbaar::protocol {
namespace {

Status Bad(const char* what) { return InvalidArgument(what); }

// Periods are milliseconds in [1, kMaxRetentionMs]; the store then applies its own
// per-class hard limits.
Status CheckPeriod(uint64_t ms, const char* what) {
  if (ms == 0 || ms > kMaxRetentionMs) return Bad(what);
  return Status::Ok();
}

Status CheckClass(v1::DataClass data_class) {
  if (!KnownDataClass(data_class)) return Bad("unknown data class");
  return Status::Ok();
}

Status ValidatePolicy(const v1::SetRetentionPolicy& p) {
  WB_RETURN_IF_ERROR(CheckClass(p.data_class()));
  WB_RETURN_IF_ERROR(CheckPeriod(p.default_ms(), "default_ms out of range"));
  WB_RETURN_IF_ERROR(CheckPeriod(p.min_ms(), "min_ms out of range"));
  WB_RETURN_IF_ERROR(CheckPeriod(p.max_ms(), "max_ms out of range"));
  if (p.min_ms() > p.default_ms() || p.default_ms() > p.max_ms())
    return Bad("want min_ms <= default_ms <= max_ms");
  return Status::Ok();
}

Status ValidateCommunity(const v1::SetCommunityRetention& c) {
  if (c.community_id().size() != kIdBytes) return Bad("community_id must be 16 bytes");
  WB_RETURN_IF_ERROR(CheckClass(c.data_class()));
  if (c.reset()) return c.period_ms() == 0 ? Status::Ok() : Bad("reset takes no period_ms");
  return CheckPeriod(c.period_ms(), "period_ms out of range");
}

}  // namespace

bool KnownDataClass(int data_class) {
  return data_class != v1::DATA_CLASS_UNSPECIFIED && v1::DataClass_IsValid(data_class);
}

Status ValidateRetentionRequest(const v1::ClientMessage& m) {
  switch (m.body_case()) {
    case v1::ClientMessage::kGetRetention:
      if (!m.get_retention().community_id().empty() &&
          m.get_retention().community_id().size() != kIdBytes)
        return Bad("community_id must be empty or 16 bytes");
      return Status::Ok();
    case v1::ClientMessage::kSetRetentionPolicy:
      return ValidatePolicy(m.set_retention_policy());
    case v1::ClientMessage::kSetCommunityRetention:
      return ValidateCommunity(m.set_community_retention());
    case v1::ClientMessage::kEraseAccount:
      return m.erase_account().confirm() ? Status::Ok() : Bad("erase_account needs confirm");
    default:
      return Status::Ok();
  }
}

}  // namespace weerbaar::protocol
