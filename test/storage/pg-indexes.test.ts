/**
 * Migration 0019: the list orders and `contains` filters the API emits are served by indexes on PostgreSQL (no
 * Sort node over all matches, a trigram index for ILIKE '%x%'), and the same queries answer the same on SQLite and
 * PostgreSQL — NULLs first ascending and last descending, cursor pages included.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ENTITIES } from '../../src/core/entities.js';
import { parseListParams } from '../../src/crm/list-params.js';
import { describeEachBackend, PG_URL } from '../support/backends.js';

const WS = 'default';
const actor = { source: 'api' as const, actor: null };

/** Records the SQL text and parameters each PostgreSQL statement of `fn` sends. */
async function statementsOf(fn: () => Promise<unknown>): Promise<{ text: string; values: unknown[] }[]> {
  const seen: { text: string; values: unknown[] }[] = [];
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...a: unknown[]) {
    // Kysely's driver sends (text, values); pg's own callers send a config object.
    const q = a[0] as { text?: string; values?: unknown[] } | string;
    if (typeof q === 'string') seen.push({ text: q, values: (a[1] as unknown[]) ?? [] });
    else if (q?.text) seen.push({ text: q.text, values: q.values ?? [] });
    return original.apply(this, a);
  };
  try {
    await fn();
  } finally {
    proto.query = original;
  }
  return seen;
}

