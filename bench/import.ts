/**
 * Import under load: a ~100k-row CSV posted to a real server (POST /api/import → 202, then the job polled) while
 * other clients PATCH a record and GET a list page without pause. Prints the import's throughput and the
 * concurrent requests' latency and failures (the target: no 5xx, GETs answered in well under a second).
 *
 *   npm run bench -- --only import --backend sqlite [--import-rows 100000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCrm, prepareStorage } from '../src/crm/index.js';
import { createApp } from '../src/delivery/api/app.js';
import { dropPostgresSchema, openStorage, type StorageConfig } from '../src/storage/connect.js';

export interface ImportLoadFigures {
  backend: 'sqlite' | 'postgres';
  rows: number;
  importSeconds: number;
  rowsPerSecond: number;
  patches: { count: number; failed5xx: number; other: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number };
  gets: { count: number; failed5xx: number; other: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number };
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : 0;
};

function writeCompanies(file: string, n: number) {
  const out = fs.createWriteStream(file);
  out.write('id,name,domain,industry,employees,city,country\n');
  for (let i = 0; i < n; i++) out.write(`co_load_${i},Load Company ${i},load${i}.example.com,${['Energy', 'Software', 'Retail'][i % 3]},${i % 5000},Berlin,DE\n`);
  return new Promise<void>((r) => out.end(r));
}

export async function benchImportUnderLoad(opts: { backend: 'sqlite' | 'postgres'; rows: number; pgUrl: string; log: (s: string) => void }): Promise<ImportLoadFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-bench-import-'));
  const schema = `bench_import_${process.pid}`;
  const config: StorageConfig = opts.backend === 'sqlite' ? { dataDir: dir } : { dataDir: dir, databaseUrl: opts.pgUrl, pgSchema: schema };
  const storage = await openStorage(config);
  await prepareStorage(storage);
  const crm = createCrm({ storage });
  // No rate limit: the clients below send thousands of requests from one address on purpose.
  const app = await createApp({ crm, auth: { mode: 'off', apiRateLimit: false } });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const file = path.join(dir, 'companies.csv');
    await writeCompanies(file, opts.rows);
    await crm.records.create('default', 'company', { id: 'co_hot', name: 'Hot record' }, { source: 'api', actor: null });
    const started = performance.now();
    const form = new FormData();
    form.append('companies', new Blob([fs.readFileSync(file)], { type: 'text/csv' }), 'companies.csv');
    const accepted = await fetch(`${base}/api/import`, { method: 'POST', body: form });
    if (accepted.status !== 202) throw new Error(`POST /api/import answered ${accepted.status}: ${await accepted.text()}`);
    const location = accepted.headers.get('location')!;
    let job: { status: string; report: { ok: boolean; files: { inserted: number }[] } | null; error: string | null } | undefined;
    const patch: number[] = [];
    const get: number[] = [];
    const counts = { patch5xx: 0, patchOther: 0, get5xx: 0, getOther: 0 };
    const timed = async (url: string, init: RequestInit, into: number[], kind: 'patch' | 'get') => {
      const t = performance.now();
      const res = await fetch(url, init);
      await res.arrayBuffer();
      into.push(performance.now() - t);
      if (res.status >= 500) counts[`${kind}5xx`]++;
      else if (res.status >= 300) counts[`${kind}Other`]++;
    };
    const running = () => job === undefined;
    const patcher = async () => {
      for (let i = 0; running(); i++)
        await timed(`${base}/api/companies/co_hot`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ employees: i }) }, patch, 'patch');
    };
    const getter = async () => {
      while (running()) await timed(`${base}/api/companies?limit=25&sort=-updated_at`, {}, get, 'get');
    };
    const poller = async () => {
      for (;;) {
        const j = (await (await fetch(`${base}${location}`)).json()) as NonNullable<typeof job> & { status: string };
        if (j.status === 'succeeded' || j.status === 'failed') return (job = j);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    await Promise.all([poller(), patcher(), getter()]);
    const importSeconds = (performance.now() - started) / 1000;
    if (job!.status !== 'succeeded') throw new Error(`the import failed: ${JSON.stringify(job!.error ?? job!.report)}`);
    const stats = (xs: number[], fiveXx: number, other: number) => ({
      count: xs.length, failed5xx: fiveXx, other, p50Ms: quantile(xs, 0.5), p95Ms: quantile(xs, 0.95), p99Ms: quantile(xs, 0.99), maxMs: Math.max(0, ...xs),
    });
    const figures: ImportLoadFigures = {
      backend: opts.backend,
      rows: opts.rows,
      importSeconds,
      rowsPerSecond: opts.rows / importSeconds,
      patches: stats(patch, counts.patch5xx, counts.patchOther),
      gets: stats(get, counts.get5xx, counts.getOther),
    };
    const line = (name: string, s: ImportLoadFigures['gets']) =>
      `  ${name}: ${s.count} during the import, ${s.failed5xx} 5xx, ${s.other} other non-2xx; p50 ${s.p50Ms.toFixed(0)} ms, p95 ${s.p95Ms.toFixed(0)} ms, p99 ${s.p99Ms.toFixed(0)} ms, max ${s.maxMs.toFixed(0)} ms`;
    opts.log(`[${opts.backend}] import of ${opts.rows} rows over HTTP: ${importSeconds.toFixed(1)} s (${figures.rowsPerSecond.toFixed(0)} rows/s, upload to job done)`);
    opts.log(line('PATCH /api/companies/{id}', figures.patches));
    opts.log(line('GET /api/companies?limit=25', figures.gets));
    return figures;
  } finally {
    await app.close();
    await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
    if (opts.backend === 'postgres') await dropPostgresSchema(opts.pgUrl, schema);
  }
}
