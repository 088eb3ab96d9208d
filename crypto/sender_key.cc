#include "crypto/sender_key.h"

#include <sodium.h>

#include <limits>

#include "crypto/encoding.h"
#include "crypto/sender_key_format.h"

namespace weerbaar::crypto {
namespace internal {

constexpr std::string_view kMessageKeyContext = "weerbaar/sk/msg/v1";
constexpr std::string_view kChainKeyContext = "weerbaar/sk/chain/v1";
constexpr std::string_view kSignatureContext = "weerbaar/sk/sig/v1";

Result<SenderKeyMessageView> ParseSenderKeyMessage(ByteView message) {
  if (message.size() < kSenderKeyMinMessageBytes) {
    return InvalidArgument("sender key message is too short");
  }
  SenderKeyMessageView m;
  size_t signed_len = message.size() - kSignatureBytes;
  m.header = message.first(kSenderKeyHeaderBytes);
  m.signed_part = message.first(signed_len);
  m.signature = message.subspan(signed_len);
  m.ciphertext = message.subspan(kSenderKeyHeaderBytes, signed_len - kSenderKeyHeaderBytes);
  Reader r(m.header);
  uint8_t version = r.U8();
  m.key_id = r.Take(kSenderKeyIdBytes);
  m.iteration = r.U32();
  m.nonce = r.Take(kAeadNonceBytes);
  if (version != kSenderKeyMessageVersion) return InvalidArgument("sender key: unknown version");
  if (m.iteration == std::numeric_limits<uint32_t>::max()) {
    return InvalidArgument("sender key: iteration out of range");
  }
  return m;
}

Bytes BuildSenderKeyHeader(ByteView key_id, uint32_t iteration, ByteView nonce) {
  Bytes out{kSenderKeyMessageVersion};
  Append(out, key_id);
  AppendU32(out, iteration);
  Append(out, nonce);
  return out;
}

Bytes SenderKeyAead(ByteView header, ByteView context_aad) {
  Bytes out(header.begin(), header.end());
  Append(out, context_aad);
  return out;
}

Bytes SenderKeySignedBytes(ByteView context_aad, ByteView signed_part) {
  Bytes out;
  AppendLengthPrefixed(out, AsBytes(kSignatureContext));
  AppendLengthPrefixed(out, context_aad);
  Append(out, signed_part);
  return out;
}

SecretBytes MessageKey(const SecretBytes& chain_key) {
  return DeriveKey(chain_key.view(), kMessageKeyContext, {});
}

SenderKeyDistribution ReadChainPosition(Reader& r) {
  SenderKeyDistribution d;
  ByteView key_id = r.Take(kSenderKeyIdBytes);
  d.key_id.assign(key_id.begin(), key_id.end());
  d.iteration = r.U32();
  d.chain_key = SecretBytes(r.Take(kChainKeyBytes));
  ByteView signing_public = r.Take(kSigningPublicKeyBytes);
  d.signing_public.assign(signing_public.begin(), signing_public.end());
  return d;
}

SecretBytes NextChainKey(const SecretBytes& chain_key) {
  return DeriveKey(chain_key.view(), kChainKeyContext, {});
}

}  // namespace internal

namespace {

constexpr uint8_t kSenderKeyStateVersion = 1;
constexpr uint8_t kDistributionVersion = 1;
constexpr size_t kSeedBytes = crypto_sign_SEEDBYTES;
// version || key_id || u32 iteration || chain key || signing public
constexpr size_t kDistributionBytes =
    1 + kSenderKeyIdBytes + 4 + internal::kChainKeyBytes + kSigningPublicKeyBytes;
// version || key_id || u32 iteration || chain key || signing seed || signing public
constexpr size_t kSenderKeyStateBytes =
    1 + kSenderKeyIdBytes + 4 + internal::kChainKeyBytes + kSeedBytes + kSigningPublicKeyBytes;

}  // namespace

SecretBytes SenderKeyDistribution::Serialize() const {
  internal::SecretWriter w(kDistributionBytes);
  w.U8(kDistributionVersion);
  w.Raw(key_id);
  w.U32(iteration);
  w.Raw(chain_key.view());
  w.Raw(signing_public);
  return w.Finish();
}

Result<SenderKeyDistribution> SenderKeyDistribution::Parse(ByteView bytes) {
  internal::Reader r(bytes);
  if (bytes.size() != kDistributionBytes || r.U8() != kDistributionVersion) {
    return InvalidArgument("sender key distribution: unknown layout");
  }
  return internal::ReadChainPosition(r);
}

Result<SenderKeyHeader> PeekSenderKeyHeader(ByteView message) {
  WB_ASSIGN_OR_RETURN(internal::SenderKeyMessageView m, internal::ParseSenderKeyMessage(message));
  return SenderKeyHeader{Bytes(m.key_id.begin(), m.key_id.end()), m.iteration};
}

SenderKey SenderKey::Generate() {
  SenderKey k;
  k.key_id_ = RandomBytes(kSenderKeyIdBytes);
  k.signing_public_.resize(kSigningPublicKeyBytes);
  k.signing_secret_ = SecretBytes(kSigningSecretKeyBytes);
  crypto_sign_keypair(k.signing_public_.data(), k.signing_secret_.data());
  k.chain_key_ = RandomSecret(internal::kChainKeyBytes);
  return k;
}

SecretBytes SenderKey::Serialize() const {
  internal::SecretWriter w(kSenderKeyStateBytes);
  w.U8(kSenderKeyStateVersion);
  w.Raw(key_id_);
  w.U32(iteration_);
  w.Raw(chain_key_.view());
  w.Raw(signing_secret_.view().first(kSeedBytes));  // libsodium's sk is seed || pk
  w.Raw(signing_public_);
  return w.Finish();
}

Result<SenderKey> SenderKey::Parse(ByteView serialized) {
  internal::Reader r(serialized);
  if (serialized.size() != kSenderKeyStateBytes || r.U8() != kSenderKeyStateVersion) {
    return InvalidArgument("sender key: unknown layout");
  }
  SenderKey k;
  ByteView key_id = r.Take(kSenderKeyIdBytes);
  k.key_id_.assign(key_id.begin(), key_id.end());
  k.iteration_ = r.U32();
  k.chain_key_ = SecretBytes(r.Take(internal::kChainKeyBytes));
  ByteView seed = r.Take(kSeedBytes);
  k.signing_public_.resize(kSigningPublicKeyBytes);
  k.signing_secret_ = SecretBytes(kSigningSecretKeyBytes);
  crypto_sign_seed_keypair(k.signing_public_.data(), k.signing_secret_.data(), seed.data());
  if (!ConstantTimeEqual(k.signing_public_, r.Take(kSigningPublicKeyBytes))) {
    return InvalidArgument("sender key: signing key is inconsistent");
  }
  return k;
}

SenderKeyDistribution SenderKey::Distribution() const {
  return {key_id_, iteration_, chain_key_.Clone(), signing_public_};
}

Result<Bytes> SenderKey::Encrypt(ByteView plaintext, ByteView context_aad) {
  if (iteration_ == std::numeric_limits<uint32_t>::max()) {
    return ResourceExhausted("sender key chain is spent; rotate the sender key");
  }
  // The message key is already unique per iteration; a random nonce still keeps the
  // ciphertexts safe if a restored backup of this state repeats an iteration.
  Bytes nonce = RandomBytes(kAeadNonceBytes);
  Bytes message = internal::BuildSenderKeyHeader(key_id_, iteration_, nonce);
  SecretBytes message_key = internal::MessageKey(chain_key_);
  WB_ASSIGN_OR_RETURN(Bytes ct, AeadEncrypt(message_key.view(), nonce, plaintext,
                                            internal::SenderKeyAead(message, context_aad)));
  internal::Append(message, ct);
  internal::Append(message,
                   Sign(signing_secret_, internal::SenderKeySignedBytes(context_aad, message)));
  chain_key_ = internal::NextChainKey(chain_key_);
  ++iteration_;
  return message;
}

}  // namespace weerbaar::crypto
