/**
 * Per-action Bayesian logistic regression with a **full** Gaussian covariance over the shared features, updated
 * online by the same one-observation Laplace step as the diagonal posterior (posterior.ts) — assumed-density
 * filtering: the new mode is m + c·Σx with the scalar c solving c = y − σ(μ + c·v), v = xᵀΣx, and the covariance
 * takes the exact rank-one Laplace update Σ − h·ΣxxᵀΣ / (1 + h·v), h = σ'(z) at the new mode.
 *
 * Why full: the features are one-hot groups beside a bias (every context has exactly one family, one size …), so
 * the bias and each group's weights are strongly negatively correlated in the posterior. A diagonal posterior
 * drops that correlation and overstates the variance of a context's logit about once per active feature; the
 * diagonal version then needs its draws tempered by a guessed factor. Keeping the correlation makes the logit's
 * variance xᵀΣx right, so Thompson draws use the posterior as it is. The shared vocabulary stays a few hundred
 * features per action (families, industries, sizes, sources, crosses …), so an update costs O(d²) ≈ 10⁵
 * multiply-adds (well under a millisecond) and a context's logit variance O(k²) for k ≈ 15 active features.
 *
 * Random effects (random-effects.ts): per-contact and per-company offsets, overall and per action, are open-ended —
 * one per contact or company — so they are kept outside the covariance, each independent of the shared weights and
 * of the others (what their prior says), updated by the same Laplace step, with a variance per group learned from
 * the data (empirical Bayes).
 */
import { channelKindOf } from './catalog-structure.js';
import { ContactPreferences, TRAIT_BURN_IN, type RefitRunner, type StoredContactPreferences } from './contact-preferences.js';
import { valuedFeature } from './features.js';
import { CONTACT_EFFECT_VARIANCE, priorOf, sigmoid, type ActionPosterior } from './posterior.js';
import { COMPANY_EFFECT_PREFIX, CONTACT_EFFECT_PREFIX, TIME_PREFIX, isRandomEffect, RandomEffects, type StoredRandomEffects } from './random-effects.js';

/** Features kept outside the covariance: the random effects (one per contact or company). */
export const isLocalFeature = (feature: string): boolean => isRandomEffect(feature);

/**
 * A feature's group for the learned prior variances: the part before `=` (`industry`, `tag`, `since_touch` …;
 * a cross `family=x&seniority=y` → `family&seniority`). The bias keeps its fixed prior.
 */
export function priorGroupOf(feature: string): string | undefined {
  if (feature === 'bias') return undefined;
  // Keys are the names right before '=' (a value may hold '&' itself: `industry=media_&_entertainment`).
  const keys = [...feature.matchAll(/(?:^|&)([a-z_]+)=/g)].map((m) => m[1]);
  return keys.length ? keys.join('&') : feature;
}

/** Bounds of a learned group variance: never quite zero (a group can come back), never wider than the data can use. */
let groupVarianceMin = 0.05;
const GROUP_VARIANCE_MAX = 2;
/** For the learning bench's comparisons (`--learner groupFloor=0.05`). */
export function setGroupVarianceFloor(v: number): void {
  groupVarianceMin = v;
}

/**
 * A group switched off by its evidence (see ActionBlock.switchOffGroups) keeps this prior variance: its weights stay
 * at their prior mean (sd 0.01 in logit), so a group that explains nothing adds no noise to estimates or draws.
 */
const GROUP_OFF_VARIANCE = 1e-4;

/** When an action re-learns its group variances: after this many of its outcomes, then every GROUP_REFIT_EVERY. */
const GROUP_REFIT_AT = [200, 400, 700, 1000];
const GROUP_REFIT_EVERY = 1000;
export const isGroupRefitPoint = (n: number): boolean => GROUP_REFIT_AT.includes(n) || (n > 1000 && n % GROUP_REFIT_EVERY === 0);

/**
 * With strength shared across actions: when the shared means and every action's deviation variances are re-learned,
 * counted in outcomes of all actions (denser early, when each new outcome changes most), then every
 * SHARED_REFIT_EVERY. An action's deviation variances are learned once it has sharedDeviationMin outcomes.
 */
const SHARED_REFIT_AT = [100, 200, 300, 500, 700, 1000, 1500, 2000, 3000, 4000, 5000, 6500, 8000, 10000];
const SHARED_REFIT_EVERY = 2500;
let sharedDeviationMin = 100;
/** For the learning bench's comparisons (`--learner deviationMin=200`). */
export function setSharedDeviationMin(n: number): void {
  sharedDeviationMin = n;
}
let deviationStart = Infinity;
/** For the learning bench's comparisons (`--learner deviationStart=0.15`): a deviation's prior variance before it is learned. */
export function setDeviationStart(v: number): void {
  deviationStart = v;
}
let sharedGroupVariances = false;
/** For the learning bench's comparisons (`--learner sharedArd=true`): learn the shared weights' group variances too. */
export function setSharedGroupVariances(on: boolean): void {
  sharedGroupVariances = on;
}
export const isSharedRefitPoint = (n: number): boolean => SHARED_REFIT_AT.includes(n) || (n > 10000 && n % SHARED_REFIT_EVERY === 0);

/**
 * How an action block learns its group variances (beside `switchGroups`):
 * - `ardIterations`: evidence fixed-point steps per refit (1: one step, as before). MacKay's update moves a group's
 *   variance by a factor ≈ (1 + F·s²)/(1 + F·τ²) per step (F the data's precision per weight, s² the true spread),
 *   so from a wrong start one step per refit takes many refits to arrive; iterating to convergence (stopping once no
 *   group moves by more than 5 %) gives each refit the variances its evidence supports.
 * - `groupStart`: a group with no learned variance yet starts at most this wide (coarse to fine: a group that turns out
 *   to explain nothing adds little noise before the first refit, and one that matters is widened by the evidence).
 */
export interface BlockSettings {
  switchGroups?: boolean;
  ardIterations?: number;
  groupStart?: number;
  /** The narrow start for main-effect groups only: crosses (`family&seniority` …) start at their own prior. */
  groupStartMainOnly?: boolean;
  /**
   * Crosses gated by their evidence: a cross group starts switched off, and at each refit its Savage–Dickey Bayes
   * factor (switchOffGroups) decides whether it is on until the next — main effects are never switched off.
   */
  gateCrosses?: boolean;
  /**
   * A floor that falls with the action's outcomes: max(floorEnd, min(the floor, floorDecay / outcomes)). The floor
   * keeps room for a small real effect whose evidence is not in yet; the smallest effect the data can tell apart
   * has a variance ∝ 1/n (a weight's data precision grows with n), so the room needed shrinks the same way, and a
   * group that explains nothing adds less fitted noise late in a run. 0: the fixed floor.
   */
  floorDecay?: number;
  floorEnd?: number;
}

/** Whether a feature's weight is shared across actions (every grouped feature; the bias keeps each action's own prior). */
const isSharedFeature = (feature: string): boolean => !isLocalFeature(feature) && priorGroupOf(feature) !== undefined;

