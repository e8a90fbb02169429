import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../index.js';

/**
 * Semantic memory: one shard per (record, embedding model) with its text's hash and full vector, and the PCA
 * projections fitted per workspace for the coarse scales. `seq` grows with every write (a counter row locked
 * for the writing transaction, so seq order is commit order) and lets other processes pick up new vectors.
 * Deleted records leave a tombstone (vector NULL) so pollers see the removal.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const blob = dialect === 'postgres' ? 'bytea' : 'blob';
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('memory_shards')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('model_version', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('dims', 'integer', (c) => c.notNull())
    .addColumn('vector', sql.raw(blob))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('seq', sql.raw(big), (c) => c.notNull())
    .addPrimaryKeyConstraint('memory_shards_pk', ['workspace_id', 'model', 'entity', 'record_id'])
    .execute();
  await db.schema.createIndex('memory_shards_seq_idx').on('memory_shards').columns(['model', 'seq']).execute();

  await db.schema
    .createTable('memory_projections')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('fitted_at', 'text', (c) => c.notNull())
    .addColumn('sample_size', 'integer', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('memory_projections_pk', ['workspace_id', 'model'])
    .execute();

  await db.schema
    .createTable('counters')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', sql.raw(big), (c) => c.notNull())
    .execute();
  await db.insertInto('counters').values({ name: 'memory_shards', value: 0 }).execute();
}
