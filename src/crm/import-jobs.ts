/**
 * Imports as background jobs: an upload is stored (its files in a directory the job owns), recorded as a queued
 * job, and answered at once; the job runs here, one at a time per process, through the same ImportService as the
 * CLI (bounded transactions, large files parsed in a worker thread), writing its progress and finally its report
 * to the job's row, which clients poll. A job interrupted by a stop or a crash is marked failed (nothing of its
 * unfinished file was written: only staged rows, which are dropped).
 */
import fs from 'node:fs';
import type { Clock } from '../core/clock.js';
import { toTimestamp } from '../core/clock.js';
import { CrmError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { ImportJobStatus, Storage, StoredImportJob } from '../storage/index.js';
import { IMPORT_ORDER, type ImportFileKind, type ImportProgress, type ImportReport, type ImportService } from './import.service.js';

export interface ImportJobFile {
  entity: ImportFileKind;
  /** The name the client gave the file (reports and errors use it). */
  name: string;
  /** Where the job's copy of the file is. */
  path: string;
}

export interface ImportJobFileProgress {
  file: string;
  entity: ImportFileKind;
  /** waiting → validating (parsing, checking, staging) → writing (the final transaction) → done. */
  phase: 'waiting' | 'validating' | 'writing' | 'done';
  bytes_total: number;
  bytes_done: number;
  rows_done: number;
}

export interface ImportJob {
  id: string;
  status: ImportJobStatus;
  created_by: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  skip_invalid: boolean;
  files: ImportJobFileProgress[];
  /** The import report once the job ran (ok, per-file counts, row errors with file and line). */
  report: ImportReport | null;
  /** Why the job failed without a report (an unexpected error, an interruption). */
  error: string | null;
}

interface JobOptions {
  skip_invalid: boolean;
  source: 'import' | 'api';
  files: { entity: ImportFileKind; name: string; path: string }[];
  /** A directory the job owns and removes when it ends. */
  dir: string | null;
}

/** A job without a sign of life for this long was interrupted (its process stopped). */
const STALE_AFTER_MS = 2 * 60_000;
/** Progress is written at most this often (plus at every change of phase). */
const PROGRESS_EVERY_MS = 500;

export class ImportJobService {
  private queue: Promise<void> = Promise.resolve();
  private readonly done = new Map<string, Promise<ImportJob>>();
  private readonly abort = new AbortController();

  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly importer: ImportService,
    private readonly importOptions: { workerFromBytes?: number; batchRows?: number } = {},
  ) {}

  /**
   * Records a job for these files and starts it when the jobs before it are done. `dir`, when given, belongs to
   * the job from now on and is removed when it ends.
   */
  async submit(ws: string, files: ImportJobFile[], opts: { skipInvalid?: boolean; actor?: string | null; source?: 'import' | 'api'; dir?: string }): Promise<ImportJob> {
    if (this.abort.signal.aborted) throw new CrmError('unavailable', 'the server is stopping; import again in a moment');
    const ordered = [...files].sort((a, b) => IMPORT_ORDER.indexOf(a.entity) - IMPORT_ORDER.indexOf(b.entity));
    const options: JobOptions = { skip_invalid: opts.skipInvalid ?? false, source: opts.source ?? 'api', files: ordered, dir: opts.dir ?? null };
    const progress: ImportJobFileProgress[] = ordered.map((f) => ({ file: f.name, entity: f.entity, phase: 'waiting', bytes_total: fs.statSync(f.path).size, bytes_done: 0, rows_done: 0 }));
    const row: StoredImportJob = {
      id: newId('ij'),
      workspace_id: ws,
      status: 'queued',
      created_by: opts.actor ?? null,
      created_at: toTimestamp(this.clock.now()),
      started_at: null,
      finished_at: null,
      heartbeat_at: this.clock.now().toISOString(),
      options: JSON.stringify(options),
      progress: JSON.stringify(progress),
      report: null,
      error: null,
    };
    await this.storage.transaction((tx) => tx.importJobs.insert(row));
    const finished = new Promise<ImportJob>((resolve) => {
      this.queue = this.queue.then(async () => resolve(await this.run(row, options, progress)));
    });
    this.done.set(row.id, finished);
    void finished.then(() => setTimeout(() => this.done.delete(row.id), 60_000).unref());
    return toJob(row);
  }

  /** The job, once it has finished (for callers in this process: the CLI, tests). */
  async wait(ws: string, id: string): Promise<ImportJob> {
    const pending = this.done.get(id);
    if (pending) await pending;
    return this.get(ws, id);
  }

  /** A job of the workspace; `createdBy` given: only if that caller submitted it (others get not found). */
  async get(ws: string, id: string, createdBy?: string | null): Promise<ImportJob> {
    const row = await this.storage.importJobs.get(ws, id);
    if (!row || (createdBy !== undefined && row.created_by !== createdBy)) throw new CrmError('not_found', `import job ${id} not found`);
    return toJob(row);
  }

  async list(ws: string, opts: { createdBy?: string | null; limit?: number } = {}): Promise<ImportJob[]> {
    return (await this.storage.importJobs.list(ws, { createdBy: opts.createdBy, limit: opts.limit ?? 50 })).map(toJob);
  }

  /**
   * On start: jobs left queued or running by a process that stopped are marked failed, and staging rows older than
   * a day (left by a crash) are dropped. Other processes' live jobs keep their heartbeat and are left alone.
   */
  async recover(): Promise<number> {
    const stale = await this.storage.importJobs.stale(new Date(this.clock.now().getTime() - STALE_AFTER_MS).toISOString());
    for (const job of stale) {
      await this.storage.transaction((tx) =>
        tx.importJobs.update(job.id, { status: 'failed', finished_at: toTimestamp(this.clock.now()), error: 'interrupted: the server stopped during the import; nothing of the unfinished file was written' }),
      );
      const dir = (JSON.parse(job.options) as JobOptions).dir;
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    }
    await this.storage.transaction((tx) => tx.importStaging.dropOlderThan(new Date(this.clock.now().getTime() - 24 * 3600_000).toISOString()));
    return stale.length;
  }

  /** Stops the running job between batches (it fails, writing nothing of its unfinished file) and waits for it. */
  async stop(): Promise<void> {
    this.abort.abort(new CrmError('unavailable', 'interrupted: the server stopped during the import; nothing of the unfinished file was written'));
    await this.queue;
  }

  private async run(row: StoredImportJob, options: JobOptions, progress: ImportJobFileProgress[]): Promise<ImportJob> {
    const started = toTimestamp(this.clock.now());
    let lastWrite = 0;
    let phaseKey = '';
    const save = async (changes: Partial<StoredImportJob> = {}) => {
      lastWrite = Date.now();
      await this.storage.transaction((tx) => tx.importJobs.update(row.id, { progress: JSON.stringify(progress), heartbeat_at: this.clock.now().toISOString(), ...changes }));
    };
    // Progress is reported synchronously by the importer; writes are chained so they land in order.
    let writes: Promise<void> = Promise.resolve();
    const onProgress = (p: ImportProgress) => {
      const file = progress.find((f) => f.file === p.file);
      if (!file) return;
      file.phase = p.phase;
      file.bytes_done = p.bytes;
      file.rows_done = p.rows;
      for (const f of progress) if (f !== file && f.phase !== 'waiting') f.phase = 'done';
      const key = `${p.file}:${p.phase}`;
      if (key === phaseKey && Date.now() - lastWrite < PROGRESS_EVERY_MS) return;
      phaseKey = key;
      writes = writes.then(() => save()).catch(() => undefined);
    };
    let final: Partial<StoredImportJob>;
    try {
      if (this.abort.signal.aborted) throw this.abort.signal.reason;
      await save({ status: 'running', started_at: started });
      const report = await this.importer.importFiles(row.workspace_id, options.files.map((f) => ({ entity: f.entity, file: f.path, name: f.name })), {
        skipInvalid: options.skip_invalid,
        source: options.source,
        actor: row.created_by,
        onProgress,
        signal: this.abort.signal,
        stagePrefix: row.id,
        ...this.importOptions,
      });
      await writes;
      for (const [i, f] of progress.entries()) {
        const r = report.files.find((x) => x.file === options.files[i]!.name);
        if (r) {
          f.phase = 'done';
          f.rows_done = r.rows;
          f.bytes_done = f.bytes_total;
        }
      }
      final = { status: report.ok ? 'succeeded' : 'failed', report: JSON.stringify(report) };
    } catch (e) {
      await writes;
      final = { status: 'failed', error: e instanceof CrmError ? e.message : `the import failed: ${(e as Error).message ?? String(e)}` };
    } finally {
      if (options.dir) fs.rmSync(options.dir, { recursive: true, force: true });
    }
    const finishedAt = toTimestamp(this.clock.now());
    await this.storage.transaction((tx) => tx.importJobs.update(row.id, { ...final, progress: JSON.stringify(progress), finished_at: finishedAt, heartbeat_at: this.clock.now().toISOString() })).catch(() => undefined);
    return toJob({ ...row, ...final, progress: JSON.stringify(progress), started_at: started, finished_at: finishedAt } as StoredImportJob);
  }
}

function toJob(row: StoredImportJob): ImportJob {
  const options = JSON.parse(row.options) as JobOptions;
  return {
    id: row.id,
    status: row.status,
    created_by: row.created_by,
    created_at: row.created_at,
    started_at: row.started_at,
    finished_at: row.finished_at,
    skip_invalid: options.skip_invalid,
    files: JSON.parse(row.progress) as ImportJobFileProgress[],
    report: row.report ? (JSON.parse(row.report) as ImportReport) : null,
    error: row.error,
  };
}
