// Receiving (as clients/client_sync.cc): key shares from the inbox first (sender keys, and
// partner channel keys: channel_key_share.ts), then group messages from the local `fetched`
// seq; pushes; retrying messages whose key came late.
// Messages are deduplicated by seq: nothing at or below `fetched` is processed twice.
import { fromHex, toHex } from '../crypto/bytes';
import { CryptoError } from '../crypto/errors';
import { parseDistribution } from '../crypto/sender_key';
import { create } from '@bufbuild/protobuf';
import { GroupMessageSchema, type GroupMessage, type DirectContent, type InboxMessage, type SenderKeyShare, type ServerMessage } from '../gen/weerbaar_pb';
import { acceptChannelKey } from './channel_key_share';
import type { ClientCore } from './core';
import { buildDirectory, type Directory, type KnownDevice } from './directory';
import { fromGroupContent } from './content';
import { SenderKeyReceiver, decryptGroupContent, openDirectContent, peekKeyId, senderKeyShareOf } from './group_crypto';
import { addHistory, contentOf, findReceivedKey, hasHistory, nameOf, putReceivedKey, type GroupState, type HistoryEntry } from './state';

const NO_KEY = 'no key from the sending device';

function reasonFor(e: unknown): string {
  if (!(e instanceof CryptoError)) return 'malformed message';
  switch (e.code) {
    case 'already_exists':
      return 'replayed or older than the key';
    case 'permission_denied':
      return 'bad signature';
    case 'resource_exhausted':
      return 'too far ahead of the key';
    case 'data_loss':
      return 'authentication failed';
    default:
      return 'malformed message';
  }
}

// Decrypts with the received key the message names and advances that key. Never throws:
// a message that cannot be read becomes an entry with decrypted = false.
export function openGroupMessage(g: GroupState, m: GroupMessage): HistoryEntry {
  const entry: HistoryEntry = {
    seq: m.seq,
    senderUser: toHex(m.senderUser),
    senderDevice: toHex(m.senderDevice),
    senderName: nameOf(g, toHex(m.senderUser)),
    serverTimeMs: Number(m.serverTimeMs),
    sentAtMs: 0,
    text: '',
    decrypted: false,
  };
  const keyId = peekKeyId(m.ciphertext);
  if (!keyId) return { ...entry, failure: 'malformed message' };
  const key = findReceivedKey(g, entry.senderDevice, toHex(keyId));
  if (!key) return { ...entry, failure: NO_KEY, retry: { ciphertext: m.ciphertext, epoch: m.epoch } };
  if (key.epoch !== m.epoch) return { ...entry, failure: 'key belongs to another epoch' };
  if (key.senderUser !== entry.senderUser) return { ...entry, failure: 'sender does not own the key' };
  try {
    const receiver = SenderKeyReceiver.parse(key.serialized);
    const opened = decryptGroupContent(receiver, m.ciphertext, m.groupId, m.senderDevice, m.epoch);
    key.serialized = receiver.serialize();
    const content = fromGroupContent(opened);
    const sentAtMs = Number(opened.sentAtMs);
    if (!content) return { ...entry, decrypted: true, sentAtMs, failure: 'unsupported message type' };
    return { ...entry, ...content, decrypted: true, sentAtMs };
  } catch (e) {
    return { ...entry, failure: reasonFor(e) };
  }
}

// Stores the key in one inbox entry: a sender key (returns its group id) or a partner
// channel's key (returns null); the problem as an Error when the entry is dropped.
async function acceptEntry(core: ClientCore, entry: InboxMessage, dir: Directory): Promise<string | null | Error> {
  const sender = dir.devices.get(toHex(entry.fromDevice));
  if (!sender || sender.userId !== toHex(entry.fromUser)) return new Error('not a device of your groups or channels');
  let content: DirectContent;
  try {
    content = openDirectContent(core.id, sender.info, entry.payload);
  } catch (e) {
    return e as Error;
  }
  if (content.body.case === 'channelKey') {
    const stored = await acceptChannelKey(core, sender, content.body.value);
    return stored instanceof Error ? stored : null;
  }
  let share: SenderKeyShare;
  try {
    share = senderKeyShareOf(content);
  } catch (e) {
    return e as Error;
  }
  return acceptSenderKey(core, sender, share);
}

function acceptSenderKey(core: ClientCore, sender: KnownDevice, share: SenderKeyShare): string | Error {
  const groupId = toHex(share.groupId);
  if (!sender.groups.has(groupId)) return new Error('the sender is not in the group of this key');
  const receiver = SenderKeyReceiver.fromDistribution(parseDistribution(share.distribution));
  putReceivedKey(core.group(groupId), {
    senderDevice: toHex(sender.info.deviceId),
    senderUser: sender.userId,
    keyId: toHex(receiver.keyId),
    epoch: share.epoch,
    serialized: receiver.serialize(),
  });
  return groupId;
}

// Reads and acknowledges the inbox; returns the ids of groups that got a new key.
export async function processInbox(core: ClientCore): Promise<Set<string>> {
  const changed = new Set<string>();
  let dir: Directory | null = null;
  for (;;) {
    const page = await core.call({ case: 'syncInbox', value: { afterSeq: core.me.inboxCursor } }, 'inboxMessages');
    let last = core.me.inboxCursor;
    for (const entry of page.messages) {
      if (entry.seq <= last) continue; // repeated: handled already
      last = entry.seq;
      dir ??= await buildDirectory(core);
      const accepted = await acceptEntry(core, entry, dir);
      if (accepted instanceof Error) core.notice({ kind: 'bad-share', detail: accepted.message });
      else if (accepted) changed.add(accepted);
    }
    if (last === core.me.inboxCursor) break;
    // Keys are stored before the server may delete the entries that carried them.
    for (const id of changed) await core.saveGroup(core.group(id));
    core.me.inboxCursor = last;
    await core.saveMeta();
    await core.call({ case: 'ackInbox', value: { upToSeq: last } }, 'ok');
    if (!page.more) break;
  }
  for (const id of changed) await retryUndecrypted(core, core.group(id));
  return changed;
}

