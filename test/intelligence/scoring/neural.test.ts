/** The neural strategy: learns an interaction a linear model cannot, serialises exactly, is reproducible and honest. */
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/intelligence/scoring/features.js';
import { STRATEGY, type Example, type ScoreModel } from '../../../src/intelligence/scoring/strategies.js';
import { NeuralScoreModel, trainNeural, type NeuralJson, type NeuralSettings } from '../../../src/intelligence/scoring/neural.js';
import { auc, mulberry32 } from '../../../src/intelligence/scoring/learn/index.js';
import { gaussian, sigmoid } from './learn/synthetic.js';

const NOISE = 6;

/**
 * Deals whose outcome depends only on the product of two numbers (log-odds 3·a·b): each alone, and any weighted sum
 * of them, says nothing, so logistic regression sits at chance. Six pure-noise numbers come along.
 */
function xorData(n: number, seed: number, prefix: string): Example[] {
  const rng = mulberry32(seed);
  const normal = gaussian(rng);
  return Array.from({ length: n }, (_, i) => {
    const numeric: Record<string, number> = { a: normal(), b: normal() };
    for (let k = 0; k < NOISE; k++) numeric[`noise${k}`] = normal();
    const label = (rng() < sigmoid(3 * numeric.a! * numeric.b!) ? 1 : 0) as 0 | 1;
    const snap: Snapshot = { subject: 'deal', id: `${prefix}${i}`, at: 0, numeric, categorical: {}, phrases: new Set(), facts: {} };
    return { snap, label, weight: 1 };
  });
}

const train = xorData(1200, 1, 'tr_');
const calibration = xorData(300, 2, 'ca_');
const test = xorData(1000, 3, 'te_');
const labels = test.map((e) => e.label);
const aucOf = (m: ScoreModel) => auc(test.map((e) => m.predict(e.snap).probability), labels);
/** Smaller than the defaults so the suite stays quick; the behaviour tested is the same. */
const quick: Partial<NeuralSettings> = { members: 3, maxEpochs: 60, batchSize: 64, l2: [1e-3] };

describe('neural strategy', () => {
  it('is registered', () => {
    expect(STRATEGY.neural.name).toBe('neural');
    expect(STRATEGY.neural.learns).toBe(true);
  });

  it('learns an interaction logistic regression cannot (log-odds 3·a·b)', async () => {
    const logistic = await STRATEGY.logistic.train(train, calibration, { uncertainty: false });
    const neural = await STRATEGY.neural.train(train, calibration, { uncertainty: false });
    const [lin, net] = [aucOf(logistic), aucOf(neural)];
    expect(lin).toBeLessThan(0.6);
    expect(net).toBeGreaterThan(0.78);
    expect(net - lin).toBeGreaterThan(0.2);
    // The two numbers that matter lead the explanation of a deal far from the mean; the noise does not.
    const far = test.find((e) => Math.abs(e.snap.numeric.a!) > 1.5 && Math.abs(e.snap.numeric.b!) > 1.5)!;
    const top = neural.predict(far.snap).factors.slice(0, 2).map((f) => f.feature).sort();
    expect(top).toEqual(['a', 'b']);
  });

  it('round-trips through JSON and predicts identically', async () => {
    const model = await trainNeural(train, calibration, { settings: quick });
    const json = JSON.parse(JSON.stringify(model.toJSON())) as NeuralJson;
    // Plain JSON: weights are arrays of numbers.
    expect(Array.isArray(json.net.w1) && typeof json.net.w1[0]).toBe('number');
    expect(json.members).toHaveLength(3);
    const restored = STRATEGY.neural.restore(json);
    for (const e of test.slice(0, 50)) expect(restored.predict(e.snap)).toEqual(model.predict(e.snap));
  });

  it('gives intervals that contain the probability and are not all points', async () => {
    const model = await trainNeural(train, calibration, { settings: quick });
    let widths = 0;
    for (const e of test.slice(0, 200)) {
      const { probability: p, interval: [lo, hi] } = model.predict(e.snap);
      expect(lo).toBeLessThanOrEqual(p);
      expect(hi).toBeGreaterThanOrEqual(p);
      widths += hi - lo;
    }
    expect(widths / 200).toBeGreaterThan(0.01);
    // Without uncertainty there are no members and the interval is the point.
    const point = await trainNeural(train, calibration, { uncertainty: false, settings: quick });
    const pred = point.predict(test[0]!.snap);
    expect(pred.interval).toEqual([pred.probability, pred.probability]);
  });

  it('is deterministic for a seed, and the seed matters', async () => {
    const a = await trainNeural(train, calibration, { settings: quick });
    const b = await trainNeural(train, calibration, { settings: quick });
    expect(JSON.stringify(b.toJSON())).toBe(JSON.stringify(a.toJSON()));
    const c = await trainNeural(train, calibration, { settings: { ...quick, seed: 8 } });
    expect(c.toJSON().net.w1).not.toEqual(a.toJSON().net.w1);
  });

  it('attributes exactly the log-odds difference from the average training row (integrated gradients)', async () => {
    const model = await trainNeural(train, calibration, { uncertainty: false, settings: quick });
    const { net } = model.toJSON();
    // The log-odds at z = 0 (the training mean): bias plus the active hidden units' biases.
    const atMean = net.b + net.b1.reduce((sum, b1, k) => sum + net.w2[k]! * Math.max(0, b1), 0);
    for (const e of test.slice(0, 30)) {
      const total = model.attribution(e.snap).reduce((sum, f) => sum + f.effect, 0);
      expect(total).toBeCloseTo(model.logOdds(e.snap) - atMean, 9);
      const factors = model.predict(e.snap).factors;
      for (let i = 1; i < factors.length; i++) expect(Math.abs(factors[i - 1]!.effect)).toBeGreaterThanOrEqual(Math.abs(factors[i]!.effect));
    }
  });

  it('restores into a model that refuses mismatched weights', () => {
    const bad = { strategy: 'neural', encoding: { numeric: ['a'], onehot: [], phrases: [], rates: [] }, standardizer: { mean: [0], std: [1] },
      net: { d: 1, hidden: 2, w1: [1], b1: [0, 0], w2: [1, 1], wLin: [0], b: 0 }, members: [], platt: null } as unknown as NeuralJson;
    expect(() => new NeuralScoreModel(bad)).toThrow(RangeError);
  });
});
