import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../index.js';
import { columnsOf } from './table-columns.js';

/** The columns this migration adds, with their (workspace_id, column) index. */
const COLUMNS = [
  { table: 'activities', column: 'outcome', type: 'text' },
  { table: 'activities', column: 'duration_minutes', type: 'integer' },
  { table: 'companies', column: 'last_contacted_at', type: 'text' },
] as const;

/**
 * Follow-up (issue 15): calls and meetings take an outcome and a duration; companies get `last_contacted_at`
 * like contacts. Each is added only when missing: until 0001 was frozen it created tables from the live
 * declarations, so databases created since these fields were declared have them already. Then last_contacted_at
 * is recomputed once from the e-mails, calls and meetings already logged (see recomputeLastContacted).
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  for (const { table, column, type } of COLUMNS) {
    if (!(await columnsOf(db, dialect, table)).has(column)) await db.schema.alterTable(table).addColumn(column, type).execute();
    await db.schema.createIndex(`${table}_${column}_idx`).ifNotExists().on(table).columns(['workspace_id', column]).execute();
  }
  await recomputeLastContacted(db, new Date().toISOString().slice(0, 19) + 'Z');
}

/**
 * Sets each contact's and company's last_contacted_at to the latest e-mail, call or meeting logged with it (not
 * after `now`: a meeting planned for next week is no contact yet), only where that is later than the stored value
 * (an imported date from another system stays when it is more recent). Timestamps are stored as UTC ISO text of
 * one format, so comparing them as text orders them in time. Returns the rows changed per table.
 */
export async function recomputeLastContacted(db: Kysely<any>, now: string): Promise<{ contacts: number; companies: number }> {
  const out = { contacts: 0, companies: 0 };
  for (const [table, ref] of [['contacts', 'contact_id'], ['companies', 'company_id']] as const) {
    const result = await sql`
      UPDATE ${sql.table(table)} SET last_contacted_at = latest.at
      FROM (
        SELECT workspace_id, ${sql.ref(ref)} AS record_id, MAX(occurred_at) AS at
        FROM activities
        WHERE type IN ('email', 'call', 'meeting') AND ${sql.ref(ref)} IS NOT NULL AND occurred_at <= ${now}
        GROUP BY workspace_id, ${sql.ref(ref)}
      ) AS latest
      WHERE ${sql.ref(`${table}.workspace_id`)} = latest.workspace_id AND ${sql.ref(`${table}.id`)} = latest.record_id
        AND (${sql.ref(`${table}.last_contacted_at`)} IS NULL OR ${sql.ref(`${table}.last_contacted_at`)} < latest.at)`.execute(db);
    out[table] = Number(result.numAffectedRows ?? 0);
  }
  return out;
}
