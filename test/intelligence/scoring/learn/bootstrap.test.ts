import { describe, expect, it } from 'vitest';
import { bootstrapEnsemble, mulberry32, predictLogistic, trainLogistic, type LogisticModel } from '../../../../src/intelligence/scoring/learn/index.js';
import { logisticData } from './synthetic.js';

function logisticEnsemble(n: number, seed: number) {
  const data = logisticData(n, 100 + n);
  return bootstrapEnsemble(
    n,
    (idx) => trainLogistic({ x: [...idx].map((i) => data.x[i]!), y: Uint8Array.from(idx, (i) => data.y[i]!), featureNames: data.featureNames }),
    (m: LogisticModel, row: Float64Array) => predictLogistic(m, row),
    { seed },
  );
}

const queries = [Float64Array.of(1, -3, 50), Float64Array.of(3, -3.5, 60), Float64Array.of(-1, -2.5, 40), Float64Array.of(2, -3, 45)];

describe('mulberry32', () => {
  it('is deterministic per seed, differs across seeds, and stays in [0, 1)', () => {
    const a = mulberry32(123);
    const b = mulberry32(123);
    const c = mulberry32(124);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
    expect(xs.every((v) => v >= 0 && v < 1)).toBe(true);
    const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
  });
});

describe('bootstrapEnsemble', () => {
  it('draws `members` (default 20) resamples of n indices with replacement, in range', () => {
    const seen: Uint32Array[] = [];
    const e = bootstrapEnsemble(50, (idx) => (seen.push(idx), idx.length), (m: number) => m);
    expect(e.members).toHaveLength(20);
    expect(seen.every((idx) => idx.length === 50 && idx.every((i) => i < 50))).toBe(true);
    expect(seen.some((idx) => new Set(idx).size < 50)).toBe(true); // with replacement
  });

  it('is deterministic given a seed and changes with it', () => {
    const a = logisticEnsemble(200, 7);
    const b = logisticEnsemble(200, 7);
    const c = logisticEnsemble(200, 8);
    for (const q of queries) expect(b.predict(q)).toEqual(a.predict(q));
    expect(queries.some((q) => c.predict(q).mean !== a.predict(q).mean)).toBe(true);
  });

  it('returns lo ≤ mean ≤ hi, with mean the average member prediction', () => {
    const e = logisticEnsemble(200, 1);
    for (const q of queries) {
      const r = e.predict(q);
      expect(r.lo).toBeLessThanOrEqual(r.mean);
      expect(r.mean).toBeLessThanOrEqual(r.hi);
      const avg = e.members.reduce((s, m) => s + predictLogistic(m, q), 0) / e.members.length;
      expect(r.mean).toBeCloseTo(avg, 12);
    }
  });

  it('widens the interval to contain the mean when the ensemble is skewed', () => {
    let k = 0;
    // Members predict 0, 0.9, 0.9, …: the 10th percentile is 0.9 but the mean is 0.855.
    const e = bootstrapEnsemble(5, () => k++, (m: number) => (m === 0 ? 0 : 0.9));
    const r = e.predict(null);
    expect(r.mean).toBeCloseTo(0.855, 12);
    expect(r.lo).toBe(r.mean);
    expect(r.hi).toBeCloseTo(0.9, 12);
  });

  it('uses lo/hi as quantile fractions (0 and 1 give the min and max)', () => {
    let k = 0;
    const e = bootstrapEnsemble(5, () => k++, (m: number) => m / 10, { members: 11, lo: 0, hi: 1 });
    expect(e.predict(null)).toEqual({ mean: 0.5, lo: 0, hi: 1 });
    k = 0;
    const q = bootstrapEnsemble(5, () => k++, (m: number) => m / 10, { members: 11, lo: 0.25, hi: 0.75 });
    const r = q.predict(null);
    expect(r.lo).toBeCloseTo(0.25, 12);
    expect(r.hi).toBeCloseTo(0.75, 12);
    expect(() => bootstrapEnsemble(5, () => 0, () => 0, { lo: 10, hi: 90 })).toThrow(RangeError);
  });

  it('gives wider intervals for a tiny training set than for a large one', () => {
    const width = (n: number) => {
      const e = logisticEnsemble(n, 3);
      return queries.reduce((s, q) => {
        const r = e.predict(q);
        return s + (r.hi - r.lo);
      }, 0) / queries.length;
    };
    const tiny = width(40);
    const large = width(2000);
    expect(tiny).toBeGreaterThan(2 * large);
    expect(large).toBeGreaterThan(0);
  });
});
