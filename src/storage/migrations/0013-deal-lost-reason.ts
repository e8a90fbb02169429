import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../index.js';

/**
 * Why a deal was lost (issue 15): `lost_reason`, one of the workspace's list (setting `deals.lost_reasons`), indexed
 * for "lost deals by reason", and `lost_note`, free text. Both are empty unless the deal is closed_lost.
 *
 * Idempotent: 0001 creates entity tables from the live declarations, so a new database already has these columns
 * (and 0001's index on lost_reason) when this runs.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const rows =
    dialect === 'sqlite'
      ? (await sql<{ name: string }>`SELECT name FROM pragma_table_info('deals')`.execute(db)).rows
      : (await sql<{ name: string }>`SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'deals' AND table_schema = current_schema()`.execute(db)).rows;
  const have = new Set(rows.map((r) => r.name));
  for (const column of ['lost_reason', 'lost_note']) if (!have.has(column)) await db.schema.alterTable('deals').addColumn(column, 'text').execute();
  await db.schema.createIndex('deals_lost_reason_idx').ifNotExists().on('deals').columns(['workspace_id', 'lost_reason']).execute();
}
