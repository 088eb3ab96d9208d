// Device identity: an Ed25519 signing key plus an X25519 agreement key signed by it.
// The device id is derived from the signing public key, so an id cannot be paired with
// another device's key (the Matrix "Nebuchadnezzar" lesson).
#pragma once

#include <string_view>

#include "common/bytes.h"
#include "common/status.h"
#include "crypto/secret.h"

namespace weerbaar::crypto {

inline constexpr size_t kDeviceIdBytes = 16;

// BLAKE2b-128 (unkeyed) over u32 BE len(ctx) || ctx || signing public key, with
// ctx = "weerbaar/device-id/v1". Always 16 bytes.
Bytes DeviceIdFor(ByteView signing_public_key);

// Checks that `agreement_sig` is the signing key's signature over the agreement key
// (context "weerbaar/agreement-key/v1").
bool VerifyAgreementKey(ByteView signing_public_key, ByteView agreement_public_key,
                        ByteView agreement_sig);

// Move-only; secret keys zero themselves. Thread safety: const methods are safe.
class DeviceIdentity {
 public:
  static DeviceIdentity Generate();
  // Parses the output of SerializeSecret; kInvalidArgument if malformed or inconsistent
  // (public keys re-derived from the secrets must match, the agreement secret must be
  // clamped, the agreement signature must verify).
  static Result<DeviceIdentity> Parse(ByteView serialized);
  // Secret material: write only to an owner-only file. Layout v1 (193 bytes):
  // u8 version(1) || signing seed(32) || agreement secret(32, clamped) ||
  // signing public(32) || agreement public(32) || agreement signature(64).
  SecretBytes SerializeSecret() const;

  const Bytes& device_id() const { return device_id_; }
  const Bytes& signing_public() const { return signing_public_; }
  const Bytes& agreement_public() const { return agreement_public_; }
  const Bytes& agreement_signature() const { return agreement_sig_; }
  const SecretBytes& agreement_secret() const { return agreement_secret_; }

  // Signs context-prefixed data: Ed25519 over u32 BE len(context) || context || message.
  Bytes SignWithContext(std::string_view context, ByteView message) const;

 private:
  DeviceIdentity() = default;
  Bytes device_id_, signing_public_, agreement_public_, agreement_sig_;
  SecretBytes signing_secret_, agreement_secret_;
};

// Verifies a SignWithContext signature.
bool VerifyWithContext(ByteView signing_public_key, std::string_view context, ByteView message,
                       ByteView signature);

}  // namespace weerbaar::crypto
