/**
 * CSV import: files are streamed (bounded memory) and their rows validated with the same schemas as the API (in a
 * worker thread for large files), checked for references, repeated ids and unique values, and written to a staging
 * area in short transactions of a batch each; then one final transaction applies the staged rows to the records
 * (re-checking references and unique values, which other writers may have changed meanwhile). So an import never
 * holds the write lock while it parses, other writers go on, and a file is still all or nothing: a file with errors
 * writes nothing unless `skipInvalid` is set (then only the bad rows are left out), and a failure or a crash leaves
 * only staged rows, which nothing reads and which are dropped. Every problem is reported with file, line and reason.
 * PostgreSQL skips the staging area: it checks and writes each batch inside the file's one transaction as it parses
 * (importDirect; a transaction that inserts blocks no other writer there), so rows are neither stored twice nor
 * checked and planned twice.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from '../core/clock.js';
import { toTimestamp } from '../core/clock.js';
import { DEFAULT_CRM_SETTINGS, type CrmSettings } from '../core/config.js';
import { ENTITIES, ENTITY_ORDER, type EntityDef, type EntityName } from '../core/entities.js';
import { CrmError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Storage } from '../storage/index.js';
import { ChangeFeed } from './change-feed.js';
import { DuplicatesService } from './duplicates.service.js';
import { describeRowProblem, parseCsvFile, parseCsvFileInWorker, warmParseWorker, type ParsedBatch, type ParseOptions } from './import-parse.js';
import { CompanyLinker } from './import-companies.js';
import { checkRows, FileState, fromStaged, planRows, stagedData, type RejectRow } from './import-rows.js';
import { applyStageHistory } from './import-stage-history.js';
import { parseHistoryFile } from './import-stage-history-parse.js';
import { LastContactedDates } from './follow-up.js';
import { commitWrites } from './write-commit.js';
import { planCreate, type WriteMeta } from './write-pipeline.js';

export interface RowError {
  file: string;
  line: number;
  id?: string;
  field?: string;
  message: string;
}

/** What an import file holds: one object's records, or deals' stage history (stage_history.csv, after deals). */
export type ImportFileKind = EntityName | typeof STAGE_HISTORY;
export const STAGE_HISTORY = 'stage_history';
/** The order files are imported in: a file's references are imported before it. */
export const IMPORT_ORDER: readonly ImportFileKind[] = [...ENTITY_ORDER.slice(0, ENTITY_ORDER.indexOf('deal') + 1), STAGE_HISTORY, ...ENTITY_ORDER.slice(ENTITY_ORDER.indexOf('deal') + 1)];
/** The file name of a kind in an import or export directory (`contacts.csv`, `stage_history.csv`). */
export const importFileName = (kind: ImportFileKind): string => `${kind === STAGE_HISTORY ? STAGE_HISTORY : ENTITIES[kind].plural}.csv`;

