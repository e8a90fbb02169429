/**
 * The first pass off the server's thread (docs/embeddings.md, "off the main thread"): use-static's background texts
 * are embedded in USE lite's worker pool — the threads a server already runs its background embedding on, niced,
 * one core left to requests — with the token table in shared memory. The vectors must be those of the caller's
 * thread to the bit; a question's own texts stay on the caller's thread (well under a millisecond, and never behind
 * a bulk); without a pool, or when it fails, the caller's thread embeds as before.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { toTimestamp } from '../../../src/core/clock.js';
import { DEFAULT_INTELLIGENCE_SETTINGS } from '../../../src/core/config.js';
import { createCrm, prepareStorage } from '../../../src/crm/index.js';
import { saveStaticTable, UseLiteProvider, UseStaticProvider } from '../../../src/intelligence/embeddings/index.js';
import { createIntelligence } from '../../../src/intelligence/index.js';
import { EMBED_QUEUE, enqueueAll, REFINE_QUEUE } from '../../../src/intelligence/memory/embedding-queue.js';
import { openStorage } from '../../../src/storage/connect.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'static-pool-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** A fixture table (seeded noise, not USE's): the code path is what is compared, not the table's quality. */
function fixtureTableFile(file: string, seed = 11): string {
  const vocabularySize = 8000;
  const vectors = new Float32Array(vocabularySize * 512);
  let s = seed;
  for (let i = 0; i < vectors.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    vectors[i] = s / 2 ** 32 - 0.5;
  }
  saveStaticTable(file, { vectors, vocabularySize });
  return file;
}

/** Every float equal to the bit (Object.is tells -0 from 0 and compares NaN with itself). */
function sameBits(a: readonly Float32Array[], b: readonly Float32Array[]): boolean {
  return a.length === b.length && a.every((v, i) => v.length === b[i]!.length && v.every((x, j) => Object.is(x, b[i]![j])));
}

const TEXTS = [
  'worried about compliance audits before the board meeting',
  '',
  'the the the',
  'word '.repeat(600),
  'Zürich · São Paulo — naïve café, 東京 and emoji 🚢',
  '   leading and  double  spaces ',
  'worried about compliance audits before the board meeting',
  ...Array.from({ length: 57 }, (_, i) => `contact note ${i}: container shipping delays, payroll reconciliation and audit ${i * 7}`),
];

describe('use-static in USE lite\'s worker pool', () => {
  const file = fixtureTableFile(path.join(dir, 'models', 'use-static.bin'));
  const lite = new UseLiteProvider({ workers: 2 });
  afterAll(() => lite.close());

  it('embeds background texts in the pool, not on this thread, the same vectors to the bit', async () => {
    const inThread = await new UseStaticProvider({ cacheFile: file }).embed(TEXTS);
    const pooled = new UseStaticProvider({ cacheFile: file, pool: lite });
    const onThisThread = vi.spyOn(UseStaticProvider.prototype, 'embedWith');
    const vectors = await pooled.embed(TEXTS);
    expect(onThisThread).not.toHaveBeenCalled();
    expect(pooled.embeddedOn).toEqual({ pool: TEXTS.length, thread: 0 });
    // Split over the pool's two threads, in order.
    expect(lite.staticCalls).toBe(2);
    expect(sameBits(vectors, inThread)).toBe(true);
    // No USE lite model call was made for them.
    expect(lite.modelCalls.pool).toBe(0);
  }, 120_000);

  it('keeps a question\'s texts on this thread (never behind a bulk in the pool)', async () => {
    const pooled = new UseStaticProvider({ cacheFile: file, pool: lite });
    const calls = lite.staticCalls;
    const onThisThread = vi.spyOn(UseStaticProvider.prototype, 'embedWith');
    const [q] = await pooled.embed(['container shipping delays'], { priority: 'query' });
    expect(onThisThread).toHaveBeenCalledTimes(1);
    expect(lite.staticCalls).toBe(calls);
    expect(pooled.embeddedOn).toEqual({ pool: 0, thread: 1 });
    expect(sameBits([q!], await new UseStaticProvider({ cacheFile: file }).embed(['container shipping delays']))).toBe(true);
  });

  it('shares a table given as it is (not from a file) with the pool, to the same vectors', async () => {
    const table = await new UseStaticProvider({ cacheFile: file }).load();
    const plain = { vectors: Float32Array.from(table.vectors), vocabularySize: table.vocabularySize }; // not shared memory
    const given = new UseStaticProvider({ table: { table: plain, version: 't' }, pool: lite });
    const vectors = await given.embed(TEXTS.slice(0, 9));
    expect(given.embeddedOn.pool).toBe(9);
    expect(sameBits(vectors, await new UseStaticProvider({ table: { table: plain, version: 't' } }).embed(TEXTS.slice(0, 9)))).toBe(true);
  }, 120_000);

  it('falls back to this thread when the pool fails, with the same vectors', async () => {
    const broken = { embedStatic: async () => Promise.reject(new Error('could not load the USE lite model')) };
    const p = new UseStaticProvider({ cacheFile: file, pool: broken });
    const vectors = await p.embed(TEXTS.slice(0, 5));
    expect(p.embeddedOn).toEqual({ pool: 0, thread: 5 });
    expect(sameBits(vectors, await new UseStaticProvider({ cacheFile: file }).embed(TEXTS.slice(0, 5)))).toBe(true);
  });
});

