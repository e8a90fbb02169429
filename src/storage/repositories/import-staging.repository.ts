/** Validated rows of files being imported, under a stage id each (migration 0010). */
import type { Db } from '../database.js';
import type { ImportStagingRepository, StagedRow } from '../index.js';

export class KyselyImportStagingRepository implements ImportStagingRepository {
  constructor(private readonly db: Db) {}

  async stage(stageId: string, rows: readonly StagedRow[], stagedAt: string) {
    // 5 parameters a row: chunks stay under SQLite's and PostgreSQL's parameter limits.
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
