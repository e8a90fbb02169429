/**
 * Keeps semantic memory in step with the CRM: every committed change enqueues embedding work on the durable
 * job queue, in the writing transaction. An activity change also refreshes the shards of the contact, company
 * and deal it belongs to, whose text carries a digest of recent activities.
 */
import { toTimestamp } from '../../core/clock.js';
import { ENTITIES, ENTITY_ORDER, type EntityName } from '../../core/entities.js';
import type { Crm } from '../../crm/index.js';
import type { JobRef, Storage } from '../../storage/index.js';

export const EMBED_QUEUE = 'embed';
/**
 * Records a bulk first pass embedded with the fast model (EMBEDDING_FIRST_PASS), waiting to be embedded again
 * with the main one; claimed only when `embed` is empty (embedding-worker.ts).
 */
export const REFINE_QUEUE = 'embed-refine';

const subscribed = new WeakMap<Crm, () => void>();

/** Idempotent per CRM: the runtime and the intelligence layer may both ask for it. */
export function subscribeMemory(crm: Crm): () => void {
  const existing = subscribed.get(crm);
  if (existing) return existing;
  const unsubscribe = crm.changes.subscribe(async (tx, change) => {
    const jobs: JobRef[] = change.ids.map((id) => ({ workspace_id: change.workspaceId, entity: change.entity, record_id: id }));
    if (change.entity === 'activity' && change.op === 'upsert') {
      // A created activity's write holds its contact, company and deal (an import's 30,000 need no read-back).
      const refs = (value: (field: string) => unknown) => {
        for (const [field, entity] of [['contact_id', 'contact'], ['company_id', 'company'], ['deal_id', 'deal']] as const) {
          const id = value(field);
          if (typeof id === 'string') jobs.push({ workspace_id: change.workspaceId, entity, record_id: id });
        }
      };
      const read: string[] = [];
      change.ids.forEach((id, i) => {
        const w = change.writes?.[i];
        if (w?.created) refs((field) => w.fields[field]?.[1]);
        else read.push(id);
      });
      if (read.length > 0) for (const a of await tx.records.getMany(change.workspaceId, ENTITIES.activity, read)) refs((field) => a[field]);
    }
    await tx.jobs.enqueue(EMBED_QUEUE, jobs, toTimestamp(crm.clock.now()));
  });
  const off = () => {
    unsubscribe();
    subscribed.delete(crm);
  };
  subscribed.set(crm, off);
  return off;
}

/** Enqueues every record of a workspace (backfill, or re-embedding after a model change). Returns the count. */
export async function enqueueAll(storage: Storage, ws: string, now: string, entities: readonly EntityName[] = ENTITY_ORDER): Promise<number> {
  let n = 0;
  for (const name of entities) {
    let batch: JobRef[] = [];
    for await (const row of storage.records.keySnapshot(ws, ENTITIES[name], [])) {
      batch.push({ workspace_id: ws, entity: name, record_id: row.id as string });
      if (batch.length >= 5000) {
        await storage.jobs.enqueue(EMBED_QUEUE, batch, now);
        n += batch.length;
        batch = [];
      }
    }
    await storage.jobs.enqueue(EMBED_QUEUE, batch, now);
    n += batch.length;
  }
  return n;
}
