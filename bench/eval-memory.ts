/**
 * Quality of semantic memory on the development set: graded precision@k of "records like X" (`similar`
 * entries: relevant = 1, partial = 0.5) and precision@k of semantic search (`semantic.*` entries), plus the
 * latency of both. The shared data set is imported into bench/.data/eval-memory (kept between runs, so only
 * changed shards are embedded again).
 *
 *   npx tsx bench/eval-memory.ts [--provider use|use-static|hashing] [--fit N] [--verbose]
 *
 * --fit N (with use-static): the static table is first fitted to N of the workspace's use-lite shards (run
 * with the default provider once before), as a workspace would distil it from a USE-embedded sample.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { EntityName } from '../src/core/entities.js';
import { createCrm, DEFAULT_WORKSPACE, prepareStorage } from '../src/crm/index.js';
import { createHash } from 'node:crypto';
import { createEmbeddingProvider, UseStaticProvider, type EmbeddingProvider } from '../src/intelligence/embeddings/index.js';
import { loadConfig } from '../src/delivery/config.js';
import { createIntelligence, type Intelligence } from '../src/intelligence/index.js';
import { enqueueAll } from '../src/intelligence/memory/embedding-queue.js';
import { openStorage } from '../src/storage/connect.js';
import { toTimestamp } from '../src/core/clock.js';
import { ExactIndex } from '../src/intelligence/vectors/exact-index.js';
import { MultiScaleIndex } from '../src/intelligence/vectors/multi-scale-index.js';
import { Projection } from '../src/intelligence/vectors/pca.js';
import { percentile } from './core.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SHARED = path.resolve(here, '../../shared/data');

interface DevEntry {
  id: number;
  category: string;
  text: string;
  expected: { kind: string; entity: EntityName; k: number; seed?: string; relevant: string[]; partial?: string[] };
}

export interface MemoryQuality {
  provider: string;
  similar: { queries: number; gradedPrecisionAt5: number; p50ms: number; p95ms: number };
  semantic: { queries: number; precisionAt10: number; p50ms: number; p95ms: number };
  perQuery: { id: number; text: string; score: number }[];
  /** The ANN path (128-d PCA candidates through HNSW, full re-rank) against brute force, on the real contact vectors. */
  ann: { vectors: number; varianceKept: number; recallAt10: number };
}

/** Recall@10 of the multi-scale index on real vectors, with HNSW forced even at this size. */
function annRecall(vectors: Map<string, Float32Array>) {
  const all = [...vectors.values()];
  const projection = Projection.fit(all, 128);
  const d = projection.inputDimensions;
  let total = 0;
  let kept = 0;
  for (const v of all) {
    for (let i = 0; i < d; i++) total += (v[i]! - projection.mean[i]!) ** 2;
    for (let c = 0; c < projection.outputDimensions; c++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += (v[i]! - projection.mean[i]!) * projection.components[c * d + i]!;
      kept += s * s;
    }
  }
  const ann = new MultiScaleIndex(d, { hnswThreshold: 0 });
  const exact = new ExactIndex(d);
  for (const [id, v] of vectors) {
    ann.upsert(id, v);
    exact.upsert(id, v);
  }
  ann.setProjection(projection);
  let found = 0;
  const probes = all.slice(0, 500);
  for (const q of probes) {
    const truth = new Set(exact.search(q, 10).map((h) => h.id));
    found += ann.search(q, 10).filter((h) => truth.has(h.id)).length;
  }
  return { vectors: all.length, varianceKept: kept / total, recallAt10: found / (probes.length * 10) };
}

/** A use-static table fitted to `n` use-lite shards of the workspace (every k-th), under a version naming the fit. */
async function fittedStatic(storage: Awaited<ReturnType<typeof openStorage>>, ws: string, n: number, cacheDir: string, log: (s: string) => void): Promise<EmbeddingProvider> {
  const shards = (await storage.shards.changesSince('use-lite', 0, 1_000_000)).filter((s) => s.vector && s.workspace_id === ws);
  if (shards.length === 0) throw new Error('--fit needs the use-lite shards: run bench/eval-memory.ts once with the default provider first');
  shards.sort((a, b) => (a.record_id < b.record_id ? -1 : 1));
  const step = Math.max(1, Math.floor(shards.length / n));
  const sample = shards.filter((_, i) => i % step === 0).slice(0, n).map((s) => ({ text: s.text, vector: s.vector! }));
  const base = new UseStaticProvider({ cacheFile: path.join(cacheDir, 'use-static.bin') });
  const t = performance.now();
  const table = await base.fit(sample);
  const digest = createHash('sha256').update(Buffer.from(table.vectors.buffer)).digest('hex').slice(0, 8);
  log(`fitted the static table to ${sample.length} of ${shards.length} use-lite shards in ${((performance.now() - t) / 1000).toFixed(1)} s (load ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]})`);
  return new UseStaticProvider({ table: { table, version: `fit${sample.length}-${digest}` } });
}

