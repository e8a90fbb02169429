import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../index.js';

/**
 * SQLite's full-text index keeps a deleted document's words in its segments until they are merged, even with
 * `secure_delete` on (that zeroes freed pages, not entries still inside live ones). FTS5's own secure-delete
 * option removes them at once, so an erased person's words do not stay readable in the file. PostgreSQL: none.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect !== 'sqlite') return;
  await sql`INSERT INTO search_fts(search_fts, rank) VALUES ('secure-delete', 1)`.execute(db);
}
