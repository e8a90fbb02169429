/** What both diagnostics keep of a simulated deal, as the server's reflection buffer would read it. */
import type { DealHistory } from '../../src/storage/index.js';
import type { DealView } from '../deals/simulator.js';

/** An ISO timestamp to the second, as the API stores them. */
export const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** A deal's history as it stands when the simulation creates it at `at`: a lead with nothing done yet. */
export function freshHistory(d: DealView, at: number): DealHistory {
  return {
    deal: { id: `sim_${d.setup.index}`, stage: 'lead', amount: d.amount, product: null, created_at: iso(at), closed_at: null, contact_id: null, company_id: null, custom: null },
    contactTitle: d.setup.prospect.contact.title ?? null,
    employees: null,
    activities: [],
    moves: [{ seq: 0, from_stage: null, to_stage: 'lead', at: iso(at) }],
    recommendations: [],
    amountChanges: [],
  };
}
