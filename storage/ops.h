// The write operations of the Store, as functions of a Txn. Each checks its
// preconditions, then adds its writes; on a non-OK result the committer discards the
// writes it added. Private to the storage library. See store.h for the contracts.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/sealer.h"
#include "storage/store.h"
#include "storage/txn.h"

namespace weerbaar::storage {

Result<RegisterOutcome> ApplyRegister(Txn& txn, const RegisterRequest& req);
Result<Done> ApplyCreateInvite(Txn& txn, const InviteRecord& invite);
Result<Done> ApplyCreateCommunity(Txn& txn, const CommunityRecord& community);
// kNotFound for an unknown community; the change is audited in the same batch.
Result<Done> ApplySetCommunityArea(Txn& txn, const Id& community_id, const std::string& area,
                                   const Id& actor);
Result<Done> ApplyCreateGroup(Txn& txn, const GroupRecord& group, const Id& creator);
Result<uint64_t> ApplyRemoveMember(Txn& txn, const Id& group_id, const Id& user_id);
Result<AppendResult> ApplyAppendGroupMessage(Txn& txn, const NewGroupMessage& msg);
Result<std::vector<InboxEntry>> ApplyAppendInbox(Txn& txn,
                                                 const std::vector<NewInboxMessage>& msgs);
Result<Done> ApplyAckInbox(Txn& txn, const Id& device_id, uint64_t up_to_seq);
Result<Done> ApplySetCursor(Txn& txn, const Id& device_id, const Id& group_id, uint64_t seq);
Result<Done> ApplySetRetentionPolicy(Txn& txn, DataClass data_class, const RetentionPolicy& policy,
                                     const Id& actor);
// period nullopt: clear the community's choice.
Result<Done> ApplySetCommunityRetention(Txn& txn, const Id& community_id, DataClass data_class,
                                        std::optional<int64_t> period_ms, const Id& actor);
Result<ErasureReceipt> ApplyEraseUser(Txn& txn, const Id& user_id, const Id& actor);

// ---- helpers shared by the operations ----

// kInvalidArgument unless every id is 1..255 bytes.
Status RequireIds(std::initializer_list<std::string_view> ids);
// kInvalidArgument if an id is longer than 255 bytes (empty is allowed).
Status RequireOptionalIds(std::initializer_list<std::string_view> ids);
// A record kept as long as what it belongs to, under the key of `subject` (if any).
Placement Kept(DataClass data_class, std::string_view subject = {});
// A record of a time-limited class written now, expiring by the current retention.
Placement Limited(Txn& txn, DataClass data_class, std::string_view community,
                  std::string_view subject);
// kNotFound if there is no such group.
Result<GroupRecord> LoadGroup(Txn& txn, const Id& group_id);
Status PutGroup(Txn& txn, const GroupRecord& group);
// Raises the epoch (a change of the member device set) and stores the group.
Status RaiseEpoch(Txn& txn, GroupRecord& group);
// Adds the user to the group's member lists (both directions).
Status AddGroupMember(Txn& txn, const Id& group_id, const Id& user_id);
// Sets the user's role in the community (both directions).
Status GrantCommunityRole(Txn& txn, const Id& community_id, const Id& user_id, Role role);
// The user a device belongs to; nullopt for an unknown device.
Result<std::optional<Id>> OwnerOf(Txn& txn, const Id& device_id);

}  // namespace weerbaar::storage
