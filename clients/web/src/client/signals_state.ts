// What a device remembers about signal reports and partner channels (docs/signals.md), kept
// in its own sealed record ("signals", see store.ts). Ids are lower-case hex strings.
//
// Personal data: the reports this device filed (text, exact location, photo), the consents
// it gave, questions and answers; on a partner device the decrypted details of its channel's
// shares. Secrets: the per-share reply keys (reporter) and the channel key (partner, made
// here or received from another partner device).
// Retention: a share's reply key is deleted when its consent is withdrawn; a partner card is
// deleted when the share is retracted or no longer servable; the rest as the group history.
import type { ReportInfo } from './state';

// One question, update or answer of a share's thread. text is null when this device cannot
// read it (an entry of the other side sealed before this device had the key).
export interface ThreadItem {
  fromPartner: boolean;
  update?: boolean; // a partner's update for the report's group (else a question or answer)
  text: string | null;
  timeMs: number;
}

// A share this device made of one of its reports, with the consent it signed.
export interface OwnShare {
  shareId: string; // empty until the server accepted it
  channelId: string;
  channelName: string;
  channelPublic: Uint8Array; // answers are sealed to it
  purpose: string;
  fields: string[];
  sharedAtMs: number;
  expiresAtMs: number;
  replySecret: Uint8Array | null; // X25519, fresh per share; null once withdrawn
  status: number; // ShareStatus
  posted: number[]; // statuses already posted into the report's group
  // Partner updates already posted there, by their box's ephemeral key (hex; fresh per box).
  // Absent in state saved before updates existed.
  postedUpdates?: string[];
  thread: ThreadItem[];
  myAnswers: string[]; // the plaintext of this device's answers, in order
  withdrawnAtMs: number | null;
  gone: boolean; // the server no longer lists it (expired or erased)
}

export interface FiledReport extends ReportInfo {
  groupId: string;
  communityId: string;
  shares: OwnShare[];
}

// A share as a partner device holds it: the card and the decrypted details.
export interface PartnerCard {
  shareId: string;
  reportId: string;
  seq: bigint;
  category: string;
  geohash: string | null;
  bucketStartMs: number | null;
  bucket: number; // TimeBucket
  pseudonym: string;
  purpose: string;
  expiresAtMs: number;
  mayAsk: boolean;
  mayUpdate: boolean; // the details carry a reply key (updates are sealed to it)
  details: string | null; // null: no details shared, or they do not open with this key
  replyPublic: Uint8Array | null; // from the details: questions are sealed to it
  photo: Uint8Array | null;
  status: number;
  thread: ThreadItem[];
  myQuestions: string[]; // the plaintext of this device's questions, in order
  myUpdates?: string[]; // and of its updates (absent in state saved before updates existed)
}

// A channel this (partner) device holds the key of.
export interface ChannelKeys {
  channelId: string;
  communityId: string;
  name: string;
  publicKey: Uint8Array;
  secret: Uint8Array; // X25519 channel key; never leaves the device
  afterSeq: bigint; // SyncChannel resumes after it
  cards: PartnerCard[];
  // Hex ids of the partner devices this device gave the key (ChannelKeyShare); absent in
  // state saved before keys were passed on.
  givenTo?: string[];
}

export interface SignalsState {
  reports: FiledReport[];
  channels: ChannelKeys[];
}

export function newSignalsState(): SignalsState {
  return { reports: [], channels: [] };
}

export type ThreadEntryIn = { fromPartner: boolean; update: boolean; sealed: Uint8Array; timeMs: number };

// Rebuilds a thread from the server's entries: the other side's entries are opened with
// `open` (null when they do not open); this side's own entries cannot be opened here (they
// are sealed for the other side), so they take the locally kept texts in order, questions
// (or answers) from `mine` and updates from `mineUpdates`.
export function rebuildThread(entries: ThreadEntryIn[], mineFromPartner: boolean, mine: string[], open: (e: ThreadEntryIn) => string | null, mineUpdates: string[] = []): ThreadItem[] {
  let k = 0;
  let u = 0;
  return entries.map((e) => {
    const ownText = () => (e.update ? (mineUpdates[u++] ?? null) : (mine[k++] ?? null));
    const text = e.fromPartner === mineFromPartner ? ownText() : open(e);
    return e.update ? { fromPartner: e.fromPartner, update: true, text, timeMs: e.timeMs } : { fromPartner: e.fromPartner, text, timeMs: e.timeMs };
  });
}

// The server's thread entries in the form rebuildThread reads.
export function threadEntries(entries: Array<{ fromPartner: boolean; isUpdate: boolean; sealed: Uint8Array; serverTimeMs: bigint }>): ThreadEntryIn[] {
  return entries.map((e) => ({ fromPartner: e.fromPartner, update: e.fromPartner && e.isUpdate, sealed: e.sealed, timeMs: Number(e.serverTimeMs) }));
}

// Adds a pushed entry of the other side unless a sync that raced the push already read it
// (the server pushes after appending, so a ListMyShares or SyncChannel in between lists it;
// an entry is known by its side and server time).
export function addPushedEntry(thread: ThreadItem[], entry: ThreadItem): boolean {
  if (thread.some((e) => e.fromPartner === entry.fromPartner && !!e.update === !!entry.update && e.timeMs === entry.timeMs)) return false;
  thread.push(entry);
  return true;
}

export function findOwnShare(s: SignalsState, shareId: string): { report: FiledReport; share: OwnShare } | null {
  for (const report of s.reports) {
    const share = report.shares.find((x) => x.shareId === shareId);
    if (share) return { report, share };
  }
  return null;
}
