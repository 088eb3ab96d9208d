// Debian's Chromium driven by playwright-core (never a downloaded browser). Each person
// gets a browser of their own with a fresh user-data folder, so their IndexedDB (keys,
// history) is theirs alone and survives closing the page.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

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
