import type { VectorFilter } from './index.js';

/**
 * Keeps the k highest-scoring ids seen so far: a binary min-heap (k reaches a thousand for filtered candidate
 * pools, where a sorted buffer would shift hundreds of entries per insert). Ties keep the earlier-offered id,
 * and hits() lists them in offer order, as a stable sort would.
 */
export class TopK<Id = string> {
  private readonly heapIds: Id[] = [];
  private readonly heapScores: number[] = [];
  private readonly heapSeq: number[] = [];
  private seq = 0;

  constructor(private readonly k: number) {}

  /** The score a candidate must beat to enter. */
  get floor(): number {
    return this.heapScores.length < this.k ? -Infinity : this.heapScores[0]!;
  }

  /** Whether entry a should sit above entry b in the min-heap (lower score; among equals, offered later). */
  private less(a: number, b: number): boolean {
    const sa = this.heapScores[a]!;
    const sb = this.heapScores[b]!;
    return sa < sb || (sa === sb && this.heapSeq[a]! > this.heapSeq[b]!);
  }

  private swap(a: number, b: number) {
    [this.heapIds[a], this.heapIds[b]] = [this.heapIds[b]!, this.heapIds[a]!];
    [this.heapScores[a], this.heapScores[b]] = [this.heapScores[b]!, this.heapScores[a]!];
    [this.heapSeq[a], this.heapSeq[b]] = [this.heapSeq[b]!, this.heapSeq[a]!];
  }

  offer(id: Id, score: number): void {
    if (this.k <= 0 || score <= this.floor) return;
    const seq = this.seq++;
    if (this.heapScores.length < this.k) {
      let i = this.heapScores.length;
      this.heapIds.push(id);
      this.heapScores.push(score);
      this.heapSeq.push(seq);
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.less(i, parent)) break;
        this.swap(i, parent);
        i = parent;
      }
      return;
    }
    this.heapIds[0] = id;
    this.heapScores[0] = score;
    this.heapSeq[0] = seq;
    const n = this.heapScores.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.less(l, m)) m = l;
      if (r < n && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }

  /** Best first. */
  hits(): { id: Id; score: number }[] {
    const order = this.heapScores.map((_, i) => i).sort((a, b) => this.heapScores[b]! - this.heapScores[a]! || this.heapSeq[a]! - this.heapSeq[b]!);
    return order.map((i) => ({ id: this.heapIds[i]!, score: this.heapScores[i]! }));
  }
}

/**
 * a · b[offsetB …]. Four running sums instead of one: each addition no longer waits for the previous one, which
 * made this ~2× faster in V8 (every exact scan and every re-ranked candidate goes through here).
 */
export function dot(a: Float32Array, b: Float32Array, offsetB = 0): number {
  const n = a.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const j = offsetB + i;
    s0 += a[i]! * b[j]!;
    s1 += a[i + 1]! * b[j + 1]!;
    s2 += a[i + 2]! * b[j + 2]!;
    s3 += a[i + 3]! * b[j + 3]!;
  }
  for (; i < n; i++) s0 += a[i]! * b[offsetB + i]!;
  return s0 + s1 + s2 + s3;
}

/**
 * a · (codes[offset …] as integers): the dot product with a row's 8-bit copy, before its scale (see ExactIndex's
 * 8-bit copy). Four running sums, as in dot.
 */
export function dotInt8(a: Float32Array, codes: Int8Array, offset: number): number {
  const n = a.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const j = offset + i;
    s0 += a[i]! * codes[j]!;
    s1 += a[i + 1]! * codes[j + 1]!;
    s2 += a[i + 2]! * codes[j + 2]!;
    s3 += a[i + 3]! * codes[j + 3]!;
  }
  for (; i < n; i++) s0 += a[i]! * codes[offset + i]!;
  return s0 + s1 + s2 + s3;
}

export function normalize(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i] = v[i]! / n;
  return v;
}

/** The predicate of a filter. */
export function filterPredicate(filter: VectorFilter | undefined): ((id: string) => boolean) | undefined {
  if (filter === undefined || typeof filter === 'function') return filter;
  return (id) => filter.has(id);
}
