/**
 * The reflection buffer (issue 19): the CRM's own records turned into trajectories.
 *
 * - **Logged** (deals with recommendations): steps are the recommendations ordered by their own `as_of` (not by
 *   arrival), one per moment (a re-asked moment keeps the acted-on answer, else the newest). A step's action is the
 *   recommended one when an activity acted on it, or when it was `wait` (nothing to log); a recommendation nobody
 *   acted on means nothing was done: `wait`. The state is the one logged with it; "what followed" is read from the
 *   window up to the next step: stage moves (by effective time), the buyer's signals (activities not made from a
 *   recommendation), and the close.
 * - **History** (imported deals without recommendations): weekly steps from creation to close, the state as of
 *   each week's start (deal-state.ts), the action inferred from that week's activities (a discount or proposal
 *   named in their text, else a demo or meeting, a call, an e-mail; none: wait).
 * The final outcome is `closed_won` / `closed_lost` with `closed_at`; open deals are censored.
 */
import { toTimestamp } from '../../core/clock.js';
import type { DealHistory } from '../../storage/index.js';
import type { StrategySettings } from './catalog.js';
import type { TopicReading } from './buyer-topics.js';
import { buyerSignalsOf, DEAL_SIGNALS, dealStateAsOf, effectiveTimes, OPEN_DEAL_STAGES, topicDaysOf, topicsRead, type DealSignal, type DealState, type TextReading } from './deal-state.js';

export type StepOutcome = 'none' | 'advanced' | 'won' | 'lost';
export const STEP_OUTCOMES: readonly StepOutcome[] = ['none', 'advanced', 'won', 'lost'];

export interface TrajectoryStep {
  recommendationId: string | null;
  asOf: string;
  state: DealState;
  action: string;
  policy: string | null;
  propensity: number | null;
  acted: boolean;
  /** What followed until the next step (or the close): the outcome of the step and the buyer's new signals. */
  outcome: StepOutcome;
  signals: DealSignal[];
  /** The learned topics read in the same window (absent: the trajectory was not read with topics: `withTopics`). */
  topics?: number[];
}

export interface Trajectory {
  dealId: string;
  /** What the deal's random draws (held back, the whole-deal test's arm) are keyed by: drawKey, below. */
  drawKey?: string;
  source: 'logged' | 'history';
  steps: TrajectoryStep[];
  outcome: 'closed_won' | 'closed_lost' | null;
  closedAt: string | null;
  /** Open deals: the trajectory has no final outcome yet. */
  censored: boolean;
}

const WEEK_MS = 7 * 86_400_000;
/** At most this many weekly steps are read from one imported deal's history. */
export const HISTORY_MAX_WEEKS = 40;
const stageRank = (s: string) => OPEN_DEAL_STAGES.indexOf(s as (typeof OPEN_DEAL_STAGES)[number]);

/** The action a week of imported activities amounts to (the most effortful thing done). */
export function inferAction(acts: DealHistory['activities'], catalog: readonly string[]): string {
  const has = (k: string) => catalog.includes(k);
  const text = acts.map((a) => `${a.subject ?? ''} ${a.body ?? ''}`.toLowerCase()).join('\n');
  if (has('discount') && /\bdiscount/.test(text)) return 'discount';
  if (has('escalate') && /\b(executive sponsor|escalat|ceo|cfo) /.test(text) && acts.some((a) => a.type !== 'note')) return 'escalate';
  if (has('proposal') && /\b(proposal|pricing sheet|quote|order form)\b/.test(text) && acts.some((a) => a.type !== 'note')) return 'proposal';
  if (has('demo') && /\bdemo/.test(text) && acts.some((a) => a.type === 'meeting' || a.type === 'call')) return 'demo';
  if (has('meeting') && acts.some((a) => a.type === 'meeting')) return 'meeting';
  if (has('call') && acts.some((a) => a.type === 'call')) return 'call';
  if (has('email') && acts.some((a) => a.type === 'email')) return 'email';
  return 'wait';
}

