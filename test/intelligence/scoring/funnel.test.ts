/**
 * Funnel evidence: the share of future wins at each open position, read from how open records at that position
 * resemble won and lost ones, and its effect on scores.
 */
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/intelligence/scoring/features.js';
import { estimateFunnel, FunnelAdjustedModel, nonDecreasing, withFunnel } from '../../../src/intelligence/scoring/funnel.js';
import { mulberry32 } from '../../../src/intelligence/scoring/learn/index.js';
import { logisticStrategy, type Example, type ScoreModel } from '../../../src/intelligence/scoring/strategies.js';

const FUNNEL = { field: 'stage', order: ['early', 'middle', 'late'] };

/** A normal deviate from two uniforms (Box–Muller). */
const gaussian = (rng: () => number) => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());

/**
 * Records whose one feature is noisy evidence of the outcome (mean 1 for winners, 0 for losers); open records sit
 * at a position whose share of winners is `shares[position]`, and their feature depends on the outcome alone.
 */
function world(seed: number, shares: Record<string, number>, signal = 1, drive: Record<string, number> = {}) {
  const rng = mulberry32(seed);
  // `drive` moves the feature of open records at a position whatever their outcome (the position drives the feature).
  const snap = (i: number, y: number, funnel?: string): Snapshot => ({
    subject: 'deal', id: `d${i}`, at: 0, numeric: { x: signal * y + gaussian(rng) + (funnel ? (drive[funnel] ?? 0) : 0) }, categorical: {}, phrases: new Set(), facts: {}, ...(funnel ? { funnel } : {}),
  });
  const resolved = (n: number, from: number): Example[] =>
    Array.from({ length: n }, (_, i) => {
      const y = rng() < 0.5 ? 1 : 0;
      return { snap: snap(from + i, y), label: y as 0 | 1, weight: 1 };
    });
  const open: Snapshot[] = [];
  let i = 10_000;
  for (const [position, share] of Object.entries(shares)) for (let k = 0; k < 300; k++) open.push(snap(i++, rng() < share ? 1 : 0, position));
  return { train: resolved(1500, 0), heldOut: resolved(600, 5000), open };
}

function fitted(w: ReturnType<typeof world>): ScoreModel {
  return logisticStrategy.train(w.train, undefined, { uncertainty: false }) as ScoreModel;
}

describe('funnel evidence', () => {
  it('recovers the share of future wins at each position from the features of the open records there', () => {
    const w = world(7, { early: 0.2, middle: 0.5, late: 0.8 });
    const evidence = estimateFunnel(fitted(w), FUNNEL, w)!;
    expect(evidence.field).toBe('stage');
    expect(evidence.counts).toEqual({ early: 300, middle: 300, late: 300 });
    // Shrinkage towards the mean share pulls each a little inwards; the order and the spread remain.
    expect(evidence.rates.early).toBeGreaterThan(0.1);
    expect(evidence.rates.early).toBeLessThan(0.33);
    expect(evidence.rates.middle).toBeGreaterThan(0.38);
    expect(evidence.rates.middle).toBeLessThan(0.62);
    expect(evidence.rates.late).toBeGreaterThan(0.67);
    expect(evidence.shifts.early).toBeLessThan(-0.5);
    expect(Math.abs(evidence.shifts.middle!)).toBeLessThan(0.3);
    expect(evidence.shifts.late).toBeGreaterThan(0.5);
    for (const s of Object.values(evidence.shifts)) expect(Math.abs(s)).toBeLessThanOrEqual(1);
  });

  it('never ranks a later position below an earlier one, and gives positions without open records the mean', () => {
    const w = world(11, { early: 0.6, middle: 0.3 });
    const evidence = estimateFunnel(fitted(w), FUNNEL, w)!;
    expect(evidence.rates.early).toBeCloseTo(evidence.rates.middle!, 6);
    expect(evidence.counts.late).toBe(0);
    expect(evidence.rates.late).toBeGreaterThanOrEqual(evidence.rates.middle!);
  });

  it('says nothing when a position drives the features (an impossible share of wins shows it)', () => {
    // Open records at "late" look far better than any winner: no share of winners explains that.
    const w = world(19, { early: 0.4, middle: 0.5, late: 0.6 }, 1, { late: 2 });
    expect(estimateFunnel(fitted(w), FUNNEL, w)).toBeUndefined();
    // The same shares without the push are read.
    const plain = world(19, { early: 0.4, middle: 0.5, late: 0.6 });
    expect(estimateFunnel(fitted(plain), FUNNEL, plain)).toBeDefined();
  });

  it('says nothing when the model cannot tell won from lost', () => {
    const w = world(13, { early: 0.2, late: 0.8 }, 0);
    expect(estimateFunnel(fitted(w), FUNNEL, w)).toBeUndefined();
  });

  it('moves an open record by its position, names the position as a factor and keeps it in the stored form', () => {
    const w = world(17, { early: 0.2, middle: 0.5, late: 0.8 });
    const model = fitted(w);
    const evidence = estimateFunnel(model, FUNNEL, w)!;
    const adjusted = new FunnelAdjustedModel(model, evidence);
    const late = w.open.find((s) => s.funnel === 'late')!;
    const before = model.predict(late);
    const after = adjusted.predict(late);
    const logOdds = (p: number) => Math.log(p / (1 - p));
    expect(logOdds(after.probability) - logOdds(before.probability)).toBeCloseTo(evidence.shifts.late!, 6);
    expect(after.factors.find((f) => f.feature === 'stage=late')?.effect).toBe(evidence.shifts.late);
    expect(after.interval[0]).toBeLessThanOrEqual(after.probability);
    expect(after.interval[1]).toBeGreaterThanOrEqual(after.probability);
    // A resolved record (no position) scores as before.
    expect(adjusted.predict(w.heldOut[0]!.snap)).toEqual(model.predict(w.heldOut[0]!.snap));
    // Restored from JSON, the evidence comes back with the model; a model stored without it stays as it was.
    const json = JSON.parse(JSON.stringify(adjusted.toJSON()));
    expect(withFunnel(logisticStrategy.restore(json), json).predict(late).probability).toBeCloseTo(after.probability, 12);
    const plain = JSON.parse(JSON.stringify(model.toJSON()));
    expect(withFunnel(logisticStrategy.restore(plain), plain)).not.toBeInstanceOf(FunnelAdjustedModel);
  });
});

describe('nonDecreasing (pool adjacent violators)', () => {
  it('pools out-of-order neighbours by weight and leaves ordered values alone', () => {
    expect(nonDecreasing([0.1, 0.2, 0.3], [1, 1, 1])).toEqual([0.1, 0.2, 0.3]);
    expect(nonDecreasing([0.4, 0.2, 0.5], [1, 3, 1])).toEqual([0.25, 0.25, 0.5]);
    const pooled = nonDecreasing([0.9, 0.5, 0.1], [1, 1, 2]);
    for (const v of pooled) expect(v).toBeCloseTo(0.4, 12);
  });
});
