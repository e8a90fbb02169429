/**
 * A contact's own traits, learned from that contact's own outcomes: how responsive they are to any outreach (u) and
 * how much more or less they answer one action than the shared features predict (v per action),
 *
 *   logit(j, a) = shared(x_j, a) + u_j + v_ja,   u_j ~ π_u,  v_ja ~ π_v,
 *
 * with π_u and π_v **distributions on a grid learned from all contacts' outcomes** (nonparametric empirical Bayes:
 * the NPMLE by EM, Kiefer–Wolfowitz / Koenker–Mizera), not Gaussians of a learned variance. Why a grid: what a
 * contact's preference looks like is not known in advance. Many contacts may have none and a few a strong one (one
 * channel they answer), or everyone a mild taste; a Gaussian prior of one variance fitted to the first shape is far
 * too narrow for the few (one answer to a rare action moves a Gaussian offset by ≈ τ²·(1 − p), a few hundredths,
 * while "one in seven contacts prefers this action strongly" moves it by a third of the lift) and too wide for the
 * many. A learned grid takes whichever shape the outcomes show and shrinks to a point at 0 where they show nothing.
 *
 * What is kept per contact is its outcomes as they were learned: the action, the shared model's logit at that time
 * (mean, with its uncertainty folded in by the probit approximation) and the response — O(1) per outcome, the last
 * MAX_OUTCOMES per contact. A contact's posterior over (u, v_a…) given them is exact on the grid (the offsets of
 * different actions are independent given u), computed when the contact is asked about, O(n_j·|O| + |U|·|V|·A) for
 * its n_j outcomes, and cached until its next outcome or the next refit. The shared weights learn population-averaged
 * (as with random-effects.ts): the offsets do not steer their step.
 *
 * The grids are re-learned by EM over every contact's outcomes after the first REFIT_START outcomes and every
 * REFIT_EVERY after (warm-started, a few iterations each: the EM goes on across refits), deterministically in log
 * order, so every server on one database agrees. Before the first refit the offsets are 0.
 */

const STEP = 0.25;
/** The contact's responsiveness u: −1.5 … +1.5. */
const U_MIN = -1.5;
const U_N = 13;
/** An action's offset v: −1.5 … +2.5 (a preference can be strong; a dislike rarely shows in a few outcomes). */
const V_MIN = -1.5;
const V_N = 17;
/** u + v on one grid: −3 … +4. */
const O_N = U_N + V_N - 1;
const O_MIN = U_MIN + V_MIN;

export const PREFERENCE_REFIT_START = 1000;
export const PREFERENCE_REFIT_EVERY = 1000;
/** EM iterations at the first refit and at each later one (warm-started). */
let EM_FIRST = 50;
let EM_LATER = 20;
/** The grids' start (a discretised normal of this sd) before the first refit's EM. */
let START_SD = 0.3;
/**
 * An outcome counts for a contact's traits only once its action has learned from this many outcomes (0: all): early
 * residuals are mostly the shared model's own error, and a contact would keep them.
 */
export let TRAIT_BURN_IN = 0;
/** For the learning bench's comparisons (`--learner emFirst=…,emLater=…,traitStart=…,traitBurnIn=…`). */
export function setPreferenceEm(o: { first?: number; later?: number; startSd?: number; burnIn?: number }): void {
  EM_FIRST = o.first ?? EM_FIRST;
  EM_LATER = o.later ?? EM_LATER;
  START_SD = o.startSd ?? START_SD;
  TRAIT_BURN_IN = o.burnIn ?? TRAIT_BURN_IN;
}
/** A contact's outcomes kept (the newest). */
const MAX_OUTCOMES = 200;
/** No grid point's mass falls below this (so a shape the data start to show later can grow there). */
const MASS_FLOOR = 1e-5;

interface ContactOutcomes {
  actions: number[];
  etas: number[];
  ys: number[];
}

interface ContactPosterior {
  /** Per action with outcomes: the mean of u + v_a and the variance of v_a given everything. */
  byAction: Map<number, { mean: number; variance: number }>;
  /** For an action without outcomes: E[u] + E_π[v] and Var_π(v). */
  untried: { mean: number; variance: number };
}

export interface StoredContactPreferences {
  actions: string[];
  /** The learned grids (absent before the first refit). */
  pu?: number[];
  pv?: number[];
  observed: number;
  /** contact id → [action indices, logits (float64 base64), responses as '0'/'1']. */
  contacts: Record<string, [number[], string, string]>;
}

const discretisedNormal = (min: number, n: number, sd: number): Float64Array => {
  const p = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const x = min + i * STEP;
    p[i] = Math.exp(-(x * x) / (2 * sd * sd));
    s += p[i]!;
  }
  for (let i = 0; i < n; i++) p[i] = p[i]! / s;
  return p;
};

