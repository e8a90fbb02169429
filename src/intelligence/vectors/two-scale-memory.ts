/**
 * Two-scale semantic memory (EMBEDDING_FIRST_PASS, docs/embeddings.md): a bulk import is embedded first with a
 * fast static model (use-static) and refined later with the main one (USE lite). Both kinds of shard are loaded,
 * each into its own MemoryIndex, and the two spaces never mix:
 *
 * - A query is embedded by both models: `TwoScaleQueries` (an EmbeddingProvider) returns the two vectors side by
 *   side in one array, `[main | fast]`. `search` looks in the main index, then in the fast one among the records
 *   that have no main vector yet, and merges the two lists on the main model's scale — a per-workspace linear map
 *   from fast cosines to main cosines, least squares over pairs of records that have both vectors; until there are
 *   enough of them, the two lists are interleaved by rank.
 * - A record's vector (`vectorOf`) comes back in the same layout with one half zero: its main vector when it has
 *   one, else its fast one. Searching or scoring with it compares within that one space only ("like X" takes the
 *   seed and the candidates from the same model).
 */
import type { EntityName } from '../../core/entities.js';
import type { EmbeddingProvider, EmbedOptions } from '../embeddings/provider.js';
import type { VectorLookup } from '../similarity/index.js';
import type { VectorFilter, VectorHit } from './index.js';
import type { MemoryIndex, MemoryIndexStats } from './memory-index.js';
import { filterPredicate } from './top-k.js';

/** What the intelligence layer needs of semantic memory, one scale or two. */
export interface SemanticMemory extends VectorLookup {
  load(): Promise<void>;
  poll(): Promise<number>;
  startPolling(intervalMs?: number): void;
  stop(): void;
  stats(): MemoryIndexStats;
}

/** A linear map from fast-model cosines to main-model cosines, fitted on `pairs` record pairs. */
export interface ScaleMap {
  slope: number;
  intercept: number;
  pairs: number;
  /** Records with both vectors it was fitted on. */
  records: number;
}

/**
 * How the two spaces are put together while some records have only a fast vector (docs/embeddings.md, "mixed state"):
 * - `withoutMap`: until the workspace has its fast→main map, `interleave` the main list and the fast-only list by
 *   rank, or search the `fast` space for every record that has a fast vector (records with only a main vector, e.g.
 *   embedded before a bulk import, interleaved after them).
 * - `seed`: a record's own vector (`vectorOf`, "like X" seeds) is `one` space (main when it has it), or `both`
 *   halves when it has both, so its candidates without a main vector are scored by the fast space on the main scale.
 */
export interface TwoScaleMixing {
  withoutMap: 'interleave' | 'fast';
  seed: 'one' | 'both';
  /** Bench only: `map` never (always as without a map). */
  useMap?: boolean;
}

export interface TwoScaleOptions {
  /** Record pairs (each with both vectors) needed before scores are mapped instead of ranks interleaved. */
  minPairs?: number;
  mixing?: Partial<TwoScaleMixing>;
  /** Records with both vectors sampled per workspace to fit the map. */
  fitRecords?: number;
}

/** Embeds a query with both models, `[main | fast]`, each half unit length (see TwoScaleMemory). */
export class TwoScaleQueries implements EmbeddingProvider {
  readonly model: string;
  readonly version: string;
  readonly dimensions: number;
  constructor(
    readonly main: EmbeddingProvider,
    readonly fast: EmbeddingProvider,
  ) {
    this.model = `${main.model}+${fast.model}`;
    this.version = `${main.version}+${fast.version}`;
    this.dimensions = main.dimensions + fast.dimensions;
  }

  /**
   * A fast model that is not ready (use-static before its table exists: built from USE by the first bulk, 16–51 s)
   * is left out rather than waited for: the query's fast half is zero and only the main space is searched. Records
   * with only a fast vector cannot exist before the table does, in this data directory.
   */
  async embed(texts: readonly string[], opts?: EmbedOptions): Promise<Float32Array[]> {
    const fastReady = this.fast.ready?.() ?? true;
    const [a, b] = await Promise.all([this.main.embed(texts, opts), fastReady ? this.fast.embed(texts, opts) : Promise.resolve([])]);
    return a.map((v, i) => joinHalves(v, b[i]!, this.main.dimensions, this.fast.dimensions));
  }