class ActionBlock {
  readonly index = new Map<string, number>();
  readonly names: string[] = [];
  capacity = 32;
  mean = new Float64Array(this.capacity);
  /** Row-major capacity × capacity; the first names.length rows and columns are in use. */
  cov = new Float64Array(this.capacity * this.capacity);
  private scratch = new Float64Array(this.capacity);
  /**
   * What the outcomes said, apart from the prior (each Laplace step is a Gaussian site h·(xᵀw − ỹ)² / 2 on the
   * logit): their precision Σ h·xxᵀ and linear term Σ h·ỹ·x. The posterior is prior × sites, so a new prior
   * variance per group (learned below) gives the new posterior exactly: Σ = (sites + prior)⁻¹.
   */
  sitePrecision = new Float64Array(this.capacity * this.capacity);
  siteLinear = new Float64Array(this.capacity);
  /** Each feature's prior (mean, variance); the variance is its group's, learned from the data when enabled. */
  priorMean = new Float64Array(this.capacity);
  priorVariance = new Float64Array(this.capacity);
  /** Learned prior variance per feature group (empty until the first refit). */
  readonly groupVariance = new Map<string, number>();
  /** Groups whose evidence says "no effect" at the last refit (with `switchGroups`): held at GROUP_OFF_VARIANCE. */
  readonly groupOff = new Set<string>();
  /** Outcomes this action has learned from. */
  outcomes = 0;

  /**
   * `sharedMean`: with strength shared across actions, each feature's weight common to all actions (learned from
   * all of them, see CorrelatedPosterior.refitShared) — this action's prior mean for it; the prior variance is then
   * the variance of this action's deviation from it.
   */
  constructor(
    private readonly sharedMean?: ReadonlyMap<string, number>,
    settings: BlockSettings = {},
  ) {
    this.switchGroups = settings.switchGroups ?? false;
    this.ardIterations = Math.max(1, settings.ardIterations ?? 1);
    this.groupStart = settings.groupStart;
    this.groupStartMainOnly = settings.groupStartMainOnly ?? false;
    this.gateCrosses = settings.gateCrosses ?? false;
    this.floorDecay = settings.floorDecay ?? 0;
    this.floorEnd = settings.floorEnd ?? 0.01;
  }

  /** See BlockSettings. */
  readonly floorDecay: number;
  readonly floorEnd: number;

  /** The lower bound of a learned group variance after this action's outcomes so far. */
  floor(): number {
    return this.floorDecay > 0 ? Math.max(Math.min(this.floorEnd, groupVarianceMin), Math.min(groupVarianceMin, this.floorDecay / Math.max(1, this.outcomes))) : groupVarianceMin;
  }

  /** Whether refitGroups also switches groups off (and back on) by their Bayes factor. */
  readonly switchGroups: boolean;
  /** Evidence fixed-point steps per refit (see BlockSettings). */
  readonly ardIterations: number;
  /** The widest prior variance of a group before it has a learned one (see BlockSettings). */
  readonly groupStart: number | undefined;
  readonly groupStartMainOnly: boolean;
  /** See BlockSettings.gateCrosses. */
  readonly gateCrosses: boolean;
  /** During a refit with gated crosses: crosses not learned yet take their start prior so the evidence can judge them. */
  private opening = false;

  /** A feature's prior: the shared mean and the group's learned variance once there are. */
  prior(feature: string): { mean: number; variance: number } {
    const p = priorOf(feature);
    const g = priorGroupOf(feature);
    if (g !== undefined && this.groupOff.has(g)) return { mean: this.sharedMean?.get(feature) ?? p.mean, variance: GROUP_OFF_VARIANCE };
    const learned = g === undefined ? undefined : this.groupVariance.get(g);
    // A gated cross no refit has judged yet is off.
    if (this.gateCrosses && !this.opening && learned === undefined && g !== undefined && g.includes('&')) return { mean: this.sharedMean?.get(feature) ?? p.mean, variance: GROUP_OFF_VARIANCE };
    // Sharing, a deviation starts narrower than a weight of its own (coarse to fine: the relevance step widens it).
    let start = this.sharedMean && g !== undefined ? Math.min(1 / p.precision, deviationStart) : 1 / p.precision;
    if (this.groupStart !== undefined && g !== undefined && !(this.groupStartMainOnly && g.includes('&'))) start = Math.min(start, this.groupStart);
    return { mean: this.sharedMean?.get(feature) ?? p.mean, variance: learned ?? start };
  }

  get size(): number {
    return this.names.length;
  }

  /** Adds a feature at its prior (independent of the others); returns its index. */
  add(feature: string): number {
    const d = this.names.length;
    if (d === this.capacity) this.grow();
    const p = this.prior(feature);
    this.index.set(feature, d);
    this.names.push(feature);
    this.mean[d] = p.mean;
    this.cov[d * this.capacity + d] = p.variance;
    this.priorMean[d] = p.mean;
    this.priorVariance[d] = p.variance;
    return d;
  }

  private grow(): void {
    const old = this.capacity;
    const cap = old * 2;
    const square = (m: Float64Array) => {
      const out = new Float64Array(cap * cap);
      for (let r = 0; r < old; r++) out.set(m.subarray(r * old, r * old + old), r * cap);
      return out;
    };
    const vector = (v: Float64Array) => {
      const out = new Float64Array(cap);
      out.set(v);
      return out;
    };
    this.capacity = cap;
    this.cov = square(this.cov);
    this.sitePrecision = square(this.sitePrecision);
    this.mean = vector(this.mean);
    this.siteLinear = vector(this.siteLinear);
    this.priorMean = vector(this.priorMean);
    this.priorVariance = vector(this.priorVariance);
    this.scratch = new Float64Array(cap);
  }

  /** The logit's moments over the shared features (random effects are the caller's). */
  moments(features: readonly string[]): { mean: number; variance: number } {
    let mean = 0;
    let variance = 0;
    const idx: number[] = [];
    let xs: number[] | undefined;
    for (const f of features) {
      if (isLocalFeature(f)) continue;
      // A valued feature (`load=1d*0.73`, features.ts valuedFeature): its name's weight times the value.
      const valued = valuedFeature(f);
      const name = valued ? valued.name : f;
      const x = valued ? valued.value : 1;
      const i = this.index.get(name);
      if (i === undefined) {
        const p = this.prior(name);
        mean += p.mean * x;
        variance += p.variance * x * x;
      } else {
        mean += this.mean[i]! * x;
        if (valued && !xs) xs = idx.map(() => 1);
        idx.push(i);
        xs?.push(x);
      }
    }
    const cap = this.capacity;
    if (xs) for (let a = 0; a < idx.length; a++) for (let b = 0; b < idx.length; b++) variance += xs[a]! * xs[b]! * this.cov[idx[a]! * cap + idx[b]!]!;
    else for (const a of idx) for (const b of idx) variance += this.cov[a * cap + b]!;
    return { mean, variance };
  }

  /**
   * The one-observation Laplace step over the shared features and, beside them, independent terms of total mean
   * `extraMean` and variance `extraVariance` (another block's, or the random effects'): returns the step c, the
   * curvature h at the new mode, and the logit's prior mean mu and variance v (all terms).
   */
  update(features: readonly string[], y: number, extraMean = 0, extraVariance = 0): { c: number; h: number; v: number; mu: number } {
    const prep = this.prepare(features);
    const mu = prep.mu + extraMean;
    const v = prep.v + extraVariance;
    let c = 0;
    for (let it = 0; it < 30; it++) {
      const p = sigmoid(mu + c * v);
      const step = (c - y + p) / (1 + p * (1 - p) * v);
      c -= step;
      if (Math.abs(step) < 1e-10) break;
    }
    const s = sigmoid(mu + c * v);
    const h = s * (1 - s);
    this.apply(prep, c, h, v);
    return { c, h, v, mu };
  }

