// Consent records, withdrawals and channel/reply seals in TypeScript (crypto/consent.ts,
// crypto/channel_seal.ts); byte equality with C++ is in test/interop.
import { beforeAll, describe, expect, it } from 'vitest';
import { concat, lp, toHex, u32be, u64be, utf8 } from '../../src/crypto/bytes';
import {
  decodeConsent,
  decodeWithdrawal,
  encodeConsent,
  signConsent,
  signWithdrawal,
  verifyConsent,
  verifyWithdrawal,
  type Consent,
} from '../../src/crypto/consent';
import {
  SEAL_OVERHEAD_BYTES,
  generateX25519KeyPair,
  openFromChannel,
  openReply,
  sealToChannel,
  sealToReplyHandle,
  shareAad,
  shareUpdateAad,
} from '../../src/crypto/channel_seal';
import { DeviceIdentity } from '../../src/crypto/identity';
import { initCrypto, randomBytes } from '../../src/crypto/primitives';

beforeAll(() => initCrypto());

function consentOf(id: DeviceIdentity, over: Partial<Consent> = {}): Consent {
  return {
    reportId: new Uint8Array(16).fill(1),
    channelId: new Uint8Array(16).fill(2),
    purpose: 'information',
    fields: ['time', 'category'],
    expiresAtMs: 2_000n,
    issuedAtMs: 1_000n,
    deviceId: id.deviceId,
    ...over,
  };
}

const invalid = expect.objectContaining({ code: 'invalid_argument' });

describe('consent record', () => {
  it('encodes the fields sorted, so any order gives one encoding', () => {
    const id = DeviceIdentity.generate();
    const a = encodeConsent(consentOf(id, { fields: ['time', 'category', 'details'] }));
    const b = encodeConsent(consentOf(id, { fields: ['details', 'time', 'category'] }));
    expect(toHex(a)).toBe(toHex(b));
    expect(decodeConsent(a).fields).toEqual(['category', 'details', 'time']);
  });

  it('refuses unknown purposes, unknown or repeated fields, bad ids and bad validity', () => {
    const id = DeviceIdentity.generate();
    const bad: Partial<Consent>[] = [
      { purpose: 'marketing' as Consent['purpose'] },
      { fields: [] },
      { fields: ['time', 'time'] },
      { fields: ['name'] },
      { reportId: new Uint8Array(15) },
      { channelId: new Uint8Array(17) },
      { deviceId: new Uint8Array(8) },
      { issuedAtMs: -1n },
      { expiresAtMs: 1_000n },
      { expiresAtMs: 1n << 63n },
    ];
    for (const over of bad) expect(() => encodeConsent(consentOf(id, over))).toThrow(invalid);
  });

  it('decodes only the canonical encoding', () => {
    const id = DeviceIdentity.generate();
    const bytes = encodeConsent(consentOf(id));
    expect(() => decodeConsent(bytes.subarray(0, bytes.length - 1))).toThrow(invalid);
    expect(() => decodeConsent(Uint8Array.of(...bytes, 0))).toThrow(invalid);
    const version = bytes.slice();
    version[0] = 2;
    expect(() => decodeConsent(version)).toThrow(invalid);
    // The same record with its two fields in descending order: valid content, not canonical.
    const c = consentOf(id);
    const head = concat(Uint8Array.of(1), lp(c.reportId), lp(c.channelId), lp(c.purpose), u32be(2));
    const tail = concat(u64be(c.expiresAtMs), u64be(c.issuedAtMs), lp(c.deviceId));
    expect(toHex(concat(head, lp('category'), lp('time'), tail))).toBe(toHex(bytes));
    expect(() => decodeConsent(concat(head, lp('time'), lp('category'), tail))).toThrow(/canonical order/);
  });

  it('is signed by its own device only, and the signature verifies only as a consent', () => {
    const id = DeviceIdentity.generate();
    const other = DeviceIdentity.generate();
    const { record, signature } = signConsent(id, consentOf(id));
    expect(verifyConsent(id.signingPublic, record, signature)).toBe(true);
    expect(verifyConsent(other.signingPublic, record, signature)).toBe(false);
    expect(verifyWithdrawal(id.signingPublic, record, signature)).toBe(false);
    expect(() => signConsent(other, consentOf(id))).toThrow(invalid);
  });
});

