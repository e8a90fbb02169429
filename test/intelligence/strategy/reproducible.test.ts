/**
 * A training is budgeted by work (train.ts TRAIN_WORK: passes, rule evaluations, PPO steps, episodes), with the wall
 * clock only as a safety cap: the same seed and the same data give the same policy, whatever time the training
 * started with (a loaded machine); another seed gives another; a training past its safety cap still answers and says
 * which phases the clock cut. Deals' random draws (held back, trial arm) are keyed by their creation time, not their
 * random ids.
 */
import { describe, expect, it } from 'vitest';
import { PpoPolicy } from '../../../src/intelligence/strategy/ppo/index.js';
import { drawKey } from '../../../src/intelligence/strategy/reflection.js';
import { trainStrategy, trialArm, type TrainWork } from '../../../src/intelligence/strategy/train.js';
import { day, settings } from './deal-fixture.js';
import { workspace } from './logged-workspace.js';

/** A small budget, so the test is quick (the defaults are sized for the contract's 60 s). */
const SMALL: Partial<TrainWork> = { historyModelPasses: 12, correctedModelPasses: 12, winModelPasses: 12, ruleEvaluations: 8, evaluationEpisodes: 60, thompsonEpisodes: 10 };
const NOW = day(400);
const histories = workspace(3, 150, 40);
const train = (seed: number, startedAt?: number, work: Partial<TrainWork> = SMALL) =>
  trainStrategy(histories, settings, { seed, now: NOW, ppoSteps: 4096, work, ...(startedAt !== undefined ? { startedAt } : {}) });
/** What a training decided, without its clock readings. */
const outcome = (t: ReturnType<typeof train>) => {
  const { seconds: _s, timings: _t, ...report } = t.report;
  return { policy: t.policy?.toJSON() ?? null, challenger: t.challenger?.toJSON() ?? null, reader: t.reader.toJSON(), worldModel: t.worldModel.toJSON(), report };
};

describe('a training budgeted by work', () => {
  it('fits the same policy, challenger, reader and report twice from the same seed and data — also when it starts with 15 s already spent', () => {
    const a = train(1);
    const b = train(1, performance.now() - 15_000);
    expect(a.report.cappedByClock).toEqual([]);
    expect(b.report.cappedByClock).toEqual([]);
    expect(a.report.work.ppoSteps).toBe(4096);
    // The case the test is about: a challenger (the real-outcome step's clone) is stored, and PPO ran its steps.
    expect(a.challenger).toBeInstanceOf(PpoPolicy);
    expect(a.report.episodesUsed.ppoEpisodes).toBeGreaterThan(0);
    expect(outcome(b)).toEqual(outcome(a));
    // Another seed: another PPO policy (the seed reaches the phases; the equality above is not vacuous).
    expect(outcome(train(2)).report.returns).not.toEqual(outcome(a).report.returns);
  }, 120_000);

  it('still answers past its safety cap and names the phases the clock cut', () => {
    const late = train(1, performance.now() - 1_000_000, { ...SMALL, evaluationEpisodes: 200 });
    expect(late.report.cappedByClock).toContain('evaluation');
    expect(late.report.evaluation.episodes).toBeLessThan(200);
  }, 120_000);
});

describe('drawKey', () => {
  it('keys a deal’s draws by its creation time and name (ids are random), by its id when it has no creation time', () => {
    const at = '2027-01-05T10:00:00Z';
    expect(drawKey({ id: 'dl_01jzzz', created_at: at, name: 'Acme – renewal' })).toBe(drawKey({ id: 'dl_01jaaa', created_at: at, name: 'Acme – renewal' }));
    expect(drawKey({ id: 'dl_x', created_at: null })).toBe('dl_x');
  });

  it('spreads deals created at one moment (an import without created_at) over the trial arms', () => {
    const at = '2027-01-05T10:00:00Z';
    const arms = new Map<string, number>();
    for (let i = 0; i < 400; i++) {
      const arm = trialArm(drawKey({ id: `dl_${i}`, created_at: at, name: `Imported deal ${i}` }), 3) ?? 'none';
      arms.set(arm, (arms.get(arm) ?? 0) + 1);
    }
    // 30 % + 30 % + 40 %: each arm far from empty (keyed by the time alone, all 400 would share one arm).
    expect(arms.get('challenger')).toBeGreaterThan(80);
    expect(arms.get('incumbent')).toBeGreaterThan(80);
    expect(arms.get('none')).toBeGreaterThan(100);
  });
});
