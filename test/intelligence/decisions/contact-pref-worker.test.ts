/**
 * Contact-preference refits in a worker thread (preference-refit-pool.ts): the server's way of keeping the grids'
 * refit off the request path. A refit is gathered at its cut and computed elsewhere; its grids are swapped in at the
 * same due outcome as when it runs in this thread, and they are the very same numbers — so a server with the worker,
 * a bench without it, another server and a restart all hold one posterior. Synthetic books of their own.
 */
import { describe, expect, it } from 'vitest';
import { ContactPreferences, CorrelatedPosterior, MAX_REFIT_CONTACTS, PREFERENCE_REFIT_START, REFIT_SPREAD, type RefitRunner } from '../../../src/intelligence/decisions/index.js';
import { refitInWorker } from '../../../src/intelligence/decisions/preference-refit-pool.js';
import { mulberry32 } from '../../../src/intelligence/scoring/learn/rng.js';

const ACTIONS = ['email', 'call', 'event', 'note'] as const;

/** `people` contacts, each answering its preferred action 1.8 logits more; one outcome at a time, 12 minutes apart. */
function book(seed: number, n: number, people: number) {
  const rng = mulberry32(seed);
  const preferred = Array.from({ length: people }, () => ACTIONS[Math.floor(rng() * 4)]!);
  return Array.from({ length: n }, (_, k) => {
    const c = Math.floor(rng() * people);
    const a = ACTIONS[Math.floor(rng() * 4)]!;
    const logit = -2 + (c % 3) * 0.3 + (a === preferred[c] ? 1.8 : 0);
    return { c: `c${c}`, a, f: ['bias', `seg=${c % 3}`, `contact=c${c}`, `at=${490_000 + k * 0.2}`], y: rng() < 1 / (1 + Math.exp(-logit)) };
  });
}

const same = (a: Float64Array, b: Float64Array) => expect(Array.from(a)).toEqual(Array.from(b));

describe('contact-preference refits in a worker thread', () => {
  const data = book(11, 2 * PREFERENCE_REFIT_START + REFIT_SPREAD + 300, 300);

  it('swaps in at the same outcome the very grids computed in this thread, with no share of the work on the learning thread', () => {
    const here = new ContactPreferences(false);
    const there = new ContactPreferences(false, refitInWorker);
    data.forEach((d, i) => {
      here.learn(d.c, d.a, -2, 0.01, d.y, NaN);
      there.learn(d.c, d.a, -2, 0.01, d.y, NaN);
      const n = i + 1;
      if (n === PREFERENCE_REFIT_START) {
        expect(there.refitPending).toBe(true);
        expect(there.refitOffThread).toBe(true);
        expect(here.refitOffThread).toBe(false);
      }
      // Not before the due outcome, even when the worker is done early.
      if (n === PREFERENCE_REFIT_START + REFIT_SPREAD - 1) expect(there.fitted).toBe(false);
      if (n === PREFERENCE_REFIT_START + REFIT_SPREAD) expect(there.fitted).toBe(true);
    });
    expect(here.fitted && there.fitted).toBe(true);
    same(there.pu, here.pu);
    same(there.pv, here.pv);
    for (const c of ['c0', 'c5', 'c77', 'unseen']) for (const a of ACTIONS) expect(there.moments(c, a)).toEqual(here.moments(c, a));
  }, 60_000);

  it('runs a refit here from the same input when the worker fails, with the same grids', () => {
    const failing: RefitRunner = () => ({ poll: () => undefined, wait: () => undefined });
    const here = new ContactPreferences(false);
    const broken = new ContactPreferences(false, failing);
    for (const d of data.slice(0, PREFERENCE_REFIT_START + REFIT_SPREAD)) {
      here.learn(d.c, d.a, -2, 0.01, d.y, NaN);
      broken.learn(d.c, d.a, -2, 0.01, d.y, NaN);
    }
    expect(broken.fitted).toBe(true);
    same(broken.pu, here.pu);
    same(broken.pv, here.pv);
  });

  it('a snapshot taken while a worker refit is under way goes on to the same posterior, above the refit sample’s size too', () => {
    // More contacts than a refit learns from: the running sample (kept as contacts arrive) and the one a restored
    // snapshot selects afresh must be the same contacts in the same order.
    const many = book(12, 2 * PREFERENCE_REFIT_START + 700, Math.round(MAX_REFIT_CONTACTS * 2.5));
    const opts = { learnGroupVariances: true, contactPreference: true, preferenceRunner: refitInWorker };
    const fit = (rows: typeof many, p = new CorrelatedPosterior(1, opts)) => {
      for (const d of rows) p.update(d.a, d.f, d.y);
      return p;
    };
    const straight = fit(many);
    const inThread = (() => {
      const p = new CorrelatedPosterior(1, { learnGroupVariances: true, contactPreference: true });
      for (const d of many) p.update(d.a, d.f, d.y);
      return p;
    })();
    const cut = 2 * PREFERENCE_REFIT_START + 100;
    const mid = fit(many.slice(0, cut));
    expect(mid.preferences!.refitPending).toBe(true);
    expect(mid.preferences!.size).toBeGreaterThan(MAX_REFIT_CONTACTS);
    const restored = fit(many.slice(cut), CorrelatedPosterior.fromJSON(JSON.parse(JSON.stringify(mid)), 1, opts));
    same(restored.preferences!.pu, straight.preferences!.pu);
    same(inThread.preferences!.pu, straight.preferences!.pu);
    same(inThread.preferences!.pv, straight.preferences!.pv);
    for (const c of ['c0', 'c7', 'c1234', 'unseen'])
      for (const a of ACTIONS) {
        const f = ['bias', 'seg=1', `contact=${c}`];
        expect(restored.moments(a, f)).toEqual(straight.moments(a, f));
      }
  }, 60_000);
});
