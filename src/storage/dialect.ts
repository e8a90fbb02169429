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
  /**
   * Subquery `(record_id, rank)` of full-text matches, lower rank = better. `all`: every term must match (the
   * last as a prefix, for search-as-you-type); `any`: at least one term, ranked by BM25-style relevance.
   */
  searchMatches(ws: string, entity: string, q: string, mode?: 'all' | 'any', rank?: RankBound): RawBuilder<unknown> | null;
  /**
   * Query `(n)`: how many full-text documents (of any workspace) hold the word `term`, counted up to `cap + 1`
   * only — enough to tell a very common word, at a cost bounded by `cap`. PostgreSQL counts the documents of
   * `entity` (its full-text indexes are one per object, migration 0023); SQLite's FTS5 index counts all.
   */
  termDocuments(term: string, cap: number, entity: string): RawBuilder<{ n: number }>;
}

/**
 * How relevance ranking may be bounded: PostgreSQL ranks (ts_rank_cd) at most `candidates` of the matches, taken
 * as the GIN index hands them over — ranking all of them cost seconds for a common phrase among 1M activities.
 * Documents holding the last word whole are taken before those holding it only as a prefix (see searchMatches).
 * Up to that many matches the order is exactly as before. SQLite's FTS5 ranks inside its index and ignores it.
 * Counting matches never passes a bound.
 */
export interface RankBound {
  candidates: number;
}

/** Matches PostgreSQL ranks for one page of relevance-ordered results (see RankBound). */
export const RANK_CANDIDATES = 2000;

/** Word tokens of a user's search text (letters and digits only, so no query syntax leaks through). */
export function searchTerms(q: string): string[] {
  return foldText(q)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0)
    .slice(0, 16);
}

/**
 * A full-text document as stored: its words (as searchTerms cuts them) between spaces, so both backends see the
 * same words — PostgreSQL's parser would keep "ava@apex.com" and "apex-goods.com" whole, and a search for
 * "ava" or "apex" (all a search's terms ever hold) would not find them.
 */
export function searchBody(text: string): string {
  return foldText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0)
    .join(' ');
}

/** Words too common to say what a text is about; any-word (relevance) search leaves them out. */
const STOP_WORDS = new Set(
  'a an and are as at be but by for from has have i in is it its me my of on or our so that the their them they this to was we were what when where which who whom why will with you your'.split(' '),
);

/** Terms for any-word relevance search: no stop words or single letters ("A/B" would match everything). */
export function relevanceTerms(q: string): string[] {
  const terms = searchTerms(q);
  const kept = terms.filter((t) => t.length > 1 && !STOP_WORDS.has(t.toLowerCase()));
  return kept.length > 0 ? kept : terms;
}

export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  differs: (a, b) => sql<boolean>`${sql.ref(a)} IS NOT ${sql.ref(b)}`,
  ilike: (column, pattern) => sql<boolean>`${sql.ref(column)} LIKE ${pattern} ESCAPE '\\'`,
  searchMatches(ws, entity, q, mode = 'all') {
    const terms = mode === 'any' ? relevanceTerms(q) : searchTerms(q);
    if (terms.length === 0) return null;
    const match = mode === 'any' ? terms.map((t) => `"${t}"`).join(' OR ') : terms.map((t, i) => `"${t}"${i === terms.length - 1 ? '*' : ''}`).join(' ');
    return sql`(SELECT d.record_id AS record_id, bm25(search_fts) AS rank
      FROM search_fts JOIN search_documents d ON d.rowid = search_fts.rowid
      WHERE search_fts MATCH ${match} AND d.workspace_id = ${ws} AND d.entity = ${entity})`;
  },
  termDocuments: (term, cap) => sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH ${`"${term}"`} LIMIT ${cap + 1})`,
};

export const postgresDialect: SqlDialect = {
  name: 'postgres',
  differs: (a, b) => sql<boolean>`${sql.ref(a)} IS DISTINCT FROM ${sql.ref(b)}`,
  ilike: (column, pattern) => sql<boolean>`${sql.ref(column)} ILIKE ${pattern} ESCAPE '\\'`,
  searchMatches(ws, entity, q, mode = 'all', bound) {
    const terms = mode === 'any' ? relevanceTerms(q) : searchTerms(q);
    if (terms.length === 0) return null;
    const query = mode === 'any' ? terms.map((t) => `'${t}'`).join(' | ') : terms.map((t, i) => `'${t}'${i === terms.length - 1 ? ':*' : ''}`).join(' & ');
    // The object's name is one of four declared ones and goes in as a literal, so the planner sees which partial
    // full-text index (one per object, migration 0023) the statement may use whatever plan it caches.
    const ofEntity = sql`workspace_id = ${ws} AND entity = ${sql.lit(entityName(entity))}`;
    // ts_rank_cd with length normalisation is the closest PostgreSQL has to BM25.
    if (!bound)
      return sql`(SELECT record_id, -ts_rank_cd(tsv, to_tsquery('simple', ${query}), 1) AS rank
        FROM search_documents
        WHERE ${ofEntity} AND tsv @@ to_tsquery('simple', ${query}))`;
    // The LIMIT inside keeps the planner from ranking (and joining) every match before it orders them.
    if (mode === 'any')
      return sql`(SELECT record_id, -ts_rank_cd(tsv, to_tsquery('simple', ${query}), 1) AS rank
        FROM (SELECT record_id, tsv FROM search_documents
          WHERE ${ofEntity} AND tsv @@ to_tsquery('simple', ${query})
          LIMIT ${bound.candidates}) AS candidates)`;
    // Candidates holding the last word whole come first, and the prefix match runs only when they are fewer
    // than the bound (the outer LIMIT stops the Append before its second branch): a prefix term makes GIN
    // collect every word it starts (twice the index time for "case study" among 1M activities). Up to the
    // bound every match is still a candidate, so the order is as before; past it the candidates are whole-word
    // matches, the more relevant of an arbitrary set.
    const whole = terms.map((t) => `'${t}'`).join(' & ');
    return sql`(SELECT record_id, -ts_rank_cd(tsv, to_tsquery('simple', ${query}), 1) AS rank
      FROM ((SELECT record_id, tsv FROM search_documents
          WHERE ${ofEntity} AND tsv @@ to_tsquery('simple', ${whole})
          LIMIT ${bound.candidates})
        UNION ALL
        (SELECT record_id, tsv FROM search_documents
          WHERE ${ofEntity} AND tsv @@ to_tsquery('simple', ${query}) AND NOT tsv @@ to_tsquery('simple', ${whole})
          LIMIT ${bound.candidates})
        LIMIT ${bound.candidates}) AS candidates)`;
  },
  termDocuments: (term, cap, entity) =>
    sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT 1 FROM search_documents WHERE entity = ${sql.lit(entityName(entity))} AND tsv @@ to_tsquery('simple', ${`'${term}'`}) LIMIT ${cap + 1}) AS t`,
};

/** An object's name, checked before it is written into SQL as a literal. */
function entityName(entity: string): string {
  if (!/^[a-z_]+$/.test(entity)) throw new Error(`not an object name: ${entity}`);
  return entity;
}

/** Escapes LIKE wildcards so user text matches literally. */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
