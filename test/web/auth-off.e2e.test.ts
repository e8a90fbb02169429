/**
 * A server with AUTH=off (a private machine): the app shows no sign-in at all — no sign-in page, no sign-out,
 * no password or tokens — and everything works as the workspace's owner.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser } from './browser.js';
import { startWebTestServer, type WebTestServer } from './server.js';

(browserAvailable ? describe : describe.skip)('the web app with AUTH=off', () => {
  let server: WebTestServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startWebTestServer({ auth: 'off' });
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens straight onto the screens, with no way to sign in or out', async () => {
    const session = (await (await fetch(`${server.base}/api/auth/session`)).json()) as Record<string, unknown>;
    expect(session).toMatchObject({ auth: 'off', role: 'owner', csrf_token: null });

    const contact = ((await (await fetch(`${server.base}/api/contacts?limit=1`)).json()) as { data: { id: string }[] }).data[0]!.id;
    await page.goto(`${server.base}/contacts/${contact}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/contacts/${contact}`);
    await page.goto(`${server.base}/signin?next=%2Fdeals`);
    await page.waitForURL(/\/deals$/);
    await page.getByRole('grid', { name: 'deals table' }).locator('tbody tr[data-id]').first().waitFor();

    await page.getByRole('button', { name: /^Account:/ }).click();
    const menu = page.getByRole('menu', { name: 'Account' });
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual(['Settings']);
    await menu.getByRole('menuitem', { name: 'Settings' }).click();
    await page.waitForURL(/\/settings\/users$/);
    expect(await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link').allTextContents()).toEqual(['Users', 'Audit log', 'Deals', 'Models']);

    // Writes need no CSRF token here, and the owner's controls are all there.
    await page.goto(`${server.base}/contacts/${contact}`);
    await page.getByRole('button', { name: 'Edit Title' }).click();
    await page.getByLabel('Title', { exact: true }).fill('Local Hero');
    await page.keyboard.press('Enter');
    await page.locator('.toast-success').filter({ hasText: 'Title saved' }).waitFor();
    await page.getByRole('button', { name: 'More actions' }).click(); // destructive actions live in the header's menu
    await page.getByRole('button', { name: 'Erase personal data…' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
