/**
 * A small multilayer perceptron on Float64Arrays: tanh hidden layers, a linear output layer, forward and backward
 * passes written out, Adam with global-norm gradient clipping, and JSON (de)serialisation so a trained network can
 * sit in the model registry.
 *
 * Why hand-written and not tfjs: these networks are tiny (tens of inputs, 64×64 hidden, ≤ 10 outputs) and PPO calls
 * them one observation at a time during rollouts; tfjs pays a fixed cost per op (tens of µs on its wasm backend)
 * that dwarfs the few thousand multiply-adds a forward pass needs. Measured figures are in docs/deal-strategy.md ## PPO.
 *
 * Layout: layer l has `weights[l]` of shape out × in (row-major) and `biases[l]` of length out.
 */
import { gaussian, type Rng } from './env.js';

export interface MlpJson {
  kind: 'mlp-tanh';
  sizes: number[];
  weights: number[][];
  biases: number[][];
}

/** Activations of one forward pass, kept for the backward pass: `activations[0]` is the input. */
export interface MlpTrace {
  activations: Float64Array[];
  /** Gradient buffers for each layer's input during backward. */
  deltas: Float64Array[];
}

export class Mlp {
  readonly sizes: readonly number[];
  readonly weights: Float64Array[];
  readonly biases: Float64Array[];

  private constructor(sizes: readonly number[], weights: Float64Array[], biases: Float64Array[]) {
    this.sizes = sizes;
    this.weights = weights;
    this.biases = biases;
  }

