// The reporter's side of signal reports (docs/signals.md): file a report into a group, share
// it with a partner channel (signed consent, card input, details sealed to the channel with a
// fresh reply key), withdraw, read her shares and their threads, answer a question, and relay
// a partner's status into the report's group once per (share, status), and a partner's
// update once per update.
import { create, toBinary } from '@bufbuild/protobuf';
import { fromHex, fromUtf8, toHex, utf8 } from '../crypto/bytes';
import { generateX25519KeyPair, openReply, sealToChannel, shareAad, shareUpdateAad, x25519KeyPairFromSecret } from '../crypto/channel_seal';
import { signConsent, signWithdrawal, type ConsentPurpose } from '../crypto/consent';
import { randomBytes } from '../crypto/primitives';
import { encodeGeohash } from '../signals/geohash';
import { SharedDetailsSchema, ShareStatus, type ChannelInfo, type MyShare, type ShareThreadEntry } from '../gen/weerbaar_pb';
import type { ClientCore } from './core';
import { ServerError } from './connection';
import { flushOutbox, queueContent, sendContent } from './sending';
import { addPushedEntry, findOwnShare, rebuildThread, threadEntries, type FiledReport, type OwnShare, type ThreadEntryIn } from './signals_state';
import { MAX_UPDATE_TEXT, type ReportInfo } from './state';

const REPORT_ID_BYTES = 16;

export type NewReport = Omit<ReportInfo, 'reportId'> & { groupId: string };

// Posts the report into its group and keeps it on this device. House rule: a report whose
// category describes a person carries no photo into the group (kept here for a police share).
export async function fileReport(core: ClientCore, r: NewReport, describesPerson: boolean, nowMs: number): Promise<FiledReport> {
  const info: ReportInfo = { reportId: toHex(randomBytes(REPORT_ID_BYTES)), category: r.category, text: r.text, happenedAtMs: r.happenedAtMs };
  if (r.lat !== undefined && r.lon !== undefined) Object.assign(info, { lat: r.lat, lon: r.lon });
  const inGroup = { ...info, ...(r.photo && !describesPerson ? { photo: r.photo } : {}) };
  const filed: FiledReport = { ...info, ...(r.photo ? { photo: r.photo } : {}), groupId: r.groupId, communityId: core.group(r.groupId).communityId, shares: [] };
  core.signals.reports.push(filed);
  await core.saveSignals();
  await sendContent(core, r.groupId, { text: r.text, report: inGroup }, nowMs);
  return filed;
}

// What the reporter chose to share with one channel.
export interface ShareChoice {
  channel: ChannelInfo;
  purpose: ConsentPurpose;
  fields: string[]; // consent fields: category plus any of location, time, details, photo
  expiresAtMs: number;
  scrubbedText: string; // the details text, after the scrubber and the reporter's look
}

// The card input for `choice` (what the server reads and filters).
export function cardInput(report: FiledReport, choice: ShareChoice) {
  const card: { category: string; geohash?: string; timestampMs?: bigint; communityId: Uint8Array } = {
    category: report.category,
    communityId: fromHex(report.communityId),
  };
  if (choice.fields.includes('location') && report.lat !== undefined && report.lon !== undefined) {
    card.geohash = encodeGeohash(report.lat, report.lon, choice.channel.policy?.locationPrecision ?? 1);
  }
  if (choice.fields.includes('time')) card.timestampMs = BigInt(report.happenedAtMs);
  return card;
}

