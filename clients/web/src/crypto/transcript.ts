// The authentication transcript (crypto/transcript.h), byte for byte:
//   lp("weerbaar/auth/v1") || lp(purpose) || u32 BE version || lp(server_id) ||
//   lp(nonce) || lp(device_id) || lp(extra)
// signature = Ed25519 over exactly these bytes.
import { concat, lp, u32be, utf8, type Bytes } from './bytes';
import { DeviceIdentity } from './identity';
import { hash, verify } from './primitives';

const AUTH_CONTEXT = 'weerbaar/auth/v1';

export interface AuthTranscript {
  purpose: 'authenticate' | 'register';
  protocolVersion: number;
  serverId: Bytes;
  nonce: Bytes;
  deviceId: Bytes;
  extra: Bytes;
}

function encodeFields(t: AuthTranscript): Bytes {
  return concat(lp(t.purpose), u32be(t.protocolVersion), lp(t.serverId), lp(t.nonce), lp(t.deviceId), lp(t.extra));
}

export function encodeAuthTranscript(t: AuthTranscript): Bytes {
  return concat(lp(AUTH_CONTEXT), encodeFields(t));
}

export function signAuthTranscript(device: DeviceIdentity, t: AuthTranscript): Bytes {
  return device.signWithContext(AUTH_CONTEXT, encodeFields(t));
}

export function verifyAuthTranscript(signingPublic: Bytes, t: AuthTranscript, sig: Bytes): boolean {
  return verify(signingPublic, encodeAuthTranscript(t), sig);
}

// BLAKE2b-256(invite) || agreement public key: binds a registration to one invite and key.
export function registerExtra(invite: string, agreementPublic: Bytes): Bytes {
  return concat(hash(utf8(invite), 32), agreementPublic);
}
