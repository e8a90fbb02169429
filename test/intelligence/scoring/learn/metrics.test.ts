import { describe, expect, it } from 'vitest';
import { auc, brier, expectedCalibrationError, logLoss, reliabilityTable } from '../../../../src/intelligence/scoring/learn/index.js';

describe('auc', () => {
  it('is 1 for a perfect ranking', () => {
    expect(auc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
  });
  it('is 0 for a reversed ranking', () => {
    expect(auc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
  });
  it('is 0.5 when every score ties', () => {
    expect(auc([0.3, 0.3, 0.3, 0.3, 0.3], [0, 1, 0, 1, 1])).toBe(0.5);
  });
  it('counts tied positive/negative pairs as half (hand-computed 5/6)', () => {
    // positives 0.4, 0.8, 0.4; negatives 0.1, 0.4 → pairs 1, ½, 1, 1, 1, ½ → 5/6
    expect(auc([0.1, 0.4, 0.4, 0.8, 0.4], [0, 1, 0, 1, 1])).toBeCloseTo(5 / 6, 12);
  });
  it('does not depend on input order', () => {
    expect(auc([0.4, 0.8, 0.4, 0.1, 0.4], [1, 1, 1, 0, 0])).toBeCloseTo(5 / 6, 12);
  });
  it('matches a brute-force pair count on a random case', () => {
    const s = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9];
    const y = [1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0];
    let wins = 0;
    let pairs = 0;
    for (let i = 0; i < s.length; i++)
      for (let j = 0; j < s.length; j++)
        if (y[i] === 1 && y[j] === 0) {
          pairs++;
          wins += s[i]! > s[j]! ? 1 : s[i] === s[j] ? 0.5 : 0;
        }
    expect(auc(s, y)).toBeCloseTo(wins / pairs, 12);
  });
  it('is NaN when one class is missing', () => {
    expect(auc([0.1, 0.2], [1, 1])).toBeNaN();
  });
  it('rejects labels other than 0/1 and length mismatches', () => {
    expect(() => auc([0.1, 0.2], [0, 2])).toThrow(RangeError);
    expect(() => auc([0.1], [0, 1])).toThrow(RangeError);
  });
});

describe('brier and logLoss', () => {
  it('brier is the hand-computed mean squared error', () => {
    // (0.1² + 0.2² + 0.6²) / 3
    expect(brier([0.9, 0.2, 0.6], [1, 0, 0])).toBeCloseTo(0.41 / 3, 12);
  });
  it('logLoss is the hand-computed mean negative log-likelihood', () => {
    expect(logLoss([0.9, 0.2, 0.6], [1, 0, 0])).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.4)) / 3, 12);
  });
  it('logLoss clips to [eps, 1-eps] (default 1e-6)', () => {
    expect(logLoss([0, 1], [1, 0])).toBeCloseTo(-Math.log(1e-6), 9);
    expect(logLoss([0], [1], 0.01)).toBeCloseTo(-Math.log(0.01), 12);
    expect(Number.isFinite(logLoss([1, 0], [1, 0]))).toBe(true);
  });
});

describe('reliabilityTable and ECE', () => {
  const probs = [0.05, 0.15, 0.12, 0.95, 1.0, 0.0, 0.55];
  const labels = [0, 1, 0, 1, 1, 0, 0];
  it('puts predictions into equal-width bins, omits empty ones, and counts sum to n', () => {
    const t = reliabilityTable(probs, labels);
    expect(t.map((b) => [b.lo, b.hi, b.count])).toEqual([
      [0, 0.1, 2],
      [0.1, 0.2, 2],
      [0.5, 0.6, 1],
      [0.9, 1, 2], // 1.0 lands in the last bin
    ]);
    expect(t.reduce((s, b) => s + b.count, 0)).toBe(probs.length);
    expect(t[1]!.meanPredicted).toBeCloseTo(0.135, 12);
    expect(t[1]!.observedRate).toBe(0.5);
  });
  it('honours a custom bin count', () => {
    const t = reliabilityTable(probs, labels, 2);
    expect(t.map((b) => b.count)).toEqual([4, 3]);
  });
  it('ECE is the count-weighted mean gap (hand-computed)', () => {
    const t = reliabilityTable(probs, labels);
    // bins: |0.025−0|·2 + |0.135−0.5|·2 + |0.55−0|·1 + |0.975−1|·2, over 7
    const expected = (0.025 * 2 + 0.365 * 2 + 0.55 + 0.025 * 2) / 7;
    expect(expectedCalibrationError(t)).toBeCloseTo(expected, 12);
  });
  it('ECE is 0 for a perfectly calibrated table', () => {
    expect(expectedCalibrationError([{ lo: 0.2, hi: 0.3, count: 4, meanPredicted: 0.25, observedRate: 0.25 }])).toBe(0);
  });
});
