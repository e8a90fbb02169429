/**
 * Next-best action latency (issue 18) against a live server over HTTP: GET /api/contacts/{id}/next-action p50/p95
 * on a workspace of 100k contacts (the scaled set of bench/generate.ts), the outcome round trip
 * (POST /api/recommendations/{id}/outcome), and recommendation/outcome pairs per second, sequentially from one
 * client. The posterior is first warmed with outcomes (responses drawn at a flat 20%: this measures speed, not
 * learning — bench/nba/ measures learning).
 *
 *   npx tsx bench/nba-latency.ts [--backend sqlite|postgres] [--contacts 100000] [--activities 300000] [--requests 2000] [--pairs 5000] [--reuse] [--learner k=v,…]
 *   npm run bench -- --only nba-latency
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ENTITIES } from '../src/core/entities.js';
import { createCrm, DEFAULT_WORKSPACE, prepareStorage } from '../src/crm/index.js';
import { createApp } from '../src/delivery/api/app.js';
import { HashingProvider } from '../src/intelligence/embeddings/index.js';
import { createIntelligence } from '../src/intelligence/index.js';
import type { LearnerOptions } from '../src/intelligence/decisions/learner.js';
import { learnerOptionsOf } from './nba-learner.js';
import { mulberry32 } from '../src/intelligence/scoring/learn/rng.js';
import { dropPostgresSchema, openStorage, type StorageConfig } from '../src/storage/connect.js';
import { percentile, PG_URL } from './core.js';
import { generateScaledSet } from './generate.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface NbaLatency {
  backend: 'sqlite' | 'postgres';
  contacts: number;
  warmOutcomes: number;
  nextAction: { n: number; p50ms: number; p95ms: number };
  outcome: { n: number; p50ms: number; p95ms: number };
  /** GET /api/contacts/{id} measured alongside: what any request costs on this machine at this moment. */
  baselineContactGet: { n: number; p50ms: number; p95ms: number };
  pairs: { n: number; seconds: number; perSecond: number; projected50kMinutes: number };
  /** The machine's 1-minute load average before and after the measurement: figures on a shared machine need it. */
  loadAverage: { before: number; after: number };
}

const stats = (samples: number[]) => {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50ms: +percentile(s, 50).toFixed(2), p95ms: +percentile(s, 95).toFixed(2) };
};

