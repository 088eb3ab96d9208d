// Anonymous sealed boxes to an X25519 public key (crypto/channel_seal.h): a report's
// details sealed to a partner channel, and a partner's question sealed to the reporter's
// per-share reply key (docs/signals.md, "Sealed details and the reply handle").
//
//   ephemeral (esk, epk) = fresh X25519 key pair, one per box
//   key  = DeriveKey(X25519(esk, recipient pk), context, epk || recipient pk)
//   box  = u8 1 || epk(32) || AeadSeal(key, plaintext, aad)     (nonce || ct || tag)
//   context = "weerbaar/channel-seal/v1" (to a channel) or "weerbaar/reply-seal/v1"
//             (to a reply handle); aad = shareAad(report id, channel id), or
//             shareUpdateAad for a partner's update (a question uses shareAad)
//
// Security: only the recipient's secret key opens a box; the aad binds it to one report and
// channel, the context to one direction. The sender is anonymous by design.
import { concat, utf8, type Bytes } from './bytes';
import { CHANNEL_ID_BYTES, REPORT_ID_BYTES } from './consent';
import { fail } from './errors';
import { AEAD_NONCE_BYTES, AEAD_TAG_BYTES, AGREEMENT_KEY_BYTES, aeadOpen, aeadSeal, deriveKey, randomBytes, wipe, x25519, x25519Base } from './primitives';

const VERSION = 1;
const CHANNEL_SEAL_CONTEXT = 'weerbaar/channel-seal/v1';
const REPLY_SEAL_CONTEXT = 'weerbaar/reply-seal/v1';
const SHARE_UPDATE_LABEL = 'weerbaar/share-update/v1';
export const SEAL_OVERHEAD_BYTES = 1 + AGREEMENT_KEY_BYTES + AEAD_NONCE_BYTES + AEAD_TAG_BYTES;

// The secret is key material: keep it out of logs, wipe it when done.
export type X25519KeyPair = { secret: Uint8Array; publicKey: Uint8Array };

// A fresh key pair with a clamped secret (RFC 7748), as X25519KeyPair::Generate.
export function generateX25519KeyPair(): X25519KeyPair {
  const secret = randomBytes(AGREEMENT_KEY_BYTES);
  secret[0] &= 248;
  secret[31] &= 127;
  secret[31] |= 64;
  return { secret, publicKey: x25519Base(secret) };
}

// invalid_argument unless `secret` is 32 bytes (X25519KeyPair::FromSecret; not clamped here,
// X25519 clamps when it multiplies).
export function x25519KeyPairFromSecret(secret: Bytes): X25519KeyPair {
  if (secret.length !== AGREEMENT_KEY_BYTES) fail('invalid_argument', 'seal: secret key has the wrong size');
  return { secret: secret.slice(), publicKey: x25519Base(secret) };
}

// report id (16) || channel id (16); invalid_argument for other sizes.
export function shareAad(reportId: Bytes, channelId: Bytes): Uint8Array {
  if (reportId.length !== REPORT_ID_BYTES || channelId.length !== CHANNEL_ID_BYTES) {
    fail('invalid_argument', 'seal: report or channel id has the wrong size');
  }
  return concat(reportId, channelId);
}

// shareAad || "weerbaar/share-update/v1" (ShareUpdateAad): a partner's update for the report's
// group, where a question (private to the reporter) uses shareAad. The server cannot present
// one kind as the other: the box does not open.
export function shareUpdateAad(reportId: Bytes, channelId: Bytes): Uint8Array {
  return concat(shareAad(reportId, channelId), utf8(SHARE_UPDATE_LABEL));
}

// Both public keys enter the KDF so the key is bound to this ephemeral key and recipient.
function boxKey(ownSecret: Bytes, peerPublic: Bytes, context: string, ephemeralPublic: Bytes, recipientPublic: Bytes): Bytes {
  const shared = x25519(ownSecret, peerPublic);
  try {
    return deriveKey(shared, context, concat(ephemeralPublic, recipientPublic));
  } finally {
    wipe(shared);
  }
}

function seal(context: string, recipientPublic: Bytes, plaintext: Bytes, aad: Bytes): Uint8Array {
  if (recipientPublic.length !== AGREEMENT_KEY_BYTES) fail('invalid_argument', 'seal: recipient key has the wrong size');
  const ephemeral = generateX25519KeyPair();
  const key = boxKey(ephemeral.secret, recipientPublic, context, ephemeral.publicKey, recipientPublic);
  wipe(ephemeral.secret);
  try {
    return concat(Uint8Array.of(VERSION), ephemeral.publicKey, aeadSeal(key, plaintext, aad));
  } finally {
    wipe(key);
  }
}

// Every failure is data_loss: a box that does not open says nothing more specific.
function open(context: string, recipient: X25519KeyPair, box: Bytes, aad: Bytes): Uint8Array {
  if (box.length < SEAL_OVERHEAD_BYTES || box[0] !== VERSION) fail('data_loss', 'seal: malformed box');
  const ephemeralPublic = box.subarray(1, 1 + AGREEMENT_KEY_BYTES);
  let key: Bytes;
  try {
    key = boxKey(recipient.secret, ephemeralPublic, context, ephemeralPublic, recipient.publicKey);
  } catch {
    return fail('data_loss', 'seal: bad ephemeral key');
  }
  try {
    return aeadOpen(key, box.subarray(1 + AGREEMENT_KEY_BYTES), aad);
  } finally {
    wipe(key);
  }
}

// invalid_argument: the public key is not 32 bytes or has low order.
export function sealToChannel(channelPk: Bytes, message: Bytes, aad: Bytes): Uint8Array {
  return seal(CHANNEL_SEAL_CONTEXT, channelPk, message, aad);
}

// data_loss: wrong key, wrong aad, tampered or truncated box, unknown version.
export function openFromChannel(channelKeyPair: X25519KeyPair, box: Bytes, aad: Bytes): Uint8Array {
  return open(CHANNEL_SEAL_CONTEXT, channelKeyPair, box, aad);
}

// The same construction under the reply context, to a reporter's per-share reply key.
export function sealToReplyHandle(replyPk: Bytes, message: Bytes, aad: Bytes): Uint8Array {
  return seal(REPLY_SEAL_CONTEXT, replyPk, message, aad);
}

export function openReply(replyKeyPair: X25519KeyPair, box: Bytes, aad: Bytes): Uint8Array {
  return open(REPLY_SEAL_CONTEXT, replyKeyPair, box, aad);
}
