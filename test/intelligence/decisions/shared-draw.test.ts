/**
 * One draw of a term common to several actions (`sharedDraw`, with `shareFatigue`): every outreach action's logit
 * carries the shared fatigue block's load term — the same weights times the same values — so Thompson draws it once
 * per decision for all of them, and probabilityBest integrates it once (policies.ts `exactBestCommon`). Drawn per
 * action, as before, that one uncertainty became exploration noise between outreach actions whose own parts are
 * already known apart. Tested: the closed form against Monte Carlo of the joint draw (both of its branches); on a
 * posterior that shares the load, that probabilityBest and Thompson's choices follow the joint posterior (an
 * outreach action known better than another stays best however uncertain the common load is — not so with
 * independent draws), that the choice frequencies equal the logged propensities, that the reported marginals do not
 * change, and that the default learner (no shared block) has no common term.
 */
import { describe, expect, it } from 'vitest';
import { CorrelatedPosterior, DEFAULT_LEARNER_OPTIONS, estimate, exactBest, exactBestCommon, gaussian, NbaLearner, type ContactContext } from '../../../src/intelligence/decisions/index.js';
import { mulberry32 } from '../../../src/intelligence/scoring/learn/rng.js';

/** Monte Carlo of logits ownᵢ + βᵢ c, everything independent. */
function monteCarlo(means: number[], sds: number[], beta: number[], cMean: number, cSd: number, n: number, seed: number): number[] {
  const rng = mulberry32(seed);
  const wins = new Array<number>(means.length).fill(0);
  for (let d = 0; d < n; d++) {
    const c = cMean + cSd * gaussian(rng);
    let best = 0;
    let bestZ = -Infinity;
    means.forEach((m, i) => {
      const z = m + sds[i]! * gaussian(rng) + beta[i]! * c;
      if (z > bestZ) {
        bestZ = z;
        best = i;
      }
    });
    wins[best]!++;
  }
  return wins.map((w) => w / n);
}

