/**
 * Learned prior variances per feature group (automatic relevance determination in the correlated posterior): a
 * group that explains nothing shrinks, one that matters keeps room, the estimate of a context's logit gets closer
 * to the truth than under the fixed prior, the outcomes' sites rebuild the posterior exactly, and a posterior
 * restored from a snapshot (its own, or an older one without sites) goes on to the same refits.
 */
import { describe, expect, it } from 'vitest';
import { CorrelatedPosterior, isGroupRefitPoint, priorGroupOf } from '../../../src/intelligence/decisions/index.js';
import { mulberry32 } from '../../../src/intelligence/scoring/learn/rng.js';

/** A sparse world: of four one-hot groups only `role` and `size` change the response. */
function world(seed: number) {
  const rng = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const levels = { role: 8, size: 5, industry: 30, source: 9 } as const;
  const effect = { role: Array.from({ length: 8 }, () => 0.7 * normal()), size: Array.from({ length: 5 }, () => 0.7 * normal()) };
  const draw = () => Object.fromEntries(Object.entries(levels).map(([g, n]) => [g, Math.floor(rng() * n)])) as Record<keyof typeof levels, number>;
  const features = (x: ReturnType<typeof draw>) => ['bias', ...Object.entries(x).map(([g, v]) => `${g}=${v}`)];
  const logit = (x: ReturnType<typeof draw>) => -2.5 + effect.role[x.role]! + effect.size[x.size]!;
  const sample = (n: number) =>
    Array.from({ length: n }, () => {
      const x = draw();
      return { f: features(x), z: logit(x), y: rng() < 1 / (1 + Math.exp(-logit(x))) };
    });
  return { sample };
}

const rmse = (p: CorrelatedPosterior, test: { f: string[]; z: number }[]) => Math.sqrt(test.reduce((a, t) => a + (p.moments('email', t.f).mean - t.z) ** 2, 0) / test.length);

describe('learned group variances', () => {
  it('names groups by the part before "=" (crosses by both) and refits on a fixed schedule of an action’s outcomes', () => {
    expect(priorGroupOf('industry=software')).toBe('industry');
    expect(priorGroupOf('family=engineering&seniority=vp')).toBe('family&seniority');
    expect(priorGroupOf('industry=media_&_entertainment')).toBe('industry');
    expect(priorGroupOf('bias')).toBeUndefined();
    expect([200, 400, 700, 1000, 2000, 5000].every(isGroupRefitPoint)).toBe(true);
    expect([1, 199, 201, 1500].some(isGroupRefitPoint)).toBe(false);
  });

  for (const seed of [1, 2]) {
    it(`shrinks the groups that explain nothing and estimates contexts better than the fixed prior (seed ${seed})`, () => {
      const w = world(seed);
      const data = w.sample(4000);
      const test = w.sample(2000);
      const learned = new CorrelatedPosterior(1, { learnGroupVariances: true });
      const fixed = new CorrelatedPosterior(1);
      for (const d of data) learned.update('email', d.f, d.y), fixed.update('email', d.f, d.y);
      const v = learned.groupVariances('email');
      expect(v.industry!).toBeLessThan(0.06);
      expect(v.source!).toBeLessThan(0.06);
      expect(v.role!).toBeGreaterThan(0.15);
      expect(v.size!).toBeGreaterThan(0.1);
      expect(rmse(learned, test)).toBeLessThan(0.85 * rmse(fixed, test));
    });
  }

  it('restores from a snapshot — its own, or one without sites — and goes on to the same refits', () => {
    const w = world(3);
    const data = w.sample(1500);
    const straight = new CorrelatedPosterior(1, { learnGroupVariances: true });
    for (const d of data) straight.update('email', d.f, d.y);

    // Stopped at 300 outcomes (between refits at 200 and 400), stored, read back, continued.
    const first = new CorrelatedPosterior(1, { learnGroupVariances: true });
    for (const d of data.slice(0, 300)) first.update('email', d.f, d.y);
    const stored = JSON.parse(JSON.stringify(first));
    const own = CorrelatedPosterior.fromJSON(stored, 1, { learnGroupVariances: true });
    const { sites: _dropped, ...withoutSites } = stored.actions.email;
    const older = CorrelatedPosterior.fromJSON({ ...stored, actions: { email: withoutSites } }, 1, { learnGroupVariances: true });
    for (const d of data.slice(300)) own.update('email', d.f, d.y), older.update('email', d.f, d.y);

    for (const f of [data[0]!.f, data[1]!.f, ['bias', 'role=3', 'industry=unseen']]) {
      // The snapshot keeps the covariance's upper triangle; in memory it is symmetric to rounding only.
      expect(own.moments('email', f).mean).toBeCloseTo(straight.moments('email', f).mean, 10);
      expect(own.moments('email', f).variance).toBeCloseTo(straight.moments('email', f).variance, 10);
      // Sites derived from the stored posterior carry its rounding only.
      expect(older.moments('email', f).mean).toBeCloseTo(straight.moments('email', f).mean, 6);
      expect(older.moments('email', f).variance).toBeCloseTo(straight.moments('email', f).variance, 6);
    }
    for (const [g, v] of Object.entries(straight.groupVariances('email'))) expect(own.groupVariances('email')[g]).toBeCloseTo(v, 10);
  });
});

