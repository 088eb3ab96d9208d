// Streets under the report map in Debian's Chromium: the built client served by the real
// server (web_root) with map tiles made here (small solid PNGs and a tiles.json in a temp
// folder, map_tiles_dir). The tiles load from the page's own origin behind the grid, the
// attribution shows, the keyboard still moves the picked cell and zoom and pan redraw the
// tiles; without map_tiles_dir the map is the bare grid, with no tile and no attribution.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InviteKind, Role } from '../../src/client/client';
import { ChannelType, TimeBucket } from '../../src/gen/weerbaar_pb';
import { joinWithLink, person, type Person } from '../support/browser';
import { nodeClient } from '../support/node_client';
import { solidPng } from '../support/png';
import { HAVE_BINARIES, startServer, type RunningServer } from '../support/server';

const here = dirname(fileURLToPath(import.meta.url));
const DIST = join(here, '..', '..', 'dist');
const SHOTS = join(here, '..', '..', '..', '..', 'docs', 'screenshots');
const ATTRIBUTION = '© OpenStreetMap contributors';
// Around the community's area (u178k, in Utrecht): [west, south, east, north].
const BOUNDS = [5.0, 52.0, 5.25, 52.2];
const ZOOMS = [13, 14, 15];

// Tile column and row of a point (the slippy-map formulas, written out apart from the
// client's own maths so a mistake there shows as a missing tile).
function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const phi = (lat * Math.PI) / 180;
  return [Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.asinh(Math.tan(phi)) / Math.PI) / 2) * n)];
}

// A tile folder for BOUNDS at ZOOMS, tiles in a checkerboard of two colours per zoom.
function makeTiles(): string {
  const dir = mkdtempSync(join(tmpdir(), 'weerbaar-tiles-'));
  const tiles = { tilejson: '3.0.0', tiles: ['/tiles/{z}/{x}/{y}.png'], minzoom: ZOOMS[0], maxzoom: ZOOMS.at(-1), bounds: BOUNDS, attribution: `<a href="https://www.openstreetmap.org/copyright">${ATTRIBUTION}</a>` };
  writeFileSync(join(dir, 'tiles.json'), JSON.stringify(tiles));
  for (const z of ZOOMS) {
    const shades = [solidPng(256, 256, [222, 230 - z * 4, 205]), solidPng(256, 256, [190, 205, 225 - z * 4])];
    const [x0, y0] = tileOf(BOUNDS[0], BOUNDS[3], z), [x1, y1] = tileOf(BOUNDS[2], BOUNDS[1], z);
    for (let x = x0; x <= x1; x++) {
      mkdirSync(join(dir, String(z), String(x)), { recursive: true });
      for (let y = y0; y <= y1; y++) writeFileSync(join(dir, String(z), String(x), `${y}.png`), shades[(x + y) % 2]);
    }
  }
  return dir;
}

interface Site {
  server: RunningServer;
  resident: Person;
  groupId: string;
  problems: string[]; // page errors, console errors and failed responses
  close(): Promise<void>;
}

// A server serving the built client (and `tilesDir`, if given), a community on u178k with
// a municipality channel and a group, and a resident in Chromium who joined it there.
async function site(name: string, tilesDir?: string): Promise<Site> {
  const server = await startServer([], DIST, tilesDir);
  const admin = await nodeClient(server.url);
  await admin.join(server.adminInvite, 'Beheer');
  const community = await admin.createCommunity('Buurt Oost', 'u178k');
  const policy = { type: ChannelType.CHANNEL_MUNICIPALITY, acceptedCategories: ['zwerfafval'], locationPrecision: 6, timeBucket: TimeBucket.BUCKET_DAY, mayAskQuestions: true, namesToScrub: [] };
  await admin.signals.createChannel(community, 'Gemeente', policy);
  const leader = await nodeClient(server.url);
  await leader.join((await admin.createInvite(InviteKind.INVITE_COMMUNITY, { role: Role.LEADER, communityId: community })).token, 'Lotte');
  const groupId = await leader.createGroup(community, 'Straat');
  const resident = await person(name);
  const problems: string[] = [];
  resident.page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  resident.page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && problems.push(`console: ${m.text()}`));
  resident.page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/tiles/tiles.json') && problems.push(`${r.status()} for ${new URL(r.url()).pathname}`));
  const token = (await leader.createInvite(InviteKind.INVITE_GROUP, { groupId })).token;
  await joinWithLink(resident, `http://127.0.0.1:${server.port}/#/join/${token}`, 'Sanne');
  const close = async () => {
    await resident.close();
    admin.stop();
    leader.stop();
    await server.stop();
  };
  return { server, resident, groupId, problems, close };
}

