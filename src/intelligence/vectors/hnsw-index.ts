/**
 * Approximate nearest neighbours with HNSW (usearch, native). Holds only the graph and its own copy of the
 * vectors; ids map to integer keys. Filters over-fetch; a caller that needs exact filtered results for a
 * very selective filter should scan instead (MultiScaleIndex does).
 */
import os from 'node:os';
import usearch from 'usearch';
import type { VectorFilter, VectorHit, VectorIndex } from './index.js';
import { filterPredicate } from './top-k.js';

export interface HnswOptions {
  connectivity?: number;
  expansionAdd?: number;
  expansionSearch?: number;
}

export class HnswIndex implements VectorIndex {
  private readonly index: InstanceType<typeof usearch.Index>;
  // Keys are small integers (usearch takes them as bigint): ids are found by array index, not by a Map of bigints,
  // which cost ~1 µs per candidate when a search returns hundreds to re-rank.
  private readonly keyOf = new Map<string, number>();
  private readonly idOf: (string | undefined)[] = [];
  private readonly vectors = new Map<string, Float32Array>();
  private nextKey = 1;

  constructor(
    readonly dimensions: number,
    opts: HnswOptions = {},
  ) {
    this.index = new usearch.Index({
      dimensions,
      metric: usearch.MetricKind.Cos,
      quantization: usearch.ScalarKind.F32,
      multi: false,
      connectivity: opts.connectivity ?? 16,
      expansion_add: opts.expansionAdd ?? 128,
      expansion_search: opts.expansionSearch ?? 320,
    });
  }

  get size(): number {
    return this.keyOf.size;
  }

  upsert(id: string, vector: Float32Array): void {
    if (vector.length !== this.dimensions) throw new Error(`vector of ${vector.length} dimensions in a ${this.dimensions}-d index`);
    this.remove(id);
    const key = this.nextKey++;
    this.index.add(BigInt(key), vector);
    this.keyOf.set(id, key);
    this.idOf[key] = id;
    this.vectors.set(id, vector);
  }

  /** Adds many new vectors at once, building the graph on every core. */
  addBatch(entries: readonly [string, Float32Array][]): void {
    if (entries.length === 0) return;
    const keys = new BigUint64Array(entries.length);
    const matrix = new Float32Array(entries.length * this.dimensions);
    entries.forEach(([id, v], i) => {
      if (v.length !== this.dimensions) throw new Error(`vector of ${v.length} dimensions in a ${this.dimensions}-d index`);
      this.remove(id);
      const key = this.nextKey++;
      keys[i] = BigInt(key);
      matrix.set(v, i * this.dimensions);
      this.keyOf.set(id, key);
      this.idOf[key] = id;
      this.vectors.set(id, v);
    });
    this.index.add(keys, matrix, os.availableParallelism());
  }

  remove(id: string): boolean {
    const key = this.keyOf.get(id);
    if (key === undefined) return false;
    this.index.remove(BigInt(key));
    this.keyOf.delete(id);
    this.idOf[key] = undefined;
    this.vectors.delete(id);
    return true;
  }

  get(id: string): Float32Array | undefined {
    return this.vectors.get(id);
  }

  search(query: Float32Array, k: number, filterBy?: VectorFilter): VectorHit[] {
    const filter = filterPredicate(filterBy);
    if (this.size === 0 || k <= 0) return [];
    let want = filter ? k * 4 : k;
    for (;;) {
      const fetch = Math.min(want, this.size);
      const matches = this.index.search(query, fetch, 1);
      const hits: VectorHit[] = [];
      for (let i = 0; i < matches.keys.length && hits.length < k; i++) {
        const id = this.idOf[Number(matches.keys[i]!)];
        if (id === undefined || (filter && !filter(id))) continue;
        hits.push({ id, score: 1 - matches.distances[i]! });
      }
      if (hits.length >= k || fetch >= this.size || want >= 4096) return hits;
      want *= 4;
    }
  }

  *entries(): IterableIterator<[string, Float32Array]> {
    yield* this.vectors.entries();
  }
}
