/**
 * The one write pipeline of records. Every writer — the record service (API, CLI), the importer, merges — turns a
 * create or a patch into a PlannedWrite here: the record as it will be stored, its diff, its stage change, its
 * events and its search document. This step is pure (no I/O, so every rule lives in one place and cannot drift
 * between writers); what needs the database — references, unique values, owners — is checked in batches by
 * write-checks.ts, and plans are stored by commitWrites (write-commit.ts).
 */
import { allFields, type CrmRecord, type EntityDef } from '../core/entities.js';
import { validationError } from '../core/errors.js';
import type { ChangeSource } from '../core/events.js';
import { newId } from '../core/ids.js';
import { customLimitProblem } from '../core/record-schema.js';
import type { RecordEvent, StageChange } from '../storage/index.js';
import { checkActivity } from './follow-up.js';
import { applyLostReasonRules, applyStageRules, isClosedStage, stageChangeOf } from './pipeline.js';
import { searchDocument, touchesSearch } from './search-text.js';

/** Each changed field as [before, after] (before is null on create). */
export type FieldChanges = Record<string, [unknown, unknown]>;

/** When, how and by whom a write happens, and the workspace settings its rules need. */
export interface WriteMeta {
  /** The write's time (timestamp text). */
  at: string;
  source: ChangeSource;
  actor: string | null;
  /** The workspace's lost reasons: needed only when a write names one (see needsLostReasons). */
  lostReasons?: readonly string[];
}

export interface PlannedWrite {
  op: 'create' | 'update';
  /** The whole record after the write. */
  record: CrmRecord;
  changes: FieldChanges;
  /** A deal's move to a stage (its first stage on create). */
  stageChange: StageChange | null;
  events: RecordEvent[];
  /** The new full-text document, when a searchable field changed. */
  search: { id: string; body: string } | null;
}

/** Whether any of these creates or patches names a lost reason (the caller then reads the workspace's list). */
export const needsLostReasons = (inputs: readonly Record<string, unknown>[]): boolean => inputs.some((i) => i.lost_reason != null);

/**
 * `search: false` leaves the search document out (`search` is null): for a plan made only to check a write (an
 * import's staging pass plans every row again before writing it, and a contact's document parses its phone numbers).
 */
export interface PlanOptions {
  search?: boolean;
}

/** A create (validated by the object's create schema) → the record to insert and everything that goes with it. */
export function planCreate(entity: EntityDef, data: Record<string, unknown>, meta: WriteMeta, opts: PlanOptions = {}): PlannedWrite {
  const record: CrmRecord = { id: (data.id as string | undefined) || newId(entity.idPrefix), custom: withoutNulls(data.custom) };
  for (const f of allFields(entity)) record[f.name] = data[f.name] ?? null;
  record.created_at = (data.created_at as string | null | undefined) ?? meta.at;
  record.updated_at = meta.at;
  applyRules(entity, record, null, data, meta);
  checkActivity(entity, record);
  const changes: FieldChanges = {};
  for (const f of allFields(entity)) if (record[f.name] != null) changes[f.name] = [null, record[f.name]];
  const events: RecordEvent[] = [{ entity: entity.name, record_id: record.id, kind: 'created', at: meta.at, actor: meta.actor, data: sourceOf(meta) }];
  // A deal entered its first stage when it was created, or closed (an imported or back-dated deal keeps its dates).
  const enteredAt = (isClosedStage(record.stage) ? record.closed_at : record.created_at) as string;
  const stageChange = entity.name === 'deal' ? { deal_id: record.id, from_stage: null, to_stage: record.stage as string, at: enteredAt, source: meta.source, actor: meta.actor } : null;
  return { op: 'create', record, changes, stageChange, events, search: opts.search === false ? null : { id: record.id, body: searchDocument(entity, record) } };
}

/**
 * A patch (validated by the object's patch schema) of `current` → the record to store, or null when it changes
 * nothing. Custom fields are merged (a null value removes one). `touch`: plan the write even when nothing changed
 * (updated_at moves; a merge's survivor).
 */
export function planUpdate(entity: EntityDef, current: CrmRecord, patch: Record<string, unknown>, meta: WriteMeta, opts: PlanOptions & { touch?: boolean } = {}): PlannedWrite | null {
  const next: CrmRecord = { ...current, ...patch, id: current.id };
  next.custom = patch.custom ? withoutNulls({ ...current.custom, ...(patch.custom as Record<string, unknown>) }) : current.custom;
  const customProblem = patch.custom ? customLimitProblem(next.custom) : undefined;
  if (customProblem) throw validationError(`custom: ${customProblem}`, [{ field: 'custom', message: customProblem }]);
  applyRules(entity, next, current, patch, meta);
  const changes: FieldChanges = {};
  for (const f of allFields(entity)) {
    if (f.name === 'updated_at') continue;
    if (JSON.stringify(current[f.name] ?? null) !== JSON.stringify(next[f.name] ?? null)) changes[f.name] = [current[f.name] ?? null, next[f.name] ?? null];
  }
  if (JSON.stringify(current.custom) !== JSON.stringify(next.custom)) changes.custom = [current.custom, next.custom];
  if (Object.keys(changes).length === 0 && !opts.touch) return null;
  checkActivity(entity, next);
  next.updated_at = meta.at;
  const events: RecordEvent[] = [{ entity: entity.name, record_id: next.id, kind: 'updated', at: meta.at, actor: meta.actor, data: { changes, ...sourceOf(meta) } }];
  const moved = entity.name === 'deal' ? stageChangeOf(current, next) : null;
  if (moved) events.push({ entity: 'deal', record_id: next.id, kind: 'stage_changed', at: meta.at, actor: meta.actor, data: moved });
  return {
    op: 'update',
    record: next,
    changes,
    stageChange: moved && { deal_id: next.id, ...moved, at: meta.at, source: meta.source, actor: meta.actor },
    events,
    search: opts.search !== false && touchesSearch(entity, Object.keys(changes)) ? { id: next.id, body: searchDocument(entity, next) } : null,
  };
}

/** A deal's close date and lost reason follow its stage (an activity's outcome is checked once there is a change). */
function applyRules(entity: EntityDef, next: CrmRecord, current: CrmRecord | null, input: Record<string, unknown>, meta: WriteMeta) {
  if (entity.name === 'deal') {
    applyStageRules(next, current, meta.at, input.closed_at != null);
    const reasonGiven = input.lost_reason != null;
    if (reasonGiven && !meta.lostReasons) throw new Error('planWrite: the workspace lost reasons were not read (needsLostReasons)');
    applyLostReasonRules(next, current, { reasonGiven, noteGiven: input.lost_note != null, reasons: meta.lostReasons });
  }
}

/** Events say where a write came from unless it is the API's (the default). */
const sourceOf = (meta: WriteMeta): Record<string, unknown> => (meta.source === 'api' ? {} : { source: meta.source });

function withoutNulls(custom: unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries((custom as Record<string, unknown> | null | undefined) ?? {}).filter(([, v]) => v !== null));
}
