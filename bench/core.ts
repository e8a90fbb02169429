/**
 * CRM core benchmark on one backend: import of the shared data set, streaming import of the scaled set
 * (rows/s, peak RSS), then p50/p95 latency of get / filtered list / sort / full-text search, through the
 * service layer and through real HTTP.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createApp } from '../src/delivery/api/app.js';
import { benchHeaders, BENCH_AUTH } from './credentials.js';
import { createCrm, DEFAULT_WORKSPACE, prepareStorage, type Crm } from '../src/crm/index.js';
import { parseListParams, type ListParams } from '../src/crm/list-params.js';
import { ENTITIES, type EntityName } from '../src/core/entities.js';
import { dropPostgresSchema, openStorage } from '../src/storage/connect.js';
import type { DialectName } from '../src/storage/index.js';
import { subscribeMemory } from '../src/intelligence/memory/embedding-queue.js';

export const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface LatencyFigure {
  name: string;
  via: 'service' | 'http';
  n: number;
  p50ms: number;
  p95ms: number;
  /** Records the query matched (sanity: a filter that matches nothing is not a benchmark). */
  matched: number;
}

export interface ImportFigure {
  file: string;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
}

export interface CoreFigures {
  backend: DialectName;
  sharedImportSeconds: number;
  scaledImport: ImportFigure[];
  scaledImportSeconds: number;
  peakRssMb: number;
  rssBeforeImportMb: number;
  latency: LatencyFigure[];
  httpConnectionErrors: number;
}

/** Samples RSS while `fn` runs; returns fn's result and the peak in MB. */
export async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 25);
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peakMb: peak / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** Connection errors seen over HTTP (retried once, and reported rather than hidden). */
let httpErrors = 0;

async function fetchRetrying(url: string, headers: Record<string, string>): Promise<Response> {
  try {
    return await fetch(url, { headers });
  } catch {
    httpErrors++;
    return fetch(url, { headers });
  }
}

/** Longest a single measurement may take: a slow query is still measured (at least 20 runs), not run 300 times. */
const MEASURE_BUDGET_MS = 15_000;

async function time(n: number, fn: (i: number) => Promise<number>): Promise<{ p50: number; p95: number; matched: number; runs: number }> {
  for (let i = 0; i < Math.min(5, n); i++) await fn(i); // warm caches and JIT
  const samples: number[] = [];
  let matched = 0;
  const started = performance.now();
  for (let i = 0; i < n && (i < 20 || performance.now() - started < MEASURE_BUDGET_MS); i++) {
    const t = process.hrtime.bigint();
    matched = await fn(i);
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), matched, runs: samples.length };
}

interface OpenedBackend {
  crm: Crm;
  close: () => Promise<void>;
}

/** As the server and CLI run it: every write also queues its embedding work (see runtime.openCrm). */
function withMemory(crm: Crm): Crm {
  subscribeMemory(crm);
  return crm;
}

async function openBackend(backend: DialectName, workDir: string, name: string, keep = false): Promise<OpenedBackend> {
  if (backend === 'sqlite') {
    const dir = path.join(workDir, name);
    if (keep && !fs.existsSync(path.join(dir, 'crm.sqlite'))) throw new Error(`--reuse: ${dir} holds no database from an earlier run`);
    if (!keep) fs.rmSync(dir, { recursive: true, force: true });
    const storage = await openStorage({ dataDir: dir });
    await prepareStorage(storage);
    return { crm: withMemory(createCrm({ storage })), close: () => storage.close() };
  }
  const schema = `bench_${name.replace(/\W/g, '_')}`;
  if (!keep) await dropPostgresSchema(PG_URL, schema);
  const storage = await openStorage({ dataDir: workDir, databaseUrl: PG_URL, pgSchema: schema });
  await prepareStorage(storage);
  return {
    crm: withMemory(createCrm({ storage })),
    close: async () => {
      await storage.close();
      // The scaled schema stays for --reuse runs; the shared one is dropped.
      if (!name.endsWith('-scaled')) await dropPostgresSchema(PG_URL, schema);
    },
  };
}

