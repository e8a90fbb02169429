/**
 * The reflection buffer and the state as of a moment, on hand-built deal histories (issue 19): steps ordered by
 * their own as_of, not by arrival; what followed each step; history turned into weekly steps with inferred actions;
 * a PATCHed move read on the deal's own clock; and the world model learning which action moves deals.
 */
import { describe, expect, it } from 'vitest';
import { defaultStrategySettings } from '../../../src/intelligence/strategy/catalog.js';
import { dealSignalsIn, dealStateAsOf, maskOf, observationOf } from '../../../src/intelligence/strategy/deal-state.js';
import { trajectoryOf } from '../../../src/intelligence/strategy/reflection.js';
import { TOPIC_COUNT } from '../../../src/intelligence/strategy/buyer-topics.js';
import { closeRate, DealWorldEnvironment, WorldModel, type ModelSample } from '../../../src/intelligence/strategy/world-model.js';
import { createRng } from '../../../src/intelligence/strategy/ppo/index.js';
import type { DealHistory, StoredDealRecommendation } from '../../../src/storage/index.js';

const settings = defaultStrategySettings();
import { day } from './deal-fixture.js';

function rec(seq: number, asOfDay: number, action: string, acted: boolean, createdDay = 0): StoredDealRecommendation {
  const state = dealStateAsOf(history([]), day(asOfDay), settings);
  return { seq, id: `dr_${seq}`, deal_id: 'dl_1', policy: 'playbook', action, propensity: 1, cost: settings.actions.find((a) => a.key === action)!.cost, state: JSON.stringify(state), model_version: 0, as_of: day(asOfDay), created_at: day(createdDay), acted_at: acted ? day(asOfDay) : null, activity_id: acted ? `ac_${seq}` : null };
}

function history(recommendations: StoredDealRecommendation[], over: Partial<DealHistory> = {}): DealHistory {
  return {
    deal: { id: 'dl_1', stage: 'qualified', amount: 20000, product: null, created_at: day(0), closed_at: null, contact_id: null, company_id: null, custom: null },
    contactTitle: 'Head of Sales',
    employees: 300,
    activities: [],
    moves: [{ seq: 1, from_stage: null, to_stage: 'qualified', at: day(0) }],
    recommendations,
    amountChanges: [],
    ...over,
  };
}

describe('reflection buffer', () => {
  it('orders a deal’s steps by their own as_of, not by arrival, and reads what followed each', () => {
    // Arrival order (seq) is week 3, week 1, week 2; a simulation posts them out of order.
    const h = history([rec(1, 21, 'proposal', true, 30), rec(2, 7, 'email', true, 30), rec(3, 14, 'meeting', false, 30)], {
      deal: { id: 'dl_1', stage: 'closed_won', amount: 20000, product: null, created_at: day(0), closed_at: day(25), contact_id: null, company_id: null, custom: null },
      moves: [{ seq: 1, from_stage: null, to_stage: 'qualified', at: day(0) }, { seq: 2, from_stage: 'qualified', to_stage: 'proposal', at: day(10) }, { seq: 3, from_stage: 'proposal', to_stage: 'closed_won', at: day(40) }],
      activities: [{ id: 'ac_x', type: 'email', occurred_at: day(16), subject: 'Re: terms', body: 'We are also evaluating a competitor.', outcome: null, recommendation_id: null }],
    });
    const t = trajectoryOf(h, settings, day(60))!;
    expect(t.source).toBe('logged');
    expect(t.steps.map((s) => [s.asOf, s.action, s.acted, s.outcome])).toEqual([
      [day(7), 'email', true, 'advanced'],
      [day(14), 'wait', false, 'none'], // recommended a meeting, nobody acted: nothing was done
      [day(21), 'proposal', true, 'won'],
    ]);
    expect(t.steps[1]!.signals).toEqual(['competition']);
    expect([t.outcome, t.closedAt, t.censored]).toEqual(['closed_won', day(25), false]);
  });

  it('turns imported history into weekly steps with actions inferred from the week’s activities; open deals are censored', () => {
    const h = history([], {
      activities: [
        { id: 'a1', type: 'call', occurred_at: day(3), subject: 'Call', body: 'Intro call', outcome: null, recommendation_id: null },
        { id: 'a2', type: 'meeting', occurred_at: day(9), subject: 'Meeting', body: 'Walked through the demo', outcome: null, recommendation_id: null },
        { id: 'a3', type: 'email', occurred_at: day(16), subject: 'Pricing', body: 'Sent the proposal and pricing sheet', outcome: null, recommendation_id: null },
      ],
    });
    const t = trajectoryOf(h, settings, day(28))!;
    expect(t.source).toBe('history');
    expect(t.steps.map((s) => s.action)).toEqual(['call', 'demo', 'proposal', 'wait']);
    expect(t.censored).toBe(true);
  });
});