  /**
   * A fresh network with orthogonal weights (Saxe et al. 2014), scaled by `hiddenGain` on hidden layers and
   * `outputGain` on the last; biases zero. The PPO convention: √2 hidden, 0.01 for policy logits (near-uniform
   * start), 1 for the value head.
   */
  static create(sizes: readonly number[], rng: Rng, options: { hiddenGain?: number; outputGain?: number } = {}): Mlp {
    if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
      throw new RangeError(`mlp: layer sizes must be ≥ 2 positive integers, got [${sizes.join(', ')}]`);
    }
    const hiddenGain = options.hiddenGain ?? Math.SQRT2;
    const outputGain = options.outputGain ?? 1;
    const weights: Float64Array[] = [];
    const biases: Float64Array[] = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const last = l + 2 === sizes.length;
      weights.push(orthogonal(sizes[l + 1]!, sizes[l]!, last ? outputGain : hiddenGain, rng));
      biases.push(new Float64Array(sizes[l + 1]!));
    }
    return new Mlp([...sizes], weights, biases);
  }

  static fromJSON(json: MlpJson): Mlp {
    if (json?.kind !== 'mlp-tanh' || !Array.isArray(json.sizes) || json.sizes.length < 2) {
      throw new RangeError('mlp: not a serialised tanh MLP');
    }
    const { sizes } = json;
    if (json.weights.length !== sizes.length - 1 || json.biases.length !== sizes.length - 1) {
      throw new RangeError('mlp: layer count does not match sizes');
    }
    const weights = json.weights.map((w, l) => {
      if (w.length !== sizes[l]! * sizes[l + 1]!) throw new RangeError(`mlp: layer ${l} weights have the wrong shape`);
      return Float64Array.from(w);
    });
    const biases = json.biases.map((b, l) => {
      if (b.length !== sizes[l + 1]!) throw new RangeError(`mlp: layer ${l} biases have the wrong shape`);
      return Float64Array.from(b);
    });
    for (const a of [...weights, ...biases]) {
      for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) throw new RangeError('mlp: non-finite parameter');
    }
    return new Mlp([...sizes], weights, biases);
  }

  toJSON(): MlpJson {
    return { kind: 'mlp-tanh', sizes: [...this.sizes], weights: this.weights.map((w) => Array.from(w)), biases: this.biases.map((b) => Array.from(b)) };
  }

  clone(): Mlp {
    return new Mlp([...this.sizes], this.weights.map((w) => w.slice()), this.biases.map((b) => b.slice()));
  }

  get inputSize(): number {
    return this.sizes[0]!;
  }

  get outputSize(): number {
    return this.sizes[this.sizes.length - 1]!;
  }

  /** Parameter arrays in a fixed order (w0, b0, w1, b1, …): what the optimiser and gradients line up with. */
  parameters(): Float64Array[] {
    const out: Float64Array[] = [];
    for (let l = 0; l < this.weights.length; l++) out.push(this.weights[l]!, this.biases[l]!);
    return out;
  }

  /** Zeroed arrays shaped like `parameters()`. */
  zeroGradients(): Float64Array[] {
    return this.parameters().map((p) => new Float64Array(p.length));
  }

  newTrace(): MlpTrace {
    return { activations: this.sizes.map((s) => new Float64Array(s)), deltas: this.sizes.map((s) => new Float64Array(s)) };
  }

  /** Forward pass; with a trace the activations are kept there (and the output is the trace's last array). */
  forward(input: ArrayLike<number>, trace: MlpTrace = this.newTrace()): Float64Array {
    const acts = trace.activations;
    const x0 = acts[0]!;
    const n0 = this.sizes[0]!;
    if (input.length !== n0) throw new RangeError(`mlp: expected ${n0} inputs, got ${input.length}`);
    for (let i = 0; i < n0; i++) x0[i] = input[i]!;
    const layers = this.weights.length;
    for (let l = 0; l < layers; l++) {
      const x = acts[l]!;
      const y = acts[l + 1]!;
      const w = this.weights[l]!;
      const b = this.biases[l]!;
      const nIn = x.length;
      const nOut = y.length;
      const hidden = l + 1 < layers;
      for (let o = 0; o < nOut; o++) {
        let s = b[o]!;
        const row = o * nIn;
        for (let i = 0; i < nIn; i++) s += w[row + i]! * x[i]!;
        y[o] = hidden ? Math.tanh(s) : s;
      }
    }
    return acts[layers]!;
  }

  /**
   * Backward pass for the trace of the last `forward`: adds ∂loss/∂θ to `gradients` (shaped like `parameters()`)
   * given ∂loss/∂output. Returns ∂loss/∂input (a trace buffer, overwritten by the next call; zeros when
   * `inputGradient` is false).
   */
  backward(trace: MlpTrace, outputGradient: ArrayLike<number>, gradients: Float64Array[], inputGradient = true): Float64Array {
    const acts = trace.activations;
    const deltas = trace.deltas;
    const layers = this.weights.length;
    const top = deltas[layers]!;
    for (let o = 0; o < top.length; o++) top[o] = outputGradient[o]!;
    for (let l = layers - 1; l >= 0; l--) {
      const x = acts[l]!;
      const g = deltas[l + 1]!;
      const gIn = deltas[l]!;
      const w = this.weights[l]!;
      const gw = gradients[2 * l]!;
      const gb = gradients[2 * l + 1]!;
      const nIn = x.length;
      const nOut = g.length;
      gIn.fill(0);
      // The input layer's own gradient is wanted only by callers that ask (training never does).
      const propagate = l > 0 || inputGradient;
      for (let o = 0; o < nOut; o++) {
        const go = g[o]!;
        if (go === 0) continue;
        gb[o]! += go;
        const row = o * nIn;
        if (propagate) {
          for (let i = 0; i < nIn; i++) {
            gw[row + i]! += go * x[i]!;
            gIn[i]! += go * w[row + i]!;
          }
        } else {
          for (let i = 0; i < nIn; i++) gw[row + i]! += go * x[i]!;
        }
      }
      // Through the tanh of the layer below (the input layer has none).
      if (l > 0) for (let i = 0; i < nIn; i++) gIn[i]! *= 1 - x[i]! * x[i]!;
    }
    return deltas[0]!;
  }

  newBatchTrace(capacity: number): MlpBatchTrace {
    return {
      capacity,
      activations: this.sizes.map((s) => new Float64Array(s * capacity)),
      deltas: this.sizes.map((s) => new Float64Array(s * capacity)),
    };
  }

  /**
   * Forward pass over `rows` inputs laid out row after row in `inputs`; returns the outputs the same way (a view
   * into the trace, valid until its next use).
   */
  forwardBatch(inputs: Float64Array, rows: number, trace: MlpBatchTrace): Float64Array {
    if (rows > trace.capacity) throw new RangeError(`mlp: batch of ${rows} rows exceeds the trace's ${trace.capacity}`);
    const n0 = this.sizes[0]!;
    if (inputs.length < rows * n0) throw new RangeError(`mlp: expected ${rows}×${n0} inputs, got ${inputs.length}`);
    trace.activations[0]!.set(inputs.subarray(0, rows * n0));
    const layers = this.weights.length;
    for (let l = 0; l < layers; l++) {
      layerForward(this.weights[l]!, this.biases[l]!, trace.activations[l]!, trace.activations[l + 1]!, rows, this.sizes[l]!, this.sizes[l + 1]!, l + 1 < layers);
    }
    return trace.activations[layers]!.subarray(0, rows * this.outputSize);
  }

  /** Backward pass of the last `forwardBatch`: adds the batch's summed ∂loss/∂θ to `gradients`. */
  backwardBatch(trace: MlpBatchTrace, rows: number, outputGradients: Float64Array, gradients: Float64Array[]): void {
    const layers = this.weights.length;
    trace.deltas[layers]!.set(outputGradients.subarray(0, rows * this.outputSize));
    for (let l = layers - 1; l >= 0; l--) {
      const nIn = this.sizes[l]!;
      const gIn = l > 0 ? trace.deltas[l]! : null;
      layerBackward(this.weights[l]!, trace.activations[l]!, trace.deltas[l + 1]!, gradients[2 * l]!, gradients[2 * l + 1]!, gIn, rows, nIn, this.sizes[l + 1]!);
      if (gIn) {
        const x = trace.activations[l]!;
        for (let i = 0; i < rows * nIn; i++) gIn[i]! *= 1 - x[i]! * x[i]!;
      }
    }
  }
}

