/**
 * The whole-deal test of a challenger (train.ts armTest): a share of the exploring deals is drawn into its two arms,
 * played greedily by the challenger or by the version in use (each week recorded with its arm); a clearly better
 * challenger is promoted, an equal one stays under test, a worse one is given up; deals from before the challenger,
 * deals not played in an arm (exploring ones, explore=false ones) and deals after the oldest still-open one are not
 * counted.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/intelligence/strategy/ppo/index.js';
import type { Trajectory } from '../../../src/intelligence/strategy/reflection.js';
import { ARMS_FUTILITY_Z, ARMS_HORIZON_MIN_WON, ARMS_MIN_DEALS, ARMS_WORTH_GAIN, armTest, recentLogged, TRIAL_ARM_SHARE, trialArm, winHorizonDays } from '../../../src/intelligence/strategy/train.js';
import type { DealHistory, StoredDealRecommendation } from '../../../src/storage/index.js';
import { day, qualifiedDealAsOf } from './deal-fixture.js';

const SINCE = 7;
const NOW = day(400);

interface DealSpec {
  id: string;
  startDay: number;
  won: boolean | null;
  version?: number;
  /** The arm every week was recorded in (default: the deal's own, trialArm; null: none — an exploring deal). */
  arm?: 'challenger' | 'incumbent' | null;
}

function deal(spec: DealSpec): { h: DealHistory; t: Trajectory } {
  const arm = spec.arm === undefined ? trialArm(spec.id, SINCE) : spec.arm;
  // A trial week is played greedily (propensity 1) and recorded with its arm; an exploring one is not.
  const state = { ...qualifiedDealAsOf(0), ...(arm ? { trial: arm } : {}) };
  const propensity = arm ? 1 : 0.82;
  const weeks = [0, 7, 14].map((w) => day(spec.startDay + w));
  const recs = weeks.map((asOf, i) => ({ seq: i, id: `${spec.id}-${i}`, deal_id: spec.id, policy: 'ppo', action: 'email', propensity, cost: 1, state: '{}', model_version: spec.version ?? SINCE, as_of: asOf, created_at: asOf }) as unknown as StoredDealRecommendation);
  const h = { deal: { id: spec.id }, recommendations: recs } as unknown as DealHistory;
  const t: Trajectory = {
    dealId: spec.id,
    source: 'logged',
    steps: weeks.map((asOf, i) => ({ recommendationId: `${spec.id}-${i}`, asOf, state: { ...state, asOf }, action: 'email', policy: 'ppo', propensity, acted: true, outcome: 'none', signals: [] })),
    outcome: spec.won === null ? null : spec.won ? 'closed_won' : 'closed_lost',
    closedAt: spec.won === null ? null : day(spec.startDay + 20),
    censored: spec.won === null,
  };
  return { h, t };
}

/** n deals started a day apart; each is won with the chance of its arm. */
function logged(n: number, seed: number, pChallenger: number, pIncumbent: number, extra: Partial<DealSpec> = {}) {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const id = `d${seed}-${i}`;
    const p = trialArm(id, SINCE) === 'challenger' ? pChallenger : pIncumbent;
    return deal({ id, startDay: i % 300, won: rng() < p, ...extra });
  });
}
const run = (ds: { h: DealHistory; t: Trajectory }[]) => armTest(ds.map((d) => d.h), ds.map((d) => d.t), SINCE, NOW);

describe('trialArm', () => {
  it('puts about the arm share of exploring deals in each arm and leaves the rest exploring, fixed per deal, drawn afresh for another challenger', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `dl_${i.toString(36)}`);
    const share = (arm: string | null) => ids.filter((id) => trialArm(id, 3) === arm).length / ids.length;
    expect(Math.abs(share('challenger') - TRIAL_ARM_SHARE)).toBeLessThan(0.015);
    expect(Math.abs(share('incumbent') - TRIAL_ARM_SHARE)).toBeLessThan(0.015);
    expect(Math.abs(share(null) - (1 - 2 * TRIAL_ARM_SHARE))).toBeLessThan(0.015);
    expect(ids.map((id) => trialArm(id, 3))).toEqual(ids.map((id) => trialArm(id, 3)));
    const agree = ids.filter((id) => trialArm(id, 3) === trialArm(id, 4)).length / ids.length;
    expect(agree).toBeLessThan(0.5);
  });
});

