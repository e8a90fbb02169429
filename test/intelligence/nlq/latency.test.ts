/**
 * Work a natural-language query does, counted (issue 22's latency pass): a topic asked about alone is searched once
 * (the off-topic check reads the head of the search the answer ranks by), and a persona topic's concern is embedded
 * in the same model call as the search's text. The provider here gathers texts asked in one turn of the event loop
 * into one call, as USE lite does with query texts (use-lite.ts), over the hashing provider's vectors. The
 * workspace is written here, on both databases.
 */
import { expect, it, vi } from 'vitest';
import { HashingProvider } from '../../../src/intelligence/embeddings/index.js';
import type { EmbeddingProvider } from '../../../src/intelligence/embeddings/provider.js';
import { createIntelligence } from '../../../src/intelligence/index.js';
import { NaturalLanguageQueryService, type MeaningReader } from '../../../src/intelligence/nlq/index.js';
import { subscribeMemory } from '../../../src/intelligence/memory/embedding-queue.js';
import { describeEachBackend } from '../../support/backends.js';

/** Hashing vectors; texts asked in the same turn are one "model call" (`calls`), each text's vector its own. */
class GatheringProvider implements EmbeddingProvider {
  private readonly inner = new HashingProvider(256);
  readonly model = this.inner.model;
  readonly version = this.inner.version;
  readonly dimensions = this.inner.dimensions;
  calls = 0;
  texts: string[] = [];
  private gathered: { text: string; resolve: (v: Float32Array) => void }[] = [];

  embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return Promise.resolve([]);
    const asked = texts.map((text) => new Promise<Float32Array>((resolve) => this.gathered.push({ text, resolve })));
    if (this.gathered.length === texts.length) {
      setImmediate(() => {
        const items = this.gathered.splice(0);
        this.calls++;
        this.texts.push(...items.map((i) => i.text));
        for (const it of items) it.resolve(this.inner.embedOne(it.text));
      });
    }
    return Promise.all(asked);
  }

  async close(): Promise<void> {}
}

describeEachBackend('natural-language queries: work per query', (ctx) => {
  it('searches a topic asked alone once, and embeds its concern in the search text\'s model call', async () => {
    const { crm } = ctx();
    const ws = 'default';
    subscribeMemory(crm);
    await crm.records.create(ws, 'company', { id: 'co_a', name: 'Harbour Freight Lines', industry: 'Logistics' });
    const people: [string, string, string][] = [
      ['ct_1', 'Security Engineer', 'Preparing for a security certification review. Wants audit logs.'],
      ['ct_2', 'Compliance Officer', 'Preparing for a security certification review next spring.'],
      ['ct_3', 'Sales Manager', 'Wants a faster quoting tool for the field team.'],
      ['ct_4', 'Office Manager', 'Books travel for the whole board every month.'],
    ];
    for (const [id, title, notes] of people) await crm.records.create(ws, 'contact', { id, first_name: id, last_name: 'Test', title, notes, company_id: 'co_a' });
    const provider = new GatheringProvider();
    const intelligence = createIntelligence(crm, { provider, worker: false });
    await intelligence.worker.drain();
    await intelligence.memory.load();
    // Meaning that places no phrase and embeds through the same provider: the parser asks the model nothing, so the
    // calls counted are the search's and the concern's.
    const meaning: MeaningReader = { nearest: async () => new Map(), embed: (texts) => provider.embed(texts) };
    const nlq = new NaturalLanguageQueryService(crm.storage, crm.clock, intelligence.similarity, intelligence.search, undefined, meaning);
    const searches = vi.spyOn(intelligence.search, 'search');
    try {
      // The first persona query builds the notes' index; counted from the second on.
      await nlq.query(ws, 'contacts worried about quoting tools', 10);
      searches.mockClear();
      const calls = provider.calls;
      const texts = provider.texts.length;
      const answer = await nlq.query(ws, 'security certification review', 10);
      // What this test is about: a topic alone, read as nothing else, about contacts (checked so it cannot pass vacuously).
      expect([answer.intent, answer.entity, answer.interpretation.semantic, answer.interpretation.filters]).toEqual(['semantic', 'contact', { topic: 'security certification review', fallback: true }, []]);
      expect(answer.results.map((r) => r.id).slice(0, 2).sort()).toEqual(['ct_1', 'ct_2']);
      expect(answer.interpretation.notes.join(' ')).toMatch(/ranked by the contacts' notes nearest/);
      // One memory search (the off-topic check and the answer), one model call for the search text and the concern.
      expect(searches).toHaveBeenCalledTimes(1);
      // Two texts (the search's and the concern's, each from its own cache), not one asked after the other.
      expect(provider.texts.slice(texts)).toEqual(['security certification review', 'security certification review']);
      expect(provider.calls - calls).toBe(1);
      // Off topic: still one search, and nothing is answered.
      searches.mockClear();
      const off = await nlq.query(ws, 'zebra xylophone', 10);
      expect(off.results).toEqual([]);
      expect(searches).toHaveBeenCalledTimes(1);
    } finally {
      searches.mockRestore();
      await intelligence.stop();
    }
  }, 60_000);
});