  /** The active features' indices (added at their prior when new), values, u = Σx, and this block's logit moments. */
  prepare(features: readonly string[]): { idx: number[]; xs: number[] | undefined; mu: number; v: number } {
    const idx: number[] = [];
    // x over idx: 1 for a binary feature, the value of a valued one (`load=1d*0.73`); `xs` only when one is valued.
    let xs: number[] | undefined;
    for (const f of features) {
      if (isLocalFeature(f)) continue;
      const valued = valuedFeature(f);
      const name = valued ? valued.name : f;
      if (valued && !xs) xs = idx.map(() => 1);
      idx.push(this.index.get(name) ?? this.add(name));
      xs?.push(valued ? valued.value : 1);
    }
    const d = this.names.length;
    const cap = this.capacity;
    const cov = this.cov;
    // u = Σx: the column sums of the active columns (weighted by the values when any is valued).
    const u = this.scratch;
    for (let r = 0; r < d; r++) {
      let s = 0;
      const row = r * cap;
      if (xs) for (let k = 0; k < idx.length; k++) s += cov[row + idx[k]!]! * xs[k]!;
      else for (const j of idx) s += cov[row + j]!;
      u[r] = s;
    }
    let mu = 0;
    let v = 0;
    for (let k = 0; k < idx.length; k++) {
      const i = idx[k]!;
      const x = xs ? xs[k]! : 1;
      mu += this.mean[i]! * x;
      v += u[i]! * x;
    }
    return { idx, xs, mu, v };
  }

  /**
   * Applies the step c (curvature h, the logit's total variance vTotal) to this block — prepared by `prepare` just
   * before, its u in scratch. Beside independent terms of variance e = vTotal − v (another block), the block's own
   * site has precision h' = h / (1 + h·e) and target μ + c(1 + h'v)/h' (μ, v this block's): exactly what moves its
   * mean by c·Σx and its covariance by −h/(1 + h·vTotal)·ΣxxᵀΣ, so a refit from the sites gives the same posterior.
   * With no other terms (e = 0) this is the plain site: precision h at ỹ = μ + c·v + c/h.
   */
  apply(prep: { idx: number[]; xs: number[] | undefined; mu: number; v: number }, c: number, h: number, vTotal: number): void {
    const { idx, xs } = prep;
    const d = this.names.length;
    const cap = this.capacity;
    const cov = this.cov;
    const u = this.scratch;
    const k = h / (1 + h * vTotal);
    const hs = h / (1 + h * Math.max(0, vTotal - prep.v));
    const target = prep.mu + (c * (1 + hs * prep.v)) / hs;
    if (xs)
      for (let a = 0; a < idx.length; a++) {
        const i = idx[a]!;
        this.siteLinear[i] = this.siteLinear[i]! + hs * target * xs[a]!;
        for (let b = 0; b < idx.length; b++) this.sitePrecision[i * cap + idx[b]!] = this.sitePrecision[i * cap + idx[b]!]! + hs * xs[a]! * xs[b]!;
      }
    else
      for (const i of idx) {
        this.siteLinear[i] = this.siteLinear[i]! + hs * target;
        for (const j of idx) this.sitePrecision[i * cap + j] = this.sitePrecision[i * cap + j]! + hs;
      }
    this.outcomes++;
    for (let r = 0; r < d; r++) this.mean[r] = this.mean[r]! + c * u[r]!;
    for (let r = 0; r < d; r++) {
      const kr = k * u[r]!;
      if (kr === 0) continue;
      const row = r * cap;
      for (let col = 0; col < d; col++) cov[row + col] = cov[row + col]! - kr * u[col]!;
    }
  }

  /**
   * Re-learns each feature group's prior variance from the posterior (MacKay's evidence fixed point, one step:
   * γᵢ = 1 − Σᵢᵢ/τ², τ² ← Σ mᵢ² / Σ γᵢ over the group — automatic relevance determination), then recomputes the
   * posterior under the new prior from the sites. Groups that explain nothing shrink towards 0, so their weights stop
   * adding noise to the estimates and to Thompson's draws; groups that matter keep or gain room. Deterministic: the
   * same sites in the same order give the same result in every process.
   */
  refitGroups(): void {
    const gate = this.switchGroups || this.gateCrosses;
    if (gate && (this.groupOff.size > 0 || this.gateCrosses)) {
      // Every group is judged afresh: those switched off come back at their last learned variance first (a gated
      // cross never learned yet at its start prior).
      this.opening = true;
      this.groupOff.clear();
      this.applyPriors();
      this.fromSites();
    }
    for (let it = 0; it < this.ardIterations; it++) {
      const moved = this.learnGroupVariances();
      this.fromSites();
      if (moved < 0.05) break;
    }
    const off = gate && this.switchOffGroups(!this.switchGroups);
    this.opening = false;
    if (gate) {
      this.applyPriors();
      if (off || this.gateCrosses) this.fromSites();
    }
  }

  private applyPriors(): void {
    for (let i = 0; i < this.names.length; i++) this.priorVariance[i] = this.prior(this.names[i]!).variance;
  }

  /**
   * Relevance as a decision, not only a variance: a group whose evidence favours "no effect at all" is switched off.
   * The ARD variances alone stop at their floor (0.05), and a group at the floor still moves each context's logit by
   * ≈ 0.1 of fitted noise — with a handful of irrelevant groups per action that is noise comparable to the gaps
   * between actions (measured: adding place features nobody's response depended on cost 0.01–0.03 × oracle).
   * The test is the Savage–Dickey density ratio, exact for this nested model under the Gaussian sites: the Bayes
   * factor of "the group's weights are at their prior mean" against "they are N(mean, τ)" is the posterior density of
   * the group's weights at the prior mean over the prior density there,
   *   log BF = −½ log|Σ_gg| − ½ (m_g − μ_g)ᵀ Σ_gg⁻¹ (m_g − μ_g) + ½ Σᵢ log τᵢ,
   * from the group's block of the current posterior (k × k, k ≤ a few dozen). Off when log BF > 0. Occam's razor is
   * built in: with little data a small effect is off, and it comes back at a later refit once its evidence is there.
   * Returns whether any group was switched off.
   */
  private switchOffGroups(crossesOnly = false): boolean {
    const d = this.names.length;
    const cap = this.capacity;
    const members = new Map<string, number[]>();
    for (let i = 0; i < d; i++) {
      const g = priorGroupOf(this.names[i]!);
      if (g !== undefined && !(crossesOnly && !g.includes('&'))) (members.get(g) ?? members.set(g, []).get(g)!).push(i);
    }
    for (const [g, idx] of members) {
      const k = idx.length;
      const l = new Float64Array(k * k);
      // Cholesky of the group's posterior covariance block.
      for (let a = 0; a < k; a++)
        for (let b = 0; b <= a; b++) {
          let sum = this.cov[idx[a]! * cap + idx[b]!]!;
          for (let c = 0; c < b; c++) sum -= l[a * k + c]! * l[b * k + c]!;
          if (a === b) l[a * k + a] = Math.sqrt(Math.max(sum, 1e-300));
          else l[a * k + b] = sum / l[b * k + b]!;
        }
      let logDet = 0;
      let quad = 0;
      let logPrior = 0;
      const z = new Float64Array(k);
      for (let a = 0; a < k; a++) {
        logDet += 2 * Math.log(l[a * k + a]!);
        let v = this.mean[idx[a]!]! - this.priorMean[idx[a]!]!;
        for (let c = 0; c < a; c++) v -= l[a * k + c]! * z[c]!;
        z[a] = v / l[a * k + a]!;
        quad += z[a]! * z[a]!;
        logPrior += Math.log(this.priorVariance[idx[a]!]!);
      }
      if (-0.5 * logDet - 0.5 * quad + 0.5 * logPrior > 0) this.groupOff.add(g);
    }
    return this.groupOff.size > 0;
  }

