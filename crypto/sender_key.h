// Sender keys for group end-to-end encryption (after Signal's SenderKey).
//
// A sending device keeps one SenderKey per group and epoch: a chain key ratcheted with
// BLAKE2b per message, and an Ed25519 key that signs every message.
//   message_key(i) = DeriveKey(chain(i), "weerbaar/sk/msg/v1", {})
//   chain(i+1)     = DeriveKey(chain(i), "weerbaar/sk/chain/v1", {})
// Message: header || ct || sig(64), header = u8 version(1) || key_id(16) ||
//          u32 BE iteration || nonce(24) (45 bytes, fixed)
//   ct  = XChaCha20-Poly1305(message_key(i), nonce, plaintext, aad = header || context aad)
//         (ciphertext || 16-byte tag; the nonce is random)
//   sig = Ed25519 over lp("weerbaar/sk/sig/v1") || lp(context aad) || header || ct,
//         lp(x) = u32 BE len(x) || x
// `context aad` is supplied by the caller: group id, sender device id, epoch.
// Security: members holding the chain key can read but not forge (only the sender holds
// the signing key). Forward secrecy within a chain: chain(i) does not reveal messages
// before i (except those whose keys a receiver still holds as skipped). No
// post-compromise security: rotate the SenderKey on every membership change.
// Layouts of the serialized states: docs/crypto.md.
#pragma once

#include <cstdint>
#include <map>

#include "common/bytes.h"
#include "common/status.h"
#include "crypto/secret.h"

namespace weerbaar::crypto {

inline constexpr size_t kSenderKeyIdBytes = 16;
// A receiver keeps at most this many skipped message keys, and refuses to ratchet forward
// more than this many steps in one go.
inline constexpr uint32_t kMaxSkippedKeys = 2000;

// What a receiver needs to decrypt from `iteration` on. Secret: sent only in pairwise boxes.
struct SenderKeyDistribution {
  Bytes key_id;
  uint32_t iteration = 0;
  SecretBytes chain_key;
  Bytes signing_public;

  // u8 version(1) || key_id(16) || u32 BE iteration || chain_key(32) || signing_public(32)
  SecretBytes Serialize() const;
  // kInvalidArgument unless exactly the layout above.
  static Result<SenderKeyDistribution> Parse(ByteView bytes);
};

// Parsed header fields of a sender-key message, without decrypting or verifying it.
// kInvalidArgument if too short, an unknown version, or iteration UINT32_MAX.
struct SenderKeyHeader {
  Bytes key_id;
  uint32_t iteration = 0;
};
Result<SenderKeyHeader> PeekSenderKeyHeader(ByteView message);

// The sending side. Move-only.
class SenderKey {
 public:
  static SenderKey Generate();
  // kInvalidArgument if malformed or the signing public key does not match the seed.
  static Result<SenderKey> Parse(ByteView serialized);
  // Secret. u8 version(1) || key_id(16) || u32 BE iteration || chain_key(32) ||
  // signing seed(32) || signing_public(32)
  SecretBytes Serialize() const;

  const Bytes& key_id() const { return key_id_; }
  uint32_t iteration() const { return iteration_; }
  // The distribution message for the current iteration.
  SenderKeyDistribution Distribution() const;
  // Encrypts and signs, then advances the chain. kResourceExhausted when the chain is
  // spent (iteration UINT32_MAX is never used); the caller then rotates the sender key.
  Result<Bytes> Encrypt(ByteView plaintext, ByteView context_aad);

 private:
  SenderKey() = default;
  Bytes key_id_, signing_public_;
  SecretBytes signing_secret_, chain_key_;
  uint32_t iteration_ = 0;
};

// The receiving side for one (sender device, key id). Move-only.
// Out-of-order messages decrypt within a window of kMaxSkippedKeys; a message whose key
// was already used (replay) or lies before the distribution is refused.
class SenderKeyReceiver {
 public:
  // A distribution with wrong field sizes gives a receiver that refuses every message.
  static SenderKeyReceiver FromDistribution(const SenderKeyDistribution& d);
  // kInvalidArgument if malformed: wrong sizes, more than kMaxSkippedKeys entries, entries
  // not strictly increasing or not below the iteration.
  static Result<SenderKeyReceiver> Parse(ByteView serialized);
  // Secret. u8 version(1) || key_id(16) || u32 BE iteration || chain_key(32) ||
  // signing_public(32) || u32 BE count || count x (u32 BE iteration || message key(32))
  SecretBytes Serialize() const;

  const Bytes& key_id() const { return key_id_; }
  // The signature is checked before any key is derived or state touched.
  // kInvalidArgument: malformed or wrong key id; kPermissionDenied: bad signature;
  // kAlreadyExists: replay or too old (key used, dropped from the window, or before the
  // distribution); kResourceExhausted: more than kMaxSkippedKeys steps ahead;
  // kDataLoss: authentication failed. State is unchanged on any error.
  Result<Bytes> Decrypt(ByteView message, ByteView context_aad);

 private:
  SenderKeyReceiver() = default;
  Bytes key_id_, signing_public_;
  SecretBytes chain_key_;
  uint32_t iteration_ = 0;                   // chain_key_ is chain(iteration_)
  std::map<uint32_t, SecretBytes> skipped_;  // iteration -> message key
};

}  // namespace weerbaar::crypto
