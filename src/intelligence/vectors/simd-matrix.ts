/**
 * A row-major f32 matrix held in WebAssembly memory and scored against a query by a small SIMD kernel (f32x4, two
 * running sums of four lanes). Why: V8 does not vectorise JavaScript loops, so `dot` in top-k.ts does one
 * multiply-add at a time; on rows in cache the kernel is ~8× faster (docs/embeddings.md §9). On rows that must come
 * from main memory (hundreds of random rows of a 200 MB matrix) both wait on memory and time the same, so the gain
 * is in what is compute-bound: the query's projection, the exact coarse scan of filtered searches, the full scans.
 *
 * The kernel is assembled here from its opcodes (no toolchain needed; `WebAssembly.validate` checks it at load).
 * What it computes, as WAT:
 *
 *   (func $dots (param $q $rows $n $dims $base $out i32)     ;; out[i] = q · M[rows[i]], rows given as indices
 *   (func $scan (param $q $first $n $dims $base $out i32)    ;; out[i] = q · M[first + i]
 *
 * both with `dims` a multiple of 8. Scores are summed in f32 (the JavaScript dot sums in f64): they differ from
 * `dot`'s by ~1e-7 for unit vectors.
 */

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...out, b];
    out.push(b | 0x80);
  }
};
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => [...uleb(s.length), ...Buffer.from(s)];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

const I32 = 0x7f;
const V128 = 0x7b;
const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, depth],
  brIf: (depth: number) => [0x0d, depth],
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  i32: (n: number) => [0x41, ...sleb(n)],
  i32Load: [0x28, 2, 0],
  f32Store: [0x38, 2, 0],
  i32GeU: [0x4f],
  i32Add: [0x6a],
  i32Mul: [0x6c],
  i32Shl: [0x74],
  f32Add: [0x92],
  v128Load: (offset: number) => [0xfd, ...uleb(0x00), 4, ...uleb(offset)],
  v128Zero: [0xfd, ...uleb(0x0c), ...new Array<number>(16).fill(0)],
  f32x4Lane: (lane: number) => [0xfd, ...uleb(0x1f), lane],
  f32x4Add: [0xfd, ...uleb(0xe4)],
  f32x4Mul: [0xfd, ...uleb(0xe6)],
};

/**
 * One function body. Parameters 0–5 (q, rowsOrFirst, n, dims, base, out); locals 6 i, 7 p (row pointer), 8 qp,
 * 9 end of q, 10–11 the two v128 sums. `indexed`: row i is rows[i] (dots), else first + i (scan).
 */
