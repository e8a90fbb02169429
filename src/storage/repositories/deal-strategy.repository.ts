/**
 * Deal strategy (issue 19, migration 0020): deal recommendations, and a deal's raw history as the state-as-of
 * computation reads it. One deal's history is five indexed reads run together (deal with its contact's title and
 * company's size in one join; activities up to a moment; stage moves; recommendations; amount changes).
 */
import { chunk } from '../chunk.js';
import { recordTables, type Db } from '../database.js';
import type { DealHistory, DealStrategyRepository, StoredDealRecommendation } from '../index.js';

const recOf = ({ workspace_id: _w, ...r }: Record<string, any>): StoredDealRecommendation =>
  ({ ...r, seq: Number(r.seq), propensity: Number(r.propensity), cost: Number(r.cost), model_version: Number(r.model_version) }) as StoredDealRecommendation;

const num = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));
const PAGE = 500;

export class KyselyDealStrategyRepository implements DealStrategyRepository {
  constructor(private readonly db: Db) {}

  async insert(ws: string, r: Omit<StoredDealRecommendation, 'seq'>) {
    await this.db.insertInto('deal_recommendations').values({ workspace_id: ws, ...r }).execute();
  }

  async get(ws: string, id: string) {
    const row = await this.db.selectFrom('deal_recommendations').selectAll().where('workspace_id', '=', ws).where('id', '=', id).executeTakeFirst();
    return row ? recOf(row) : undefined;
  }

  async recommendationExists(ws: string, id: string) {
    const deal = await this.db.selectFrom('deal_recommendations').select('id').where('workspace_id', '=', ws).where('id', '=', id).executeTakeFirst();
    if (deal) return 'deal' as const;
    const contact = await this.db.selectFrom('recommendations').select('id').where('workspace_id', '=', ws).where('id', '=', id).executeTakeFirst();
    return contact ? ('contact' as const) : undefined;
  }

  async markActed(ws: string, id: string, at: string, activityId: string) {
    const res = await this.db
      .updateTable('deal_recommendations')
      .set({ acted_at: at, activity_id: activityId })
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .where('acted_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  async closedDeals(ws: string) {
    const row: { n?: unknown } | undefined = await recordTables(this.db)
      .selectFrom('deals')
      .select((eb: any) => eb.fn.countAll().as('n'))
      .where('workspace_id', '=', ws)
      .where('stage', 'in', ['closed_won', 'closed_lost'])
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async dealHistory(ws: string, dealId: string, until: string) {
    const [deals, rest] = await Promise.all([this.deals(ws, [dealId]), this.histories(ws, [dealId], until)]);
    const deal = deals[0];
    return deal ? { ...deal, ...rest(dealId) } : undefined;
  }

  async *allHistories(ws: string) {
    let after = '';
    for (;;) {
      const ids = (
        await recordTables(this.db).selectFrom('deals').select('id').where('workspace_id', '=', ws).where('id', '>', after).orderBy('id').limit(PAGE).execute()
      ).map((r: { id: string }) => r.id);
      if (ids.length === 0) return;
      const [deals, rest] = await Promise.all([this.deals(ws, ids), this.histories(ws, ids)]);
      yield deals.map((d) => ({ ...d, ...rest(d.deal.id) }));
      if (ids.length < PAGE) return;
      after = ids[ids.length - 1]!;
    }
  }

  /** Deals with their contact's title and company's size (one join). */
  private async deals(ws: string, ids: readonly string[]): Promise<Pick<DealHistory, 'deal' | 'contactTitle' | 'employees'>[]> {
    const rows = await recordTables(this.db)
      .selectFrom('deals as d')
      .leftJoin('contacts as c', (j: any) => j.onRef('c.id', '=', 'd.contact_id').onRef('c.workspace_id', '=', 'd.workspace_id'))
      .leftJoin('companies as co', (j: any) => j.onRef('co.id', '=', 'd.company_id').onRef('co.workspace_id', '=', 'd.workspace_id'))
      .select(['d.id', 'd.stage', 'd.amount', 'd.product', 'd.created_at', 'd.closed_at', 'd.contact_id', 'd.company_id', 'd.custom', 'c.title as contact_title', 'co.employees as employees'])
      .where('d.workspace_id', '=', ws)
      .where('d.id', 'in', [...ids])
      .orderBy('d.id')
      .execute();
    return rows.map((r: Record<string, any>) => ({
      deal: { id: r.id, stage: r.stage, amount: num(r.amount), product: r.product ?? null, created_at: r.created_at, closed_at: r.closed_at ?? null, contact_id: r.contact_id ?? null, company_id: r.company_id ?? null, custom: r.custom ?? null },
      contactTitle: r.contact_title ?? null,
      employees: num(r.employees),
    }));
  }

  /** The activities (up to `until`), moves, recommendations and amount changes of these deals, by deal. */
  private async histories(ws: string, ids: readonly string[], until?: string) {
    const byDeal = new Map<string, Omit<DealHistory, 'deal' | 'contactTitle' | 'employees'>>();
    const of = (id: string) => {
      let h = byDeal.get(id);
      if (!h) byDeal.set(id, (h = { activities: [], moves: [], recommendations: [], amountChanges: [] }));
      return h;
    };
    for (const part of chunk([...ids], 1000)) {
      let activities = recordTables(this.db)
        .selectFrom('activities')
        .select(['id', 'deal_id', 'type', 'occurred_at', 'subject', 'body', 'outcome', 'recommendation_id'])
        .where('workspace_id', '=', ws)
        .where('deal_id', 'in', part);
      if (until !== undefined) activities = activities.where('occurred_at', '<=', until);
      const [acts, moves, recs, events] = await Promise.all([
        activities.orderBy('occurred_at').orderBy('id').execute(),
        this.db.selectFrom('stage_history').select(['seq', 'deal_id', 'from_stage', 'to_stage', 'at']).where('workspace_id', '=', ws).where('deal_id', 'in', part).orderBy('seq').execute(),
        this.db.selectFrom('deal_recommendations').selectAll().where('workspace_id', '=', ws).where('deal_id', 'in', part).orderBy('as_of').orderBy('seq').execute(),
        // Only updates that changed the amount (the JSON of the change names it).
        this.db
          .selectFrom('record_events')
          .select(['record_id', 'at', 'seq', 'data'])
          .where('workspace_id', '=', ws)
          .where('entity', '=', 'deal')
          .where('record_id', 'in', part)
          .where('kind', '=', 'updated')
          .where('data', 'like', '%"amount":%')
          .orderBy('seq')
          .execute(),
      ]);
      for (const a of acts as Record<string, any>[])
        of(a.deal_id).activities.push({ id: a.id, type: a.type, occurred_at: a.occurred_at, subject: a.subject ?? null, body: a.body ?? null, outcome: a.outcome ?? null, recommendation_id: a.recommendation_id ?? null });
      for (const m of moves) of(m.deal_id).moves.push({ seq: Number(m.seq), from_stage: m.from_stage, to_stage: m.to_stage, at: m.at });
      for (const r of recs) of(r.deal_id).recommendations.push(recOf(r));
      for (const e of events) {
        const change = (JSON.parse(e.data as unknown as string) as { changes?: { amount?: [unknown, unknown] } }).changes?.amount;
        if (change) of(e.record_id).amountChanges.push({ at: e.at, before: num(change[0]), after: num(change[1]) });
      }
    }
    return (id: string) => of(id);
  }
}
