#include "server/wire.h"

#include "protocol/codec.h"

namespace weerbaar::server {

Frame EncodeFrame(const v1::ServerMessage& msg) {
  return std::make_shared<const std::string>(protocol::Encode(msg));
}

v1::ServerMessage ErrorReply(uint64_t request_id, v1::ErrorCode code, std::string_view message) {
  v1::ServerMessage reply;
  reply.set_request_id(request_id);
  reply.mutable_error()->set_code(code);
  reply.mutable_error()->set_message(std::string(message));
  return reply;
}

v1::ErrorCode ErrorCodeFor(Code code, v1::ErrorCode precondition) {
  switch (code) {
    case Code::kOk:
      return v1::ERROR_UNSPECIFIED;
    case Code::kInvalidArgument:
      return v1::BAD_REQUEST;
    case Code::kNotFound:
      return v1::NOT_FOUND;
    case Code::kAlreadyExists:
      return v1::ALREADY_EXISTS;
    case Code::kPermissionDenied:
      return v1::PERMISSION_DENIED;
    case Code::kUnauthenticated:
      return v1::UNAUTHENTICATED;
    case Code::kFailedPrecondition:
      return precondition;
    case Code::kResourceExhausted:
      return v1::RATE_LIMITED;
    case Code::kDeadlineExceeded:
    case Code::kUnavailable:
    case Code::kDataLoss:
    case Code::kInternal:
      return v1::UNAVAILABLE;
  }
  return v1::INTERNAL;
}

std::string_view SafeMessage(v1::ErrorCode code) {
  switch (code) {
    case v1::BAD_REQUEST:
      return "bad request";
    case v1::UNAUTHENTICATED:
      return "authentication failed";
    case v1::PERMISSION_DENIED:
      return "permission denied";
    case v1::NOT_FOUND:
      return "not found";
    case v1::ALREADY_EXISTS:
      return "already exists";
    case v1::STALE_EPOCH:
      return "stale epoch: refresh the group and rotate the sender key";
    case v1::INVITE_INVALID:
      return "invite unknown, used or expired";
    case v1::RATE_LIMITED:
      return "rate limited";
    case v1::TOO_LARGE:
      return "too large";
    case v1::UNAVAILABLE:
      return "temporarily unavailable; retry (the request may have taken effect)";
    default:
      return "internal error";
  }
}

v1::Role RoleToWire(storage::Role role) {
  switch (role) {
    case storage::Role::kResident:
      return v1::ROLE_RESIDENT;
    case storage::Role::kLeader:
      return v1::ROLE_LEADER;
    case storage::Role::kPartner:
      return v1::ROLE_PARTNER;
    case storage::Role::kAdmin:
      return v1::ROLE_ADMIN;
    case storage::Role::kNone:
      break;
  }
  return v1::ROLE_UNSPECIFIED;
}

storage::Role RoleFromWire(v1::Role role) {
  switch (role) {
    case v1::ROLE_RESIDENT:
      return storage::Role::kResident;
    case v1::ROLE_LEADER:
      return storage::Role::kLeader;
    case v1::ROLE_PARTNER:
      return storage::Role::kPartner;
    case v1::ROLE_ADMIN:
      return storage::Role::kAdmin;
    default:
      return storage::Role::kNone;
  }
}

storage::InviteKind InviteKindFromWire(v1::InviteKind kind) {
  switch (kind) {
    case v1::INVITE_ADMIN:
      return storage::InviteKind::kAdmin;
    case v1::INVITE_GROUP:
      return storage::InviteKind::kGroup;
    case v1::INVITE_DEVICE_LINK:
      return storage::InviteKind::kDeviceLink;
    case v1::INVITE_CHANNEL:
      return storage::InviteKind::kChannel;
    default:
      return storage::InviteKind::kCommunity;
  }
}

void MessageToWire(const storage::StoredMessage& in, v1::GroupMessage* out) {
  out->set_group_id(in.group_id);
  out->set_seq(in.seq);
  out->set_sender_device(in.sender_device);
  out->set_sender_user(in.sender_user);
  out->set_epoch(in.epoch);
  out->set_ciphertext(in.ciphertext);
  out->set_server_time_ms(static_cast<uint64_t>(in.server_time_ms));
  out->set_client_msg_id(in.client_msg_id);
}

void InboxToWire(const storage::InboxEntry& in, v1::InboxMessage* out) {
  out->set_seq(in.seq);
  out->set_from_device(in.from_device);
  out->set_from_user(in.from_user);
  out->set_payload(in.payload);
  out->set_server_time_ms(static_cast<uint64_t>(in.server_time_ms));
}

}  // namespace weerbaar::server