export async function evalMemory(opts: { provider?: string; fit?: number; verbose?: boolean; log?: (s: string) => void } = {}): Promise<MemoryQuality> {
  const log = opts.log ?? console.log;
  const env = { ...process.env, ...(opts.provider ? { EMBEDDING_PROVIDER: opts.provider } : {}) };
  const dir = path.join(here, '.data', 'eval-memory');
  const storage = await openStorage({ dataDir: dir });
  const settings = loadConfig(env).intelligence.embedding;
  const provider = opts.fit
    ? await fittedStatic(storage, DEFAULT_WORKSPACE, opts.fit, path.join(dir, 'models'), log)
    : createEmbeddingProvider({ ...settings, cacheDir: settings.cacheDir && path.join(dir, 'models') });
  const applied = await prepareStorage(storage);
  const crm = createCrm({ storage });
  const ws = DEFAULT_WORKSPACE;
  if (applied.includes('0001-core')) {
    log('importing the shared data set …');
    const report = await crm.importer.importDirectory(ws, path.join(SHARED, 'crm'));
    if (!report.ok) throw new Error('import failed');
  }
  const intelligence = createIntelligence(crm, { provider, worker: false });
  // The dev set asks about contacts, companies and deals; activity shards (13k) would only slow the run.
  await enqueueAll(storage, ws, toTimestamp(new Date()), ['company', 'contact', 'deal']);
  const t = Date.now();
  const done = await intelligence.worker.drain();
  if (done.embedded > 0) log(`embedded ${done.embedded} shards (${done.unchanged} unchanged) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  await intelligence.memory.load();
  await provider.embed(['warm up']); // start the model outside the timings

  const { similar, semantic, perQuery } = await devSetQuality(intelligence, ws, { verbose: opts.verbose, log });
  const contactVectors = new Map<string, Float32Array>();
  for (const s of await storage.shards.changesSince(provider.model, 0, 1_000_000)) if (s.vector && s.entity === 'contact' && s.workspace_id === ws) contactVectors.set(s.record_id, s.vector);
  const ann = annRecall(contactVectors);
  await intelligence.stop();
  await storage.close();
  return { provider: `${provider.model}@${provider.version}`, similar, semantic, perQuery, ann };
}

/** "Like X" graded P@5 and semantic P@10 over the dev set's entries, through an assembled intelligence layer. */
export async function devSetQuality(
  intelligence: Intelligence,
  ws: string,
  opts: { verbose?: boolean; log?: (s: string) => void } = {},
): Promise<Pick<MemoryQuality, 'similar' | 'semantic' | 'perQuery'>> {
  const log = opts.log ?? console.log;
  const entries = fs
    .readFileSync(path.join(SHARED, 'nlq/dev.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as DevEntry);
  const perQuery: MemoryQuality['perQuery'] = [];
  const simScores: number[] = [];
  const simTimes: number[] = [];
  for (const e of entries.filter((x) => x.expected.kind === 'similar')) {
    const relevant = new Set(e.expected.relevant);
    const partial = new Set(e.expected.partial ?? []);
    const start = performance.now();
    const results = await intelligence.similarity.similar(ws, e.expected.entity, e.expected.seed!, e.expected.k);
    simTimes.push(performance.now() - start);
    const score = results.slice(0, e.expected.k).reduce((s, r) => s + (relevant.has(r.id) ? 1 : partial.has(r.id) ? 0.5 : 0), 0) / e.expected.k;
    simScores.push(score);
    perQuery.push({ id: e.id, text: e.text, score });
    if (opts.verbose) log(`  ${score.toFixed(2)}  ${e.text}  → ${results.map((r) => `${r.id} (${r.reasons.join('; ')})`).join(' | ')}`);
  }
  const semScores: number[] = [];
  const semTimes: number[] = [];
  for (const e of entries.filter((x) => x.category.startsWith('semantic'))) {
    const relevant = new Set(e.expected.relevant);
    const start = performance.now();
    const { results: hits, interpretation } = await intelligence.search.search(ws, e.expected.entity, e.text, { limit: e.expected.k });
    semTimes.push(performance.now() - start);
    const score = hits.slice(0, e.expected.k).filter((h) => relevant.has(h.id)).length / e.expected.k;
    semScores.push(score);
    perQuery.push({ id: e.id, text: e.text, score });
    if (opts.verbose) log(`  ${score.toFixed(2)}  ${e.text}  (${interpretation.explanation})`);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  return {
    similar: { queries: simScores.length, gradedPrecisionAt5: mean(simScores), p50ms: percentile(sorted(simTimes), 50), p95ms: percentile(sorted(simTimes), 95) },
    semantic: { queries: semScores.length, precisionAt10: mean(semScores), p50ms: percentile(sorted(semTimes), 50), p95ms: percentile(sorted(semTimes), 95) },
    perQuery,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { values } = parseArgs({ options: { provider: { type: 'string' }, fit: { type: 'string' }, verbose: { type: 'boolean', default: false } } });
  const q = await evalMemory({ provider: values.fit ? 'use-static' : values.provider, fit: values.fit ? Number(values.fit) : undefined, verbose: values.verbose });
  console.log(`provider ${q.provider}`);
  console.log(`"like X": graded precision@5 = ${q.similar.gradedPrecisionAt5.toFixed(3)} over ${q.similar.queries} queries (target ≥ 0.85); p50 ${q.similar.p50ms.toFixed(1)} ms, p95 ${q.similar.p95ms.toFixed(1)} ms`);
  console.log(`ANN on ${q.ann.vectors} real contact vectors: 128-d PCA keeps ${(q.ann.varianceKept * 100).toFixed(1)}% of the variance; recall@10 vs brute force ${q.ann.recallAt10.toFixed(3)} (target ≥ 0.95)`);
  console.log(`semantic search: precision@10 = ${q.semantic.precisionAt10.toFixed(3)} over ${q.semantic.queries} queries (target ≥ 0.8); p50 ${q.semantic.p50ms.toFixed(1)} ms, p95 ${q.semantic.p95ms.toFixed(1)} ms`);
}