describe('probabilityBest with a term common to several actions', () => {
  it('equals Monte Carlo of the joint draw when one action lacks the term (the shift: no extra cost)', () => {
    const means = [-1.2, -1.0, -1.5, -2.4];
    const sds = [0.3, 0.5, 0.2, 0.6];
    const beta = [1, 1, 1, 0];
    const exact = exactBestCommon(means, sds, { coefficient: beta, mean: -0.8, sd: 1.1 });
    const mc = monteCarlo(means, sds, beta, -0.8, 1.1, 200_000, 1);
    exact.forEach((p, i) => expect(Math.abs(p - mc[i]!)).toBeLessThan(0.006));
    expect(exact.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    // Not the independent marginals' answer (which the first version computed).
    const independent = exactBest(means.map((m, i) => m + beta[i]! * -0.8), sds.map((s, i) => Math.hypot(s, beta[i]! * 1.1)));
    expect(Math.abs(independent[0]! - exact[0]!)).toBeGreaterThan(0.05);
  });

  it('equals Monte Carlo of the joint draw when the one other action carries the term mirrored (wait with waitMirror)', () => {
    const means = [-1.2, -1.0, -1.5, -2.4];
    const sds = [0.3, 0.5, 0.2, 0.6];
    const beta = [1, 1, 1, -1];
    const exact = exactBestCommon(means, sds, { coefficient: beta, mean: 0.4, sd: 0.7 });
    const mc = monteCarlo(means, sds, beta, 0.4, 0.7, 200_000, 3);
    exact.forEach((p, i) => expect(Math.abs(p - mc[i]!)).toBeLessThan(0.006));
  });

  it('equals Monte Carlo of the joint draw when several actions lack the term (quadrature over the term)', () => {
    const means = [-1.2, -1.0, -1.6, -2.0, -1.9];
    const sds = [0.3, 0.5, 0.2, 0.6, 0.1];
    const beta = [1, 1, 0, 1, -1];
    const exact = exactBestCommon(means, sds, { coefficient: beta, mean: -0.3, sd: 0.9 });
    const mc = monteCarlo(means, sds, beta, -0.3, 0.9, 200_000, 2);
    exact.forEach((p, i) => expect(Math.abs(p - mc[i]!)).toBeLessThan(0.006));
  });
});

const OUTREACH = ['email', 'call', 'linkedin_message'];
const CATALOG = [...OUTREACH, 'wait'];
const ctx = (ages: number[]): ContactContext => ({ family: null, seniority: 'manager', industry: null, size: null, source: null, status: null, touches: ages.length, daysSinceContact: null, interests: [], tags: [], hoursSinceTouch: ages.length ? Math.min(...ages) : null, lastAction: null, touchAges: ages });

/**
 * A learner whose outreach actions are known apart on contexts with no recent touch (e-mail 25 %, call 12 %,
 * LinkedIn 8 %) and whose shared load has seen few loaded contexts, so the load term is uncertain (temper 1: the
 * posterior's own spread).
 */
function trained(sharedDraw: boolean, temper = 1): NbaLearner {
  const learner = new NbaLearner({ ...DEFAULT_LEARNER_OPTIONS, temper, fatigueLoad: true, shareFatigue: true, fatigueDeviations: false, sharedDraw });
  const rng = mulberry32(7);
  const rate: Record<string, number> = { email: 0.25, call: 0.12, linkedin_message: 0.08, wait: 0.03 };
  for (let n = 0; n < 4000; n++) {
    const a = CATALOG[n % CATALOG.length]!;
    // Mostly untouched contacts; a few touched ones, so the load's weights have moved but stay wide.
    const c = n % 50 === 0 ? ctx([20 + (n % 7) * 10]) : ctx([]);
    learner.learn(a, c, rng() < rate[a]! * (c.touchAges!.length ? 0.5 : 1));
  }
  return learner;
}

describe('Thompson with the shared fatigue load drawn once (sharedDraw)', () => {
  const loaded = ctx([6, 30, 50]);

  it('has a common term only for the outreach actions of a context with a load, and only with sharedDraw', () => {
    const joint = trained(true);
    const f = joint.featuresFor(loaded);
    const p = joint.posterior as CorrelatedPosterior;
    const parts = CATALOG.map((a) => p.commonPart(a, f(a)));
    expect(parts[3]).toBeUndefined();
    expect(parts[0]!.variance).toBeGreaterThan(0.05);
    expect(parts[1]).toEqual(parts[0]);
    expect(parts[0]!.coefficient).toBe(1);
    expect(p.commonPart('email', joint.featuresFor(ctx([]))('email'))).toBeUndefined();
    expect((trained(false).posterior as CorrelatedPosterior).commonPart('email', f('email'))).toBeUndefined();
    // The default learner has no shared block and so no common term: its draws are as they were.
    const plain = new NbaLearner();
    expect((plain.posterior as CorrelatedPosterior).commonPart('email', plain.featuresFor(loaded)('email'))).toBeUndefined();
  });

  it('keeps the action known to be better best however uncertain the common load is (independent draws do not)', () => {
    const joint = trained(true);
    const apart = trained(false);
    const j = joint.estimate(loaded, CATALOG, mulberry32(1));
    const a = apart.estimate(loaded, CATALOG, mulberry32(1));
    // Same marginals: the same posterior, only the draws differ.
    j.actions.forEach((x, i) => {
      expect(x.logitMean).toBeCloseTo(a.actions[i]!.logitMean, 10);
      expect(x.interval[0]).toBeCloseTo(a.actions[i]!.interval[0], 10);
      expect(x.interval[1]).toBeCloseTo(a.actions[i]!.interval[1], 10);
    });
    // Among the outreach actions e-mail is known best; the load moves all three together, so the known-worse
    // ones win far less often than when each draws its own load (measured: call + LinkedIn 0.052 against 0.179 of
    // the draws, e-mail's share among the outreach wins 0.87 against 0.63; the rest of their own parts' spread is
    // the touch buckets', seen on few touched contacts).
    const share = (e: typeof j) => e.actions[0]!.probabilityBest / (e.actions[0]!.probabilityBest + e.actions[1]!.probabilityBest + e.actions[2]!.probabilityBest);
    expect(share(j)).toBeGreaterThan(0.8);
    expect(share(a)).toBeLessThan(share(j) - 0.1);
    const worse = (e: typeof j) => e.actions[1]!.probabilityBest + e.actions[2]!.probabilityBest;
    expect(worse(j)).toBeLessThan(0.5 * worse(a));
  });

  it('chooses each action as often as its logged propensity says (one draw of the term per decision)', () => {
    const joint = trained(true);
    const rng = mulberry32(3);
    const n = 20_000;
    const counts = new Array<number>(CATALOG.length).fill(0);
    let first: number[] | undefined;
    for (let d = 0; d < n; d++) {
      const e = joint.estimate(loaded, CATALOG, rng);
      first ??= e.actions.map((x) => x.probabilityBest);
      counts[e.bestInDraw[0]!]!++;
    }
    // Wait is a real contender here (its own load lift against the outreach's uncertain suppression).
    expect(first![3]!).toBeGreaterThan(0.05);
    counts.forEach((c, i) => expect(Math.abs(c / n - first![i]!)).toBeLessThan(0.012));
    // Monte-Carlo probabilityBest (draws > 0, as off-policy evaluation uses) agrees with the closed form.
    const mc = estimate(joint.posterior, joint.featuresFor(loaded), CATALOG, mulberry32(4), 20_000);
    mc.actions.forEach((x, i) => expect(Math.abs(x.probabilityBest - first![i]!)).toBeLessThan(0.012));
  });
});

describe('wait on the same shared load, mirrored (waitMirror)', () => {
  /** Outreach suppressed by a decaying load (τ 2.5 d), wait lifted by pending replies on the same load; each its own base. */
  function mirrored(waitMirror: boolean, seed: number, n: number) {
    const rng = mulberry32(seed);
    const base: Record<string, number> = { email: -1.4, call: -1.7, linkedin_message: -1.9, wait: -3.0 };
    const load = (ages: number[]) => ages.reduce((s, h) => s + Math.exp(-h / 60), 0);
    const truth = (c: ContactContext, a: string) => base[a]! + (a === 'wait' ? 1.2 : -1.4) * load(c.touchAges!);
    const draw = () => ctx(Array.from({ length: Math.floor(rng() * 4) }, () => Math.round(rng() * 14 * 24 * 100) / 100));
    const learner = new NbaLearner({ ...DEFAULT_LEARNER_OPTIONS, temper: 1, fatigueLoad: true, shareFatigue: true, fatigueDeviations: false, waitMirror });
    for (let i = 0; i < n; i++) {
      const c = draw();
      const a = CATALOG[Math.floor(rng() * CATALOG.length)]!;
      learner.learn(a, c, rng() < 1 / (1 + Math.exp(-truth(c, a))));
    }
    return { learner, truth };
  }

  it('gives wait the shared term with coefficient −1 and draws it once with the outreach actions', () => {
    const { learner } = mirrored(true, 5, 1500);
    const p = learner.posterior as CorrelatedPosterior;
    const c = ctx([5, 40]);
    const f = learner.featuresFor(c);
    const email = p.commonPart('email', f('email'))!;
    const wait = p.commonPart('wait', f('wait'))!;
    expect(wait.coefficient).toBe(-1);
    expect(wait.mean).toBeCloseTo(email.mean, 10);
    expect(wait.variance).toBeCloseTo(email.variance, 10);
    // Without the mirror wait has no common term.
    expect((mirrored(false, 5, 200).learner.posterior as CorrelatedPosterior).commonPart('wait', f('wait'))).toBeUndefined();
    // Thompson's choices follow the logged propensities with wait's −1.
    const rng = mulberry32(9);
    const counts = new Array<number>(CATALOG.length).fill(0);
    const first = learner.estimate(c, CATALOG, rng).actions.map((x) => x.probabilityBest);
    const n = 20_000;
    for (let d = 0; d < n; d++) counts[learner.estimate(c, CATALOG, rng).bestInDraw[0]!]!++;
    counts.forEach((k, i) => expect(Math.abs(k / n - first[i]!)).toBeLessThan(0.012));
  });

  it('learns wait’s lift and the outreach’s suppression on one load, and a snapshot goes on to the same posterior', () => {
    const { learner, truth } = mirrored(true, 6, 4000);
    const p = learner.posterior as CorrelatedPosterior;
    const lifted = ctx([3, 10]);
    const none = ctx([]);
    const logit = (a: string, c: ContactContext) => p.moments(a, learner.featuresFor(c)(a)).mean;
    expect(logit('wait', lifted) - logit('wait', none)).toBeGreaterThan(0.5);
    expect(logit('email', lifted) - logit('email', none)).toBeLessThan(-0.5);
    // Within a loose band of the truth (the lift's and suppression's sizes differ: wait's deviation takes the rest).
    expect(Math.abs(logit('wait', lifted) - truth(lifted, 'wait'))).toBeLessThan(0.6);
    const restored = NbaLearner.fromJSON(JSON.parse(JSON.stringify(learner.toJSON())), learner.options);
    for (const a of CATALOG) expect(restored.posterior.moments(a, learner.featuresFor(lifted)(a)).mean).toBeCloseTo(logit(a, lifted), 8);
  });
});