export interface FileReport {
  file: string;
  entity: ImportFileKind;
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
  /**
   * Stage the checked rows first and apply them in one final transaction (SQLite always). PostgreSQL writes each
   * batch as it is checked, in the file's one transaction, unless this is set (see importFile).
   */
  staged?: boolean;
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
/**
 * Staged rows applied per step of the final transaction on PostgreSQL: larger than a staging batch, so the records
 * an activity moves (a contact's last contacted date, its embedding job) are written once per 10,000 rows rather
 * than per 2,000. SQLite keeps 2,000: its statements run on the server's thread, and requests wait for each step.
 */
const APPLY_ROWS = 10_000;
/**
 * Rows per batch when PostgreSQL writes while it checks (the file's one transaction): large, so the embedding jobs of
 * the records an activity moves (its contact, company and deal) are queued once per 10,000 rows (5,000 and 20,000
 * measured the same within the noise; last contacted dates are written once per file).
 */
const DIRECT_BATCH_ROWS = 10_000;
const WORKER_FROM_BYTES = 2 * 1024 * 1024;
const MAX_LISTED_ERRORS = 1000;
/** Staged rows dropped per transaction once a file is done. */
const DROP_ROWS = 5000;
/** Gives the event loop a turn: other requests are served between bounded steps of an import. */
const pause = () => new Promise<void>((r) => setImmediate(r));

class RollBack extends Error {}

const emptyReport = (file: string, entity: ImportFileKind): FileReport => ({
  file, entity, rows: 0, inserted: 0, updated: 0, unchanged: 0, skipped: 0, errors: [], more_errors: 0, rolled_back: false, duplicates: 0, seconds: 0,
});

/** Adds a row error to the report: the first MAX_LISTED_ERRORS are listed, the rest counted. */
const errorAdder = (report: FileReport) => (e: Omit<RowError, 'file'>) => {
  if (report.errors.length < MAX_LISTED_ERRORS) report.errors.push({ file: report.file, ...e });
  else report.more_errors++;
};

/** What a parsed batch adds to its file's report and state before its rows are checked (both import paths). */
function takeBatch(b: ParsedBatch, report: FileReport, state: FileState, addError: (e: Omit<RowError, 'file'>) => void): void {
  for (const e of b.errors) addError(e);
  report.rows = b.rowsRead;
  report.skipped += b.skipped;
  for (const r of b.rows) if (r.record.id !== '') state.seenIds.set(r.record.id, r.line);
}

export class ImportService {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly changeFeed: ChangeFeed = new ChangeFeed(),
    private readonly settings: CrmSettings = DEFAULT_CRM_SETTINGS,
  ) {}

  /**
   * Imports `<plural>.csv` files of a directory in dependency order (companies, contacts, deals, stage_history,
   * activities). `historyFile`: a stage history file by another name (a HubSpot export), in place of stage_history.csv.
   */
  async importDirectory(ws: string, dir: string, opts: ImportOptions = {}, historyFile?: string): Promise<ImportReport> {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new CrmError('validation', `${dir} is not a directory`);
    if (historyFile !== undefined && !fs.existsSync(historyFile)) throw new CrmError('validation', `${historyFile} does not exist`);
    const files = IMPORT_ORDER.filter((e) => fs.existsSync(path.join(dir, importFileName(e)))).map((e) => ({ entity: e, file: path.join(dir, importFileName(e)) }));
    if (historyFile !== undefined) {
      if (files.some((f) => f.entity === STAGE_HISTORY)) throw new CrmError('validation', `${dir} has a ${importFileName(STAGE_HISTORY)} too: import one stage history at a time`);
      files.push({ entity: STAGE_HISTORY, file: historyFile });
    }
    if (files.length === 0) throw new CrmError('validation', `${dir} has none of ${IMPORT_ORDER.map(importFileName).join(', ')}`);
    return this.importFiles(ws, files, opts);
  }

  async importFiles(ws: string, files: { entity: ImportFileKind; file: string; name?: string }[], opts: ImportOptions = {}): Promise<ImportReport> {
    const ordered = [...files].sort((a, b) => IMPORT_ORDER.indexOf(a.entity) - IMPORT_ORDER.indexOf(b.entity));
    const report: ImportReport = { files: [], not_imported: [], ok: true };
    if (ordered.some((f) => f.entity !== STAGE_HISTORY && fs.existsSync(f.file) && fs.statSync(f.file).size >= (opts.workerFromBytes ?? WORKER_FROM_BYTES))) warmParseWorker();
    for (const f of ordered) {
      if (!report.ok) {
        report.not_imported.push(f.name ?? path.basename(f.file));
        continue;
      }
      const r = f.entity === STAGE_HISTORY ? await this.importHistoryFile(ws, f.file, opts, f.name) : await this.importFile(ws, f.entity, f.file, opts, f.name);
      report.files.push(r);
      if (r.rolled_back) report.ok = false;
    }
    if (report.files.some((f) => f.errors.length > 0)) report.ok = false;
    return report;
  }

