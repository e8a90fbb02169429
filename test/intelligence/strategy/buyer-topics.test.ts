/**
 * The learned topics of the buyer's words (buyer-topics.ts, tenth pass): clusters of the notes' clause embeddings,
 * deterministic by seed; read as of a moment (no look-ahead); the reflection buffer's re-reading equal to the state's;
 * stored and read back; and a version trained before the topics still answering with the observation it knew.
 */
import { describe, expect, it } from 'vitest';
import { HashingProvider } from '../../../src/intelligence/embeddings/index.js';
import { BuyerMeaning } from '../../../src/intelligence/strategy/buyer-meaning.js';
import { learnTopics, TOPIC_COUNT, TopicModel } from '../../../src/intelligence/strategy/buyer-topics.js';
import { dealStateAsOf, observationFor, observationOf, observationSizeFor, readsObservation } from '../../../src/intelligence/strategy/deal-state.js';
import { createRng, PpoPolicy } from '../../../src/intelligence/strategy/ppo/index.js';
import { trajectoryOf, withTopics } from '../../../src/intelligence/strategy/reflection.js';
import type { DealHistory, StoredDealRecommendation } from '../../../src/storage/index.js';
import { day, keys, settings } from './deal-fixture.js';

// Three kinds of thing buyers say, several wordings each (invented; the hashing provider embeds by shared words).
const GROUPS = [
  ['the rollout slipped to the autumn quarter', 'the rollout slipped again to the spring quarter', 'their rollout slipped by one quarter', 'the rollout window slipped past the quarter'],
  ['the champion loved the dashboard colours', 'our champion loved the dashboard layout', 'the champion really loved the dashboard', 'the champion loved how the dashboard looked'],
  ['legal wants the data residency clause', 'legal asked for a data residency clause', 'their legal team wants data residency terms', 'legal needs the residency clause for data'],
];
const NOTES = GROUPS.flatMap((g, i) => g.map((w, j) => `Call ${i}-${j}: ${w}.`));
const meaning = new BuyerMeaning(new HashingProvider(256));
// Every text a test reads is embedded first (as the service prepares a deal's notes before its state).
const WORDINGS = GROUPS.flat();
const ASKED = ['Priya says legal asked for a data residency clause.', 'Kim says the rollout slipped to the autumn quarter.', 'Our champion loved the dashboard layout.', 'Legal wants the data residency clause.'];
const prepared = meaning.prepare([...NOTES, ...WORDINGS, ...ASKED]);

