import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../index.js';

/** The columns this migration adds, with their (workspace_id, column) index. */
const COLUMNS = [
  { table: 'activities', column: 'outcome', type: 'text' },
  { table: 'activities', column: 'duration_minutes', type: 'integer' },
  { table: 'companies', column: 'last_contacted_at', type: 'text' },
] as const;

/**
 * Follow-up (issue 15): calls and meetings take an outcome and a duration; companies get `last_contacted_at`
 * like contacts. 0001 creates tables from the declarations as they are when it runs, so on a new database the
 * columns are already there: each is added only when missing. Then last_contacted_at is recomputed once from the
 * e-mails, calls and meetings already logged (see recomputeLastContacted).
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  for (const { table, column, type } of COLUMNS) {
    if (!(await hasColumn(db, dialect, table, column))) await db.schema.alterTable(table).addColumn(column, type).execute();
    await db.schema.createIndex(`${table}_${column}_idx`).ifNotExists().on(table).columns(['workspace_id', column]).execute();
  }
  await recomputeLastContacted(db, new Date().toISOString().slice(0, 19) + 'Z');
}

async function hasColumn(db: Kysely<any>, dialect: DialectName, table: string, column: string): Promise<boolean> {
  const rows =
    dialect === 'sqlite'
      ? (await sql<{ name: string }>`SELECT name FROM pragma_table_info(${table})`.execute(db)).rows
      : (await sql<{ name: string }>`SELECT column_name AS name FROM information_schema.columns WHERE table_name = ${table} AND table_schema = current_schema()`.execute(db)).rows;
  return rows.some((r) => r.name === column);
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
