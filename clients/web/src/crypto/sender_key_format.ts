// The sender-key message layout and chain steps (crypto/sender_key_format.h), shared by
// SenderKey (sender_key.ts) and SenderKeyReceiver (sender_key_receiver.ts).
//   header  = u8 1 || key_id(16) || u32 BE iteration || nonce(24)       (45 bytes)
//   message = header || ciphertext || tag(16) || signature(64)
//   aad     = header || context aad
//   signed  = lp("weerbaar/sk/sig/v1") || lp(context aad) || header || ciphertext
import { concat, lp, readU32be, u32be, type Bytes } from './bytes';
import { fail } from './errors';
import { AEAD_NONCE_BYTES, AEAD_TAG_BYTES, SIGNATURE_BYTES, deriveKey } from './primitives';

export const SENDER_KEY_ID_BYTES = 16;
export const CHAIN_KEY_BYTES = 32;
export const MAX_SKIPPED_KEYS = 2000;
export const MAX_ITERATION = 0xffffffff;
const MESSAGE_VERSION = 1;
export const HEADER_BYTES = 1 + SENDER_KEY_ID_BYTES + 4 + AEAD_NONCE_BYTES;
const MIN_MESSAGE_BYTES = HEADER_BYTES + AEAD_TAG_BYTES + SIGNATURE_BYTES;

const MESSAGE_KEY_CONTEXT = 'weerbaar/sk/msg/v1';
const CHAIN_KEY_CONTEXT = 'weerbaar/sk/chain/v1';
const SIGNATURE_CONTEXT = 'weerbaar/sk/sig/v1';

// Views into a message; they share its buffer.
export interface SenderKeyMessageView {
  header: Bytes;
  keyId: Bytes;
  iteration: number;
  nonce: Bytes;
  ciphertext: Bytes; // ct || tag
  signedPart: Bytes;
  signature: Bytes;
}

// invalid_argument for a short message, an unknown version or iteration 2^32-1.
export function parseSenderKeyMessage(message: Bytes): SenderKeyMessageView {
  if (message.length < MIN_MESSAGE_BYTES) fail('invalid_argument', 'sender key message is too short');
  const signedLen = message.length - SIGNATURE_BYTES;
  const view: SenderKeyMessageView = {
    header: message.subarray(0, HEADER_BYTES),
    keyId: message.subarray(1, 1 + SENDER_KEY_ID_BYTES),
    iteration: readU32be(message, 1 + SENDER_KEY_ID_BYTES),
    nonce: message.subarray(HEADER_BYTES - AEAD_NONCE_BYTES, HEADER_BYTES),
    ciphertext: message.subarray(HEADER_BYTES, signedLen),
    signedPart: message.subarray(0, signedLen),
    signature: message.subarray(signedLen),
  };
  if (message[0] !== MESSAGE_VERSION) fail('invalid_argument', 'sender key: unknown version');
  if (view.iteration === MAX_ITERATION) fail('invalid_argument', 'sender key: iteration out of range');
  return view;
}

export function buildHeader(keyId: Bytes, iteration: number, nonce: Bytes): Bytes {
  return concat(Uint8Array.of(MESSAGE_VERSION), keyId, u32be(iteration), nonce);
}

export function senderKeyAead(header: Bytes, contextAad: Bytes): Bytes {
  return concat(header, contextAad);
}

export function senderKeySignedBytes(contextAad: Bytes, signedPart: Bytes): Bytes {
  return concat(lp(SIGNATURE_CONTEXT), lp(contextAad), signedPart);
}

export function messageKey(chainKey: Bytes): Bytes {
  return deriveKey(chainKey, MESSAGE_KEY_CONTEXT, new Uint8Array(0));
}

export function nextChainKey(chainKey: Bytes): Bytes {
  return deriveKey(chainKey, CHAIN_KEY_CONTEXT, new Uint8Array(0));
}
