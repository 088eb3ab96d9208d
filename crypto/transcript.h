// The authentication transcript a device signs to answer the server's challenge.
//
// Encoding (docs/crypto.md), with lp(x) = u32 BE len(x) || x:
//   lp("weerbaar/auth/v1") || lp(purpose) || u32 BE version || lp(server_id) ||
//   lp(nonce) || lp(device_id) || lp(extra)
// Every variable-length field is length-prefixed; the version is fixed-width and is not.
// The signature is Ed25519 over exactly these bytes (SignWithContext with the context).
// Purpose is "authenticate" or "register"; for "register" `extra` is
// BLAKE2b-256(invite) || agreement public key, binding the invite and keys to the proof.
#pragma once

#include <string_view>

#include "common/bytes.h"
#include "crypto/identity.h"

namespace weerbaar::crypto {

struct AuthTranscript {
  std::string_view purpose;
  uint32_t protocol_version = 0;
  ByteView server_id;
  ByteView nonce;
  ByteView device_id;
  ByteView extra;
};

Bytes EncodeAuthTranscript(const AuthTranscript& t);
Bytes SignAuthTranscript(const DeviceIdentity& device, const AuthTranscript& t);
// Constant-time signature check (libsodium). False for any wrong field or malformed input.
bool VerifyAuthTranscript(ByteView signing_public_key, const AuthTranscript& t, ByteView signature);

// The `extra` field for a registration.
Bytes RegisterExtra(std::string_view invite, ByteView agreement_public_key);

}  // namespace weerbaar::crypto
