// Reports and status updates travel through the same sender-key path as texts: a report with
// its photo and location, and a share update, read back as they were sent; the signals
// record survives the sealed store; a thread is rebuilt from sealed entries.
import { create } from '@bufbuild/protobuf';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromGroupContent, toGroupContent } from '../../src/client/content';
import { encryptGroupContent, MAX_CONTENT_BYTES } from '../../src/client/group_crypto';
import { openGroupMessage } from '../../src/client/receiving';
import { addPushedEntry, newSignalsState, rebuildThread } from '../../src/client/signals_state';
import { MAX_UPDATE_TEXT, newGroup, putReceivedKey, type Content } from '../../src/client/state';
import { DeviceStore, MemoryBackend } from '../../src/client/store';
import { fromHex, toHex } from '../../src/crypto/bytes';
import { CryptoError } from '../../src/crypto/errors';
import { initCrypto, randomBytes } from '../../src/crypto/primitives';
import { SenderKey } from '../../src/crypto/sender_key';
import { SenderKeyReceiver } from '../../src/crypto/sender_key_receiver';
import { GroupContentSchema, GroupMessageSchema } from '../../src/gen/weerbaar_pb';

beforeAll(() => initCrypto());

const groupId = toHex(randomBytes(16));
const device = toHex(randomBytes(16));
const user = toHex(randomBytes(16));

function roundTrip(content: Content): Content {
  const key = SenderKey.generate();
  const g = newGroup(groupId);
  putReceivedKey(g, { senderDevice: device, senderUser: user, keyId: toHex(key.keyId), epoch: 1n, serialized: SenderKeyReceiver.fromDistribution(key.distribution()).serialize() });
  const ciphertext = encryptGroupContent(key, fromHex(groupId), fromHex(device), 1n, toGroupContent(content, 5));
  const m = create(GroupMessageSchema, { groupId: fromHex(groupId), seq: 1n, senderDevice: fromHex(device), senderUser: fromHex(user), epoch: 1n, ciphertext });
  const e = openGroupMessage(g, m);
  expect([e.decrypted, e.failure, e.sentAtMs]).toEqual([true, undefined, 5]);
  return { text: e.text, report: e.report, shareUpdate: e.shareUpdate };
}

describe('group content', () => {
  it('reads back a report with its location and photo', () => {
    const report = { reportId: toHex(randomBytes(16)), category: 'zwerfafval', text: 'Zakken bij de container', lat: 52.37, lon: 4.89, photo: new Uint8Array([1, 2, 3]), happenedAtMs: 1_700_000_000_000 };
    expect(roundTrip({ text: report.text, report })).toEqual({ text: report.text, report, shareUpdate: undefined });
  });

  it('reads back a report without location or photo as having none', () => {
    const report = { reportId: toHex(randomBytes(16)), category: 'overlast', text: '', happenedAtMs: 1 };
    expect(roundTrip({ text: '', report }).report).toEqual(report);
  });

  it('reads back a share update', () => {
    const shareUpdate = { reportId: toHex(randomBytes(16)), channelId: toHex(randomBytes(16)), channelName: 'Gemeente', status: 2 };
    expect(roundTrip({ text: '', shareUpdate })).toEqual({ text: '', report: undefined, shareUpdate });
  });

  it('refuses content larger than the server takes', () => {
    const report = { reportId: toHex(randomBytes(16)), category: 'overlast', text: '', photo: new Uint8Array(MAX_CONTENT_BYTES), happenedAtMs: 1 };
    expect(() => encryptGroupContent(SenderKey.generate(), fromHex(groupId), fromHex(device), 1n, toGroupContent({ text: '', report }, 1))).toThrow(CryptoError);
  });

  it('reads a text as a text', () => {
    expect(fromGroupContent(toGroupContent({ text: 'hoi' }, 1))).toEqual({ text: 'hoi' });
  });
});

describe('signals state', () => {
  it('survives the sealed store with its secrets and bigints', async () => {
    const store = await DeviceStore.open(new MemoryBackend());
    const s = newSignalsState();
    s.channels.push({ channelId: 'c', communityId: 'm', name: '$Gemeente', publicKey: new Uint8Array([9]), secret: new Uint8Array([7]), afterSeq: 12n, cards: [] });
    await store.saveSignals(s);
    expect(await store.loadSignals()).toEqual(s);
  });

  it('rebuilds a thread: the other side opened, this side from the kept texts in order', () => {
    const entries = [
      { fromPartner: true, update: false, sealed: new Uint8Array([1]), timeMs: 1 },
      { fromPartner: false, update: false, sealed: new Uint8Array([2]), timeMs: 2 },
      { fromPartner: true, update: false, sealed: new Uint8Array([3]), timeMs: 3 },
      { fromPartner: false, update: false, sealed: new Uint8Array([4]), timeMs: 4 },
    ];
    const open = (e: { sealed: Uint8Array }) => (e.sealed[0] === 1 ? 'vraag 1' : null);
    expect(rebuildThread(entries, false, ['antwoord 1'], open).map((e) => e.text)).toEqual(['vraag 1', 'antwoord 1', null, null]);
  });

  it('rebuilds a partner thread with questions and updates each from their own kept texts', () => {
    const entries = [
      { fromPartner: true, update: true, sealed: new Uint8Array([1]), timeMs: 1 },
      { fromPartner: true, update: false, sealed: new Uint8Array([2]), timeMs: 2 },
      { fromPartner: false, update: false, sealed: new Uint8Array([3]), timeMs: 3 },
      { fromPartner: true, update: true, sealed: new Uint8Array([4]), timeMs: 4 },
    ];
    const thread = rebuildThread(entries, true, ['vraag'], () => 'antwoord', ['update 1', 'update 2']);
    expect(thread.map((e) => e.text)).toEqual(['update 1', 'vraag', 'antwoord', 'update 2']);
    expect(thread.map((e) => !!e.update)).toEqual([true, false, false, true]);
  });

  it('reads a relayed update as plain text, capped, and a status without one', () => {
    const long = 'x'.repeat(MAX_UPDATE_TEXT + 50);
    const value = { reportId: new Uint8Array(16), channelId: new Uint8Array(16), channelName: 'Gemeente', status: 0, updateText: long };
    const read = fromGroupContent(create(GroupContentSchema, { body: { case: 'shareUpdate', value } }));
    expect(read?.shareUpdate?.updateText).toBe('x'.repeat(MAX_UPDATE_TEXT));
    const status = fromGroupContent(create(GroupContentSchema, { body: { case: 'shareUpdate', value: { ...value, status: 2, updateText: '' } } }));
    expect(status?.shareUpdate?.updateText).toBeUndefined();
    expect(status?.shareUpdate?.status).toBe(2);
  });

  it('adds a pushed entry once, even when a sync that raced the push already read it', () => {
    const thread = [{ fromPartner: true, text: 'vraag', timeMs: 7 }];
    expect(addPushedEntry(thread, { fromPartner: true, text: 'vraag', timeMs: 7 })).toBe(false);
    expect(addPushedEntry(thread, { fromPartner: false, text: 'antwoord', timeMs: 7 })).toBe(true);
    expect(thread.length).toBe(2);
  });
});
