/**
 * What every simulated deal world shares: the action catalog of issue 19 with its effort costs and budget, the
 * stages, what a buyer's week produces (an activity whose text carries what they said, a stage move, a close) and
 * the interface a world implements. The hidden buyer state lives inside each world; the CRM only ever sees the
 * text and the stage moves.
 */
import type { Random } from '../heldout/random.js';
import type { DealSetup } from './population.js';

export const ACTIONS = ['email', 'call', 'meeting', 'demo', 'proposal', 'discount', 'escalate', 'wait'] as const;
export type Action = (typeof ACTIONS)[number];
export const isAction = (a: string): a is Action => (ACTIONS as readonly string[]).includes(a);

/** Effort units per action (the default catalog) and the per-deal budget. */
export const COSTS: Readonly<Record<Action, number>> = { email: 1, call: 2, meeting: 3, demo: 3, proposal: 2, discount: 1, escalate: 2, wait: 0 };
export const BUDGET = 16;
/** A discount takes this share off the amount (every time it is given). */
export const DISCOUNT_FACTOR = 0.85;

export const OPEN_STAGES = ['lead', 'qualified', 'proposal', 'negotiation'] as const;
export type OpenStage = (typeof OPEN_STAGES)[number];
export type Stage = OpenStage | 'closed_won' | 'closed_lost';
export const stageRank = (s: OpenStage): number => OPEN_STAGES.indexOf(s);

/** The CRM's activity that records a week's action and the buyer's answer. */
export interface ActivityText {
  type: 'email' | 'call' | 'meeting' | 'note';
  subject: string;
  body: string;
  /** Call or meeting outcome as the CRM declares them (connected, no_answer, held, no_show …). */
  outcome?: string;
  /** Written by the buyer unprompted (no recommendation performed it). */
  inbound?: boolean;
}

export interface WeekResult {
  /** What the rep logged for the action (null for a quiet wait). */
  activity: ActivityText | null;
  /** A message the buyer sent on their own this week (while the rep waited), if any. */
  inbound: ActivityText | null;
  /**
   * Names of what the buyer revealed in the text (e.g. price_objection): for the tests and the client-side reading
   * policy only; the server gets the text, never these names.
   */
  signals: string[];
  /** The stage after this week (a move is written as a PATCH). */
  stage: Stage;
  /** For closed_lost: one of the workspace's default lost reasons. */
  lostReason?: string;
  /** True when the action cut the amount (discount). */
  discounted: boolean;
}

/** One deal's buyer: hidden state plus the rules of how it answers actions. */
export interface Buyer {
  readonly stage: Stage;
  /** This week's action (already checked against the budget) and its answer; mutates the hidden state. */
  week(action: Action, weekIndex: number, rng: Random): WeekResult;
  /** A copy of the hidden state, for tests only. */
  hidden(): Record<string, unknown>;
}

export interface DealWorld {
  readonly name: 'standard' | 'heldout' | 'variant';
  /** A deal still open after this many weekly actions is lost ("No decision / went dark"). */
  readonly maxWeeks: number;
  newBuyer(setup: DealSetup, rng: Random): Buyer;
}

/** Fills {first}, {company}, {product}, {competitor}, {exec} in a phrasing. */
export function say(template: string, words: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => words[k] ?? `{${k}}`);
}

export const LOST_REASONS = { price: 'Price', competitor: 'Chose a competitor', budget: 'No budget', dark: 'No decision / went dark', timing: 'Timing' } as const;