/** What followed within (from, to]: the step's outcome and the signals the buyer's activities carried. */
function followed(h: DealHistory, moves: { to_stage: string; at: string }[], stageAtStart: string, from: string, to: string, reader?: TextReading | null): { outcome: StepOutcome; signals: DealSignal[] } {
  const closedAt = h.deal.closed_at;
  let outcome: StepOutcome = 'none';
  if ((h.deal.stage === 'closed_won' || h.deal.stage === 'closed_lost') && closedAt && closedAt > from && closedAt <= to) outcome = h.deal.stage === 'closed_won' ? 'won' : 'lost';
  else if (moves.some((m) => m.at > from && m.at <= to && stageRank(m.to_stage) > stageRank(stageAtStart) && stageRank(stageAtStart) >= 0)) outcome = 'advanced';
  const signals = new Set<DealSignal>();
  const actionOf = new Map(h.recommendations.map((r) => [r.id, r.action]));
  for (const a of h.activities) {
    if (a.occurred_at <= from || a.occurred_at > to) continue;
    for (const s of buyerSignalsOf(a, a.recommendation_id ? actionOf.get(a.recommendation_id) : null, reader)) signals.add(s);
  }
  return { outcome, signals: DEAL_SIGNALS.filter((s) => signals.has(s)) };
}

/** When the learned reader raised which concern in a deal's notes (not the concern a note's own action addresses), oldest first. */
function learnedSignalTimes(h: DealHistory, reader: TextReading): { at: string; signals: DealSignal[] }[] {
  const actionOf = new Map(h.recommendations.map((r) => [r.id, r.action]));
  const out: { at: string; signals: DealSignal[] }[] = [];
  for (const a of h.activities) {
    const action = a.recommendation_id ? actionOf.get(a.recommendation_id) : undefined;
    const signals = reader.read(`${a.subject ?? ''}\n${a.body ?? ''}`).filter((s) => ADDRESSED[action ?? ''] !== s);
    if (signals.length) out.push({ at: a.occurred_at, signals });
  }
  return out;
}
const ADDRESSED: Record<string, DealSignal> = { discount: 'price_objection', escalate: 'missing_decision_maker' };

/**
 * A logged state with the learned reader's reading added (what `dealStateAsOf` with the reader gives, without
 * recomputing the rest): a concern read later than the lexicon's reading moves its recency, and "discounted" /
 * "escalated" are judged against it. Only notes at or before the state's moment count.
 */
function withLearnedReading(state: DealState, asOf: string, learned: { at: string; signals: DealSignal[] }[], h: DealHistory): DealState {
  let signals: DealState['signals'] | undefined;
  const latest: Partial<Record<DealSignal, string>> = {};
  for (const l of learned) {
    if (l.at > asOf) break;
    for (const s of l.signals) {
      const days = Math.round(((Date.parse(asOf) - Date.parse(l.at)) / 86_400_000) * 10) / 10;
      const current = (signals ?? state.signals)[s];
      if (current === undefined || days < current) {
        signals ??= { ...state.signals };
        signals[s] = days;
        latest[s] = l.at;
      }
    }
  }
  if (!signals) return state;
  const lastActed = (action: string) => h.recommendations.reduce<string | undefined>((m, r) => (r.action === action && r.acted_at !== null && r.acted_at <= asOf && (!m || r.acted_at > m) ? r.acted_at : m), undefined);
  const after = (action: string, at: string | undefined, was: boolean) => {
    if (at === undefined) return was;
    const acted = lastActed(action);
    return acted !== undefined && acted >= at;
  };
  return { ...state, signals, discounted: after('discount', latest.price_objection, state.discounted), escalated: after('escalate', latest.missing_decision_maker, state.escalated) };
}

/**
 * A trajectory read with learned topics (buyer-topics.ts): each step's state gets the days since each topic was last
 * read as of its moment (notes at or before it only, as `dealStateAsOf` with the topics gives), and each step the
 * topics read in its window (after its moment, up to the next step's or the close). Pure; the rest is unchanged.
 */
export function withTopics(t: Trajectory, h: DealHistory, topicReading: TopicReading, now: string): Trajectory {
  if (!topicReading.active) return t;
  const end = t.closedAt ?? now;
  const notes = topicsRead(h.activities, topicReading);
  const steps = t.steps.map((s, i) => {
    const to = t.steps[i + 1]?.asOf ?? end;
    const read = new Set<number>();
    for (const a of notes) if (a.occurred_at > s.asOf && a.occurred_at <= to) for (const k of a.topics) read.add(k);
    return { ...s, state: { ...s.state, topics: topicDaysOf(notes, s.asOf) }, topics: [...read].sort((a, b) => a - b) };
  });
  return { ...t, steps };
}

