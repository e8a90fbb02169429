import type { Kysely } from 'kysely';
import type { DialectName } from '../index.js';
import { columnsOf } from './table-columns.js';

/**
 * Why a deal was lost (issue 15): `lost_reason`, one of the workspace's list (setting `deals.lost_reasons`), indexed
 * for "lost deals by reason", and `lost_note`, free text. Both are empty unless the deal is closed_lost.
 *
 * Idempotent: until 0001 was frozen it created entity tables from the live declarations, so databases created since
 * have these columns (and 0001's index on lost_reason) already.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const have = await columnsOf(db, dialect, 'deals');
  for (const column of ['lost_reason', 'lost_note']) if (!have.has(column)) await db.schema.alterTable('deals').addColumn(column, 'text').execute();
  await db.schema.createIndex('deals_lost_reason_idx').ifNotExists().on('deals').columns(['workspace_id', 'lost_reason']).execute();
}
