/**
 * Two-scale embedding (EMBEDDING_FIRST_PASS): a large backlog is embedded with the fast model first and refined by
 * the main one; search answers from both, on one scale. Deterministic hashing providers of two widths stand in for
 * USE lite (main, 256-d) and use-static (fast, 192-d).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toTimestamp } from '../../src/core/clock.js';
import type { Crm } from '../../src/crm/index.js';
import { DEFAULT_INTELLIGENCE_SETTINGS } from '../../src/core/config.js';
import { loadConfig } from '../../src/delivery/config.js';
import { createIntelligence, type Intelligence } from '../../src/intelligence/index.js';
import { EMBED_QUEUE, enqueueAll, REFINE_QUEUE } from '../../src/intelligence/memory/embedding-queue.js';
import { saveStaticTable } from '../../src/intelligence/embeddings/index.js';
import { EmbeddingWorker } from '../../src/intelligence/memory/embedding-worker.js';
import { MemoryIndex } from '../../src/intelligence/vectors/memory-index.js';
import { mergeHits, TwoScaleMemory } from '../../src/intelligence/vectors/two-scale-memory.js';
import { openStorage } from '../../src/storage/connect.js';
import { describeEachBackend } from '../support/backends.js';
import { runCrm } from '../support/cli.js';
import { CountingProvider } from '../support/counting-provider.js';
import { startCrm, waitFor, type CrmProcess } from '../support/processes.js';

const ws = 'default';


const TOPICS = [
  'irrigation schedules and harvest planning',
  'payroll reconciliation across subsidiaries',
  'container shipping delays at the port',
  'clinical trial recruitment in oncology',
  'warehouse robotics and pick rates',
  'solar panel financing for schools',
];
const N = 24;

describe('two-scale configuration', () => {
  it('is on by default beside USE lite, with a threshold of 1,000 jobs; EMBEDDING_FIRST_PASS=off turns it off', () => {
    const on = loadConfig({ CRM_DATA_DIR: '/tmp/x' }).intelligence.embedding;
    expect(on).toMatchObject({ provider: 'use', firstPass: 'use-static', firstPassThreshold: 1000, cacheDir: '/tmp/x/models' });
    expect(loadConfig({ EMBEDDING_FIRST_PASS: 'use-static', CRM_DATA_DIR: '/tmp/x' }).intelligence.embedding).toEqual(on);
    expect(loadConfig({ EMBEDDING_FIRST_PASS_THRESHOLD: '50' }).intelligence.embedding.firstPassThreshold).toBe(50);
    const off = loadConfig({ EMBEDDING_FIRST_PASS: 'off' }).intelligence.embedding;
    expect([off.firstPass, off.firstPassThreshold, off.cacheDir]).toEqual([undefined, undefined, undefined]);
    // Beside another provider only when asked: the table is distilled from USE lite, and tests' hashing provider
    // must not build it.
    for (const provider of ['hashing', 'onnx'] as const) {
      const env = { EMBEDDING_PROVIDER: provider, EMBEDDING_MODEL_DIR: '/models/m' };
      expect(loadConfig(env).intelligence.embedding.firstPass).toBeUndefined();
      expect(loadConfig({ ...env, EMBEDDING_FIRST_PASS: 'use-static' }).intelligence.embedding.firstPass).toBe('use-static');
    }
    expect(loadConfig({ EMBEDDING_PROVIDER: 'use-static' }).intelligence.embedding.firstPass).toBeUndefined();
    expect(() => loadConfig({ EMBEDDING_FIRST_PASS: 'use-static', EMBEDDING_PROVIDER: 'use-static' })).toThrow(/another EMBEDDING_PROVIDER/);
    expect(() => loadConfig({ EMBEDDING_FIRST_PASS: 'fast' })).toThrow(/EMBEDDING_FIRST_PASS must be one of use-static, off, got "fast"/);
    expect(() => loadConfig({ EMBEDDING_FIRST_PASS_THRESHOLD: '-1' })).toThrow(/EMBEDDING_FIRST_PASS_THRESHOLD/);
  });
});

describe('two-scale merge', () => {
  it('interleaves by rank without a map, keeping scores in order', () => {
    const main = [
      { id: 'a', score: 0.9 },
      { id: 'b', score: 0.5 },
    ];
    const fast = [
      { id: 'x', score: 0.99 },
      { id: 'y', score: 0.98 },
      { id: 'z', score: 0.97 },
    ];
    const out = mergeHits(main, fast, undefined, 5);
    expect(out.map((h) => h.id)).toEqual(['a', 'x', 'b', 'y', 'z']);
    for (let i = 1; i < out.length; i++) expect(out[i]!.score).toBeLessThan(out[i - 1]!.score);
    expect(mergeHits(main, fast, undefined, 3).map((h) => h.id)).toEqual(['a', 'x', 'b']);
    // Ties in the first list stay below the hit interleaved before them.
    const tied = mergeHits([{ id: 'a', score: 0.5 }, { id: 'b', score: 0.5 }], [{ id: 'x', score: 0.9 }], undefined, 3);
    expect(tied.map((h) => h.id)).toEqual(['a', 'x', 'b']);
    for (let i = 1; i < tied.length; i++) expect(tied[i]!.score).toBeLessThan(tied[i - 1]!.score);
  });

  it('with a map, puts fast scores on the main scale and sorts', () => {
    const out = mergeHits([{ id: 'a', score: 0.6 }], [{ id: 'x', score: 0.9 }, { id: 'y', score: 0.2 }], { slope: 0.5, intercept: 0.1, pairs: 500, records: 100 }, 3);
    expect(out).toEqual([
      { id: 'a', score: 0.6 },
      { id: 'x', score: 0.55 },
      { id: 'y', score: expect.closeTo(0.2, 6) },
    ]);
  });
});

/**
 * A two-scale intelligence on this backend's CRM (threshold 10: an import of N contacts is a bulk), started with its
 * memory's polling stopped (the tests poll by hand), and N contacts imported whose notes are `textOf(i)`.
 */
