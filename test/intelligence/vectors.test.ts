import { describe, expect, it } from 'vitest';
import { clusteredVectors } from '../../bench/vectors.js';
import { ExactIndex } from '../../src/intelligence/vectors/exact-index.js';
import { HnswIndex } from '../../src/intelligence/vectors/hnsw-index.js';
import { MultiScaleIndex } from '../../src/intelligence/vectors/multi-scale-index.js';
import { Projection } from '../../src/intelligence/vectors/pca.js';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

function bruteForce(data: Float32Array[], q: Float32Array, k: number, filter?: (id: string) => boolean) {
  return data
    .map((v, i) => ({ id: `r${i}`, score: dot(q, v) }))
    .filter((h) => !filter || filter(h.id))
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
}

function recall(found: { id: string }[], truth: { id: string }[]) {
  const want = new Set(truth.map((t) => t.id));
  return found.filter((f) => want.has(f.id)).length / truth.length;
}

describe('exact index', () => {
  const data = clusteredVectors(2000, 32, 40);
  const index = new ExactIndex(32, 4);
  data.forEach((v, i) => index.upsert(`r${i}`, v));

  it('returns exactly the brute-force top k, best first, with a filter too', () => {
    const q = data[17]!;
    expect(index.search(q, 10).map((h) => h.id)).toEqual(bruteForce(data, q, 10).map((h) => h.id));
    const odd = (id: string) => Number(id.slice(1)) % 2 === 1;
    const hits = index.search(q, 5, odd);
    expect(hits.map((h) => h.id)).toEqual(bruteForce(data, q, 5, odd).map((h) => h.id));
    expect(hits[0]!.score).toBeGreaterThanOrEqual(hits[4]!.score);
  });

  it('replaces, removes and keeps the matrix dense', () => {
    const small = new ExactIndex(3, 1);
    small.upsert('a', Float32Array.from([1, 0, 0]));
    small.upsert('b', Float32Array.from([0, 1, 0]));
    small.upsert('c', Float32Array.from([0, 0, 1]));
    small.upsert('a', Float32Array.from([0, 0.6, 0.8]));
    expect(small.remove('b')).toBe(true);
    expect(small.remove('b')).toBe(false);
    expect(small.size).toBe(2);
    expect(Array.from(small.get('c')!)).toEqual([0, 0, 1]);
    expect(small.search(Float32Array.from([0, 1, 0]), 5).map((h) => h.id)).toEqual(['a', 'c']);
    expect(() => small.upsert('d', Float32Array.from([1, 0]))).toThrow(/2 dimensions in a 3-d index/);
  });
});

describe('HNSW index', () => {
  it('finds at least 95% of the true neighbours and honours filters and removals', () => {
    const data = clusteredVectors(20_000, 64, 200);
    const index = new HnswIndex(64);
    data.forEach((v, i) => index.upsert(`r${i}`, v));
    let total = 0;
    for (let i = 0; i < 50; i++) {
      const q = data[i * 37]!;
      total += recall(index.search(q, 10), bruteForce(data, q, 10));
    }
    expect(total / 50).toBeGreaterThanOrEqual(0.95);
    const onlyTens = (id: string) => id.endsWith('0');
    expect(index.search(data[5]!, 5, onlyTens).every((h) => onlyTens(h.id))).toBe(true);
    index.remove('r5');
    expect(index.search(data[5]!, 3).map((h) => h.id)).not.toContain('r5');
    expect(index.get('r5')).toBeUndefined();
  });
});

