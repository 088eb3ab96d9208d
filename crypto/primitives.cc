#include "crypto/primitives.h"

#include <sodium.h>

#include <array>

namespace weerbaar::crypto {
namespace {

bool ValidHashKey(ByteView key) {
  return key.empty() || (key.size() >= crypto_generichash_KEYBYTES_MIN &&
                         key.size() <= crypto_generichash_KEYBYTES_MAX);
}

bool ValidHashLength(size_t out_len) {
  return out_len >= crypto_generichash_BYTES_MIN && out_len <= crypto_generichash_BYTES_MAX;
}

std::array<uint8_t, 4> BigEndian32(uint32_t v) {
  return {static_cast<uint8_t>(v >> 24), static_cast<uint8_t>(v >> 16),
          static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)};
}

}  // namespace

Status Init() {
  // sodium_init is itself idempotent and thread safe: 0 first time, 1 afterwards.
  if (sodium_init() < 0) return Internal("libsodium failed to initialise");
  return Status::Ok();
}

// libsodium declares its buffers nonnull; an empty vector's data() may be null.
Bytes RandomBytes(size_t n) {
  Bytes out(n);
  if (n > 0) randombytes_buf(out.data(), n);
  return out;
}

SecretBytes RandomSecret(size_t n) {
  SecretBytes out(n);
  if (n > 0) randombytes_buf(out.data(), n);
  return out;
}

bool ConstantTimeEqual(ByteView a, ByteView b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Bytes Hash(ByteView data, size_t out_len, ByteView key) {
  // A REQUIRES violation is a bug in the caller; fail closed with an empty digest, which
  // never matches a real one and is refused by every consumer that checks sizes.
  if (!ValidHashLength(out_len) || !ValidHashKey(key)) return {};
  Bytes out(out_len);
  crypto_generichash(out.data(), out_len, data.data(), data.size(), key.data(), key.size());
  return out;
}

SecretBytes DeriveKey(ByteView key, std::string_view context, ByteView input, size_t out_len) {
  if (!ValidHashLength(out_len) || key.size() < crypto_generichash_KEYBYTES_MIN ||
      key.size() > crypto_generichash_KEYBYTES_MAX) {
    return {};
  }
  crypto_generichash_state state;
  crypto_generichash_init(&state, key.data(), key.size(), out_len);
  auto len = BigEndian32(static_cast<uint32_t>(context.size()));
  crypto_generichash_update(&state, len.data(), len.size());
  crypto_generichash_update(&state, AsBytes(context).data(), context.size());
  crypto_generichash_update(&state, input.data(), input.size());
  SecretBytes out(out_len);
  crypto_generichash_final(&state, out.data(), out_len);
  // The state holds the keyed BLAKE2b block, i.e. the key.
  sodium_memzero(&state, sizeof state);
  return out;
}

Bytes Sign(const SecretBytes& secret_key, ByteView message) {
  // An empty signature never verifies, so a wrong-size key fails closed.
  if (secret_key.size() != kSigningSecretKeyBytes) return {};
  Bytes sig(kSignatureBytes);
  crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), secret_key.data());
  return sig;
}

bool Verify(ByteView public_key, ByteView message, ByteView signature) {
  if (public_key.size() != kSigningPublicKeyBytes || signature.size() != kSignatureBytes) {
    return false;
  }
  return crypto_sign_verify_detached(signature.data(), message.data(), message.size(),
                                     public_key.data()) == 0;
}

Result<SecretBytes> X25519(const SecretBytes& secret_key, ByteView public_key) {
  if (secret_key.size() != crypto_scalarmult_SCALARBYTES ||
      public_key.size() != crypto_scalarmult_BYTES) {
    return InvalidArgument("X25519 key has the wrong size");
  }
  SecretBytes shared(crypto_scalarmult_BYTES);
  // libsodium refuses known low-order points and an all-zero result.
  if (crypto_scalarmult(shared.data(), secret_key.data(), public_key.data()) != 0) {
    return InvalidArgument("X25519 peer key has low order");
  }
  return shared;
}

Result<Bytes> AeadEncrypt(ByteView key, ByteView nonce, ByteView plaintext, ByteView aad) {
  if (key.size() != kAeadKeyBytes || nonce.size() != kAeadNonceBytes) {
    return InvalidArgument("AEAD key or nonce has the wrong size");
  }
  Bytes out(plaintext.size() + kAeadTagBytes);
  unsigned long long out_len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out.data(), &out_len, plaintext.data(),
                                             plaintext.size(), aad.data(), aad.size(), nullptr,
                                             nonce.data(), key.data());
  out.resize(out_len);
  return out;
}

Result<Bytes> AeadDecrypt(ByteView key, ByteView nonce, ByteView ciphertext, ByteView aad) {
  if (key.size() != kAeadKeyBytes || nonce.size() != kAeadNonceBytes) {
    return InvalidArgument("AEAD key or nonce has the wrong size");
  }
  if (ciphertext.size() < kAeadTagBytes) return DataLoss("AEAD ciphertext is truncated");
  Bytes out(ciphertext.size() - kAeadTagBytes);
  unsigned long long out_len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(out.data(), &out_len, nullptr, ciphertext.data(),
                                                 ciphertext.size(), aad.data(), aad.size(),
                                                 nonce.data(), key.data()) != 0) {
    return DataLoss("AEAD authentication failed");
  }
  out.resize(out_len);
  return out;
}

Result<Bytes> AeadSeal(const SecretBytes& key, ByteView plaintext, ByteView aad) {
  Bytes nonce = RandomBytes(kAeadNonceBytes);
  WB_ASSIGN_OR_RETURN(Bytes ct, AeadEncrypt(key.view(), nonce, plaintext, aad));
  nonce.insert(nonce.end(), ct.begin(), ct.end());
  return nonce;
}

Result<Bytes> AeadOpen(const SecretBytes& key, ByteView sealed, ByteView aad) {
  if (key.size() != kAeadKeyBytes) return InvalidArgument("AEAD key has the wrong size");
  if (sealed.size() < kAeadNonceBytes + kAeadTagBytes) return DataLoss("sealed data is truncated");
  return AeadDecrypt(key.view(), sealed.first(kAeadNonceBytes), sealed.subspan(kAeadNonceBytes),
                     aad);
}

}  // namespace weerbaar::crypto
