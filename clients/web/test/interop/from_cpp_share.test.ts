// The C++ share vectors (clients/vectors/share_vectors.cc) reproduced or opened by the
// TypeScript code: consent and withdrawal byte for byte, a channel-sealed SharedDetails, a
// reply seal, and the geohash table.
import { readFileSync } from 'node:fs';
import { fromBinary } from '@bufbuild/protobuf';
import { beforeAll, describe, expect, it } from 'vitest';
import { toHex, fromUtf8 } from '../../src/crypto/bytes';
import { x25519KeyPairFromSecret, openFromChannel, openReply, shareAad } from '../../src/crypto/channel_seal';
import { decodeConsent, decodeWithdrawal, encodeConsent, signConsent, signWithdrawal, verifyConsent } from '../../src/crypto/consent';
import { initCrypto } from '../../src/crypto/primitives';
import { decodeGeohash, encodeGeohash } from '../../src/signals/geohash';
import { SharedDetailsSchema } from '../../src/gen/weerbaar_pb';
import { fixedBytes, fixedIdentity, hex, readVectors, type Json } from './fixtures';

let v: Json;

beforeAll(async () => {
  await initCrypto();
  const fresh = process.env.WEERBAAR_CPP_VECTORS;
  v = fresh ? JSON.parse(readFileSync(fresh, 'utf8')) : readVectors('from-cpp.json');
});

function consentOf(c: Json) {
  return {
    reportId: hex(c.report_id),
    channelId: hex(c.channel_id),
    purpose: c.purpose,
    fields: c.fields,
    expiresAtMs: BigInt(c.expires_at_ms),
    issuedAtMs: BigInt(c.issued_at_ms),
    deviceId: hex(c.device_id),
  };
}

describe('TypeScript reproduces the C++ consent records', () => {
  it('encodes and signs alice\'s consent to the same bytes', () => {
    const signed = signConsent(fixedIdentity('alice'), consentOf(v.consent));
    expect(toHex(signed.record)).toBe(v.consent.encoded);
    expect(toHex(signed.signature)).toBe(v.consent.signature);
  });
  it('decodes the C++ record and verifies its signature', () => {
    const back = decodeConsent(hex(v.consent.encoded));
    expect(toHex(encodeConsent(back))).toBe(v.consent.encoded);
    expect(verifyConsent(hex(v.alice.signing_public), hex(v.consent.encoded), hex(v.consent.signature))).toBe(true);
  });
  it('encodes and signs alice\'s withdrawal to the same bytes', () => {
    const w = v.withdrawal;
    const withdrawal = { reportId: hex(w.report_id), channelId: hex(w.channel_id), withdrawnAtMs: BigInt(w.withdrawn_at_ms), deviceId: hex(w.device_id) };
    const signed = signWithdrawal(fixedIdentity('alice'), withdrawal);
    expect(toHex(signed.record)).toBe(w.encoded);
    expect(toHex(signed.signature)).toBe(w.signature);
    expect(decodeWithdrawal(hex(w.encoded))).toEqual(withdrawal);
  });
});

describe('TypeScript opens the C++ seals', () => {
  it('opens the channel-sealed SharedDetails with the fixed channel key', () => {
    const s = v.channel_seal;
    const channel = x25519KeyPairFromSecret(fixedBytes('channel/agreement'));
    expect(toHex(channel.publicKey)).toBe(s.channel_public);
    const aad = shareAad(hex(s.report_id), hex(s.channel_id));
    expect(toHex(aad)).toBe(s.aad);
    const details = fromBinary(SharedDetailsSchema, openFromChannel(channel, hex(s.box), aad));
    expect(details.text).toBe(s.text);
    expect(toHex(details.replyPublicKey)).toBe(s.reply_public_key);
    expect(() => openReply(channel, hex(s.box), aad)).toThrow(expect.objectContaining({ code: 'data_loss' }));
  });
  it('opens the C++ reply with the fixed reply key, and not for another share', () => {
    const r = v.reply_seal;
    const reply = x25519KeyPairFromSecret(fixedBytes('reply/agreement'));
    expect(toHex(reply.publicKey)).toBe(r.reply_public);
    expect(fromUtf8(openReply(reply, hex(r.box), hex(r.aad)))).toBe(fromUtf8(hex(r.plaintext)));
    const other = hex(r.aad);
    other[31] ^= 1;
    expect(() => openReply(reply, hex(r.box), other)).toThrow(expect.objectContaining({ code: 'data_loss' }));
  });
});

describe('TypeScript computes the C++ geohashes', () => {
  it('encodes every point of the table to the same hash and decodes the same cell', () => {
    expect(v.geohash.length).toBeGreaterThan(5);
    for (const p of v.geohash) {
      expect(encodeGeohash(p.lat, p.lon, p.length)).toBe(p.hash);
      const box = decodeGeohash(p.hash);
      expect([box.latMin, box.latMax, box.lonMin, box.lonMax]).toEqual(p.box);
    }
  });
});
