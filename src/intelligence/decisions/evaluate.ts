/**
 * Off-policy evaluation of next-action policies from the log of recommendations and their outcomes: what response
 * rate would each policy have had, had it chosen instead of the policies that did? Two estimators (Dudík et al.
 * 2011): inverse propensity (IPS: the logged reward reweighted by π(a|x) / p(a|x), unbiased when the logged
 * propensities are right) and doubly robust (DR: a reward model's prediction for π's choices, corrected by IPS on
 * its error — unbiased if either is right, and lower variance). The reward model and the learning policies'
 * posterior are fit progressively: entry t is judged by a posterior of entries before t only, as the policy would
 * have been online. Intervals are normal approximations over the per-entry terms.
 */
import { mulberry32 } from '../scoring/learn/rng.js';
import { CorrelatedPosterior } from './correlated-posterior.js';
import type { ActionPosterior } from './posterior.js';
import { choiceProbability, estimate, FIXED_PREFIX, POLICIES } from './policies.js';

export interface LoggedDecision {
  /** The context's features, or per action when some depend on it. */
  features: readonly string[] | ((action: string) => readonly string[]);
  catalog: readonly string[];
  action: string;
  propensity: number;
  responded: boolean;
  /** The policy that chose it. */
  policy: string;
}

export interface PolicyEstimate {
  policy: string;
  ips: number;
  ipsInterval: [number, number];
  dr: number;
  drInterval: [number, number];
  /** Entries whose action this policy would have chosen with probability > 0. */
  matched: number;
}

export interface Evaluation {
  entries: number;
  /** The response rate the logged policies achieved. */
  logged: { rate: number; interval: [number, number] };
  policies: PolicyEstimate[];
}

const meanInterval = (xs: number[]): { mean: number; interval: [number, number] } => {
  const n = xs.length;
  if (n === 0) return { mean: 0, interval: [0, 0] };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0;
  const half = 1.96 * Math.sqrt(variance / n);
  return { mean, interval: [mean - half, mean + half] };
};

/** Every policy worth comparing on a catalog: the built-ins and each action alone. */
export function policiesFor(catalog: readonly string[]): string[] {
  return [...POLICIES, ...catalog.map((a) => `${FIXED_PREFIX}${a}`)];
}

export function evaluatePolicies(log: readonly LoggedDecision[], opts: { policies?: string[]; draws?: number; seed?: number; posterior?: () => ActionPosterior } = {}): Evaluation {
  const catalogs = new Set<string>();
  for (const e of log) for (const a of e.catalog) catalogs.add(a);
  const policies = opts.policies ?? policiesFor([...catalogs]);
  const rng = mulberry32(opts.seed ?? 1);
  const posterior = opts.posterior?.() ?? new CorrelatedPosterior();
  const ips = policies.map(() => [] as number[]);
  const dr = policies.map(() => [] as number[]);
  const matched = policies.map(() => 0);
  const rewards: number[] = [];
  for (const e of log) {
    const r = e.responded ? 1 : 0;
    rewards.push(r);
    const est = estimate(posterior, e.features, e.catalog, rng, opts.draws ?? 200);
    const predicted = new Map(est.actions.map((a) => [a.action, a.expected]));
    const p = Math.max(e.propensity, 1e-3);
    policies.forEach((name, i) => {
      const pi = choiceProbability(name, est, e.action);
      if (pi > 0) matched[i]!++;
      const w = pi / p;
      ips[i]!.push(w * r);
      // DR: the reward model's value of π's choices, plus the importance-weighted error of its prediction.
      let modelValue = 0;
      for (const a of est.actions) modelValue += choiceProbability(name, est, a.action) * a.expected;
      dr[i]!.push(modelValue + w * (r - (predicted.get(e.action) ?? 0)));
    });
    posterior.update(e.action, typeof e.features === 'function' ? e.features(e.action) : e.features, e.responded);
  }
  const logged = meanInterval(rewards);
  return {
    entries: log.length,
    logged: { rate: logged.mean, interval: logged.interval },
    policies: policies.map((policy, i) => {
      const a = meanInterval(ips[i]!);
      const b = meanInterval(dr[i]!);
      return { policy, ips: a.mean, ipsInterval: a.interval, dr: b.mean, drInterval: b.interval, matched: matched[i]! };
    }),
  };
}