describe('PCA projection and the multi-scale index', () => {
  const data = clusteredVectors(6000, 128, 60);

  it('keeps nearest neighbours through the coarse scale (recall@10 ≥ 0.9) and re-ranks on full vectors', () => {
    const projection = Projection.fit(data.filter((_, i) => i % 3 === 0), 32);
    const index = new MultiScaleIndex(128, { hnswThreshold: 1_000 });
    data.forEach((v, i) => index.upsert(`r${i}`, v));
    index.setProjection(projection);
    expect(index.coarseDimensions).toBe(32);
    expect(index.usesHnsw).toBe(true);
    let total = 0;
    for (let i = 0; i < 40; i++) {
      const q = data[i * 101]!;
      const hits = index.search(q, 10);
      total += recall(hits, bruteForce(data, q, 10));
      expect(hits[0]!.score).toBeCloseTo(dot(q, index.get(hits[0]!.id)!), 5); // full-precision scores
    }
    expect(total / 40).toBeGreaterThanOrEqual(0.9);
    const sevens = (id: string) => id.endsWith('7');
    const filtered = index.search(data[3]!, 10, sevens);
    expect(recall(filtered, bruteForce(data, data[3]!, 10, sevens))).toBeGreaterThanOrEqual(0.8);
  });

  it('serialises the projection without loss', () => {
    const p = Projection.fit(data.slice(0, 500), 16);
    const back = Projection.deserialize(p.serialize());
    expect(Array.from(back.project(data[9]!))).toEqual(Array.from(p.project(data[9]!)));
    expect(() => Projection.deserialize(JSON.stringify({ input: 4, output: 2, mean: '', components: '' }))).toThrow(/corrupt/);
  });
});

describe('HNSW index under edits', () => {
  it('rebuilds its graph once removed vectors outnumber the live ones, and still finds the right ones', () => {
    const data = clusteredVectors(600, 32, 20);
    const index = new HnswIndex(32);
    data.forEach((v, i) => index.upsert(`r${i}`, v));
    // Every record re-embedded eight times (an edited note, a re-run of the embedder): 4,800 replacements.
    let most = 0;
    for (let round = 0; round < 8; round++) {
      data.forEach((v, i) => index.upsert(`r${i}`, v));
      most = Math.max(most, index.keysInGraph);
    }
    expect(index.size).toBe(600);
    // Without a rebuild the graph would hold 5,400 nodes; it never holds more than twice the live ones plus the slack.
    expect(most).toBeLessThanOrEqual(600 + Math.max(1024, 600) + 1);
    expect(index.keysInGraph).toBeLessThan(5_400);
    let total = 0;
    for (let i = 0; i < 20; i++) total += recall(index.search(data[i * 29]!, 10), bruteForce(data, data[i * 29]!, 10));
    expect(total / 20).toBeGreaterThanOrEqual(0.95);
    // Removing most of them shrinks it too.
    for (let i = 0; i < 590; i++) index.remove(`r${i}`);
    index.upsert('r0', data[0]!);
    expect(index.size).toBe(11);
    expect(index.search(data[0]!, 1)[0]?.id).toBe('r0');
  });
});

describe('HNSW index reading its vectors from the caller', () => {
  it('keeps no copy of its own, yet gets, lists and rebuilds from the live vectors', () => {
    const small = clusteredVectors(600, 32, 20);
    const source = new ExactIndex(32);
    const graph = new HnswIndex(32, { vectorsOf: (id) => source.get(id) });
    small.forEach((v, i) => {
      source.upsert(`r${i}`, v);
      graph.upsert(`r${i}`, v);
    });
    // Enough replacements to rebuild the graph (≥ 1,024 removed and more than the live ones): read from the source.
    for (let round = 0; round < 3; round++) small.forEach((v, i) => graph.upsert(`r${i}`, v));
    expect(graph.keysInGraph).toBeLessThan(4 * 600);
    expect(graph.size).toBe(600);
    expect(Array.from(graph.get('r5')!)).toEqual(Array.from(small[5]!));
    expect([...graph.entries()]).toHaveLength(600);
    expect(graph.search(small[42]!, 1)[0]?.id).toBe('r42');
    graph.remove('r42');
    expect(graph.get('r42')).toBeUndefined(); // the source still has it; the graph no longer does
    expect(graph.search(small[42]!, 1)[0]?.id).not.toBe('r42');
  });
});