describe('a server\'s first pass (createIntelligence beside USE lite)', () => {
  it('runs the static model in USE lite\'s threads, not on the event loop, and stores the same vectors', async () => {
    const dataDir = fs.mkdtempSync(path.join(dir, 'crm-'));
    const cacheDir = path.join(dataDir, 'models');
    fixtureTableFile(path.join(cacheDir, 'use-static.bin'), 5);
    const storage = await openStorage({ dataDir });
    await prepareStorage(storage);
    const crm = createCrm({ storage });
    // As `crm serve` builds it (EMBEDDING_PROVIDER=use, the first pass on by default), its worker run by hand.
    const intelligence = createIntelligence(crm, {
      worker: false,
      settings: { ...DEFAULT_INTELLIGENCE_SETTINGS, embedding: { provider: 'use', workers: 1, firstPass: 'use-static', firstPassThreshold: 10, cacheDir } },
    });
    try {
      const csv = path.join(dataDir, 'contacts.csv');
      const n = 40;
      fs.writeFileSync(csv, `id,first_name,last_name,email,title,notes\n${Array.from({ length: n }, (_, i) => `fp_${i},Person${i},Tester,fp${i}@example.com,Analyst,"Talks about audit ${i} and shipping."`).join('\n')}\n`);
      expect((await crm.importer.importFile('default', 'contact', csv)).inserted).toBe(n);
      expect(await enqueueAll(storage, 'default', toTimestamp(crm.clock.now()), ['contact'])).toBe(n); // a bulk above the threshold
      const onThisThread = vi.spyOn(UseStaticProvider.prototype, 'embedWith');
      let firstPass = 0;
      while ((await storage.jobs.stats(EMBED_QUEUE, toTimestamp(crm.clock.now()))).ready > 0) firstPass += (await intelligence.worker.runOnce()).firstPass;
      expect(firstPass).toBe(n);
      // Before this pass the event loop ran embedWith once per record here.
      expect(onThisThread).not.toHaveBeenCalled();
      expect((intelligence.provider as UseLiteProvider).staticCalls).toBeGreaterThan(0);
      expect((await storage.jobs.stats(REFINE_QUEUE, toTimestamp(crm.clock.now()))).ready).toBe(n);
      onThisThread.mockRestore();
      const shards = (await storage.shards.changesSince('use-static', 0, 1000)).filter((s) => s.vector);
      expect(shards).toHaveLength(n);
      const fast = intelligence.firstPassProvider as UseStaticProvider;
      const table = await fast.load();
      expect(sameBits(shards.map((s) => s.vector!), shards.map((s) => fast.embedWith(table, s.text)))).toBe(true);
    } finally {
      await intelligence.stop();
      await storage.close();
    }
  }, 180_000);
});
