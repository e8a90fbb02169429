import { describe, expect, it } from 'vitest';
import { judge, NINE, nineMean, type Replicate } from './replicates.js';

/** A replicate whose nine worlds are `base + shift(world) + noise`. */
function rep(learner: string, worldSeed: number, policySeed: number, value: (w: string) => number): Replicate {
  const rEnd: Record<string, number> = {};
  const r10: Record<string, number> = {};
  for (const w of NINE) { rEnd[w] = value(w); r10[w] = value(w) - 0.06; }
  return { learner, worldSeed, policySeed, rEnd, r10, source: 'run' };
}

/** Deterministic noise in [-1, 1] per (world seed, policy seed, world, learner). */
const noise = (...k: (string | number)[]) => { let h = 2166136261; for (const c of k.join('|')) h = Math.imul(h ^ c.charCodeAt(0), 16777619); return ((h >>> 0) / 2 ** 32) * 2 - 1; };

function grid(shift: (w: string) => number, sd = 0.012) {
  const pairs: { base: Replicate; cand: Replicate }[] = [];
  for (const ws of [1, 2, 3])
    for (const ps of [0, 1, 2])
      pairs.push({
        base: rep('', ws, ps, (w) => 0.85 + sd * noise(ws, ps, w, 'b')),
        cand: rep('x', ws, ps, (w) => 0.85 + shift(w) + sd * noise(ws, ps, w, 'c')),
      });
  return pairs;
}

describe('the replicated promotion rule', () => {
  it('does not adopt an option that changes nothing, and rejects no world for noise alone', () => {
    const v = judge(grid(() => 0));
    expect(v.n).toBe(9);
    expect(v.enough).toBe(true);
    expect(v.pass).toBe(false);
    expect(v.perWorld.every((w) => w.pass)).toBe(true);
  });

  it('adopts a gain of 0.01 on every world over noise of ±0.012 per world', () => {
    const v = judge(grid(() => 0.01));
    expect(v.gain.mean).toBeGreaterThan(2 * v.gain.se);
    expect(v.pass).toBe(true);
  });

  it("refuses a nine-world gain bought with one world's clear loss", () => {
    const v = judge(grid((w) => (w === 'variant:timing' ? -0.04 : 0.015)));
    expect(v.gain.pass).toBe(true);
    expect(v.perWorld.find((w) => w.world === 'variant:timing')!.pass).toBe(false);
    expect(v.pass).toBe(false);
  });

  it('gives no verdict on one world seed', () => {
    const v = judge(grid(() => 0.02).filter((p) => p.base.worldSeed === 1));
    expect(v.enough).toBe(false);
    expect(v.pass).toBe(false);
  });

  it("uses a written run's nine-world mean when its per-world figures are incomplete", () => {
    const r: Replicate = { learner: '', worldSeed: 2, policySeed: 0, rEnd: { 'family:1': 0.7 }, r10: {}, nine50: 0.8345, family10: 0.79, source: 'written' };
    expect(nineMean(r)).toBe(0.8345);
  });
});