/** The queries a CRM user runs all day, as query-string parameters. */
function queries(sampleIds: Record<EntityName, string[]>): { name: string; entity: EntityName; params: (i: number) => ListParams }[] {
  const companyIds = sampleIds.company;
  const contactIds = sampleIds.contact;
  return [
    { name: 'contacts: lead_status=contacted, newest first, 50', entity: 'contact', params: () => ({ lead_status: 'contacted', sort: '-created_at', limit: '50' }) },
    { name: "contacts: a company's contacts", entity: 'contact', params: (i) => ({ company_id: companyIds[i % companyIds.length]!, limit: '50' }) },
    { name: 'contacts: title contains "CTO", 50', entity: 'contact', params: () => ({ title: { contains: 'CTO' }, limit: '50' }) },
    { name: 'contacts: created_at range + source in (..), 50', entity: 'contact', params: () => ({ created_at: { gte: '2026-06-01', lt: '2026-09-01' }, lead_source: { in: 'referral,webinar' }, limit: '50' }) },
    { name: 'deals: stage=negotiation, amount>50k, by amount desc, 50', entity: 'deal', params: () => ({ stage: 'negotiation', amount: { gt: '50000' }, sort: '-amount', limit: '50' }) },
    { name: "activities: a contact's activities, newest first", entity: 'activity', params: (i) => ({ contact_id: contactIds[i % contactIds.length]!, sort: '-occurred_at', limit: '50' }) },
    { name: 'contacts: full-text q="compliance"', entity: 'contact', params: () => ({ q: 'compliance', limit: '50' }) },
    { name: 'activities: full-text q="case study"', entity: 'activity', params: () => ({ q: "case study", limit: '50' }) },
  ];
}

function toQueryString(params: ListParams): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && typeof v === 'object') for (const [op, x] of Object.entries(v)) parts.push(`${encodeURIComponent(`${k}[${op}]`)}=${encodeURIComponent(String(x))}`);
    else parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  }
  return parts.join('&');
}

export async function benchCore(opts: {
  backend: DialectName;
  sharedDir: string;
  scaledDir: string;
  workDir: string;
  iterations?: number;
  /** Measure latency on the database an earlier run imported (import figures are then not measured). */
  reuse?: boolean;
  log?: (line: string) => void;
}): Promise<CoreFigures> {
  const log = opts.log ?? (() => {});
  const n = opts.iterations ?? 300;
  const ws = DEFAULT_WORKSPACE;
  if (opts.reuse) {
    const scaled = await openBackend(opts.backend, opts.workDir, `${opts.backend}-scaled`, true);
    const latency = await measureLatency(scaled, n, log);
    return { backend: opts.backend, sharedImportSeconds: NaN, scaledImport: [], scaledImportSeconds: NaN, peakRssMb: NaN, rssBeforeImportMb: NaN, latency, httpConnectionErrors: httpErrors };
  }

  // 1. The shared data set into a fresh database (target < 10 s).
  const shared = await openBackend(opts.backend, opts.workDir, `${opts.backend}-shared`);
  let t = Date.now();
  const sharedReport = await shared.crm.importer.importDirectory(ws, opts.sharedDir);
  const sharedImportSeconds = (Date.now() - t) / 1000;
  if (!sharedReport.ok) throw new Error(`shared import failed: ${JSON.stringify(sharedReport.files.map((f) => f.errors.slice(0, 3)))}`);
  await shared.close();
  log(`  shared data set import: ${sharedImportSeconds.toFixed(2)} s`);

  // 2. The scaled set, streaming, with peak RSS.
  const scaled = await openBackend(opts.backend, opts.workDir, `${opts.backend}-scaled`);
  const rssBefore = process.memoryUsage().rss / 2 ** 20;
  t = Date.now();
  const { result: report, peakMb } = await withPeakRss(() => scaled.crm.importer.importDirectory(ws, opts.scaledDir));
  const scaledImportSeconds = (Date.now() - t) / 1000;
  if (!report.ok) throw new Error(`scaled import failed: ${JSON.stringify(report.files.map((f) => f.errors.slice(0, 3)))}`);
  const scaledImport = report.files.map((f) => ({
    file: path.basename(f.file),
    rows: f.rows,
    seconds: f.seconds,
    rowsPerSecond: Math.round(f.rows / Math.max(f.seconds, 1e-9)),
  }));
  for (const f of scaledImport) log(`  import ${f.file}: ${f.rows} rows in ${f.seconds.toFixed(1)} s = ${f.rowsPerSecond} rows/s`);
  log(`  scaled import: ${scaledImportSeconds.toFixed(1)} s, peak RSS ${peakMb.toFixed(0)} MB (before: ${rssBefore.toFixed(0)} MB)`);

  const latency = await measureLatency(scaled, n, log);
  if (httpErrors > 0) log(`  ${httpErrors} HTTP connection errors (each retried once)`);
  return { backend: opts.backend, sharedImportSeconds, scaledImport, scaledImportSeconds, peakRssMb: peakMb, rssBeforeImportMb: rssBefore, latency, httpConnectionErrors: httpErrors };
}

