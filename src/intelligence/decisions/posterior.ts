/**
 * Per-action Bayesian logistic regression with a diagonal Gaussian posterior, updated online by the Laplace
 * approximation (Chapelle & Li 2011, "An empirical evaluation of Thompson sampling", algorithm 3).
 *
 * Why diagonal: a context has ~15 active binary features out of an open vocabulary (industries, sources …) that
 * grows to a few hundred keys. A diagonal posterior updates in O(active features) and draws in O(active
 * features), and since each action's weights are independent, the response logit of an action in a context is a
 * single Gaussian N(μ, s²): intervals are closed-form and "which action is best" needs only K one-dimensional
 * draws per Monte-Carlo sample. A full covariance would cost O(d²) per update and a Cholesky per draw for a
 * little better calibrated uncertainty; Chapelle & Li found the diagonal version explores well.
 *
 * Weights are kept by feature name (not hashed), so the stored posterior is readable and explanations can name
 * features. A feature never seen by an action sits at its prior.
 */

/** Prior variance of a contact × action offset (sd ≈ 0.3 in logit units). */
export let CONTACT_EFFECT_VARIANCE = 0.1;
/** For the learning bench's comparisons only. */
export const setContactEffectVariance = (v: number): void => {
  CONTACT_EFFECT_VARIANCE = v;
};

/** Prior variance of a plain feature's weight (the learning bench compares others: `--learner priorVariance=…`). */
export let FEATURE_PRIOR_VARIANCE = 0.5;
/** For the learning bench's comparisons only. */
export const setFeaturePriorVariance = (v: number): void => {
  FEATURE_PRIOR_VARIANCE = v;
};

export interface FeaturePrior {
  mean: number;
  /** 1 / variance. */
  precision: number;
}

/** The prior of a feature by its name: the bias, crossed features and plain ones differ (see priorOf). */
export function priorOf(feature: string): FeaturePrior {
  // Outreach response rates are low: the bias starts at logit ≈ −1.5 (18%) with a wide spread (sd 1.5).
  if (feature === 'bias') return { mean: -1.5, precision: 1 / 2.25 };
  // Crossed features (family×seniority …) refine main effects: a tighter prior so they speak only with evidence.
  if (feature.includes('&')) return { mean: 0, precision: 1 / 0.25 };
  // A contact's own offset per action (individual taste no feature explains): shrunk hard towards 0, it speaks
  // only once that contact's own outcomes disagree with what the shared features predict.
  if (feature.startsWith('contact=') || feature.startsWith('org=')) return { mean: 0, precision: 1 / CONTACT_EFFECT_VARIANCE };
  return { mean: 0, precision: 1 / FEATURE_PRIOR_VARIANCE };
}

/** One action's posterior: feature → [mean, precision]. */
export type ActionWeights = Map<string, [number, number]>;

export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** The response logit of a context under an action's posterior: mean μ and variance s². */
export function logitMoments(weights: ActionWeights | undefined, features: readonly string[]): { mean: number; variance: number } {
  let mean = 0;
  let variance = 0;
  for (const f of features) {
    const w = weights?.get(f);
    const [m, q] = w ?? [priorOf(f).mean, priorOf(f).precision];
    mean += m;
    variance += 1 / q;
  }
  return { mean, variance };
}

/** E[σ(z)] for z ~ N(μ, s²), by the probit approximation (MacKay 1992): accurate to ~0.01. */
export const expectedResponse = (mean: number, variance: number): number => sigmoid(mean / Math.sqrt(1 + (Math.PI * variance) / 8));

/** 95% interval of σ(z): σ is monotone, so the interval of z maps through it. */
export const responseInterval = (mean: number, variance: number): [number, number] => {
  const s = Math.sqrt(variance);
  return [sigmoid(mean - 1.96 * s), sigmoid(mean + 1.96 * s)];
};

/**
 * The Laplace update of one observation (binary features x, label y): the new mode is m + c·x/q for the scalar c
 * solving c = y − σ(μ + c·v) (μ = m·x, v = Σ x²/q), found by Newton's method; each active feature's precision then
 * grows by σ'(z) at the new mode. Exact for a diagonal Gaussian prior and one observation.
 */
