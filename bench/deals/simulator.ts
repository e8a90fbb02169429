/**
 * The judge's protocol over a deal world, independent of who chooses the actions and where the records go: a team
 * starts ~40 deals a week; every week each open deal gets one action (asked of a chooser: the server's policy or a
 * client-side rule), the buyer answers, and what happened is handed to a recorder (the CRM's API, or nothing).
 * Training deals first (explore on, training called every `trainEvery` closed deals), then — once every training
 * deal has closed — the evaluation deals (explore off).
 *
 * Luck is shared between policies (common random numbers): deal i's prospect, amount, hidden buyer and the draws of
 * its w-th week depend on the seed, the world, i and w only, never on what was chosen before.
 */
import { mixSeed, Random } from '../heldout/random.js';
import { newDealSetup, type DealSetup, type Market } from './population.js';
import { ACTIONS, BUDGET, COSTS, DISCOUNT_FACTOR, type Action, type Buyer, type DealWorld, type Stage, type WeekResult } from './world.js';

/** The first Monday after the data set's as-of date (2026-11-01). */
export const SIM_START = Date.parse('2026-11-02T00:00:00Z');
export const DAY = 86_400_000;
export const WEEK = 7 * DAY;
export const DEALS_PER_WEEK = { min: 36, max: 44 };
/** Writes of one event come this long after its time (activity, then stage move); events are at least EVENT_GAP apart. */
export const ACTIVITY_DELAY = 60_000;
export const STAGE_DELAY = 120_000;
const EVENT_GAP = 180_000;

export type Phase = 'train' | 'eval';

/** What a policy may know of a deal: what the CRM holds plus what the buyer said (client-side rules read `signals`). */
export interface DealView {
  setup: DealSetup;
  phase: Phase;
  /** The CRM's id once created. */
  id: string;
  stage: Stage;
  amount: number;
  budgetLeft: number;
  /** Weekly actions taken so far (as performed). */
  actions: Action[];
  /** Every signal the buyer has revealed so far, in order (for client-side rules; the server reads text). */
  signals: string[];
  lastSignals: string[];
}

export interface Choice {
  action: Action;
  recommendationId?: string;
  /** What the server said the budget left is (contract check). */
  budgetLeft?: number;
}

export type Chooser = (deal: DealView, asOf: number, explore: boolean) => Promise<Choice>;

export interface Recorder {
  /** Creates the deal in the CRM at `at`; answers its id. */
  createDeal(deal: DealView, at: number): Promise<string>;
  /** Writes a week: the activity (at + ACTIVITY_DELAY), an inbound message, the stage/amount/close (at + STAGE_DELAY). */
  recordWeek(deal: DealView, at: number, performed: Action, result: WeekResult, choice: Choice): Promise<void>;
  /** Asks the server to train (every trainEvery closed training deals); answers its report. */
  train(at: number, closedTraining: number): Promise<unknown>;
}

export interface EpisodeResult {
  index: number;
  phase: Phase;
  won: boolean;
  stage: Stage;
  weeks: number;
  initialAmount: number;
  finalAmount: number;
  spent: number;
  actions: Action[];
  /** Weeks where the chosen action cost more than the budget left (performed as wait instead). */
  overBudget: number;
  /** Weeks where the server's budgetLeft differed from the simulator's. */
  budgetMismatch: number;
  /** When it closed (ms). */
  closedAt: number;
}

export interface ProtocolOptions {
  seed: number;
  trainDeals: number;
  evalDeals: number;
  /** Call train after every this many closed training deals (and once more at the end of training if the last call was earlier). */
  trainEvery: number;
  /** Skip the training phase (non-learning policies); evaluation deals stay the same deals. */
  skipTraining?: boolean;
  /** Whether to call the recorder's train. */
  train?: boolean;
}

export interface ProtocolHooks {
  onClose?(episode: EpisodeResult, all: EpisodeResult[]): void;
  onTrain?(report: unknown, closedTraining: number, seconds: number): void;
  /** Every event's time, in order (tests check that the clock never goes backwards). */
  onEvent?(at: number): void;
}

