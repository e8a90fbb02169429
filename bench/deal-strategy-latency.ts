/**
 * Deal strategy latency (issue 19): GET /api/deals/{id}/next-action p50/p95 over HTTP against a live server on the
 * shared data set, for each policy (ppo after one training, thompson, playbook, random), with random open deals and
 * an `asOf` a few days to weeks after creation; a plain GET /api/deals/{id} beside it as the machine's baseline.
 * Sequential, one client. Also times one POST /api/policies/ppo/train.
 *
 *   npx tsx bench/deal-strategy-latency.ts [--backend sqlite|postgres] [--requests 500] [--data DIR]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ENTITIES } from '../src/core/entities.js';
import { createCrm, DEFAULT_WORKSPACE, prepareStorage } from '../src/crm/index.js';
import { createApp } from '../src/delivery/api/app.js';
import { mulberry32 } from '../src/intelligence/scoring/learn/rng.js';
import { dropPostgresSchema, openStorage, type StorageConfig } from '../src/storage/connect.js';
import { percentile, PG_URL } from './core.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { backend: { type: 'string', default: 'sqlite' }, requests: { type: 'string', default: '500' }, data: { type: 'string' } } });
const backend = values.backend === 'postgres' ? 'postgres' : 'sqlite';
const requests = Number(values.requests) || 500;
const dataDir = values.data ?? path.resolve(here, '../../shared/data/crm');

const stats = (samples: number[]) => {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50ms: +percentile(s, 50).toFixed(2), p95ms: +percentile(s, 95).toFixed(2) };
};

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'deal-strategy-latency-'));
const schema = `bench_ds_${process.pid}`;
const config: StorageConfig = backend === 'postgres' ? { dataDir: tmp, databaseUrl: PG_URL, pgSchema: schema } : { dataDir: tmp };
const storage = await openStorage(config);
await prepareStorage(storage);
const crm = createCrm({ storage });
await crm.importer.importDirectory(DEFAULT_WORKSPACE, dataDir);
await storage.optimize();
const app = await createApp({ crm, auth: { mode: 'off', apiRateLimit: false } });
const base = await app.listen({ port: 0, host: '127.0.0.1' });
try {
  const deals = (await crm.records.list(DEFAULT_WORKSPACE, ENTITIES.deal, { limit: 5000 })).records.filter((d) => !String(d.stage).startsWith('closed'));
  const rng = mulberry32(7);
  const get = async (url: string) => {
    const t = performance.now();
    const res = await fetch(`${base}${url}`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url} → ${res.status}`);
    return performance.now() - t;
  };
  const t0 = performance.now();
  const train = await fetch(`${base}/api/policies/ppo/train`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const report = (await train.json()) as { seconds: number; timings: Record<string, number>; evaluation: unknown };
  console.log(`train: HTTP ${train.status} in ${((performance.now() - t0) / 1000).toFixed(1)} s (report ${report.seconds} s; ${JSON.stringify(report.timings)})`);
  console.log(`evaluation in the learned model: ${JSON.stringify(report.evaluation)}`);
  const out: Record<string, ReturnType<typeof stats>> = {};
  for (const policy of ['ppo', 'thompson', 'playbook', 'random']) {
    const samples: number[] = [];
    for (let i = 0; i < requests; i++) {
      const d = deals[Math.floor(rng() * deals.length)]!;
      const asOf = new Date(Date.parse(String(d.created_at)) + Math.floor(rng() * 60) * 86_400_000).toISOString();
      samples.push(await get(`/api/deals/${d.id}/next-action?policy=${policy}&asOf=${encodeURIComponent(asOf)}`));
    }
    out[`next-action ${policy}`] = stats(samples.slice(Math.min(20, samples.length / 10)));
  }
  const baseline: number[] = [];
  for (let i = 0; i < requests; i++) baseline.push(await get(`/api/deals/${deals[Math.floor(rng() * deals.length)]!.id}`));
  out['GET /api/deals/{id} (baseline)'] = stats(baseline);
  console.log(`${backend}, ${deals.length} open deals, ${requests} requests each, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  for (const [k, v] of Object.entries(out)) console.log(`${k.padEnd(36)} p50 ${String(v.p50ms).padStart(7)} ms   p95 ${String(v.p95ms).padStart(7)} ms   (n ${v.n})`);
} finally {
  await app.close();
  await storage.close();
  if (backend === 'postgres') await dropPostgresSchema(PG_URL, schema);
  fs.rmSync(tmp, { recursive: true, force: true });
}
