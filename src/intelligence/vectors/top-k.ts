/** Keeps the k highest-scoring ids seen so far (a small sorted buffer: k is tens to hundreds). */
export class TopK {
  readonly ids: string[] = [];
  readonly scores: number[] = [];

  constructor(private readonly k: number) {}

  /** The score a candidate must beat to enter. */
  get floor(): number {
    return this.scores.length < this.k ? -Infinity : this.scores[this.scores.length - 1]!;
  }

  offer(id: string, score: number): void {
    if (this.k <= 0 || score <= this.floor) return;
    let i = this.scores.length;
    if (i === this.k) i--;
    while (i > 0 && this.scores[i - 1]! < score) {
      this.scores[i] = this.scores[i - 1]!;
      this.ids[i] = this.ids[i - 1]!;
      i--;
    }
    this.scores[i] = score;
    this.ids[i] = id;
  }

  hits(): { id: string; score: number }[] {
    return this.ids.map((id, i) => ({ id, score: this.scores[i]! }));
  }
}

export function dot(a: Float32Array, b: Float32Array, offsetB = 0): number {
  let s = 0;
  const n = a.length;
  for (let i = 0; i < n; i++) s += a[i]! * b[offsetB + i]!;
  return s;
}

export function normalize(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i] = v[i]! / n;
  return v;
}
