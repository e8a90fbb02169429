/**
 * CSV import: files are streamed (bounded memory), rows validated with the same schemas as the API, checked for
 * references, repeated ids and unique values, then upserted by id in batches inside one transaction per file.
 * A file with errors is rolled back whole unless `skipInvalid` is set, in which case only the bad rows are
 * left out. Every problem is reported with file, line and reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import type { Clock } from '../core/clock.js';
import { toTimestamp } from '../core/clock.js';
import { allFields, ENTITIES, ENTITY_ORDER, type CrmRecord, type EntityDef, type EntityName } from '../core/entities.js';
import { CrmError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { normalizeKey } from '../core/normalize.js';
import { describeIssues, recordSchemas } from '../core/record-schema.js';
import type { RecordEvent, StageChange, Storage } from '../storage/index.js';
import { ChangeFeed } from './change-feed.js';
import { mapHeader, parseCell } from './csv-mapping.js';
import { DuplicatesService } from './duplicates.service.js';
import { isClosedStage } from './pipeline.js';
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
  onProgress?: (p: { file: string; bytes: number; totalBytes: number; rows: number }) => void;
  /** Largest accepted CSV record, in bytes (guards memory against a runaway quoted field). */
  maxRecordBytes?: number;
}

const BATCH_ROWS = 1000;
const MAX_LISTED_ERRORS = 1000;

class RollBack extends Error {}

interface PendingRow {
  line: number;
  record: CrmRecord;
}

export class ImportService {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly changeFeed: ChangeFeed = new ChangeFeed(),
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
    const addError = (e: Omit<RowError, 'file'>) => {
      if (report.errors.length < MAX_LISTED_ERRORS) report.errors.push({ file: name, ...e });
      else report.more_errors++;
    };
    const totalBytes = fs.statSync(file).size;
    const touched: string[] = [];
    try {
      await this.storage.transaction(async (tx) => {
        const state = new FileState();
        const input = fs.createReadStream(file);
        const parser = input.pipe(
          parse({ bom: true, relax_column_count: false, max_record_size: opts.maxRecordBytes ?? 1_000_000, info: true, skip_empty_lines: true }),
        );
        let mapping: ReturnType<typeof mapHeader>['mapping'] | undefined;
        let batch: PendingRow[] = [];
        const flush = async () => {
          if (batch.length === 0) return;
          await this.writeBatch(tx, ws, entity, batch, [...mapping!.present, ...(mapping!.custom.length > 0 ? ['custom'] : [])], state, report, addError, opts, touched);
          batch = [];
          opts.onProgress?.({ file: name, bytes: input.bytesRead, totalBytes, rows: report.rows });
        };
        try {
          for await (const { record: cells, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
            if (!mapping) {
              const { mapping: m, problems } = mapHeader(entity, cells);
              if (problems.length > 0) {
                for (const p of problems) addError({ line: 1, message: p });
                throw new RollBack();
              }
              mapping = m;
              continue;
            }
            report.rows++;
            const line = info.lines;
            const row = this.parseRow(entity, mapping, cells, line, state, addError);
            if (row) batch.push(row);
            else report.skipped++;
            if (batch.length >= BATCH_ROWS) await flush();
          }
        } catch (e) {
          if (e instanceof RollBack) throw e;
          const err = e as { code?: string; message: string; lines?: number };
          if (typeof err.code === 'string' && err.code.startsWith('CSV_')) {
            addError({ line: err.lines ?? 0, message: `malformed CSV: ${err.message}` });
            throw new RollBack();
          }
          throw e;
        }
        if (!mapping) {
          addError({ line: 1, message: 'the file is empty (no header row)' });
          throw new RollBack();
        }
        await flush();
        if (report.errors.length + report.more_errors > 0 && !opts.skipInvalid) throw new RollBack();
        if (report.inserted + report.updated > 0) {
          const { rows, inserted, updated, unchanged, skipped } = report;
          await tx.events.append(ws, [
            { entity: 'import', record_id: newId('im'), kind: 'imported', at: toTimestamp(this.clock.now()), actor: opts.actor ?? null, data: { object: entityName, file: name, rows, inserted, updated, unchanged, skipped, source: opts.source ?? 'import' } },
          ]);
        }
      });
    } catch (e) {
      if (!(e instanceof RollBack)) throw e;
      report.rolled_back = true;
      report.inserted = report.updated = report.unchanged = 0;
      report.seconds = (performance.now() - started) / 1000;
      return report;
    }
    if (report.inserted + report.updated > 0) await this.storage.optimize();
    if (touched.length > 0 && entity.duplicateRules.length > 0) {
      const mine = new Set(touched);
      const pairs = await new DuplicatesService(this.storage).scan(ws, entity);
      report.duplicates = pairs.filter((p) => mine.has(p.a) || mine.has(p.b)).length;
    }
    report.seconds = (performance.now() - started) / 1000;
    return report;
  }

  private parseRow(
    entity: EntityDef,
    mapping: NonNullable<ReturnType<typeof mapHeader>['mapping']>,
    cells: string[],
    line: number,
    state: FileState,
    addError: (e: Omit<RowError, 'file'>) => void,
  ): PendingRow | null {
    const input: Record<string, unknown> = {};
    let ok = true;
    for (const { index, field } of mapping.fields) {
      const cell = cells[index] ?? '';
      if (field === 'id') {
        if (cell !== '') input.id = cell;
        continue;
      }
      const parsed = parseCell(field, cell);
      if ('error' in parsed) {
        addError({ line, id: cells[0], field: field.name, message: parsed.error });
        ok = false;
      } else if (parsed.value !== null) input[field.name] = parsed.value;
    }
    if (mapping.custom.length > 0) {
      const custom: Record<string, unknown> = {};
      for (const { index, name } of mapping.custom) if ((cells[index] ?? '') !== '') custom[name] = cells[index];
      input.custom = custom;
    }
    if (!ok) return null;
    const id = input.id as string | undefined;
    const parsed = recordSchemas(entity).create.safeParse(input);
    if (!parsed.success) {
      for (const d of describeIssues(parsed.error, input)) addError({ line, id, field: d.field, message: d.message });
      return null;
    }
    const data = parsed.data;
    if (id !== undefined) {
      const first = state.seenIds.get(id);
      if (first !== undefined) {
        addError({ line, id, field: 'id', message: `id ${id} is repeated (first on line ${first})` });
        return null;
      }
      state.seenIds.set(id, line);
    }
    if (entity.name === 'deal' && data.closed_at != null && !isClosedStage(data.stage)) {
      addError({ line, id, field: 'closed_at', message: `closed_at: only closed deals have a close date (stage is ${String(data.stage)})` });
      return null;
    }
    const record: CrmRecord = { id: id ?? '', custom: (data.custom as Record<string, unknown>) ?? {} };
    for (const f of allFields(entity)) record[f.name] = data[f.name] ?? null;
    return { line, record };
  }

  private async writeBatch(
    tx: Storage,
    ws: string,
    entity: EntityDef,
    batch: PendingRow[],
    columns: string[],
    state: FileState,
    report: FileReport,
    addError: (e: Omit<RowError, 'file'>) => void,
    opts: ImportOptions,
    touched: string[],
  ) {
    const now = toTimestamp(this.clock.now());
    // References: every id must exist (earlier files, or earlier rows of this transaction).
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
    if (batch.length === 0) return;

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
  readonly seenIds = new Map<string, number>();
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
