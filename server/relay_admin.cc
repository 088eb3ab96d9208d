// Communities, groups, invites and membership: the requests that shape who may talk.
#include <algorithm>
#include <map>

#include "common/bytes.h"
#include "crypto/primitives.h"
#include "protocol/codec.h"
#include "server/relay_core.h"
#include "signals/geohash.h"

namespace weerbaar::server {
namespace {

Id NewId() { return ToString(crypto::RandomBytes(protocol::kIdBytes)); }

uint32_t InviteTtlSeconds(const RelayCore& core, uint32_t requested) {
  if (requested == 0) return core.config.invite_ttl_seconds;
  return std::min(requested, core.config.limits.max_invite_ttl_seconds);
}

// Fills the invite's scope and checks the caller may issue it. kPermissionDenied or a
// lookup error otherwise.
Status ScopeInvite(RelayCore& core, const Caller& caller, const v1::CreateInvite& c,
                   storage::InviteRecord& invite) {
  Standing standing{caller.is_admin, storage::Role::kNone, false};
  if (invite.kind == storage::InviteKind::kCommunity) {
    WB_ASSIGN_OR_RETURN(standing, CommunityStanding(core, caller, c.community_id()));
    invite.community_id = c.community_id();
    invite.role = RoleFromWire(c.role());
  } else if (invite.kind == storage::InviteKind::kGroup) {
    WB_ASSIGN_OR_RETURN(GroupView view, GroupStanding(core, caller, c.group_id()));
    standing = view.standing;
    invite.community_id = view.group.community_id;
    invite.group_id = view.group.group_id;
    invite.role = storage::Role::kResident;
  } else if (invite.kind == storage::InviteKind::kChannel) {
    // Only admins may invite partners; the channel is looked up after that check.
    if (!MayCreateInvite(standing, invite.kind, invite.role)) return PermissionDenied("invite");
    WB_ASSIGN_OR_RETURN(storage::ChannelRecord channel, core.store.GetChannel(c.channel_id()));
    invite.channel_id = channel.channel_id;
    invite.community_id = channel.community_id;
    invite.role = storage::Role::kPartner;
  } else if (invite.kind == storage::InviteKind::kDeviceLink) {
    invite.user_id = caller.user_id;  // always for the caller herself
  }
  if (!MayCreateInvite(standing, invite.kind, invite.role)) return PermissionDenied("invite");
  // Existence is checked after permission, so that outsiders learn nothing from the answer.
  if (invite.kind == storage::InviteKind::kCommunity)
    return core.store.GetCommunity(invite.community_id).status();
  return Status::Ok();
}

// A failed read fails the whole reply: a partial member list would make clients distribute
// sender keys to too few devices.
Status AddMember(RelayCore& core, const storage::GroupRecord& group, const Id& user_id,
                 v1::GroupInfo* info) {
  return FillMember(core, group.community_id, user_id, info->add_members());
}

}  // namespace

Status FillMember(RelayCore& core, const Id& community_id, const Id& user_id, v1::Member* member) {
  WB_ASSIGN_OR_RETURN(storage::UserRecord user, core.store.GetUser(user_id));
  WB_ASSIGN_OR_RETURN(storage::Role role, core.store.CommunityRole(community_id, user_id));
  WB_ASSIGN_OR_RETURN(auto devices, core.store.DevicesOfUser(user_id));
  if (role == storage::Role::kNone && user.is_admin) role = storage::Role::kAdmin;
  member->set_user_id(user_id);
  member->set_role(RoleToWire(role));
  member->set_display_name(user.display_name);
  for (const storage::DeviceRecord& d : devices) {
    v1::DeviceInfo* info_device = member->add_devices();
    info_device->set_device_id(d.device_id);
    info_device->mutable_keys()->set_signing_key(d.signing_key);
    info_device->mutable_keys()->set_agreement_key(d.agreement_key);
    info_device->mutable_keys()->set_agreement_sig(d.agreement_sig);
  }
  return Status::Ok();
}

void HandleCreateCommunity(RelayCore& core, ConnId id, const Caller& caller, const Request& req) {
  const v1::CreateCommunity& c = req.create_community();
  if (!MayCreateCommunity(Standing{caller.is_admin}))
    return core.Fail(id, req.request_id(), v1::PERMISSION_DENIED);
  // The codec checked the length; the alphabet is the geohash rules' to judge.
  if (!c.area().empty() && !signals::IsValidGeohash(c.area()))
    return core.Fail(id, req.request_id(), v1::BAD_REQUEST);
  storage::CommunityRecord community{NewId(), c.name(), core.clock.NowMillis(), c.area()};
  v1::ServerMessage reply;
  reply.mutable_community_created()->set_community_id(community.community_id);
  core.store.CreateCommunity(std::move(community),
                             ReplyWhenDurable<storage::Done>(core, id, req.request_id(), reply));
}

void HandleSetCommunityArea(RelayCore& core, ConnId id, const Caller& caller, const Request& req) {
  const v1::SetCommunityArea& a = req.set_community_area();
  Result<Standing> standing = CommunityStanding(core, caller, a.community_id());
  if (!standing.ok()) return core.FailStatus(id, req.request_id(), standing.status());
  if (!MaySetCommunityArea(*standing))
    return core.Fail(id, req.request_id(), v1::PERMISSION_DENIED);
  if (!signals::IsValidGeohash(a.area())) return core.Fail(id, req.request_id(), v1::BAD_REQUEST);
  v1::ServerMessage reply;
  reply.mutable_ok();
  core.store.SetCommunityArea(a.community_id(), a.area(), caller.user_id,
                              ReplyWhenDurable<storage::Done>(core, id, req.request_id(), reply));
}

void HandleCreateGroup(RelayCore& core, ConnId id, const Caller& caller, const Request& req) {
  const v1::CreateGroup& c = req.create_group();
  Result<Standing> standing = CommunityStanding(core, caller, c.community_id());
  if (!standing.ok()) return core.FailStatus(id, req.request_id(), standing.status());
  if (!MayCreateGroup(*standing)) return core.Fail(id, req.request_id(), v1::PERMISSION_DENIED);
  Status exists = core.store.GetCommunity(c.community_id()).status();
  if (!exists.ok()) return core.FailStatus(id, req.request_id(), exists);
  storage::GroupRecord group{NewId(), c.community_id(), c.name(), 1, 0, core.clock.NowMillis()};
  v1::ServerMessage reply;
  reply.mutable_group_created()->set_group_id(group.group_id);
  reply.mutable_group_created()->set_epoch(group.epoch);
  core.store.CreateGroup(std::move(group), caller.user_id,
                         ReplyWhenDurable<storage::Done>(core, id, req.request_id(), reply));
}

void HandleCreateInvite(RelayCore& core, ConnId id, const Caller& caller, const Request& req) {
  const v1::CreateInvite& c = req.create_invite();
  storage::InviteRecord invite;
  invite.kind = InviteKindFromWire(c.kind());
  invite.created_by = caller.user_id;
  Status allowed = ScopeInvite(core, caller, c, invite);
  if (!allowed.ok()) return core.FailStatus(id, req.request_id(), allowed);
  // The token is returned once and never stored: only its hash is.
  std::string token = Base64UrlEncode(crypto::RandomBytes(32));
  invite.token_hash = ToString(crypto::Hash(AsBytes(token)));
  invite.expires_ms =
      core.clock.NowMillis() + int64_t{InviteTtlSeconds(core, c.ttl_seconds())} * 1000;
  v1::ServerMessage reply;
  reply.mutable_invite_created()->set_token(token);
  reply.mutable_invite_created()->set_expires_at_ms(static_cast<uint64_t>(invite.expires_ms));
  core.store.CreateInvite(std::move(invite),
                          ReplyWhenDurable<storage::Done>(core, id, req.request_id(), reply));
}

void HandleRemoveMember(RelayCore& core, ConnId id, const Caller& caller, const Request& req) {
  const v1::RemoveMember& r = req.remove_member();
  Result<GroupView> view = GroupStanding(core, caller, r.group_id());
  if (!view.ok()) return core.FailStatus(id, req.request_id(), view.status());
  if (!MayManageGroup(view->standing))
    return core.Fail(id, req.request_id(), v1::PERMISSION_DENIED);
  uint64_t rid = req.request_id();
  Id group_id = r.group_id();
  core.store.RemoveMember(
      r.group_id(), r.user_id(),
      core.OnDurable<uint64_t>([&core, id, rid, group_id](Result<uint64_t> epoch) {
        if (!epoch.ok()) return core.FailStatus(id, rid, epoch.status());
        v1::ServerMessage reply;
        reply.mutable_ok();
        core.Reply(id, rid, std::move(reply));
        core.PushGroupChanged(group_id, *epoch);
      }));
}

// A member's communities with her role in each; for an admin every community, with
// ROLE_ADMIN where she is not a member.
Result<std::vector<std::pair<storage::CommunityRecord, v1::Role>>> VisibleCommunities(
    RelayCore& core, const Caller& caller) {
  WB_ASSIGN_OR_RETURN(auto memberships, core.store.CommunitiesOfUser(caller.user_id));
  std::vector<std::pair<storage::CommunityRecord, v1::Role>> out;
  if (!caller.is_admin) {
    for (auto& [community, role] : memberships)
      out.emplace_back(std::move(community), RoleToWire(role));
    return out;
  }
  std::map<Id, v1::Role> roles;
  for (const auto& [community, role] : memberships)
    roles[community.community_id] = RoleToWire(role);
  WB_ASSIGN_OR_RETURN(std::vector<storage::CommunityRecord> all, core.store.AllCommunities());
  for (storage::CommunityRecord& community : all) {
    auto it = roles.find(community.community_id);
    v1::Role role = it == roles.end() ? v1::ROLE_ADMIN : it->second;
    out.emplace_back(std::move(community), role);
  }
  return out;
}

void HandleListCommunities(RelayCore& core, ConnId id, const Caller& caller, const Request& req) {
  auto communities = VisibleCommunities(core, caller);
  if (!communities.ok()) return core.FailStatus(id, req.request_id(), communities.status());
  v1::ServerMessage reply;
  reply.mutable_community_list();
  for (const auto& [community, role] : *communities) {
    v1::CommunitySummary* summary = reply.mutable_community_list()->add_communities();
    summary->set_community_id(community.community_id);
    summary->set_name(community.name);
    summary->set_role(role);
    summary->set_area(community.area);
  }
  core.Reply(id, req.request_id(), std::move(reply));
}

void HandleListGroups(RelayCore& core, ConnId id, const Caller& caller, const Request& req) {
  Result<std::vector<Id>> groups = core.store.GroupsOfUser(caller.user_id);
  if (!groups.ok()) return core.FailStatus(id, req.request_id(), groups.status());
  v1::ServerMessage reply;
  reply.mutable_group_list();
  for (const Id& group_id : *groups) {
    Result<storage::GroupRecord> group = core.store.GetGroup(group_id);
    Result<uint64_t> cursor = core.store.GetCursor(caller.device_id, group_id);
    if (!group.ok()) return core.FailStatus(id, req.request_id(), group.status());
    v1::GroupSummary* summary = reply.mutable_group_list()->add_groups();
    summary->set_group_id(group->group_id);
    summary->set_community_id(group->community_id);
    summary->set_name(group->name);
    summary->set_epoch(group->epoch);
    summary->set_last_seq(group->last_seq);
    summary->set_cursor(cursor.ok() ? *cursor : 0);
  }
  core.Reply(id, req.request_id(), std::move(reply));
}

void HandleGetGroup(RelayCore& core, ConnId id, const Caller& caller, const Request& req) {
  Result<GroupView> view = GroupStanding(core, caller, req.get_group().group_id());
  if (!view.ok()) return core.FailStatus(id, req.request_id(), view.status());
  if (!MayViewGroup(view->standing)) return core.Fail(id, req.request_id(), v1::PERMISSION_DENIED);
  Result<std::vector<Id>> members = core.store.GroupMembers(view->group.group_id);
  if (!members.ok()) return core.FailStatus(id, req.request_id(), members.status());
  v1::ServerMessage reply;
  v1::GroupInfo* info = reply.mutable_group_info();
  info->set_group_id(view->group.group_id);
  info->set_community_id(view->group.community_id);
  info->set_name(view->group.name);
  info->set_epoch(view->group.epoch);
  info->set_last_seq(view->group.last_seq);
  for (const Id& user_id : *members) {
    Status added = AddMember(core, view->group, user_id, info);
    if (!added.ok()) return core.FailStatus(id, req.request_id(), added);
  }
  core.Reply(id, req.request_id(), std::move(reply));
}

}  // namespace weerbaar::server
