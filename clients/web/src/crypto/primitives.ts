// Thin wrappers over libsodium (libsodium-wrappers), matching crypto/primitives.h byte for
// byte. `initCrypto()` must have resolved before any other function here is called.
import sodium from 'libsodium-wrappers';
import { concat, lp, type Bytes } from './bytes';
import { fail } from './errors';

export const SIGNING_PUBLIC_BYTES = 32;
export const SIGNATURE_BYTES = 64;
export const AGREEMENT_KEY_BYTES = 32;
export const AEAD_KEY_BYTES = 32;
export const AEAD_NONCE_BYTES = 24;
export const AEAD_TAG_BYTES = 16;

let ready: Promise<void> | undefined;

export function initCrypto(): Promise<void> {
  ready ??= sodium.ready;
  return ready;
}

export function randomBytes(n: number): Bytes {
  return sodium.randombytes_buf(n);
}

// Unkeyed or keyed BLAKE2b (crypto::Hash).
export function hash(data: Bytes, outLen = 32, key: Bytes | null = null): Bytes {
  return sodium.crypto_generichash(outLen, data, key);
}

// BLAKE2b keyed by `key` over lp(context) || input (crypto::DeriveKey).
export function deriveKey(key: Bytes, context: string, input: Bytes, outLen = 32): Bytes {
  if (key.length < 16 || key.length > 64) fail('invalid_argument', 'derive key: bad key size');
  return sodium.crypto_generichash(outLen, concat(lp(context), input), key);
}

// Ed25519 detached signature with a 64-byte libsodium secret key (seed || public).
export function sign(secretKey: Bytes, message: Bytes): Bytes {
  return sodium.crypto_sign_detached(message, secretKey);
}

// False for any malformed key or signature; never throws.
export function verify(publicKey: Bytes, message: Bytes, signature: Bytes): boolean {
  if (publicKey.length !== SIGNING_PUBLIC_BYTES || signature.length !== SIGNATURE_BYTES) return false;
  try {
    return sodium.crypto_sign_verify_detached(signature, message, publicKey);
  } catch {
    return false;
  }
}

export function signingKeyPairFromSeed(seed: Bytes): { publicKey: Bytes; secretKey: Bytes } {
  const kp = sodium.crypto_sign_seed_keypair(seed);
  return { publicKey: kp.publicKey, secretKey: kp.privateKey };
}

export function x25519Base(secret: Bytes): Bytes {
  return sodium.crypto_scalarmult_base(secret);
}

// X25519; invalid_argument for wrong sizes or a low-order peer key (all-zero result),
// as crypto::X25519 (libsodium refuses both).
export function x25519(secret: Bytes, peerPublic: Bytes): Bytes {
  if (secret.length !== 32 || peerPublic.length !== 32) fail('invalid_argument', 'X25519 key size');
  try {
    return sodium.crypto_scalarmult(secret, peerPublic);
  } catch {
    return fail('invalid_argument', 'X25519 peer key has low order');
  }
}

// XChaCha20-Poly1305 IETF with an explicit nonce: ciphertext || tag (crypto::AeadEncrypt).
export function aeadEncrypt(key: Bytes, nonce: Bytes, plaintext: Bytes, aad: Bytes): Bytes {
  if (key.length !== AEAD_KEY_BYTES || nonce.length !== AEAD_NONCE_BYTES) {
    fail('invalid_argument', 'AEAD key or nonce has the wrong size');
  }
  return sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, aad, null, nonce, key);
}

// data_loss when the ciphertext does not authenticate (crypto::AeadDecrypt).
export function aeadDecrypt(key: Bytes, nonce: Bytes, ciphertext: Bytes, aad: Bytes): Bytes {
  if (key.length !== AEAD_KEY_BYTES || nonce.length !== AEAD_NONCE_BYTES) {
    fail('invalid_argument', 'AEAD key or nonce has the wrong size');
  }
  if (ciphertext.length < AEAD_TAG_BYTES) fail('data_loss', 'AEAD ciphertext is truncated');
  try {
    return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, ciphertext, aad, nonce, key);
  } catch {
    return fail('data_loss', 'AEAD authentication failed');
  }
}

// nonce(24, random) || ciphertext || tag (crypto::AeadSeal).
export function aeadSeal(key: Bytes, plaintext: Bytes, aad: Bytes): Bytes {
  const nonce = randomBytes(AEAD_NONCE_BYTES);
  return concat(nonce, aeadEncrypt(key, nonce, plaintext, aad));
}

export function aeadOpen(key: Bytes, sealed: Bytes, aad: Bytes): Bytes {
  if (key.length !== AEAD_KEY_BYTES) fail('invalid_argument', 'AEAD key has the wrong size');
  if (sealed.length < AEAD_NONCE_BYTES + AEAD_TAG_BYTES) fail('data_loss', 'sealed data is truncated');
  return aeadDecrypt(key, sealed.subarray(0, AEAD_NONCE_BYTES), sealed.subarray(AEAD_NONCE_BYTES), aad);
}

// Overwrites key material that is no longer needed (best effort in a garbage-collected heap).
export function wipe(b: Bytes): void {
  sodium.memzero(b);
}