function kernelBody(indexed: boolean): number[] {
  const [Q, ROWS, N, DIMS, BASE, OUT, I, P, QP, END, S0, S1] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const rowIndex = indexed ? [...op.get(ROWS), ...op.get(I), ...op.i32(2), ...op.i32Shl, ...op.i32Add, ...op.i32Load] : [...op.get(ROWS), ...op.get(I), ...op.i32Add];
  const code = [
    ...op.block,
    ...op.loop,
    ...op.get(I), ...op.get(N), ...op.i32GeU, ...op.brIf(1),
    // p = base + row · dims · 4
    ...op.get(BASE), ...rowIndex, ...op.get(DIMS), ...op.i32Mul, ...op.i32(2), ...op.i32Shl, ...op.i32Add, ...op.set(P),
    ...op.get(Q), ...op.set(QP),
    ...op.get(Q), ...op.get(DIMS), ...op.i32(2), ...op.i32Shl, ...op.i32Add, ...op.set(END),
    ...op.v128Zero, ...op.set(S0),
    ...op.v128Zero, ...op.set(S1),
    ...op.block,
    ...op.loop,
    ...op.get(QP), ...op.get(END), ...op.i32GeU, ...op.brIf(1),
    ...op.get(S0), ...op.get(QP), ...op.v128Load(0), ...op.get(P), ...op.v128Load(0), ...op.f32x4Mul, ...op.f32x4Add, ...op.set(S0),
    ...op.get(S1), ...op.get(QP), ...op.v128Load(16), ...op.get(P), ...op.v128Load(16), ...op.f32x4Mul, ...op.f32x4Add, ...op.set(S1),
    ...op.get(QP), ...op.i32(32), ...op.i32Add, ...op.set(QP),
    ...op.get(P), ...op.i32(32), ...op.i32Add, ...op.set(P),
    ...op.br(0),
    ...op.end,
    ...op.end,
    // out[i] = the eight lanes' sum
    ...op.get(OUT), ...op.get(I), ...op.i32(2), ...op.i32Shl, ...op.i32Add,
    ...op.get(S0), ...op.get(S1), ...op.f32x4Add, ...op.set(S0),
    ...op.get(S0), ...op.f32x4Lane(0), ...op.get(S0), ...op.f32x4Lane(1), ...op.f32Add,
    ...op.get(S0), ...op.f32x4Lane(2), ...op.get(S0), ...op.f32x4Lane(3), ...op.f32Add, ...op.f32Add,
    ...op.f32Store,
    ...op.get(I), ...op.i32(1), ...op.i32Add, ...op.set(I),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...op.end,
  ];
  const locals = vec([
    [...uleb(4), I32],
    [...uleb(2), V128],
  ]);
  return [...uleb(locals.length + code.length), ...locals, ...code];
}

const KERNEL_BYTES = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, vec([[0x60, ...vec([[I32], [I32], [I32], [I32], [I32], [I32]]), 0]])),
  ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, 0x01]])),
  ...section(3, vec([[0], [0]])),
  ...section(7, vec([[...name('dots'), 0x00, 0], [...name('scan'), 0x00, 1]])),
  ...section(10, vec([kernelBody(true), kernelBody(false)])),
]);

const KERNEL: WebAssembly.Module | undefined = WebAssembly.validate(KERNEL_BYTES) ? new WebAssembly.Module(KERNEL_BYTES) : undefined;

type Kernel = (q: number, rowsOrFirst: number, n: number, dims: number, base: number, out: number) => void;

const PAGE = 65536;
const MAX_PAGES = 65536;
/** Rows scored per kernel call; the scratch holds this many row indices and scores. */
export const SIMD_CHUNK = 1024;

export class SimdMatrix {
  private readonly memory: WebAssembly.Memory;
  private readonly dotsKernel: Kernel;
  private readonly scanKernel: Kernel;
  private readonly queryAt = 0;
  private readonly rowsAt: number;
  private readonly outAt: number;
  private readonly base: number;
  private capacityRows: number;
  readonly maxRows: number;
  private buffer: ArrayBuffer | undefined;
  private views!: { data: Float32Array; query: Float32Array; rows: Int32Array; out: Float32Array };

  /** Whether a matrix of this width can be kept here: the kernel compiled, and whole 8-float steps per row. */
  static supports(dimensions: number): boolean {
    return KERNEL !== undefined && dimensions > 0 && dimensions % 8 === 0;
  }

  /**
   * Throws (a RangeError) when the engine refuses the memory — each WebAssembly memory reserves address space,
   * so a process holding very many may be refused; callers then keep a plain Float32Array.
   */
  constructor(
    readonly dimensions: number,
    capacityRows: number,
    /** Most rows it may hold: a 32-bit WebAssembly memory ends at 4 GiB (~2M rows of 512 floats). */
    maxRows = Infinity,
  ) {
    if (!SimdMatrix.supports(dimensions)) throw new Error(`no SIMD kernel for ${dimensions}-d rows`);
    this.rowsAt = this.queryAt + dimensions * 4;
    this.outAt = this.rowsAt + SIMD_CHUNK * 4;
    this.base = Math.ceil((this.outAt + SIMD_CHUNK * 4) / 64) * 64;
    this.maxRows = Math.min(maxRows, Math.floor((MAX_PAGES * PAGE - this.base) / (dimensions * 4)));
    if (capacityRows > this.maxRows) throw new RangeError(`${capacityRows} rows exceed the ${this.maxRows} a WebAssembly memory holds`);
    this.capacityRows = Math.max(1, capacityRows);
    this.memory = new WebAssembly.Memory({ initial: Math.ceil(this.bytesFor(this.capacityRows) / PAGE) });
    const exports = new WebAssembly.Instance(KERNEL!, { env: { memory: this.memory } }).exports as { dots: Kernel; scan: Kernel };
    this.dotsKernel = exports.dots;
    this.scanKernel = exports.scan;
  }

