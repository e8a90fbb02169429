/** Semantic memory's shards (text, hash and vector per record and model) and PCA projections (migration 0003). */
import { sql, type Insertable, type Selectable } from 'kysely';
import type { EntityName } from '../../core/entities.js';
import { chunk } from '../chunk.js';
import type { Database, Db } from '../database.js';
import type { MemoryShard, ShardRepository } from '../index.js';
import type { Atomically } from './atomically.js';

const toBytes = (v: Float32Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);
function toVector(buf: Uint8Array | null): Float32Array | null {
  if (buf === null) return null;
  // Copy into an aligned buffer: driver buffers may start at any byte offset.
  const out = new Float32Array(buf.byteLength / 4);
  new Uint8Array(out.buffer).set(buf);
  return out;
}
const SHARD_COLUMNS = ['workspace_id', 'entity', 'record_id', 'model', 'model_version', 'content_hash', 'text', 'vector', 'updated_at', 'seq'] as const;
const toShard = (r: Pick<Selectable<Database['memory_shards']>, (typeof SHARD_COLUMNS)[number]>): MemoryShard => ({ ...r, vector: toVector(r.vector), seq: Number(r.seq) });

export class KyselyShardRepository implements ShardRepository {
  constructor(
    private readonly db: Db,
    /** Runs fn in the current transaction, or in a new one. */
    private readonly transaction: Atomically,
  ) {}

  async hashes(ws: string, model: string, entity: EntityName, ids: readonly string[]) {
    const out = new Map<string, string>();
    for (const part of chunk([...new Set(ids)], 5000)) {
      const rows = await this.db
        .selectFrom('memory_shards')
        .select(['record_id', 'content_hash'])
        .where('workspace_id', '=', ws)
        .where('model', '=', model)
        .where('entity', '=', entity)
        .where('record_id', 'in', part)
        .where('vector', 'is not', null)
        .execute();
      for (const r of rows) out.set(r.record_id, r.content_hash);
    }
    return out;
  }

  /** Reserves `n` sequence numbers; the counter row stays locked until the transaction ends. */
  private async nextSeqs(db: Db, n: number): Promise<number> {
    const row = await db
      .updateTable('counters')
      .set((eb) => ({ value: eb('value', '+', n) }))
      .where('name', '=', 'memory_shards')
      .returning('value')
      .executeTakeFirstOrThrow();
    return Number(row.value) - n + 1;
  }

  private write(rows: Omit<Insertable<Database['memory_shards']>, 'seq'>[]) {
    return this.transaction(async (db) => {
      let seq = await this.nextSeqs(db, rows.length);
      for (const part of chunk(rows, 500)) {
        await db
          .insertInto('memory_shards')
          .values(part.map((r) => ({ ...r, seq: seq++ })))
          .onConflict((oc) =>
            oc.columns(['workspace_id', 'model', 'entity', 'record_id']).doUpdateSet(
              Object.fromEntries(['model_version', 'content_hash', 'text', 'vector', 'updated_at', 'seq'].map((c) => [c, sql.ref(`excluded.${c}`)])),
            ),
          )
          .execute();
      }
    });
  }

  async upsert(shards: readonly Omit<MemoryShard, 'seq'>[]) {
    if (shards.length === 0) return;
    await this.write(shards.map((s) => ({ ...s, dims: s.vector?.length ?? 0, vector: s.vector ? toBytes(s.vector) : null })));
  }

  async tombstone(ws: string, model: string, entity: EntityName, ids: readonly string[], now: string) {
    if (ids.length === 0) return;
    const live = await this.hashes(ws, model, entity, ids);
    if (live.size === 0) return;
    await this.write(
      [...live.keys()].map((id) => ({ workspace_id: ws, entity, record_id: id, model, model_version: '', content_hash: '', text: '', dims: 0, vector: null, updated_at: now })),
    );
  }

  async forget(ws: string, entity: EntityName, ids: readonly string[], now: string) {
    if (ids.length === 0) return 0;
    const models = await this.db.selectFrom('memory_shards').select('model').distinct().where('workspace_id', '=', ws).where('entity', '=', entity).execute();
    let n = 0;
    for (const { model } of models) {
      n += (await this.hashes(ws, model, entity, ids)).size;
      await this.tombstone(ws, model, entity, ids, now);
    }
    return n;
  }

  async get(ws: string, model: string, entity: EntityName, ids: readonly string[]) {
    const out: MemoryShard[] = [];
    for (const part of chunk([...new Set(ids)], 2000)) {
      const rows = await this.db
        .selectFrom('memory_shards')
        .select([...SHARD_COLUMNS])
        .where('workspace_id', '=', ws)
        .where('model', '=', model)
        .where('entity', '=', entity)
        .where('record_id', 'in', part)
        .execute();
      out.push(...rows.map(toShard));
    }
    return out;
  }

  async changesSince(model: string, afterSeq: number, limit: number) {
    const rows = await this.db
      .selectFrom('memory_shards')
      .select([...SHARD_COLUMNS])
      .where('model', '=', model)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(toShard);
  }

  async count(ws: string, model: string, entity: EntityName) {
    const row = await this.db
      .selectFrom('memory_shards')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('workspace_id', '=', ws)
      .where('model', '=', model)
      .where('entity', '=', entity)
      .where('vector', 'is not', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async saveProjection(ws: string, model: string, data: string, sampleSize: number, now: string) {
    await this.db
      .insertInto('memory_projections')
      .values({ workspace_id: ws, model, data, sample_size: sampleSize, fitted_at: now })
      .onConflict((oc) =>
        oc.columns(['workspace_id', 'model']).doUpdateSet({ data: sql.ref('excluded.data'), sample_size: sql.ref('excluded.sample_size'), fitted_at: sql.ref('excluded.fitted_at') }),
      )
      .execute();
  }

  async loadProjection(ws: string, model: string) {
    return (await this.db
      .selectFrom('memory_projections')
      .select(['data', 'sample_size', 'fitted_at'])
      .where('workspace_id', '=', ws)
      .where('model', '=', model)
      .executeTakeFirst()) as { data: string; sample_size: number; fitted_at: string } | undefined;
  }
}
