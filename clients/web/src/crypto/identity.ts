// Device identity (crypto/identity.h): an Ed25519 signing key plus an X25519 agreement key
// signed by it. The device id is BLAKE2b-128(lp("weerbaar/device-id/v1") || signing pk),
// so an id names exactly one signing key.
import { concat, equalBytes, lp, type Bytes } from './bytes';
import { fail } from './errors';
import {
  AGREEMENT_KEY_BYTES,
  SIGNATURE_BYTES,
  SIGNING_PUBLIC_BYTES,
  hash,
  randomBytes,
  sign,
  signingKeyPairFromSeed,
  verify,
  x25519Base,
} from './primitives';

export const DEVICE_ID_BYTES = 16;
const DEVICE_ID_CONTEXT = 'weerbaar/device-id/v1';
const AGREEMENT_KEY_CONTEXT = 'weerbaar/agreement-key/v1';
const IDENTITY_VERSION = 1;
const SEED_BYTES = 32;
// version || signing seed || agreement secret || signing pk || agreement pk || agreement sig
export const IDENTITY_BYTES =
  1 + SEED_BYTES + AGREEMENT_KEY_BYTES + SIGNING_PUBLIC_BYTES + AGREEMENT_KEY_BYTES + SIGNATURE_BYTES;

export function deviceIdFor(signingPublic: Bytes): Bytes {
  return hash(concat(lp(DEVICE_ID_CONTEXT), signingPublic), DEVICE_ID_BYTES);
}

// Ed25519 over lp(context) || message (SignWithContext / VerifyWithContext).
export function verifyWithContext(signingPublic: Bytes, context: string, message: Bytes, sig: Bytes): boolean {
  return verify(signingPublic, concat(lp(context), message), sig);
}

export function verifyAgreementKey(signingPublic: Bytes, agreementPublic: Bytes, sig: Bytes): boolean {
  if (agreementPublic.length !== AGREEMENT_KEY_BYTES) return false;
  return verifyWithContext(signingPublic, AGREEMENT_KEY_CONTEXT, agreementPublic, sig);
}

// RFC 7748 clamping; the stored form is canonical so every bit of the secret matters.
function clamp(s: Bytes): void {
  s[0] &= 248;
  s[31] &= 127;
  s[31] |= 64;
}

function isClamped(s: Bytes): boolean {
  return (s[0] & 7) === 0 && (s[31] & 0xc0) === 0x40;
}

export class DeviceIdentity {
  readonly deviceId: Bytes;
  readonly agreementPublic: Bytes;
  readonly agreementSignature: Bytes;

  private constructor(
    private readonly signingSecret: Bytes, // libsodium layout: seed || public
    readonly signingPublic: Bytes,
    readonly agreementSecret: Bytes,
    agreementSignature?: Bytes,
  ) {
    this.deviceId = deviceIdFor(signingPublic);
    this.agreementPublic = x25519Base(agreementSecret);
    this.agreementSignature = agreementSignature ?? this.signWithContext(AGREEMENT_KEY_CONTEXT, this.agreementPublic);
  }

  static generate(): DeviceIdentity {
    return DeviceIdentity.fromSeeds(randomBytes(SEED_BYTES), randomBytes(AGREEMENT_KEY_BYTES));
  }

  // Deterministic construction (tests, vectors). The agreement secret is clamped.
  static fromSeeds(signingSeed: Bytes, agreementSecret: Bytes): DeviceIdentity {
    const kp = signingKeyPairFromSeed(signingSeed);
    const secret = agreementSecret.slice();
    clamp(secret);
    return new DeviceIdentity(kp.secretKey, kp.publicKey, secret);
  }

  // Parses SerializeSecret output (193 bytes); invalid_argument if malformed or inconsistent.
  static parse(serialized: Bytes): DeviceIdentity {
    if (serialized.length !== IDENTITY_BYTES || serialized[0] !== IDENTITY_VERSION) {
      fail('invalid_argument', 'device identity: unknown layout');
    }
    let o = 1;
    const take = (n: number) => serialized.slice(o, (o += n));
    const seed = take(SEED_BYTES);
    const agreementSecret = take(AGREEMENT_KEY_BYTES);
    const storedSigning = take(SIGNING_PUBLIC_BYTES);
    const storedAgreement = take(AGREEMENT_KEY_BYTES);
    const sig = take(SIGNATURE_BYTES);
    const kp = signingKeyPairFromSeed(seed);
    const id = new DeviceIdentity(kp.secretKey, kp.publicKey, agreementSecret, sig);
    if (
      !isClamped(agreementSecret) ||
      !equalBytes(id.signingPublic, storedSigning) ||
      !equalBytes(id.agreementPublic, storedAgreement) ||
      !verifyAgreementKey(id.signingPublic, id.agreementPublic, sig)
    ) {
      fail('invalid_argument', 'device identity: keys are inconsistent');
    }
    return id;
  }

  // Secret: the same 193-byte layout as DeviceIdentity::SerializeSecret.
  serializeSecret(): Bytes {
    return concat(
      Uint8Array.of(IDENTITY_VERSION),
      this.signingSecret.subarray(0, SEED_BYTES),
      this.agreementSecret,
      this.signingPublic,
      this.agreementPublic,
      this.agreementSignature,
    );
  }

  signWithContext(context: string, message: Bytes): Bytes {
    return sign(this.signingSecret, concat(lp(context), message));
  }
}
