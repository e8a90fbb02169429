import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../index.js';

/**
 * Issue 21: indexes PostgreSQL's planner can use at millions of rows (SQLite is left as it is: its indexes already
 * serve these orders, see below).
 *
 * 1. Sort order. Lists order by `col ASC NULLS FIRST, id` (or `DESC NULLS LAST, id DESC`) so NULL is the smallest
 *    value on both backends. PostgreSQL's default btree order is NULLS LAST, so the `(workspace_id, col)` indexes of
 *    0001 could filter but never hand rows over in list order: every sorted page sorted all matches first (92 ms for
 *    100k contacts by status, newest first). Each is rebuilt as `(workspace_id, col NULLS FIRST, id)`, which a
 *    forward scan serves ascending and a backward scan descending, keyset cursor included. (SQLite sorts NULL first
 *    already, and its record tables are clustered by (workspace_id, id), so its indexes carry the id.)
 * 2. Common filter + sort pairs as one index each: contacts by status or owner newest first and a company's
 *    contacts by name; deals by stage (expected close, amount) and by owner; a record's activities newest first.
 * 3. `pg_trgm` GIN indexes for `contains` filters and name search (`ILIKE '%x%'` on the raw column). Creating the
 *    extension needs the right to (superuser, or a trusted extension on PostgreSQL 13+): when it cannot be
 *    created the migration goes on without these indexes (contains filters then scan, as before) and says so.
 *    The extension goes into `public` — not the CRM's schema, which a test or a tenant may drop with CASCADE, taking
 *    every other schema's trigram indexes with it — and its operator class is named with its schema.
 */
const COMPOSITES: { table: string; columns: string[] }[] = [
  { table: 'contacts', columns: ['lead_status', 'created_at'] },
  { table: 'contacts', columns: ['owner', 'created_at'] },
  { table: 'contacts', columns: ['company_id', 'last_name'] },
  { table: 'companies', columns: ['owner', 'created_at'] },
  { table: 'deals', columns: ['stage', 'expected_close'] },
  { table: 'deals', columns: ['stage', 'amount'] },
  { table: 'deals', columns: ['owner', 'expected_close'] },
  { table: 'activities', columns: ['contact_id', 'occurred_at'] },
  { table: 'activities', columns: ['company_id', 'occurred_at'] },
  { table: 'activities', columns: ['deal_id', 'occurred_at'] },
];

/** Text columns `contains` filters and name search run on. */
const TRIGRAM: { table: string; column: string }[] = [
  { table: 'contacts', column: 'first_name' },
  { table: 'contacts', column: 'last_name' },
  { table: 'contacts', column: 'email' },
  { table: 'contacts', column: 'title' },
  { table: 'companies', column: 'name' },
  { table: 'companies', column: 'domain' },
  { table: 'deals', column: 'name' },
];

const RECORD_TABLES = ['companies', 'contacts', 'deals', 'activities'];

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect !== 'postgres') return;
  const leading = new Set(COMPOSITES.map((c) => `${c.table}.${c.columns[0]}`));
  for (const table of RECORD_TABLES) {
    // Every plain (workspace_id, column) btree, whichever migration made it (0001, or a later column's).
    const { rows } = await sql<{ index: string; column: string }>`
      SELECT i.relname AS index, a.attname AS column
      FROM pg_index x
      JOIN pg_class i ON i.oid = x.indexrelid
      JOIN pg_class t ON t.oid = x.indrelid
      JOIN pg_am am ON am.oid = i.relam
      JOIN pg_attribute w ON w.attrelid = t.oid AND w.attnum = x.indkey[0]
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[1]
      WHERE t.relnamespace = current_schema()::regnamespace AND t.relname = ${table} AND am.amname = 'btree'
        AND x.indnatts = 2 AND NOT x.indisunique AND x.indpred IS NULL AND w.attname = 'workspace_id'`.execute(db);
    for (const { index, column } of rows) {
      // A composite below leads with this column and serves its filters as well.
      if (!leading.has(`${table}.${column}`)) {
        await sql`CREATE INDEX ${sql.ref(`${table}_${column}_sort_idx`)} ON ${sql.table(table)} (workspace_id, ${sql.ref(column)} NULLS FIRST, id)`.execute(db);
      }
      await sql`DROP INDEX ${sql.ref(index)}`.execute(db);
    }
  }
  for (const { table, columns } of COMPOSITES) {
    const [filter, sort] = columns as [string, string];
    await sql`CREATE INDEX ${sql.ref(`${table}_${filter}_${sort}_idx`)} ON ${sql.table(table)} (workspace_id, ${sql.ref(filter)}, ${sql.ref(sort)} NULLS FIRST, id)`.execute(db);
  }

  const trgmSchema = await trigramSchema(db);
  if (!trgmSchema) {
    console.warn('migration 0019: the pg_trgm extension could not be created (it needs a superuser or a trusted extension); contains filters run without trigram indexes');
    return;
  }
  for (const { table, column } of TRIGRAM) {
    await sql`CREATE INDEX ${sql.ref(`${table}_${column}_trgm_idx`)} ON ${sql.table(table)} USING gin (${sql.ref(column)} ${sql.raw(`"${trgmSchema}".gin_trgm_ops`)})`.execute(db);
  }
}

/** The schema pg_trgm lives in, creating it in `public` when missing; null when that is not allowed here. */
async function trigramSchema(db: Kysely<any>): Promise<string | null> {
  const installed = async () =>
    (await sql<{ schema: string }>`SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'`.execute(db)).rows[0]?.schema ?? null;
  const have = await installed();
  if (have) return have;
  // A savepoint: a refused CREATE EXTENSION must not abort the migration's transaction.
  await sql`SAVEPOINT create_pg_trgm`.execute(db);
  try {
    await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`.execute(db);
    await sql`RELEASE SAVEPOINT create_pg_trgm`.execute(db);
  } catch {
    await sql`ROLLBACK TO SAVEPOINT create_pg_trgm`.execute(db);
    // Another migration (another schema of this database) may have created it at the same moment.
  }
  return installed();
}