  /**
   * The evidence step of refitGroups: new group variances (and each feature's prior variance) from the posterior.
   * Returns the largest relative change of a group's variance (Infinity for a group learned for the first time).
   */
  private learnGroupVariances(): number {
    const d = this.names.length;
    if (d === 0) return 0;
    const cap = this.capacity;
    const sums = new Map<string, { m2: number; gamma: number; tau: number }>();
    for (let i = 0; i < d; i++) {
      const g = priorGroupOf(this.names[i]!);
      if (g === undefined) continue;
      const tau = this.priorVariance[i]!;
      const e = sums.get(g) ?? { m2: 0, gamma: 0, tau };
      const dm = this.mean[i]! - this.priorMean[i]!;
      e.m2 += dm * dm;
      e.gamma += Math.max(0, 1 - this.cov[i * cap + i]! / tau);
      sums.set(g, e);
    }
    let moved = 0;
    for (const [g, e] of sums) {
      if (e.gamma <= 1e-3) continue;
      const v = Math.min(GROUP_VARIANCE_MAX, Math.max(this.floor(), e.m2 / e.gamma));
      const old = this.groupVariance.get(g);
      moved = Math.max(moved, old === undefined ? Infinity : Math.abs(v - old) / old);
      this.groupVariance.set(g, v);
    }
    for (let i = 0; i < d; i++) this.priorVariance[i] = this.prior(this.names[i]!).variance;
    return moved;
  }

  /** (sites + prior)⁻¹ under the current prior variances, d × d (d = size), by Cholesky. */
  posteriorCovariance(): Float64Array {
    const d = this.names.length;
    const cap = this.capacity;
    const a = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) a[i * d + j] = this.sitePrecision[i * cap + j]!;
      a[i * d + i] = a[i * d + i]! + 1 / this.priorVariance[i]!;
    }
    return invertSpd(a, d);
  }

  /** Σ = (sites + prior)⁻¹ and m = Σ(site linear + prior mean / prior variance); `inv`: Σ when already at hand. */
  private fromSites(inv = this.posteriorCovariance()): void {
    const d = this.names.length;
    const cap = this.capacity;
    const b = new Float64Array(d);
    for (let i = 0; i < d; i++) b[i] = this.siteLinear[i]! + this.priorMean[i]! / this.priorVariance[i]!;
    for (let i = 0; i < d; i++) {
      let m = 0;
      for (let j = 0; j < d; j++) {
        const x = inv[i * d + j]!;
        this.cov[i * cap + j] = x;
        m += x * b[j]!;
      }
      this.mean[i] = m;
    }
  }

  /**
   * Takes new shared means as prior means (the prior variances unchanged, so `inv` — posteriorCovariance() from
   * before — still holds), then, with `learnVariances`, re-learns the deviation variances and refits once more.
   */
  reprior(inv: Float64Array, learnVariances: boolean): void {
    for (let i = 0; i < this.names.length; i++) this.priorMean[i] = this.prior(this.names[i]!).mean;
    this.fromSites(inv);
    if (learnVariances) this.refitGroups();
  }

  /** Snapshots before the sites were kept: the sites are what the posterior holds beyond its prior. */
  sitesFromPosterior(): void {
    const d = this.names.length;
    const cap = this.capacity;
    const a = new Float64Array(d * d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) a[i * d + j] = this.cov[i * cap + j]!;
    const prec = invertSpd(a, d);
    for (let i = 0; i < d; i++) {
      let lin = 0;
      for (let j = 0; j < d; j++) {
        const x = prec[i * d + j]! - (i === j ? 1 / this.priorVariance[i]! : 0);
        this.sitePrecision[i * cap + j] = x;
        lin += prec[i * d + j]! * this.mean[j]!;
      }
      this.siteLinear[i] = lin - this.priorMean[i]! / this.priorVariance[i]!;
    }
  }

  weight(feature: string): { mean: number; variance: number } | undefined {
    const i = this.index.get(valuedFeature(feature)?.name ?? feature);
    return i === undefined ? undefined : { mean: this.mean[i]!, variance: this.cov[i * this.capacity + i]! };
  }

  toJSON(): StoredBlock {
    const d = this.names.length;
    // The upper triangle as little-endian float64 in base64: a tenth of the size of JSON numbers, exact.
    const tri = new Float64Array((d * (d + 1)) / 2);
    let n = 0;
    for (let r = 0; r < d; r++) for (let col = r; col < d; col++) tri[n++] = this.cov[r * this.capacity + col]!;
    const siteTri = new Float64Array((d * (d + 1)) / 2);
    n = 0;
    for (let r = 0; r < d; r++) for (let col = r; col < d; col++) siteTri[n++] = this.sitePrecision[r * this.capacity + col]!;
    return {
      features: [...this.names],
      mean: Array.from(this.mean.subarray(0, d)),
      cov: Buffer.from(tri.buffer).toString('base64'),
      sites: { precision: Buffer.from(siteTri.buffer).toString('base64'), linear: Buffer.from(this.siteLinear.slice(0, d).buffer).toString('base64') },
      priorVariance: Buffer.from(this.priorVariance.slice(0, d).buffer).toString('base64'),
      groupVariance: Object.fromEntries([...this.groupVariance].sort(([a], [b]) => (a < b ? -1 : 1))),
      ...(this.groupOff.size ? { groupOff: [...this.groupOff].sort() } : {}),
      outcomes: this.outcomes,
    };
  }

  static fromJSON(data: StoredBlock, sharedMean?: ReadonlyMap<string, number>, settings: BlockSettings = {}): ActionBlock {
    const b = new ActionBlock(sharedMean, settings);
    for (const [g, v] of Object.entries(data.groupVariance ?? {})) b.groupVariance.set(g, v);
    for (const g of data.groupOff ?? []) b.groupOff.add(g);
    for (const f of data.features) b.add(f);
    const d = b.names.length;
    const floats = (s: string) => {
      const bytes = Buffer.from(s, 'base64');
      return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    };
    const tri = floats(data.cov);
    if (tri.length !== (d * (d + 1)) / 2 || data.mean.length !== d) throw new Error('a stored posterior block does not match its feature list');
    const symmetric = (t: Float64Array, into: Float64Array) => {
      let n = 0;
      for (let r = 0; r < d; r++)
        for (let col = r; col < d; col++) {
          const x = t[n++]!;
          into[r * b.capacity + col] = x;
          into[col * b.capacity + r] = x;
        }
    };
    for (let r = 0; r < d; r++) b.mean[r] = data.mean[r]!;
    symmetric(tri, b.cov);
    if (data.priorVariance) b.priorVariance.set(floats(data.priorVariance).subarray(0, d));
    b.outcomes = data.outcomes ?? 0;
    if (data.sites) {
      symmetric(floats(data.sites.precision), b.sitePrecision);
      b.siteLinear.set(floats(data.sites.linear).subarray(0, d));
    } else b.sitesFromPosterior();
    return b;
  }
}

