// Client::SendText and SendContent: sender-key rotation, distribution and the encrypted send;
// passing a partner channel's key on to the channel's other partner devices.
#include <algorithm>
#include <optional>

#include "clients/client.h"
#include "clients/group_crypto.h"
#include "clients/group_state.h"
#include "crypto/primitives.h"
#include "protocol/codec.h"

namespace weerbaar::client {
namespace {

constexpr size_t kClientMsgIdBytes = 16;  // of a group message

std::string Short(const std::string& id) { return HexEncode(AsBytes(id)).substr(0, 8); }

// The sealed content for one device, or nullopt (with a warning) if its keys are bad.
std::optional<v1::DirectEnvelope> EnvelopeFor(const crypto::DeviceIdentity& me,
                                              const v1::DeviceInfo& device,
                                              const v1::DirectContent& content,
                                              std::vector<std::string>& warnings) {
  auto envelope = SealedEnvelope(me, device, content);
  if (envelope.ok()) return std::move(*envelope);
  warnings.push_back("did not share the key with device " + Short(device.device_id()) + ": " +
                     envelope.status().message());
  return std::nullopt;
}

// The envelopes holding `content` for every listed device except `me` and those in `done`.
std::vector<v1::DirectEnvelope> EnvelopesFor(
    const crypto::DeviceIdentity& me, const google::protobuf::RepeatedPtrField<v1::Member>& members,
    const google::protobuf::RepeatedPtrField<std::string>& done, const v1::DirectContent& content,
    std::vector<std::string>& warnings) {
  std::vector<v1::DirectEnvelope> envelopes;
  for (const v1::Member& member : members)
    for (const v1::DeviceInfo& device : member.devices()) {
      if (SameBytes(device.device_id(), me.device_id())) continue;
      if (std::find(done.begin(), done.end(), device.device_id()) != done.end()) continue;
      auto envelope = EnvelopeFor(me, device, content, warnings);
      if (envelope) envelopes.push_back(std::move(*envelope));
    }
  return envelopes;
}

// The history entry for a message this device sent.
HistoryEntry OwnEntry(const ClientState& me, uint64_t seq, int64_t now, std::string text) {
  HistoryEntry entry;
  entry.set_seq(seq);
  entry.set_sender_user(me.user_id());
  entry.set_sender_device(me.device_id());
  entry.set_server_time_ms(static_cast<uint64_t>(now));
  entry.set_sent_at_ms(static_cast<uint64_t>(now));
  entry.set_text(std::move(text));
  entry.set_decrypted(true);
  return entry;
}

}  // namespace

Result<SendResult> Client::SendText(ByteView group_id, std::string_view text) {
  if (!joined()) return FailedPrecondition("this profile has not joined a server");
  if (text.empty()) return InvalidArgument("empty message");
  if (text.size() > kMaxTextBytes) return InvalidArgument("message text is too long");
  v1::GroupContent content;
  content.mutable_text()->set_text(std::string(text));
  return SendContent(group_id, content);
}

Result<SendResult> Client::SendContent(ByteView group_id, const v1::GroupContent& content) {
  for (int attempt = 0;; ++attempt) {
    WB_ASSIGN_OR_RETURN(v1::GroupInfo group, GetGroup(group_id));
    auto sent = EncryptAndSend(group, content);
    // Only STALE_EPOCH maps to kFailedPrecondition: the group changed between GetGroup
    // and the send, so refresh, rotate and re-encrypt (under a new client_msg_id) once.
    if (sent.ok() || sent.status().code() != Code::kFailedPrecondition || attempt > 0) return sent;
  }
}

Result<crypto::SenderKey> Client::CurrentSenderKey(const v1::GroupInfo& group) {
  GroupState& state = GroupFor(state_, AsBytes(group.group_id()));
  if (state.has_my_key() && state.my_key().epoch() == group.epoch()) {
    auto key = crypto::SenderKey::Parse(AsBytes(state.my_key().serialized()));
    if (key.ok()) return key;
    Warn("this device's sender key for the group was damaged; made a new one");
  }
  WB_ASSIGN_OR_RETURN(
      crypto::SenderKey key,
      RotateSenderKey(state, identity_->device_id(), AsBytes(state_.user_id()), group.epoch()));
  WB_RETURN_IF_ERROR(Save());
  return key;
}

Result<size_t> Client::ShareSenderKey(const v1::GroupInfo& group, const crypto::SenderKey& key) {
  GroupState& state = GroupFor(state_, AsBytes(group.group_id()));
  v1::DirectContent content;
  v1::SenderKeyShare* share = content.mutable_sender_key();
  share->set_group_id(group.group_id());
  share->set_epoch(group.epoch());
  share->set_distribution(std::string(AsChars(key.Distribution().Serialize().view())));
  std::vector<v1::DirectEnvelope> envelopes = EnvelopesFor(
      *identity_, group.members(), state.my_key().distributed_to(), content, warnings_);
  WipeSecret(*share->mutable_distribution());
  size_t count = envelopes.size();
  WB_RETURN_IF_ERROR(
      SendEnvelopes(std::move(envelopes), *state.mutable_my_key()->mutable_distributed_to()));
  return count;
}

Result<size_t> Client::ShareChannelKey(PartnerChannel& channel) {
  if (channel.secret_key().empty()) return size_t{0};
  WB_ASSIGN_OR_RETURN(v1::ChannelPartners partners,
                      ListChannelPartners(AsBytes(channel.channel_id())));
  v1::DirectContent content;
  content.mutable_channel_key()->set_channel_id(channel.channel_id());
  content.mutable_channel_key()->set_secret_key(channel.secret_key());
  std::vector<v1::DirectEnvelope> envelopes =
      EnvelopesFor(*identity_, partners.partners(), channel.key_given_to(), content, warnings_);
  WipeSecret(*content.mutable_channel_key()->mutable_secret_key());
  size_t count = envelopes.size();
  WB_RETURN_IF_ERROR(SendEnvelopes(std::move(envelopes), *channel.mutable_key_given_to()));
  return count;
}

Status Client::SendEnvelopes(std::vector<v1::DirectEnvelope> envelopes,
                             google::protobuf::RepeatedPtrField<std::string>& sent_to) {
  const size_t batch = protocol::Limits{}.max_direct_envelopes;
  for (size_t begin = 0; begin < envelopes.size(); begin += batch) {
    size_t end = std::min(envelopes.size(), begin + batch);
    v1::ClientMessage request;
    for (size_t i = begin; i < end; ++i)
      *request.mutable_send_direct()->add_envelopes() = envelopes[i];
    WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(request)));
    if (!reply.has_direct_ack()) return DataLoss("unexpected reply from the server");
    for (size_t i = begin; i < end; ++i) sent_to.Add(std::string(envelopes[i].to_device()));
    WB_RETURN_IF_ERROR(Save());
  }
  return Status::Ok();
}

