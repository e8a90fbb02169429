import { afterAll, beforeAll, expect, it } from 'vitest';
import { toTimestamp } from '../../src/core/clock.js';
import { HashingProvider, type EmbeddingProvider } from '../../src/intelligence/embeddings/index.js';
import { createIntelligence, type Intelligence } from '../../src/intelligence/index.js';
import { EMBED_QUEUE, subscribeMemory } from '../../src/intelligence/memory/embedding-queue.js';
import { EmbeddingWorker } from '../../src/intelligence/memory/embedding-worker.js';
import { MemoryIndex } from '../../src/intelligence/vectors/memory-index.js';
import { describeEachBackend } from '../support/backends.js';
import { serveForTest, type TestServer } from '../support/serve.js';

const ws = 'default';

describeEachBackend('semantic memory end to end', (ctx) => {
  let intelligence: Intelligence;
  let server: TestServer;
  const provider = new HashingProvider(64);

  beforeAll(async () => {
    const { crm } = ctx();
    subscribeMemory(crm);
    await crm.records.create(ws, 'company', { id: 'co_a', name: 'Acme Payments', industry: 'Fintech', employees: 120, country: 'Germany', city: 'Berlin' });
    await crm.records.create(ws, 'company', { id: 'co_b', name: 'Bolt Ledger', industry: 'Fintech', employees: 90, country: 'Germany', city: 'Munich' });
    await crm.records.create(ws, 'company', { id: 'co_c', name: 'Green Fields', industry: 'Agriculture', employees: 3000, country: 'Brazil', city: 'Recife' });
    const contacts = [
      ['ct_1', 'Ada', 'Ng', 'CTO', 'co_a', 'Worried about compliance audits and SOC 2 evidence.'],
      ['ct_2', 'Ben', 'Ortiz', 'Chief Technology Officer', 'co_b', 'Compliance audits every quarter; wants audit automation.'],
      ['ct_3', 'Cy', 'Park', 'Farm Manager', 'co_c', 'Irrigation schedules and harvest planning.'],
      ['ct_4', 'Di', 'Ray', 'VP Engineering', 'co_a', 'Hiring engineers fast.'],
    ];
    for (const [id, first, last, title, company, notes] of contacts) {
      await crm.records.create(ws, 'contact', { id, first_name: first, last_name: last, email: `${id}@example.com`, title, company_id: company, notes });
    }
    intelligence = createIntelligence(crm, { provider, worker: false });
    server = await serveForTest({ crm, intelligence });
  });

  afterAll(async () => {
    await server?.close();
    await intelligence?.stop();
  });

  it('queues every write durably and embeds it once', async () => {
    const { crm } = ctx();
    const stats = await crm.storage.jobs.stats(EMBED_QUEUE, toTimestamp(crm.clock.now()));
    expect(stats.ready).toBe(7);
    const report = await intelligence.worker.drain();
    expect(report).toMatchObject({ claimed: 7, embedded: 7, failed: 0 });
    expect(await crm.storage.shards.count(ws, provider.model, 'contact')).toBe(4);
    await intelligence.memory.load();
    expect(intelligence.memory.vectorOf(ws, 'contact', 'ct_1')).toHaveLength(64);
  });

  it('never re-embeds unchanged text, and re-embeds changed text', async () => {
    const { crm } = ctx();
    await crm.records.update(ws, 'contact', 'ct_4', { lead_status: 'contacted' });
    await crm.records.update(ws, 'contact', 'ct_3', { notes: 'Compliance audits for food safety.' });
    const report = await intelligence.worker.drain();
    expect(report.embedded).toBe(1);
    expect(report.unchanged).toBeGreaterThanOrEqual(1);
  });

  it('answers "like X" over HTTP with scores and reasons in words', async () => {
    await intelligence.memory.poll();
    const res = await server.fetch(`/api/contacts/ct_1/similar?limit=2`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: { id: string; score: number; reasons: string[] }[] };
    // The other fintech technology leaders, not the farm manager.
    expect(body.results.map((r) => r.id).sort()).toEqual(['ct_2', 'ct_4']);
    for (const r of body.results) expect(r.reasons.join('; ')).toMatch(/same industry: Fintech/);
    expect(body.results[0]!.score).toBeGreaterThan(body.results[1]!.score);
    expect((await server.fetch(`/api/contacts/ct_nope/similar`)).status).toBe(404);
    expect((await server.fetch(`/api/contacts/ct_1/similar?limit=0`)).status).toBe(400);
    expect((await server.fetch(`/api/companies/co_a/similar`)).status).toBe(200);
  });

  it('searches by meaning and words, with each hit scored', async () => {
    const res = await server.fetch(`/api/search?q=${encodeURIComponent('people worried about compliance audits')}&entity=contact&limit=3`);
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: { id: string; score: number }[] };
    expect(results.map((r) => r.id).slice(0, 3).sort()).toEqual(['ct_1', 'ct_2', 'ct_3']);
    expect(results.every((r) => r.score > 0 && r.score <= 1)).toBe(true);
    const empty = await server.fetch(`/api/search?q=%20`);
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { message: string }).message).toMatch(/q/);
  });

  it('drops deleted records from every process that polls', async () => {
    const { crm } = ctx();
    const other = new MemoryIndex(crm.storage, provider.model); // another server process
    await other.load();
    expect(other.vectorOf(ws, 'contact', 'ct_4')).toBeDefined();
    await crm.records.delete(ws, 'contact', 'ct_4');
    expect((await intelligence.worker.drain()).removed).toBe(1);
    expect(await other.poll()).toBeGreaterThanOrEqual(1);
    expect(other.vectorOf(ws, 'contact', 'ct_4')).toBeUndefined();
    expect(other.search(ws, 'contact', other.vectorOf(ws, 'contact', 'ct_1')!, 10).map((h) => h.id)).not.toContain('ct_4');
  });

  it('fits a projection once the workspace has enough vectors and reuses it after a restart', async () => {
    const { crm } = ctx();
    const first = new MemoryIndex(crm.storage, provider.model, { fitThreshold: 5, coarseDimensions: 4 });
    await first.load();
    expect(first.stats().collections.find((c) => c.entity === 'contact')?.coarseDimensions).toBe(4);
    const saved = await crm.storage.shards.loadProjection(ws, provider.model);
    expect(saved?.sample_size).toBeGreaterThanOrEqual(5);
    const restarted = new MemoryIndex(crm.storage, provider.model, { fitThreshold: 5, coarseDimensions: 4 });
    await restarted.load();
    expect((await crm.storage.shards.loadProjection(ws, provider.model))?.fitted_at).toBe(saved?.fitted_at);
    expect(restarted.stats().vectors).toBe(first.stats().vectors);
  });

  it('returns the relation graph around any record', async () => {
    const { crm } = ctx();
    await crm.records.create(ws, 'deal', { id: 'dl_1', name: 'Acme – Audit Cloud', company_id: 'co_a', contact_id: 'ct_1', stage: 'proposal', amount: 50_000 });
    await crm.records.create(ws, 'activity', { id: 'ac_1', type: 'call', contact_id: 'ct_2', deal_id: 'dl_1', occurred_at: '2026-10-02T09:00:00Z', subject: 'Audit scope' });
    const res = await server.fetch(`/api/graph/ct_1?depth=2`);
    expect(res.status).toBe(200);
    const g = (await res.json()) as { root: string; nodes: { id: string; depth: number; label: string }[]; edges: { from: string; to: string; type: string }[] };
    const depth = Object.fromEntries(g.nodes.map((n) => [n.id, n.depth]));
    expect(depth).toMatchObject({ ct_1: 0, co_a: 1, dl_1: 1 });
    expect(depth.co_b).toBeUndefined(); // three hops away (activity → Ben → his company)
    expect(depth.ac_1).toBe(2); // the call on the deal
    expect(g.edges).toEqual(expect.arrayContaining([
      { from: 'ct_1', to: 'co_a', type: 'works_at' },
      { from: 'dl_1', to: 'ct_1', type: 'involves' },
      { from: 'ac_1', to: 'dl_1', type: 'mentions' },
    ]));
    expect(g.nodes.find((n) => n.id === 'co_a')?.label).toBe('Acme Payments');
    const one = (await (await server.fetch(`/api/graph/ct_1?depth=1`)).json()) as { nodes: { id: string }[] };
    expect(one.nodes.map((n) => n.id)).not.toContain('ac_1');
    expect((await server.fetch(`/api/graph/nope`)).status).toBe(404);
    expect((await server.fetch(`/api/graph/ct_1?depth=9`)).status).toBe(400);
    await intelligence.worker.drain();
  });

  it('keeps CRM writes working when embedding fails, and retries the work later', async () => {
    const { crm, clock } = ctx();
    const broken: EmbeddingProvider = { model: provider.model, version: provider.version, dimensions: 64, embed: async () => { throw new Error('model crashed'); }, close: async () => {} };
    await crm.records.update(ws, 'contact', 'ct_1', { notes: 'Now evaluating audit tooling vendors.' });
    const failing = new EmbeddingWorker({ storage: crm.storage, provider: broken, clock: crm.clock });
    expect((await failing.drain()).failed).toBe(1);
    expect(await crm.records.get(ws, 'contact', 'ct_1')).toMatchObject({ notes: 'Now evaluating audit tooling vendors.' });
    const stats = await crm.storage.jobs.stats(EMBED_QUEUE, toTimestamp(crm.clock.now()));
    expect(stats).toMatchObject({ ready: 0, waiting: 1, failing: 1 });
    clock.advance(60_000);
    expect((await intelligence.worker.drain()).embedded).toBe(1);
  });

  it('stops after the batch in hand: the rest of the queue stays queued for the next start (SIGTERM)', async () => {
    const { crm } = ctx();
    for (let i = 0; i < 12; i++) await crm.records.create(ws, 'company', { id: `co_stop_${i}`, name: `Stop Test ${i}` });
    let batches = 0;
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow: EmbeddingProvider = {
      ...provider,
      model: provider.model,
      version: provider.version,
      dimensions: provider.dimensions,
      embed: async (texts) => {
        batches++;
        await held; // the first batch is in hand when stop() is called
        return provider.embed(texts);
      },
      close: async () => {},
    };
    const worker = new EmbeddingWorker({ storage: crm.storage, provider: slow, clock: crm.clock, batchSize: 4 });
    worker.start(10);
    while (batches === 0) await new Promise((r) => setTimeout(r, 5));
    const stopped = worker.stop();
    release();
    await stopped;
    expect(batches).toBe(1);
    const stats = await crm.storage.jobs.stats(EMBED_QUEUE, toTimestamp(crm.clock.now()));
    expect(stats.ready).toBe(8);
    expect((await intelligence.worker.drain()).embedded).toBe(8);
  });
});