describe('armTest', () => {
  it('promotes a challenger that closes clearly more deals', () => {
    const r = run(logged(800, 1, 0.45, 0.25));
    expect(r.challenger.deals).toBeGreaterThan(ARMS_MIN_DEALS);
    expect(r.decision).toBe('promote');
    expect(r.gain).toBeGreaterThan(0.1);
  });

  it('keeps testing one that is no better (no promotion of noise), over many seeds', () => {
    let promoted = 0;
    for (let seed = 1; seed <= 40; seed++) if (run(logged(600, 100 + seed, 0.3, 0.3)).decision === 'promote') promoted++;
    // One-sided 2.56 z: about 0.5 % by chance; 2 of 40 would already be far above it.
    expect(promoted).toBeLessThanOrEqual(1);
  });

  it('gives up a challenger no better than the version in use once its gain cannot reach a worthwhile size, not before', () => {
    // Equal arms: early (few deals) the gain's upper end is still above ARMS_WORTH_GAIN; with many deals it is not.
    const early = run(logged(120, 7, 0.3, 0.3));
    expect(early.decision).toBe('continue');
    expect(early.gain + ARMS_FUTILITY_Z * early.se).toBeGreaterThanOrEqual(ARMS_WORTH_GAIN);
    const late = run(logged(3000, 8, 0.3, 0.3));
    expect(late.gain + ARMS_FUTILITY_Z * late.se).toBeLessThan(ARMS_WORTH_GAIN);
    expect(late.decision).toBe('reject');
    // A clearly better one is not given up for futility.
    expect(run(logged(3000, 9, 0.4, 0.3)).decision).toBe('promote');
  });

  it('gives up a challenger that closes fewer deals', () => {
    expect(run(logged(800, 2, 0.1, 0.3)).decision).toBe('reject');
  });

  it('counts neither deals from before the challenger nor deals not played in their arm (exploring, explore=false, or a week outside it)', () => {
    const before = logged(400, 3, 1, 0, { version: SINCE - 1 });
    // Asked with explore=false (or exploring): no week recorded in an arm, whatever the deal's draw.
    const unrecorded = logged(400, 4, 1, 0, { arm: null });
    // Recorded in the other arm than its own draw (another challenger's trial), or one week explored.
    const otherArm = logged(200, 5, 1, 0).map((d) => deal({ id: d.t.dealId, startDay: 10, won: true, arm: trialArm(d.t.dealId, SINCE) === 'challenger' ? 'incumbent' : 'challenger' }));
    const oneWeekOut = logged(200, 6, 1, 0).map((d) => {
      const first = d.t.steps[0]!;
      const { trial: _dropped, ...state } = first.state;
      d.t.steps[0] = { ...first, state };
      return d;
    });
    const r = run([...before, ...unrecorded, ...otherArm, ...oneWeekOut]);
    expect(r.challenger.deals + r.incumbent.deals).toBe(0);
    expect(r.decision).toBe('continue');
    // The same deals played in their arms are counted.
    const inArms = logged(400, 4, 1, 0);
    expect(run(inArms).challenger.deals + run(inArms).incumbent.deals).toBe(inArms.filter((d) => trialArm(d.t.dealId, SINCE) !== null).length);
  });

  it('before enough wins for a horizon, counts only the complete cohort: deals that started after the oldest still-open one wait for it', () => {
    const ds = logged(60, 5, 0.3, 0.2);
    expect(ds.filter((d) => d.t.outcome === 'closed_won').length).toBeLessThan(ARMS_HORIZON_MIN_WON);
    const open = deal({ id: 'open', startDay: 100, won: null });
    // The open deal's last week must be recent for it to hold the cohort back.
    open.t.steps[open.t.steps.length - 1]!.asOf = day(395);
    const r = run([...ds, open]);
    const started = ds.filter((d) => d.t.steps[0]!.asOf < day(100) && trialArm(d.t.dealId, SINCE) !== null).length;
    expect(started).toBeGreaterThan(0);
    expect(r.challenger.deals + r.incumbent.deals).toBe(started);
    expect(r.horizonDays).toBeNull();
  });

  it('with enough wins, counts every deal old enough for the horizon (the quantile of wins\' durations) as won within it or not', () => {
    const ds = logged(400, 6, 0.45, 0.25);
    // Every won deal of the fixture took 20 days from its first week: the horizon is 20 days.
    expect(winHorizonDays(ds.map((d) => d.t))).toBe(20);
    // An open deal long past the horizon does not hold the others back: it counts, as not won.
    const open = deal({ id: 'open', startDay: 100, won: null });
    open.t.steps[open.t.steps.length - 1]!.asOf = day(395);
    // A deal started within the horizon of now is not counted yet; one won after the horizon counts as not won.
    const young = deal({ id: 'young', startDay: 390, won: true });
    const slow = deal({ id: 'slow', startDay: 50, won: true });
    slow.t.closedAt = day(50 + 60);
    const r = run([...ds, open, young, slow]);
    expect(r.horizonDays).toBe(20);
    const inTrial = (d: { t: Trajectory }) => trialArm(d.t.dealId, SINCE) !== null;
    expect(r.challenger.deals + r.incumbent.deals).toBe(ds.filter(inTrial).length + [open, slow].filter(inTrial).length);
    const won = ds.filter((d) => inTrial(d) && d.t.outcome === 'closed_won').length;
    expect(r.challenger.won + r.incumbent.won).toBe(won);
  });
});

describe('recentLogged', () => {
  it('keeps the imported history and the most recent logged deals by their first week', () => {
    const ds = [30, 10, 50, 20, 40].map((d, i) => deal({ id: `r${i}`, startDay: d, won: i % 2 === 0 }).t);
    const history: Trajectory = { ...ds[0]!, dealId: 'h', source: 'history' };
    const kept = recentLogged([history, ...ds], 3);
    expect(kept.map((t) => t.dealId).sort()).toEqual(['h', 'r0', 'r2', 'r4']);
    expect(recentLogged(ds, 10)).toHaveLength(5);
  });
});
