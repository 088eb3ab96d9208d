// The web client in Debian's Chromium against the real server: an admin (CLI) sets up a
// community and invites a leader; the leader (browser) creates a group and invites two
// residents (browsers) and a CLI neighbour; they chat; one resident closes her page, misses
// messages, comes back and catches up with no loss and no duplicate. Screenshots of the
// main screens at 360 px go to docs/screenshots/.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  inviteLinkFrom,
  joinWithLink,
  person,
  tabStop,
  type FocusStop,
  type Person,
} from '../support/browser';
import { HAVE_BINARIES, cli, cliJson, startServer, type RunningServer } from '../support/server';
import { serveStatic, type StaticServer } from '../support/static_server';

const here = dirname(fileURLToPath(import.meta.url));
const DIST = join(here, '..', '..', 'dist');
const SHOTS = join(here, '..', '..', '..', '..', 'docs', 'screenshots');

let server: RunningServer;
let site: StaticServer;
let profiles: string;
let leader: Person, sanne: Person, ahmed: Person;
let groupUrl = '';
let groupId = '';

const appUrl = (hash: string) => `${site.origin}/?server=${encodeURIComponent(server.url)}${hash}`;
const texts = (p: Page) => p.locator('ol.messages:not(.pending) li.msg .text').allTextContents();

