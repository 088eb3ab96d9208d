// Client::SendText and SendContent: sender-key rotation, distribution and the encrypted send.
#include <optional>

#include "clients/client.h"
#include "clients/group_crypto.h"
#include "clients/group_state.h"
#include "crypto/primitives.h"
#include "protocol/codec.h"

namespace weerbaar::client {
namespace {

constexpr size_t kClientMsgIdBytes = 16;

std::string Short(const std::string& id) { return HexEncode(AsBytes(id)).substr(0, 8); }

// The sealed share for one device, or nullopt (with a warning) if its keys are bad.
std::optional<v1::DirectEnvelope> EnvelopeFor(const crypto::DeviceIdentity& me,
                                              const v1::DeviceInfo& device,
                                              const v1::GroupInfo& group,
                                              const crypto::SenderKeyDistribution& d,
                                              std::vector<std::string>& warnings) {
  Status verified = VerifyDeviceKeys(device);
  auto box = verified.ok()
                 ? SealSenderKeyShare(me, device, AsBytes(group.group_id()), group.epoch(), d)
                 : Result<Bytes>(verified);
  if (!box.ok()) {
    warnings.push_back("did not share the key with device " + Short(device.device_id()) + ": " +
                       box.status().message());
    return std::nullopt;
  }
  v1::DirectEnvelope envelope;
  envelope.set_to_device(device.device_id());
  envelope.set_client_msg_id(ToString(crypto::RandomBytes(kClientMsgIdBytes)));
  envelope.set_payload(ToString(*box));
  return envelope;
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
  const GroupState& state = GroupFor(state_, AsBytes(group.group_id()));
  crypto::SenderKeyDistribution distribution = key.Distribution();
  std::vector<v1::DirectEnvelope> envelopes;
  for (const v1::Member& member : group.members()) {
    for (const v1::DeviceInfo& device : member.devices()) {
      if (device.device_id() == state_.device_id()) continue;
      if (WasDistributedTo(state.my_key(), AsBytes(device.device_id()))) continue;
      auto envelope = EnvelopeFor(*identity_, device, group, distribution, warnings_);
      if (envelope) envelopes.push_back(std::move(*envelope));
    }
  }
  size_t count = envelopes.size();
  WB_RETURN_IF_ERROR(SendEnvelopes(group, std::move(envelopes)));
  return count;
}

Status Client::SendEnvelopes(const v1::GroupInfo& group,
                             std::vector<v1::DirectEnvelope> envelopes) {
  const size_t batch = protocol::Limits{}.max_direct_envelopes;
  for (size_t begin = 0; begin < envelopes.size(); begin += batch) {
    size_t end = std::min(envelopes.size(), begin + batch);
    v1::ClientMessage request;
    for (size_t i = begin; i < end; ++i)
      *request.mutable_send_direct()->add_envelopes() = envelopes[i];
    WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(request)));
    if (!reply.has_direct_ack()) return DataLoss("unexpected reply from the server");
    OwnSenderKey* mine = GroupFor(state_, AsBytes(group.group_id())).mutable_my_key();
    for (size_t i = begin; i < end; ++i) mine->add_distributed_to(envelopes[i].to_device());
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
