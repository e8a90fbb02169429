import { describe, expect, it } from 'vitest';
import { fitStandardizer, standardize } from '../../../../src/intelligence/scoring/learn/index.js';

describe('standardizer', () => {
  const x = [Float64Array.of(1, 10, 0.1), Float64Array.of(3, 10, 0.1), Float64Array.of(5, 10, 0.1)];
  it('fits per-column mean and population std', () => {
    const s = fitStandardizer(x);
    expect(s.mean[0]).toBe(3);
    expect(s.std[0]).toBeCloseTo(Math.sqrt(8 / 3), 12);
  });
  it('maps constant columns to std 1 and exactly 0 after transform (even 0.1, which rounds when averaged)', () => {
    const s = fitStandardizer(x);
    expect(s.std[1]).toBe(1);
    expect(s.std[2]).toBe(1);
    const z = standardize(s, x[0]!);
    expect(z[1]).toBe(0);
    expect(z[2]).toBe(0);
    expect(z[0]).toBeCloseTo(-2 / Math.sqrt(8 / 3), 12);
  });
  it('returns a new array and leaves the input alone', () => {
    const s = fitStandardizer(x);
    const row = Float64Array.of(5, 10, 0.1);
    const z = standardize(s, row);
    expect(z).not.toBe(row);
    expect([...row]).toEqual([5, 10, 0.1]);
  });
  it('throws on ragged rows or no rows', () => {
    expect(() => fitStandardizer([])).toThrow(RangeError);
    expect(() => fitStandardizer([Float64Array.of(1), Float64Array.of(1, 2)])).toThrow(RangeError);
    expect(() => standardize(fitStandardizer(x), Float64Array.of(1))).toThrow(RangeError);
  });
});
