// The privacy and administration screens in Debian's Chromium against the real server: an
// admin (browser, English) creates a community, a partner channel with a policy and a
// channel invite (used by a CLI partner), sets a retention policy and checks the audit
// chain; a leader sets her community's own period; a resident (browser, Dutch) sees the
// retention, downloads her data (the file parses and holds her own name and message) and
// erases her account: her browser and her linked tablet are back at the start with no
// keys, and the server refuses her old device. Screenshots at 360 px go to docs/screenshots/.
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteLinkFrom, person, type Person } from '../support/browser';
import { HAVE_BINARIES, cli, startServer, type RunningServer } from '../support/server';
import { serveStatic, type StaticServer } from '../support/static_server';

const here = dirname(fileURLToPath(import.meta.url));
const DIST = join(here, '..', '..', 'dist');
const SHOTS = join(here, '..', '..', '..', '..', 'docs', 'screenshots');
const SECRET = 'Hallo buren, dit is mijn eigen bericht';

let server: RunningServer;
let site: StaticServer;
let admin: Person, leader: Person, sanne: Person;
let groupUrl = '';

const appUrl = (hash: string) => `${site.origin}/?server=${encodeURIComponent(server.url)}${hash}`;
const focused = (p: Page) => p.evaluate(() => document.activeElement?.tagName + ':' + (document.activeElement?.id ?? ''));

async function joinWith(p: Page, link: string, name: string, groupsHeading: RegExp): Promise<void> {
  await p.goto(link.replace(/^http:\/\/127\.0\.0\.1:\d+\/\?server=[^#]*/, appUrl('')));
  await p.getByLabel(/Je naam|Your name/).fill(name);
  await p.getByRole('button', { name: /Meedoen|Join/ }).click();
  await p.getByRole('heading', { name: groupsHeading }).waitFor();
  await p.getByText(/^(Verbonden|Connected)$/).waitFor();
}

// In the page: copies every record of IndexedDB database `from` into `to` (unless null);
// returns the record names of `from`.
function copyRecords(p: Page, from: string, to: string | null): Promise<string[]> {
  return p.evaluate(
    async ([from, to]) => {
      const done = <T>(r: IDBRequest<T>) => new Promise<T>((ok, fail) => ((r.onsuccess = () => ok(r.result)), (r.onerror = () => fail(r.error))));
      const openDb = (name: string) => {
        const r = indexedDB.open(name, 1);
        r.onupgradeneeded = () => r.result.createObjectStore('records');
        return done(r);
      };
      const source = (await openDb(from!)).transaction('records').objectStore('records');
      const [keys, values] = await Promise.all([done(source.getAllKeys()), done(source.getAll())]);
      if (to) {
        const tx = (await openDb(to)).transaction('records', 'readwrite');
        keys.forEach((k, i) => tx.objectStore('records').put(values[i], k));
        await new Promise((ok) => (tx.oncomplete = ok));
      }
      return keys.map(String);
    },
    [from, to],
  );
}

// Presses Tab until the focused element is labelled `label` (its <label>, or its text);
// every element passed on the way must show a focus ring.
async function tabTo(p: Page, label: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await p.keyboard.press('Tab');
    const stop = await p.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      const named = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
      return { what: named ?? el.textContent?.trim() ?? '', ring: style.outlineStyle !== 'none' && style.outlineWidth !== '0px' };
    });
    expect(stop.ring, `focus ring on ${stop.what}`).toBe(true);
    if (stop.what === label) return;
  }
  throw new Error(`Tab never reached ${label}`);
}

async function open(p: Page, hash: string, title: string): Promise<void> {
  await p.goto(appUrl(hash));
  await p.getByRole('heading', { name: title, level: 1 }).waitFor();
}

// A screenshot for docs/screenshots/, once the screen is shown in full; it must fit the
// 360 px viewport (nothing scrolls sideways).
async function shot(p: Page, name: string, fullPage = false): Promise<void> {
  expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await p.screenshot({ path: join(SHOTS, name), fullPage });
}

