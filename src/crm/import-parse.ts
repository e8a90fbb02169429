/**
 * The CPU half of a CSV import: streaming the file, mapping its header, and validating each row with the same
 * schemas as the API (no database). It runs in the importing thread for small files and in a worker thread for
 * large ones (import-parse.worker.ts), so a big upload does not keep the server's event loop busy.
 */
import fs from 'node:fs';
import { CsvError, parse } from 'csv-parse';
import { allFields, ENTITIES, type CrmRecord, type EntityDef, type EntityName } from '../core/entities.js';
import { describeIssues, recordSchemas } from '../core/record-schema.js';
import { mapHeader, parseCell, type ColumnMapping } from './csv-mapping.js';
import { restoreFormulaText } from '../core/csv-text.js';
import type { Worker } from 'node:worker_threads';
import { spawnModuleWorker } from '../core/worker-thread.js';

export interface RowProblem {
  line: number;
  id?: string;
  field?: string;
  message: string;
}

export interface PendingRow {
  line: number;
  /** How the row's errors name it: "Ada Byron <ada@acme.com>", "Acme (acme.com)" (see rowLabel). */
  label: string;
  record: CrmRecord;
  /** The company named by the file's company column (a name or a domain), to link or create (import-companies.ts). */
  company?: string;
}

/** What one batch of rows came to. `rowsRead` and `bytes` count from the start of the file. */
export interface ParsedBatch {
  /** The record fields the file has columns for (and `custom`), known from the header on. */
  columns: string[];
  rows: PendingRow[];
  errors: RowProblem[];
  /** Rows of this batch left out because they are invalid. */
  skipped: number;
  rowsRead: number;
  bytes: number;
}

export interface ParseOptions {
  batchRows: number;
  /** Largest accepted CSV record, in bytes. */
  maxRecordBytes: number;
}

/** `fatal`: the file cannot be imported at all (bad header, malformed CSV, empty); its problems were in a batch. */
export type ParseOutcome = { fatal: boolean };

type OnBatch = (batch: ParsedBatch) => Promise<void>;