Result<SendResult> Client::EncryptAndSend(const v1::GroupInfo& group, v1::GroupContent content) {
  ByteView group_id = AsBytes(group.group_id());
  WB_ASSIGN_OR_RETURN(crypto::SenderKey key, CurrentSenderKey(group));
  WB_ASSIGN_OR_RETURN(size_t shared, ShareSenderKey(group, key));
  int64_t now = options_.clock->NowMillis();
  content.set_sent_at_ms(static_cast<uint64_t>(now));
  WB_ASSIGN_OR_RETURN(Bytes ciphertext, EncryptGroupContent(key, group_id, identity_->device_id(),
                                                            group.epoch(), content));
  GroupState& state = GroupFor(state_, group_id);
  state.mutable_my_key()->set_serialized(std::string(AsChars(key.Serialize().view())));
  // The advanced chain is on disk before the message leaves: no message key is reused.
  WB_RETURN_IF_ERROR(Save());
  v1::ClientMessage request;
  v1::SendGroupMessage* send = request.mutable_send_group();
  send->set_group_id(group.group_id());
  send->set_epoch(group.epoch());
  send->set_client_msg_id(ToString(crypto::RandomBytes(kClientMsgIdBytes)));
  send->set_ciphertext(ToString(ciphertext));
  WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(request)));
  if (!reply.has_send_ack()) return DataLoss("unexpected reply from the server");
  HistoryEntry entry = OwnEntry(state_, reply.send_ack().seq(), now, RenderContent(content));
  entry.set_sender_name(NameOf(state, AsBytes(state_.user_id())));
  AddHistory(state, std::move(entry));
  WB_RETURN_IF_ERROR(Save());
  return SendResult{reply.send_ack().seq(), reply.send_ack().duplicate(), group.epoch(), shared};
}

}  // namespace weerbaar::client
