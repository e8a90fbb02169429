/**
 * The contact/company offsets (random-effects.ts): their variances are learned from outcomes (empirical Bayes) —
 * near the truth where contacts do prefer some actions, near zero where they do not —, the offsets' posterior is
 * the closed-form conditioning on the sites, and snapshots (this one's and the earlier fixed-variance offsets)
 * read back to the same belief.
 */
import { describe, expect, it } from 'vitest';
import { CorrelatedPosterior, NbaLearner, RandomEffects, contextOf } from '../../../src/intelligence/decisions/index.js';
import { mulberry32 } from '../../../src/intelligence/scoring/learn/rng.js';

const ACTIONS = ['email', 'call', 'linkedin', 'meeting', 'event', 'case'];

/** Outcomes of uniformly chosen actions for `n` contacts whose logit is base + u[j] + v[j][a]. */
function feed(p: CorrelatedPosterior, opts: { contacts: number; steps: number; sdContact: number; sdAction: number; seed: number }) {
  const rng = mulberry32(opts.seed);
  const g = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const u = Array.from({ length: opts.contacts }, () => opts.sdContact * g());
  const v = Array.from({ length: opts.contacts }, () => ACTIONS.map(() => opts.sdAction * g()));
  for (let t = 0; t < opts.steps; t++) {
    const j = Math.floor(rng() * opts.contacts);
    const a = Math.floor(rng() * ACTIONS.length);
    const y = rng() < 1 / (1 + Math.exp(-(-1.5 + u[j]! + v[j]![a]!)));
    p.update(ACTIONS[a]!, ['bias', `contact=c${j}`, `org=k${j % 200}`], y);
  }
  return { u, v };
}

describe('contact and company offsets with learned variances', () => {
  it('learns a preference variance near the truth where contacts prefer some actions', () => {
    const p = new CorrelatedPosterior(1);
    const { v } = feed(p, { contacts: 500, steps: 30_000, sdContact: 0, sdAction: 0.8, seed: 3 });
    // Truth 0.64; the Gaussian pseudo-likelihood of rare binary outcomes underestimates, but clearly not zero.
    expect(p.effects.variances.action).toBeGreaterThan(0.25);
    expect(p.effects.variances.action).toBeLessThan(1.0);
    // The learned offsets rank a contact's actions better than chance: correlation with the true preferences.
    const est: number[] = [];
    const truth: number[] = [];
    for (let j = 0; j < 500; j++)
      for (let a = 0; a < ACTIONS.length; a++) {
        est.push(p.moments(ACTIONS[a]!, ['bias', `contact=c${j}`, `org=k${j % 200}`]).mean);
        truth.push(v[j]![a]!);
      }
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const [me, mt] = [mean(est), mean(truth)];
    const cov = est.reduce((s, e, i) => s + (e - me) * (truth[i]! - mt), 0);
    const corr = cov / Math.sqrt(est.reduce((s, e) => s + (e - me) ** 2, 0) * truth.reduce((s, t) => s + (t - mt) ** 2, 0));
    expect(corr).toBeGreaterThan(0.4);
  });

  it('shrinks the variances to (nearly) nothing where outcomes show no contact or company effect', () => {
    const p = new CorrelatedPosterior(1);
    feed(p, { contacts: 500, steps: 30_000, sdContact: 0, sdAction: 0, seed: 4 });
    expect(p.effects.variances.action).toBeLessThan(0.03);
    expect(p.effects.variances.contact).toBeLessThan(0.05);
    expect(p.effects.variances.company).toBeLessThan(0.05);
  });

  it('is deterministic given the outcomes in order (every server on one database agrees) and round-trips its snapshot', () => {
    const a = new CorrelatedPosterior(1);
    const b = new CorrelatedPosterior(1);
    feed(a, { contacts: 200, steps: 4000, sdContact: 0.5, sdAction: 0.5, seed: 9 });
    feed(b, { contacts: 200, steps: 4000, sdContact: 0.5, sdAction: 0.5, seed: 9 });
    expect(a.effects.variances).toEqual(b.effects.variances);
    const back = CorrelatedPosterior.fromJSON(JSON.parse(JSON.stringify(a)));
    expect(back.effects.variances).toEqual(a.effects.variances);
    for (const f of [['bias', 'contact=c3', 'org=k3'], ['bias', 'contact=unseen', 'org=k3'], ['bias', 'contact=c7']]) {
      const x = a.moments('call', f);
      const y = back.moments('call', f);
      expect(y.mean).toBeCloseTo(x.mean, 9);
      expect(y.variance).toBeCloseTo(x.variance, 9);
    }
  });

  it('conditions on the sites in closed form: with no sites an offset is the prior; a site moves it by the shrinkage weight', () => {
    const re = new RandomEffects(false, { company: 0.1, contact: 0.2, action: 0.3 });
    expect(re.moments('c1', 'k1', 'email')).toEqual({ mean: 0, variance: 0.3 });
    // One strong site on (c1, email): ŷ = 2 with noise 1 (λ = 1, η = 2).
    re.addLegacy('c1', 'email', 2 / (1 + 1 / 0.1), 1 + 1 / 0.1, 0.1);
    const e = re.moments('c1', undefined, 'email');
    // U = u given ŷ (v integrated out: d = 0.3 + 1): prec 1/0.2 + 1/1.3, mean (2/1.3)/prec; then w = 0.3/1.3.
    const precU = 1 / 0.2 + 1 / 1.3;
    const meanU = 2 / 1.3 / precU;
    const w = 0.3 / 1.3;
    expect(e.mean).toBeCloseTo((1 - w) * meanU + w * 2, 9);
    expect(e.variance).toBeCloseTo(0.3 * (1 - w), 9);
    // Another action of the same contact shares its responsiveness (U) but not its preference.
    expect(re.moments('c1', undefined, 'call').mean).toBeCloseTo(meanU, 9);
  });

  it('the learner puts a contact and its company into the features only when asked', () => {
    const ctx = contextOf({ id: 'ct_9', company_id: 'co_1', title: 'VP Sales' }, { employees: 50 }, { recommendations: [], activities: 0 }, new Date('2026-11-10T00:00:00Z'));
    // Neither the contact's offsets nor its traits asked for: no id in the features.
    const off = { ...new NbaLearner().options, contactEffect: false, contactPreference: false };
    expect(new NbaLearner(off).featuresFor(ctx)('email')).not.toContain('contact=ct_9');
    const on = new NbaLearner({ ...off, contactEffect: true }).featuresFor(ctx)('email');
    expect(on).toContain('contact=ct_9');
    expect(on).toContain('org=co_1');
    // The default learns a contact's own traits (contactPreference, the default since 2026-12-07): it reads the id.
    expect(new NbaLearner().featuresFor(ctx)('email')).toContain('contact=ct_9');
  });
});
