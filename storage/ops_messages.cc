// Group messages, device inboxes and cursors.
#include <optional>

#include "storage/expiry_index.h"
#include "storage/keys.h"
#include "storage/ops.h"
#include "storage/records.h"
#include "storage/retention_rules.h"

namespace weerbaar::storage {
namespace {

Status RequireMember(Txn& txn, const Id& group_id, const Id& user_id) {
  WB_ASSIGN_OR_RETURN(std::optional<std::string> member,
                      txn.Get(Cf::kGroupMembers, keys::Ids({group_id, user_id})));
  if (!member) return PermissionDenied("sender is not a member of the group");
  return Status::Ok();
}

AppendResult Duplicate(const NewGroupMessage& msg, uint64_t seq) {
  AppendResult result;
  result.seq = seq;
  result.duplicate = true;
  result.message = {
      msg.group_id, seq, msg.sender_device, msg.sender_user, msg.epoch, msg.client_msg_id, "", 0};
  result.message.data_class = msg.data_class;
  return result;
}

Result<Id> RequireOwner(Txn& txn, const Id& device_id) {
  WB_ASSIGN_OR_RETURN(std::optional<Id> owner, OwnerOf(txn, device_id));
  if (!owner) return NotFound("no such device");
  return std::move(*owner);
}

// Appends one entry to one inbox (or finds the entry it duplicates).
Result<InboxEntry> AppendOne(Txn& txn, const NewInboxMessage& msg) {
  WB_RETURN_IF_ERROR(
      RequireIds({msg.to_device, msg.from_device, msg.from_user, msg.client_msg_id}));
  if (!OneOf(msg.data_class, kInboxClasses)) return InvalidArgument("not an inbox data class");
  WB_ASSIGN_OR_RETURN(Id owner, RequireOwner(txn, msg.to_device));
  InboxEntry entry{msg.to_device, 0, msg.from_device, msg.from_user, msg.client_msg_id, "", 0};
  entry.data_class = msg.data_class;
  // Sender first, so that erasing a sender finds what they sent still waiting.
  const std::string id_key = keys::Ids({msg.from_device, msg.to_device, msg.client_msg_id});
  WB_ASSIGN_OR_RETURN(std::optional<uint64_t> original,
                      GetRecord<uint64_t>(txn, Cf::kInboxIds, id_key));
  if (original) {
    entry.seq = *original;
    entry.duplicate = true;
    return entry;
  }
  const std::string meta_key = keys::Ids({msg.to_device});
  WB_ASSIGN_OR_RETURN(std::optional<uint64_t> last,
                      GetRecord<uint64_t>(txn, Cf::kInboxMeta, meta_key));
  entry.seq = last.value_or(0) + 1;
  entry.payload = msg.payload;
  entry.server_time_ms = txn.now_ms();
  // Pairwise entries belong to no community; under the recipient's key.
  WB_RETURN_IF_ERROR(
      PutIndexed(txn, Limited(txn, msg.data_class, {}, owner),
                 {Cf::kInbox, keys::IdsSeq({msg.to_device}, entry.seq), Encode(entry)},
                 {{Cf::kInboxIds, id_key, EncodeSeq(entry.seq)}}));
  WB_RETURN_IF_ERROR(
      txn.Put(Cf::kInboxMeta, meta_key, EncodeSeq(entry.seq), Kept(DataClass::kDelivery, owner)));
  return entry;
}

}  // namespace

Result<AppendResult> ApplyAppendGroupMessage(Txn& txn, const NewGroupMessage& msg) {
  WB_RETURN_IF_ERROR(
      RequireIds({msg.group_id, msg.sender_device, msg.sender_user, msg.client_msg_id}));
  if (!OneOf(msg.data_class, kGroupMessageClasses)) {
    return InvalidArgument("not a group message data class");
  }
  WB_ASSIGN_OR_RETURN(GroupRecord group, LoadGroup(txn, msg.group_id));
  WB_RETURN_IF_ERROR(RequireMember(txn, msg.group_id, msg.sender_user));
  // Deduplicate before the epoch check: a retry of a message stored before an epoch
  // change still gets its original sequence number.
  // Sender device first, so that erasure and export find a user's messages.
  const std::string id_key = keys::Ids({msg.sender_device, msg.group_id, msg.client_msg_id});
  WB_ASSIGN_OR_RETURN(std::optional<uint64_t> original,
                      GetRecord<uint64_t>(txn, Cf::kMsgIds, id_key));
  if (original) return Duplicate(msg, *original);
  if (msg.epoch != group.epoch) return FailedPrecondition("stale group epoch");
  AppendResult result;
  result.seq = group.last_seq + 1;
  result.message = {msg.group_id, result.seq,        msg.sender_device, msg.sender_user,
                    msg.epoch,    msg.client_msg_id, msg.ciphertext,    txn.now_ms()};
  result.message.data_class = msg.data_class;
  // Retention by the group's community; under the sender's key (erasure).
  WB_RETURN_IF_ERROR(
      PutIndexed(txn, Limited(txn, msg.data_class, group.community_id, msg.sender_user),
                 {Cf::kMessages, keys::IdsSeq({msg.group_id}, result.seq), Encode(result.message)},
                 {{Cf::kMsgIds, id_key, EncodeSeq(result.seq)}}));
  group.last_seq = result.seq;
  WB_RETURN_IF_ERROR(PutGroup(txn, group));
  return result;
}

Result<std::vector<InboxEntry>> ApplyAppendInbox(Txn& txn,
                                                 const std::vector<NewInboxMessage>& msgs) {
  std::vector<InboxEntry> entries;
  entries.reserve(msgs.size());
  for (const NewInboxMessage& msg : msgs) {
    WB_ASSIGN_OR_RETURN(InboxEntry entry, AppendOne(txn, msg));
    entries.push_back(std::move(entry));
  }
  return entries;
}

Result<Done> ApplyAckInbox(Txn& txn, const Id& device_id, uint64_t up_to_seq) {
  WB_RETURN_IF_ERROR(RequireIds({device_id}));
  WB_ASSIGN_OR_RETURN(
      std::vector<std::string> acked,
      txn.Keys(Cf::kInbox, keys::Ids({device_id}), keys::IdsSeq({device_id}, up_to_seq)));
  for (const std::string& key : acked) WB_RETURN_IF_ERROR(txn.Delete(Cf::kInbox, key));
  return Done{};
}

Result<Done> ApplySetCursor(Txn& txn, const Id& device_id, const Id& group_id, uint64_t seq) {
  WB_RETURN_IF_ERROR(RequireIds({device_id, group_id}));
  const std::string key = keys::Ids({device_id, group_id});
  WB_ASSIGN_OR_RETURN(std::optional<uint64_t> current, GetRecord<uint64_t>(txn, Cf::kCursors, key));
  if (current && *current >= seq) return Done{};
  WB_ASSIGN_OR_RETURN(std::optional<Id> owner, OwnerOf(txn, device_id));
  WB_RETURN_IF_ERROR(
      txn.Put(Cf::kCursors, key, EncodeSeq(seq), Kept(DataClass::kDelivery, owner.value_or(Id()))));
  return Done{};
}

}  // namespace weerbaar::storage
