// EraseUser (Art. 17): every record of one user in one batch; their data keys after.
#include <optional>
#include <string>

#include "common/bytes.h"
#include "storage/audit.h"
#include "storage/erasure.h"
#include "storage/expiry_index.h"
#include "storage/keys.h"
#include "storage/ops.h"
#include "storage/ops_partner.h"
#include "storage/records.h"

namespace weerbaar::storage {
namespace {

// The id at `position` (0-based) of a key made of ids.
Result<Id> IdAt(std::string_view key, int position) {
  keys::Reader reader(key);
  std::string_view id;
  for (int i = 0; i <= position; ++i) {
    if (!reader.Id(&id)) return DataLoss("malformed record key");
  }
  return Id(id);
}

// The seq in a deduplication record and its header, whatever its deadline; nullopt if
// its key is gone (shredded: the record it names went with the same key or earlier).
struct DedupRecord {
  uint64_t seq = 0;
  SealHeader header;
};
Result<std::optional<DedupRecord>> ReadDedup(Txn& txn, Cf cf, std::string_view key) {
  WB_ASSIGN_OR_RETURN(std::optional<std::string> stored, txn.GetRaw(cf, key));
  if (!stored) return std::optional<DedupRecord>();
  WB_ASSIGN_OR_RETURN(Opened opened, txn.engine().sealer.OpenAny(cf, key, *stored));
  DedupRecord out{0, opened.header};
  if (opened.state != Liveness::kLive) return std::optional<DedupRecord>();
  if (!Decode(opened.plaintext, &out.seq)) return DataLoss("stored seq does not decode");
  return std::optional<DedupRecord>(out);
}

// What the device sent: dedup record `cf` keyed device|owner|... names the record
// owner|seq in `target`. Deletes both; returns how many targets were still held.
Result<uint64_t> EraseSent(Txn& txn, const Id& device, Cf dedup_cf, Cf target,
                           ErasureReceipt& receipt) {
  uint64_t held = 0;
  WB_ASSIGN_OR_RETURN(std::vector<std::string> ids, txn.Keys(dedup_cf, keys::Ids({device})));
  for (const std::string& key : ids) {
    WB_ASSIGN_OR_RETURN(Id owner, IdAt(key, 1));
    WB_ASSIGN_OR_RETURN(std::optional<DedupRecord> dedup, ReadDedup(txn, dedup_cf, key));
    if (dedup) {
      RecordRef record{target, keys::IdsSeq({owner}, dedup->seq)};
      WB_ASSIGN_OR_RETURN(Deleted deleted, DeleteGroup(txn, record, dedup->header));
      held += deleted.primary;
    }
    WB_RETURN_IF_ERROR(txn.Delete(dedup_cf, key));
    ++receipt.dedup_ids;
  }
  return held;
}

Status EraseDevice(Txn& txn, const Id& user_id, const Id& device, ErasureReceipt& receipt) {
  WB_ASSIGN_OR_RETURN(std::vector<std::string> inbox, txn.Keys(Cf::kInbox, keys::Ids({device})));
  for (const std::string& key : inbox) {
    WB_ASSIGN_OR_RETURN(Deleted deleted, DeleteIndexed(txn, Cf::kInbox, key));
    receipt.inbox_entries += deleted.primary;
    receipt.dedup_ids += deleted.companions;
  }
  WB_RETURN_IF_ERROR(txn.Delete(Cf::kInboxMeta, keys::Ids({device})));
  WB_ASSIGN_OR_RETURN(std::vector<std::string> cursors,
                      txn.Keys(Cf::kCursors, keys::Ids({device})));
  for (const std::string& key : cursors) WB_RETURN_IF_ERROR(txn.Delete(Cf::kCursors, key));
  receipt.cursors += cursors.size();
  WB_ASSIGN_OR_RETURN(uint64_t messages,
                      EraseSent(txn, device, Cf::kMsgIds, Cf::kMessages, receipt));
  receipt.messages += messages;
  WB_ASSIGN_OR_RETURN(uint64_t sent, EraseSent(txn, device, Cf::kInboxIds, Cf::kInbox, receipt));
  receipt.sent_inbox_entries += sent;
  WB_RETURN_IF_ERROR(txn.Delete(Cf::kDevices, keys::Ids({device})));
  WB_RETURN_IF_ERROR(txn.Delete(Cf::kDevicesByUser, keys::Ids({user_id, device})));
  ++receipt.devices;
  return Status::Ok();
}

// Leaves every group (raising its epoch) and community.
Status EraseMemberships(Txn& txn, const Id& user_id, ErasureReceipt& receipt) {
  WB_ASSIGN_OR_RETURN(std::vector<std::string> groups,
                      txn.Keys(Cf::kUserGroups, keys::Ids({user_id})));
  for (const std::string& key : groups) {
    WB_ASSIGN_OR_RETURN(Id group_id, IdAt(key, 1));
    WB_RETURN_IF_ERROR(txn.Delete(Cf::kUserGroups, key));
    WB_RETURN_IF_ERROR(txn.Delete(Cf::kGroupMembers, keys::Ids({group_id, user_id})));
    WB_ASSIGN_OR_RETURN(GroupRecord group, LoadGroup(txn, group_id));
    WB_RETURN_IF_ERROR(RaiseEpoch(txn, group));
    receipt.changed_groups.push_back({group.group_id, group.epoch});
  }
  WB_ASSIGN_OR_RETURN(std::vector<std::string> communities,
                      txn.Keys(Cf::kUserCommunities, keys::Ids({user_id})));
  for (const std::string& key : communities) {
    WB_ASSIGN_OR_RETURN(Id community_id, IdAt(key, 1));
    WB_RETURN_IF_ERROR(txn.Delete(Cf::kUserCommunities, key));
    WB_RETURN_IF_ERROR(txn.Delete(Cf::kCommunityMembers, keys::Ids({community_id, user_id})));
  }
  receipt.memberships += groups.size() + communities.size();
  return Status::Ok();
}

// Invites are few and short-lived: a scan finds the ones the user issued or would get.
Status EraseInvites(Txn& txn, const Id& user_id, ErasureReceipt& receipt) {
  WB_ASSIGN_OR_RETURN(std::vector<std::string> invites, txn.Keys(Cf::kInvites, {}));
  for (const std::string& key : invites) {
    WB_ASSIGN_OR_RETURN(std::optional<InviteRecord> invite,
                        GetRecord<InviteRecord>(txn, Cf::kInvites, key));
    if (!invite) continue;  // expired or shredded: the sweeper and the filter take it
    const bool linked = invite->kind == InviteKind::kDeviceLink && invite->user_id == user_id;
    if (invite->created_by != user_id && !linked) continue;
    WB_ASSIGN_OR_RETURN(Deleted deleted, DeleteIndexed(txn, Cf::kInvites, key));
    receipt.invites += deleted.primary;
  }
  return Status::Ok();
}

std::string ReceiptDetail(const ErasureReceipt& r) {
  return "erasure devices=" + std::to_string(r.devices) +
         " memberships=" + std::to_string(r.memberships) +
         " messages=" + std::to_string(r.messages) + " inbox=" + std::to_string(r.inbox_entries) +
         " sent_inbox=" + std::to_string(r.sent_inbox_entries) +
         " invites=" + std::to_string(r.invites) + " keys=" + std::to_string(r.data_keys_destroyed);
}

}  // namespace

Result<ErasureReceipt> ApplyEraseUser(Txn& txn, const Id& user_id, const Id& actor) {
  WB_RETURN_IF_ERROR(RequireIds({user_id}));
  WB_RETURN_IF_ERROR(RequireOptionalIds({actor}));
  WB_ASSIGN_OR_RETURN(std::optional<std::string> user, txn.Get(Cf::kUsers, keys::Ids({user_id})));
  if (!user) return NotFound("no such user");
  ErasureReceipt receipt;
  receipt.user_id = user_id;
  receipt.erased_ms = txn.now_ms();
  WB_ASSIGN_OR_RETURN(std::vector<std::string> devices,
                      txn.Keys(Cf::kDevicesByUser, keys::Ids({user_id})));
  for (const std::string& key : devices) {
    WB_ASSIGN_OR_RETURN(Id device, IdAt(key, 1));
    WB_RETURN_IF_ERROR(EraseDevice(txn, user_id, device, receipt));
  }
  WB_RETURN_IF_ERROR(EraseMemberships(txn, user_id, receipt));
  WB_RETURN_IF_ERROR(EraseInvites(txn, user_id, receipt));
  WB_ASSIGN_OR_RETURN(receipt.shares, EraseSharesOf(txn, user_id));
  WB_RETURN_IF_ERROR(txn.Delete(Cf::kUsers, keys::Ids({user_id})));
  receipt.data_keys_destroyed = KeysOfSubject(txn.engine().keyring, user_id).size();
  WB_RETURN_IF_ERROR(DestroyKeysAfterCommit(txn, user_id));
  WB_ASSIGN_OR_RETURN(
      receipt.audit_index,
      ApplyAppendAudit(txn, {AuditAction::kErasure, actor, user_id, ReceiptDetail(receipt)}));
  return receipt;
}

}  // namespace weerbaar::storage
