/**
 * Strength shared across actions (CorrelatedPosterior with shareActions): each weight is a weight common to all
 * actions plus the action's deviation with a learned variance. Where the actions share most of their effects the
 * estimates get closer to the truth than with each action learning alone; where they share nothing the hierarchy
 * costs little (the deviations' variances grow); a posterior stored between refits goes on to the same refits.
 */
import { describe, expect, it } from 'vitest';
import { CorrelatedPosterior, isSharedRefitPoint } from '../../../src/intelligence/decisions/index.js';
import { mulberry32 } from '../../../src/intelligence/scoring/learn/rng.js';

const ACTIONS = ['email', 'call', 'event', 'wait'] as const;
const LEVELS = { role: 8, size: 5, industry: 20, source: 6 } as const;
type Group = keyof typeof LEVELS;

/**
 * Per action a bias of its own and, per group, effects: `common` of them the same for every action, the rest the
 * action's own draw (`deviation` sd around the common effect).
 */
function world(seed: number, deviation: number) {
  const rng = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const groups = Object.keys(LEVELS) as Group[];
  const common = Object.fromEntries(groups.map((g) => [g, Array.from({ length: LEVELS[g] }, () => 0.6 * normal())])) as Record<Group, number[]>;
  const effect = Object.fromEntries(
    ACTIONS.map((a) => [a, Object.fromEntries(groups.map((g) => [g, common[g].map((c) => c + deviation * normal())]))]),
  ) as Record<string, Record<Group, number[]>>;
  const bias = Object.fromEntries(ACTIONS.map((a) => [a, -2.6 + 0.5 * normal()]));
  const draw = () => Object.fromEntries(groups.map((g) => [g, Math.floor(rng() * LEVELS[g])])) as Record<Group, number>;
  const features = (x: Record<Group, number>) => ['bias', ...groups.map((g) => `${g}=${x[g]}`)];
  const logit = (a: string, x: Record<Group, number>) => bias[a]! + groups.reduce((s, g) => s + effect[a]![g][x[g]]!, 0);
  const sample = (n: number) =>
    Array.from({ length: n }, () => {
      const x = draw();
      const a = ACTIONS[Math.floor(rng() * ACTIONS.length)]!;
      const z = logit(a, x);
      return { a, f: features(x), z, y: rng() < 1 / (1 + Math.exp(-z)) };
    });
  return { sample };
}

const rmse = (p: CorrelatedPosterior, test: { a: string; f: string[]; z: number }[]) =>
  Math.sqrt(test.reduce((s, t) => s + (p.moments(t.a, t.f).mean - t.z) ** 2, 0) / test.length);

function fit(data: ReturnType<ReturnType<typeof world>['sample']>, shareActions: boolean): CorrelatedPosterior {
  const p = new CorrelatedPosterior(1, { learnGroupVariances: true, shareActions });
  for (const d of data) p.update(d.a, d.f, d.y);
  return p;
}

describe('strength shared across actions', () => {
  it('refits on a schedule of all actions’ outcomes, denser early', () => {
    expect([100, 200, 1000, 10000, 12500, 15000].every(isSharedRefitPoint)).toBe(true);
    expect([1, 99, 101, 11000, 12000].some(isSharedRefitPoint)).toBe(false);
  });

  for (const seed of [1, 2]) {
    it(`estimates every action better than actions learning alone when they share most effects (seed ${seed})`, () => {
      const w = world(seed, 0.15);
      const data = w.sample(6000);
      const test = w.sample(3000);
      const shared = fit(data, true);
      const alone = fit(data, false);
      expect(rmse(shared, test)).toBeLessThan(0.85 * rmse(alone, test));
      // The shared weights carry the common effects: the role weights are far from zero in some levels.
      const roles = Array.from({ length: LEVELS.role }, (_, i) => shared.sharedWeight(`role=${i}`) ?? 0);
      expect(Math.max(...roles.map(Math.abs))).toBeGreaterThan(0.3);
    });
  }

  it('costs little when the actions share nothing (the deviations’ variances grow)', () => {
    const w = world(3, 0.6);
    const data = w.sample(6000);
    const test = w.sample(3000);
    expect(rmse(fit(data, true), test)).toBeLessThan(1.1 * rmse(fit(data, false), test));
  });

  it('restores from a snapshot between refits and goes on to the same refits', () => {
    const w = world(4, 0.15);
    const data = w.sample(2500);
    const straight = fit(data, true);
    const first = fit(data.slice(0, 1234), true);
    const restored = CorrelatedPosterior.fromJSON(JSON.parse(JSON.stringify(first)), 1, { learnGroupVariances: true, shareActions: true });
    for (const d of data.slice(1234)) restored.update(d.a, d.f, d.y);
    for (const a of ACTIONS)
      for (const f of [data[0]!.f, ['bias', 'role=3', 'industry=unseen']]) {
        expect(restored.moments(a, f).mean).toBeCloseTo(straight.moments(a, f).mean, 8);
        expect(restored.moments(a, f).variance).toBeCloseTo(straight.moments(a, f).variance, 8);
      }
    expect(restored.sharedWeight('role=3')).toBeCloseTo(straight.sharedWeight('role=3')!, 8);
  });
});
