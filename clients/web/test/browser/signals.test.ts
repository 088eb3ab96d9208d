// Signal reports in Debian's Chromium against the real server: a resident (browser) files a
// report with a location picked on the map and a photo whose metadata is stripped, previews
// and shares it with the municipality; the partner (browser, English) sees the card with the
// details, sets a status that the residents see in their group, posts an update that another
// resident (browser) reads in the group; the resident withdraws her
// consent and the card is gone from the partner's screen. The admin and the leader are the
// web client's own code under node (the CLI has no channel commands). Screenshots at 360 px.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InviteKind, Role, type Client } from '../../src/client/client';
import { ChannelType, TimeBucket } from '../../src/gen/weerbaar_pb';
import { decodeGeohash } from '../../src/signals/geohash';
import { joinWithLink, person, tabStop, type FocusStop, type Person } from '../support/browser';
import { nodeClient, until } from '../support/node_client';
import { HAVE_BINARIES, startServer, type RunningServer } from '../support/server';
import { serveStatic, type StaticServer } from '../support/static_server';

const here = dirname(fileURLToPath(import.meta.url));
const DIST = join(here, '..', '..', 'dist');
const SHOTS = join(here, '..', '..', '..', '..', 'docs', 'screenshots');
const CANARY = 'WEERBAAR-GPS-CANARY';

let server: RunningServer;
let site: StaticServer;
let admin: Client, leader: Client;
let sanne: Person, partner: Person;
let groupId = '';
let communityId = '';

const appUrl = (hash: string) => `${site.origin}/?server=${encodeURIComponent(server.url)}${hash}`;

const joinAs = (p: Person, token: string, name: string) => joinWithLink(p, appUrl(`#/join/${token}`), name);

// A JPEG made by the browser, with an EXIF segment holding a canary spliced in after SOI.
async function photoWithMetadata(p: Person): Promise<string> {
  const b64 = await p.page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 64;
    c.height = 48;
    const g = c.getContext('2d')!;
    g.fillStyle = '#3a7';
    g.fillRect(0, 0, 64, 48);
    return c.toDataURL('image/jpeg').split(',')[1];
  });
  const jpeg = Buffer.from(b64, 'base64');
  const payload = Buffer.concat([Buffer.from('Exif\0\0'), Buffer.from(CANARY)]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]), payload]);
  const file = join(mkdtempSync(join(tmpdir(), 'weerbaar-photo-')), 'foto.jpg');
  writeFileSync(file, Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)]));
  return file;
}

