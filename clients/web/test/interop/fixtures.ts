// The deterministic key material shared with clients/vectors/fixtures.cc: every secret is
// BLAKE2b-len("weerbaar-vectors/" + label). Test-only keys, public by construction.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromHex, utf8, type Bytes } from '../../src/crypto/bytes';
import { DeviceIdentity } from '../../src/crypto/identity';
import { hash } from '../../src/crypto/primitives';
import { SenderKey } from '../../src/crypto/sender_key';

export const VECTORS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'vectors');

export function fixedBytes(label: string, len = 32): Bytes {
  return hash(utf8('weerbaar-vectors/' + label), len);
}

export function fixedIdentity(label: string): DeviceIdentity {
  return DeviceIdentity.fromSeeds(fixedBytes(label + '/signing'), fixedBytes(label + '/agreement'));
}

export function fixedSenderKey(label: string): SenderKey {
  return SenderKey.fromParts(fixedBytes(label + '/key-id', 16), fixedBytes(label + '/chain'), fixedBytes(label + '/signing'), 0);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export function readVectors(name: string): Json {
  return JSON.parse(readFileSync(join(VECTORS_DIR, name), 'utf8'));
}

export const hex = fromHex;

// signals/taxonomy_default.json, the file the server compiles in.
export function readDefaultTaxonomyJson(): string {
  return readFileSync(join(VECTORS_DIR, '..', '..', '..', '..', 'signals', 'taxonomy_default.json'), 'utf8');
}
