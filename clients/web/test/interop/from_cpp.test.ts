// The C++ vectors (clients/vectors, `weerbaar-vectors generate`), reproduced or opened by
// the TypeScript code. WEERBAAR_CPP_VECTORS points at a freshly generated file; otherwise
// the committed test/vectors/from-cpp.json is used.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../src/crypto/bytes';
import { DeviceIdentity } from '../../src/crypto/identity';
import { openPairwise } from '../../src/crypto/pairwise';
import { aeadEncrypt, deriveKey, hash, initCrypto } from '../../src/crypto/primitives';
import { SenderKey, parseDistribution, serializeDistribution } from '../../src/crypto/sender_key';
import { SenderKeyReceiver } from '../../src/crypto/sender_key_receiver';
import { encodeAuthTranscript, registerExtra, signAuthTranscript, type AuthTranscript } from '../../src/crypto/transcript';
import { decryptGroupText, encryptGroupText, groupMessageAad, openSenderKeyShare } from '../../src/client/group_crypto';
import { create } from '@bufbuild/protobuf';
import { DeviceInfoSchema } from '../../src/gen/weerbaar_pb';
import { fixedIdentity, fixedSenderKey, hex, readVectors, type Json } from './fixtures';

let v: Json;

beforeAll(async () => {
  await initCrypto();
  const fresh = process.env.WEERBAAR_CPP_VECTORS;
  v = fresh ? JSON.parse(readFileSync(fresh, 'utf8')) : readVectors('from-cpp.json');
});

function infoOf(p: Json) {
  return create(DeviceInfoSchema, {
    deviceId: hex(p.device_id),
    keys: { signingKey: hex(p.signing_public), agreementKey: hex(p.agreement_public), agreementSig: hex(p.agreement_sig) },
  });
}

function transcriptOf(t: Json): AuthTranscript {
  return {
    purpose: t.purpose,
    protocolVersion: t.protocol_version,
    serverId: hex(t.server_id),
    nonce: hex(t.nonce),
    deviceId: hex(t.device_id),
    extra: hex(t.extra),
  };
}

describe('TypeScript reproduces the C++ primitives', () => {
  it('computes the same BLAKE2b digests', () => {
    expect(toHex(hash(hex(v.primitives.data), 32))).toBe(v.primitives.hash32);
    expect(toHex(hash(hex(v.primitives.data), 16))).toBe(v.primitives.hash16);
  });
  it('derives the same key', () => {
    const p = v.primitives;
    expect(toHex(deriveKey(hex(p.kdf_key), p.kdf_context, hex(p.data)))).toBe(p.kdf_out);
  });
  it('encrypts to the same XChaCha20-Poly1305 ciphertext', () => {
    const p = v.primitives;
    expect(toHex(aeadEncrypt(hex(p.kdf_key), hex(p.aead_nonce), hex(p.data), hex(p.aead_aad)))).toBe(p.aead_ct);
  });
});

describe('TypeScript reproduces the C++ device identities', () => {
  for (const name of ['alice', 'bob']) {
    it(`derives ${name}'s keys, device id and agreement signature from the fixed seeds`, () => {
      const id = fixedIdentity(v[name].label);
      expect(toHex(id.deviceId)).toBe(v[name].device_id);
      expect(toHex(id.signingPublic)).toBe(v[name].signing_public);
      expect(toHex(id.agreementPublic)).toBe(v[name].agreement_public);
      expect(toHex(id.agreementSignature)).toBe(v[name].agreement_sig);
      expect(toHex(id.serializeSecret())).toBe(v[name].serialized);
    });
  }
  it('parses the C++ serialized identity and refuses one flipped bit', () => {
    const bytes = hex(v.alice.serialized);
    expect(toHex(DeviceIdentity.parse(bytes).deviceId)).toBe(v.alice.device_id);
    bytes[40] ^= 1;
    expect(() => DeviceIdentity.parse(bytes)).toThrow(/inconsistent/);
  });
});

