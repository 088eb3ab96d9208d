// The built client served by weerbaar-server itself (web_root), the way scripts/run.sh
// starts it: the page and its WebSocket share one origin, and the server's strict
// Content-Security-Policy is in force. The admin opens the invite link on the printed
// address, joins, creates a community and downloads her data export; no CSP violation and
// no page error occurs.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { person, type Person } from '../support/browser';
import { HAVE_BINARIES, startServer, type RunningServer } from '../support/server';

const here = dirname(fileURLToPath(import.meta.url));
const DIST = join(here, '..', '..', 'dist');

let server: RunningServer;
let admin: Person;
const problems: string[] = [];

describe.runIf(HAVE_BINARIES)('the web client served by the server', () => {
  beforeAll(async () => {
    server = await startServer([], DIST);
    admin = await person('served-admin', 'en-GB');
    admin.page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    admin.page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`${r.status()} for ${new URL(r.url()).pathname}`);
    });
    admin.page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`);
    });
  });

  afterAll(async () => {
    await admin?.close();
    await server?.stop();
  });

  it('answers the page with its security headers', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<script type="module"');
  });

  it('the admin joins with the printed invite on the same origin and creates a community', async () => {
    const p = admin.page;
    await p.goto(`http://127.0.0.1:${server.port}/#/join/${server.adminInvite}`);
    await p.getByLabel('Your name').fill('Admin');
    await p.getByRole('button', { name: 'Join' }).click();
    await p.getByText('Connected').waitFor();
    await p.goto(`http://127.0.0.1:${server.port}/#/admin`);
    await p.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
    await p.getByLabel('Community name').fill('Oosterpark');
    await p.getByRole('button', { name: 'Create community' }).click();
    await p.getByText('Community "Oosterpark" created.').waitFor();
    expect(problems).toEqual([]);
  });

  it("downloads the account export under the server's own Content-Security-Policy", async () => {
    const p = admin.page;
    await p.goto(`http://127.0.0.1:${server.port}/#/privacy`);
    const [download] = await Promise.all([p.waitForEvent('download'), p.getByRole('button', { name: 'Download my data' }).click()]);
    const data = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(data.account).toMatchObject({ display_name: 'Admin', is_admin: true });
    expect(problems).toEqual([]);
  });
});
