/** Variant assignment and the statistics behind experiment results. */
import { describe, expect, it } from 'vitest';
import { assignVariant } from '../../../src/intelligence/learning/experiments.js';
import { compareMeans, compareProportions, normalCdf, wilsonInterval } from '../../../src/intelligence/scoring/learn/index.js';

describe('assignVariant', () => {
  const exp = { id: 'xp_1', variants: [{ strategy: 'weighted' as const, share: 1 }, { strategy: 'logistic' as const, share: 3 }] };
  it('is stable and follows the shares', () => {
    const ids = Array.from({ length: 8000 }, (_, i) => `dl_${String(i).padStart(5, '0')}`);
    const first = ids.map((id) => assignVariant(exp, id));
    expect(ids.map((id) => assignVariant(exp, id))).toEqual(first);
    const share = first.filter((v) => v === 1).length / ids.length;
    expect(share).toBeGreaterThan(0.73);
    expect(share).toBeLessThan(0.77);
    // Another experiment shuffles records afresh.
    const other = ids.map((id) => assignVariant({ ...exp, id: 'xp_2' }, id));
    expect(other.filter((v, i) => v !== first[i]).length).toBeGreaterThan(ids.length * 0.3);
  });
});

describe('significance', () => {
  it('normal CDF', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 4);
    expect(normalCdf(-1.644854)).toBeCloseTo(0.05, 4);
  });

  it('Wilson interval', () => {
    const [lo, hi] = wilsonInterval(50, 100);
    expect(lo).toBeCloseTo(0.4038, 3);
    expect(hi).toBeCloseTo(0.5962, 3);
    expect(wilsonInterval(0, 10)[0]).toBe(0);
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
  });

  it('two proportions: a textbook case', () => {
    // 60/100 vs 45/100: z ≈ 2.12, p ≈ 0.034
    const c = compareProportions({ successes: 45, n: 100 }, { successes: 60, n: 100 });
    expect(c.difference).toBeCloseTo(0.15, 10);
    expect(c.p).toBeCloseTo(0.034, 2);
    expect(c.interval[0]).toBeGreaterThan(0);
    expect(compareProportions({ successes: 50, n: 100 }, { successes: 50, n: 100 }).p).toBeCloseTo(1, 6);
  });

  it('two means', () => {
    const a = Array.from({ length: 200 }, (_, i) => (i % 10) / 10);
    const b = a.map((x) => x + 0.1);
    const c = compareMeans(a, b);
    expect(c.difference).toBeCloseTo(0.1, 10);
    expect(c.p).toBeLessThan(0.05);
    expect(compareMeans(a, a).p).toBeCloseTo(1, 6);
  });
});
