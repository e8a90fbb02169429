/** The reflection buffer: an append-only log of outcomes (migration 0005). */
import type { EntityName } from '../../core/entities.js';
import { chunk } from '../chunk.js';
import type { Db } from '../database.js';
import type { OutcomeEvent, OutcomeKind, OutcomeRepository } from '../index.js';

/** An outcomes row as an entry of the log: JSON columns parsed, the workspace left out. */
function outcomeOf({ workspace_id: _w, ...r }: Record<string, any>): OutcomeEvent & { seq: number } {
  return {
    ...r,
    seq: Number(r.seq),
    detail: JSON.parse(r.detail as string) as Record<string, unknown>,
    context: r.context === null ? null : (JSON.parse(r.context as string) as Record<string, unknown>),
  } as OutcomeEvent & { seq: number };
}

export class KyselyOutcomeRepository implements OutcomeRepository {
  constructor(private readonly db: Db) {}

  async append(ws: string, events: readonly OutcomeEvent[]) {
    for (const part of chunk(events, 1000)) {
      if (part.length === 0) continue;
      await this.db
        .insertInto('outcomes')
        .values(part.map((e) => ({ workspace_id: ws, ...e, detail: JSON.stringify(e.detail), context: e.context === null ? null : JSON.stringify(e.context) })))
        .execute();
    }
  }

  async since(ws: string, afterSeq: number, limit: number, kinds?: readonly OutcomeKind[]) {
    let query = this.db.selectFrom('outcomes').selectAll().where('workspace_id', '=', ws).where('seq', '>', afterSeq);
    if (kinds) query = query.where('kind', 'in', [...kinds]);
    const rows = await query.orderBy('seq').limit(limit).execute();
    return rows.map(outcomeOf);
  }

  async forRecord(ws: string, entity: EntityName, id: string) {
    const rows = await this.db.selectFrom('outcomes').selectAll().where('workspace_id', '=', ws).where('entity', '=', entity).where('record_id', '=', id).orderBy('seq').execute();
    return rows.map(outcomeOf);
  }

  async countSince(ws: string, afterSeq: number, kinds?: readonly OutcomeKind[]) {
    let query = this.db
      .selectFrom('outcomes')
      .select((eb) => [eb.fn.countAll().as('n'), eb.fn.max('seq').as('last')])
      .where('workspace_id', '=', ws)
      .where('seq', '>', afterSeq);
    if (kinds) query = query.where('kind', 'in', [...kinds]);
    const row = await query.executeTakeFirst();
    return { count: Number(row?.n ?? 0), lastSeq: row?.last == null ? afterSeq : Number(row.last) };
  }

  async deleteForRecords(ws: string, entity: EntityName, ids: readonly string[]) {
    let n = 0;
    for (const part of chunk(ids, 1000)) {
      const res = await this.db.deleteFrom('outcomes').where('workspace_id', '=', ws).where('entity', '=', entity).where('record_id', 'in', part).executeTakeFirst();
      n += Number(res.numDeletedRows);
    }
    return n;
  }
}