/** Streams and validates `file` in this thread, handing each batch to `onBatch` (awaited: bounded memory). */
export async function parseCsvFile(file: string, entityName: EntityName, opts: ParseOptions, onBatch: OnBatch): Promise<ParseOutcome> {
  const entity = ENTITIES[entityName];
  const input = fs.createReadStream(file);
  const parser = input.pipe(parse({ bom: true, relax_column_count: false, max_record_size: opts.maxRecordBytes, info: true, skip_empty_lines: true }));
  let mapping: ReturnType<typeof mapHeader>['mapping'] | undefined;
  let columns: string[] = [];
  const seenIds = new Map<string, number>();
  let batch: ParsedBatch = { columns, rows: [], errors: [], skipped: 0, rowsRead: 0, bytes: 0 };
  let rowsRead = 0;
  /** The line the last record ended on (an unclosed quote opens the record after it). */
  let lastLine = 0;
  const flush = async () => {
    batch.columns = columns;
    batch.rowsRead = rowsRead;
    batch.bytes = input.bytesRead;
    await onBatch(batch);
    batch = { columns, rows: [], errors: [], skipped: 0, rowsRead, bytes: input.bytesRead };
  };
  try {
    for await (const { record: cells, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      lastLine = info.lines;
      if (!mapping) {
        const { mapping: m, problems } = mapHeader(entity, cells);
        if (problems.length > 0) {
          batch.errors.push(...problems.map((message) => ({ line: 1, message })));
          await flush();
          return { fatal: true };
        }
        mapping = m;
        columns = [...m.present, ...(m.custom.length > 0 ? ['custom'] : [])];
        continue;
      }
      rowsRead++;
      const row = parseRow(entity, mapping, cells, info.lines, seenIds, (e) => batch.errors.push(e));
      if (row) batch.rows.push(row);
      else batch.skipped++;
      if (batch.rows.length + batch.skipped >= opts.batchRows) await flush();
    }
  } catch (e) {
    // Every parse error of csv-parse is a CsvError; their codes are not all CSV_… (INVALID_OPENING_QUOTE is not).
    if (e instanceof CsvError) {
      const err = e as CsvError & { lines?: number };
      // csv-parse counts lines from 1 and says where the record that failed is (its start for quoting errors).
      // A quote never closed is found only at the end of the file; the record it spoils starts after the last good one.
      if (err.code === 'CSV_QUOTE_NOT_CLOSED') batch.errors.push({ line: lastLine + 1, message: `malformed CSV: the quoted field that starts on line ${lastLine + 1} is never closed` });
      else batch.errors.push({ line: err.lines ?? 0, message: `malformed CSV: ${err.message}` });
      await flush();
      return { fatal: true };
    }
    throw e;
  } finally {
    input.destroy();
  }
  if (!mapping) {
    batch.errors.push({ line: 1, message: 'the file is empty (no header row)' });
    await flush();
    return { fatal: true };
  }
  await flush();
  return { fatal: false };
}

/**
 * Batches the worker may parse ahead of the importing thread. The worker parses the next batch while this thread
 * checks and stages the last one (on two cores the two overlap), and stops once this many are unacknowledged:
 * memory stays bounded (a few batches) however large the file.
 */
export const PARSE_AHEAD = 2;

/** How long a parse worker with nothing to do is kept for the next file. */
const WORKER_IDLE_MS = 60_000;
/** Workers that finished a file cleanly, waiting for the next (one per import that ran at the same time, at most). */
const idleWorkers: { worker: Worker; timer: NodeJS.Timeout }[] = [];

/** An idle worker, or a new one: starting a worker thread (and tsx in it) costs ~2 s of CPU, more than parsing a 30,000-row file. */
function takeWorker(): Worker {
  const idle = idleWorkers.pop();
  if (idle) {
    clearTimeout(idle.timer);
    idle.worker.ref();
    return idle.worker;
  }
  const worker = spawnModuleWorker(import.meta.url, 'import-parse.worker', null);
  worker.on('exit', () => {
    const i = idleWorkers.findIndex((w) => w.worker === worker);
    if (i >= 0) clearTimeout(idleWorkers.splice(i, 1)[0]!.timer);
  });
  return worker;
}

/** Keeps a worker that finished its file for the next one; it does not keep the process alive, and ends when unused. */
function releaseWorker(worker: Worker) {
  // An idle worker's error only ends it (its 'exit' takes it off the list); nobody is waiting for it.
  worker.removeAllListeners('message').removeAllListeners('error').on('error', () => undefined);
  worker.unref();
  const timer = setTimeout(() => void worker.terminate(), WORKER_IDLE_MS);
  timer.unref();
  idleWorkers.push({ worker, timer });
}

/** Starts a parse worker for a file still to come (it starts on another core while earlier files import). */
export function warmParseWorker(): void {
  if (idleWorkers.length === 0) releaseWorker(takeWorker());
}

/** The same in a worker thread, parsing ahead of the batches handed to `onBatch` (which still run one at a time, in order). */
export function parseCsvFileInWorker(file: string, entityName: EntityName, opts: ParseOptions, onBatch: OnBatch, signal?: AbortSignal): Promise<ParseOutcome> {
  return new Promise<ParseOutcome>((resolve, reject) => {
    const worker = takeWorker();
    let settled = false;
    // The batches received so far, handled one after the other; the worker's outcome counts once they all are.
    let handled = Promise.resolve();
    const onExit = (code: number) => handled.then(() => finish(false, () => reject(new Error(`the CSV parsing worker stopped (exit code ${code})`))), () => undefined);
    /** `reuse`: the worker finished the file and every batch was acknowledged; otherwise it is stopped. */
    const finish = (reuse: boolean, fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      worker.off('exit', onExit);
      if (reuse) releaseWorker(worker);
      else void worker.terminate();
      fn();
    };
    const onAbort = () => finish(false, () => reject(signal!.reason ?? new Error('aborted')));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: { type: 'batch'; batch: ParsedBatch } | { type: 'done'; outcome: ParseOutcome } | { type: 'error'; message: string; code?: string }) => {
      if (m.type === 'batch') {
        handled = handled.then(async () => {
          if (settled) return;
          await onBatch(m.batch);
          if (!settled) worker.postMessage('ack');
        });
        handled.catch((e: unknown) => finish(false, () => reject(e)));
      } else if (m.type === 'done') handled.then(() => finish(true, () => resolve(m.outcome)), () => undefined);
      else {
        const error = Object.assign(new Error(m.message), { code: m.code });
        handled.then(() => finish(false, () => reject(error)), () => undefined);
      }
    });
    worker.on('error', (e) => finish(false, () => reject(e)));
    worker.on('exit', onExit);
    worker.postMessage({ type: 'parse', file, entityName, opts, ahead: PARSE_AHEAD });
  });
}

