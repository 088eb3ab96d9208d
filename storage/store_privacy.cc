// The Store's retention, erasure, audit and maintenance methods.
#include "storage/audit.h"
#include "storage/keys.h"
#include "storage/ops.h"
#include "storage/retention_rules.h"
#include "storage/store_impl.h"
#include "storage/sweep.h"

namespace weerbaar::storage {
namespace {

void Accumulate(SweepReport& total, const SweepReport& step) {
  total.records_deleted += step.records_deleted;
  total.index_entries += step.index_entries;
  total.audit_pruned += step.audit_pruned;
  total.data_keys_destroyed += step.data_keys_destroyed;
  total.batches += step.batches;
}

// On this thread, not the committer's: compaction takes time and holds no write up.
Status CompactAfterSweep(Store::Impl& impl, const SweepRanges& ranges) {
  Db& db = impl.db();
  if (impl.TakeErasure()) {
    // An erasure deletes across every column family: flush (retiring the WAL files that
    // hold the erased values) and rewrite every file.
    WB_RETURN_IF_ERROR(db.Flush());
    return db.CompactAll();
  }
  for (const auto& [cf, range] : ranges)
    WB_RETURN_IF_ERROR(db.Compact(cf, range.first, range.second));
  // Deleted values may still sit in WAL files until every memtable is flushed.
  if (!ranges.empty() && impl.WalFlushDue()) WB_RETURN_IF_ERROR(db.Flush());
  return Status::Ok();
}

}  // namespace

void Store::SetRetentionPolicy(DataClass data_class, int64_t default_ms, int64_t min_ms,
                               int64_t max_ms, Id actor, Callback<Done> done) {
  const RetentionPolicy policy{default_ms, min_ms, max_ms};
  impl_->Submit<Done>(
      [data_class, policy, actor = std::move(actor)](Txn& txn) {
        return ApplySetRetentionPolicy(txn, data_class, policy, actor);
      },
      std::move(done));
}

void Store::SetCommunityRetention(Id community_id, DataClass data_class, int64_t period_ms,
                                  Id actor, Callback<Done> done) {
  impl_->Submit<Done>(
      [community_id = std::move(community_id), data_class, period_ms,
       actor = std::move(actor)](Txn& txn) {
        return ApplySetCommunityRetention(txn, community_id, data_class, period_ms, actor);
      },
      std::move(done));
}

void Store::ClearCommunityRetention(Id community_id, DataClass data_class, Id actor,
                                    Callback<Done> done) {
  impl_->Submit<Done>(
      [community_id = std::move(community_id), data_class, actor = std::move(actor)](Txn& txn) {
        return ApplySetCommunityRetention(txn, community_id, data_class, std::nullopt, actor);
      },
      std::move(done));
}

Result<EffectiveRetention> Store::GetRetention(const Id& community_id, DataClass data_class) {
  if (RulesOf(data_class) == nullptr) return InvalidArgument("unknown data class");
  WB_RETURN_IF_ERROR(RequireOptionalIds({community_id}));
  return impl_->retention().Effective(community_id, data_class);
}

void Store::EraseUser(Id user_id, Id actor, Callback<ErasureReceipt> done) {
  impl_->Submit<ErasureReceipt>([user_id = std::move(user_id), actor = std::move(actor)](
                                    Txn& txn) { return ApplyEraseUser(txn, user_id, actor); },
                                std::move(done));
}

void Store::AppendAudit(AuditEvent event, Callback<uint64_t> done) {
  impl_->Submit<uint64_t>(
      [event = std::move(event)](Txn& txn) { return ApplyAppendAudit(txn, event); },
      std::move(done));
}

Result<std::vector<AuditEntry>> Store::ReadAudit(uint64_t from_index, size_t limit) {
  return ReadAuditEntries(impl_->view(), from_index, limit);
}

Result<AuditCheck> Store::VerifyAudit() { return VerifyAuditChain(impl_->view()); }

std::string Store::Pseudonym(const Id& id) const {
  return storage::Pseudonym(impl_->engine().pseudonym_key, id);
}

Status Store::Sweep() { return SweepWithReport().status(); }

Result<SweepReport> Store::SweepWithReport() {
  SweepReport total;
  SweepRanges ranges;
  const size_t limit = impl_->options().sweep_batch_limit;
  for (bool more = true; more;) {
    WB_ASSIGN_OR_RETURN(SweepStep step, Await<SweepStep>([&](Callback<SweepStep> done) {
                          impl_->Submit<SweepStep>(
                              [limit](Txn& txn) { return ApplySweep(txn, limit); }, done);
                        }));
    Accumulate(total, step.report);
    for (const auto& [cf, range] : step.ranges) {
      AddToRange(ranges, cf, range.first);
      AddToRange(ranges, cf, range.second);
    }
    more = step.more;
  }
  WB_RETURN_IF_ERROR(CompactAfterSweep(*impl_, ranges));
  return total;
}

Status Store::CompactAll() {
  WB_RETURN_IF_ERROR(impl_->db().CompactAll());
  return impl_->keyring().Compact();
}

}  // namespace weerbaar::storage