export async function benchNbaLatency(opts: { backend?: 'sqlite' | 'postgres'; contacts?: number; activities?: number; requests?: number; pairs?: number; warm?: number; reuse?: boolean; learner?: LearnerOptions } = {}, log: (s: string) => void = console.log): Promise<NbaLatency> {
  const backend = opts.backend ?? 'sqlite';
  const target = { contacts: opts.contacts ?? 100_000, activities: opts.activities ?? 300_000 };
  const shared = path.resolve(here, '../../shared/data/crm');
  const source = fs.existsSync(path.join(shared, 'contacts.csv')) ? shared : path.resolve(here, '../demo');
  const scaledDir = path.join(here, '.data', `scaled-${target.contacts}-${target.activities}`);
  if (!fs.existsSync(path.join(scaledDir, 'activities.csv'))) {
    log(`generating ${target.contacts} contacts / ${target.activities} activities …`);
    await generateScaledSet(source, scaledDir, target);
  }
  const dataDir = path.join(here, '.data', `nba-latency-${backend}-${target.contacts}`);
  const config: StorageConfig = backend === 'sqlite' ? { dataDir } : { dataDir, databaseUrl: PG_URL, pgSchema: `nba_latency_${target.contacts}` };
  // A fresh database each run (the import takes minutes), unless --reuse names one already holding the contacts.
  if (!opts.reuse) {
    if (backend === 'sqlite') fs.rmSync(dataDir, { recursive: true, force: true });
    else await dropPostgresSchema(PG_URL, config.pgSchema!);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const storage = await openStorage(config);
  await prepareStorage(storage);
  const crm = createCrm({ storage });
  const ws = DEFAULT_WORKSPACE;
  let t = Date.now();
  if (!opts.reuse || (await storage.records.count(ws, ENTITIES.contact)) < target.contacts) await crm.importer.importDirectory(ws, scaledDir);
  await storage.optimize();
  const contactCount = await storage.records.count(ws, ENTITIES.contact);
  log(`imported ${contactCount} contacts in ${((Date.now() - t) / 1000).toFixed(0)} s (${backend})`);
  const ids = (await storage.records.list(ws, ENTITIES.contact, { limit: 5000 })).records.map((r) => r.id);

  const intelligence = createIntelligence(crm, { provider: new HashingProvider(16), worker: false, ...(opts.learner ? { nbaLearner: opts.learner } : {}) });
  await intelligence.start();
  const app = await createApp({ crm, intelligence, auth: { mode: 'off', apiRateLimit: false } });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const rng = mulberry32(42);
  const pick = () => ids[Math.floor(rng() * ids.length)]!;
  const timed = async (method: string, url: string, body?: unknown) => {
    const start = performance.now();
    const res = await fetch(`${base}${url}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
    const text = await res.text();
    const ms = performance.now() - start;
    if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${text}`);
    return { ms, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
  };
  const pair = async () => {
    const rec = await timed('GET', `/api/contacts/${pick()}/next-action`);
    const out = await timed('POST', `/api/recommendations/${rec.body!.recommendationId as string}/outcome`, { outcome: rng() < 0.2 ? 'responded' : 'no_response' });
    return [rec.ms, out.ms] as const;
  };
  try {
    const loadBefore = os.loadavg()[0]!;
    const warm = opts.warm ?? 2000;
    for (let i = 0; i < warm; i++) await pair();
    const next: number[] = [];
    const outcome: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < (opts.requests ?? 2000); i++) {
      const [a, b] = await pair();
      next.push(a);
      outcome.push(b);
      baseline.push((await timed('GET', `/api/contacts/${pick()}`)).ms);
    }
    const n = opts.pairs ?? 5000;
    t = performance.now();
    for (let i = 0; i < n; i++) await pair();
    const seconds = (performance.now() - t) / 1000;
    const result: NbaLatency = {
      backend,
      contacts: contactCount,
      warmOutcomes: warm,
      nextAction: stats(next),
      outcome: stats(outcome),
      baselineContactGet: stats(baseline),
      pairs: { n, seconds: +seconds.toFixed(1), perSecond: +(n / seconds).toFixed(0), projected50kMinutes: +((50_000 / (n / seconds)) / 60).toFixed(1) },
      loadAverage: { before: +loadBefore.toFixed(2), after: +os.loadavg()[0]!.toFixed(2) },
    };
    log(`next-action p50 ${result.nextAction.p50ms} ms, p95 ${result.nextAction.p95ms} ms (target < 10 ms); outcome round trip p50 ${result.outcome.p50ms} ms, p95 ${result.outcome.p95ms} ms (target < 5 ms); a contact GET beside them p50 ${result.baselineContactGet.p50ms} ms, p95 ${result.baselineContactGet.p95ms} ms`);
    log(`load average ${result.loadAverage.before} before, ${result.loadAverage.after} after (${os.availableParallelism()} cores)`);
    log(`${n} recommendation/outcome pairs in ${result.pairs.seconds} s (${result.pairs.perSecond}/s): 50,000 in ${result.pairs.projected50kMinutes} min (target < 10 min)`);
    return result;
  } finally {
    await app.close();
    await intelligence.stop();
    await storage.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { values } = parseArgs({
    options: {
      backend: { type: 'string', default: 'sqlite' },
      contacts: { type: 'string', default: '100000' },
      activities: { type: 'string', default: '300000' },
      requests: { type: 'string', default: '2000' },
      pairs: { type: 'string', default: '5000' },
      reuse: { type: 'boolean', default: false },
      /** Learner options off by default, to measure their cost on the request path (as bench/nba-learner.ts --learner). */
      learner: { type: 'string', default: '' },
    },
  });
  if (values.learner) console.log(`learner: ${values.learner}`);
  const r = await benchNbaLatency({ backend: values.backend as 'sqlite' | 'postgres', contacts: Number(values.contacts), activities: Number(values.activities), requests: Number(values.requests), pairs: Number(values.pairs), reuse: values.reuse, ...(values.learner ? { learner: learnerOptionsOf(values.learner) } : {}) });
  console.log(JSON.stringify(r, null, 2));
}
