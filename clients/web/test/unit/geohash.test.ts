// Geohash encoding, decoding and coarsening (signals/geohash.ts); the C++ table is in
// test/interop.
import { describe, expect, it } from 'vitest';
import { GeohashError, coarsen, decodeGeohash, encodeGeohash, isValidGeohash } from '../../src/signals/geohash';

describe('geohash', () => {
  it('encodes the textbook example and Amsterdam Dam square', () => {
    expect(encodeGeohash(57.64911, 10.40744, 11)).toBe('u4pruydqqvj');
    expect(encodeGeohash(52.373, 4.8925, 6)).toBe('u173zq');
  });

  it('decodes to a cell that holds the point, and a prefix to the enclosing cell', () => {
    const hash = encodeGeohash(52.0907374, 5.1214201, 8);
    const box = decodeGeohash(hash);
    expect(box.latMin <= 52.0907374 && 52.0907374 < box.latMax).toBe(true);
    expect(box.lonMin <= 5.1214201 && 5.1214201 < box.lonMax).toBe(true);
    const outer = decodeGeohash(coarsen(hash, 5));
    expect(outer.latMin <= box.latMin && box.latMax <= outer.latMax).toBe(true);
    expect(encodeGeohash(52.0907374, 5.1214201, 5)).toBe(hash.slice(0, 5));
  });

  it('puts the edges in the upper cell, as the C++ bisection does', () => {
    expect(encodeGeohash(0, 0, 2)).toBe('s0');
    expect(encodeGeohash(90, 180, 2)).toBe('zz');
    expect(encodeGeohash(-90, -180, 2)).toBe('00');
  });

  it('refuses bad coordinates, lengths and characters', () => {
    for (const [lat, lon, len] of [
      [91, 0, 5],
      [0, -180.5, 5],
      [NaN, 0, 5],
      [0, 0, 0],
      [0, 0, 13],
      [0, 0, 2.5],
    ]) {
      expect(() => encodeGeohash(lat, lon, len)).toThrow(GeohashError);
    }
    for (const bad of ['', 'u173a', 'U173', 'u173zmswu173z', 'u17 3']) expect(isValidGeohash(bad)).toBe(false);
    expect(() => decodeGeohash('abc')).toThrow(GeohashError);
  });

  it('never coarsens to more precision than the hash has', () => {
    expect(coarsen('u173zmsw', 6)).toBe('u173zm');
    expect(coarsen('u173', 4)).toBe('u173');
    expect(() => coarsen('u173', 6)).toThrow(/coarser/);
    expect(() => coarsen('u173', 0)).toThrow(GeohashError);
  });
});