export function updateAction(weights: ActionWeights, features: readonly string[], responded: boolean): void {
  const y = responded ? 1 : 0;
  const entries = features.map((f) => {
    let w = weights.get(f);
    if (!w) {
      const p = priorOf(f);
      w = [p.mean, p.precision];
      weights.set(f, w);
    }
    return w;
  });
  let mu = 0;
  let v = 0;
  for (const [m, q] of entries) {
    mu += m;
    v += 1 / q;
  }
  let c = 0;
  for (let i = 0; i < 30; i++) {
    const p = sigmoid(mu + c * v);
    const f = c - y + p;
    const step = f / (1 + p * (1 - p) * v);
    c -= step;
    if (Math.abs(step) < 1e-10) break;
  }
  const z = mu + c * v;
  const curvature = sigmoid(z) * (1 - sigmoid(z));
  for (const w of entries) {
    w[0] += c / w[1];
    w[1] += curvature;
  }
}

/** What the policies and explanations need of a posterior, whichever its covariance. */
export interface ActionPosterior {
  readonly outcomes: number;
  /** The response logit of `features` under `action`: its posterior mean and variance. */
  /**
   * The logit's mean and variance; `untempered`: the part of the variance Thompson draws at full width whatever
   * drawScale says (a contact's exact posterior on its grid, with `preferenceFullDraw`; absent: all of it is tempered).
   */
  moments(action: string, features: readonly string[]): { mean: number; variance: number; untempered?: number };
  /** One weight's marginal mean and variance, or undefined while it has no evidence (it sits at its prior). */
  weight(action: string, feature: string): { mean: number; variance: number } | undefined;
  update(action: string, features: readonly string[], responded: boolean): void;
  /** Draws are taken with the logit's sd times this (1: the posterior as it is). */
  drawScale(activeFeatures: number): number;
  /**
   * The part of `action`'s logit that is one random term common to several actions in this context (the same
   * weights times the same values: with `shareFatigue`, the shared fatigue block's load term of every outreach
   * action), as the term's mean and variance and the action's coefficient on it (1 for outreach; −1 for `wait` with
   * `waitMirror`) — coefficient × term is included in `moments` — or undefined when the action has none. Thompson's
   * draw then draws that term once for every action that carries it, and probabilityBest integrates over it once
   * (policies.ts `estimate`); without this every action's logit is drawn independently.
   */
  commonPart?(action: string, features: readonly string[]): { mean: number; variance: number; coefficient: number } | undefined;
}

/** Every action's posterior plus how many outcomes it has learned from (diagonal covariance). */
export class ContextualPosterior implements ActionPosterior {
  readonly actions = new Map<string, ActionWeights>();
  outcomes = 0;

  weightsOf(action: string): ActionWeights | undefined {
    return this.actions.get(action);
  }

  moments(action: string, features: readonly string[]): { mean: number; variance: number } {
    return logitMoments(this.actions.get(action), features);
  }

  weight(action: string, feature: string): { mean: number; variance: number } | undefined {
    const w = this.actions.get(action)?.get(feature);
    return w ? { mean: w[0], variance: 1 / w[1] } : undefined;
  }

  /**
   * The diagonal posterior ignores the negative correlation between the bias and each one-hot group's weights,
   * so summing per-weight variances overstates a context's logit variance about once per active feature:
   * draws are tempered by 1/√(active features) (Chapelle & Li 2011 temper the same way).
   */
  drawScale(activeFeatures: number): number {
    return 1 / Math.sqrt(Math.max(1, activeFeatures));
  }

  update(action: string, features: readonly string[], responded: boolean): void {
    let w = this.actions.get(action);
    if (!w) {
      w = new Map();
      this.actions.set(action, w);
    }
    updateAction(w, features, responded);
    this.outcomes++;
  }

  toJSON(): { outcomes: number; actions: Record<string, Record<string, [number, number]>> } {
    const actions: Record<string, Record<string, [number, number]>> = {};
    for (const [a, w] of this.actions) actions[a] = Object.fromEntries(w);
    return { outcomes: this.outcomes, actions };
  }

  static fromJSON(data: unknown): ContextualPosterior {
    const out = new ContextualPosterior();
    const d = data as { outcomes?: number; actions?: Record<string, Record<string, [number, number]>> } | null;
    out.outcomes = typeof d?.outcomes === 'number' ? d.outcomes : 0;
    for (const [a, w] of Object.entries(d?.actions ?? {})) out.actions.set(a, new Map(Object.entries(w).map(([f, v]) => [f, [v[0], v[1]]])));
    return out;
  }
}
