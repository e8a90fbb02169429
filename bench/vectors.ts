/**
 * Vector search at scale: the multi-scale index (PCA 128-d candidates, exact 512-d re-rank, HNSW above 20k)
 * on synthetic clustered unit vectors, against exact search for recall.
 *
 *   npx tsx bench/vectors.ts [n] [dims]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExactIndex } from '../src/intelligence/vectors/exact-index.js';
import { MultiScaleIndex } from '../src/intelligence/vectors/multi-scale-index.js';
import { Projection } from '../src/intelligence/vectors/pca.js';
import { normalize } from '../src/intelligence/vectors/top-k.js';
import { percentile } from './core.js';

export interface VectorFigures {
  n: number;
  dims: number;
  coarseDims: number;
  fitSeconds: number;
  buildSeconds: number;
  queries: number;
  p50ms: number;
  p95ms: number;
  exactP50ms: number;
  recallAt10: number;
  filteredP95ms: number;
}

/**
 * Clustered data: a few hundred topics, each vector a topic plus isotropic noise. Isotropic noise is the worst
 * case for the PCA scale (neighbours inside a topic differ only in the discarded dimensions); real USE vectors
 * keep ~96% of their variance in 128 components — `bench/eval-memory.ts` measures recall on those.
 */
export function clusteredVectors(n: number, dims: number, clusters = 300, seed = 7): Float32Array[] {
  let s = seed;
  const rand = () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
  const centres = Array.from({ length: clusters }, () => normalize(Float32Array.from({ length: dims }, rand)));
  return Array.from({ length: n }, (_, i) => {
    const c = centres[i % clusters]!;
    return normalize(Float32Array.from(c, (x) => x + 0.06 * rand()));
  });
}

export async function benchVectors(n = 100_000, dims = 512, queries = 200): Promise<VectorFigures> {
  const data = clusteredVectors(n + queries, dims);
  const vectors = data.slice(0, n);
  const probes = data.slice(n);
  let t = performance.now();
  const step = Math.ceil(n / 5000);
  const projection = Projection.fit(vectors.filter((_, i) => i % step === 0), 128);
  const fitSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const index = new MultiScaleIndex(dims);
  vectors.forEach((v, i) => index.upsert(`r${i}`, v));
  index.setProjection(projection);
  const buildSeconds = (performance.now() - t) / 1000;
  const exact = new ExactIndex(dims, n);
  vectors.forEach((v, i) => exact.upsert(`r${i}`, v));

  const times: number[] = [];
  const exactTimes: number[] = [];
  const filteredTimes: number[] = [];
  let found = 0;
  for (const q of probes) {
    let s = performance.now();
    const hits = index.search(q, 10);
    times.push(performance.now() - s);
    s = performance.now();
    const truth = exact.search(q, 10);
    exactTimes.push(performance.now() - s);
    const want = new Set(truth.map((h) => h.id));
    found += hits.filter((h) => want.has(h.id)).length;
    s = performance.now();
    index.search(q, 10, (id) => id.endsWith('7'));
    filteredTimes.push(performance.now() - s);
  }
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  return {
    n,
    dims,
    coarseDims: 128,
    fitSeconds,
    buildSeconds,
    queries,
    p50ms: percentile(sorted(times), 50),
    p95ms: percentile(sorted(times), 95),
    exactP50ms: percentile(sorted(exactTimes), 50),
    recallAt10: found / (queries * 10),
    filteredP95ms: percentile(sorted(filteredTimes), 95),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const f = await benchVectors(Number(process.argv[2] ?? 100_000), Number(process.argv[3] ?? 512));
  console.log(JSON.stringify(f, null, 2));
}
