/**
 * A world-model fit's safety cap (train.ts budgets its passes, TRAIN_WORK; the clock only caps them): the fit stops
 * once its seconds are spent, but never before its minimum number of passes, and says so; and the whole-deal test's
 * challengers take turns by kind (train.ts CHALLENGER_KINDS), not by the real-outcome win model's own ranking.
 */
import { describe, expect, it } from 'vitest';
import { dealStateAsOf, observationOf } from '../../../src/intelligence/strategy/deal-state.js';
import { createRng } from '../../../src/intelligence/strategy/ppo/index.js';
import { CHALLENGER_KINDS, nextChallengerKind } from '../../../src/intelligence/strategy/train.js';
import { WorldModel, type ModelSample } from '../../../src/intelligence/strategy/world-model.js';
import type { DealHistory } from '../../../src/storage/index.js';
import { day, settings } from './deal-fixture.js';

function samples(n: number): { samples: ModelSample[]; size: number } {
  const h: DealHistory = {
    deal: { id: 'dl_b', stage: 'lead', amount: 5000, product: null, created_at: day(0), closed_at: null, contact_id: null, company_id: null, custom: null },
    contactTitle: 'CFO',
    employees: 40,
    activities: [],
    moves: [{ seq: 1, from_stage: null, to_stage: 'lead', at: day(0) }],
    recommendations: [],
    amountChanges: [],
  };
  const x = observationOf(dealStateAsOf(h, day(3), settings), settings);
  const rng = createRng(9);
  return {
    size: x.length,
    samples: Array.from({ length: n }, () => {
      const action = Math.floor(rng() * settings.actions.length);
      return { observation: x, action, outcome: rng() < (action === 2 ? 0.3 : 0.05) ? 'won' : 'none', signals: [0, 0, 0, 0, 0], weight: 1 } as ModelSample;
    }),
  };
}

describe('WorldModel.fit under a safety cap', () => {
  it('stops after the minimum passes when the seconds are spent, and runs every pass when they are not', () => {
    const { samples: s, size } = samples(400);
    const n = settings.actions.length;
    const weights = (m: WorldModel) => m.weights.map((h) => h.map((w) => Array.from(w)));
    const cut: number[] = [];
    const spent = WorldModel.fit(s, size, n, { iterations: 60, maxSeconds: 0, minIterations: 7, onCapped: (passes) => cut.push(passes) });
    expect(cut).toEqual([7]);
    expect(weights(spent)).toEqual(weights(WorldModel.fit(s, size, n, { iterations: 7 })));
    expect(weights(spent)).not.toEqual(weights(WorldModel.fit(s, size, n, { iterations: 60 })));
    const ample = WorldModel.fit(s, size, n, { iterations: 60, maxSeconds: 600, onCapped: (passes) => cut.push(passes) });
    expect(cut).toEqual([7]);
    expect(weights(ample)).toEqual(weights(WorldModel.fit(s, size, n, { iterations: 60 })));
  });
});

describe('challenger kinds', () => {
  it('start with the real-outcome step and take turns, whatever the win model thinks of them', () => {
    expect(nextChallengerKind(null)).toBe('real-outcome');
    expect(nextChallengerKind(undefined)).toBe('real-outcome');
    expect(nextChallengerKind('real-outcome')).toBe('ppo');
    expect(nextChallengerKind('ppo')).toBe('real-outcome');
    // Every kind comes round within as many turns as there are kinds.
    const seen = new Set<string>();
    let k = nextChallengerKind(null);
    for (let i = 0; i < CHALLENGER_KINDS.length; i++) {
      seen.add(k);
      k = nextChallengerKind(k);
    }
    expect([...seen].sort()).toEqual([...CHALLENGER_KINDS].sort());
  });
});
