#include "server/relay_core.h"

#include "common/bytes.h"
#include "server/log.h"

namespace weerbaar::server {

Peer* RelayCore::Find(ConnId id) {
  auto it = peers.find(id);
  return it == peers.end() ? nullptr : &it->second;
}

void RelayCore::Bind(ConnId id, Peer& peer, Caller caller) {
  peer.caller = std::move(caller);
  peer.state = PeerState::kReady;
  int64_t now = clock.MonotonicMillis();
  peer.bucket.emplace(config.connection_rate, now);
  user_buckets.try_emplace(peer.caller.user_id, config.user_rate, now);
  hub.Bind(id, peer.conn, peer.caller.user_id, peer.caller.device_id);
}

void RelayCore::Unbind(ConnId id) {
  Peer* peer = Find(id);
  hub.Unbind(id);
  if (peer != nullptr && peer->bucket && !hub.HasUser(peer->caller.user_id))
    user_buckets.erase(peer->caller.user_id);
}

bool RelayCore::TakeToken(Peer& peer) {
  int64_t now = clock.MonotonicMillis();
  auto user = user_buckets.find(peer.caller.user_id);
  if (!peer.bucket || user == user_buckets.end()) return false;
  // Both must have a token before either is charged: a refused request costs nothing.
  bool conn_ok = peer.bucket->Available(now);
  bool user_ok = user->second.Available(now);
  if (!conn_ok || !user_ok) return false;
  peer.bucket->Take();
  user->second.Take();
  return true;
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

void RelayCore::CloseUser(const Id& user_id, const Frame& frame, uint16_t close_code) {
  std::vector<ConnId> ids;
  hub.ForEachOfUser(user_id, [&](ConnId id, Connection&) { ids.push_back(id); });
  for (ConnId id : ids) {
    Peer* peer = Find(id);
    if (peer == nullptr || peer->state == PeerState::kClosing) continue;
    peer->conn->Send(frame);
    peer->state = PeerState::kClosing;
    peer->conn->Close(close_code);
  }
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
