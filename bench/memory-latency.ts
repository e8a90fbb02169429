/**
 * Latency of "like X" and semantic search at 100k contacts, on the scaled SQLite database the core
 * benchmark leaves in bench/.data/work/sqlite-scaled. Embedding 100k profiles with USE lite would take half an
 * hour here, so the shards carry 512-d feature-hashing vectors: the index, projection, HNSW and ranking work is
 * the same as with USE. The cost USE adds to a search — embedding the query — is measured on its own and
 * added to the search figures.
 *
 *   npx tsx bench/memory-latency.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toTimestamp } from '../src/core/clock.js';
import { ENTITIES } from '../src/core/entities.js';
import { createCrm, DEFAULT_WORKSPACE } from '../src/crm/index.js';
import { HashingProvider, UseLiteProvider } from '../src/intelligence/embeddings/index.js';
import { createIntelligence } from '../src/intelligence/index.js';
import { shardHash } from '../src/intelligence/memory/embedding-worker.js';
import { ShardTextBuilder } from '../src/intelligence/memory/shard-text.js';
import { openStorage } from '../src/storage/connect.js';
import { percentile } from './core.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface MemoryLatency {
  contacts: number;
  vectors: number;
  embedSeconds: number;
  loadSeconds: number;
  similar: { n: number; p50ms: number; p95ms: number };
  search: { n: number; p50ms: number; p95ms: number };
  useQueryEmbedding: { n: number; p50ms: number; p95ms: number };
  /** search p95 plus USE query-embedding p95: an upper bound of search with USE. */
  searchWithUseP95ms: number;
}

const QUERIES = [
  'contacts worried about compliance audits',
  'people interested in machine learning',
  'who wants better pipeline forecasts',
  'contacts focused on hiring',
  'healthcare contacts running A/B experiments',
  'technical decision makers interested in AI',
  'finance leaders cutting costs',
  'contacts asking about SSO and data residency',
];

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50ms: percentile(s, 50), p95ms: percentile(s, 95) };
}

export async function benchMemoryLatency(dir = path.join(here, '.data/work/sqlite-scaled'), log: (s: string) => void = console.log): Promise<MemoryLatency> {
  if (!fs.existsSync(path.join(dir, 'crm.sqlite'))) throw new Error(`${dir} has no database: run the core benchmark on SQLite first`);
  const storage = await openStorage({ dataDir: dir });
  const crm = createCrm({ storage });
  const ws = DEFAULT_WORKSPACE;
  const provider = new HashingProvider(512);
  const contacts = await storage.records.count(ws, ENTITIES.contact);

  // Shards for every contact (skipped when already there from an earlier run).
  let t = performance.now();
  const texts = new ShardTextBuilder(storage);
  let batch: string[] = [];
  let written = 0;
  const flush = async () => {
    const built = await texts.build(ws, 'contact', batch);
    const known = await storage.shards.hashes(ws, provider.model, 'contact', batch);
    const todo = [...built].filter(([id, text]) => known.get(id) !== shardHash(provider, text));
    const vectors = await provider.embed(todo.map(([, text]) => text));
    const now = toTimestamp(new Date());
    await storage.shards.upsert(
      todo.map(([id, text], i) => ({ workspace_id: ws, entity: 'contact' as const, record_id: id, model: provider.model, model_version: provider.version, content_hash: shardHash(provider, text), text, vector: vectors[i]!, updated_at: now })),
    );
    written += todo.length;
    batch = [];
  };
  for await (const row of storage.records.keySnapshot(ws, ENTITIES.contact, [])) {
    batch.push(row.id as string);
    if (batch.length === 1000) await flush();
  }
  if (batch.length > 0) await flush();
  const embedSeconds = (performance.now() - t) / 1000;
  log(`  ${written} contact shards written in ${embedSeconds.toFixed(1)} s (${contacts} contacts)`);

  const intelligence = createIntelligence(crm, { provider, worker: false });
  t = performance.now();
  await intelligence.memory.load();
  const loadSeconds = (performance.now() - t) / 1000;
  const memoryStats = intelligence.memory.stats();
  log(`  index loaded in ${loadSeconds.toFixed(1)} s: ${JSON.stringify(memoryStats.collections)}`);

  const sample = (await storage.records.list(ws, ENTITIES.contact, { filters: [], limit: 500, sort: { field: 'id', direction: 'asc' } })).records.filter((_, i) => i % 2 === 0);
  for (const c of sample.slice(0, 10)) await intelligence.similarity.similar(ws, 'contact', c.id, 10); // warm-up
  const sim: number[] = [];
  for (const c of sample.slice(10, 210)) {
    const s = performance.now();
    await intelligence.similarity.similar(ws, 'contact', c.id, 10);
    sim.push(performance.now() - s);
  }
  const search: number[] = [];
  for (let i = 0; i < 200; i++) {
    const s = performance.now();
    await intelligence.search.search(ws, 'contact', QUERIES[i % QUERIES.length]!, { limit: 10 });
    search.push(performance.now() - s);
  }
  await intelligence.stop();
  await storage.close();

  const use = new UseLiteProvider({ workers: 1 });
  const useTimes: number[] = [];
  try {
    await use.embed(['warm up']);
    for (let i = 0; i < 100; i++) {
      const s = performance.now();
      await use.embed([QUERIES[i % QUERIES.length]!]);
      useTimes.push(performance.now() - s);
    }
  } finally {
    await use.close();
  }
  const result: MemoryLatency = {
    contacts,
    vectors: memoryStats.vectors,
    embedSeconds,
    loadSeconds,
    similar: stats(sim),
    search: stats(search),
    useQueryEmbedding: stats(useTimes),
    searchWithUseP95ms: stats(search).p95ms + stats(useTimes).p95ms,
  };
  log(`  similar: p50 ${result.similar.p50ms.toFixed(1)} ms, p95 ${result.similar.p95ms.toFixed(1)} ms (target p95 < 15 ms)`);
  log(`  search: p50 ${result.search.p50ms.toFixed(1)} ms, p95 ${result.search.p95ms.toFixed(1)} ms; USE query embedding p95 ${result.useQueryEmbedding.p95ms.toFixed(1)} ms; together ≤ ${result.searchWithUseP95ms.toFixed(1)} ms (target < 15 ms)`);
  return result;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await benchMemoryLatency();
}
