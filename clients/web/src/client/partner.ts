// The partner's side of a channel (docs/signals.md): the channel key (made on first use on
// this device, the public half registered with SetChannelKey, the secret kept here), the
// channel's cards with their details opened, deletion of retracted shares, status, questions
// and updates sealed to the share's reply key, answers opened with the channel key, and trends.
import { fromBinary } from '@bufbuild/protobuf';
import { equalBytes, fromHex, fromUtf8, toHex, utf8 } from '../crypto/bytes';
import { generateX25519KeyPair, openFromChannel, sealToReplyHandle, shareAad, shareUpdateAad, x25519KeyPairFromSecret } from '../crypto/channel_seal';
import { ErrorCode, SharedDetailsSchema, type ChannelInfo, type ChannelShare, type ServerMessage, type TrendCells } from '../gen/weerbaar_pb';
import { ServerError } from './connection';
import type { ClientCore } from './core';
import { addPushedEntry, rebuildThread, threadEntries, type ChannelKeys, type PartnerCard } from './signals_state';
import { MAX_UPDATE_TEXT } from './state';

// A channel key was set by another device: this one cannot open the channel's details.
export class ChannelKeyElsewhere extends Error {}

export function channelKeys(core: ClientCore, channelId: string): ChannelKeys | undefined {
  return core.signals.channels.find((c) => c.channelId === channelId);
}

// Makes sure this device holds the key of `info` (a channel this user is a partner of):
// generates and registers it when the channel has none. The secret is stored first, so a
// registered key is never one this device has lost.
export async function ensureChannelKey(core: ClientCore, info: ChannelInfo): Promise<ChannelKeys> {
  const channelId = toHex(info.channelId);
  const held = channelKeys(core, channelId);
  if (held && (info.publicKey.length === 0 || equalBytes(held.publicKey, info.publicKey))) {
    if (info.publicKey.length === 0) await registerKey(core, held);
    return held;
  }
  if (info.publicKey.length > 0) throw new ChannelKeyElsewhere('the channel key was made on another device');
  const pair = generateX25519KeyPair();
  const keys: ChannelKeys = { channelId, communityId: toHex(info.communityId), name: info.name, publicKey: pair.publicKey, secret: pair.secret, afterSeq: 0n, cards: [] };
  core.signals.channels.push(keys);
  await core.saveSignals();
  await registerKey(core, keys);
  return keys;
}

async function registerKey(core: ClientCore, keys: ChannelKeys): Promise<void> {
  try {
    await core.call({ case: 'setChannelKey', value: { channelId: fromHex(keys.channelId), publicKey: keys.publicKey } }, 'ok');
  } catch (e) {
    // Another partner device won the race: drop this key, it will never open anything.
    if (e instanceof ServerError && e.code === ErrorCode.ALREADY_EXISTS) {
      core.signals.channels = core.signals.channels.filter((c) => c !== keys);
      await core.saveSignals();
      throw new ChannelKeyElsewhere('the channel key was made on another device');
    }
    throw e;
  }
}

function open(keys: ChannelKeys, reportId: Uint8Array, box: Uint8Array): Uint8Array | null {
  if (box.length === 0) return null;
  try {
    return openFromChannel(x25519KeyPairFromSecret(keys.secret), box, shareAad(reportId, fromHex(keys.channelId)));
  } catch {
    return null;
  }
}

// The card as this device keeps it, details opened; questions and updates sent before are kept.
function toCard(keys: ChannelKeys, s: ChannelShare, old: PartnerCard | undefined): PartnerCard {
  const plain = open(keys, s.reportId, s.sealedDetails);
  let details: { text: string; replyPublicKey: Uint8Array } | null = null;
  try {
    details = plain ? fromBinary(SharedDetailsSchema, plain) : null;
  } catch {
    details = null;
  }
  const myQuestions = old?.myQuestions ?? [];
  const myUpdates = old?.myUpdates ?? [];
  const answer = (e: { sealed: Uint8Array }) => {
    const opened = open(keys, s.reportId, e.sealed);
    return opened ? fromUtf8(opened) : null;
  };
  const hasReplyKey = details !== null && details.replyPublicKey.length === 32;
  return {
    shareId: toHex(s.shareId),
    reportId: toHex(s.reportId),
    seq: s.seq,
    category: s.card?.category ?? '',
    geohash: s.card?.geohash ?? null,
    bucketStartMs: s.card?.timeBucketStartMs !== undefined ? Number(s.card.timeBucketStartMs) : null,
    bucket: s.card?.timeBucket ?? 0,
    pseudonym: toHex(s.card?.pseudonym ?? new Uint8Array(0)),
    purpose: s.purpose,
    expiresAtMs: Number(s.consentExpiresAtMs),
    mayAsk: s.mayAskQuestions && hasReplyKey,
    mayUpdate: hasReplyKey,
    details: details?.text ?? null,
    replyPublic: details?.replyPublicKey ?? null,
    photo: open(keys, s.reportId, s.sealedPhoto),
    status: s.status,
    thread: rebuildThread(threadEntries(s.thread), true, myQuestions, answer, myUpdates),
    myQuestions,
    myUpdates,
  };
}

// Adds or replaces one share (a sync page or a push of a new share).
export function putCard(keys: ChannelKeys, s: ChannelShare): void {
  const id = toHex(s.shareId);
  const old = keys.cards.find((c) => c.shareId === id);
  const card = toCard(keys, s, old);
  keys.cards = [...keys.cards.filter((c) => c.shareId !== id), card].sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
  if (s.seq > keys.afterSeq) keys.afterSeq = s.seq;
}

