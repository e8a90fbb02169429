import { afterAll, beforeAll, expect, it } from 'vitest';
import { subscribeMemory } from '../../../src/intelligence/memory/embedding-queue.js';
import { EmbeddingWorker, shardHash, VectorCache } from '../../../src/intelligence/memory/embedding-worker.js';
import { describeEachBackend } from '../../support/backends.js';
import { CountingProvider } from '../../support/counting-provider.js';

const ws = 'default';


describeEachBackend('embedding worker: vectors cached by content', (ctx) => {
  const provider = new CountingProvider(32);
  let worker: EmbeddingWorker;
  let off: () => void;

  beforeAll(() => {
    off = subscribeMemory(ctx().crm);
    worker = new EmbeddingWorker({ storage: ctx().crm.storage, provider, clock: ctx().crm.clock });
  });
  afterAll(() => off?.());

  it('embeds a text shared by several records once, and each record gets the vector', async () => {
    const { crm } = ctx();
    for (const id of ['co_1', 'co_2', 'co_3']) await crm.records.create(ws, 'company', { id, name: 'Same Name', industry: 'Fintech' });
    await crm.records.create(ws, 'company', { id: 'co_4', name: 'Other', industry: 'Retail' });
    const report = await worker.drain();
    expect(report).toMatchObject({ embedded: 4, failed: 0 });
    expect(provider.texts).toHaveLength(2);
    const shards = await crm.storage.shards.get(ws, provider.model, 'company', ['co_1', 'co_2', 'co_3', 'co_4']);
    expect(shards).toHaveLength(4);
    const [a, b, c, d] = ['co_1', 'co_2', 'co_3', 'co_4'].map((id) => shards.find((s) => s.record_id === id)!);
    expect(b!.vector).toEqual(a!.vector);
    expect(c!.vector).toEqual(a!.vector);
    expect(d!.vector).not.toEqual(a!.vector);
    expect(a!.content_hash).toBe(shardHash(provider, a!.text));
  });

  it('re-imported text under new ids is not embedded again; changed text is', async () => {
    const { crm } = ctx();
    provider.texts = [];
    await crm.records.delete(ws, 'company', 'co_4');
    await crm.records.create(ws, 'company', { id: 'co_5', name: 'Other', industry: 'Retail' });
    await crm.records.create(ws, 'company', { id: 'co_6', name: 'Brand New', industry: 'Retail' });
    const report = await worker.drain();
    expect(report).toMatchObject({ embedded: 2, removed: 1, failed: 0 });
    expect(provider.texts).toEqual([expect.stringContaining('Brand New')]);
    expect(worker.cache.hits).toBeGreaterThanOrEqual(1);
  });

  it('a cache of size 0 keeps nothing', async () => {
    const { crm } = ctx();
    const uncached = new CountingProvider(32);
    const w = new EmbeddingWorker({ storage: crm.storage, provider: uncached, clock: crm.clock, cacheSize: 0 });
    await crm.records.create(ws, 'company', { id: 'co_7', name: 'Twice', industry: 'Retail' });
    await w.drain();
    await crm.records.create(ws, 'company', { id: 'co_8', name: 'Twice', industry: 'Retail' });
    await w.drain();
    expect(uncached.texts).toHaveLength(2);
  });
});

it('VectorCache drops the least recently used entry first', () => {
  const cache = new VectorCache(2);
  const v = (x: number) => Float32Array.of(x);
  cache.set('a', v(1));
  cache.set('b', v(2));
  expect(cache.get('a')).toEqual(v(1)); // a is now the most recent
  cache.set('c', v(3));
  expect(cache.get('b')).toBeUndefined();
  expect(cache.get('a')).toEqual(v(1));
  expect(cache.get('c')).toEqual(v(3));
  expect(cache.size).toBe(2);
});
