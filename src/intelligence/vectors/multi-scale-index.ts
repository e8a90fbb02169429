/**
 * Two scales of one collection: full vectors (exact re-ranking, `get`) and, once a projection is set,
 * PCA-reduced coarse vectors for the candidate search — exact below `hnswThreshold` vectors, HNSW above.
 * A filtered search scans the coarse vectors exactly, so selective filters never lose their matches; a filter
 * given as a set of ids smaller than the collection scores only its members.
 *
 * How many coarse candidates a search takes grows as the projection keeps less of the variance (÷ kept³, capped
 * at k + 400): the less it keeps, the more true neighbours differ only in the dimensions it drops. On
 * bench/vectors.ts' clustered data at 100k, 128-d keeps 77% and 160 candidates gave recall@10 0.85; ÷ kept² (271)
 * 0.946. On real USE contact vectors (96–98% kept) it adds a tenth.
 */
import { ExactIndex } from './exact-index.js';
import { HnswIndex, type HnswQuantization } from './hnsw-index.js';
import type { VectorFilter, VectorHit, VectorIndex } from './index.js';
import type { Projection } from './pca.js';

export interface MultiScaleOptions {
  /** Coarse candidates fetched per result wanted. */
  oversample?: number;
  /** Collections this large use HNSW for the coarse search. */
  hnswThreshold?: number;
  /**
   * How the HNSW graph stores the coarse vectors (see HnswOptions.quantization). Default 'i8': on
   * bench/vectors.ts at 100k it kept recall@10 (0.9645 vs f32's 0.9605 in the same run), built in 89 s against
   * 142 s, held ~38 MB less (the graph's coarse copy: 12.8 MB against 51 MB) and answered at p95 2.4 ms against
   * 4.7 ms at load 10–13 (docs/embeddings.md §6); the re-rank on the full vectors is exact either way.
   */
  coarseQuantization?: HnswQuantization;
  /**
   * Opt-in (default 0: every candidate scored exactly, no copy kept). Candidates kept per result wanted after
   * scoring them all on an 8-bit copy of the full vectors (+25 % memory); only these get the exact dot. Measured
   * not to pay here: in scalar JavaScript an 8-bit dot costs as much per row as a 32-bit one, so reading a quarter
   * of the bytes saves nothing measurable (docs/embeddings.md §7). Kept for a SIMD dot, where it would count.
   */
  shortlistPerResult?: number;
  /** Score with the SIMD kernel where the widths allow (simd-matrix.ts); default on. Off: the JavaScript dot. */
  simd?: boolean;
}

export class MultiScaleIndex implements VectorIndex {
  private readonly full: ExactIndex;
  private coarse: VectorIndex | undefined;
  private coarseExact: ExactIndex | undefined;
  private projection: Projection | undefined;
  private readonly oversample: number;
  private readonly hnswThreshold: number;
  readonly coarseQuantization: HnswQuantization;
  readonly shortlistPerResult: number;
  private readonly simd: boolean;

  constructor(
    readonly dimensions: number,
    opts: MultiScaleOptions = {},
  ) {
    this.shortlistPerResult = opts.shortlistPerResult ?? 0;
    this.simd = opts.simd ?? true;
    this.full = new ExactIndex(dimensions, 1024, { int8Copy: this.shortlistPerResult > 0, simd: this.simd });
    this.oversample = opts.oversample ?? 16;
    this.hnswThreshold = opts.hnswThreshold ?? 20_000;
    this.coarseQuantization = opts.coarseQuantization ?? 'i8';
  }

  get size(): number {
    return this.full.size;
  }

  get coarseDimensions(): number | undefined {
    return this.projection?.outputDimensions;
  }

  get usesHnsw(): boolean {
    return this.coarse instanceof HnswIndex;
  }

  /** Sets (or replaces) the projection and rebuilds the coarse scale from the full vectors. */
  setProjection(projection: Projection | undefined): void {
    if (projection && projection.inputDimensions !== this.dimensions) throw new Error('projection does not fit these vectors');
    this.projection = projection;
    this.rebuildCoarse();
  }

  private rebuildCoarse() {
    this.coarse = undefined;
    this.coarseExact = undefined;
    if (!this.projection) return;
    const dims = this.projection.outputDimensions;
    this.coarseExact = new ExactIndex(dims, this.full.size + 16, { simd: this.simd });
    const batch: [string, Float32Array][] = [];
    for (const [id, v] of this.full.entries()) {
      const small = this.projection.project(v, this.simd);
      this.coarseExact.upsert(id, small);
      batch.push([id, small]);
    }
    if (this.full.size >= this.hnswThreshold) {
      // The graph reads its vectors from the exact coarse scale rather than keeping a copy (51 MB at 100k × 128-d).
      const coarseExact = this.coarseExact;
      const hnsw = new HnswIndex(dims, { quantization: this.coarseQuantization, vectorsOf: (id) => coarseExact.get(id) });
      hnsw.addBatch(batch); // native, multi-threaded graph build
      this.coarse = hnsw;
    }
  }

  private addCoarse(id: string, vector: Float32Array) {
    if (!this.projection || !this.coarseExact) return;
    const small = this.projection.project(vector, this.simd);
    this.coarseExact.upsert(id, small); // before the graph, which reads it (and may rebuild from it)
    this.coarse?.upsert(id, small);
  }

  upsert(id: string, vector: Float32Array): void {
    this.full.upsert(id, vector);
    if (this.projection) {
      if (!this.coarse && this.full.size >= this.hnswThreshold) this.rebuildCoarse();
      else this.addCoarse(id, vector);
    }
  }

  remove(id: string): boolean {
    this.coarse?.remove(id);
    this.coarseExact?.remove(id);
    return this.full.remove(id);
  }

  get(id: string): Float32Array | undefined {
    return this.full.get(id);
  }

  has(id: string): boolean {
    return this.full.has(id);
  }

  score(query: Float32Array, id: string): number | undefined {
    return this.full.score(query, id);
  }

  search(query: Float32Array, k: number, filter?: VectorFilter): VectorHit[] {
    if (!this.projection || !this.coarseExact || this.full.size <= k * this.oversample) return this.full.search(query, k, filter);
    const small = this.projection.project(query, this.simd);
    // Filtered searches scan the coarse scale exactly, which is cheap: afford twice the candidates.
    // Many results wanted (a candidate pool for "like X") need proportionally fewer extra candidates.
    const kept = Math.max(0.25, Math.min(1, this.projection.varianceKept ?? 1));
    const wanted = Math.min(Math.ceil(Math.max(k * this.oversample, 64) / kept ** 3), k + 400) * (filter ? 2 : 1);
    const candidates = !filter && this.coarse instanceof HnswIndex ? this.coarse.nearestIds(small, wanted) : this.coarseExact.search(small, wanted, filter).map((c) => c.id);
    // Re-rank on the full vectors (with a shortlist, their 8-bit copy first): the coarse scale only chooses whom to
    // look at.
    return this.full.searchAmong(query, k, candidates, k * this.shortlistPerResult);
  }

  entries(): IterableIterator<[string, Float32Array]> {
    return this.full.entries();
  }
}
