// weerbaar-vectors verify: checks what the TypeScript code produced with the C++ code.
#include "clients/group_crypto.h"
#include "clients/vectors/fixtures.h"
#include "clients/vectors/generate.h"
#include "clients/vectors/share_vectors.h"
#include "crypto/pairwise.h"
#include "crypto/primitives.h"
#include "crypto/transcript.h"

namespace weerbaar::vectors {
namespace {

namespace json = boost::json;

Result<v1::DeviceInfo> SenderInfo(const json::object& sender) {
  v1::DeviceInfo info;
  WB_ASSIGN_OR_RETURN(Bytes id, HexMember(sender, "device_id"));
  WB_ASSIGN_OR_RETURN(Bytes signing, HexMember(sender, "signing_public"));
  WB_ASSIGN_OR_RETURN(Bytes agreement, HexMember(sender, "agreement_public"));
  WB_ASSIGN_OR_RETURN(Bytes sig, HexMember(sender, "agreement_sig"));
  info.set_device_id(ToString(id));
  info.mutable_keys()->set_signing_key(ToString(signing));
  info.mutable_keys()->set_agreement_key(ToString(agreement));
  info.mutable_keys()->set_agreement_sig(ToString(sig));
  return info;
}

Status CheckIdentity(const json::object& sender, const v1::DeviceInfo& info, Checks& c) {
  WB_ASSIGN_OR_RETURN(Bytes serialized, HexMember(sender, "serialized"));
  auto parsed = crypto::DeviceIdentity::Parse(serialized);
  WB_RETURN_IF_ERROR(c.Expect(parsed.ok(), "the TypeScript identity parses"));
  WB_RETURN_IF_ERROR(c.Expect(ToString(parsed->device_id()) == info.device_id(),
                              "the device id is DeviceIdFor(signing key)"));
  return c.Expect(client::VerifyDeviceKeys(info).ok(), "the device keys verify");
}

Status CheckTranscript(const json::object& t, ByteView signing_public, Checks& c) {
  WB_ASSIGN_OR_RETURN(std::string purpose, StringMember(t, "purpose"));
  WB_ASSIGN_OR_RETURN(Bytes server_id, HexMember(t, "server_id"));
  WB_ASSIGN_OR_RETURN(Bytes nonce, HexMember(t, "nonce"));
  WB_ASSIGN_OR_RETURN(Bytes device_id, HexMember(t, "device_id"));
  WB_ASSIGN_OR_RETURN(Bytes extra, HexMember(t, "extra"));
  WB_ASSIGN_OR_RETURN(Bytes sig, HexMember(t, "signature"));
  WB_ASSIGN_OR_RETURN(Bytes encoded, HexMember(t, "encoded"));
  crypto::AuthTranscript transcript{purpose, 1, server_id, nonce, device_id, extra};
  WB_RETURN_IF_ERROR(c.Expect(crypto::EncodeAuthTranscript(transcript) == encoded,
                              "the transcript encodes to the same bytes"));
  WB_RETURN_IF_ERROR(c.Expect(crypto::VerifyAuthTranscript(signing_public, transcript, sig),
                              "the transcript signature verifies"));
  nonce[0] ^= 1;
  return c.Expect(!crypto::VerifyAuthTranscript(signing_public, transcript, sig),
                  "the signature does not verify for another nonce");
}

Status CheckPairwise(const json::object& p, const crypto::DeviceIdentity& bob,
                     const v1::DeviceInfo& from, Checks& c) {
  WB_ASSIGN_OR_RETURN(std::string context, StringMember(p, "context"));
  WB_ASSIGN_OR_RETURN(Bytes plaintext, HexMember(p, "plaintext"));
  WB_ASSIGN_OR_RETURN(Bytes box, HexMember(p, "box"));
  auto opened = crypto::OpenPairwise(bob, AsBytes(from.device_id()),
                                     AsBytes(from.keys().agreement_key()), context, box);
  return c.Expect(opened.ok() && *opened == plaintext, "the pairwise box opens");
}

// Where the messages claim to come from (checked hex, as the server would relay them).
struct Origin {
  Bytes group_id;
  Bytes sender_user;
  uint64_t epoch = 0;
};

Result<Origin> OriginOf(const json::object& in) {
  Origin o;
  WB_ASSIGN_OR_RETURN(o.group_id, HexMember(in, "group_id"));
  WB_ASSIGN_OR_RETURN(o.sender_user, HexMember(in, "sender_user"));
  const json::value* epoch = in.if_contains("epoch");
  if (epoch == nullptr || !epoch->is_int64() || epoch->as_int64() < 0)
    return InvalidArgument("missing number: epoch");
  o.epoch = static_cast<uint64_t>(epoch->as_int64());
  return o;
}

v1::GroupMessage MessageFor(const Origin& o, const v1::DeviceInfo& from, const Bytes& ct,
                            uint64_t seq) {
  v1::GroupMessage m;
  m.set_group_id(ToString(o.group_id));
  m.set_seq(seq);
  m.set_sender_device(from.device_id());
  m.set_sender_user(ToString(o.sender_user));
  m.set_epoch(o.epoch);
  m.set_ciphertext(ToString(ct));
  return m;
}

// The messages in reading order, each as (index, ciphertext, text).
struct Read {
  uint64_t index;
  Bytes ciphertext;
  std::string text;
};

Result<std::vector<Read>> ReadsOf(const json::object& in) {
  WB_ASSIGN_OR_RETURN(const json::array* messages, ArrayMember(in, "messages"));
  WB_ASSIGN_OR_RETURN(const json::array* order, ArrayMember(in, "read_order"));
  std::vector<Read> reads;
  for (const json::value& v : *order) {
    if (!v.is_int64() || v.as_int64() < 0 ||
        static_cast<uint64_t>(v.as_int64()) >= messages->size())
      return InvalidArgument("read_order out of range");
    uint64_t i = static_cast<uint64_t>(v.as_int64());
    const json::object* m = (*messages)[i].if_object();
    if (m == nullptr) return InvalidArgument("a message is not an object");
    WB_ASSIGN_OR_RETURN(Bytes ct, HexMember(*m, "ciphertext"));
    WB_ASSIGN_OR_RETURN(std::string text, StringMember(*m, "text"));
    reads.push_back({i, std::move(ct), std::move(text)});
  }
  if (reads.empty()) return InvalidArgument("no messages to read");
  return reads;
}

// Opens the share, then reads the messages in read_order, then one replay.
Status CheckGroupMessages(const json::object& in, const crypto::DeviceIdentity& bob,
                          const v1::DeviceInfo& from, Checks& c) {
  WB_ASSIGN_OR_RETURN(Bytes box, HexMember(in, "share_box"));
  WB_ASSIGN_OR_RETURN(Origin origin, OriginOf(in));
  WB_ASSIGN_OR_RETURN(std::vector<Read> reads, ReadsOf(in));
  auto share = client::OpenSenderKeyShare(bob, from, box);
  WB_RETURN_IF_ERROR(c.Expect(share.ok(), "the sender-key share opens"));
  WB_RETURN_IF_ERROR(
      c.Expect(ToBytes(share->group_id()) == origin.group_id && share->epoch() == origin.epoch,
               "the share names the group and epoch"));
  client::GroupState group;
  group.set_group_id(ToString(origin.group_id));
  WB_RETURN_IF_ERROR(
      client::AcceptSenderKeyShare(group, *share, AsBytes(from.device_id()), origin.sender_user));
  for (const Read& r : reads) {
    client::HistoryEntry e =
        client::OpenGroupMessage(group, MessageFor(origin, from, r.ciphertext, r.index + 1));
    WB_RETURN_IF_ERROR(c.Expect(e.decrypted() && e.text() == r.text,
                                "message " + std::to_string(r.index) + " decrypts to its text"));
  }
  client::HistoryEntry replay =
      client::OpenGroupMessage(group, MessageFor(origin, from, reads[0].ciphertext, 99));
  return c.Expect(!replay.decrypted(), "a replayed message is refused");
}

}  // namespace

Result<int> Verify(const json::object& in) {
  Checks c;
  WB_ASSIGN_OR_RETURN(const json::object* sender, ObjectMember(in, "sender"));
  WB_ASSIGN_OR_RETURN(v1::DeviceInfo from, SenderInfo(*sender));
  WB_ASSIGN_OR_RETURN(crypto::DeviceIdentity bob, FixedIdentity(kRecipientLabel));
  WB_RETURN_IF_ERROR(CheckIdentity(*sender, from, c));
  WB_ASSIGN_OR_RETURN(const json::object* transcript, ObjectMember(in, "register"));
  WB_RETURN_IF_ERROR(CheckTranscript(*transcript, AsBytes(from.keys().signing_key()), c));
  WB_ASSIGN_OR_RETURN(const json::object* pairwise, ObjectMember(in, "pairwise"));
  WB_RETURN_IF_ERROR(CheckPairwise(*pairwise, bob, from, c));
  WB_RETURN_IF_ERROR(CheckGroupMessages(in, bob, from, c));
  WB_ASSIGN_OR_RETURN(Bytes state, HexMember(in, "sender_key_state"));
  auto key = crypto::SenderKey::Parse(state);
  WB_ASSIGN_OR_RETURN(const json::array* messages, ArrayMember(in, "messages"));
  WB_RETURN_IF_ERROR(c.Expect(key.ok() && key->iteration() == messages->size(),
                              "the sender key state parses at the next iteration"));
  WB_RETURN_IF_ERROR(VerifyShareVectors(in, AsBytes(from.keys().signing_key()), c));
  return c.passed;
}

}  // namespace weerbaar::vectors
