/**
 * Where a PostgreSQL import's time goes: imports companies, contacts and deals of DIR into a fresh schema, then times
 * activities.csv with the time spent in each storage repository method (async methods wrapped; nested calls count in
 * both). `CRM_IMPORT_TIMING` phases are printed too.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/pg-import-phases.ts DIR [SCHEMA]
 *   BENCH_SQLITE=1 npx tsx bench/pg-import-phases.ts DIR   # the same into a fresh SQLite database
 *   PG_DROP_INDEXES=activities_outcome_sort_idx,… … # without these indexes (what their upkeep costs)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createCrm, DEFAULT_WORKSPACE, prepareStorage } from '../src/crm/index.js';
import { dropPostgresSchema, openStorage } from '../src/storage/connect.js';
import { subscribeMemory } from '../src/intelligence/memory/embedding-queue.js';
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
const t = performance.now();
const r = await crm.importer.importFile(DEFAULT_WORKSPACE, 'activity', path.join(dir, 'activities.csv'));
console.log('activities', r.rows, ((performance.now() - t) / 1000).toFixed(1), 's');
for (const [k, v] of [...times].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(k.padEnd(60), (v / 1000).toFixed(2), 's');
await storage.close();
if (sqliteDir) fs.rmSync(sqliteDir, { recursive: true, force: true });
