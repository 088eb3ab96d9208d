// Thin, checked wrappers over libsodium primitives. Bytes in, bytes out.
#pragma once

#include <string_view>

#include "common/bytes.h"
#include "common/status.h"
#include "crypto/secret.h"

namespace weerbaar::crypto {

inline constexpr size_t kSigningPublicKeyBytes = 32;
inline constexpr size_t kSigningSecretKeyBytes = 64;
inline constexpr size_t kSignatureBytes = 64;
inline constexpr size_t kAgreementKeyBytes = 32;
inline constexpr size_t kAeadKeyBytes = 32;
inline constexpr size_t kAeadNonceBytes = 24;
inline constexpr size_t kAeadTagBytes = 16;

// Must be called once before any other function here (idempotent, thread safe).
// Returns kInternal if libsodium cannot initialise.
Status Init();

Bytes RandomBytes(size_t n);
SecretBytes RandomSecret(size_t n);

// Constant-time comparison (sodium_memcmp). Different lengths compare unequal.
bool ConstantTimeEqual(ByteView a, ByteView b);

// BLAKE2b with optional key. REQUIRES: 16 <= out_len <= 64, key empty or 16..64 bytes.
Bytes Hash(ByteView data, size_t out_len = 32, ByteView key = {});

// Domain-separated KDF: BLAKE2b keyed by `key`, over len(context)||context||input.
// Used for every derived key; each use has its own context string.
SecretBytes DeriveKey(ByteView key, std::string_view context, ByteView input, size_t out_len = 32);

// Ed25519. Sign returns a 64-byte detached signature. Verify returns false for any
// malformed key or signature (never throws or asserts on bad input).
Bytes Sign(const SecretBytes& secret_key, ByteView message);
bool Verify(ByteView public_key, ByteView message, ByteView signature);

// X25519. Fails (kInvalidArgument) on a low-order public key (all-zero shared secret).
Result<SecretBytes> X25519(const SecretBytes& secret_key, ByteView public_key);

// XChaCha20-Poly1305 (IETF). Security: IND-CCA2 and integrity of plaintext and aad,
// under a key used for at most 2^64 messages with random nonces.
// AeadSeal picks a random nonce and returns nonce || ciphertext || tag.
Result<Bytes> AeadSeal(const SecretBytes& key, ByteView plaintext, ByteView aad);
// Returns kDataLoss when authentication fails (wrong key, aad, or tampered data).
Result<Bytes> AeadOpen(const SecretBytes& key, ByteView sealed, ByteView aad);
// Explicit-nonce variants (test vectors; callers that derive unique nonces).
Result<Bytes> AeadEncrypt(ByteView key, ByteView nonce, ByteView plaintext, ByteView aad);
Result<Bytes> AeadDecrypt(ByteView key, ByteView nonce, ByteView ciphertext, ByteView aad);

}  // namespace weerbaar::crypto
