/** Import jobs and the staging area of imports (migration 0010). */
import type { Kysely } from 'kysely';

type Db = Kysely<any>;

export type ImportJobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface StoredImportJob {
  id: string;
  workspace_id: string;
  status: ImportJobStatus;
  /** Who uploaded it (e-mail), null for the system or AUTH=off. */
  created_by: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** Wall-clock time of the runner's last sign of life; a queued or running job without one for long was interrupted. */
  heartbeat_at: string;
  /** JSON: what was asked (files, skip_invalid, source). */
  options: string;
  /** JSON: per-file progress. */
  progress: string;
  /** JSON: the import report, once the import ran. */
  report: string | null;
  error: string | null;
}

export interface ImportJobRepository {
  insert(job: StoredImportJob): Promise<void>;
  get(ws: string, id: string): Promise<StoredImportJob | undefined>;
  /** The workspace's jobs, newest first (of one uploader when given). */
  list(ws: string, opts: { createdBy?: string | null; limit: number }): Promise<StoredImportJob[]>;
  update(id: string, changes: Partial<Omit<StoredImportJob, 'id' | 'workspace_id' | 'created_at'>>): Promise<void>;
  /** Queued or running jobs (of every workspace) whose heartbeat is older than `before`. */
  stale(before: string): Promise<StoredImportJob[]>;
}

export interface StagedRow {
  seq: number;
  line: number;
  /** JSON of the validated record. */
  data: string;
}

/** Validated rows of a file being imported, under a stage id of their own; nothing else reads them. */
export interface ImportStagingRepository {
  stage(stageId: string, rows: readonly StagedRow[], stagedAt: string): Promise<void>;
  /** Rows after `afterSeq`, in seq order. */
  read(stageId: string, afterSeq: number, limit: number): Promise<StagedRow[]>;
  drop(stageId: string): Promise<void>;
  /** Drops up to `limit` rows of a stage (a large stage is dropped in short transactions); returns rows removed. */
  dropSome(stageId: string, limit: number): Promise<number>;
  /** Drops every stage written before `before` (left by a crashed import). Returns rows removed. */
  dropOlderThan(before: string): Promise<number>;
}

export class KyselyImportJobRepository implements ImportJobRepository {
  constructor(private readonly db: Db) {}

  async insert(job: StoredImportJob) {
    await this.db.insertInto('import_jobs').values(job).execute();
  }

  async get(ws: string, id: string) {
    return (await this.db.selectFrom('import_jobs').selectAll().where('workspace_id', '=', ws).where('id', '=', id).executeTakeFirst()) as StoredImportJob | undefined;
  }

  async list(ws: string, opts: { createdBy?: string | null; limit: number }) {
    let q = this.db.selectFrom('import_jobs').selectAll().where('workspace_id', '=', ws);
    if (opts.createdBy !== undefined) q = opts.createdBy === null ? q.where('created_by', 'is', null) : q.where('created_by', '=', opts.createdBy);
    return (await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute()) as StoredImportJob[];
  }

  async update(id: string, changes: Partial<Omit<StoredImportJob, 'id' | 'workspace_id' | 'created_at'>>) {
    if (Object.keys(changes).length === 0) return;
    await this.db.updateTable('import_jobs').set(changes).where('id', '=', id).execute();
  }

  async stale(before: string) {
    return (await this.db.selectFrom('import_jobs').selectAll().where('status', 'in', ['queued', 'running']).where('heartbeat_at', '<', before).execute()) as StoredImportJob[];
  }
}

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
    if (bound) drop = drop.where('seq', '<=', bound.seq as number);
    const r = await drop.executeTakeFirst();
    return Number(r.numDeletedRows ?? 0);
  }

  async dropOlderThan(before: string) {
    const r = await this.db.deleteFrom('import_staging').where('staged_at', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows ?? 0);
  }
}
