import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../index.js';

/**
 * Ingestion (issue 20). `ingest_originals`: each uploaded file's bytes once per workspace, keyed by their sha256
 * (kept in the database, so they share its transactions, backups and erasure, on both backends).
 * `ingest_files`: one row per ingested file (attachments too, under their e-mail) with the result answered for it,
 * so the same bytes uploaded again get the first answer. `ingest_messages`: the Message-IDs (and calendar UIDs)
 * seen, so a message is not ingested twice even when its bytes differ. `ingest_links`: what each file created or
 * linked, with the confidence of the link, and which activity it belongs to (the original's download).
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const blob = dialect === 'postgres' ? 'bytea' : 'blob';
  await db.schema
    .createTable('ingest_originals')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('content', sql.raw(blob), (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ingest_originals_pk', ['workspace_id', 'sha256'])
    .execute();
  await db.schema
    .createTable('ingest_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ingest_files_sha_idx').on('ingest_files').columns(['workspace_id', 'sha256']).unique().execute();
  await db.schema
    .createTable('ingest_messages')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('file_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ingest_messages_pk', ['workspace_id', 'message_id'])
    .execute();
  await db.schema
    .createTable('ingest_links')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('file_id', 'text', (c) => c.notNull())
    .addColumn('activity_id', 'text')
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('confidence', 'double precision', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ingest_links_file_idx').on('ingest_links').columns(['workspace_id', 'file_id']).execute();
  await db.schema.createIndex('ingest_links_activity_idx').on('ingest_links').columns(['workspace_id', 'activity_id']).execute();
}
