import type { Kysely } from 'kysely';
import type { DialectName } from '../index.js';

/**
 * The reflection buffer: an append-only log of outcomes (a deal won or lost, a stage move, a lead converted or
 * disqualified, later the result of a recommendation), each with the features as they were when it happened and
 * the score the CRM had given. Learners read it; nothing updates or deletes a row.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('outcomes')
    .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('actor', 'text')
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('context', 'text')
    .execute();
  await db.schema.createIndex('outcomes_ws_seq_idx').on('outcomes').columns(['workspace_id', 'seq']).execute();
  await db.schema.createIndex('outcomes_record_idx').on('outcomes').columns(['workspace_id', 'entity', 'record_id']).execute();
}
