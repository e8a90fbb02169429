/**
 * Merging duplicates: the survivor takes over every reference (deals, activities, people, their stage history
 * travels with the deals) and the merged records' timeline; its empty fields are filled from the merged
 * records; a `merged` event keeps full snapshots so the timeline shows what happened. One transaction.
 */
import type { Clock } from '../core/clock.js';
import { toTimestamp } from '../core/clock.js';
import { allFields, type CrmRecord, type EntityName } from '../core/entities.js';
import { notFound, validationError } from '../core/errors.js';
import type { Storage } from '../storage/index.js';
import { ChangeFeed } from './change-feed.js';
import { entityOf, type WriteOptions } from './records.service.js';
import { childRelations } from './relations.js';
import { searchDocument } from './search-text.js';

export const MERGEABLE: readonly EntityName[] = ['contact', 'company'];

export interface MergeResult {
  survivor: CrmRecord;
  merged: string[];
  /** Fields of the survivor that were empty and got a merged record's value. */
  filled: Record<string, { value: unknown; from: string }>;
  moved: Record<string, number>;
}

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

export class MergeService {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly changeFeed: ChangeFeed = new ChangeFeed(),
  ) {}

  /** What a merge would produce, without writing (the UI's preview). */
  async preview(ws: string, entityName: EntityName, survivorId: string, mergedIds: readonly string[]) {
    const { survivor, merged } = await this.load(this.storage, ws, entityName, survivorId, mergedIds);
    return combine(entityName, survivor, merged);
  }

  async merge(ws: string, entityName: EntityName, survivorId: string, mergedIds: readonly string[], opts: WriteOptions = {}): Promise<MergeResult> {
    const entity = entityOf(entityName);
    return this.storage.transaction(async (tx) => {
      const { survivor, merged } = await this.load(tx, ws, entityName, survivorId, mergedIds);
      const now = toTimestamp(this.clock.now());
      const { record, filled } = combine(entityName, survivor, merged);
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
      record.updated_at = now;
      const changed = Object.keys(filled);
      if (changed.length > 0) {
        await tx.records.update(ws, entity, survivor.id, Object.fromEntries([...changed, 'updated_at'].map((k) => [k, record[k]])));
        await tx.search.index(ws, entityName, [{ id: survivor.id, body: searchDocument(entity, record) }]);
      } else await tx.records.update(ws, entity, survivor.id, { updated_at: now });
      await tx.events.append(ws, [
        {
          entity: entityName,
          record_id: survivor.id,
          kind: 'merged',
          at: now,
          actor: opts.actor ?? null,
          data: { merged: merged, filled, moved },
        },
      ]);
      await this.changeFeed.publish(tx, { workspaceId: ws, entity: entityName, op: 'delete', ids });
      await this.changeFeed.publish(tx, { workspaceId: ws, entity: entityName, op: 'upsert', ids: [survivor.id] });
      return { survivor: record, merged: ids, filled, moved };
    });
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

/** Survivor values win; empty ones are filled from the merged records in the order given; tags are united. */
function combine(entityName: EntityName, survivor: CrmRecord, merged: readonly CrmRecord[]) {
  const entity = entityOf(entityName);
  const record: CrmRecord = { ...survivor, custom: { ...survivor.custom } };
  const filled: MergeResult['filled'] = {};
  for (const f of allFields(entity)) {
    if (f.readOnly || f.createOnly) continue;
    if (f.type === 'tags') {
      const union = [...new Set([...((survivor[f.name] as string[] | null) ?? []), ...merged.flatMap((m) => (m[f.name] as string[] | null) ?? [])])];
      if (union.length !== ((survivor[f.name] as string[] | null) ?? []).length) {
        record[f.name] = union;
        filled[f.name] = { value: union, from: merged.map((m) => m.id).join(',') };
      }
      continue;
    }
    if (!isEmpty(record[f.name])) continue;
    const donor = merged.find((m) => !isEmpty(m[f.name]));
    if (donor) {
      record[f.name] = donor[f.name];
      filled[f.name] = { value: donor[f.name], from: donor.id };
    }
  }
  // The earliest creation date is the real one.
  const earliest = [survivor, ...merged].map((r) => r.created_at as string).filter(Boolean).sort()[0];
  if (earliest && earliest !== survivor.created_at) {
    record.created_at = earliest;
    filled.created_at = { value: earliest, from: merged.find((m) => m.created_at === earliest)?.id ?? '' };
  }
  for (const m of merged)
    for (const [k, v] of Object.entries(m.custom)) {
      if (isEmpty(record.custom[k]) && !isEmpty(v)) {
        record.custom[k] = v;
        filled.custom = { value: record.custom, from: m.id };
      }
    }
  return { record, filled };
}