/** The inverse of a symmetric positive-definite d × d matrix (row-major), by Cholesky. */
function invertSpd(a: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * d + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * d + k]! * l[j * d + k]!;
      if (i === j) l[i * d + i] = Math.sqrt(Math.max(sum, 1e-12));
      else l[i * d + j] = sum / l[j * d + j]!;
    }
  }
  // L⁻¹ (lower triangular), then A⁻¹ = L⁻ᵀ L⁻¹.
  const li = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    li[i * d + i] = 1 / l[i * d + i]!;
    for (let j = 0; j < i; j++) {
      let sum = 0;
      for (let k = j; k < i; k++) sum -= l[i * d + k]! * li[k * d + j]!;
      li[i * d + j] = sum / l[i * d + i]!;
    }
  }
  const inv = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = i; k < d; k++) sum += li[k * d + i]! * li[k * d + j]!;
      inv[i * d + j] = sum;
      inv[j * d + i] = sum;
    }
  return inv;
}

interface StoredBlock {
  features: string[];
  mean: number[];
  cov: string;
  /** The outcomes' sites apart from the prior (absent in earlier snapshots: derived from the posterior). */
  sites?: { precision: string; linear: string };
  /** Each feature's prior variance (base64 float64) and each group's learned variance. */
  priorVariance?: string;
  groupVariance?: Record<string, number>;
  /** Groups switched off by their evidence (absent: none). */
  groupOff?: string[];
  outcomes?: number;
  /** Earlier snapshots: contact × action offsets as feature → [mean, precision] under a fixed prior. */
  local?: Record<string, [number, number]>;
}

/** The hierarchy's keys among a context's features: `contact=<id>`, `org=<company id>`, `at=<hours>` (NaN: absent). */
function keysOf(features: readonly string[]): { contact?: string; company?: string; at: number } {
  let contact: string | undefined;
  let company: string | undefined;
  let at = NaN;
  for (const f of features) {
    if (f.startsWith(CONTACT_EFFECT_PREFIX)) contact = f.slice(CONTACT_EFFECT_PREFIX.length);
    else if (f.startsWith(COMPANY_EFFECT_PREFIX)) company = f.slice(COMPANY_EFFECT_PREFIX.length);
    else if (f.startsWith(TIME_PREFIX)) at = Number(f.slice(TIME_PREFIX.length));
  }
  return { contact, company, at };
}

export interface PosteriorOptions {
  learnVariances?: boolean;
  learnGroupVariances?: boolean;
  shareActions?: boolean;
  /**
   * Strength shared along the catalog's structure: the actions of one kind (written, live: catalog-structure.ts)
   * share a weight per feature and each keeps its deviation (refitShared per kind); an action of no kind learns alone.
   * Ignored with shareActions (which shares across all actions).
   */
  shareChannels?: boolean;
  /**
   * A contact's own responsiveness and per-action offsets on grids learned from all contacts (contact-preferences.ts)
   * instead of the Gaussian offsets of random-effects.ts, for contexts that carry `contact=<id>`.
   */
  contactPreference?: boolean;
  /**
   * With contactPreference: where the grids' refits run (a worker thread: preference-refit-pool.ts); absent, spread
   * over the outcomes after each refit's cut in this thread. The posterior is the same either way.
   */
  preferenceRunner?: RefitRunner;
  /** With contactPreference: a contact's evidence fades with its age, half-life chosen from the outcomes (contact-preferences.ts). */
  preferenceFading?: boolean;
  /** With learned group variances: groups whose Bayes factor favours "no effect" are switched off (ActionBlock.switchOffGroups). */
  switchGroups?: boolean;
  /** Evidence fixed-point steps per refit of the group variances (BlockSettings; 1 by default). */
  ardIterations?: number;
  /** A group's prior variance before its first refit is at most this (BlockSettings; none by default). */
  groupStart?: number;
  /** The narrow start for main-effect groups only (BlockSettings). */
  groupStartMainOnly?: boolean;
  /** Crosses gated by their evidence (BlockSettings). */
  gateCrosses?: boolean;
  /** A floor of the group variances falling with an action's outcomes (BlockSettings; 0 / absent: fixed). */
  floorDecay?: number;
  floorEnd?: number;
  /**
   * The continuous fatigue load (valued `load=` features) shared by every outreach action: one block of weights
   * learned from all actions but `wait`, beside each action's own (its deviation, under its learned group variance).
   * The two blocks take the same Laplace step, each independent of the other (block-diagonal, as the random effects).
   */
  shareFatigue?: boolean;
  /** With shareFatigue: whether each outreach action also keeps its own deviation of the load's weights (default true). */
  fatigueDeviations?: boolean;
  /**
   * With shareFatigue: Thompson draws the shared block's load term once per decision for every outreach action
   * (`commonPart`; the joint posterior as it is — the term is the same weights times the same values in every
   * outreach action's logit) instead of independently per action (false: the first version's draws). Default true.
   */
  sharedDraw?: boolean;
  /**
   * With contactPreference: Thompson draws the contact's own part (the variance of its offset on the learned grid) at
   * full width; the temper narrows only the shared weights' part. Default false (all of it tempered).
   */
  preferenceFullDraw?: boolean;
  /** With contactPreference: n₀ of the contact's full-width share n₀ / (n₀ + n) (LearnerOptions.preferenceDrawOutcomes; 0: off). */
  preferenceDrawOutcomes?: number;
  /**
   * With shareFatigue: `wait` reads the shared load too, mirrored (its logit carries −1 × the outreach's shared load
   * term, so the pending-reply lift starts as the suppression's mirror and wait's outcomes teach the shared block as
   * well), its own load weights then its deviation from that mirror. Default false: wait's load is its own.
   */
  waitMirror?: boolean;
}

/** The action that is no outreach (features.ts: a recommendation to wait is not a touch). */
const WAIT_ACTION = 'wait';

export class CorrelatedPosterior implements ActionPosterior {
  private readonly blocks = new Map<string, ActionBlock>();
  /** Contact and company offsets (random-effects.ts): used for contexts that carry `contact=<id>`. */
  effects: RandomEffects;
  /** With contactPreference: a contact's own traits on learned grids (used instead of `effects`). */
  preferences?: ContactPreferences;
  /** With shareFatigue: the fatigue load's weights common to every outreach action. */
  fatigue?: ActionBlock;
  /** With shareFatigue: whether an outreach action's block keeps its own load weights beside the shared ones. */
  private readonly fatigueDeviations: boolean;
  /** With shareFatigue: whether the shared load term is one draw for all outreach actions (`commonPart`). */
  private readonly sharedDraw: boolean;
  private readonly preferenceFullDraw: boolean;
  private readonly preferenceDrawOutcomes: number;
  /** With shareFatigue: whether wait reads the shared load mirrored (its own load weights a deviation from it). */
  private readonly waitMirror: boolean;
  outcomes = 0;

