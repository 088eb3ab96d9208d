// Thin, checked wrappers over libsodium primitives. Bytes in, bytes out.
// Byte layouts and context strings of everything built on these: docs/crypto.md.
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

// BLAKE2b with optional key. REQUIRES: 16 <= out_len <= 64, key empty or 16..64 bytes;
// if violated, returns an empty digest (fails closed) rather than aborting.
Bytes Hash(ByteView data, size_t out_len = 32, ByteView key = {});

// Domain-separated KDF: BLAKE2b keyed by `key`, over u32 BE len(context) || context ||
// input. Used for every derived key; each use has its own context string.
// REQUIRES: key 16..64 bytes (this library always passes 32), 16 <= out_len <= 64; if
// violated, returns an empty SecretBytes, which every AEAD here refuses as a key.
SecretBytes DeriveKey(ByteView key, std::string_view context, ByteView input, size_t out_len = 32);

// Ed25519. Sign returns a 64-byte detached signature (empty, never verifying, if the
// secret key is not 64 bytes). Verify returns false for any malformed key or signature
// (never throws or asserts on bad input); libsodium 1.0.18 also refuses non-canonical S,
// small-order R and small-order or non-canonical public keys.
Bytes Sign(const SecretBytes& secret_key, ByteView message);
bool Verify(ByteView public_key, ByteView message, ByteView signature);

// X25519. Fails (kInvalidArgument) on a low-order public key (all-zero shared secret)
// and on keys that are not 32 bytes.
Result<SecretBytes> X25519(const SecretBytes& secret_key, ByteView public_key);

// XChaCha20-Poly1305 (IETF). Security: IND-CCA2 and integrity of plaintext and aad,
// under a key used for at most 2^64 messages with random nonces.
// AeadSeal picks a random nonce and returns nonce || ciphertext || tag.
Result<Bytes> AeadSeal(const SecretBytes& key, ByteView plaintext, ByteView aad);
// Returns kDataLoss when authentication fails (wrong key, aad, tampered or truncated
// data); kInvalidArgument when the key is not 32 bytes.
Result<Bytes> AeadOpen(const SecretBytes& key, ByteView sealed, ByteView aad);
// Explicit-nonce variants (test vectors; callers that derive unique nonces). Output and
// input are ciphertext || tag. kInvalidArgument for a key not 32 or a nonce not 24
// bytes; AeadDecrypt returns kDataLoss when authentication fails.
Result<Bytes> AeadEncrypt(ByteView key, ByteView nonce, ByteView plaintext, ByteView aad);
Result<Bytes> AeadDecrypt(ByteView key, ByteView nonce, ByteView ciphertext, ByteView aad);

}  // namespace weerbaar::crypto
