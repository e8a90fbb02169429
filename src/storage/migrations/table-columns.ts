import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../index.js';

/** A table's columns as the database has them, with their types in lower case (empty when there is no table). */
export async function columnTypesOf(db: Kysely<any>, dialect: DialectName, table: string): Promise<Map<string, string>> {
  const rows =
    dialect === 'sqlite'
      ? (await sql<{ name: string; type: string }>`SELECT name, type FROM pragma_table_info(${table})`.execute(db)).rows
      : (
          await sql<{ name: string; type: string }>`SELECT column_name AS name, data_type AS type FROM information_schema.columns
            WHERE table_name = ${table} AND table_schema = current_schema()`.execute(db)
        ).rows;
  return new Map(rows.map((r) => [r.name, r.type.toLowerCase()]));
}

/** The column names of a table as the database has them (none when the table does not exist). */
export async function columnsOf(db: Kysely<any>, dialect: DialectName, table: string): Promise<Set<string>> {
  return new Set((await columnTypesOf(db, dialect, table)).keys());
}
