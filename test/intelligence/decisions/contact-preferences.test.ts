/**
 * A contact's own traits on grids learned from all contacts (contact-preferences.ts, CorrelatedPosterior with
 * contactPreference): synthetic books of contacts of their own (no benchmark's data). Where each contact prefers one
 * action strongly, the learned grid grows mass at a large offset and a contact's own outcomes point at its preferred
 * action; where nobody prefers anything, the grid stays narrow; a snapshot goes on to the same posterior.
 */
import { describe, expect, it } from 'vitest';
import { ContactPreferences, CorrelatedPosterior, setPreferenceEm } from '../../../src/intelligence/decisions/index.js';
import { mulberry32 } from '../../../src/intelligence/scoring/learn/rng.js';

const ACTIONS = ['email', 'call', 'event', 'note'] as const;

/** 400 contacts in 3 segments; with `lift`, each contact answers one action of its own `lift` logits more often. */
function book(seed: number, lift: number) {
  const rng = mulberry32(seed);
  const seg = (i: number) => i % 3;
  const base: Record<string, number[]> = { email: [-2.2, -1.6, -2.4], call: [-2.0, -2.3, -1.7], event: [-2.5, -2.0, -2.1], note: [-2.3, -2.2, -2.0] };
  const contacts = Array.from({ length: 400 }, (_, i) => ({ id: `c${i}`, seg: seg(i), preferred: ACTIONS[Math.floor(rng() * ACTIONS.length)]! }));
  const logit = (c: (typeof contacts)[number], a: string) => base[a]![c.seg]! + (a === c.preferred ? lift : 0);
  const sample = (n: number) =>
    Array.from({ length: n }, () => {
      const c = contacts[Math.floor(rng() * contacts.length)]!;
      const a = ACTIONS[Math.floor(rng() * ACTIONS.length)]!;
      return { c, a, f: ['bias', `seg=${c.seg}`, `contact=${c.id}`], y: rng() < 1 / (1 + Math.exp(-logit(c, a))) };
    });
  return { contacts, sample };
}

const fit = (data: ReturnType<ReturnType<typeof book>['sample']>) => {
  const p = new CorrelatedPosterior(1, { learnGroupVariances: true, contactPreference: true });
  for (const d of data) p.update(d.a, d.f, d.y);
  return p;
};

describe('a contact’s own traits on learned grids', () => {
  for (const seed of [1, 2]) {
    it(`learns that contacts prefer one action each and finds it from their own outcomes (seed ${seed})`, () => {
      const w = book(seed, 1.6);
      const p = fit(w.sample(12000));
      // The grid of an action's offset has learned a spread well beyond its start (sd 0.3).
      expect(p.preferences!.spread().v).toBeGreaterThan(0.4);
      // Which action has the highest offset, per contact: right far more often than chance (1 in 4).
      let right = 0;
      for (const c of w.contacts) {
        const f = ['bias', `seg=${c.seg}`, `contact=${c.id}`];
        const best = ACTIONS.reduce((b, a) => (p.moments(a, f).mean > p.moments(b, f).mean ? a : b));
        if (best === c.preferred) right++;
      }
      expect(right / w.contacts.length).toBeGreaterThan(0.45);
    });
  }

  it('stays narrow where nobody prefers anything', () => {
    const p = fit(book(3, 0).sample(12000));
    expect(p.preferences!.spread().v).toBeLessThan(0.2);
    const spreads: number[] = [];
    for (let i = 0; i < 50; i++) {
      const f = ['bias', `seg=${i % 3}`, `contact=c${i}`];
      const m = ACTIONS.map((a) => p.moments(a, f).mean);
      spreads.push(Math.max(...m) - Math.min(...m));
    }
    // What separates a contact's actions is the segments' gaps (< 0.8 logit), not offsets of their own.
    expect(Math.max(...spreads)).toBeLessThan(1.0);
  });

  it('offsets are 0 before the first refit, and a snapshot goes on to the same posterior', () => {
    const data = book(4, 1.2).sample(3500);
    const early = fit(data.slice(0, 900));
    expect(early.preferences!.moments('c1', 'email')).toEqual({ mean: 0, variance: 0 });
    const straight = fit(data);
    const first = fit(data.slice(0, 1500));
    const restored = CorrelatedPosterior.fromJSON(JSON.parse(JSON.stringify(first)), 1, { learnGroupVariances: true, contactPreference: true });
    for (const d of data.slice(1500)) restored.update(d.a, d.f, d.y);
    for (const c of ['c0', 'c7', 'c123', 'unseen'])
      for (const a of ACTIONS) {
        const f = ['bias', 'seg=1', `contact=${c}`];
        expect(restored.moments(a, f).mean).toBeCloseTo(straight.moments(a, f).mean, 8);
        expect(restored.moments(a, f).variance).toBeCloseTo(straight.moments(a, f).variance, 8);
      }
  });

  it('with a burn-in, records an outcome for a contact only once its action has learned from that many', () => {
    const data = book(5, 1.2).sample(1200);
    setPreferenceEm({ burnIn: 250 });
    try {
      const p = fit(data);
      const kept = Object.values(p.preferences!.toJSON().contacts).reduce((n, c) => n + c[2].length, 0);
      // Four actions, about 300 outcomes each: about 50 each after its 250th.
      expect(kept).toBe(data.length - 4 * 250);
    } finally {
      setPreferenceEm({ burnIn: 0 });
    }
    expect(Object.values(fit(data).preferences!.toJSON().contacts).reduce((n, c) => n + c[2].length, 0)).toBe(data.length);
  });

  it('keeps a contact’s newest outcomes and reads its own stored form', () => {
    const t = new ContactPreferences();
    for (let i = 0; i < 250; i++) t.learn('a', i % 2 ? 'call' : 'email', -2, 0.1, i % 10 === 0);
    const back = ContactPreferences.fromJSON(JSON.parse(JSON.stringify(t.toJSON())));
    expect(back.toJSON()).toEqual(t.toJSON());
    expect(t.toJSON().contacts.a![2]).toHaveLength(200);
  });
});
