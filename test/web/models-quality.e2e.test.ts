/**
 * Score quality on the Models screen (issue 17) in a real browser: with the shared stage history recorded and the
 * models trained, the deals panel says stages are learned from history and shows the default model's reliability
 * (probability bins, observed rates, counts), its per-stage win rates beside the observed ones and the stage
 * conversion, as the API has them, and the hand-set baseline's AUC and Brier.
 */
import { describe, expect, it } from 'vitest';
import { SHARED_AVAILABLE } from '../support/backends.js';
import { browserAvailable } from './browser.js';
import { browserSuite, type Json } from './session.js';

(browserAvailable && SHARED_AVAILABLE ? describe : describe.skip)('score quality on the Models screen', () => {
  const s = browserSuite();

  it("shows the default deal model's reliability and its per-stage win rates beside the observed ones", async () => {
    const trained = await s.api('/api/models/train', { method: 'POST' });
    expect(trained.trained.length).toBeGreaterThan(0);
    const deal = ((await s.api('/api/models')).targets as Json[]).find((t) => t.target === 'deal')!;
    expect(deal.stage_evidence).toBe('history');

    await s.goto('/models');
    const panel = s.page.getByTestId('score-quality-deal');
    await panel.waitFor();
    expect(await panel.getByTestId('stage-evidence').getAttribute('data-evidence')).toBe('history');
    const reliability = panel.getByRole('table', { name: `Reliability of ${deal.quality.strategy}` });
    const bins = (deal.quality.reliability as Json[]).filter((b) => b.count > 0);
    expect(await reliability.locator('tbody tr').count()).toBe(bins.length);
    const firstBin = await reliability.locator('tbody tr').first().locator('td').allTextContents();
    expect(firstBin.slice(1)).toEqual([`${Math.round(bins[0]!.meanPredicted * 100)}%`, `${Math.round(bins[0]!.observedRate * 100)}%`, String(bins[0]!.count)]);
    const stages = panel.getByRole('table', { name: `Win rate per stage, ${deal.quality.strategy} vs observed` });
    expect(await stages.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-stage')))).toEqual(['lead', 'qualified', 'proposal', 'negotiation']);
    const negotiation = (deal.quality.stages as Json[]).find((r) => r.stage === 'negotiation')!;
    expect(await stages.locator('tr[data-stage="negotiation"] td').allTextContents()).toEqual([
      'negotiation', `${Math.round(negotiation.predicted * 100)}%`, `${Math.round(negotiation.observed * 100)}%`, String(negotiation.records), `${Math.round(negotiation.conversion * 100)}%`, String(negotiation.reached),
    ]);
    // The hand-set baseline's figures on the same newer outcomes, from the last training (not only after "Train now").
    const weighted = s.page.getByRole('table', { name: 'deal strategies' }).locator('tr[data-strategy="weighted"] td');
    expect((await weighted.allTextContents()).slice(3, 5)).toEqual([deal.baseline.auc.toFixed(3), deal.baseline.brier.toFixed(3)]);
    await s.shot('models-score-quality');
    expect(s.pageErrors).toEqual([]);
  }, 600_000);
});
