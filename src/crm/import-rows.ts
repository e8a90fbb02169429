/**
 * The importer's rows through the write pipeline: each batch is checked in bulk (references, unique values, owners;
 * write-checks.ts) and planned (write-pipeline.ts) exactly as an API write would be, against the records as they
 * are; a row that fails is reported with its line, the record it is and the bad value, and left out.
 */
import { fieldOf, type CrmRecord, type EntityDef, type EntityName } from '../core/entities.js';
import { CrmError } from '../core/errors.js';
import type { Storage } from '../storage/index.js';
import { readLostReasons } from './deal-settings.js';
import { checkImportRows, OwnerResolver } from './follow-up.js';
import type { PendingRow } from './import-parse.js';
import { referenceProblems, uniqueProblems, type TakenValues, type WriteProblem } from './write-checks.js';
import { needsLostReasons, planCreate, planUpdate, type PlanOptions, type PlannedWrite, type WriteMeta } from './write-pipeline.js';

/** A row left out: its field and the message (without the record's name; see describeRowProblem). */
export type RejectRow = (row: PendingRow, problem: { field?: string; message: string }) => void;

/** What one file's import remembers across batches: ids seen, references known to exist, unique values used. */
export class FileState {
  private readonly refs = new Map<string, Set<string>>();
  readonly taken: TakenValues = new Map();

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

  knownRefs(entity: string) {
    let s = this.refs.get(entity);
    if (!s) this.refs.set(entity, (s = new Set()));
    return s;
  }
}

/**
 * References (every id must exist: earlier files, the database, or rows of this file), unique values (not repeated
 * in the file, not held by another record of the workspace) and owners (a member's id, e-mail or name, rewritten to
 * the id). Returns the rows that pass.
 */
export async function checkRows(tx: Storage, ws: string, entity: EntityDef, rows: PendingRow[], state: FileState, reject: RejectRow): Promise<PendingRow[]> {
  rows = leaveOut(rows, await referenceProblems(tx, ws, entity, rows.map((r) => r.record), (parent) => state.knownRefs(parent)), reject);
  const byOf = (i: number) => `line ${rows[i]!.line}`;
  rows = leaveOut(rows, await uniqueProblems(tx, ws, entity, rows.map((r) => r.record), { taken: state.taken, byOf, ignore: (id) => state.seenIds.has(id) }), reject);
  return checkImportRows(new OwnerResolver(tx, ws), rows, reject);
}

/**
 * Plans each row as the API would write it: a row whose id exists is a patch of the columns the file has (custom
 * columns merged), any other a create. Returns the rows that pass, each with its plan (null: nothing changes).
 * `opts.search: false`: plans to check the rows only, without their search documents (see PlanOptions).
 */
export async function planRows(
  tx: Storage,
  ws: string,
  entity: EntityDef,
  rows: PendingRow[],
  columns: readonly string[],
  meta: Omit<WriteMeta, 'lostReasons'>,
  reject: RejectRow,
  opts: PlanOptions = {},
): Promise<{ row: PendingRow; plan: PlannedWrite | null }[]> {
  const withIds = rows.map((r) => r.record.id).filter((id) => id !== '');
  const current = new Map((await tx.records.getMany(ws, entity, withIds)).map((r) => [r.id, r]));
  const lostReasons = needsLostReasons(rows.map((r) => r.record)) ? await readLostReasons(tx.settings, ws) : undefined;
  const out: { row: PendingRow; plan: PlannedWrite | null }[] = [];
  for (const row of rows) {
    try {
      const before = current.get(row.record.id);
      const plan = before ? planUpdate(entity, before, patchOf(entity, row.record, columns), { ...meta, lostReasons }, opts) : planCreate(entity, row.record, { ...meta, lostReasons }, opts);
      out.push({ row, plan });
    } catch (e) {
      if (!(e instanceof CrmError)) throw e;
      // The problem of the field (an activity's may list two: the first is reported), else the whole message.
      const d = e.details[0];
      const whole = !d?.field || d.message.startsWith(`${d.field}: `) ? d?.message ?? e.message : e.details.length === 1 ? e.message : `${d.field}: ${d.message}`;
      reject(row, { field: d?.field, message: whole });
    }
  }
  return out;
}

/** What a row of an existing record changes: the columns the file has (an empty created_at cell keeps the date). */
function patchOf(entity: EntityDef, record: CrmRecord, columns: readonly string[]): Record<string, unknown> {
  const kept = (c: string) => c === 'id' || (record[c] == null && fieldOf(entity, c)?.createOnly === true);
  return Object.fromEntries(columns.filter((c) => !kept(c)).map((c) => [c, record[c] ?? null]));
}

/** The rows without a problem; each other row is rejected once, with its first problem. */
function leaveOut(rows: PendingRow[], problems: WriteProblem[], reject: RejectRow): PendingRow[] {
  const first = new Map<number, WriteProblem>();
  for (const p of problems) if (!first.has(p.index)) first.set(p.index, p);
  for (const [index, p] of first) reject(rows[index]!, p);
  return rows.filter((_, i) => !first.has(i));
}

/** A checked row as the staging area keeps it (the stage holds text; nothing but the importer reads it). */
export const stagedData = (row: PendingRow): string => JSON.stringify({ label: row.label, company: row.company, record: row.record });

export function fromStaged(line: number, data: string): PendingRow {
  const { label, company, record } = JSON.parse(data) as { label: string; company?: string; record: CrmRecord };
  return company === undefined ? { line, label, record } : { line, label, company, record };
}