/**
 * Activations of a forward pass over a batch of up to `capacity` rows, kept for `backwardBatch`: layer l's values
 * for row r sit at `activations[l][r·size_l …]`.
 */
export interface MlpBatchTrace {
  capacity: number;
  activations: Float64Array[];
  deltas: Float64Array[];
}

// Batched passes take four rows at a time through each weight row: every weight is loaded once per four rows,
// which roughly halves the time of a minibatch compared with one row at a time (measured in docs/deal-strategy.md).

/** y[r, o] = b[o] + Σ_i w[o, i]·x[r, i] for rows 0..n−1 (then tanh when `hidden`). */
function layerForward(w: Float64Array, b: Float64Array, x: Float64Array, y: Float64Array, n: number, nIn: number, nOut: number, hidden: boolean): void {
  let r = 0;
  for (; r + 3 < n; r += 4) {
    const x0 = r * nIn;
    const x1 = x0 + nIn;
    const x2 = x1 + nIn;
    const x3 = x2 + nIn;
    const y0 = r * nOut;
    for (let o = 0; o < nOut; o++) {
      const bias = b[o]!;
      let a0 = bias;
      let a1 = bias;
      let a2 = bias;
      let a3 = bias;
      const row = o * nIn;
      for (let i = 0; i < nIn; i++) {
        const wi = w[row + i]!;
        a0 += wi * x[x0 + i]!;
        a1 += wi * x[x1 + i]!;
        a2 += wi * x[x2 + i]!;
        a3 += wi * x[x3 + i]!;
      }
      if (hidden) {
        a0 = Math.tanh(a0);
        a1 = Math.tanh(a1);
        a2 = Math.tanh(a2);
        a3 = Math.tanh(a3);
      }
      y[y0 + o] = a0;
      y[y0 + nOut + o] = a1;
      y[y0 + 2 * nOut + o] = a2;
      y[y0 + 3 * nOut + o] = a3;
    }
  }
  for (; r < n; r++) {
    const x0 = r * nIn;
    for (let o = 0; o < nOut; o++) {
      let a = b[o]!;
      const row = o * nIn;
      for (let i = 0; i < nIn; i++) a += w[row + i]! * x[x0 + i]!;
      y[r * nOut + o] = hidden ? Math.tanh(a) : a;
    }
  }
}

/** Adds Σ_r g[r, o]·x[r, i] to gw and Σ_r g[r, o] to gb; when gIn is given, sets gIn[r, i] = Σ_o g[r, o]·w[o, i]. */
function layerBackward(w: Float64Array, x: Float64Array, g: Float64Array, gw: Float64Array, gb: Float64Array, gIn: Float64Array | null, n: number, nIn: number, nOut: number): void {
  for (let o = 0; o < nOut; o++) {
    const row = o * nIn;
    let r = 0;
    let bias = 0;
    for (; r + 3 < n; r += 4) {
      const g0 = g[r * nOut + o]!;
      const g1 = g[(r + 1) * nOut + o]!;
      const g2 = g[(r + 2) * nOut + o]!;
      const g3 = g[(r + 3) * nOut + o]!;
      bias += g0 + g1 + g2 + g3;
      const x0 = r * nIn;
      const x1 = x0 + nIn;
      const x2 = x1 + nIn;
      const x3 = x2 + nIn;
      for (let i = 0; i < nIn; i++) gw[row + i]! += g0 * x[x0 + i]! + g1 * x[x1 + i]! + g2 * x[x2 + i]! + g3 * x[x3 + i]!;
    }
    for (; r < n; r++) {
      const go = g[r * nOut + o]!;
      bias += go;
      const x0 = r * nIn;
      for (let i = 0; i < nIn; i++) gw[row + i]! += go * x[x0 + i]!;
    }
    gb[o]! += bias;
  }
  if (!gIn) return;
  gIn.fill(0, 0, n * nIn);
  let r = 0;
  for (; r + 3 < n; r += 4) {
    const i0 = r * nIn;
    const i1 = i0 + nIn;
    const i2 = i1 + nIn;
    const i3 = i2 + nIn;
    for (let o = 0; o < nOut; o++) {
      const g0 = g[r * nOut + o]!;
      const g1 = g[(r + 1) * nOut + o]!;
      const g2 = g[(r + 2) * nOut + o]!;
      const g3 = g[(r + 3) * nOut + o]!;
      const row = o * nIn;
      for (let i = 0; i < nIn; i++) {
        const wi = w[row + i]!;
        gIn[i0 + i]! += g0 * wi;
        gIn[i1 + i]! += g1 * wi;
        gIn[i2 + i]! += g2 * wi;
        gIn[i3 + i]! += g3 * wi;
      }
    }
  }
  for (; r < n; r++) {
    const i0 = r * nIn;
    for (let o = 0; o < nOut; o++) {
      const go = g[r * nOut + o]!;
      const row = o * nIn;
      for (let i = 0; i < nIn; i++) gIn[i0 + i]! += go * w[row + i]!;
    }
  }
}

