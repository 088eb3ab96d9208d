#include "crypto/identity.h"

#include <sodium.h>

#include "crypto/encoding.h"
#include "crypto/primitives.h"

namespace weerbaar::crypto {
namespace {

constexpr std::string_view kDeviceIdContext = "weerbaar/device-id/v1";
constexpr std::string_view kAgreementKeyContext = "weerbaar/agreement-key/v1";

// Secret layout v1: version || signing seed || agreement secret || signing public ||
// agreement public || agreement signature. The public parts are redundant on purpose:
// Parse re-derives them and so detects a corrupted or mismatched file.
constexpr uint8_t kIdentityVersion = 1;
constexpr size_t kSeedBytes = crypto_sign_SEEDBYTES;
constexpr size_t kIdentityBytes = 1 + kSeedBytes + kAgreementKeyBytes + kSigningPublicKeyBytes +
                                  kAgreementKeyBytes + kSignatureBytes;

Bytes ContextMessage(std::string_view context, ByteView message) {
  Bytes out;
  out.reserve(4 + context.size() + message.size());
  internal::AppendLengthPrefixed(out, AsBytes(context));
  internal::Append(out, message);
  return out;
}

// RFC 7748 clamping. X25519 clamps on every use anyway; storing the clamped form makes
// the encoding canonical, so Parse can refuse any bit flip in the secret.
void Clamp(SecretBytes& s) {
  s.data()[0] &= 248;
  s.data()[31] &= 127;
  s.data()[31] |= 64;
}

bool IsClamped(const SecretBytes& s) {
  return (s.data()[0] & 7) == 0 && (s.data()[31] & 0xc0) == 0x40;
}

Bytes AgreementPublicFor(const SecretBytes& agreement_secret) {
  Bytes pk(kAgreementKeyBytes);
  crypto_scalarmult_base(pk.data(), agreement_secret.data());
  return pk;
}

}  // namespace

Bytes DeviceIdFor(ByteView signing_public_key) {
  return Hash(ContextMessage(kDeviceIdContext, signing_public_key), kDeviceIdBytes);
}

bool VerifyWithContext(ByteView signing_public_key, std::string_view context, ByteView message,
                       ByteView signature) {
  return Verify(signing_public_key, ContextMessage(context, message), signature);
}

bool VerifyAgreementKey(ByteView signing_public_key, ByteView agreement_public_key,
                        ByteView agreement_sig) {
  if (agreement_public_key.size() != kAgreementKeyBytes) return false;
  return VerifyWithContext(signing_public_key, kAgreementKeyContext, agreement_public_key,
                           agreement_sig);
}

Bytes DeviceIdentity::SignWithContext(std::string_view context, ByteView message) const {
  return Sign(signing_secret_, ContextMessage(context, message));
}

DeviceIdentity DeviceIdentity::Generate() {
  DeviceIdentity id;
  id.signing_public_.resize(kSigningPublicKeyBytes);
  id.signing_secret_ = SecretBytes(kSigningSecretKeyBytes);
  crypto_sign_keypair(id.signing_public_.data(), id.signing_secret_.data());
  id.agreement_secret_ = RandomSecret(kAgreementKeyBytes);
  Clamp(id.agreement_secret_);
  id.agreement_public_ = AgreementPublicFor(id.agreement_secret_);
  id.agreement_sig_ = id.SignWithContext(kAgreementKeyContext, id.agreement_public_);
  id.device_id_ = DeviceIdFor(id.signing_public_);
  return id;
}

SecretBytes DeviceIdentity::SerializeSecret() const {
  internal::SecretWriter w(kIdentityBytes);
  w.U8(kIdentityVersion);
  // libsodium's 64-byte secret key is seed || public key.
  w.Raw(signing_secret_.view().first(kSeedBytes));
  w.Raw(agreement_secret_.view());
  w.Raw(signing_public_);
  w.Raw(agreement_public_);
  w.Raw(agreement_sig_);
  return w.Finish();
}

Result<DeviceIdentity> DeviceIdentity::Parse(ByteView serialized) {
  internal::Reader r(serialized);
  if (serialized.size() != kIdentityBytes || r.U8() != kIdentityVersion) {
    return InvalidArgument("device identity: unknown layout");
  }
  ByteView seed = r.Take(kSeedBytes);
  DeviceIdentity id;
  id.agreement_secret_ = SecretBytes(r.Take(kAgreementKeyBytes));
  id.signing_public_.resize(kSigningPublicKeyBytes);
  id.signing_secret_ = SecretBytes(kSigningSecretKeyBytes);
  crypto_sign_seed_keypair(id.signing_public_.data(), id.signing_secret_.data(), seed.data());
  id.agreement_public_ = AgreementPublicFor(id.agreement_secret_);
  id.device_id_ = DeviceIdFor(id.signing_public_);
  ByteView stored_signing_public = r.Take(kSigningPublicKeyBytes);
  ByteView stored_agreement_public = r.Take(kAgreementKeyBytes);
  ByteView sig = r.Take(kSignatureBytes);
  id.agreement_sig_.assign(sig.begin(), sig.end());
  if (!IsClamped(id.agreement_secret_) ||
      !ConstantTimeEqual(id.signing_public_, stored_signing_public) ||
      !ConstantTimeEqual(id.agreement_public_, stored_agreement_public) ||
      !VerifyAgreementKey(id.signing_public_, id.agreement_public_, id.agreement_sig_)) {
    return InvalidArgument("device identity: keys are inconsistent");
  }
  return id;
}

}  // namespace weerbaar::crypto
