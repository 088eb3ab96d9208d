// Invites, communities, groups and their members.
#include <algorithm>
#include <optional>

#include "storage/audit.h"
#include "storage/expiry_index.h"
#include "storage/keys.h"
#include "storage/ops.h"
#include "storage/records.h"

namespace weerbaar::storage {

Status RequireIds(std::initializer_list<std::string_view> ids) {
  for (std::string_view id : ids) {
    if (!keys::ValidId(id)) return InvalidArgument("malformed id");
  }
  return Status::Ok();
}

Status RequireOptionalIds(std::initializer_list<std::string_view> ids) {
  for (std::string_view id : ids) {
    if (id.size() > keys::kMaxIdBytes) return InvalidArgument("malformed id");
  }
  return Status::Ok();
}

Placement Kept(DataClass data_class, std::string_view subject) {
  return Placement{data_class, {}, std::string(subject)};
}

Placement Limited(Txn& txn, DataClass data_class, std::string_view community,
                  std::string_view subject) {
  return Placement{data_class, std::string(community), std::string(subject),
                   txn.ExpiryFor(community, data_class)};
}

Result<GroupRecord> LoadGroup(Txn& txn, const Id& group_id) {
  WB_ASSIGN_OR_RETURN(std::optional<GroupRecord> group,
                      GetRecord<GroupRecord>(txn, Cf::kGroups, keys::Ids({group_id})));
  if (!group) return NotFound("no such group");
  return std::move(*group);
}

Status PutGroup(Txn& txn, const GroupRecord& group) {
  return txn.Put(Cf::kGroups, keys::Ids({group.group_id}), Encode(group),
                 Kept(DataClass::kMembership));
}

Status RaiseEpoch(Txn& txn, GroupRecord& group) {
  ++group.epoch;
  return PutGroup(txn, group);
}

// Memberships are the member's personal data: sealed under their key.
Status AddGroupMember(Txn& txn, const Id& group_id, const Id& user_id) {
  const Placement placement = Kept(DataClass::kMembership, user_id);
  WB_RETURN_IF_ERROR(txn.Put(Cf::kGroupMembers, keys::Ids({group_id, user_id}), "", placement));
  return txn.Put(Cf::kUserGroups, keys::Ids({user_id, group_id}), "", placement);
}

Status GrantCommunityRole(Txn& txn, const Id& community_id, const Id& user_id, Role role) {
  const Placement placement = Kept(DataClass::kMembership, user_id);
  WB_RETURN_IF_ERROR(txn.Put(Cf::kCommunityMembers, keys::Ids({community_id, user_id}),
                             EncodeRole(role), placement));
  return txn.Put(Cf::kUserCommunities, keys::Ids({user_id, community_id}), EncodeRole(role),
                 placement);
}

Result<std::optional<Id>> OwnerOf(Txn& txn, const Id& device_id) {
  WB_ASSIGN_OR_RETURN(std::optional<DeviceRecord> device,
                      GetRecord<DeviceRecord>(txn, Cf::kDevices, keys::Ids({device_id})));
  if (!device) return std::optional<Id>();
  return std::optional<Id>(device->user_id);
}

namespace {

// The ids an invite of each kind must carry.
Status ValidateInvite(const InviteRecord& invite) {
  WB_RETURN_IF_ERROR(RequireIds({invite.token_hash}));
  switch (invite.kind) {
    case InviteKind::kAdmin:
      return Status::Ok();
    case InviteKind::kCommunity:
      if (!IsMemberRole(invite.role)) return InvalidArgument("invite role is not a member role");
      return RequireIds({invite.community_id});
    case InviteKind::kGroup:
      return RequireIds({invite.group_id});
    case InviteKind::kDeviceLink:
      return RequireIds({invite.user_id});
    case InviteKind::kChannel:
      return RequireIds({invite.channel_id});
  }
  return InvalidArgument("unknown invite kind");
}

}  // namespace

Result<Done> ApplyCreateInvite(Txn& txn, const InviteRecord& invite) {
  WB_RETURN_IF_ERROR(ValidateInvite(invite));
  WB_RETURN_IF_ERROR(RequireOptionalIds({invite.created_by}));
  const std::string key = keys::Ids({invite.token_hash});
  WB_ASSIGN_OR_RETURN(std::optional<std::string> existing, txn.Get(Cf::kInvites, key));
  if (existing) return AlreadyExists("invite exists");
  // An expired one may still be on disk: its index entry goes with it.
  WB_RETURN_IF_ERROR(DeleteIndexed(txn, Cf::kInvites, key).status());
  // Under the issuer's key, and swept when it expires.
  Placement placement = Kept(DataClass::kMembership, invite.created_by);
  placement.expiry_ms = std::max<int64_t>(invite.expires_ms, 0);
  WB_RETURN_IF_ERROR(PutIndexed(txn, placement, {Cf::kInvites, key, Encode(invite)}));
  return Done{};
}

Result<Done> ApplyCreateCommunity(Txn& txn, const CommunityRecord& community) {
  WB_RETURN_IF_ERROR(RequireIds({community.community_id}));
  const std::string key = keys::Ids({community.community_id});
  WB_ASSIGN_OR_RETURN(std::optional<std::string> existing, txn.Get(Cf::kCommunities, key));
  if (existing) return AlreadyExists("community exists");
  CommunityRecord record = community;
  if (record.created_ms == 0) record.created_ms = txn.now_ms();
  WB_RETURN_IF_ERROR(txn.Put(Cf::kCommunities, key, Encode(record), Kept(DataClass::kMembership)));
  return Done{};
}

Result<Done> ApplySetCommunityArea(Txn& txn, const Id& community_id, const std::string& area,
                                   const Id& actor) {
  WB_RETURN_IF_ERROR(RequireIds({community_id}));
  WB_RETURN_IF_ERROR(RequireOptionalIds({actor}));
  if (area.empty() || area.size() > kMaxCommunityAreaBytes) return InvalidArgument("area");
  const std::string key = keys::Ids({community_id});
  WB_ASSIGN_OR_RETURN(std::optional<CommunityRecord> community,
                      GetRecord<CommunityRecord>(txn, Cf::kCommunities, key));
  if (!community) return NotFound("no such community");
  community->area = area;
  WB_RETURN_IF_ERROR(
      txn.Put(Cf::kCommunities, key, Encode(*community), Kept(DataClass::kMembership)));
  // The detail names the precision, not the area: the audit log is published by hash.
  const std::string detail = "community area set (" + std::to_string(area.size()) + " chars)";
  WB_RETURN_IF_ERROR(
      ApplyAppendAudit(txn, {AuditAction::kAdminAction, actor, community_id, detail}).status());
  return Done{};
}

Result<Done> ApplyCreateGroup(Txn& txn, const GroupRecord& group, const Id& creator) {
  WB_RETURN_IF_ERROR(RequireIds({group.group_id, group.community_id, creator}));
  WB_ASSIGN_OR_RETURN(std::optional<std::string> existing,
                      txn.Get(Cf::kGroups, keys::Ids({group.group_id})));
  if (existing) return AlreadyExists("group exists");
  WB_ASSIGN_OR_RETURN(std::optional<std::string> community,
                      txn.Get(Cf::kCommunities, keys::Ids({group.community_id})));
  if (!community) return NotFound("no such community");
  WB_ASSIGN_OR_RETURN(std::optional<std::string> user, txn.Get(Cf::kUsers, keys::Ids({creator})));
  if (!user) return NotFound("no such user");
  GroupRecord record = group;
  record.epoch = 1;
  record.last_seq = 0;
  if (record.created_ms == 0) record.created_ms = txn.now_ms();
  WB_RETURN_IF_ERROR(PutGroup(txn, record));
  WB_RETURN_IF_ERROR(AddGroupMember(txn, record.group_id, creator));
  return Done{};
}

Result<uint64_t> ApplyRemoveMember(Txn& txn, const Id& group_id, const Id& user_id) {
  WB_RETURN_IF_ERROR(RequireIds({group_id, user_id}));
  WB_ASSIGN_OR_RETURN(GroupRecord group, LoadGroup(txn, group_id));
  const std::string member_key = keys::Ids({group_id, user_id});
  WB_ASSIGN_OR_RETURN(std::optional<std::string> member, txn.Get(Cf::kGroupMembers, member_key));
  if (!member) return NotFound("not a member");
  WB_RETURN_IF_ERROR(txn.Delete(Cf::kGroupMembers, member_key));
  WB_RETURN_IF_ERROR(txn.Delete(Cf::kUserGroups, keys::Ids({user_id, group_id})));
  WB_RETURN_IF_ERROR(RaiseEpoch(txn, group));
  return group.epoch;
}

}  // namespace weerbaar::storage