  /** `temper`: the sd multiplier of Thompson's draws (1: the posterior as it is; see docs/next-best-action.md). */
  /** Whether each action learns its feature groups' prior variances from the outcomes (see ActionBlock.refitGroups). */
  readonly learnGroupVariances: boolean;
  /** Whether the actions share strength: each weight = a weight common to all actions + the action's deviation (refitShared). */
  readonly shareActions: boolean;
  /** Whether a refit may switch feature groups off by their evidence. */
  readonly switchGroups: boolean;
  /** Whether the actions of one kind of outreach share strength (shareChannels; see PosteriorOptions). */
  readonly shareChannels: boolean;
  /**
   * The shared weights per sharing level — `all` with shareActions, a channel kind with shareChannels — and their
   * prior variance per group, learned like the deviations' (empty: the features' fixed prior). Empty until the
   * level's first refit.
   */
  private readonly shares = new Map<string, { mean: Map<string, number>; variance: Map<string, number> }>();

  constructor(
    readonly temper = 1,
    opts: PosteriorOptions = {},
  ) {
    this.effects = new RandomEffects(opts.learnVariances ?? true);
    this.learnGroupVariances = opts.learnGroupVariances ?? false;
    this.shareActions = opts.shareActions ?? false;
    this.shareChannels = !this.shareActions && (opts.shareChannels ?? false);
    if (opts.contactPreference) this.preferences = new ContactPreferences(opts.preferenceFading ?? false, opts.preferenceRunner);
    this.switchGroups = opts.switchGroups ?? false;
    if (opts.shareFatigue) this.fatigue = new ActionBlock();
    this.fatigueDeviations = opts.fatigueDeviations ?? true;
    this.sharedDraw = opts.sharedDraw ?? true;
    this.preferenceFullDraw = opts.preferenceFullDraw ?? false;
    this.preferenceDrawOutcomes = opts.preferenceDrawOutcomes ?? 0;
    this.waitMirror = opts.waitMirror ?? false;
    this.blockSettings = { switchGroups: this.switchGroups, ardIterations: opts.ardIterations, groupStart: opts.groupStart, groupStartMainOnly: opts.groupStartMainOnly, gateCrosses: opts.gateCrosses, floorDecay: opts.floorDecay, floorEnd: opts.floorEnd };
  }

  /** How each action block learns its group variances. */
  private readonly blockSettings: BlockSettings;

  /** The sharing level an action's weights belong to (undefined: it learns alone). */
  private levelOf(action: string): string | undefined {
    return this.shareActions ? 'all' : this.shareChannels ? channelKindOf(action) : undefined;
  }

  private share(level: string): { mean: Map<string, number>; variance: Map<string, number> } {
    let s = this.shares.get(level);
    if (!s) {
      s = { mean: new Map(), variance: new Map() };
      this.shares.set(level, s);
    }
    return s;
  }

  /** The shared means an action's block takes as prior means (undefined: it learns alone). */
  private sharedMeanOf(action: string): Map<string, number> | undefined {
    const level = this.levelOf(action);
    return level === undefined ? undefined : this.share(level).mean;
  }

  private block(action: string): ActionBlock {
    let b = this.blocks.get(action);
    if (!b) {
      b = new ActionBlock(this.sharedMeanOf(action), this.blockSettings);
      this.blocks.set(action, b);
    }
    return b;
  }

  private shared(action: string, features: readonly string[]): { mean: number; variance: number } {
    const b = this.blocks.get(action);
    if (b) return b.moments(features);
    let mean = 0;
    let variance = 0;
    const sharedMean = this.sharedMeanOf(action);
    for (const feature of features) {
      if (isLocalFeature(feature)) continue;
      const valued = valuedFeature(feature);
      const f = valued ? valued.name : feature;
      const x = valued ? valued.value : 1;
      const p = priorOf(f);
      mean += (sharedMean?.get(f) ?? p.mean) * x;
      // An action with no outcomes yet: what its block's prior would say (ActionBlock.prior before any refit).
      const start = this.blockSettings.groupStart;
      const g = priorGroupOf(f);
      if (this.blockSettings.gateCrosses && g?.includes('&')) {
        variance += GROUP_OFF_VARIANCE * x * x;
        continue;
      }
      variance += (start !== undefined && g !== undefined && !(this.blockSettings.groupStartMainOnly && g.includes('&')) ? Math.min(1 / p.precision, start) : 1 / p.precision) * x * x;
    }
    return { mean, variance };
  }

  /**
   * Strength shared across actions, a hierarchical prior: action a's weight of feature i is μᵢ + δₐᵢ, with μᵢ common
   * to all actions (prior N(0, the feature's prior variance)) and the deviation δₐᵢ ~ N(0, τ²ₐ,g) with a variance per
   * action and feature group learned as before (refitGroups, on the deviations). A contact's responsiveness — how its
   * title, company, source or recent touches move its response to any outreach — is then learned from every action's
   * outcomes instead of from each action's seventh; an action's own weights only need the evidence for where it
   * differs. μ is the empirical-Bayes (type-II maximum likelihood) estimate given every action's sites, which is one
   * linear system: with Sₐ = (Pₐ + Tₐ⁻¹)⁻¹ the action's posterior covariance,
   *   [Σₐ (Tₐ⁻¹ − Tₐ⁻¹SₐTₐ⁻¹) + T₀⁻¹] μ = Σₐ Tₐ⁻¹Sₐ(bₐ + Tₐ⁻¹cₐ)
   * (cₐ the fixed prior means of the unshared bias). Each action then takes μ as its prior mean and its posterior is
   * recomputed from its sites (exact, no replay); deterministic in log order, like every refit.
   */
  private refitShared(level: string): void {
    const blocks = [...this.blocks.entries()].filter(([a]) => this.levelOf(a) === level).sort(([a], [b]) => (a < b ? -1 : 1)).map(([, b]) => b);
    // A kind with one action so far has nothing to share (its weight and deviation would both be that action's).
    if (level !== 'all' && blocks.length < 2) {
      for (const b of blocks) if (this.learnGroupVariances && b.outcomes >= sharedDeviationMin) b.refitGroups();
      return;
    }
    const { mean: sharedMean, variance: sharedVariance } = this.share(level);
    const union = new Map<string, number>();
    for (const b of blocks) for (const f of b.names) if (isSharedFeature(f) && !union.has(f)) union.set(f, union.size);
    const n = union.size;
    if (n === 0) return;
    const a = new Float64Array(n * n);
    const rhs = new Float64Array(n);
    const priorPrecision = new Float64Array(n);
    for (const [f, k] of union) {
      const p = priorOf(f);
      priorPrecision[k] = 1 / (sharedVariance.get(priorGroupOf(f)!) ?? 1 / p.precision);
      a[k * n + k] = priorPrecision[k]!;
      rhs[k] = p.mean * priorPrecision[k]!;
    }
    const invs: Float64Array[] = [];
    for (const b of blocks) {
      const d = b.size;
      const s = b.posteriorCovariance();
      invs.push(s);
      const t = Array.from(b.priorVariance.subarray(0, d), (v) => 1 / v);
      const c = b.names.map((f, i) => (isSharedFeature(f) ? 0 : b.priorMean[i]! * t[i]!));
      const u = b.names.map((f) => (isSharedFeature(f) ? union.get(f)! : -1));
      for (let i = 0; i < d; i++) {
        if (u[i]! < 0) continue;
        let r = 0;
        for (let j = 0; j < d; j++) r += s[i * d + j]! * (b.siteLinear[j]! + c[j]!);
        rhs[u[i]!] = rhs[u[i]!]! + t[i]! * r;
        a[u[i]! * n + u[i]!] = a[u[i]! * n + u[i]!]! + t[i]!;
        for (let j = 0; j < d; j++) if (u[j]! >= 0) a[u[i]! * n + u[j]!] = a[u[i]! * n + u[j]!]! - t[i]! * s[i * d + j]! * t[j]!;
      }
    }
    const inv = invertSpd(a, n);
    sharedMean.clear();
    const sums = new Map<string, { m2: number; gamma: number }>();
    for (const [f, k] of union) {
      let m = 0;
      for (let j = 0; j < n; j++) m += inv[k * n + j]! * rhs[j]!;
      sharedMean.set(f, m);
      // The shared level's relevance: the same evidence fixed point as refitGroups', on μ and its covariance A⁻¹.
      const g = priorGroupOf(f)!;
      const e = sums.get(g) ?? { m2: 0, gamma: 0 };
      const dm = m - priorOf(f).mean;
      e.m2 += dm * dm;
      e.gamma += Math.max(0, 1 - inv[k * n + k]! * priorPrecision[k]!);
      sums.set(g, e);
    }
    if (sharedGroupVariances) for (const [g, e] of sums) if (e.gamma > 1e-3) sharedVariance.set(g, Math.min(GROUP_VARIANCE_MAX, Math.max(groupVarianceMin, e.m2 / e.gamma)));
    blocks.forEach((b, i) => b.reprior(invs[i]!, this.learnGroupVariances && b.outcomes >= sharedDeviationMin));
  }

