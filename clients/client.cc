#include "clients/client.h"

#include <utility>

#include "clients/auth_request.h"
#include "clients/group_state.h"
#include "crypto/primitives.h"
#include "protocol/codec.h"

namespace weerbaar::client {
namespace {

constexpr Timeout kCloseTimeout{2'000};
constexpr size_t kServerIdBytes = 32;
constexpr size_t kNonceBytes = 32;

Status UnexpectedReply() { return DataLoss("unexpected reply from the server"); }

}  // namespace

Client::Client(Profile profile, ClientOptions options)
    : profile_(std::move(profile)), options_(options) {}
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;
Client::~Client() = default;

Result<Client> Client::Open(Profile profile, ClientOptions options) {
  WB_RETURN_IF_ERROR(crypto::Init());
  Client client(std::move(profile), options);
  if (!client.profile_.HasState()) return client;
  WB_ASSIGN_OR_RETURN(client.state_, client.profile_.LoadState());
  WB_ASSIGN_OR_RETURN(crypto::DeviceIdentity identity, client.profile_.LoadIdentity());
  if (!SameBytes(client.state_.device_id(), identity.device_id()))
    return DataLoss("identity.key does not belong to state.pb in " + client.profile_.dir());
  client.identity_.emplace(std::move(identity));
  return client;
}

Status Client::Save() { return profile_.SaveState(state_); }

Result<v1::ServerMessage> Client::Call(v1::ClientMessage request) {
  return conn_.Call(std::move(request), options_.request_timeout);
}

Status Client::CheckChallenge() const {
  const v1::Challenge& c = conn_.challenge();
  if (c.protocol_version() != protocol::kProtocolVersion)
    return FailedPrecondition("the server speaks protocol version " +
                              std::to_string(c.protocol_version()) + ", this client speaks " +
                              std::to_string(protocol::kProtocolVersion));
  if (c.server_id().size() != kServerIdBytes || c.nonce().size() != kNonceBytes)
    return DataLoss("the server sent a malformed challenge");
  return Status::Ok();
}

Status Client::Join(std::string_view url, std::string_view invite, std::string_view name) {
  if (joined() || profile_.HasState()) return AlreadyExists("this profile has already joined");
  if (profile_.HasIdentity())
    return FailedPrecondition(profile_.identity_path() +
                              " exists without state; remove it or use another --profile");
  WB_RETURN_IF_ERROR(conn_.Connect(url, options_.connect_timeout));
  crypto::DeviceIdentity id = crypto::DeviceIdentity::Generate();
  Status st = CheckChallenge();
  // The key is on disk before the server knows it: a registered device never lacks it.
  if (st.ok()) st = profile_.CreateIdentity(id);
  if (st.ok()) {
    st = Register(id, invite, name);
    if (!st.ok()) (void)profile_.RemoveIdentity();
  }
  if (!st.ok()) {
    (void)conn_.Close(kCloseTimeout);
    return st;
  }
  state_.set_server_url(std::string(url));
  state_.set_server_id(conn_.challenge().server_id());
  state_.set_user_id(last_auth_.user_id());
  state_.set_device_id(ToString(id.device_id()));
  state_.set_is_admin(last_auth_.is_admin());
  state_.set_display_name(std::string(name));
  identity_.emplace(std::move(id));
  return Save();
}

Status Client::Register(const crypto::DeviceIdentity& id, std::string_view invite,
                        std::string_view name) {
  v1::ClientMessage request = MakeRegister(conn_.challenge(), id, invite, name);
  WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(request)));
  if (!reply.has_auth_result()) return UnexpectedReply();
  if (!SameBytes(reply.auth_result().device_id(), id.device_id()))
    return DataLoss("the server registered a different device id");
  last_auth_ = reply.auth_result();
  return Status::Ok();
}

Status Client::Connect() { return ConnectTo(state_.server_url()); }

Status Client::ConnectTo(std::string_view url) {
  if (!joined()) return FailedPrecondition("this profile has not joined a server: run join first");
  if (conn_.is_open()) return Status::Ok();
  conn_ = Connection();
  WB_RETURN_IF_ERROR(conn_.Connect(url, options_.connect_timeout));
  Status st = CheckChallenge();
  if (st.ok() && conn_.challenge().server_id() != state_.server_id())
    st = PermissionDenied("the server at " + std::string(url) +
                          " is not the server this profile joined; refusing to authenticate");
  if (st.ok()) st = Authenticate();
  if (!st.ok()) {
    (void)conn_.Close(kCloseTimeout);
    return st;
  }
  if (url == state_.server_url()) return Status::Ok();
  state_.set_server_url(std::string(url));
  return Save();
}

