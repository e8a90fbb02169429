/** Off-policy estimators on logs whose answer is known. */
import { describe, expect, it } from 'vitest';
import { evaluatePolicies, type LoggedDecision } from '../../../src/intelligence/decisions/index.js';
import { mulberry32 } from '../../../src/intelligence/scoring/learn/rng.js';

const CATALOG = ['email', 'call', 'wait'];
const RATE: Record<string, number> = { email: 0.3, call: 0.15, wait: 0.05 };

/** A log of a uniformly random policy: every action's rate is recoverable by reweighting. */
function uniformLog(n: number, seed: number): LoggedDecision[] {
  const rng = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const action = CATALOG[Math.floor(rng() * 3)]!;
    return { features: ['bias'], catalog: CATALOG, action, propensity: 1 / 3, responded: rng() < RATE[action]!, policy: 'random' };
  });
}

describe('off-policy evaluation', () => {
  it('recovers each single action\'s response rate with IPS and DR, within their intervals', () => {
    const result = evaluatePolicies(uniformLog(6000, 1), { draws: 50 });
    for (const action of CATALOG) {
      const p = result.policies.find((x) => x.policy === `fixed:${action}`)!;
      expect(p.ipsInterval[0]).toBeLessThan(RATE[action]!);
      expect(p.ipsInterval[1]).toBeGreaterThan(RATE[action]!);
      expect(Math.abs(p.dr - RATE[action]!)).toBeLessThan(0.03);
      // DR's interval is no wider than IPS's: the reward model takes out most of the variance.
      expect(p.drInterval[1] - p.drInterval[0]).toBeLessThanOrEqual(p.ipsInterval[1] - p.ipsInterval[0] + 1e-9);
    }
    const random = result.policies.find((x) => x.policy === 'random')!;
    expect(Math.abs(random.ips - result.logged.rate)).toBeLessThan(1e-9);
    // A learning greedy policy would mostly e-mail: its estimate is near e-mail's rate, above random's.
    const greedy = result.policies.find((x) => x.policy === 'greedy')!;
    expect(greedy.dr).toBeGreaterThan(random.dr + 0.08);
  });

  it('corrects for a logging policy that favoured one action', () => {
    const rng = mulberry32(2);
    // The logger chose "wait" 80% of the time: the logged rate is low, but IPS weights it back.
    const log: LoggedDecision[] = Array.from({ length: 8000 }, () => {
      const action = rng() < 0.8 ? 'wait' : rng() < 0.5 ? 'email' : 'call';
      const propensity = action === 'wait' ? 0.8 : 0.1;
      return { features: ['bias'], catalog: CATALOG, action, propensity, responded: rng() < RATE[action]!, policy: 'logger' };
    });
    const result = evaluatePolicies(log, { draws: 50, policies: ['fixed:email', 'random'] });
    expect(result.logged.rate).toBeLessThan(0.1);
    const email = result.policies[0]!;
    expect(email.ipsInterval[0]).toBeLessThan(0.3);
    expect(email.ipsInterval[1]).toBeGreaterThan(0.3);
    expect(Math.abs(result.policies[1]!.dr - (0.3 + 0.15 + 0.05) / 3)).toBeLessThan(0.03);
  });
});