async function startTwoScaleWithImport(crm: Crm, main: CountingProvider, fast: CountingProvider, ids: string[], textOf: (i: number) => string, prefix: string): Promise<{ intelligence: Intelligence; memory: TwoScaleMemory }> {
  const intelligence = createIntelligence(crm, {
    provider: main,
    firstPassProvider: fast,
    worker: false,
    settings: { ...DEFAULT_INTELLIGENCE_SETTINGS, embedding: { provider: 'hashing', firstPass: 'use-static', firstPassThreshold: 10 } },
  });
  const memory = intelligence.memory as TwoScaleMemory;
  await intelligence.start();
  memory.stop(); // polled by hand in the tests
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const file = path.join(dir, 'contacts.csv');
  fs.writeFileSync(file, `id,first_name,last_name,email,title,notes\n${ids.map((id, i) => `${id},Person${i},Tester,${id}@example.com,Analyst,"${textOf(i)}"`).join('\n')}\n`);
  expect((await crm.importer.importFile(ws, 'contact', file)).inserted).toBe(ids.length);
  return { intelligence, memory };
}

describeEachBackend('two-scale embedding', (ctx) => {
  const main = new CountingProvider(256);
  const fast = new CountingProvider(192);
  /** The record texts each model embedded (the NLQ layer embeds its own vocabulary with the main one). */
  const recordTexts = (p: CountingProvider) => p.texts.filter((t) => t.includes('account number'));
  let intelligence: Intelligence;
  let memory: TwoScaleMemory;
  const ids = Array.from({ length: N }, (_, i) => `ct_${String(i).padStart(3, '0')}`);
  const topicOf = (i: number) => TOPICS[i % TOPICS.length]!;

  beforeAll(async () => {
    ({ intelligence, memory } = await startTwoScaleWithImport(ctx().crm, main, fast, ids, (i) => `Talks about ${topicOf(i)}; account number ${i}.`, 'two-scale-'));
  });

  afterAll(async () => {
    await intelligence?.stop();
  });

  const now = () => toTimestamp(ctx().crm.clock.now());

  it('embeds an import above the threshold with the fast model first, searchable at once', async () => {
    const { crm } = ctx();
    expect(intelligence.memory).toBeInstanceOf(TwoScaleMemory);
    // One batch from the embed queue only: the refine queue waits while `embed` has work.
    const worker = new EmbeddingWorker({ storage: crm.storage, provider: main, clock: crm.clock, batchSize: 8, firstPass: { provider: fast, threshold: 10 } });
    let report = await worker.runOnce();
    expect(report).toMatchObject({ claimed: 8, embedded: 8, firstPass: 8, refined: 0 });
    // The bulk goes on with the first pass until `embed` is empty, even once the backlog is under the threshold.
    while ((await crm.storage.jobs.stats(EMBED_QUEUE, now())).ready > 0) expect(await worker.runOnce()).toMatchObject({ claimed: 8, firstPass: 8 });
    const fastCount = await crm.storage.shards.count(ws, fast.model, 'contact');
    expect(fastCount).toBe(N);
    expect(await crm.storage.shards.count(ws, main.model, 'contact')).toBe(0);
    expect((await crm.storage.jobs.stats(REFINE_QUEUE, now())).ready).toBe(N);
    expect(recordTexts(main)).toHaveLength(0);
    expect(recordTexts(fast)).toHaveLength(N);
    await memory.poll();
    expect(memory.fastOnlyIds(ws, 'contact').size).toBe(fastCount);
    expect(intelligence.memory.stats().vectors).toBe(N);
    // Every record answers a query about its own topic, whichever model embedded it.
    const found = await intelligence.search.search(ws, 'contact', 'container shipping delays at the port', { limit: 4 });
    const expected = ids.filter((_, i) => topicOf(i) === TOPICS[2]);
    expect(found.results.map((r) => r.id).sort()).toEqual(expected.sort());
    for (const r of found.results) expect(r.vector_score).not.toBeNull();
  });

  it('finds a fast-only record by a query that matches it while the others are refined', async () => {
    const { crm } = ctx();
    const worker = new EmbeddingWorker({ storage: crm.storage, provider: main, clock: crm.clock, batchSize: 4, firstPass: { provider: fast, threshold: 10 } });
    const report = await worker.runOnce();
    expect(report).toMatchObject({ claimed: 4, refined: 4, firstPass: 0 });
    await memory.poll();
    const only = [...memory.fastOnlyIds(ws, 'contact')];
    expect(only.length).toBeGreaterThan(0);
    const target = only.find((id) => ids.indexOf(id) >= 10)!;
    const i = ids.indexOf(target);
    const words = `Talks about ${topicOf(i)}; account number ${i}.`;
    const q = memory.query(main.embedOne(words), fast.embedOne(words));
    // Until enough records have both vectors, the two lists are interleaved by rank: the best fast-only hit is
    // second at worst.
    const hits = memory.search(ws, 'contact', q, 3);
    expect(hits.slice(0, 2).map((h) => h.id)).toContain(target);
    const other = only.find((id) => id !== target)!;
    expect(memory.scoreOf(ws, 'contact', q, target)!).toBeGreaterThan(memory.scoreOf(ws, 'contact', q, other)!);
    // Its vector is the fast one; compared within that space only.
    const v = memory.vectorOf(ws, 'contact', target)!;
    expect(v.subarray(0, 256).every((x) => x === 0)).toBe(true);
    const seeded = memory.search(ws, 'contact', v, 3);
    expect(seeded[0]).toMatchObject({ id: target, score: expect.closeTo(1, 5) });
    expect(memory.scoreOf(ws, 'contact', v, target)).toBeCloseTo(1, 5);
  });

  it('after the refine queue drains every record answers from the main model, nothing embedded twice', async () => {
    const report = await intelligence.worker.drain();
    expect(report.failed).toBe(0);
    expect((await ctx().crm.storage.jobs.stats(REFINE_QUEUE, now())).ready).toBe(0);
    await memory.poll();
    expect(memory.fastOnlyIds(ws, 'contact').size).toBe(0);
    for (const id of ids) {
      const v = memory.vectorOf(ws, 'contact', id)!;
      expect(v.subarray(0, 256).some((x) => x !== 0)).toBe(true);
      expect(v.subarray(256).every((x) => x === 0)).toBe(true);
    }
    expect(await ctx().crm.storage.shards.count(ws, main.model, 'contact')).toBe(N);
    // Each record's text went to each model at most once (the fast one only for the first pass's records).
    expect(recordTexts(main)).toHaveLength(N);
    expect(new Set(recordTexts(main)).size).toBe(N);
    expect(recordTexts(fast)).toHaveLength(await ctx().crm.storage.shards.count(ws, fast.model, 'contact'));
    expect(new Set(recordTexts(fast)).size).toBe(recordTexts(fast).length);
    const found = await intelligence.search.search(ws, 'contact', 'clinical trial recruitment in oncology', { limit: 4 });
    expect(found.results.map((r) => r.id).sort()).toEqual(ids.filter((_, i) => topicOf(i) === TOPICS[3]).sort());
  });

  it('a re-run skips what is done', async () => {
    main.texts = [];
    fast.texts = [];
    expect(await intelligence.queueAllForEmbedding(ws)).toBe(N);
    const report = await intelligence.worker.drain();
    expect(report).toMatchObject({ embedded: 0, unchanged: N, failed: 0 });
    expect(recordTexts(main)).toEqual([]);
    expect(recordTexts(fast)).toEqual([]);
    expect((await ctx().crm.storage.jobs.stats(REFINE_QUEUE, now())).ready).toBe(0);
  });

  it('embeds a small backlog with the main model directly', async () => {
    const { crm } = ctx();
    await crm.records.update(ws, 'contact', ids[1]!, { notes: 'Talks about cold chain monitoring; account number 1.' });
    const report = await intelligence.worker.drain();
    expect(report).toMatchObject({ embedded: 1, firstPass: 0, refined: 0 });
    expect(recordTexts(main).at(-1)).toContain('cold chain');
    expect(recordTexts(fast)).toEqual([]);
  });

  it('a bulk edit answers from the fast shards of the new texts until they are refined', async () => {
    const { crm } = ctx();
    const edited = ids.slice(0, 12);
    for (const id of edited) await crm.records.update(ws, 'contact', id, { notes: `Now talks about quantum key distribution; account ${id}.` });
    const worker = new EmbeddingWorker({ storage: crm.storage, provider: main, clock: crm.clock, batchSize: 8, firstPass: { provider: fast, threshold: 10 } });
    while ((await crm.storage.jobs.stats(EMBED_QUEUE, now())).ready > 0) await worker.runOnce();
    await memory.poll();
    // The old main vectors no longer answer for the edited records: their new texts' fast vectors do.
    expect([...memory.fastOnlyIds(ws, 'contact')].sort()).toEqual(edited);
    // Until enough records have both vectors the lists are interleaved by rank (the main index's best records,
    // unrelated here, come in between): an edited record leads, and each is scored by a vector.
    const found = await intelligence.search.search(ws, 'contact', 'quantum key distribution', { limit: N });
    expect(edited).toContain(found.results[0]!.id);
    for (const id of edited) expect(found.results.find((r) => r.id === id)?.vector_score).not.toBeNull();
    const q = memory.query(main.embedOne('quantum key distribution'), fast.embedOne('quantum key distribution'));
    expect(memory.search(ws, 'contact', q, N).filter((h) => !memory.main.has(ws, 'contact', h.id)).map((h) => h.id).sort()).toEqual(edited);
    await worker.drain();
    await memory.poll();
    expect(memory.fastOnlyIds(ws, 'contact').size).toBe(0);
    expect(await crm.storage.shards.count(ws, main.model, 'contact')).toBe(N);
  });

  it('another connection to the database (another process) sees both scales by polling', async () => {
    const { crm } = ctx();
    const other = await openStorage(ctx().storage);
    try {
      const seen = new TwoScaleMemory(new MemoryIndex(other, main.model), new MemoryIndex(other, fast.model), 256, 192);
      await seen.load();
      expect(seen.fastOnlyIds(ws, 'contact').size).toBe(0);
      const extra = Array.from({ length: 12 }, (_, i) => `ct_x${String(i).padStart(2, '0')}`);
      for (const id of extra) await crm.records.create(ws, 'contact', { id, first_name: 'New', last_name: id, email: `${id}@example.com`, notes: `Talks about tidal energy; account ${id}.` });
      const worker = new EmbeddingWorker({ storage: crm.storage, provider: main, clock: crm.clock, batchSize: 8, firstPass: { provider: fast, threshold: 10 } });
      while ((await crm.storage.jobs.stats(EMBED_QUEUE, now())).ready > 0) await worker.runOnce();
      await seen.poll();
      expect([...seen.fastOnlyIds(ws, 'contact')].sort()).toEqual(extra);
      expect(seen.stats().vectors).toBe(N + extra.length);
      await worker.drain();
      await seen.poll();
      expect(seen.fastOnlyIds(ws, 'contact').size).toBe(0);
      for (const id of extra) expect(seen.main.has(ws, 'contact', id)).toBe(true);
      for (const id of extra) await crm.records.delete(ws, 'contact', id);
      await worker.drain();
      await seen.poll();
      for (const id of extra) expect(seen.vectorOf(ws, 'contact', id)).toBeUndefined();
    } finally {
      await other.close();
    }
  });

  it('fits the map from fast to main cosines on records with both vectors', async () => {
    const { crm } = ctx();
    const both = new TwoScaleMemory(new MemoryIndex(crm.storage, main.model), new MemoryIndex(crm.storage, fast.model), 256, 192, { minPairs: 50 });
    await both.load();
    const map = both.scaleMap(ws)!;
    expect(map).toBeDefined();
    expect(map.records).toBeGreaterThanOrEqual(16);
    expect(map.slope).toBeGreaterThan(0);
    // Too few pairs for the default: ranks are interleaved instead.
    expect(memory.scaleMap(ws)).toBeUndefined();
  });

  it('a deletion tombstones both shards', async () => {
    const { crm } = ctx();
    const fastBefore = await crm.storage.shards.count(ws, fast.model, 'contact');
    expect(fastBefore).toBeGreaterThan(0);
    const [withFast] = await crm.storage.shards.hashes(ws, fast.model, 'contact', ids).then((m) => [...m.keys()]);
    await crm.records.delete(ws, 'contact', withFast!);
    await intelligence.worker.drain();
    expect(await crm.storage.shards.count(ws, fast.model, 'contact')).toBe(fastBefore - 1);
    expect(await crm.storage.shards.count(ws, main.model, 'contact')).toBe(N - 1);
    await memory.poll();
    expect(memory.vectorOf(ws, 'contact', withFast!)).toBeUndefined();
  });
});

