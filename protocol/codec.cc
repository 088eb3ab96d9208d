#include "protocol/codec.h"

#include "protocol/validate_retention.h"

namespace weerbaar::protocol {
namespace {

using v1::ClientMessage;

Status Bad(std::string what) { return InvalidArgument(std::move(what)); }

Status CheckKeys(const v1::DeviceKeys& k) {
  if (k.signing_key().size() != kKeyBytes || k.agreement_key().size() != kKeyBytes ||
      k.agreement_sig().size() != kSignatureBytes)
    return Bad("device keys have wrong sizes");
  return Status::Ok();
}

Status ValidateRegister(const v1::Register& r, const Limits& l) {
  if (r.invite().empty() || r.invite().size() > l.max_invite_bytes) return Bad("bad invite");
  WB_RETURN_IF_ERROR(CheckKeys(r.keys()));
  if (r.signature().size() != kSignatureBytes) return Bad("bad signature size");
  if (!r.display_name().empty()) WB_RETURN_IF_ERROR(CheckName(r.display_name(), l));
  return Status::Ok();
}

Status ValidateInvite(const v1::CreateInvite& c, const Limits& l) {
  if (c.ttl_seconds() > l.max_invite_ttl_seconds) return Bad("invite ttl too long");
  switch (c.kind()) {
    case v1::INVITE_ADMIN:
    case v1::INVITE_DEVICE_LINK:
      return Status::Ok();
    case v1::INVITE_COMMUNITY:
      if (c.role() != v1::ROLE_RESIDENT && c.role() != v1::ROLE_LEADER &&
          c.role() != v1::ROLE_PARTNER)
        return Bad("community invite needs a resident, leader or partner role");
      return CheckId(c.community_id(), "community_id");
    case v1::INVITE_GROUP:
      return CheckId(c.group_id(), "group_id");
    case v1::INVITE_CHANNEL:
      return CheckId(c.channel_id(), "channel_id");
    default:
      return Bad("unknown invite kind");
  }
}

Status ValidateSend(const v1::SendGroupMessage& s, const Limits& l) {
  WB_RETURN_IF_ERROR(CheckId(s.group_id(), "group_id"));
  WB_RETURN_IF_ERROR(CheckId(s.client_msg_id(), "client_msg_id"));
  if (s.ciphertext().empty()) return Bad("empty ciphertext");
  if (s.ciphertext().size() > l.max_ciphertext_bytes) return Bad("ciphertext too large");
  return Status::Ok();
}

Status ValidateDirect(const v1::SendDirect& d, const Limits& l) {
  if (d.envelopes_size() == 0) return Bad("no envelopes");
  if (static_cast<size_t>(d.envelopes_size()) > l.max_direct_envelopes)
    return Bad("too many envelopes");
  for (const auto& e : d.envelopes()) {
    WB_RETURN_IF_ERROR(CheckId(e.to_device(), "to_device"));
    WB_RETURN_IF_ERROR(CheckId(e.client_msg_id(), "client_msg_id"));
    if (e.payload().empty() || e.payload().size() > l.max_direct_payload_bytes)
      return Bad("payload size out of range");
  }
  return Status::Ok();
}

}  // namespace

Status CheckId(const std::string& id, const char* field) {
  if (id.size() != kIdBytes) return Bad(std::string(field) + " must be 16 bytes");
  return Status::Ok();
}

Status CheckName(const std::string& name, const Limits& l) {
  if (name.empty() || name.size() > l.max_name_bytes) return Bad("name length out of range");
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f) return Bad("name has control characters");
  return Status::Ok();
}

Status CheckArea(const std::string& area) {
  if (area.size() < kMinAreaChars || area.size() > kMaxAreaChars)
    return Bad("area must be a geohash of 4-6 characters");
  return Status::Ok();
}

