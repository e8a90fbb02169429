/**
 * A re-import that changes every row: imports DIR's companies.csv and contacts.csv into a fresh PostgreSQL schema,
 * then times UPDATED/contacts.csv (the same contacts, every title changed) with the CPU seconds of node and of the
 * PostgreSQL backends of its connections.
 *
 *   npx tsx bench/import-update.ts DIR UPDATED SCHEMA     # BENCH_DATABASE_URL picks the database
 */
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import pg from 'pg';
import { createCrm, DEFAULT_WORKSPACE, prepareStorage } from '../src/crm/index.js';
import { dropPostgresSchema, openStorage } from '../src/storage/connect.js';
import { subscribeMemory } from '../src/intelligence/memory/embedding-queue.js';
const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const [dir, updated, schema] = process.argv.slice(2) as [string, string, string];
process.env.PGAPPNAME = `import-upd-${process.pid}`;
await dropPostgresSchema(url, schema);
const storage = await openStorage({ dataDir: '/tmp', databaseUrl: url, pgSchema: schema });
await prepareStorage(storage);
const crm = createCrm({ storage });
subscribeMemory(crm);
await crm.importer.importFile(DEFAULT_WORKSPACE, 'company', path.join(dir, 'companies.csv'));
await crm.importer.importFile(DEFAULT_WORKSPACE, 'contact', path.join(dir, 'contacts.csv'));
const mon = new pg.Client({ connectionString: url }); await mon.connect();
const cpu = (pid: number) => { try { const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) / 100; } catch { return 0; } };
const pids = async () => (await mon.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [process.env.PGAPPNAME])).rows.map((r) => r.pid as number);
const seen = new Map<number, number>();
for (const p of await pids()) seen.set(p, cpu(p));
// New backends of the pool (sampled while the file imports) count from 0: they started during it.
let sampling: Promise<void> = Promise.resolve();
const timer = setInterval(() => {
  sampling = sampling.then(async () => {
    for (const p of await pids()) if (!seen.has(p)) seen.set(p, 0);
  });
}, 100);
const c0 = process.cpuUsage(); const t = performance.now();
const r = await crm.importer.importFile(DEFAULT_WORKSPACE, 'contact', path.join(updated, 'contacts.csv'));
const s = (performance.now() - t) / 1000; const c = process.cpuUsage(c0);
clearInterval(timer);
await sampling;
let pgc = 0; for (const [p, c1] of seen) pgc += cpu(p) - c1;
console.log(`contacts re-import: updated ${r.updated}, unchanged ${r.unchanged}, ${s.toFixed(1)} s = ${Math.round(r.rows / s)} rows/s, cpu node ${((c.user + c.system) / 1e6).toFixed(1)} s, PostgreSQL ${pgc.toFixed(1)} s, load ${os.loadavg()[0]!.toFixed(1)}`);
await mon.end(); await storage.close();
