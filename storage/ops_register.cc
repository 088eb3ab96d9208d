// Register: consumes an invite and creates what it carries, in one atomic write.
#include <optional>

#include "crypto/primitives.h"
#include "storage/expiry_index.h"
#include "storage/keys.h"
#include "storage/ops.h"
#include "storage/ops_partner.h"
#include "storage/records.h"

namespace weerbaar::storage {
namespace {

constexpr size_t kUserIdBytes = 16;

// The invite for token_hash; kNotFound if unknown or expired at now_ms.
Result<InviteRecord> LoadLiveInvite(Txn& txn, const std::string& token_hash) {
  WB_ASSIGN_OR_RETURN(std::optional<InviteRecord> invite,
                      GetRecord<InviteRecord>(txn, Cf::kInvites, keys::Ids({token_hash})));
  // One answer for unknown, used and expired: the caller learns nothing more.
  if (!invite || txn.now_ms() >= invite->expires_ms) return NotFound("invite is not valid");
  return std::move(*invite);
}

Result<UserRecord> CreateUser(Txn& txn, const std::string& display_name, bool is_admin) {
  UserRecord user{ToString(crypto::RandomBytes(kUserIdBytes)), display_name, is_admin,
                  txn.now_ms()};
  WB_RETURN_IF_ERROR(txn.Put(Cf::kUsers, keys::Ids({user.user_id}), Encode(user),
                             Kept(DataClass::kAccount, user.user_id)));
  return user;
}

Status RequireCommunity(Txn& txn, const Id& community_id) {
  WB_ASSIGN_OR_RETURN(std::optional<std::string> community,
                      txn.Get(Cf::kCommunities, keys::Ids({community_id})));
  if (!community) return NotFound("no such community");
  return Status::Ok();
}

Status JoinCommunity(Txn& txn, const InviteRecord& invite, const std::string& display_name,
                     RegisterOutcome& out) {
  WB_RETURN_IF_ERROR(RequireCommunity(txn, invite.community_id));
  WB_ASSIGN_OR_RETURN(UserRecord user, CreateUser(txn, display_name, false));
  WB_RETURN_IF_ERROR(GrantCommunityRole(txn, invite.community_id, user.user_id, invite.role));
  out.user_id = user.user_id;
  out.role = invite.role;
  out.community_id = invite.community_id;
  return Status::Ok();
}

// A new resident of the group's community who is a member of the group.
Status JoinGroup(Txn& txn, const InviteRecord& invite, const std::string& display_name,
                 RegisterOutcome& out) {
  WB_ASSIGN_OR_RETURN(GroupRecord group, LoadGroup(txn, invite.group_id));
  WB_RETURN_IF_ERROR(RequireCommunity(txn, group.community_id));
  WB_ASSIGN_OR_RETURN(UserRecord user, CreateUser(txn, display_name, false));
  WB_RETURN_IF_ERROR(GrantCommunityRole(txn, group.community_id, user.user_id, Role::kResident));
  WB_RETURN_IF_ERROR(AddGroupMember(txn, group.group_id, user.user_id));
  WB_RETURN_IF_ERROR(RaiseEpoch(txn, group));
  out.user_id = user.user_id;
  out.role = Role::kResident;
  out.community_id = group.community_id;
  out.group_id = group.group_id;
  out.changed_groups.push_back({group.group_id, group.epoch});
  return Status::Ok();
}

// A new partner user of the channel, with the partner role in its community.
Status JoinChannel(Txn& txn, const InviteRecord& invite, const std::string& display_name,
                   RegisterOutcome& out) {
  WB_ASSIGN_OR_RETURN(ChannelRecord channel, LoadChannel(txn, invite.channel_id));
  WB_RETURN_IF_ERROR(RequireCommunity(txn, channel.community_id));
  WB_ASSIGN_OR_RETURN(UserRecord user, CreateUser(txn, display_name, false));
  WB_RETURN_IF_ERROR(GrantCommunityRole(txn, channel.community_id, user.user_id, Role::kPartner));
  WB_RETURN_IF_ERROR(AddChannelMember(txn, channel.channel_id, user.user_id));
  out.user_id = user.user_id;
  out.role = Role::kPartner;
  out.community_id = channel.community_id;
  out.channel_id = channel.channel_id;
  return Status::Ok();
}

// A new device of an existing user: every group of the user gets a new member device.
Status LinkDevice(Txn& txn, const InviteRecord& invite, RegisterOutcome& out) {
  WB_ASSIGN_OR_RETURN(std::optional<UserRecord> user,
                      GetRecord<UserRecord>(txn, Cf::kUsers, keys::Ids({invite.user_id})));
  if (!user) return NotFound("no such user");
  WB_ASSIGN_OR_RETURN(std::vector<std::string> memberships,
                      txn.Keys(Cf::kUserGroups, keys::Ids({invite.user_id})));
  for (const std::string& key : memberships) {
    keys::Reader reader(key);
    std::string_view user_id, group_id;
    if (!reader.Id(&user_id) || !reader.Id(&group_id)) return DataLoss("malformed member key");
    WB_ASSIGN_OR_RETURN(GroupRecord group, LoadGroup(txn, Id(group_id)));
    WB_RETURN_IF_ERROR(RaiseEpoch(txn, group));
    out.changed_groups.push_back({group.group_id, group.epoch});
  }
  out.user_id = user->user_id;
  out.is_admin = user->is_admin;
  return Status::Ok();
}

Status Grant(Txn& txn, const InviteRecord& invite, const RegisterRequest& req,
             RegisterOutcome& out) {
  switch (invite.kind) {
    case InviteKind::kAdmin: {
      WB_ASSIGN_OR_RETURN(UserRecord user, CreateUser(txn, req.display_name, true));
      out.user_id = user.user_id;
      out.is_admin = true;
      return Status::Ok();
    }
    case InviteKind::kCommunity:
      return JoinCommunity(txn, invite, req.display_name, out);
    case InviteKind::kGroup:
      return JoinGroup(txn, invite, req.display_name, out);
    case InviteKind::kDeviceLink:
      return LinkDevice(txn, invite, out);
    case InviteKind::kChannel:
      return JoinChannel(txn, invite, req.display_name, out);
  }
  return DataLoss("unknown invite kind");
}

// Account data, under the user's own key (erasure shreds every copy).
Status PutDevice(Txn& txn, const DeviceRecord& device) {
  const Placement placement = Kept(DataClass::kAccount, device.user_id);
  WB_RETURN_IF_ERROR(
      txn.Put(Cf::kDevices, keys::Ids({device.device_id}), Encode(device), placement));
  return txn.Put(Cf::kDevicesByUser, keys::Ids({device.user_id, device.device_id}), "", placement);
}

}  // namespace

Result<RegisterOutcome> ApplyRegister(Txn& txn, const RegisterRequest& req) {
  WB_RETURN_IF_ERROR(RequireIds({req.token_hash, req.device.device_id}));
  WB_ASSIGN_OR_RETURN(InviteRecord invite, LoadLiveInvite(txn, req.token_hash));
  WB_ASSIGN_OR_RETURN(std::optional<std::string> existing,
                      txn.Get(Cf::kDevices, keys::Ids({req.device.device_id})));
  if (existing) return AlreadyExists("device is registered");
  RegisterOutcome out;
  WB_RETURN_IF_ERROR(Grant(txn, invite, req, out));
  DeviceRecord device = req.device;
  device.user_id = out.user_id;
  if (device.created_ms == 0) device.created_ms = txn.now_ms();
  WB_RETURN_IF_ERROR(PutDevice(txn, device));
  WB_RETURN_IF_ERROR(DeleteIndexed(txn, Cf::kInvites, keys::Ids({req.token_hash})).status());
  out.device_id = device.device_id;
  return out;
}

}  // namespace weerbaar::storage
