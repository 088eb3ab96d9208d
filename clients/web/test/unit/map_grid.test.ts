// The community map's geometry (src/ui/map_grid.ts) and the area check (area_field.ts).
import { describe, expect, it } from 'vitest';
import { decodeGeohash } from '../../src/signals/geohash';
import { cellOf, centreOf, childCells, gridRef, offset, stepCell } from '../../src/ui/map_grid';
import { checkedArea } from '../../src/ui/views/area_field';

describe('map grid', () => {
  it('draws an area of 5 characters as 8 rows of 4 cells, north-west first', () => {
    const { rows, cols, cells } = childCells('u178k');
    expect([rows, cols, cells.length]).toEqual([8, 4, 32]);
    expect(new Set(cells.map((c) => c.hash)).size).toBe(32);
    for (const c of cells) expect(c.hash.startsWith('u178k') && c.hash.length === 6).toBe(true);
    const first = decodeGeohash(cells[0].hash), last = decodeGeohash(cells[31].hash);
    expect(first.latMin).toBeGreaterThan(last.latMin); // row 1 is the north
    expect(first.lonMin).toBeLessThan(last.lonMin); // column A is the west
    expect([gridRef(cells[0]), gridRef(cells[31])]).toEqual(['A1', 'D8']);
  });

  it('draws an area of 4 or 6 characters as 4 rows of 8 cells', () => {
    for (const area of ['u178', 'u178kq']) expect(childCells(area).rows * 10 + childCells(area).cols).toBe(48);
  });

  it('steps one cell in each direction, across the edge of the view too', () => {
    const cells = childCells('u178k').cells;
    const a1 = cells[0];
    expect(stepCell(a1.hash, 0, 1)).toBe(cells[1].hash);
    expect(stepCell(a1.hash, 1, 0)).toBe(cells[4].hash);
    const north = stepCell(a1.hash, -1, 0)!;
    expect(north.startsWith('u178k')).toBe(false); // the next view to the north
    expect(stepCell(north, 1, 0)).toBe(a1.hash);
    expect(stepCell('zzzzz', -1, 0)).toBeNull(); // past the north pole
    expect(stepCell('pbpbp', 0, 1)!.startsWith('0')).toBe(true); // across the date line
  });

  it('says where a cell lies from the centre in metres and a compass point', () => {
    const centre = centreOf(decodeGeohash('u178k'));
    expect(offset(centre, centre)).toEqual({ metres: 0, direction: null });
    const ne = offset(centre, { lat: centre.lat + 0.01, lon: centre.lon + 0.016 });
    expect(ne.direction).toBe('ne');
    expect(ne.metres).toBeGreaterThan(1300);
    expect(ne.metres).toBeLessThan(1700);
    expect(offset(centre, { lat: centre.lat - 0.01, lon: centre.lon }).direction).toBe('s');
    expect(offset(centre, { lat: centre.lat, lon: centre.lon - 0.01 }).direction).toBe('w');
    expect(cellOf(centre, 5)).toBe('u178k');
  });

  it('accepts only geohash areas of 4 to 6 characters, in lower case', () => {
    expect(checkedArea(' U178K ')).toBe('u178k');
    expect(checkedArea('')).toBe('');
    for (const bad of ['u17', 'u178kqx', 'u17a', 'u1 8']) expect(() => checkedArea(bad)).toThrow();
  });
});
