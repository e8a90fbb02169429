/**
 * A clustered data set for recall tests (bench/vectors.ts in miniature): `count` stored vectors and `probeCount`
 * probes in `topics` topics with isotropic noise, the exact top 10 of each probe, and recall@10 of a search against it.
 */
import { clusteredVectors } from '../../../bench/vectors.js';
import { ExactIndex } from '../../../src/intelligence/vectors/exact-index.js';

export function recallFixture(count: number, probeCount: number, dims: number, topics: number) {
  const data = clusteredVectors(count + probeCount, dims, topics);
  const stored = data.slice(0, count);
  const probes = data.slice(count);
  const exact = new ExactIndex(dims);
  stored.forEach((v, i) => exact.upsert(`r${i}`, v));
  const truth = probes.map((q) => new Set(exact.search(q, 10).map((h) => h.id)));
  const recallAt10 = (search: (q: Float32Array) => { id: string }[]) => {
    let found = 0;
    probes.forEach((q, p) => (found += search(q).filter((h) => truth[p]!.has(h.id)).length));
    return found / (probes.length * 10);
  };
  return { stored, probes, exact, recallAt10 };
}
