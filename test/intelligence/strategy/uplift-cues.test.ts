/**
 * Per-action uplift cues (text-reader.ts UpliftCues, eleventh pass): which words in what the buyer said lately
 * precede a won deal after each action, learned from outcomes for every action, shrunk so that rare words and flat
 * outcomes learn nothing; read as of a moment in the topics' slots (no look-ahead); the reflection buffer's re-reading
 * equal to the state's; stored and read back; learned in a training only when asked, then kept.
 */
import { describe, expect, it } from 'vitest';
import { TOPIC_COUNT } from '../../../src/intelligence/strategy/buyer-topics.js';
import { dealStateAsOf, observationOf } from '../../../src/intelligence/strategy/deal-state.js';
import { trajectoryOf, withTopics } from '../../../src/intelligence/strategy/reflection.js';
import { textFeatures, UpliftCues, type ReaderSample } from '../../../src/intelligence/strategy/text-reader.js';
import type { DealHistory, StoredDealRecommendation } from '../../../src/storage/index.js';
import { day, keys, settings } from './deal-fixture.js';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 2246822519) + 0x9e3779b9) >>> 0) / 4294967296);
}

// Invented wordings (no benchmark's): a buyer who wants to see the thing run (a demo pays), one who wants it in
// writing (a proposal pays), one who wants to be left alone for now (any push hurts, waiting does not), and filler.
const NAMES = ['Ada', 'Bo', 'Cleo', 'Dev', 'Eli', 'Fay'];
const SHOW = ['{n} would only believe it once the pipeline runs on their own files.', 'Their analysts want to watch the import happen live, says {n}.'];
const PAPER = ['{n} needs something on paper to circulate before the steering committee.', 'Their committee asked {n} for the terms in writing.'];
const SPACE = ['{n} is swamped with the year-end close and asked to pick this up later.', 'Out of office until the audit is over, per {n}.'];
const FILLER = ['{n} walked us through their current workflow.', 'Quick catch-up with {n} about the rollout timeline.', 'No reply yet.'];

/** Synthetic closed weeks: the right action after each kind of note wins 55 %; a push after SPACE 5 %; otherwise 25 %. */
function weeks(n: number, seed: number): ReaderSample[] {
  const r = rng(seed);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const out: ReaderSample[] = [];
  for (let i = 0; i < n; i++) {
    const u = r();
    const kind = u < 0.2 ? 'show' : u < 0.4 ? 'paper' : u < 0.6 ? 'space' : 'filler';
    const text = pick(kind === 'show' ? SHOW : kind === 'paper' ? PAPER : kind === 'space' ? SPACE : FILLER).replace('{n}', pick(NAMES));
    const action = pick(keys);
    const p = kind === 'show' ? (action === 'demo' ? 0.55 : 0.25) : kind === 'paper' ? (action === 'proposal' ? 0.55 : 0.25) : kind === 'space' ? (action === 'wait' ? 0.3 : 0.05) : 0.25;
    out.push({ stage: Math.floor(r() * 4), features: textFeatures(text), action, won: r() < p });
  }
  return out;
}

const slot = (action: string) => keys.indexOf(action);

describe('UpliftCues', () => {
  it('learns from outcomes which words favour which action, for every action, and reads new notes with them', () => {
    const cues = UpliftCues.fit(weeks(6000, 1), keys, { seed: 1, slots: TOPIC_COUNT });
    expect(cues.active).toBe(true);
    expect(cues.actions).toEqual(keys);
    // Another first name than any in training: the name is not what was learned.
    expect(cues.topicsOf('Gus would only believe it once the pipeline runs on their own files.')).toContain(slot('demo'));
    expect(cues.topicsOf('Their committee asked Gus for the terms in writing.')).toContain(slot('proposal'));
    const space = cues.topicsOf('Gus is swamped with the year-end close and asked to pick this up later.');
    expect(space).toContain(slot('wait'));
    expect(space).not.toContain(slot('demo'));
    for (const t of FILLER) expect(cues.topicsOf(t.replace('{n}', 'Gus'))).toEqual([]);
    const u = cues.uplifts('Their analysts want to watch the import happen live, says Gus.');
    expect(u.demo).toBeGreaterThan(u.email!);
    // Stored and read back, it reads the same.
    const back = UpliftCues.fromJSON(JSON.parse(JSON.stringify(cues.toJSON())));
    for (const t of [...SHOW, ...PAPER, ...SPACE]) expect(back.topicsOf(t.replace('{n}', 'Hal'))).toEqual(cues.topicsOf(t.replace('{n}', 'Hal')));
    expect(UpliftCues.fromJSON(undefined).active).toBe(false);
    expect(UpliftCues.fromJSON({ kind: 'deal-text-reader', targets: [] }).topicsOf(SHOW[0]!)).toEqual([]);
  });

  it('learns nothing when the words do not change what the actions do, nor for an action rarely taken', () => {
    const r = rng(3);
    const flat = UpliftCues.fit(
      weeks(6000, 3).map((s) => ({ ...s, won: r() < 0.25 })),
      keys,
      { seed: 3, slots: TOPIC_COUNT },
    );
    for (const t of [...SHOW, ...PAPER, ...SPACE, ...FILLER]) expect(flat.topicsOf(t.replace('{n}', 'Gus'))).toEqual([]);
    const fewDemos = UpliftCues.fit(
      weeks(6000, 4).filter((s, i) => s.action !== 'demo' || i % 40 === 0),
      keys,
      { seed: 4, slots: TOPIC_COUNT },
    );
    expect(fewDemos.json.actions.find((a) => a.action === 'demo')!.weights).toEqual([]);
    expect(fewDemos.topicsOf(SHOW[0]!.replace('{n}', 'Gus'))).not.toContain(slot('demo'));
  });

  it('fills at most the slots it is given (one per action, the catalog first)', () => {
    const cues = UpliftCues.fit(weeks(3000, 5), keys, { seed: 5, slots: 3 });
    expect(cues.actions).toEqual(keys.slice(0, 3));
  });
});

