/**
 * Deal strategy (issue 19) in a real browser, at 1440×900 and 390×844: an open deal's page shows the suggested action
 * of the week with its reasons and a probability per action; "Make it a task" creates a task on the deal that carries
 * the recommendation's id (which spends the deal's effort budget). The pipeline board shows each open card's
 * suggestion when "Next actions" is on.
 */
import { describe, expect, it } from 'vitest';
import { artifactPath, browserAvailable } from './browser.js';
import { browserSuite, PHONE, type Json } from './session.js';

const DEAL = 'dl_00001'; // open (lead) in the shared data set
const fitsWidth = () => document.documentElement.scrollWidth <= window.innerWidth + 1;

(browserAvailable ? describe : describe.skip)('deal strategy in a browser', () => {
  const s = browserSuite();

  it('shows the suggested action with reasons and probabilities, and makes it a task carrying the recommendation', async () => {
    await s.goto(`/deals/${DEAL}`);
    const card = s.page.getByRole('region', { name: 'Suggested action' });
    await card.locator('.deal-action-main strong').waitFor();
    const catalog = (await s.owner.api('/api/settings/deal-strategy')).actions as Json[];
    expect(catalog.map((a) => a.label)).toContain((await card.locator('.deal-action-main strong').textContent())!.trim());
    expect(await card.locator('.deal-action-reasons li').count()).toBeGreaterThan(0);
    expect(await card.getByRole('list', { name: 'Action probabilities' }).locator('li').count()).toBe(catalog.length);
    await s.page.screenshot({ path: artifactPath('deal-strategy-desktop.png') });
    await card.getByRole('button', { name: 'Make it a task' }).click();
    await card.getByText('Task created.').waitFor();
    const tasks = (await s.owner.api(`/api/activities?type=task&deal_id=${DEAL}`)).data as Json[];
    const task = tasks.find((t) => typeof t.recommendation_id === 'string' && String(t.recommendation_id).startsWith('dr_'));
    expect(task).toBeDefined();

    const p = await s.newPage({ viewport: PHONE, isMobile: true, hasTouch: true });
    await p.goto(`${s.server.base}/deals/${DEAL}`);
    await p.getByRole('region', { name: 'Suggested action' }).locator('.deal-action-main strong').waitFor();
    expect(await p.evaluate(fitsWidth)).toBe(true);
    await p.screenshot({ path: artifactPath('deal-strategy-phone.png') });
  }, 120_000);

  it("shows each open card's suggested action on the pipeline board when asked, and remembers the choice", async () => {
    await s.goto('/pipeline');
    const toggle = s.page.getByRole('button', { name: 'Next actions' });
    await s.page.locator('.stage-column .deal-card').first().waitFor();
    expect(await s.page.locator('.deal-next').count()).toBe(0);
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    const card = s.page.locator('.stage-column[data-stage="lead"] .deal-card').first();
    await card.locator('.deal-next-action').waitFor();
    const id = (await card.getAttribute('data-deal-id'))!;
    const [preview] = (await s.owner.api(`/api/deals/next-actions?ids=${id}`)).data as Json[];
    expect((await card.locator('.deal-next-action').textContent())!.trim()).toBe(`Next: ${preview!.label}`);
    // Closed columns show none; the choice survives a reload.
    expect(await s.page.locator('.stage-column[data-stage="closed_won"] .deal-next').count()).toBe(0);
    await s.page.reload();
    await s.page.locator('.stage-column[data-stage="lead"] .deal-card .deal-next-action').first().waitFor();
    await s.page.screenshot({ path: artifactPath('board-next-actions-desktop.png') });
    await s.page.getByRole('button', { name: 'Next actions' }).click();
    expect(s.pageErrors).toEqual([]);
  }, 120_000);
});
