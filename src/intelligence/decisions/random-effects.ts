/**
 * Which outreach works for whom, beyond what the shared features say: a hierarchical random-effects model of a
 * contact's own offset to each action's response logit,
 *
 *   offset(j, a) = g[company(j)] + u[j] + v[j, a],   g ~ N(0, τ_g²), u ~ N(0, τ_u²), v ~ N(0, τ_v²),
 *
 * the company's responsiveness, the contact's own and the contact's preference among actions. The variances are
 * learned from the data (empirical Bayes, type-II maximum likelihood), so each level shrinks to nothing where the
 * outcomes show no such effect and grows where they do — a world without per-contact preferences pays (almost)
 * nothing for having them in the model, one with strong preferences learns them.
 *
 * How it is kept online: each outcome's one-observation Laplace step (correlated-posterior.ts) treats the offset of
 * (contact, action) as one more Gaussian term beside the shared weights; what that step learned about the offset
 * is kept as a Gaussian *site* — a pseudo-observation ŷ = η/λ of the offset with noise variance 1/λ (for a rare
 * response, ŷ ≈ the IRLS working residual, 1/λ ≈ 1/σ'(z) plus the shared weights' uncertainty) — summed per
 * (contact, action). Sites do not depend on the variances, so the offsets' posterior under the current variances
 * is exact Gaussian conditioning on the sites in the nested model (closed form below), and the variances are
 * re-estimated every EB_EVERY outcomes by maximising the sites' marginal likelihood (matrix determinant lemma per
 * contact and per company). Deterministic given the outcomes in log order, so every server on one database agrees.
 */

import { sigmoid } from './posterior.js';

/** Feature names that carry the hierarchy's keys (the shared weights ignore them). */
export const CONTACT_EFFECT_PREFIX = 'contact=';
export const COMPANY_EFFECT_PREFIX = 'org=';
/** When the context was taken (hours since the epoch): a contact's traits read it to fade old evidence; no weight. */
export const TIME_PREFIX = 'at=';
export const isRandomEffect = (feature: string): boolean => feature.startsWith(CONTACT_EFFECT_PREFIX) || feature.startsWith(COMPANY_EFFECT_PREFIX) || feature.startsWith(TIME_PREFIX);

export interface Variances {
  /** τ_g²: the company's responsiveness (every action). */
  company: number;
  /** τ_u²: the contact's responsiveness (every action). */
  contact: number;
  /** τ_v²: the contact's preference for one action over the others. */
  action: number;
}

/** Before there is evidence either way: small, so the offsets hardly move early answers or add exploration. */
export const INITIAL_VARIANCES: Variances = { company: 0.02, contact: 0.05, action: 0.02 };
/** The variances are re-estimated after this many outcomes, and every as many more. */
export const EB_START = 1000;
export const EB_EVERY = 500;
const TAU_MIN = 1e-4;
const TAU_MAX = 4;

/** A site: precision λ and precision-mean η of what the outcomes said about one (contact, action) offset. */
type Site = [lambda: number, eta: number];

interface ContactSites {
  company: string;
  sites: Map<string, Site>;
  /** This contact's information about its company's offset (under the current variances), as added to the company's sums. */
  p: number;
  q: number;
}

export interface StoredRandomEffects {
  variances: Variances;
  /** contact id → [company id or '', {action: [λ, η]}] */
  contacts: Record<string, [string, Record<string, Site>]>;
  learnVariances?: boolean;
  /** Outcomes the hierarchy has learned from (the variances are re-estimated on a schedule of this count). */
  observed?: number;
}

export class RandomEffects {
  variances: Variances;
  private readonly contacts = new Map<string, ContactSites>();
  private readonly companies = new Map<string, { p: number; q: number }>();
  private observed = 0;

  constructor(
    /** false: the variances stay as given (for comparisons). */
    readonly learnVariances = true,
    variances: Variances = INITIAL_VARIANCES,
  ) {
    this.variances = { ...variances };
  }

  /** Σ 1/d and Σ ŷ/d over a contact's sites, d = τ_v² + 1/λ (each site's variance once v is integrated out). */
  private sums(c: ContactSites, tauV = this.variances.action): { s: number; t: number } {
    let s = 0;
    let t = 0;
    for (const [lambda, eta] of c.sites.values()) {
      const d = tauV + 1 / lambda;
      s += 1 / d;
      t += eta / lambda / d;
    }
    return { s, t };
  }

