import type { Kysely } from 'kysely';
import type { DialectName } from '../index.js';

/**
 * Learned models, versioned per workspace and strategy. Every training run adds a version; the newest active
 * one scores, and retiring it (rollback) makes the previous one current again.
 */
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('models')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('strategy', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('trained_at', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('metrics', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('models_pk', ['workspace_id', 'strategy', 'version'])
    .execute();
}
