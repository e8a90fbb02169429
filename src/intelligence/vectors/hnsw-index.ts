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
  /**
   * How the graph stores its copy of the vectors: 'f32' (default), 'f16' (half the memory) or 'i8' (a quarter;
   * usearch scales each vector by its norm into -127…127). Distances in the graph are then approximate, which is
   * fine where a caller re-ranks on exact vectors (MultiScaleIndex does).
   */
  quantization?: HnswQuantization;
  /**
   * Where the caller already keeps the vectors it gives the graph (MultiScaleIndex's coarse scale): the index
   * reads them there (`get`, `entries`, rebuilding the graph) instead of keeping a second copy of its own.
   */
  vectorsOf?: (id: string) => Float32Array | undefined;
}

export type HnswQuantization = 'f32' | 'f16' | 'i8';

const SCALAR_KIND = { f32: usearch.ScalarKind.F32, f16: usearch.ScalarKind.F16, i8: usearch.ScalarKind.I8 } as const;

/** Rebuild once this many removed (or replaced) nodes are left in the graph, and more than there are live ones. */
const COMPACT_AFTER_REMOVED = 1024;

export class HnswIndex implements VectorIndex {
  private index: InstanceType<typeof usearch.Index>;
  // Keys are small integers (usearch takes them as bigint): ids are found by array index, not by a Map of bigints,
  // which cost ~1 µs per candidate when a search returns hundreds to re-rank.
  private readonly keyOf = new Map<string, number>();
  private readonly idOf: (string | undefined)[] = [];
  // Its own copy of the vectors, unless the caller keeps them (opts.vectorsOf).
  private readonly vectors = new Map<string, Float32Array>();
  private nextKey = 1;
  // usearch only marks a removed node deleted: it stays in the graph, and its key in idOf. A record re-embedded on
  // every edit would grow both for ever, so the graph is rebuilt from the live vectors once the dead outnumber them.
  private removed = 0;

  constructor(
    readonly dimensions: number,
    private readonly opts: HnswOptions = {},
  ) {
    this.index = this.newGraph();
  }

  private newGraph(): InstanceType<typeof usearch.Index> {
    return new usearch.Index({
      dimensions: this.dimensions,
      metric: usearch.MetricKind.Cos,
      quantization: SCALAR_KIND[this.opts.quantization ?? 'f32'],
      multi: false,
      connectivity: this.opts.connectivity ?? 16,
      expansion_add: this.opts.expansionAdd ?? 128,
      expansion_search: this.opts.expansionSearch ?? 320,
    });
  }

  get size(): number {
    return this.keyOf.size;
  }

  get quantization(): HnswQuantization {
    return this.opts.quantization ?? 'f32';
  }

  /** Keys handed out since the graph was last built: live vectors plus the removed ones it still holds. */
  get keysInGraph(): number {
    return this.nextKey - 1;
  }

  upsert(id: string, vector: Float32Array): void {
    if (vector.length !== this.dimensions) throw new Error(`vector of ${vector.length} dimensions in a ${this.dimensions}-d index`);
    this.forget(id);
    const key = this.nextKey++;
    this.index.add(BigInt(key), vector);
    this.keyOf.set(id, key);
    this.idOf[key] = id;
    if (!this.opts.vectorsOf) this.vectors.set(id, vector);
    this.compactIfMostlyRemoved();
  }

  /** Adds many new vectors at once, building the graph on every core. */
  addBatch(entries: readonly [string, Float32Array][]): void {
    if (entries.length === 0) return;
    const keys = new BigUint64Array(entries.length);
    const matrix = new Float32Array(entries.length * this.dimensions);
    entries.forEach(([id, v], i) => {
      if (v.length !== this.dimensions) throw new Error(`vector of ${v.length} dimensions in a ${this.dimensions}-d index`);
      this.forget(id);
      const key = this.nextKey++;
      keys[i] = BigInt(key);
      matrix.set(v, i * this.dimensions);
      this.keyOf.set(id, key);
      this.idOf[key] = id;
      if (!this.opts.vectorsOf) this.vectors.set(id, v);
    });
    this.index.add(keys, matrix, os.availableParallelism());
    this.compactIfMostlyRemoved();
  }

  private compactIfMostlyRemoved(): void {
    if (this.removed < COMPACT_AFTER_REMOVED || this.removed <= this.keyOf.size) return;
    const live = [...this.entries()];
    this.index = this.newGraph();
    this.keyOf.clear();
    this.idOf.length = 0;
    this.vectors.clear();
    this.nextKey = 1;
    this.removed = 0;
    this.addBatch(live);
  }

  remove(id: string): boolean {
    const removed = this.forget(id);
    if (removed) this.compactIfMostlyRemoved();
    return removed;
  }

  private forget(id: string): boolean {
    const key = this.keyOf.get(id);
    if (key === undefined) return false;
    this.index.remove(BigInt(key));
    this.keyOf.delete(id);
    this.idOf[key] = undefined;
    this.vectors.delete(id);
    this.removed++;
    return true;
  }

  get(id: string): Float32Array | undefined {
    if (!this.opts.vectorsOf) return this.vectors.get(id);
    return this.keyOf.has(id) ? this.opts.vectorsOf(id) : undefined;
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

  /**
   * The ids of the n nearest, nearest first, without their scores: for a caller that re-ranks them on other
   * vectors (no object per candidate). Unfiltered.
   */
  nearestIds(query: Float32Array, n: number): string[] {
    if (this.size === 0 || n <= 0) return [];
    const matches = this.index.search(query, Math.min(n, this.size), 1);
    const ids: string[] = [];
    for (let i = 0; i < matches.keys.length; i++) {
      const id = this.idOf[Number(matches.keys[i]!)];
      if (id !== undefined) ids.push(id);
    }
    return ids;
  }

  *entries(): IterableIterator<[string, Float32Array]> {
    if (!this.opts.vectorsOf) yield* this.vectors.entries();
    else for (const id of this.keyOf.keys()) yield [id, this.opts.vectorsOf(id)!];
  }
}
