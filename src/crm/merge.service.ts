/**
 * Merging duplicates keeps everything: the survivor takes over every reference (deals, activities, people, their
 * stage history travels with the deals) and the merged records' timeline; its empty fields take the merged records'
 * values; a field where the records disagree keeps the value chosen (`choices`: field → record id; by default the
 * survivor's, and the newest for dates); long texts (notes) are concatenated under a line naming their source, tags
 * united, and the merged records' other e-mails, phones and domains become the survivor's secondary values. The
 * `merged` event keeps full snapshots and says where each kept value came from; the merged ids lead to the survivor
 * from then on. One transaction.
 */
import type { Clock } from '../core/clock.js';
import { toTimestamp } from '../core/clock.js';
import { allFields, displayName, ENTITIES, entitiesWith, type CrmRecord, type EntityDef, type EntityName, type FieldDef } from '../core/entities.js';
import { notFound, validationError } from '../core/errors.js';
import { normalizeKey, type KeyKind } from '../core/normalize.js';
import type { Storage } from '../storage/index.js';
import { ChangeFeed } from './change-feed.js';
import { entityOf, type WriteOptions } from './records.service.js';
import { childRelations } from './relations.js';
import { commitWrites } from './write-commit.js';
import { planUpdate, type WriteMeta } from './write-pipeline.js';

export const MERGEABLE: readonly EntityName[] = entitiesWith('merge');

/** Field → id of the record whose value the survivor keeps (the survivor itself or one of the merged records). */
export type MergeChoices = Record<string, string>;

/**
 * How the kept value of a field is made: `kept` (the survivor's, no other value), `filled` (the survivor had none),
 * `chosen` (records disagree: the survivor's by default, or the one named in `choices`), `newest` (dates that
 * disagree, by default), `earliest` (the creation date), `concatenated` (long texts), `united` (tags, secondary values).
 */
export type MergeRule = 'kept' | 'filled' | 'chosen' | 'newest' | 'earliest' | 'concatenated' | 'united';

export interface MergeCandidate {
  /** The record the value is on, and its display name. */
  from: string;
  from_name: string;
  value: unknown;
  /** What a reference points to, by name ("Acme"), for references. */
  label?: string;
}

export interface FieldPlan {
  field: string;
  label: string;
  rule: MergeRule;
  /** Every record's non-empty value, survivor first (equal values once). */
  candidates: MergeCandidate[];
  /** Whether the records disagree and one value must be chosen (a `choices` entry may name another record). */
  conflict: boolean;
  /** The record whose value is kept (for `concatenated` / `united`: null — every record's value is kept). */
  choice: string | null;
  value: unknown;
}

export interface MergeResult {
  survivor: CrmRecord;
  merged: string[];
  /** Fields of the survivor that were empty and got a merged record's value. */
  filled: Record<string, { value: unknown; from: string }>;
  moved: Record<string, number>;
  /** Where each kept value came from (the audit entry lists the same). */
  fields: FieldPlan[];
}

export interface MergePreview {
  survivor: CrmRecord;
  filled: MergeResult['filled'];
  fields: FieldPlan[];
  /** The records involved with their display names, survivor first. */
  records: { id: string; name: string }[];
}

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

