/**
 * The world model's second-order inputs (issue 19, thirteenth pass; world-model.ts interactionPairs): the products it
 * reads are those of the observation's groups (stage × the rest, a signal ever read × flags, touches and the other
 * signals), an expanded model predicts the same after a JSON round trip, and — the reason for them — it learns what a
 * first-order model cannot: an action that pays only when a concern was raised *and* the deal is late, and hurts
 * otherwise. Invented states and outcomes; nothing from a bench world.
 */
import { describe, expect, it } from 'vitest';
import { observationLayout, observationOf, observationSizeFor, type DealState } from '../../../src/intelligence/strategy/deal-state.js';
import { createRng } from '../../../src/intelligence/strategy/ppo/index.js';
import { fitWinModel } from '../../../src/intelligence/strategy/train.js';
import { interactionPairs, WorldModel, type ModelSample } from '../../../src/intelligence/strategy/world-model.js';
import type { Trajectory } from '../../../src/intelligence/strategy/reflection.js';
import { followedOf } from '../../../src/intelligence/strategy/world-model.js';
import { keys, qualifiedDealAsOf, settings } from './deal-fixture.js';

const size = observationSizeFor(keys.length);
const layout = observationLayout(keys.length);
const variant = (stage: string, concern: boolean): DealState => ({ ...qualifiedDealAsOf(10), stage, signals: concern ? { price_objection: 5 } : {} });

describe('second-order inputs of the world model', () => {
  it('pairs the stage with every other number but the topics, and each signal ever read with flags, touches and the other signals', () => {
    const pairs = interactionPairs(keys.length);
    const set = new Set<string>();
    for (let p = 0; p < pairs.length; p += 2) set.add(`${pairs[p]},${pairs[p + 1]}`);
    expect(set.size).toBe(pairs.length / 2);
    expect(layout.size).toBe(size);
    expect(set.has(`${layout.stage[0] + 3},${layout.ever[0]}`)).toBe(true); // negotiation × price objection read
    expect(set.has(`${layout.ever[0]},${layout.flags[0]}`)).toBe(true); // price objection × discounted
    expect(set.has(`${layout.ever[0] + 1},${layout.touches[0] + keys.indexOf('escalate')}`)).toBe(true); // missing decision maker × sponsors so far
    for (let p = 0; p < pairs.length; p++) expect(pairs[p]!).toBeLessThan(layout.topics[0]);
    const model = WorldModel.empty(size, keys.length, 5, pairs);
    const x = observationOf(variant('negotiation', true), settings);
    const y = model.expand(x);
    expect(y.length).toBe(size + pairs.length / 2);
    for (let i = 0; i < size; i++) expect(y[i]).toBe(x[i]);
    for (let p = 0, k = size; p < pairs.length; p += 2, k++) expect(y[k]).toBe(x[pairs[p]!]! * x[pairs[p + 1]!]!);
  });

  it('learns an action that pays only after a concern in a late stage (first order cannot), and predicts the same after JSON', () => {
    const discount = keys.indexOf('discount');
    const email = keys.indexOf('email');
    // Won after a discount: 80 % with a price objection in negotiation, 5 % without one or in qualified; after an e-mail 25 % everywhere.
    const p = (stage: string, concern: boolean, action: number) => (action === discount ? (stage === 'negotiation' && concern ? 0.8 : 0.05) : 0.25);
    const rng = createRng(3);
    const samples: ModelSample[] = [];
    for (let n = 0; n < 4000; n++) {
      const stage = rng() < 0.5 ? 'negotiation' : 'qualified';
      const concern = rng() < 0.5;
      const action = rng() < 0.5 ? discount : email;
      samples.push({ observation: observationOf(variant(stage, concern), settings), action, outcome: rng() < p(stage, concern, action) ? 'won' : 'none', signals: followedOf([], []).slice(0, 5), weight: 1 });
    }
    const pWon = (m: WorldModel, stage: string, concern: boolean) => m.predict(observationOf(variant(stage, concern), settings), discount).outcome[2]!;
    const first = WorldModel.fit(samples, size, keys.length, { followed: 5, iterations: 150 });
    const second = WorldModel.fit(samples, size, keys.length, { followed: 5, iterations: 150, interactions: true });
    const err = (m: WorldModel) => Math.max(...(['negotiation', 'qualified'] as const).flatMap((stage) => [true, false].map((c) => Math.abs(pWon(m, stage, c) - p(stage, c, discount)))));
    expect(err(second)).toBeLessThan(0.12);
    expect(err(first)).toBeGreaterThan(err(second) + 0.1);
    const again = WorldModel.fromJSON(JSON.parse(JSON.stringify(second.toJSON())));
    expect(again.pairs).not.toBeNull();
    expect(pWon(again, 'negotiation', true)).toBeCloseTo(pWon(second, 'negotiation', true), 12);
    // A fit from a second-order start keeps its inputs.
    expect(WorldModel.fit(samples.slice(0, 100), size, keys.length, { start: second, iterations: 2 }).inputSize).toBe(second.inputSize);
  }, 180_000);

  it('the win model reads them when asked', () => {
    const state = variant('negotiation', true);
    const trajectories: Trajectory[] = Array.from({ length: 120 }, (_, i) => ({
      dealId: `d${i}`,
      source: 'logged' as const,
      steps: [{ recommendationId: null, asOf: state.asOf, state, action: i % 2 ? 'discount' : 'email', policy: 'ppo', propensity: 0.5, acted: true, outcome: 'none' as const, signals: [] }],
      outcome: i % 3 ? ('closed_won' as const) : ('closed_lost' as const),
      closedAt: state.asOf,
      censored: false,
    }));
    expect(fitWinModel(trajectories, settings, size, 1, { passes: 3, interactions: true })!.model.pairs).not.toBeNull();
    expect(fitWinModel(trajectories, settings, size, 1, { passes: 3 })!.model.pairs).toBeNull();
  });
});