  /** Recomputes a contact's information about its company and moves the company's sums by the difference. */
  private refresh(c: ContactSites): void {
    const { s, t } = this.sums(c);
    const den = 1 + this.variances.contact * s;
    const p = s / den;
    const q = t / den;
    if (c.company) {
      const agg = this.companies.get(c.company) ?? this.companies.set(c.company, { p: 0, q: 0 }).get(c.company)!;
      agg.p += p - c.p;
      agg.q += q - c.q;
    }
    c.p = p;
    c.q = q;
  }

  /** The offset of `action` for a contact (at a company): its posterior mean and the variance of its action-specific part. */
  moments(contactId: string, companyId: string | undefined, action: string): { mean: number; variance: number } {
    const { company: tauG, contact: tauU, action: tauV } = this.variances;
    const c = this.contacts.get(contactId);
    const comp = c?.company || companyId || '';
    // The company's offset from its other contacts (a cavity: this contact's own sites enter below).
    let m0 = 0;
    let v0 = 0;
    if (comp) {
      const agg = this.companies.get(comp);
      let p = agg?.p ?? 0;
      let q = agg?.q ?? 0;
      if (c && c.company === comp) {
        p -= c.p;
        q -= c.q;
      }
      const prec = 1 / tauG + Math.max(p, 0);
      m0 = q / prec;
      v0 = 1 / prec;
    }
    // The contact's overall offset U = g + u, prior N(m0, v0 + τ_u²), given its sites (each with v integrated out).
    const prior = v0 + tauU;
    const { s, t } = c ? this.sums(c) : { s: 0, t: 0 };
    const precU = 1 / prior + s;
    const meanU = (m0 / prior + t) / precU;
    const site = c?.sites.get(action);
    // v for this action given U and its own site: o = (1 − w)·U + w·ŷ, w = τ_v² / (τ_v² + 1/λ). The variance is
    // the action's own part, τ_v²(1 − w): U's uncertainty moves every action of the contact together, so it
    // changes nothing about which is best, and Thompson's independent per-action draws must not count it as
    // independent noise per action (it would explore at random where the outcomes show no preference at all).
    if (!site) return { mean: meanU, variance: tauV };
    const w = tauV / (tauV + 1 / site[0]);
    return { mean: (1 - w) * meanU + (w * site[1]) / site[0], variance: tauV * (1 - w) };
  }

  /**
   * What one outcome says about the offset of (contact, action), as a site: the response linearised around the
   * offset's current mean m, with the shared weights' uncertainty integrated out — p̄ = E[σ(z)] for the logit
   * z ~ N(mu, v − s²) (probit approximation), λ = p̄(1 − p̄), pseudo-observation ŷ = m + (y − p̄)/λ with variance
   * 1/λ. Centred on the predictive p̄, not on σ of the mean: while the shared weights are uncertain, σ(mu)
   * understates a rare response's chance, and sites centred there would read every contact as less responsive
   * than the model (and, taken at the joint Laplace mode, as less dispersed than they are), driving the learned
   * variances to zero.
   */
  learn(contactId: string, companyId: string | undefined, action: string, prior: { mean: number; variance: number }, step: { v: number; mu: number }, responded: boolean): void {
    const sharedVariance = Math.max(step.v - prior.variance, 0);
    const pBar = sigmoid(step.mu / Math.sqrt(1 + (Math.PI * sharedVariance) / 8));
    const dl = pBar * (1 - pBar);
    if (!(dl > 1e-12)) return;
    const de = prior.mean * dl + ((responded ? 1 : 0) - pBar);
    let c = this.contacts.get(contactId);
    if (!c) {
      c = { company: companyId ?? '', sites: new Map(), p: 0, q: 0 };
      this.contacts.set(contactId, c);
    }
    const site = c.sites.get(action);
    if (site) {
      site[0] += dl;
      site[1] += de;
    } else c.sites.set(action, [dl, de]);
    this.refresh(c);
    this.observed++;
    if (this.learnVariances && this.observed >= EB_START && (this.observed - EB_START) % EB_EVERY === 0) this.estimateVariances();
  }

  /** −2 × the sites' log marginal likelihood under `tau` (nested: company ⊃ contact ⊃ action). */
  private deviance(tau: Variances, groups: { lambdas: Float64Array; ys: Float64Array; contactEnds: Int32Array; hasCompany: boolean }[]): number {
    let total = 0;
    for (const g of groups) {
      let sumP = 0;
      let sumQ = 0;
      let start = 0;
      for (let ci = 0; ci < g.contactEnds.length; ci++) {
        const end = g.contactEnds[ci]!;
        let s = 0;
        let t = 0;
        let y2 = 0;
        let logDet = 0;
        for (let i = start; i < end; i++) {
          const d = tau.action + 1 / g.lambdas[i]!;
          const y = g.ys[i]!;
          s += 1 / d;
          t += y / d;
          y2 += (y * y) / d;
          logDet += Math.log(d);
        }
        const den = 1 + tau.contact * s;
        total += logDet + Math.log(den) + y2 - (tau.contact * t * t) / den;
        sumP += s / den;
        sumQ += t / den;
        start = end;
      }
      if (g.hasCompany) {
        const den = 1 + tau.company * sumP;
        total += Math.log(den) - (tau.company * sumQ * sumQ) / den;
      }
    }
    return total;
  }

