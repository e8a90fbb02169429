/** Full-text relevance of one object's records: every-word matches first, then any-word ones ranked by rarer words. */
import type { EntityDef } from '../../core/entities.js';
import { chunk } from '../chunk.js';
import type { RecordTablesDb } from '../database.js';
import { RANK_CANDIDATES, relevanceTerms, type SqlDialect } from '../dialect.js';
import type { Filter } from '../index.js';
import type { FilterCompiler } from './filters.js';

/** A word in more full-text documents (of the searched object, on PostgreSQL) than this is too common to rank any-word matches by (see rankableTerms). */
const COMMON_TERM_DOCUMENTS = 20_000;
const TERM_DOCUMENTS_TTL_MS = 10 * 60_000;

export class TextRanker {
  /** Documents per object and word (capped at COMMON_TERM_DOCUMENTS + 1), remembered a while: they change slowly. */
  private readonly termDocs = new Map<string, { n: number; at: number }>();

  constructor(
    private readonly db: RecordTablesDb,
    private readonly dialect: SqlDialect,
    private readonly filters: FilterCompiler,
  ) {}

  private async termDocuments(entity: EntityDef, term: string): Promise<number> {
    const key = `${entity.name}:${term}`;
    const hit = this.termDocs.get(key);
    if (hit && Date.now() - hit.at < TERM_DOCUMENTS_TTL_MS) return hit.n;
    const { rows } = await this.dialect.termDocuments(term, COMMON_TERM_DOCUMENTS, entity.name).execute(this.db);
    const n = Number(rows[0]?.n ?? 0);
    if (this.termDocs.size >= 10_000) this.termDocs.clear();
    this.termDocs.set(key, { n, at: Date.now() });
    return n;
  }

  /**
   * The words worth ranking any-word matches by: a word in very many documents ("data", "interested") says
   * little about relevance (BM25 gives it almost no weight) yet makes the query rank every document holding it,
   * so it is left out while a rarer word of the query remains. In a small corpus no word is left out.
   */
  private async rankableTerms(entity: EntityDef, terms: string[]): Promise<string[]> {
    if (terms.length < 2) return terms;
    const counts = await Promise.all(terms.map((t) => this.termDocuments(entity, t.toLowerCase())));
    const kept = terms.filter((_, i) => counts[i]! <= COMMON_TERM_DOCUMENTS);
    return kept.length > 0 ? kept : [];
  }

  async search(ws: string, entity: EntityDef, q: string, limit: number, filters: Filter[] = []) {
    // Rank the text matches first, then apply the filters to the best of them: joined the other way round,
    // SQLite re-runs the full-text query for every filtered row (11 s for an industry of 7,000 contacts).
    const pool = filters.length > 0 ? Math.max(limit * 10, 2000) : limit;
    const terms = relevanceTerms(q);
    const rankedBy = async (mode: 'all' | 'any', n: number) => {
      const words = mode === 'any' ? await this.rankableTerms(entity, terms) : terms;
      // At most max(n, RANK_CANDIDATES) matches are ranked on PostgreSQL (RankBound): the pool is the best of those.
      const matches = words.length > 0 ? this.dialect.searchMatches(ws, entity.name, words.join(' '), mode, { candidates: Math.max(n, RANK_CANDIDATES) }) : null;
      if (!matches) return [];
      const rows = await this.db
        .selectFrom(matches.as('m'))
        .select(['m.record_id as id', 'm.rank as rank'])
        .orderBy('m.rank')
        .orderBy('m.record_id')
        .limit(n)
        .execute();
      return rows.map((r) => ({ id: r.id as string, rank: Number(r.rank) }));
    };
    // Records with every word first (a small set to rank even when each word is common), then any word.
    const hits = await rankedBy('all', pool);
    if (hits.length < limit) {
      const seen = new Set(hits.map((h) => h.id));
      const worst = hits.length > 0 ? hits[hits.length - 1]!.rank : 0;
      for (const h of await rankedBy('any', pool)) {
        if (hits.length >= pool) break;
        // Keep every any-word hit below the all-word ones in rank order (ranks are "lower is better").
        if (!seen.has(h.id)) hits.push({ id: h.id, rank: Math.max(h.rank, worst) + 1e-6 * hits.length });
      }
    }
    if (filters.length === 0 || hits.length === 0) return hits;
    const keep = new Set<string>();
    for (const part of chunk(hits.map((h) => h.id), 500)) {
      const rows = await this.filters.filtered(ws, entity, filters).where(`${entity.plural}.id`, 'in', part).select(`${entity.plural}.id as id`).execute();
      for (const r of rows) keep.add(r.id as string);
    }
    return hits.filter((h) => keep.has(h.id)).slice(0, limit);
  }
}