interface LiveDeal {
  view: DealView;
  buyer: Buyer;
  nextAt: number;
  week: number;
  overBudget: number;
  budgetMismatch: number;
  initialAmount: number;
}

/** The deals the team starts in each week of a seed: the same for every policy. */
export function weeklyStarts(seed: number, weeks: number): number[] {
  const rng = new Random(mixSeed(seed, 10));
  return Array.from({ length: weeks }, () => rng.int(DEALS_PER_WEEK.min, DEALS_PER_WEEK.max));
}

/** Deal i's setup, its hidden buyer and its draws: from (seed, world, i) only. */
export function dealSetup(market: Market, seed: number, index: number, createdAt: number): DealSetup {
  return newDealSetup(market, index, createdAt, new Random(mixSeed(seed, 11, index)));
}
const worldSalt = (world: DealWorld) => (world.name === 'standard' ? 1 : 2);
export const buyerFor = (world: DealWorld, setup: DealSetup, seed: number): Buyer => world.newBuyer(setup, new Random(mixSeed(seed, 12, worldSalt(world), setup.index)));
export const weekRng = (world: DealWorld, seed: number, index: number, week: number): Random => new Random(mixSeed(seed, 13, worldSalt(world), index, week));

/** Where in its week a deal's events fall (Mon 08:00 – Fri 18:00), spread by its index; whole seconds (the CRM keeps no milliseconds). */
const slotOffset = (index: number) => 8 * 3_600_000 + Math.round(((index * 0.6180339887) % 1) * (4 * DAY + 10 * 3_600_000) / 1000) * 1000;

/** The action actually performed: the chosen one if the budget allows it, else wait. */
export function affordable(action: Action, budgetLeft: number): Action {
  return COSTS[action] <= budgetLeft ? action : 'wait';
}

/**
 * Runs one phase: starts `count` deals (indices from `firstIndex`) from week `firstWeek` on at the seed's weekly
 * rate and plays every week of every deal until all are closed. Answers the clock and the next free week.
 */
