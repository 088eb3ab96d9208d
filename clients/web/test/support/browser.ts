// Debian's Chromium driven by playwright-core (never a downloaded browser). Each person
// gets a browser of their own with a fresh user-data folder, so their IndexedDB (keys,
// history) is theirs alone and survives closing the page.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

export interface FocusStop {
  what: string; // the focused element's label, aria-label or text
  ring: boolean; // it shows a focus outline
}

export const CHROMIUM = process.env.WEERBAAR_CHROMIUM ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Person {
  name: string;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

// Opens an invite link, fills in the name (screenshot at `shot`, a path, if given) and joins;
// resolves once the group list shows and the client is connected.
export async function joinWithLink(p: Person, url: string, name: string, shot?: string): Promise<void> {
  await p.page.goto(url);
  await p.page.getByLabel(/Je naam|Your name/).fill(name);
  if (shot) await p.page.screenshot({ path: shot });
  await p.page.getByRole('button', { name: /Meedoen|Join/ }).click();
  await p.page.getByRole('heading', { name: /Je groepen|Your groups/ }).waitFor();
  await p.page.getByText(/Verbonden|Connected/).waitFor();
}

// Presses Tab and describes where the focus went.
export async function tabStop(page: Page): Promise<FocusStop> {
  await page.keyboard.press('Tab');
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const style = getComputedStyle(el);
    const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
    return { what: label ?? el.getAttribute('aria-label') ?? el.textContent?.trim() ?? el.tagName, ring: style.outlineStyle !== 'none' && style.outlineWidth !== '0px' };
  });
}

export async function person(name: string, lang = 'nl-NL'): Promise<Person> {
  const dir = mkdtempSync(join(tmpdir(), `weerbaar-chromium-${name}-`));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 360, height: 740 },
    locale: lang,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    name,
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Clicks the button that makes an invite and returns the link once it shows in `field`.
export async function inviteLinkFrom(p: Page, button: string | RegExp, field: string): Promise<string> {
  await p.getByRole('button', { name: button }).click();
  const input = p.locator(field);
  await expect.poll(() => input.inputValue()).toMatch(/#\/join\//);
  return input.inputValue();
}
