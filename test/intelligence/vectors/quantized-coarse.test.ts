import { describe, expect, it } from 'vitest';
import { HnswIndex } from '../../../src/intelligence/vectors/hnsw-index.js';
import { MultiScaleIndex } from '../../../src/intelligence/vectors/multi-scale-index.js';
import { Projection } from '../../../src/intelligence/vectors/pca.js';
import { dot } from '../../../src/intelligence/vectors/top-k.js';
import { recallFixture } from './recall-fixture.js';

const dims = 64;
const { stored, probes, exact, recallAt10 } = recallFixture(4000, 100, dims, 40);

describe('HNSW graph with quantised vectors', () => {
  for (const quantization of ['f16', 'i8'] as const) {
    it(`${quantization}: finds the neighbours, and nearestIds lists what search finds, in its order`, () => {
      const index = new HnswIndex(dims, { quantization });
      index.addBatch(stored.map((v, i) => [`r${i}`, v]));
      // The graph's distances are approximate, so its own top 10 may swap near ties: take 40 and re-rank exactly.
      const reranked = (q: Float32Array) => exact.searchAmong(q, 10, index.nearestIds(q, 40));
      expect(recallAt10(reranked)).toBeGreaterThanOrEqual(0.95);
      const q = probes[3]!;
      expect(index.nearestIds(q, 25)).toEqual(index.search(q, 25).map((h) => h.id));
      // The full vector is still kept exactly (get returns what was added).
      expect(Array.from(index.get('r7')!)).toEqual(Array.from(stored[7]!));
    });
  }

  it('i8 stores the graph in a quarter of the bytes: distances differ from f32 but rank alike', () => {
    const f32 = new HnswIndex(dims);
    const i8 = new HnswIndex(dims, { quantization: 'i8' });
    f32.addBatch(stored.slice(0, 500).map((v, i) => [`r${i}`, v]));
    i8.addBatch(stored.slice(0, 500).map((v, i) => [`r${i}`, v]));
    const q = probes[0]!;
    const a = f32.search(q, 5);
    const b = i8.search(q, 5);
    // Quantised scores are not the exact cosines …
    expect(b.some((h, i) => h.score !== a[i]?.score)).toBe(true);
    // … but close to them.
    for (const h of b) expect(Math.abs(h.score - dot(q, stored[Number(h.id.slice(1))]!))).toBeLessThan(0.05);
  });
});

describe('multi-scale index with a quantised coarse graph', () => {
  it('stores its coarse graph as i8 unless told otherwise; a bare HNSW index stays f32', () => {
    expect(new MultiScaleIndex(dims).coarseQuantization).toBe('i8');
    expect(new MultiScaleIndex(dims, { coarseQuantization: 'f32' }).coarseQuantization).toBe('f32');
    expect(new HnswIndex(dims).quantization).toBe('f32');
  });

  it('re-ranks the graph candidates on the exact full vectors: scores are exact cosines, recall holds', () => {
    const projection = Projection.fit(stored.filter((_, i) => i % 4 === 0), 16);
    const index = new MultiScaleIndex(dims, { hnswThreshold: 1_000, coarseQuantization: 'i8' });
    stored.forEach((v, i) => index.upsert(`r${i}`, v));
    index.setProjection(projection);
    expect(index.usesHnsw).toBe(true);
    expect(recallAt10((q) => index.search(q, 10))).toBeGreaterThanOrEqual(0.9);
    const q = probes[5]!;
    const hits = index.search(q, 10);
    for (const h of hits) expect(h.score).toBeCloseTo(dot(q, stored[Number(h.id.slice(1))]!), 5); // exact up to f32 summation (the SIMD kernel); an 8-bit estimate is off by ~1e-3
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
    // Removed records leave the results.
    const gone = hits[0]!.id;
    index.remove(gone);
    expect(index.search(q, 10).map((h) => h.id)).not.toContain(gone);
  });
});
