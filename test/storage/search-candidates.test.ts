/**
 * Full-text search at scale (migration 0023, dialect.ts): on both databases a search finds whole-word and prefix
 * matches of its last word and counts them the same; on PostgreSQL each object has its own full-text index, a
 * bounded ranking takes whole-word matches before prefix-only ones, within the bound it ranks exactly what the
 * unbounded query ranks, and word counts for relevance are per object.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ENTITIES } from '../../src/core/entities.js';
import { DEFAULT_WORKSPACE } from '../../src/crm/index.js';
import { commitWrites } from '../../src/crm/write-commit.js';
import { planCreate, type WriteMeta } from '../../src/crm/write-pipeline.js';
import { ChangeFeed } from '../../src/crm/change-feed.js';
import { postgresDialect } from '../../src/storage/dialect.js';
import { describeEachBackend, PG_URL, TEST_NOW } from '../support/backends.js';

const ws = DEFAULT_WORKSPACE;
const contacts = ENTITIES.contact;
/** 6 contacts hold "study" as a word, 4 only "studying" (a prefix match of "study"), 3 neither; 2 companies hold "study". */
const WHOLE = 6;
const PREFIX_ONLY = 4;

describeEachBackend('full-text candidates and per-object indexes (migration 0023)', (ctx, dialect) => {
  beforeAll(async () => {
    const { crm } = ctx();
    const meta: WriteMeta = { at: TEST_NOW, source: 'import', actor: null };
    const rows = [
      // Titles of different lengths give different ranks (ts_rank_cd and bm25 both normalise by length).
      // Prefix-only matches are written first, so an index hands them over first: the bound must pass them by.
      ...Array.from({ length: PREFIX_ONLY }, (_, i) => ({ id: `ct_prefix${i}`, first_name: `Prefix${i}`, last_name: 'Reader', title: `Studying ${'analyst '.repeat(i + 1)}`.trim() })),
      ...Array.from({ length: WHOLE }, (_, i) => ({ id: `ct_whole${i}`, first_name: `Whole${i}`, last_name: 'Reader', title: `Case study ${'writer '.repeat(i)}`.trim() })),
      ...Array.from({ length: 3 }, (_, i) => ({ id: `ct_other${i}`, first_name: `Other${i}`, last_name: 'Reader', title: 'Engineer' })),
    ];
    await crm.storage.transaction((tx) => commitWrites(tx, ws, contacts, rows.map((r) => planCreate(contacts, r, meta)), meta, new ChangeFeed()));
    const companies = [
      { id: 'co_study1', name: 'Study Group' },
      { id: 'co_study2', name: 'Case Study Partners' },
    ];
    await crm.storage.transaction((tx) => commitWrites(tx, ws, ENTITIES.company, companies.map((r) => planCreate(ENTITIES.company, r, meta)), meta, new ChangeFeed()));
  }, 120_000);

  const ranked = async (q: string) => {
    const page = await ctx().crm.records.list(ws, contacts, { q, limit: 50, withTotal: true, totalCap: 1000 });
    return { ids: page.records.map((r) => r.id), total: page.total };
  };

  it('finds whole-word and prefix matches of the last word, and counts them, the same on both databases', async () => {
    const study = await ranked('study');
    expect(study.total).toBe(WHOLE + PREFIX_ONLY);
    expect(new Set(study.ids)).toEqual(new Set([...Array.from({ length: WHOLE }, (_, i) => `ct_whole${i}`), ...Array.from({ length: PREFIX_ONLY }, (_, i) => `ct_prefix${i}`)]));
    expect((await ranked('case stud')).ids.sort()).toEqual(Array.from({ length: WHOLE }, (_, i) => `ct_whole${i}`));
    expect((await ranked('studyi')).total).toBe(PREFIX_ONLY);
    // Sorted by a field (every match, no bound) and counted exactly: the same set.
    const sorted = await ctx().crm.records.list(ws, contacts, { q: 'study', limit: 50, withTotal: true, sort: { field: 'id', direction: 'asc' } });
    expect(sorted.total).toBe(WHOLE + PREFIX_ONLY);
    expect(sorted.records.map((r) => r.id)).toEqual([...study.ids].sort());
    // The companies' documents are another object's: not found, not counted.
    expect(study.ids.some((id) => id.startsWith('co_'))).toBe(false);
  });

  if (dialect !== 'postgres') return;

  let client: pg.Pool;
  let db: Kysely<any>;
  beforeAll(async () => {
    const schema = ctx().storage.pgSchema!;
    client = new pg.Pool({ connectionString: PG_URL, options: `-c search_path=${schema}`, max: 1 });
    db = new Kysely<any>({ dialect: new PostgresDialect({ pool: client }) });
  });
  afterAll(async () => {
    await db?.destroy();
  });

  /** The contacts' matches of `q` in rank order, with at most `candidates` ranked (or every match). */
  const matches = async (q: string, candidates?: number) => {
    const m = postgresDialect.searchMatches(ws, 'contact', q, 'all', candidates === undefined ? undefined : { candidates })!;
    const { rows } = await sql<{ record_id: string; rank: number }>`SELECT record_id, rank FROM ${m} AS m ORDER BY rank, record_id`.execute(db);
    return rows;
  };

  it('a bounded ranking takes whole-word matches first, and within the bound ranks exactly what every match ranks', async () => {
    const all = await matches('study');
    expect(all).toHaveLength(WHOLE + PREFIX_ONLY);
    // Within the bound: the same rows in the same order with the same ranks.
    expect(await matches('study', WHOLE + PREFIX_ONLY)).toEqual(all);
    expect(await matches('study', 100)).toEqual(all);
    // Past it: whole-word matches only while they fill the bound, then prefix-only ones.
    const bounded = await matches('study', WHOLE);
    expect(bounded.map((r) => r.record_id).sort()).toEqual(Array.from({ length: WHOLE }, (_, i) => `ct_whole${i}`));
    const some = await matches('study', WHOLE + 2);
    expect(some.filter((r) => r.record_id.startsWith('ct_whole'))).toHaveLength(WHOLE);
    expect(some.filter((r) => r.record_id.startsWith('ct_prefix'))).toHaveLength(2);
    // A prefix that is no word at all still finds its matches.
    expect(await matches('studyi', 3)).toHaveLength(3);
  });

  it('counts a word\'s documents per object for relevance (not another object\'s)', async () => {
    const count = async (entity: string) => Number((await postgresDialect.termDocuments('study', 100, entity).execute(db)).rows[0]!.n);
    expect(await count('contact')).toBe(WHOLE);
    expect(await count('company')).toBe(2);
    expect(await count('deal')).toBe(0);
    expect(() => postgresDialect.termDocuments('study', 100, "contact' OR 1=1 --")).toThrow(/not an object name/);
  });
  // Last: it writes filler documents.
  it('has one full-text index per object and none over all of them, and a search uses its object\'s', async () => {
    const { rows } = await client.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'search_documents'`);
    const defs = new Map((rows as { indexname: string; indexdef: string }[]).map((r) => [r.indexname, r.indexdef]));
    for (const entity of ['company', 'contact', 'deal', 'activity']) expect(defs.get(`search_documents_${entity}_tsv_idx`)).toMatch(new RegExp(`USING gin \\(tsv\\) WHERE \\(entity = '${entity}'::text\\)`));
    expect(defs.get('search_documents_other_tsv_idx')).toMatch(/USING gin \(tsv\) WHERE \(entity <> ALL/);
    expect(defs.has('search_documents_tsv_idx')).toBe(false);
    const conn = await client.connect();
    try {
      // On 17 documents any index is as cheap as another: 3,000 more of each object (written directly, without
      // records: only the plan matters here) make the planner choose. VACUUM empties the GIN pending lists.
      await conn.query(`INSERT INTO search_documents (workspace_id, entity, record_id, body)
        SELECT 'default', e, 'filler_' || g, 'filler words ' || g FROM generate_series(1, 3000) g, unnest(ARRAY['contact', 'company', 'ticket']) e`);
      await conn.query('VACUUM ANALYZE search_documents');
      await conn.query('SET enable_seqscan = off');
      await conn.query('SET enable_indexscan = off');
      const explain = async (m: ReturnType<typeof postgresDialect.searchMatches>) => {
        const compiled = sql`EXPLAIN SELECT record_id FROM ${m!} AS m`.compile(db);
        return ((await conn.query(compiled.sql, compiled.parameters as unknown[])).rows as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n');
      };
      expect(await explain(postgresDialect.searchMatches(ws, 'contact', 'study', 'all', { candidates: 2000 }))).toContain('search_documents_contact_tsv_idx');
      expect(await explain(postgresDialect.searchMatches(ws, 'company', 'study', 'any', { candidates: 2000 }))).toContain('search_documents_company_tsv_idx');
      expect(await explain(postgresDialect.searchMatches(ws, 'contact', 'study'))).toContain('search_documents_contact_tsv_idx');
      // An object no migration knows yet is still served by an index.
      expect(await explain(postgresDialect.searchMatches(ws, 'ticket', 'study'))).toContain('search_documents_other_tsv_idx');
    } finally {
      await conn.query('RESET ALL');
      conn.release();
    }
  });
});
