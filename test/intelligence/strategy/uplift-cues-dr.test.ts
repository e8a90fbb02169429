/**
 * The doubly robust uplift cues (text-reader.ts UpliftCues.fitDoublyRobust, twelfth pass): each exploring week's
 * advantage of each action, (Y − V̂) × (1[taken] / p − 1), regressed on the words, each action's threshold set by a
 * null fit with the outcomes shuffled between deals. Invented wordings (no benchmark's); a logging policy that
 * mostly plays one action and explores uniformly, as the server's exploring answers do, and that is confounded with
 * the words (it plays `demo` after most notes asking for paper, where a demo does nothing).
 */
import { describe, expect, it } from 'vitest';
import { TOPIC_COUNT } from '../../../src/intelligence/strategy/buyer-topics.js';
import { textFeatures, UpliftCues, type ReaderSample } from '../../../src/intelligence/strategy/text-reader.js';
import { keys } from './deal-fixture.js';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 2246822519) + 0x9e3779b9) >>> 0) / 4294967296);
}

const NAMES = ['Ada', 'Bo', 'Cleo', 'Dev', 'Eli', 'Fay'];
const SHOW = ['{n} would only believe it once the pipeline runs on their own files.', 'Their analysts want to watch the import happen live, says {n}.'];
const PAPER = ['{n} needs something on paper to circulate before the steering committee.', 'Their committee asked {n} for the terms in writing.'];
const FILLER = ['{n} walked us through their current workflow.', 'Quick catch-up with {n} about the rollout timeline.', 'No reply yet.'];
const EXPLORE = 0.5;

/**
 * Logged weeks, one deal each: with probability 1 − ε the logging policy's own action (`demo` after a note asking
 * for paper, else `email`), otherwise uniform over the catalog; the logged propensity is the mixture's. The right
 * action after SHOW (demo) or PAPER (proposal) wins 70 %, anything else 25 % (`flat`: always 25 %).
 */
function logged(n: number, seed: number, flat = false): ReaderSample[] {
  const r = rng(seed);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const out: ReaderSample[] = [];
  for (let i = 0; i < n; i++) {
    const u = r();
    const kind = u < 0.25 ? 'show' : u < 0.5 ? 'paper' : 'filler';
    const text = pick(kind === 'show' ? SHOW : kind === 'paper' ? PAPER : FILLER).replace('{n}', pick(NAMES));
    const own = kind === 'paper' ? 'demo' : 'email';
    const action = r() < EXPLORE ? pick(keys) : own;
    const propensity = (action === own ? 1 - EXPLORE : 0) + EXPLORE / keys.length;
    const right = (kind === 'show' && action === 'demo') || (kind === 'paper' && action === 'proposal');
    out.push({ stage: Math.floor(r() * 4), features: textFeatures(text), action, won: r() < (right && !flat ? 0.7 : 0.25), propensity, allowed: keys, deal: i });
  }
  return out;
}

const slot = (action: string) => keys.indexOf(action);

describe('UpliftCues.fitDoublyRobust', () => {
  it('learns from exploring weeks which words favour which action, against a confounded logging policy, with thresholds from a null fit', () => {
    const cues = UpliftCues.fitDoublyRobust(logged(12000, 1), keys, { seed: 1, slots: TOPIC_COUNT });
    expect(cues.json.estimator).toBe('dr');
    expect(cues.actions).toEqual(keys);
    for (const a of cues.json.actions) expect(a.threshold).toBeGreaterThan(0);
    // Names never seen in training.
    for (const t of SHOW) expect(cues.topicsOf(t.replace('{n}', 'Gus'))).toContain(slot('demo'));
    for (const t of PAPER) {
      const raised = cues.topicsOf(t.replace('{n}', 'Gus'));
      expect(raised).toContain(slot('proposal'));
      // The logging policy plays demo after these notes, and a demo does nothing there: no demo cue.
      expect(raised).not.toContain(slot('demo'));
    }
    for (const t of FILLER) expect(cues.topicsOf(t.replace('{n}', 'Gus'))).toEqual([]);
    const u = cues.uplifts('Their committee asked Gus for the terms in writing.');
    expect(u.proposal).toBeGreaterThan(0.15);
    // Stored and read back (thresholds included), it reads the same.
    const back = UpliftCues.fromJSON(JSON.parse(JSON.stringify(cues.toJSON())));
    for (const t of [...SHOW, ...PAPER, ...FILLER]) expect(back.topicsOf(t.replace('{n}', 'Hal'))).toEqual(cues.topicsOf(t.replace('{n}', 'Hal')));
  });

  it('raises nothing when the words do not change what the actions do', () => {
    const flat = UpliftCues.fitDoublyRobust(logged(8000, 2, true), keys, { seed: 2, slots: TOPIC_COUNT });
    for (const t of [...SHOW, ...PAPER, ...FILLER]) for (const n of ['Gus', 'Hal']) expect(flat.topicsOf(t.replace('{n}', n))).toEqual([]);
  });

  it('uses only weeks with a logged propensity below 1 and learns nothing for an action rarely taken', () => {
    const weeks = logged(8000, 3);
    const greedy = UpliftCues.fitDoublyRobust(weeks.map((w) => ({ ...w, propensity: null })), keys, { seed: 3, slots: TOPIC_COUNT });
    expect(greedy.active).toBe(false);
    const certain = UpliftCues.fitDoublyRobust(weeks.map((w) => ({ ...w, propensity: 1 })), keys, { seed: 3, slots: TOPIC_COUNT });
    expect(certain.active).toBe(false);
    const fewProposals = UpliftCues.fitDoublyRobust(weeks.filter((w, i) => w.action !== 'proposal' || i % 40 === 0), keys, { seed: 3, slots: TOPIC_COUNT });
    expect(fewProposals.json.actions.find((a) => a.action === 'proposal')!.weights).toEqual([]);
    expect(fewProposals.topicsOf(PAPER[1]!.replace('{n}', 'Gus'))).not.toContain(slot('proposal'));
  });

  it('is the same twice from one seed', () => {
    const weeks = logged(3000, 4);
    expect(UpliftCues.fitDoublyRobust(weeks, keys, { seed: 4, slots: TOPIC_COUNT }).toJSON()).toEqual(UpliftCues.fitDoublyRobust(weeks, keys, { seed: 4, slots: TOPIC_COUNT }).toJSON());
  });
});
