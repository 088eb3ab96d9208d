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

// One question or answer of a share's thread. text is null when this device cannot read it
// (an entry of the other side sealed before this device had the key).
export interface ThreadItem {
  fromPartner: boolean;
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
  details: string | null; // null: no details shared, or they do not open with this key
  replyPublic: Uint8Array | null; // from the details: questions are sealed to it
  photo: Uint8Array | null;
  status: number;
  thread: ThreadItem[];
  myQuestions: string[]; // the plaintext of this device's questions, in order
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

// Rebuilds a thread from the server's entries: the other side's entries are opened with
// `open` (null when they do not open); this side's own entries cannot be opened here (they
// are sealed for the other side), so they take the locally kept texts in order.
export function rebuildThread(
  entries: Array<{ fromPartner: boolean; sealed: Uint8Array; timeMs: number }>,
  mineFromPartner: boolean,
  mine: string[],
  open: (sealed: Uint8Array) => string | null,
): ThreadItem[] {
  let k = 0;
  return entries.map((e) => {
    const text = e.fromPartner === mineFromPartner ? (mine[k++] ?? null) : open(e.sealed);
    return { fromPartner: e.fromPartner, text, timeMs: e.timeMs };
  });
}

// Adds a pushed entry of the other side unless a sync that raced the push already read it
// (the server pushes after appending, so a ListMyShares or SyncChannel in between lists it;
// an entry is known by its side and server time).
export function addPushedEntry(thread: ThreadItem[], entry: ThreadItem): boolean {
  if (thread.some((e) => e.fromPartner === entry.fromPartner && e.timeMs === entry.timeMs)) return false;
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
