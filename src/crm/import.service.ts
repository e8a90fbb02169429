/**
 * CSV import: files are streamed (bounded memory) and their rows validated with the same schemas as the API (in a
 * worker thread for large files), checked for references, repeated ids and unique values, and written to a staging
 * area in short transactions of a batch each; then one final transaction applies the staged rows to the records
 * (re-checking references and unique values, which other writers may have changed meanwhile). So an import never
 * holds the write lock while it parses, other writers go on, and a file is still all or nothing: a file with errors
 * writes nothing unless `skipInvalid` is set (then only the bad rows are left out), and a failure or a crash leaves
 * only staged rows, which nothing reads and which are dropped. Every problem is reported with file, line and reason.
 */
import { checkImportRows, OwnerResolver, touchLastContacted } from './follow-up.js';
import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from '../core/clock.js';
import { toTimestamp } from '../core/clock.js';
import { DEFAULT_CRM_SETTINGS, type CrmSettings } from '../core/config.js';
import { ENTITIES, ENTITY_ORDER, type CrmRecord, type EntityDef, type EntityName } from '../core/entities.js';
import { CrmError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { normalizeKey } from '../core/normalize.js';
import type { RecordEvent, StageChange, Storage } from '../storage/index.js';
import { ChangeFeed } from './change-feed.js';
import { DuplicatesService } from './duplicates.service.js';
import { parseCsvFile, parseCsvFileInWorker, type ParseOptions, type PendingRow } from './import-parse.js';
import { CompanyLinker } from './import-companies.js';
import { parentRelations } from './relations.js';
import { searchDocument } from './search-text.js';

export interface RowError {
  file: string;
  line: number;
  id?: string;
  field?: string;
  message: string;
}

export interface FileReport {
  file: string;
  entity: EntityName;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: number;
  errors: RowError[];
  /** Errors beyond the ones listed. */
  more_errors: number;
  /** True when nothing of this file was written. */
  rolled_back: boolean;
  /** Likely duplicate pairs that involve records of this file. */
  duplicates: number;
  /** Wall-clock time spent on this file (parse, validate, write, duplicate scan). */
  seconds: number;
  /** With a company column (names or domains): rows linked to existing companies, and companies created. */
  companies_linked?: number;
  companies_created?: number;
}

export interface ImportReport {
  files: FileReport[];
  /** Files not imported because an earlier file they depend on failed. */
  not_imported: string[];
  ok: boolean;
}

export interface ImportOptions {
  skipInvalid?: boolean;
  source?: 'import' | 'api';
  actor?: string | null;
  onProgress?: (p: ImportProgress) => void;
  /** Largest accepted CSV record, in bytes (guards memory against a runaway quoted field). */
  maxRecordBytes?: number;
  /** Files from this size on are parsed in a worker thread (default 2 MB; 0: always). */
  workerFromBytes?: number;
  /** Rows per staging transaction (default 2,000). */
  batchRows?: number;
  /** Stops the import between batches (a server shutting down); nothing of the unfinished file is written. */
  signal?: AbortSignal;
  /** Prefix of the staging ids (the job id), so a job's leftovers can be found. */
  stagePrefix?: string;
}

export interface ImportProgress {
  file: string;
  /** validating: parsing, checking and staging rows (bytes and rows grow); writing: the final transaction. */
  phase: 'validating' | 'writing';
  bytes: number;
  totalBytes: number;
  rows: number;
}

const BATCH_ROWS = 2000;
const WORKER_FROM_BYTES = 2 * 1024 * 1024;
const MAX_LISTED_ERRORS = 1000;
/** Staged rows dropped per transaction once a file is done. */
const DROP_ROWS = 5000;
/** Gives the event loop a turn: other requests are served between bounded steps of an import. */
const pause = () => new Promise<void>((r) => setImmediate(r));

class RollBack extends Error {}

export class ImportService {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly changeFeed: ChangeFeed = new ChangeFeed(),
    private readonly settings: CrmSettings = DEFAULT_CRM_SETTINGS,
  ) {}

  /** Imports `<plural>.csv` files of a directory in dependency order (companies, contacts, deals, activities). */
  async importDirectory(ws: string, dir: string, opts: ImportOptions = {}): Promise<ImportReport> {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new CrmError('validation', `${dir} is not a directory`);
    const present = ENTITY_ORDER.filter((e) => fs.existsSync(path.join(dir, `${ENTITIES[e].plural}.csv`)));
    if (present.length === 0)
      throw new CrmError('validation', `${dir} has none of ${ENTITY_ORDER.map((e) => `${ENTITIES[e].plural}.csv`).join(', ')}`);
    return this.importFiles(ws, present.map((e) => ({ entity: e, file: path.join(dir, `${ENTITIES[e].plural}.csv`) })), opts);
  }

  async importFiles(ws: string, files: { entity: EntityName; file: string; name?: string }[], opts: ImportOptions = {}): Promise<ImportReport> {
    const ordered = [...files].sort((a, b) => ENTITY_ORDER.indexOf(a.entity) - ENTITY_ORDER.indexOf(b.entity));
    const report: ImportReport = { files: [], not_imported: [], ok: true };
    for (const f of ordered) {
      if (!report.ok) {
        report.not_imported.push(f.name ?? path.basename(f.file));
        continue;
      }
      const r = await this.importFile(ws, f.entity, f.file, opts, f.name);
      report.files.push(r);
      if (r.rolled_back) report.ok = false;
    }
    if (report.files.some((f) => f.errors.length > 0)) report.ok = false;
    return report;
  }

  async importFile(ws: string, entityName: EntityName, file: string, opts: ImportOptions = {}, displayName?: string): Promise<FileReport> {
    const entity = ENTITIES[entityName];
    const name = displayName ?? path.basename(file);
    const report: FileReport = {
      file: name, entity: entityName, rows: 0, inserted: 0, updated: 0, unchanged: 0, skipped: 0,
      errors: [], more_errors: 0, rolled_back: false, duplicates: 0, seconds: 0,
    };
    const started = performance.now();
    // CRM_IMPORT_TIMING=1 (settings.importTiming) logs how long each phase of a file took (to stderr), to see where an import's time goes.
    let phaseStart = started;
    const phase = (what: string) => {
      const now = performance.now();
      if (this.settings.importTiming) console.error(`[import ${name}] ${what}: ${Math.round(now - phaseStart)} ms`);
      phaseStart = now;
    };
    const addError = (e: Omit<RowError, 'file'>) => {
      if (report.errors.length < MAX_LISTED_ERRORS) report.errors.push({ file: name, ...e });
      else report.more_errors++;
    };
    const hasErrors = () => report.errors.length + report.more_errors > 0;
    const totalBytes = fs.statSync(file).size;
    const touched: string[] = [];
    const stageId = `${opts.stagePrefix ?? 'import'}/${newId('stg')}`;
    const state = new FileState();
    const companies = new CompanyLinker(); // the company column: import-companies.ts
    let columns: string[] = [];
    let staged = 0;
    let bytes = 0;
    try {
      // 1. Parse, validate and check each batch, and stage the good rows: one short transaction per batch.
      const parseOpts: ParseOptions = { batchRows: opts.batchRows ?? BATCH_ROWS, maxRecordBytes: opts.maxRecordBytes ?? 1_000_000 };
      const onBatch = async (b: { columns: string[]; rows: PendingRow[]; errors: Omit<RowError, 'file'>[]; skipped: number; rowsRead: number; bytes: number }) => {
        opts.signal?.throwIfAborted();
        columns = b.columns;
        for (const e of b.errors) addError(e);
        report.rows = b.rowsRead;
        report.skipped += b.skipped;
        bytes = b.bytes;
        for (const r of b.rows) if (r.record.id !== '') state.seenIds.set(r.record.id, r.line);
        // Once the file is known to fail whole, the rest is only validated (every error is still reported).
        for (const id of await companies.resolve(this.storage, ws, b.rows)) state.knownRefs('company').add(id);
        const good = await this.checkBatch(this.storage, ws, entity, b.rows, state, report, addError);
        if (good.length > 0 && (opts.skipInvalid || !hasErrors())) {
          const stagedAt = new Date().toISOString();
          const rows = good.map((r) => ({ seq: ++staged, line: r.line, data: JSON.stringify(r.record) }));
          await this.storage.transaction((tx) => tx.importStaging.stage(stageId, rows, stagedAt));
          for (const r of good) if (r.record.id !== '') state.knownRefs(entity.name).add(r.record.id);
        }
        opts.onProgress?.({ file: name, phase: 'validating', bytes, totalBytes, rows: report.rows });
      };
      const workerFrom = opts.workerFromBytes ?? WORKER_FROM_BYTES;
      const outcome = totalBytes >= workerFrom
        ? await parseCsvFileInWorker(file, entityName, parseOpts, onBatch, opts.signal)
        : await parseCsvFile(file, entityName, parseOpts, onBatch);
      if (outcome.fatal || (hasErrors() && !opts.skipInvalid)) throw new RollBack();

      // 2. Apply the staged rows in one transaction: the file becomes visible at once, or not at all.
      opts.onProgress?.({ file: name, phase: 'writing', bytes, totalBytes, rows: report.rows });
      phase('parse, check and stage');
      if (staged > 0) {
        await this.storage.transaction(async (tx) => {
          const counts = { inserted: 0, updated: 0, unchanged: 0, skipped: report.skipped };
          const errorsBefore = report.errors.length + report.more_errors;
          const applyState = state.forApply(entity.name);
          // Companies named in the company column and not found are created first, as rows of a companies file.
          if (companies.created > 0) await this.writeRows(tx, ws, ENTITIES.company, companies.newCompanyRows(), ['id', 'name', 'domain'], applyState, { inserted: 0, updated: 0, unchanged: 0 }, opts, []);
          touched.length = 0;
          for (let after = 0; ; ) {
            opts.signal?.throwIfAborted();
            const chunk = await tx.importStaging.read(stageId, after, parseOpts.batchRows);
            if (chunk.length === 0) break;
            after = chunk[chunk.length - 1]!.seq;
            const rows = chunk.map((c) => ({ line: c.line, record: JSON.parse(c.data) as CrmRecord }));
            // Re-checked in the writing transaction: another writer may have deleted a referenced record or taken a
            // unique value since the row was staged.
            const good = await this.checkBatch(tx, ws, entity, rows, applyState, counts, addError);
            await this.writeRows(tx, ws, entity, good, columns, applyState, counts, opts, touched);
            // Plain reads go on meanwhile (SQLite: on the reader connection; PostgreSQL: on other connections).
            await pause();
          }
          if (report.errors.length + report.more_errors > errorsBefore && !opts.skipInvalid) throw new RollBack();
          Object.assign(report, counts);
          if (companies.used) Object.assign(report, { companies_linked: companies.linked, companies_created: companies.created });
          if (report.inserted + report.updated > 0) {
            const { rows, inserted, updated, unchanged, skipped } = report;
            await tx.events.append(ws, [
              { entity: 'import', record_id: newId('im'), kind: 'imported', at: toTimestamp(this.clock.now()), actor: opts.actor ?? null, data: { object: entityName, file: name, rows, inserted, updated, unchanged, skipped, source: opts.source ?? 'import' } },
            ]);
          }
        });
        phase('final transaction');
      }
    } catch (e) {
      if (!(e instanceof RollBack)) throw e;
      report.rolled_back = true;
      report.inserted = report.updated = report.unchanged = 0;
      report.seconds = (performance.now() - started) / 1000;
      return report;
    } finally {
      if (staged > 0) await this.dropStage(stageId).catch(() => undefined);
    }
    phase('drop staged rows');
    if (report.inserted + report.updated > 0) await this.storage.optimize();
    phase('optimize');
    if (touched.length > 0 && entity.duplicateRules.length > 0) {
      const mine = new Set(touched);
      const pairs = await new DuplicatesService(this.storage).scan(ws, entity);
      report.duplicates = pairs.filter((p) => mine.has(p.a) || mine.has(p.b)).length;
      phase('duplicate scan');
    }
    report.seconds = (performance.now() - started) / 1000;
    return report;
  }

  /** Drops a stage in short transactions, letting other requests run between them. */
  private async dropStage(stageId: string) {
    while ((await this.storage.transaction((tx) => tx.importStaging.dropSome(stageId, DROP_ROWS))) > 0) await pause();
  }

  /**
   * References (every id must exist: earlier files, the database, or earlier rows of this file) and unique values
   * (not repeated in the file, not held by another record of the workspace). Returns the rows that pass.
   */
  private async checkBatch(
    tx: Storage,
    ws: string,
    entity: EntityDef,
    batch: PendingRow[],
    state: FileState,
    report: { skipped: number },
    addError: (e: Omit<RowError, 'file'>) => void,
  ): Promise<PendingRow[]> {
    for (const { field, parent } of parentRelations(entity)) {
      const wanted = [...new Set(batch.map((r) => r.record[field.name]).filter((v): v is string => typeof v === 'string'))];
      const known = state.knownRefs(parent.name);
      const unknown = wanted.filter((id) => !known.has(id));
      if (unknown.length > 0) for (const id of await tx.records.existingIds(ws, parent, unknown)) known.add(id);
      batch = batch.filter((r) => {
        const ref = r.record[field.name];
        if (typeof ref !== 'string' || known.has(ref)) return true;
        addError({ line: r.line, id: r.record.id, field: field.name, message: `${field.name}: ${parent.name} ${ref} does not exist` });
        report.skipped++;
        return false;
      });
    }
    // Unique values: not repeated in the file, not held by another record in the workspace.
    for (const f of entity.fields.filter((d) => d.unique)) {
      const key = entity.keys.find((k) => k.from.length === 1 && k.from[0] === f.name);
      if (!key) continue;
      const keyed = batch.map((r) => ({ r, k: typeof r.record[f.name] === 'string' ? normalizeKey(key.kind, r.record[f.name] as string) : null }));
      const holders = await tx.records.idsByKeys(ws, entity, key.column, keyed.map((x) => x.k).filter((k): k is string => k !== null));
      const seen = state.uniqueSeen(f.name);
      batch = keyed
        .filter(({ r, k }) => {
          if (k === null) return true;
          const prev = seen.get(k);
          const other = (holders.get(k) ?? []).find((id) => id !== r.record.id && !state.seenIds.has(id));
          const problem = prev && prev.id !== r.record.id ? `line ${prev.line}` : other ? `${entity.name} ${other}` : null;
          if (problem) {
            addError({ line: r.line, id: r.record.id, field: f.name, message: `${f.name} ${String(r.record[f.name])} is already used by ${problem}` });
            report.skipped++;
            return false;
          }
          seen.set(k, { line: r.line, id: r.record.id });
          return true;
        })
        .map((x) => x.r);
    }
    // Follow-up rules (owner cells → member ids, outcome and duration of calls and meetings): crm/follow-up.ts.
    return checkImportRows(new OwnerResolver(tx, ws), entity, batch, (r, p) => {
      addError({ line: r.line, id: r.record.id, field: p.field, message: p.message });
      report.skipped++;
    });
  }

  /** Upserts checked rows, with search documents, stage history, events and the change feed. */
  private async writeRows(
    tx: Storage,
    ws: string,
    entity: EntityDef,
    batch: PendingRow[],
    columns: string[],
    state: FileState,
    report: { inserted: number; updated: number; unchanged: number },
    opts: ImportOptions,
    touched: string[],
  ) {
    if (batch.length === 0) return;
    const now = toTimestamp(this.clock.now());
    for (const r of batch) {
      if (r.record.id === '') r.record.id = newId(entity.idPrefix);
      r.record.updated_at = now;
      if (r.record.created_at == null) r.record.created_at = now;
      state.knownRefs(entity.name).add(r.record.id);
    }
    const ids = batch.map((r) => r.record.id);
    const before = new Map((await tx.records.getMany(ws, entity, ids)).map((r) => [r.id, r]));
    // An update changes only what the file has columns for; created_at of new records defaults to now.
    const result = await tx.records.upsertMany(ws, entity, batch.map((r) => r.record), columns);
    report.inserted += result.inserted.length;
    report.updated += result.updated.length;
    report.unchanged += batch.length - result.inserted.length - result.updated.length;
    const changedIds = new Set([...result.inserted, ...result.updated]);
    if (entity.duplicateRules.length > 0) touched.push(...changedIds);
    const changed = batch.filter((r) => changedIds.has(r.record.id)).map((r) => r.record);
    await tx.search.index(ws, entity.name, changed.map((r) => ({ id: r.id, body: searchDocument(entity, r) })));
    if (entity.name === 'activity') await touchLastContacted(tx, ws, changed, this.clock.now());

    const events: RecordEvent[] = [];
    const stages: StageChange[] = [];
    for (const r of changed) {
      const old = before.get(r.id);
      if (!old) {
        if (entity.name === 'deal')
          stages.push({ deal_id: r.id, from_stage: null, to_stage: r.stage as string, at: (r.closed_at as string | null) ?? (r.created_at as string), source: 'import', actor: opts.actor ?? null });
        continue;
      }
      const changes: Record<string, [unknown, unknown]> = {};
      for (const f of columns) if (f !== 'id' && JSON.stringify(old[f] ?? null) !== JSON.stringify(r[f] ?? null)) changes[f] = [old[f] ?? null, r[f] ?? null];
      events.push({ entity: entity.name, record_id: r.id, kind: 'updated', at: now, actor: opts.actor ?? null, data: { changes, source: 'import' } });
      if (entity.name === 'deal' && old.stage !== r.stage) {
        const change = { from_stage: old.stage as string, to_stage: r.stage as string };
        stages.push({ deal_id: r.id, ...change, at: now, source: 'import', actor: opts.actor ?? null });
        events.push({ entity: 'deal', record_id: r.id, kind: 'stage_changed', at: now, actor: opts.actor ?? null, data: change });
      }
    }
    await tx.stageHistory.append(ws, stages);
    await tx.events.append(ws, events);
    await this.changeFeed.publish(tx, { workspaceId: ws, entity: entity.name, op: 'upsert', ids: changed.map((r) => r.id) });
  }
}

/** What one file's import remembers across batches: ids seen, references known to exist, unique values used. */
class FileState {
  constructor(readonly seenIds = new Map<string, number>()) {}

  /**
   * For the final transaction: the same ids of the file, and its own ids as known references (rows may point at
   * later rows of the file), but references to other objects and unique values checked afresh.
   */
  forApply(own: EntityName): FileState {
    const next = new FileState(this.seenIds);
    next.refs.set(own, new Set(this.knownRefs(own)));
    return next;
  }

  private readonly refs = new Map<string, Set<string>>();
  private readonly uniques = new Map<string, Map<string, { line: number; id: string }>>();
  knownRefs(entity: string) {
    let s = this.refs.get(entity);
    if (!s) this.refs.set(entity, (s = new Set()));
    return s;
  }
  uniqueSeen(field: string) {
    let m = this.uniques.get(field);
    if (!m) this.uniques.set(field, (m = new Map()));
    return m;
  }
}