/**
 * The mixed state (docs/embeddings.md, "mixed state"): a few records refined, too few for the fast→main map. Ranks
 * interleaved put the main list's best first even when it is unrelated to the query (the dev set's semantic P@10 fell
 * to 0.771 from the static-only 0.853 at 11 % refined without the map); without a map the fast space now answers for
 * every record that has a fast vector, and records with only a main vector come after, by rank.
 */
describeEachBackend('two-scale mixed state, before the map', (ctx) => {
  const main = new CountingProvider(256);
  /** A fast stand-in whose cosines differ from the main one's (every text gets two more words). */
  const fast = new (class extends CountingProvider {
    override embedOne(text: string): Float32Array {
      return super.embedOne(`${text} static model`);
    }
  })(192);
  let intelligence: Intelligence;
  let memory: TwoScaleMemory;
  const ids = Array.from({ length: N }, (_, i) => `mx_${String(i).padStart(3, '0')}`);
  const topicOf = (i: number) => TOPICS[i % TOPICS.length]!;
  const textOf = (i: number) => `Talks about ${topicOf(i)}; account number ${i}.`;
  let refined: string[] = [];

  beforeAll(async () => {
    const { crm } = ctx();
    ({ intelligence, memory } = await startTwoScaleWithImport(crm, main, fast, ids, textOf, 'two-scale-mixed-'));
    const worker = new EmbeddingWorker({ storage: crm.storage, provider: main, clock: crm.clock, batchSize: 4, firstPass: { provider: fast, threshold: 10 } });
    while ((await crm.storage.jobs.stats(EMBED_QUEUE, toTimestamp(crm.clock.now()))).ready > 0) await worker.runOnce();
    expect(await worker.runOnce()).toMatchObject({ refined: 4 });
    await memory.poll();
    refined = ids.filter((id) => !memory.fastOnlyIds(ws, 'contact').has(id));
    expect(refined).toHaveLength(4);
  });

  afterAll(async () => {
    await intelligence?.stop();
  });

  it('answers from the fast space for every record with a fast vector, not the refined few first', async () => {
    expect(memory.scaleMap(ws)).toBeUndefined(); // 4 records with both: 12 pairs, under 200
    expect(memory.mixing).toMatchObject({ withoutMap: 'fast' });
    // A topic none of the refined records is about: its records are all fast-only.
    const refinedTopics = new Set(refined.map((id) => topicOf(ids.indexOf(id))));
    const i = TOPICS.findIndex((t) => !refinedTopics.has(t));
    const expected = ids.filter((_, j) => topicOf(j) === TOPICS[i]);
    const q = memory.query(main.embedOne(`Talks about ${TOPICS[i]}`), fast.embedOne(`Talks about ${TOPICS[i]}`));
    expect(memory.search(ws, 'contact', q, expected.length).map((h) => h.id).sort()).toEqual(expected.sort());
    // As before (ranks interleaved): a refined record about something else comes first.
    memory.mixing = { ...memory.mixing, withoutMap: 'interleave' };
    try {
      const interleaved = memory.search(ws, 'contact', q, expected.length);
      expect(refined).toContain(interleaved[0]!.id);
      expect(expected).not.toContain(interleaved[0]!.id);
    } finally {
      memory.mixing = { ...memory.mixing, withoutMap: 'fast' };
    }
    // Scores come from the same space as the search: a refined record is scored by its fast vector.
    const r = refined[0]!;
    const rTopic = `Talks about ${topicOf(ids.indexOf(r))}`;
    const [qm, qf] = [main.embedOne(rTopic), fast.embedOne(rTopic)];
    const fastScore = memory.fast.scoreOf(ws, 'contact', qf, r)!;
    expect(fastScore).not.toBeCloseTo(memory.main.scoreOf(ws, 'contact', qm, r)!, 3);
    expect(memory.scoreOf(ws, 'contact', memory.query(qm, qf), r)).toBeCloseTo(fastScore, 6);
    expect(memory.search(ws, 'contact', memory.query(qm, qf), N).find((h) => h.id === r)!.score).toBeCloseTo(fastScore, 6);
  });

  it('records with only a main vector (embedded directly, before the bulk) are still found, after the fast list by rank', async () => {
    const { crm } = ctx();
    await crm.records.create(ws, 'contact', { id: 'mx_direct', first_name: 'Direct', last_name: 'Tester', email: 'direct@example.com', title: 'Analyst', notes: 'Talks about beekeeping and honey extraction.' });
    const worker = new EmbeddingWorker({ storage: crm.storage, provider: main, clock: crm.clock, batchSize: 4, firstPass: { provider: fast, threshold: 10 } });
    expect(await worker.runOnce()).toMatchObject({ embedded: 1, firstPass: 0 });
    await memory.poll();
    expect(memory.mainOnlyIds(ws, 'contact').has('mx_direct')).toBe(true);
    const words = 'Talks about beekeeping and honey extraction.';
    const hits = memory.search(ws, 'contact', memory.query(main.embedOne(words), fast.embedOne(words)), 3);
    expect(hits.slice(0, 2).map((h) => h.id)).toContain('mx_direct');
    for (let j = 1; j < hits.length; j++) expect(hits[j]!.score).toBeLessThan(hits[j - 1]!.score);
  });
});

