/** Feature encoding shared by the learned strategies: out-of-fold rates, pairs, and a JSON round trip. */
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/intelligence/scoring/features.js';
import { encode, encodeTraining, featureNames, fitEncoding } from '../../../src/intelligence/scoring/encoding.js';
import { logisticStrategy, type Example } from '../../../src/intelligence/scoring/strategies.js';
import { mulberry32 } from '../../../src/intelligence/scoring/learn/index.js';

const snap = (id: string, categorical: Record<string, string>, numeric: Record<string, number> = {}): Snapshot => ({
  subject: 'deal', id, at: 0, numeric: { x: 0, ...numeric }, categorical, phrases: new Set(), facts: {},
});

describe('rates (target encoding)', () => {
  it("never let a training row's own outcome into its rate", () => {
    // Every record has a value of its own: a rate fitted with the row would be pulled towards its label.
    const examples: Example[] = Array.from({ length: 40 }, (_, i) => ({ snap: snap(`dl_${i}`, { uid: `u${i}`, product: 'A' }), label: (i % 2) as 0 | 1, weight: 1 }));
    const e = fitEncoding(examples.map((x) => x.snap), examples);
    const col = featureNames(e).indexOf('rate:uid');
    expect(col).toBeGreaterThanOrEqual(0);
    const inSample = examples.map((x) => encode(e, x.snap)[col]!);
    const outOfFold = encodeTraining(e, examples).map((r) => r[col]!);
    // In sample, winners and losers get visibly different rates; out of fold, the value is unseen: all near the prior.
    expect(inSample[1]! - inSample[0]!).toBeGreaterThan(0.05);
    for (const v of outOfFold) expect(Math.abs(v)).toBeLessThan(0.25);
  });

  it('rates pairs of fields when asked, so a product can sell to one industry and not another', () => {
    const examples: Example[] = [];
    const rng = mulberry32(3);
    for (let i = 0; i < 400; i++) {
      const product = rng() < 0.5 ? 'Payments' : 'Analytics';
      const industry = rng() < 0.5 ? 'Fintech' : 'Retail';
      // Pure interaction: neither field alone says anything.
      const good = (product === 'Payments') === (industry === 'Fintech');
      examples.push({ snap: snap(`dl_${i}`, { product, industry }), label: (rng() < (good ? 0.85 : 0.15) ? 1 : 0) as 0 | 1, weight: 1 });
    }
    const withPairs = fitEncoding(examples.map((x) => x.snap), examples, true);
    expect(featureNames(withPairs)).toContain('rate:industry×product');
    expect(featureNames(fitEncoding(examples.map((x) => x.snap), examples, false))).not.toContain('rate:industry×product');
    // The model picks pairs on the calibration slice and separates the cells a linear model on one-hots cannot.
    const model = logisticStrategy.train(examples.slice(0, 300), examples.slice(300), { uncertainty: false });
    const p = (product: string, industry: string) => (model as { predict(s: Snapshot): { probability: number } }).predict(snap('dl_new', { product, industry })).probability;
    expect(p('Payments', 'Fintech')).toBeGreaterThan(0.7);
    expect(p('Payments', 'Retail')).toBeLessThan(0.3);
    expect(p('Analytics', 'Retail')).toBeGreaterThan(0.7);
  });
});
