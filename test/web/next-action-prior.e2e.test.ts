/**
 * Next action in a new workspace (issue 18): before any outcome every action has the same prior, and the card says
 * that nothing has been learned yet instead of showing the prior's guess as a learned response rate; after one
 * outcome it shows the rate. At 1440×900 and 390×844.
 */
import { describe, expect, it } from 'vitest';
import { artifactPath, browserAvailable } from './browser.js';
import { browserSuite } from './session.js';

const CONTACT = 'ct_00003';
const fitsWidth = () => document.documentElement.scrollWidth <= window.innerWidth + 1;

(browserAvailable ? describe : describe.skip)('next action before anything is learned', () => {
  const s = browserSuite();

  it('says nothing has been learned yet (no rate shown), then shows the learned rate after an outcome', async () => {
    await s.goto(`/contacts/${CONTACT}`);
    const card = s.page.getByRole('region', { name: 'Next action' });
    await card.locator('.nba-action').waitFor();
    const prior = card.locator('.nba-rate');
    await prior.getByText(/^Nothing learned yet/).waitFor();
    expect(await prior.textContent()).not.toMatch(/\d+%/);
    expect(await card.locator('.nba-bar').count()).toBe(0);
    await card.getByText(/^Other options \(\d+\)$/).click();
    expect(await card.locator('.nba-alternatives li').first().textContent()).toMatch(/nothing learned yet/);
    await s.phone();
    expect(await s.page.evaluate(fitsWidth)).toBe(true);
    await s.page.screenshot({ path: artifactPath('next-action-prior-phone.png') });
    await s.desktop();

    // One outcome: that action's estimate moves away from the prior and the card shows rates again.
    const shown = ((await s.owner.api(`/api/recommendations?contact_id=${CONTACT}`)).data as { id: string }[]).at(-1)!;
    expect((await s.owner.call(`/api/recommendations/${shown.id}/outcome`, { json: { outcome: 'responded' } })).status).toBe(204);
    await s.goto(`/contacts/${CONTACT}`);
    await card.locator('.nba-action').waitFor();
    expect(await card.locator('.nba-rate').textContent()).toMatch(/\d+% expected to respond \(likely \d+%–\d+%\)/);
    expect(await card.locator('.nba-bar').count()).toBe(1);
    expect(s.pageErrors).toEqual([]);
  });
});
