// The share part of the TypeScript vectors for `weerbaar-vectors verify`
// (clients/vectors/share_vectors.cc): a consent and withdrawal signed by the TypeScript
// device, SharedDetails sealed to the fixed channel key, a reply sealed to the fixed reply
// key, and a geohash table.
import { create, toBinary } from '@bufbuild/protobuf';
import { toHex, utf8 } from '../../src/crypto/bytes';
import { generateX25519KeyPair, sealToChannel, sealToReplyHandle, shareAad, x25519KeyPairFromSecret } from '../../src/crypto/channel_seal';
import { signConsent, signWithdrawal } from '../../src/crypto/consent';
import type { DeviceIdentity } from '../../src/crypto/identity';
import { randomBytes } from '../../src/crypto/primitives';
import { encodeGeohash } from '../../src/signals/geohash';
import { SharedDetailsSchema } from '../../src/gen/weerbaar_pb';
import { fixedBytes, type Json } from './fixtures';

const POINTS: [number, number, number][] = [
  [52.3676, 4.9041, 7],
  [51.4416, 5.4697, 6],
  [-45.5, 170.25, 12],
  [89.999, -179.999, 3],
  [0.5, -0.5, 8],
];

function signedJson(s: { record: Uint8Array; signature: Uint8Array }): Json {
  return { encoded: toHex(s.record), signature: toHex(s.signature) };
}

export function makeTsShareVectors(carol: DeviceIdentity): Json {
  const reportId = randomBytes(16);
  const channelId = randomBytes(16);
  const issuedAtMs = 1_700_000_500_000n;
  const consent = signConsent(carol, {
    reportId,
    channelId,
    purpose: 'information',
    fields: ['details', 'category', 'contact'],
    expiresAtMs: issuedAtMs + 86_400_000n,
    issuedAtMs,
    deviceId: carol.deviceId,
  });
  const withdrawal = signWithdrawal(carol, { reportId, channelId, withdrawnAtMs: issuedAtMs + 1_000n, deviceId: carol.deviceId });
  const aad = shareAad(reportId, channelId);
  const reply = generateX25519KeyPair();
  const text = 'Fiets gestolen bij het station \u{1F6B2}, [telefoon] gescrubd';
  const details = toBinary(SharedDetailsSchema, create(SharedDetailsSchema, { text, replyPublicKey: reply.publicKey }));
  const channelPk = x25519KeyPairFromSecret(fixedBytes('channel/agreement')).publicKey;
  const replyPk = x25519KeyPairFromSecret(fixedBytes('reply/agreement')).publicKey;
  const question = utf8('Welk merk fiets was het?');
  return {
    consent: signedJson(consent),
    withdrawal: signedJson(withdrawal),
    channel_seal: { aad: toHex(aad), text, reply_public_key: toHex(reply.publicKey), box: toHex(sealToChannel(channelPk, details, aad)) },
    reply_seal: { aad: toHex(aad), plaintext: toHex(question), box: toHex(sealToReplyHandle(replyPk, question, aad)) },
    geohash: POINTS.map(([lat, lon, length]) => ({ lat, lon, length, hash: encodeGeohash(lat, lon, length) })),
  };
}
