// Pairwise boxes between two devices (sender-key distribution, later partner replies).
//
// key = DeriveKey(X25519(own secret, peer public), "weerbaar/pairwise/v1",
//                 sender agreement pk || recipient agreement pk)
// box = nonce(24) || XChaCha20-Poly1305(key, nonce, plaintext, aad) (AeadSeal)
// aad = lp(context) || lp(sender id) || lp(recipient id), lp(x) = u32 BE len(x) || x
// Security: confidentiality and authenticity between the two agreement keys; the context
// and the two device ids are bound, so a box cannot be replayed to another purpose or pair,
// nor reflected back to its sender. No forward secrecy: static keys on both sides.
// REQUIRES of the caller: the peer's agreement key was checked with VerifyAgreementKey
// against the signing key whose DeviceIdFor is the peer's device id.
#pragma once

#include <string_view>

#include "common/bytes.h"
#include "common/status.h"
#include "crypto/identity.h"

namespace weerbaar::crypto {

// kInvalidArgument: id not 16 bytes, key not 32 bytes, or a low-order peer key.
Result<Bytes> SealPairwise(const DeviceIdentity& sender, ByteView recipient_device_id,
                           ByteView recipient_agreement_public, std::string_view context,
                           ByteView plaintext);

// kDataLoss if the box does not authenticate (wrong sender, recipient, context, tampered
// or truncated); kInvalidArgument as for SealPairwise.
Result<Bytes> OpenPairwise(const DeviceIdentity& recipient, ByteView sender_device_id,
                           ByteView sender_agreement_public, std::string_view context,
                           ByteView box);

}  // namespace weerbaar::crypto
