// The end-to-end steps of group messaging, without I/O (clients/group_crypto.h).
//
// Sender-key shares travel in pairwise boxes (context "weerbaar/sender-key-share/v1")
// holding an encoded DirectContent{sender_key}; partner channel keys travel in the same box
// as DirectContent{channel_key} (channel_key_share.ts). Group messages are sender-key messages
// over an encoded GroupContent, bound to group, sender device and epoch by the aad
//   u32 BE len || group_id || u32 BE len || sender_device_id || u64 BE epoch.
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { concat, equalBytes, lp, u64be, type Bytes } from '../crypto/bytes';
import { CryptoError } from '../crypto/errors';
import { deviceIdFor, verifyAgreementKey, type DeviceIdentity } from '../crypto/identity';
import { openPairwise, sealPairwise } from '../crypto/pairwise';
import { parseDistribution, serializeDistribution, type SenderKey, type SenderKeyDistribution } from '../crypto/sender_key';
import { parseSenderKeyMessage } from '../crypto/sender_key_format';
import { SenderKeyReceiver } from '../crypto/sender_key_receiver';
import {
  DirectContentSchema,
  GroupContentSchema,
  SenderKeyShareSchema,
  type DeviceInfo,
  type DirectContent,
  type GroupContent,
  type SenderKeyShare,
} from '../gen/weerbaar_pb';

export const SENDER_KEY_SHARE_CONTEXT = 'weerbaar/sender-key-share/v1';
// Longest text a client sends (UTF-8 bytes); keeps the ciphertext under the server's limit.
export const MAX_TEXT_BYTES = 32 * 1024;
// Largest encoded GroupContent (a report with its photo): the ciphertext, a little larger,
// must stay under the server's max_ciphertext_bytes (48 KiB by default).
export const MAX_CONTENT_BYTES = 47 * 1024;
const ID_BYTES = 16;

export function groupMessageAad(groupId: Bytes, senderDevice: Bytes, epoch: bigint): Bytes {
  return concat(lp(groupId), lp(senderDevice), u64be(epoch));
}

// Null when the device's id is DeviceIdFor(signing key) and its agreement key is signed by
// its signing key; otherwise the reason (the device must then be ignored).
export function checkDeviceKeys(device: DeviceInfo): string | null {
  const keys = device.keys;
  if (!keys || !equalBytes(device.deviceId, deviceIdFor(keys.signingKey))) return 'device id does not match its signing key';
  if (!verifyAgreementKey(keys.signingKey, keys.agreementKey, keys.agreementSig)) {
    return 'device agreement key is not signed by its signing key';
  }
  return null;
}

// Seals a DirectContent for one device (the plaintext is wiped: it may hold a key).
// REQUIRES: checkDeviceKeys(to) === null.
export function sealDirectContent(me: DeviceIdentity, to: DeviceInfo, body: DirectContent['body']): Bytes {
  const plaintext = toBinary(DirectContentSchema, create(DirectContentSchema, { body }));
  try {
    return sealPairwise(me, to.deviceId, to.keys!.agreementKey, SENDER_KEY_SHARE_CONTEXT, plaintext);
  } finally {
    plaintext.fill(0);
  }
}

// data_loss if the box does not open; invalid_argument if it holds no DirectContent.
// REQUIRES: checkDeviceKeys(from) === null.
export function openDirectContent(me: DeviceIdentity, from: DeviceInfo, box: Bytes): DirectContent {
  const plaintext = openPairwise(me, from.deviceId, from.keys!.agreementKey, SENDER_KEY_SHARE_CONTEXT, box);
  // Not wiped: the decoded bytes fields may be views into it.
  try {
    return fromBinary(DirectContentSchema, plaintext);
  } catch {
    throw new CryptoError('invalid_argument', 'pairwise message is not a DirectContent');
  }
}

// REQUIRES: checkDeviceKeys(to) === null.
export function sealSenderKeyShare(
  me: DeviceIdentity,
  to: DeviceInfo,
  groupId: Bytes,
  epoch: bigint,
  distribution: SenderKeyDistribution,
): Bytes {
  return sealDirectContent(me, to, { case: 'senderKey', value: create(SenderKeyShareSchema, { groupId, epoch, distribution: serializeDistribution(distribution) }) });
}

// data_loss if the box does not open; invalid_argument if it holds no well-formed share.
// REQUIRES: checkDeviceKeys(from) === null.
export function openSenderKeyShare(me: DeviceIdentity, from: DeviceInfo, box: Bytes): SenderKeyShare {
  return senderKeyShareOf(openDirectContent(me, from, box));
}

// The sender key share in `content`; invalid_argument if it holds no well-formed one.
export function senderKeyShareOf(content: DirectContent): SenderKeyShare {
  if (content.body.case !== 'senderKey') throw new CryptoError('invalid_argument', 'pairwise message is not a sender key share');
  if (content.body.value.groupId.length !== ID_BYTES) throw new CryptoError('invalid_argument', 'sender key share has a bad group id');
  parseDistribution(content.body.value.distribution); // refuses a malformed distribution now
  return content.body.value;
}

export function textBytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

// Encrypts GroupContent{sent_at_ms, text} and advances `key`.
export function encryptGroupText(key: SenderKey, groupId: Bytes, myDevice: Bytes, epoch: bigint, text: string, sentAtMs: bigint): Bytes {
  if (textBytes(text) > MAX_TEXT_BYTES) throw new CryptoError('invalid_argument', 'message text is too long');
  return encryptGroupContent(key, groupId, myDevice, epoch, create(GroupContentSchema, { sentAtMs, body: { case: 'text', value: { text } } }));
}

// Encrypts any GroupContent (text, report, status update) and advances `key`.
// invalid_argument when the encoded content exceeds MAX_CONTENT_BYTES.
export function encryptGroupContent(key: SenderKey, groupId: Bytes, myDevice: Bytes, epoch: bigint, content: GroupContent): Bytes {
  const plaintext = toBinary(GroupContentSchema, content);
  if (plaintext.length > MAX_CONTENT_BYTES) throw new CryptoError('invalid_argument', 'message content is too long');
  return key.encrypt(plaintext, groupMessageAad(groupId, myDevice, epoch));
}

export interface OpenedText {
  text: string | null; // null: a content type this client does not know
  sentAtMs: bigint;
}

// Decrypts with `receiver` (which advances) and reads the content. Throws CryptoError.
export function decryptGroupContent(receiver: SenderKeyReceiver, ciphertext: Bytes, groupId: Bytes, senderDevice: Bytes, epoch: bigint): GroupContent {
  const plaintext = receiver.decrypt(ciphertext, groupMessageAad(groupId, senderDevice, epoch));
  try {
    return fromBinary(GroupContentSchema, plaintext);
  } catch {
    throw new CryptoError('invalid_argument', 'unreadable content');
  }
}

// decryptGroupContent for text messages (the interop vectors); other contents give null.
export function decryptGroupText(receiver: SenderKeyReceiver, ciphertext: Bytes, groupId: Bytes, senderDevice: Bytes, epoch: bigint): OpenedText {
  const content = decryptGroupContent(receiver, ciphertext, groupId, senderDevice, epoch);
  return { text: content.body.case === 'text' ? content.body.value.text : null, sentAtMs: content.sentAtMs };
}

// The key id a message names, or null when the message is malformed.
export function peekKeyId(ciphertext: Bytes): Bytes | null {
  try {
    return parseSenderKeyMessage(ciphertext).keyId.slice();
  } catch {
    return null;
  }
}

export { SenderKeyReceiver };