function joinAs(p: Person, link: string, name: string, shot?: string): Promise<void> {
  return joinWithLink(p, link.replace(/^http:\/\/127\.0\.0\.1:\d+\/\?server=[^#]*/, appUrl('')), name, shot && join(SHOTS, shot));
}

async function inviteLink(p: Page): Promise<string> {
  await p.goto(groupUrl + '/members');
  return inviteLinkFrom(p, /Een buur uitnodigen|Invite a neighbour/, '#group-invite-link');
}

async function say(p: Page, text: string): Promise<void> {
  await p.getByLabel(/^Bericht$|^Message$/).fill(text);
  await p.keyboard.press('Enter');
  await p.locator('ol.messages:not(.pending) li.msg.mine .text', { hasText: text }).waitFor();
}

async function waitForText(p: Page, text: string): Promise<void> {
  await p.locator('ol.messages li.msg .text', { hasText: text }).first().waitFor({ timeout: 15_000 });
}

describe.runIf(HAVE_BINARIES)('the web client in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    site = await serveStatic(DIST);
    server = await startServer([site.origin]);
    profiles = mkdtempSync(join(tmpdir(), 'weerbaar-browser-cli-'));
    [leader, sanne, ahmed] = await Promise.all([person('leader'), person('sanne'), person('ahmed', 'en-GB')]);
  });

  afterAll(async () => {
    await Promise.all([leader, sanne, ahmed].map((p) => p?.close()));
    await server?.stop();
    await site?.close();
  });

  it('a leader joins with an invite made by the admin on the CLI', async () => {
    const admin = join(profiles, 'admin');
    await cli(admin, 'join', '--server', server.url, '--invite', server.adminInvite, '--name', 'Beheer');
    const community = await cli(admin, 'community', 'create', 'Buurt Oost');
    const invite = await cliJson<{ token: string }>(admin, 'invite', 'create', '--kind', 'community', '--community', community, '--role', 'leader');
    // A used-up or mistyped invite first: one clear error line, and the page stays usable.
    await leader.page.goto(appUrl('#/join/bestaat-niet'));
    await leader.page.getByLabel('Je naam').fill('Lotte');
    await leader.page.getByRole('button', { name: 'Meedoen' }).click();
    await expect.poll(() => leader.page.getByRole('alert').textContent()).toBe('Deze uitnodiging is niet meer geldig. Vraag om een nieuwe.');
    await joinAs(leader, appUrl(`#/join/${invite.token}`), 'Lotte', 'join.png');
    expect(await leader.page.locator('html').getAttribute('lang')).toBe('nl');
  });

  it('the leader creates a group with the keyboard alone', async () => {
    const p = leader.page;
    await p.goto(appUrl('#/manage'));
    await p.getByRole('heading', { name: 'Beheer', level: 1 }).waitFor();
    await p.getByLabel('Naam van de groep').focus();
    await p.keyboard.type('Straat');
    await p.keyboard.press('Tab');
    await expect.poll(() => p.evaluate(() => document.activeElement?.textContent)).toBe('Groep aanmaken');
    await p.keyboard.press('Enter');
    await p.getByText('Groep "Straat" aangemaakt.').waitFor();
    await p.goto(appUrl('#/'));
    await p.getByRole('link', { name: /Straat/ }).click();
    await p.waitForURL(/#\/group\/[0-9a-f]{32}$/);
    groupUrl = p.url().replace(/^.*?#/, appUrl('#'));
    groupId = /group\/([0-9a-f]{32})/.exec(groupUrl)![1];
  });

  it('two residents and a CLI neighbour join the group through invite links', async () => {
    await joinAs(sanne, await inviteLink(leader.page), 'Sanne');
    await joinAs(ahmed, await inviteLink(leader.page), 'Ahmed');
    const token = /#\/join\/(\S+)$/.exec(await inviteLink(leader.page))![1];
    await cli(join(profiles, 'kees'), 'join', '--server', server.url, '--invite', token, '--name', 'Kees');
    await leader.page.screenshot({ path: join(SHOTS, 'members.png'), fullPage: true });
    await expect.poll(() => leader.page.locator('ul.members > li').count()).toBe(4);
  });

  it('they chat: browsers and the CLI read each other', async () => {
    await leader.page.goto(groupUrl);
    await say(leader.page, 'Welkom allemaal in de straatgroep!');
    for (const p of [sanne, ahmed]) {
      await p.page.goto(groupUrl);
      await waitForText(p.page, 'Welkom allemaal');
    }
    await say(sanne.page, 'Dank je Lotte! Wie komt er zaterdag helpen?');
    await waitForText(ahmed.page, 'Wie komt er zaterdag');
    await waitForText(leader.page, 'Wie komt er zaterdag');
    await cli(join(profiles, 'kees'), 'send', groupId, 'Ik neem koffie mee.');
    for (const p of [leader, sanne, ahmed]) await waitForText(p.page, 'Ik neem koffie mee.');
    await cli(join(profiles, 'kees'), 'read', groupId); // fetch, then the whole local history
    const read = await cliJson<Array<{ text: string; decrypted: boolean }>>(join(profiles, 'kees'), 'history', groupId);
    expect(read.every((e) => e.decrypted)).toBe(true);
    expect(read.map((e) => e.text)).toEqual(['Welkom allemaal in de straatgroep!', 'Dank je Lotte! Wie komt er zaterdag helpen?', 'Ik neem koffie mee.']);
    await sanne.page.screenshot({ path: join(SHOTS, 'chat.png') });
  });

  it('the chat works with the keyboard alone: tab order, visible focus, Enter sends', async () => {
    const p = sanne.page;
    await p.goto(appUrl('#/'));
    await p.getByRole('link', { name: /Straat/ }).focus();
    await p.keyboard.press('Enter'); // opens the chat; focus moves to its heading
    await p.getByRole('heading', { name: 'Straat', level: 1 }).waitFor();
    await expect.poll(() => p.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    const stops: FocusStop[] = [];
    for (let i = 0; i < 12; i++) {
      stops.push(await tabStop(p));
      if (stops.at(-1)!.what === 'Versturen') break;
    }
    const order = stops.map((x) => x.what);
    expect(order.indexOf('Leden')).toBeLessThan(order.indexOf('Berichten'));
    expect(order.indexOf('Berichten')).toBeLessThan(order.indexOf('Bericht'));
    expect(order.at(-1)).toBe('Versturen');
    expect(stops.every((x) => x.ring)).toBe(true);
    await p.keyboard.press('Shift+Tab');
    await p.keyboard.type('Alleen met het toetsenbord');
    await p.keyboard.press('Enter');
    await waitForText(leader.page, 'Alleen met het toetsenbord');
  });

  it('a resident who closed her page catches up with no loss and no duplicate', async () => {
    await ahmed.page.close();
    await say(leader.page, 'Bericht 1 terwijl Ahmed weg is');
    await say(sanne.page, 'Bericht 2 terwijl Ahmed weg is');
    await cli(join(profiles, 'kees'), 'send', groupId, 'Bericht 3 terwijl Ahmed weg is');
    await say(leader.page, 'Bericht 4 terwijl Ahmed weg is');
    ahmed.page = await ahmed.context.newPage();
    await ahmed.page.goto(appUrl('#/'));
    const link = ahmed.page.getByRole('link', { name: /Straat/ });
    await expect.poll(() => link.textContent(), { timeout: 15_000 }).toContain('4 unread');
    await ahmed.page.screenshot({ path: join(SHOTS, 'groups.png') });
    await link.click();
    await waitForText(ahmed.page, 'Bericht 4');
    const seen = await texts(ahmed.page);
    expect(seen).toEqual([
      'Welkom allemaal in de straatgroep!',
      'Dank je Lotte! Wie komt er zaterdag helpen?',
      'Ik neem koffie mee.',
      'Alleen met het toetsenbord',
      'Bericht 1 terwijl Ahmed weg is',
      'Bericht 2 terwijl Ahmed weg is',
      'Bericht 3 terwijl Ahmed weg is',
      'Bericht 4 terwijl Ahmed weg is',
    ]);
    const seqs = await ahmed.page.locator('ol.messages li.msg').evaluateAll((els) => els.map((e) => e.getAttribute('data-seq')));
    expect(seqs).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    await say(ahmed.page, 'Ik ben er weer');
    await waitForText(sanne.page, 'Ik ben er weer');
  });

  it('new messages are announced in a polite live region', async () => {
    await say(leader.page, 'Aankondiging voor de buren');
    const live = sanne.page.locator('[aria-live="polite"]');
    await expect.poll(() => live.textContent()).toContain('Nieuw bericht van Lotte: Aankondiging voor de buren');
  });

  it('a resident links a second device with a link, and it reads new messages', async () => {
    const p = sanne.page;
    await p.goto(appUrl('#/device'));
    const link = await inviteLinkFrom(p, 'Link maken', '#device-link');
    const tablet = await person('sanne-tablet');
    try {
      await joinAs(tablet, link, 'Sanne (tablet)');
      await tablet.page.getByRole('link', { name: /Straat/ }).click();
      await p.goto(groupUrl);
      await say(leader.page, 'Ook voor je tablet');
      await waitForText(tablet.page, 'Ook voor je tablet');
      await waitForText(p, 'Ook voor je tablet');
    } finally {
      await tablet.close();
    }
  });

  it('the leader removes a member, and the others keep chatting under the new epoch', async () => {
    const p = leader.page;
    await p.goto(groupUrl + '/members');
    p.once('dialog', (d) => void d.accept());
    await p.getByRole('button', { name: 'Ahmed verwijderen' }).click();
    await expect.poll(() => p.locator('ul.members > li').count()).toBe(3);
    await p.goto(groupUrl);
    await say(p, 'Na het verwijderen');
    await waitForText(sanne.page, 'Na het verwijderen');
  });
});
