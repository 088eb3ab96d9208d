// Sender keys in TypeScript: the receiver window, replay and forgery refusals, and that a
// refused message leaves the receiver exactly as it was (crypto/sender_key_receiver.cc).
import { beforeAll, describe, expect, it } from 'vitest';
import { toHex, utf8 } from '../../src/crypto/bytes';
import { initCrypto } from '../../src/crypto/primitives';
import { SenderKey, parseDistribution, serializeDistribution } from '../../src/crypto/sender_key';
import { MAX_SKIPPED_KEYS } from '../../src/crypto/sender_key_format';
import { SenderKeyReceiver } from '../../src/crypto/sender_key_receiver';

const aad = utf8('group|device|epoch');
beforeAll(() => initCrypto());

function pair() {
  const key = SenderKey.generate();
  return { key, receiver: SenderKeyReceiver.fromDistribution(key.distribution()) };
}

const code = (c: string) => expect.objectContaining({ code: c });

describe('SenderKey', () => {
  it('round-trips its state and continues the same chain after parsing', () => {
    const { key, receiver } = pair();
    key.encrypt(utf8('een'), aad);
    const restored = SenderKey.parse(key.serialize());
    expect(restored.iteration).toBe(1);
    receiver.decrypt(key.encrypt(utf8('twee'), aad), aad);
    expect(() => receiver.decrypt(restored.encrypt(utf8('twee'), aad), aad)).toThrow(code('already_exists'));
  });

  it('serializes a distribution of exactly 85 bytes and refuses any other size', () => {
    const d = serializeDistribution(SenderKey.generate().distribution());
    expect(d.length).toBe(85);
    expect(toHex(serializeDistribution(parseDistribution(d)))).toBe(toHex(d));
    expect(() => parseDistribution(d.subarray(0, 84))).toThrow(code('invalid_argument'));
  });
});

describe('SenderKeyReceiver', () => {
  it('decrypts messages out of order within the window', () => {
    const { key, receiver } = pair();
    const ms = ['a', 'b', 'c', 'd'].map((t) => key.encrypt(utf8(t), aad));
    const order = [2, 0, 3, 1];
    expect(order.map((i) => new TextDecoder().decode(receiver.decrypt(ms[i], aad)))).toEqual(['c', 'a', 'd', 'b']);
  });

  it('refuses a replayed message with already_exists', () => {
    const { key, receiver } = pair();
    const m = key.encrypt(utf8('x'), aad);
    receiver.decrypt(m, aad);
    expect(() => receiver.decrypt(m, aad)).toThrow(code('already_exists'));
  });

  it('refuses a message bound to another context with permission_denied and keeps its state', () => {
    const { key, receiver } = pair();
    const before = toHex(receiver.serialize());
    const m = key.encrypt(utf8('x'), aad);
    expect(() => receiver.decrypt(m, utf8('another group'))).toThrow(code('permission_denied'));
    expect(toHex(receiver.serialize())).toBe(before);
    expect(new TextDecoder().decode(receiver.decrypt(m, aad))).toBe('x');
  });

  it('refuses a message with a flipped ciphertext byte before touching any state', () => {
    const { key, receiver } = pair();
    const m = key.encrypt(utf8('hallo'), aad);
    const before = toHex(receiver.serialize());
    m[50] ^= 1;
    expect(() => receiver.decrypt(m, aad)).toThrow(code('permission_denied'));
    expect(toHex(receiver.serialize())).toBe(before);
  });

  it('refuses a message more than 2000 steps ahead with resource_exhausted', () => {
    const { key, receiver } = pair();
    let m: Uint8Array = new Uint8Array();
    for (let i = 0; i <= MAX_SKIPPED_KEYS + 1; i++) m = key.encrypt(utf8(String(i)), aad);
    expect(() => receiver.decrypt(m, aad)).toThrow(code('resource_exhausted'));
  });

  it('refuses a message before the distribution it was made from', () => {
    const key = SenderKey.generate();
    const early = key.encrypt(utf8('before'), aad);
    const receiver = SenderKeyReceiver.fromDistribution(key.distribution());
    expect(() => receiver.decrypt(early, aad)).toThrow(code('already_exists'));
  });

  it('refuses a message under another key id with invalid_argument', () => {
    const a = pair();
    const other = SenderKey.generate().encrypt(utf8('x'), aad);
    expect(() => a.receiver.decrypt(other, aad)).toThrow(code('invalid_argument'));
  });

  it('keeps skipped keys across serialization and refuses a malformed state', () => {
    const { key, receiver } = pair();
    const ms = [0, 1, 2].map((i) => key.encrypt(utf8(String(i)), aad));
    receiver.decrypt(ms[2], aad);
    const restored = SenderKeyReceiver.parse(receiver.serialize());
    expect(new TextDecoder().decode(restored.decrypt(ms[0], aad))).toBe('0');
    const bad = receiver.serialize();
    expect(() => SenderKeyReceiver.parse(bad.subarray(0, bad.length - 1))).toThrow(code('invalid_argument'));
  });
});
