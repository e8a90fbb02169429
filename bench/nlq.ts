/**
 * `npm run bench:nlq`: scores `POST /api/query` on the natural-language query set (../shared/data/nlq/dev.jsonl)
 * with the rules of bench/nlq-score.ts; prints per-category scores, the understood share (score ≥ 0.8),
 * client-measured latency, the intents the server chose and every query it did not understand.
 *
 * By default the shared data set is imported into a temporary SQLite database (with --db DIR, one kept in DIR
 * between runs), company/contact/deal shards are embedded with the configured provider (USE lite unless
 * EMBEDDING_PROVIDER says otherwise) before any query, and the HTTP server runs in this process on a free port.
 * The CRM clock is fixed at the data set's "as of" date, 2026-11-01T12:00:00Z as in the tests (--now ISO or
 * --now system to change it), so relative dates ("last 30 days") mean what the query set means.
 *
 *   npm run bench:nlq
 *   npm run bench:nlq -- --verbose                      # every query: score, intent, explanation
 *   npm run bench:nlq -- --file ../shared/data/nlq/heldout.jsonl
 *   CRM_TOKEN=$(npm run -s crm -- token create --user admin@localhost --scope read) \
 *   npm run bench:nlq -- --url http://127.0.0.1:3000    # a running server (holding the shared data set)
 *   npm run bench:nlq -- --json > nlq.json              # machine-readable (progress goes to stderr)
 *   npm run bench:nlq -- --limit 50 --now system
 *   npm run bench:nlq -- --db bench/.data/nlq           # keep the database: later runs skip import and embedding
 *   npm run bench:nlq -- --file bench/nlq/heldout.jsonl --summary   # figures only: no item of a held-out set is shown
 *   npm run bench:nlq -- --db bench/.data/nlq --as-server  # USE lite threads as `crm serve` runs them (one niced
 *                                                          # background thread per core but one, a query thread)
 *
 * Queries run one at a time after 3 warm-up queries (a semantic one, a "like X" one and the file's first; not
 * counted). The exit code is 0 whatever the scores; it is 1 only when nothing could be measured (server
 * unreachable, no POST /api/query, unreadable file).
 * Run on the dev set with default settings, the summary is merged into bench/results/latest.json as `nlq`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { fixedClock, systemClock, toTimestamp, type Clock } from '../src/core/clock.js';
import { createCrm, DEFAULT_WORKSPACE, prepareStorage } from '../src/crm/index.js';
import { createApp } from '../src/delivery/api/app.js';
import { benchHeaders, BENCH_AUTH } from './credentials.js';
import { createEmbeddingProvider } from '../src/intelligence/embeddings/index.js';
import { loadConfig } from '../src/delivery/config.js';
import { createIntelligence, serverEmbeddingDefaults } from '../src/intelligence/index.js';
import { enqueueAll } from '../src/intelligence/memory/embedding-queue.js';
import { openStorage } from '../src/storage/connect.js';
import { percentile } from './core.js';
import { scoreQuery, UNDERSTOOD_THRESHOLD, type Expected, type QueryResponse } from './nlq-score.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SHARED = path.resolve(here, '../../shared/data');
const DEV_FILE = path.join(SHARED, 'nlq/dev.jsonl');
const RESULTS_FILE = path.join(here, 'results/latest.json');
const DEFAULT_LIMIT = 10_000;
/** The data set is "as of 2026-11-01" (../shared/data/README.md); the tests use the same instant. */
const DATA_AS_OF = '2026-11-01T12:00:00Z';
const WARM_UP = 3;
const REQUEST_TIMEOUT_MS = 120_000;

export interface NlqEntry {
  id: number | string;
  category: string;
  text: string;
  expected: Expected;
}

export interface NlqQueryResult {
  id: number | string;
  category: string;
  kind: string;
  text: string;
  score: number;
  understood: boolean;
  /** The server's intent, or "error" when the request failed. */
  intent: string;
  entity: string | null;
  total: number | null;
  value: number | null;
  explanation: string;
  ms: number;
  status: number | null;
  error?: string;
}

interface Group {
  queries: number;
  meanScore: number;
  understood: number;
  understoodShare: number;
}