describe('groups switched off by their evidence (switchGroups)', () => {
  for (const seed of [1, 2]) {
    it(`switches off the groups that explain nothing, keeps the ones that matter, and estimates contexts better (seed ${seed})`, () => {
      const w = world(seed);
      const data = w.sample(4000);
      const test = w.sample(2000);
      const switching = new CorrelatedPosterior(1, { learnGroupVariances: true, switchGroups: true });
      const floored = new CorrelatedPosterior(1, { learnGroupVariances: true });
      for (const d of data) switching.update('email', d.f, d.y), floored.update('email', d.f, d.y);
      expect(switching.groupsOff('email')).toEqual(['industry', 'source']);
      // Off means held at the prior: an unseen industry's weight or a seen one's says (almost) nothing.
      expect(Math.abs(switching.moments('email', ['industry=3']).mean)).toBeLessThan(0.05);
      expect(rmse(switching, test)).toBeLessThan(0.9 * rmse(floored, test));
    });
  }

  it('brings a group back once its evidence is there, and a snapshot keeps which groups are off', () => {
    // A weak but real effect: off early (little data favours the simpler model), on later.
    const rng = mulberry32(10);
    const effect = [0.2, -0.2, 0.2, -0.2];
    const p = new CorrelatedPosterior(1, { learnGroupVariances: true, switchGroups: true });
    let weakOffEarly = false;
    for (let t = 1; t <= 12_000; t++) {
      const v = Math.floor(rng() * 4);
      const z = -2.5 + effect[v]!;
      p.update('email', ['bias', `weak=${v}`, `noise=${Math.floor(rng() * 6)}`], rng() < 1 / (1 + Math.exp(-z)));
      if (t <= 1000 && p.groupsOff('email').includes('weak')) weakOffEarly = true;
      if (t === 1500) {
        const back = CorrelatedPosterior.fromJSON(JSON.parse(JSON.stringify(p)), 1, { learnGroupVariances: true, switchGroups: true });
        expect(back.groupsOff('email')).toEqual(p.groupsOff('email'));
        expect(back.moments('email', ['bias', 'weak=1']).mean).toBeCloseTo(p.moments('email', ['bias', 'weak=1']).mean, 10);
      }
    }
    expect(weakOffEarly).toBe(true);
    expect(p.groupsOff('email')).toEqual(['noise']);
    expect(p.groupVariances('email').weak!).toBeGreaterThan(0.02);
  });
});

