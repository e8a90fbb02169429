/**
 * The correlated (full-covariance) posterior and the learner around it: the exact one-observation Laplace mode,
 * the bias/one-hot correlation it keeps (a context's logit variance shrinks as evidence about that context grows,
 * where the diagonal posterior's sum stays wide), snapshots (its own and a diagonal one's), and the features that
 * depend on the contact's recent outreach.
 */
import { describe, expect, it } from 'vitest';
import { contextOf, ContextualPosterior, CorrelatedPosterior, DEFAULT_LEARNER_OPTIONS, estimate, exactBest, NbaLearner, priorOf } from '../../../src/intelligence/decisions/index.js';
import { mulberry32 } from '../../../src/intelligence/scoring/learn/rng.js';

const features = ['bias', 'family=engineering', 'seniority=vp'];

describe('correlated posterior', () => {
  it('matches the exact one-observation Laplace mode: Σ⁻¹(w − m) = (y − σ(w·x))·x', () => {
    const p = new CorrelatedPosterior();
    p.update('email', features, true);
    // The prior is diagonal, so Σ₀⁻¹(w − m₀) is per feature: precision × (w − prior mean).
    const z = p.moments('email', features).mean;
    const resid = 1 - 1 / (1 + Math.exp(-z));
    for (const f of features) expect(priorOf(f).precision * (p.weight('email', f)!.mean - priorOf(f).mean)).toBeCloseTo(resid, 8);
  });

  it('keeps the bias/one-hot correlation: a well-observed context is certain though each weight alone is not', () => {
    const rng = mulberry32(5);
    const full = new CorrelatedPosterior();
    const diagonal = new ContextualPosterior();
    for (let i = 0; i < 3000; i++) {
      const family = rng() < 0.5 ? 'engineering' : 'finance';
      const f = ['bias', `family=${family}`];
      const y = rng() < (family === 'engineering' ? 0.3 : 0.1);
      full.update('email', f, y);
      diagonal.update('email', f, y);
    }
    const ctx = ['bias', 'family=engineering'];
    const m = full.moments('email', ctx);
    // The logit of a context seen ~1,500 times is known to about ±0.07; its weights separately are not.
    expect(Math.sqrt(m.variance)).toBeLessThan(0.1);
    expect(full.weight('email', 'bias')!.variance + full.weight('email', 'family=engineering')!.variance).toBeGreaterThan(4 * m.variance);
    expect(1 / (1 + Math.exp(-m.mean))).toBeCloseTo(0.3, 1);
    // The diagonal posterior, which drops the correlation, reports a wider logit for the same evidence.
    expect(diagonal.moments('email', ctx).variance).toBeGreaterThan(m.variance);
  });

  it('round-trips through its snapshot and reads a diagonal snapshot as the same belief', () => {
    const p = new CorrelatedPosterior();
    const rng = mulberry32(2);
    for (let i = 0; i < 200; i++) p.update(rng() < 0.5 ? 'email' : 'call', ['bias', rng() < 0.5 ? 'size=small' : 'size=large', 'contact=ct_1'], rng() < 0.2);
    const back = CorrelatedPosterior.fromJSON(JSON.parse(JSON.stringify(p)));
    expect(back.outcomes).toBe(200);
    // The same belief to the last digits: the snapshot keeps the upper triangle, and the rank-one updates leave the
    // covariance symmetric only to rounding (a contact's offset adds its own variance in a different order).
    for (const f of [['bias', 'size=small'], ['bias', 'size=large', 'contact=ct_1'], ['bias', 'industry=unseen']]) {
      const [x, y] = [back.moments('call', f), p.moments('call', f)];
      expect(x.mean).toBeCloseTo(y.mean, 12);
      expect(x.variance).toBeCloseTo(y.variance, 12);
    }

    const diag = new ContextualPosterior();
    diag.update('email', features, true);
    const read = CorrelatedPosterior.fromJSON(JSON.parse(JSON.stringify(diag)));
    const a = diag.moments('email', features);
    const b = read.moments('email', features);
    expect(b.mean).toBeCloseTo(a.mean, 12);
    expect(b.variance).toBeCloseTo(a.variance, 12);
  });

  it('rejects a stored block whose covariance does not match its features', () => {
    const p = new CorrelatedPosterior();
    p.update('email', features, true);
    const json = JSON.parse(JSON.stringify(p));
    json.actions.email.features.push('extra=1');
    expect(() => CorrelatedPosterior.fromJSON(json)).toThrow(/does not match/);
  });
});

