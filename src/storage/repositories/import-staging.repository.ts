/** Validated rows of files being imported, under a stage id each (migration 0010). */
import { sql } from 'kysely';
import type { Db } from '../database.js';
import type { DialectName, ImportStagingRepository, StagedRow } from '../index.js';
import { jsonRows } from './json-rows.js';

export class KyselyImportStagingRepository implements ImportStagingRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: DialectName = 'sqlite',
  ) {}

  async stage(stageId: string, rows: readonly StagedRow[], stagedAt: string) {
    if (this.dialect === 'postgres') {
      // A batch in one statement, its rows as one JSON parameter: not 2,500 parameters a statement, nor array
      // literals (node-postgres escapes those in JavaScript, and each row's data is JSON full of quotes).
      if (rows.length === 0) return;
      const json = jsonRows(rows.map((r) => ({ seq: r.seq, line: r.line, data: r.data })));
      await sql`INSERT INTO import_staging (stage_id, seq, line, data, staged_at)
        SELECT ${stageId}::text, r.seq, r.line, r.data, ${stagedAt}::text FROM json_to_recordset(${json}::json) AS r(seq integer, line integer, data text)`.execute(this.db);
      return;
    }
    // 5 parameters a row: chunks stay under SQLite's parameter limit.
    for (let i = 0; i < rows.length; i += 500) {
      await this.db
        .insertInto('import_staging')
        .values(rows.slice(i, i + 500).map((r) => ({ stage_id: stageId, seq: r.seq, line: r.line, data: r.data, staged_at: stagedAt })))
        .execute();
    }
  }

  async read(stageId: string, afterSeq: number, limit: number) {
    const rows = await this.db
      .selectFrom('import_staging')
      .select(['seq', 'line', 'data'])
      .where('stage_id', '=', stageId)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ seq: Number(r.seq), line: Number(r.line), data: String(r.data) }));
  }

  async drop(stageId: string) {
    await this.db.deleteFrom('import_staging').where('stage_id', '=', stageId).execute();
  }

  async dropSome(stageId: string, limit: number) {
    // The limit-th row's seq first, then one range delete on the primary key. A `seq IN (SELECT … LIMIT n)` was
    // planned on PostgreSQL from stale statistics (the staging table is emptied and refilled by every import) as a
    // nested loop: one 5,000-row slice of a 60k-row stage ran for minutes.
    const bound = await this.db
      .selectFrom('import_staging')
      .select('seq')
      .where('stage_id', '=', stageId)
      .orderBy('seq')
      .offset(limit - 1)
      .limit(1)
      .executeTakeFirst();
    let drop = this.db.deleteFrom('import_staging').where('stage_id', '=', stageId);
    if (bound) drop = drop.where('seq', '<=', bound.seq);
    const r = await drop.executeTakeFirst();
    return Number(r.numDeletedRows ?? 0);
  }

  async dropOlderThan(before: string) {
    const r = await this.db.deleteFrom('import_staging').where('staged_at', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows ?? 0);
  }
}
