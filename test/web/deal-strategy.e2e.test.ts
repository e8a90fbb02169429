/**
 * Deal strategy (issue 19) in a real browser, at 1440×900 and 390×844: an open deal's page shows the suggested action
 * of the week with its reasons and a probability per action; "Make it a task" creates a task on the deal that carries
 * the recommendation's id (which spends the deal's effort budget).
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
});
