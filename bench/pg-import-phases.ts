/**
 * Where a PostgreSQL import's time goes: imports companies, contacts and deals of DIR into a fresh schema, then times
 * activities.csv with the time spent in each storage repository method (async methods wrapped; nested calls count in
 * both). `CRM_IMPORT_TIMING` phases are printed too, each with the CPU seconds node (all its threads) and the
 * PostgreSQL backends of its connections spent in it; then the PostgreSQL CPU of each kind of statement. CPU seconds
 * hold still where wall time does not: on this shared machine wall time is mostly waiting for a core.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/pg-import-phases.ts DIR [SCHEMA]
 *   BENCH_SQLITE=1 npx tsx bench/pg-import-phases.ts DIR   # the same into a fresh SQLite database
 *   PG_DROP_INDEXES=activities_outcome_sort_idx,… … # without these indexes (what their upkeep costs)
 *   BENCH_PROFILE=FILE.cpuprofile …                   # CPU profiles of node's main thread, one per phase of activities.csv (FILE.1.cpuprofile, …)
 *   BENCH_BATCH_ROWS=5000 …                           # rows per batch of activities.csv (default: the importer's)
 *   BENCH_STAGED=1 …                                  # PostgreSQL: stage first and apply in a final transaction (as SQLite does)
 *   BENCH_PARTS=1 …                                   # PostgreSQL: then parts of the import alone, in CPU seconds (see the end)
 */
