// Street tiles under the community map (src/ui/map_tiles.ts): the TileJSON check, the Web
// Mercator tile numbers, and how the covering tiles are placed over a view cell's box.
import { describe, expect, it } from 'vitest';
import { decodeGeohash } from '../../src/signals/geohash';
import { MAX_TILES, parseTileJson, templateAllowed, tileZoom, tilesFor, worldPixel, type TileSource } from '../../src/ui/map_tiles';

const source = (extra: Record<string, unknown> = {}): TileSource => parseTileJson({ tiles: ['/tiles/{z}/{x}/{y}.png'], minzoom: 10, maxzoom: 18, ...extra })!;

describe('tiles.json', () => {
  it('reads the template, the zoom range, the bounds and the attribution as plain text', () => {
    const src = parseTileJson({ tilejson: '3.0.0', tiles: ['/tiles/{z}/{x}/{y}.png'], minzoom: 13, maxzoom: 18, bounds: [5.05, 52.05, 5.18, 52.13], attribution: '<a href="https://x.example/copyright">© OpenStreetMap contributors</a>' });
    expect(src).toEqual({ template: '/tiles/{z}/{x}/{y}.png', minzoom: 13, maxzoom: 18, bounds: { lonMin: 5.05, latMin: 52.05, lonMax: 5.18, latMax: 52.13 }, attribution: '© OpenStreetMap contributors' });
  });

  it('takes the TileJSON defaults for a missing zoom range, bounds and attribution', () => {
    expect(parseTileJson({ tiles: ['/tiles/{z}/{x}/{y}.png'] })).toEqual({ template: '/tiles/{z}/{x}/{y}.png', minzoom: 0, maxzoom: 22, bounds: null, attribution: '' });
  });

  it('accepts a template only as a path on this origin below /tiles/ with z, x and y', () => {
    for (const ok of ['/tiles/{z}/{x}/{y}.png', '/tiles/osm/{z}/{x}/{y}.png', '/tiles/{z}-{x}-{y}.png']) expect(templateAllowed(ok), ok).toBe(true);
    const refused = [
      'https://tile.example/{z}/{x}/{y}.png', // another origin
      '//tile.example/tiles/{z}/{x}/{y}.png', // protocol-relative: another origin
      '/tiles/../{z}/{x}/{y}.png', // out of /tiles/
      '/tiles/.{z}/{x}/{y}.png',
      '/tiles//{z}/{x}/{y}.png',
      '/other/{z}/{x}/{y}.png',
      'tiles/{z}/{x}/{y}.png', // relative to the page
      '/tiles/{z}/{x}.png', // no {y}
      '/tiles/{z}/{x}/{y}.png?key=1',
      '/tiles/{s}/{z}/{x}/{y}.png', // a placeholder the client does not fill
      '/tiles/%2e%2e/{z}/{x}/{y}.png',
    ];
    for (const bad of refused) expect(templateAllowed(bad), bad).toBe(false);
  });

  it('refuses a tiles.json that is not usable', () => {
    const bad: unknown[] = [
      null,
      'tiles',
      {},
      { tiles: '/tiles/{z}/{x}/{y}.png' }, // not a list
      { tiles: ['https://tile.example/{z}/{x}/{y}.png'] },
      { tiles: ['/tiles/{z}/{x}/{y}.png'], minzoom: 19, maxzoom: 18 },
      { tiles: ['/tiles/{z}/{x}/{y}.png'], maxzoom: 30 },
      { tiles: ['/tiles/{z}/{x}/{y}.png'], minzoom: 1.5 },
      { tiles: ['/tiles/{z}/{x}/{y}.png'], bounds: [5.2, 52, 5.1, 53] }, // west east of east
      { tiles: ['/tiles/{z}/{x}/{y}.png'], bounds: [5, 52, 6] },
    ];
    for (const json of bad) expect(parseTileJson(json), JSON.stringify(json)).toBeNull();
  });
});

describe('tile maths', () => {
  it('finds the known tile of the Dom tower in Utrecht', () => {
    const p = worldPixel(52.0907, 5.1214, 16);
    expect([Math.floor(p.x / 256), Math.floor(p.y / 256)]).toEqual([33700, 21620]);
    expect(worldPixel(0, 0, 1)).toEqual({ x: 256, y: 256 }); // the centre of the world square
  });

  it('picks the zoom at which the box is about the grid wide, within the range', () => {
    const box = decodeGeohash('u178kq'); // 0.011 degrees of longitude
    expect(tileZoom(box, 380, source())).toBe(16); // two tiles wide: 512 px, nearest to 380
    expect(tileZoom(box, 380, source({ maxzoom: 15 }))).toBe(15);
    expect(tileZoom(box, 380, source({ minzoom: 17 }))).toBe(17);
  });

  it('covers the box with tiles placed edge to edge as fractions of it', () => {
    const tiles = tilesFor(decodeGeohash('u178kq'), 380, source());
    expect(tiles.map((t) => t.url)).toEqual(['/tiles/16/33698/21613.png', '/tiles/16/33699/21613.png', '/tiles/16/33698/21614.png', '/tiles/16/33699/21614.png', '/tiles/16/33698/21615.png', '/tiles/16/33699/21615.png']);
    // Geohash longitudes halve like tile columns: the box is exactly two tiles wide.
    expect(tiles.map((t) => [t.left, t.width])).toEqual([[0, 0.5], [0.5, 0.5], [0, 0.5], [0.5, 0.5], [0, 0.5], [0.5, 0.5]]);
    const rows = [tiles[0], tiles[2], tiles[4]];
    expect(rows[0].top).toBeLessThan(0);
    expect(rows[0].top).toBeCloseTo(-0.5422, 4);
    expect(rows[1].top).toBeCloseTo(rows[0].top + rows[0].height, 12);
    expect(rows[2].top).toBeCloseTo(rows[1].top + rows[1].height, 12);
    expect(rows[2].top + rows[2].height).toBeGreaterThan(1); // the last row reaches past the south edge
  });

  it('asks only for tiles inside the bounds, and for none outside them', () => {
    const box = decodeGeohash('u178kq');
    const east = source({ bounds: [5.1142, 52.0, 5.2, 52.2] }); // starts in the eastern column
    expect(tilesFor(box, 380, east).map((t) => t.url)).toEqual(['/tiles/16/33699/21613.png', '/tiles/16/33699/21614.png', '/tiles/16/33699/21615.png']);
    expect(tilesFor(box, 380, source({ bounds: [4.0, 51.0, 4.5, 51.5] }))).toEqual([]);
  });

  it('draws no tiles when the zoom range would need too many for one view', () => {
    const box = decodeGeohash('u178'); // about 25 km wide
    expect(tilesFor(box, 380, source({ minzoom: 16 }))).toEqual([]);
    expect(tilesFor(box, 380, source()).length).toBeLessThanOrEqual(MAX_TILES);
    expect(tilesFor(box, 380, source()).length).toBeGreaterThan(0);
  });
});
