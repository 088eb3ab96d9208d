// Writes test/vectors/from-ts.json (committed; read by ctest's web_interop_vectors_verify).
// Run: npx vite-node scripts/make-ts-vectors.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initCrypto } from '../src/crypto/primitives';
import { VECTORS_DIR } from '../test/interop/fixtures';
import { makeTsVectors } from '../test/interop/ts_vectors';

await initCrypto();
const path = join(VECTORS_DIR, 'from-ts.json');
writeFileSync(path, JSON.stringify(makeTsVectors(), null, 1) + '\n');
console.log('wrote ' + path);
