// The community map's geometry, without DOM: a view cell (a geohash) drawn as its 32 child
// cells in rows (north first) and columns (west first), a step of one child cell in any
// direction (across the view's edge too), and where a cell lies from the community area's
// centre, in metres and a compass point: what a resident recognises on an unlabelled grid.
import { decodeGeohash, encodeGeohash, type GeoBox } from '../signals/geohash';

export interface LatLon {
  lat: number;
  lon: number;
}

export interface MapCell {
  hash: string;
  row: number; // 0 = northernmost
  col: number; // 0 = westernmost
  centre: LatLon;
}

export type Direction = 'n' | 'ne' | 'e' | 'se' | 's' | 'sw' | 'w' | 'nw';

const ALPHABET = '0123456789bcdefghjkmnpqrstuvwxyz';
// A view of 4 characters shows cells of about 5 km; one of 7 shows cells of about 38 x 19 m.
export const MIN_VIEW = 4;
export const MAX_VIEW = 7;
const DIRECTIONS: Direction[] = ['n', 'ne', 'e', 'se', 's', 'sw', 'w', 'nw'];

export function centreOf(box: GeoBox): LatLon {
  return { lat: (box.latMin + box.latMax) / 2, lon: (box.lonMin + box.lonMax) / 2 };
}

// The 32 children of `view`: 4 rows of 8 for an even length, 8 rows of 4 for an odd one.
export function childCells(view: string): { rows: number; cols: number; cells: MapCell[] } {
  const boxes = [...ALPHABET].map((c) => ({ hash: view + c, box: decodeGeohash(view + c) }));
  const lats = [...new Set(boxes.map((b) => b.box.latMin))].sort((a, b) => b - a);
  const lons = [...new Set(boxes.map((b) => b.box.lonMin))].sort((a, b) => a - b);
  const cells = boxes.map((b) => ({ hash: b.hash, row: lats.indexOf(b.box.latMin), col: lons.indexOf(b.box.lonMin), centre: centreOf(b.box) }));
  cells.sort((a, b) => a.row - b.row || a.col - b.col);
  return { rows: lats.length, cols: lons.length, cells };
}

// The cell of the same length one step away (dRow 1 = south, dCol 1 = east), across the
// date line if need be; null past a pole.
export function stepCell(cell: string, dRow: number, dCol: number): string | null {
  const box = decodeGeohash(cell);
  const c = centreOf(box);
  const lat = c.lat - dRow * (box.latMax - box.latMin);
  if (lat <= -90 || lat >= 90) return null;
  const lon = ((((c.lon + dCol * (box.lonMax - box.lonMin) + 540) % 360) + 360) % 360) - 180;
  return encodeGeohash(lat, lon, cell.length);
}

// The cell of `length` characters holding `p`.
export function cellOf(p: LatLon, length: number): string {
  return encodeGeohash(p.lat, p.lon, length);
}

// Distance (equirectangular: exact enough within a city) and compass point from `from` to
// `to`; direction null when they are under 10 m apart.
export function offset(from: LatLon, to: LatLon): { metres: number; direction: Direction | null } {
  const dy = (to.lat - from.lat) * 111_320;
  const dx = ((((to.lon - from.lon + 540) % 360) + 360) % 360 - 180) * 111_320 * Math.cos((from.lat * Math.PI) / 180);
  const metres = Math.hypot(dx, dy);
  if (metres < 10) return { metres, direction: null };
  const degrees = (Math.atan2(dx, dy) * 180) / Math.PI;
  return { metres, direction: DIRECTIONS[(Math.round(degrees / 45) + 8) % 8] };
}

// A grid reference as on a paper street map: column letter, row number ("C2").
export function gridRef(cell: MapCell): string {
  return String.fromCharCode(65 + cell.col) + String(cell.row + 1);
}
