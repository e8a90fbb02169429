/**
 * The policy protocol and its built-in policies. A policy sees the posterior's estimates for every action of the
 * catalog in one context and chooses an action with the probability it had of choosing it (the propensity, logged
 * for off-policy evaluation). The built-ins all read the one shared posterior (posterior.ts), which learns from
 * every logged outcome whichever policy chose the action; a policy that keeps state of its own (a PPO deal policy
 * later) implements `update` and registers in `policyByName`.
 */
import { expectedResponse, responseInterval, type ActionPosterior } from './posterior.js';

export const POLICIES = ['thompson', 'greedy', 'epsilon-greedy', 'random'] as const;
export const FIXED_PREFIX = 'fixed:';
export const DEFAULT_POLICY = 'thompson';
/** epsilon-greedy explores this share of the time. */
export const EPSILON = 0.1;
/** Monte-Carlo draws of the posterior behind probabilityBest and Thompson's choice. */
export const POSTERIOR_DRAWS = 1000;
/**
 * How wide Thompson's draws are is the posterior's own business (`ActionPosterior.drawScale`): the diagonal
 * posterior overstates a context's logit variance and tempers its draws by 1/√(active features); the correlated
 * posterior keeps the covariance and draws as it is.
 */
export const drawScale = (activeFeatures: number): number => 1 / Math.sqrt(Math.max(1, activeFeatures));

export interface ActionEstimate {
  action: string;
  /** Posterior mean response probability. */
  expected: number;
  interval: [number, number];
  /** Share of posterior draws in which this action has the highest response probability. */
  probabilityBest: number;
  /** The response logit's posterior mean and variance. */
  logitMean: number;
  logitVariance: number;
}

export interface Estimates {
  actions: ActionEstimate[];
  /** For each posterior draw, the index (into `actions`) of the best action in that draw. */
  bestInDraw: Uint16Array;
}

export interface PolicyChoice {
  action: string;
  propensity: number;
}

export interface OutcomeFeedback {
  action: string;
  features: readonly string[];
  responded: boolean;
  propensity: number;
}

export interface ActionPolicy {
  readonly name: string;
  /** Chooses one of `estimates.actions`; `rng` is the only source of randomness (seeded in tests). */
  choose(estimates: Estimates, rng: () => number): PolicyChoice;
  /** Learns from an outcome beyond the shared posterior (the built-ins need not). */
  update?(feedback: OutcomeFeedback): void;
}

/** A standard normal draw (Box–Muller). */
export function gaussian(rng: () => number): number {
  const u = 1 - rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** The posterior's view of every catalog action in one context, with `draws` Monte-Carlo draws for probabilityBest. */
export function estimate(
  posterior: ActionPosterior,
  features: readonly string[] | ((action: string) => readonly string[]),
  catalog: readonly string[],
  rng: () => number,
  draws = POSTERIOR_DRAWS,
): Estimates {
  // Features may differ by action (e.g. "this action was the last touch").
  const featuresOf = typeof features === 'function' ? features : () => features;
  const sds: number[] = [];
  const moments = catalog.map((a) => {
    const f = featuresOf(a);
    const m = posterior.moments(a, f);
    sds.push(posterior.drawScale(f.length) * Math.sqrt(m.variance));
    return m;
  });
  const wins = new Array<number>(catalog.length).fill(0);
  const bestInDraw = new Uint16Array(draws);
  // Box–Muller gives normals in pairs: both are used (the draw loop is most of a request's CPU time).
  let spare = NaN;
  const normal = () => {
    if (!Number.isNaN(spare)) {
      const z = spare;
      spare = NaN;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(1 - rng()));
    const theta = 2 * Math.PI * rng();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
  for (let d = 0; d < draws; d++) {
    // The logits of different actions are independent Gaussians (separate weights), and σ is monotone: the best
    // action of a draw is the one with the highest sampled logit.
    let best = 0;
    let bestZ = -Infinity;
    for (let i = 0; i < catalog.length; i++) {
      const z = moments[i]!.mean + sds[i]! * normal();
      if (z > bestZ) {
        bestZ = z;
        best = i;
      }
    }
    wins[best]!++;
    bestInDraw[d] = best;
  }
  return {
    actions: catalog.map((action, i) => ({
      action,
      expected: expectedResponse(moments[i]!.mean, moments[i]!.variance),
      interval: responseInterval(moments[i]!.mean, moments[i]!.variance),
      probabilityBest: wins[i]! / draws,
      logitMean: moments[i]!.mean,
      logitVariance: moments[i]!.variance,
    })),
    bestInDraw,
  };
}

const greedyIndex = (e: Estimates): number => e.actions.reduce((best, a, i) => (a.expected > e.actions[best]!.expected ? i : best), 0);

/** Thompson sampling: the best action of one posterior draw; its propensity is the share of draws it wins. */
export const thompson: ActionPolicy = {
  name: 'thompson',
  choose(e, rng) {
    const draw = Math.floor(rng() * e.bestInDraw.length);
    const chosen = e.actions[e.bestInDraw[draw]!]!;
    return { action: chosen.action, propensity: chosen.probabilityBest };
  },
};

export const greedy: ActionPolicy = {
  name: 'greedy',
  choose: (e) => ({ action: e.actions[greedyIndex(e)]!.action, propensity: 1 }),
};

export const epsilonGreedy: ActionPolicy = {
  name: 'epsilon-greedy',
  choose(e, rng) {
    const k = e.actions.length;
    const g = greedyIndex(e);
    const i = rng() < EPSILON ? Math.floor(rng() * k) : g;
    return { action: e.actions[i]!.action, propensity: i === g ? 1 - EPSILON + EPSILON / k : EPSILON / k };
  },
};

export const uniformRandom: ActionPolicy = {
  name: 'random',
  choose(e, rng) {
    const k = e.actions.length;
    return { action: e.actions[Math.floor(rng() * k)]!.action, propensity: 1 / k };
  },
};

export function fixedPolicy(action: string): ActionPolicy {
  return {
    name: `${FIXED_PREFIX}${action}`,
    choose: (e) => {
      if (!e.actions.some((a) => a.action === action)) throw new Error(`fixed policy: ${action} is not in the catalog`);
      return { action, propensity: 1 };
    },
  };
}

const BUILT_IN: Record<(typeof POLICIES)[number], ActionPolicy> = { thompson, greedy, 'epsilon-greedy': epsilonGreedy, random: uniformRandom };

/** A policy by name, or undefined for a name that is none (the caller says what is wrong). */
export function policyByName(name: string): ActionPolicy | undefined {
  if (name.startsWith(FIXED_PREFIX)) return fixedPolicy(name.slice(FIXED_PREFIX.length));
  return (BUILT_IN as Record<string, ActionPolicy>)[name];
}

/**
 * The probability that `policyName` would choose `action` given the estimates — what off-policy evaluation needs
 * of a target policy. Thompson's is its share of posterior draws.
 */
export function choiceProbability(policyName: string, e: Estimates, action: string): number {
  const k = e.actions.length;
  const i = e.actions.findIndex((a) => a.action === action);
  if (i < 0) return 0;
  if (policyName.startsWith(FIXED_PREFIX)) return policyName.slice(FIXED_PREFIX.length) === action ? 1 : 0;
  const g = greedyIndex(e);
  switch (policyName) {
    case 'thompson':
      return e.actions[i]!.probabilityBest;
    case 'greedy':
      return i === g ? 1 : 0;
    case 'epsilon-greedy':
      return i === g ? 1 - EPSILON + EPSILON / k : EPSILON / k;
    case 'random':
      return 1 / k;
    default:
      return 0;
  }
}