// Opens the report screen's map; resolves once the page has its answer to tiles.json.
async function openMap(s: Site): Promise<void> {
  const p = s.resident.page;
  await p.goto(`http://127.0.0.1:${s.server.port}/#/group/${s.groupId}/report`);
  const tileJson = p.waitForResponse((r) => r.url().endsWith('/tiles/tiles.json'));
  await p.getByRole('button', { name: 'Kiezen op de kaart' }).click();
  await tileJson;
  expect(await p.locator('.map-cell').count()).toBe(32);
}

// Each tile image: loaded, its pixel size, and whether it came from the page's origin.
const tileImages = (p: Person['page']) =>
  p.locator('.map-tiles img').evaluateAll((imgs) => (imgs as HTMLImageElement[]).map((i) => ({ path: new URL(i.src).pathname, loaded: i.complete && i.naturalWidth === 256, sameOrigin: new URL(i.src).origin === location.origin, alt: i.getAttribute('alt') })));

const focusedCell = (p: Person['page']) => p.evaluate(() => document.activeElement?.getAttribute('aria-label'));

describe.runIf(HAVE_BINARIES)('streets under the report map', () => {
  let tilesDir = '';
  let tiled: Site, bare: Site;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    tilesDir = makeTiles();
    [tiled, bare] = await Promise.all([site('tiles', tilesDir), site('bare')]);
  });

  afterAll(async () => {
    await Promise.all([tiled?.close(), bare?.close()]);
    if (tilesDir) rmSync(tilesDir, { recursive: true, force: true });
  });

  it('draws tiles from its own origin behind the grid, with the attribution under it', async () => {
    const p = tiled.resident.page;
    await openMap(tiled);
    await expect.poll(async () => (await tileImages(p)).length).toBeGreaterThan(0);
    await expect.poll(async () => (await tileImages(p)).every((i) => i.loaded)).toBe(true);
    const images = await tileImages(p);
    for (const i of images) expect(i).toMatchObject({ sameOrigin: true, alt: '' });
    expect(images.every((i) => /^\/tiles\/1[345]\/\d+\/\d+\.png$/.test(i.path))).toBe(true);
    expect(await p.locator('.map-tiles').getAttribute('aria-hidden')).toBe('true');
    await expect.poll(() => p.locator('.map-attribution').textContent()).toBe(ATTRIBUTION);
    expect(await p.locator('.map-attribution').isVisible()).toBe(true);
    // The grid still fills the tile layer's box: the tiles sit exactly under it.
    const [layer, grid] = await Promise.all([p.locator('.map-tiles').boundingBox(), p.locator('.map-grid').boundingBox()]);
    expect(Math.abs(layer!.x - grid!.x - 2) + Math.abs(layer!.width - grid!.width + 4)).toBeLessThan(1);
    await p.screenshot({ path: join(SHOTS, 'report-map-tiles.png'), fullPage: true });
    expect(tiled.problems).toEqual([]);
  });

  it('keeps the keyboard moving the picked cell, and panning and zooming redraw the tiles', async () => {
    const p = tiled.resident.page;
    const before = (await tileImages(p)).map((i) => i.path);
    await p.locator('.map-cell[tabindex="0"]').focus();
    const start = await focusedCell(p);
    await p.keyboard.press('ArrowRight');
    await expect.poll(() => focusedCell(p)).not.toBe(start);
    expect(await focusedCell(p)).toMatch(/, gekozen$/);
    // Up past the view's north edge: the view moves one cell north, and so do the tiles.
    for (let i = 0; i < 8; i++) await p.keyboard.press('ArrowUp');
    await expect.poll(async () => (await tileImages(p)).map((i) => i.path).join()).not.toBe(before.join());
    await p.getByRole('button', { name: 'Inzoomen' }).click();
    await expect.poll(async () => (await tileImages(p)).map((i) => i.path.split('/')[2])).toContain('15');
    await expect.poll(async () => (await tileImages(p)).every((i) => i.loaded && i.sameOrigin)).toBe(true);
    expect(await p.locator('.map-cell.picked').count()).toBe(1);
    expect(tiled.problems).toEqual([]);
  });

  it('without map_tiles_dir shows the bare grid: no tile images and no attribution', async () => {
    const p = bare.resident.page;
    await openMap(bare);
    expect(await p.evaluate(() => fetch('/tiles/tiles.json').then((r) => r.status))).toBe(404);
    expect(await p.locator('.map-tiles img').count()).toBe(0);
    expect(await p.locator('.map-attribution').isVisible()).toBe(false);
    expect(await p.locator('.map-area.map-tiled').count()).toBe(0);
    await p.locator('.map-cell[tabindex="0"]').focus();
    const start = await focusedCell(p);
    await p.keyboard.press('ArrowRight');
    await expect.poll(() => focusedCell(p)).not.toBe(start);
    expect(bare.problems).toEqual([]);
  });
});
