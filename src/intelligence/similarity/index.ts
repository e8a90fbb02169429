/** "Records like X" and semantic search: the interfaces the API and natural-language queries use. */
import type { EntityName } from '../../core/entities.js';

/** What similarity needs of semantic memory (MemoryIndex provides it). */
export interface VectorLookup {
  vectorOf(ws: string, entity: EntityName, id: string): Float32Array | undefined;
  search(ws: string, entity: EntityName, query: Float32Array, k: number, filter?: (id: string) => boolean): { id: string; score: number }[];
}

export interface SimilarResult {
  id: string;
  /** 0–1, higher is more alike. */
  score: number;
  /** Why, in words a salesperson would use. */
  reasons: string[];
}

export { SimilarityService } from './similar.service.js';
