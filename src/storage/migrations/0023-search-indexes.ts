import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../index.js';

/**
 * Issue 21: one full-text index per object on PostgreSQL (SQLite's FTS5 table is left as it is).
 *
 * 0001 made one GIN index over every object's search documents. A contact search then had to take the GIN bitmap
 * of a word from all documents — mostly activities' — and AND it with the primary key's bitmap of 100k contact
 * documents (42 ms of a 77 ms page for `q=compliance` at 1M activities), or filter the heap rows one by one. A
 * partial index per object (`WHERE entity = …`) holds that object's documents only, so a search reads the
 * postings of the object it lists and nothing else; each document is still in exactly one index, so writes cost
 * what they did. Queries name the object as a literal (dialect.ts) so the planner can match the predicate.
 *
 * The workspace is not in these indexes (that needs btree_gin): measured on one workspace of 1M activities, its
 * posting list made the index scan ~40 % dearer, and the heap rows read after it are the page's few thousand
 * candidates, which are filtered by workspace there.
 *
 * The objects are named here, not read from the live declarations (see index.ts); a document of any other
 * object lands in the last index, so a later object is searchable through an index before its own migration.
 */
const OBJECTS = ['company', 'contact', 'deal', 'activity'];

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect !== 'postgres') return;
  // Building GIN indexes over a million documents sorts their postings in memory: more memory, fewer passes.
  await sql`SET LOCAL maintenance_work_mem = '256MB'`.execute(db);
  for (const entity of OBJECTS) {
    await sql`CREATE INDEX ${sql.ref(`search_documents_${entity}_tsv_idx`)} ON search_documents USING gin (tsv) WHERE entity = ${sql.lit(entity)}`.execute(db);
  }
  await sql`CREATE INDEX search_documents_other_tsv_idx ON search_documents USING gin (tsv)
    WHERE entity NOT IN (${sql.join(OBJECTS.map((e) => sql.lit(e)))})`.execute(db);
  await sql`DROP INDEX search_documents_tsv_idx`.execute(db);
}
