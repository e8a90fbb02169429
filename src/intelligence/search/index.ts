/**
 * Semantic search: "people worried about compliance audits". The query is embedded and compared with the
 * memory shards; full-text relevance over any of its words is blended in, so exact terms ("SOC 2") count too.
 * Structured filters (from natural-language queries) narrow the candidates before ranking.
 */
import { ENTITIES, type EntityName } from '../../core/entities.js';
import { validationError } from '../../core/errors.js';
import type { Filter, Storage } from '../../storage/index.js';
import type { EmbeddingProvider } from '../embeddings/index.js';
import { roleProfile } from '../lexicon/roles.js';
import type { VectorLookup } from '../similarity/index.js';
import { TtlCache } from '../ttl-cache.js';
import { extractFacets, roleMatches, type QueryFacets } from './facets.js';

export { extractFacets, matchIndustry, type QueryFacets } from './facets.js';

export interface SearchHit {
  id: string;
  score: number;
  vector_score: number | null;
  text_score: number | null;
}

export interface SearchOptions {
  limit?: number;
  filters?: Filter[];
  /** Read industries and role families out of the query text and narrow by them (default true). */
  facets?: boolean;
}

export interface SearchResult {
  results: SearchHit[];
  /** What the query was understood as: the facets that narrowed it and the topic that ranked it. */
  interpretation: { topic: string; industry: string | null; role: string | null; explanation: string };
}