/**
 * What a deal's random draws — held back or not, its arm in the whole-deal test — are keyed by: its creation time and
 * its name, not its id. Why (ninth pass): ids are random (ulid), so two runs of the same simulation, or a replay of the
 * same deals, split them differently — different held-back deals, different fits, different trial arms — and no two
 * bench runs of one seed could be paired. Both are fixed before any outcome, so the draws stay independent of it. The
 * name is there because creation times are not unique: an import without a created_at column stamps a whole file with
 * one moment, and keyed by time alone those deals would all fall in one arm (a clustered trial, not a random one).
 * A record without a creation time is keyed by its id.
 */
export const drawKey = (deal: { id: string; created_at?: string | null; name?: unknown }): string => (deal.created_at ? `${deal.created_at}|${typeof deal.name === 'string' ? deal.name : ''}` : deal.id);

/** One deal's trajectory (logged when it has recommendations, else from its history); undefined: nothing to learn. */
export function trajectoryOf(h: DealHistory, settings: StrategySettings, now: string, reader?: TextReading | null): Trajectory | undefined {
  const closed = h.deal.stage === 'closed_won' || h.deal.stage === 'closed_lost';
  const end = closed && h.deal.closed_at ? h.deal.closed_at : now;
  const { moves } = effectiveTimes(h);
  const base = { dealId: h.deal.id, drawKey: drawKey(h.deal), outcome: closed ? (h.deal.stage as 'closed_won' | 'closed_lost') : null, closedAt: closed ? h.deal.closed_at : null, censored: !closed };
  const catalog = settings.actions.map((a) => a.key);
  if (h.recommendations.length > 0) {
    // One step per moment, ordered by the moment (as_of), not by arrival.
    const byMoment = new Map<string, DealHistory['recommendations'][number]>();
    for (const r of [...h.recommendations].sort((a, b) => (a.as_of === b.as_of ? a.seq - b.seq : a.as_of < b.as_of ? -1 : 1))) {
      const prev = byMoment.get(r.as_of);
      if (!prev || !prev.acted_at || r.acted_at) byMoment.set(r.as_of, r);
    }
    const recs = [...byMoment.values()];
    const learned = reader ? learnedSignalTimes(h, reader) : undefined;
    const steps: TrajectoryStep[] = [];
    for (const [i, r] of recs.entries()) {
      if (closed && h.deal.closed_at && r.as_of >= h.deal.closed_at) break;
      // The state as logged; with a learned reader, its reading of the notes as of then (no look-ahead: pure, cut at as_of).
      const logged = JSON.parse(r.state) as DealState;
      const state = learned ? withLearnedReading(logged, r.as_of, learned, h) : logged;
      if (state.closed) continue;
      const acted = r.acted_at !== null;
      const action = acted || r.action === 'wait' ? r.action : 'wait';
      if (!catalog.includes(action)) continue;
      const to = recs[i + 1]?.as_of ?? end;
      steps.push({ recommendationId: r.id, asOf: r.as_of, state, action, policy: r.policy, propensity: acted || r.action === 'wait' ? r.propensity : null, acted, ...followed(h, moves, state.stage, r.as_of, to, reader) });
    }
    return steps.length ? { ...base, source: 'logged', steps } : undefined;
  }
  const start = Date.parse(h.deal.created_at);
  const stop = Date.parse(end);
  if (!Number.isFinite(start) || !Number.isFinite(stop) || stop <= start) return undefined;
  const steps: TrajectoryStep[] = [];
  for (let t = start, k = 0; t < stop && k < HISTORY_MAX_WEEKS; t += WEEK_MS, k++) {
    const asOf = toTimestamp(new Date(t));
    const to = toTimestamp(new Date(Math.min(stop, t + WEEK_MS)));
    const state = dealStateAsOf(h, asOf, settings, reader);
    if (state.closed) break;
    const week = h.activities.filter((a) => a.occurred_at > asOf && a.occurred_at <= to);
    steps.push({ recommendationId: null, asOf, state, action: inferAction(week, catalog), policy: null, propensity: null, acted: true, ...followed(h, moves, state.stage, asOf, to, reader) });
  }
  return steps.length ? { ...base, source: 'history', steps } : undefined;
}
