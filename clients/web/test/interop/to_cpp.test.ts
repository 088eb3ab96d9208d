// TypeScript output checked by the C++ code. The committed test/vectors/from-ts.json is what
// ctest's web_interop_vectors_verify reads; here a fresh set is written to test-output/ and,
// when WEERBAAR_VECTORS_BIN names the weerbaar-vectors binary, verified by it as well.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../../src/crypto/primitives';
import { readVectors, VECTORS_DIR } from './fixtures';
import { makeTsVectors } from './ts_vectors';

const OUT_DIR = join(VECTORS_DIR, '..', '..', 'test-output');
const bin = process.env.WEERBAAR_VECTORS_BIN;

beforeAll(async () => {
  await initCrypto();
});

describe('TypeScript vectors for the C++ verifier', () => {
  it('the committed from-ts.json has every part the verifier reads', () => {
    const v = readVectors('from-ts.json');
    for (const k of ['sender', 'sender_user', 'register', 'pairwise', 'group_id', 'epoch', 'share_box', 'messages', 'read_order', 'sender_key_state', 'consent', 'withdrawal', 'channel_seal', 'reply_seal', 'geohash']) {
      expect(v).toHaveProperty(k);
    }
    expect(v.messages.length).toBe(v.read_order.length);
  });

  // Defined only with the binary, so that a run without it reports no skipped tests.
  if (!bin) return;

  it('a fresh TypeScript set passes weerbaar-vectors verify', () => {
    mkdirSync(OUT_DIR, { recursive: true });
    const path = join(OUT_DIR, 'from-ts.json');
    writeFileSync(path, JSON.stringify(makeTsVectors(), null, 1) + '\n');
    const out = execFileSync(bin as string, ['verify', path], { encoding: 'utf8' });
    expect(out).toMatch(/^verify: \d+ checks passed/);
  });

  it('the verifier refuses a set with one tampered message', () => {
    const v = makeTsVectors();
    const ct: string = v.messages[1].ciphertext;
    v.messages[1].ciphertext = ct.slice(0, 100) + (ct[100] === '0' ? '1' : '0') + ct.slice(101);
    const path = join(OUT_DIR, 'from-ts-tampered.json');
    writeFileSync(path, JSON.stringify(v) + '\n');
    expect(() => execFileSync(bin as string, ['verify', path], { stdio: 'pipe' })).toThrow();
  });
});
