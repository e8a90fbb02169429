/** Next-best-action recommendations and their outcomes (migration 0017). */
import { chunk } from '../chunk.js';
import type { Db } from '../database.js';
import type { RecommendationRepository, StoredRecommendation } from '../index.js';

const rowOf = ({ workspace_id: _w, ...r }: Record<string, any>): StoredRecommendation =>
  ({ ...r, seq: Number(r.seq), propensity: Number(r.propensity), model_version: Number(r.model_version) }) as StoredRecommendation;

export class KyselyRecommendationRepository implements RecommendationRepository {
  constructor(private readonly db: Db) {}

  async insert(ws: string, r: Omit<StoredRecommendation, 'seq'>) {
    await this.db.insertInto('recommendations').values({ workspace_id: ws, ...r }).execute();
  }

  async get(ws: string, id: string) {
    const row = await this.db.selectFrom('recommendations').selectAll().where('workspace_id', '=', ws).where('id', '=', id).executeTakeFirst();
    return row ? rowOf(row) : undefined;
  }

  async list(ws: string, q: Parameters<RecommendationRepository['list']>[1]) {
    let query = this.db.selectFrom('recommendations').selectAll().where('workspace_id', '=', ws);
    if (q.contactId !== undefined) query = query.where('contact_id', '=', q.contactId);
    if (q.policy !== undefined) query = query.where('policy', '=', q.policy);
    if (q.afterSeq !== undefined) query = query.where('seq', '>', q.afterSeq);
    if (q.createdAfter !== undefined) query = query.where('created_at', '>', q.createdAfter);
    const rows = await query.orderBy('seq').limit(q.limit).execute();
    return rows.map(rowOf);
  }

  async markActed(ws: string, id: string, at: string) {
    const res = await this.db.updateTable('recommendations').set({ acted_at: at }).where('workspace_id', '=', ws).where('id', '=', id).where('acted_at', 'is', null).executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  async recordOutcome(ws: string, id: string, outcome: StoredRecommendation['outcome'] & string, at: string, source: StoredRecommendation['outcome_source'] & string) {
    // One statement that only writes a row still without an outcome: two concurrent outcomes cannot both land.
    const res = await this.db
      .updateTable('recommendations')
      .set({ outcome, outcome_at: at, outcome_source: source })
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .where('outcome', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  async countForContact(ws: string, contactId: string, since: string, exceptActions: readonly string[] = []) {
    let query = this.db
      .selectFrom('recommendations')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('workspace_id', '=', ws)
      .where('contact_id', '=', contactId)
      .where('created_at', '>=', since);
    if (exceptActions.length > 0) query = query.where('action', 'not in', [...exceptActions]);
    const row = await query.executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async latestAwaitingOutcome(ws: string, contactId: string, actedFrom: string, actedTo: string) {
    const row = await this.db
      .selectFrom('recommendations')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('contact_id', '=', contactId)
      .where('outcome', 'is', null)
      .where('acted_at', '>=', actedFrom)
      .where('acted_at', '<=', actedTo)
      .orderBy('acted_at', 'desc')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? rowOf(row) : undefined;
  }

  async deleteForContacts(ws: string, contactIds: readonly string[]) {
    let n = 0;
    for (const part of chunk(contactIds, 1000)) {
      const res = await this.db.deleteFrom('recommendations').where('workspace_id', '=', ws).where('contact_id', 'in', part).executeTakeFirst();
      n += Number(res.numDeletedRows);
    }
    return n;
  }
}