describe.runIf(HAVE_BINARIES)('signal reports in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    site = await serveStatic(DIST);
    server = await startServer([site.origin]);
    admin = await nodeClient(server.url);
    await admin.join(server.adminInvite, 'Beheer');
    const community = await admin.createCommunity('Buurt Oost', 'u178k');
    communityId = community;
    const policy = { type: ChannelType.CHANNEL_MUNICIPALITY, acceptedCategories: ['zwerfafval', 'straatverlichting'], locationPrecision: 6, timeBucket: TimeBucket.BUCKET_DAY, mayAskQuestions: true, namesToScrub: [] };
    const channelId = await admin.signals.createChannel(community, 'Gemeente', policy);
    leader = await nodeClient(server.url);
    await leader.join((await admin.createInvite(InviteKind.INVITE_COMMUNITY, { role: Role.LEADER, communityId: community })).token, 'Lotte');
    groupId = await leader.createGroup(community, 'Straat');
    [sanne, partner] = await Promise.all([person('sanne'), person('partner', 'en-GB')]);
    await joinAs(sanne, (await leader.createInvite(InviteKind.INVITE_GROUP, { groupId })).token, 'Sanne');
    await joinAs(partner, (await admin.createInvite(InviteKind.INVITE_CHANNEL, { channelId })).token, 'Municipality');
  });

  afterAll(async () => {
    await Promise.all([sanne, partner].map((p) => p?.close()));
    admin?.stop();
    leader?.stop();
    await server?.stop();
    await site?.close();
  });

  it('a resident files a report with a category, a place on the map and a photo without metadata', async () => {
    const p = sanne.page;
    await p.goto(appUrl(`#/group/${groupId}`));
    await p.getByRole('link', { name: 'Iets melden' }).click();
    await p.getByLabel('Wat is er aan de hand? (optioneel)').fill('Zakken vuilnis naast de container, bel 06-12345678');
    // The classifier's suggestion comes first once the text has been typed.
    await expect.poll(() => p.locator('.categories label').first().textContent()).toMatch(/\(voorgesteld\)$/);
    await p.getByLabel(/^Zwerfafval/).check();
    // The device is at the centre of the community's area (u178k: 8 rows of 4 cells of 6
    // characters); the map opens on its cell, just north-east of the centre, picked; the
    // arrow keys move the picked cell and the device's cell stays marked.
    const box = decodeGeohash('u178k');
    await sanne.context.grantPermissions(['geolocation']);
    await sanne.context.setGeolocation({ latitude: (box.latMin + box.latMax) / 2, longitude: (box.lonMin + box.lonMax) / 2 });
    await p.getByRole('button', { name: 'Mijn locatie gebruiken' }).click();
    await p.getByText(/^Plaats gekozen: 52[.]/).waitFor();
    await p.getByRole('button', { name: 'Kiezen op de kaart' }).click();
    const focusedCell = () => p.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    await expect.poll(focusedCell).toBe('C4, 500 m ten noordoosten van het midden, gekozen');
    expect(await p.locator('.map-cell').count()).toBe(32);
    await p.keyboard.press('ArrowRight');
    expect(await p.locator('.map-cell.device').getAttribute('aria-label')).toBe('C4, 500 m ten noordoosten van het midden, je locatie');
    await expect.poll(focusedCell).toMatch(/^D4, 1,2 km ten oosten van het midden, gekozen$/);
    await p.keyboard.press('ArrowDown');
    await expect.poll(focusedCell).toMatch(/^D5, 1,2 km ten oosten van het midden, gekozen$/);
    await p.getByText('Plaats gekozen: D5, 1,2 km ten oosten van het midden').waitFor();
    expect(await p.locator('.map-cell.picked').count()).toBe(1);
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await p.getByLabel('Foto (optioneel)').setInputFiles(await photoWithMetadata(sanne));
    await p.getByText(/Foto klaar/).waitFor();
    await p.screenshot({ path: join(SHOTS, 'report.png'), fullPage: true });
    await p.getByRole('button', { name: 'Melding plaatsen' }).click();
    await p.waitForURL(/#\/report\/[0-9a-f]{32}$/);
    const photo = await p.locator('.report-summary img.photo').getAttribute('src');
    const bytes = Buffer.from(photo!.split(',')[1], 'base64');
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
    expect(bytes.includes(Buffer.from(CANARY))).toBe(false);
    await until(leader, () => leader.history(groupId).some((e) => e.report?.category === 'zwerfafval'), 'the report at the leader');
    expect(leader.history(groupId).find((e) => e.report)!.report!.text).toBe('Zakken vuilnis naast de container, bel 06-12345678');
  });

  it('she sees exactly what the partner gets, then shares it', async () => {
    const p = sanne.page;
    const preview = p.locator('section.preview');
    await preview.getByText('Precies wat Gemeente krijgt').waitFor();
    const items = await preview.locator('li').allTextContents();
    expect(items[0]).toBe('Categorie: Zwerfafval');
    expect(items[1]).toMatch(/^Gebied: geohash u178k[0-9b-hjkmnp-z]$/); // the cell picked on the map
    expect(items[2]).toMatch(/^Tijd: vanaf /);
    expect(items).toContain('Tekst:Zakken vuilnis naast de container, bel [telefoon]');
    expect(items).toContain('Verwijderd voor het delen: 1 x [telefoon]');
    await p.getByLabel('Foto', { exact: true }).check();
    await preview.getByText('Foto: ja').waitFor();
    await p.screenshot({ path: join(SHOTS, 'share.png'), fullPage: true });
    await p.getByRole('button', { name: 'Delen met Gemeente' }).click();
    await p.getByText('Status bij Gemeente: ontvangen').waitFor();
  });

  it('the partner sees the card with the details and sets a status the residents see in their group', async () => {
    const p = partner.page;
    await p.goto(appUrl('#/partner'));
    const card = p.locator('article.card');
    await card.getByText('Zakken vuilnis naast de container, bel [telefoon]').waitFor({ timeout: 15_000 });
    expect(await card.locator('h3').textContent()).toMatch(/^Litter — [0-9b-hjkmnp-z]{6}$/);
    expect(await card.locator('img.photo').count()).toBe(1);
    await p.screenshot({ path: join(SHOTS, 'partner.png'), fullPage: true });
    await p.getByLabel('Set the status').selectOption({ label: 'in progress' });
    await p.getByRole('button', { name: 'Set', exact: true }).click();
    await card.locator('.share-status', { hasText: 'in progress' }).waitFor();
    await sanne.page.goto(appUrl(`#/group/${groupId}`));
    await sanne.page.getByText('Gemeente zette de status van een melding op: in behandeling').waitFor({ timeout: 15_000 });
    await sanne.page.screenshot({ path: join(SHOTS, 'report-chat.png'), fullPage: true });
    await until(leader, () => leader.history(groupId).some((e) => e.shareUpdate?.status === 1), 'the status at the leader');
  });

  it('the partner asks a question through the reply key and reads her answer', async () => {
    await partner.page.getByLabel('Ask the reporter a question').fill('Which container do you mean?');
    await partner.page.getByRole('button', { name: 'Send question' }).click();
    const p = sanne.page;
    await p.goto(appUrl('#/reports'));
    await p.getByText('Which container do you mean?').waitFor({ timeout: 15_000 });
    await p.getByLabel('Je antwoord').fill('Die bij nummer 12');
    await p.getByRole('button', { name: 'Antwoord versturen' }).click();
    await partner.page.locator('.thread').getByText('Die bij nummer 12').waitFor({ timeout: 15_000 });
  });

  it('the partner posts an update that the other resident reads in the group, as plain text', async () => {
    const bram = await person('bram');
    try {
      // Bram joins before the update, so the relayed message is encrypted for him too.
      await joinAs(bram, (await leader.createInvite(InviteKind.INVITE_GROUP, { groupId })).token, 'Bram');
      const text = 'Container <b>morgen</b> geleegd';
      await partner.page.getByLabel(/^Post an update for the residents/).fill(text);
      await partner.page.getByRole('button', { name: 'Post update' }).click();
      await partner.page.locator('.thread').getByText(text).waitFor({ timeout: 15_000 });
      const p = bram.page;
      await p.goto(appUrl(`#/group/${groupId}`));
      await p.locator('p.text.update', { hasText: `Gemeente: ${text}` }).waitFor({ timeout: 15_000 });
      await p.getByText('Update over een melding', { exact: true }).waitFor();
      expect(await p.locator('.update b').count()).toBe(0); // the partner's words never become HTML
      await p.screenshot({ path: join(SHOTS, 'partner-update-chat.png'), fullPage: true });
      await until(leader, () => leader.history(groupId).filter((e) => e.shareUpdate?.updateText === text).length === 1, 'the update at the leader, once');
    } finally {
      await bram.close();
    }
  });

  it('a leader follows the reports of her community through the trends of its channels', async () => {
    const lotte = await person('lotte');
    try {
      await joinAs(lotte, (await admin.createInvite(InviteKind.INVITE_COMMUNITY, { role: Role.LEADER, communityId })).token, 'Lotte B');
      const p = lotte.page;
      await p.goto(appUrl('#/manage'));
      await p.getByRole('button', { name: 'Kanalen en hun trends tonen' }).click();
      await p.getByRole('heading', { name: /Trends \(laatste \d+ weken\): Gemeente/ }).waitFor();
      await p.getByRole('button', { name: 'Trends tonen', exact: true }).click();
      // One reporter so far: below k, so counted only as suppressed, never shown as a cell.
      await p.getByText('1 meldingen niet getoond (te weinig in hun gebied)').waitFor();
      expect(await p.locator('ul.trends li').count()).toBe(0);
    } finally {
      await lotte.close();
    }
  });

  it('every field of the new screens has a label and every button a name', async () => {
    const unlabelled = (pg: Person['page']) =>
      pg.evaluate(() =>
        [...document.querySelectorAll('main input, main select, main textarea, main button')]
          .filter((el) => {
            const named = (el.textContent ?? '').trim() !== '' || el.getAttribute('aria-label');
            return el.tagName === 'BUTTON' ? !named : !(el.id && document.querySelector(`label[for="${el.id}"]`));
          })
          .map((el) => el.outerHTML.slice(0, 80)),
      );
    expect(await unlabelled(sanne.page)).toEqual([]); // my reports
    expect(await unlabelled(partner.page)).toEqual([]);
    await sanne.page.goto(appUrl(`#/group/${groupId}/report`));
    await sanne.page.getByRole('button', { name: 'Kiezen op de kaart' }).click();
    expect(await unlabelled(sanne.page)).toEqual([]);
  });

  it('she withdraws her consent and the card is gone from the partner view', async () => {
    const p = sanne.page;
    await p.goto(appUrl('#/reports'));
    await p.getByText('Status bij Gemeente: in behandeling').waitFor();
    await p.screenshot({ path: join(SHOTS, 'my-reports.png'), fullPage: true });
    p.once('dialog', (d) => void d.accept());
    await p.getByRole('button', { name: 'Toestemming voor Gemeente intrekken' }).click();
    await p.getByText(/Toestemming ingetrokken .*De kopie bij de partner is verwijderd./).waitFor();
    await partner.page.getByText('No reports shared yet.').waitFor({ timeout: 15_000 });
    expect(await partner.page.locator('article.card').count()).toBe(0);
  });

  it('a report can be filed with the keyboard alone, every stop with a visible focus ring', async () => {
    const p = sanne.page;
    await p.goto(appUrl(`#/group/${groupId}/report`));
    await expect.poll(() => p.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    const stops: FocusStop[] = [];
    for (let i = 0; i < 25 && stops.at(-1)?.what !== 'Melding plaatsen'; i++) {
      stops.push(await tabStop(p));
      if (stops.at(-1)!.what === 'Wat is er aan de hand? (optioneel)') {
        await p.keyboard.type('De lamp bij de speeltuin is kapot');
        await expect.poll(() => p.locator('.categories label').first().textContent()).toBe('Kapotte straatverlichting (voorgesteld)');
      }
      // The categories are one radio group (one tab stop): Space picks the focused one.
      if (stops.at(-1)!.what.startsWith('Kapotte straatverlichting')) await p.keyboard.press('Space');
    }
    const order = stops.map((x) => x.what);
    expect(order.indexOf('Wat is er aan de hand? (optioneel)')).toBeLessThan(order.findIndex((w) => w.startsWith('Kapotte straatverlichting')));
    expect(order).toContain('Mijn locatie gebruiken');
    expect(order).toContain('Foto (optioneel)');
    expect(order.at(-1)).toBe('Melding plaatsen');
    expect(stops.filter((x) => !x.ring)).toEqual([]);
    await p.keyboard.press('Enter');
    await p.waitForURL(/#\/report\/[0-9a-f]{32}$/);
    await until(leader, () => leader.history(groupId).some((e) => e.report?.text === 'De lamp bij de speeltuin is kapot'), 'the keyboard report');
    expect(leader.history(groupId).find((e) => e.report?.text === 'De lamp bij de speeltuin is kapot')!.report!.category).toBe('straatverlichting');
  });
});
