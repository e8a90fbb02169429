/**
 * Policies on a small synthetic problem: Thompson sampling finds the better arm per context within a bound (and
 * beats the best single action), propensities are those of the choice, and the probability of being best comes
 * from the posterior.
 */
import { describe, expect, it } from 'vitest';
import { choiceProbability, ContextualPosterior, estimate, policyByName } from '../../../src/intelligence/decisions/index.js';
import { mulberry32 } from '../../../src/intelligence/scoring/learn/rng.js';

const CATALOG = ['email', 'call', 'linkedin_message', 'wait'];
/** Two kinds of contacts that want different things: engineers answer e-mail, executives calls. */
const TRUE_RATE: Record<string, Record<string, number>> = {
  engineering: { email: 0.3, call: 0.1, linkedin_message: 0.15, wait: 0.05 },
  executive: { email: 0.08, call: 0.28, linkedin_message: 0.12, wait: 0.05 },
};
const contextFeatures = (family: string) => ['bias', `family=${family}`];

function simulate(policyName: string, rounds: number, seed: number) {
  const rng = mulberry32(seed);
  const posterior = new ContextualPosterior();
  const policy = policyByName(policyName)!;
  let reward = 0;
  let lateOptimal = 0;
  for (let t = 0; t < rounds; t++) {
    const family = rng() < 0.5 ? 'engineering' : 'executive';
    const f = contextFeatures(family);
    const choice = policy.choose(estimate(posterior, f, CATALOG, rng, 200), rng);
    const responded = rng() < TRUE_RATE[family]![choice.action]!;
    reward += responded ? 1 : 0;
    if (t >= rounds - 500) lateOptimal += choice.action === (family === 'engineering' ? 'email' : 'call') ? 1 : 0;
    posterior.update(choice.action, f, responded);
  }
  return { rate: reward / rounds, lateOptimal: lateOptimal / 500, posterior };
}

describe('policies', () => {
  it('Thompson sampling converges on the better action per context and beats the best single action', () => {
    const oracle = (0.3 + 0.28) / 2;
    const bestSingle = Math.max(...CATALOG.map((a) => (TRUE_RATE.engineering![a]! + TRUE_RATE.executive![a]!) / 2));
    for (const seed of [1, 2]) {
      const ts = simulate('thompson', 3000, seed);
      expect(ts.lateOptimal).toBeGreaterThan(0.85);
      expect(ts.rate).toBeGreaterThan(0.85 * oracle);
      expect(ts.rate).toBeGreaterThan(bestSingle);
    }
  });

  it('gives each policy the propensity of its choice', () => {
    const rng = mulberry32(3);
    const p = new ContextualPosterior();
    for (let i = 0; i < 50; i++) p.update('call', ['bias'], true);
    const e = estimate(p, ['bias'], CATALOG, rng);
    expect(policyByName('greedy')!.choose(e, rng)).toEqual({ action: 'call', propensity: 1 });
    expect(policyByName('random')!.choose(e, rng).propensity).toBe(0.25);
    const eg = policyByName('epsilon-greedy')!.choose(e, rng);
    expect(eg.propensity).toBeCloseTo(eg.action === 'call' ? 0.9 + 0.025 : 0.025);
    const ts = policyByName('thompson')!.choose(e, rng);
    expect(ts.propensity).toBe(e.actions.find((a) => a.action === ts.action)!.probabilityBest);
    expect(choiceProbability('fixed:wait', e, 'wait')).toBe(1);
    expect(policyByName('softmax')).toBeUndefined();
    // Evidence for call makes it clearly best; the shares sum to one.
    expect(e.actions.find((a) => a.action === 'call')!.probabilityBest).toBeGreaterThan(0.9);
    expect(e.actions.reduce((s, a) => s + a.probabilityBest, 0)).toBeCloseTo(1);
  });

  it('says no action is best with any certainty before any outcome', () => {
    const e = estimate(new ContextualPosterior(), ['bias'], CATALOG, mulberry32(4));
    for (const a of e.actions) expect(a.probabilityBest).toBeLessThan(0.4);
  });
});
