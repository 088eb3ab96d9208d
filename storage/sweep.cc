#include "storage/sweep.h"

#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "common/bytes.h"
#include "storage/audit.h"
#include "storage/erasure.h"
#include "storage/expiry_index.h"
#include "storage/keys.h"
#include "storage/log.h"
#include "storage/retention_rules.h"

namespace weerbaar::storage {
namespace {

// A record the sweep decided to delete, with the header it must still carry.
struct Doomed {
  RecordRef record;
  SealHeader header;
};

Status DeleteAll(Txn& txn, const std::vector<Doomed>& doomed, SweepStep& step) {
  for (const Doomed& d : doomed) {
    WB_ASSIGN_OR_RETURN(Deleted deleted, DeleteGroup(txn, d.record, d.header));
    step.report.records_deleted += deleted.primary + deleted.companions;
    for (const RecordRef& r : deleted.records) AddToRange(step.ranges, r.cf, r.key);
  }
  return Status::Ok();
}

// Rule 1: index entries whose stored expiry has passed, oldest first.
Status SweepIndex(Txn& txn, size_t& budget, SweepStep& step) {
  std::vector<Doomed> doomed;
  std::vector<std::string> entries;
  {
    std::unique_ptr<rocksdb::Iterator> it = txn.NewIterator(Cf::kExpiry);
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      std::optional<IndexEntry> entry =
          ParseIndexEntry(it->key().ToStringView(), it->value().ToStringView());
      if (entry && !Expired(txn.now_ms(), entry->expiry_ms)) break;
      if (entries.size() == budget) {
        step.more = true;
        break;
      }
      // A malformed entry (derived data) is dropped rather than stopping every sweep.
      if (entry) {
        doomed.push_back({entry->record, HeaderOf(*entry)});
      } else {
        Logger()->error("dropping a malformed expiry index entry");
      }
      entries.emplace_back(it->key().ToStringView());
    }
    WB_RETURN_IF_ERROR(FromRocks(it->status(), "scan expiry index"));
  }
  WB_RETURN_IF_ERROR(DeleteAll(txn, doomed, step));
  for (const std::string& key : entries) {
    WB_RETURN_IF_ERROR(txn.Delete(Cf::kExpiry, key));
    AddToRange(step.ranges, Cf::kExpiry, key);
  }
  step.report.index_entries += entries.size();
  budget -= entries.size();
  return Status::Ok();
}

// Rule 2 for one column family keyed owner|seq.
class SeqSweep {
 public:
  SeqSweep(Txn& txn, Cf cf, std::span<const DataClass> classes)
      : txn_(txn), cf_(cf), classes_(classes) {}

  // Collects up to `budget` records past their deadline; false if it stopped at the limit.
  Result<bool> Collect(size_t budget) {
    std::unique_ptr<rocksdb::Iterator> it = txn_.NewIterator(cf_);
    it->SeekToFirst();
    while (it->Valid()) {
      keys::Reader reader(it->key().ToStringView());
      std::string_view owner;
      if (!reader.Id(&owner)) return DataLoss("malformed record key");
      const std::string last = keys::IdsSeq({owner}, std::numeric_limits<uint64_t>::max());
      if (!CollectOwner(*it, keys::Ids({owner}), budget)) return false;
      it->Seek(last);
      if (it->Valid() && it->key().ToStringView() == last) it->Next();
    }
    WB_RETURN_IF_ERROR(FromRocks(it->status(), "scan records"));
    return true;
  }

  const std::vector<Doomed>& doomed() const { return doomed_; }

 private:
  // From the first record of the owner until one that is live under the rules of every
  // class its records may have. False once the budget is spent.
  bool CollectOwner(rocksdb::Iterator& it, const std::string& prefix, size_t budget) {
    for (; it.Valid() && it.key().ToStringView().starts_with(prefix); it.Next()) {
      std::optional<SealHeader> header = ParseSealHeader(it.value().ToStringView());
      if (!header) continue;  // not ours to judge; reads report it
      const Liveness state = txn_.engine().sealer.Judge(*header, txn_.now_ms());
      if (state != Liveness::kLive) {
        if (doomed_.size() == budget) return false;
        doomed_.push_back({{cf_, std::string(it.key().ToStringView())}, *header});
        continue;
      }
      if (LiveUnderEveryClass(*header)) return true;
    }
    return true;
  }

  // Live under the shortest period and after the latest horizon of any class the owner's
  // records may have: so is every later record (stored expiry aside: rule 1).
  bool LiveUnderEveryClass(const SealHeader& header) const {
    std::optional<KeyScope> scope = txn_.engine().keyring.Scope(header.key_id);
    const std::string community = scope ? scope->community : std::string();
    return header.created_ms >=
           txn_.engine().retention.LiveFrom(community, classes_, txn_.now_ms());
  }

