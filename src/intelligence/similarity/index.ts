/** "Records like X" and semantic search: the interfaces the API and natural-language queries use. */
import type { EntityName } from '../../core/entities.js';
import type { VectorFilter } from '../vectors/index.js';

/** What similarity needs of semantic memory (MemoryIndex provides it). */
export interface VectorLookup {
  vectorOf(ws: string, entity: EntityName, id: string): Float32Array | undefined;
  /** `filter` as a set of ids lets the index score only those when they are few. */
  search(ws: string, entity: EntityName, query: Float32Array, k: number, filter?: VectorFilter): { id: string; score: number }[];
  /** Cosine of `query` with one stored vector (no copy); undefined when the record has none. */
  scoreOf?(ws: string, entity: EntityName, query: Float32Array, id: string): number | undefined;
}

export interface SimilarResult {
  id: string;
  /** 0–1, higher is more alike. */
  score: number;
  /** Why, in words a salesperson would use. */
  reasons: string[];
}

export { SimilarityService } from './similar.service.js';
