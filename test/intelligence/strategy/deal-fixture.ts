/** A plain qualified deal and the default catalog, shared by the strategy tests that step one deal through weeks. */
import { toTimestamp } from '../../../src/core/clock.js';
import { defaultStrategySettings } from '../../../src/intelligence/strategy/catalog.js';
import { dealStateAsOf, type DealState } from '../../../src/intelligence/strategy/deal-state.js';
import type { DealHistory } from '../../../src/storage/index.js';

export const settings = defaultStrategySettings();
export const keys = settings.actions.map((a) => a.key);
/** The stored timestamp `n` days after 1 January 2027. */
export const day = (n: number) => toTimestamp(new Date(Date.parse('2027-01-01T00:00:00Z') + n * 86_400_000));

/** The state of a fresh qualified deal (Head of Sales, 300 employees, nothing done yet) as of `days` after it opened. */
export function qualifiedDealAsOf(days: number): DealState {
  const h: DealHistory = {
    deal: { id: 'dl_1', stage: 'qualified', amount: 20000, product: null, created_at: day(0), closed_at: null, contact_id: null, company_id: null, custom: null },
    contactTitle: 'Head of Sales',
    employees: 300,
    activities: [],
    moves: [{ seq: 1, from_stage: null, to_stage: 'qualified', at: day(0) }],
    recommendations: [],
    amountChanges: [],
  };
  return dealStateAsOf(h, day(days), settings);
}
