import type { Kysely } from 'kysely';
import type { DialectName } from '../index.js';

/**
 * A durable work queue in the database: one row per (queue, record) so repeated changes coalesce, claimed with
 * a lease so a crashed worker's jobs come back, shared by every process on PostgreSQL (SKIP LOCKED).
 */
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('job_queue')
    .addColumn('queue', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('enqueued_at', 'text', (c) => c.notNull())
    .addColumn('available_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text')
    .addPrimaryKeyConstraint('job_queue_pk', ['queue', 'workspace_id', 'entity', 'record_id'])
    .execute();
  await db.schema.createIndex('job_queue_ready_idx').on('job_queue').columns(['queue', 'available_at']).execute();
}