  private bytesFor(rows: number): number {
    return this.base + rows * this.dimensions * 4;
  }

  /** Views over the memory; made again after it grew (growing detaches the old ones). */
  private get v() {
    if (this.buffer !== this.memory.buffer) {
      const buffer = this.memory.buffer;
      this.buffer = buffer;
      this.views = {
        data: new Float32Array(buffer, this.base, this.capacityRows * this.dimensions),
        query: new Float32Array(buffer, this.queryAt, this.dimensions),
        rows: new Int32Array(buffer, this.rowsAt, SIMD_CHUNK),
        out: new Float32Array(buffer, this.outAt, SIMD_CHUNK),
      };
    }
    return this.views;
  }

  get capacity(): number {
    return this.capacityRows;
  }

  /** The matrix (capacity × dimensions). Valid until the next `reserve` that grows it. */
  get data(): Float32Array {
    return this.v.data;
  }

  /**
   * Room for at least `rows` rows, keeping what is stored (doubling, up to `maxRows`). Throws a RangeError past
   * `maxRows` or when the engine refuses to grow the memory; what is stored stays as it was.
   */
  reserve(rows: number): void {
    if (rows <= this.capacityRows) return;
    if (rows > this.maxRows) throw new RangeError(`${rows} rows exceed the ${this.maxRows} a WebAssembly memory holds`);
    const wanted = Math.min(Math.max(rows, this.capacityRows * 2), this.maxRows);
    const pages = Math.ceil(this.bytesFor(wanted) / PAGE) - this.memory.buffer.byteLength / PAGE;
    if (pages > 0) this.memory.grow(pages);
    this.capacityRows = wanted;
    this.buffer = undefined;
  }

  /** Sets the query the next scores are taken against. */
  setQuery(query: Float32Array): void {
    if (query.length !== this.dimensions) throw new Error(`query of ${query.length} dimensions against ${this.dimensions}-d rows`);
    this.v.query.set(query);
  }

  /** The scratch for row indices of `scoreListed` (SIMD_CHUNK long). */
  get rowList(): Int32Array {
    return this.v.rows;
  }

  /** query · row rowList[i] for i < n (n ≤ SIMD_CHUNK); the result is scratch, valid until the next call. */
  scoreListed(n: number): Float32Array {
    this.dotsKernel(this.queryAt, this.rowsAt, n, this.dimensions, this.base, this.outAt);
    return this.v.out;
  }

  /** query · row (first + i) for i < n (n ≤ SIMD_CHUNK); the result is scratch, valid until the next call. */
  scoreRange(first: number, n: number): Float32Array {
    this.scanKernel(this.queryAt, first, n, this.dimensions, this.base, this.outAt);
    return this.v.out;
  }

  /** query · one row. */
  scoreRow(row: number): number {
    return this.scoreRange(row, 1)[0]!;
  }
}

/** A SimdMatrix when this width has a kernel and the engine grants the memory; otherwise undefined. */
export function trySimdMatrix(dimensions: number, capacityRows: number, maxRows?: number): SimdMatrix | undefined {
  if (!SimdMatrix.supports(dimensions)) return undefined;
  try {
    return new SimdMatrix(dimensions, capacityRows, maxRows);
  } catch {
    return undefined;
  }
}
