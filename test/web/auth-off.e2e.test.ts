/**
 * A server with AUTH=off (a private machine): the app shows no sign-in at all — no sign-in page, no sign-out,
 * no password or tokens — and everything works as the workspace's owner.
 */
import { describe, expect, it } from 'vitest';
import { browserAvailable } from './browser.js';
import { browserSuite } from './session.js';

(browserAvailable ? describe : describe.skip)('the web app with AUTH=off', () => {
  const s = browserSuite({ auth: 'off' });

  it('opens straight onto the screens, with no way to sign in or out', async () => {
    const session = (await (await fetch(`${s.server.base}/api/auth/session`)).json()) as Record<string, unknown>;
    expect(session).toMatchObject({ auth: 'off', role: 'owner', csrf_token: null });

    const contact = ((await (await fetch(`${s.server.base}/api/contacts?limit=1`)).json()) as { data: { id: string }[] }).data[0]!.id;
    await s.goto(`/contacts/${contact}`);
    await s.page.getByRole('heading', { level: 1 }).waitFor();
    expect(new URL(s.page.url()).pathname).toBe(`/contacts/${contact}`);
    await s.goto(`/signin?next=%2Fdeals`);
    await s.page.waitForURL(/\/deals$/);
    await s.page.getByRole('grid', { name: 'deals table' }).locator('tbody tr[data-id]').first().waitFor();

    await s.page.getByRole('button', { name: /^Account:/ }).click();
    const menu = s.page.getByRole('menu', { name: 'Account' });
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual(['Settings']);
    await menu.getByRole('menuitem', { name: 'Settings' }).click();
    await s.page.waitForURL(/\/settings\/users$/);
    expect(await s.page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link').allTextContents()).toEqual(['Users', 'Audit log', 'Deals', 'Outreach', 'Models']);

    // Writes need no CSRF token here, and the owner's controls are all there.
    await s.goto(`/contacts/${contact}`);
    await s.page.getByRole('button', { name: 'Edit Title' }).click();
    await s.page.getByLabel('Title', { exact: true }).fill('Local Hero');
    await s.page.keyboard.press('Enter');
    await s.page.locator('.toast-success').filter({ hasText: 'Title saved' }).waitFor();
    await s.page.getByRole('button', { name: 'More actions' }).click(); // destructive actions live in the header's menu
    await s.page.getByRole('button', { name: 'Erase personal data…' }).waitFor();
    expect(s.pageErrors).toEqual([]);
  });
});