describe('state as of a moment', () => {
  it('reads nothing after asOf and spends the budget only from the acting moment on', () => {
    const h = history([rec(1, 5, 'demo', true)], {
      activities: [{ id: 'a1', type: 'email', occurred_at: day(12), subject: 'Re: quote', body: 'This is too expensive for us.', outcome: null, recommendation_id: null }],
    });
    const before = dealStateAsOf(h, day(4), settings);
    expect([before.budgetLeft, before.signals.price_objection, before.touches.demo]).toEqual([16, undefined, undefined]);
    const after = dealStateAsOf(h, day(14), settings);
    expect([after.budgetLeft, after.signals.price_objection, after.touches.demo]).toEqual([13, 2, 1]);
    expect(observationOf(after, settings)).toHaveLength(26 + settings.actions.length + TOPIC_COUNT);
  });

  it('reads a PATCHed stage move on the deal’s own clock when the client’s clock runs ahead of the server’s', () => {
    // The server stamped the move on day 1 (its now); the client had already asked as of day 30.
    const h = history([rec(1, 30, 'email', true, 0)], { moves: [{ seq: 1, from_stage: null, to_stage: 'qualified', at: day(0) }, { seq: 2, from_stage: 'qualified', to_stage: 'proposal', at: day(1) }] });
    expect(dealStateAsOf(h, day(29), settings).stage).toBe('qualified');
    const s = dealStateAsOf(h, day(37), settings);
    expect([s.stage, s.daysInStage]).toEqual(['proposal', 7]);
  });

  it('masks what the budget cannot pay, a second discount, and everything but wait on a closed deal', () => {
    const s = { ...dealStateAsOf(history([]), day(1), settings), budgetLeft: 2, touches: { discount: 1 } };
    expect(Object.fromEntries(settings.actions.map((a, i) => [a.key, maskOf(s, settings)[i]]))).toEqual({ email: true, call: true, meeting: false, demo: false, proposal: true, discount: false, escalate: true, wait: true });
    expect(maskOf({ ...s, closed: true }, settings).filter(Boolean)).toHaveLength(1);
  });

  it('reads the five deal signals through the ingestion extractor and the deal cues', () => {
    expect(dealSignalsIn('They said it is too expensive and the CFO needs to approve it.')).toEqual(['price_objection', 'missing_decision_maker']);
    expect(dealSignalsIn('Strong interest from the team; they asked for a proposal.')).toEqual(['positive_momentum']);
    expect(dealSignalsIn('They postponed the evaluation to next year.')).toEqual(['negative_sentiment']);
  });
});

describe('world model', () => {
  it('learns which action moves deals and, as an environment, rewards the policy that takes it', () => {
    // Synthetic steps: a demo wins 40% of the time, anything else 5%.
    const rng = createRng(3);
    const start = dealStateAsOf(history([]), day(1), settings);
    const x = observationOf(start, settings);
    const samples: ModelSample[] = [];
    for (let i = 0; i < 3000; i++) {
      const action = Math.floor(rng() * settings.actions.length);
      const won = rng() < (settings.actions[action]!.key === 'demo' ? 0.4 : 0.05);
      samples.push({ observation: x, action, outcome: won ? 'won' : 'none', signals: [0, 0, 0, 0, 0], weight: 1 });
    }
    const model = WorldModel.fit(samples, x.length, settings.actions.length, { iterations: 150 });
    const demo = settings.actions.findIndex((a) => a.key === 'demo');
    expect(model.predict(x, demo).outcome[2]).toBeGreaterThan(0.25);
    expect(model.predict(x, 0).outcome[2]).toBeLessThan(0.12);
    const env = new DealWorldEnvironment(model, [start], settings, { horizon: 4 });
    const demoRate = closeRate(env, (_o, mask) => (mask[demo] ? demo : settings.actions.length - 1), 400, 5).closeRate;
    const waitRate = closeRate(env, () => settings.actions.length - 1, 400, 5).closeRate;
    expect(demoRate).toBeGreaterThan(waitRate + 0.2);
  });
});

describe('learned reading of logged deals', () => {
  it('adds a learned concern to the logged states exactly as the state as of each step reads it with the reader (no look-ahead)', () => {
    // A reader that reads one invented wording as a price objection.
    const reader = { read: (text: string) => (/numbers could move/.test(text) ? (['price_objection'] as const).slice() : []) };
    const recs = [rec(1, 7, 'email', true), rec(2, 14, 'call', true), rec(3, 21, 'discount', true), rec(4, 28, 'wait', false)];
    const h = history(recs, {
      activities: [
        { id: 'ac_1', type: 'email', occurred_at: day(7), subject: 'Follow-up', body: '', outcome: null, recommendation_id: 'dr_1' },
        { id: 'ac_2', type: 'call', occurred_at: day(14), subject: 'Call', body: 'Ada asked whether the numbers could move.', outcome: 'connected', recommendation_id: 'dr_2' },
        { id: 'ac_3', type: 'email', occurred_at: day(21), subject: 'Offer', body: 'Offered 15 % off.', outcome: null, recommendation_id: 'dr_3' },
      ],
    });
    const plain = trajectoryOf(h, settings, day(60))!;
    const learned = trajectoryOf(h, settings, day(60), reader)!;
    expect(plain.steps.map((s) => s.state.signals.price_objection)).toEqual([undefined, undefined, undefined, undefined]);
    // Read at day 14 (the step at day 14 is asked at that moment and the note is at or before it), then older; discounted after the offer.
    expect(learned.steps.map((s) => s.state.signals.price_objection)).toEqual([undefined, 0, 7, 14]);
    expect(learned.steps.map((s) => s.state.discounted)).toEqual([false, false, true, true]); // rec() marks acting at the step's own moment
    for (const s of learned.steps) {
      const direct = dealStateAsOf(h, s.asOf, settings, reader);
      expect([s.state.signals.price_objection, s.state.discounted]).toEqual([direct.signals.price_objection, direct.discounted]);
    }
  });
});
