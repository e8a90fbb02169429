/**
 * "Find contacts like Alice": vector similarity of the memory shards combined with the structured signals a
 * salesperson means by "like" — same industry, same function and seniority of title, company size, region,
 * shared interests — with each result's reasons in words. Candidates come from the vector index and from the
 * structured neighbourhood (same industry and function), so a good match is found even when its notes differ.
 */
import { ENTITIES, entitiesWith, type CrmRecord, type EntityName } from '../../core/entities.js';
import { notFound, validationError } from '../../core/errors.js';
import type { Filter, Storage } from '../../storage/index.js';
import { regionOf, sizeBand, SIZE_BAND_LABEL } from '../lexicon/firmographics.js';
import { interestsIn } from '../lexicon/interests.js';
import { FUNCTION_LABEL, roleProfile, SENIORITY_RANK, type RoleProfile } from '../lexicon/roles.js';
import { TtlCache } from '../ttl-cache.js';
import type { SimilarResult, VectorLookup } from './index.js';
import { dot } from '../vectors/top-k.js';

const VECTOR_CANDIDATES = 100;
const STRUCTURED_CANDIDATES = 200;
/** Reuse of the workspace's titles and of an industry's companies across requests. */
const LOOKUP_TTL_MS = 30_000;

/** Weights of the signals; vector similarity is rescaled to 0–1 over the candidate set first. */
const WEIGHTS = {
  contact: { vector: 0.3, industry: 0.3, function: 0.25, seniority: 0.05, size: 0.04, region: 0.03, interests: 0.03 },
  company: { vector: 0.45, industry: 0.35, size: 0.12, region: 0.08 },
  deal: { vector: 0.35, product: 0.3, industry: 0.2, amount: 0.1, stage: 0.05 },
} as const;

export const SIMILAR_ENTITIES: readonly EntityName[] = entitiesWith('similar');

interface Candidate {
  record: CrmRecord;
  company?: CrmRecord;
  cos: number;
}

export class SimilarityService {
  private readonly lookups = new TtlCache<string[]>(LOOKUP_TTL_MS);
  private readonly neighbours = new TtlCache<string[]>(LOOKUP_TTL_MS, 2000);

  constructor(
    private readonly storage: Storage,
    private readonly vectors: VectorLookup,
  ) {}

