// Anonymous sealed boxes to an X25519 public key: a report's details sealed to a partner
// channel, and a partner's question sealed to the reporter's per-share reply key
// (docs/signals.md, "Sealed details and the reply handle"). Like libsodium's
// crypto_box_seal, built from this library's primitives:
//
//   ephemeral (esk, epk) = fresh X25519 key pair, one per box
//   key  = DeriveKey(X25519(esk, recipient pk), context, epk || recipient pk)
//   box  = u8 1 || epk(32) || AeadSeal(key, plaintext, aad)     (nonce || ct || tag)
//   context = "weerbaar/channel-seal/v1" (to a channel) or "weerbaar/reply-seal/v1"
//             (to a reply handle); aad = ShareAad(report id, channel id), or
//             ShareUpdateAad for a partner's update (a question uses ShareAad)
//
// Security: IND-CCA2 confidentiality to the holder of the recipient's secret key; the aad
// binds a box to one report and one channel, and the context to one direction, so a box
// cannot be moved to another share or replayed as a reply. The sender is anonymous: anyone
// with the public key can make a box (so the box itself proves nothing about its author).
// Forward secrecy for the sender only (the ephemeral secret is wiped after sealing).
#pragma once

#include "common/bytes.h"
#include "common/status.h"
#include "crypto/secret.h"

namespace weerbaar::crypto {

inline constexpr size_t kSealOverheadBytes = 1 + 32 + 24 + 16;

// Move-only; the secret zeroes itself.
struct X25519KeyPair {
  SecretBytes secret;  // 32 bytes, clamped
  Bytes public_key;    // 32 bytes

  static X25519KeyPair Generate();
  // kInvalidArgument unless `secret` is 32 bytes.
  static Result<X25519KeyPair> FromSecret(ByteView secret);
};

// report id (16) || channel id (16); kInvalidArgument for other sizes.
Result<Bytes> ShareAad(ByteView report_id, ByteView channel_id);
// ShareAad || "weerbaar/share-update/v1": the aad of a partner's update for the report's
// group (published there), where a question (private to the reporter) uses ShareAad. The two
// differ, so the server cannot present one kind as the other: it does not open.
Result<Bytes> ShareUpdateAad(ByteView report_id, ByteView channel_id);

// kInvalidArgument: the public key is not 32 bytes or has low order.
Result<Bytes> SealToChannel(ByteView channel_public_key, ByteView plaintext, ByteView aad);
// kDataLoss: wrong key, wrong aad, tampered or truncated box, unknown version.
Result<Bytes> OpenFromChannel(const X25519KeyPair& channel, ByteView box, ByteView aad);

// The same construction under the reply context, to a reporter's per-share reply key.
Result<Bytes> SealToReplyHandle(ByteView reply_public_key, ByteView plaintext, ByteView aad);
Result<Bytes> OpenWithReplyHandle(const X25519KeyPair& reply, ByteView box, ByteView aad);

}  // namespace weerbaar::crypto
