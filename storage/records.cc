#include "storage/records.h"

#include "common/bytes.h"
#include "storage_records.pb.h"

namespace weerbaar::storage {
namespace {

template <typename Pb>
bool Parse(std::string_view in, Pb* pb) {
  return pb->ParseFromArray(in.data(), static_cast<int>(in.size()));
}

bool ValidKind(uint32_t kind) {
  return kind >= static_cast<uint32_t>(InviteKind::kAdmin) &&
         kind <= static_cast<uint32_t>(InviteKind::kChannel);
}

bool ValidRole(uint32_t role) { return role <= static_cast<uint32_t>(Role::kAdmin); }

// 0 (a record written before classes were stored) reads as a chat message.
bool DecodeClass(uint32_t stored, DataClass* out) {
  if (stored == 0) stored = static_cast<uint32_t>(DataClass::kChatMessage);
  if (stored > static_cast<uint32_t>(DataClass::kAuditEntry)) return false;
  *out = static_cast<DataClass>(stored);
  return true;
}

}  // namespace

std::string Encode(const UserRecord& r) {
  pb::User pb;
  pb.set_user_id(r.user_id);
  pb.set_display_name(r.display_name);
  pb.set_is_admin(r.is_admin);
  pb.set_created_ms(r.created_ms);
  return pb.SerializeAsString();
}

bool Decode(std::string_view in, UserRecord* r) {
  pb::User pb;
  if (!Parse(in, &pb)) return false;
  *r = {pb.user_id(), pb.display_name(), pb.is_admin(), pb.created_ms()};
  return true;
}

std::string Encode(const DeviceRecord& r) {
  pb::Device pb;
  pb.set_device_id(r.device_id);
  pb.set_user_id(r.user_id);
  pb.set_signing_key(r.signing_key);
  pb.set_agreement_key(r.agreement_key);
  pb.set_agreement_sig(r.agreement_sig);
  pb.set_created_ms(r.created_ms);
  return pb.SerializeAsString();
}

bool Decode(std::string_view in, DeviceRecord* r) {
  pb::Device pb;
  if (!Parse(in, &pb)) return false;
  *r = {pb.device_id(),     pb.user_id(),       pb.signing_key(),
        pb.agreement_key(), pb.agreement_sig(), pb.created_ms()};
  return true;
}

std::string Encode(const CommunityRecord& r) {
  pb::Community pb;
  pb.set_community_id(r.community_id);
  pb.set_name(r.name);
  pb.set_created_ms(r.created_ms);
  pb.set_area(r.area);
  return pb.SerializeAsString();
}

bool Decode(std::string_view in, CommunityRecord* r) {
  pb::Community pb;
  if (!Parse(in, &pb)) return false;
  *r = {pb.community_id(), pb.name(), pb.created_ms(), pb.area()};
  return true;
}

std::string Encode(const GroupRecord& r) {
  pb::Group pb;
  pb.set_group_id(r.group_id);
  pb.set_community_id(r.community_id);
  pb.set_name(r.name);
  pb.set_epoch(r.epoch);
  pb.set_last_seq(r.last_seq);
  pb.set_created_ms(r.created_ms);
  return pb.SerializeAsString();
}

bool Decode(std::string_view in, GroupRecord* r) {
  pb::Group pb;
  if (!Parse(in, &pb)) return false;
  *r = {pb.group_id(), pb.community_id(), pb.name(), pb.epoch(), pb.last_seq(), pb.created_ms()};
  return true;
}

std::string Encode(const InviteRecord& r) {
  pb::Invite pb;
  pb.set_token_hash(r.token_hash);
  pb.set_kind(static_cast<uint32_t>(r.kind));
  pb.set_role(static_cast<uint32_t>(r.role));
  pb.set_community_id(r.community_id);
  pb.set_group_id(r.group_id);
  pb.set_user_id(r.user_id);
  pb.set_created_by(r.created_by);
  pb.set_expires_ms(r.expires_ms);
  pb.set_channel_id(r.channel_id);
  return pb.SerializeAsString();
}

bool Decode(std::string_view in, InviteRecord* r) {
  pb::Invite pb;
  if (!Parse(in, &pb) || !ValidKind(pb.kind()) || !ValidRole(pb.role())) return false;
  *r = {pb.token_hash(),
        static_cast<InviteKind>(pb.kind()),
        static_cast<Role>(pb.role()),
        pb.community_id(),
        pb.group_id(),
        pb.user_id(),
        pb.channel_id(),
        pb.created_by(),
        pb.expires_ms()};
  return true;
}

std::string Encode(const StoredMessage& r) {
  pb::Message pb;
  pb.set_group_id(r.group_id);
  pb.set_seq(r.seq);
  pb.set_sender_device(r.sender_device);
  pb.set_sender_user(r.sender_user);
  pb.set_epoch(r.epoch);
  pb.set_client_msg_id(r.client_msg_id);
  pb.set_ciphertext(r.ciphertext);
  pb.set_server_time_ms(r.server_time_ms);
  pb.set_data_class(static_cast<uint32_t>(r.data_class));
  return pb.SerializeAsString();
}

bool Decode(std::string_view in, StoredMessage* r) {
  pb::Message pb;
  if (!Parse(in, &pb)) return false;
  *r = {pb.group_id(), pb.seq(),           pb.sender_device(), pb.sender_user(),
        pb.epoch(),    pb.client_msg_id(), pb.ciphertext(),    pb.server_time_ms()};
  return DecodeClass(pb.data_class(), &r->data_class);
}

std::string Encode(const InboxEntry& r) {
  pb::Inbox pb;
  pb.set_device_id(r.device_id);
  pb.set_seq(r.seq);
  pb.set_from_device(r.from_device);
  pb.set_from_user(r.from_user);
  pb.set_client_msg_id(r.client_msg_id);
  pb.set_payload(r.payload);
  pb.set_server_time_ms(r.server_time_ms);
  pb.set_data_class(static_cast<uint32_t>(r.data_class));
  return pb.SerializeAsString();
}

bool Decode(std::string_view in, InboxEntry* r) {
  pb::Inbox pb;
  if (!Parse(in, &pb)) return false;
  *r = InboxEntry{pb.device_id(),     pb.seq(),     pb.from_device(),   pb.from_user(),
                  pb.client_msg_id(), pb.payload(), pb.server_time_ms()};
  return DecodeClass(pb.data_class(), &r->data_class);
}

std::string EncodeSeq(uint64_t seq) {
  std::string out;
  PutBigEndian64(out, seq);
  return out;
}

bool Decode(std::string_view in, uint64_t* seq) {
  if (in.size() != 8) return false;
  *seq = GetBigEndian64(in.data());
  return true;
}

std::string EncodeRole(Role role) { return std::string(1, static_cast<char>(role)); }

bool Decode(std::string_view in, Role* role) {
  if (in.size() != 1 || !ValidRole(static_cast<uint8_t>(in[0]))) return false;
  *role = static_cast<Role>(in[0]);
  return true;
}

bool IsMemberRole(Role role) {
  return role != Role::kNone && ValidRole(static_cast<uint32_t>(role));
}

}  // namespace weerbaar::storage
