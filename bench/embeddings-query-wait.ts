/**
 * How long a question's own text waits for its vector while a server embeds an import in the background.
 *
 *   npx tsx bench/embeddings-query-wait.ts [--backlog 1200] [--questions 20] [--every 300]
 *   npm run bench -- --only query-wait
 *
 * Three runs of the same scene, one after the other, each with its own provider as `crm serve` builds it
 * (serverEmbeddingDefaults: one niced USE lite thread per core but one): `--backlog` contact profiles are handed
 * to the provider at once (a fresh import's embedding), then a short question is embedded every `--every` ms.
 * - "as before": the question's text joins the same queue as the import (no priority), as every embed did before
 *   the query lane existed;
 * - "priority": `priority: 'query'` — ahead of the import's queued batches, on the same niced thread;
 * - "query thread": the same, and a thread of its own at normal priority (`EMBEDDING_QUERY_THREAD=true`).
 * Prints each run's question wait p50 / p95 / max, how long the import took and the process's memory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createEmbeddingProvider } from '../src/intelligence/embeddings/index.js';
import { serverEmbeddingDefaults } from '../src/intelligence/index.js';
import { contactProfileTexts } from './embeddings.js';

const QUESTIONS = ['worried about data security', 'struggling to hire engineers', 'cfos anxious about audits', 'budget cuts next year', 'supply chain delays', 'scaling the sales team'];

const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Lane = 'as before' | 'priority' | 'query thread';

async function scene(lane: Lane, backlog: string[], questions: number, everyMs: number) {
  const defaults = serverEmbeddingDefaults();
  const provider = createEmbeddingProvider({ provider: 'use' }, { workers: defaults.workers, niceness: defaults.niceness, queryWorker: lane === 'query thread' });
  const priority = lane === 'as before' ? {} : ({ priority: 'query' } as const);
  try {
    await provider.embed(['warm up the background thread']);
    await provider.embed(['warm up the query thread'], priority);
    const start = performance.now();
    let importDone: number | null = null;
    const importing = provider.embed(backlog).then(() => (importDone = performance.now() - start));
    const waits: number[] = [];
    for (let i = 0; i < questions; i++) {
      const t = performance.now();
      await provider.embed([`${QUESTIONS[i % QUESTIONS.length]} (${i})`], priority);
      waits.push(performance.now() - t);
      await sleep(everyMs);
    }
    const questionsEnded = performance.now() - start;
    await importing;
    return { waits, questionsEnded, importDone: importDone!, rssMb: Math.round(process.memoryUsage().rss / 1e6) };
  } finally {
    await provider.close();
  }
}

export interface QueryWaitFigure {
  lane: Lane;
  rssMb: number;
  p50ms: number;
  p95ms: number;
  maxms: number;
  questions: number;
  importSeconds: number;
}

export async function benchQueryWait(opts: { backlog?: number; questions?: number; everyMs?: number; log?: (s: string) => void } = {}): Promise<QueryWaitFigure[]> {
  const log = opts.log ?? console.log;
  const backlog = contactProfileTexts(opts.backlog ?? 1200);
  const figures: QueryWaitFigure[] = [];
  for (const lane of ['as before', 'priority', 'query thread'] as const) {
    const before = loadavg();
    const r = await scene(lane, backlog, opts.questions ?? 20, opts.everyMs ?? 300);
    figures.push({ lane, rssMb: r.rssMb, p50ms: Math.round(pct(r.waits, 50)), p95ms: Math.round(pct(r.waits, 95)), maxms: Math.round(Math.max(...r.waits)), questions: r.waits.length, importSeconds: Math.round(r.importDone / 100) / 10 });
    log(
      `${lane.padEnd(12)}: a question waits p50 ${pct(r.waits, 50).toFixed(0)} ms, p95 ${pct(r.waits, 95).toFixed(0)} ms, max ${Math.max(...r.waits).toFixed(0)} ms ` +
        `(${r.waits.length} questions over ${(r.questionsEnded / 1000).toFixed(1)} s; the import of ${backlog.length} texts took ${(r.importDone / 1000).toFixed(1)} s; ${r.rssMb} MB; load ${before} → ${loadavg()})`,
    );
  }
  return figures;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { values } = parseArgs({ options: { backlog: { type: 'string', default: '1200' }, questions: { type: 'string', default: '20' }, every: { type: 'string', default: '300' } } });
  benchQueryWait({ backlog: Number(values.backlog), questions: Number(values.questions), everyMs: Number(values.every) }).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
