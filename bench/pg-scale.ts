/**
 * PostgreSQL at scale: the scaled data set (bench/generate.ts, 100k contacts / 1M activities by default) imported
 * into a schema of its own, then p50/p95 over real HTTP of the queries issue 21 names, each followed by
 * `EXPLAIN (ANALYZE, BUFFERS)` of every statement that request sent to the database.
 *
 *   npx tsx bench/pg-scale.ts                                  # generate (once), import, measure, explain
 *   npx tsx bench/pg-scale.ts --reuse                          # measure again on the schema the last run imported
 *   npx tsx bench/pg-scale.ts --contacts 10000 --activities 100000 --schema bench_scale_small
 *   npx tsx bench/pg-scale.ts --import-only activities         # time one file's import (needs the earlier files)
 *   npx tsx bench/pg-scale.ts --reuse --no-explain             # latency only
 *   npx tsx bench/pg-scale.ts --reuse --vacuum                 # VACUUM (ANALYZE) the schema first, as autovacuum would
 *   npx tsx bench/pg-scale.ts --reuse --only 'full-text'       # the queries whose name contains this text
 *   npx tsx bench/pg-scale.ts --reuse --cpu                    # and each statement's database CPU time (local server)
 *
 * BENCH_DATABASE_URL picks the database (default postgres://postgres@127.0.0.1:5432/test).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createCrm, DEFAULT_WORKSPACE, prepareStorage } from '../src/crm/index.js';
import { createApp } from '../src/delivery/api/app.js';
import { dropPostgresSchema, openStorage } from '../src/storage/connect.js';
import { subscribeMemory } from '../src/intelligence/memory/embedding-queue.js';
import { ENTITIES } from '../src/core/entities.js';
import { benchHeaders, BENCH_AUTH } from './credentials.js';
import { PG_URL, percentile } from './core.js';
import { generateScaledSet } from './generate.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SHARED = path.resolve(here, '../../shared/data/crm');
const DEMO = path.resolve(here, '../demo');

const { values: args } = parseArgs({
  options: {
    contacts: { type: 'string', default: '100000' },
    activities: { type: 'string', default: '1000000' },
    schema: { type: 'string', default: 'bench_scale' },
    reuse: { type: 'boolean', default: false },
    'import-only': { type: 'string' },
    iterations: { type: 'string', default: '200' },
    'no-explain': { type: 'boolean', default: false },
    vacuum: { type: 'boolean', default: false },
    cpu: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string' },
  },
});

const log = (s: string) => console.log(s);

/**
 * The SQL each request sends, recorded at the driver: every statement of one HTTP request is explained as sent
 * (parameters included), so the plan shown is the plan the request ran.
 */
const recorded: { text: string; values: unknown[] }[] = [];
let recording = false;
const originalQuery = pg.Client.prototype.query as (...a: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown }).query = function (this: unknown, ...a: unknown[]) {
  const q = a[0] as { text?: string; values?: unknown[] } | string;
  if (recording) {
    const text = typeof q === 'string' ? q : q?.text;
    const values = typeof q === 'string' ? (a[1] as unknown[]) : q?.values;
    if (text) recorded.push({ text, values: values ?? [] });
  }
  return originalQuery.apply(this, a);
};

interface QueryFigure {
  name: string;
  url: string;
  runs: number;
  p50ms: number;
  p95ms: number;
  rows: number;
  total?: number;
  /** The total is a lower bound (the API counted up to its cap). */
  totalCapped?: boolean;
  /** Load average (1, 5, 15 min) when the line was measured: these are timings on a shared machine. */
  loadAverage: string;
}

const sharedDir = fs.existsSync(path.join(SHARED, 'companies.csv')) ? SHARED : DEMO;
const target = { contacts: Number(args.contacts), activities: Number(args.activities) };
const scaledDir = path.join(here, '.data', `scaled-${target.contacts}-${target.activities}`);
if (!fs.existsSync(path.join(scaledDir, 'activities.csv'))) {
  log(`generating ${target.contacts} contacts / ${target.activities} activities from ${sharedDir} …`);
  const set = await generateScaledSet(sharedDir, scaledDir, target);
  log(`  ${JSON.stringify(set.counts)}`);
}

