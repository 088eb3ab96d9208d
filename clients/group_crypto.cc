#include "clients/group_crypto.h"

#include "clients/group_state.h"
#include "crypto/pairwise.h"
#include "crypto/primitives.h"
#include "protocol/codec.h"

namespace weerbaar::client {
namespace {

constexpr size_t kClientMsgIdBytes = 16;

std::string SecretToString(const crypto::SecretBytes& s) { return std::string(AsChars(s.view())); }

void PutLengthPrefixed(std::string& out, ByteView b) {
  PutBigEndian32(out, static_cast<uint32_t>(b.size()));
  out.append(AsChars(b));
}

HistoryEntry Undecryptable(HistoryEntry entry, std::string_view reason) {
  entry.set_decrypted(false);
  entry.set_text("[cannot decrypt: " + std::string(reason) + "]");
  return entry;
}

std::string_view ReasonFor(const Status& st) {
  switch (st.code()) {
    case Code::kAlreadyExists:
      return "replayed or older than the key";
    case Code::kPermissionDenied:
      return "bad signature";
    case Code::kResourceExhausted:
      return "too far ahead of the key";
    case Code::kDataLoss:
      return "authentication failed";
    default:
      return "malformed message";
  }
}

// The entry as the server describes it, before decryption.
HistoryEntry EntryFor(const GroupState& group, const v1::GroupMessage& m) {
  HistoryEntry e;
  e.set_seq(m.seq());
  e.set_sender_user(m.sender_user());
  e.set_sender_device(m.sender_device());
  e.set_server_time_ms(m.server_time_ms());
  e.set_sender_name(NameOf(group, AsBytes(m.sender_user())));
  return e;
}

HistoryEntry ReadContent(HistoryEntry entry, ByteView plaintext) {
  v1::GroupContent content;
  if (!content.ParseFromArray(plaintext.data(), static_cast<int>(plaintext.size())))
    return Undecryptable(std::move(entry), "unreadable content");
  entry.set_decrypted(true);
  entry.set_sent_at_ms(content.sent_at_ms());
  entry.set_text(RenderContent(content));
  return entry;
}

}  // namespace

Bytes GroupMessageAad(ByteView group_id, ByteView sender_device, uint64_t epoch) {
  std::string out;
  PutLengthPrefixed(out, group_id);
  PutLengthPrefixed(out, sender_device);
  PutBigEndian64(out, epoch);
  return ToBytes(out);
}

Status VerifyDeviceKeys(const v1::DeviceInfo& device) {
  const v1::DeviceKeys& k = device.keys();
  if (!SameBytes(device.device_id(), crypto::DeviceIdFor(AsBytes(k.signing_key()))))
    return PermissionDenied("device id does not match its signing key");
  if (!crypto::VerifyAgreementKey(AsBytes(k.signing_key()), AsBytes(k.agreement_key()),
                                  AsBytes(k.agreement_sig())))
    return PermissionDenied("device agreement key is not signed by its signing key");
  return Status::Ok();
}

Result<Bytes> SealDirectContent(const crypto::DeviceIdentity& me, const v1::DeviceInfo& to,
                                const v1::DirectContent& content) {
  std::string plaintext = protocol::Encode(content);
  auto box = crypto::SealPairwise(me, AsBytes(to.device_id()), AsBytes(to.keys().agreement_key()),
                                  kSenderKeyShareContext, AsBytes(plaintext));
  volatile char* p = plaintext.data();  // held a chain key or a channel key
  for (size_t i = 0; i < plaintext.size(); ++i) p[i] = 0;
  return box;
}

Result<v1::DirectEnvelope> SealedEnvelope(const crypto::DeviceIdentity& me,
                                          const v1::DeviceInfo& to,
                                          const v1::DirectContent& content) {
  WB_RETURN_IF_ERROR(VerifyDeviceKeys(to));
  WB_ASSIGN_OR_RETURN(Bytes box, SealDirectContent(me, to, content));
  v1::DirectEnvelope envelope;
  envelope.set_to_device(to.device_id());
  envelope.set_client_msg_id(ToString(crypto::RandomBytes(kClientMsgIdBytes)));
  envelope.set_payload(ToString(box));
  return envelope;
}

Result<v1::DirectContent> OpenDirectContent(const crypto::DeviceIdentity& me,
                                            const v1::DeviceInfo& from, ByteView box) {
  WB_ASSIGN_OR_RETURN(Bytes opened, crypto::OpenPairwise(me, AsBytes(from.device_id()),
                                                         AsBytes(from.keys().agreement_key()),
                                                         kSenderKeyShareContext, box));
  crypto::SecretBytes plaintext{ByteView(opened)};  // zeroes itself; wipe the plain copy now
  volatile uint8_t* p = opened.data();
  for (size_t i = 0; i < opened.size(); ++i) p[i] = 0;
  v1::DirectContent content;
  ByteView plain = plaintext.view();
  if (!content.ParseFromArray(plain.data(), static_cast<int>(plain.size())))
    return InvalidArgument("pairwise message does not parse");
  return content;
}

Result<Bytes> SealSenderKeyShare(const crypto::DeviceIdentity& me, const v1::DeviceInfo& to,
                                 ByteView group_id, uint64_t epoch,
                                 const crypto::SenderKeyDistribution& distribution) {
  v1::DirectContent content;
  v1::SenderKeyShare* share = content.mutable_sender_key();
  share->set_group_id(ToString(group_id));
  share->set_epoch(epoch);
  share->set_distribution(SecretToString(distribution.Serialize()));
  auto box = SealDirectContent(me, to, content);
  WipeSecret(*share->mutable_distribution());
  return box;
}

Result<v1::SenderKeyShare> OpenSenderKeyShare(const crypto::DeviceIdentity& me,
                                              const v1::DeviceInfo& from, ByteView box) {
  WB_ASSIGN_OR_RETURN(v1::DirectContent content, OpenDirectContent(me, from, box));
  return SenderKeyShareIn(content);
}

Result<v1::SenderKeyShare> SenderKeyShareIn(const v1::DirectContent& content) {
  if (!content.has_sender_key())
    return InvalidArgument("pairwise message is not a sender key share");
  if (content.sender_key().group_id().size() != protocol::kIdBytes)
    return InvalidArgument("sender key share has a bad group id");
  return content.sender_key();
}

Status AcceptSenderKeyShare(GroupState& group, const v1::SenderKeyShare& share,
                            ByteView sender_device, ByteView sender_user) {
  auto distribution = crypto::SenderKeyDistribution::Parse(AsBytes(share.distribution()));
  if (!distribution.ok()) return InvalidArgument("sender key share has a bad distribution");
  auto receiver = crypto::SenderKeyReceiver::FromDistribution(*distribution);
  ReceivedKey key;
  key.set_sender_device(ToString(sender_device));
  key.set_sender_user(ToString(sender_user));
  key.set_key_id(ToString(receiver.key_id()));
  key.set_epoch(share.epoch());
  key.set_serialized(SecretToString(receiver.Serialize()));
  PutReceivedKey(group, std::move(key));
  return Status::Ok();
}

Result<crypto::SenderKey> RotateSenderKey(GroupState& group, ByteView my_device, ByteView my_user,
                                          uint64_t epoch) {
  crypto::SenderKey key = crypto::SenderKey::Generate();
  v1::SenderKeyShare own;
  own.set_epoch(epoch);
  own.set_distribution(SecretToString(key.Distribution().Serialize()));
  WB_RETURN_IF_ERROR(AcceptSenderKeyShare(group, own, my_device, my_user));
  OwnSenderKey* mine = group.mutable_my_key();
  mine->Clear();
  mine->set_serialized(SecretToString(key.Serialize()));
  mine->set_epoch(epoch);
  return key;
}

Result<Bytes> EncryptGroupContent(crypto::SenderKey& key, ByteView group_id, ByteView my_device,
                                  uint64_t epoch, const v1::GroupContent& content) {
  std::string plaintext = protocol::Encode(content);
  if (plaintext.size() > kMaxContentBytes) return InvalidArgument("message is too long");
  return key.Encrypt(AsBytes(plaintext), GroupMessageAad(group_id, my_device, epoch));
}

Result<Bytes> EncryptGroupText(crypto::SenderKey& key, ByteView group_id, ByteView my_device,
                               uint64_t epoch, std::string_view text, int64_t sent_at_ms) {
  if (text.size() > kMaxTextBytes) return InvalidArgument("message text is too long");
  v1::GroupContent content;
  content.set_sent_at_ms(static_cast<uint64_t>(sent_at_ms));
  content.mutable_text()->set_text(std::string(text));
  return EncryptGroupContent(key, group_id, my_device, epoch, content);
}

HistoryEntry OpenGroupMessage(GroupState& group, const v1::GroupMessage& m) {
  HistoryEntry entry = EntryFor(group, m);
  auto header = crypto::PeekSenderKeyHeader(AsBytes(m.ciphertext()));
  if (!header.ok()) return Undecryptable(std::move(entry), "malformed message");
  ReceivedKey* key = FindReceivedKey(group, AsBytes(m.sender_device()), header->key_id);
  if (key == nullptr) return Undecryptable(std::move(entry), "no key from the sending device");
  if (key->epoch() != m.epoch())
    return Undecryptable(std::move(entry), "key belongs to another epoch");
  if (key->sender_user() != m.sender_user())
    return Undecryptable(std::move(entry), "sender does not own the key");
  auto receiver = crypto::SenderKeyReceiver::Parse(AsBytes(key->serialized()));
  if (!receiver.ok()) return Undecryptable(std::move(entry), "stored key is damaged");
  auto plaintext = receiver->Decrypt(
      AsBytes(m.ciphertext()),
      GroupMessageAad(AsBytes(m.group_id()), AsBytes(m.sender_device()), m.epoch()));
  if (!plaintext.ok()) return Undecryptable(std::move(entry), ReasonFor(plaintext.status()));
  key->set_serialized(SecretToString(receiver->Serialize()));
  return ReadContent(std::move(entry), *plaintext);
}

}  // namespace weerbaar::client
