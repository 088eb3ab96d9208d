#include "server/relay_core.h"

#include "common/bytes.h"
#include "server/log.h"

namespace weerbaar::server {

Peer* RelayCore::Find(ConnId id) {
  auto it = peers.find(id);
  return it == peers.end() ? nullptr : &it->second;
}

void RelayCore::Reply(ConnId id, uint64_t request_id, v1::ServerMessage msg) {
  Peer* peer = Find(id);
  if (peer == nullptr) return;  // gone while the store was writing; it resyncs on reconnect
  msg.set_request_id(request_id);
  peer->conn->Send(EncodeFrame(msg));
}

void RelayCore::Fail(ConnId id, uint64_t request_id, v1::ErrorCode code) {
  Reply(id, request_id, ErrorReply(request_id, code, SafeMessage(code)));
}

void RelayCore::FailStatus(ConnId id, uint64_t request_id, const Status& status,
                           v1::ErrorCode precondition) {
  v1::ErrorCode code = ErrorCodeFor(status.code(), precondition);
  // Store messages carry no secrets or ids (store.h), so they may be logged.
  if (code == v1::UNAVAILABLE)
    Log().warn("store failure answered with UNAVAILABLE: {}", status.ToString());
  else
    Log().debug("request refused: {}", status.ToString());
  Fail(id, request_id, code);
}

void RelayCore::FailAndClose(ConnId id, uint64_t request_id, v1::ErrorCode code,
                             uint16_t close_code) {
  Peer* peer = Find(id);
  if (peer == nullptr || peer->state == PeerState::kClosing) return;
  Fail(id, request_id, code);
  peer->state = PeerState::kClosing;
  peer->conn->Close(close_code);
}

void RelayCore::PushToGroup(const Id& group_id, const Frame& frame, ConnId except) {
  Result<std::vector<Id>> members = store.GroupMembers(group_id);
  if (!members.ok()) {
    // The write is durable; members that miss the push get it from their next sync.
    Log().warn("fan-out skipped for group {}: {}", LogLabel(AsBytes(group_id)),
               members.status().ToString());
    return;
  }
  for (const Id& user_id : *members) {
    hub.ForEachOfUser(user_id, [&](ConnId id, Connection& conn) {
      if (id != except) conn.Send(frame);
    });
  }
}

void RelayCore::PushGroupChanged(const Id& group_id, uint64_t epoch) {
  v1::ServerMessage msg;
  msg.mutable_push_group_changed()->set_group_id(group_id);
  msg.mutable_push_group_changed()->set_epoch(epoch);
  PushToGroup(group_id, EncodeFrame(msg), 0);
}

Result<Standing> CommunityStanding(RelayCore& core, const Caller& caller, const Id& community_id) {
  WB_ASSIGN_OR_RETURN(storage::Role role, core.store.CommunityRole(community_id, caller.user_id));
  return Standing{caller.is_admin, role, false};
}

Result<GroupView> GroupStanding(RelayCore& core, const Caller& caller, const Id& group_id) {
  GroupView view;
  WB_ASSIGN_OR_RETURN(view.group, core.store.GetGroup(group_id));
  WB_ASSIGN_OR_RETURN(view.standing, CommunityStanding(core, caller, view.group.community_id));
  WB_ASSIGN_OR_RETURN(view.standing.group_member,
                      core.store.IsGroupMember(group_id, caller.user_id));
  return view;
}

}  // namespace weerbaar::server
