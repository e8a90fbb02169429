import { describe, expect, it } from 'vitest';
import { clusteredVectors } from '../../../bench/vectors.js';
import { ExactIndex } from '../../../src/intelligence/vectors/exact-index.js';
import { MultiScaleIndex } from '../../../src/intelligence/vectors/multi-scale-index.js';
import { Projection } from '../../../src/intelligence/vectors/pca.js';

// 20 topics of 300 vectors in 96 dimensions with isotropic noise: an 8-d projection keeps about half the variance,
// and the true neighbours inside a topic differ mostly in what it drops (bench/vectors.ts at 100k in miniature).
const dims = 96;
const data = clusteredVectors(6100, dims, 20);
const probes = data.slice(6000);
const stored = data.slice(0, 6000);

function recallAt10(index: MultiScaleIndex) {
  const exact = new ExactIndex(dims);
  stored.forEach((v, i) => exact.upsert(`r${i}`, v));
  let found = 0;
  for (const q of probes) {
    const truth = new Set(exact.search(q, 10).map((h) => h.id));
    found += index.search(q, 10).filter((h) => truth.has(h.id)).length;
  }
  return found / (probes.length * 10);
}

describe('projection: variance kept', () => {
  it('is measured at fit, grows with the width, and survives serialisation; old projections have none', () => {
    const narrow = Projection.fit(stored, 8);
    const wide = Projection.fit(stored, 48);
    expect(narrow.varianceKept).toBeGreaterThan(0);
    expect(narrow.varianceKept!).toBeLessThan(wide.varianceKept!);
    expect(wide.varianceKept!).toBeLessThanOrEqual(1);
    expect(Projection.deserialize(narrow.serialize()).varianceKept).toBeCloseTo(narrow.varianceKept!, 10);
    const old = JSON.parse(narrow.serialize()) as Record<string, unknown>;
    delete old.kept;
    expect(Projection.deserialize(JSON.stringify(old)).varianceKept).toBeUndefined();
  });

  it('a projection that keeps little makes the search take more candidates, and recall@10 holds', () => {
    const fitted = Projection.fit(stored, 8);
    expect(fitted.varianceKept!).toBeLessThan(0.6);
    // 0.57 kept: 64 candidates before, 64 / 0.57³ ≈ 345 now.
    const build = (p: Projection) => {
      const index = new MultiScaleIndex(dims, { hnswThreshold: 1_000, oversample: 4 });
      stored.forEach((v, i) => index.upsert(`r${i}`, v));
      index.setProjection(p);
      return index;
    };
    // The same components without the kept share: the fixed candidate count of before.
    const fixed = recallAt10(build(new Projection(fitted.inputDimensions, fitted.outputDimensions, fitted.mean, fitted.components)));
    const aware = recallAt10(build(fitted));
    expect(aware).toBeGreaterThan(fixed + 0.1);
    expect(aware).toBeGreaterThanOrEqual(0.8);
  });
});