namespace {

Status ValidateCreateCommunity(const v1::CreateCommunity& c, const Limits& l) {
  if (!c.area().empty()) WB_RETURN_IF_ERROR(CheckArea(c.area()));
  return CheckName(c.name(), l);
}

}  // namespace

Status ValidateClientMessage(const ClientMessage& m, const Limits& l) {
  if (m.request_id() == 0) return Bad("request_id must be non-zero");
  switch (m.body_case()) {
    case ClientMessage::kAuthenticate:
      WB_RETURN_IF_ERROR(CheckId(m.authenticate().device_id(), "device_id"));
      if (m.authenticate().signature().size() != kSignatureBytes) return Bad("bad signature size");
      return Status::Ok();
    case ClientMessage::kRegister:
      return ValidateRegister(m.register_(), l);
    case ClientMessage::kCreateCommunity:
      return ValidateCreateCommunity(m.create_community(), l);
    case ClientMessage::kSetCommunityArea:
      WB_RETURN_IF_ERROR(CheckId(m.set_community_area().community_id(), "community_id"));
      return CheckArea(m.set_community_area().area());
    case ClientMessage::kCreateGroup:
      WB_RETURN_IF_ERROR(CheckId(m.create_group().community_id(), "community_id"));
      return CheckName(m.create_group().name(), l);
    case ClientMessage::kCreateInvite:
      return ValidateInvite(m.create_invite(), l);
    case ClientMessage::kRemoveMember:
      WB_RETURN_IF_ERROR(CheckId(m.remove_member().group_id(), "group_id"));
      return CheckId(m.remove_member().user_id(), "user_id");
    case ClientMessage::kListGroups:
    case ClientMessage::kListCommunities:
    case ClientMessage::kPing:
      return Status::Ok();
    case ClientMessage::kGetGroup:
      return CheckId(m.get_group().group_id(), "group_id");
    case ClientMessage::kSendGroup:
      return ValidateSend(m.send_group(), l);
    case ClientMessage::kSyncGroup:
      if (m.sync_group().limit() > l.max_sync_limit) return Bad("limit too large");
      return CheckId(m.sync_group().group_id(), "group_id");
    case ClientMessage::kSendDirect:
      return ValidateDirect(m.send_direct(), l);
    case ClientMessage::kSyncInbox:
      if (m.sync_inbox().limit() > l.max_sync_limit) return Bad("limit too large");
      return Status::Ok();
    case ClientMessage::kAckInbox:
      return Status::Ok();
    case ClientMessage::kSetCursor:
      return CheckId(m.set_cursor().group_id(), "group_id");
    case ClientMessage::kGetRetention:
    case ClientMessage::kSetRetentionPolicy:
    case ClientMessage::kSetCommunityRetention:
    case ClientMessage::kEraseAccount:
    case ClientMessage::kExportAccount:
    case ClientMessage::kVerifyAudit:
    case ClientMessage::kGetRecordsOfProcessing:
      return ValidateRetentionRequest(m);
    case ClientMessage::BODY_NOT_SET:
      return Bad("unknown or missing message type");
    default:
      return ValidateSignalMessage(m, l);
  }
}

Result<v1::ClientMessage> DecodeClientMessage(std::string_view frame, const Limits& limits) {
  if (frame.size() > limits.max_frame_bytes) return Bad("frame too large");
  v1::ClientMessage msg;
  if (!msg.ParseFromArray(frame.data(), static_cast<int>(frame.size())))
    return Bad("undecodable message");
  WB_RETURN_IF_ERROR(ValidateClientMessage(msg, limits));
  return msg;
}

Result<v1::ServerMessage> DecodeServerMessage(std::string_view frame) {
  v1::ServerMessage msg;
  if (!msg.ParseFromArray(frame.data(), static_cast<int>(frame.size())))
    return Bad("undecodable server message");
  return msg;
}

std::string Encode(const google::protobuf::MessageLite& msg) { return msg.SerializeAsString(); }

}  // namespace weerbaar::protocol