describe.runIf(HAVE_BINARIES)('privacy and administration in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    site = await serveStatic(DIST);
    server = await startServer([site.origin]);
    [admin, leader, sanne] = await Promise.all([person('admin', 'en-GB'), person('leader'), person('sanne')]);
  });

  afterAll(async () => {
    await Promise.all([admin, leader, sanne].map((p) => p?.close()));
    await server?.stop();
    await site?.close();
  });

  it('an admin joins and creates a community; focus lands on each screen heading', async () => {
    const p = admin.page;
    await joinWith(p, appUrl(`#/join/${server.adminInvite}`), 'Beheer', /Your groups/);
    await p.getByRole('link', { name: 'Admin' }).click();
    await p.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
    expect(await focused(p)).toBe('H1:');
    await p.getByLabel('Community name').fill('Buurt West');
    await p.getByLabel('Area (a geohash of 4 to 6 characters)').fill('u17a');
    await p.getByRole('button', { name: 'Create community' }).click();
    await p.getByRole('alert').getByText('An area is a geohash of 4 to 6 characters: digits and letters except a, i, l and o.').waitFor();
    expect(await p.locator('#communities li', { hasText: 'Buurt West' }).count()).toBe(0);
    await p.getByLabel('Area (a geohash of 4 to 6 characters)').fill('U178K');
    await p.getByRole('button', { name: 'Create community' }).click();
    await p.locator('#communities li', { hasText: 'Buurt West' }).waitFor();
    expect(await p.locator('#communities li', { hasText: 'Buurt West' }).textContent()).toBe('Buurt West — admin — area u178k');
    await shot(p, 'admin.png', true);
  });

  it('the admin creates a partner channel with a policy, and a partner joins with its invite', async () => {
    const p = admin.page;
    await open(p, '#/admin/channels', 'Partner channels');
    await p.getByText('This community has no partner channels yet.').waitFor();
    await p.getByLabel('Channel name').fill('Gemeente West');
    // The house rule: a category describing a person is offered to a police channel only.
    await expect.poll(() => p.getByLabel('Litter').count()).toBe(1);
    expect(await p.getByLabel(/Suspicious person/).count()).toBe(0);
    await p.getByLabel('Kind of partner').selectOption({ label: 'police' });
    expect(await p.getByLabel(/Suspicious person/).count()).toBe(1);
    await p.getByLabel('Kind of partner').selectOption({ label: 'municipality' });
    expect(await p.getByLabel(/Suspicious person/).count()).toBe(0);
    await p.getByLabel('Litter').check();
    await p.getByLabel('Broken street light').check();
    await p.getByLabel(/Location precision/).selectOption('7');
    await p.getByText('about 150 × 150 m: a few streets').waitFor();
    await p.getByLabel('Time rounded to').selectOption({ label: 'the week' });
    await p.getByLabel('Names to remove from report texts').fill('Jan de Vries\nPiet Jansen');
    await p.getByRole('button', { name: 'Create channel' }).click();
    await p.getByText('Channel "Gemeente West" created.').waitFor();
    const item = p.locator('li.channel', { hasText: 'Gemeente West' });
    await expect.poll(() => item.textContent()).toContain('Litter, Broken street light');
    const facts = await item.textContent();
    for (const fact of ['municipality', 'a few streets', 'the week', 'not yet: waiting for a partner']) expect(facts).toContain(fact);
    const invite = await inviteLinkFrom(p, 'Invite a partner to Gemeente West', '#channel-invite-0-link');
    expect(await focused(p)).toBe('INPUT:channel-invite-0-link');
    await shot(p, 'channels.png', true);
    const token = /#\/join\/(\S+)$/.exec(invite)![1];
    const profile = mkdtempSync(join(tmpdir(), 'weerbaar-partner-'));
    expect(await cli(profile, 'join', '--server', server.url, '--invite', token, '--name', 'Gemeente')).not.toBe('');
  });

  it('the admin creates a police channel with the keyboard alone, every stop with a visible focus ring', async () => {
    const p = admin.page;
    await open(p, '#/admin/channels', 'Partner channels');
    await p.locator('li.channel').first().waitFor();
    await p.locator('h1').focus(); // where a screen change puts it (the same URL again does not)
    await tabTo(p, 'Channel name');
    await p.keyboard.type('Politie West');
    await tabTo(p, 'Kind of partner');
    await p.keyboard.press('ArrowDown'); // municipality -> police: the person category appears
    await tabTo(p, 'Suspicious person (describes a person: police only)');
    await p.keyboard.press('Space');
    await tabTo(p, 'Break-in');
    await p.keyboard.press('Space');
    await tabTo(p, 'Create channel');
    await p.keyboard.press('Enter');
    await p.getByText('Channel "Politie West" created.').waitFor();
    const item = p.locator('li.channel', { hasText: 'Politie West' });
    await expect.poll(() => item.textContent()).toContain('Suspicious person, Break-in');
    expect(await item.textContent()).toContain('police');
  });

  it('the admin sets a retention policy within the bounds, and a wrong one is explained', async () => {
    const p = admin.page;
    await open(p, '#/admin/retention', 'Retention');
    const chat = p.locator('section.retention-class', { has: p.getByRole('heading', { name: 'Chat messages' }) });
    await expect.poll(() => chat.locator('p').first().textContent()).toBe('deleted after 90 days (server default)');
    await chat.getByLabel('Shortest a community may choose', { exact: true }).fill('100');
    await chat.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => p.getByRole('alert').textContent()).toBe('The shortest period must not be longer than the default, nor the default longer than the longest.');
    // Above the server's hard limit (ten years): refused by the server, one clear line.
    await chat.getByLabel('Shortest a community may choose', { exact: true }).fill('1');
    await chat.getByLabel('Longest a community may choose', { exact: true }).fill('20');
    await chat.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => p.getByRole('alert').textContent()).toBe('The server refused these periods: they lie outside its legal limits for this kind of data (see the retention guide).');
    await chat.getByLabel('Default period', { exact: true }).fill('30');
    await chat.getByLabel('Unit of Default period').selectOption('day');
    await chat.getByLabel('Longest a community may choose', { exact: true }).fill('1');
    await chat.getByRole('button', { name: 'Save' }).click();
    await p.getByText('Saved: Chat messages.').waitFor();
    await expect.poll(() => chat.locator('p').first().textContent()).toBe('deleted after 30 days (set by the administrator)');
    expect(await focused(p)).toBe('INPUT:ret-4-default-n');
    await shot(p, 'retention.png');
  });

  it('the admin sees an intact audit chain and the records of processing', async () => {
    const p = admin.page;
    await open(p, '#/admin/audit', 'Audit log and records');
    await expect.poll(() => p.locator('#audit-result .ok').textContent()).toMatch(/^Intact: ([2-9]|\d\d+) entries checked\.$|^Intact: 1 entry checked\.$/);
    await expect.poll(() => p.locator('#audit-result code').textContent()).toMatch(/^[0-9a-f]{64}$/);
    await p.getByRole('heading', { name: 'Chat messages', level: 3 }).waitFor();
    await shot(p, 'audit.png');
  });

  it('a leader invited by the admin sets how long her community keeps chat messages', async () => {
    const p = admin.page;
    await open(p, '#/manage', 'Manage');
    await joinWith(leader.page, await inviteLinkFrom(p, 'Invite a leader', '#invite-leader-0-link'), 'Lotte', /Je groepen/);
    const l = leader.page;
    await l.getByRole('link', { name: 'Beheer' }).click();
    await l.getByRole('heading', { name: 'Hoe lang Buurt West gegevens bewaart' }).waitFor();
    const chat = l.locator('form', { hasText: 'Chatberichten:' });
    await expect.poll(() => chat.locator('p').textContent()).toBe('Chatberichten: verwijderd na 30 dagen (ingesteld door de beheerder); tussen 1 dag en 1 jaar');
    await chat.getByLabel('Termijn voor Chatberichten', { exact: true }).fill('14');
    await chat.getByRole('button', { name: 'Opslaan' }).click();
    await l.getByText('Opgeslagen: Chatberichten.').waitFor();
    await expect.poll(() => l.locator('form', { hasText: 'Chatberichten:' }).locator('p').textContent()).toBe('Chatberichten: verwijderd na 2 weken (gekozen door deze buurt); tussen 1 dag en 1 jaar');
    expect(await focused(l)).toBe('INPUT:community-ret-0-4-n');
  });

  it('the leader moves her community\'s area on the manage screen', async () => {
    const l = leader.page;
    await l.getByRole('heading', { name: 'Gebied van Buurt West' }).waitFor();
    await l.getByText('Gebied: u178k (ongeveer 5 × 5 km: een stad of stadsdeel)').waitFor();
    await l.getByLabel('Gebied (een geohash van 4 tot 6 tekens)').fill('u178kq');
    await l.getByRole('button', { name: 'Gebied opslaan' }).click();
    await l.getByText('Het gebied van Buurt West is nu u178kq.').waitFor();
    await l.getByText('Gebied: u178kq (ongeveer 1,2 km × 600 m: een wijk)').waitFor();
    expect(await l.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    // Other devices learn it on their next catch-up (no push): a reload is one.
    await open(admin.page, '#/admin', 'Administration');
    await admin.page.reload();
    await admin.page.locator('#communities li', { hasText: 'area u178kq' }).waitFor();
  });

  it('a resident joins a group and sees how long her data is kept, in Dutch', async () => {
    const p = admin.page;
    await open(p, '#/manage', 'Manage');
    await p.getByLabel('Group name').fill('Straat');
    await p.getByRole('button', { name: 'Create group' }).click();
    await p.getByRole('link', { name: 'Members and invites of Straat' }).click();
    await p.waitForURL(/#\/group\/[0-9a-f]{32}\/members$/);
    groupUrl = p.url().replace(/^.*?#/, appUrl('#')).replace(/\/members$/, '');
    await joinWith(sanne.page, await inviteLinkFrom(p, 'Invite a neighbour to this group', '#group-invite-link'), 'Sanne', /Je groepen/);
    const s = sanne.page;
    await s.goto(groupUrl);
    await s.getByLabel(/^Bericht$/).fill(SECRET);
    await s.keyboard.press('Enter');
    await s.locator('ol.messages:not(.pending) li.msg.mine .text', { hasText: SECRET }).waitFor();
    await s.getByRole('link', { name: 'Privacy' }).click();
    await s.getByRole('heading', { name: 'Privacy en je gegevens', level: 1 }).waitFor();
    expect(await focused(s)).toBe('H1:');
    const retention = s.locator('dl.retention').first();
    await expect.poll(() => retention.textContent()).toContain('Chatberichtenverwijderd na 30 dagen (ingesteld door de beheerder)');
    await s.getByRole('heading', { name: 'In Buurt West' }).waitFor();
    await expect.poll(() => s.locator('dl.retention').nth(1).textContent()).toContain('Chatberichtenverwijderd na 2 weken (gekozen door deze buurt)');
    await shot(s, 'privacy.png', true);
  });

  it('she downloads her data: the file parses and holds her own name and message', async () => {
    const s = sanne.page;
    const [download] = await Promise.all([s.waitForEvent('download'), s.getByRole('button', { name: 'Mijn gegevens downloaden' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^weerbaar-export-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(data.format).toBe('weerbaar-export-1');
    expect(data.account.display_name).toBe('Sanne');
    expect(data.communities.map((c: { name: string }) => c.name)).toEqual(['Buurt West']);
    expect(data.messages.filter((m: { text?: string }) => m.text === SECRET)).toHaveLength(1);
    await s.getByText(/^Je gegevens zijn opgeslagen als weerbaar-export-/).waitFor();
  });

  it('admin screens show no message content', async () => {
    for (const [hash, title] of [['#/admin/audit', 'Audit log and records'], ['#/admin/channels', 'Partner channels'], ['#/admin', 'Administration']]) {
      await open(admin.page, hash, title);
      expect(await admin.page.locator('main').textContent()).not.toContain(SECRET);
    }
  });

  it('she erases her account after typing the word: her browsers forget her, the server refuses her device', async () => {
    const s = sanne.page;
    // Her tablet, linked before, wipes itself when the account goes.
    await s.goto(appUrl('#/device'));
    const link = await inviteLinkFrom(s, 'Link maken', '#device-link');
    const tablet = await person('sanne-tablet');
    await joinWith(tablet.page, link, 'Sanne', /Je groepen/);
    // Keep a copy of her sealed device records, to show afterwards that the server refuses them.
    await copyRecords(s, 'weerbaar', 'kept');
    // With the keyboard alone, from the screen's heading: Tab to the button, Enter, type, Enter.
    await open(s, '#/privacy', 'Privacy en je gegevens');
    for (let i = 0; i < 30 && (await s.evaluate(() => document.activeElement?.textContent)) !== 'Mijn account wissen…'; i++) await s.keyboard.press('Tab');
    await s.keyboard.press('Enter');
    expect(await focused(s)).toBe('INPUT:erase-confirm');
    await s.keyboard.type('wis');
    await s.keyboard.press('Enter');
    await expect.poll(() => s.getByRole('alert').textContent()).toBe('Typ WISSEN in het veld om te bevestigen.');
    expect(await focused(s)).toBe('INPUT:erase-confirm'); // the refused submit keeps the focus there
    await s.keyboard.press('Control+A');
    await s.keyboard.type('WISSEN');
    await s.keyboard.press('Enter');
    await s.getByText('Je account is gewist. Deze browser bewaart je sleutels en berichten niet meer.').waitFor();
    await s.getByRole('heading', { name: 'Welkom bij Weerbaar', level: 1 }).waitFor();
    expect(await s.locator('nav a').count()).toBe(0);
    await shot(s, 'erased.png');
    try {
      await tablet.page.getByText('Je account is vanaf een ander apparaat gewist.', { exact: false }).waitFor();
      await tablet.page.getByRole('heading', { name: 'Welkom bij Weerbaar', level: 1 }).waitFor();
      expect(await copyRecords(tablet.page, 'weerbaar', null)).toEqual(['wrapping-key']);
    } finally {
      await tablet.close();
    }
    expect(await copyRecords(s, 'weerbaar', null)).toEqual(['wrapping-key']);
    await s.reload();
    await s.getByRole('heading', { name: 'Welkom bij Weerbaar', level: 1 }).waitFor();
    // Her old device, put back into the browser, no longer authenticates.
    await copyRecords(s, 'kept', 'weerbaar');
    await s.reload();
    await expect.poll(() => s.getByRole('alert').textContent(), { timeout: 15_000 }).toMatch(/^Er ging iets mis: /);
    expect(await s.locator('[role="status"]').first().textContent()).not.toBe('Verbonden');
  });
});
