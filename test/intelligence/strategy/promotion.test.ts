/**
 * Promotion on held-back real outcomes (issue 19, fourth pass): the doubly robust estimate of a deterministic
 * policy's win chance from deals logged by an exploring policy is unbiased whatever the model Q̂ says; a candidate
 * clearly better than the version in use is promoted once enough deals took its choice, one that is not better is
 * not, and deals logged without exploring (propensity 1 where other actions were allowed) are not judged at all.
 */
import { describe, expect, it } from 'vitest';
import { maskOf, type DealState } from '../../../src/intelligence/strategy/deal-state.js';
import { completeCohort, doublyRobustWin, heldBackPairs, judgeOnHeldBack, MIN_INFORMATIVE, promotable } from '../../../src/intelligence/strategy/train.js';
import { createRng } from '../../../src/intelligence/strategy/ppo/index.js';
import type { Trajectory } from '../../../src/intelligence/strategy/reflection.js';
import { day, keys, qualifiedDealAsOf, settings } from './deal-fixture.js';

function stateAt(week: number): DealState {
  return qualifiedDealAsOf(7 * week);
}
const states = [stateAt(0), stateAt(1), stateAt(2)];
const allowed = maskOf(states[0]!, settings).filter(Boolean).length;
const EPS = 0.2;

/**
 * Deals of three weeks, logged by "email every week" exploring as the server does ((1 − ε) on its action, ε spread
 * over the allowed ones). The deal is won with chance 0.25, plus `callEffect` when week 1 was a call.
 */
function logDeals(n: number, seed: number, callEffect: number, deterministic = false): Trajectory[] {
  const rng = createRng(seed);
  const email = keys.indexOf('email');
  return Array.from({ length: n }, (_, i) => {
    const steps = states.map((state, w) => {
      let action = email;
      if (!deterministic && rng() < EPS) action = maskOf(state, settings).map((m, k) => (m ? k : -1)).filter((k) => k >= 0)[Math.floor(rng() * allowed)]!;
      const propensity = deterministic ? 1 : action === email ? 1 - EPS + EPS / allowed : EPS / allowed;
      return { recommendationId: `r${i}-${w}`, asOf: state.asOf, state, action: keys[action]!, policy: 'ppo', propensity, acted: true, outcome: 'none' as const, signals: [] };
    });
    const won = rng() < 0.25 + (steps[1]!.action === 'call' ? callEffect : 0);
    return { dealId: `d${i}`, source: 'logged' as const, steps, outcome: won ? ('closed_won' as const) : ('closed_lost' as const), closedAt: day(30), censored: false };
  });
}

const byWeek = (week1: string) => (state: DealState) => keys.indexOf(state.asOf === states[1]!.asOf ? week1 : 'email');
const emailAlways = byWeek('email');
const pairsOf = (ts: Trajectory[]) => heldBackPairs(ts, new Map());

describe('doubly robust win chance from exploring logs', () => {
  it('is unbiased for a policy the log rarely followed, whatever the model says', () => {
    const deals = logDeals(6000, 1, 0.2);
    for (const q of [() => 0.5, () => 0.05]) {
      const est = deals.map((t) => doublyRobustWin(t.steps, t.steps.map((s) => byWeek('call')(s.state)), keys, t.outcome === 'closed_won', (_t, _a) => q()));
      const mean = est.reduce((a, x) => a + x, 0) / est.length;
      const se = Math.sqrt(est.reduce((a, x) => a + (x - mean) ** 2, 0) / (est.length - 1) / est.length);
      // The truth: a call in week 1 wins 0.45 of deals.
      expect(Math.abs(mean - 0.45)).toBeLessThan(3 * se);
      expect(se).toBeLessThan(0.1);
    }
  });
});

describe('judging a candidate against the version in use on held-back deals', () => {
  const q = () => 0.3;
  it('promotes a clearly better candidate once enough deals took its choice', () => {
    const j = judgeOnHeldBack(pairsOf(logDeals(3000, 2, 0.25)), byWeek('call'), emailAlways, q, settings)!;
    expect(j.deals).toBe(3000);
    expect(j.differing).toBe(3000);
    expect(j.informative).toBeGreaterThan(MIN_INFORMATIVE);
    expect(Math.abs(j.gain - 0.25)).toBeLessThan(3 * j.se);
    expect(promotable(j)).toBe(true);
  });

  it('does not promote a candidate that is no better, nor one judged on too few deals', () => {
    // "demo" in week 1 has no effect here.
    const same = judgeOnHeldBack(pairsOf(logDeals(3000, 3, 0.25)), byWeek('demo'), emailAlways, q, settings)!;
    expect(promotable(same)).toBe(false);
    const few = judgeOnHeldBack(pairsOf(logDeals(200, 4, 0.25)), byWeek('call'), emailAlways, q, settings)!;
    expect(few.informative).toBeLessThan(MIN_INFORMATIVE);
    expect(promotable(few)).toBe(false);
    // The version in use against itself: no difference at all.
    const itself = judgeOnHeldBack(pairsOf(logDeals(500, 5, 0.25)), emailAlways, emailAlways, q, settings)!;
    expect([itself.gain, itself.se, itself.differing]).toEqual([0, 0, 0]);
  });

  it('judges only deals logged by an exploring policy', () => {
    const deterministic = logDeals(400, 6, 0.25, true);
    expect(judgeOnHeldBack(pairsOf(deterministic), byWeek('call'), emailAlways, q, settings)).toBeNull();
    const mixed = judgeOnHeldBack(pairsOf([...deterministic, ...logDeals(100, 7, 0.25)]), byWeek('call'), emailAlways, q, settings)!;
    expect(mixed.deals).toBe(100);
  });
});

describe('the cohort judged', () => {
  it('is the deals started before the oldest still-active open deal: all closed, not just the fast ones', () => {
    const deal = (id: string, start: number, last: number, closed: boolean): Trajectory => ({
      dealId: id,
      source: 'logged',
      steps: [start, last].map((d, i) => ({ recommendationId: `${id}${i}`, asOf: day(d), state: states[0]!, action: 'email', policy: 'ppo', propensity: 0.8, acted: true, outcome: 'none', signals: [] })),
      outcome: closed ? 'closed_won' : null,
      closedAt: closed ? day(last + 1) : null,
      censored: !closed,
    });
    const ts = [deal('old', 0, 20, true), deal('quick', 30, 35, true), deal('open', 28, 98, false), deal('abandoned', 1, 40, false), deal('later', 29, 60, true)];
    expect(completeCohort(ts, day(100)).map((t) => t.dealId)).toEqual(['old']);
    expect(completeCohort(ts.filter((t) => t.dealId !== 'open'), day(100)).map((t) => t.dealId)).toEqual(['old', 'quick', 'later']);
  });
});
