/**
 * Closing deals in a real browser (issue 15): the deal page's stage bar (click a stage, undo within five seconds),
 * Lost with a reason from the page, a drop on "Closed lost" on the board that asks why (cancel puts the card back),
 * and the weighted forecast on the dashboard and in the board's header. Screenshots at 1440×900 and 390×844.
 */
import { describe, expect, it } from 'vitest';
import { browserAvailable } from './browser.js';
import { browserSuite, type Json } from './session.js';


(browserAvailable ? describe : describe.skip)('closing deals in a browser', () => {
  const s = browserSuite();
  /** An open deal of the stage, by the API. */
  const openDeal = async (stage: string, skip = 0): Promise<Json> => (await s.api(`/api/deals?stage=${stage}&sort=-amount&limit=${skip + 1}`)).data[skip];

  it('moves a deal with the stage bar and undoes the move within five seconds', async () => {
    const deal = await openDeal('lead');
    await s.goto(`/deals/${deal.id}`);
    const bar = s.page.getByRole('region', { name: 'Deal stage' });
    await bar.getByRole('button', { name: 'Lead (current stage)' }).waitFor();
    await s.shot('close-deal-desktop');
    await bar.getByRole('button', { name: 'Move to Proposal' }).click();
    await expect.poll(async () => (await s.api(`/api/deals/${deal.id}`)).data.stage).toBe('proposal');
    await bar.getByRole('button', { name: 'Proposal (current stage)' }).waitFor();
    const toast = s.page.locator('.undo-toast');
    await expect.poll(() => toast.textContent()).toContain('Proposal');
    await toast.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(async () => (await s.api(`/api/deals/${deal.id}`)).data.stage).toBe('lead');
    await bar.getByRole('button', { name: 'Lead (current stage)' }).waitFor();
    // Without undo, the toast goes after five seconds and the move stays.
    await bar.getByRole('button', { name: 'Move to Qualified' }).click();
    await toast.waitFor();
    await toast.waitFor({ state: 'detached', timeout: 8000 });
    expect((await s.api(`/api/deals/${deal.id}`)).data.stage).toBe('qualified');
  });

  it('marks a deal lost from its page with a reason from the list and a note', async () => {
    const deal = await openDeal('proposal', 1);
    await s.goto(`/deals/${deal.id}`);
    const bar = s.page.getByRole('region', { name: 'Deal stage' });
    await bar.getByRole('button', { name: 'Lost' }).click();
    const dialog = s.page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Mark as lost' }).click();
    await dialog.getByText('Pick a reason.').waitFor(); // nothing is written without a reason
    expect((await s.api(`/api/deals/${deal.id}`)).data.stage).toBe('proposal');
    await dialog.getByLabel('Chose a competitor').check();
    await dialog.getByLabel('Lost note').fill('Went with Acme');
    await s.shot('close-lost-dialog-desktop');
    await dialog.getByRole('button', { name: 'Mark as lost' }).click();
    await expect.poll(async () => (await s.api(`/api/deals/${deal.id}`)).data).toMatchObject({ stage: 'closed_lost', lost_reason: 'Chose a competitor', lost_note: 'Went with Acme' });
    await expect.poll(() => bar.getByTestId('lost-reason').textContent()).toBe('Chose a competitor');
    await s.shot('close-deal-lost-desktop');
  });

  it('lets an admin change the lost reasons and the idle threshold in Settings → Deals, and the Lost dialog offers the new list', async () => {
    await s.goto('/settings/deals');
    const reasons = s.page.getByLabel('Lost reasons, one per line');
    await reasons.waitFor(); // the settings chunk loads first
    await expect.poll(() => reasons.inputValue(), { timeout: 10_000 }).toContain('Chose a competitor');
    await reasons.fill('');
    await s.page.getByText('Keep at least one reason').waitFor();
    await reasons.fill('Price\nChose a competitor\nLegal blocked it');
    await s.page.getByRole('button', { name: 'Save reasons' }).click();
    await expect.poll(async () => (await s.api('/api/settings/lost-reasons')).data.reasons, { timeout: 10_000 }).toEqual(['Price', 'Chose a competitor', 'Legal blocked it']);
    const days = s.page.getByLabel('Days without activity');
    await days.fill('0');
    await s.page.getByText('Enter a whole number of days from 1 to 3650').waitFor();
    await days.fill('45');
    await s.page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(async () => (await s.api('/api/settings/idle-threshold')).data.days, { timeout: 10_000 }).toBe(45);
    await s.shot('settings-deals-desktop');

    const deal = await openDeal('qualified', 0);
    await s.goto(`/deals/${deal.id}`);
    await s.page.getByRole('region', { name: 'Deal stage' }).getByRole('button', { name: 'Lost' }).click();
    await s.page.getByRole('dialog').getByLabel('Legal blocked it').waitFor();
    await s.page.keyboard.press('Escape');
    // Back to the defaults the other tests expect.
    await s.owner.call('/api/settings/lost-reasons', { method: 'PUT', json: { reasons: ['Price', 'Chose a competitor', 'No budget', 'No decision / went dark', 'Timing', 'Missing feature', 'Other'] } });
    await s.owner.call('/api/settings/idle-threshold', { method: 'PUT', json: { days: 30 } });
  });

  it('asks for the reason when a card is dropped on Closed lost; cancel puts it back', async () => {
    await s.goto('/pipeline');
    const lead = s.page.locator('[data-stage="lead"]');
    const lost = s.page.locator('[data-stage="closed_lost"]');
    const first = lead.locator('.deal-card').first();
    await first.waitFor();
    const id = (await first.getAttribute('data-deal-id'))!;
    // The same deal both times, wherever the board puts it back after the cancel ("first" may then be another).
    const card = s.page.locator(`.deal-card[data-deal-id="${id}"]`);
    const drag = async () => {
      // From the deal's name: the whole card is the handle.
      const from = (await card.locator('.deal-name').boundingBox())!;
      const to = (await lost.locator('.stage-cards').boundingBox())!;
      await s.page.mouse.move(from.x + 10, from.y + from.height / 2);
      await s.page.mouse.down();
      await s.page.mouse.move(from.x + 30, from.y + from.height / 2 + 5, { steps: 4 });
      await s.page.mouse.move(to.x + to.width / 2, to.y + 40, { steps: 12 });
      await s.page.mouse.up();
    };
    await drag();
    const dialog = s.page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await s.page.locator(`[data-stage="lead"] [data-deal-id="${id}"]`).waitFor();
    // The cancelled dialog must be gone before the second drop: a click on it as it closes saves nothing.
    await dialog.waitFor({ state: 'detached' });
    expect((await s.api(`/api/deals/${id}`)).data.stage).toBe('lead');

    await drag();
    await dialog.waitFor();
    await dialog.getByLabel('Price').check();
    await dialog.getByRole('button', { name: 'Mark as lost' }).click();
    // A busy machine can take over a second for the drop's request: wait as the settings checks above do.
    await expect.poll(async () => (await s.api(`/api/deals/${id}`)).data, { timeout: 10_000 }).toMatchObject({ stage: 'closed_lost', lost_reason: 'Price' });
    await s.page.locator('.undo-toast').getByRole('button', { name: 'Undo' }).waitFor();
    await s.page.locator(`[data-stage="closed_lost"] [data-deal-id="${id}"]`).waitFor();
  });

  it('shows overdue and idle badges in the deals list, as the server flags them', async () => {
    const first = ((await s.api('/api/deals/flagged?flag=overdue&limit=1')) as Json).data[0] as Json;
    await s.goto(`/deals?stage=${first.stage}&sort=expected_close`);
    const row = s.page.locator(`tr[data-id="${first.id}"]`);
    await row.waitFor();
    await expect.poll(() => row.locator('.flag-overdue').count()).toBe(1);
    expect(await row.locator('.flag-idle').count()).toBe(first.flags.includes('idle') ? 1 : 0);
    await s.shot('close-deals-list-desktop');
  });

  it('asks for the reason when selected deals are moved to Closed lost in bulk', async () => {
    await s.goto('/deals?stage=qualified&sort=-amount');
    const rows = s.page.locator('tbody tr[data-id]');
    await rows.first().waitFor();
    const ids = [(await rows.nth(0).getAttribute('data-id'))!, (await rows.nth(1).getAttribute('data-id'))!];
    for (const id of ids) await s.page.locator(`tr[data-id="${id}"] input[type="checkbox"]`).check();
    const bulk = s.page.getByRole('region', { name: 'Bulk actions' });
    await bulk.getByLabel('Move selected deals to stage').selectOption('closed_lost');
    const dialog = s.page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Mark 2 deals as lost' }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await s.api(`/api/deals/${ids[0]}`)).data.stage).toBe('qualified');
    await bulk.getByLabel('Move selected deals to stage').selectOption('closed_lost');
    await dialog.getByLabel('No budget').check();
    await dialog.getByRole('button', { name: 'Mark as lost' }).click();
    for (const id of ids) await expect.poll(async () => (await s.api(`/api/deals/${id}`)).data).toMatchObject({ stage: 'closed_lost', lost_reason: 'No budget' });
  });

  it('shows the weighted forecast on the dashboard and in the board header, open deals only', async () => {
    const f = (await s.api('/api/forecast')).data as Json;
    const pipeline = (await s.api('/api/pipeline')) as Json;
    expect(f.total.count).toBe(pipeline.open.count);
    await s.goto('/pipeline');
    // Formatted by the browser's own Intl, as the app formats it: Node's ICU writes "$15.0M" where Chromium's writes
    // "$15M", so an expectation formatted in the test process fails whenever a figure rounds to a whole million.
    const compact = (v: number) => s.page.evaluate((x) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 1 }).format(x), v);
    const weighted = await compact(f.total.weighted);
    const openAmount = await compact(pipeline.open.amount);
    const header = s.page.getByTestId('board-forecast');
    await expect.poll(() => header.textContent()).toBe(`${weighted} weighted`);
    await expect.poll(() => s.page.locator('#pipeline-title .count').first().textContent()).toBe(`${openAmount} open`);
    await s.shot('close-board-desktop');
    await s.goto('/dashboard');
    // The dashboard asks for its forecast once it knows the workspace's currencies, beside a dozen month queries: a
    // busy screen (the figure came after 1.0 s on an idle machine, the poll's default limit), so it is waited for: its
    // value is what is checked, not how soon it comes.
    await expect.poll(() => s.page.getByTestId('kpi-forecast').textContent(), { timeout: 15_000 }).toBe(weighted);
    await expect.poll(() => s.page.getByTestId('forecast-total').textContent(), { timeout: 15_000 }).toBe(weighted);
    const flagged = (await s.api('/api/deals/flagged?limit=1')) as Json;
    await expect.poll(() => s.page.getByTestId('overdue-count').textContent()).toBe(String(flagged.counts.overdue.toLocaleString('en-US')));
    await s.shot('close-dashboard-desktop');
  });

  it('fits a phone: the deal page, the board header and the dashboard at 390×844', async () => {
    await s.page.setViewportSize({ width: 390, height: 844 });
    const deal = await openDeal('negotiation');
    await s.goto(`/deals/${deal.id}`);
    await s.page.getByRole('region', { name: 'Deal stage' }).getByRole('button', { name: 'Negotiation (current stage)' }).waitFor();
    await s.shot('close-deal-phone');
    await s.page.getByRole('region', { name: 'Deal stage' }).getByRole('button', { name: 'Lost' }).click();
    await s.page.getByRole('dialog').getByLabel('Timing').waitFor();
    await s.shot('close-lost-dialog-phone');
    await s.page.keyboard.press('Escape');
    await s.page.getByRole('dialog').waitFor({ state: 'detached' });
    expect((await s.api(`/api/deals/${deal.id}`)).data.stage).toBe('negotiation');
    await s.goto('/pipeline');
    await s.page.getByTestId('board-forecast').waitFor();
    await s.shot('close-board-phone');
    await s.goto('/dashboard');
    await s.page.getByTestId('forecast-total').waitFor();
    await s.shot('close-dashboard-phone');
    const width = await s.page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    expect(s.pageErrors).toEqual([]);
  });
});
