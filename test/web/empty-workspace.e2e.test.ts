/**
 * A new workspace, as a new user first sees it: Home says how to begin (import, Inbox, add by hand, invite), the
 * lists say "none yet" with a way to add the first record instead of "no match", and a deal can be started from the
 * pipeline board — from its header or from a stage's "+" — without leaving the board. Desktop and phone.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable } from './browser.js';
import { browserSuite, type Json } from './session.js';

const BLANK = { id: 'blank', name: 'Blank Slate Ltd' };

(browserAvailable ? describe : describe.skip)('an empty workspace in the browser', () => {
  const s = browserSuite();
  const dialog = () => s.page.getByRole('dialog');
  const inBlank = (path: string) => s.owner.api(path, { headers: { 'x-workspace-id': BLANK.id } });

  beforeAll(async () => {
    const { server } = s;
    // Joined a second later: the first membership is the workspace the page starts in.
    server.ctx.clock.advance(1000);
    await server.ctx.crm.storage.workspaces.ensure({ ...BLANK, created_at: new Date().toISOString() });
    await server.ctx.crm.access.addUser(BLANK.id, { email: server.owner.email, role: 'owner' }, { actor: null });
  });

  it('Home shows the first steps, each a link, and only in an empty workspace', async () => {
    await s.goto('/');
    // The demo workspace is full: no first steps there.
    await s.page.getByRole('heading', { name: 'My tasks' }).waitFor();
    expect(await s.page.getByRole('region', { name: 'Get started' }).count()).toBe(0);
    await s.page.getByLabel('Workspace', { exact: true }).selectOption(BLANK.id);
    await expect.poll(() => s.page.getByLabel('Workspace', { exact: true }).inputValue()).toBe(BLANK.id);
    const start = s.page.getByRole('region', { name: 'Get started' });
    await start.waitFor();
    for (const name of ['Import a spreadsheet', 'Drop e-mails, business cards and documents in the Inbox', 'contact', 'company', 'deal', 'Invite your team'])
      expect(await start.getByRole('link', { name, exact: true }).count()).toBe(1);
    await start.getByRole('link', { name: 'contact', exact: true }).click();
    // The link opens the new-contact form on the contacts list.
    await expect.poll(() => dialog().getByRole('heading').textContent()).toBe('New contact');
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await s.shot('empty-home-desktop');
  });

  it('an empty list offers to add the first record rather than saying nothing matched', async () => {
    await s.goto('/companies');
    await s.page.getByText('No companies yet.').waitFor();
    expect(await s.page.getByText('No companies match.').count()).toBe(0);
    await s.page.getByRole('button', { name: 'Add the first company' }).click();
    await dialog().getByLabel('Name').fill('Larkspur Freight');
    await dialog().getByRole('button', { name: 'Create company' }).click();
    await s.page.waitForURL(/\/companies\/co_/);
    // A search that finds nothing says so, with the way out.
    await s.goto('/companies?q=zzzz-nothing-like-this');
    await s.page.getByText('No companies match.').waitFor();
  });

  it('the dashboard of a workspace without deals or activities says so in each chart instead of drawing empty axes', async () => {
    await s.goto('/dashboard');
    const card = (name: string) => s.page.getByRole('region', { name });
    await card('Deals won and lost per month').getByText('No deal won or lost in the last 12 months.', { exact: false }).waitFor();
    await card('Open pipeline value by stage').getByText('No open deals.', { exact: false }).waitFor();
    await card('Activity by type').getByText('No calls, e-mails, meetings or notes', { exact: false }).waitFor();
    await card('Activity volume per month').getByText('No activity in the last 12 months.').waitFor();
    for (const name of ['Deals won and lost per month', 'Open pipeline value by stage', 'Activity by type', 'Activity volume per month'])
      expect(await card(name).locator('svg').count()).toBe(0);
    // The win rate is a dash with its reason once loaded, not "…" that reads as still loading.
    const winRate = s.page.locator('.kpi', { hasText: 'Win rate' });
    await winRate.getByText('no deal closed yet').waitFor();
    expect((await winRate.locator('strong').textContent())!.trim()).toBe('—');
    await s.shot('empty-dashboard-desktop');
  });

  it('starts a deal from a stage of the board and keeps the board open', async () => {
    await s.goto('/pipeline');
    await s.page.getByRole('button', { name: 'New deal in Qualified' }).click();
    await expect.poll(() => dialog().getByRole('heading').textContent()).toBe('New deal');
    await dialog().getByLabel('Name').fill('Larkspur fleet pilot');
    await dialog().getByLabel('Amount').fill('18000');
    await dialog().getByRole('button', { name: 'Create deal' }).click();
    const qualified = s.page.getByRole('region', { name: 'Qualified stage' });
    await qualified.getByText('Larkspur fleet pilot').waitFor();
    expect(new URL(s.page.url()).pathname).toBe('/pipeline');
    const deals = (await inBlank('/api/deals?q=larkspur')).data as Json[];
    expect(deals).toHaveLength(1);
    expect(deals[0]).toMatchObject({ stage: 'qualified', amount: 18000 });
    // Closed stages take no new deals from the board; the header's button starts one in the first stage.
    expect(await s.page.getByRole('button', { name: 'New deal in Won' }).count()).toBe(0);
    await s.page.getByRole('button', { name: '+ New deal' }).click();
    await expect.poll(() => dialog().getByLabel('Stage').inputValue()).toBe('lead');
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    // Home is no longer "empty" once records exist.
    await s.goto('/');
    await s.page.getByRole('heading', { name: 'My tasks' }).waitFor();
    expect(await s.page.getByRole('region', { name: 'Get started' }).count()).toBe(0);
  });

  it('on a phone the board and Home fit the screen and the board can still start a deal', async () => {
    await s.phone();
    await s.goto('/pipeline');
    await s.page.getByRole('button', { name: '+ New deal' }).waitFor();
    expect(await s.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await s.shot('empty-pipeline-phone');
    await s.desktop();
    expect(s.pageErrors).toEqual([]);
  });
});
