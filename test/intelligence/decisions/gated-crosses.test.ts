/**
 * Crosses gated by their evidence (CorrelatedPosterior with gateCrosses): a cross group starts off and is on only
 * while its Savage–Dickey Bayes factor at a refit says the data need it; main effects are never switched off.
 * Synthetic worlds of their own (no benchmark's data).
 */
import { describe, expect, it } from 'vitest';
import { CorrelatedPosterior } from '../../../src/intelligence/decisions/index.js';
import { mulberry32 } from '../../../src/intelligence/scoring/learn/rng.js';

/** Two attributes of 4 and 5 levels with main effects, and (with `cells`) an interaction of that sd. */
function world(seed: number, cells: number) {
  const rng = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const a = Array.from({ length: 4 }, () => 0.5 * normal());
  const b = Array.from({ length: 5 }, () => 0.5 * normal());
  const ab = Array.from({ length: 20 }, () => cells * normal());
  const sample = (n: number) =>
    Array.from({ length: n }, () => {
      const i = Math.floor(rng() * 4);
      const j = Math.floor(rng() * 5);
      const z = -2 + a[i]! + b[j]! + ab[i * 5 + j]!;
      return { f: ['bias', `a=${i}`, `b=${j}`, `a=${i}&b=${j}`], z, y: rng() < 1 / (1 + Math.exp(-z)) };
    });
  return { sample };
}

const rmse = (p: CorrelatedPosterior, test: { f: string[]; z: number }[], strip = false) =>
  Math.sqrt(test.reduce((s, t) => s + (p.moments('email', strip ? t.f.slice(0, 3) : t.f).mean - t.z) ** 2, 0) / test.length);

describe('crosses gated by their evidence', () => {
  it('starts a cross off: before any refit it adds nothing to a context’s variance', () => {
    const gated = new CorrelatedPosterior(1, { learnGroupVariances: true, gateCrosses: true });
    const plain = new CorrelatedPosterior(1, { learnGroupVariances: true });
    expect(gated.moments('email', ['a=1&b=2']).variance).toBeLessThan(0.001);
    expect(plain.moments('email', ['a=1&b=2']).variance).toBeCloseTo(0.25, 10);
    gated.update('email', ['bias', 'a=1', 'b=2', 'a=1&b=2'], true);
    expect(gated.moments('email', ['a=1&b=2']).variance).toBeLessThan(0.001);
    expect(gated.moments('email', ['a=1']).variance).toBeGreaterThan(0.1);
  });

  for (const seed of [1, 2]) {
    it(`keeps a cross that explains nothing off and turns on one the data need (seed ${seed})`, () => {
      const flat = world(seed, 0);
      const crossed = world(seed + 10, 0.9);
      const fit = (data: ReturnType<ReturnType<typeof world>['sample']>, gateCrosses: boolean) => {
        const p = new CorrelatedPosterior(1, { learnGroupVariances: true, gateCrosses });
        for (const d of data) p.update('email', d.f, d.y);
        return p;
      };
      const noCross = fit(flat.sample(6000), true);
      expect(noCross.groupsOff('email')).toEqual(['a&b']);
      const data = crossed.sample(6000);
      const test = crossed.sample(2000);
      const withCross = fit(data, true);
      expect(withCross.groupsOff('email')).toEqual([]);
      // On, it is learned: better than main effects alone (the same data without the cross features).
      const mainOnly = fit(data.map((d) => ({ ...d, f: d.f.slice(0, 3) })), true);
      expect(rmse(withCross, test)).toBeLessThan(0.8 * rmse(mainOnly, test, true));
    });
  }

  it('a snapshot keeps which crosses are on and goes on to the same posterior', () => {
    const w = world(7, 0.9);
    const data = w.sample(3000);
    const opts = { learnGroupVariances: true, gateCrosses: true };
    const straight = new CorrelatedPosterior(1, opts);
    for (const d of data) straight.update('email', d.f, d.y);
    const first = new CorrelatedPosterior(1, opts);
    for (const d of data.slice(0, 1500)) first.update('email', d.f, d.y);
    const restored = CorrelatedPosterior.fromJSON(JSON.parse(JSON.stringify(first)), 1, opts);
    for (const d of data.slice(1500)) restored.update('email', d.f, d.y);
    for (const f of [data[0]!.f, ['bias', 'a=2', 'b=4', 'a=2&b=4']]) expect(restored.moments('email', f).mean).toBeCloseTo(straight.moments('email', f).mean, 8);
    expect(restored.groupsOff('email')).toEqual(straight.groupsOff('email'));
  });
});
