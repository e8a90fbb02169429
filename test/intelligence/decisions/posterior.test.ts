/** The per-action Bayesian logistic posterior: updates move the right way, uncertainty shrinks, snapshots round-trip. */
import { describe, expect, it } from 'vitest';
import { ContextualPosterior, expectedResponse, logitMoments, priorOf, updateAction, type ActionWeights } from '../../../src/intelligence/decisions/posterior.js';

const features = ['bias', 'family=engineering', 'seniority=vp'];
const view = (p: ContextualPosterior, action: string, f = features) => {
  const m = logitMoments(p.weightsOf(action), f);
  return { expected: expectedResponse(m.mean, m.variance), variance: m.variance };
};

describe('contextual posterior', () => {
  it('raises the expected response after a response and lowers it after none, and grows more certain either way', () => {
    const p = new ContextualPosterior();
    const prior = view(p, 'email');
    p.update('email', features, true);
    const up = view(p, 'email');
    expect(up.expected).toBeGreaterThan(prior.expected);
    expect(up.variance).toBeLessThan(prior.variance);
    const q = new ContextualPosterior();
    q.update('email', features, false);
    expect(view(q, 'email').expected).toBeLessThan(prior.expected);
    // Another action is untouched.
    expect(view(p, 'call')).toEqual(prior);
  });

  it('shares strength: outcomes of engineers at other levels move the estimate for an engineering VP', () => {
    const p = new ContextualPosterior();
    const before = view(p, 'call').expected;
    for (let i = 0; i < 30; i++) p.update('call', ['bias', 'family=engineering', 'seniority=individual'], true);
    for (let i = 0; i < 30; i++) p.update('call', ['bias', 'family=finance', 'seniority=individual'], false);
    expect(view(p, 'call').expected).toBeGreaterThan(before + 0.1);
    expect(view(p, 'call', ['bias', 'family=finance', 'seniority=vp']).expected).toBeLessThan(view(p, 'call').expected);
  });

  it('matches the exact one-observation Laplace mode (the gradient vanishes there)', () => {
    const w: ActionWeights = new Map();
    updateAction(w, features, true);
    // At the mode, q·(w − m) = (y − σ(w·x)) for every active feature (binary x).
    const z = features.reduce((s, f) => s + w.get(f)![0], 0);
    const resid = 1 - 1 / (1 + Math.exp(-z));
    for (const f of features) {
      const prior = priorOf(f);
      expect(prior.precision * (w.get(f)![0] - prior.mean)).toBeCloseTo(resid, 8);
    }
  });

  it('converges to the observed rate with many outcomes', () => {
    const p = new ContextualPosterior();
    let s = 7;
    const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < 4000; i++) p.update('email', ['bias'], rand() < 0.3);
    const v = view(p, 'email', ['bias']);
    expect(Math.abs(v.expected - 0.3)).toBeLessThan(0.03);
    expect(v.variance).toBeLessThan(0.01);
  });

  it('round-trips through JSON (the stored snapshot)', () => {
    const p = new ContextualPosterior();
    p.update('email', features, true);
    p.update('call', features, false);
    const back = ContextualPosterior.fromJSON(JSON.parse(JSON.stringify(p)));
    expect(back.toJSON()).toEqual(p.toJSON());
    expect(back.outcomes).toBe(2);
  });
});
