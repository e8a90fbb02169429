/** Feature encoding shared by the learned strategies: out-of-fold rates, pairs, and a JSON round trip. */
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/intelligence/scoring/features.js';
import { encode, encodeTraining, featureNames, fitEncoding } from '../../../src/intelligence/scoring/encoding.js';
import { logisticStrategy, STRATEGY, type Example } from '../../../src/intelligence/scoring/strategies.js';
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

describe('learning from the newest outcomes', () => {
  it('fits every learned strategy again with the calibration records once settings are chosen, so a pattern that only they show is learned', async () => {
    const rng = mulberry32(5);
    const make = (n: number, from: number, signal: boolean): Example[] =>
      Array.from({ length: n }, (_, i) => {
        const hot = rng() < 0.5;
        const label = (rng() < (signal ? (hot ? 0.9 : 0.1) : 0.5) ? 1 : 0) as 0 | 1;
        return { snap: snap(`dl_${from + i}`, { product: hot ? 'hot' : 'cold', region: rng() < 0.5 ? 'a' : 'b' }, { x: hot ? 1 : 0 }), label, weight: 1 };
      });
    // The older outcomes say nothing; the newer ones (the calibration slice) show the pattern.
    const older = make(600, 0, false);
    const newer = make(200, 1000, true);
    for (const name of ['logistic', 'naive-bayes', 'neural'] as const) {
      const strategy = STRATEGY[name];
      const gap = async (opts: { newer?: Example[] }) => {
        const model = await strategy.train(older, newer, { uncertainty: false, ...opts });
        const p = (hot: boolean) => model.predict(snap('dl_new', { product: hot ? 'hot' : 'cold', region: 'a' }, { x: hot ? 1 : 0 })).probability;
        return p(true) - p(false);
      };
      const without = await gap({});
      const withNewer = await gap({ newer });
      // Without them the calibrator (fitted on the newer slice) can only stretch what the older fit happened to find.
      expect(withNewer, name).toBeGreaterThan(without + 0.15);
      expect(withNewer, name).toBeGreaterThan(0.2);
    }
  }, 60_000);
});