// Signs the consent, seals the details (with a fresh reply key) and the photo if chosen,
// and sends the share. The reply key is stored before the share leaves.
export async function shareReport(core: ClientCore, report: FiledReport, choice: ShareChoice, nowMs: number): Promise<OwnShare> {
  const channelId = choice.channel.channelId;
  const aad = shareAad(fromHex(report.reportId), channelId);
  const reply = generateX25519KeyPair();
  const consent = signConsent(core.id, {
    reportId: fromHex(report.reportId),
    channelId,
    purpose: choice.purpose,
    fields: choice.fields,
    expiresAtMs: BigInt(choice.expiresAtMs),
    issuedAtMs: BigInt(nowMs),
    deviceId: fromHex(core.me.deviceId),
  });
  const share: OwnShare = {
    shareId: '',
    channelId: toHex(channelId),
    channelName: choice.channel.name,
    channelPublic: choice.channel.publicKey,
    purpose: choice.purpose,
    fields: [...choice.fields],
    sharedAtMs: nowMs,
    expiresAtMs: choice.expiresAtMs,
    replySecret: reply.secret,
    status: ShareStatus.STATUS_RECEIVED,
    posted: [],
    thread: [],
    myAnswers: [],
    withdrawnAtMs: null,
    gone: false,
  };
  const details = choice.fields.includes('details')
    ? sealToChannel(choice.channel.publicKey, toBinary(SharedDetailsSchema, create(SharedDetailsSchema, { text: choice.scrubbedText, replyPublicKey: reply.publicKey })), aad)
    : new Uint8Array(0);
  const photo = choice.fields.includes('photo') && report.photo ? sealToChannel(choice.channel.publicKey, report.photo, aad) : new Uint8Array(0);
  report.shares.push(share);
  await core.saveSignals();
  const value = { channelId, consent: consent.record, consentSignature: consent.signature, card: cardInput(report, choice), sealedDetails: details, sealedPhoto: photo };
  try {
    const accepted = await core.call({ case: 'shareReport', value }, 'shareAccepted');
    share.shareId = toHex(accepted.shareId);
  } catch (e) {
    // Refused: no share exists. Connection lost: it may exist; the next refreshMyShares
    // finds it by (report, channel) or drops it, and the reply key stays until then.
    if (e instanceof ServerError) report.shares = report.shares.filter((s) => s !== share);
    throw e;
  } finally {
    await core.saveSignals();
  }
  return share;
}

// Withdraws the consent of one share: the server deletes and shreds the partner copy; this
// device deletes the share's reply key (no question can be read any more).
export async function withdraw(core: ClientCore, shareId: string, nowMs: number): Promise<void> {
  const found = findOwnShare(core.signals, shareId);
  if (!found) throw new Error('no such share on this device');
  const { report, share } = found;
  const w = signWithdrawal(core.id, { reportId: fromHex(report.reportId), channelId: fromHex(share.channelId), withdrawnAtMs: BigInt(nowMs), deviceId: fromHex(core.me.deviceId) });
  await core.call({ case: 'withdrawConsent', value: { withdrawal: w.record, signature: w.signature } }, 'ok');
  share.replySecret?.fill(0);
  share.replySecret = null;
  share.withdrawnAtMs = nowMs;
  share.thread = share.thread.map((e) => (e.fromPartner ? { ...e, text: null } : e));
  await core.saveSignals();
}

// Opens a question or an update with the share's reply key, under the aad of its kind.
function openFromPartner(report: FiledReport, share: OwnShare, e: { sealed: Uint8Array; update: boolean }): string | null {
  if (!share.replySecret) return null;
  try {
    const aad = (e.update ? shareUpdateAad : shareAad)(fromHex(report.reportId), fromHex(share.channelId));
    return fromUtf8(openReply(x25519KeyPairFromSecret(share.replySecret), e.sealed, aad));
  } catch {
    return null;
  }
}

// Reads her shares from the server: status and thread; a share the server no longer lists
// (expired, erased) is marked gone. Then relays any status and update not yet posted into
// the group.
export async function refreshMyShares(core: ClientCore, nowMs: number): Promise<void> {
  const list = await core.call({ case: 'listMyShares', value: {} }, 'myShares');
  const byId = new Map<string, MyShare>(list.shares.map((s) => [toHex(s.shareId), s]));
  const pending: Array<{ report: FiledReport; share: OwnShare; e: ThreadEntryIn }> = [];
  for (const report of core.signals.reports) {
    settlePending(report, list.shares);
    for (const share of report.shares) {
      const mine = byId.get(share.shareId);
      if (!mine) {
        share.gone = share.withdrawnAtMs === null;
        continue;
      }
      share.status = mine.status;
      const entries = threadEntries(mine.thread);
      share.thread = rebuildThread(entries, false, share.myAnswers, (e) => openFromPartner(report, share, e));
      pending.push(...entries.filter((e) => e.update).map((e) => ({ report, share, e })));
    }
  }
  await core.saveSignals();
  await postStatusUpdates(core, nowMs);
  for (const u of pending) await relayUpdate(core, u.report, u.share, u.e, nowMs);
}

