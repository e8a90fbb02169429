import type { Kysely } from 'kysely';
import type { DialectName } from '../index.js';

/**
 * Imports as background jobs. `import_jobs`: one row per upload (or CLI run) with its status, per-file progress and
 * final report, so a client can poll it and a restart can tell it was interrupted. `import_staging`: the validated
 * rows of the file being imported, written in short transactions and applied to the records in one final one, so
 * an import never holds the write lock for the whole file and a failure leaves no half-written file behind. Staged
 * rows are invisible to everything else (nothing reads them but the import that wrote them).
 */
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('import_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('heartbeat_at', 'text', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull())
    .addColumn('progress', 'text', (c) => c.notNull())
    .addColumn('report', 'text')
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('import_jobs_workspace_idx').on('import_jobs').columns(['workspace_id', 'created_at']).execute();
  await db.schema
    .createTable('import_staging')
    .addColumn('stage_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('staged_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_staging_pk', ['stage_id', 'seq'])
    .execute();
  await db.schema.createIndex('import_staging_age_idx').on('import_staging').columns(['staged_at']).execute();
}