/** log σ(z) and log(1 − σ(z)), stable. */
const logSigmoid = (z: number): number => (z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z)));

export class ContactPreferences {
  private readonly actionIndex = new Map<string, number>();
  private readonly actionNames: string[] = [];
  private readonly contacts = new Map<string, ContactOutcomes>();
  private readonly cache = new Map<string, ContactPosterior>();
  /** Start of the EM (START_SD) — the first refit's iterations move it where the outcomes say. */
  pu: Float64Array = discretisedNormal(U_MIN, U_N, START_SD);
  pv: Float64Array = discretisedNormal(V_MIN, V_N, START_SD);
  /** Whether the grids were learned at least once (before: the offsets are 0). */
  fitted = false;
  observed = 0;

  private indexOf(action: string): number {
    let i = this.actionIndex.get(action);
    if (i === undefined) {
      i = this.actionNames.length;
      this.actionIndex.set(action, i);
      this.actionNames.push(action);
    }
    return i;
  }

  /**
   * One outcome of (contact, action): `mu`, `v` — the shared model's logit mean and variance before it learned
   * this outcome (the offsets not included).
   */
  learn(contactId: string, action: string, mu: number, v: number, responded: boolean): void {
    let c = this.contacts.get(contactId);
    if (!c) {
      c = { actions: [], etas: [], ys: [] };
      this.contacts.set(contactId, c);
    }
    c.actions.push(this.indexOf(action));
    c.etas.push(mu / Math.sqrt(1 + (Math.PI * Math.max(v, 0)) / 8));
    c.ys.push(responded ? 1 : 0);
    if (c.actions.length > MAX_OUTCOMES) {
      c.actions.shift();
      c.etas.shift();
      c.ys.shift();
    }
    this.cache.delete(contactId);
    this.observed++;
    if (this.observed >= PREFERENCE_REFIT_START && (this.observed - PREFERENCE_REFIT_START) % PREFERENCE_REFIT_EVERY === 0) this.refit(this.fitted ? EM_LATER : EM_FIRST);
  }

  /**
   * The offset of `action` for a contact: the posterior mean of u + v_a and the variance of v_a alone — u moves
   * every action of the contact together and changes nothing about which is best, so Thompson's independent draws
   * per action must not count its uncertainty once per action.
   */
  moments(contactId: string, action: string): { mean: number; variance: number } {
    if (!this.fitted) return { mean: 0, variance: 0 };
    let post = this.cache.get(contactId);
    if (!post) {
      post = this.posterior(this.contacts.get(contactId));
      this.cache.set(contactId, post);
    }
    const i = this.actionIndex.get(action);
    return (i === undefined ? undefined : post.byAction.get(i)) ?? post.untried;
  }

  /** log-likelihood of each u + v on the grid, per action with outcomes. */
  private logLikelihoods(c: ContactOutcomes): Map<number, Float64Array> {
    const out = new Map<number, Float64Array>();
    for (let k = 0; k < c.actions.length; k++) {
      const a = c.actions[k]!;
      let l = out.get(a);
      if (!l) {
        l = new Float64Array(O_N);
        out.set(a, l);
      }
      const eta = c.etas[k]!;
      const y = c.ys[k]!;
      for (let o = 0; o < O_N; o++) {
        const z = eta + O_MIN + o * STEP;
        l[o] = l[o]! + (y ? logSigmoid(z) : logSigmoid(-z));
      }
    }
    return out;
  }

