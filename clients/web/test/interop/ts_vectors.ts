// Vectors made by the TypeScript code for `weerbaar-vectors verify` (clients/vectors): a
// fresh TypeScript device (carol) registers (transcript), seals a pairwise box and a
// sender-key share to the fixed C++ identity "bob", and sends a group message sequence;
// plus the share vectors (ts_share_vectors.ts).
import { toHex, utf8 } from '../../src/crypto/bytes';
import { DeviceIdentity } from '../../src/crypto/identity';
import { sealPairwise } from '../../src/crypto/pairwise';
import { randomBytes } from '../../src/crypto/primitives';
import { SenderKey } from '../../src/crypto/sender_key';
import { encodeAuthTranscript, registerExtra, signAuthTranscript, type AuthTranscript } from '../../src/crypto/transcript';
import { encryptGroupText, sealSenderKeyShare } from '../../src/client/group_crypto';
import { create } from '@bufbuild/protobuf';
import { DeviceInfoSchema } from '../../src/gen/weerbaar_pb';
import { fixedIdentity, type Json } from './fixtures';
import { makeTsShareVectors } from './ts_share_vectors';

const TEXTS = ['Goedemorgen!', '', 'Buurtapp \u{1F3E0} test', 'na\u00efef', 'de laatste'];
// Read out of order: a skip ahead, then back into the skipped window.
const READ_ORDER = [2, 0, 1, 4, 3];

function infoOf(id: DeviceIdentity) {
  return create(DeviceInfoSchema, {
    deviceId: id.deviceId,
    keys: { signingKey: id.signingPublic, agreementKey: id.agreementPublic, agreementSig: id.agreementSignature },
  });
}

function transcriptJson(carol: DeviceIdentity): Json {
  const invite = 'ts-invite-' + toHex(randomBytes(4));
  const t: AuthTranscript = {
    purpose: 'register',
    protocolVersion: 1,
    serverId: randomBytes(32),
    nonce: randomBytes(32),
    deviceId: carol.deviceId,
    extra: registerExtra(invite, carol.agreementPublic),
  };
  return {
    purpose: t.purpose,
    protocol_version: 1,
    server_id: toHex(t.serverId),
    nonce: toHex(t.nonce),
    device_id: toHex(t.deviceId),
    extra: toHex(t.extra),
    encoded: toHex(encodeAuthTranscript(t)),
    signature: toHex(signAuthTranscript(carol, t)),
  };
}

export function makeTsVectors(): Json {
  const carol = DeviceIdentity.generate();
  const bob = fixedIdentity('bob');
  const groupId = randomBytes(16);
  const epoch = 3n;
  const key = SenderKey.generate();
  const share = sealSenderKeyShare(carol, infoOf(bob), groupId, epoch, key.distribution());
  const sentAt = 1_700_000_123_456n;
  const messages = TEXTS.map((text) => ({
    text,
    sent_at_ms: Number(sentAt),
    ciphertext: toHex(encryptGroupText(key, groupId, carol.deviceId, epoch, text, sentAt)),
  }));
  const plaintext = utf8('van TypeScript');
  return {
    made_by: 'clients/web test/interop/ts_vectors.ts',
    sender: {
      device_id: toHex(carol.deviceId),
      signing_public: toHex(carol.signingPublic),
      agreement_public: toHex(carol.agreementPublic),
      agreement_sig: toHex(carol.agreementSignature),
      serialized: toHex(carol.serializeSecret()),
    },
    sender_user: toHex(randomBytes(16)),
    recipient_label: 'bob',
    register: transcriptJson(carol),
    pairwise: {
      context: 'weerbaar/test/v1',
      plaintext: toHex(plaintext),
      box: toHex(sealPairwise(carol, bob.deviceId, bob.agreementPublic, 'weerbaar/test/v1', plaintext)),
    },
    group_id: toHex(groupId),
    epoch: Number(epoch),
    share_box: toHex(share),
    messages,
    read_order: READ_ORDER,
    sender_key_state: toHex(key.serialize()),
    ...makeTsShareVectors(carol),
  };
}
