/**
 * `npm run bench:load`: a real `crm serve` (child process, default logging, rate limit off, no background
 * embedding) on the shared data set (else the bundled sample), and autocannon with 100 connections spread over a
 * mix of reads and writes for 60 s, all routes at once. Prints p50/p99, requests and errors per route; the target is
 * zero 5xx. Each route has its own connections, so its latency is its own.
 *
 *   npm run bench:load                              # SQLite, 60 s
 *   npm run bench:load -- --seconds 20 [--data DIR]   # another data set (a directory of CSV files)
 *   npm run bench:load -- --postgres [--database-url postgres://…]   # a schema of its own, dropped afterwards
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { DEFAULT_WORKSPACE } from '../src/crm/index.js';
import { loadConfig } from '../src/delivery/config.js';
import { loadDemoData, openCrm } from '../src/delivery/runtime.js';
import { dropPostgresSchema } from '../src/storage/connect.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '..');
const SHARED = path.resolve(ROOT, '../shared/data/crm');
const SAMPLE = path.join(ROOT, 'demo');

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    connections: { type: 'string', default: '100' },
    postgres: { type: 'boolean', default: false },
    'database-url': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    data: { type: 'string' },
    out: { type: 'string' },
  },
});

export interface RouteFigure {
  route: string;
  connections: number;
  requests: number;
  requestsPerSecond: number;
  p50ms: number;
  p99ms: number;
  status2xx: number;
  status4xx: number;
  status5xx: number;
  errors: number;
  timeouts: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** One route under load: autocannon's requests with a per-request set-up (ids and bodies vary). */
interface RouteLoad {
  route: string;
  share: number;
  method: 'GET' | 'POST' | 'PATCH';
  path: (i: number) => string;
  body?: (i: number) => unknown;
}

const seconds = Number(args.seconds);
const connections = Number(args.connections);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-bench-load-'));
const schema = `bench_load_${process.pid}`;
const env: Record<string, string> = {
  CRM_DATA_DIR: dataDir,
  CRM_DEMO: '0',
  CRM_EMBED_WORKER: '0',
  EMBEDDING_PROVIDER: 'hashing',
  CRM_RATE_LIMIT: '0',
  CRM_WEB_DIST: path.join(dataDir, 'no-web'),
  ...(args.postgres ? { DATABASE_URL: args['database-url']!, DATABASE_SCHEMA: schema } : {}),
};
const children: ChildProcess[] = [];
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');

