/** The few places where SQLite and PostgreSQL differ; everything else is one Kysely query layer. */
import { sql, type RawBuilder } from 'kysely';
import { foldText } from '../core/normalize.js';
import type { DialectName } from './index.js';

export interface SqlDialect {
  name: DialectName;
  /** Null-safe "differs" comparison of two column references. */
  differs(a: string, b: string): RawBuilder<boolean>;
  /** Case-insensitive LIKE. */
  ilike(column: string, pattern: string): RawBuilder<boolean>;
  /** Subquery `(record_id, rank)` of full-text matches, lower rank = better. */
  searchMatches(ws: string, entity: string, q: string): RawBuilder<unknown> | null;
}

/** Word tokens of a user's search text (letters and digits only, so no query syntax leaks through). */
export function searchTerms(q: string): string[] {
  return foldText(q)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0)
    .slice(0, 16);
}

export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  differs: (a, b) => sql<boolean>`${sql.ref(a)} IS NOT ${sql.ref(b)}`,
  ilike: (column, pattern) => sql<boolean>`${sql.ref(column)} LIKE ${pattern} ESCAPE '\\'`,
  searchMatches(ws, entity, q) {
    const terms = searchTerms(q);
    if (terms.length === 0) return null;
    // Every term must match; the last one as a prefix so search-as-you-type works.
    const match = terms.map((t, i) => `"${t}"${i === terms.length - 1 ? '*' : ''}`).join(' ');
    return sql`(SELECT d.record_id AS record_id, bm25(search_fts) AS rank
      FROM search_fts JOIN search_documents d ON d.rowid = search_fts.rowid
      WHERE search_fts MATCH ${match} AND d.workspace_id = ${ws} AND d.entity = ${entity})`;
  },
};

export const postgresDialect: SqlDialect = {
  name: 'postgres',
  differs: (a, b) => sql<boolean>`${sql.ref(a)} IS DISTINCT FROM ${sql.ref(b)}`,
  ilike: (column, pattern) => sql<boolean>`${sql.ref(column)} ILIKE ${pattern} ESCAPE '\\'`,
  searchMatches(ws, entity, q) {
    const terms = searchTerms(q);
    if (terms.length === 0) return null;
    const query = terms.map((t, i) => `'${t}'${i === terms.length - 1 ? ':*' : ''}`).join(' & ');
    return sql`(SELECT record_id, -ts_rank(tsv, to_tsquery('simple', ${query})) AS rank
      FROM search_documents
      WHERE workspace_id = ${ws} AND entity = ${entity} AND tsv @@ to_tsquery('simple', ${query}))`;
  },
};

/** Escapes LIKE wildcards so user text matches literally. */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
