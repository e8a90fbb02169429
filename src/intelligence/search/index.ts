/**
 * Semantic search: "people worried about compliance audits". The query is embedded and compared with the
 * memory shards; full-text relevance over any of its words is blended in, so exact terms ("SOC 2") count too.
 * Structured filters (from natural-language queries) narrow the candidates before ranking.
 */
import { ENTITIES, type EntityName } from '../../core/entities.js';
import { validationError } from '../../core/errors.js';
import type { Filter, Storage } from '../../storage/index.js';
import type { EmbeddingProvider } from '../embeddings/index.js';
import type { VectorLookup } from '../similarity/index.js';

export interface SearchHit {
  id: string;
  score: number;
  vector_score: number | null;
  text_score: number | null;
}

export interface SearchOptions {
  limit?: number;
  filters?: Filter[];
}

const CANDIDATES = 200;
/** Share of the vector similarity in the blended score. */
const VECTOR_WEIGHT = 0.65;
/** Most ids a filter may allow before it is applied after ranking instead of before. */
const MAX_ALLOWED = 50_000;

/** Words that say what to look for, not what it is about ("contacts who …"). */
const QUERY_NOISE = new Set([
  'contacts', 'contact', 'people', 'person', 'leads', 'lead', 'customers', 'companies', 'company', 'accounts', 'deals',
  'deal', 'opportunities', 'activities', 'find', 'show', 'me', 'list', 'who', 'whose', 'that', 'which', 'are', 'is',
  'with', 'about', 'in', 'on', 'for', 'the', 'a', 'an', 'of', 'and', 'or', 'to', 'their', 'they', 'want', 'wants',
]);

export function topicOf(q: string): string {
  const words = q.split(/\s+/).filter((w) => !QUERY_NOISE.has(w.toLowerCase().replace(/[^\p{L}\p{N}/-]/gu, '')));
  return words.length > 0 ? words.join(' ') : q;
}

export class SemanticSearchService {
  constructor(
    private readonly storage: Storage,
    private readonly vectors: VectorLookup,
    private readonly provider: EmbeddingProvider | undefined,
  ) {}

  async search(ws: string, entity: EntityName, q: string, opts: SearchOptions = {}): Promise<SearchHit[]> {
    const text = q.trim();
    if (text === '') throw validationError('q is required', [{ field: 'q', message: 'empty query' }]);
    const limit = opts.limit ?? 20;
    const def = ENTITIES[entity];
    const filters = opts.filters ?? [];
    let allowed: Set<string> | undefined;
    if (filters.length > 0) {
      const page = await this.storage.records.list(ws, def, { filters, limit: MAX_ALLOWED, sort: { field: 'id', direction: 'asc' } });
      allowed = new Set(page.records.map((r) => r.id));
      if (allowed.size === 0) return [];
    }
    const topic = topicOf(text);
    const vectorHits = new Map<string, number>();
    let queryVector: Float32Array | undefined;
    if (this.provider) {
      [queryVector] = await this.provider.embed([topic]);
      const filter = allowed ? (id: string) => allowed!.has(id) : undefined;
      for (const h of this.vectors.search(ws, entity, queryVector!, CANDIDATES, filter)) vectorHits.set(h.id, h.score);
    }
    const textHits = await this.storage.records.textSearch(ws, def, topic, CANDIDATES, filters);
    const textScore = new Map<string, number>();
    if (textHits.length > 0) {
      const best = textHits[0]!.rank;
      const worst = textHits[textHits.length - 1]!.rank;
      for (const h of textHits) textScore.set(h.id, worst === best ? 1 : (worst - h.rank) / (worst - best));
    }
    const ids = new Set([...vectorHits.keys(), ...textScore.keys()]);
    const cos = new Map<string, number>();
    for (const id of ids) {
      let c = vectorHits.get(id);
      if (c === undefined && queryVector) {
        const v = this.vectors.vectorOf(ws, entity, id);
        if (v) c = dot(queryVector, v);
      }
      if (c !== undefined) cos.set(id, c);
    }
    const cosValues = [...cos.values()];
    const lo = Math.min(...cosValues);
    const hi = Math.max(...cosValues);
    const hits: SearchHit[] = [...ids].map((id) => {
      const c = cos.get(id);
      const v = c === undefined ? null : hi > lo ? (c - lo) / (hi - lo) : 1;
      const t = textScore.get(id) ?? null;
      const score = v === null ? (t ?? 0) * (1 - VECTOR_WEIGHT) : queryVector ? VECTOR_WEIGHT * v + (1 - VECTOR_WEIGHT) * (t ?? 0) : (t ?? 0);
      return { id, score: round(score), vector_score: c === undefined ? null : round(c), text_score: t === null ? null : round(t) };
    });
    return hits.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, limit);
  }
}

function dot(a: Float32Array, b: Float32Array) {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