/**
 * A real `crm worker` process with the defaults (USE lite, the use-static first pass on): a table file stands in for
 * the one built from USE once per installation (a fixture, so the test does not spend the build's 16–51 s), the bulk
 * is embedded by the first pass, then refined by USE lite in the same process; the table file is read, not rebuilt.
 */
describe('crm worker with the first pass on by default', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'two-scale-worker-'));
  const tableFile = path.join(dataDir, 'models', 'use-static.bin');
  const env: NodeJS.ProcessEnv = { ...process.env, CRM_DATA_DIR: dataDir, DATABASE_URL: '', CRM_DEMO: '0', EMBEDDING_FIRST_PASS_THRESHOLD: '10', EMBEDDING_WORKERS: '1', LOG_LEVEL: 'warn' };
  delete env.EMBEDDING_PROVIDER;
  delete env.EMBEDDING_FIRST_PASS;
  let worker: CrmProcess | undefined;

  afterAll(async () => {
    await worker?.kill9();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('embeds an import with use-static first, then refines it with USE lite, each record once per model', async () => {
    const vectors = new Float32Array(8000 * 512);
    for (let i = 0; i < vectors.length; i++) vectors[i] = Math.sin(i * 12.9898) * 0.5;
    saveStaticTable(tableFile, { vectors, vocabularySize: 8000 });
    const tableBefore = fs.statSync(tableFile).mtimeMs;
    const csvDir = fs.mkdtempSync(path.join(dataDir, 'csv-'));
    const rows = Array.from({ length: N }, (_, i) => `wk_${i},Person${i},Tester,wk${i}@example.com,Analyst,"Talks about ${TOPICS[i % TOPICS.length]}."`);
    fs.writeFileSync(path.join(csvDir, 'contacts.csv'), `id,first_name,last_name,email,title,notes\n${rows.join('\n')}\n`);
    const imported = await runCrm(['import', csvDir], env);
    expect(imported.code, imported.err).toBe(0);
    worker = startCrm(['worker', '--interval', '200'], env);
    const storage = await openStorage({ dataDir });
    try {
      const count = (model: string) => storage.shards.count(ws, model, 'contact');
      await waitFor('the first pass', async () => (await count('use-static')) === N, 120_000);
      expect(worker.output()).toMatch(/with a use-static first pass/);
      await waitFor('the refine pass', async () => (await count('use-lite')) === N, 180_000);
      const jobs = async (queue: string) => (await storage.jobs.stats(queue, toTimestamp(new Date()))).ready;
      await waitFor('empty queues', async () => (await jobs(EMBED_QUEUE)) === 0 && (await jobs(REFINE_QUEUE)) === 0, 30_000);
      // One shard per record and model, and the table was read from its file, not rebuilt from USE.
      expect(await count('use-static')).toBe(N);
      expect(await count('use-lite')).toBe(N);
      expect(fs.statSync(tableFile).mtimeMs).toBe(tableBefore);
    } finally {
      await storage.close();
    }
  }, 360_000);
});

