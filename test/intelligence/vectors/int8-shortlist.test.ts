import { describe, expect, it } from 'vitest';
import { ExactIndex } from '../../../src/intelligence/vectors/exact-index.js';
import { MultiScaleIndex } from '../../../src/intelligence/vectors/multi-scale-index.js';
import { Projection } from '../../../src/intelligence/vectors/pca.js';
import { dot } from '../../../src/intelligence/vectors/top-k.js';
import { recallFixture } from './recall-fixture.js';

// 20 topics of 300 vectors with isotropic noise: the true top 10 differ from the rest of their topic only in noise,
// so a shortlist on a coarse copy that ranked badly would lose them (bench/vectors.ts at 100k in miniature).
const dims = 96;
const { stored, probes, exact, recallAt10 } = recallFixture(6000, 100, dims, 20);

describe('exact index with an 8-bit copy: shortlist, then the exact dot', () => {
  it('finds what the exact re-rank of the same candidates finds, with exact scores, through growth, updates and removals', () => {
    // Capacity 1: the matrix and its copy grow many times. Every 7th row is first stored wrong and then replaced,
    // and 300 rows are removed (swap-remove moves the last row into each hole): the copy must follow every move.
    const index = new ExactIndex(dims, 1, { int8Copy: true });
    expect(index.hasInt8Copy).toBe(true);
    stored.forEach((v, i) => index.upsert(`r${i}`, i % 7 === 0 ? stored[(i + 1) % stored.length]! : v));
    stored.forEach((v, i) => i % 7 === 0 && index.upsert(`r${i}`, v));
    const removed = new Set(Array.from({ length: 300 }, (_, j) => `r${j * 20}`));
    for (const id of removed) index.remove(id);
    let same = 0;
    let hits = 0;
    for (const q of probes) {
      // Candidates: the 400 nearest by the exact scan (more than a topic), removed ones included — they are skipped.
      const candidates = exact.search(q, 400).map((h) => h.id);
      const reference = index.searchAmong(q, 10, candidates);
      const shortlisted = index.searchAmong(q, 10, candidates, 40);
      expect(shortlisted).toHaveLength(10);
      for (const h of shortlisted) {
        expect(removed.has(h.id)).toBe(false);
        expect(h.score).toBeCloseTo(dot(q, stored[Number(h.id.slice(1))]!), 5); // exact up to f32 summation (the SIMD kernel); an 8-bit estimate is off by ~1e-3
      }
      const ref = new Set(reference.map((h) => h.id));
      same += shortlisted.filter((h) => ref.has(h.id)).length;
      hits += 10;
    }
    expect(same / hits).toBeGreaterThanOrEqual(0.99);
  });

  it('without the copy, or with a shortlist no shorter than the candidates, every candidate is scored exactly', () => {
    const plain = new ExactIndex(dims);
    stored.forEach((v, i) => plain.upsert(`r${i}`, v));
    expect(plain.hasInt8Copy).toBe(false);
    const q = probes[0]!;
    const candidates = exact.search(q, 200).map((h) => h.id);
    expect(plain.searchAmong(q, 10, candidates, 20)).toEqual(plain.searchAmong(q, 10, candidates));
    const copied = new ExactIndex(dims, 1024, { int8Copy: true });
    stored.forEach((v, i) => copied.upsert(`r${i}`, v));
    expect(copied.searchAmong(q, 10, candidates, 200)).toEqual(plain.searchAmong(q, 10, candidates));
  });

  it('a shortlist of 20 out of 400 candidates still holds the true top 10 (the copy ranks, it does not guess)', () => {
    // A copy that ranked at random would keep 20 / 400 = 5 % of the true top 10.
    const index = new ExactIndex(dims, 1024, { int8Copy: true });
    stored.forEach((v, i) => index.upsert(`r${i}`, v));
    expect(recallAt10((q) => index.searchAmong(q, 10, exact.search(q, 400).map((h) => h.id), 20))).toBeGreaterThanOrEqual(0.97);
  });
});

describe('multi-scale index with the 8-bit shortlist (opt-in)', () => {
  const projection = Projection.fit(stored, 8); // keeps about half the variance: ~345 candidates per search
  const build = (shortlistPerResult: number) => {
    const index = new MultiScaleIndex(dims, { hnswThreshold: 1_000, oversample: 4, shortlistPerResult });
    stored.forEach((v, i) => index.upsert(`r${i}`, v));
    index.setProjection(projection);
    return index;
  };

  it('re-ranks 4 candidates per result exactly; recall against exact search holds; scores are exact cosines', () => {
    const index = build(4);
    expect(index.usesHnsw).toBe(true);
    expect(recallAt10((q) => index.search(q, 10))).toBeGreaterThanOrEqual(0.95);
    for (const q of probes.slice(0, 5)) {
      const hits = index.search(q, 10);
      for (const h of hits) expect(h.score).toBeCloseTo(dot(q, stored[Number(h.id.slice(1))]!), 5); // exact up to f32 summation (the SIMD kernel); an 8-bit estimate is off by ~1e-3
      for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
    }
    // Filtered searches (the exact coarse scan) go through the shortlist too and keep only what the filter allows.
    const filtered = index.search(probes[1]!, 10, (id) => id.endsWith('3'));
    expect(filtered).toHaveLength(10);
    for (const h of filtered) expect(h.id.endsWith('3')).toBe(true);
  });

  it('is deterministic: the same query gives the same hits, and two indexes on the same data agree', () => {
    // Without the graph (built on several threads) the whole path is deterministic; with it, one index is.
    const a = new MultiScaleIndex(dims, { shortlistPerResult: 4 });
    const b = new MultiScaleIndex(dims, { shortlistPerResult: 4 });
    for (const index of [a, b]) {
      stored.forEach((v, i) => index.upsert(`r${i}`, v));
      index.setProjection(projection);
    }
    expect(a.usesHnsw).toBe(false);
    const graph = build(4);
    for (const q of probes.slice(0, 20)) {
      expect(a.search(q, 10)).toEqual(b.search(q, 10));
      expect(graph.search(q, 10)).toEqual(graph.search(q, 10));
    }
  });

  it('is off by default: no 8-bit copy, every candidate re-ranked exactly, as before', () => {
    expect(new MultiScaleIndex(dims).shortlistPerResult).toBe(0);
    const index = build(0);
    expect(recallAt10((q) => index.search(q, 10))).toBeGreaterThanOrEqual(0.95);
  });
});