export class MergeService {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly changeFeed: ChangeFeed = new ChangeFeed(),
  ) {}

  /** What a merge would produce, without writing (the UI's preview): each field's candidates and the default choice. */
  async preview(ws: string, entityName: EntityName, survivorId: string, mergedIds: readonly string[], choices: MergeChoices = {}): Promise<MergePreview & { record: CrmRecord }> {
    const entity = entityOf(entityName);
    const { survivor, merged } = await this.load(this.storage, ws, entityName, survivorId, mergedIds);
    const { record, filled, fields } = combine(entity, survivor, merged, choices);
    await this.labelReferences(ws, entity, fields);
    return { record, survivor: record, filled, fields, records: [survivor, ...merged].map((r) => ({ id: r.id, name: nameOf(entity, r) })) };
  }

  async merge(ws: string, entityName: EntityName, survivorId: string, mergedIds: readonly string[], opts: WriteOptions & { choices?: MergeChoices } = {}): Promise<MergeResult> {
    const entity = entityOf(entityName);
    return this.storage.transaction(async (tx) => {
      const { survivor, merged } = await this.load(tx, ws, entityName, survivorId, mergedIds);
      const now = toTimestamp(this.clock.now());
      const { record, filled, fields } = combine(entity, survivor, merged, opts.choices ?? {});
      const ids = merged.map((m) => m.id);
      const moved: Record<string, number> = {};
      for (const { child, field } of childRelations(entityName)) {
        const n = await tx.records.reassignRefs(ws, child, field.name, ids, survivor.id, now);
        if (n > 0) moved[`${child.plural}.${field.name}`] = n;
      }
      await tx.events.reassign(ws, entityName, ids, survivor.id);
      await tx.search.remove(ws, entityName, ids);
      // Delete first so a unique value (an email) can move to the survivor.
      await tx.records.delete(ws, entity, ids);
      await tx.records.markMerged(ws, entity, ids, survivor.id, now);
      const meta: WriteMeta = { at: now, source: 'merge', actor: opts.actor ?? null };
      // The survivor is written like any update (diff, search document, change feed); its audit entry is the merge.
      const { id: _, ...patch } = record;
      const plan = planUpdate(entity, survivor, patch, meta, { touch: true })!;
      const sources = Object.fromEntries(
        fields.filter((p) => p.candidates.length > 0).map((p) => [p.field, { rule: p.rule, from: p.choice ?? p.candidates.map((c) => c.from), ...(p.choice ? { from_name: p.candidates.find((c) => c.from === p.choice)?.from_name } : {}) }]),
      );
      plan.events = [
        {
          entity: entityName,
          record_id: survivor.id,
          kind: 'merged',
          at: now,
          actor: opts.actor ?? null,
          data: { merged, filled, moved, sources, names: Object.fromEntries([survivor, ...merged].map((r) => [r.id, nameOf(entity, r)])) },
        },
      ];
      await this.changeFeed.publish(tx, { workspaceId: ws, entity: entityName, op: 'delete', ids });
      await commitWrites(tx, ws, entity, [plan], meta, this.changeFeed);
      return { survivor: plan.record, merged: ids, filled, moved, fields };
    });
  }

  /** The record a merged id leads to now (following merges of merges), if it was merged and that record exists. */
  async mergedInto(ws: string, entityName: EntityName | EntityDef, id: string): Promise<string | undefined> {
    const entity = entityOf(entityName);
    const target = await this.storage.records.mergedInto(ws, entity, id);
    if (!target) return undefined;
    return (await this.storage.records.get(ws, entity, target)) ? target : undefined;
  }

  /** Names the records that references point to ("Acme" beside co_123), so a preview shows names, not ids. */
  private async labelReferences(ws: string, entity: EntityDef, fields: FieldPlan[]) {
    for (const plan of fields) {
      const def = entity.fields.find((f) => f.name === plan.field);
      if (def?.type !== 'ref' || !def.ref) continue;
      const target = ENTITIES[def.ref];
      const ids = plan.candidates.map((c) => c.value).filter((v): v is string => typeof v === 'string');
      const found = new Map((await this.storage.records.getMany(ws, target, ids)).map((r) => [r.id, nameOf(target, r)]));
      for (const c of plan.candidates) if (typeof c.value === 'string') c.label = found.get(c.value) ?? `${c.value} (missing)`;
    }
  }

  private async load(storage: Storage, ws: string, entityName: EntityName, survivorId: string, mergedIds: readonly string[]) {
    if (!MERGEABLE.includes(entityName)) throw validationError(`${entityName} records cannot be merged`);
    if (mergedIds.length === 0) throw validationError('merged: name at least one record to merge into the survivor', [{ field: 'merged', message: 'empty' }]);
    if (new Set(mergedIds).size !== mergedIds.length) throw validationError('merged: the same id is listed twice', [{ field: 'merged', message: 'repeated id' }]);
    if (mergedIds.includes(survivorId)) throw validationError('merged: the survivor cannot also be merged away', [{ field: 'merged', message: 'contains the survivor' }]);
    const entity = entityOf(entityName);
    const survivor = await storage.records.get(ws, entity, survivorId, { lock: true });
    if (!survivor) throw notFound(entityName, survivorId);
    const found = await storage.records.getMany(ws, entity, mergedIds);
    const byId = new Map(found.map((r) => [r.id, r]));
    const missing = mergedIds.filter((id) => !byId.has(id));
    if (missing.length > 0) throw notFound(entityName, missing.join(', '));
    return { survivor, merged: mergedIds.map((id) => byId.get(id)!) };
  }
}

