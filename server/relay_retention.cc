// Retention policies, the audit chain and the Art. 30 record (docs/retention.md).
#include "server/processing_record.h"
#include "server/relay_core.h"
#include "server/wire_retention.h"

namespace weerbaar::server {
namespace {

// Answers OK once the change is durable, then asks for a sweep: what a shortened period
// hid leaves the files at once (the store's horizons already keep it hidden).
storage::Callback<storage::Done> OkThenSweep(RelayCore& core, ConnId id, uint64_t rid) {
  return core.OnDurable<storage::Done>([&core, id, rid](Result<storage::Done> r) {
    if (!r.ok()) return core.FailStatus(id, rid, r.status());
    v1::ServerMessage reply;
    reply.mutable_ok();
    core.Reply(id, rid, std::move(reply));
    if (core.sweep_soon) core.sweep_soon();
  });
}

// The retention of each class in `classes` (community_id may be empty).
Result<std::vector<storage::EffectiveRetention>> RetentionOf(
    RelayCore& core, const Id& community_id, const std::vector<storage::DataClass>& classes) {
  std::vector<storage::EffectiveRetention> out;
  for (storage::DataClass c : classes) {
    WB_ASSIGN_OR_RETURN(storage::EffectiveRetention r, core.store.GetRetention(community_id, c));
    out.push_back(std::move(r));
  }
  return out;
}

// Outsiders of a community learn nothing, not even whether it exists.
Status MayViewRetention(RelayCore& core, const Caller& caller, const Id& community_id) {
  if (community_id.empty()) return Status::Ok();
  WB_ASSIGN_OR_RETURN(Standing standing, CommunityStanding(core, caller, community_id));
  if (!MayViewCommunityRetention(standing)) return PermissionDenied("not in the community");
  return core.store.GetCommunity(community_id).status();
}

// The head of an intact chain: its index and hash, to be published off-site.
Status AddHead(storage::Store& store, v1::AuditVerification* out) {
  if (!out->intact() || out->entries() == 0) return Status::Ok();
  uint64_t head = out->anchor_index() + out->entries();
  WB_ASSIGN_OR_RETURN(std::vector<storage::AuditEntry> entries, store.ReadAudit(head, 1));
  if (entries.empty() || entries[0].index != head) return Status::Ok();  // pruned meanwhile
  out->set_head_index(head);
  out->set_head_hash(entries[0].hash);
  return Status::Ok();
}

// Walks the whole chain: on the background worker, never on the relay's thread.
Result<v1::AuditVerification> VerifyChain(storage::Store& store) {
  WB_ASSIGN_OR_RETURN(storage::AuditCheck check, store.VerifyAudit());
  v1::AuditVerification out;
  AuditCheckToWire(check, &out);
  WB_RETURN_IF_ERROR(AddHead(store, &out));
  return out;
}

}  // namespace

void HandleGetRetention(RelayCore& core, ConnId id, const Caller& caller, const Request& req) {
  const Id& community_id = req.get_retention().community_id();
  Status allowed = MayViewRetention(core, caller, community_id);
  if (!allowed.ok()) return core.FailStatus(id, req.request_id(), allowed);
  auto retention = RetentionOf(core, community_id, RecordedClasses());
  if (!retention.ok()) return core.FailStatus(id, req.request_id(), retention.status());
  v1::ServerMessage reply;
  v1::RetentionInfo* info = reply.mutable_retention_info();
  info->set_community_id(community_id);
  for (const storage::EffectiveRetention& r : *retention) RetentionToWire(r, info->add_classes());
  core.Reply(id, req.request_id(), std::move(reply));
}

void HandleSetRetentionPolicy(RelayCore& core, ConnId id, const Caller& caller,
                              const Request& req) {
  if (!MayAdministerRetention(Standing{caller.is_admin}))
    return core.Fail(id, req.request_id(), v1::PERMISSION_DENIED);
  const v1::SetRetentionPolicy& p = req.set_retention_policy();
  std::optional<storage::DataClass> data_class = DataClassFromWire(p.data_class());
  if (!data_class) return core.Fail(id, req.request_id(), v1::BAD_REQUEST);
  // The store checks the bounds and audits the change in the same atomic write.
  core.store.SetRetentionPolicy(*data_class, PeriodFromWire(p.default_ms()),
                                PeriodFromWire(p.min_ms()), PeriodFromWire(p.max_ms()),
                                caller.user_id, OkThenSweep(core, id, req.request_id()));
}

void HandleSetCommunityRetention(RelayCore& core, ConnId id, const Caller& caller,
                                 const Request& req) {
  const v1::SetCommunityRetention& c = req.set_community_retention();
  Result<Standing> standing = CommunityStanding(core, caller, c.community_id());
  if (!standing.ok()) return core.FailStatus(id, req.request_id(), standing.status());
  if (!MaySetCommunityRetention(*standing))
    return core.Fail(id, req.request_id(), v1::PERMISSION_DENIED);
  std::optional<storage::DataClass> data_class = DataClassFromWire(c.data_class());
  if (!data_class) return core.Fail(id, req.request_id(), v1::BAD_REQUEST);
  auto done = OkThenSweep(core, id, req.request_id());
  if (c.reset())
    return core.store.ClearCommunityRetention(c.community_id(), *data_class, caller.user_id,
                                              std::move(done));
  core.store.SetCommunityRetention(c.community_id(), *data_class, PeriodFromWire(c.period_ms()),
                                   caller.user_id, std::move(done));
}

void HandleVerifyAudit(RelayCore& core, ConnId id, const Caller& caller, const Request& req) {
  uint64_t rid = req.request_id();
  if (!MayAdministerRetention(Standing{caller.is_admin}))
    return core.Fail(id, rid, v1::PERMISSION_DENIED);
  ReadInBackground<v1::AuditVerification>(
      core, id, rid, [store = &core.store] { return VerifyChain(*store); },
      [&core, id, rid](Result<v1::AuditVerification> r) {
        if (!r.ok()) return core.FailStatus(id, rid, r.status());
        v1::ServerMessage reply;
        *reply.mutable_audit_verification() = std::move(*r);
        core.Reply(id, rid, std::move(reply));
      });
}

void HandleRecordsOfProcessing(RelayCore& core, ConnId id, const Caller& caller,
                               const Request& req) {
  if (!MayAdministerRetention(Standing{caller.is_admin}))
    return core.Fail(id, req.request_id(), v1::PERMISSION_DENIED);
  auto retention = RetentionOf(core, Id(), RecordedClasses());
  if (!retention.ok()) return core.FailStatus(id, req.request_id(), retention.status());
  v1::ServerMessage reply;
  *reply.mutable_records_of_processing() =
      BuildRecordsOfProcessing(*retention, core.clock.NowMillis(), core.store.server_id());
  core.Reply(id, req.request_id(), std::move(reply));
}

}  // namespace weerbaar::server
