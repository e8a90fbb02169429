/**
 * Stores planned writes (write-pipeline.ts) in the caller's transaction, for one record or a batch of thousands
 * alike: the records (one upsert per batch), their search documents, stage history and events, the last contacted
 * dates an activity moves, and the change feed — so what a write leaves behind is the same whoever wrote.
 */
import { allFields, type EntityDef } from '../core/entities.js';
import type { Storage } from '../storage/index.js';
import type { ChangeFeed, RecordWrite } from './change-feed.js';
import { touchLastContacted, type LastContactedDates } from './follow-up.js';
import type { PlannedWrite, WriteMeta } from './write-pipeline.js';

/** `lastContacted`: gather the dates activities move there (the caller writes them once, later in the transaction). */
export async function commitWrites(
  tx: Storage,
  ws: string,
  entity: EntityDef,
  writes: readonly PlannedWrite[],
  meta: WriteMeta,
  feed: ChangeFeed,
  opts: { lastContacted?: LastContactedDates } = {},
): Promise<void> {
  if (writes.length === 0) return;
  const creates = writes.filter((w) => w.op === 'create').map((w) => w.record);
  if (creates.length > 0) await tx.records.upsertMany(ws, entity, creates, [...allFields(entity).map((f) => f.name), 'custom']);
  const updates = writes.filter((w) => w.op === 'update' && Object.keys(w.changes).length > 0);
  // A write that changes no field (a merge's survivor) still moves updated_at. (Tested by its changes, not by
  // `updates.includes`: that was quadratic in an import step's updates.)
  for (const w of writes) if (w.op === 'update' && Object.keys(w.changes).length === 0) await tx.records.update(ws, entity, w.record.id, { updated_at: w.record.updated_at });
  if (updates.length > 0) {
    // Only the columns some write changes: another writer's change to the rest is left alone.
    const columns = new Set(['updated_at', ...updates.flatMap((w) => Object.keys(w.changes))]);
    await tx.records.upsertMany(ws, entity, updates.map((w) => w.record), [...columns]);
  }
  await tx.search.index(ws, entity.name, writes.flatMap((w) => (w.search ? [w.search] : [])));
  if (entity.name === 'activity') {
    if (opts.lastContacted) opts.lastContacted.add(writes.map((w) => w.record), new Date(meta.at));
    else await touchLastContacted(tx, ws, writes.map((w) => w.record), new Date(meta.at));
  }
  await tx.stageHistory.append(ws, writes.flatMap((w) => (w.stageChange ? [w.stageChange] : [])));
  await tx.events.append(ws, writes.flatMap((w) => w.events));
  const recordWrites: RecordWrite[] = writes.map((w) => ({ fields: w.changes, at: meta.at, source: meta.source, actor: meta.actor, ...(w.op === 'create' ? { created: true } : {}) }));
  await feed.publish(tx, { workspaceId: ws, entity: entity.name, op: 'upsert', ids: writes.map((w) => w.record.id), writes: recordWrites });
}
