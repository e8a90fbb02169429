/**
 * The playbook: a documented rule cadence, the baseline the learned policy must beat (issue 19).
 *
 * 1. A price objection read in the last 30 days and no discount since → `discount`.
 * 2. A missing decision maker read in the last 30 days and no executive sponsor since → `escalate`.
 * 3. Otherwise the cadence email → call → meeting → demo → proposal: the first step not done yet.
 * 4. After the cadence: `call` when the deal has been idle two weeks or more, else `wait`.
 * Whatever the rule picks must be allowed (budget, once per deal); else the next rule; `wait` in the end.
 */
import type { StrategySettings } from './catalog.js';
import type { DealState } from './deal-state.js';

export const PLAYBOOK_CADENCE = ['email', 'call', 'meeting', 'demo', 'proposal'] as const;
const RECENT_DAYS = 30;

export interface RuleChoice {
  action: string;
  reason: string;
}

const daysAgo = (d: number) => (d < 1 ? 'today' : d < 2 ? 'yesterday' : d < 14 ? `${Math.round(d)} days ago` : `${Math.round(d / 7)} weeks ago`);

export function playbookChoice(state: DealState, settings: StrategySettings, mask: readonly boolean[]): RuleChoice {
  const allowed = (key: string) => {
    const i = settings.actions.findIndex((a) => a.key === key);
    return i >= 0 && mask[i] === true;
  };
  const price = state.signals.price_objection;
  if (price !== undefined && price <= RECENT_DAYS && !state.discounted && allowed('discount'))
    return { action: 'discount', reason: `Price objection raised ${daysAgo(price)}: offer the discount (playbook).` };
  const dm = state.signals.missing_decision_maker;
  if (dm !== undefined && dm <= RECENT_DAYS && !state.escalated && allowed('escalate'))
    return { action: 'escalate', reason: `No decision maker involved yet (read ${daysAgo(dm)}): bring in an executive sponsor (playbook).` };
  for (const step of PLAYBOOK_CADENCE)
    if ((state.touches[step] ?? 0) === 0 && allowed(step)) return { action: step, reason: `Next step of the cadence ${PLAYBOOK_CADENCE.join(' → ')}: ${step} (playbook).` };
  if (state.idleDays >= 14 && allowed('call')) return { action: 'call', reason: `Idle for ${Math.round(state.idleDays)} days after the cadence: call (playbook).` };
  if (state.idleDays >= 14 && allowed('email')) return { action: 'email', reason: `Idle for ${Math.round(state.idleDays)} days after the cadence: e-mail (playbook).` };
  return { action: 'wait', reason: state.closed ? 'The deal is closed: nothing to do.' : 'Cadence done and the deal is moving: wait (playbook).' };
}