function nameOf(entity: EntityDef, r: CrmRecord): string {
  return displayName(entity, r) || (entity.name === 'contact' && typeof r.email === 'string' ? r.email : r.id);
}

/** The key two values of a field are compared by (e-mails, phones and domains as normalised; others as JSON). */
function sameValueKey(field: FieldDef | { type: string }, value: unknown): string {
  const kind: KeyKind | undefined = field.type === 'email' ? 'email' : field.type === 'phone' ? 'phone' : field.type === 'domain' ? 'domain' : undefined;
  if (kind && typeof value === 'string') return normalizeKey(kind, value) ?? value;
  return typeof value === 'string' ? value.trim() : JSON.stringify(value);
}

/** The field a list of secondary values belongs to: other_emails → email. */
function primaryOf(entity: EntityDef, list: FieldDef): FieldDef | undefined {
  return entity.fields.find((f) => f.type === list.items && !f.items);
}

function combine(entity: EntityDef, survivor: CrmRecord, merged: readonly CrmRecord[], choices: MergeChoices) {
  const all = [survivor, ...merged];
  const names = new Map(all.map((r) => [r.id, nameOf(entity, r)]));
  const record: CrmRecord = { ...survivor, custom: { ...survivor.custom } };
  const filled: MergeResult['filled'] = {};
  const plans: FieldPlan[] = [];
  const fields = allFields(entity);

  for (const [field, recordId] of Object.entries(choices)) {
    const def = fields.find((f) => f.name === field);
    if (!def || def.readOnly || def.createOnly || def.type === 'tags')
      throw validationError(`choices: ${field} is not a field whose value can be chosen`, [{ field: `choices.${field}`, message: 'not a choosable field' }]);
    const from = all.find((r) => r.id === recordId);
    if (!from) throw validationError(`choices.${field}: ${recordId} is not one of the records being merged`, [{ field: `choices.${field}`, message: 'not one of the merged records' }]);
    if (isEmpty(from[field])) throw validationError(`choices.${field}: ${names.get(recordId)} (${recordId}) has no ${def.label.toLowerCase()}`, [{ field: `choices.${field}`, message: 'that record has no value' }]);
  }

  const candidatesOf = (f: FieldDef): MergeCandidate[] => {
    const seen = new Set<string>();
    const out: MergeCandidate[] = [];
    for (const r of all) {
      const v = r[f.name];
      if (isEmpty(v)) continue;
      const key = sameValueKey(f, v);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ from: r.id, from_name: names.get(r.id)!, value: v });
    }
    return out;
  };

  for (const f of fields) {
    if (f.readOnly || f.items) continue; // secondary lists are made from the primaries below
    const candidates = candidatesOf(f);
    const plan: FieldPlan = { field: f.name, label: f.label, rule: 'kept', candidates, conflict: false, choice: survivor.id, value: survivor[f.name] ?? null };
    plans.push(plan);
    if (candidates.length === 0) {
      plan.choice = null;
      continue;
    }
    if (f.createOnly) {
      // The earliest creation date is the real one.
      const earliest = [...candidates].sort((a, b) => String(a.value).localeCompare(String(b.value)))[0]!;
      plan.rule = earliest.from === survivor.id ? 'kept' : 'earliest';
      plan.choice = earliest.from;
      plan.value = earliest.value;
    } else if (f.type === 'tags') {
      const union = [...new Set(all.flatMap((r) => (r[f.name] as string[] | null) ?? []))];
      plan.rule = 'united';
      plan.choice = null;
      plan.value = union;
    } else if (f.type === 'text' && candidates.length > 1 && !choices[f.name]) {
      // Every note is kept, each merged one under a line that says where it came from.
      plan.rule = 'concatenated';
      plan.conflict = true;
      plan.choice = null;
      plan.value = candidates
        .map((c, i) => (i === 0 && c.from === survivor.id ? String(c.value) : `— from ${c.from_name} (${c.from}) —\n${String(c.value)}`))
        .join('\n\n');
    } else if (candidates.length === 1) {
      plan.rule = candidates[0]!.from === survivor.id ? 'kept' : 'filled';
      plan.choice = candidates[0]!.from;
      plan.value = candidates[0]!.value;
    } else {
      plan.conflict = true;
      const chosen = choices[f.name];
      if (chosen) {
        plan.rule = 'chosen';
        plan.choice = chosen;
      } else if (f.type === 'date' || f.type === 'datetime') {
        plan.rule = 'newest';
        plan.choice = [...candidates].sort((a, b) => String(b.value).localeCompare(String(a.value)))[0]!.from;
      } else {
        plan.rule = 'chosen';
        plan.choice = isEmpty(survivor[f.name]) ? candidates[0]!.from : survivor.id;
      }
      plan.value = all.find((r) => r.id === plan.choice)![f.name];
    }
  }

  // Secondary values: every record's primary and secondary values that differ from the primary kept.
  for (const list of fields.filter((f) => f.items)) {
    const primary = primaryOf(entity, list);
    const keptPrimary = primary ? plans.find((p) => p.field === primary.name)?.value : undefined;
    const keptKey = typeof keptPrimary === 'string' ? sameValueKey({ type: list.items! }, keptPrimary) : undefined;
    const seen = new Set<string>(keptKey ? [keptKey] : []);
    const values: unknown[] = [];
    const candidates: MergeCandidate[] = [];
    for (const r of all) {
      const mine = [...((r[list.name] as string[] | null) ?? [])];
      if (primary && r.id !== survivor.id) mine.unshift(r[primary.name] as string);
      if (primary && r.id === survivor.id && keptKey && typeof r[primary.name] === 'string' && sameValueKey({ type: list.items! }, r[primary.name]) !== keptKey) mine.push(r[primary.name] as string);
      for (const v of mine) {
        if (isEmpty(v)) continue;
        const key = sameValueKey({ type: list.items! }, v);
        if (seen.has(key)) continue;
        seen.add(key);
        values.push(v);
        candidates.push({ from: r.id, from_name: names.get(r.id)!, value: v });
      }
    }
    plans.push({ field: list.name, label: list.label, rule: JSON.stringify(values) !== JSON.stringify(survivor[list.name] ?? []) ? 'united' : 'kept', candidates, conflict: false, choice: null, value: values.length > 0 ? values : (survivor[list.name] ?? null) });
  }

  for (const plan of plans) {
    const before = survivor[plan.field] ?? null;
    record[plan.field] = plan.value;
    if (JSON.stringify(before) === JSON.stringify(plan.value ?? null)) continue;
    // `filled` (kept for API clients): every field whose value the survivor did not have.
    filled[plan.field] = { value: plan.value, from: plan.choice ?? plan.candidates.filter((c) => c.from !== survivor.id).map((c) => c.from).join(',') };
  }
  for (const m of merged)
    for (const [k, v] of Object.entries(m.custom)) {
      if (isEmpty(record.custom[k]) && !isEmpty(v)) {
        record.custom[k] = v;
        filled.custom = { value: record.custom, from: m.id };
      }
    }
  // A plan per field that some record has a value for (the preview and the audit entry).
  return { record, filled, fields: plans.filter((p) => p.candidates.length > 0) };
}
