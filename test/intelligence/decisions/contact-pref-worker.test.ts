/**
 * Contact-preference refits in a worker thread (preference-refit-pool.ts): the server's way of keeping the grids'
 * refit off the request path. A refit is gathered at its cut and computed elsewhere; its grids are swapped in at the
 * same due outcome as when it runs in this thread, and they are the very same numbers — so a server with the worker,
 * a bench without it, another server and a restart all hold one posterior. Synthetic books of their own.
 */
import { describe, expect, it } from 'vitest';
import { MessageChannel } from 'node:worker_threads';
import { ContactPreferences, CorrelatedPosterior, LATE_WAIT_MS, MAX_REFIT_CONTACTS, PREFERENCE_REFIT_EVERY, PREFERENCE_REFIT_START, REFIT_SPREAD, type RefitRunner } from '../../../src/intelligence/decisions/index.js';
import { refitInWorker, remoteRefit } from '../../../src/intelligence/decisions/preference-refit-pool.js';
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

/**
 * Outcomes here come back to back (a server sees 500 requests between a refit's cut and its due outcome), so a test
 * that needs the worker on time lets it finish before the due outcome — as a server's pace does.
 */
const untilComputed = (p: ContactPreferences) => {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const until = Date.now() + 60_000;
  while (p.refitPending && !p.refitComputed && Date.now() < until) Atomics.wait(flag, 0, 0, 5);
};

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
      if (n === PREFERENCE_REFIT_START + REFIT_SPREAD - 1) {
        untilComputed(there);
        expect(there.refitComputed).toBe(true);
        expect(there.fitted).toBe(false);
      }
      if (n === PREFERENCE_REFIT_START + REFIT_SPREAD) expect(there.fitted).toBe(true);
      // The second refit (cut at 2,000) is let finish before its due outcome too: on a loaded machine the worker can
      // otherwise be late, and its grids then come at cut + 2·REFIT_SPREAD, after this book's end (seen at load 11–15).
      if (n === PREFERENCE_REFIT_START + PREFERENCE_REFIT_EVERY + REFIT_SPREAD - 1) untilComputed(there);
    });
    expect(here.fitted && there.fitted).toBe(true);
    same(there.pu, here.pu);
    same(there.pv, here.pv);
    for (const c of ['c0', 'c5', 'c77', 'unseen']) for (const a of ACTIONS) expect(there.moments(c, a)).toEqual(here.moments(c, a));
  }, 60_000);

  it('runs a refit here from the same input when the worker fails, with the same grids, swapped in REFIT_SPREAD outcomes later', () => {
    const failing: RefitRunner = () => ({ poll: () => undefined, wait: () => 'failed' });
    const here = new ContactPreferences(false);
    const broken = new ContactPreferences(false, failing);
    const due = PREFERENCE_REFIT_START + REFIT_SPREAD;
    data.slice(0, due + REFIT_SPREAD).forEach((d, i) => {
      here.learn(d.c, d.a, -2, 0.01, d.y, NaN);
      broken.learn(d.c, d.a, -2, 0.01, d.y, NaN);
      // The failure is known at the due outcome: the previous grids stay while the job runs here, spread.
      if (i + 1 === due) expect([here.fitted, broken.fitted, broken.refitPending]).toEqual([true, false, true]);
    });
    expect(broken.fitted).toBe(true);
    same(broken.pu, here.pu);
    same(broken.pv, here.pv);
  });

  it('never stalls an outcome on a worker that does not answer: the previous grids stay, the same grids come REFIT_SPREAD outcomes later', () => {
    // A job posted where nobody answers (a worker stuck or far behind): before, the due outcome waited up to 120 s.
    let jobs = 0;
    let cancelled = 0;
    const silent: RefitRunner = () => {
      jobs++;
      const { port1 } = new MessageChannel();
      const r = remoteRefit(port1, new Int32Array(new SharedArrayBuffer(4)));
      return { ...r, cancel: () => (cancelled++, r.cancel?.()) };
    };
    const here = new ContactPreferences(false);
    const stuck = new ContactPreferences(false, silent);
    const due = PREFERENCE_REFIT_START + REFIT_SPREAD;
    let slowest = 0;
    data.slice(0, due + REFIT_SPREAD).forEach((d, i) => {
      here.learn(d.c, d.a, -2, 0.01, d.y, NaN);
      const t = performance.now();
      stuck.learn(d.c, d.a, -2, 0.01, d.y, NaN);
      const ms = performance.now() - t;
      const n = i + 1;
      if (n === due) {
        // The due outcome waited for the bound, not for the worker; its answers still read the previous grids.
        expect(ms).toBeGreaterThanOrEqual(LATE_WAIT_MS - 1);
        expect(ms).toBeLessThan(LATE_WAIT_MS + 2_000);
        expect(stuck.fitted).toBe(false);
        expect(stuck.refitPending).toBe(true);
        for (const a of ACTIONS) expect(stuck.moments('c5', a)).toEqual({ mean: 0, variance: 0 });
      } else if (n > due) slowest = Math.max(slowest, ms);
      if (n === due + REFIT_SPREAD - 1) expect(stuck.fitted).toBe(false);
    });
    // At cut + 2·REFIT_SPREAD: the grids computed here from the same input — the very numbers of an on-time refit.
    expect(stuck.fitted).toBe(true);
    same(stuck.pu, here.pu);
    same(stuck.pv, here.pv);
    for (const c of ['c0', 'c5', 'c77']) for (const a of ACTIONS) expect(stuck.moments(c, a)).toEqual(here.moments(c, a));
    // The late job was cancelled when it was finished here; the next refit (its cut is this outcome) is posted anew.
    expect([jobs, cancelled]).toEqual([2, 1]);
    // The late job's work was spread: no later outcome waited anything like the bound's worth of work at once.
    expect(slowest).toBeLessThan(2_000);
  }, 60_000);

  it('takes a late worker’s result when it comes before the work here is done (the same grids, at the same outcome)', () => {
    // A worker that answers only after the due outcome: the result is taken as soon as it is there, swapped in at
    // cut + 2·REFIT_SPREAD, and the work here stops.
    let answered = false;
    let handle: { release: () => void } | undefined;
    const late: RefitRunner = (input) => {
      const r = refitInWorker(input)!;
      let open = false;
      handle = { release: () => (open = true) };
      return { poll: () => (open ? ((answered = true), r.poll()) : undefined), wait: (ms) => (open ? r.wait(ms) : undefined), cancel: r.cancel };
    };
    const here = new ContactPreferences(false);
    const there = new ContactPreferences(false, late);
    const due = PREFERENCE_REFIT_START + REFIT_SPREAD;
    data.slice(0, due + REFIT_SPREAD).forEach((d, i) => {
      here.learn(d.c, d.a, -2, 0.01, d.y, NaN);
      there.learn(d.c, d.a, -2, 0.01, d.y, NaN);
      if (i + 1 === due) {
        expect(there.fitted).toBe(false);
        handle!.release();
        untilComputed(there);
      }
      if (i + 1 === due + REFIT_SPREAD - 1) expect(there.fitted).toBe(false);
    });
    expect(answered).toBe(true);
    expect(there.fitted).toBe(true);
    same(there.pu, here.pu);
    same(there.pv, here.pv);
  }, 60_000);

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
    // Outcomes come back to back here, so a worker refit may still be late at its due outcome (then it is swapped in
    // REFIT_SPREAD outcomes later): the refit under way at the end is swapped in now in all three.
    for (const p of [straight, inThread, restored]) p.preferences!.settle();
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
