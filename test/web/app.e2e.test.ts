/**
 * The web app end to end: a real browser (Debian chromium) against the real HTTP server on a fresh SQLite
 * database with the shared data set. Screenshots of each main screen go to test/web/artifacts/.
 */
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, browserAvailable, launchBrowser } from './browser.js';
import { startWebTestServer, type WebTestServer } from './server.js';

type Json = Record<string, any>;

(browserAvailable ? describe : describe.skip)('web app in a browser', () => {
  let server: WebTestServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const api = async (path: string, init?: RequestInit): Promise<Json> => {
    const res = await fetch(`${server.base}${path}`, init);
    return (await res.json()) as Json;
  };
  const goto = async (path: string) => {
    await page.goto(`${server.base}${path}`);
  };
  const shot = (name: string) => page.screenshot({ path: artifactPath(`${name}.png`), fullPage: false });

  beforeAll(async () => {
    server = await startWebTestServer();
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('serves the app at / and keeps the API, health and docs routes', async () => {
    const root = await fetch(`${server.base}/`);
    expect(root.status).toBe(200);
    expect(await root.text()).toContain('<div id="root">');
    const deep = await fetch(`${server.base}/contacts/ct_00001?x=1`);
    expect(deep.headers.get('content-type')).toMatch(/text\/html/);
    const missing = await fetch(`${server.base}/api/nothing-here`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as Json).error).toBe('not_found');
    expect(((await api('/health')) as Json).status).toBe('ok');
    expect((await fetch(`${server.base}/api/docs/json`)).status).toBe(200);
    expect((await fetch(`${server.base}/assets/no-such-bundle.js`)).status).toBe(404);
  });

  it('lists contacts with virtualised rows and a total', async () => {
    await goto('/');
    await page.waitForURL(/\/contacts$/);
    await page.getByRole('grid', { name: 'contacts table' }).locator('tbody tr[data-id]').first().waitFor();
    const total = (await api('/api/contacts?limit=1')).total as number;
    await expect.poll(() => page.locator('h1 .count').textContent()).toBe(total.toLocaleString('en-US'));
    const rendered = await page.locator('tbody tr[data-id]').count();
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(total); // virtualised: not every row is in the DOM
    await shot('contacts');
  });

  it('filters and sorts through the URL, and the view survives a reload', async () => {
    await goto('/contacts');
    await page.getByLabel('Filter by Lead status').selectOption('customer');
    await page.waitForURL(/lead_status=customer/);
    await page.getByRole('columnheader', { name: 'Last name' }).getByRole('button').click(); // default sort is last_name: toggles to descending
    await page.waitForURL(/sort=-last_name/);
    const expected = (await api('/api/contacts?lead_status=customer&sort=-last_name&limit=5')).data.map((r: Json) => r.id);
    await expect.poll(async () => page.locator('tbody tr[data-id]').evaluateAll((rows) => rows.slice(0, 5).map((r) => r.getAttribute('data-id')))).toEqual(expected);
    await page.reload();
    await expect.poll(async () => page.locator('tbody tr[data-id]').first().getAttribute('data-id')).toBe(expected[0]);
    expect(await page.getByLabel('Filter by Lead status').inputValue()).toBe('customer');
    const customers = (await api('/api/contacts?lead_status=customer&limit=1')).total as number;
    await expect.poll(() => page.locator('h1 .count').textContent()).toBe(customers.toLocaleString('en-US'));

    // CSV export of the current view: the filtered rows in the current order, the visible columns.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8').trim().split(/\r\n/);
    expect(csv[0]).toBe('id,First name,Last name,Email,Title,Company,Lead status,Last contacted');
    expect(csv).toHaveLength(customers + 1);
    expect(csv[1]!.split(',')[0]).toBe(expected[0]);

    await page.getByLabel('Search contacts').fill('Ziegler');
    await page.waitForURL(/q=Ziegler/);
    await expect.poll(async () => (await page.locator('tbody tr[data-id]').allTextContents()).every((t) => t.includes('Ziegler'))).toBe(true);
  });

  it('edits a cell inline and shows the server message when an edit is refused', async () => {
    await goto('/contacts?sort=last_name');
    const row = page.locator('tbody tr[data-id]').first();
    const id = (await row.getAttribute('data-id'))!;
    const titleCell = row.locator('td').nth(4); // select, first, last, email, title
    await titleCell.dblclick();
    await page.getByLabel('Title', { exact: true }).fill('Head of Revenue Operations');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await api(`/api/contacts/${id}`)).data.title).toBe('Head of Revenue Operations');
    await expect(row.locator('td').nth(4).textContent()).resolves.toBe('Head of Revenue Operations');

    await row.locator('td').nth(3).dblclick();
    await page.getByLabel('Email', { exact: true }).fill('not-an-email');
    await page.keyboard.press('Enter');
    await page.locator('.toast-error').filter({ hasText: /email/ }).waitFor();
  });

  it('opens a record, adds a note and sees it at the top of the timeline', async () => {
    await goto('/contacts?q=Ravi%20Ziegler');
    await page.locator('tbody tr[data-id] a.title-link').first().click();
    await page.waitForURL(/\/contacts\/ct_/);
    const id = page.url().split('/').pop()!;
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.locator('ol.timeline li').first().waitFor();
    await page.getByRole('radio', { name: 'note' }).check();
    await page.getByLabel('Subject').fill('Pricing follow-up');
    await page.getByLabel('Details').fill('Asked for a three-year quote with the security add-on.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => page.locator('ol.timeline li').first().textContent()).toContain('Pricing follow-up');
    const activities = await api(`/api/contacts/${id}/activities?q=three-year`);
    expect(activities.data).toHaveLength(1);
    expect(activities.data[0]).toMatchObject({ type: 'note', contact_id: id, subject: 'Pricing follow-up' });
    await page.locator('[aria-label="Similar records"] .similar-list li').first().waitFor();
    await shot('contact-record');
  });

  it('shows a deal with its win probability', async () => {
    const deal = (await api('/api/deals?stage=negotiation&sort=-amount&limit=1')).data[0];
    await goto(`/deals/${deal.id}`);
    await page.getByRole('heading', { level: 1, name: deal.name }).waitFor();
    await page.locator('.score-panel .score-big').waitFor();
    expect(await page.locator('.score-panel .score-big').textContent()).toMatch(/^\d+%$/);
    await shot('deal-record');
  });

  it('drags a deal to another stage on the board and it stays there after a reload', async () => {
    await goto('/pipeline');
    const lead = page.locator('[data-stage="lead"]');
    const qualified = page.locator('[data-stage="qualified"]');
    const card = lead.locator('.deal-card').first();
    await card.waitFor();
    const id = (await card.getAttribute('data-deal-id'))!;
    const before = Number(await qualified.getByTestId('stage-count').textContent());
    await shot('pipeline');

    const from = (await card.boundingBox())!;
    const to = (await qualified.locator('.stage-cards').boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2 + 5, { steps: 4 });
    await page.mouse.move(to.x + to.width / 2, to.y + 40, { steps: 12 });
    await page.mouse.up();

    await expect.poll(async () => (await api(`/api/deals/${id}`)).data.stage).toBe('qualified');
    await expect.poll(async () => Number(await qualified.getByTestId('stage-count').textContent())).toBe(before + 1);
    await page.reload();
    await page.locator(`[data-stage="qualified"] [data-deal-id="${id}"]`).waitFor();
    expect(await page.locator(`[data-stage="lead"] [data-deal-id="${id}"]`).count()).toBe(0);
  });

  it('answers a natural-language query in the command bar with chips and linked results', async () => {
    await goto('/contacts');
    await page.locator('tbody tr[data-id]').first().waitFor();
    await page.locator('body').press('/');
    const input = page.getByLabel('Ask or jump to');
    await input.fill('open deals over $50k in telecom');
    await input.press('Enter');
    await page.getByTestId('query-explanation').waitFor();
    const answer = await api('/api/query', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'open deals over $50k in telecom', limit: 50 }) });
    expect(await page.getByTestId('query-explanation').textContent()).toBe(answer.interpretation.explanation);
    const chips = await page.locator('.interpretation .chips li').allTextContents();
    for (const f of answer.interpretation.filters) expect(chips).toContain(f.label);
    const rows = page.getByRole('table', { name: 'Query results' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(Math.min(50, answer.results.length));
    await shot('command-bar');
    // Arrow down + Enter opens the first result.
    await input.press('ArrowDown');
    await input.press('Enter');
    await page.waitForURL(new RegExp(`/deals/${answer.results[0].id}$`));

    await page.keyboard.press('Control+k');
    await page.getByLabel('Ask or jump to').fill('pipeline value by stage');
    await page.getByLabel('Ask or jump to').press('Enter');
    await page.locator('.query-answer .recharts-bar-rectangle').first().waitFor();
    await shot('command-bar-groups');
    await page.keyboard.press('Escape');
  });

  it('changes the stage of selected deals in bulk', async () => {
    await goto('/deals?stage=proposal&sort=-amount');
    const rows = page.locator('tbody tr[data-id]');
    await rows.first().waitFor();
    const ids = [(await rows.nth(0).getAttribute('data-id'))!, (await rows.nth(1).getAttribute('data-id'))!];
    for (const id of ids) await page.locator(`tr[data-id="${id}"] input[type="checkbox"]`).check();
    await page.getByLabel('Move selected deals to stage').selectOption('negotiation');
    await page.locator('.toast-success').filter({ hasText: 'Moved 2 deals' }).waitFor();
    for (const id of ids) expect((await api(`/api/deals/${id}`)).data.stage).toBe('negotiation');
    await shot('deals');
  });

  it('imports a CSV by drop and lists the row errors of a refused file', async () => {
    await goto('/import');
    const csv = 'id,name,domain,industry,employees\nco_web_1,Harbor Metrics,harbormetrics.io,Software,40\nco_web_2,,nameless.io,Software,many\n';
    const drop = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'companies.csv', { type: 'text/csv' }));
      return dt;
    }, csv);
    await page.dispatchEvent('.dropzone', 'drop', { dataTransfer: drop });
    await page.getByRole('button', { name: 'Import 1 file' }).click();
    const errors = page.getByRole('table', { name: 'Row errors' });
    await errors.waitFor();
    expect(await errors.locator('tbody tr').count()).toBeGreaterThanOrEqual(1);
    expect(await errors.textContent()).toMatch(/co_web_2/);
    expect((await fetch(`${server.base}/api/companies/co_web_1`)).status).toBe(404); // the file is one transaction
    await shot('import');

    await page.getByLabel('Import the valid rows of a file that has errors').check();
    await page.getByRole('button', { name: 'Import 1 file' }).click();
    await page.getByRole('heading', { name: 'Imported' }).waitFor();
    expect((await api('/api/companies/co_web_1')).data.name).toBe('Harbor Metrics');
  });

  it('renders the dashboard and the duplicates review', async () => {
    await goto('/dashboard');
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.locator('[aria-label="Deals won and lost per month"] .recharts-bar-rectangle').first().waitFor();
    await page.locator('[aria-label="Open pipeline value by stage"] .recharts-bar-rectangle').first().waitFor();
    await shot('dashboard');

    await goto('/duplicates?object=companies');
    const pairs = (await api('/api/duplicates/companies')).data as Json[];
    if (pairs.length > 0) {
      await page.locator('.dup-pair').first().getByRole('button', { name: 'Review merge' }).click();
      await page.getByRole('region', { name: 'Merge preview' }).getByRole('button', { name: /^Merge into/ }).waitFor();
    } else {
      await page.getByText('No likely duplicate companies.').waitFor();
    }
    await shot('duplicates');
    expect(pageErrors).toEqual([]);
  });
});
