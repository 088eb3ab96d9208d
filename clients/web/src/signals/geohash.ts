// Geohash (Niemeyer 2008), as signals/geohash.h: a location as base-32 characters, each
// narrowing a cell; a prefix is the enclosing, coarser cell. Canonical form: lower case.
// A geohash of length >= 7 locates a building's street frontage: personal data.
//
// Same bisection in IEEE doubles as the C++ code, so both ports give the same characters
// for the same coordinates, boundaries included.

export const MAX_GEOHASH_LENGTH = 12;
const ALPHABET = '0123456789bcdefghjkmnpqrstuvwxyz';

export type GeoBox = { latMin: number; latMax: number; lonMin: number; lonMax: number };

export class GeohashError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GeohashError';
  }
}

// 1..12 characters of ALPHABET.
export function isValidGeohash(hash: string): boolean {
  if (hash.length < 1 || hash.length > MAX_GEOHASH_LENGTH) return false;
  for (const c of hash) if (!ALPHABET.includes(c)) return false;
  return true;
}

function checkLength(length: number): void {
  if (!Number.isInteger(length) || length < 1 || length > MAX_GEOHASH_LENGTH) throw new GeohashError('geohash: bad length');
}

// Throws GeohashError for a latitude outside [-90, 90], a longitude outside [-180, 180],
// NaN, or a length outside 1..12.
export function encodeGeohash(lat: number, lon: number, length: number): string {
  if (!(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180)) throw new GeohashError('geohash: coordinates out of range');
  checkLength(length);
  const iv = [
    [-180, 180],
    [-90, 90],
  ];
  const value = [lon, lat];
  let out = '';
  let axis = 0; // bits alternate longitude, latitude, starting with longitude
  for (let c = 0; c < length; c++) {
    let bits = 0;
    for (let b = 0; b < 5; b++, axis ^= 1) {
      const mid = (iv[axis][0] + iv[axis][1]) / 2;
      const bit = value[axis] >= mid ? 1 : 0;
      iv[axis][bit ? 0 : 1] = mid;
      bits = (bits << 1) | bit;
    }
    out += ALPHABET[bits];
  }
  return out;
}

// The cell of a geohash. Throws GeohashError if !isValidGeohash.
export function decodeGeohash(hash: string): GeoBox {
  if (!isValidGeohash(hash)) throw new GeohashError('geohash: invalid');
  const iv = [
    [-180, 180],
    [-90, 90],
  ];
  let axis = 0;
  for (const ch of hash) {
    const v = ALPHABET.indexOf(ch);
    for (let b = 4; b >= 0; b--, axis ^= 1) {
      const mid = (iv[axis][0] + iv[axis][1]) / 2;
      iv[axis][(v >> b) & 1 ? 0 : 1] = mid;
    }
  }
  return { latMin: iv[1][0], latMax: iv[1][1], lonMin: iv[0][0], lonMax: iv[0][1] };
}

// The enclosing cell of `length` characters (a prefix). Throws GeohashError if the hash is
// invalid, `length` is outside 1..12, or the hash is shorter (coarsening never invents
// precision).
export function coarsen(hash: string, length: number): string {
  if (!isValidGeohash(hash)) throw new GeohashError('geohash: invalid');
  checkLength(length);
  if (hash.length < length) throw new GeohashError('geohash: coarser than the requested precision');
  return hash.slice(0, length);
}