  /** The providers are the intelligence layer's to close. */
  async close(): Promise<void> {}
}

function joinHalves(main: Float32Array | undefined, fast: Float32Array | undefined, mainDims: number, fastDims: number): Float32Array {
  const out = new Float32Array(mainDims + fastDims);
  if (main) out.set(main, 0);
  if (fast) out.set(fast, mainDims);
  return out;
}

function nonZero(v: Float32Array): boolean {
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) return true;
  return false;
}

function dotOf(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export class TwoScaleMemory implements SemanticMemory {
  private readonly minPairs: number;
  private readonly fitRecords: number;
  /** Per workspace and entity: the records with a fast vector and no main one, for the generations they were read at. */
  private readonly fastOnly = new Map<string, { gen: string; ids: Set<string> }>();
  private readonly maps = new Map<string, { gen: string; map: ScaleMap | undefined }>();
  private readonly mainOnly = new Map<string, { gen: string; ids: Set<string> }>();
  mixing: TwoScaleMixing;

  constructor(
    readonly main: MemoryIndex,
    readonly fast: MemoryIndex,
    readonly mainDimensions: number,
    readonly fastDimensions: number,
    opts: TwoScaleOptions = {},
  ) {
    this.minPairs = opts.minPairs ?? 200;
    this.fitRecords = opts.fitRecords ?? 400;
    this.mixing = { withoutMap: 'fast', seed: 'one', useMap: true, ...opts.mixing };
  }

  /** A query in this memory's layout: either half may be absent (then only that space is searched). */
  query(main: Float32Array | undefined, fast: Float32Array | undefined): Float32Array {
    return joinHalves(main, fast, this.mainDimensions, this.fastDimensions);
  }

  /** The halves of a query; a plain vector of the main model's width is a main-space query. */
  private halves(query: Float32Array): [Float32Array | undefined, Float32Array | undefined] {
    if (query.length !== this.mainDimensions + this.fastDimensions) {
      if (query.length === this.mainDimensions) return [query, undefined];
      throw new Error(`a two-scale query has ${this.mainDimensions} + ${this.fastDimensions} dimensions, got ${query.length}`);
    }
    const main = query.subarray(0, this.mainDimensions);
    const fast = query.subarray(this.mainDimensions);
    return [nonZero(main) ? main : undefined, nonZero(fast) ? fast : undefined];
  }

  async load(): Promise<void> {
    await Promise.all([this.main.load(), this.fast.load()]);
  }

  async poll(): Promise<number> {
    const [a, b] = await Promise.all([this.main.poll(), this.fast.poll()]);
    return a + b;
  }

  startPolling(intervalMs = 1000): void {
    this.main.startPolling(intervalMs);
    this.fast.startPolling(intervalMs);
  }

  stop(): void {
    this.main.stop();
    this.fast.stop();
  }

  /** Both indexes' collections; `vectors` counts records answerable from either (a record with both once). */
  stats(): MemoryIndexStats {
    const a = this.main.stats();
    const b = this.fast.stats();
    let fastOnly = 0;
    for (const c of b.collections) fastOnly += this.fastOnlyIds(c.workspace, c.entity).size;
    return { model: `${a.model}+${b.model}`, vectors: a.vectors + fastOnly, lastSeq: Math.max(a.lastSeq, b.lastSeq), collections: [...a.collections, ...b.collections] };
  }

  private generation(): string {
    return `${this.main.generation}/${this.fast.generation}`;
  }

  /** Records with a fast vector and no main one. */
  fastOnlyIds(ws: string, entity: EntityName): ReadonlySet<string> {
    const key = `${ws}\u0000${entity}`;
    const gen = this.generation();
    const cached = this.fastOnly.get(key);
    if (cached && cached.gen === gen) return cached.ids;
    const ids = new Set<string>();
    for (const id of this.fast.ids(ws, entity)) if (!this.main.has(ws, entity, id)) ids.add(id);
    this.fastOnly.set(key, { gen, ids });
    return ids;
  }

  /** Records with a main vector and no fast one (embedded by the main model directly). */
  mainOnlyIds(ws: string, entity: EntityName): ReadonlySet<string> {
    const key = `${ws}\u0000${entity}`;
    const gen = this.generation();
    const cached = this.mainOnly.get(key);
    if (cached && cached.gen === gen) return cached.ids;
    const ids = new Set<string>();
    for (const id of this.main.ids(ws, entity)) if (!this.fast.has(ws, entity, id)) ids.add(id);
    this.mainOnly.set(key, { gen, ids });
    return ids;
  }

  /** The map that merges scores now, if any (none when the mixing says not to use it). */
  private activeMap(ws: string): ScaleMap | undefined {
    return this.mixing.useMap === false ? undefined : this.scaleMap(ws);
  }

  /**
   * The workspace's map from fast cosines to main cosines: least squares over pairs of records (of one entity)
   * that have both vectors, refitted when either index changed and the records with both grew by a quarter.
   * Undefined until there are `minPairs` pairs (or when the fit is degenerate): then ranks are interleaved.
   */
  scaleMap(ws: string): ScaleMap | undefined {
    const gen = this.generation();
    const cached = this.maps.get(ws);
    if (cached?.gen === gen) return cached.map;
    if (cached?.map && this.bothCount(ws) < cached.map.records * 1.25) {
      cached.gen = gen; // still good: not counted again until the indexes change
      return cached.map;
    }
    const map = this.fit(ws);
    this.maps.set(ws, { gen, map });
    return map;
  }

  private bothCount(ws: string): number {
    let n = 0;
    for (const entity of this.fast.entitiesOf(ws)) {
      for (const id of this.fast.ids(ws, entity)) if (this.main.has(ws, entity, id)) n++;
    }
    return n;
  }

  private fit(ws: string): ScaleMap | undefined {
    const xs: number[] = [];
    const ys: number[] = [];
    let records = 0;
    const entities = this.fast.entitiesOf(ws);
    for (const entity of entities) {
      const both: string[] = [];
      for (const id of this.fast.ids(ws, entity)) if (this.main.has(ws, entity, id)) both.push(id);
      if (both.length < 2) continue;
      records += both.length;
      // An even, deterministic sample of the records with both vectors; each paired with a few others.
      const step = Math.max(1, Math.ceil((both.length * entities.length) / this.fitRecords));
      const sample = both.filter((_, i) => i % step === 0);
      const m = sample.map((id) => this.main.vectorOf(ws, entity, id)!);
      const f = sample.map((id) => this.fast.vectorOf(ws, entity, id)!);
      const n = sample.length;
      for (let i = 0; i < n; i++) {
        for (const offset of [1, 2, 3, 5, 8, 13, 21, 34]) {
          const j = (i + offset) % n;
          if (j === i || offset >= n) continue;
          xs.push(dotOf(f[i]!, f[j]!));
          ys.push(dotOf(m[i]!, m[j]!));
        }
      }
    }
    if (xs.length < this.minPairs) return undefined;
    const mx = xs.reduce((s, x) => s + x, 0) / xs.length;
    const my = ys.reduce((s, y) => s + y, 0) / ys.length;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < xs.length; i++) {
      sxy += (xs[i]! - mx) * (ys[i]! - my);
      sxx += (xs[i]! - mx) ** 2;
    }
    if (sxx <= 1e-12 || sxy <= 0) return undefined; // no spread, or no agreement: ranks say more than scores
    const slope = sxy / sxx;
    return { slope, intercept: my - slope * mx, pairs: xs.length, records };
  }

  vectorOf(ws: string, entity: EntityName, id: string): Float32Array | undefined {
    const main = this.main.vectorOf(ws, entity, id);
    if (main) return this.query(main, this.mixing.seed === 'both' ? this.fast.vectorOf(ws, entity, id) : undefined);
    const fast = this.fast.vectorOf(ws, entity, id);
    return fast ? this.query(undefined, fast) : undefined;
  }

  /** Without a map and with `withoutMap: 'fast'`, a two-scale query is answered in the fast space where it can be. */
  private fastFirst(ws: string, qm: Float32Array | undefined, qf: Float32Array | undefined): boolean {
    return !!qm && !!qf && this.mixing.withoutMap === 'fast' && !this.activeMap(ws);
  }

  scoreOf(ws: string, entity: EntityName, query: Float32Array, id: string): number | undefined {
    const [qm, qf] = this.halves(query);
    if (this.fastFirst(ws, qm, qf)) return this.fast.scoreOf(ws, entity, qf!, id) ?? this.main.scoreOf(ws, entity, qm!, id);
    if (qm) {
      const s = this.main.scoreOf(ws, entity, qm, id);
      if (s !== undefined || !qf) return s;
    }
    if (!qf) return undefined;
    // A fast-only query compares within the fast space; a two-scale one puts the fast cosine on the main scale.
    if (qm && this.main.has(ws, entity, id)) return undefined;
    const s = this.fast.scoreOf(ws, entity, qf, id);
    if (s === undefined || !qm) return s;
    const map = this.activeMap(ws);
    return map ? map.slope * s + map.intercept : s;
  }

  search(ws: string, entity: EntityName, query: Float32Array, k: number, filter?: VectorFilter): VectorHit[] {
    const [qm, qf] = this.halves(query);
    if (!qf) return qm ? this.main.search(ws, entity, qm, k, filter) : [];
    if (!qm) return this.fast.search(ws, entity, qf, k, filter);
    if (this.fastFirst(ws, qm, qf) && this.fast.entitiesOf(ws).includes(entity)) {
      // Every record with a fast vector from the fast space, then those with only a main vector, by rank.
      const fastHits = this.fast.search(ws, entity, qf, k, filter);
      const only = this.mainOnlyIds(ws, entity);
      if (only.size === 0) return fastHits;
      const allowed = restrict(only, filter);
      if (allowed.size === 0) return fastHits;
      return mergeHits(fastHits, this.main.search(ws, entity, qm, k, allowed), undefined, k);
    }
    const mainHits = this.main.search(ws, entity, qm, k, filter);
    const only = this.fastOnlyIds(ws, entity);
    if (only.size === 0) return mainHits;
    const allowed = restrict(only, filter);
    if (allowed.size === 0) return mainHits;
    const fastHits = this.fast.search(ws, entity, qf, k, allowed);
    return mergeHits(mainHits, fastHits, this.activeMap(ws), k);
  }
}