import fs from 'node:fs';
import inspector from 'node:inspector';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createCrm, DEFAULT_WORKSPACE, prepareStorage } from '../src/crm/index.js';
import { dropPostgresSchema, openStorage } from '../src/storage/connect.js';
import { subscribeMemory } from '../src/intelligence/memory/embedding-queue.js';
import { ENTITIES } from '../src/core/entities.js';
import { parseCsvFile, type ParsedBatch } from '../src/crm/import-parse.js';
import { serialize, deserialize } from 'node:v8';
import * as repos from '../src/storage/repositories/records.repository.js';
import * as s1 from '../src/storage/repositories/search.repository.js';
import * as s2 from '../src/storage/repositories/job-queue.repository.js';
import * as s3 from '../src/storage/repositories/record-events.repository.js';
import * as s4 from '../src/storage/repositories/import-staging.repository.js';
import * as s5 from '../src/storage/repositories/stage-history.repository.js';
const times = new Map<string, number>();
for (const mod of [repos, s1, s2, s3, s4, s5]) for (const C of Object.values(mod) as any[]) {
  if (typeof C !== 'function') continue;
  for (const k of Object.getOwnPropertyNames(C.prototype)) {
    if (k === 'constructor') continue;
    const f = C.prototype[k]; if (typeof f !== 'function' || f.constructor.name !== 'AsyncFunction') continue;
    C.prototype[k] = async function (...a: any[]) { const t = performance.now(); try { return await f.apply(this, a); } finally { const key = `${C.name}.${k}`; times.set(key, (times.get(key) ?? 0) + performance.now() - t); } };
  }
}
const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
// CPU seconds beside wall time: on this shared 2-core machine wall time is mostly waiting for a core (load 15–25),
// CPU time is what the import itself costs. PostgreSQL's share: the backends of this process's connections (found by
// application_name, sampled while the file imports; PostgreSQL must run on this machine to read /proc).
process.env.PGAPPNAME = `pg-import-phases-${process.pid}`;
const backendCpu = new Map<number, number>();
const procCpu = (pid: number) => {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, in clock ticks (CLK_TCK = 100 on Linux)
  } catch {
    return undefined;
  }
};
const sampleBackends = async () => {
  if (!monitor) return;
  const { rows } = await monitor.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [process.env.PGAPPNAME]);
  for (const { pid } of rows) {
    const cpu = procCpu(pid);
    if (cpu !== undefined) backendCpu.set(pid, cpu);
  }
};
let monitor: pg.Client | undefined;
// PostgreSQL CPU per statement (the backend's /proc CPU before and after each query of a connection), summed by the
// statement's first words: where the database's share goes, without pg_stat_statements (not loaded here).
const sqlCpu = new Map<string, { n: number; cpu: number; wall: number }>();
let measureSql = false;
const pgQuery = pg.Client.prototype.query as (...a: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown }).query = function (this: pg.Client & { processID?: number }, ...a: unknown[]) {
  const r = pgQuery.apply(this, a);
  const text = typeof a[0] === 'string' ? a[0] : (a[0] as { text?: string } | undefined)?.text;
  if (!measureSql || this === monitor || !text || !(r instanceof Promise) || this.processID === undefined) return r;
  const pid = this.processID;
  const c0 = procCpu(pid) ?? 0;
  const t0 = performance.now();
  const key = text.replace(/\s+/g, ' ').replace(/\$\d+/g, '?').slice(0, 90);
  return r.finally(() => {
    const e = sqlCpu.get(key) ?? { n: 0, cpu: 0, wall: 0 };
    e.n++;
    e.cpu += (procCpu(pid) ?? c0) - c0;
    e.wall += performance.now() - t0;
    sqlCpu.set(key, e);
  });
};
/** CPU seconds of the known backends now (read synchronously: called from the phase log below). */
const pgCpuNow = () => [...backendCpu.keys()].reduce((a, pid) => a + (procCpu(pid) ?? backendCpu.get(pid)!), 0);
// Each `CRM_IMPORT_TIMING` phase line of activities.csv gets the CPU seconds node and PostgreSQL spent in it.
let phaseCpu: { node: number; pg: number } | undefined;
const log = console.error.bind(console);
console.error = (...a: unknown[]) => {
  if (phaseCpu && typeof a[0] === 'string' && a[0].startsWith('[import activities')) {
    const node = (process.cpuUsage().user + process.cpuUsage().system) / 1e6;
    const pgNow = pgCpuNow();
    log(`${a[0]} (cpu: node ${(node - phaseCpu.node).toFixed(1)} s${sqliteDir ? '' : `, PostgreSQL ${(pgNow - phaseCpu.pg).toFixed(1)} s`})`);
    phaseCpu = { node, pg: pgNow };
    // BENCH_PROFILE: one profile per phase (FILE.1.cpuprofile, …): the first phase's frames apart from the final transaction's.
    if (profiler) void restartProfile();
  } else log(...a);
};
const schema = process.argv[3] ?? 'prof';
const dir = process.argv[2]!;
// BENCH_SQLITE=1: the same on a fresh SQLite database in a temporary directory (SQLite must not get slower).
const sqliteDir = process.env.BENCH_SQLITE === '1' ? fs.mkdtempSync(path.join(os.tmpdir(), 'import-phases-')) : undefined;
if (!sqliteDir) await dropPostgresSchema(url, schema);
const storage = await openStorage(sqliteDir ? { dataDir: sqliteDir } : { dataDir: '/tmp', databaseUrl: url, pgSchema: schema });
await prepareStorage(storage);
const crm = createCrm({ storage, settings: { importTiming: true } });
subscribeMemory(crm);
for (const e of ['company', 'contact', 'deal'] as const) await crm.importer.importFile(DEFAULT_WORKSPACE, e, path.join(dir, `${e === 'company' ? 'companies' : e + 's'}.csv`));
// An experiment: PG_DROP_INDEXES=a,b drops those indexes before activities.csv, to see what their upkeep costs.
const drop = (process.env.PG_DROP_INDEXES ?? '').split(',').filter(Boolean);
if (drop.length > 0 && !sqliteDir) {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  for (const ix of drop) await client.query(`DROP INDEX ${pg.escapeIdentifier(ix)}`);
  await client.end();
}
times.clear();
if (!sqliteDir) {
  monitor = new pg.Client({ connectionString: url, application_name: 'pg-import-phases-monitor' });
  await monitor.connect();
}
await sampleBackends();
const pgBefore = new Map(backendCpu);
phaseCpu = { node: (process.cpuUsage().user + process.cpuUsage().system) / 1e6, pg: pgCpuNow() };
const sampler = setInterval(() => void sampleBackends(), 100);
// BENCH_PROFILE=FILE: a CPU profile of the main thread while activities.csv imports (the parse worker is not in it).
const profiler = process.env.BENCH_PROFILE ? new inspector.Session() : undefined;
const post = (method: string, params?: object) => new Promise<any>((res, rej) => profiler!.post(method, params ?? {}, (e, r) => (e ? rej(e) : res(r))));
let profileNo = 0;
let profiling = Promise.resolve();
/** Saves the profile so far as FILE.<n>.cpuprofile (one per phase of activities.csv) and starts the next. */
function restartProfile(again = true) {
  profiling = profiling.then(async () => {
    const { profile } = await post('Profiler.stop');
    fs.writeFileSync(process.env.BENCH_PROFILE!.replace(/(\.cpuprofile)?$/, `.${++profileNo}.cpuprofile`), JSON.stringify(profile));
    if (again) await post('Profiler.start');
  });
  return profiling;
}
if (profiler) {
  profiler.connect();
  await post('Profiler.enable');
  await post('Profiler.start');
}
measureSql = !sqliteDir;
const nodeBefore = process.cpuUsage();
const t = performance.now();
// BENCH_BATCH_ROWS: rows per batch of activities.csv (the importer's default otherwise); BENCH_STAGED=1: the staged path on PostgreSQL too.
const importOpts = { ...(process.env.BENCH_BATCH_ROWS ? { batchRows: Number(process.env.BENCH_BATCH_ROWS) } : {}), ...(process.env.BENCH_STAGED === '1' ? { staged: true } : {}) };
const r = await crm.importer.importFile(DEFAULT_WORKSPACE, 'activity', path.join(dir, 'activities.csv'), importOpts);
const seconds = (performance.now() - t) / 1000;
const nodeUsage = process.cpuUsage(nodeBefore);
if (profiler) await restartProfile(false);
clearInterval(sampler);
await sampleBackends();
const pgSeconds = [...backendCpu].reduce((a, [pid, c]) => a + c - (pgBefore.get(pid) ?? 0), 0);
await monitor?.end();
const nodeSeconds = (nodeUsage.user + nodeUsage.system) / 1e6;
console.log('activities', r.rows, seconds.toFixed(1), 's', `= ${Math.round(r.rows / seconds)} rows/s`, `load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log(`cpu: node ${nodeSeconds.toFixed(1)} s${sqliteDir ? '' : `, PostgreSQL backends ${pgSeconds.toFixed(1)} s`} = ${Math.round(r.rows / (nodeSeconds + pgSeconds))} rows per CPU second`);
for (const [k, v] of [...times].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(k.padEnd(60), (v / 1000).toFixed(2), 's');
if (sqlCpu.size > 0) {
  console.log('PostgreSQL CPU by statement (activities.csv): cpu s, wall s, statements');
  for (const [k, v] of [...sqlCpu].sort((a, b) => b[1].cpu - a[1].cpu).slice(0, 20)) console.log(v.cpu.toFixed(2).padStart(6), (v.wall / 1000).toFixed(2).padStart(6), String(v.n).padStart(5), ' ', k);
}
// BENCH_PARTS=1: parts of an activities import measured alone, on the rows just imported (CPU seconds: on this shared
// machine a whole import's figures move by more than any one of these parts between runs).
if (process.env.BENCH_PARTS === '1' && !sqliteDir) {
  const cpuOf = async (fn: () => Promise<unknown>) => {
    const c0 = process.cpuUsage();
    await fn();
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1e6;
  };
  const file = path.join(dir, 'activities.csv');
  const batches: ParsedBatch[] = [];
  const parse = await cpuOf(() => parseCsvFile(file, 'activity', { batchRows: 10_000, maxRecordBytes: 1_000_000 }, async (b) => void batches.push(b)));
  let cloned = 0;
  const clone = await cpuOf(async () => {
    for (const b of batches) cloned += (deserialize(serialize(b)) as ParsedBatch).rows.length;
  });
  const ids = batches.flatMap((b) => b.rows.map((r) => r.record.id));
  const refs = batches.map((b) => b.rows.flatMap((r) => (['contact_id', 'company_id', 'deal_id'] as const).flatMap((f) => (typeof r.record[f] === 'string' ? [{ workspace_id: DEFAULT_WORKSPACE, entity: f.replace('_id', '') as 'contact', record_id: r.record[f] as string }] : []))));
  const readBack = await cpuOf(async () => {
    for (let i = 0; i < ids.length; i += 10_000) await storage.records.getMany(DEFAULT_WORKSPACE, ENTITIES.activity, ids.slice(i, i + 10_000));
  });
  console.log(`parts alone (node CPU s): parse and validate ${ids.length} rows ${parse.toFixed(2)}; structured clone of its ${batches.length} batches (worker → main, both ends) ${clone.toFixed(2)}; reading them back (getMany) ${readBack.toFixed(2)}`);
  // The contacts, companies and deals of each batch offered to the job queue as the import does (one transaction,
  // rolled back): PostgreSQL CPU of each offer. Later batches name many of the same records again.
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  // The statement of KyselyJobQueueRepository.enqueue on PostgreSQL, without the transaction's memory of what it queued.
  const offer = (part: { workspace_id: string; entity: string; record_id: string }[]) =>
    client.query(
      `INSERT INTO job_queue (queue, workspace_id, entity, record_id, enqueued_at, available_at, attempts)
       SELECT 'embed', j.workspace_id, j.entity, j.record_id, $4::text, $4::text, 0 FROM unnest($1::text[], $2::text[], $3::text[]) AS j(workspace_id, entity, record_id)
       ON CONFLICT (queue, workspace_id, entity, record_id) DO UPDATE SET enqueued_at = excluded.enqueued_at, available_at = excluded.available_at, attempts = 0, last_error = NULL
       WHERE job_queue.xmin::text::bigint <> pg_current_xact_id()::text::bigint % 4294967296`,
      [part.map((j) => j.workspace_id), part.map((j) => j.entity), part.map((j) => j.record_id), new Date().toISOString()],
    );
  await client.query('BEGIN');
  const offers: string[] = [];
  const seen = new Set<string>();
  for (const batch of refs) {
    const unique = [...new Map(batch.map((j) => [`${j.entity}:${j.record_id}`, j])).values()];
    const again = unique.filter((j) => seen.has(`${j.entity}:${j.record_id}`)).length;
    unique.forEach((j) => seen.add(`${j.entity}:${j.record_id}`));
    const c0 = procCpu(pid) ?? 0;
    for (let i = 0; i < unique.length; i += 5000) await offer(unique.slice(i, i + 5000));
    offers.push(`${unique.length} (${again} queued earlier in the transaction): ${((procCpu(pid) ?? c0) - c0).toFixed(2)} s`);
  }
  await client.query('ROLLBACK');
  await client.end();
  console.log(`job offers per batch, PostgreSQL CPU: ${offers.join('; ')}`);
}
await storage.close();
if (sqliteDir) fs.rmSync(sqliteDir, { recursive: true, force: true });
