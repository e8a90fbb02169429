/**
 * How a deal lives, one simulated day at a time: activities happen (meetings build momentum), then the deal may
 * advance, skip a stage, slip back, go dark (stop answering), come back, or close. The same step runs the recorded
 * history and the hidden rollouts that give an open deal its true probability, so both follow one law.
 */
import { Random, sigmoid } from './random.js';
import type { OpenStage, Stage, WorldVariant } from './world.js';

export type ActivityType = 'email' | 'call' | 'meeting' | 'note';

export interface DealState {
  stage: Stage;
  daysInStage: number;
  dark: boolean;
  daysDark: number;
  /** Recent meetings, decaying by a few percent a day. */
  momentum: number;
}

/** An activity of one day, before it gets a time, contact and text. */
export interface DayActivity {
  type: ActivityType;
  /** A chasing e-mail or unanswered call to a deal that went dark. */
  unanswered: boolean;
}

const ADVANCE_WEIGHT: Record<OpenStage, number> = { lead: 0.8, qualified: 0.85, proposal: 0.85, negotiation: 0.9 };
const LOSS_WEIGHT: Record<OpenStage, number> = { lead: 0.3, qualified: 0.2, proposal: 0.2, negotiation: 0.18 };
/** How busy a stage is: later stages see more contact. */
const STAGE_INTENSITY: Record<OpenStage, number> = { lead: 0.6, qualified: 1, proposal: 1.3, negotiation: 1.5 };
const NEXT_STAGE: Record<OpenStage, Stage> = { lead: 'qualified', qualified: 'proposal', proposal: 'negotiation', negotiation: 'closed_won' };
const PREVIOUS_STAGE: Partial<Record<OpenStage, OpenStage>> = { proposal: 'qualified', negotiation: 'proposal' };
const MOMENTUM_DECAY = 0.96;
const REVIVE_PER_DAY = 0.01;
/** A dark deal is cleaned up (closed lost) by its owner after about this many days on average, once dark for two weeks. */
const CLEANUP_DAYS = 120;

export const isOpen = (stage: Stage): stage is OpenStage => stage !== 'closed_won' && stage !== 'closed_lost';

export function newDealState(): DealState {
  return { stage: 'lead', daysInStage: 0, dark: false, daysDark: 0, momentum: 0 };
}

/** The day's activities on a deal; meetings add to its momentum. */
function dayActivities(state: DealState, stage: OpenStage, quality: number, world: WorldVariant, rng: Random, meetingsOnly: boolean): DayActivity[] {
  const activities: DayActivity[] = [];
  const add = (type: ActivityType, count: number, unanswered: boolean): void => {
    for (let i = 0; i < count; i++) activities.push({ type, unanswered });
  };
  if (state.dark) {
    if (meetingsOnly) return activities;
    add('email', rng.poisson(0.03), true);
    add('call', rng.poisson(0.006), true);
    return activities;
  }
  const intensity = STAGE_INTENSITY[stage];
  const staleness = state.daysInStage / world.stageDays[stage];
  const meetings = rng.poisson(0.013 * world.meetingRate * intensity * Math.exp(0.55 * quality));
  state.momentum += meetings;
  add('meeting', meetings, false);
  // Only meetings change the deal's course, so hidden rollouts skip drawing the rest.
  if (meetingsOnly) return activities;
  add('call', rng.poisson(0.015 * intensity * Math.exp(0.25 * quality)), false);
  // Reps e-mail more, not less, when a deal stalls: e-mail volume alone is a poor sign.
  add('email', rng.poisson(0.018 * intensity * (1 + 0.4 * Math.min(staleness, 3))), false);
  add('note', rng.poisson(0.008 * intensity), false);
  return activities;
}