  Txn& txn_;
  const Cf cf_;
  const std::span<const DataClass> classes_;
  std::vector<Doomed> doomed_;
};

Status SweepSeqs(Txn& txn, Cf cf, std::span<const DataClass> classes, size_t& budget,
                 SweepStep& step) {
  if (step.more) return Status::Ok();
  SeqSweep sweep(txn, cf, classes);
  WB_ASSIGN_OR_RETURN(bool finished, sweep.Collect(budget));
  step.more = !finished;
  WB_RETURN_IF_ERROR(DeleteAll(txn, sweep.doomed(), step));
  budget -= sweep.doomed().size();
  return Status::Ok();
}

// The bucket of the oldest audit entry still held: its key, and later ones, must stay
// even if pruning stopped early at a damaged entry.
std::optional<uint32_t> OldestAuditBucket(Txn& txn) {
  std::unique_ptr<rocksdb::Iterator> it = txn.NewIterator(Cf::kAudit);
  it->SeekToFirst();
  if (!it->Valid()) return std::nullopt;
  std::optional<SealHeader> header = ParseSealHeader(it->value().ToStringView());
  if (!header) return 0;  // cannot tell: keep every audit key
  std::optional<KeyScope> scope = txn.engine().keyring.Scope(header->key_id);
  return scope ? std::optional<uint32_t>(scope->bucket) : std::nullopt;
}

// Keys of time-limited classes whose bucket ended a whole period ago, or no later than
// their scope's horizon: every record under them has expired (a record's deadline is at
// most created + period, and created falls inside the bucket).
std::vector<uint64_t> ExpiredKeys(Txn& txn) {
  const Retention& retention = txn.engine().retention;
  const int64_t now = txn.now_ms();
  const std::optional<uint32_t> oldest_audit = OldestAuditBucket(txn);
  return txn.engine().keyring.Select([&](const KeyScope& scope) {
    if (KeptForever(scope.data_class)) return false;
    if (scope.data_class == DataClass::kAuditEntry && oldest_audit &&
        scope.bucket >= *oldest_audit) {
      return false;
    }
    const RetentionRule rule = retention.Rule(scope.community, scope.data_class);
    return Expired(now, KeyDeadline(scope.bucket, rule.period_ms)) ||
           BucketEndMs(scope.bucket) <= rule.horizon_ms;
  });
}

void ScheduleKeyDestruction(Txn& txn, SweepStep& step) {
  std::vector<uint64_t> expired = ExpiredKeys(txn);
  step.report.data_keys_destroyed = expired.size();
  Engine& engine = txn.engine();
  txn.AfterCommit([&engine, expired = std::move(expired)] {
    Status s = engine.keyring.Destroy(expired);
    if (s.ok()) s = CompletePendingErasures(engine);
    // Nothing is lost by waiting: the next sweep selects the same keys again.
    if (!s.ok()) Logger()->error("sweep could not destroy data keys: {}", s.ToString());
  });
}

}  // namespace

void AddToRange(SweepRanges& ranges, Cf cf, const std::string& key) {
  auto [it, inserted] = ranges.try_emplace(cf, key, key);
  if (inserted) return;
  if (key < it->second.first) it->second.first = key;
  if (key > it->second.second) it->second.second = key;
}

Result<SweepStep> ApplySweep(Txn& txn, size_t limit) {
  SweepStep step;
  size_t budget = std::max<size_t>(limit, 1);
  WB_RETURN_IF_ERROR(SweepIndex(txn, budget, step));
  WB_RETURN_IF_ERROR(SweepSeqs(txn, Cf::kMessages, kGroupMessageClasses, budget, step));
  WB_RETURN_IF_ERROR(SweepSeqs(txn, Cf::kInbox, kInboxClasses, budget, step));
  const RetentionRule audit_rule = txn.engine().retention.Rule({}, DataClass::kAuditEntry);
  WB_ASSIGN_OR_RETURN(step.report.audit_pruned, PruneAudit(txn, audit_rule));
  if (step.report.audit_pruned > 0) {
    AddToRange(step.ranges, Cf::kAudit, std::string(8, '\0'));
    AddToRange(step.ranges, Cf::kAudit, std::string(8, '\xff'));
  }
  if (!step.more) ScheduleKeyDestruction(txn, step);
  step.report.batches = 1;
  return step;
}

}  // namespace weerbaar::storage