describe('consent withdrawal', () => {
  it('round-trips, signs and never verifies as a consent', () => {
    const id = DeviceIdentity.generate();
    const w = { reportId: randomBytes(16), channelId: randomBytes(16), withdrawnAtMs: 5_000n, deviceId: id.deviceId };
    const { record, signature } = signWithdrawal(id, w);
    expect(decodeWithdrawal(record)).toEqual(w);
    expect(verifyWithdrawal(id.signingPublic, record, signature)).toBe(true);
    expect(verifyConsent(id.signingPublic, record, signature)).toBe(false);
    expect(() => signWithdrawal(id, { ...w, withdrawnAtMs: -1n })).toThrow(invalid);
  });
});

describe('channel and reply seals', () => {
  const aad = () => shareAad(new Uint8Array(16).fill(3), new Uint8Array(16).fill(4));

  it('opens with the channel key and only with the same aad', () => {
    const channel = generateX25519KeyPair();
    const box = sealToChannel(channel.publicKey, utf8('details'), aad());
    expect(box.length).toBe(SEAL_OVERHEAD_BYTES + 7);
    expect(new TextDecoder().decode(openFromChannel(channel, box, aad()))).toBe('details');
    const otherAad = shareAad(new Uint8Array(16).fill(3), new Uint8Array(16).fill(5));
    expect(() => openFromChannel(channel, box, otherAad)).toThrow(expect.objectContaining({ code: 'data_loss' }));
    expect(() => openFromChannel(generateX25519KeyPair(), box, aad())).toThrow(expect.objectContaining({ code: 'data_loss' }));
  });

  it('uses a fresh ephemeral key per box', () => {
    const channel = generateX25519KeyPair();
    const a = sealToChannel(channel.publicKey, utf8('x'), aad());
    const b = sealToChannel(channel.publicKey, utf8('x'), aad());
    expect(toHex(a.subarray(1, 33))).not.toBe(toHex(b.subarray(1, 33)));
  });

  it('keeps the two directions apart: details never open as a reply and back', () => {
    const pair = generateX25519KeyPair();
    const details = sealToChannel(pair.publicKey, utf8('d'), aad());
    const reply = sealToReplyHandle(pair.publicKey, utf8('q'), aad());
    expect(new TextDecoder().decode(openReply(pair, reply, aad()))).toBe('q');
    expect(() => openReply(pair, details, aad())).toThrow(expect.objectContaining({ code: 'data_loss' }));
    expect(() => openFromChannel(pair, reply, aad())).toThrow(expect.objectContaining({ code: 'data_loss' }));
  });

  it('keeps updates and questions apart: neither opens as the other kind', () => {
    const pair = generateX25519KeyPair();
    const updateAad = shareUpdateAad(new Uint8Array(16).fill(3), new Uint8Array(16).fill(4));
    // The same bytes as crypto::ShareUpdateAad: shareAad || "weerbaar/share-update/v1".
    expect(toHex(updateAad)).toBe(toHex(aad()) + toHex(utf8('weerbaar/share-update/v1')));
    const update = sealToReplyHandle(pair.publicKey, utf8('u'), updateAad);
    const question = sealToReplyHandle(pair.publicKey, utf8('q'), aad());
    expect(new TextDecoder().decode(openReply(pair, update, updateAad))).toBe('u');
    expect(() => openReply(pair, update, aad())).toThrow(expect.objectContaining({ code: 'data_loss' }));
    expect(() => openReply(pair, question, updateAad)).toThrow(expect.objectContaining({ code: 'data_loss' }));
  });

  it('refuses malformed boxes, a low-order key and ids of the wrong size', () => {
    const pair = generateX25519KeyPair();
    const box = sealToChannel(pair.publicKey, utf8('d'), aad());
    const wrongVersion = box.slice();
    wrongVersion[0] = 2;
    for (const b of [box.subarray(0, SEAL_OVERHEAD_BYTES - 1), wrongVersion]) {
      expect(() => openFromChannel(pair, b, aad())).toThrow(expect.objectContaining({ code: 'data_loss' }));
    }
    const zeroEphemeral = box.slice();
    zeroEphemeral.fill(0, 1, 33);
    expect(() => openFromChannel(pair, zeroEphemeral, aad())).toThrow(expect.objectContaining({ code: 'data_loss' }));
    expect(() => sealToChannel(new Uint8Array(32), utf8('d'), aad())).toThrow(invalid);
    expect(() => sealToChannel(new Uint8Array(31), utf8('d'), aad())).toThrow(invalid);
    expect(() => shareAad(new Uint8Array(16), new Uint8Array(15))).toThrow(invalid);
  });
});