// A share whose ShareReport got no reply (the connection dropped) takes the id the server
// lists for its (report, channel), or is dropped when the server has none.
function settlePending(report: FiledReport, listed: MyShare[]): void {
  for (const share of report.shares.filter((s) => s.shareId === '')) {
    const found = listed.find((m) => toHex(m.reportId) === report.reportId && toHex(m.channelId) === share.channelId);
    if (found) share.shareId = toHex(found.shareId);
    else report.shares = report.shares.filter((s) => s !== share);
  }
}

// A status a partner set that the report's group has not been told yet is posted there,
// once per (share, status). The first status (received) is not news.
export async function postStatusUpdates(core: ClientCore, nowMs: number): Promise<string[]> {
  const groups: string[] = [];
  for (const report of core.signals.reports) {
    for (const share of report.shares) {
      if (share.withdrawnAtMs !== null || share.status === ShareStatus.STATUS_RECEIVED || share.posted.includes(share.status)) continue;
      const update = { reportId: report.reportId, channelId: share.channelId, channelName: share.channelName, status: share.status };
      // Marked posted once it is in the outbox: from there it is resent, never made twice.
      await queueContent(core, report.groupId, { text: '', shareUpdate: update }, nowMs);
      share.posted.push(share.status);
      await core.saveSignals();
      await flushOutbox(core, report.groupId);
      groups.push(report.groupId);
    }
  }
  return groups;
}

// Seals the answer to the channel and sends it; kept here in clear for this device's thread.
export async function answerQuestion(core: ClientCore, shareId: string, text: string, nowMs: number): Promise<void> {
  const found = findOwnShare(core.signals, shareId);
  if (!found || found.share.withdrawnAtMs !== null) throw new Error('no such share on this device');
  const { report, share } = found;
  const sealed = sealToChannel(share.channelPublic, utf8(text), shareAad(fromHex(report.reportId), fromHex(share.channelId)));
  await core.call({ case: 'answerQuestion', value: { shareId: fromHex(shareId), sealed } }, 'ok');
  share.myAnswers.push(text);
  share.thread.push({ fromPartner: false, text, timeMs: nowMs });
  await core.saveSignals();
}

// Pushes to the reporter: a new status (relayed into the group) or a question.
export async function onStatusPush(core: ClientCore, shareId: string, status: number, nowMs: number): Promise<string[]> {
  const found = findOwnShare(core.signals, shareId);
  if (!found) return [];
  found.share.status = status;
  await core.saveSignals();
  return postStatusUpdates(core, nowMs);
}

// A partner's update, opened under the update aad, is posted into the report's group once
// (known by its box's ephemeral key), as plain text capped at MAX_UPDATE_TEXT. One that does
// not open is not posted. Returns the group it was posted to, if any.
async function relayUpdate(core: ClientCore, report: FiledReport, share: OwnShare, e: ThreadEntryIn, nowMs: number): Promise<string[]> {
  const key = toHex(e.sealed.subarray(1, 33));
  const posted = (share.postedUpdates ??= []);
  if (share.withdrawnAtMs !== null || posted.includes(key)) return [];
  const text = openFromPartner(report, share, e);
  if (text === null) return [];
  const update = { reportId: report.reportId, channelId: share.channelId, channelName: share.channelName, status: 0, updateText: text.slice(0, MAX_UPDATE_TEXT) };
  // Marked posted once it is in the outbox: from there it is resent, never made twice.
  await queueContent(core, report.groupId, { text: '', shareUpdate: update }, nowMs);
  posted.push(key);
  await core.saveSignals();
  await flushOutbox(core, report.groupId);
  return [report.groupId];
}

// A question or an update pushed to the reporter: added to the share's thread; an update is
// also relayed into the group. Returns the groups it was posted to.
export async function onThreadPush(core: ClientCore, pushed: ShareThreadEntry, nowMs: number): Promise<string[]> {
  const found = findOwnShare(core.signals, toHex(pushed.shareId));
  if (!found || !pushed.fromPartner) return [];
  const [e] = threadEntries([pushed]);
  const item = { fromPartner: true, ...(e.update ? { update: true } : {}), text: openFromPartner(found.report, found.share, e), timeMs: e.timeMs };
  if (addPushedEntry(found.share.thread, item)) await core.saveSignals();
  return e.update ? relayUpdate(core, found.report, found.share, e, nowMs) : [];
}