Status Client::Authenticate() {
  v1::ClientMessage request = MakeAuthenticate(conn_.challenge(), *identity_);
  WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(request)));
  if (!reply.has_auth_result()) return UnexpectedReply();
  last_auth_ = reply.auth_result();
  if (last_auth_.user_id() != state_.user_id() || last_auth_.device_id() != state_.device_id())
    return DataLoss("the server authenticated another user or device");
  if (last_auth_.is_admin() == state_.is_admin()) return Status::Ok();
  state_.set_is_admin(last_auth_.is_admin());
  return Save();
}

void Client::Close() { (void)conn_.Close(kCloseTimeout); }

Result<Bytes> Client::CreateCommunity(std::string_view name, std::string_view area) {
  v1::ClientMessage request;
  request.mutable_create_community()->set_name(std::string(name));
  request.mutable_create_community()->set_area(std::string(area));
  WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(request)));
  if (!reply.has_community_created()) return UnexpectedReply();
  return ToBytes(reply.community_created().community_id());
}

Result<v1::GroupCreated> Client::CreateGroup(ByteView community_id, std::string_view name) {
  v1::ClientMessage request;
  request.mutable_create_group()->set_community_id(ToString(community_id));
  request.mutable_create_group()->set_name(std::string(name));
  WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(request)));
  if (!reply.has_group_created()) return UnexpectedReply();
  return reply.group_created();
}

Result<v1::InviteCreated> Client::CreateInvite(const v1::CreateInvite& invite) {
  v1::ClientMessage request;
  *request.mutable_create_invite() = invite;
  WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(request)));
  if (!reply.has_invite_created()) return UnexpectedReply();
  return reply.invite_created();
}

Status Client::RemoveMember(ByteView group_id, ByteView user_id) {
  v1::ClientMessage request;
  request.mutable_remove_member()->set_group_id(ToString(group_id));
  request.mutable_remove_member()->set_user_id(ToString(user_id));
  WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(request)));
  return reply.has_ok() ? Status::Ok() : UnexpectedReply();
}

Status Client::SetCommunityArea(ByteView community_id, std::string_view area) {
  v1::ClientMessage request;
  request.mutable_set_community_area()->set_community_id(ToString(community_id));
  request.mutable_set_community_area()->set_area(std::string(area));
  WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(request)));
  return reply.has_ok() ? Status::Ok() : UnexpectedReply();
}

Result<std::vector<v1::CommunitySummary>> Client::ListCommunities() {
  v1::ClientMessage request;
  request.mutable_list_communities();
  WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(request)));
  if (!reply.has_community_list()) return UnexpectedReply();
  const auto& list = reply.community_list().communities();
  return std::vector<v1::CommunitySummary>(list.begin(), list.end());
}

Result<std::vector<v1::GroupSummary>> Client::ListGroups() {
  v1::ClientMessage request;
  request.mutable_list_groups();
  WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(request)));
  if (!reply.has_group_list()) return UnexpectedReply();
  const auto& list = reply.group_list().groups();
  return std::vector<v1::GroupSummary>(list.begin(), list.end());
}

Result<v1::GroupInfo> Client::GetGroup(ByteView group_id) {
  v1::ClientMessage request;
  request.mutable_get_group()->set_group_id(ToString(group_id));
  WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(request)));
  if (!reply.has_group_info() || !SameBytes(reply.group_info().group_id(), group_id))
    return UnexpectedReply();
  GroupState& group = GroupFor(state_, group_id);
  RememberNames(group, reply.group_info());
  group.set_epoch(reply.group_info().epoch());
  return reply.group_info();
}

Result<std::vector<HistoryEntry>> Client::History(ByteView group_id) const {
  const GroupState* group = FindGroup(state_, group_id);
  if (group == nullptr) return NotFound("no local history for this group");
  return std::vector<HistoryEntry>(group->history().begin(), group->history().end());
}

std::vector<std::string> Client::TakeWarnings() { return std::exchange(warnings_, {}); }

}  // namespace weerbaar::client