export interface NlqSummary {
  at: string;
  file: string;
  target: string;
  provider: string | null;
  now: string | null;
  limit: number;
  queries: number;
  understood: number;
  understoodShare: number;
  meanScore: number;
  byCategory: Record<string, Group>;
  byKind: Record<string, Group>;
  latency: { queries: number; warmUp: number; p50ms: number; p95ms: number; maxms: number };
  intents: Record<string, number>;
  /** Share of queries whose intent is the one their category implies (filter.* → filter, topn.* → top, …). */
  intentAccuracy: number;
  errors: number;
  notUnderstood: (number | string)[];
}

/**
 * Query entries of a JSONL file. An entry may instead say `{"same_as": ID, "text": …}`: another phrasing of the
 * development-set query ID, with that query's expected answer (bench/nlq/paraphrases.jsonl).
 */
export function readEntries(file: string, devFile = DEV_FILE): NlqEntry[] {
  let dev: Map<number | string, NlqEntry> | undefined;
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line, i) => {
      const raw = JSON.parse(line) as NlqEntry & { same_as?: number | string };
      let e: NlqEntry = raw;
      if (raw.same_as !== undefined && !raw.expected) {
        dev ??= new Map(readEntries(devFile).map((d) => [d.id, d]));
        const original = dev.get(raw.same_as);
        if (!original) throw new Error(`${file}:${i + 1}: same_as ${raw.same_as} is not an id of ${devFile}`);
        e = { ...original, id: `${raw.same_as}~${i + 1}`, text: raw.text };
      }
      if (typeof e.text !== 'string' || !e.expected || typeof e.expected.kind !== 'string') throw new Error(`${file}:${i + 1}: not a query entry`);
      return e;
    });
}

/** WARM_UP distinct entries: the first `ranked` and the first `similar` one, then the file's first. */
export function warmUpEntries(entries: NlqEntry[]): NlqEntry[] {
  const picked = new Set<NlqEntry>();
  for (const kind of ['ranked', 'similar']) {
    const e = entries.find((x) => x.expected.kind === kind);
    if (e && picked.size < WARM_UP) picked.add(e);
  }
  for (const e of entries) if (picked.size < WARM_UP) picked.add(e);
  return [...picked];
}

interface Asked {
  status: number | null;
  body: QueryResponse | null;
  ms: number;
  error?: string;
}

