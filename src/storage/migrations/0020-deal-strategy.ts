import type { Kysely } from 'kysely';
import type { DialectName } from '../index.js';
import { columnsOf } from './table-columns.js';

/**
 * Deal strategy (issue 19): what was recommended for a deal each step, as of which moment (the simulation's or the
 * replay's clock, not the server's), by which policy, with the propensity of the chosen action, the state features
 * as they were and the action's effort cost; and when an activity acted on it. Its own table rather than 0017's:
 * those rows are a contact's and their contact_id is NOT NULL (changing that on SQLite means rebuilding the table).
 *
 * Activities get the declared field `recommendation_id` (a deal or contact recommendation that the activity acted
 * on), indexed because the reflection buffer joins on it.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('deal_recommendations')
    .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('deal_id', 'text', (c) => c.notNull())
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('propensity', 'double precision', (c) => c.notNull())
    .addColumn('cost', 'double precision', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('model_version', 'integer', (c) => c.notNull())
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('acted_at', 'text')
    .addColumn('activity_id', 'text')
    .execute();
  await db.schema.createIndex('deal_recommendations_ws_id_idx').on('deal_recommendations').columns(['workspace_id', 'id']).unique().execute();
  await db.schema.createIndex('deal_recommendations_deal_idx').on('deal_recommendations').columns(['workspace_id', 'deal_id', 'as_of']).execute();
  const have = await columnsOf(db, dialect, 'activities');
  if (!have.has('recommendation_id')) await db.schema.alterTable('activities').addColumn('recommendation_id', 'text').execute();
  await db.schema.createIndex('activities_recommendation_idx').ifNotExists().on('activities').columns(['workspace_id', 'recommendation_id']).execute();
}
