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
/**
 * Monte-Carlo draws behind probabilityBest; 0 (the default) computes it by quadrature instead — exact to ~1e-4
 * and cheaper than 1,000 draws (whose own error is ±1.6 points).
 */
export const POSTERIOR_DRAWS = 0;
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
  /** The index (into `actions`) of the best action in each of the posterior draws Thompson chooses from (one). */
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

/** Φ, the standard normal CDF (erfc by Numerical Recipes' Chebyshev fit: relative error < 1.2e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** Gauss–Hermite nodes and weights (∫ e^{-x²} f(x) dx ≈ Σ wᵢ f(xᵢ)), by Newton on the Hermite recurrence (Golub–Welsch's classic alternative). */
function gaussHermite(n: number): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  const m = Math.floor((n + 1) / 2);
  let z = 0;
  for (let i = 0; i < m; i++) {
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * Math.pow(2 * n + 1, -1 / 6);
    else if (i === 1) z -= (1.14 * Math.pow(n, 0.426)) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * x[0]!;
    else if (i === 3) z = 1.91 * z - 0.91 * x[1]!;
    else z = 2 * z - x[i - 2]!;
    let pp = 0;
    for (let it = 0; it < 100; it++) {
      let p1 = Math.pow(Math.PI, -0.25);
      let p2 = 0;
      for (let j = 0; j < n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / (j + 1)) * p2 - Math.sqrt(j / (j + 1)) * p3;
      }
      pp = Math.sqrt(2 * n) * p2;
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) < 1e-14) break;
    }
    x[i] = z;
    x[n - 1 - i] = -z;
    w[i] = 2 / (pp * pp);
    w[n - 1 - i] = w[i]!;
  }
  return { x, w };
}

const HERMITE = gaussHermite(48);

/**
 * P(action i has the highest logit) for independent logits N(mᵢ, sᵢ²): ∫ φ((z − mᵢ)/sᵢ)/sᵢ · Πⱼ≠ᵢ Φ((z − mⱼ)/sⱼ) dz
 * by 48-point Gauss–Hermite around each action's own Gaussian; normalised to sum to 1.
 */
export function exactBest(means: readonly number[], sds: readonly number[]): number[] {
  const k = means.length;
  const out = new Array<number>(k).fill(0);
  for (let i = 0; i < k; i++) {
    let sum = 0;
    for (let n = 0; n < HERMITE.x.length; n++) {
      const z = means[i]! + Math.SQRT2 * sds[i]! * HERMITE.x[n]!;
      let prod = HERMITE.w[n]!;
      for (let j = 0; j < k && prod > 0; j++) if (j !== i) prod *= sds[j]! > 0 ? normalCdf((z - means[j]!) / sds[j]!) : z >= means[j]! ? 1 : 0;
      sum += prod;
    }
    out[i] = sum / Math.sqrt(Math.PI);
  }
  const total = out.reduce((a, b) => a + b, 0);
  return total > 0 ? out.map((p) => p / total) : out.map(() => 1 / k);
}

/**
 * A term common to several actions' logits (ActionPosterior.commonPart): action i's logit carries
 * `coefficient[i]` × the term (0: not at all; 1 for every outreach action, −1 for `wait` when it reads the same load
 * mirrored), `mean`/`sd` are the term's (scaled) moments; the actions' own parts are independent of it and of each
 * other.
 */
export interface CommonTerm {
  coefficient: readonly number[];
  mean: number;
  sd: number;
}

/**
 * P(action i has the highest logit) when logit i = ownᵢ + βᵢ c, with ownᵢ ~ N(mᵢ, sᵢ²) (the action's own part)
 * and c ~ N(μ_c, s_c²), all independent. Subtracting c from every logit keeps the order, and leaves ownᵢ + (βᵢ − 1)c:
 * when at most one action has βᵢ ≠ 1 (wait, the only action without the outreach's load), that one is one more
 * independent Gaussian (mean mᵢ + (βᵢ − 1)μ_c, variance sᵢ² + (βᵢ − 1)²s_c²) and the others' own parts stay
 * independent — exactBest as it is, at no extra cost. Otherwise the term is integrated out by 48-point
 * Gauss–Hermite over exactBest of the conditionally independent logits.
 */
export function exactBestCommon(ownMeans: readonly number[], ownSds: readonly number[], common: CommonTerm): number[] {
  const k = ownMeans.length;
  const beta = common.coefficient;
  const others = beta.reduce((n, b) => n + (b === 1 ? 0 : 1), 0);
  if (common.sd <= 0 || others <= 1) return exactBest(ownMeans.map((m, i) => m + (beta[i]! - 1) * common.mean), ownSds.map((s, i) => Math.hypot(s, (beta[i]! - 1) * common.sd)));
  const out = new Array<number>(k).fill(0);
  for (let n = 0; n < HERMITE.x.length; n++) {
    const c = common.mean + Math.SQRT2 * common.sd * HERMITE.x[n]!;
    const p = exactBest(ownMeans.map((m, i) => m + beta[i]! * c), ownSds);
    const w = HERMITE.w[n]! / Math.sqrt(Math.PI);
    for (let i = 0; i < k; i++) out[i] = out[i]! + w * p[i]!;
  }
  const total = out.reduce((a, b) => a + b, 0);
  return out.map((p) => p / total);
}

