/**
 * Until a learned policy has been promoted, an undecided challenger is refitted at each training (train.ts: the
 * training's candidate of its kind takes its place and its whole-deal test goes on, the same `since`); once a learned
 * policy is in use, the challenger under test is kept as it was.
 */
import { describe, expect, it } from 'vitest';
import { observationSizeFor } from '../../../src/intelligence/strategy/deal-state.js';
import { createRng, PpoPolicy, pretrainFromLog } from '../../../src/intelligence/strategy/ppo/index.js';
import { trainStrategy, type TrainWork } from '../../../src/intelligence/strategy/train.js';
import { day, keys, settings } from './deal-fixture.js';
import { workspace } from './logged-workspace.js';

const SMALL: Partial<TrainWork> = { historyModelPasses: 12, correctedModelPasses: 12, winModelPasses: 12, ruleEvaluations: 8, evaluationEpisodes: 40, thompsonEpisodes: 10 };
const histories = workspace(5, 150, 20);
/** A policy that waits wherever it may: nobody's fit. */
function waiter(): PpoPolicy {
  const size = observationSizeFor(keys.length);
  const rng = createRng(3);
  const log = Array.from({ length: 200 }, () => ({ observation: Float64Array.from({ length: size }, () => rng() * 2 - 1), action: keys.indexOf('wait') }));
  return pretrainFromLog(PpoPolicy.create(size, keys.length, createRng(4), { hiddenSizes: [8] }), log, { seed: 5, epochs: 30, learningRate: 1e-2 }).policy;
}
const train = (previous: PpoPolicy | 'playbook', challenger: PpoPolicy) =>
  trainStrategy(histories, settings, { seed: 1, now: day(400), ppoSteps: 2048, work: SMALL, previous, challengerTest: { policy: challenger, since: 2, kind: 'real-outcome' }, lastChallengerKind: 'real-outcome', nextVersion: 4 });

describe('the challenger under test before and after a first promotion', () => {
  it('is refitted while the playbook is in use (its test goes on), kept as it is once a learned policy is', () => {
    const first = waiter();
    // No deal of this workspace was played in a trial arm: the test has nothing yet and is undecided.
    const before = train('playbook', first);
    expect(before.report.challengerTest?.decision).toBe('continue');
    expect(before.report.challenger).toEqual({ kind: 'real-outcome', since: 2, refitted: true });
    expect(before.challenger!.toJSON()).not.toEqual(first.toJSON());
    const after = train(waiter(), first);
    expect(after.report.challengerTest?.decision).toBe('continue');
    expect(after.report.challenger).toEqual({ kind: 'real-outcome', since: 2, refitted: false });
    expect(after.challenger!.toJSON()).toEqual(first.toJSON());
  }, 120_000);
});
