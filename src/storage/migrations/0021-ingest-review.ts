import type { Kysely } from 'kysely';
import type { DialectName } from '../index.js';

/**
 * Ingestion's review inbox (issue 20): an ingested item whose links were less sure than the workspace's threshold
 * is written without them and waits here with what the service would have guessed (`suggestion`, JSON), until a
 * member accepts, changes or rejects it (`resolution`: the links applied, JSON).
 */
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('ingest_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('file_id', 'text', (c) => c.notNull())
    .addColumn('activity_id', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('confidence', 'double precision', (c) => c.notNull())
    .addColumn('suggestion', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('resolution', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', 'text')
    .execute();
  await db.schema.createIndex('ingest_reviews_status_idx').on('ingest_reviews').columns(['workspace_id', 'status', 'created_at']).execute();
}