const schema = args.schema!;
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
log(`PostgreSQL ${PG_URL} schema ${schema}; load average ${load()}`);
if (!args.reuse && !args['import-only']) await dropPostgresSchema(PG_URL, schema);
const storage = await openStorage({ dataDir: path.join(here, '.data'), databaseUrl: PG_URL, pgSchema: schema });
const migrating = performance.now();
await prepareStorage(storage);
log(`migrations and start-up checks: ${((performance.now() - migrating) / 1000).toFixed(1)} s (load ${load()})`);
const crm = createCrm({ storage, settings: { importTiming: process.env.CRM_IMPORT_TIMING === '1' } });
subscribeMemory(crm); // as the server and CLI run: every write queues its embedding work
const ws = DEFAULT_WORKSPACE;
const figures: { at: string; loadAverage: string; import: { file: string; rows: number; seconds: number; rowsPerSecond: number }[]; queries: QueryFigure[] } = {
  at: new Date().toISOString(),
  loadAverage: load(),
  import: [],
  queries: [],
};

if (!args.reuse) {
  const files = (['company', 'contact', 'deal', 'activity'] as const).filter((e) => !args['import-only'] || ENTITIES[e].plural === args['import-only']);
  for (const e of files) {
    const file = path.join(scaledDir, `${ENTITIES[e].plural}.csv`);
    const t = performance.now();
    const r = await crm.importer.importFile(ws, e, file);
    const seconds = (performance.now() - t) / 1000;
    if (r.rolled_back || r.errors.length > 0) throw new Error(`import of ${file} failed: ${JSON.stringify(r.errors.slice(0, 3))}`);
    const f = { file: path.basename(file), rows: r.rows, seconds, rowsPerSecond: Math.round(r.rows / seconds) };
    figures.import.push(f);
    log(`  import ${f.file}: ${f.rows} rows in ${seconds.toFixed(1)} s = ${f.rowsPerSecond} rows/s (load ${load()})`);
  }
}

/**
 * How much of each table the visibility map marks all-visible: an index-only scan (a count by an index) reads the
 * heap for every page that is not. An import leaves it unset until VACUUM runs — autovacuum does after a bulk
 * insert (PostgreSQL 13+), if it is on, which this test server's is not.
 */
async function visibility(): Promise<string> {
  const c = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
  await c.connect();
  try {
    const autovacuum = (await c.query('SHOW autovacuum')).rows[0].autovacuum as string;
    const { rows } = await c.query(`SELECT relname, relpages, relallvisible FROM pg_class
      WHERE relnamespace = current_schema()::regnamespace AND relname IN ('contacts', 'activities', 'deals', 'search_documents') ORDER BY relname`);
    const parts = (rows as { relname: string; relpages: number; relallvisible: number }[]).map((r) => `${r.relname} ${r.relpages > 0 ? Math.round((100 * r.relallvisible) / r.relpages) : 100}%`);
    return `autovacuum ${autovacuum}; all-visible pages: ${parts.join(', ')}`;
  } finally {
    await c.end();
  }
}

/**
 * The database's CPU time for one statement: the backend's user + system time (/proc/<pid>/stat, 10 ms ticks) over
 * 20 runs, divided by 20. Unlike wall time it hardly moves with the machine's load; it needs the server on this host.
 */
