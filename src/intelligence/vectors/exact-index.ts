/** Brute-force cosine search over one contiguous matrix: exact, and fast enough below ~20k vectors. */
import type { VectorFilter, VectorHit, VectorIndex } from './index.js';
import { trySimdMatrix, SIMD_CHUNK, type SimdMatrix } from './simd-matrix.js';
import { dot, dotInt8, filterPredicate, TopK } from './top-k.js';

export interface ExactIndexOptions {
  /**
   * Also keep an 8-bit copy of every row (a quarter of its bytes, +25 % memory), so that `searchAmong` can
   * shortlist many candidates on it and compute the exact dot for the shortlist only. Meant for when scoring
   * hundreds of random rows is bound by memory reads; in scalar JavaScript it measured no faster
   * (docs/embeddings.md §7).
   */
  int8Copy?: boolean;
  /**
   * Keep the matrix in WebAssembly memory and score with the SIMD kernel (simd-matrix.ts) when the width allows
   * (a multiple of 8). Default on; off gives the plain JavaScript dot (the bench compares the two).
   */
  simd?: boolean;
  /** Most rows kept in WebAssembly memory before the index moves to a plain Float32Array (tests; default: 4 GiB's worth). */
  simdMaxRows?: number;
}

export class ExactIndex implements VectorIndex {
  /** The rows; a view into `simd`'s memory when it is kept there (made again when that memory grows). */
  private matrix: Float32Array;
  private simd: SimdMatrix | undefined;
  private readonly ids: string[] = [];
  private readonly rowOf = new Map<string, number>();
  // Row r's 8-bit copy is codes[r·d …] × codeScales[r] (scale = max |x| / 127), when kept.
  private codes: Int8Array | undefined;
  private codeScales: Float32Array | undefined;

  constructor(
    readonly dimensions: number,
    capacity = 1024,
    opts: ExactIndexOptions = {},
  ) {
    const rows = Math.max(1, capacity);
    this.simd = opts.simd === false ? undefined : trySimdMatrix(dimensions, rows, opts.simdMaxRows);
    this.matrix = this.simd ? this.simd.data : new Float32Array(rows * dimensions);
    if (opts.int8Copy) {
      this.codes = new Int8Array(rows * dimensions);
      this.codeScales = new Float32Array(rows);
    }
  }

  /** Whether scores come from the SIMD kernel. */
  get usesSimd(): boolean {
    return this.simd !== undefined;
  }

  get hasInt8Copy(): boolean {
    return this.codes !== undefined;
  }

  get size(): number {
    return this.ids.length;
  }

  upsert(id: string, vector: Float32Array): void {
    if (vector.length !== this.dimensions) throw new Error(`vector of ${vector.length} dimensions in a ${this.dimensions}-d index`);
    let row = this.rowOf.get(id);
    if (row === undefined) {
      row = this.ids.length;
      if ((row + 1) * this.dimensions > this.matrix.length) {
        if (this.simd) {
          try {
            this.simd.reserve(row + 1);
            this.matrix = this.simd.data;
          } catch {
            // Past what a 32-bit WebAssembly memory holds (or refused): on in plain JavaScript, scored by `dot`.
            const grown = new Float32Array(this.matrix.length * 2);
            grown.set(this.matrix);
            this.matrix = grown;
            this.simd = undefined;
          }
        } else {
          const grown = new Float32Array(this.matrix.length * 2);
          grown.set(this.matrix);
          this.matrix = grown;
        }
        if (this.codes && this.codeScales) {
          const codes = new Int8Array(this.matrix.length);
          codes.set(this.codes);
          this.codes = codes;
          const scales = new Float32Array(this.matrix.length / this.dimensions);
          scales.set(this.codeScales);
          this.codeScales = scales;
        }
      }
      this.ids.push(id);
      this.rowOf.set(id, row);
    }
    this.matrix.set(vector, row * this.dimensions);
    if (this.codes && this.codeScales) {
      let max = 0;
      for (const x of vector) max = Math.max(max, Math.abs(x));
      const scale = max > 0 ? max / 127 : 1;
      const at = row * this.dimensions;
      for (let i = 0; i < vector.length; i++) this.codes[at + i] = Math.round(vector[i]! / scale);
      this.codeScales[row] = scale;
    }
  }

  remove(id: string): boolean {
    const row = this.rowOf.get(id);
    if (row === undefined) return false;
    // Swap-remove: the last row takes the hole, so the matrix stays dense.
    const last = this.ids.length - 1;
    if (row !== last) {
      const lastId = this.ids[last]!;
      this.matrix.copyWithin(row * this.dimensions, last * this.dimensions, (last + 1) * this.dimensions);
      this.codes?.copyWithin(row * this.dimensions, last * this.dimensions, (last + 1) * this.dimensions);
      if (this.codeScales) this.codeScales[row] = this.codeScales[last]!;
      this.ids[row] = lastId;
      this.rowOf.set(lastId, row);
    }
    this.ids.pop();
    this.rowOf.delete(id);
    return true;
  }

