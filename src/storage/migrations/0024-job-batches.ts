import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../index.js';
import { columnsOf } from './table-columns.js';

/**
 * Batched jobs (issue 21): a job_queue row may stand for many records of one object, their ids a JSON array in
 * `record_ids` (its own `record_id` is then a batch key). PostgreSQL writes them for large enqueues (an import's
 * 10,000 activities: one row instead of 10,000 in the file's transaction) and a claim expands one into ordinary
 * jobs (job-queue.repository.ts). SQLite gets the column only so both schemas stay the same; it never writes one.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const have = await columnsOf(db, dialect, 'job_queue');
  if (!have.has('record_ids')) await db.schema.alterTable('job_queue').addColumn('record_ids', 'text').execute();
  // What a claim looks for first: the batch rows alone (a claim must not walk a backlog of ordinary jobs to find none).
  if (dialect === 'postgres') await sql`CREATE INDEX IF NOT EXISTS job_queue_batches_idx ON job_queue (queue, available_at) WHERE record_ids IS NOT NULL`.execute(db);
}
