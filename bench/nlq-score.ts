/**
 * Scoring of one natural-language query answer (`POST /api/query`) against an entry of the NLQ query sets
 * (`../shared/data/nlq/*.jsonl`, described in ../shared/data/README.md). Pure: no I/O, no server types, so it
 * scores any server that speaks the contract, including an older or newer one reached with `--url`.
 */

export type EntityKind = string;

export type Expected =
  | { kind: 'set'; entity: EntityKind; ids: string[] }
  | { kind: 'topn'; entity: EntityKind; n: number; ids: string[]; ties?: string[] }
  | { kind: 'value'; value: number }
  | { kind: 'ranked'; entity: EntityKind; k: number; relevant: string[] }
  | { kind: 'similar'; entity: EntityKind; seed: string; k: number; relevant: string[]; partial?: string[] };

/** The part of the answer the score reads. Everything is optional: a malformed answer scores 0, never throws. */
export interface QueryResponse {
  intent?: unknown;
  entity?: unknown;
  interpretation?: { explanation?: unknown; [key: string]: unknown } | null;
  total?: unknown;
  results?: unknown;
  value?: unknown;
  [key: string]: unknown;
}

/** A query counts as understood when it scores at least this. */
export const UNDERSTOOD_THRESHOLD = 0.8;

/** "companies", "Company", "contacts" → "company", "company", "contact". */
export function normalizeEntity(entity: unknown): string | null {
  if (typeof entity !== 'string' || entity.trim() === '') return null;
  const e = entity.trim().toLowerCase();
  if (e.endsWith('ies')) return `${e.slice(0, -3)}y`;
  if (e.endsWith('s')) return e.slice(0, -1);
  return e;
}

/** The ids of `response.results` in order (entries without a string or number id are kept as null, so they still take a slot). */
export function resultIds(response: QueryResponse | null | undefined): (string | null)[] {
  const results = response?.results;
  if (!Array.isArray(results)) return [];
  return results.map((r) => {
    const id = r !== null && typeof r === 'object' ? (r as { id?: unknown }).id : undefined;
    return typeof id === 'string' ? id : typeof id === 'number' ? String(id) : null;
  });
}

const sameEntity = (expected: { entity: EntityKind }, response: QueryResponse) => {
  const want = normalizeEntity(expected.entity);
  return want !== null && want === normalizeEntity(response.entity);
};

/**
 * The score of one answer, in [0, 1]. Rules, by `expected.kind`:
 *
 * - Every kind with an `entity` (set, topn, ranked, similar): an answer about another entity (or none) scores 0.
 *   Entities compare case-insensitively, singular or plural ("contacts" = "contact").
 * - `set` {ids}: F1 of the returned result ids against the expected ids, whatever the intent. Precision is
 *   (distinct correct ids) / (results returned, duplicates included: a repeated id is a wrong result);
 *   recall is (distinct correct ids) / |expected ids|. No results (e.g. an aggregate answer) → 0, except
 *   that an empty expected set answered with no results → 1 (and with any result → 0).
 * - `topn` {n, ids, ties}: only the first n results are read. Result i is correct when its id is in `ids`
 *   (at any position), or when it is in `ties` and i ≥ the position where the ties begin in `ids` (the
 *   first index of `ids` whose id is in `ties`; the last position of `ids` when no id of `ids` is in
 *   `ties`): tied records may only fill the tail. An id already counted (a duplicate) is not correct again.
 *   Score = correct / max(min(n, |ids|), results read), so with fewer than n matching records in the data
 *   extra results cost precision, and with |ids| = n it is correct / n.
 * - `value` {value}: 1 when `response.value` is a finite number with |got − expected| ≤
 *   max(0.005·|expected|, 0.01), else 0. Only `value` counts: a `total` equal to an expected count is not
 *   accepted.
 * - `ranked` {k, relevant}: precision@k, (distinct ids among the first k results that are in `relevant`) / k.
 * - `similar` {seed, k, relevant, partial}: graded precision@k over the first k results: an id in `relevant`
 *   counts 1, in `partial` 0.5, anything else (the seed itself included, and repeats) 0; divided by k.
 */
export function scoreQuery(expected: Expected, response: QueryResponse | null | undefined): number {
  if (!response || typeof response !== 'object') return 0;
  switch (expected.kind) {
    case 'set':
      return sameEntity(expected, response) ? scoreSet(expected.ids, resultIds(response)) : 0;
    case 'topn':
      return sameEntity(expected, response) ? scoreTopN(expected, resultIds(response)) : 0;
    case 'value':
      return scoreValue(expected.value, response.value);
    case 'ranked': {
      if (!sameEntity(expected, response)) return 0;
      const relevant = new Set(expected.relevant);
      return gradedAtK(resultIds(response), expected.k, (id) => (relevant.has(id) ? 1 : 0));
    }
    case 'similar': {
      if (!sameEntity(expected, response)) return 0;
      const relevant = new Set(expected.relevant);
      const partial = new Set(expected.partial ?? []);
      return gradedAtK(resultIds(response), expected.k, (id) => (id === expected.seed ? 0 : relevant.has(id) ? 1 : partial.has(id) ? 0.5 : 0));
    }
    default:
      return 0;
  }
}

function scoreSet(expectedIds: string[], got: (string | null)[]): number {
  const want = new Set(expectedIds);
  if (want.size === 0) return got.length === 0 ? 1 : 0;
  if (got.length === 0) return 0;
  const correct = new Set(got.filter((id): id is string => id !== null && want.has(id))).size;
  if (correct === 0) return 0;
  const precision = correct / got.length;
  const recall = correct / want.size;
  return (2 * precision * recall) / (precision + recall);
}

function scoreTopN(expected: Extract<Expected, { kind: 'topn' }>, got: (string | null)[]): number {
  const n = Math.max(0, Math.floor(expected.n));
  const ids = new Set(expected.ids);
  const ties = new Set(expected.ties ?? []);
  const firstTied = expected.ids.findIndex((id) => ties.has(id));
  const tiesBegin = firstTied >= 0 ? firstTied : Math.max(0, expected.ids.length - 1);
  const read = got.slice(0, n);
  const wanted = Math.min(n, expected.ids.length);
  const denominator = Math.max(wanted, read.length);
  if (denominator === 0) return 1;
  const seen = new Set<string>();
  let correct = 0;
  read.forEach((id, i) => {
    if (id === null || seen.has(id)) return;
    seen.add(id);
    if (ids.has(id) || (ties.has(id) && i >= tiesBegin)) correct++;
  });
  return correct / denominator;
}

function scoreValue(want: number, got: unknown): number {
  if (typeof got !== 'number' || !Number.isFinite(got)) return 0;
  return Math.abs(got - want) <= Math.max(0.005 * Math.abs(want), 0.01) ? 1 : 0;
}

/** Sum of `gain` over the distinct ids among the first k results, divided by k. */
function gradedAtK(got: (string | null)[], k: number, gain: (id: string) => number): number {
  const kk = Math.max(1, Math.floor(k));
  const seen = new Set<string>();
  let sum = 0;
  for (const id of got.slice(0, kk)) {
    if (id === null || seen.has(id)) continue;
    seen.add(id);
    sum += gain(id);
  }
  return sum / kk;
}
