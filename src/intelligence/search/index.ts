/**
 * Semantic search: "people worried about compliance audits". The query is embedded and compared with the
 * memory shards; full-text relevance over any of its words is blended in, so exact terms ("SOC 2") count too.
 * Structured filters (from natural-language queries) narrow the candidates before ranking.
 */
import { DEFAULT_INTELLIGENCE_SETTINGS, type IntelligenceSettings } from '../../core/config.js';
import { ENTITIES, type EntityName } from '../../core/entities.js';
import { validationError } from '../../core/errors.js';
import type { Filter, Storage } from '../../storage/index.js';
import type { EmbeddingProvider } from '../embeddings/index.js';
import { familyMatches } from '../lexicon/role-words.js';
import { roleProfile } from '../lexicon/roles.js';
import type { VectorLookup } from '../similarity/index.js';
import { TtlCache } from '../ttl-cache.js';
import { extractFacets, type QueryFacets } from './facets.js';
import { dot } from '../vectors/top-k.js';

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
/** Best text matches of the workspace read for a narrowed search, of which the allowed ones rank. */
const NARROWED_TEXT_POOL = 2000;
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
    /** The persona boost of contact searches (CRM_PERSONA_WEIGHT, CRM_PERSONA_SAMPLE). */
    private readonly persona: Pick<IntelligenceSettings, 'personaWeight' | 'personaSample'> = DEFAULT_INTELLIGENCE_SETTINGS,
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
      const role = facets.role;
      const titles = await this.roleTitles.get(`${ws}\u0000${JSON.stringify(role)}`, async () => (await this.distinct(ws, 'title')).filter((t) => familyMatches(role, t)));
      filters.push({ field: 'title', op: 'in', value: titles.length > 0 ? titles : ['\u0000none'] });
    }
    let allowed: ReadonlySet<string> | undefined;
    if (filters.length > 0) {
      const read = async () => new Set(await this.storage.records.ids(ws, def, filters, MAX_ALLOWED));
      // A facet's members (an industry's contacts, a role family) are asked for again and again: reuse them as
      // briefly as the facet values themselves. Filters a caller passes (natural-language queries) are read fresh.
      allowed = opts.filters?.length ? await read() : await this.facetMembers.get(`${ws}\u0000${entity}\u0000${JSON.stringify(filters)}`, read);
    }
    const topic = topicOf(facets.topic);
    const interpretation = {
      topic,
      industry: facets.industry ?? null,
      role: facets.role?.label ?? null,
      explanation: [...facets.explanation, `about: ${topic}`].join(' · '),
    };
    if (allowed && allowed.size === 0) return { results: [], interpretation };
    return { results: await this.rank(ws, entity, topic, limit, allowed), interpretation };
  }

  /** The workspace's industries (company values), for reading them out of queries. */
  private industries(ws: string): Promise<string[]> {
    return this.distinct(ws, 'industry');
  }

  /** Distinct values of a company industry or contact title, cached briefly: facets are read on every query. */
  private readonly distinctCache = new TtlCache<string[]>(DISTINCT_TTL_MS);
  /** Query texts come back (a user refines filters around the same topic): their vectors are kept a while. */
  private readonly queryVectors = new TtlCache<Float32Array>(5 * 60_000, 500);
  /** Records of a facet (industry, role family) and an industry's companies, reused as long as the facet values. */
  private readonly facetMembers = new TtlCache<ReadonlySet<string>>(DISTINCT_TTL_MS, 100);
  private readonly industryCompanies = new TtlCache<string[]>(DISTINCT_TTL_MS, 200);
  /** The titles of each role family (read from every distinct title of the workspace with the lexicon). */
  private readonly roleTitles = new TtlCache<string[]>(DISTINCT_TTL_MS, 200);
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
    const industry = facets.industry;
    const ids = await this.industryCompanies.get(`${ws}\u0000${industry}`, () =>
      this.storage.records.ids(ws, ENTITIES.company, [{ field: 'industry', op: 'eq', value: industry }], MAX_ALLOWED),
    );
    return [{ field: 'company_id', op: 'in', value: ids.length > 0 ? ids : ['\u0000none'] }];
  }

  private async rank(ws: string, entity: EntityName, topic: string, limit: number, allowed: ReadonlySet<string> | undefined): Promise<SearchHit[]> {
    const def = ENTITIES[entity];
    const vectorHits = new Map<string, number>();
    // Narrowed: the best text matches of the whole workspace, kept when allowed — the allowed set already holds
    // the filters, so no second pass over them in SQL — and the head of the same list is the persona sample.
    // Started first: the full-text search needs no vector, so it runs while the model embeds the topic.
    const textSearch = this.storage.records.textSearch(ws, def, topic, allowed ? NARROWED_TEXT_POOL : CANDIDATES);
    let queryVector: Float32Array | undefined;
    if (this.provider) {
      const provider = this.provider;
      try {
        queryVector = await this.queryVectors.get(topic, async () => (await provider.embed([topic], { priority: 'query' }))[0]!);
      } catch (e) {
        await textSearch.catch(() => undefined);
        throw e;
      }
      // The allowed set itself, so a narrow facet is scored member by member rather than scanned past.
      for (const h of this.vectors.search(ws, entity, queryVector!, CANDIDATES, allowed)) vectorHits.set(h.id, h.score);
    }
    const textAll = await textSearch;
    const textHits = allowed ? textAll.filter((h) => allowed.has(h.id)).slice(0, CANDIDATES) : textAll;
    const textScore = normaliseRanks(textHits);
    let hits = this.blend(ws, entity, queryVector, vectorHits, textScore);
    if (entity === 'contact' && this.persona.personaWeight > 0 && hits.length > 0) hits = await this.personaBoost(ws, queryVector, hits, allowed ? textAll.slice(0, this.persona.personaSample) : undefined);
    return hits.slice(0, limit);
  }

  /**
   * Topics belong to personas: the people who "run A/B experiments" are mostly product people, and a product
   * person in the narrowed set is a better answer than someone who only shares a word. The roles of the
   * best matches across the workspace give each role function a share; candidates gain by their function's share
   * (scores stay within 0–1).
   */
  private async personaBoost(ws: string, queryVector: Float32Array | undefined, hits: SearchHit[], workspaceText: { id: string; rank: number }[] | undefined): Promise<SearchHit[]> {
    let sample = hits.slice(0, this.persona.personaSample);
    if (workspaceText) {
      // Narrowed: the sample comes from the whole workspace (its best text matches are given).
      const vectorHits = new Map<string, number>();
      if (queryVector) for (const h of this.vectors.search(ws, 'contact', queryVector, this.persona.personaSample)) vectorHits.set(h.id, h.score);
      sample = this.blend(ws, 'contact', queryVector, vectorHits, normaliseRanks(workspaceText)).slice(0, this.persona.personaSample);
    }
    // Titles only: whole rows (notes, custom fields) of ~400 contacts were read for them.
    const titles = await this.storage.records.fieldValues(ws, ENTITIES.contact, [...sample, ...hits].map((h) => h.id), 'title');
    const fnOf = new Map([...titles].map(([id, title]) => [id, roleProfile(typeof title === 'string' ? title : '').function]));
    const share = new Map<string, number>();
    for (const h of sample) {
      const fn = fnOf.get(h.id);
      if (fn) share.set(fn, (share.get(fn) ?? 0) + 1 / sample.length);
    }
    return hits
      .map((h) => ({ ...h, score: round((h.score + this.persona.personaWeight * (share.get(fnOf.get(h.id) ?? '') ?? 0)) / (1 + this.persona.personaWeight)) }))
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  }

  private blend(ws: string, entity: EntityName, queryVector: Float32Array | undefined, vectorHits: Map<string, number>, textScore: Map<string, number>): SearchHit[] {
    const ids = new Set([...vectorHits.keys(), ...textScore.keys()]);
    const cos = new Map<string, number>();
    for (const id of ids) {
      let c = vectorHits.get(id);
      if (c === undefined && queryVector) {
        if (this.vectors.scoreOf) c = this.vectors.scoreOf(ws, entity, queryVector, id);
        else {
          const v = this.vectors.vectorOf(ws, entity, id);
          if (v) c = dot(queryVector, v);
        }
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


const round = (x: number) => Math.round(x * 1e4) / 1e4;