/** A first-pass bulk claims smaller batches (it runs on the server's thread): 32 unless told, never more than the worker's. */
describeEachBackend('two-scale first-pass batch size', (ctx) => {
  it('claims the worker batch first, then first-pass batches of 32 (or as set) until embed is empty', async () => {
    const { crm } = ctx();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'two-scale-batch-'));
    const file = path.join(dir, 'contacts.csv');
    fs.writeFileSync(file, `id,first_name,last_name,email,notes\n${Array.from({ length: 100 }, (_, i) => `bs_${i},P${i},T,bs${i}@example.com,"Note ${i}."`).join('\n')}\n`);
    expect((await crm.importer.importFile(ws, 'contact', file)).inserted).toBe(100);
    const queue = async () => expect(await enqueueAll(crm.storage, ws, toTimestamp(crm.clock.now()), ['contact'])).toBe(100);
    await queue();
    const claims = async (worker: EmbeddingWorker) => {
      const out: number[] = [];
      for (;;) {
        const r = await worker.runOnce();
        if (r.firstPass === 0) return out;
        out.push(r.claimed);
      }
    };
    const main = new CountingProvider(64);
    const fast = new CountingProvider(48);
    const worker = new EmbeddingWorker({ storage: crm.storage, provider: main, clock: crm.clock, batchSize: 40, firstPass: { provider: fast, threshold: 10 } });
    expect(await claims(worker)).toEqual([40, 32, 28]);
    // Again with the texts changed, and a first-pass batch size given.
    for (let i = 0; i < 100; i++) await crm.records.update(ws, 'contact', `bs_${i}`, { notes: `Changed note ${i}.` });
    await queue();
    const set = new EmbeddingWorker({ storage: crm.storage, provider: main, clock: crm.clock, batchSize: 40, firstPass: { provider: fast, threshold: 10, batchSize: 25 } });
    expect(await claims(set)).toEqual([40, 25, 25, 10]);
  });
});
