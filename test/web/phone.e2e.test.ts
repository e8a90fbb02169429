/**
 * The app at phone size (390 × 844) and at desktop size (1440 × 900), signed in as the owner on the shared data
 * set (the bundled sample without it): every main screen shows its key content and nothing overflows sideways;
 * on a phone the navigation is a drawer behind the menu button, tables are card lists, the board scrolls one
 * column per screen width and the command bar stays one tap away. Screenshots of each screen at both sizes go
 * to test/web/artifacts/<screen>-phone.png and <screen>-desktop.png.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, browserAvailable } from './browser.js';
import { browserSuite, DESKTOP, PHONE, type Json } from './session.js';


(browserAvailable ? describe : describe.skip)('the app on a phone and on a desktop', () => {
  const s = browserSuite({ timeout: 20_000 });
  let phone: Page;
  let desktop: Page;
  const first: Record<string, string> = {};

  beforeAll(async () => {
    for (const plural of ['contacts', 'companies', 'deals']) first[plural] = ((await s.owner.api(`/api/${plural}?limit=1`)).data as Json[])[0]!.id;
    phone = await s.newPage({ viewport: PHONE, deviceScaleFactor: 1, hasTouch: true, isMobile: true });
    desktop = await s.newPage({ viewport: DESKTOP, deviceScaleFactor: 1 });
  });

  /** Widths that stick out: the document's, and the main area's own scrolling box. */
  const overflow = (page: Page) =>
    page.evaluate(() => {
      const main = document.querySelector('.main');
      const wide = [...document.querySelectorAll<HTMLElement>('.main *')]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && getComputedStyle(el).position !== 'fixed')
        .filter((el) => !el.closest('.board, .tabs, .table-scroll, .card-scroll, .results-table, .plain-table, .import-preview-scroll, .import-preview, .models-table, .experiments-table'))
        .slice(0, 3)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
      return { doc: document.documentElement.scrollWidth, main: main ? main.scrollWidth - main.clientWidth : 0, inner: window.innerWidth, wide };
    });

  const expectNoOverflow = async (page: Page, screen: string) => {
    const o = await overflow(page);
    expect(o.doc, `${screen}: document ${o.doc} px wide in ${o.inner} (${o.wide.join(', ')})`).toBeLessThanOrEqual(o.inner);
    expect(o.main, `${screen}: main area scrolls sideways by ${o.main} px (${o.wide.join(', ')})`).toBeLessThanOrEqual(0);
  };

  /** Each main screen: its path and what must be visible once it has loaded. */
  const SCREENS: { name: string; path: () => string; ready: (p: Page, isPhone: boolean) => Promise<void> }[] = [
    { name: 'home', path: () => '/', ready: (p) => p.locator('.main h1').first().waitFor() },
    { name: 'tasks', path: () => '/tasks?who=all', ready: (p) => p.getByRole('heading', { level: 1, name: /Tasks/ }).waitFor() },
    ...(['contacts', 'companies', 'deals'] as const).flatMap((plural) => [
      {
        name: plural,
        path: () => `/${plural}`,
        ready: async (p: Page, isPhone: boolean) => {
          if (isPhone) await p.getByRole('list', { name: `${plural} list` }).getByRole('listitem').first().waitFor();
          else await p.getByRole('grid', { name: `${plural} table` }).locator('tbody tr[data-id]').first().waitFor();
        },
      },
      { name: `${plural}-record`, path: () => `/${plural}/${first[plural]}`, ready: (p: Page) => p.locator('.main h1').first().waitFor() },
    ]),
    { name: 'pipeline', path: () => '/pipeline', ready: (p) => p.locator('.stage-column .deal-card').first().waitFor() },
    { name: 'dashboard', path: () => '/dashboard', ready: (p) => p.locator('.kpi').first().waitFor() },
    { name: 'import', path: () => '/import', ready: (p) => p.locator('.dropzone').waitFor() },
    { name: 'duplicates', path: () => '/duplicates', ready: (p) => p.getByRole('heading', { level: 1, name: /Duplicates/ }).waitFor() },
    ...['users', 'tokens', 'audit', 'deals', 'password'].map((tab) => ({
      name: `settings-${tab}`,
      path: () => `/settings/${tab}`,
      ready: async (p: Page) => {
        await p.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
        await p.locator('.settings-panel, .plain-table, form').first().waitFor();
      },
    })),
    { name: 'settings-models', path: () => '/settings/models', ready: (p) => p.getByRole('region', { name: 'Deals · win probability' }).waitFor() },
    { name: 'settings-outreach', path: () => '/settings/outreach', ready: (p) => p.getByRole('list', { name: 'Actions' }).getByRole('listitem').first().waitFor() },
    { name: 'inbox', path: () => '/inbox', ready: (p) => p.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor() },
  ];

  for (const screen of SCREENS) {
    it(`${screen.name}: key content, no sideways overflow, at 390 × 844 and 1440 × 900`, async () => {
      for (const [page, label] of [[phone, 'phone'], [desktop, 'desktop']] as const) {
        await page.goto(`${s.server.base}${screen.path()}`);
        await screen.ready(page, label === 'phone');
        await page.waitForTimeout(150); // late layout (fonts, virtual rows)
        await expectNoOverflow(page, `${screen.name} (${label})`);
        await page.screenshot({ path: artifactPath(`${screen.name}-${label}.png`) });
      }
    });
  }

  it('on a phone: the navigation opens from the menu button as a drawer, navigates and closes', async () => {
    await phone.goto(`${s.server.base}/contacts`);
    const nav = phone.getByRole('navigation', { name: 'Main' });
    const menu = phone.getByRole('button', { name: 'Menu' });
    await menu.waitFor();
    expect(await nav.getByRole('link', { name: 'Deals' }).isVisible()).toBe(false);
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await menu.click();
    await nav.getByRole('link', { name: 'Deals' }).waitFor({ state: 'visible' });
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await phone.waitForTimeout(250); // the slide-in
    await phone.screenshot({ path: artifactPath('nav-drawer-phone.png') });
    await nav.getByRole('link', { name: 'Deals' }).click();
    await phone.waitForURL(/\/deals$/);
    await expect.poll(() => nav.getByRole('link', { name: 'Deals' }).isVisible()).toBe(false);
    // Escape closes it too and gives the focus back to the menu button.
    await menu.click();
    await nav.getByRole('link', { name: 'Contacts' }).waitFor({ state: 'visible' });
    await phone.keyboard.press('Escape');
    await expect.poll(() => nav.getByRole('link', { name: 'Contacts' }).isVisible()).toBe(false);
    expect(await phone.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Menu');
    // On a desktop the navigation is always there and there is no menu button.
    await desktop.goto(`${s.server.base}/contacts`);
    await desktop.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Deals' }).waitFor({ state: 'visible' });
    expect(await desktop.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false);
  });

  it('on a phone: list rows are cards with the title, the score and key fields, and open the record', async () => {
    await phone.goto(`${s.server.base}/contacts`);
    const card = phone.getByRole('list', { name: 'contacts list' }).getByRole('listitem').first();
    await card.waitFor();
    const box = (await card.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    expect(await card.locator('.record-card-fields dt').allTextContents()).toEqual(['Email', 'Title', 'Company']);
    await card.locator('.score-cell').waitFor();
    const id = await card.getAttribute('data-id');
    await card.locator('.title-link').click();
    await phone.waitForURL(new RegExp(`/contacts/${id}$`));
  });

  it('on a phone: the board scrolls one stage column per screen width, with snap', async () => {
    await phone.goto(`${s.server.base}/pipeline`);
    const columns = phone.locator('.stage-column');
    await columns.first().locator('.deal-card').first().waitFor();
    const widths = await columns.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
    expect(widths.length).toBeGreaterThanOrEqual(4);
    for (const w of widths) {
      expect(w).toBeGreaterThan(PHONE.width * 0.8);
      expect(w).toBeLessThanOrEqual(PHONE.width);
    }
    const board = phone.locator('.board');
    expect(await board.evaluate((b) => getComputedStyle(b).scrollSnapType)).toMatch(/x/);
    await board.evaluate((b) => b.scrollBy({ left: b.clientWidth, behavior: 'instant' as ScrollBehavior }));
    await expect.poll(() => columns.nth(1).evaluate((c) => Math.round(c.getBoundingClientRect().left))).toBeLessThan(40);
    await phone.screenshot({ path: artifactPath('pipeline-second-column-phone.png') });
  });

  it('on a phone: the command bar opens from the top bar and takes the whole width', async () => {
    await phone.goto(`${s.server.base}/contacts`);
    await phone.getByRole('button', { name: 'Ask or jump' }).click();
    const bar = phone.getByRole('dialog', { name: 'Command bar' });
    await bar.waitFor();
    const box = (await bar.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(PHONE.width - 1);
    await bar.getByRole('combobox').or(bar.getByLabel('Ask or jump to')).first().fill('deals');
    await phone.waitForTimeout(150);
    await expectNoOverflow(phone, 'command bar (phone)');
    await phone.screenshot({ path: artifactPath('command-phone.png') });
    // No Escape key on a phone: the close button closes it.
    await phone.getByRole('button', { name: 'Close the command bar' }).click();
    await expect.poll(() => bar.count()).toBe(0);
    await desktop.goto(`${s.server.base}/contacts`);
    await desktop.getByRole('button', { name: /Ask or jump/ }).first().click();
    await desktop.getByRole('dialog', { name: 'Command bar' }).waitFor();
    expect(await desktop.getByRole('button', { name: 'Close the command bar' }).isVisible()).toBe(false);
    await desktop.screenshot({ path: artifactPath('command-desktop.png') });
    await desktop.keyboard.press('Escape');
  });

  it('the Score column sorts on the server, and the tier badge explains its "?" on focus', async () => {
    await desktop.goto(`${s.server.base}/contacts`);
    const grid = desktop.getByRole('grid', { name: 'contacts table' });
    await grid.locator('tbody tr[data-id]').first().waitFor();
    await grid.getByRole('columnheader', { name: 'Score' }).getByRole('button').click();
    await desktop.waitForURL(/sort=score/);
    await grid.getByRole('columnheader', { name: 'Score' }).getByRole('button').click();
    await desktop.waitForURL(/sort=-score/);
    const expected = ((await s.owner.api('/api/contacts?sort=-score&limit=5')).data as Json[]).map((r) => r.id);
    await expect.poll(() => grid.locator('tbody tr[data-id]').evaluateAll((rows) => rows.slice(0, 5).map((r) => r.getAttribute('data-id')))).toEqual(expected);
    expect(await grid.getByRole('columnheader', { name: 'Score' }).getAttribute('aria-sort')).toBe('descending');

    // A tier the interval does not settle (an untrained workspace has none: the hand-set baseline's interval is a
    // point, so the answer is made unsure here): its "?" has a title and a tooltip the badge is described by.
    const id = first.contacts!;
    await desktop.route(`**/api/contacts/${id}/score`, async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as Json;
      await route.fulfill({ response, json: { ...body, confident: false, interval: [0.3, 0.75] } });
    });
    await desktop.goto(`${s.server.base}/contacts/${id}`);
    const badge = desktop.getByRole('region', { name: 'Lead score' }).locator('.tier-unsure');
    await badge.waitFor();
    expect(await badge.textContent()).toMatch(/\?$/);
    expect(await badge.getAttribute('title')).toMatch(/not certain/);
    const tip = desktop.getByRole('tooltip');
    expect(await tip.isVisible()).toBe(false);
    await badge.focus();
    await tip.waitFor({ state: 'visible' });
    expect(await tip.textContent()).toMatch(/hot is 70 or more/);
    expect(await badge.getAttribute('aria-describedby')).toBe(await tip.getAttribute('id'));
    await desktop.screenshot({ path: artifactPath('tier-tooltip-desktop.png') });
    await desktop.unroute(`**/api/contacts/${id}/score`);
  });

  it('/models leads to Settings → Models', async () => {
    await desktop.goto(`${s.server.base}/models`);
    await desktop.waitForURL(/\/settings\/models$/);
    await desktop.getByRole('heading', { level: 2, name: 'Models' }).waitFor();
    expect(await desktop.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Models' }).getAttribute('class')).toMatch(/active/);
  });

  it('raised no page errors', () => {
    expect(s.pageErrors).toEqual([]);
  });
});
