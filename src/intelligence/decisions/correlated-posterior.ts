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
import { CONTACT_EFFECT_VARIANCE, priorOf, sigmoid, type ActionPosterior } from './posterior.js';
import { COMPANY_EFFECT_PREFIX, CONTACT_EFFECT_PREFIX, isRandomEffect, RandomEffects, type StoredRandomEffects } from './random-effects.js';

/** Features kept outside the covariance: the random effects (one per contact or company). */
export const isLocalFeature = (feature: string): boolean => isRandomEffect(feature);

class ActionBlock {
  readonly index = new Map<string, number>();
  readonly names: string[] = [];
  capacity = 32;
  mean = new Float64Array(this.capacity);
  /** Row-major capacity × capacity; the first names.length rows and columns are in use. */
  cov = new Float64Array(this.capacity * this.capacity);
  private scratch = new Float64Array(this.capacity);

  get size(): number {
    return this.names.length;
  }

  /** Adds a feature at its prior (independent of the others); returns its index. */
  add(feature: string): number {
    const d = this.names.length;
    if (d === this.capacity) this.grow();
    const p = priorOf(feature);
    this.index.set(feature, d);
    this.names.push(feature);
    this.mean[d] = p.mean;
    this.cov[d * this.capacity + d] = 1 / p.precision;
    return d;
  }

  private grow(): void {
    const old = this.capacity;
    const cap = old * 2;
    const cov = new Float64Array(cap * cap);
    for (let r = 0; r < old; r++) cov.set(this.cov.subarray(r * old, r * old + old), r * cap);
    const mean = new Float64Array(cap);
    mean.set(this.mean);
    this.capacity = cap;
    this.cov = cov;
    this.mean = mean;
    this.scratch = new Float64Array(cap);
  }

  /** The logit's moments over the shared features (random effects are the caller's). */
  moments(features: readonly string[]): { mean: number; variance: number } {
    let mean = 0;
    let variance = 0;
    const idx: number[] = [];
    for (const f of features) {
      if (isLocalFeature(f)) continue;
      const i = this.index.get(f);
      if (i === undefined) {
        const p = priorOf(f);
        mean += p.mean;
        variance += 1 / p.precision;
      } else {
        mean += this.mean[i]!;
        idx.push(i);
      }
    }
    const cap = this.capacity;
    for (const a of idx) for (const b of idx) variance += this.cov[a * cap + b]!;
    return { mean, variance };
  }

  /**
   * The one-observation Laplace step over the shared features and, beside them, independent terms of total mean
   * `extraMean` and variance `extraVariance` (the random effects): returns the step c, the curvature h at the new
   * mode, and the logit's prior mean mu and variance v (all terms).
   */
  update(features: readonly string[], y: number, extraMean = 0, extraVariance = 0): { c: number; h: number; v: number; mu: number } {
    const idx: number[] = [];
    for (const f of features) if (!isLocalFeature(f)) idx.push(this.index.get(f) ?? this.add(f));
    const d = this.names.length;
    const cap = this.capacity;
    const cov = this.cov;
    // u = Σx (x binary over idx): the column sums of the active columns.
    const u = this.scratch;
    for (let r = 0; r < d; r++) {
      let s = 0;
      const row = r * cap;
      for (const j of idx) s += cov[row + j]!;
      u[r] = s;
    }
    let mu = extraMean;
    let v = extraVariance;
    for (const i of idx) {
      mu += this.mean[i]!;
      v += u[i]!;
    }
    let c = 0;
    for (let it = 0; it < 30; it++) {
      const p = sigmoid(mu + c * v);
      const step = (c - y + p) / (1 + p * (1 - p) * v);
      c -= step;
      if (Math.abs(step) < 1e-10) break;
    }
    const s = sigmoid(mu + c * v);
    const h = s * (1 - s);
    const k = h / (1 + h * v);
    for (let r = 0; r < d; r++) this.mean[r] = this.mean[r]! + c * u[r]!;
    for (let r = 0; r < d; r++) {
      const kr = k * u[r]!;
      if (kr === 0) continue;
      const row = r * cap;
      for (let col = 0; col < d; col++) cov[row + col] = cov[row + col]! - kr * u[col]!;
    }
    return { c, h, v, mu };
  }

  weight(feature: string): { mean: number; variance: number } | undefined {
    const i = this.index.get(feature);
    return i === undefined ? undefined : { mean: this.mean[i]!, variance: this.cov[i * this.capacity + i]! };
  }

  toJSON(): StoredBlock {
    const d = this.names.length;
    // The upper triangle as little-endian float64 in base64: a tenth of the size of JSON numbers, exact.
    const tri = new Float64Array((d * (d + 1)) / 2);
    let n = 0;
    for (let r = 0; r < d; r++) for (let col = r; col < d; col++) tri[n++] = this.cov[r * this.capacity + col]!;
    return { features: [...this.names], mean: Array.from(this.mean.subarray(0, d)), cov: Buffer.from(tri.buffer).toString('base64') };
  }

  static fromJSON(data: StoredBlock): ActionBlock {
    const b = new ActionBlock();
    for (const f of data.features) b.add(f);
    const d = b.names.length;
    const bytes = Buffer.from(data.cov, 'base64');
    const tri = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    if (tri.length !== (d * (d + 1)) / 2 || data.mean.length !== d) throw new Error('a stored posterior block does not match its feature list');
    let n = 0;
    for (let r = 0; r < d; r++) {
      b.mean[r] = data.mean[r]!;
      for (let col = r; col < d; col++) {
        const x = tri[n++]!;
        b.cov[r * b.capacity + col] = x;
        b.cov[col * b.capacity + r] = x;
      }
    }
    return b;
  }
}