// Messages that arrived before their key: try them again now that keys came in.
async function retryUndecrypted(core: ClientCore, g: GroupState): Promise<void> {
  let healed = false;
  for (const [i, e] of g.history.entries()) {
    if (!e.retry) continue;
    const m = create(GroupMessageSchema, {
      groupId: fromHex(g.groupId),
      seq: e.seq,
      senderDevice: fromHex(e.senderDevice),
      senderUser: fromHex(e.senderUser),
      epoch: e.retry.epoch,
      ciphertext: e.retry.ciphertext,
      serverTimeMs: BigInt(e.serverTimeMs),
    });
    const again = openGroupMessage(g, m);
    if (again.failure === NO_KEY) continue;
    g.history[i] = again;
    healed = true;
  }
  if (healed) await core.saveGroup(g);
}

// Adds one server message to the history (or confirms one of this device's own sends).
function absorb(core: ClientCore, g: GroupState, m: GroupMessage): HistoryEntry | null {
  if (hasHistory(g, m.seq)) return null; // this device's own send, already recorded
  const cid = toHex(m.clientMsgId);
  const own = toHex(m.senderDevice) === core.me.deviceId ? g.outbox.findIndex((o) => o.clientMsgId === cid) : -1;
  let entry: HistoryEntry;
  if (own >= 0) {
    const o = g.outbox.splice(own, 1)[0];
    entry = { seq: m.seq, senderUser: core.me.userId, senderDevice: core.me.deviceId, senderName: nameOf(g, core.me.userId), serverTimeMs: Number(m.serverTimeMs), sentAtMs: o.sentAtMs, ...contentOf(o), decrypted: true };
  } else {
    entry = openGroupMessage(g, m);
  }
  return addHistory(g, entry) ? entry : null;
}

// Fetches every message after `fetched`; returns the new entries.
export async function syncGroup(core: ClientCore, groupId: string): Promise<HistoryEntry[]> {
  const out: HistoryEntry[] = [];
  const g = core.group(groupId);
  for (;;) {
    const page = await core.call({ case: 'syncGroup', value: { groupId: fromHex(groupId), afterSeq: g.fetched } }, 'groupMessages');
    let last = g.fetched;
    for (const m of page.messages) {
      if (m.seq <= last || toHex(m.groupId) !== groupId) continue;
      last = m.seq;
      const e = absorb(core, g, m);
      if (e) out.push(e);
    }
    if (last === g.fetched) break; // nothing new (or a misbehaving server)
    g.fetched = last;
    if (last > g.lastSeq) g.lastSeq = last;
    await core.saveGroup(g);
    if (!page.more) break;
  }
  return out;
}

// Every group of this user: summaries (read markers, last seqs), members, then messages.
export async function syncAll(core: ClientCore): Promise<void> {
  await processInbox(core);
  const list = await core.call({ case: 'listGroups', value: {} }, 'groupList');
  for (const s of list.groups) {
    const g = core.group(toHex(s.groupId));
    if (s.cursor > g.read) g.read = s.cursor;
    if (s.lastSeq > g.lastSeq) g.lastSeq = s.lastSeq;
    g.communityId = toHex(s.communityId);
    await core.getGroup(g.groupId);
    await syncGroup(core, g.groupId);
  }
}

// Handles one push; returns the ids of groups whose history (or members) changed. A key
// from the inbox can heal messages that came before it, so that counts as a change too.
export async function handlePush(core: ClientCore, push: ServerMessage): Promise<string[]> {
  switch (push.body.case) {
    case 'pushGroup': {
      const id = await handleGroupPush(core, push.body.value);
      return id ? [id] : [];
    }
    case 'pushInbox':
      return [...(await processInbox(core))];
    case 'pushGroupChanged': {
      // The next send sees the new epoch through GetGroup and rotates its key then.
      const id = toHex(push.body.value.groupId);
      await core.getGroup(id);
      return [id];
    }
    default:
      return [];
  }
}

async function handleGroupPush(core: ClientCore, m: GroupMessage): Promise<string | null> {
  const id = toHex(m.groupId);
  const g = core.groups.get(id);
  if (g && m.seq <= g.fetched) return null;
  // Anything but the next message of a known group: catch up from `fetched` instead.
  if (!g || !g.name || m.seq !== g.fetched + 1n) {
    await processInbox(core);
    await core.getGroup(id);
    await syncGroup(core, id);
    return id;
  }
  const keyId = peekKeyId(m.ciphertext);
  // Its key may still wait in the inbox (a failed open changes no state).
  if (keyId && !findReceivedKey(g, toHex(m.senderDevice), toHex(keyId))) await processInbox(core);
  absorb(core, g, m);
  g.fetched = m.seq;
  if (m.seq > g.lastSeq) g.lastSeq = m.seq;
  await core.saveGroup(g);
  return id;
}

// Moves this device's read marker (the server cursor) to everything fetched.
export async function markRead(core: ClientCore, groupId: string): Promise<void> {
  const g = core.group(groupId);
  if (g.read >= g.fetched) return;
  g.read = g.fetched;
  await core.saveGroup(g);
  await core.call({ case: 'setCursor', value: { groupId: fromHex(groupId), seq: g.fetched } }, 'ok');
}