describe('learnTopics', () => {
  it('groups the wordings of one thing together, and the same notes and seed give the same topics', async () => {
    await prepared;
    const a = learnTopics(NOTES, 7, { k: 3 });
    const b = learnTopics([...NOTES].reverse(), 7, { k: 3 });
    expect(a.active).toBe(true);
    expect(a.toJSON()).toEqual(b.toJSON());
    // Each group's wordings read as one topic, a different one per group.
    const topicOf = (w: string) => a.topicsOf(w);
    const perGroup = GROUPS.map((g) => new Set(g.map((w) => topicOf(w).join())));
    for (const s of perGroup) expect(s.size).toBe(1);
    expect(new Set(perGroup.map((s) => [...s][0])).size).toBe(3);
  });

  it('learns nothing from clauses never embedded (no provider) or too few of them', () => {
    expect(learnTopics(['nobody embedded this clause about the moon'], 1).active).toBe(false);
    expect(learnTopics(NOTES.slice(0, 2), 1, { k: 3 }).active).toBe(false);
  });

  it('survives a JSON round trip and reads an older version without topics as none', async () => {
    await prepared;
    const a = learnTopics(NOTES, 3, { k: 3 });
    const back = TopicModel.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    for (const n of NOTES) expect(back.topicsOf(n)).toEqual(a.topicsOf(n));
    expect(TopicModel.fromJSON(undefined).active).toBe(false);
    expect(TopicModel.fromJSON({ kind: 'something-else' }).topicsOf(NOTES[0]!)).toEqual([]);
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

describe('topics in the state (no look-ahead)', () => {
  it('reads a topic only from notes at or before asOf, with its age, and the observation carries its recency last', async () => {
    await prepared;
    const topics = learnTopics(NOTES, 5, { k: 3 });
    const legal = topics.topicsOf(GROUPS[2]![1]!)[0]!;
    const h = history([], [note('a1', 10, 'Priya says legal asked for a data residency clause.')]);
    expect(dealStateAsOf(h, day(9), settings, null, topics).topics).toEqual({});
    expect(dealStateAsOf(h, day(24), settings, null, topics).topics).toEqual({ [legal]: 14 });
    const x = observationOf(dealStateAsOf(h, day(24), settings, null, topics), settings);
    expect(x).toHaveLength(observationSizeFor(keys.length));
    expect(x[x.length - TOPIC_COUNT + legal]).toBeCloseTo(0.5, 6); // 14 days: half
    // Without topics the state is as before (no topics field, zeros in the observation).
    const plain = dealStateAsOf(h, day(24), settings);
    expect(plain.topics).toBeUndefined();
    expect(Array.from(observationOf(plain, settings).subarray(-TOPIC_COUNT))).toEqual(new Array(TOPIC_COUNT).fill(0));
  });

  it('re-reads a logged trajectory with topics exactly as the state as of each step, and what each step was followed by', async () => {
    await prepared;
    const topics = learnTopics(NOTES, 5, { k: 3 });
    const h = history([rec(1, 7, 'call'), rec(2, 14, 'meeting'), rec(3, 21, 'email')], [
      note('a1', 8, 'Kim says the rollout slipped to the autumn quarter.', 'dr_1'),
      note('a2', 15, 'Our champion loved the dashboard layout.', 'dr_2'),
      note('a3', 26, 'Legal wants the data residency clause.', 'dr_3'),
    ]);
    const t = withTopics(trajectoryOf(h, settings, day(40))!, h, topics, day(40));
    expect(t.steps).toHaveLength(3);
    for (const s of t.steps) expect(s.state.topics).toEqual(dealStateAsOf(h, s.asOf, settings, null, topics).topics);
    expect(t.steps.map((s) => s.topics)).toEqual([topics.topicsOf(GROUPS[0]![0]!), topics.topicsOf(GROUPS[1]![1]!), topics.topicsOf(GROUPS[2]![0]!)]);
  });
});

describe('a version trained before the topics', () => {
  it('still reads the observation it was trained on (the leading numbers); other sizes are not read', () => {
    const current = observationSizeFor(keys.length);
    const older = current - TOPIC_COUNT;
    expect(readsObservation(current, keys.length)).toBe(true);
    expect(readsObservation(older, keys.length)).toBe(true);
    expect(readsObservation(older - 1, keys.length)).toBe(false);
    const old = PpoPolicy.create(older, keys.length, createRng(1));
    const x = observationOf(dealStateAsOf(history([], []), day(3), settings), settings);
    const seen = observationFor(x, old.observationSize);
    expect(seen).toHaveLength(older);
    expect(Array.from(seen)).toEqual(Array.from(x.subarray(0, older)));
    const p = old.actionProbabilities(seen, keys.map(() => true));
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(observationFor(x, current)).toBe(x);
  });
});

describe('topics in a training (train.ts)', () => {
  it('are learned only when asked, the same twice from one seed, then kept by the next training; the world model predicts them', async () => {
    const { workspace } = await import('./logged-workspace.js');
    const { trainStrategy, LEARN_TOPICS_BY_DEFAULT } = await import('../../../src/intelligence/strategy/train.js');
    const histories = workspace(3, 150, 40);
    await meaning.prepare(histories.flatMap((h) => h.activities.map((a) => `${a.subject ?? ''}\n${a.body ?? ''}`)));
    const small = { historyModelPasses: 4, correctedModelPasses: 4, winModelPasses: 4, ruleEvaluations: 2, evaluationEpisodes: 20, thompsonEpisodes: 5 };
    const train = (learn?: boolean, previousTopics?: TopicModel) => trainStrategy(histories, settings, { seed: 1, now: day(400), ppoSteps: 1024, work: small, ...(learn !== undefined ? { learnTopics: learn } : {}), ...(previousTopics ? { previousTopics } : {}) });
    expect(LEARN_TOPICS_BY_DEFAULT).toBe(false);
    const plain = train();
    expect([plain.topics.active, plain.report.topics]).toEqual([false, { count: 0, learned: false }]);
    expect(plain.worldModel.followed).toBe(5);
    const a = train(true);
    const b = train(true);
    expect(a.topics.active).toBe(true);
    expect(a.report.topics.learned).toBe(true);
    expect(a.topics.toJSON()).toEqual(b.topics.toJSON());
    expect(a.worldModel.followed).toBe(5 + TOPIC_COUNT);
    // The next training keeps the version's topics (every version and challenger reads the same ones).
    const next = train(true, a.topics);
    expect(next.topics).toBe(a.topics);
    expect(next.report.topics.learned).toBe(false);
  }, 300_000);
});