/**
 * probabilityBest by `draws` Monte-Carlo draws of every action's logit (with a common term: one centred draw of it
 * per sample, times each action's coefficient; `means` are the logits' whole means, `sds` their own parts').
 */
function monteCarloBest(means: readonly number[], sds: readonly number[], rng: () => number, draws: number, common?: CommonTerm): number[] {
  const wins = new Array<number>(means.length).fill(0);
  for (let d = 0; d < draws; d++) wins[bestOfDraw(means, sds, rng, common)]!++;
  return wins.map((w) => w / draws);
}

/** The action with the highest logit in one draw: the common term once (if any), then each action's own part. */
function bestOfDraw(means: readonly number[], sds: readonly number[], rng: () => number, common?: CommonTerm): number {
  const c = common ? common.sd * gaussian(rng) : 0;
  let best = 0;
  let bestZ = -Infinity;
  for (let i = 0; i < means.length; i++) {
    const z = means[i]! + sds[i]! * gaussian(rng) + (common ? common.coefficient[i]! * c : 0);
    if (z > bestZ) {
      bestZ = z;
      best = i;
    }
  }
  return best;
}

/** One action's share of a common term (ActionPosterior.commonPart): the term's moments and the action's coefficient. */
export interface CommonPart {
  mean: number;
  variance: number;
  coefficient: number;
}

/**
 * The term common to several actions in this context, if the posterior has one (ActionPosterior.commonPart) and
 * it is one term: the same mean and variance in every action that carries it (the same weights times the same
 * values). Undefined when fewer than two actions carry it (nothing is shared) or when the parts disagree (then the
 * actions are not known to share one draw, and they are drawn independently as before).
 */
function commonTermOf(parts: readonly (CommonPart | undefined)[]): CommonPart | undefined {
  let first: CommonPart | undefined;
  let n = 0;
  for (const p of parts) {
    if (!p || p.coefficient === 0) continue;
    n++;
    if (!first) first = p;
    else if (Math.abs(p.mean - first.mean) > 1e-9 || Math.abs(p.variance - first.variance) > 1e-9 * Math.max(1, first.variance)) return undefined;
  }
  return n >= 2 && first!.variance > 0 ? first : undefined;
}

/** The posterior's view of every catalog action in one context; probabilityBest exact (draws = 0) or by Monte Carlo. */
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
  const parts: (CommonPart | undefined)[] | undefined = posterior.commonPart ? [] : undefined;
  let scale = 1;
  const moments = catalog.map((a) => {
    const f = featuresOf(a);
    const m = posterior.moments(a, f);
    scale = posterior.drawScale(f.length);
    const full = Math.min(m.untempered ?? 0, m.variance);
    sds.push(full > 0 ? Math.sqrt(scale * scale * (m.variance - full) + full) : scale * Math.sqrt(m.variance));
    parts?.push(posterior.commonPart!(a, f));
    return m;
  });
  const means = moments.map((m) => m.mean);
  // A term common to several actions (the shared fatigue load of every outreach action) is one draw for all of
  // them: the draws and probabilityBest use the joint posterior; the reported intervals stay the marginals.
  const shared = parts ? commonTermOf(parts) : undefined;
  let common: CommonTerm | undefined;
  let drawSds = sds;
  if (shared) {
    const beta = parts!.map((p) => p?.coefficient ?? 0);
    common = { coefficient: beta, mean: shared.mean, sd: scale * Math.sqrt(shared.variance) };
    drawSds = moments.map((m, i) => (beta[i] ? scale * Math.sqrt(Math.max(m.variance - beta[i]! * beta[i]! * shared.variance, 0)) : sds[i]!));
  }
  const probabilityBest =
    draws > 0
      ? monteCarloBest(means, drawSds, rng, draws, common)
      : common
        ? exactBestCommon(means.map((m, i) => m - common!.coefficient[i]! * shared!.mean), drawSds, common)
        : exactBest(means, sds);
  // Thompson's choice: the best action of one fresh draw — chosen with exactly the probability it is best.
  const bestInDraw = Uint16Array.of(bestOfDraw(means, drawSds, rng, common));
  return {
    actions: catalog.map((action, i) => ({
      action,
      expected: expectedResponse(moments[i]!.mean, moments[i]!.variance),
      interval: responseInterval(moments[i]!.mean, moments[i]!.variance),
      probabilityBest: probabilityBest[i]!,
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
