/**
 * Client-side rules: the driver picks the action itself (it still writes everything through the API). Fixed rules
 * ignore what the buyer says: `fixed:<action>` always takes the same action, `cadence` cycles the textbook sequence.
 * `reader` is a reference, not a contender: a hand-written rule per world that reads the buyer's revealed signals
 * exactly (as perfect reading of the activity text would) — it shows what reading the state is worth.
 */
import { mixSeed, Random } from '../heldout/random.js';
import type { Chooser, DealView } from './simulator.js';
import { ACTIONS, COSTS, isAction, type Action } from './world.js';

/** The textbook cadence: discovery call, meeting, demo, proposal, then light follow-up. */
export const CADENCE: readonly Action[] = ['call', 'meeting', 'demo', 'proposal', 'email', 'wait', 'email', 'wait'];
/** The same with every lever pulled in turn, whether needed or not: an executive and a discount after the proposal. */
export const CADENCE_FULL: readonly Action[] = ['call', 'meeting', 'demo', 'proposal', 'escalate', 'discount', 'email', 'wait'];

const seen = (d: DealView, signal: string) => d.signals.includes(signal);
const lastIndex = (d: DealView, signal: string) => d.signals.lastIndexOf(signal);
const did = (d: DealView, action: Action) => d.actions.includes(action);
const lastTouchWasHeavy = (d: DealView) => ['call', 'meeting', 'demo', 'escalate'].includes(d.actions.at(-1) ?? 'wait');

/** Standard world: discovery, meeting, then fix what the buyer said is wrong before and after the proposal. */
export function standardReader(d: DealView): Action {
  const dmMissing = lastIndex(d, 'dm_missing') > lastIndex(d, 'dm_engaged');
  const competitorOpen = seen(d, 'competitor') && !seen(d, 'competitor_handled');
  const objectionOpen = lastIndex(d, 'price_objection') > lastIndex(d, 'objection_resolved');
  if (d.lastSignals.includes('annoyed')) return 'wait';
  const meetings = d.actions.filter((a) => a === 'meeting').length;
  const met = meetings > 0 && !(d.lastSignals.includes('no_show') && meetings === 1);
  switch (d.stage) {
    case 'lead':
      if (!did(d, 'call')) return 'call';
      if (lastTouchWasHeavy(d)) return 'email';
      return d.actions.filter((a) => a === 'meeting').length < 2 ? 'meeting' : 'call';
    case 'qualified':
      if (!met) return lastTouchWasHeavy(d) ? 'email' : 'meeting';
      if (dmMissing) return 'escalate';
      if (competitorOpen && !did(d, 'demo')) return 'demo';
      return 'proposal';
    case 'proposal':
    case 'negotiation':
      if (objectionOpen) return 'discount';
      if (dmMissing) return 'escalate';
      if (competitorOpen && !did(d, 'demo')) return 'demo';
      return d.actions.at(-1) === 'wait' ? 'email' : 'wait';
    default:
      return 'wait';
  }
}

/** Variant world (world-variant.ts): meet first, demo before the proposal, reference call for a named rival, discount only on the objection. */
export function variantReader(d: DealView): Action {
  const dmMissing = lastIndex(d, 'dm_missing') > lastIndex(d, 'dm_engaged');
  const rivalOpen = seen(d, 'rival') && !seen(d, 'rival_settled');
  const objectionOpen = lastIndex(d, 'price_objection') > lastIndex(d, 'objection_resolved');
  if (d.lastSignals.includes('crowded')) return 'wait';
  const met = d.actions.includes('meeting') && !(d.lastSignals.includes('skipped') && d.actions.filter((a) => a === 'meeting').length === 1);
  switch (d.stage) {
    case 'lead':
      return did(d, 'call') && d.actions.at(-1) !== 'wait' ? 'wait' : 'call';
    case 'qualified':
      if (!met) return 'meeting';
      if (dmMissing && !did(d, 'escalate')) return 'escalate';
      if (!did(d, 'demo')) return 'demo';
      return 'proposal';
    case 'proposal':
    case 'negotiation':
      if (objectionOpen && !did(d, 'discount')) return 'discount';
      if (dmMissing && !did(d, 'escalate')) return 'escalate';
      if (rivalOpen) return 'call';
      return d.actions.at(-1) === 'wait' ? 'email' : 'wait';
    default:
      return 'wait';
  }
}

/** Held-out world: its own reading (fit concerns, a weak champion, a frozen budget, procurement's squeeze). */
export function heldoutReader(d: DealView): Action {
  const frozen = lastIndex(d, 'budget_frozen') > lastIndex(d, 'budget_released');
  const fitOpen = lastIndex(d, 'fit_concern') > lastIndex(d, 'fit_resolved');
  const weakChampion = lastIndex(d, 'weak_champion') > lastIndex(d, 'champion_strong');
  const squeeze = lastIndex(d, 'procurement_squeeze') > lastIndex(d, 'squeeze_met');
  if (d.lastSignals.includes('irritated') || frozen) return 'wait';
  switch (d.stage) {
    case 'lead':
      return d.actions.at(-1) === 'email' ? 'meeting' : 'email';
    case 'qualified':
      if (fitOpen) return 'demo';
      if (weakChampion && d.actions.filter((a) => a === 'meeting').length < 2) return 'meeting';
      return 'proposal';
    case 'proposal':
    case 'negotiation':
      if (squeeze) return 'discount';
      if (fitOpen && !did(d, 'demo')) return 'demo';
      if (weakChampion && !did(d, 'escalate')) return 'escalate';
      return d.actions.at(-1) === 'wait' ? 'email' : 'wait';
    default:
      return 'wait';
  }
}

export const CLIENT_POLICIES = ['cadence', 'cadence-full', 'reader', 'random-local', ...ACTIONS.map((a) => `fixed:${a}`)] as const;

export const isClientPolicy = (p: string): boolean => p === 'cadence' || p === 'cadence-full' || p === 'reader' || p === 'random-local' || (p.startsWith('fixed:') && isAction(p.slice(6)));

/** A chooser for a client-side rule (`world` picks the reader). */
export function clientChooser(policy: string, world: 'standard' | 'heldout' | 'variant', seed: number): Chooser {
  if (policy.startsWith('fixed:')) {
    const action = policy.slice(6);
    if (!isAction(action)) throw new Error(`${policy}: ${action} is not in the catalog (${ACTIONS.join(', ')})`);
    return async () => ({ action });
  }
  if (policy === 'cadence') return async (d) => ({ action: CADENCE[d.actions.length % CADENCE.length]! });
  if (policy === 'cadence-full') return async (d) => ({ action: CADENCE_FULL[d.actions.length % CADENCE_FULL.length]! });
  if (policy === 'reader') {
    const read = world === 'standard' ? standardReader : world === 'variant' ? variantReader : heldoutReader;
    // Out of budget for what it wants: a cheap touch, else nothing.
    return async (d) => {
      const want = read(d);
      return { action: COSTS[want] <= d.budgetLeft ? want : COSTS.email <= d.budgetLeft && d.actions.at(-1) === 'wait' ? 'email' : 'wait' };
    };
  }
  if (policy === 'random-local') {
    return async (d) => {
      const rng = new Random(mixSeed(seed, 99, d.setup.index, d.actions.length));
      return { action: rng.pick(ACTIONS.filter((a) => COSTS[a] <= d.budgetLeft)) };
    };
  }
  throw new Error(`unknown client-side policy "${policy}" (${CLIENT_POLICIES.join(', ')})`);
}