  async importFile(ws: string, entityName: EntityName, file: string, opts: ImportOptions = {}, displayName?: string): Promise<FileReport> {
    const entity = ENTITIES[entityName];
    const name = displayName ?? path.basename(file);
    const report = emptyReport(name, entityName);
    const started = performance.now();
    // CRM_IMPORT_TIMING=1 (settings.importTiming) logs how long each phase of a file took (to stderr), to see where an import's time goes.
    let phaseStart = started;
    const phase = (what: string) => {
      const now = performance.now();
      if (this.settings.importTiming) console.error(`[import ${name}] ${what}: ${Math.round(now - phaseStart)} ms`);
      phaseStart = now;
    };
    const addError = errorAdder(report);
    const hasErrors = () => report.errors.length + report.more_errors > 0;
    // A row left out by the checks or the write rules: its error names the record and the bad value.
    const rejectInto = (counts: { skipped: number }): RejectRow => (row, problem) => {
      addError({ line: row.line, id: row.record.id || undefined, field: problem.field, message: describeRowProblem(row.label, problem, row.record) });
      counts.skipped++;
    };
    const totalBytes = fs.statSync(file).size;
    const touched: string[] = [];
    const stageId = `${opts.stagePrefix ?? 'import'}/${newId('stg')}`;
    const state = new FileState();
    const companies = new CompanyLinker(); // the company column: import-companies.ts
    let columns: string[] = [];
    let staged = 0;
    let bytes = 0;
    /** The tables whose statistics the file made stale (undefined: all of them; see Storage.staleTables). */
    let stale: string[] | undefined;
    try {
      if (this.storage.dialect === 'postgres' && !opts.staged) {
        stale = await this.importDirect(ws, entity, file, opts, { name, report, state, companies, touched, rejectInto, addError, hasErrors, totalBytes });
        phase('parse, check and write');
      } else {
        // 1. Parse, validate and check each batch, and stage the good rows: one short transaction per batch.
        const parseOpts: ParseOptions = { batchRows: opts.batchRows ?? BATCH_ROWS, maxRecordBytes: opts.maxRecordBytes ?? 1_000_000 };
        const onBatch = async (b: ParsedBatch) => {
          opts.signal?.throwIfAborted();
          columns = b.columns;
          bytes = b.bytes;
          takeBatch(b, report, state, addError);
          // Once the file is known to fail whole, the rest is only validated (every error is still reported).
          for (const id of await companies.resolve(this.storage, ws, b.rows)) state.knownRefs('company').add(id);
          const checked = await checkRows(this.storage, ws, entity, b.rows, state, rejectInto(report));
          // Planned to check the rows only (the final transaction plans them again): no search documents here.
          const good = (await planRows(this.storage, ws, entity, checked, columns, this.meta(opts), rejectInto(report), { search: false })).map((p) => p.row);
          if (good.length > 0 && (opts.skipInvalid || !hasErrors())) {
            const stagedAt = this.clock.now().toISOString();
            const rows = good.map((r) => ({ seq: ++staged, line: r.line, data: stagedData(r) }));
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
            if (companies.used) {
              // One import at a time decides which companies to create: the other then finds and links them.
              await tx.lock(`company-link:${ws}`);
              await companies.recheck(tx, ws);
              for (const id of companies.plannedIds()) applyState.knownRefs('company').add(id);
            }
            touched.length = 0;
            // The last contacted dates the file's activities move, written once at the end (follow-up.ts). PostgreSQL
            // only: SQLite's raiseValues is a CASE over every id (quadratic in the ids of one statement), so one statement
            // for a whole file's contacts cost more than one per step (measured: final transaction 4.1–4.7 → 5.4 s of CPU).
            const lastContacted = this.storage.dialect === 'postgres' ? new LastContactedDates() : undefined;
            // The previous step's writes, still being stored while this step reads, checks and plans its rows: on
            // PostgreSQL the server writes one step while node plans the next. The writes themselves stay in order
            // (a step is stored once the one before it is), and the next step's checks need nothing of them (its
            // ids are new to the file; values it takes from earlier rows are known from the file's own state).
            let storing: Promise<void> | undefined;
            const stored = async () => {
              const p = storing;
              storing = undefined;
              await p;
            };
            try {
              for (let after = 0; ; ) {
                opts.signal?.throwIfAborted();
                const chunk = await tx.importStaging.read(stageId, after, opts.batchRows ?? (this.storage.dialect === 'postgres' ? APPLY_ROWS : BATCH_ROWS));
                if (chunk.length === 0) break;
                after = chunk[chunk.length - 1]!.seq;
                const rows = chunk.map((c) => fromStaged(c.line, c.data));
                for (const r of rows) companies.relink(r);
                // Checked and planned again in the writing transaction: another writer may have deleted a referenced
                // record, taken a unique value or changed a record since the row was staged.
                const meta = this.meta(opts);
                const checked = await checkRows(tx, ws, entity, rows, applyState, rejectInto(counts));
                const planned = await planRows(tx, ws, entity, checked, columns, meta, rejectInto(counts));
                const writes = planned.flatMap((p) => (p.plan ? [p.plan] : []));
                for (const p of planned) companies.count(p.row);
                counts.inserted += writes.filter((w) => w.op === 'create').length;
                counts.updated += writes.filter((w) => w.op === 'update').length;
                counts.unchanged += planned.length - writes.length;
                await stored();
                storing = commitWrites(tx, ws, entity, writes, meta, this.changeFeed, { lastContacted });
                storing.catch(() => undefined); // awaited by stored(); its failure is the step's, not this one's
                if (entity.duplicateRules.length > 0) touched.push(...writes.map((w) => w.record.id));
                // Plain reads go on meanwhile (SQLite: on the reader connection; PostgreSQL: on other connections).
                await pause();
              }
              await stored();
              await lastContacted?.write(tx, ws);
            } catch (e) {
              // A failed write makes the transaction's later statements fail too: the write's own error is the cause.
              await stored();
              throw e;
            }
            // The companies that rows written name and that do not exist yet, created like any other record.
            const newCompanies = companies.newCompanies();
            if (newCompanies.length > 0) {
              const meta = this.meta(opts);
              await commitWrites(tx, ws, ENTITIES.company, newCompanies.map((c) => planCreate(ENTITIES.company, c, meta)), meta, this.changeFeed);
            }
            if (report.errors.length + report.more_errors > errorsBefore && !opts.skipInvalid) throw new RollBack();
            Object.assign(report, counts);
            if (companies.used) Object.assign(report, { companies_linked: companies.linked, companies_created: companies.created });
            if (report.inserted + report.updated > 0) await this.appendImported(tx, ws, report, entityName, name, opts);
            stale = await tx.staleTables();
          });
          phase('final transaction');
        }
      }
    } catch (e) {
      if (!(e instanceof RollBack)) throw e;
      report.errors.sort((a, b) => a.line - b.line);
      report.rolled_back = true;
      report.inserted = report.updated = report.unchanged = 0;
      report.seconds = (performance.now() - started) / 1000;
      return report;
    } finally {
      if (staged > 0) await this.dropStage(stageId).catch(() => undefined);
    }
    phase('drop staged rows');
    if (report.inserted + report.updated > 0 && stale?.length !== 0) await this.storage.optimize(stale);
    phase('optimize');
    if (touched.length > 0 && entity.duplicateRules.length > 0) {
      const mine = new Set(touched);
      const pairs = await new DuplicatesService(this.storage).scan(ws, entity);
      report.duplicates = pairs.filter((p) => mine.has(p.a) || mine.has(p.b)).length;
      phase('duplicate scan');
    }
    report.errors.sort((a, b) => a.line - b.line);
    report.seconds = (performance.now() - started) / 1000;
    return report;
  }

  /**
   * PostgreSQL: the file in ONE transaction, each batch checked, planned and written as it is parsed. No staging
   * area, so no row is stored twice, read back and checked and planned a second time; the checks run in the writing
   * transaction itself, against the records as they are (the staged path re-checks there for the same reason).
   * Other writers go on meanwhile: a PostgreSQL transaction that inserts rows blocks nobody (it holds the rows it
   * updates and the contacts and companies whose last contacted date it moves, as the staged final transaction
   * does). A file with errors is rolled back whole (after the first error no more rows are written, only checked), so
   * it is all in or all out as before; a killed import commits nothing. SQLite stages first: its one writer would
   * make every other write wait while the file is parsed.
   */
  private async importDirect(
    ws: string,
    entity: EntityDef,
    file: string,
    opts: ImportOptions,
    f: {
      name: string;
      report: FileReport;
      state: FileState;
      companies: CompanyLinker;
      touched: string[];
      rejectInto: (counts: { skipped: number }) => RejectRow;
      addError: (e: Omit<RowError, 'file'>) => void;
      hasErrors: () => boolean;
      totalBytes: number;
    },
  ): Promise<string[] | undefined> {
    const { name, report, state, companies, touched, rejectInto, addError, hasErrors, totalBytes } = f;
    return this.storage.transaction(async (tx) => {
      const written = { inserted: 0, updated: 0, unchanged: 0 };
      let columns: string[] = [];
      let bytes = 0;
      let locked = false;
      let first = true;
      // The last contacted dates the file's activities move, written once at the end (follow-up.ts).
      const lastContacted = new LastContactedDates();
      // A batch's writes are stored while the next batch is checked and planned (as the staged final transaction
      // does): statements still run in order on the transaction's connection, and a batch's checks need nothing of
      // the batch before it that the file's own state does not hold (its ids, the unique values it takes or frees).
      let storing: Promise<void> | undefined;
      const stored = async () => {
        const p = storing;
        storing = undefined;
        await p;
      };
      const onBatch = async (b: ParsedBatch) => {
        try {
          opts.signal?.throwIfAborted();
          columns = b.columns;
          bytes = b.bytes;
          takeBatch(b, report, state, addError);
          if (!locked && b.rows.some((r) => r.company)) {
            // One import at a time decides which companies to create: the other then finds and links them.
            await tx.lock(`company-link:${ws}`);
            locked = true;
          }
          for (const id of await companies.resolve(tx, ws, b.rows)) state.knownRefs('company').add(id);
          const meta = this.meta(opts);
          const checked = await checkRows(tx, ws, entity, b.rows, state, rejectInto(report));
          const planned = await planRows(tx, ws, entity, checked, columns, meta, rejectInto(report));
          // Once the file is known to fail whole, the rest is only checked (every error is still reported).
          if (planned.length > 0 && (opts.skipInvalid || !hasErrors())) {
            const writes = planned.flatMap((p) => (p.plan ? [p.plan] : []));
            for (const p of planned) {
              companies.count(p.row);
              if (p.row.record.id !== '') state.knownRefs(entity.name).add(p.row.record.id);
            }
            for (const w of writes) written[w.op === 'create' ? 'inserted' : 'updated']++;
            written.unchanged += planned.length - writes.length;
            await stored();
            storing = commitWrites(tx, ws, entity, writes, meta, this.changeFeed, { lastContacted });
            storing.catch(() => undefined); // awaited by stored(); its failure is the batch's, not the next one's
            if (first && this.settings.importTiming) {
              first = false;
              // The kill -9 fault test waits for this line: rows are written, the transaction is open.
              void storing.then(() => console.error(`[import ${name}] first batch written, transaction open`), () => undefined);
            }
            if (entity.duplicateRules.length > 0) touched.push(...writes.map((w) => w.record.id));
          }
          opts.onProgress?.({ file: name, phase: 'validating', bytes, totalBytes, rows: report.rows });
          await pause();
        } catch (e) {
          // A failed write makes the transaction's later statements fail too: the write's own error is the cause.
          await stored();
          throw e;
        }
      };
      const parseOpts: ParseOptions = { batchRows: opts.batchRows ?? DIRECT_BATCH_ROWS, maxRecordBytes: opts.maxRecordBytes ?? 1_000_000 };
      const outcome = totalBytes >= (opts.workerFromBytes ?? WORKER_FROM_BYTES)
        ? await parseCsvFileInWorker(file, entity.name, parseOpts, onBatch, opts.signal)
        : await parseCsvFile(file, entity.name, parseOpts, onBatch);
      await stored();
      if (outcome.fatal || (hasErrors() && !opts.skipInvalid)) throw new RollBack();
      await lastContacted.write(tx, ws);
      opts.onProgress?.({ file: name, phase: 'writing', bytes, totalBytes, rows: report.rows });
      // The companies that rows written name and that do not exist yet, created like any other record.
      const newCompanies = companies.newCompanies();
      if (newCompanies.length > 0) {
        const meta = this.meta(opts);
        await commitWrites(tx, ws, ENTITIES.company, newCompanies.map((c) => planCreate(ENTITIES.company, c, meta)), meta, this.changeFeed);
      }
      Object.assign(report, written);
      if (companies.used) Object.assign(report, { companies_linked: companies.linked, companies_created: companies.created });
      if (report.inserted + report.updated > 0) await this.appendImported(tx, ws, report, entity.name, name, opts);
      return tx.staleTables();
    });
  }

  /**
   * Imports deals' stage history (import-stage-history.ts: how it meets the moves already recorded). The file is
   * read whole, then checked and written in one transaction, all or nothing as other files are.
   */
  async importHistoryFile(ws: string, file: string, opts: ImportOptions = {}, displayName?: string): Promise<FileReport> {
    const name = displayName ?? path.basename(file);
    const started = performance.now();
    const report = emptyReport(name, STAGE_HISTORY);
    const addError = errorAdder(report);
    const totalBytes = fs.statSync(file).size;
    opts.onProgress?.({ file: name, phase: 'validating', bytes: 0, totalBytes, rows: 0 });
    const parsed = await parseHistoryFile(file, opts.maxRecordBytes ?? 1_000_000);
    parsed.problems.forEach(addError);
    report.rows = parsed.rowsRead;
    report.skipped = parsed.skipped;
    const finish = (rolledBack: boolean) => {
      report.errors.sort((a, b) => a.line - b.line);
      if (rolledBack) Object.assign(report, { rolled_back: true, inserted: 0, updated: 0, unchanged: 0 });
      report.seconds = (performance.now() - started) / 1000;
      return report;
    };
    if (parsed.fatal) return finish(true);
    opts.onProgress?.({ file: name, phase: 'writing', bytes: totalBytes, totalBytes, rows: report.rows });
    try {
      await this.storage.transaction(async (tx) => {
        opts.signal?.throwIfAborted();
        const write = opts.skipInvalid === true || parsed.problems.length === 0;
        // A deal with a bad row is left out whole: its history would have a hole.
        const spoilt = new Set(parsed.problems.flatMap((p) => (p.id ? [p.id] : [])));
        const rows = parsed.rows.filter((r) => !spoilt.has(r.deal_id));
        report.skipped += new Set(parsed.rows.filter((r) => spoilt.has(r.deal_id)).map((r) => r.line)).size;
        const outcome = await applyStageHistory(tx, ws, rows, { actor: opts.actor ?? null, write, addProblem: addError });
        report.skipped += outcome.skipped;
        report.inserted = outcome.inserted;
        report.unchanged = outcome.unchanged;
        if (!opts.skipInvalid && report.errors.length + report.more_errors > 0) throw new RollBack();
        if (outcome.inserted > 0) {
          const { rows, inserted, unchanged, skipped } = report;
          await tx.events.append(ws, [
            { entity: 'import', record_id: newId('im'), kind: 'imported', at: toTimestamp(this.clock.now()), actor: opts.actor ?? null, data: { object: STAGE_HISTORY, file: name, rows, inserted, updated: 0, unchanged, skipped, deals: outcome.deals, source: opts.source ?? 'import' } },
          ]);
        }
      });
    } catch (e) {
      if (!(e instanceof RollBack)) throw e;
      return finish(true);
    }
    return finish(false);
  }

  /** Drops a stage in short transactions, letting other requests run between them. */
  private async dropStage(stageId: string) {
    while ((await this.storage.transaction((tx) => tx.importStaging.dropSome(stageId, DROP_ROWS))) > 0) await pause();
  }

  /** The import's own event: what file of which object it wrote, and how many rows of each kind. */
  private async appendImported(tx: Storage, ws: string, report: FileReport, object: EntityName, file: string, opts: ImportOptions) {
    const { rows, inserted, updated, unchanged, skipped } = report;
    await tx.events.append(ws, [
      { entity: 'import', record_id: newId('im'), kind: 'imported', at: toTimestamp(this.clock.now()), actor: opts.actor ?? null, data: { object, file, rows, inserted, updated, unchanged, skipped, source: opts.source ?? 'import' } },
    ]);
  }

  private meta(opts: ImportOptions): WriteMeta {
    return { at: toTimestamp(this.clock.now()), source: 'import', actor: opts.actor ?? null };
  }
}