export function dropCards(keys: ChannelKeys, shareIds: string[]): boolean {
  const before = keys.cards.length;
  keys.cards = keys.cards.filter((c) => !shareIds.includes(c.shareId));
  return keys.cards.length !== before;
}

const SYNC_LIMIT = 200;

// Reads the channel's new shares from `afterSeq`, and asks which held ones are gone
// (withdrawn, expired, erased while this device was offline): those are deleted here.
// Status and thread changes of held cards come by push; a full re-read (afterSeq 0) on
// every catch-up picks up what was missed offline.
export async function syncChannel(core: ClientCore, keys: ChannelKeys, full: boolean): Promise<void> {
  let after = full ? 0n : keys.afterSeq;
  let held = keys.cards.map((c) => fromHex(c.shareId)).slice(0, SYNC_LIMIT);
  const seen = new Set<string>();
  for (;;) {
    const page = await core.call({ case: 'syncChannel', value: { channelId: fromHex(keys.channelId), afterSeq: after, limit: SYNC_LIMIT, heldShareIds: held } }, 'channelShares');
    held = [];
    dropCards(keys, page.goneShareIds.map(toHex));
    for (const s of page.shares) {
      if (toHex(s.channelId) !== keys.channelId && s.channelId.length > 0) continue;
      putCard(keys, s);
      seen.add(toHex(s.shareId));
      if (s.seq > after) after = s.seq;
    }
    if (!page.more || page.shares.length === 0) break;
  }
  // A full read lists every servable share: what it did not list is gone.
  if (full) dropCards(keys, keys.cards.filter((c) => !seen.has(c.shareId)).map((c) => c.shareId));
  await core.saveSignals();
}

function cardOf(core: ClientCore, shareId: string): { keys: ChannelKeys; card: PartnerCard } {
  for (const keys of core.signals.channels) {
    const card = keys.cards.find((c) => c.shareId === shareId);
    if (card) return { keys, card };
  }
  throw new Error('no such card on this device');
}

export async function setStatus(core: ClientCore, shareId: string, status: number): Promise<void> {
  const { card } = cardOf(core, shareId);
  await core.call({ case: 'setShareStatus', value: { shareId: fromHex(shareId), status } }, 'ok');
  card.status = status;
  await core.saveSignals();
}

// Seals the question to the share's reply key (only the reporter's device opens it).
export async function askQuestion(core: ClientCore, shareId: string, text: string, nowMs: number): Promise<void> {
  const { card } = cardOf(core, shareId);
  if (!card.mayAsk) throw new Error('this share takes no questions');
  await sendToReporter(core, shareId, text, false, nowMs);
}

// Seals an update for the report's group to the share's reply key, under the update aad; the
// reporter's device posts it there. Any partner of the channel, questions allowed or not.
export async function postUpdate(core: ClientCore, shareId: string, text: string, nowMs: number): Promise<void> {
  if (text.length > MAX_UPDATE_TEXT) throw new Error(`an update is at most ${MAX_UPDATE_TEXT} characters`);
  await sendToReporter(core, shareId, text, true, nowMs);
}

async function sendToReporter(core: ClientCore, shareId: string, text: string, update: boolean, nowMs: number): Promise<void> {
  const { keys, card } = cardOf(core, shareId);
  if (!card.replyPublic) throw new Error('this share has no reply key');
  // The kind is bound in the aad: the server cannot turn a question into an update.
  const aad = (update ? shareUpdateAad : shareAad)(fromHex(card.reportId), fromHex(keys.channelId));
  const sealed = sealToReplyHandle(card.replyPublic, utf8(text), aad);
  const value = { shareId: fromHex(shareId), sealed };
  if (update) await core.call({ case: 'postShareUpdate', value }, 'ok');
  else await core.call({ case: 'askQuestion', value }, 'ok');
  if (update) (card.myUpdates ??= []).push(text);
  else card.myQuestions.push(text);
  card.thread.push(update ? { fromPartner: true, update: true, text, timeMs: nowMs } : { fromPartner: true, text, timeMs: nowMs });
  await core.saveSignals();
}

// Pushes to partners: a new share, a retraction, an answer. True when a card changed.
export async function onPartnerPush(core: ClientCore, push: ServerMessage['body']): Promise<boolean> {
  if (push.case === 'pushChannelShare') {
    const keys = channelKeys(core, toHex(push.value.channelId));
    if (!keys) return false;
    putCard(keys, push.value);
  } else if (push.case === 'pushShareRetracted') {
    const keys = channelKeys(core, toHex(push.value.channelId));
    if (!keys || !dropCards(keys, [toHex(push.value.shareId)])) return false;
  } else if (push.case === 'pushShareThread') {
    const e = push.value;
    const keys = channelKeys(core, toHex(e.channelId));
    const card = keys?.cards.find((c) => c.shareId === toHex(e.shareId));
    if (!keys || !card || e.fromPartner) return false;
    const opened = open(keys, e.reportId, e.sealed);
    if (!addPushedEntry(card.thread, { fromPartner: false, text: opened ? fromUtf8(opened) : null, timeMs: Number(e.serverTimeMs) })) return false;
  } else {
    return false;
  }
  await core.saveSignals();
  return true;
}

export function trends(core: ClientCore, channelId: string, fromMs: number, toMs: number): Promise<TrendCells> {
  return core.call({ case: 'getTrends', value: { channelId: fromHex(channelId), fromMs: BigInt(fromMs), toMs: BigInt(toMs) } }, 'trendCells');
}
