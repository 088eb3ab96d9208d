// Request builders for the relay tests.
#include "server/relay_test_util.h"

namespace weerbaar::server {

v1::ClientMessage CreateCommunityReq(const std::string& name) {
  v1::ClientMessage req;
  req.mutable_create_community()->set_name(name);
  return req;
}

v1::ClientMessage SetCommunityAreaReq(const std::string& community_id, const std::string& area) {
  v1::ClientMessage req;
  req.mutable_set_community_area()->set_community_id(community_id);
  req.mutable_set_community_area()->set_area(area);
  return req;
}

v1::ClientMessage CreateGroupReq(const std::string& community_id, const std::string& name) {
  v1::ClientMessage req;
  req.mutable_create_group()->set_community_id(community_id);
  req.mutable_create_group()->set_name(name);
  return req;
}

v1::ClientMessage CreateInviteReq(v1::InviteKind kind, v1::Role role, const std::string& scope) {
  v1::ClientMessage req;
  v1::CreateInvite* c = req.mutable_create_invite();
  c->set_kind(kind);
  c->set_role(role);
  if (kind == v1::INVITE_COMMUNITY) c->set_community_id(scope);
  if (kind == v1::INVITE_GROUP) c->set_group_id(scope);
  if (kind == v1::INVITE_CHANNEL) c->set_channel_id(scope);
  return req;
}

v1::ClientMessage RemoveMemberReq(const std::string& group_id, const std::string& user_id) {
  v1::ClientMessage req;
  req.mutable_remove_member()->set_group_id(group_id);
  req.mutable_remove_member()->set_user_id(user_id);
  return req;
}

v1::ClientMessage GetGroupReq(const std::string& group_id) {
  v1::ClientMessage req;
  req.mutable_get_group()->set_group_id(group_id);
  return req;
}

v1::ClientMessage ListGroupsReq() {
  v1::ClientMessage req;
  req.mutable_list_groups();
  return req;
}

v1::ClientMessage ListCommunitiesReq() {
  v1::ClientMessage req;
  req.mutable_list_communities();
  return req;
}

v1::ClientMessage SendGroupReq(const std::string& group_id, uint64_t epoch,
                               const std::string& client_msg_id, const std::string& ciphertext) {
  v1::ClientMessage req;
  v1::SendGroupMessage* s = req.mutable_send_group();
  s->set_group_id(group_id);
  s->set_epoch(epoch);
  s->set_client_msg_id(client_msg_id);
  s->set_ciphertext(ciphertext);
  return req;
}

v1::ClientMessage SyncGroupReq(const std::string& group_id, uint64_t after_seq, uint32_t limit) {
  v1::ClientMessage req;
  req.mutable_sync_group()->set_group_id(group_id);
  req.mutable_sync_group()->set_after_seq(after_seq);
  req.mutable_sync_group()->set_limit(limit);
  return req;
}

v1::ClientMessage SetCursorReq(const std::string& group_id, uint64_t seq) {
  v1::ClientMessage req;
  req.mutable_set_cursor()->set_group_id(group_id);
  req.mutable_set_cursor()->set_seq(seq);
  return req;
}

v1::ClientMessage SendDirectReq(const std::string& to_device, const std::string& client_msg_id) {
  v1::ClientMessage req;
  v1::DirectEnvelope* e = req.mutable_send_direct()->add_envelopes();
  e->set_to_device(to_device);
  e->set_client_msg_id(client_msg_id);
  e->set_payload("boxed sender key");
  return req;
}

}  // namespace weerbaar::server
