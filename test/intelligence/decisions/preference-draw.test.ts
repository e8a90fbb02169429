/**
 * preferenceDrawOutcomes (off by default): Thompson draws the contact's own offset at full width in the share
 * n₀ / (n₀ + n) of its variance, n the contact's own outcomes — full width for a contact without outcomes, nearly
 * tempered for one with many — and changes nothing else (the means and the variances are those of the default).
 * A synthetic book of its own (400 contacts, four actions; no benchmark's data).
 */
import { describe, expect, it } from 'vitest';
import { CorrelatedPosterior, estimate } from '../../../src/intelligence/decisions/index.js';
import { mulberry32 } from '../../../src/intelligence/scoring/learn/rng.js';

const ACTIONS = ['email', 'call', 'event', 'note'] as const;

function fit(opts: { preferenceDrawOutcomes?: number }) {
  const rng = mulberry32(7);
  const p = new CorrelatedPosterior(0.3, { learnGroupVariances: true, contactPreference: true, ...opts });
  const counts = new Map<string, number>();
  for (let k = 0; k < 3000; k++) {
    // Contact c0 comes up far more often than the rest: many outcomes of its own.
    const i = rng() < 0.05 ? 0 : 1 + Math.floor(rng() * 399);
    const a = ACTIONS[Math.floor(rng() * ACTIONS.length)]!;
    counts.set(`c${i}`, (counts.get(`c${i}`) ?? 0) + 1);
    p.update(a, ['bias', `seg=${i % 3}`, `contact=c${i}`], rng() < (a === ACTIONS[i % 4] ? 0.4 : 0.1));
  }
  p.preferences!.settle();
  return { p, counts };
}

describe('the contact’s own draw, shrinking with its outcomes', () => {
  it('draws a new contact at full width and a well-known one nearly tempered; the moments are the default’s', () => {
    const { p: base } = fit({});
    const { p, counts } = fit({ preferenceDrawOutcomes: 4 });
    const f = (id: string, seg: number) => ['bias', `seg=${seg}`, `contact=${id}`];
    const n0 = counts.get('c0')!;
    expect(n0).toBeGreaterThan(100);
    for (const a of ACTIONS) {
      // Unchanged means and variances: only the draw's width differs.
      expect(p.moments(a, f('c0', 0))).toMatchObject(base.moments(a, f('c0', 0)));
      const known = p.moments(a, f('c0', 0));
      const contactVar = p.preferences!.moments('c0', a).variance;
      expect(known.untempered).toBeCloseTo((contactVar * 4) / (4 + n0), 12);
      // A contact never seen: the whole of its offset's variance (the grid's own spread) at full width.
      const unseen = p.moments(a, f('new', 1));
      expect(unseen.untempered).toBeCloseTo(p.preferences!.moments('new', a).variance, 12);
      expect(unseen.untempered!).toBeGreaterThan(0);
      expect(base.moments(a, f('new', 1)).untempered).toBeUndefined();
    }
    // Thompson's draws are wider for the new contact than the default's, and about as narrow for the known one.
    const widths = (post: CorrelatedPosterior, id: string, seg: number) => {
      const e = estimate(post, f(id, seg), ACTIONS, mulberry32(1), 0);
      return e.actions.map((x) => x.probabilityBest);
    };
    const spreadOf = (xs: number[]) => Math.max(...xs) - Math.min(...xs);
    expect(spreadOf(widths(p, 'new', 1))).toBeLessThan(spreadOf(widths(base, 'new', 1)) + 1e-9);
    expect(Math.abs(spreadOf(widths(p, 'c0', 0)) - spreadOf(widths(base, 'c0', 0)))).toBeLessThan(0.1);
  });
});