/** The ids of `only` that pass the filter. */
function restrict(only: ReadonlySet<string>, filter: VectorFilter | undefined): ReadonlySet<string> {
  if (!filter) return only;
  const keep = filterPredicate(filter)!;
  const base = typeof filter !== 'function' && filter.size < only.size ? filter : only;
  return new Set([...base].filter((id) => only.has(id) && keep(id)));
}

/** The main list and the fast list on one scale: fast scores mapped when a map exists, else ranks interleaved. */
export function mergeHits(main: VectorHit[], fast: VectorHit[], map: ScaleMap | undefined, k: number): VectorHit[] {
  if (map) {
    const all = [...main, ...fast.map((h) => ({ id: h.id, score: map.slope * h.score + map.intercept }))];
    return all.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, k);
  }
  // Interleaved by rank; each fast hit takes a score just under the main hit of its rank, so callers that sort by
  // score keep the interleaving (past the main list's end, its own score, kept below what came before).
  const out: VectorHit[] = [];
  let floor = Infinity;
  for (let i = 0; out.length < k && (i < main.length || i < fast.length); i++) {
    let m = main[i];
    if (m) {
      // A tie with the hit interleaved before it stays below that hit.
      if (m.score >= floor) m = { id: m.id, score: floor - 1e-6 };
      out.push(m);
      floor = m.score;
    }
    const f = fast[i];
    if (f && out.length < k) {
      const score = m ? m.score - 1e-6 : Math.min(f.score, floor - 1e-6);
      out.push({ id: f.id, score });
      floor = Math.min(floor, score);
    }
  }
  return out;
}
