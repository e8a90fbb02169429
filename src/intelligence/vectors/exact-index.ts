/** Brute-force cosine search over one contiguous matrix: exact, and fast enough below ~20k vectors. */
import type { VectorFilter, VectorHit, VectorIndex } from './index.js';
import { dot, dotInt8, filterPredicate, TopK } from './top-k.js';

export interface ExactIndexOptions {
  /**
   * Also keep an 8-bit copy of every row (a quarter of its bytes, +25 % memory), so that `searchAmong` can
   * shortlist many candidates on it and compute the exact dot for the shortlist only. Meant for when scoring
   * hundreds of random rows is bound by memory reads; in scalar JavaScript it measured no faster
   * (docs/embeddings.md §7).
   */
  int8Copy?: boolean;
}

export class ExactIndex implements VectorIndex {
  private matrix: Float32Array;
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
    this.matrix = new Float32Array(rows * dimensions);
    if (opts.int8Copy) {
      this.codes = new Int8Array(rows * dimensions);
      this.codeScales = new Float32Array(rows);
    }
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
        const grown = new Float32Array(this.matrix.length * 2);
        grown.set(this.matrix);
        this.matrix = grown;
        if (this.codes && this.codeScales) {
          const codes = new Int8Array(grown.length);
          codes.set(this.codes);
          this.codes = codes;
          const scales = new Float32Array(grown.length / this.dimensions);
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
    return row === undefined ? undefined : dot(query, this.matrix, row * this.dimensions);
  }

  search(query: Float32Array, k: number, filterBy?: VectorFilter): VectorHit[] {
    // A set smaller than the collection is cheaper to score member by member than to scan past.
    if (filterBy !== undefined && typeof filterBy !== 'function' && filterBy.size < this.ids.length) return this.searchAmong(query, k, filterBy);
    const filter = filterPredicate(filterBy);
    const top = new TopK(k);
    const d = this.dimensions;
    for (let row = 0; row < this.ids.length; row++) {
      const s = dot(query, this.matrix, row * d);
      if (s <= top.floor) continue;
      const id = this.ids[row]!;
      if (filter && !filter(id)) continue;
      top.offer(id, s);
    }
    return top.hits();
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
      for (const id of ids) {
        const row = this.rowOf.get(id);
        if (row === undefined) continue;
        top.offer(id, dot(query, this.matrix, row * d));
      }
      return top.hits();
    }
    const rough = new TopK<number>(shortlist);
    for (const id of ids) {
      const row = this.rowOf.get(id);
      if (row !== undefined) rough.offer(row, dotInt8(query, codes, row * d) * scales[row]!);
    }
    for (const { id: row } of rough.hits()) top.offer(this.ids[row]!, dot(query, this.matrix, row * d));
    return top.hits();
  }

  *entries(): IterableIterator<[string, Float32Array]> {
    for (let row = 0; row < this.ids.length; row++) yield [this.ids[row]!, this.matrix.subarray(row * this.dimensions, (row + 1) * this.dimensions)];
  }
}