function parseRow(
  entity: EntityDef,
  mapping: NonNullable<ReturnType<typeof mapHeader>['mapping']>,
  cells: string[],
  line: number,
  seenIds: Map<string, number>,
  addError: (e: RowProblem) => void,
): PendingRow | null {
  const input: Record<string, unknown> = {};
  let ok = true;
  const who = rowLabel(entity, mapping, cells);
  for (const { index, field } of mapping.fields) {
    const cell = cells[index] ?? '';
    if (field === 'id') {
      if (cell !== '') input.id = cell;
      continue;
    }
    const parsed = parseCell(field, cell);
    if ('error' in parsed) {
      addError({ line, id: idCell(mapping, cells), field: field.name, message: `${who}: ${parsed.error.replace(`${field.name}: `, `${field.name} `)}` });
      ok = false;
    } else if (parsed.value !== null) input[field.name] = parsed.value;
  }
  if (mapping.custom.length > 0) {
    const custom: Record<string, unknown> = {};
    // An empty cell clears the custom field (a row of an existing record is a patch; new records drop the nulls).
    for (const { index, name } of mapping.custom) custom[name] = (cells[index] ?? '') !== '' ? restoreFormulaText(cells[index]!) : null;
    input.custom = custom;
  }
  if (!ok) return null;
  const id = input.id as string | undefined;
  const parsed = recordSchemas(entity).create.safeParse(input);
  if (!parsed.success) {
    // "Ada Byron <ada@@x>: email "ada@@x" must be an email address": the record and the bad value, not only the line.
    for (const d of describeIssues(parsed.error, input)) addError({ line, id, field: d.field, message: `${who}: ${withValue(d, input)}` });
    return null;
  }
  const data = parsed.data;
  if (id !== undefined) {
    const first = seenIds.get(id);
    if (first !== undefined) {
      addError({ line, id, field: 'id', message: `${who}: id ${id} is repeated (first on line ${first})` });
      return null;
    }
    seenIds.set(id, line);
  }
  const record: CrmRecord = { id: id ?? '', custom: (data.custom as Record<string, unknown>) ?? {} };
  for (const f of allFields(entity)) record[f.name] = data[f.name] ?? null;
  const company = mapping.companyLink !== undefined ? restoreFormulaText(cells[mapping.companyLink] ?? '').trim() : '';
  return company !== '' ? { line, label: who, record, company } : { line, label: who, record };
}

function idCell(mapping: ColumnMapping, cells: string[]): string | undefined {
  const at = mapping.fields.find((f) => f.field === 'id')?.index;
  return at === undefined || cells[at] === '' ? undefined : cells[at];
}

/** How a row is named in its errors: "Ada Byron <ada@acme.com>", "Acme (acme.com)", else its id or "(no name)". */
export function rowLabel(entity: EntityDef, mapping: ColumnMapping, cells: string[]): string {
  const cell = (name: string) => {
    const at = mapping.fields.find((f) => f.field !== 'id' && f.field.name === name)?.index;
    return at === undefined ? '' : restoreFormulaText(cells[at] ?? '').trim();
  };
  const clip = (s: string) => (s.length > 60 ? `${s.slice(0, 60)}…` : s);
  const name = clip(entity.titleFields.map(cell).filter(Boolean).join(' '));
  const extra = clip(entity.name === 'contact' ? cell('email') : entity.name === 'company' ? cell('domain') : '');
  const id = idCell(mapping, cells);
  if (name && extra) return entity.name === 'contact' ? `${name} <${extra}>` : `${name} (${extra})`;
  return name || extra || (id ? `${entity.name} ${id}` : '(no name)');
}

/** A schema problem with the value that caused it: `email "ada@@x" must be an email address`. */
function withValue(d: { field?: string; message: string }, input: Record<string, unknown>): string {
  if (!d.field || !d.message.startsWith(`${d.field}: `)) return d.message;
  const value = input[d.field.split('.')[0]!];
  if (value === undefined || value === null) return d.message;
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return `${d.field} "${shown.length > 60 ? `${shown.slice(0, 60)}…` : shown}" ${d.message.slice(d.field.length + 2)}`;
}

/**
 * A row's problem as its error reads: the record, then the message with the bad value when the message does not
 * already say it — `Open deal: closed_at "2026-02-01T00:00:00Z": only closed deals have a close date (stage is lead)`.
 */
export function describeRowProblem(label: string, problem: { field?: string; message: string }, record: Record<string, unknown>): string {
  const { field, message } = problem;
  const value = field ? record[field] : undefined;
  const shown = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
  if (!field || shown === undefined || message.includes(shown) || !message.startsWith(`${field}: `)) return `${label}: ${message}`;
  return `${label}: ${field} "${shown.length > 60 ? `${shown.slice(0, 60)}…` : shown}": ${message.slice(field.length + 2)}`;
}