const CANDIDATES = 200;
const PERSONA_WEIGHT = Number(process.env.CRM_PERSONA_WEIGHT ?? 0.3);
const PERSONA_SAMPLE = Number(process.env.CRM_PERSONA_SAMPLE ?? 30);
/** Share of the vector similarity in the blended score. */
const VECTOR_WEIGHT = 0.65;
/** Most records a structured narrowing keeps (beyond it, the first by id); ample for a facet of one workspace. */
const MAX_ALLOWED = 50_000;
/** How long the values facets are matched against (industries, titles) are reused. */
const DISTINCT_TTL_MS = 30_000;

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

  async search(ws: string, entity: EntityName, q: string, opts: SearchOptions = {}): Promise<SearchResult> {
    const text = q.trim();
    if (text === '') throw validationError('q is required', [{ field: 'q', message: 'empty query' }]);
    const limit = opts.limit ?? 20;
    const def = ENTITIES[entity];
    const facets: QueryFacets = opts.facets === false ? { topic: text, explanation: [] } : extractFacets(text, await this.industries(ws));
    const filters = [...(opts.filters ?? []), ...(await this.facetFilters(ws, entity, facets))];
    if (facets.role && entity === 'contact') {
      // Titles are free text: read each distinct one with the lexicon, then filter on the matching ones.
      const titles = (await this.distinct(ws, 'title')).filter((t) => roleMatches(facets.role!, roleProfile(t)));
      filters.push({ field: 'title', op: 'in', value: titles.length > 0 ? titles : ['\u0000none'] });
    }
    let allowed: Set<string> | undefined;
    if (filters.length > 0) {
      allowed = new Set(await this.storage.records.ids(ws, def, filters, MAX_ALLOWED));
    }
    const topic = topicOf(facets.topic);
    const interpretation = {
      topic,
      industry: facets.industry ?? null,
      role: facets.role?.label ?? null,
      explanation: [...facets.explanation, `about: ${topic}`].join(' · '),
    };
    if (allowed && allowed.size === 0) return { results: [], interpretation };
    return { results: await this.rank(ws, entity, topic, limit, allowed, filters), interpretation };
  }

  /** The workspace's industries (company values), for reading them out of queries. */
  private industries(ws: string): Promise<string[]> {
    return this.distinct(ws, 'industry');
  }

  /** Distinct values of a company industry or contact title, cached briefly: facets are read on every query. */
  private readonly distinctCache = new TtlCache<string[]>(DISTINCT_TTL_MS);
  /** Query texts come back (a user refines filters around the same topic): their vectors are kept a while. */
  private readonly queryVectors = new TtlCache<Float32Array>(5 * 60_000, 500);
  private distinct(ws: string, field: 'industry' | 'title'): Promise<string[]> {
    const entity = field === 'industry' ? ENTITIES.company : ENTITIES.contact;
    return this.distinctCache.get(`${ws}\u0000${field}`, async () =>
      (await this.storage.records.aggregate(ws, entity, { fn: 'count', groupBy: field })).map((r) => r.group).filter((g): g is string => typeof g === 'string' && g !== ''),
    );
  }

  private async facetFilters(ws: string, entity: EntityName, facets: QueryFacets): Promise<Filter[]> {
    if (!facets.industry) return [];
    if (entity === 'company') return [{ field: 'industry', op: 'eq', value: facets.industry }];
    if (entity !== 'contact' && entity !== 'deal' && entity !== 'activity') return [];
    const companies = await this.storage.records.list(ws, ENTITIES.company, {
      filters: [{ field: 'industry', op: 'eq', value: facets.industry }],
      limit: MAX_ALLOWED,
      sort: { field: 'id', direction: 'asc' },
    });
    const ids = companies.records.map((c) => c.id);
    return [{ field: 'company_id', op: 'in', value: ids.length > 0 ? ids : ['\u0000none'] }];
  }

  private async rank(ws: string, entity: EntityName, topic: string, limit: number, allowed: Set<string> | undefined, filters: Filter[]): Promise<SearchHit[]> {
    const def = ENTITIES[entity];
    const vectorHits = new Map<string, number>();
    let queryVector: Float32Array | undefined;
    if (this.provider) {
      const provider = this.provider;
      queryVector = await this.queryVectors.get(topic, async () => (await provider.embed([topic]))[0]!);
      const filter = allowed ? (id: string) => allowed!.has(id) : undefined;
      for (const h of this.vectors.search(ws, entity, queryVector!, CANDIDATES, filter)) vectorHits.set(h.id, h.score);
    }
    const textHits = (await this.storage.records.textSearch(ws, def, topic, CANDIDATES, filters)).filter((h) => !allowed || allowed.has(h.id));
    const textScore = normaliseRanks(textHits);
    let hits = this.blend(ws, entity, queryVector, vectorHits, textScore);
    if (entity === 'contact' && PERSONA_WEIGHT > 0 && hits.length > 0) hits = await this.personaBoost(ws, topic, queryVector, hits, allowed !== undefined);
    return hits.slice(0, limit);
  }

  /**
   * Topics belong to personas: the people who "run A/B experiments" are mostly product people, and a product
   * person in the narrowed set is a better answer than someone who only shares a word. The roles of the
   * best matches across the workspace give each role function a share; candidates gain by their function's share
   * (scores stay within 0–1).
   */
  private async personaBoost(ws: string, topic: string, queryVector: Float32Array | undefined, hits: SearchHit[], narrowed: boolean): Promise<SearchHit[]> {
    let sample = hits.slice(0, PERSONA_SAMPLE);
    if (narrowed) {
      const vectorHits = new Map<string, number>();
      if (queryVector) for (const h of this.vectors.search(ws, 'contact', queryVector, PERSONA_SAMPLE)) vectorHits.set(h.id, h.score);
      const text = await this.storage.records.textSearch(ws, ENTITIES.contact, topic, PERSONA_SAMPLE);
      sample = this.blend(ws, 'contact', queryVector, vectorHits, normaliseRanks(text)).slice(0, PERSONA_SAMPLE);
    }
    const people = await this.storage.records.getMany(ws, ENTITIES.contact, [...new Set([...sample, ...hits].map((h) => h.id))]);
    const fnOf = new Map(people.map((p) => [p.id, roleProfile(typeof p.title === 'string' ? p.title : '').function]));
    const share = new Map<string, number>();
    for (const h of sample) {
      const fn = fnOf.get(h.id);
      if (fn) share.set(fn, (share.get(fn) ?? 0) + 1 / sample.length);
    }
    return hits
      .map((h) => ({ ...h, score: round((h.score + PERSONA_WEIGHT * (share.get(fnOf.get(h.id) ?? '') ?? 0)) / (1 + PERSONA_WEIGHT)) }))
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  }

  private blend(ws: string, entity: EntityName, queryVector: Float32Array | undefined, vectorHits: Map<string, number>, textScore: Map<string, number>): SearchHit[] {
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
    return hits.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  }
}

/** Full-text ranks (lower is better) to 0–1 scores, best 1. */
function normaliseRanks(hits: { id: string; rank: number }[]): Map<string, number> {
  const out = new Map<string, number>();
  if (hits.length === 0) return out;
  const best = hits[0]!.rank;
  const worst = hits[hits.length - 1]!.rank;
  for (const h of hits) out.set(h.id, worst === best ? 1 : (worst - h.rank) / (worst - best));
  return out;
}

function dot(a: Float32Array, b: Float32Array) {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
