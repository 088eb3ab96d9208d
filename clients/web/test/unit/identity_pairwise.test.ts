// Device identities, auth transcripts and pairwise boxes in TypeScript.
import { beforeAll, describe, expect, it } from 'vitest';
import { toHex, utf8 } from '../../src/crypto/bytes';
import { DeviceIdentity, IDENTITY_BYTES, deviceIdFor, verifyAgreementKey } from '../../src/crypto/identity';
import { openPairwise, sealPairwise } from '../../src/crypto/pairwise';
import { initCrypto, randomBytes } from '../../src/crypto/primitives';
import { signAuthTranscript, verifyAuthTranscript, type AuthTranscript } from '../../src/crypto/transcript';

beforeAll(() => initCrypto());

describe('DeviceIdentity', () => {
  it('round-trips its 193-byte secret and keeps its device id', () => {
    const id = DeviceIdentity.generate();
    const bytes = id.serializeSecret();
    expect(bytes.length).toBe(IDENTITY_BYTES);
    const back = DeviceIdentity.parse(bytes);
    expect(toHex(back.deviceId)).toBe(toHex(id.deviceId));
    expect(toHex(back.deviceId)).toBe(toHex(deviceIdFor(id.signingPublic)));
  });

  it('stores a clamped agreement secret and refuses an unclamped one', () => {
    const bytes = DeviceIdentity.generate().serializeSecret();
    expect(bytes[33] & 7).toBe(0);
    bytes[33] |= 1;
    expect(() => DeviceIdentity.parse(bytes)).toThrow(/inconsistent/);
  });

  it('signs its agreement key so that only its own signing key vouches for it', () => {
    const a = DeviceIdentity.generate();
    const b = DeviceIdentity.generate();
    expect(verifyAgreementKey(a.signingPublic, a.agreementPublic, a.agreementSignature)).toBe(true);
    expect(verifyAgreementKey(b.signingPublic, a.agreementPublic, a.agreementSignature)).toBe(false);
  });
});

describe('auth transcript', () => {
  it('verifies only for the same server, nonce, device and purpose', () => {
    const id = DeviceIdentity.generate();
    const t: AuthTranscript = { purpose: 'authenticate', protocolVersion: 1, serverId: randomBytes(32), nonce: randomBytes(32), deviceId: id.deviceId, extra: new Uint8Array() };
    const sig = signAuthTranscript(id, t);
    expect(verifyAuthTranscript(id.signingPublic, t, sig)).toBe(true);
    expect(verifyAuthTranscript(id.signingPublic, { ...t, nonce: randomBytes(32) }, sig)).toBe(false);
    expect(verifyAuthTranscript(id.signingPublic, { ...t, purpose: 'register' }, sig)).toBe(false);
  });
});

describe('pairwise boxes', () => {
  const a = () => DeviceIdentity.generate();
  it('open for the recipient, and not reflected back to the sender or under another context', () => {
    const alice = a();
    const bob = a();
    const box = sealPairwise(alice, bob.deviceId, bob.agreementPublic, 'ctx', utf8('hoi'));
    expect(new TextDecoder().decode(openPairwise(bob, alice.deviceId, alice.agreementPublic, 'ctx', box))).toBe('hoi');
    expect(() => openPairwise(alice, bob.deviceId, bob.agreementPublic, 'ctx', box)).toThrow(expect.objectContaining({ code: 'data_loss' }));
    expect(() => openPairwise(bob, alice.deviceId, alice.agreementPublic, 'other', box)).toThrow(expect.objectContaining({ code: 'data_loss' }));
  });
  it('refuses a low-order peer key with invalid_argument', () => {
    const alice = a();
    expect(() => sealPairwise(alice, randomBytes(16), new Uint8Array(32), 'ctx', utf8('x'))).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
  });
});