const note = (id: string, d: number, body: string, recommendation_id: string | null = null) => ({ id, type: 'call', occurred_at: day(d), subject: 'Call', body, outcome: 'connected', recommendation_id });
function rec(seq: number, asOfDay: number, action: string): StoredDealRecommendation {
  const state = dealStateAsOf(history([], []), day(asOfDay), settings);
  return { seq, id: `dr_${seq}`, deal_id: 'dl_1', policy: 'ppo', action, propensity: 0.5, cost: settings.actions.find((a) => a.key === action)!.cost, state: JSON.stringify(state), model_version: 0, as_of: day(asOfDay), created_at: day(asOfDay), acted_at: day(asOfDay), activity_id: null };
}
function history(recommendations: StoredDealRecommendation[], activities: DealHistory['activities']): DealHistory {
  return {
    deal: { id: 'dl_1', stage: 'closed_won', amount: 20000, product: null, created_at: day(0), closed_at: day(30), contact_id: null, company_id: null, custom: null },
    contactTitle: 'Head of Sales',
    employees: 300,
    activities,
    moves: [{ seq: 1, from_stage: null, to_stage: 'qualified', at: day(0) }],
    recommendations,
    amountChanges: [],
  };
}

describe('cues in the state (no look-ahead)', () => {
  const cues = UpliftCues.fit(weeks(6000, 1), keys, { seed: 1, slots: TOPIC_COUNT });
  const showDemo = slot('demo');

  it('reads a cue only from notes at or before asOf, with its age, in the topics slots of the observation', () => {
    const h = history([], [note('a1', 10, 'Ines would only believe it once the pipeline runs on their own files.')]);
    expect(dealStateAsOf(h, day(9), settings, null, cues).topics).toEqual({});
    const later = dealStateAsOf(h, day(24), settings, null, cues);
    expect(later.topics?.[showDemo]).toBe(14);
    const x = observationOf(later, settings);
    expect(x[x.length - TOPIC_COUNT + showDemo]).toBeCloseTo(0.5, 6);
  });

  it('re-reads a logged trajectory with cues exactly as the state as of each step', () => {
    const h = history([rec(1, 7, 'call'), rec(2, 14, 'meeting'), rec(3, 21, 'email')], [
      note('a1', 8, 'Joe is swamped with the year-end close and asked to pick this up later.', 'dr_1'),
      note('a2', 15, 'Their committee asked Joe for the terms in writing.', 'dr_2'),
      note('a3', 26, 'Their analysts want to watch the import happen live, says Joe.', 'dr_3'),
    ]);
    const t = withTopics(trajectoryOf(h, settings, day(40))!, h, cues, day(40));
    expect(t.steps).toHaveLength(3);
    for (const s of t.steps) expect(s.state.topics).toEqual(dealStateAsOf(h, s.asOf, settings, null, cues).topics);
    expect(t.steps[2]!.topics).toContain(showDemo);
  });
});

describe('cues in a training (train.ts)', () => {
  it('are learned only when asked and enough logged deals have closed, the same twice from one seed, then kept', async () => {
    const { workspace } = await import('./logged-workspace.js');
    const { trainStrategy, LEARN_CUES_BY_DEFAULT } = await import('../../../src/intelligence/strategy/train.js');
    // 420 logged deals (a fifth held back): a proposal after a meeting wins most — the subject "meeting" in the
    // recent notes is what a proposal's uplift can learn.
    const histories = workspace(3, 420, 20);
    const small = { historyModelPasses: 3, correctedModelPasses: 3, winModelPasses: 3, ruleEvaluations: 2, evaluationEpisodes: 20, thompsonEpisodes: 5 };
    const train = (learn?: boolean, previousCues?: UpliftCues) => trainStrategy(histories, settings, { seed: 1, now: day(800), ppoSteps: 512, work: small, ...(learn !== undefined ? { learnCues: learn } : {}), ...(previousCues ? { previousCues } : {}) });
    expect(LEARN_CUES_BY_DEFAULT).toBe(false);
    const plain = train();
    expect([plain.cues.active, plain.report.cues.learned]).toEqual([false, false]);
    expect(plain.worldModel.followed).toBe(5);
    const a = train(true);
    expect(a.cues.active).toBe(true);
    expect(a.report.cues.learned).toBe(true);
    expect(a.worldModel.followed).toBe(5 + TOPIC_COUNT);
    expect(a.cues.toJSON()).toEqual(train(true).cues.toJSON());
    const proposal = a.report.cues.actions.find((x) => x.action === 'proposal')!;
    expect(proposal.words).toBeGreaterThan(0);
    // The next training keeps the version's cues.
    const next = train(true, a.cues);
    expect(next.cues).toBe(a.cues);
    expect(next.report.cues.learned).toBe(false);
  }, 600_000);
});
