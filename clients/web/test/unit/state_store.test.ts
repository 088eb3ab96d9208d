// Client state helpers, the storage codec, and the sealed store (AES-GCM under a
// non-extractable WebCrypto key): nothing readable sits in the backend.
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeGroup, encodeState } from '../../src/client/codec';
import { addHistory, newGroup, putReceivedKey, unreadCount, type HistoryEntry } from '../../src/client/state';
import { DeviceStore, MemoryBackend } from '../../src/client/store';
import { initCrypto } from '../../src/crypto/primitives';

beforeAll(() => initCrypto());

const entry = (seq: bigint, senderUser = 'u2', text = 't'): HistoryEntry => ({
  seq, senderUser, senderDevice: 'd', senderName: 'n', serverTimeMs: 0, sentAtMs: 0, text, decrypted: true,
});

describe('group state', () => {
  it('keeps the history sorted by seq and refuses a duplicate seq', () => {
    const g = newGroup('g');
    expect([3n, 1n, 2n].map((s) => addHistory(g, entry(s)))).toEqual([true, true, true]);
    expect(addHistory(g, entry(2n, 'u2', 'again'))).toBe(false);
    expect(g.history.map((e) => [e.seq, e.text])).toEqual([[1n, 't'], [2n, 't'], [3n, 't']]);
  });

  it('keeps the four newest keys per sending device', () => {
    const g = newGroup('g');
    for (let e = 1n; e <= 6n; e++) putReceivedKey(g, { senderDevice: 'd1', senderUser: 'u', keyId: `k${e}`, epoch: e, serialized: new Uint8Array() });
    putReceivedKey(g, { senderDevice: 'd2', senderUser: 'u', keyId: 'x', epoch: 1n, serialized: new Uint8Array() });
    expect(g.received.filter((k) => k.senderDevice === 'd1').map((k) => k.epoch)).toEqual([6n, 5n, 4n, 3n]);
    expect(g.received.some((k) => k.senderDevice === 'd2')).toBe(true);
  });

  it('counts unread messages from others after the read marker plus those not fetched', () => {
    const g = newGroup('g');
    [1n, 2n, 3n].forEach((s) => addHistory(g, entry(s, s === 2n ? 'me' : 'u2')));
    g.read = 1n;
    g.fetched = 3n;
    g.lastSeq = 5n;
    expect(unreadCount(g, 'me')).toBe(1 + 2);
  });
});

describe('storage codec', () => {
  it('round-trips bigints, bytes and texts that look like its tags', () => {
    const g = newGroup('ab');
    g.epoch = 2n ** 63n;
    g.myKey = { serialized: new Uint8Array([1, 2, 255]), epoch: 3n, distributedTo: ['$n:5'] };
    addHistory(g, entry(9n, 'u', '$b:00 and $$ money'));
    const back = decodeGroup(encodeState(g));
    expect(back).toEqual(g);
  });
});

describe('DeviceStore', () => {
  it('seals every record: the backend holds no plaintext and no extractable key', async () => {
    const kv = new MemoryBackend();
    const store = await DeviceStore.open(kv);
    const g = newGroup('0011');
    addHistory(g, entry(1n, 'u', 'geheim bericht'));
    await store.saveGroup(g);
    await store.saveIdentity(new Uint8Array([7, 7, 7]));
    const raw = JSON.stringify([...(await kv.keys())].map((k) => k), null) + String(await kv.get('group:0011'));
    expect(raw).not.toContain('geheim');
    const key = (await kv.get('wrapping-key')) as CryptoKey;
    expect(key.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
    const reopened = await DeviceStore.open(kv);
    expect((await reopened.loadGroups())[0].history[0].text).toBe('geheim bericht');
    expect(Array.from((await reopened.loadIdentity())!)).toEqual([7, 7, 7]);
  });

  it('still seals and opens records after being cleared (a failed join, then a retry)', async () => {
    const kv = new MemoryBackend();
    const store = await DeviceStore.open(kv);
    await store.saveIdentity(new Uint8Array([1]));
    await store.clear();
    expect(await store.loadIdentity()).toBeNull();
    await store.saveIdentity(new Uint8Array([2]));
    const reopened = await DeviceStore.open(kv);
    expect(Array.from((await reopened.loadIdentity())!)).toEqual([2]);
  });

  it('refuses a sealed record moved to another slot', async () => {
    const kv = new MemoryBackend();
    const store = await DeviceStore.open(kv);
    await store.saveIdentity(new Uint8Array([1]));
    await kv.put('meta', await kv.get('identity'));
    await expect(store.loadMeta()).rejects.toThrow();
  });
});
