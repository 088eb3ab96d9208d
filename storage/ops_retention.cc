// Retention policies: the admin's per class, a community's own choice. Every change is
// audited in the same batch; the in-memory policies change once the batch is durable.
#include <optional>
#include <string>

#include "storage/audit.h"
#include "storage/keys.h"
#include "storage/ops.h"
#include "storage/retention.h"
#include "storage/retention_rules.h"

namespace weerbaar::storage {
namespace {

// The admin policy as this batch sees it (a change earlier in the batch included).
Result<RetentionPolicy> PolicyInBatch(Txn& txn, DataClass data_class) {
  WB_ASSIGN_OR_RETURN(std::optional<std::string> stored,
                      txn.Get(Cf::kRetention, PolicyKey(data_class, {})));
  if (!stored) return RulesOf(data_class)->builtin;
  std::optional<RetentionPolicy> policy = DecodePolicy(*stored);
  if (!policy) return DataLoss("malformed policy");
  return *policy;
}

// "90d", or milliseconds when not whole days.
std::string Days(int64_t ms) {
  return ms % kDayMs == 0 ? std::to_string(ms / kDayMs) + "d" : std::to_string(ms) + "ms";
}

std::string PolicyDetail(DataClass data_class, const RetentionPolicy& p) {
  return "policy " + std::string(RulesOf(data_class)->name) + " default=" + Days(p.default_ms) +
         " min=" + Days(p.min_ms) + " max=" + Days(p.max_ms);
}

std::string CommunityDetail(DataClass data_class, std::optional<int64_t> period_ms) {
  const std::string name(RulesOf(data_class)->name);
  if (!period_ms) return "community " + name + " cleared";
  return "community " + name + " period=" + Days(*period_ms);
}

}  // namespace

Result<Done> ApplySetRetentionPolicy(Txn& txn, DataClass data_class, const RetentionPolicy& policy,
                                     const Id& actor) {
  WB_RETURN_IF_ERROR(ValidatePolicy(data_class, policy));
  WB_RETURN_IF_ERROR(RequireOptionalIds({actor}));
  WB_RETURN_IF_ERROR(txn.Put(Cf::kRetention, PolicyKey(data_class, {}), EncodePolicy(policy)));
  WB_RETURN_IF_ERROR(ApplyAppendAudit(
      txn, {AuditAction::kPolicyChange, actor, {}, PolicyDetail(data_class, policy)}));
  Retention& retention = txn.engine().retention;
  txn.AfterCommit([&retention, data_class, policy] { retention.SetPolicy(data_class, policy); });
  return Done{};
}

Result<Done> ApplySetCommunityRetention(Txn& txn, const Id& community_id, DataClass data_class,
                                        std::optional<int64_t> period_ms, const Id& actor) {
  WB_RETURN_IF_ERROR(RequireIds({community_id}));
  WB_RETURN_IF_ERROR(RequireOptionalIds({actor}));
  if (RulesOf(data_class) == nullptr) return InvalidArgument("unknown data class");
  WB_ASSIGN_OR_RETURN(RetentionPolicy policy, PolicyInBatch(txn, data_class));
  const std::string key = PolicyKey(data_class, community_id);
  if (period_ms) {
    WB_RETURN_IF_ERROR(ValidateCommunityPeriod(data_class, policy, *period_ms));
    WB_ASSIGN_OR_RETURN(std::optional<std::string> community,
                        txn.Get(Cf::kCommunities, keys::Ids({community_id})));
    if (!community) return NotFound("no such community");
    WB_RETURN_IF_ERROR(txn.Put(Cf::kRetention, key, EncodePeriod(*period_ms)));
  } else {
    WB_ASSIGN_OR_RETURN(std::optional<std::string> chosen, txn.Get(Cf::kRetention, key));
    if (!chosen) return NotFound("the community has no period of its own");
    WB_RETURN_IF_ERROR(txn.Delete(Cf::kRetention, key));
  }
  WB_RETURN_IF_ERROR(ApplyAppendAudit(txn, {AuditAction::kPolicyChange, actor, community_id,
                                            CommunityDetail(data_class, period_ms)}));
  Retention& retention = txn.engine().retention;
  txn.AfterCommit([&retention, community_id, data_class, period_ms] {
    retention.SetCommunityPeriod(community_id, data_class, period_ms);
  });
  return Done{};
}

}  // namespace weerbaar::storage