async function ask(base: string, text: string, limit: number, auth: Record<string, string>): Promise<Asked> {
  const start = performance.now();
  try {
    const res = await fetch(`${base}/api/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ text, limit }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const raw = await res.text();
    const ms = performance.now() - start;
    let body: QueryResponse | null = null;
    try {
      body = JSON.parse(raw) as QueryResponse;
    } catch {
      return { status: res.status, body: null, ms, error: `HTTP ${res.status}, not JSON: ${raw.slice(0, 120)}` };
    }
    if (!res.ok) {
      const message = body && typeof body.message === 'string' ? body.message : raw.slice(0, 200);
      return { status: res.status, body, ms, error: `HTTP ${res.status}: ${message}` };
    }
    return { status: res.status, body, ms };
  } catch (e) {
    return { status: null, body: null, ms: performance.now() - start, error: (e as Error).message };
  }
}

const str = (v: unknown) => (typeof v === 'string' ? v : null);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function group(rows: NlqQueryResult[], key: (r: NlqQueryResult) => string): Record<string, Group> {
  const out: Record<string, Group> = {};
  for (const r of rows) {
    const g = (out[key(r)] ??= { queries: 0, meanScore: 0, understood: 0, understoodShare: 0 });
    g.queries++;
    g.meanScore += r.score;
    if (r.understood) g.understood++;
  }
  for (const g of Object.values(out)) {
    g.meanScore = round(g.meanScore / g.queries);
    g.understoodShare = round(g.understood / g.queries);
  }
  return out;
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The intent a query's category implies: the measure of intent detection. */
export function expectedIntent(category: string): string | undefined {
  const head = category.split(/[.+]/)[0];
  return { filter: 'filter', topn: 'top', agg: 'aggregate', semantic: 'semantic', similar: 'similar' }[head ?? ''];
}

export function summarize(rows: NlqQueryResult[], meta: Pick<NlqSummary, 'file' | 'target' | 'provider' | 'now' | 'limit'>): NlqSummary {
  const times = rows.map((r) => r.ms).sort((a, b) => a - b);
  const understood = rows.filter((r) => r.understood).length;
  const intents: Record<string, number> = {};
  for (const r of rows) intents[r.intent] = (intents[r.intent] ?? 0) + 1;
  return {
    at: new Date().toISOString(),
    ...meta,
    queries: rows.length,
    understood,
    understoodShare: rows.length ? round(understood / rows.length) : 0,
    meanScore: rows.length ? round(rows.reduce((s, r) => s + r.score, 0) / rows.length) : 0,
    byCategory: group(rows, (r) => r.category),
    byKind: group(rows, (r) => r.kind),
    latency: {
      queries: times.length,
      warmUp: WARM_UP,
      p50ms: round(percentile(times, 50), 2),
      p95ms: round(percentile(times, 95), 2),
      maxms: round(times.at(-1) ?? NaN, 2),
    },
    intents,
    intentAccuracy: round(rows.filter((r) => expectedIntent(r.category) === undefined || expectedIntent(r.category) === r.intent).length / Math.max(rows.length, 1)),
    errors: rows.filter((r) => r.error !== undefined).length,
    notUnderstood: rows.filter((r) => !r.understood).map((r) => r.id),
  };
}

interface Target {
  base: string;
  /** Authorization header for the API (an in-process server makes a token; --url takes CRM_TOKEN). */
  auth: Record<string, string>;
  provider: string | null;
  /** Embedding model calls so far (a provider that counts them): what the queries cost beside their latency. */
  modelCalls?: () => number;
  close(): Promise<void>;
}

/** The shared data set in a temporary SQLite database (or one kept in `keepDir`), embedded, behind the real HTTP app on a free port. */
async function startInProcess(clock: Clock, log: (s: string) => void, keepDir?: string, asServer = false): Promise<Target> {
  const dir = keepDir ? path.resolve(keepDir) : fs.mkdtempSync(path.join(os.tmpdir(), 'hololoom-nlq-'));
  const storage = await openStorage({ dataDir: dir });
  const cleanups: (() => Promise<void>)[] = [async () => (keepDir ? undefined : fs.rmSync(dir, { recursive: true, force: true })), () => storage.close()];
  const close = async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
  };
  try {
    const fresh = (await prepareStorage(storage, clock)).includes('0001-core');
    const crm = createCrm({ storage, clock });
    const ws = DEFAULT_WORKSPACE;
    let t = performance.now();
    if (fresh) {
      const report = await crm.importer.importDirectory(ws, path.join(SHARED, 'crm'));
      if (!report.ok) throw new Error(`import failed: ${JSON.stringify(report.files.map((f) => f.errors.slice(0, 3)))}`);
      log(`imported the shared data set into ${dir} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    } else log(`reusing the database in ${dir} (imported by an earlier run; only changed shards are embedded)`);

    const embedding = loadConfig().intelligence.embedding;
    const provider = createEmbeddingProvider(embedding, asServer ? serverEmbeddingDefaults(embedding) : {});
    const intelligence = createIntelligence(crm, { provider, worker: false });
    cleanups.push(() => intelligence.stop());
    // The query sets ask about companies, contacts and deals (contact shards carry their recent activities);
    // 13k activity shards would only slow the run, as in eval-memory.ts.
    await enqueueAll(storage, ws, toTimestamp(clock.now()), ['company', 'contact', 'deal']);
    t = performance.now();
    const done = await intelligence.worker.drain();
    log(`embedded ${done.embedded} shards (${done.unchanged} unchanged) with ${provider.model}@${provider.version} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    await intelligence.memory.load();
    await provider.embed(['warm up']);

    const app = await createApp({ crm, intelligence, auth: BENCH_AUTH });
    cleanups.push(() => app.close());
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const calls = (provider as { modelCalls?: Record<string, number> }).modelCalls;
    return {
      base,
      auth: await benchHeaders(crm, ws),
      provider: `${provider.model}@${provider.version}${asServer ? ' (threads as a server runs them)' : ''}`,
      modelCalls: calls ? () => Object.values(calls).reduce((a, b) => a + b, 0) : undefined,
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const oneLine = (s: string, max = 240) => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

function printReport(summary: NlqSummary, rows: NlqQueryResult[], out: (s: string) => void, summaryOnly = false) {
  const table = (title: string, groups: Record<string, Group>) => {
    const names = Object.keys(groups).sort();
    const width = Math.max(title.length, ...names.map((n) => n.length));
    out(`  ${title.padEnd(width)}    n   mean  understood`);
    for (const name of names) {
      const g = groups[name]!;
      out(`  ${name.padEnd(width)} ${String(g.queries).padStart(4)}  ${g.meanScore.toFixed(3)}  ${`${g.understood}/${g.queries}`.padStart(7)} (${pct(g.understoodShare)})`);
    }
  };
  out('');
  table('category', summary.byCategory);
  out('');
  table('kind', summary.byKind);
  out('');
  out(`OVERALL: understood ${summary.understood}/${summary.queries} = ${pct(summary.understoodShare)} (score ≥ ${UNDERSTOOD_THRESHOLD}); mean score ${summary.meanScore.toFixed(3)}`);
  const l = summary.latency;
  out(`latency over ${l.queries} queries (client-measured, sequential, after ${l.warmUp} warm-up): p50 ${l.p50ms.toFixed(1)} ms, p95 ${l.p95ms.toFixed(1)} ms, max ${l.maxms.toFixed(1)} ms`);
  out(
    `intents: ${Object.entries(summary.intents)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  out(`intent detection: ${pct(summary.intentAccuracy)} of queries got the intent their category implies`);
  if (summary.errors > 0) out(`request errors: ${summary.errors}`);
  const missed = rows.filter((r) => !r.understood);
  if (summaryOnly) {
    out(`\nnot understood: ${missed.length} (items not shown: --summary keeps a held-out set held out)`);
    return;
  }
  out('');
  out(missed.length === 0 ? 'not understood: none' : `not understood (${missed.length}):`);
  for (const r of missed) {
    out(`  #${r.id} [${r.category}] score ${r.score.toFixed(2)}  intent ${r.intent}${r.entity ? `/${r.entity}` : ''}  "${oneLine(r.text, 120)}"`);
    out(`      ${r.error ? `error: ${oneLine(r.error)}` : `→ ${oneLine(r.explanation) || '(no explanation)'}`}`);
  }
}

async function main() {
  const { values: args } = parseArgs({
    options: {
      url: { type: 'string' },
      file: { type: 'string', default: DEV_FILE },
      limit: { type: 'string', default: String(DEFAULT_LIMIT) },
      now: { type: 'string', default: DATA_AS_OF },
      db: { type: 'string' },
      json: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      summary: { type: 'boolean', default: false },
      'as-server': { type: 'boolean', default: false },
    },
  });
  // With --json, stdout carries only the JSON document.
  const out = args.json ? (s: string) => console.error(s) : (s: string) => console.log(s);
  const limit = Number(args.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`--limit must be a whole number ≥ 1, got "${args.limit}"`);
  const file = path.resolve(args.file!);
  const entries = readEntries(file);
  if (entries.length === 0) throw new Error(`${file} holds no queries`);
  const clock = args.now === 'system' ? systemClock : fixedClock(args.now!);
  if (args.now !== 'system' && Number.isNaN(clock.now().getTime())) throw new Error(`--now must be an ISO date or "system", got "${args.now}"`);
  const displayFile = path.relative(process.cwd(), file) || file;

  let target: Target;
  if (args.url) {
    const base = args.url.replace(/\/+$/, '');
    target = { base, auth: process.env.CRM_TOKEN ? { authorization: `Bearer ${process.env.CRM_TOKEN}` } : {}, provider: null, close: async () => {} };
    out(`scoring the server at ${base} (its data and clock as they are; nothing is imported)`);
  } else {
    target = await startInProcess(clock, out, args.db, args['as-server']);
  }

  const rows: NlqQueryResult[] = [];
  let callsBefore: number | undefined;
  let calls: number | undefined;
  let cpuBefore: NodeJS.CpuUsage | undefined;
  let cpuMs: number | undefined;
  try {
    // Warm-up, not counted: a semantic and a "like X" query first (a server loads its embedding model on the
    // first one), then the file's first queries. A server without the route is a setup problem, not a score.
    for (const e of warmUpEntries(entries)) {
      const r = await ask(target.base, e.text, limit, target.auth);
      if (r.status === null) throw new Error(`cannot reach ${target.base}: ${r.error}`);
      if (r.status === 404 && r.body?.error === 'not_found') throw new Error(`${target.base} has no POST /api/query (${r.error})`);
    }
    callsBefore = target.modelCalls?.();
    cpuBefore = process.cpuUsage();
    out(`== natural-language queries: ${entries.length} from ${displayFile}, limit ${limit}, against ${args.url ? target.base : `an in-process server (${target.provider}, now ${clock.now().toISOString()})`} ==`);
    for (const e of entries) {
      const r = await ask(target.base, e.text, limit, target.auth);
      const body = r.body;
      const score = r.error === undefined ? scoreQuery(e.expected, body) : 0;
      const row: NlqQueryResult = {
        id: e.id,
        category: e.category,
        kind: e.expected.kind,
        text: e.text,
        score: round(score),
        understood: score >= UNDERSTOOD_THRESHOLD,
        intent: r.error === undefined ? (str(body?.intent) ?? '(none)') : 'error',
        entity: str(body?.entity),
        total: num(body?.total),
        value: num(body?.value),
        explanation: str(body?.interpretation?.explanation) ?? '',
        ms: round(r.ms, 2),
        status: r.status,
        ...(r.error !== undefined ? { error: r.error } : {}),
      };
      rows.push(row);
      if (args.verbose && !args.summary) {
        out(
          `  #${row.id} [${row.category}] ${row.score.toFixed(2)} ${row.understood ? '✓' : '✗'} ${row.intent}${row.entity ? `/${row.entity}` : ''} ${row.ms.toFixed(1)} ms  "${oneLine(row.text, 120)}"` +
            `\n      ${row.error ? `error: ${oneLine(row.error)}` : `→ ${oneLine(row.explanation) || '(no explanation)'}`}${row.kind === 'value' ? ` (value ${row.value ?? 'none'}, expected ${(e.expected as { value: number }).value})` : ''}`,
        );
      }
    }
    if (callsBefore !== undefined) calls = target.modelCalls!() - callsBefore;
    const cpu = process.cpuUsage(cpuBefore);
    cpuMs = (cpu.user + cpu.system) / 1000;
  } finally {
    await target.close();
  }

  const summary = summarize(rows, {
    file: displayFile,
    target: args.url ? target.base : `in-process (${args.db ? 'SQLite in ' + args.db : 'temporary SQLite'}, shared data set)`,
    provider: target.provider,
    now: args.url ? null : clock.now().toISOString(),
    limit,
  });
  printReport(summary, rows, out, args.summary);
  // This process's CPU (every thread: the server, its embedding threads and the client), which load moves far less than latency.
  if (cpuMs !== undefined && !args.url) out(`CPU of this process while the queries ran: ${(cpuMs / 1000).toFixed(1)} s (${(cpuMs / Math.max(rows.length, 1)).toFixed(1)} ms per query)`);
  if (calls !== undefined) out(`embedding model calls while the queries ran: ${calls} (${(calls / Math.max(rows.length, 1)).toFixed(2)} per query)`);

  // The figures of record: the dev set, in process on a fresh database, default limit and clock (run.ts merges
  // its sections the same way).
  if (!args.url && !args.db && file === DEV_FILE && limit === DEFAULT_LIMIT && args.now === DATA_AS_OF) {
    const previous = fs.existsSync(RESULTS_FILE) ? (JSON.parse(fs.readFileSync(RESULTS_FILE, 'utf8')) as Record<string, unknown>) : {};
    const results = {
      ...previous,
      at: summary.at,
      machine: { cpus: os.availableParallelism(), memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
      nlq: summary,
    };
    fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
    out(`\nsummary merged into ${path.relative(process.cwd(), RESULTS_FILE)} as "nlq"`);
  }
  if (args.json) console.log(JSON.stringify(args.summary ? { summary: { ...summary, notUnderstood: [] } } : { summary, queries: rows }, null, 2));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  try {
    await main();
  } catch (e) {
    console.error(`bench:nlq could not run: ${(e as Error).message}`);
    process.exitCode = 1;
  }
}
