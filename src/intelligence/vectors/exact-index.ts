/** Brute-force cosine search over one contiguous matrix: exact, and fast enough below ~20k vectors. */
import type { VectorFilter, VectorHit, VectorIndex } from './index.js';
import { dot, filterPredicate, TopK } from './top-k.js';

export class ExactIndex implements VectorIndex {
  private matrix: Float32Array;
  private readonly ids: string[] = [];
  private readonly rowOf = new Map<string, number>();

  constructor(
    readonly dimensions: number,
    capacity = 1024,
  ) {
    this.matrix = new Float32Array(Math.max(1, capacity) * dimensions);
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
      }
      this.ids.push(id);
      this.rowOf.set(id, row);
    }
    this.matrix.set(vector, row * this.dimensions);
  }

  remove(id: string): boolean {
    const row = this.rowOf.get(id);
    if (row === undefined) return false;
    // Swap-remove: the last row takes the hole, so the matrix stays dense.
    const last = this.ids.length - 1;
    if (row !== last) {
      const lastId = this.ids[last]!;
      this.matrix.copyWithin(row * this.dimensions, last * this.dimensions, (last + 1) * this.dimensions);
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

  /** The k best of the given ids only: cost in proportion to how many there are, not to the collection. */
  searchAmong(query: Float32Array, k: number, ids: Iterable<string>): VectorHit[] {
    const top = new TopK(k);
    const d = this.dimensions;
    for (const id of ids) {
      const row = this.rowOf.get(id);
      if (row === undefined) continue;
      top.offer(id, dot(query, this.matrix, row * d));
    }
    return top.hits();
  }

  *entries(): IterableIterator<[string, Float32Array]> {
    for (let row = 0; row < this.ids.length; row++) yield [this.ids[row]!, this.matrix.subarray(row * this.dimensions, (row + 1) * this.dimensions)];
  }
}
