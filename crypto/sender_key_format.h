// Internal to the crypto library: the sender-key message layout and chain steps shared
// by SenderKey (sender_key.cc) and SenderKeyReceiver (sender_key_receiver.cc).
#pragma once

#include <cstdint>

#include "common/bytes.h"
#include "common/status.h"
#include "crypto/encoding.h"
#include "crypto/primitives.h"
#include "crypto/secret.h"
#include "crypto/sender_key.h"

namespace weerbaar::crypto::internal {

inline constexpr uint8_t kSenderKeyMessageVersion = 1;
// version || key_id || u32 iteration || nonce
inline constexpr size_t kSenderKeyHeaderBytes = 1 + kSenderKeyIdBytes + 4 + kAeadNonceBytes;
inline constexpr size_t kSenderKeyMinMessageBytes =
    kSenderKeyHeaderBytes + kAeadTagBytes + kSignatureBytes;
inline constexpr size_t kChainKeyBytes = 32;

// Views into a message; valid while the message bytes live.
struct SenderKeyMessageView {
  ByteView header;  // the first kSenderKeyHeaderBytes
  ByteView key_id;
  uint32_t iteration = 0;
  ByteView nonce;
  ByteView ciphertext;   // ct || tag
  ByteView signed_part;  // everything before the signature
  ByteView signature;
};

// kInvalidArgument for a short message, an unknown version, or iteration UINT32_MAX
// (never produced by a sender).
Result<SenderKeyMessageView> ParseSenderKeyMessage(ByteView message);

Bytes BuildSenderKeyHeader(ByteView key_id, uint32_t iteration, ByteView nonce);
// aad of the AEAD: header || context aad (the header has a fixed size).
Bytes SenderKeyAead(ByteView header, ByteView context_aad);
// What the signature covers: len(ctx) || ctx || len(context aad) || context aad || signed_part.
Bytes SenderKeySignedBytes(ByteView context_aad, ByteView signed_part);

// Reads the chain position both serialized layouts share (a distribution, and the start of
// a receiver's state): key_id || u32 BE iteration || chain_key || signing_public.
// REQUIRES: the caller checked that `r` holds that many bytes.
SenderKeyDistribution ReadChainPosition(Reader& r);

SecretBytes MessageKey(const SecretBytes& chain_key);
SecretBytes NextChainKey(const SecretBytes& chain_key);

}  // namespace weerbaar::crypto::internal
