#include "server/wire_retention.h"

#include <string>

#include "protocol/validate_retention.h"

namespace weerbaar::server {
namespace {

// kKeepForever travels as while_exists with 0 ms.
uint64_t Ms(int64_t ms) {
  return ms == storage::kKeepForever || ms < 0 ? 0 : static_cast<uint64_t>(ms);
}

v1::RetentionSource SourceToWire(storage::RetentionSource source) {
  switch (source) {
    case storage::RetentionSource::kBuiltIn:
      return v1::RETENTION_BUILT_IN;
    case storage::RetentionSource::kAdmin:
      return v1::RETENTION_ADMIN;
    case storage::RetentionSource::kCommunity:
      return v1::RETENTION_COMMUNITY;
  }
  return v1::RETENTION_SOURCE_UNSPECIFIED;
}

}  // namespace

std::optional<storage::DataClass> DataClassFromWire(v1::DataClass data_class) {
  if (!protocol::KnownDataClass(data_class)) return std::nullopt;
  // The wire numbers are the store's (weerbaar.proto, DataClass).
  return static_cast<storage::DataClass>(data_class);
}

v1::DataClass DataClassToWire(storage::DataClass data_class) {
  int n = static_cast<int>(data_class);
  return protocol::KnownDataClass(n) ? static_cast<v1::DataClass>(n) : v1::DATA_CLASS_UNSPECIFIED;
}

void RetentionToWire(const storage::EffectiveRetention& in, v1::ClassRetention* out) {
  out->set_data_class(DataClassToWire(in.data_class));
  out->set_name(std::string(storage::DataClassName(in.data_class)));
  out->set_while_exists(in.period_ms == storage::kKeepForever);
  out->set_period_ms(Ms(in.period_ms));
  out->set_source(SourceToWire(in.source));
  out->set_clamped(in.clamped);
  out->set_default_ms(Ms(in.policy.default_ms));
  out->set_min_ms(Ms(in.policy.min_ms));
  out->set_max_ms(Ms(in.policy.max_ms));
  out->set_community_may_choose(storage::CommunityMayChoose(in.data_class));
}

void ReceiptToWire(const storage::ErasureReceipt& in, v1::ErasureReceipt* out) {
  out->set_user_id(in.user_id);
  out->set_erased_at_ms(static_cast<uint64_t>(in.erased_ms));
  out->set_devices(in.devices);
  out->set_memberships(in.memberships);
  out->set_messages(in.messages);
  out->set_inbox_entries(in.inbox_entries);
  out->set_sent_inbox_entries(in.sent_inbox_entries);
  out->set_cursors(in.cursors);
  out->set_dedup_ids(in.dedup_ids);
  out->set_invites(in.invites);
  out->set_data_keys_destroyed(in.data_keys_destroyed);
  out->set_audit_index(in.audit_index);
  out->set_shares(in.shares);
  for (const storage::GroupEpoch& g : in.changed_groups) {
    v1::GroupChanged* left = out->add_left_groups();
    left->set_group_id(g.group_id);
    left->set_epoch(g.epoch);
  }
}

void AuditCheckToWire(const storage::AuditCheck& in, v1::AuditVerification* out) {
  out->set_intact(in.intact);
  out->set_first_bad_index(in.first_bad_index);
  out->set_entries(in.entries);
  out->set_anchor_index(in.anchor_index);
  out->set_problem(in.problem);
}

}  // namespace weerbaar::server