try {
  const dataSet = args.data ?? (fs.existsSync(path.join(SHARED, 'companies.csv')) ? SHARED : SAMPLE);
  console.log(`loading ${dataSet} into ${args.postgres ? `PostgreSQL schema ${schema}` : 'SQLite'} …`);
  let token: string;
  let contactIds: string[];
  let companyIds: string[];
  {
    const { crm } = await openCrm(loadConfig(env));
    await loadDemoData(crm, dataSet);
    const { user } = await crm.access.addUser(DEFAULT_WORKSPACE, { email: 'owner@load.example', role: 'owner', password: 'correct horse battery staple' }, { actor: null });
    token = (await crm.access.createToken(DEFAULT_WORKSPACE, user.id, { name: 'load', scope: 'read-write' }, null)).token;
    contactIds = (await crm.records.list(DEFAULT_WORKSPACE, 'contact', { limit: 500 })).records.map((r) => r.id);
    companyIds = (await crm.records.list(DEFAULT_WORKSPACE, 'company', { limit: 200 })).records.map((r) => r.id);
    await crm.storage.close();
  }
  // The models trained beforehand (`crm model train`), so the server measures steady state instead of spending the
  // run on its first training, which a fresh database with enough closed deals starts at once.
  await new Promise<void>((resolve, reject) => {
    const train = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/delivery/cli/main.ts'), 'model', 'train'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    train.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`crm model train exited ${code}`))));
  });
  const port = await freePort();
  const server = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/delivery/cli/main.ts'), 'serve'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(server);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if ((await fetch(`${base}/health/ready`).then((r) => r.status, () => 0)) === 200) break;
    if (i > 1200 || server.exitCode !== null) throw new Error('crm serve did not become ready');
    await new Promise((r) => setTimeout(r, 100));
  }

  const stamp = Date.now().toString(36);
  const routes: RouteLoad[] = [
    { route: 'GET /api/contacts/:id', share: 25, method: 'GET', path: (i) => `/api/contacts/${contactIds[i % contactIds.length]}` },
    { route: 'GET /api/contacts (list, newest first)', share: 15, method: 'GET', path: () => '/api/contacts?sort=-created_at&limit=50' },
    { route: 'GET /api/contacts?q= (full text)', share: 10, method: 'GET', path: (i) => `/api/contacts?q=${['compliance', 'data', 'security', 'cloud'][i % 4]}&limit=20` },
    { route: 'GET /api/deals?stage= (filter + sort)', share: 10, method: 'GET', path: () => '/api/deals?stage=negotiation&sort=-amount&limit=50' },
    { route: 'GET /api/companies/:id/timeline', share: 5, method: 'GET', path: (i) => `/api/companies/${companyIds[i % companyIds.length]}/timeline` },
    { route: 'POST /api/query (NLQ)', share: 5, method: 'POST', path: () => '/api/query', body: (i) => ({ text: ['open deals over 50k', 'contacts in fintech', 'deals closing this quarter'][i % 3] }) },
    { route: 'POST /api/contacts', share: 15, method: 'POST', path: () => '/api/contacts', body: (i) => ({ first_name: 'Load', last_name: `Writer${i}`, email: `load.${stamp}.${i}@load.example` }) },
    { route: 'PATCH /api/contacts/:id', share: 10, method: 'PATCH', path: (i) => `/api/contacts/${contactIds[(i * 7) % contactIds.length]}`, body: (i) => ({ title: `Load title ${i % 50}` }) },
    { route: 'GET /health/ready', share: 5, method: 'GET', path: () => '/health/ready' },
  ];
  const totalShare = routes.reduce((s, r) => s + r.share, 0);
  console.log(`${connections} connections for ${seconds} s against ${base} (load average before: ${load()})`);
  const figures = await Promise.all(
    routes.map(async (r): Promise<RouteFigure> => {
      const conns = Math.max(1, Math.round((connections * r.share) / totalShare));
      let n = 0;
      const result = await autocannon({
        url: base,
        connections: conns,
        duration: seconds,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        requests: [
          {
            method: r.method,
            setupRequest: (req) => {
              const i = n++;
              return { ...req, path: r.path(i), ...(r.body ? { body: JSON.stringify(r.body(i)) } : {}) };
            },
          },
        ],
      });
      const counts = result as unknown as Record<'2xx' | '4xx' | '5xx', number>;
      return {
        route: r.route,
        connections: conns,
        requests: result.requests.total,
        requestsPerSecond: result.requests.average,
        p50ms: result.latency.p50,
        p99ms: result.latency.p99,
        status2xx: counts['2xx'],
        status4xx: counts['4xx'],
        status5xx: counts['5xx'],
        errors: result.errors,
        timeouts: result.timeouts,
      };
    }),
  );
  console.log(`\n${'route'.padEnd(40)} ${'conns'.padStart(5)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'2xx'.padStart(7)} ${'4xx'.padStart(5)} ${'5xx'.padStart(5)} ${'errors'.padStart(6)}`);
  for (const f of figures) {
    console.log(
      `${f.route.padEnd(40)} ${String(f.connections).padStart(5)} ${f.requestsPerSecond.toFixed(0).padStart(7)} ${String(f.p50ms).padStart(7)} ${String(f.p99ms).padStart(7)} ${String(f.status2xx).padStart(7)} ${String(f.status4xx).padStart(5)} ${String(f.status5xx).padStart(5)} ${String(f.errors + f.timeouts).padStart(6)}`,
    );
  }
  const fivexx = figures.reduce((s, f) => s + f.status5xx, 0);
  const errors = figures.reduce((s, f) => s + f.errors + f.timeouts, 0);
  console.log(`\n5xx: ${fivexx} (target 0); connection errors and timeouts: ${errors}; load average after: ${load()}`);
  if (args.out) fs.writeFileSync(args.out, `${JSON.stringify({ at: new Date().toISOString(), backend: args.postgres ? 'postgres' : 'sqlite', seconds, connections, loadAverage: load(), figures }, null, 2)}\n`);
  process.exitCode = fivexx > 0 ? 1 : 0;
} finally {
  for (const c of children) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  if (args.postgres) await dropPostgresSchema(args['database-url']!, schema).catch(() => undefined);
  fs.rmSync(dataDir, { recursive: true, force: true });
}
