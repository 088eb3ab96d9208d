// Sender keys, the receiving side (crypto::SenderKeyReceiver) for one (sender device, key
// id). Out-of-order messages decrypt within a window of MAX_SKIPPED_KEYS; a replayed or
// too-old message is refused. The signature is checked before any key is derived, and
// every error leaves the receiver exactly as it was (changes are committed last).
import { concat, equalBytes, readU32be, u32be, type Bytes } from './bytes';
import { fail } from './errors';
import { SIGNING_PUBLIC_BYTES, aeadDecrypt, verify } from './primitives';
import type { SenderKeyDistribution } from './sender_key';
import {
  CHAIN_KEY_BYTES,
  MAX_SKIPPED_KEYS,
  SENDER_KEY_ID_BYTES,
  messageKey,
  nextChainKey,
  parseSenderKeyMessage,
  senderKeyAead,
  senderKeySignedBytes,
} from './sender_key_format';

const STATE_VERSION = 1;
const FIXED_BYTES = 1 + SENDER_KEY_ID_BYTES + 4 + CHAIN_KEY_BYTES + SIGNING_PUBLIC_BYTES + 4;
const ENTRY_BYTES = 4 + CHAIN_KEY_BYTES;

interface Step {
  messageKey: Bytes;
  fromSkipped: boolean;
  nextChain?: Bytes;
  passed: Array<[number, Bytes]>;
}

export class SenderKeyReceiver {
  private constructor(
    readonly keyId: Bytes,
    private readonly signingPublic: Bytes,
    private chainKey: Bytes,
    private iteration: number, // chainKey is chain(iteration)
    private readonly skipped: Map<number, Bytes>, // iteration -> message key, ascending
  ) {}

  static fromDistribution(d: SenderKeyDistribution): SenderKeyReceiver {
    return new SenderKeyReceiver(d.keyId.slice(), d.signingPublic.slice(), d.chainKey.slice(), d.iteration, new Map());
  }

  // invalid_argument if malformed: sizes, too many entries, entries not strictly
  // increasing or not below the iteration.
  static parse(b: Bytes): SenderKeyReceiver {
    if (b.length < FIXED_BYTES || b[0] !== STATE_VERSION) fail('invalid_argument', 'sender key receiver: unknown layout');
    let o = 1;
    const keyId = b.slice(o, (o += SENDER_KEY_ID_BYTES));
    const iteration = readU32be(b, o);
    o += 4;
    const chain = b.slice(o, (o += CHAIN_KEY_BYTES));
    const signingPublic = b.slice(o, (o += SIGNING_PUBLIC_BYTES));
    const count = readU32be(b, o);
    o += 4;
    if (count > MAX_SKIPPED_KEYS || b.length - o !== count * ENTRY_BYTES) {
      fail('invalid_argument', 'sender key receiver: bad skipped-key count');
    }
    const skipped = new Map<number, Bytes>();
    let last = -1;
    for (let n = 0; n < count; n++, o += ENTRY_BYTES) {
      const i = readU32be(b, o);
      if (i <= last || i >= iteration) fail('invalid_argument', 'sender key receiver: bad entry');
      skipped.set(i, b.slice(o + 4, o + ENTRY_BYTES));
      last = i;
    }
    return new SenderKeyReceiver(keyId, signingPublic, chain, iteration, skipped);
  }

  // Secret. u8 1 || key_id || u32 iteration || chain || signing pk || u32 count ||
  // count x (u32 iteration || message key), ascending.
  serialize(): Bytes {
    const entries = [...this.skipped.entries()].sort((a, b) => a[0] - b[0]);
    return concat(
      Uint8Array.of(STATE_VERSION),
      this.keyId,
      u32be(this.iteration),
      this.chainKey,
      this.signingPublic,
      u32be(entries.length),
      ...entries.flatMap(([i, k]) => [u32be(i), k]),
    );
  }

  // invalid_argument: malformed or wrong key id; permission_denied: bad signature;
  // already_exists: replay or too old; resource_exhausted: too far ahead; data_loss:
  // authentication failed.
  decrypt(message: Bytes, contextAad: Bytes): Bytes {
    const m = parseSenderKeyMessage(message);
    if (!equalBytes(m.keyId, this.keyId)) fail('invalid_argument', 'sender key: wrong key id');
    if (!verify(this.signingPublic, senderKeySignedBytes(contextAad, m.signedPart), m.signature)) {
      fail('permission_denied', 'sender key: bad signature');
    }
    const step = this.plan(m.iteration);
    const plaintext = aeadDecrypt(step.messageKey, m.nonce, m.ciphertext, senderKeyAead(m.header, contextAad));
    this.commit(step, m.iteration);
    return plaintext;
  }

  private plan(target: number): Step {
    if (target < this.iteration) {
      const key = this.skipped.get(target);
      if (key === undefined) fail('already_exists', 'sender key: replayed or too old');
      return { messageKey: key, fromSkipped: true, passed: [] };
    }
    if (target - this.iteration > MAX_SKIPPED_KEYS) fail('resource_exhausted', 'sender key: message too far ahead');
    const passed: Array<[number, Bytes]> = [];
    let c = this.chainKey;
    for (let i = this.iteration; i < target; i++) {
      passed.push([i, messageKey(c)]);
      c = nextChainKey(c);
    }
    return { messageKey: messageKey(c), fromSkipped: false, nextChain: nextChainKey(c), passed };
  }

  private commit(step: Step, target: number): void {
    if (step.fromSkipped) {
      this.skipped.delete(target);
      return;
    }
    for (const [i, k] of step.passed) this.skipped.set(i, k);
    // Map iteration order is insertion order, which is ascending here: drop the oldest.
    for (const i of this.skipped.keys()) {
      if (this.skipped.size <= MAX_SKIPPED_KEYS) break;
      this.skipped.delete(i);
    }
    this.chainKey = step.nextChain as Bytes;
    this.iteration = target + 1;
  }
}