/** Where an advance goes: most to the next stage, some skip one, a few proposals are signed without negotiating. */
function advanceTarget(stage: OpenStage, quality: number, rng: Random): Stage {
  if (stage === 'lead' && rng.chance(0.05 + 0.1 * sigmoid(quality))) return 'proposal';
  if (stage === 'qualified' && rng.chance(0.08)) return 'negotiation';
  if (stage === 'proposal' && rng.chance(0.07)) return 'closed_won';
  return NEXT_STAGE[stage];
}

/** The stage the deal moves to today, or null. Competing daily hazards; time past the stage's norm raises the loss. */
function dayTransition(state: DealState, stage: OpenStage, quality: number, world: WorldVariant, rng: Random): Stage | null {
  const typicalDays = world.stageDays[stage];
  if (state.dark) {
    if (rng.chance(REVIVE_PER_DAY)) {
      state.dark = false;
      state.daysDark = 0;
      return null;
    }
    return state.daysDark > 14 && rng.chance(1 / CLEANUP_DAYS) ? 'closed_lost' : null;
  }
  const staleness = state.daysInStage / typicalDays;
  const advance = (ADVANCE_WEIGHT[stage] * Math.exp(0.3 * quality) * (1 + world.meetingLift * state.momentum)) / typicalDays;
  const loss = (LOSS_WEIGHT[stage] * Math.exp(-0.35 * quality) * (1 + world.stalePenalty * Math.max(0, staleness - 1) ** 1.5)) / typicalDays;
  const goDark = (world.darkRate * Math.exp(-0.4 * quality) * (0.5 + Math.min(staleness, 4))) / typicalDays;
  const slipBack = PREVIOUS_STAGE[stage] ? (0.06 * Math.exp(-0.3 * quality)) / typicalDays : 0;
  const total = advance + loss + goDark + slipBack;
  if (!rng.chance(1 - Math.exp(-total))) return null;
  const event = rng.weightedIndex([advance, loss, goDark, slipBack]);
  if (event === 0) return advanceTarget(stage, quality, rng);
  if (event === 1) return 'closed_lost';
  if (event === 2) {
    state.dark = true;
    state.daysDark = 0;
    return null;
  }
  return PREVIOUS_STAGE[stage] ?? null;
}

/**
 * Lives one day of an open deal: its activities, then maybe a move. Returns the activities and the new stage
 * (null when it stays). The state is updated in place.
 */
export function liveOneDay(
  state: DealState, quality: number, world: WorldVariant, rng: Random, meetingsOnly = false,
): { activities: DayActivity[]; movedTo: Stage | null } {
  const stage = state.stage;
  if (!isOpen(stage)) throw new Error('a closed deal does not live on');
  state.momentum *= MOMENTUM_DECAY;
  const activities = dayActivities(state, stage, quality, world, rng, meetingsOnly);
  const movedTo = dayTransition(state, stage, quality, world, rng);
  if (movedTo) {
    state.stage = movedTo;
    state.daysInStage = 0;
  } else {
    state.daysInStage += 1;
    if (state.dark) state.daysDark += 1;
  }
  return { activities, movedTo };
}

/** Deals still open this long after the snapshot count as never won (owners give up on them). */
export const MAX_DAYS_AFTER_SNAPSHOT = 900;

/** Lives an open deal on from a state until it closes (unrecorded, so only meetings are drawn); true when it is won. */
function liveUntilClosed(start: DealState, quality: number, world: WorldVariant, rng: Random): boolean {
  const state = { ...start };
  for (let day = 0; day < MAX_DAYS_AFTER_SNAPSHOT && isOpen(state.stage); day++) liveOneDay(state, quality, world, rng, true);
  return state.stage === 'closed_won';
}

/** The true win probability of an open deal: the share of independent futures from its snapshot state that win. */
export function trueWinProbability(snapshot: DealState, quality: number, world: WorldVariant, rng: Random, rollouts: number): number {
  let wins = 0;
  for (let i = 0; i < rollouts; i++) if (liveUntilClosed(snapshot, quality, world, rng)) wins += 1;
  return wins / rollouts;
}
