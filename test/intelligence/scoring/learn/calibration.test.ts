import { describe, expect, it } from 'vitest';
import { applyPlatt, brier, expectedCalibrationError, fitPlatt, logLoss, mulberry32, reliabilityTable } from '../../../../src/intelligence/scoring/learn/index.js';
import { gaussian, sigmoid } from './synthetic.js';

/** Outcomes drawn from true probabilities q, plus a deliberately miscalibrated version p = q³. */
function miscalibrated(n: number, seed: number) {
  const rng = mulberry32(seed);
  const q: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    q.push(0.05 + 0.9 * rng());
    y.push(rng() < q[i]! ? 1 : 0);
  }
  return { q, y, p: q.map((v) => v ** 3) };
}

describe('Platt scaling', () => {
  it('improves Brier, log-loss and ECE on held-out data for p = q³', () => {
    const fitSet = miscalibrated(3000, 1);
    const test = miscalibrated(3000, 2);
    const c = fitPlatt(fitSet.p, fitSet.y);
    const calibrated = test.p.map((p) => applyPlatt(c, p));
    expect(brier(calibrated, test.y)).toBeLessThan(brier(test.p, test.y) - 0.02);
    expect(logLoss(calibrated, test.y)).toBeLessThan(logLoss(test.p, test.y));
    const ece = (ps: number[]) => expectedCalibrationError(reliabilityTable(ps, test.y));
    expect(ece(calibrated)).toBeLessThan(0.05);
    expect(ece(test.p)).toBeGreaterThan(0.15);
  });

  it('recovers a known slope and intercept (a = 2, b = −0.5 within ±0.1)', () => {
    const rng = mulberry32(3);
    const normal = gaussian(rng);
    const probs: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 20000; i++) {
      const s = 1.5 * normal();
      probs.push(sigmoid(s));
      labels.push(rng() < sigmoid(2 * s - 0.5) ? 1 : 0);
    }
    const c = fitPlatt(probs, labels);
    expect(Math.abs(c.a - 2)).toBeLessThan(0.1);
    expect(Math.abs(c.b + 0.5)).toBeLessThan(0.1);
  });

  it('leaves already-calibrated probabilities nearly unchanged (a ≈ 1, b ≈ 0)', () => {
    const { q, y } = miscalibrated(20000, 4);
    const c = fitPlatt(q, y);
    expect(Math.abs(c.a - 1)).toBeLessThan(0.1);
    expect(Math.abs(c.b)).toBeLessThan(0.1);
  });

  it('applyPlatt with a = 1, b = 0 is the identity and is monotone for a > 0', () => {
    for (const p of [0.01, 0.3, 0.5, 0.97]) expect(applyPlatt({ a: 1, b: 0 }, p)).toBeCloseTo(p, 12);
    const c = { a: 0.5, b: 0.2 };
    expect(applyPlatt(c, 0.2)).toBeLessThan(applyPlatt(c, 0.4));
    expect(Number.isFinite(applyPlatt(c, 0)) && Number.isFinite(applyPlatt(c, 1))).toBe(true);
  });

  it('stays finite on perfectly separated or constant inputs', () => {
    const sep = fitPlatt([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1]);
    expect(Number.isFinite(sep.a) && Number.isFinite(sep.b) && sep.a > 0).toBe(true);
    const flat = fitPlatt([0.3, 0.3, 0.3, 0.3], [0, 1, 1, 1]);
    expect(Number.isFinite(flat.a) && Number.isFinite(flat.b)).toBe(true);
    // Smoothed targets (3+1)/(3+2) and 1/(1+2): the constant input maps to their mean, 0.675.
    expect(applyPlatt(flat, 0.3)).toBeCloseTo((0.8 * 3 + 1 / 3) / 4, 6);
  });

  it('rejects empty or invalid input', () => {
    expect(() => fitPlatt([], [])).toThrow(RangeError);
    expect(() => fitPlatt([0.5], [0.5])).toThrow(RangeError);
  });
});