describe('TypeScript reproduces the C++ auth transcripts byte for byte', () => {
  for (const purpose of ['register', 'authenticate']) {
    it(`encodes and signs the ${purpose} transcript identically`, () => {
      const t = v[purpose];
      const alice = fixedIdentity('alice');
      expect(toHex(encodeAuthTranscript(transcriptOf(t)))).toBe(t.encoded);
      expect(toHex(signAuthTranscript(alice, transcriptOf(t)))).toBe(t.signature);
    });
  }
  it('computes the registration extra from the invite and agreement key', () => {
    const alice = fixedIdentity('alice');
    expect(toHex(registerExtra(v.invite, alice.agreementPublic))).toBe(v.register.extra);
  });
});

describe('TypeScript opens what the C++ code sealed', () => {
  it('opens the pairwise box from alice to bob, and only as bob from alice', () => {
    const p = v.pairwise;
    const bob = fixedIdentity('bob');
    const alice = fixedIdentity('alice');
    expect(toHex(openPairwise(bob, hex(v.alice.device_id), hex(v.alice.agreement_public), p.context, hex(p.box)))).toBe(p.plaintext);
    expect(() => openPairwise(alice, hex(v.bob.device_id), hex(v.bob.agreement_public), p.context, hex(p.box))).toThrow();
    expect(() => openPairwise(bob, hex(v.alice.device_id), hex(v.alice.agreement_public), 'other', hex(p.box))).toThrow();
  });
  it('opens the sender-key share and finds the distribution', () => {
    const share = openSenderKeyShare(fixedIdentity('bob'), infoOf(v.alice), hex(v.sender_key.share_box));
    expect(toHex(share.groupId)).toBe(v.sender_key.group_id);
    expect(share.epoch).toBe(BigInt(v.sender_key.epoch));
    expect(toHex(share.distribution)).toBe(v.sender_key.distribution);
  });
});

describe('TypeScript matches the C++ sender keys', () => {
  it('builds the same group message aad', () => {
    const s = v.sender_key;
    expect(toHex(groupMessageAad(hex(s.group_id), hex(s.sender_device), BigInt(s.epoch)))).toBe(s.aad);
  });
  it('builds the same sender key state and distribution from the fixed seeds', () => {
    const key = fixedSenderKey('alice-sender-key');
    expect(toHex(key.serialize())).toBe(v.sender_key.initial_state);
    expect(toHex(serializeDistribution(key.distribution()))).toBe(v.sender_key.distribution);
  });
  it('ratchets the chain exactly like the C++ sender', () => {
    const s = v.sender_key;
    const key = SenderKey.parse(hex(s.initial_state));
    for (const m of s.messages) encryptGroupText(key, hex(s.group_id), hex(s.sender_device), BigInt(s.epoch), m.text, BigInt(m.sent_at_ms));
    expect(toHex(key.serialize())).toBe(s.final_state);
  });
  it('decrypts the C++ messages out of order and ends in the same receiver state', () => {
    const s = v.sender_key;
    const receiver = SenderKeyReceiver.fromDistribution(parseDistribution(hex(s.distribution)));
    for (const i of s.read_order) {
      const m = s.messages[i];
      const opened = decryptGroupText(receiver, hex(m.ciphertext), hex(s.group_id), hex(s.sender_device), BigInt(s.epoch));
      expect(opened.text).toBe(m.text);
      expect(opened.sentAtMs).toBe(BigInt(m.sent_at_ms));
    }
    expect(toHex(receiver.serialize())).toBe(s.receiver_state);
    expect(toHex(SenderKeyReceiver.parse(hex(s.receiver_state)).serialize())).toBe(s.receiver_state);
  });
  it('refuses a replay of a C++ message with already_exists', () => {
    const s = v.sender_key;
    const receiver = SenderKeyReceiver.parse(hex(s.receiver_state));
    const aad = groupMessageAad(hex(s.group_id), hex(s.sender_device), BigInt(s.epoch));
    expect(() => receiver.decrypt(hex(s.messages[0].ciphertext), aad)).toThrow(expect.objectContaining({ code: 'already_exists' }));
  });
  it('refuses a C++ message under another epoch with permission_denied', () => {
    const s = v.sender_key;
    const receiver = SenderKeyReceiver.fromDistribution(parseDistribution(hex(s.distribution)));
    const aad = groupMessageAad(hex(s.group_id), hex(s.sender_device), BigInt(s.epoch) + 1n);
    expect(() => receiver.decrypt(hex(s.messages[0].ciphertext), aad)).toThrow(expect.objectContaining({ code: 'permission_denied' }));
  });
});

