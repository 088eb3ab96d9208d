// The write operations of the Store, as functions of a Txn. Each checks its
// preconditions, then adds its writes; on a non-OK result the committer discards the
// writes it added. Private to the storage library. See store.h for the contracts.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/store.h"
#include "storage/txn.h"

namespace weerbaar::storage {

Result<RegisterOutcome> ApplyRegister(Txn& txn, const RegisterRequest& req);
Result<Done> ApplyCreateInvite(Txn& txn, const InviteRecord& invite);
Result<Done> ApplyCreateCommunity(Txn& txn, const CommunityRecord& community);
Result<Done> ApplyCreateGroup(Txn& txn, const GroupRecord& group, const Id& creator);
Result<uint64_t> ApplyRemoveMember(Txn& txn, const Id& group_id, const Id& user_id);
Result<AppendResult> ApplyAppendGroupMessage(Txn& txn, const NewGroupMessage& msg);
Result<std::vector<InboxEntry>> ApplyAppendInbox(Txn& txn,
                                                 const std::vector<NewInboxMessage>& msgs);
Result<Done> ApplyAckInbox(Txn& txn, const Id& device_id, uint64_t up_to_seq);
Result<Done> ApplySetCursor(Txn& txn, const Id& device_id, const Id& group_id, uint64_t seq);

// ---- helpers shared by the operations ----

// kInvalidArgument unless every id is 1..255 bytes.
Status RequireIds(std::initializer_list<std::string_view> ids);
// kNotFound if there is no such group.
Result<GroupRecord> LoadGroup(Txn& txn, const Id& group_id);
Status PutGroup(Txn& txn, const GroupRecord& group);
// Raises the epoch (a change of the member device set) and stores the group.
Status RaiseEpoch(Txn& txn, GroupRecord& group);
// Adds the user to the group's member lists (both directions).
Status AddGroupMember(Txn& txn, const Id& group_id, const Id& user_id);
// Sets the user's role in the community (both directions).
Status GrantCommunityRole(Txn& txn, const Id& community_id, const Id& user_id, Role role);

}  // namespace weerbaar::storage