describe('coarse to fine: narrow start and the evidence iterated to its fixed point (groupStart, ardIterations)', () => {
  it('keeps a group with no learned variance yet at most as wide as the start, whatever the feature’s own prior', () => {
    const p = new CorrelatedPosterior(1, { learnGroupVariances: true, groupStart: 0.05 });
    const plain = new CorrelatedPosterior(1, { learnGroupVariances: true });
    // An action with no outcomes: the bias keeps its own prior (2.25), a plain feature starts at 0.05 instead of 0.5.
    expect(p.moments('email', ['bias', 'region=emea']).variance).toBeCloseTo(2.25 + 0.05, 10);
    expect(plain.moments('email', ['bias', 'region=emea']).variance).toBeCloseTo(2.25 + 0.5, 10);
    // A cross (0.25 of its own) is narrowed too, and a start wider than the feature’s prior changes nothing.
    expect(p.moments('email', ['family=it&seniority=vp']).variance).toBeCloseTo(0.05, 10);
    const wide = new CorrelatedPosterior(1, { learnGroupVariances: true, groupStart: 5 });
    expect(wide.moments('email', ['family=it&seniority=vp']).variance).toBeCloseTo(0.25, 10);
  });

  it('narrows main-effect groups only with groupStartMainOnly: a cross starts at its own prior, before and after outcomes', () => {
    const p = new CorrelatedPosterior(1, { learnGroupVariances: true, groupStart: 0.05, groupStartMainOnly: true });
    expect(p.moments('email', ['region=emea']).variance).toBeCloseTo(0.05, 10);
    expect(p.moments('email', ['family=it&seniority=vp']).variance).toBeCloseTo(0.25, 10);
    // Once the action has a block (one outcome on other features), features it meets later start the same way.
    p.update('email', ['bias', 'size=small'], false);
    expect(p.moments('email', ['region=apac']).variance).toBeCloseTo(0.05, 10);
    expect(p.moments('email', ['family=ops&seniority=c_level']).variance).toBeCloseTo(0.25, 10);
  });

  for (const seed of [1, 2, 3]) {
    it(`widens the groups that matter at the first refit when iterated, where one step barely moves them (seed ${seed})`, () => {
      const data = world(seed).sample(200);
      const once = new CorrelatedPosterior(1, { learnGroupVariances: true, groupStart: 0.05 });
      const iterated = new CorrelatedPosterior(1, { learnGroupVariances: true, groupStart: 0.05, ardIterations: 10 });
      for (const d of data) once.update('email', d.f, d.y), iterated.update('email', d.f, d.y);
      const a = once.groupVariances('email');
      const b = iterated.groupVariances('email');
      // role and size carry the effects (sd 0.7): the iterated evidence gives them at least twice the room …
      expect(b.role! + b.size!).toBeGreaterThan(2 * (a.role! + a.size!));
      // … and the groups that explain nothing stay at the floor.
      expect(b.industry!).toBeLessThan(0.06);
      expect(b.source!).toBeLessThan(0.06);
    });
  }

  it('lowers the floor with the action’s outcomes (floorDecay): room for small effects early, less fitted noise late', () => {
    const w = world(5);
    const data = w.sample(8000);
    const test = w.sample(2000);
    const decaying = new CorrelatedPosterior(1, { learnGroupVariances: true, floorDecay: 70 });
    const fixed = new CorrelatedPosterior(1, { learnGroupVariances: true });
    let early: Record<string, number> = {};
    let earlyFixed: Record<string, number> = {};
    data.forEach((d, t) => {
      decaying.update('email', d.f, d.y), fixed.update('email', d.f, d.y);
      if (t + 1 === 400) (early = decaying.groupVariances('email')), (earlyFixed = fixed.groupVariances('email'));
    });
    // Up to 400 outcomes the floor is still the fixed one (70 / 400 > 0.05): the same refits, the same variances …
    expect(early).toEqual(earlyFixed);
    // … after 8,000 it has fallen to its end (70 / 8,000 < 0.01), where the fixed floor stays at 0.05.
    const late = decaying.groupVariances('email');
    expect(late.industry!).toBeCloseTo(0.01, 10);
    expect(late.source!).toBeCloseTo(0.01, 10);
    expect(fixed.groupVariances('email').industry!).toBeCloseTo(0.05, 10);
    // The groups that matter keep their room, and the estimates are no worse for it.
    expect(late.role!).toBeGreaterThan(0.15);
    expect(rmse(decaying, test)).toBeLessThan(rmse(fixed, test));
  });
});
