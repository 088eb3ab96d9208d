// Pairwise boxes between two devices (crypto/pairwise.h):
//   key = DeriveKey(X25519(own secret, peer public), "weerbaar/pairwise/v1",
//                   sender agreement pk || recipient agreement pk)
//   box = AeadSeal(key, plaintext, lp(context) || lp(sender id) || lp(recipient id))
// REQUIRES of the caller: the peer's keys were checked (verifyDeviceKeys).
import { concat, lp, type Bytes } from './bytes';
import { fail } from './errors';
import { DEVICE_ID_BYTES, type DeviceIdentity } from './identity';
import { AGREEMENT_KEY_BYTES, aeadOpen, aeadSeal, deriveKey, wipe, x25519 } from './primitives';

const PAIRWISE_CONTEXT = 'weerbaar/pairwise/v1';

function checkPeer(deviceId: Bytes, agreementPublic: Bytes): void {
  if (deviceId.length !== DEVICE_ID_BYTES || agreementPublic.length !== AGREEMENT_KEY_BYTES) {
    fail('invalid_argument', 'pairwise: peer id or key has the wrong size');
  }
}

function boxKey(ownSecret: Bytes, peerPublic: Bytes, senderPublic: Bytes, recipientPublic: Bytes): Bytes {
  const shared = x25519(ownSecret, peerPublic);
  try {
    return deriveKey(shared, PAIRWISE_CONTEXT, concat(senderPublic, recipientPublic));
  } finally {
    wipe(shared);
  }
}

function boxAad(context: string, senderId: Bytes, recipientId: Bytes): Bytes {
  return concat(lp(context), lp(senderId), lp(recipientId));
}

export function sealPairwise(
  sender: DeviceIdentity,
  recipientDeviceId: Bytes,
  recipientAgreementPublic: Bytes,
  context: string,
  plaintext: Bytes,
): Bytes {
  checkPeer(recipientDeviceId, recipientAgreementPublic);
  const key = boxKey(sender.agreementSecret, recipientAgreementPublic, sender.agreementPublic, recipientAgreementPublic);
  try {
    return aeadSeal(key, plaintext, boxAad(context, sender.deviceId, recipientDeviceId));
  } finally {
    wipe(key);
  }
}

// data_loss if the box does not authenticate (wrong sender, recipient, context, tampered).
export function openPairwise(
  recipient: DeviceIdentity,
  senderDeviceId: Bytes,
  senderAgreementPublic: Bytes,
  context: string,
  box: Bytes,
): Bytes {
  checkPeer(senderDeviceId, senderAgreementPublic);
  const key = boxKey(recipient.agreementSecret, senderAgreementPublic, senderAgreementPublic, recipient.agreementPublic);
  try {
    return aeadOpen(key, box, boxAad(context, senderDeviceId, recipient.deviceId));
  } finally {
    wipe(key);
  }
}
