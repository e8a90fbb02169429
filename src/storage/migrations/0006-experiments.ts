import type { Kysely } from 'kysely';
import type { DialectName } from '../index.js';

/**
 * Experiments comparing scoring strategies (records are assigned to variants deterministically; outcomes are
 * attributed through the outcome log), and per-workspace settings such as which strategy a workspace rolls out.
 */
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('experiments')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('variants', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('stopped_at', 'text')
    .addPrimaryKeyConstraint('experiments_pk', ['workspace_id', 'id'])
    .execute();
  await db.schema
    .createTable('workspace_settings')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('workspace_settings_pk', ['workspace_id', 'key'])
    .execute();
}
