/**
 * Snapshots from recorded stage history: the stage a deal was in at a moment, how long it had been there and what
 * happened in it; training moments inside each stage; the pipeline backtest judges only what was known at T.
 */
import { describe, expect, it } from 'vitest';
import type { CrmRecord } from '../../../src/core/entities.js';
import { backtestMoments, pipelineBacktest } from '../../../src/intelligence/scoring/backtest.js';
import { heldOutExamples, inProcessFitter } from '../../../src/intelligence/scoring/evaluate.js';
import { describeFactor } from '../../../src/intelligence/scoring/explain.js';
import { buildWorld, dealSnapshot, trainingMoments, type WorldParts } from '../../../src/intelligence/scoring/features.js';
import { mulberry32 } from '../../../src/intelligence/scoring/learn/index.js';
import { stageRates, stageStays } from '../../../src/intelligence/scoring/stage-rates.js';
import { STRATEGY } from '../../../src/intelligence/scoring/strategies.js';
import { TARGETS } from '../../../src/intelligence/scoring/targets.js';

const DAY = 86_400_000;
const T0 = Date.parse('2025-01-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const move = (deal_id: string, from: string | null, to: string, at: number, source = 'import') => ({ deal_id, from_stage: from, to_stage: to, at: iso(at), source });

function deal(id: string, stage: string, created: number, closed?: number): CrmRecord {
  return { id, name: id, stage, amount: 10_000, created_at: iso(created), closed_at: closed === undefined ? null : iso(closed), company_id: null, contact_id: null } as unknown as CrmRecord;
}

describe('deal snapshots from stage history', () => {
  const parts: WorldParts = {
    deals: [deal('d1', 'closed_won', T0, T0 + 60 * DAY), deal('d2', 'proposal', T0)],
    companies: [],
    contacts: [],
    activities: [
      { id: 'a1', type: 'meeting', deal_id: 'd1', occurred_at: iso(T0 + 25 * DAY), subject: 'demo', body: '' } as unknown as CrmRecord,
      { id: 'a2', type: 'email', deal_id: 'd1', occurred_at: iso(T0 + 5 * DAY), subject: 'hello', body: '' } as unknown as CrmRecord,
    ],
    stageChanges: [
      // What an import of the deal records (its stage when closed), then the imported history.
      move('d1', null, 'closed_won', T0 + 60 * DAY),
      move('d1', null, 'lead', T0),
      move('d1', 'lead', 'qualified', T0 + 20 * DAY),
      move('d1', 'qualified', 'closed_won', T0 + 60 * DAY),
      // An open deal imported in its stage, with no history: it entered it when created, as far as anyone knows.
      move('d2', null, 'proposal', T0),
    ],
  };
  const world = buildWorld(parts);

  it('knows the stage a closed deal was in at each moment, since when, and the activity in it', () => {
    const early = dealSnapshot(world, world.deals[0]!, T0 + 10 * DAY);
    expect(early.categorical.stage).toBe('lead');
    expect(early.facts.days_in_stage).toBe(10);
    expect(early.funnel).toBe('lead');
    const later = dealSnapshot(world, world.deals[0]!, T0 + 30 * DAY);
    expect(later.categorical.stage).toBe('qualified');
    expect(later.facts.days_in_stage).toBe(10);
    expect(later.facts.activities_in_stage).toBe(1); // the meeting on day 25, not the email on day 5
    expect(later.categorical.stage_stay).toBe('under a month');
  });

  it('says nothing of a stage it cannot know (after the close, the outcome is not a stage)', () => {
    const after = dealSnapshot(world, world.deals[0]!, T0 + 61 * DAY);
    expect(after.categorical.stage).toBe('unknown');
    expect(after.facts.days_in_stage).toBeNull();
    expect(after.funnel).toBeUndefined();
  });

  it('counts the stage moves the history shows, before and after the close, and the model reads after the close what training read before it', () => {
    const won = world.deals[0]!;
    // lead -> qualified (day 20), qualified -> closed_won (day 60; recorded twice: the import's and the history's).
    const inQualified = dealSnapshot(world, won, T0 + 30 * DAY);
    const after = dealSnapshot(world, won, T0 + 61 * DAY);
    expect(dealSnapshot(world, won, T0 + 10 * DAY).facts.stage_moves).toBe(0);
    expect(inQualified.facts.stage_moves).toBe(1);
    expect(after.facts.stage_moves).toBe(2);
    expect(describeFactor('stage_moves', after)).toBe('2 stage moves so far');
    // The model's input after the close is the count its last training snapshot (inside qualified) had, not 0.
    expect(after.numeric.stage_moves).toBe(inQualified.numeric.stage_moves);
    expect(after.numeric.stage_moves).toBeGreaterThan(0);
    // An open deal imported in its stage has made no move.
    expect(dealSnapshot(world, world.deals[1]!, T0 + 40 * DAY).facts.stage_moves).toBe(0);
  });

  it('gives a deal imported closed without history no moves, before or after its close', () => {
    const bare = buildWorld({ ...parts, deals: [deal('d3', 'closed_lost', T0, T0 + 30 * DAY)], stageChanges: [move('d3', null, 'closed_lost', T0 + 30 * DAY)] });
    for (const at of [T0 + 10 * DAY, T0 + 31 * DAY]) {
      const s = dealSnapshot(bare, bare.deals[0]!, at);
      expect(s.numeric.stage_moves).toBe(0);
      expect(s.facts.stage_moves).toBe(0);
      expect(s.categorical.stage).toBe('unknown');
    }
  });

  it('scores an open deal in its current stage, in it since its last move there', () => {
    const now = dealSnapshot(world, world.deals[1]!, T0 + 40 * DAY);
    expect(now.categorical.stage).toBe('proposal');
    expect(now.facts.days_in_stage).toBe(40);
  });

  it('takes training moments inside every stage a deal passed through, not only at fixed shares of its life', () => {
    const moments = trainingMoments(T0, T0 + 60 * DAY, [0.5], [T0, T0 + 20 * DAY, T0 + 60 * DAY]);
    expect(moments.map((m) => (m - T0) / DAY)).toEqual([30, 10, 40]);
  });
});

/**
 * A pipeline whose stage says how deals end: deals that reach `late` win 80% of the time, the others 20%; deals
 * are created over two years, stay 20–80 days per stage (the others stall in qualified as long) and close.
 */
function pipeline(seed: number, n: number): WorldParts {
  const rng = mulberry32(seed);
  const deals: CrmRecord[] = [];
  const stageChanges: WorldParts['stageChanges'] = [];
  for (let i = 0; i < n; i++) {
    const id = `d${i}`;
    const created = T0 + rng() * 700 * DAY;
    const late = rng() < 0.5;
    const won = rng() < (late ? 0.8 : 0.2);
    let at = created;
    stageChanges.push(move(id, null, 'lead', at));
    const path = late ? ['qualified', 'proposal', 'negotiation'] : ['qualified'];
    let from = 'lead';
    for (const stage of path) {
      at += (20 + rng() * 60) * DAY;
      // Both paths last as long: a deal that stalls in qualified spends there what others spend moving on.
      if (!late) at += (40 + rng() * 120) * DAY;
      stageChanges.push(move(id, from, stage, at));
      from = stage;
    }
    at += (20 + rng() * 60) * DAY;
    const outcome = won ? 'closed_won' : 'closed_lost';
    stageChanges.push(move(id, from, outcome, at));
    deals.push(deal(id, outcome, created, at));
  }
  return { deals, companies: [], contacts: [], activities: [], stageChanges };
}

describe('pipeline backtest', () => {
  const world = buildWorld(pipeline(7, 600));
  const outcomes = TARGETS.deal.outcomes(world);

  it('judges at each T the deals open then, by models that learned only from deals closed before T', async () => {
    const moments = backtestMoments(outcomes);
    expect(moments.length).toBe(3);
    const bt = await pipelineBacktest(world, TARGETS.deal, { fit: inProcessFitter(world), strategies: ['weighted', 'logistic'], moments });
    for (const [i, p] of bt.points.entries()) {
      const t = moments[i]!;
      expect(p.trained).toBe(outcomes.filter((o) => o.end < t).length);
      expect(p.open).toBe(outcomes.filter((o) => o.start < t && o.end >= t).length);
    }
    // Stage is what decides here, and the learner reads it from the history: the same deals imported without
    // history (each with only the move into its final stage) leave it guessing.
    const parts = pipeline(7, 600);
    const noHistory = buildWorld({ ...parts, stageChanges: parts.deals.map((d) => move(d.id, null, String(d.stage), Date.parse(String(d.closed_at)))) });
    const blind = await pipelineBacktest(noHistory, TARGETS.deal, { fit: inProcessFitter(noHistory), strategies: ['logistic'], moments });
    const learned = bt.pooled.find((s) => s.strategy === 'logistic')!;
    expect(learned.auc).toBeGreaterThan(blind.pooled[0]!.auc + 0.08);
    expect(learned.brier).toBeLessThan(blind.pooled[0]!.brier);
  }, 120_000);

  it('reports per stage what a model gives deals found there beside the share won, and the stage conversion', async () => {
    const stays = stageStays(world, TARGETS.deal, outcomes);
    const moments = heldOutExamples(world, TARGETS.deal, outcomes);
    const model = (await inProcessFitter(world)(TARGETS.deal, 'logistic', outcomes, false)).model;
    const rates = Object.fromEntries(stageRates(model, TARGETS.deal.funnel.order, stays, moments).map((r) => [r.stage, r]));
    const wonShare = outcomes.filter((o) => o.label === 1).length / outcomes.length;
    // Reached: every deal once (all were leads and qualified).
    expect(rates.lead!.reached).toBe(outcomes.length);
    expect(rates.qualified!.reached).toBe(outcomes.length);
    expect(rates.lead!.conversion).toBeCloseTo(wonShare, 3);
    expect(rates.negotiation!.conversion).toBeGreaterThan(0.7);
    // At a moment: one snapshot per deal, wherever it stood then.
    expect(Object.values(rates).reduce((n, r) => n + r.records, 0)).toBeLessThanOrEqual(outcomes.length);
    // Deals found in qualified are mostly the ones stalled there, lost four times in five: the conversion of all
    // that passed through it is not the win rate of those found in it, and the model is judged on the latter.
    // Deals found in lead are mostly the ones that linger there before moving on only to qualified, won one time in
    // five: the conversion of all that passed through it is not the win rate of those found in it, and the model
    // is calibrated to the latter (open deals are scored where they stand).
    expect(rates.lead!.observed).toBeLessThan(rates.lead!.conversion - 0.15);
    for (const stage of ['lead', 'qualified']) expect(Math.abs(rates[stage]!.predicted - rates[stage]!.observed), stage).toBeLessThan(0.05);
  }, 120_000);

  it('reports no stages without a recorded history', () => {
    expect(stageRates(STRATEGY.weighted.restore({}), TARGETS.deal.funnel.order, [], heldOutExamples(world, TARGETS.deal, outcomes))).toEqual([]);
  });
});
