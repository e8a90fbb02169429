/**
 * A workspace of hand-built deal histories for the training tests: logged deals played with uniform exploration
 * (a proposal after a meeting wins most), closed, and imported deals beside them.
 */
import { dealStateAsOf } from '../../../src/intelligence/strategy/deal-state.js';
import { createRng } from '../../../src/intelligence/strategy/ppo/index.js';
import type { DealHistory, StoredDealRecommendation } from '../../../src/storage/index.js';
import { day, keys, settings } from './deal-fixture.js';

/** Logged deals played with uniform exploration: a proposal after a meeting wins most; imported deals beside them. */
export function workspace(seed: number, logged: number, imported: number): DealHistory[] {
  const rng = createRng(seed);
  const out: DealHistory[] = [];
  for (let i = 0; i < logged; i++) {
    const id = `dl_${seed}_${i}`;
    const h: DealHistory = {
      deal: { id, stage: 'qualified', amount: 10_000 + 1000 * (i % 7), product: null, created_at: day(i), closed_at: null, contact_id: null, company_id: null, custom: null },
      contactTitle: i % 3 === 0 ? 'CFO' : 'Sales Manager',
      employees: 50 + 40 * (i % 5),
      activities: [],
      moves: [{ seq: 1, from_stage: null, to_stage: 'qualified', at: day(i) }],
      recommendations: [],
      amountChanges: [],
    };
    let met = false;
    let won: boolean | null = null;
    for (let w = 0; w < 5 && won === null; w++) {
      const asOf = day(i + 7 * w);
      const state = dealStateAsOf(h, asOf, settings);
      const action = keys[Math.floor(rng() * keys.length)]!;
      const rec: StoredDealRecommendation = { seq: out.length * 10 + w, id: `dr_${id}_${w}`, deal_id: id, policy: 'ppo', action, propensity: 0.2 / keys.length, cost: settings.actions.find((a) => a.key === action)!.cost, state: JSON.stringify(state), model_version: 1, as_of: asOf, created_at: asOf, acted_at: asOf, activity_id: `ac_${id}_${w}` };
      h.recommendations.push(rec);
      if (action !== 'wait') h.activities.push({ id: `ac_${id}_${w}`, type: action === 'call' || action === 'meeting' || action === 'email' ? action : 'note', occurred_at: asOf, subject: action, body: rng() < 0.2 ? 'They said the price is too high.' : 'Good conversation.', outcome: null, recommendation_id: rec.id });
      if (action === 'meeting') met = true;
      if (action === 'proposal') won = rng() < (met ? 0.7 : 0.2);
      else if (w === 4) won = rng() < 0.1;
    }
    const closedAt = day(i + 7 * h.recommendations.length - 2);
    h.deal.stage = won ? 'closed_won' : 'closed_lost';
    h.deal.closed_at = closedAt;
    h.moves.push({ seq: 2, from_stage: 'qualified', to_stage: h.deal.stage, at: closedAt });
    out.push(h);
  }
  for (let i = 0; i < imported; i++) {
    const id = `im_${seed}_${i}`;
    const won = rng() < 0.3;
    out.push({
      deal: { id, stage: won ? 'closed_won' : 'closed_lost', amount: 8000, product: null, created_at: day(i), closed_at: day(i + 30), contact_id: null, company_id: null, custom: null },
      contactTitle: 'VP Sales',
      employees: 200,
      activities: [
        { id: `${id}_a`, type: 'call', occurred_at: day(i + 3), subject: 'Call', body: 'Intro call', outcome: null, recommendation_id: null },
        { id: `${id}_b`, type: 'meeting', occurred_at: day(i + 12), subject: 'Meeting', body: 'Walked through it', outcome: null, recommendation_id: null },
      ],
      moves: [
        { seq: 1, from_stage: null, to_stage: 'lead', at: day(i) },
        { seq: 2, from_stage: 'lead', to_stage: won ? 'closed_won' : 'closed_lost', at: day(i + 30) },
      ],
      recommendations: [],
      amountChanges: [],
    });
  }
  return out;
}