describe('learner features from recent outreach', () => {
  const now = new Date('2026-11-10T12:00:00Z');
  const contact = { id: 'ct_1', title: 'VP Engineering', last_contacted_at: '2026-10-01T12:00:00Z', tags: ['VIP', 'decision-maker'], lead_source: 'Website' };
  const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

  it('counts touches but not waits, and knows the last touch and its action', () => {
    const ctx = contextOf(contact, { employees: 120 }, { recommendations: [{ at: hoursAgo(80), action: 'email' }, { at: hoursAgo(30), action: 'call' }, { at: hoursAgo(2), action: 'wait' }], activities: 1 }, now);
    expect(ctx).toMatchObject({ touches: 3, lastAction: 'call', contactId: 'ct_1', tags: ['decision-maker', 'vip'], source: 'website' });
    expect(ctx.hoursSinceTouch).toBeCloseTo(30, 6);
    const learner = new NbaLearner();
    const featuresFor = learner.featuresFor(ctx);
    expect(featuresFor('email')).toContain('since_touch=1-2d');
    expect(featuresFor('email')).toContain('tag=vip');
    // Repeating the last touch is a feature of that action only, and never of wait.
    expect(featuresFor('call')).toContain('last_touch=same_action');
    expect(featuresFor('email')).not.toContain('last_touch=same_action');
    expect(featuresFor('wait')).not.toContain('last_touch=same_action');
  });

  it('falls back to last_contacted_at when nothing was recommended, and replays an older logged context', () => {
    const ctx = contextOf(contact, undefined, { recommendations: [], activities: 0 }, now);
    expect(ctx.hoursSinceTouch).toBeCloseTo(40 * 24, 6);
    expect(new NbaLearner().featuresFor(ctx)('email')).toContain('since_touch=14-60d');
    // A context logged before these fields existed still gives features (days since last contact instead).
    const old = { family: 'engineering', seniority: 'vp', industry: null, size: null, source: null, status: null, touches: 0, daysSinceContact: 5, interests: [] };
    expect(new NbaLearner().featuresFor(old)('email')).toContain('recency=<14d');
  });
  it('reads where the company is and how long the contact has been a lead, when those feature groups are on', () => {
    const ctx = contextOf({ ...contact, created_at: '2026-09-01T12:00:00Z' }, { employees: 120, country: 'Germany' }, { recommendations: [], activities: 0 }, now);
    expect(ctx).toMatchObject({ country: 'germany', region: 'europe', ageDays: 70 });
    const on = new NbaLearner({ ...DEFAULT_LEARNER_OPTIONS, place: true, leadAge: true }).featuresFor(ctx)('email');
    expect(on).toEqual(expect.arrayContaining(['region=europe', 'country=germany', 'lead_age=30-90d']));
    // A country the lexicon does not place still gives its own feature; the region is 'none'.
    const far = contextOf(contact, { country: 'Atlantis' }, { recommendations: [], activities: 0 }, now);
    expect(new NbaLearner({ ...DEFAULT_LEARNER_OPTIONS, place: true }).featuresFor(far)('call')).toEqual(expect.arrayContaining(['region=none', 'country=atlantis']));
    // Contexts logged before these fields existed replay without them.
    const old = { family: 'engineering', seniority: 'vp', industry: null, size: null, source: null, status: null, touches: 0, daysSinceContact: 5, interests: [] };
    expect(new NbaLearner({ ...DEFAULT_LEARNER_OPTIONS, place: true, leadAge: true }).featuresFor(old)('email').some((f) => /^(region|country|lead_age)=/.test(f))).toBe(false);
  });
});

describe('probability of being best', () => {
  it('is computed by quadrature to within 0.02 of 100,000 Monte-Carlo draws, and sums to 1', () => {
    const rng = mulberry32(11);
    const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    for (let c = 0; c < 8; c++) {
      const means = Array.from({ length: 7 }, () => -2 + 0.4 * normal());
      const sds = Array.from({ length: 7 }, () => 0.05 + Math.abs(normal()) * (c % 2 ? 0.8 : 0.25));
      const exact = exactBest(means, sds);
      const wins = new Array<number>(7).fill(0);
      for (let d = 0; d < 100_000; d++) {
        const z = means.map((m, i) => m + sds[i]! * normal());
        wins[z.indexOf(Math.max(...z))]!++;
      }
      expect(exact.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      exact.forEach((p, i) => expect(Math.abs(p - wins[i]! / 100_000)).toBeLessThan(0.02));
    }
  });

  it("gives Thompson's choice the probability it had: over many answers each action is chosen about as often as it is best", () => {
    const p = new CorrelatedPosterior();
    for (let i = 0; i < 40; i++) p.update('email', ['bias'], i % 4 === 0);
    for (let i = 0; i < 40; i++) p.update('call', ['bias'], i % 5 === 0);
    const rng = mulberry32(3);
    const e = estimate(p, ['bias'], ['email', 'call'], rng);
    let email = 0;
    for (let i = 0; i < 20_000; i++) if (estimate(p, ['bias'], ['email', 'call'], rng).bestInDraw[0] === 0) email++;
    expect(Math.abs(email / 20_000 - e.actions[0]!.probabilityBest)).toBeLessThan(0.015);
  });
});
