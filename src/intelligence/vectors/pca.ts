/**
 * The coarse scale of multi-scale memory: a PCA projection fitted on the workspace's own vectors (mean and
 * top components by subspace iteration on the covariance), re-normalised so cosine still applies.
 */
import { SIMD_CHUNK, trySimdMatrix, type SimdMatrix } from './simd-matrix.js';
import { dot, normalize } from './top-k.js';

export class Projection {
  constructor(
    readonly inputDimensions: number,
    readonly outputDimensions: number,
    /** inputDimensions values. */
    readonly mean: Float32Array,
    /** outputDimensions rows of inputDimensions values (orthonormal). */
    readonly components: Float32Array,
    /**
     * Share of the sample's variance the components keep (0–1), measured at fit; undefined for projections
     * stored before it was recorded. Little kept means neighbours differ mostly in what the projection drops.
     */
    readonly varianceKept?: number,
  ) {}

  /** Fits on up to `sample.length` vectors; deterministic for the same sample. */
  static fit(sample: readonly Float32Array[], outputDimensions: number, iterations = 12): Projection {
    const steps = Projection.fitSteps(sample, outputDimensions, iterations);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /**
   * The same fit, giving the event loop a turn every few milliseconds of work: at 2,000–5,000 vectors of 512
   * dimensions the fit takes seconds, and a server fits on the thread that answers requests (memory-index.ts).
   * The result is the one `fit` gives.
   */
  static async fitYielding(sample: readonly Float32Array[], outputDimensions: number, iterations = 12): Promise<Projection> {
    const steps = Projection.fitSteps(sample, outputDimensions, iterations);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** The fit's work, yielding after each slice of roughly a few million multiply-adds. */
  private static *fitSteps(sample: readonly Float32Array[], outputDimensions: number, iterations: number): Generator<void, Projection> {
    if (sample.length < 2) throw new Error('a projection needs at least two vectors');
    const d = sample[0]!.length;
    const k = Math.min(outputDimensions, d);
    const mean = new Float64Array(d);
    for (const v of sample) for (let i = 0; i < d; i++) mean[i]! += v[i]!;
    for (let i = 0; i < d; i++) mean[i]! /= sample.length;
    // Covariance (d × d, upper triangle then mirrored).
    const cov = new Float64Array(d * d);
    const centered = new Float64Array(d);
    let rows = 0;
    for (const v of sample) {
      if (++rows % 4 === 0) yield;
      for (let i = 0; i < d; i++) centered[i] = v[i]! - mean[i]!;
      for (let i = 0; i < d; i++) {
        const ci = centered[i]!;
        if (ci === 0) continue;
        const row = i * d;
        for (let j = i; j < d; j++) cov[row + j]! += ci * centered[j]!;
      }
    }
    for (let i = 0; i < d; i++) for (let j = i; j < d; j++) cov[j * d + i] = cov[i * d + j]! /= sample.length;
    // Subspace iteration: Q ← orth(C·Q), starting from a fixed pseudo-random basis.
    let q = new Float64Array(d * k);
    let seed = 12345;
    for (let i = 0; i < q.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      q[i] = seed / 2 ** 32 - 0.5;
    }
    yield* orthonormalizeColumns(q, d, k);
    const z = new Float64Array(d * k);
    for (let it = 0; it < iterations; it++) {
      z.fill(0);
      for (let i = 0; i < d; i++) {
        if (i % 16 === 15) yield;
        const row = i * d;
        for (let j = 0; j < d; j++) {
          const c = cov[row + j]!;
          if (c === 0) continue;
          const qj = j * k;
          const zi = i * k;
          for (let c2 = 0; c2 < k; c2++) z[zi + c2]! += c * q[qj + c2]!;
        }
      }
      q = Float64Array.from(z);
      yield* orthonormalizeColumns(q, d, k);
    }
    const components = new Float32Array(k * d);
    for (let c = 0; c < k; c++) for (let i = 0; i < d; i++) components[c * d + i] = q[i * k + c]!;
    // Variance kept: Σ_c q_cᵀ C q_c over the trace of C.
    let trace = 0;
    for (let i = 0; i < d; i++) trace += cov[i * d + i]!;
    let kept = 0;
    const cq = new Float64Array(d);
    for (let c = 0; c < k; c++) {
      if (c % 4 === 3) yield;
      cq.fill(0);
      for (let i = 0; i < d; i++) {
        const row = i * d;
        let sum = 0;
        for (let j = 0; j < d; j++) sum += cov[row + j]! * q[j * k + c]!;
        cq[i] = sum;
      }
      for (let i = 0; i < d; i++) kept += q[i * k + c]! * cq[i]!;
    }
    return new Projection(d, k, Float32Array.from(mean), components, trace > 0 ? Math.min(1, kept / trace) : 1);
  }

  /** The components in WebAssembly memory for the SIMD kernel, made on the first projection (undefined: none). */
  private simd: SimdMatrix | null | undefined;

  private componentsSimd(): SimdMatrix | undefined {
    if (this.simd === undefined) {
      this.simd = trySimdMatrix(this.inputDimensions, this.outputDimensions) ?? null;
      this.simd?.data.set(this.components);
    }
    return this.simd ?? undefined;
  }

  /** `simd` false: the JavaScript dot (the bench compares the two). */
  project(v: Float32Array, simd = true): Float32Array {
    const d = this.inputDimensions;
    // Centre once, then one dot per component (four running sums; every search projects its query).
    const centred = new Float32Array(d);
    for (let i = 0; i < d; i++) centred[i] = v[i]! - this.mean[i]!;
    const out = new Float32Array(this.outputDimensions);
    const kernel = simd ? this.componentsSimd() : undefined;
    if (kernel && this.outputDimensions <= SIMD_CHUNK) {
      kernel.setQuery(centred);
      out.set(kernel.scoreRange(0, this.outputDimensions).subarray(0, this.outputDimensions));
    } else for (let c = 0; c < this.outputDimensions; c++) out[c] = dot(centred, this.components, c * d);
    return normalize(out);
  }

  serialize(): string {
    const b64 = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
    return JSON.stringify({ input: this.inputDimensions, output: this.outputDimensions, mean: b64(this.mean), components: b64(this.components), kept: this.varianceKept });
  }

  static deserialize(json: string): Projection {
    const o = JSON.parse(json) as { input: number; output: number; mean: string; components: string; kept?: number };
    const f32 = (s: string) => {
      const b = Buffer.from(s, 'base64');
      return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    };
    const p = new Projection(o.input, o.output, f32(o.mean), f32(o.components), typeof o.kept === 'number' ? o.kept : undefined);
    if (p.mean.length !== p.inputDimensions || p.components.length !== p.inputDimensions * p.outputDimensions) throw new Error('corrupt projection');
    return p;
  }
}

/** Modified Gram-Schmidt on the k columns of a row-major d × k matrix (yielding every few columns). */
function* orthonormalizeColumns(m: Float64Array, d: number, k: number): Generator<void, void> {
  for (let c = 0; c < k; c++) {
    if (c % 8 === 7) yield;
    for (let p = 0; p < c; p++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += m[i * k + c]! * m[i * k + p]!;
      for (let i = 0; i < d; i++) m[i * k + c]! -= s * m[i * k + p]!;
    }
    let n = 0;
    for (let i = 0; i < d; i++) n += m[i * k + c]! ** 2;
    n = Math.sqrt(n) || 1;
    for (let i = 0; i < d; i++) m[i * k + c]! /= n;
  }
}
