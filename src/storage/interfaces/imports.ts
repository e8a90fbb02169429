/** Import jobs and the staging area of imports (migration 0010). */

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
