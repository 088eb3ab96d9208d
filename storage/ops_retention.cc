// Retention policies: the admin's per class, a community's own choice. Every change is
// audited in the same batch; the in-memory policies change once the batch is durable.
// A change that lengthens the period of a scope first raises the scope's horizon over
// what the old period hid, in the same batch, so nothing hidden is ever served again.
#include <optional>
#include <string>
#include <vector>

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

// The community's own period for the class as this batch sees it (none outside one).
Result<std::optional<int64_t>> ChoiceInBatch(Txn& txn, DataClass data_class,
                                             std::string_view community) {
  if (community.empty()) return std::optional<int64_t>();
  WB_ASSIGN_OR_RETURN(std::optional<std::string> stored,
                      txn.Get(Cf::kRetention, PolicyKey(data_class, community)));
  if (!stored) return std::optional<int64_t>();
  std::optional<int64_t> period = DecodePeriod(*stored);
  if (!period) return DataLoss("malformed community period");
  return period;
}

// When the scope's period lengthens from old_ms to new_ms: raises its horizon over what
// old_ms hid by now, in the batch, and adds it to `raised` for the in-memory policies.
Status RaiseHorizon(Txn& txn, DataClass data_class, std::string_view community, int64_t old_ms,
                    int64_t new_ms, std::vector<HorizonChange>& raised) {
  if (!Lengthens(old_ms, new_ms)) return Status::Ok();
  const std::string key = HorizonKey(data_class, community);
  WB_ASSIGN_OR_RETURN(std::optional<std::string> stored, txn.Get(Cf::kRetention, key));
  std::optional<int64_t> horizon = stored ? DecodePeriod(*stored) : kNoHorizon;
  if (!horizon) return DataLoss("malformed horizon");
  const int64_t next = RaisedHorizon(*horizon, txn.now_ms(), old_ms);
  if (next == *horizon) return Status::Ok();
  raised.push_back({data_class, std::string(community), next});
  return txn.Put(Cf::kRetention, key, EncodePeriod(next));
}

// The scopes an admin policy decides: records outside a community, and every community.
Result<std::vector<std::string>> PolicyScopes(Txn& txn) {
  WB_ASSIGN_OR_RETURN(std::vector<std::string> keys, txn.Keys(Cf::kCommunities, {}));
  std::vector<std::string> scopes(1);
  for (const std::string& key : keys) {
    keys::Reader reader(key);
    std::string_view community;
    if (!reader.Id(&community) || !reader.done()) return DataLoss("malformed community key");
    scopes.emplace_back(community);
  }
  return scopes;
}

// Raises the horizon of every scope whose period the new policy lengthens.
Result<std::vector<HorizonChange>> RaiseForPolicy(Txn& txn, DataClass data_class,
                                                  const RetentionPolicy& old_policy,
                                                  const RetentionPolicy& new_policy) {
  std::vector<HorizonChange> raised;
  WB_ASSIGN_OR_RETURN(std::vector<std::string> scopes, PolicyScopes(txn));
  for (const std::string& scope : scopes) {
    WB_ASSIGN_OR_RETURN(std::optional<int64_t> chosen, ChoiceInBatch(txn, data_class, scope));
    WB_RETURN_IF_ERROR(RaiseHorizon(txn, data_class, scope, EffectivePeriod(old_policy, chosen),
                                    EffectivePeriod(new_policy, chosen), raised));
  }
  return raised;
}

// Stores (period) or removes (nullopt) the community's choice; `chosen` is the one before.
Status StoreChoice(Txn& txn, const Id& community_id, DataClass data_class,
                   const RetentionPolicy& policy, std::optional<int64_t> chosen,
                   std::optional<int64_t> period_ms) {
  const std::string key = PolicyKey(data_class, community_id);
  if (!period_ms) {
    if (!chosen) return NotFound("the community has no period of its own");
    return txn.Delete(Cf::kRetention, key);
  }
  WB_RETURN_IF_ERROR(ValidateCommunityPeriod(data_class, policy, *period_ms));
  WB_ASSIGN_OR_RETURN(std::optional<std::string> community,
                      txn.Get(Cf::kCommunities, keys::Ids({community_id})));
  if (!community) return NotFound("no such community");
  return txn.Put(Cf::kRetention, key, EncodePeriod(*period_ms));
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
  WB_ASSIGN_OR_RETURN(RetentionPolicy old_policy, PolicyInBatch(txn, data_class));
  WB_ASSIGN_OR_RETURN(std::vector<HorizonChange> raised,
                      RaiseForPolicy(txn, data_class, old_policy, policy));
  WB_RETURN_IF_ERROR(txn.Put(Cf::kRetention, PolicyKey(data_class, {}), EncodePolicy(policy)));
  WB_RETURN_IF_ERROR(ApplyAppendAudit(
      txn, {AuditAction::kPolicyChange, actor, {}, PolicyDetail(data_class, policy)}));
  Retention& retention = txn.engine().retention;
  txn.AfterCommit([&retention, data_class, policy, raised = std::move(raised)] {
    retention.SetPolicy(data_class, policy, raised);
  });
  return Done{};
}

Result<Done> ApplySetCommunityRetention(Txn& txn, const Id& community_id, DataClass data_class,
                                        std::optional<int64_t> period_ms, const Id& actor) {
  WB_RETURN_IF_ERROR(RequireIds({community_id}));
  WB_RETURN_IF_ERROR(RequireOptionalIds({actor}));
  if (RulesOf(data_class) == nullptr) return InvalidArgument("unknown data class");
  WB_ASSIGN_OR_RETURN(RetentionPolicy policy, PolicyInBatch(txn, data_class));
  WB_ASSIGN_OR_RETURN(std::optional<int64_t> chosen, ChoiceInBatch(txn, data_class, community_id));
  WB_RETURN_IF_ERROR(StoreChoice(txn, community_id, data_class, policy, chosen, period_ms));
  std::vector<HorizonChange> raised;
  WB_RETURN_IF_ERROR(RaiseHorizon(txn, data_class, community_id, EffectivePeriod(policy, chosen),
                                  EffectivePeriod(policy, period_ms), raised));
  WB_RETURN_IF_ERROR(ApplyAppendAudit(txn, {AuditAction::kPolicyChange, actor, community_id,
                                            CommunityDetail(data_class, period_ms)}));
  Retention& retention = txn.engine().retention;
  txn.AfterCommit([&retention, community_id, data_class, period_ms, raised = std::move(raised)] {
    retention.SetCommunityPeriod(community_id, data_class, period_ms, raised);
  });
  return Done{};
}

}  // namespace weerbaar::storage
