// Changing and withdrawing a share. A withdrawal deletes the share with its indexes and
// then destroys its data key (crypto-shredding), like an erasure of one subject.
#include <optional>

#include "storage/audit.h"
#include "storage/erasure.h"
#include "storage/expiry_index.h"
#include "storage/keys.h"
#include "storage/ops.h"
#include "storage/ops_partner.h"
#include "storage/records.h"

namespace weerbaar::storage {
namespace {

// The key of the live share with this id in the shares column family; nullopt if gone.
Result<std::optional<std::string>> ShareKeyOf(Txn& txn, const Id& share_id) {
  return txn.Get(Cf::kShareIds, keys::Ids({share_id}));
}

Result<ConsentLedgerRecord> LoadConsent(Txn& txn, const std::string& key) {
  WB_ASSIGN_OR_RETURN(std::optional<ConsentLedgerRecord> ledger,
                      GetRecord<ConsentLedgerRecord>(txn, Cf::kConsents, key));
  if (!ledger) return NotFound("no such consent");
  return std::move(*ledger);
}

// Deletes the share the report was shared as, if it is still there; returns its id.
Result<bool> DeleteShare(Txn& txn, const ConsentLedgerRecord& ledger) {
  WB_ASSIGN_OR_RETURN(std::optional<std::string> key, ShareKeyOf(txn, ledger.share_id));
  if (!key) return false;
  WB_ASSIGN_OR_RETURN(Deleted deleted, DeleteIndexed(txn, Cf::kShares, *key));
  return deleted.primary == 1;
}

}  // namespace

Result<uint64_t> EraseSharesOf(Txn& txn, const Id& user_id) {
  WB_ASSIGN_OR_RETURN(std::vector<std::string> rows,
                      txn.Keys(Cf::kUserShares, keys::Ids({user_id})));
  for (const std::string& row : rows) {
    keys::Reader reader(row);
    std::string_view user, share_id;
    if (!reader.Id(&user) || !reader.Id(&share_id)) return DataLoss("malformed share key");
    WB_ASSIGN_OR_RETURN(std::optional<std::string> key, txn.Get(Cf::kUserShares, row));
    if (key) WB_RETURN_IF_ERROR(DeleteIndexed(txn, Cf::kShares, *key).status());
    WB_RETURN_IF_ERROR(txn.Delete(Cf::kUserShares, row));
    WB_RETURN_IF_ERROR(DestroyKeysAfterCommit(txn, ShareSubject(Id(share_id))));
  }
  return rows.size();
}

Result<ShareRecord> ApplyUpdateShare(Txn& txn, const Id& share_id,
                                     const Store::ShareMutation& mutate) {
  WB_RETURN_IF_ERROR(RequireIds({share_id}));
  WB_ASSIGN_OR_RETURN(std::optional<std::string> key, ShareKeyOf(txn, share_id));
  if (!key) return NotFound("no such share");
  WB_ASSIGN_OR_RETURN(std::optional<ShareRecord> share,
                      GetRecord<ShareRecord>(txn, Cf::kShares, *key));
  if (!share) return NotFound("no such share");
  WB_RETURN_IF_ERROR(mutate(*share));
  WB_ASSIGN_OR_RETURN(
      Placement placement,
      PlacementOf(txn, Cf::kShares, *key, DataClass::kPartnerShare, ShareSubject(share_id)));
  WB_RETURN_IF_ERROR(PutShare(txn, *share, placement));
  return std::move(*share);
}

Result<WithdrawOutcome> ApplyWithdrawShare(Txn& txn, const ConsentLedgerRecord& withdrawal,
                                           const Id& actor) {
  WB_RETURN_IF_ERROR(RequireIds({withdrawal.report_id, withdrawal.channel_id, actor}));
  const std::string key = keys::Ids({withdrawal.report_id, withdrawal.channel_id});
  WB_ASSIGN_OR_RETURN(ConsentLedgerRecord ledger, LoadConsent(txn, key));
  if (ledger.withdrawn_ms != 0) return AlreadyExists("consent withdrawn before");
  ledger.withdrawal = withdrawal.withdrawal;
  ledger.withdrawal_signature = withdrawal.withdrawal_signature;
  ledger.withdrawn_ms = txn.now_ms();
  WB_ASSIGN_OR_RETURN(Placement placement, PlacementOf(txn, Cf::kConsents, key,
                                                       DataClass::kConsentRecord, ledger.user_id));
  WB_RETURN_IF_ERROR(PutIndexed(txn, placement, {Cf::kConsents, key, Encode(ledger)}));
  WithdrawOutcome out{ledger.share_id, ledger.channel_id};
  WB_ASSIGN_OR_RETURN(out.share_deleted, DeleteShare(txn, ledger));
  WB_RETURN_IF_ERROR(DestroyKeysAfterCommit(txn, ShareSubject(ledger.share_id)));
  WB_ASSIGN_OR_RETURN(out.audit_index, ApplyAppendAudit(txn, {AuditAction::kWithdrawal, actor,
                                                              ledger.channel_id, "withdrawal"}));
  return out;
}

}  // namespace weerbaar::storage