  /** The weight common to all actions (shareActions) or to a kind's (shareChannels: `level` = the kind); for tests and the docs. */
  sharedWeight(feature: string, level = 'all'): number | undefined {
    return this.shares.get(level)?.mean.get(feature);
  }

  /** With shareFatigue, an outreach action's valued load features (the shared fatigue block's part of its logit). */
  private loadFeatures(action: string, features: readonly string[]): string[] | undefined {
    if (!this.fatigue) return undefined;
    if (action === WAIT_ACTION) {
      if (!this.waitMirror) return undefined;
      // wait reads the shared load mirrored: the same weights times the negated values.
      const out: string[] = [];
      for (const f of features) {
        const v = valuedFeature(f);
        if (v) out.push(`${v.name}*${-v.value}`);
      }
      return out.length ? out : undefined;
    }
    const out = features.filter((f) => valuedFeature(f) !== undefined);
    return out.length ? out : undefined;
  }

  /** The features an action's own block reads: without the load's when it is the shared block's alone. */
  private ownFeatures(action: string, features: readonly string[], lf: string[] | undefined): readonly string[] {
    // wait always keeps its own load weights (its lift, or with waitMirror its deviation from the mirror).
    return lf && !this.fatigueDeviations && action !== WAIT_ACTION ? features.filter((f) => valuedFeature(f) === undefined) : features;
  }

  /**
   * The outreach's shared load term in a context (the shared block's moments over the load features), or undefined
   * without one. Every outreach action of a context reads the same load, so the last context's term is kept (keyed
   * by the features array, which the learner shares between the actions of a context, and by the outcome count).
   */
  private outreachLoad(features: readonly string[]): { lf: string[]; m: { mean: number; variance: number } } | undefined {
    const cache = this.loadCache;
    if (cache && cache.features === features && cache.outcomes === this.outcomes) return cache.value;
    const lf = this.loadFeatures('', features);
    // Another array of the same context (an action's own extra feature, e.g. the repeat of the last touch): the same load.
    const same = cache && cache.outcomes === this.outcomes && cache.value && lf && lf.length === cache.value.lf.length && lf.every((f, i) => f === cache.value!.lf[i]);
    const value = same ? cache.value : lf ? { lf, m: this.fatigue!.moments(lf) } : undefined;
    this.loadCache = { features, outcomes: this.outcomes, value };
    return value;
  }

  private loadCache?: { features: readonly string[]; outcomes: number; value: { lf: string[]; m: { mean: number; variance: number } } | undefined };

  moments(action: string, features: readonly string[]): { mean: number; variance: number; untempered?: number } {
    const load = this.fatigue && action !== WAIT_ACTION ? this.outreachLoad(features) : undefined;
    const lf = load ? load.lf : this.loadFeatures(action, features);
    const m = this.shared(action, this.ownFeatures(action, features, lf));
    if (lf) {
      const f = load ? load.m : this.fatigue!.moments(lf);
      m.mean += f.mean;
      m.variance += f.variance;
    }
    const { contact, company, at } = keysOf(features);
    if (contact === undefined) return { mean: m.mean, variance: Math.max(m.variance, 1e-9) };
    const o = this.preferences ? this.preferences.moments(contact, action, at) : this.effects.moments(contact, company, action);
    // The part Thompson draws at full width: all of the contact's own (preferenceFullDraw), or a share that shrinks
    // with the contact's own outcomes (preferenceDrawOutcomes).
    const untempered = !this.preferences ? 0 : this.preferenceFullDraw ? o.variance : this.preferenceDrawOutcomes > 0 ? (o.variance * this.preferenceDrawOutcomes) / (this.preferenceDrawOutcomes + this.preferences.outcomesOf(contact)) : 0;
    return { mean: m.mean + o.mean, variance: Math.max(m.variance + o.variance, 1e-9), ...(untempered > 0 ? { untempered } : {}) };
  }

  /**
   * With shareFatigue (and sharedDraw): an outreach action's shared load term — the shared block's weights times the
   * context's load values, the same for every outreach action in one context — as its mean and variance (part of
   * `moments`). The two blocks are independent in the posterior (block-diagonal), so an outreach logit is its own
   * part plus this one term, and every outreach action's logit in a context shares it: one draw per decision.
   */
  commonPart(action: string, features: readonly string[]): { mean: number; variance: number; coefficient: number } | undefined {
    if (!this.fatigue || !this.sharedDraw) return undefined;
    if (action !== WAIT_ACTION) {
      const load = this.outreachLoad(features);
      return load ? { mean: load.m.mean, variance: load.m.variance, coefficient: 1 } : undefined;
    }
    const lf = this.loadFeatures(action, features);
    if (!lf) return undefined;
    const m = this.fatigue.moments(lf);
    // wait's load features are the outreach's negated (waitMirror): its part is −1 × the same term.
    return { mean: -m.mean, variance: m.variance, coefficient: -1 };
  }

  weight(action: string, feature: string): { mean: number; variance: number } | undefined {
    return this.blocks.get(action)?.weight(feature);
  }

  drawScale(): number {
    return this.temper;
  }