  async similar(ws: string, entity: EntityName, id: string, limit = 10): Promise<SimilarResult[]> {
    if (!SIMILAR_ENTITIES.includes(entity)) throw validationError(`similar records are not available for ${entity}`);
    const def = ENTITIES[entity];
    const seed = await this.storage.records.get(ws, def, id);
    if (!seed) throw notFound(entity, id);
    const seedCompany = await this.companyOf(ws, seed, entity);
    const seedVector = this.vectors.vectorOf(ws, entity, id);
    const cosById = new Map<string, number>();
    if (seedVector) for (const hit of this.vectors.search(ws, entity, seedVector, VECTOR_CANDIDATES + 1)) cosById.set(hit.id, hit.score);
    const structuredIds = await this.neighbourhood(ws, entity, seed, seedCompany);
    const ids = [...new Set([...cosById.keys(), ...structuredIds])].filter((c) => c !== id);
    const records = await this.storage.records.getMany(ws, def, ids);
    const companies = await this.companiesOf(ws, entity, records);
    // Structured-only candidates have no score from the index: compare their vectors directly.
    const candidates: Candidate[] = records.map((r) => {
      let cos = cosById.get(r.id);
      if (cos === undefined) {
        if (!seedVector) cos = 0;
        else if (this.vectors.scoreOf) cos = this.vectors.scoreOf(ws, entity, seedVector, r.id) ?? 0;
        else {
          const v = this.vectors.vectorOf(ws, entity, r.id);
          cos = v ? dot(seedVector, v) : 0;
        }
      }
      return { record: r, company: companies.get(r.company_id as string), cos };
    });
    const cosValues = candidates.map((c) => c.cos);
    const lo = Math.min(...cosValues);
    const hi = Math.max(...cosValues);
    const scaled = (c: number) => (hi > lo ? (c - lo) / (hi - lo) : 0);
    const scored = candidates.map((c) => this.score(entity, seed, seedCompany, c, scaled(c.cos)));
    return scored.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, limit);
  }

  private score(entity: EntityName, seed: CrmRecord, seedCompany: CrmRecord | undefined, c: Candidate, vec: number): SimilarResult {
    const reasons: string[] = [];
    let score = 0;
    const co = entity === 'company' ? c.record : c.company;
    const sco = entity === 'company' ? seed : seedCompany;
    const sameIndustry = !!sco?.industry && sco.industry === co?.industry;
    if (entity === 'contact') {
      const w = WEIGHTS.contact;
      const a = roleProfile(seed.title as string);
      const b = roleProfile(c.record.title as string);
      score += w.vector * vec;
      if (sameIndustry) {
        score += w.industry;
        reasons.push(`same industry: ${String(co!.industry)}`);
      }
      if (a.function && a.function === b.function) {
        score += w.function;
        reasons.push(roleReason(a, b, seed.title as string, c.record.title as string));
      }
      const gap = Math.abs(SENIORITY_RANK[a.seniority] - SENIORITY_RANK[b.seniority]);
      score += w.seniority * (1 - gap / 4);
      // Said only of a candidate with a title: without one the reason read "same seniority (null)" on contact pages.
      const title = typeof c.record.title === 'string' ? c.record.title.trim() : '';
      if (gap === 0 && title && !(a.function && a.function === b.function)) reasons.push(`same seniority (${title})`);
      score += this.firmographics(w, sco, co, reasons);
      const shared = sharedInterests(seed.notes as string, c.record.notes as string);
      if (shared.length > 0) {
        score += w.interests * Math.min(1, shared.length / 2);
        reasons.push(`both interested in ${shared.join('; ')}`);
      }
    } else if (entity === 'company') {
      const w = WEIGHTS.company;
      score += w.vector * vec;
      if (sameIndustry) {
        score += w.industry;
        reasons.push(`same industry: ${String(co!.industry)}`);
      }
      score += this.firmographics(w, sco, co, reasons);
    } else {
      const w = WEIGHTS.deal;
      score += w.vector * vec;
      if (seed.product && seed.product === c.record.product) {
        score += w.product;
        reasons.push(`same product: ${String(seed.product)}`);
      }
      if (sameIndustry) {
        score += w.industry;
        reasons.push(`same industry: ${String(co!.industry)}`);
      }
      const [x, y] = [Number(seed.amount), Number(c.record.amount)];
      if (x > 0 && y > 0) {
        const ratio = Math.min(x, y) / Math.max(x, y);
        score += w.amount * ratio;
        if (ratio >= 0.7) reasons.push('similar amount');
      }
      if (seed.stage === c.record.stage) {
        score += w.stage;
        reasons.push(`same stage: ${String(seed.stage).replace('_', ' ')}`);
      }
    }
    if (vec >= 0.75 && c.cos > 0) reasons.push(entity === 'contact' ? 'similar notes and activity' : 'similar description and activity');
    return { id: c.record.id, score: round(score), reasons };
  }

  private firmographics(w: { size: number; region: number }, a: CrmRecord | undefined, b: CrmRecord | undefined, reasons: string[]) {
    let s = 0;
    const sa = sizeBand(a?.employees as number);
    if (sa && sa === sizeBand(b?.employees as number)) {
      s += w.size;
      reasons.push(`similar size: ${SIZE_BAND_LABEL[sa]}`);
    }
    const ra = regionOf(a?.country as string);
    if (ra && ra === regionOf(b?.country as string)) {
      s += w.region;
      reasons.push(a?.country === b?.country ? `same country: ${String(a?.country)}` : `same region: ${ra}`);
    }
    return s;
  }

  /**
   * The neighbourhood depends only on the seed's industry and function (or product), which many seeds share:
   * it is reused as long as the lookups it is built from.
   */
  private neighbourhood(ws: string, entity: EntityName, seed: CrmRecord, seedCompany: CrmRecord | undefined): Promise<string[]> {
    const industry = (entity === 'company' ? seed.industry : seedCompany?.industry) ?? null;
    const kind = entity === 'contact' ? roleProfile(seed.title as string).function : entity === 'deal' ? (seed.product ?? null) : null;
    const key = JSON.stringify([ws, entity, industry, kind]);
    return this.neighbours.get(key, () => this.structuredNeighbours(ws, entity, seed, seedCompany));
  }

  /** Ids of records in the seed's structured neighbourhood (same industry, and for people the same function). */
  private async structuredNeighbours(ws: string, entity: EntityName, seed: CrmRecord, seedCompany: CrmRecord | undefined): Promise<string[]> {
    const industry = (entity === 'company' ? seed.industry : seedCompany?.industry) as string | undefined;
    if (entity === 'company') {
      if (!industry) return [];
      const page = await this.storage.records.list(ws, ENTITIES.company, { filters: [{ field: 'industry', op: 'eq', value: industry }], limit: STRUCTURED_CANDIDATES });
      return page.records.map((r) => r.id);
    }
    const filters: Filter[] = [];
    if (industry) {
      const companyIds = await this.lookups.get(`${ws}\u0000industry\u0000${industry}`, async () =>
        (await this.storage.records.list(ws, ENTITIES.company, { filters: [{ field: 'industry', op: 'eq', value: industry }], limit: 500 })).records.map((c) => c.id),
      );
      filters.push({ field: 'company_id', op: 'in', value: companyIds });
    }
    if (entity === 'contact') {
      const fn = roleProfile(seed.title as string).function;
      if (fn) {
        const titles = await this.lookups.get(`${ws}\u0000titles`, async () =>
          (await this.storage.records.aggregate(ws, ENTITIES.contact, { fn: 'count', groupBy: 'title' })).map((t) => t.group as string).filter(Boolean),
        );
        filters.push({ field: 'title', op: 'in', value: titles.filter((t) => roleProfile(t).function === fn) });
      }
    } else if (seed.product) filters.push({ field: 'product', op: 'eq', value: seed.product });
    if (filters.length === 0) return [];
    // Both signals first; then each alone, so a rare combination (the only IT manager in real estate) still
    // has neighbours before any vector exists.
    const ids = new Set<string>();
    const tries = filters.length > 1 ? [filters, ...filters.map((f) => [f])] : [filters];
    for (const [i, f] of tries.entries()) {
      const page = await this.storage.records.list(ws, ENTITIES[entity], { filters: f, limit: i === 0 ? STRUCTURED_CANDIDATES : STRUCTURED_CANDIDATES / 4 });
      for (const r of page.records) ids.add(r.id);
    }
    return [...ids];
  }

  private async companyOf(ws: string, record: CrmRecord, entity: EntityName) {
    if (entity === 'company' || typeof record.company_id !== 'string') return undefined;
    return this.storage.records.get(ws, ENTITIES.company, record.company_id);
  }

  private async companiesOf(ws: string, entity: EntityName, records: CrmRecord[]) {
    if (entity === 'company') return new Map<string, CrmRecord>();
    // Candidates share companies: each is read once.
    const ids = new Set(records.map((r) => r.company_id).filter((v): v is string => typeof v === 'string'));
    const rows = await this.storage.records.getMany(ws, ENTITIES.company, [...ids]);
    return new Map(rows.map((r) => [r.id, r]));
  }
}

function roleReason(a: RoleProfile, b: RoleProfile, ta: string, tb: string) {
  const fn = FUNCTION_LABEL[a.function!];
  if (ta === tb) return `same role: ${tb}`;
  return a.seniority === b.seniority ? `same function and seniority: ${fn} (${tb})` : `same function: ${fn} (${tb})`;
}

/** Interests of a note, remembered: the same notes are compared again and again across requests. */
const interestMemo = new Map<string, ReturnType<typeof interestsIn>>();
function interestsOf(text: string | null): ReturnType<typeof interestsIn> {
  if (!text) return [];
  let topics = interestMemo.get(text);
  if (!topics) {
    if (interestMemo.size >= 50_000) interestMemo.clear();
    topics = interestsIn(text);
    interestMemo.set(text, topics);
  }
  return topics;
}

function sharedInterests(a: string | null, b: string | null): string[] {
  const mine = new Set(interestsOf(a).map((t) => t.id));
  return interestsOf(b)
    .filter((t) => mine.has(t.id))
    .map((t) => t.label)
    .slice(0, 2);
}


const round = (x: number) => Math.round(x * 1e4) / 1e4;
