/**
 * Vector indexes for semantic memory. One interface; an exact index for small collections, HNSW (usearch)
 * for large ones, and a multi-scale index that searches PCA-reduced vectors first and re-ranks on the full
 * ones. MemoryIndex keeps them in step with the memory shards in the database.
 */
export interface VectorHit {
  id: string;
  /** Cosine similarity (vectors are unit length). */
  score: number;
}

/**
 * What a search keeps: a predicate, or the set of allowed ids (which lets an index score only those when they
 * are few, instead of scanning the whole collection).
 */
export type VectorFilter = ((id: string) => boolean) | ReadonlySet<string>;

export interface VectorIndex {
  readonly dimensions: number;
  readonly size: number;
  upsert(id: string, vector: Float32Array): void;
  remove(id: string): boolean;
  get(id: string): Float32Array | undefined;
  /** The k best matches, best first; `filter` keeps only the ids it accepts. */
  search(query: Float32Array, k: number, filter?: VectorFilter): VectorHit[];
  /** Every id with its vector (rebuilding other indexes from this one). */
  entries(): IterableIterator<[string, Float32Array]>;
}

export { filterPredicate } from './top-k.js';
export { ExactIndex } from './exact-index.js';
export { HnswIndex } from './hnsw-index.js';
export { MemoryIndex, type MemoryIndexOptions, type MemoryIndexStats } from './memory-index.js';
export { MultiScaleIndex } from './multi-scale-index.js';
export { Projection } from './pca.js';
