// JSON forms of the device state for storage (store.ts): bigints become decimal strings,
// byte arrays hex. Parsing checks shapes loosely: the data was sealed by this device.
import { fromHex, toHex } from '../crypto/bytes';
import type { SignalsState } from './signals_state';
import type { DeviceMeta, GroupState } from './state';

type Json = unknown;

const BIGINT_TAG = '$n:';
const BYTES_TAG = '$b:';

// Tags bigints and byte arrays so that a plain JSON round trip restores them.
function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return BIGINT_TAG + value.toString();
  if (value instanceof Uint8Array) return BYTES_TAG + toHex(value);
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (value.startsWith(BIGINT_TAG)) return BigInt(value.slice(BIGINT_TAG.length));
  if (value.startsWith(BYTES_TAG)) return fromHex(value.slice(BYTES_TAG.length));
  return value;
}

// Strings in the state (texts, names) that happen to start with a tag are escaped.
function escapeStrings(value: Json): Json {
  if (typeof value === 'string') return value.startsWith('$') ? '$' + value : value;
  if (Array.isArray(value)) return value.map(escapeStrings);
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeStrings(v)]));
  }
  return value;
}

function unescapeStrings(value: Json): Json {
  if (typeof value === 'string') return value.startsWith('$$') ? value.slice(1) : value;
  if (Array.isArray(value)) return value.map(unescapeStrings);
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unescapeStrings(v)]));
  }
  return value;
}

export function encodeState(value: DeviceMeta | GroupState | SignalsState): string {
  return JSON.stringify(escapeStrings(value), replacer);
}

export function decodeMeta(text: string): DeviceMeta {
  return unescapeStrings(JSON.parse(text, reviver)) as DeviceMeta;
}

export function decodeGroup(text: string): GroupState {
  return unescapeStrings(JSON.parse(text, reviver)) as GroupState;
}

export function decodeSignals(text: string): SignalsState {
  return unescapeStrings(JSON.parse(text, reviver)) as SignalsState;
}