  /**
   * The exact posterior on the grid: p(u | all) ∝ π_u(u) Πₐ mₐ(u), mₐ(u) = Σ_v π_v(v) Lₐ(u + v); and per action
   * p(u, vₐ | all) ∝ p(u | all) / mₐ(u) · π_v(vₐ) Lₐ(u + vₐ). `acc`: the EM's sums (responsibilities of u per contact
   * and of v per action with outcomes).
   */
  private posterior(c: ContactOutcomes | undefined, lik = c ? scaled(this.logLikelihoods(c)) : new Map<number, Float64Array>(), acc?: { u: Float64Array; v: Float64Array; pairs: number }): ContactPosterior {
    const pu = this.pu;
    const pv = this.pv;
    const m = new Map<number, Float64Array>();
    const logPostU = new Float64Array(U_N);
    for (let iu = 0; iu < U_N; iu++) logPostU[iu] = Math.log(pu[iu]!);
    for (const [a, e] of lik) {
      const ma = new Float64Array(U_N);
      for (let iu = 0; iu < U_N; iu++) {
        let s = 0;
        for (let iv = 0; iv < V_N; iv++) s += pv[iv]! * e[iu + iv]!;
        ma[iu] = s;
        logPostU[iu] = logPostU[iu]! + Math.log(Math.max(s, 1e-300));
      }
      m.set(a, ma);
    }
    let max = -Infinity;
    for (let iu = 0; iu < U_N; iu++) if (logPostU[iu]! > max) max = logPostU[iu]!;
    const postU = new Float64Array(U_N);
    let z = 0;
    for (let iu = 0; iu < U_N; iu++) {
      postU[iu] = Math.exp(logPostU[iu]! - max);
      z += postU[iu]!;
    }
    let meanU = 0;
    for (let iu = 0; iu < U_N; iu++) {
      postU[iu] = postU[iu]! / z;
      meanU += postU[iu]! * (U_MIN + iu * STEP);
    }
    if (acc) for (let iu = 0; iu < U_N; iu++) acc.u[iu] = acc.u[iu]! + postU[iu]!;
    let meanV = 0;
    let m2V = 0;
    for (let iv = 0; iv < V_N; iv++) {
      const x = V_MIN + iv * STEP;
      meanV += pv[iv]! * x;
      m2V += pv[iv]! * x * x;
    }
    const byAction = new Map<number, { mean: number; variance: number }>();
    for (const [a, e] of lik) {
      const ma = m.get(a)!;
      const qv = new Float64Array(V_N);
      let total = 0;
      for (let iu = 0; iu < U_N; iu++) {
        if (!(ma[iu]! > 0)) continue;
        const w = postU[iu]! / ma[iu]!;
        for (let iv = 0; iv < V_N; iv++) {
          const q = w * pv[iv]! * e[iu + iv]!;
          qv[iv] = qv[iv]! + q;
          total += q;
        }
      }
      let mv = 0;
      let m2 = 0;
      for (let iv = 0; iv < V_N; iv++) {
        qv[iv] = qv[iv]! / total;
        const x = V_MIN + iv * STEP;
        mv += qv[iv]! * x;
        m2 += qv[iv]! * x * x;
      }
      if (acc) {
        for (let iv = 0; iv < V_N; iv++) acc.v[iv] = acc.v[iv]! + qv[iv]!;
        acc.pairs++;
      }
      byAction.set(a, { mean: meanU + mv, variance: Math.max(m2 - mv * mv, 0) });
    }
    return { byAction, untried: { mean: meanU + meanV, variance: Math.max(m2V - meanV * meanV, 0) } };
  }

  /** EM for the grids over every contact's outcomes (each contact's likelihoods computed once per refit). */
  refit(iterations: number): void {
    const all = [...this.contacts.values()].map((c) => scaled(this.logLikelihoods(c)));
    if (all.length === 0) return;
    /** One EM step from θ = (π_u, π_v). */
    const em = (theta: Float64Array): Float64Array => {
      this.pu = theta.slice(0, U_N);
      this.pv = theta.slice(U_N);
      const acc = { u: new Float64Array(U_N), v: new Float64Array(V_N), pairs: 0 };
      for (const ll of all) this.posterior(undefined, ll, acc);
      const out = new Float64Array(U_N + V_N);
      out.set(normalise(acc.u), 0);
      out.set(acc.pairs > 0 ? normalise(acc.v) : this.pv, U_N);
      return out;
    };
    // EM for a mixing distribution crawls where the data are weakly informative; SQUAREM (Varadhan & Roland 2008)
    // extrapolates two EM steps along their path and falls back to the plain step when that does not help.
    let theta: Float64Array = new Float64Array(U_N + V_N);
    theta.set(this.pu, 0);
    theta.set(this.pv, U_N);
    for (let it = 0; it < iterations; it += 3) {
      const t1 = em(theta);
      const t2 = em(t1);
      let rr = 0;
      let vv = 0;
      const r = new Float64Array(theta.length);
      const v = new Float64Array(theta.length);
      for (let i = 0; i < theta.length; i++) {
        r[i] = t1[i]! - theta[i]!;
        v[i] = t2[i]! - t1[i]! - r[i]!;
        rr += r[i]! * r[i]!;
        vv += v[i]! * v[i]!;
      }
      if (!(vv > 1e-30)) {
        theta = t2;
        break;
      }
      const alpha = Math.min(-1, -Math.sqrt(rr / vv));
      const jump = new Float64Array(theta.length);
      for (let i = 0; i < theta.length; i++) jump[i] = theta[i]! - 2 * alpha * r[i]! + alpha * alpha * v[i]!;
      // Back on the simplex (each part a distribution), then one EM step from there keeps the iteration monotone-ish.
      const pu = normalise(jump.slice(0, U_N));
      const pv = normalise(jump.slice(U_N));
      jump.set(pu, 0);
      jump.set(pv, U_N);
      const t3 = em(jump);
      theta = this.logEvidence(all, t3) >= this.logEvidence(all, t2) ? t3 : t2;
    }
    this.pu = theta.slice(0, U_N);
    this.pv = theta.slice(U_N);
    this.fitted = true;
    this.cache.clear();
  }