  /** Type-II ML of the three variances: coordinate-wise golden-section search on log τ², a few sweeps. */
  estimateVariances(): void {
    const byCompany = new Map<string, ContactSites[]>();
    const loose: ContactSites[] = [];
    for (const c of this.contacts.values()) {
      if (c.company) (byCompany.get(c.company) ?? byCompany.set(c.company, []).get(c.company)!).push(c);
      else loose.push(c);
    }
    const pack = (cs: ContactSites[], hasCompany: boolean) => {
      const n = cs.reduce((k, c) => k + c.sites.size, 0);
      const lambdas = new Float64Array(n);
      const ys = new Float64Array(n);
      const contactEnds = new Int32Array(cs.length);
      let i = 0;
      cs.forEach((c, ci) => {
        for (const [lambda, eta] of c.sites.values()) {
          lambdas[i] = lambda;
          ys[i++] = eta / lambda;
        }
        contactEnds[ci] = i;
      });
      return { lambdas, ys, contactEnds, hasCompany };
    };
    const groups = [...[...byCompany.values()].map((cs) => pack(cs, true)), ...loose.map((c) => pack([c], false))];
    const tau = { ...this.variances };
    const lo = Math.log(TAU_MIN);
    const hi = Math.log(TAU_MAX);
    const phi = (Math.sqrt(5) - 1) / 2;
    for (let sweep = 0; sweep < 3; sweep++) {
      for (const key of ['contact', 'action', 'company'] as const) {
        const f = (x: number) => this.deviance({ ...tau, [key]: Math.exp(x) }, groups);
        let a = lo;
        let b = hi;
        let x1 = b - phi * (b - a);
        let x2 = a + phi * (b - a);
        let f1 = f(x1);
        let f2 = f(x2);
        for (let it = 0; it < 24; it++) {
          if (f1 <= f2) {
            b = x2;
            x2 = x1;
            f2 = f1;
            x1 = b - phi * (b - a);
            f1 = f(x1);
          } else {
            a = x1;
            x1 = x2;
            f1 = f2;
            x2 = a + phi * (b - a);
            f2 = f(x2);
          }
        }
        tau[key] = Math.exp((a + b) / 2);
      }
    }
    this.variances = tau;
    this.companies.clear();
    for (const c of this.contacts.values()) {
      c.p = 0;
      c.q = 0;
      this.refresh(c);
    }
  }

  /** How many contacts have sites (for tests and the docs). */
  get size(): number {
    return this.contacts.size;
  }

  toJSON(): StoredRandomEffects {
    const contacts: StoredRandomEffects['contacts'] = {};
    for (const [id, c] of this.contacts) contacts[id] = [c.company, Object.fromEntries(c.sites)];
    return { variances: this.variances, contacts, learnVariances: this.learnVariances, observed: this.observed };
  }

  static fromJSON(data: StoredRandomEffects | undefined, learnVariances = true): RandomEffects {
    const out = new RandomEffects(data?.learnVariances ?? learnVariances, data?.variances ?? INITIAL_VARIANCES);
    for (const [id, [company, sites]] of Object.entries(data?.contacts ?? {})) {
      const c: ContactSites = { company, sites: new Map(Object.entries(sites).map(([a, s]) => [a, [s[0], s[1]]])), p: 0, q: 0 };
      out.contacts.set(id, c);
      out.observed += c.sites.size;
      out.refresh(c);
    }
    if (typeof data?.observed === 'number') out.observed = data.observed;
    return out;
  }

  /** Reads an earlier snapshot's contact × action offsets (mean, precision under a fixed prior variance) as sites. */
  addLegacy(contactId: string, action: string, mean: number, precision: number, priorVariance: number): void {
    const lambda = precision - 1 / priorVariance;
    if (!(lambda > 0)) return;
    let c = this.contacts.get(contactId);
    if (!c) {
      c = { company: '', sites: new Map(), p: 0, q: 0 };
      this.contacts.set(contactId, c);
    }
    c.sites.set(action, [lambda, mean * precision]);
    this.refresh(c);
  }
}
