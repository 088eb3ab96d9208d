// Sender keys, the sending side (crypto/sender_key.h). One SenderKey per group and epoch:
// a random key id, a chain key ratcheted with BLAKE2b per message, and an Ed25519 key of
// its own that signs every message. Layouts of the serialized states: docs/crypto.md.
import { concat, equalBytes, readU32be, u32be, type Bytes } from './bytes';
import { fail } from './errors';
import { AEAD_NONCE_BYTES, SIGNING_PUBLIC_BYTES, aeadEncrypt, randomBytes, sign, signingKeyPairFromSeed } from './primitives';
import {
  CHAIN_KEY_BYTES,
  MAX_ITERATION,
  SENDER_KEY_ID_BYTES,
  buildHeader,
  messageKey,
  nextChainKey,
  senderKeyAead,
  senderKeySignedBytes,
} from './sender_key_format';

const DISTRIBUTION_VERSION = 1;
const STATE_VERSION = 1;
const SEED_BYTES = 32;
const DISTRIBUTION_BYTES = 1 + SENDER_KEY_ID_BYTES + 4 + CHAIN_KEY_BYTES + SIGNING_PUBLIC_BYTES;
const STATE_BYTES = 1 + SENDER_KEY_ID_BYTES + 4 + CHAIN_KEY_BYTES + SEED_BYTES + SIGNING_PUBLIC_BYTES;

// What a receiver needs to decrypt from `iteration` on. Secret: travels only in pairwise boxes.
export interface SenderKeyDistribution {
  keyId: Bytes;
  iteration: number;
  chainKey: Bytes;
  signingPublic: Bytes;
}

// u8 1 || key_id(16) || u32 BE iteration || chain_key(32) || signing_public(32)
export function serializeDistribution(d: SenderKeyDistribution): Bytes {
  return concat(Uint8Array.of(DISTRIBUTION_VERSION), d.keyId, u32be(d.iteration), d.chainKey, d.signingPublic);
}

// invalid_argument unless exactly the layout above.
export function parseDistribution(b: Bytes): SenderKeyDistribution {
  if (b.length !== DISTRIBUTION_BYTES || b[0] !== DISTRIBUTION_VERSION) {
    fail('invalid_argument', 'sender key distribution: unknown layout');
  }
  const o = 1 + SENDER_KEY_ID_BYTES + 4;
  return {
    keyId: b.slice(1, 1 + SENDER_KEY_ID_BYTES),
    iteration: readU32be(b, 1 + SENDER_KEY_ID_BYTES),
    chainKey: b.slice(o, o + CHAIN_KEY_BYTES),
    signingPublic: b.slice(o + CHAIN_KEY_BYTES),
  };
}

export class SenderKey {
  private constructor(
    readonly keyId: Bytes,
    private chainKey: Bytes,
    private readonly signingSecret: Bytes,
    private readonly signingPublic: Bytes,
    private iterationValue: number,
  ) {}

  static generate(): SenderKey {
    return SenderKey.fromParts(randomBytes(SENDER_KEY_ID_BYTES), randomBytes(CHAIN_KEY_BYTES), randomBytes(SEED_BYTES), 0);
  }

  // Deterministic construction (tests and vectors).
  static fromParts(keyId: Bytes, chainKey: Bytes, signingSeed: Bytes, iteration: number): SenderKey {
    const kp = signingKeyPairFromSeed(signingSeed);
    return new SenderKey(keyId.slice(), chainKey.slice(), kp.secretKey, kp.publicKey, iteration);
  }

  // invalid_argument if malformed or the signing public key does not match the seed.
  static parse(b: Bytes): SenderKey {
    if (b.length !== STATE_BYTES || b[0] !== STATE_VERSION) fail('invalid_argument', 'sender key: unknown layout');
    let o = 1 + SENDER_KEY_ID_BYTES + 4;
    const chain = b.slice(o, (o += CHAIN_KEY_BYTES));
    const seed = b.slice(o, (o += SEED_BYTES));
    const key = SenderKey.fromParts(b.slice(1, 1 + SENDER_KEY_ID_BYTES), chain, seed, readU32be(b, 1 + SENDER_KEY_ID_BYTES));
    if (!equalBytes(key.signingPublic, b.subarray(o))) fail('invalid_argument', 'sender key: signing key is inconsistent');
    return key;
  }

  // Secret. u8 1 || key_id || u32 BE iteration || chain_key || signing seed || signing_public
  serialize(): Bytes {
    return concat(
      Uint8Array.of(STATE_VERSION),
      this.keyId,
      u32be(this.iterationValue),
      this.chainKey,
      this.signingSecret.subarray(0, SEED_BYTES),
      this.signingPublic,
    );
  }

  get iteration(): number {
    return this.iterationValue;
  }

  distribution(): SenderKeyDistribution {
    return {
      keyId: this.keyId.slice(),
      iteration: this.iterationValue,
      chainKey: this.chainKey.slice(),
      signingPublic: this.signingPublic.slice(),
    };
  }

  // Encrypts and signs, then advances the chain; resource_exhausted when the chain is spent.
  // `nonce` is for test vectors only: a random one is drawn otherwise.
  encrypt(plaintext: Bytes, contextAad: Bytes, nonce: Bytes = randomBytes(AEAD_NONCE_BYTES)): Bytes {
    if (this.iterationValue === MAX_ITERATION) fail('resource_exhausted', 'sender key chain is spent');
    const header = buildHeader(this.keyId, this.iterationValue, nonce);
    const ct = aeadEncrypt(messageKey(this.chainKey), nonce, plaintext, senderKeyAead(header, contextAad));
    const signedPart = concat(header, ct);
    const sig = sign(this.signingSecret, senderKeySignedBytes(contextAad, signedPart));
    this.chainKey = nextChainKey(this.chainKey);
    this.iterationValue += 1;
    return concat(signedPart, sig);
  }
}
