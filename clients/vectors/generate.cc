// weerbaar-vectors generate: what the C++ code produces, for the TypeScript tests.
#include "clients/vectors/generate.h"

#include "clients/auth_request.h"
#include "clients/group_crypto.h"
#include "clients/vectors/fixtures.h"
#include "clients/vectors/scrubber_vectors.h"
#include "clients/vectors/share_vectors.h"
#include "clients/vectors/signals_vectors.h"
#include "crypto/pairwise.h"
#include "crypto/primitives.h"
#include "crypto/transcript.h"

namespace weerbaar::vectors {
namespace {

namespace json = boost::json;

// Texts cover ASCII, an empty string and multi-byte UTF-8.
constexpr std::string_view kTexts[] = {"Hallo buren!", "", "Straatfeest zaterdag \xF0\x9F\x8E\x89",
                                       "caf\xC3\xA9 om 10:00", "laatste bericht"};
constexpr int64_t kSentAtMs = 1700000000000;
// The receiver reads the messages in this order: out of order, skipping, then back.
constexpr size_t kReadOrder[] = {1, 0, 4, 2, 3};

std::string SecretHex(const crypto::SecretBytes& s) { return Hex(s.view()); }

json::object Primitives() {
  Bytes key = FixedBytes("kdf-key");
  Bytes nonce = FixedBytes("aead-nonce", 24);
  Bytes data = ToBytes("weerbaar interop");
  Bytes aad = ToBytes("aad");
  auto ct = crypto::AeadEncrypt(key, nonce, data, aad);
  return {{"data", Hex(data)},
          {"hash32", Hex(crypto::Hash(data, 32))},
          {"hash16", Hex(crypto::Hash(data, 16))},
          {"kdf_key", Hex(key)},
          {"kdf_context", "weerbaar/test/v1"},
          {"kdf_out", SecretHex(crypto::DeriveKey(key, "weerbaar/test/v1", data))},
          {"aead_nonce", Hex(nonce)},
          {"aead_aad", Hex(aad)},
          {"aead_ct", Hex(ct.ok() ? *ct : Bytes{})}};
}

json::object Identity(const crypto::DeviceIdentity& id, std::string_view label) {
  json::object o = PublicJson(id);
  o["label"] = label;
  o["serialized"] = SecretHex(id.SerializeSecret());
  return o;
}

json::object Transcript(const crypto::DeviceIdentity& id, std::string_view purpose, Bytes extra) {
  Bytes server_id = FixedBytes("server-id");
  Bytes nonce = FixedBytes("challenge-nonce");
  crypto::AuthTranscript t{purpose, 1, server_id, nonce, id.device_id(), extra};
  return {{"purpose", purpose},
          {"protocol_version", 1},
          {"server_id", Hex(server_id)},
          {"nonce", Hex(nonce)},
          {"device_id", Hex(id.device_id())},
          {"extra", Hex(extra)},
          {"encoded", Hex(crypto::EncodeAuthTranscript(t))},
          {"signature", Hex(crypto::SignAuthTranscript(id, t))}};
}

Bytes GroupId() { return FixedBytes("group-id", 16); }

// The message sequence, then a receiver that reads it in kReadOrder.
Result<json::object> SenderKeys(const crypto::DeviceIdentity& alice) {
  WB_ASSIGN_OR_RETURN(crypto::SenderKey key, FixedSenderKey(kSenderKeyLabel));
  Bytes group_id = GroupId();
  crypto::SenderKeyDistribution distribution = key.Distribution();
  json::object o{{"group_id", Hex(group_id)},
                 {"epoch", kEpoch},
                 {"sender_device", Hex(alice.device_id())},
                 {"aad", Hex(client::GroupMessageAad(group_id, alice.device_id(), kEpoch))},
                 {"initial_state", SecretHex(key.Serialize())},
                 {"distribution", SecretHex(distribution.Serialize())}};
  json::array messages;
  std::vector<Bytes> ciphertexts;
  for (std::string_view text : kTexts) {
    WB_ASSIGN_OR_RETURN(Bytes ct, client::EncryptGroupText(key, group_id, alice.device_id(), kEpoch,
                                                           text, kSentAtMs));
    messages.push_back({{"text", text}, {"sent_at_ms", kSentAtMs}, {"ciphertext", Hex(ct)}});
    ciphertexts.push_back(std::move(ct));
  }
  o["messages"] = std::move(messages);
  o["final_state"] = SecretHex(key.Serialize());
  auto receiver = crypto::SenderKeyReceiver::FromDistribution(distribution);
  json::array order;
  for (size_t i : kReadOrder) {
    WB_RETURN_IF_ERROR(receiver.Decrypt(
        ciphertexts[i], client::GroupMessageAad(group_id, alice.device_id(), kEpoch)));
    order.push_back(i);
  }
  o["read_order"] = std::move(order);
  o["receiver_state"] = SecretHex(receiver.Serialize());
  return o;
}

}  // namespace

Result<json::object> Generate() {
  WB_ASSIGN_OR_RETURN(crypto::DeviceIdentity alice, FixedIdentity(kSenderLabel));
  WB_ASSIGN_OR_RETURN(crypto::DeviceIdentity bob, FixedIdentity(kRecipientLabel));
  const std::string invite = "Xy3-invite_token";
  json::object out{{"primitives", Primitives()},
                   {"alice", Identity(alice, kSenderLabel)},
                   {"bob", Identity(bob, kRecipientLabel)}};
  out["invite"] = invite;
  out["register"] =
      Transcript(alice, "register", crypto::RegisterExtra(invite, alice.agreement_public()));
  out["authenticate"] = Transcript(alice, "authenticate", {});
  Bytes plaintext = ToBytes("pairwise hello");
  WB_ASSIGN_OR_RETURN(Bytes box,
                      crypto::SealPairwise(alice, bob.device_id(), bob.agreement_public(),
                                           "weerbaar/test/v1", plaintext));
  out["pairwise"] = {
      {"context", "weerbaar/test/v1"}, {"plaintext", Hex(plaintext)}, {"box", Hex(box)}};
  WB_ASSIGN_OR_RETURN(json::object sk, SenderKeys(alice));
  WB_ASSIGN_OR_RETURN(crypto::SenderKey key, FixedSenderKey(kSenderKeyLabel));
  WB_ASSIGN_OR_RETURN(
      Bytes share, client::SealSenderKeyShare(alice, client::PublishedInfo(bob), GroupId(), kEpoch,
                                              key.Distribution()));
  sk["share_box"] = Hex(share);
  out["sender_key"] = std::move(sk);
  WB_ASSIGN_OR_RETURN(json::object share_vectors, GenerateShareVectors());
  WB_ASSIGN_OR_RETURN(json::object signals_vectors, GenerateSignalsVectors());
  WB_ASSIGN_OR_RETURN(json::object scrubber_vectors, GenerateScrubberVectors());
  for (json::object* part : {&share_vectors, &signals_vectors, &scrubber_vectors}) {
    for (auto& [name, value] : *part) out[name] = std::move(value);
  }
  return out;
}

}  // namespace weerbaar::vectors
