#include "crypto/channel_seal.h"

#include <sodium.h>

#include <string_view>

#include "crypto/consent.h"
#include "crypto/encoding.h"
#include "crypto/primitives.h"

namespace weerbaar::crypto {
namespace {

constexpr uint8_t kVersion = 1;
constexpr std::string_view kChannelSealContext = "weerbaar/channel-seal/v1";
constexpr std::string_view kReplySealContext = "weerbaar/reply-seal/v1";
constexpr std::string_view kShareUpdateLabel = "weerbaar/share-update/v1";

Bytes PublicFor(const SecretBytes& secret) {
  Bytes pk(kAgreementKeyBytes);
  crypto_scalarmult_base(pk.data(), secret.data());
  return pk;
}

// Both public keys enter the KDF so the key is bound to this ephemeral key and recipient.
Result<SecretBytes> BoxKey(const SecretBytes& own_secret, ByteView peer_public,
                           std::string_view context, ByteView ephemeral_public,
                           ByteView recipient_public) {
  WB_ASSIGN_OR_RETURN(SecretBytes shared, X25519(own_secret, peer_public));
  Bytes publics(ephemeral_public.begin(), ephemeral_public.end());
  internal::Append(publics, recipient_public);
  return DeriveKey(shared.view(), context, publics);
}

Result<Bytes> Seal(std::string_view context, ByteView recipient_public, ByteView plaintext,
                   ByteView aad) {
  if (recipient_public.size() != kAgreementKeyBytes) {
    return InvalidArgument("seal: recipient key has the wrong size");
  }
  X25519KeyPair ephemeral = X25519KeyPair::Generate();
  WB_ASSIGN_OR_RETURN(SecretBytes key, BoxKey(ephemeral.secret, recipient_public, context,
                                              ephemeral.public_key, recipient_public));
  WB_ASSIGN_OR_RETURN(Bytes sealed, AeadSeal(key, plaintext, aad));
  Bytes box{kVersion};
  internal::Append(box, ephemeral.public_key);
  internal::Append(box, sealed);
  return box;
}

// Every failure is kDataLoss: a box that does not open says nothing more specific.
Result<Bytes> Open(std::string_view context, const X25519KeyPair& recipient, ByteView box,
                   ByteView aad) {
  if (box.size() < kSealOverheadBytes || box[0] != kVersion) {
    return DataLoss("seal: malformed box");
  }
  ByteView ephemeral_public = box.subspan(1, kAgreementKeyBytes);
  auto key =
      BoxKey(recipient.secret, ephemeral_public, context, ephemeral_public, recipient.public_key);
  if (!key.ok()) return DataLoss("seal: bad ephemeral key");
  return AeadOpen(*key, box.subspan(1 + kAgreementKeyBytes), aad);
}

}  // namespace

X25519KeyPair X25519KeyPair::Generate() {
  X25519KeyPair pair;
  pair.secret = RandomSecret(kAgreementKeyBytes);
  // Clamp (RFC 7748) so that every stored bit of the secret is significant.
  pair.secret.data()[0] &= 248;
  pair.secret.data()[31] &= 127;
  pair.secret.data()[31] |= 64;
  pair.public_key = PublicFor(pair.secret);
  return pair;
}

Result<X25519KeyPair> X25519KeyPair::FromSecret(ByteView secret) {
  if (secret.size() != kAgreementKeyBytes) {
    return InvalidArgument("seal: secret key has the wrong size");
  }
  X25519KeyPair pair;
  pair.secret = SecretBytes(secret);
  pair.public_key = PublicFor(pair.secret);
  return pair;
}

Result<Bytes> ShareAad(ByteView report_id, ByteView channel_id) {
  if (report_id.size() != kReportIdBytes || channel_id.size() != kChannelIdBytes) {
    return InvalidArgument("seal: report or channel id has the wrong size");
  }
  Bytes aad(report_id.begin(), report_id.end());
  internal::Append(aad, channel_id);
  return aad;
}

Result<Bytes> ShareUpdateAad(ByteView report_id, ByteView channel_id) {
  WB_ASSIGN_OR_RETURN(Bytes aad, ShareAad(report_id, channel_id));
  internal::Append(aad, AsBytes(kShareUpdateLabel));
  return aad;
}

Result<Bytes> SealToChannel(ByteView channel_public_key, ByteView plaintext, ByteView aad) {
  return Seal(kChannelSealContext, channel_public_key, plaintext, aad);
}

Result<Bytes> OpenFromChannel(const X25519KeyPair& channel, ByteView box, ByteView aad) {
  return Open(kChannelSealContext, channel, box, aad);
}

Result<Bytes> SealToReplyHandle(ByteView reply_public_key, ByteView plaintext, ByteView aad) {
  return Seal(kReplySealContext, reply_public_key, plaintext, aad);
}

Result<Bytes> OpenWithReplyHandle(const X25519KeyPair& reply, ByteView box, ByteView aad) {
  return Open(kReplySealContext, reply, box, aad);
}

}  // namespace weerbaar::crypto