/** An out × in matrix with orthonormal rows (or columns, whichever are fewer) times `gain`, by Gram–Schmidt. */
function orthogonal(rows: number, cols: number, gain: number, rng: Rng): Float64Array {
  const short = Math.min(rows, cols);
  const long = Math.max(rows, cols);
  const vectors: Float64Array[] = [];
  for (let k = 0; k < short; k++) {
    let v: Float64Array;
    let norm = 0;
    do {
      v = new Float64Array(long);
      for (let i = 0; i < long; i++) v[i] = gaussian(rng);
      for (const u of vectors) {
        let dot = 0;
        for (let i = 0; i < long; i++) dot += u[i]! * v[i]!;
        for (let i = 0; i < long; i++) v[i]! -= dot * u[i]!;
      }
      norm = 0;
      for (let i = 0; i < long; i++) norm += v[i]! * v[i]!;
      norm = Math.sqrt(norm);
    } while (norm < 1e-8);
    for (let i = 0; i < long; i++) v[i]! /= norm;
    vectors.push(v);
  }
  const m = new Float64Array(rows * cols);
  for (let k = 0; k < short; k++) {
    const v = vectors[k]!;
    for (let i = 0; i < long; i++) {
      // rows ≤ cols: vector k is row k; otherwise it is column k.
      if (rows <= cols) m[k * cols + i] = gain * v[i]!;
      else m[i * cols + k] = gain * v[i]!;
    }
  }
  return m;
}

/** Euclidean norm over several arrays. */
export function globalNorm(arrays: readonly Float64Array[]): number {
  let s = 0;
  for (const a of arrays) for (let i = 0; i < a.length; i++) s += a[i]! * a[i]!;
  return Math.sqrt(s);
}

/** Scales the arrays in place so their joint norm is at most `maxNorm`; returns the norm before clipping. */
export function clipGlobalNorm(arrays: readonly Float64Array[], maxNorm: number): number {
  const norm = globalNorm(arrays);
  if (norm > maxNorm && norm > 0) {
    const scale = maxNorm / norm;
    for (const a of arrays) for (let i = 0; i < a.length; i++) a[i]! *= scale;
  }
  return norm;
}

export interface AdamOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/** Adam (Kingma & Ba 2015) over a fixed list of parameter arrays; the learning rate may be changed between steps. */
export class Adam {
  learningRate: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly m: Float64Array[];
  private readonly v: Float64Array[];
  private t = 0;

  constructor(private readonly params: readonly Float64Array[], options: AdamOptions) {
    this.learningRate = options.learningRate;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-5;
    this.m = params.map((p) => new Float64Array(p.length));
    this.v = params.map((p) => new Float64Array(p.length));
  }

  /** One descent step along `gradients` (same shapes as the parameters). */
  step(gradients: readonly Float64Array[]): void {
    this.t++;
    const { beta1, beta2, epsilon } = this;
    const c1 = 1 - beta1 ** this.t;
    const c2 = 1 - beta2 ** this.t;
    const stepSize = (this.learningRate * Math.sqrt(c2)) / c1;
    const eps = epsilon * Math.sqrt(c2);
    for (let k = 0; k < this.params.length; k++) {
      const p = this.params[k]!;
      const g = gradients[k]!;
      const m = this.m[k]!;
      const v = this.v[k]!;
      for (let i = 0; i < p.length; i++) {
        const gi = g[i]!;
        const mi = beta1 * m[i]! + (1 - beta1) * gi;
        const vi = beta2 * v[i]! + (1 - beta2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        p[i]! -= (stepSize * mi) / (Math.sqrt(vi) + eps);
      }
    }
  }
}
