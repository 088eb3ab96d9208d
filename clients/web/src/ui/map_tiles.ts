// Street tiles under the community map, without DOM: the operator's TileJSON (tiles.json,
// served by the server below /tiles/, docs/operations.md) checked and read, and which Web
// Mercator XYZ tiles cover a view cell's lat/lon box, each placed as fractions of that box
// (0..1 spans it; x and y scaled apart: a geohash box is small enough for that to be exact
// to well under a grid cell). Only same-origin paths below /tiles/ are ever accepted, so
// the page loads nothing from elsewhere.
import type { GeoBox } from '../signals/geohash';

export interface TileSource {
  template: string; // "/tiles/{z}/{x}/{y}.png"
  minzoom: number;
  maxzoom: number;
  bounds: GeoBox | null; // tiles exist only here, when given
  attribution: string; // plain text; "" when none was given
}

export interface PlacedTile {
  url: string;
  left: number; // fractions of the box's width (left, width) and height (top, height)
  top: number;
  width: number;
  height: number;
}

const TILE_PX = 256;
const MAX_ZOOM = 22;
// More tiles than this for one view means the zoom range does not suit it: draw none.
export const MAX_TILES = 36;
const MAX_LAT = 85.0511287798; // the Web Mercator square's edge

// A path on this origin below /tiles/ with {z}, {x} and {y}, bytes the server's static-file
// rules accept, no empty segment and none starting with "." (no "..").
export function templateAllowed(template: string): boolean {
  if (!/^\/tiles\/[A-Za-z0-9._~/{}-]+$/.test(template)) return false;
  if (!['{z}', '{x}', '{y}'].every((p) => template.includes(p))) return false;
  const rest = template.replace(/\{[zxy]\}/g, 'n');
  if (/[{}]/.test(rest)) return false;
  return rest.split('/').slice(1).every((seg) => seg !== '' && !seg.startsWith('.'));
}

const zoomOr = (v: unknown, fallback: number): number | null => (v === undefined ? fallback : Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_ZOOM ? (v as number) : null);

// [west, south, east, north] in degrees, or null when absent; undefined when malformed.
function boundsOf(v: unknown): GeoBox | null | undefined {
  if (v === undefined) return null;
  if (!Array.isArray(v) || v.length !== 4 || !v.every((n) => typeof n === 'number' && Number.isFinite(n))) return undefined;
  const [lonMin, latMin, lonMax, latMax] = v as number[];
  return lonMin < lonMax && latMin < latMax ? { latMin, latMax, lonMin, lonMax } : undefined;
}

// TileJSON attribution may be HTML: shown as plain text, tags dropped.
const plainText = (v: unknown): string => (typeof v === 'string' ? v.replace(/<[^>]*>/g, '').trim().slice(0, 300) : '');

// The source a parsed tiles.json describes, or null when it is not usable (no allowed
// template, a zoom outside 0..22, minzoom above maxzoom, malformed bounds).
export function parseTileJson(json: unknown): TileSource | null {
  if (typeof json !== 'object' || json === null) return null;
  const j = json as Record<string, unknown>;
  const template = Array.isArray(j.tiles) ? j.tiles[0] : undefined;
  if (typeof template !== 'string' || !templateAllowed(template)) return null;
  const minzoom = zoomOr(j.minzoom, 0);
  const maxzoom = zoomOr(j.maxzoom, MAX_ZOOM);
  const bounds = boundsOf(j.bounds);
  if (minzoom === null || maxzoom === null || minzoom > maxzoom || bounds === undefined) return null;
  return { template, minzoom, maxzoom, bounds, attribution: plainText(j.attribution) };
}

// The point's position in the world square at `zoom`, in pixels (x east, y south).
export function worldPixel(lat: number, lon: number, zoom: number): { x: number; y: number } {
  const size = TILE_PX * 2 ** zoom;
  const phi = (Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI) / 180;
  const y = (1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2;
  return { x: ((lon + 180) / 360) * size, y: y * size };
}

// The zoom at which the box is about `widthPx` pixels wide, within the source's range.
export function tileZoom(box: GeoBox, widthPx: number, src: TileSource): number {
  const ideal = Math.round(Math.log2((widthPx * 360) / (TILE_PX * (box.lonMax - box.lonMin))));
  return Math.max(src.minzoom, Math.min(src.maxzoom, ideal));
}

// The tile rows or columns [first, last] covering world pixels [a, b), clamped to [lo, hi].
function span(a: number, b: number, lo: number, hi: number): [number, number] {
  if (a >= b) return [1, 0];
  return [Math.max(lo, Math.floor(a / TILE_PX)), Math.min(hi, Math.ceil(b / TILE_PX) - 1)];
}

// The tiles covering `box` at the zoom for `widthPx`, inside the source's bounds; [] when
// none or more than MAX_TILES would be needed.
export function tilesFor(box: GeoBox, widthPx: number, src: TileSource): PlacedTile[] {
  const z = tileZoom(box, widthPx, src);
  const nw = worldPixel(box.latMax, box.lonMin, z), se = worldPixel(box.latMin, box.lonMax, z);
  const inside = src.bounds ?? { latMin: -MAX_LAT, latMax: MAX_LAT, lonMin: -180, lonMax: 180 };
  const bnw = worldPixel(inside.latMax, inside.lonMin, z), bse = worldPixel(inside.latMin, inside.lonMax, z);
  const [x0, x1] = span(Math.max(nw.x, bnw.x), Math.min(se.x, bse.x), 0, 2 ** z - 1);
  const [y0, y1] = span(Math.max(nw.y, bnw.y), Math.min(se.y, bse.y), 0, 2 ** z - 1);
  if (x1 < x0 || y1 < y0 || (x1 - x0 + 1) * (y1 - y0 + 1) > MAX_TILES) return [];
  const w = se.x - nw.x, hgt = se.y - nw.y;
  const tiles: PlacedTile[] = [];
  for (let y = y0; y <= y1; y++)
    for (let x = x0; x <= x1; x++) {
      const url = src.template.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y));
      tiles.push({ url, left: (x * TILE_PX - nw.x) / w, top: (y * TILE_PX - nw.y) / hgt, width: TILE_PX / w, height: TILE_PX / hgt });
    }
  return tiles;
}
