// Pairwise boxes between two devices (sender-key distribution, later partner replies).
//
// key = DeriveKey(X25519(own secret, peer public), "weerbaar/pairwise/v1",
//                 sender agreement pk || recipient agreement pk)
// box = XChaCha20-Poly1305(key, random nonce, plaintext,
//                          aad = len(context) || context || sender id || recipient id)
// Security: confidentiality and authenticity between the two agreement keys; the context
// and the two device ids are bound, so a box cannot be replayed to another purpose or pair.
#pragma once

#include <string_view>

#include "common/bytes.h"
#include "common/status.h"
#include "crypto/identity.h"

namespace weerbaar::crypto {

Result<Bytes> SealPairwise(const DeviceIdentity& sender, ByteView recipient_device_id,
                           ByteView recipient_agreement_public, std::string_view context,
                           ByteView plaintext);

// kDataLoss if the box does not authenticate (wrong sender, recipient, context, or tampered).
Result<Bytes> OpenPairwise(const DeviceIdentity& recipient, ByteView sender_device_id,
                           ByteView sender_agreement_public, std::string_view context,
                           ByteView box);

}  // namespace weerbaar::crypto
