// Sending (as clients/client_send.cc): rotate the sender key when the group's epoch moved,
// share it in pairwise boxes with every member device that lacks it, encrypt, then send.
// A message is saved in the group's outbox (with its client_msg_id) before it leaves, and
// resent unchanged after a reconnect: the server stores a retry once (dedupe by id).
import { fromHex, toHex } from '../crypto/bytes';
import { CryptoError } from '../crypto/errors';
import { randomBytes } from '../crypto/primitives';
import { SenderKey } from '../crypto/sender_key';
import { ErrorCode, type DeviceInfo, type GroupInfo } from '../gen/weerbaar_pb';
import { ServerError } from './connection';
import type { ClientCore } from './core';
import { toGroupContent } from './content';
import { MAX_TEXT_BYTES, SenderKeyReceiver, checkDeviceKeys, encryptGroupContent, sealSenderKeyShare, textBytes } from './group_crypto';
import { addHistory, contentOf, nameOf, putReceivedKey, type Content, type GroupState, type Outgoing } from './state';

const CLIENT_MSG_ID_BYTES = 16;
const MAX_DIRECT_ENVELOPES = 256; // the server's default max_direct_envelopes

// The current sender key for the group's epoch, rotating to a fresh one when it moved.
// A receiver for the new key is stored too, so this device can read its own echoes.
async function currentKey(core: ClientCore, g: GroupState, epoch: bigint): Promise<SenderKey> {
  if (g.myKey && g.myKey.epoch === epoch) return SenderKey.parse(g.myKey.serialized);
  const key = SenderKey.generate();
  g.myKey = { serialized: key.serialize(), epoch, distributedTo: [] };
  putReceivedKey(g, {
    senderDevice: core.me.deviceId,
    senderUser: core.me.userId,
    keyId: toHex(key.keyId),
    epoch,
    serialized: SenderKeyReceiver.fromDistribution(key.distribution()).serialize(),
  });
  await core.saveGroup(g);
  return key;
}

// Seals the key for every member device that does not hold it yet; returns how many.
async function shareKey(core: ClientCore, g: GroupState, info: GroupInfo, key: SenderKey): Promise<number> {
  const own = g.myKey!;
  const targets: DeviceInfo[] = info.members.flatMap((m) => m.devices).filter((d) => {
    const id = toHex(d.deviceId);
    return id !== core.me.deviceId && !own.distributedTo.includes(id);
  });
  const envelopes = [];
  for (const device of targets) {
    const problem = checkDeviceKeys(device);
    if (problem) {
      core.notice({ kind: 'skipped-device', detail: problem });
      continue;
    }
    envelopes.push(envelopeFor(device, sealSenderKeyShare(core.id, device, info.groupId, info.epoch, key.distribution())));
  }
  await sendDirect(core, envelopes, async (sentTo) => {
    own.distributedTo.push(...sentTo);
    await core.saveGroup(g);
  });
  return envelopes.length;
}

export interface DirectEnvelope {
  toDevice: Uint8Array;
  clientMsgId: Uint8Array;
  payload: Uint8Array;
}

// A pairwise box for one device, under a fresh client_msg_id.
export function envelopeFor(device: DeviceInfo, payload: Uint8Array): DirectEnvelope {
  return { toDevice: device.deviceId, clientMsgId: randomBytes(CLIENT_MSG_ID_BYTES), payload };
}

// Sends pairwise boxes in batches the server takes; after each batch, `sent` records the
// hex ids of the devices it reached (so a reconnect resends only the rest).
export async function sendDirect(core: ClientCore, envelopes: DirectEnvelope[], sent: (deviceIds: string[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < envelopes.length; i += MAX_DIRECT_ENVELOPES) {
    const batch = envelopes.slice(i, i + MAX_DIRECT_ENVELOPES);
    await core.call({ case: 'sendDirect', value: { envelopes: batch } }, 'directAck');
    await sent(batch.map((e) => toHex(e.toDevice)));
  }
}

// Encrypts `content` under the group's current epoch and queues it in the outbox.
async function encryptIntoOutbox(core: ClientCore, g: GroupState, content: Content, sentAtMs: number): Promise<Outgoing> {
  const info = await core.getGroup(g.groupId);
  const key = await currentKey(core, g, info.epoch);
  await shareKey(core, g, info, key);
  const ciphertext = encryptGroupContent(key, info.groupId, fromHex(core.me.deviceId), info.epoch, toGroupContent(content, sentAtMs));
  const out: Outgoing = { ...contentOf(content), clientMsgId: toHex(randomBytes(CLIENT_MSG_ID_BYTES)), ciphertext, epoch: info.epoch, sentAtMs };
  g.myKey!.serialized = key.serialize();
  g.outbox.push(out);
  // The advanced chain is stored before the message leaves: no message key is reused.
  await core.saveGroup(g);
  return out;
}

// Sends one outbox entry; on success it moves into the history under its seq.
async function sendOne(core: ClientCore, g: GroupState, o: Outgoing): Promise<void> {
  const ack = await core.call(
    { case: 'sendGroup', value: { groupId: fromHex(g.groupId), epoch: o.epoch, clientMsgId: fromHex(o.clientMsgId), ciphertext: o.ciphertext } },
    'sendAck',
  );
  g.outbox = g.outbox.filter((x) => x.clientMsgId !== o.clientMsgId);
  addHistory(g, {
    seq: ack.seq,
    senderUser: core.me.userId,
    senderDevice: core.me.deviceId,
    senderName: nameOf(g, core.me.userId),
    serverTimeMs: o.sentAtMs,
    sentAtMs: o.sentAtMs,
    ...contentOf(o),
    decrypted: true,
  });
  if (ack.seq > g.lastSeq) g.lastSeq = ack.seq;
  await core.saveGroup(g);
}

// Sends the group's outbox in order. A message refused for a stale epoch (the group changed
// after it was encrypted; it was not stored) is encrypted again under the new epoch.
export async function flushOutbox(core: ClientCore, groupId: string): Promise<void> {
  const g = core.group(groupId);
  while (g.outbox.length > 0) {
    const o = g.outbox[0];
    try {
      await sendOne(core, g, o);
    } catch (e) {
      if (!(e instanceof ServerError) || e.code !== ErrorCode.STALE_EPOCH) throw e;
      g.outbox.shift();
      const again = await encryptIntoOutbox(core, g, contentOf(o), o.sentAtMs);
      g.outbox = [again, ...g.outbox.filter((x) => x !== again)];
      await core.saveGroup(g);
      await sendOne(core, g, again);
    }
  }
}

// Encrypts any group content (text, report, status update) into the group's outbox (saved);
// flushOutbox sends it.
export async function queueContent(core: ClientCore, groupId: string, content: Content, nowMs: number): Promise<void> {
  if (textBytes(content.text) > MAX_TEXT_BYTES) throw new CryptoError('invalid_argument', 'message text is too long');
  await encryptIntoOutbox(core, core.group(groupId), content, nowMs);
}

export async function sendContent(core: ClientCore, groupId: string, content: Content, nowMs: number): Promise<void> {
  await queueContent(core, groupId, content, nowMs);
  await flushOutbox(core, groupId);
}

export function sendText(core: ClientCore, groupId: string, text: string, nowMs: number): Promise<void> {
  return sendContent(core, groupId, { text }, nowMs);
}

// Groups with messages still waiting to be sent (after a reconnect).
export function groupsWithOutbox(core: ClientCore): string[] {
  return [...core.groups.values()].filter((g) => g.outbox.length > 0).map((g) => g.groupId);
}
