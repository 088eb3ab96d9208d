// What a device remembers (the web counterpart of clients/client_state.proto), and small
// pure helpers over it. Ids are lower-case hex strings here; bytes only at the edges.
//
// Personal data: display names, message texts and the secret sender keys of this device.
// Retention: kept in this browser's IndexedDB (sealed, see store.ts) until the user signs
// out of the device or clears the site's data.

export interface DeviceMeta {
  serverId: string;
  userId: string;
  deviceId: string;
  isAdmin: boolean;
  displayName: string;
  inboxCursor: bigint; // highest inbox seq processed and acknowledged
  channelIds?: string[]; // this user's partner channels (AuthResult.channel_id; on a linked device: from the partner lists)
}

// This device's current sender key for one group.
export interface OwnKey {
  serialized: Uint8Array; // SenderKey.serialize(); secret
  epoch: bigint;
  distributedTo: string[]; // device ids that already hold it
}

// A sender key received from another device (or this device's own, to read its echoes).
export interface ReceivedKey {
  senderDevice: string;
  senderUser: string;
  keyId: string;
  epoch: bigint;
  serialized: Uint8Array; // SenderKeyReceiver.serialize(); secret
}

// A signal report posted in a group (GroupContent.report, docs/signals.md). Personal data:
// text, exact location, photo; kept as the group history is.
export interface ReportInfo {
  reportId: string;
  category: string;
  text: string;
  lat?: number;
  lon?: number;
  photo?: Uint8Array; // JPEG, re-encoded on the reporter's device (no metadata)
  happenedAtMs: number;
}

// A partner's status of a share, or a partner's update (updateText, capped at
// MAX_UPDATE_TEXT), relayed by the reporter's device (GroupContent.share_update).
export interface ShareUpdateInfo {
  reportId: string;
  channelId: string;
  channelName: string;
  status: number; // ShareStatus; unset (0) with updateText
  updateText?: string; // the partner organisation's words: shown as plain text only
}

// Longest partner update relayed or shown, in characters (kMaxShareUpdateTextBytes in the
// C++ client counts bytes of UTF-8; a longer text from elsewhere is cut here).
export const MAX_UPDATE_TEXT = 1000;

// What a group message holds: a text, or a report or status update (text is then the
// report's text, or empty).
export interface Content {
  text: string;
  report?: ReportInfo;
  shareUpdate?: ShareUpdateInfo;
}

// One message of the local history. Personal data (text, name, report).
export interface HistoryEntry extends Content {
  seq: bigint;
  senderUser: string;
  senderDevice: string;
  senderName: string;
  serverTimeMs: number;
  sentAtMs: number;
  text: string; // empty when !decrypted
  decrypted: boolean;
  failure?: string; // why it could not be decrypted
  // Kept while the failure may heal (the key share had not arrived yet).
  retry?: { ciphertext: Uint8Array; epoch: bigint };
}

// A message encrypted and saved but not yet acknowledged by the server. It is resent with
// the same client_msg_id after a reconnect, so the server stores it exactly once.
export interface Outgoing extends Content {
  clientMsgId: string;
  ciphertext: Uint8Array;
  epoch: bigint;
  sentAtMs: number;
}

// The Content fields of an entry or outbox item (to copy one into the other).
export function contentOf(c: Content): Content {
  const out: Content = { text: c.text };
  if (c.report) out.report = c.report;
  if (c.shareUpdate) out.shareUpdate = c.shareUpdate;
  return out;
}

export interface GroupState {
  groupId: string;
  communityId: string;
  name: string;
  epoch: bigint;
  lastSeq: bigint; // highest seq the server reported
  fetched: bigint; // highest seq read into the history (sync resumes after it)
  read: bigint; // highest seq the user has seen: the server cursor of this device
  myKey: OwnKey | null;
  received: ReceivedKey[];
  history: HistoryEntry[]; // ascending, unique seqs
  names: Record<string, string>; // user id -> display name, former members kept
  outbox: Outgoing[];
}

// Received keys kept per sending device (older epochs dropped), as the C++ client.
export const MAX_RECEIVED_KEYS_PER_DEVICE = 4;

export function newGroup(groupId: string): GroupState {
  return {
    groupId,
    communityId: '',
    name: '',
    epoch: 0n,
    lastSeq: 0n,
    fetched: 0n,
    read: 0n,
    myKey: null,
    received: [],
    history: [],
    names: {},
    outbox: [],
  };
}

export function findReceivedKey(g: GroupState, senderDevice: string, keyId: string): ReceivedKey | undefined {
  return g.received.find((k) => k.senderDevice === senderDevice && k.keyId === keyId);
}

// Stores `key` (replacing the same device and key id), then keeps only the newest
// MAX_RECEIVED_KEYS_PER_DEVICE keys of that device.
export function putReceivedKey(g: GroupState, key: ReceivedKey): void {
  const others = g.received.filter((k) => !(k.senderDevice === key.senderDevice && k.keyId === key.keyId));
  const mine = [key, ...others.filter((k) => k.senderDevice === key.senderDevice)]
    .sort((a, b) => (a.epoch === b.epoch ? 0 : a.epoch > b.epoch ? -1 : 1))
    .slice(0, MAX_RECEIVED_KEYS_PER_DEVICE);
  g.received = [...others.filter((k) => k.senderDevice !== key.senderDevice), ...mine];
}

function indexOfSeq(history: HistoryEntry[], seq: bigint): number {
  let lo = 0;
  let hi = history.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (history[mid].seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function hasHistory(g: GroupState, seq: bigint): boolean {
  const i = indexOfSeq(g.history, seq);
  return i < g.history.length && g.history[i].seq === seq;
}

// Inserts keeping the order; false (and no change) if that seq is there already.
export function addHistory(g: GroupState, entry: HistoryEntry): boolean {
  const i = indexOfSeq(g.history, entry.seq);
  if (i < g.history.length && g.history[i].seq === entry.seq) return false;
  g.history.splice(i, 0, entry);
  return true;
}

export function nameOf(g: GroupState, userId: string): string {
  return g.names[userId] || userId.slice(0, 8);
}

// Messages from others after the read marker, plus those not fetched yet.
export function unreadCount(g: GroupState, myUserId: string): number {
  const fetchedUnread = g.history.filter((e) => e.seq > g.read && e.senderUser !== myUserId).length;
  const notFetched = g.lastSeq > g.fetched ? Number(g.lastSeq - g.fetched) : 0;
  return fetchedUnread + notFetched;
}