async function runPhase(
  world: DealWorld,
  market: Market,
  opts: ProtocolOptions,
  phase: Phase,
  firstIndex: number,
  count: number,
  firstWeek: number,
  clockStart: number,
  chooser: Chooser,
  recorder: Recorder,
  results: EpisodeResult[],
  hooks: ProtocolHooks,
  onClosed: (e: EpisodeResult, at: number) => Promise<void>,
): Promise<{ clock: number; week: number }> {
  const explore = phase === 'train';
  const open: LiveDeal[] = [];
  let started = 0;
  let clock = clockStart;
  let week = firstWeek;
  const starts = weeklyStarts(opts.seed, firstWeek + Math.ceil(count / DEALS_PER_WEEK.min) + 2);
  while (started < count || open.length > 0) {
    const weekStart = SIM_START + week * WEEK;
    const weekEnd = weekStart + WEEK;
    // This week's new deals, then every event (new or open deal) falling in the week, in time order.
    const fresh = Math.min(count - started, starts[week] ?? DEALS_PER_WEEK.min);
    for (let k = 0; k < fresh; k++) {
      const index = firstIndex + started++;
      const setup = dealSetup(market, opts.seed, index, weekStart + slotOffset(index));
      const view: DealView = { setup, phase, id: '', stage: 'lead', amount: setup.amount, budgetLeft: BUDGET, actions: [], signals: [], lastSignals: [] };
      open.push({ view, buyer: buyerFor(world, setup, opts.seed), nextAt: setup.createdAt, week: 0, overBudget: 0, budgetMismatch: 0, initialAmount: setup.amount });
    }
    const due = open.filter((d) => d.nextAt < weekEnd).sort((a, b) => a.nextAt - b.nextAt || a.view.setup.index - b.view.setup.index);
    for (const deal of due) {
      const at = Math.max(deal.nextAt, clock + EVENT_GAP);
      clock = at;
      hooks.onEvent?.(at);
      const v = deal.view;
      if (deal.week === 0) {
        v.setup.createdAt = at;
        v.id = await recorder.createDeal(v, at);
      }
      const choice = await chooser(v, at, explore);
      if (choice.budgetLeft !== undefined && choice.budgetLeft !== v.budgetLeft) deal.budgetMismatch++;
      const performed = affordable(choice.action, v.budgetLeft);
      if (performed !== choice.action) deal.overBudget++;
      const result = deal.buyer.week(performed, deal.week, weekRng(world, opts.seed, v.setup.index, deal.week));
      v.actions.push(performed);
      v.budgetLeft -= COSTS[performed];
      v.signals.push(...result.signals);
      v.lastSignals = result.signals;
      if (result.discounted) v.amount = Math.round(v.amount * DISCOUNT_FACTOR);
      deal.week++;
      // Timed out: the buyer went dark.
      if (result.stage !== 'closed_won' && result.stage !== 'closed_lost' && deal.week >= world.maxWeeks) {
        result.stage = 'closed_lost';
        result.lostReason = 'No decision / went dark';
      }
      v.stage = result.stage;
      await recorder.recordWeek(v, at, performed, result, choice);
      if (result.stage === 'closed_won' || result.stage === 'closed_lost') {
        open.splice(open.indexOf(deal), 1);
        const episode: EpisodeResult = {
          index: v.setup.index,
          phase,
          won: result.stage === 'closed_won',
          stage: result.stage,
          weeks: deal.week,
          initialAmount: deal.initialAmount,
          finalAmount: v.amount,
          spent: BUDGET - v.budgetLeft,
          actions: [...v.actions],
          overBudget: deal.overBudget,
          budgetMismatch: deal.budgetMismatch,
          closedAt: at + STAGE_DELAY,
        };
        results.push(episode);
        hooks.onClose?.(episode, results);
        await onClosed(episode, at + STAGE_DELAY);
      } else deal.nextAt += WEEK;
    }
    week++;
  }
  return { clock, week };
}

/** The whole protocol for one policy: training phase (unless skipped), then evaluation. */
export async function runProtocol(world: DealWorld, market: Market, opts: ProtocolOptions, chooser: Chooser, recorder: Recorder, hooks: ProtocolHooks = {}): Promise<EpisodeResult[]> {
  const results: EpisodeResult[] = [];
  let closedTraining = 0;
  let trainedAt = 0;
  const train = async (at: number) => {
    const t = performance.now();
    const report = await recorder.train(at, closedTraining);
    trainedAt = closedTraining;
    hooks.onTrain?.(report, closedTraining, (performance.now() - t) / 1000);
  };
  let clock = SIM_START;
  let week = 0;
  if (!opts.skipTraining && opts.trainDeals > 0) {
    ({ clock, week } = await runPhase(world, market, opts, 'train', 0, opts.trainDeals, 0, clock, chooser, recorder, results, hooks, async (e, at) => {
      closedTraining++;
      if (opts.train && closedTraining % opts.trainEvery === 0) await train(at);
    }));
    if (opts.train && trainedAt < closedTraining) await train(clock + STAGE_DELAY);
  } else {
    // The evaluation deals start when they would have after training: the same weeks' starts, the same deals.
    week = Math.ceil(opts.trainDeals / DEALS_PER_WEEK.min);
    clock = SIM_START + week * WEEK;
  }
  await runPhase(world, market, opts, 'eval', opts.trainDeals, opts.evalDeals, week, clock + EVENT_GAP, chooser, recorder, results, hooks, async () => {});
  return results;
}

/** A recorder that writes nothing (the simulation alone, for client-side rules and tests). */
export const nullRecorder: Recorder = {
  createDeal: async (deal) => `sim_${deal.setup.index}`,
  recordWeek: async () => {},
  train: async () => null,
};

export { ACTIONS };