async function backendCpu(c: pg.Client, s: { text: string; values: unknown[] }, runs = 20): Promise<number> {
  const pid = (await c.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
  const ticks = () => {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(f[11]) + Number(f[12]);
  };
  const before = ticks();
  for (let i = 0; i < runs; i++) await c.query(s.text, s.values);
  return ((ticks() - before) * 10) / runs;
}

if (!args['import-only']) {
  log(await visibility());
  if (args.vacuum) {
    const c = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
    await c.connect();
    const t = performance.now();
    const { rows } = await c.query(`SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`);
    for (const r of rows as { tablename: string }[]) await c.query(`VACUUM (ANALYZE) "${r.tablename}"`);
    await c.end();
    log(`VACUUM (ANALYZE) of the schema's tables: ${((performance.now() - t) / 1000).toFixed(1)} s (load ${load()}); ${await visibility()}`);
  }
  const app = await createApp({ crm, auth: BENCH_AUTH });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const headers = await benchHeaders(crm, ws);
  const someContacts = (await crm.records.list(ws, ENTITIES.contact, { filters: [], limit: 1000, sort: { field: 'id', direction: 'asc' } })).records.map((r) => r.id);
  const contactIds = someContacts.filter((_, i) => i % 5 === 0);
  // Contacts that have activities (most generated contacts have none), so "a contact's activities" reads some.
  const someActivities = (await crm.records.list(ws, ENTITIES.activity, { filters: [{ field: 'contact_id', op: 'empty', value: false }], limit: 1000, sort: { field: 'id', direction: 'asc' } })).records;
  const activeContactIds = [...new Set(someActivities.map((r) => r.contact_id as string))].slice(0, 200);
  const queries: { name: string; path: (i: number) => string }[] = [
    { name: 'contacts: get by id', path: (i) => `/api/contacts/${contactIds[i % contactIds.length]}` },
    { name: 'contacts: title contains "CTO"', path: () => '/api/contacts?title[contains]=CTO&limit=50' },
    { name: 'contacts: last_name contains "son"', path: () => '/api/contacts?last_name[contains]=son&limit=50' },
    { name: 'contacts: lead_status=contacted, newest first', path: () => '/api/contacts?lead_status=contacted&sort=-created_at&limit=50' },
    { name: 'contacts: full-text q="compliance"', path: () => '/api/contacts?q=compliance&limit=50' },
    { name: 'activities: full-text q="case study"', path: () => `/api/activities?q=${encodeURIComponent('case study')}&limit=50` },
    { name: 'activities: full-text q="case study", total=false', path: () => `/api/activities?q=${encodeURIComponent('case study')}&limit=50&total=false` },
    // Every match counted (the list's total before it was capped at 10,000).
    { name: 'activities: full-text q="case study", total=exact', path: () => `/api/activities?q=${encodeURIComponent('case study')}&limit=50&total=exact` },
    { name: 'contacts: lead_status=contacted, newest first, total=exact', path: () => '/api/contacts?lead_status=contacted&sort=-created_at&limit=50&total=exact' },
    { name: 'contacts: title contains "CTO", total=false', path: () => '/api/contacts?title[contains]=CTO&limit=50&total=false' },
    { name: "activities: a contact's, newest first", path: (i) => `/api/activities?contact_id=${activeContactIds[i % activeContactIds.length]}&sort=-occurred_at&limit=50` },
    { name: 'deals: stage=negotiation, by expected_close', path: () => '/api/deals?stage=negotiation&sort=expected_close&limit=50' },
    { name: 'deals: stage=negotiation, amount>50k, by amount desc', path: () => '/api/deals?stage=negotiation&amount[gt]=50000&sort=-amount&limit=50' },
  ];
  const n = Number(args.iterations);
  const client = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    for (const q of queries.filter((x) => !args.only || x.name.includes(args.only))) {
      const fetchOne = async (i: number) => {
        const res = await fetch(`${base}${q.path(i)}`, { headers });
        const body = (await res.json()) as { data?: unknown[]; total?: number; total_capped?: boolean };
        if (res.status !== 200) throw new Error(`${q.name}: HTTP ${res.status} ${JSON.stringify(body)}`);
        return body;
      };
      for (let i = 0; i < 5; i++) await fetchOne(i);
      const samples: number[] = [];
      let last: { data?: unknown[]; total?: number; total_capped?: boolean } = {};
      const started = performance.now();
      for (let i = 0; i < n && (i < 20 || performance.now() - started < 15_000); i++) {
        const t = performance.now();
        last = await fetchOne(i);
        samples.push(performance.now() - t);
      }
      samples.sort((a, b) => a - b);
      const f: QueryFigure = { name: q.name, url: q.path(0), runs: samples.length, p50ms: percentile(samples, 50), p95ms: percentile(samples, 95), rows: last.data?.length ?? 1, total: last.total, ...(last.total_capped ? { totalCapped: true } : {}), loadAverage: load() };
      figures.queries.push(f);
      log(`\n${f.name.padEnd(52)} p50 ${f.p50ms.toFixed(1).padStart(7)} ms  p95 ${f.p95ms.toFixed(1).padStart(7)} ms  ${f.p95ms < 50 ? 'ok' : 'OVER 50 ms'}  (${f.rows} rows${f.total !== undefined ? `, total ${f.total}${f.totalCapped ? '+' : ''}` : ''}, ${f.runs} runs; load ${f.loadAverage}; GET ${f.url})`);
      if (args['no-explain']) continue;
      recorded.length = 0;
      recording = true;
      await fetchOne(0);
      recording = false;
      // The statements of the request that read records or search documents (not the token and membership look-ups).
      for (const s of recorded.filter((r) => /^\s*select/i.test(r.text) && /"(contacts|companies|deals|activities)"|search_documents/.test(r.text))) {
        const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${s.text}`, s.values);
        log(`  -- ${s.text.replace(/\s+/g, ' ').slice(0, 400)}`);
        for (const row of plan.rows as { 'QUERY PLAN': string }[]) log(`  ${row['QUERY PLAN']}`);
        if (args.cpu) log(`  backend CPU ${(await backendCpu(client, s)).toFixed(1)} ms per run (load ${load()})`);
      }
    }
  } finally {
    await client.end();
    await app.close();
  }
}
await storage.close();
if (args.out) fs.writeFileSync(args.out, `${JSON.stringify(figures, null, 2)}\n`);
log(`\nload average at the end: ${load()}`);