  get(id: string): Float32Array | undefined {
    const row = this.rowOf.get(id);
    return row === undefined ? undefined : this.matrix.slice(row * this.dimensions, (row + 1) * this.dimensions);
  }

  has(id: string): boolean {
    return this.rowOf.has(id);
  }

  /** Cosine of the query with one stored vector, without copying it. */
  score(query: Float32Array, id: string): number | undefined {
    const row = this.rowOf.get(id);
    if (row === undefined) return undefined;
    if (!this.simd) return dot(query, this.matrix, row * this.dimensions);
    this.simd.setQuery(query);
    return this.simd.scoreRow(row);
  }

  search(query: Float32Array, k: number, filterBy?: VectorFilter): VectorHit[] {
    // A set smaller than the collection is cheaper to score member by member than to scan past.
    if (filterBy !== undefined && typeof filterBy !== 'function' && filterBy.size < this.ids.length) return this.searchAmong(query, k, filterBy);
    const filter = filterPredicate(filterBy);
    const top = new TopK(k);
    const d = this.dimensions;
    const n = this.ids.length;
    const simd = this.simd;
    simd?.setQuery(query);
    // Scored a chunk of rows at a time: by the kernel, or by `dot` into a scratch (f64: `dot`'s scores unrounded).
    const scratch = simd ? undefined : new Float64Array(Math.min(SIMD_CHUNK, n));
    for (let first = 0; first < n; first += SIMD_CHUNK) {
      const count = Math.min(SIMD_CHUNK, n - first);
      let scores: Float32Array | Float64Array;
      if (simd) scores = simd.scoreRange(first, count);
      else {
        scores = scratch!;
        for (let i = 0; i < count; i++) scores[i] = dot(query, this.matrix, (first + i) * d);
      }
      for (let i = 0; i < count; i++) {
        const s = scores[i]!;
        if (s <= top.floor) continue;
        const id = this.ids[first + i]!;
        if (filter && !filter(id)) continue;
        top.offer(id, s);
      }
    }
    return top.hits();
  }

  /** Exact scores of the listed ids (unknown ones skipped) offered to `top` in the order given. */
  private offerExact(query: Float32Array, ids: Iterable<string>, top: TopK): void {
    const simd = this.simd;
    if (!simd) {
      for (const id of ids) {
        const row = this.rowOf.get(id);
        if (row !== undefined) top.offer(id, dot(query, this.matrix, row * this.dimensions));
      }
      return;
    }
    simd.setQuery(query);
    const list = simd.rowList;
    const listed: string[] = [];
    const flush = () => {
      const scores = simd.scoreListed(listed.length);
      for (let i = 0; i < listed.length; i++) top.offer(listed[i]!, scores[i]!);
      listed.length = 0;
    };
    for (const id of ids) {
      const row = this.rowOf.get(id);
      if (row === undefined) continue;
      list[listed.length] = row;
      listed.push(id);
      if (listed.length === SIMD_CHUNK) flush();
    }
    if (listed.length > 0) flush();
  }

  /**
   * The k best of the given ids only: cost in proportion to how many there are, not to the collection. With
   * `shortlist` (≥ k) and the 8-bit copy kept, every id is scored on its 8-bit copy first and only the best
   * `shortlist` of them on the exact vectors; the scores returned are exact either way.
   */
  searchAmong(query: Float32Array, k: number, ids: Iterable<string>, shortlist = 0): VectorHit[] {
    const top = new TopK(k);
    const d = this.dimensions;
    const codes = this.codes;
    const scales = this.codeScales;
    if (!codes || !scales || shortlist < k || (Array.isArray(ids) && ids.length <= shortlist)) {
      this.offerExact(query, ids, top);
      return top.hits();
    }
    const rough = new TopK<number>(shortlist);
    for (const id of ids) {
      const row = this.rowOf.get(id);
      if (row !== undefined) rough.offer(row, dotInt8(query, codes, row * d) * scales[row]!);
    }
    this.offerExact(query, rough.hits().map(({ id: row }) => this.ids[row]!), top);
    return top.hits();
  }

  /** Views of the stored rows, not copies: read them before the next upsert (a growth moves the rows). */
  *entries(): IterableIterator<[string, Float32Array]> {
    for (let row = 0; row < this.ids.length; row++) yield [this.ids[row]!, this.matrix.subarray(row * this.dimensions, (row + 1) * this.dimensions)];
  }
}
