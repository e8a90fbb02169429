/**
 * A contact's traits whose evidence fades (contact-preferences.ts with `fade`) and the grids' refit off the request
 * path — on synthetic books of their own (no benchmark's data). Where each contact's preferred action changes every
 * few weeks, the half-life chosen by the prequential score is short and fading predicts the next outcomes better
 * than remembering everything; where preferences last, it keeps a long half-life and predicts as well. A refit
 * started by an outcome is not computed in it: its work is spread over the next outcomes and its grids swap in at a
 * fixed later outcome, identical to a refit done at once over the same outcomes, and a snapshot taken meanwhile
 * goes on to the same posterior.
 */
import { describe, expect, it } from 'vitest';
import { ContactPreferences, CorrelatedPosterior, PREFERENCE_REFIT_START, REFIT_SPREAD } from '../../../src/intelligence/decisions/index.js';
import { mulberry32 } from '../../../src/intelligence/scoring/learn/rng.js';

const ACTIONS = ['email', 'call', 'event', 'note'] as const;
const DAY_HOURS = 24;
const START_HOURS = 490_000; // 2025-11 in hours since the epoch: any fixed time works

/**
 * `people` contacts in 3 segments over 300 days, one outcome at a time, each to a random action; each contact
 * answers its preferred action `lift` logits more. `switchDays`: the preferred action is redrawn at that mean
 * interval (0: never).
 */
function book(seed: number, switchDays: number, n = 12_000, lift = 2, people = 100) {
  const rng = mulberry32(seed);
  const base: Record<string, number[]> = { email: [-2.2, -1.6, -2.4], call: [-2.0, -2.3, -1.7], event: [-2.5, -2.0, -2.1], note: [-2.3, -2.2, -2.0] };
  const contacts = Array.from({ length: people }, (_, i) => ({ id: `c${i}`, seg: i % 3, preferred: ACTIONS[Math.floor(rng() * 4)]!, nextSwitch: switchDays > 0 ? -Math.log(1 - rng()) * switchDays : Infinity }));
  const out: { a: string; f: string[]; y: boolean }[] = [];
  for (let k = 0; k < n; k++) {
    const day = (300 * k) / n;
    const c = contacts[Math.floor(rng() * contacts.length)]!;
    while (day >= c.nextSwitch) {
      c.preferred = ACTIONS[Math.floor(rng() * 4)]!;
      c.nextSwitch += -Math.log(1 - rng()) * switchDays;
    }
    const a = ACTIONS[Math.floor(rng() * 4)]!;
    const logit = base[a]![c.seg]! + (a === c.preferred ? lift : 0);
    out.push({ a, f: ['bias', `seg=${c.seg}`, `contact=${c.id}`, `at=${START_HOURS + day * DAY_HOURS}`], y: rng() < 1 / (1 + Math.exp(-logit)) });
  }
  return out;
}

/** Fits online and scores each of the last `tail` outcomes before learning it (log loss, predictive mean). */
function run(data: ReturnType<typeof book>, fade: boolean, tail: number) {
  const p = new CorrelatedPosterior(1, { learnGroupVariances: true, contactPreference: true, preferenceFading: fade });
  let loss = 0;
  data.forEach((d, i) => {
    if (i >= data.length - tail) {
      const m = p.moments(d.a, d.f);
      const q = 1 / (1 + Math.exp(-m.mean / Math.sqrt(1 + (Math.PI * m.variance) / 8)));
      loss -= Math.log(d.y ? q : 1 - q);
    }
    p.update(d.a, d.f, d.y);
  });
  return { p, loss: loss / tail };
}