  /** Σ over contacts of log p(outcomes | θ), up to the likelihoods' scaling (the same for every θ); `all`: scaled likelihoods. */
  private logEvidence(all: Map<number, Float64Array>[], theta: Float64Array): number {
    const pu = theta.subarray(0, U_N);
    const pv = theta.subarray(U_N);
    let total = 0;
    const logU = new Float64Array(U_N);
    for (const ll of all) {
      let max = -Infinity;
      for (let iu = 0; iu < U_N; iu++) logU[iu] = Math.log(pu[iu]!);
      for (const e of ll.values()) {
        for (let iu = 0; iu < U_N; iu++) {
          let s = 0;
          for (let iv = 0; iv < V_N; iv++) s += pv[iv]! * e[iu + iv]!;
          logU[iu] = logU[iu]! + Math.log(Math.max(s, 1e-300));
        }
      }
      for (let iu = 0; iu < U_N; iu++) if (logU[iu]! > max) max = logU[iu]!;
      let s = 0;
      for (let iu = 0; iu < U_N; iu++) s += Math.exp(logU[iu]! - max);
      total += max + Math.log(s);
    }
    return total;
  }

  /** The learned grids' spread, for tests and the docs: sd of u and of v under π. */
  spread(): { u: number; v: number } {
    const sd = (p: Float64Array, min: number) => {
      let m = 0;
      let m2 = 0;
      p.forEach((w, i) => {
        m += w * (min + i * STEP);
        m2 += w * (min + i * STEP) ** 2;
      });
      return Math.sqrt(Math.max(m2 - m * m, 0));
    };
    return { u: sd(this.pu, U_MIN), v: sd(this.pv, V_MIN) };
  }

  get size(): number {
    return this.contacts.size;
  }

  toJSON(): StoredContactPreferences {
    const contacts: StoredContactPreferences['contacts'] = {};
    for (const [id, c] of this.contacts) contacts[id] = [[...c.actions], Buffer.from(Float64Array.from(c.etas).buffer).toString('base64'), c.ys.join('')];
    return { actions: [...this.actionNames], ...(this.fitted ? { pu: Array.from(this.pu), pv: Array.from(this.pv) } : {}), observed: this.observed, contacts };
  }

  static fromJSON(data: StoredContactPreferences | undefined): ContactPreferences {
    const out = new ContactPreferences();
    if (!data) return out;
    for (const a of data.actions) out.indexOf(a);
    if (data.pu && data.pv && data.pu.length === U_N && data.pv.length === V_N) {
      out.pu = Float64Array.from(data.pu);
      out.pv = Float64Array.from(data.pv);
      out.fitted = true;
    }
    out.observed = data.observed;
    for (const [id, [actions, etas, ys]] of Object.entries(data.contacts)) {
      const bytes = Buffer.from(etas, 'base64');
      const e = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      out.contacts.set(id, { actions: [...actions], etas: Array.from(e), ys: [...ys].map((ch) => (ch === '1' ? 1 : 0)) });
    }
    return out;
  }
}

/** Likelihoods on the grid, each action's scaled by its maximum (only ratios matter per action). */
function scaled(ll: Map<number, Float64Array>): Map<number, Float64Array> {
  const out = new Map<number, Float64Array>();
  for (const [a, l] of ll) {
    let max = -Infinity;
    for (let o = 0; o < O_N; o++) if (l[o]! > max) max = l[o]!;
    const e = new Float64Array(O_N);
    for (let o = 0; o < O_N; o++) e[o] = Math.exp(l[o]! - max);
    out.set(a, e);
  }
  return out;
}

function normalise(p: Float64Array): Float64Array {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    p[i] = Math.max(p[i]!, 0);
    s += p[i]!;
  }
  for (let i = 0; i < p.length; i++) p[i] = p[i]! / s;
  // A floor, then renormalised: no grid point is ever impossible.
  let t = 0;
  for (let i = 0; i < p.length; i++) {
    p[i] = Math.max(p[i]!, MASS_FLOOR);
    t += p[i]!;
  }
  for (let i = 0; i < p.length; i++) p[i] = p[i]! / t;
  return p;
}
