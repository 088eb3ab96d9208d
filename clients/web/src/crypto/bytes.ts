// Byte helpers shared by the crypto and client code: concatenation, big-endian integers,
// length prefixes (lp), hex and base64url. Pure functions, no libsodium.

export type Bytes = Uint8Array;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function utf8(text: string): Bytes {
  return encoder.encode(text);
}

// Throws on invalid UTF-8 (TextDecoder fatal): callers decode only authenticated data.
export function fromUtf8(bytes: Bytes): string {
  return decoder.decode(bytes);
}

export function concat(...parts: Bytes[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export function u32be(v: number): Bytes {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, v >>> 0, false);
  return out;
}

export function u64be(v: bigint): Bytes {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, v), false);
  return out;
}

export function readU32be(bytes: Bytes, offset: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(offset, false);
}

// lp(x) = u32 BE len(x) || x, as crypto/encoding.h AppendLengthPrefixed.
export function lp(field: Bytes | string): Bytes {
  const b = typeof field === 'string' ? utf8(field) : field;
  return concat(u32be(b.length), b);
}

export function equalBytes(a: Bytes, b: Bytes): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

export function toHex(b: Bytes): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

// Throws on odd length or non-hex characters.
export function fromHex(hex: string): Bytes {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new Error('bad hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

// RFC 4648 section 5 without padding (common/bytes.h Base64UrlEncode).
export function toBase64Url(b: Bytes): string {
  let bin = '';
  for (const x of b) bin += String.fromCharCode(x);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