describeEachBackend('list queries at scale (migration 0019)', (ctx, dialect) => {
  const names = ['Nora', 'Ada', null, 'Lin', 'Bea', null, 'Omar', 'Cho', 'Ida', 'Eve'];
  beforeAll(async () => {
    const { crm } = ctx();
    for (let i = 0; i < 30; i++) {
      await crm.records.create(
        WS,
        'contact',
        {
          id: `ct_idx_${String(i).padStart(2, '0')}`,
          first_name: names[i % names.length],
          last_name: `Tester${i % 7}`,
          title: i % 3 === 0 ? 'CTO' : i % 3 === 1 ? 'Head of Data' : null,
          lead_status: i % 2 === 0 ? 'contacted' : 'new',
          created_at: i % 5 === 0 ? null : `2026-0${1 + (i % 9)}-1${i % 10}T10:00:00Z`,
        },
        actor,
      ).catch(async (e) => {
        // created_at may be create-only and required by the write rules: then every record gets one.
        if (!/created_at/.test(String(e))) throw e;
        await crm.records.create(WS, 'contact', { id: `ct_idx_${String(i).padStart(2, '0')}`, first_name: names[i % names.length], last_name: `Tester${i % 7}`, title: i % 3 === 0 ? 'CTO' : i % 3 === 1 ? 'Head of Data' : null, lead_status: i % 2 === 0 ? 'contacted' : 'new' }, actor);
      });
    }
  });

  /** Every page of a list, following next_cursor, as ids. */
  async function allPages(params: Record<string, unknown>): Promise<(string | null)[][]> {
    const { crm } = ctx();
    const out: (string | null)[][] = [];
    let cursor: string | undefined;
    do {
      const page = await crm.storage.records.list(WS, ENTITIES.contact, { ...parseListParams(ENTITIES.contact, { ...params, limit: '4' }), ...(cursor ? { cursor } : {}) });
      out.push(page.records.map((r) => `${r.id}:${r.first_name ?? 'NULL'}`));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out;
  }

  it('orders by a column with NULLs first ascending and last descending, every page in order, nothing twice', async () => {
    const asc = (await allPages({ sort: 'first_name' })).flat();
    const desc = (await allPages({ sort: '-first_name' })).flat();
    expect(asc).toHaveLength(30);
    expect(new Set(asc).size).toBe(30);
    const firstNames = asc.map((s) => s!.split(':')[1]);
    expect(firstNames.slice(0, 6)).toEqual(Array(6).fill('NULL'));
    expect(firstNames.slice(6)).toEqual([...firstNames.slice(6)].sort());
    expect(desc).toEqual([...asc].reverse());
  });

  it('filters by status and sorts newest first, and finds contains matches in any case', async () => {
    const contacted = (await allPages({ lead_status: 'contacted', sort: '-created_at' })).flat();
    expect(contacted).toHaveLength(15);
    const cto = (await allPages({ title: { contains: 'cto' } })).flat();
    expect(cto).toHaveLength(10);
    const data = (await allPages({ title: { contains: 'OF DA' } })).flat();
    expect(data).toHaveLength(10);
    // A LIKE wildcard in the text is matched literally.
    expect((await allPages({ title: { contains: '%' } })).flat()).toHaveLength(0);
  });

  if (dialect !== 'postgres') return;

  let client: pg.Client;
  beforeAll(async () => {
    const schema = ctx().storage.pgSchema!;
    client = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
    await client.connect();
    await client.query('ANALYZE contacts'); // as an import leaves it (storage.optimize)
  });
  afterAll(async () => {
    await client?.end();
  });

  /** The plan of each record-table statement `fn` sends, with sequential scans priced out (a 30-row table). */
  async function plansOf(fn: () => Promise<unknown>, off: string[] = ['enable_seqscan']): Promise<string[]> {
    const statements = (await statementsOf(fn)).filter((s) => /^\s*select/i.test(s.text) && /"contacts"/.test(s.text));
    expect(statements.length).toBeGreaterThan(0);
    await client.query('RESET ALL');
    for (const setting of off) await client.query(`SET ${setting} = off`);
    const plans: string[] = [];
    for (const s of statements) {
      const { rows } = await client.query(`EXPLAIN ${s.text}`, s.values);
      plans.push((rows as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n'));
    }
    return plans;
  }

  it('has the sort, composite and trigram indexes, and no index left in the old NULLS LAST order', async () => {
    const { rows } = await client.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'contacts'`);
    const defs = new Map((rows as { indexname: string; indexdef: string }[]).map((r) => [r.indexname, r.indexdef]));
    expect(defs.get('contacts_lead_status_created_at_idx')).toMatch(/\(workspace_id, lead_status, created_at NULLS FIRST, id\)/);
    expect(defs.get('contacts_first_name_sort_idx')).toMatch(/\(workspace_id, first_name NULLS FIRST, id\)/);
    expect(defs.get('contacts_title_trgm_idx')).toMatch(/USING gin \(title public\.gin_trgm_ops\)/);
    expect(defs.has('contacts_first_name_idx')).toBe(false);
    const { rows: ext } = await client.query(`SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'`);
    expect(ext).toEqual([{ nspname: 'public' }]);
  });

  it('walks an index in list order (no sort of all matches) for a sorted page and a filter + sort pair', async () => {
    const { crm } = ctx();
    const list = (params: Record<string, unknown>) => crm.storage.records.list(WS, ENTITIES.contact, { ...parseListParams(ENTITIES.contact, { ...params, limit: '50' }), withTotal: false });
    for (const [params, index] of [
      [{ sort: '-first_name' }, 'contacts_first_name_sort_idx'],
      [{ sort: 'first_name' }, 'contacts_first_name_sort_idx'],
      [{ lead_status: 'contacted', sort: '-created_at' }, 'contacts_lead_status_created_at_idx'],
    ] as const) {
      const [plan] = await plansOf(() => list(params));
      expect(plan, JSON.stringify(params)).toContain(index);
      expect(plan, JSON.stringify(params)).not.toMatch(/\bSort\b/);
    }
  });

  it('serves contains with the trigram index', async () => {
    const { crm } = ctx();
    // On 30 rows every index is as cheap as the trigram one: 5,000 more rows (written directly: only the plan
    // matters here, and this is the suite's last test) make the planner choose between them.
    await client.query(`INSERT INTO contacts (workspace_id, id, first_name, last_name, title, created_at, updated_at)
      SELECT 'default', 'ct_bulk_' || g, 'Bulk', 'Row' || g, 'Engineer ' || g, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM generate_series(1, 5000) g`);
    // VACUUM moves the new rows out of the GIN index's pending list (as autovacuum does after a bulk insert).
    await client.query('VACUUM ANALYZE contacts');
    const count = () => crm.storage.records.count(WS, ENTITIES.contact, parseListParams(ENTITIES.contact, { title: { contains: 'NEER 1234' } }).filters);
    expect(await count()).toBe(1);
    const plans = await plansOf(count);
    expect(plans[0], plans[0]).toContain('contacts_title_trgm_idx');
  });
});
