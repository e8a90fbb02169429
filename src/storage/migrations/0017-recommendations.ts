import type { Kysely } from 'kysely';
import type { DialectName } from '../index.js';

/**
 * Next-best-action recommendations (issue 18): what was recommended to whom, by which policy, with the propensity
 * of the chosen action and the context as it was, and what came of it. `seq` orders them for listing; an outcome
 * is set once (the repository refuses a second).
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('recommendations')
    .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('propensity', 'double precision', (c) => c.notNull())
    .addColumn('context', 'text', (c) => c.notNull())
    .addColumn('model_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('acted_at', 'text')
    .addColumn('outcome', 'text')
    .addColumn('outcome_at', 'text')
    .addColumn('outcome_source', 'text')
    .execute();
  await db.schema.createIndex('recommendations_ws_id_idx').on('recommendations').columns(['workspace_id', 'id']).unique().execute();
  await db.schema.createIndex('recommendations_contact_idx').on('recommendations').columns(['workspace_id', 'contact_id', 'created_at']).execute();
  // Every request asks the outcome log for next-action outcomes after a seq: without this it would walk every
  // later entry (recommendations without an answer pile up there).
  await db.schema.createIndex('outcomes_ws_kind_seq_idx').on('outcomes').columns(['workspace_id', 'kind', 'seq']).execute();
}
