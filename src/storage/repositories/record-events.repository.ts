/** The workspace's audit log and records' timelines of changes (record_events). */
import type { EntityName } from '../../core/entities.js';
import { chunk } from '../chunk.js';
import { sql } from 'kysely';
import type { Db } from '../database.js';
import { jsonRows } from './json-rows.js';
import type { AuditQuery, DialectName, RecordEvent, RecordEventRepository } from '../index.js';

export class KyselyRecordEventRepository implements RecordEventRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: DialectName = 'sqlite',
  ) {}

  async append(ws: string, events: readonly RecordEvent[]) {
    if (this.dialect === 'postgres') {
      // The rows as one JSON parameter instead of a VALUES list of 12,000 parameters (and not one array a column:
      // node-postgres escapes array literals in JavaScript, and each event's data is JSON full of quotes to escape);
      // rows keep their order (and so their seq).
      for (const part of chunk(events, 5000)) {
        if (part.length === 0) continue;
        const rows = jsonRows(part.map((e) => ({ entity: e.entity, record_id: e.record_id, kind: e.kind, at: e.at, actor: e.actor ?? null, data: JSON.stringify(e.data) })));
        await sql`INSERT INTO record_events (workspace_id, entity, record_id, kind, at, actor, data)
          SELECT ${ws}::text, e.entity, e.record_id, e.kind, e.at, e.actor, e.data
          FROM ROWS FROM (json_to_recordset(${rows}::json) AS (entity text, record_id text, kind text, at text, actor text, data text))
            WITH ORDINALITY AS e(entity, record_id, kind, at, actor, data, n)
          ORDER BY e.n`.execute(this.db);
      }
      return;
    }
    for (const part of chunk(events, 2000)) {
      if (part.length === 0) continue;
      await this.db
        .insertInto('record_events')
        .values(part.map((e) => ({ workspace_id: ws, ...e, data: JSON.stringify(e.data) })))
        .execute();
    }
  }

  async forRecords(ws: string, entity: EntityName, ids: readonly string[], limit: number, before?: string) {
    if (ids.length === 0) return [];
    let qb = this.db
      .selectFrom('record_events')
      .select(['seq', 'entity', 'record_id', 'kind', 'at', 'actor', 'data'])
      .where('workspace_id', '=', ws)
      .where('entity', '=', entity)
      .where('record_id', 'in', [...ids]);
    if (before) qb = qb.where('at', '<', before);
    const rows = await qb.orderBy('at', 'desc').orderBy('seq', 'desc').limit(limit).execute();
    return rows.map((r) => ({ ...r, seq: Number(r.seq), data: JSON.parse(r.data as string) }) as RecordEvent & { seq: number });
  }

  async audit(ws: string, q: AuditQuery) {
    let qb = this.db.selectFrom('record_events').select(['seq', 'entity', 'record_id', 'kind', 'at', 'actor', 'data']).where('workspace_id', '=', ws);
    if (q.actor) qb = qb.where('actor', '=', q.actor);
    // The API checks entity and kind against the known ones; an unknown one matches nothing.
    if (q.entity) qb = qb.where('entity', '=', q.entity as RecordEvent['entity']);
    if (q.recordId) qb = qb.where('record_id', '=', q.recordId);
    if (q.kind) qb = qb.where('kind', '=', q.kind as RecordEvent['kind']);
    if (q.beforeSeq !== undefined) qb = qb.where('seq', '<', q.beforeSeq);
    const rows = await qb.orderBy('seq', 'desc').limit(q.limit).execute();
    return rows.map((r) => ({ ...r, seq: Number(r.seq), data: JSON.parse(r.data as string) }) as RecordEvent & { seq: number });
  }

  async redact(ws: string, entity: EntityName, ids: readonly string[], data: Record<string, unknown>) {
    let n = 0;
    for (const part of chunk(ids, 1000)) {
      const res = await this.db
        .updateTable('record_events')
        .set({ data: JSON.stringify(data) })
        .where('workspace_id', '=', ws)
        .where('entity', '=', entity)
        .where('record_id', 'in', part)
        .executeTakeFirst();
      n += Number(res.numUpdatedRows);
    }
    return n;
  }

  async reassign(ws: string, entity: EntityName, fromIds: readonly string[], toId: string) {
    if (fromIds.length === 0) return;
    await this.db
      .updateTable('record_events')
      .set({ record_id: toId })
      .where('workspace_id', '=', ws)
      .where('entity', '=', entity)
      .where('record_id', 'in', [...fromIds])
      .execute();
  }
}
