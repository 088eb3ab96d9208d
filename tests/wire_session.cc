#include "tests/wire_session.h"

#include "clients/auth_request.h"
#include "common/bytes.h"
#include "protocol/codec.h"

namespace weerbaar::testing {

v1::ClientMessage RegisterRequest(const v1::Challenge& challenge, const crypto::DeviceIdentity& d,
                                  const std::string& invite, const std::string& name) {
  return client::MakeRegister(challenge, d, invite, name);
}

v1::ClientMessage AuthenticateRequest(const v1::Challenge& challenge,
                                      const crypto::DeviceIdentity& d) {
  return client::MakeAuthenticate(challenge, d);
}

crypto::DeviceIdentity CopyDevice(const crypto::DeviceIdentity& device) {
  return std::move(crypto::DeviceIdentity::Parse(device.SerializeSecret().view())).value();
}

std::string EncodeWithId(v1::ClientMessage req, uint64_t request_id) {
  req.set_request_id(request_id);
  return protocol::Encode(req);
}

Status WireSession::Open(int port, const RawWsOptions& options) {
  WB_RETURN_IF_ERROR(ws.Connect(port, options));
  WB_ASSIGN_OR_RETURN(v1::ServerMessage first, ws.ReadMessage());
  if (!first.has_challenge()) return DataLoss("the first frame is not a challenge");
  challenge = first.challenge();
  return Status::Ok();
}

Result<v1::AuthResult> WireSession::AuthCall(v1::ClientMessage req) {
  WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(req)));
  if (reply.has_error())
    return Status(Code::kPermissionDenied, v1::ErrorCode_Name(reply.error().code()));
  if (!reply.has_auth_result()) return DataLoss("no AuthResult");
  return reply.auth_result();
}

Result<v1::AuthResult> WireSession::Register(const crypto::DeviceIdentity& device,
                                             const std::string& invite, const std::string& name) {
  return AuthCall(RegisterRequest(challenge, device, invite, name));
}

Result<v1::AuthResult> WireSession::Authenticate(const crypto::DeviceIdentity& device) {
  return AuthCall(AuthenticateRequest(challenge, device));
}

Result<v1::ServerMessage> WireSession::Call(v1::ClientMessage req, Timeout timeout) {
  uint64_t rid = next_id_++;
  WB_RETURN_IF_ERROR(ws.SendBinary(EncodeWithId(std::move(req), rid), timeout));
  return ws.ReadReply(rid, timeout);
}

v1::ClientMessage PingReq() {
  v1::ClientMessage m;
  m.mutable_ping();
  return m;
}

v1::ClientMessage CreateCommunityReq(const std::string& name) {
  v1::ClientMessage m;
  m.mutable_create_community()->set_name(name);
  return m;
}

v1::ClientMessage CreateGroupReq(const std::string& community_id, const std::string& name) {
  v1::ClientMessage m;
  m.mutable_create_group()->set_community_id(community_id);
  m.mutable_create_group()->set_name(name);
  return m;
}

v1::ClientMessage InviteReq(v1::InviteKind kind, v1::Role role, const std::string& scope_id,
                            uint32_t ttl_seconds) {
  v1::ClientMessage m;
  v1::CreateInvite* c = m.mutable_create_invite();
  c->set_kind(kind);
  c->set_role(role);
  if (kind == v1::INVITE_COMMUNITY) c->set_community_id(scope_id);
  if (kind == v1::INVITE_GROUP) c->set_group_id(scope_id);
  c->set_ttl_seconds(ttl_seconds);
  return m;
}

v1::ClientMessage RemoveMemberReq(const std::string& group_id, const std::string& user_id) {
  v1::ClientMessage m;
  m.mutable_remove_member()->set_group_id(group_id);
  m.mutable_remove_member()->set_user_id(user_id);
  return m;
}

v1::ClientMessage GetGroupReq(const std::string& group_id) {
  v1::ClientMessage m;
  m.mutable_get_group()->set_group_id(group_id);
  return m;
}

v1::ClientMessage SendGroupReq(const std::string& group_id, uint64_t epoch,
                               const std::string& client_msg_id, const std::string& ciphertext) {
  v1::ClientMessage m;
  v1::SendGroupMessage* s = m.mutable_send_group();
  s->set_group_id(group_id);
  s->set_epoch(epoch);
  s->set_client_msg_id(client_msg_id);
  s->set_ciphertext(ciphertext);
  return m;
}

v1::ClientMessage SyncGroupReq(const std::string& group_id, uint64_t after_seq, uint32_t limit) {
  v1::ClientMessage m;
  m.mutable_sync_group()->set_group_id(group_id);
  m.mutable_sync_group()->set_after_seq(after_seq);
  m.mutable_sync_group()->set_limit(limit);
  return m;
}

}  // namespace weerbaar::testing