  update(action: string, features: readonly string[], responded: boolean): void {
    this.loadCache = undefined;
    const b = this.block(action);
    const { contact, company, at } = keysOf(features);
    // With shareFatigue: the action's block and the shared fatigue block take one step together.
    const lf = this.loadFeatures(action, features);
    const own = this.ownFeatures(action, features, lf);
    const step = (): { c: number; h: number; v: number; mu: number } => {
      if (!lf) return b.update(features, responded ? 1 : 0);
      const fatigue = this.fatigue!.prepare(lf);
      const out = b.update(own, responded ? 1 : 0, fatigue.mu, fatigue.v);
      this.fatigue!.apply(fatigue, out.c, out.h, out.v);
      return out;
    };
    if (contact === undefined) step();
    else if (this.preferences) {
      // As below: the shared weights learn population-averaged; the contact's traits from what they leave.
      const seen = b.outcomes;
      const s = step();
      if (seen >= TRAIT_BURN_IN) this.preferences.learn(contact, action, s.mu, s.v, responded, at);
    } else {
      // The shared weights learn population-averaged (as without offsets); the offsets learn from what the shared
      // weights leave unexplained. Letting the offsets' means steer the shared step made early, stale residuals
      // (taken while the shared weights were still far off) bias the shared weights for the contacts they sit on.
      const prior = this.effects.moments(contact, company, action);
      const s = step();
      this.effects.learn(contact, company, action, prior, { mu: s.mu + prior.mean, v: s.v + prior.variance }, responded);
    }
    this.outcomes++;
    const level = this.levelOf(action);
    if (level === 'all') {
      if (isSharedRefitPoint(this.outcomes)) this.refitShared('all');
    } else if (level !== undefined) {
      // A kind's refits are counted in its own actions' outcomes.
      let n = 0;
      for (const [a, k] of this.blocks) if (this.levelOf(a) === level) n += k.outcomes;
      if (isSharedRefitPoint(n)) this.refitShared(level);
    } else if (this.learnGroupVariances && isGroupRefitPoint(b.outcomes)) b.refitGroups();
  }

  /** An action's groups switched off by their evidence (for tests, the bench and the docs). */
  groupsOff(action: string): string[] {
    return [...(this.blocks.get(action)?.groupOff ?? [])].sort();
  }

  /** An action's learned group variances (for tests, the bench and the docs). */
  groupVariances(action: string): Record<string, number> {
    return Object.fromEntries(this.blocks.get(action)?.groupVariance ?? []);
  }

  /** Shared features per action (for tests and the docs). */
  sizeOf(action: string): number {
    return this.blocks.get(action)?.size ?? 0;
  }

  toJSON(): ReturnType<CorrelatedPosterior['toStored']> {
    return this.toStored(true);
  }

  /** The snapshot; `contacts` false leaves the contacts' outcomes out of it (ContactPreferences.toStored). */
  toStored(contacts: boolean): { kind: 'correlated'; outcomes: number; actions: Record<string, StoredBlock>; effects: StoredRandomEffects; shared?: Record<string, number>; sharedVariance?: Record<string, number>; sharedByKind?: Record<string, { mean: Record<string, number>; variance: Record<string, number> }>; preferences?: StoredContactPreferences; fatigue?: StoredBlock } {
    const all = this.shares.get('all');
    const shared = all?.mean.size ? { shared: Object.fromEntries(all.mean), sharedVariance: Object.fromEntries(all.variance) } : {};
    const kinds = [...this.shares].filter(([level, s]) => level !== 'all' && s.mean.size > 0).sort(([a], [b]) => (a < b ? -1 : 1));
    const byKind = kinds.length ? { sharedByKind: Object.fromEntries(kinds.map(([level, s]) => [level, { mean: Object.fromEntries(s.mean), variance: Object.fromEntries(s.variance) }])) } : {};
    return { kind: 'correlated', outcomes: this.outcomes, actions: Object.fromEntries([...this.blocks].map(([a, b]) => [a, b.toJSON()])), effects: this.effects.toJSON(), ...shared, ...byKind, ...(this.preferences ? { preferences: this.preferences.toStored(contacts) } : {}), ...(this.fatigue ? { fatigue: this.fatigue.toJSON() } : {}) };
  }

  /**
   * Reads a stored snapshot: this class's own, or a diagonal posterior's (earlier versions in the registry), whose
   * weights become a full posterior with no correlation yet — the same belief, so nothing learned is lost.
   * Earlier snapshots' contact × action offsets (fixed prior variance) become the hierarchy's sites.
   */
  static fromJSON(data: unknown, temper = 1, opts: PosteriorOptions = {}): CorrelatedPosterior {
    const out = new CorrelatedPosterior(temper, opts);
    const d = data as { kind?: string; outcomes?: number; actions?: Record<string, unknown>; effects?: StoredRandomEffects; shared?: Record<string, number>; sharedVariance?: Record<string, number>; sharedByKind?: Record<string, { mean: Record<string, number>; variance: Record<string, number> }>; preferences?: StoredContactPreferences; fatigue?: StoredBlock } | null;
    if (out.fatigue && d?.kind === 'correlated' && d.fatigue) out.fatigue = ActionBlock.fromJSON(d.fatigue);
    if (out.preferences && d?.preferences) out.preferences = ContactPreferences.fromJSON(d.preferences, opts.preferenceFading ?? false, opts.preferenceRunner);
    out.outcomes = typeof d?.outcomes === 'number' ? d.outcomes : 0;
    // The shared means before the blocks: each block's prior means are read from them (a level the options do not
    // use is not read: its blocks learn alone from their sites, as a new posterior would).
    if (out.shareActions) {
      const all = out.share('all');
      for (const [f, m] of Object.entries(d?.shared ?? {})) all.mean.set(f, m);
      for (const [g, v] of Object.entries(d?.sharedVariance ?? {})) all.variance.set(g, v);
    }
    if (out.shareChannels)
      for (const [level, stored] of Object.entries(d?.sharedByKind ?? {})) {
        const s = out.share(level);
        for (const [f, m] of Object.entries(stored.mean)) s.mean.set(f, m);
        for (const [g, v] of Object.entries(stored.variance)) s.variance.set(g, v);
      }
    if (d?.effects) out.effects = RandomEffects.fromJSON(d.effects, opts.learnVariances ?? true);
    for (const [action, stored] of Object.entries(d?.actions ?? {})) {
      if (d?.kind === 'correlated') {
        const s = stored as StoredBlock;
        out.blocks.set(action, ActionBlock.fromJSON(s, out.sharedMeanOf(action), out.blockSettings));
        for (const [f, [m, q]] of Object.entries(s.local ?? {})) if (f.startsWith(CONTACT_EFFECT_PREFIX)) out.effects.addLegacy(f.slice(CONTACT_EFFECT_PREFIX.length), action, m, q, CONTACT_EFFECT_VARIANCE);
        continue;
      }
      const b = new ActionBlock(out.sharedMeanOf(action), out.blockSettings);
      for (const [f, [m, q]] of Object.entries(stored as Record<string, [number, number]>)) {
        if (isLocalFeature(f)) {
          if (f.startsWith(CONTACT_EFFECT_PREFIX)) out.effects.addLegacy(f.slice(CONTACT_EFFECT_PREFIX.length), action, m, q, CONTACT_EFFECT_VARIANCE);
          continue;
        }
        const i = b.add(f);
        b.mean[i] = m;
        b.cov[i * b.capacity + i] = 1 / q;
      }
      b.sitesFromPosterior();
      out.blocks.set(action, b);
    }
    return out;
  }
}