interface StoredBlock {
  features: string[];
  mean: number[];
  cov: string;
  /** Earlier snapshots: contact × action offsets as feature → [mean, precision] under a fixed prior. */
  local?: Record<string, [number, number]>;
}

/** The hierarchy's keys among a context's features: `contact=<id>`, `org=<company id>`. */
function keysOf(features: readonly string[]): { contact?: string; company?: string } {
  let contact: string | undefined;
  let company: string | undefined;
  for (const f of features) {
    if (f.startsWith(CONTACT_EFFECT_PREFIX)) contact = f.slice(CONTACT_EFFECT_PREFIX.length);
    else if (f.startsWith(COMPANY_EFFECT_PREFIX)) company = f.slice(COMPANY_EFFECT_PREFIX.length);
  }
  return { contact, company };
}

export class CorrelatedPosterior implements ActionPosterior {
  private readonly blocks = new Map<string, ActionBlock>();
  /** Contact and company offsets (random-effects.ts): used for contexts that carry `contact=<id>`. */
  effects: RandomEffects;
  outcomes = 0;

  /** `temper`: the sd multiplier of Thompson's draws (1: the posterior as it is; see docs/next-best-action.md). */
  constructor(
    readonly temper = 1,
    opts: { learnVariances?: boolean } = {},
  ) {
    this.effects = new RandomEffects(opts.learnVariances ?? true);
  }

  private shared(action: string, features: readonly string[]): { mean: number; variance: number } {
    const b = this.blocks.get(action);
    if (b) return b.moments(features);
    let mean = 0;
    let variance = 0;
    for (const f of features) {
      if (isLocalFeature(f)) continue;
      const p = priorOf(f);
      mean += p.mean;
      variance += 1 / p.precision;
    }
    return { mean, variance };
  }

  moments(action: string, features: readonly string[]): { mean: number; variance: number } {
    const m = this.shared(action, features);
    const { contact, company } = keysOf(features);
    if (contact === undefined) return { mean: m.mean, variance: Math.max(m.variance, 1e-9) };
    const o = this.effects.moments(contact, company, action);
    return { mean: m.mean + o.mean, variance: Math.max(m.variance + o.variance, 1e-9) };
  }

  weight(action: string, feature: string): { mean: number; variance: number } | undefined {
    return this.blocks.get(action)?.weight(feature);
  }

  drawScale(): number {
    return this.temper;
  }

  update(action: string, features: readonly string[], responded: boolean): void {
    let b = this.blocks.get(action);
    if (!b) {
      b = new ActionBlock();
      this.blocks.set(action, b);
    }
    const { contact, company } = keysOf(features);
    if (contact === undefined) b.update(features, responded ? 1 : 0);
    else {
      // The shared weights learn population-averaged (as without offsets); the offsets learn from what the shared
      // weights leave unexplained. Letting the offsets' means steer the shared step made early, stale residuals
      // (taken while the shared weights were still far off) bias the shared weights for the contacts they sit on.
      const prior = this.effects.moments(contact, company, action);
      const step = b.update(features, responded ? 1 : 0);
      this.effects.learn(contact, company, action, prior, { mu: step.mu + prior.mean, v: step.v + prior.variance }, responded);
    }
    this.outcomes++;
  }

  /** Shared features per action (for tests and the docs). */
  sizeOf(action: string): number {
    return this.blocks.get(action)?.size ?? 0;
  }

  toJSON(): { kind: 'correlated'; outcomes: number; actions: Record<string, StoredBlock>; effects: StoredRandomEffects } {
    return { kind: 'correlated', outcomes: this.outcomes, actions: Object.fromEntries([...this.blocks].map(([a, b]) => [a, b.toJSON()])), effects: this.effects.toJSON() };
  }

  /**
   * Reads a stored snapshot: this class's own, or a diagonal posterior's (earlier versions in the registry), whose
   * weights become a full posterior with no correlation yet — the same belief, so nothing learned is lost.
   * Earlier snapshots' contact × action offsets (fixed prior variance) become the hierarchy's sites.
   */
  static fromJSON(data: unknown, temper = 1, opts: { learnVariances?: boolean } = {}): CorrelatedPosterior {
    const out = new CorrelatedPosterior(temper, opts);
    const d = data as { kind?: string; outcomes?: number; actions?: Record<string, unknown>; effects?: StoredRandomEffects } | null;
    out.outcomes = typeof d?.outcomes === 'number' ? d.outcomes : 0;
    if (d?.effects) out.effects = RandomEffects.fromJSON(d.effects, opts.learnVariances ?? true);
    for (const [action, stored] of Object.entries(d?.actions ?? {})) {
      if (d?.kind === 'correlated') {
        const s = stored as StoredBlock;
        out.blocks.set(action, ActionBlock.fromJSON(s));
        for (const [f, [m, q]] of Object.entries(s.local ?? {})) if (f.startsWith(CONTACT_EFFECT_PREFIX)) out.effects.addLegacy(f.slice(CONTACT_EFFECT_PREFIX.length), action, m, q, CONTACT_EFFECT_VARIANCE);
        continue;
      }
      const b = new ActionBlock();
      for (const [f, [m, q]] of Object.entries(stored as Record<string, [number, number]>)) {
        if (isLocalFeature(f)) {
          if (f.startsWith(CONTACT_EFFECT_PREFIX)) out.effects.addLegacy(f.slice(CONTACT_EFFECT_PREFIX.length), action, m, q, CONTACT_EFFECT_VARIANCE);
          continue;
        }
        const i = b.add(f);
        b.mean[i] = m;
        b.cov[i * b.capacity + i] = 1 / q;
      }
      out.blocks.set(action, b);
    }
    return out;
  }
}