/** 3. Latency at scale, through the service layer and over HTTP; closes the backend. */
async function measureLatency(scaled: OpenedBackend, n: number, log: (line: string) => void): Promise<LatencyFigure[]> {
  const ws = DEFAULT_WORKSPACE;
  const { crm } = scaled;
  const sampleIds = {} as Record<EntityName, string[]>;
  for (const name of ['company', 'contact', 'deal', 'activity'] as const) {
    const page = await crm.records.list(ws, name, { filters: [], limit: 500, sort: { field: 'id', direction: 'asc' } });
    // Spread the sample over the whole id range: every 7th of the first page plus the tail of a later page.
    const later = await crm.records.list(ws, name, { filters: [{ field: 'id', op: 'gt', value: `${page.records.at(-1)!.id.slice(0, 3)}9` }], limit: 1, sort: { field: 'id', direction: 'asc' } });
    sampleIds[name] = [...page.records.filter((_, i) => i % 7 === 0).map((r) => r.id), ...later.records.map((r) => r.id)];
  }
  const allContacts = await crm.storage.records.count(ws, ENTITIES.contact);
  const latency: LatencyFigure[] = [];
  const app = await createApp({ crm, auth: BENCH_AUTH });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const headers = await benchHeaders(crm, ws);
  try {
    const getIds = sampleIds.contact;
    let r = await time(n, async (i) => ((await crm.records.get(ws, 'contact', getIds[i % getIds.length]!)) ? 1 : 0));
    latency.push({ name: 'contacts: get by id', via: 'service', n: r.runs, p50ms: r.p50, p95ms: r.p95, matched: r.matched });
    r = await time(n, async (i) => {
      const res = await fetchRetrying(`${address}/api/contacts/${getIds[i % getIds.length]}`, headers);
      await res.json();
      if (res.status !== 200) throw new Error(`GET contact: ${res.status}`);
      return 1;
    });
    latency.push({ name: 'contacts: get by id', via: 'http', n: r.runs, p50ms: r.p50, p95ms: r.p95, matched: r.matched });
    for (const q of queries(sampleIds)) {
      const entity = ENTITIES[q.entity];
      r = await time(n, async (i) => (await crm.records.list(ws, entity, parseListParams(entity, q.params(i)))).records.length);
      latency.push({ name: q.name, via: 'service', n: r.runs, p50ms: r.p50, p95ms: r.p95, matched: r.matched });
      r = await time(n, async (i) => {
        const res = await fetchRetrying(`${address}/api/${entity.plural}?${toQueryString(q.params(i))}`, headers);
        const body = (await res.json()) as { data?: unknown[]; records?: unknown[] };
        if (res.status !== 200) throw new Error(`${q.name}: HTTP ${res.status} ${JSON.stringify(body)}`);
        return (body.data ?? body.records ?? []).length;
      });
      latency.push({ name: q.name, via: 'http', n: r.runs, p50ms: r.p50, p95ms: r.p95, matched: r.matched });
    }
    log(`  latency over ${allContacts} contacts (up to ${n} runs each, at most ${MEASURE_BUDGET_MS / 1000} s per line):`);
    for (const l of latency) log(`    ${l.via.padEnd(7)} ${l.name.padEnd(58)} p50 ${l.p50ms.toFixed(2).padStart(7)} ms  p95 ${l.p95ms.toFixed(2).padStart(7)} ms  (${l.matched} rows, ${l.n} runs)`);
  } finally {
    await app.close();
    await scaled.close();
  }
  return latency;
}