describe('a contact’s evidence that fades', () => {
  it('chooses a finite half-life where preferences change every few weeks, and predicts better than remembering all (two seeds)', () => {
    for (const seed of [1, 2]) {
      // 50 contacts, about one outcome a day each: a preference lasting ~40 days is seen ~10 times per action.
      const data = book(seed, 40, 16_000, 2, 50);
      const faded = run(data, true, 3000);
      const kept = run(data, false, 3000);
      expect(faded.p.preferences!.halfLifeHours / DAY_HOURS).toBeLessThanOrEqual(56);
      expect(kept.p.preferences!.halfLifeHours).toBe(Infinity);
      expect(faded.loss).toBeLessThan(kept.loss - 0.002);
    }
  }, 120_000);

  it('keeps a long half-life where preferences last, and predicts as well as without fading', () => {
    const data = book(3, 0);
    const faded = run(data, true, 3000);
    const kept = run(data, false, 3000);
    expect(faded.p.preferences!.halfLifeHours / DAY_HOURS).toBeGreaterThanOrEqual(112);
    expect(faded.loss).toBeLessThan(kept.loss + 0.002);
  }, 120_000);

  it('weighs an old outcome less than a new one: a response long ago moves the offset less', () => {
    const t = new ContactPreferences(true);
    // A book without preferences for the grids, then two contacts with one response each, 1 day and 120 days ago.
    const rng = mulberry32(9);
    for (let i = 0; i < PREFERENCE_REFIT_START; i++) t.learn(`x${i % 200}`, ACTIONS[i % 4]!, -2, 0, rng() < 0.12, START_HOURS + i);
    t.learn('old', 'call', -2, 0, true, START_HOURS);
    t.learn('new', 'call', -2, 0, true, START_HOURS + 119 * DAY_HOURS);
    t.settle();
    t.halfLifeHours = 14 * DAY_HOURS;
    const now = START_HOURS + 120 * DAY_HOURS;
    const untried = t.moments('nobody', 'call', now).mean;
    expect(t.moments('new', 'call', now).mean - untried).toBeGreaterThan(2 * (t.moments('old', 'call', now).mean - untried));
    // Without a time the evidence is not faded.
    expect(t.moments('old', 'call').mean).toBeCloseTo(t.moments('new', 'call').mean, 10);
  });
});

describe('the grids’ refit off the request path', () => {
  const data = book(4, 20, 3200, 1.8, 300);

  it('is not computed in the outcome that starts it: spread over the next ones, swapped in at a fixed later outcome', () => {
    const t = new ContactPreferences(true);
    const learn = (d: (typeof data)[number]) => t.learn(d.f[2]!.slice('contact='.length), d.a, -2, 0, d.y, Number(d.f[3]!.slice('at='.length)));
    data.slice(0, PREFERENCE_REFIT_START).forEach(learn);
    expect(t.refitPending).toBe(true);
    expect(t.fitted).toBe(false);
    expect(t.moments('c1', 'email')).toEqual({ mean: 0, variance: 0 });
    data.slice(PREFERENCE_REFIT_START, PREFERENCE_REFIT_START + REFIT_SPREAD - 1).forEach(learn);
    // One outcome before its due point: the work is done (spread over the outcomes since), not yet swapped in.
    expect(t.refitComputed).toBe(true);
    expect(t.fitted).toBe(false);
    learn(data[PREFERENCE_REFIT_START + REFIT_SPREAD - 1]!);
    expect(t.fitted).toBe(true);
    expect(t.refitPending).toBe(false);
    // The same grids as a refit done at once over the first outcomes only.
    const once = new ContactPreferences(true);
    data.slice(0, PREFERENCE_REFIT_START).forEach((d) => once.learn(d.f[2]!.slice('contact='.length), d.a, -2, 0, d.y, Number(d.f[3]!.slice('at='.length))));
    once.settle();
    expect(Array.from(t.pu)).toEqual(Array.from(once.pu));
    expect(Array.from(t.pv)).toEqual(Array.from(once.pv));
    expect(t.halfLifeHours).toBe(once.halfLifeHours);
  });

  it('a snapshot taken while a refit is under way goes on to the same posterior', () => {
    const fit = (rows: typeof data, p = new CorrelatedPosterior(1, { learnGroupVariances: true, contactPreference: true, preferenceFading: true })) => {
      for (const d of rows) p.update(d.a, d.f, d.y);
      return p;
    };
    const straight = fit(data);
    const mid = fit(data.slice(0, 2200));
    expect(mid.preferences!.refitPending).toBe(true);
    const restored = fit(data.slice(2200), CorrelatedPosterior.fromJSON(JSON.parse(JSON.stringify(mid)), 1, { learnGroupVariances: true, contactPreference: true, preferenceFading: true }));
    const at = `at=${START_HOURS + 300 * DAY_HOURS}`;
    for (const c of ['c0', 'c7', 'c123', 'unseen'])
      for (const a of ACTIONS) {
        const f = ['bias', 'seg=1', `contact=${c}`, at];
        expect(restored.moments(a, f).mean).toBeCloseTo(straight.moments(a, f).mean, 8);
        expect(restored.moments(a, f).variance).toBeCloseTo(straight.moments(a, f).variance, 8);
      }
  }, 60_000);
});
