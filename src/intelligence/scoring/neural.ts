/**
 * The `neural` strategy: a small feed-forward network on the same encoded rows as logistic regression (structured
 * features, activity phrases and out-of-fold rates, z-scored on the training rows). One hidden layer of ReLU units
 * beside a linear ("wide") path: the linear path alone is logistic regression, the hidden units add the
 * interactions a linear model cannot express (this field matters only when that one is high).
 *
 *   log-odds(z) = b + wLin·z + Σₖ w2ₖ · relu(b1ₖ + W1[·,k]·z)
 *
 * Training runs on TensorFlow.js (the WebAssembly backend when it starts, else the plain CPU one): mini-batch Adam
 * on the weighted log-loss with L2 on every weight and dropout on the hidden units, every random draw (initial
 * weights, batch order, dropout masks, resamples) from a seeded mulberry32, so a seed gives the same model. Early
 * stopping, the choice of the L2 penalty and a Platt calibrator all use the calibration slice (outcomes resolved
 * after the training ones), never the test set. The uncertainty is the spread of a small ensemble of networks
 * trained on resamples of the training records.
 *
 * Scoring needs no TensorFlow: the weights are extracted into plain arrays, which is also what the model store
 * keeps, and a prediction is a few thousand multiply-adds. Factors are exact integrated gradients from the average
 * training deal (z = 0): each feature's share of the log-odds difference from that deal, and they add up to it.
 *
 */
import { createRequire } from 'node:module';
import type * as TF from '@tensorflow/tfjs';
import { applyPlatt, fitStandardizer, logit, mulberry32, sigmoid, type PlattCalibrator } from './learn/index.js';
import type { Snapshot } from './features.js';
import { calibrate, clamp01, encode, encodeTraining, featureNames, fitEncoding, recordGroups, recordSample, spreadInterval, type Encoding } from './encoding.js';
import type { Example, Prediction, ScoreModel, ScoringStrategy } from './strategies.js';

type Tf = typeof TF;

/**
 * Settings of one training run. The defaults were set from the calibration-slice loss of the shared data set's
 * training part (the L2 range: deals wanted strong shrinkage, leads weak), never from a test split.
 */
export interface NeuralSettings {
  /** Hidden ReLU units. */
  hidden: number;
  /** Share of hidden units dropped at each training step. */
  dropout: number;
  /**
   * L2 penalties (per unit of mean log-loss) tried on the calibration slice, strongest first until the loss stops
   * falling: the one with the lowest loss wins.
   */
  l2: readonly number[];
  /** The penalty without a calibration slice. */
  l2WithoutCalibration: number;
  learningRate: number;
  batchSize: number;
  /** Epochs at most with a calibration slice (early stopping ends most runs far sooner). */
  maxEpochs: number;
  /** Epochs without a calibration slice (nothing to stop on). */
  epochsWithoutCalibration: number;
  /** Epochs without a better calibration loss before training stops (the best weights are kept). */
  patience: number;
  /** Ensemble members for the interval (0: none). */
  members: number;
  /** Training rows above which the penalty is chosen on a sample of this many. */
  selectionRows: number;
  seed: number;
}

export const NEURAL_DEFAULTS: NeuralSettings = {
  hidden: 16,
  dropout: 0.2,
  l2: [0.003, 0.01, 0.03, 0.1, 0.3],
  l2WithoutCalibration: 0.03,
  learningRate: 0.005,
  batchSize: 128,
  maxEpochs: 200,
  epochsWithoutCalibration: 40,
  patience: 15,
  members: 5,
  seed: 7,
  selectionRows: 6000,
};

/** Held-out rows below this and there is no calibration slice: fixed epochs and penalty, no Platt. */
const MIN_CALIBRATION = 30;

// ---------------------------------------------------------------- the network as plain numbers ----

/** A trained network on z-scored inputs, weights as plain arrays (`w1` is d × hidden, row-major). */
export interface NetJson {
  d: number;
  hidden: number;
  w1: number[];
  b1: number[];
  w2: number[];
  wLin: number[];
  b: number;
}

/** The same network in typed arrays, for scoring. */
interface Net {
  d: number;
  h: number;
  w1: Float64Array;
  b1: Float64Array;
  w2: Float64Array;
  wLin: Float64Array;
  b: number;
}

const toNet = (j: NetJson): Net => {
  if (j.w1.length !== j.d * j.hidden || j.b1.length !== j.hidden || j.w2.length !== j.hidden || j.wLin.length !== j.d) {
    throw new RangeError('neural model: weight shapes do not match');
  }
  return { d: j.d, h: j.hidden, w1: Float64Array.from(j.w1), b1: Float64Array.from(j.b1), w2: Float64Array.from(j.w2), wLin: Float64Array.from(j.wLin), b: j.b };
};

/** Pre-activations of the hidden units: b1 + zᵀW1. */
function hiddenInputs(net: Net, z: Float64Array): Float64Array {
  const a = Float64Array.from(net.b1);
  for (let j = 0; j < net.d; j++) {
    const zj = z[j]!;
    if (zj === 0) continue;
    const off = j * net.h;
    for (let k = 0; k < net.h; k++) a[k]! += zj * net.w1[off + k]!;
  }
  return a;
}

/** The network's log-odds for a z-scored row. */
export function netLogOdds(net: Net, z: Float64Array): number {
  const a = hiddenInputs(net, z);
  let eta = net.b;
  for (let k = 0; k < net.h; k++) if (a[k]! > 0) eta += net.w2[k]! * a[k]!;
  for (let j = 0; j < net.d; j++) eta += net.wLin[j]! * z[j]!;
  return eta;
}

/**
 * Integrated gradients from the average training row (z = 0) to z, exactly: along the path t·z each hidden unit's
 * input b1ₖ + t·sₖ is linear in t, so the unit is on for a known fraction of the path and the integral of the
 * gradient is closed-form. The attributions sum to logOdds(z) − logOdds(0) (completeness).
 */
export function netAttribution(net: Net, z: Float64Array): Float64Array {
  const { d, h } = net;
  const s = new Float64Array(h);
  for (let j = 0; j < d; j++) {
    const zj = z[j]!;
    if (zj === 0) continue;
    for (let k = 0; k < h; k++) s[k]! += zj * net.w1[j * h + k]!;
  }
  // Share of t ∈ [0, 1] during which unit k is active, times its output weight.
  const on = new Float64Array(h);
  for (let k = 0; k < h; k++) {
    const b1 = net.b1[k]!;
    const sk = s[k]!;
    let frac: number;
    if (sk === 0) frac = b1 > 0 ? 1 : 0;
    else {
      const cross = -b1 / sk;
      frac = sk > 0 ? 1 - Math.min(1, Math.max(0, cross)) : Math.min(1, Math.max(0, cross));
    }
    on[k] = frac * net.w2[k]!;
  }
  const out = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const zj = z[j]!;
    if (zj === 0) continue;
    let g = net.wLin[j]!;
    for (let k = 0; k < h; k++) g += on[k]! * net.w1[j * h + k]!;
    out[j] = zj * g;
  }
  return out;
}

// ---------------------------------------------------------------- the scoring model ----

export interface NeuralJson {
  strategy: 'neural';
  encoding: Encoding;
  standardizer: { mean: number[]; std: number[] };
  net: NetJson;
  /** Networks trained on resamples of the training records (empty when trained without uncertainty). */
  members: NetJson[];
  platt: PlattCalibrator | null;
  /** How it was trained: settings, the penalty and epochs chosen, the backend. */
  training: { hidden: number; dropout: number; l2: number; epochs: number; learningRate: number; batchSize: number; seed: number; backend: string; calibrationLoss: number | null };
}

export class NeuralScoreModel implements ScoreModel {
  readonly strategy = 'neural' as const;
  private readonly net: Net;
  private readonly members: Net[];
  private readonly mean: Float64Array;
  private readonly std: Float64Array;
  private readonly names: string[];

  constructor(private readonly j: NeuralJson) {
    this.net = toNet(j.net);
    this.members = j.members.map(toNet);
    this.mean = Float64Array.from(j.standardizer.mean);
    this.std = Float64Array.from(j.standardizer.std);
    this.names = featureNames(j.encoding);
    if (this.names.length !== this.net.d || this.mean.length !== this.net.d) throw new RangeError('neural model: encoding and weights disagree');
  }

  /** A snapshot's z-scored row. */
  row(s: Snapshot): Float64Array {
    const x = encode(this.j.encoding, s);
    for (let i = 0; i < x.length; i++) x[i] = (x[i]! - this.mean[i]!) / this.std[i]!;
    return x;
  }

  /** Uncalibrated log-odds of the main network. */
  logOdds(s: Snapshot): number {
    return netLogOdds(this.net, this.row(s));
  }

  /** Every feature's integrated-gradient effect on the log-odds, relative to the average training row. */
  attribution(s: Snapshot): { feature: string; effect: number }[] {
    const a = netAttribution(this.net, this.row(s));
    return this.names.map((feature, j) => ({ feature, effect: a[j]! }));
  }

  predict(s: Snapshot): Prediction {
    const z = this.row(s);
    const cal = (p: number) => (this.j.platt ? applyPlatt(this.j.platt, p) : p);
    const p = clamp01(cal(sigmoid(netLogOdds(this.net, z))));
    const spread = this.members.map((m) => clamp01(cal(sigmoid(netLogOdds(m, z)))));
    const a = netAttribution(this.net, z);
    const factors: { feature: string; effect: number }[] = [];
    for (let j = 0; j < a.length; j++) if (a[j] !== 0) factors.push({ feature: this.names[j]!, effect: a[j]! });
    factors.sort((x, y) => Math.abs(y.effect) - Math.abs(x.effect));
    return { probability: p, interval: spreadInterval(spread, p), factors: factors.slice(0, 8) };
  }

  toJSON(): NeuralJson {
    return this.j;
  }
}

// ---------------------------------------------------------------- training (TensorFlow.js) ----

let runtime: Promise<{ tf: Tf; backend: string }> | undefined;

/**
 * TensorFlow.js, loaded on the first training only (scoring never needs it). The WebAssembly backend is several
 * times faster than the JavaScript one at these sizes; its start is asynchronous, hence an async `train`.
 */
function tensorflow(): Promise<{ tf: Tf; backend: string }> {
  runtime ??= (async () => {
    const require = createRequire(import.meta.url);
    const tf = require('@tensorflow/tfjs') as Tf;
    try {
      require('@tensorflow/tfjs-backend-wasm');
      // The threaded build cannot start from Node's worker_threads (see embeddings/use-worker.ts).
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      if (await tf.setBackend('wasm')) return { tf, backend: 'wasm' };
    } catch {
      // fall through to the CPU backend
    }
    // The CPU backend otherwise prints an advert for tfjs-node on its first use.
    tf.enableProdMode();
    if (!(await tf.setBackend('cpu'))) throw new Error('neural: no TensorFlow.js backend could start');
    return { tf, backend: 'cpu' };
  })();
  return runtime;
}

/** Standard normal draws (Box–Muller) from a seeded uniform source. */
function gaussian(rng: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/** Rows of z-scored features in one float32 block, with labels and sample weights (mean 1). */
interface Block {
  n: number;
  d: number;
  z: Float32Array;
  y: Float32Array;
  w: Float32Array;
}

function block(rows: readonly Float64Array[], y: readonly number[], w: readonly number[], d: number): Block {
  const n = rows.length;
  const z = new Float32Array(n * d);
  rows.forEach((r, i) => z.set(r, i * d));
  const total = w.reduce((a, b) => a + b, 0);
  return { n, d, z, y: Float32Array.from(y), w: Float32Array.from(w, (v) => (v * n) / (total || 1)) };
}

function subset(b: Block, idx: ArrayLike<number>): Block {
  const n = idx.length;
  const z = new Float32Array(n * b.d);
  const y = new Float32Array(n);
  const w = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const r = idx[i]!;
    z.set(b.z.subarray(r * b.d, (r + 1) * b.d), i * b.d);
    y[i] = b.y[r]!;
    w[i] = b.w[r]!;
  }
  return { n, d: b.d, z, y, w };
}

/** Weighted mean log-loss of log-odds against labels. */
function meanLogLoss(eta: ArrayLike<number>, b: Block): number {
  let loss = 0;
  let total = 0;
  for (let i = 0; i < b.n; i++) {
    const e = eta[i]!;
    loss += b.w[i]! * (Math.max(e, 0) - b.y[i]! * e + Math.log1p(Math.exp(-Math.abs(e))));
    total += b.w[i]!;
  }
  return loss / total;
}

interface FitResult {
  net: NetJson;
  /** Epochs of the kept weights. */
  epochs: number;
  /** The held-out loss of the kept weights (null without a held-out block). */
  heldLoss: number | null;
}

/**
 * One network: mini-batch Adam for `epochs` epochs, or with a held-out block until its loss has not improved for
 * `patience` epochs (keeping the best weights). Synchronous once TensorFlow is loaded; every tensor is freed.
 */
function fitNet(tf: Tf, data: Block, held: Block | null, s: NeuralSettings, l2: number, seed: number, epochs: number): FitResult {
  const { n, d } = data;
  const h = s.hidden;
  const rng = mulberry32(seed);
  const normal = gaussian(rng);
  const initial = (count: number, scale: number) => Float32Array.from({ length: count }, () => normal() * scale);
  let pos = 0;
  for (let i = 0; i < n; i++) pos += data.y[i]! * data.w[i]!;
  const base = logit((pos + 1) / (n + 2));

  const keep: TF.Tensor[] = [];
  const hold = <T extends TF.Tensor>(t: T): T => (keep.push(t), t);
  // Inside tidy, the initial values are freed once the variables hold their copies.
  const variable = (init: () => TF.Tensor) => hold(tf.tidy(() => tf.variable(init(), true)));
  const params = () => [W1, b1, w2, wLin, b];
  const W1 = variable(() => tf.tensor2d(initial(d * h, Math.sqrt(2 / Math.max(1, d))), [d, h]));
  const b1 = variable(() => tf.zeros([h]));
  const w2 = variable(() => tf.tensor2d(initial(h, Math.sqrt(1 / h)), [h, 1]));
  const wLin = variable(() => tf.zeros([d, 1]));
  const b = variable(() => tf.scalar(base));
  const HX = held ? hold(tf.tensor2d(held.z, [held.n, d])) : null;
  const optimizer = tf.train.adam(s.learningRate);

  const logits = (x: TF.Tensor2D, mask: TF.Tensor2D | null) => {
    let a = tf.relu(tf.add(tf.matMul(x, W1), b1));
    if (mask) a = tf.mul(a, mask);
    return tf.reshape(tf.add(tf.add(tf.matMul(a, w2), tf.matMul(x, wLin)), b), [-1]);
  };
  // Nine significant digits hold a float32 exactly and keep the stored JSON short; scoring uses these numbers.
  const values = (t: TF.Tensor) => Array.from(t.dataSync(), (v) => Number(v.toPrecision(9)));
  const extract = (): NetJson => ({ d, hidden: h, w1: values(W1), b1: values(b1), w2: values(w2), wLin: values(wLin), b: values(b)[0]! });

  const order = Int32Array.from({ length: n }, (_, i) => i);
  const batch = Math.max(1, Math.min(s.batchSize, n));
  const scale = 1 / (1 - s.dropout);
  let best: FitResult = { net: extract(), epochs: 0, heldLoss: null };
  let since = 0;
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      for (let start = 0; start < n; start += batch) {
        const m = Math.min(n, start + batch) - start;
        // The batch is copied on the JavaScript side: tf.gather on the whole block costs more than the step itself.
        const xb = new Float32Array(m * d);
        const yb = new Float32Array(m);
        const wb = new Float32Array(m);
        for (let i = 0; i < m; i++) {
          const r = order[start + i]!;
          xb.set(data.z.subarray(r * d, (r + 1) * d), i * d);
          yb[i] = data.y[r]!;
          wb[i] = data.w[r]!;
        }
        const mask = new Float32Array(m * h);
        for (let i = 0; i < mask.length; i++) mask[i] = rng() < s.dropout ? 0 : scale;
        optimizer.minimize(() => {
          const eta = logits(tf.tensor2d(xb, [m, d]), s.dropout > 0 ? tf.tensor2d(mask, [m, h]) : null);
          const w = tf.tensor1d(wb);
          // Weighted log-loss: softplus(η) − yη (tf.softplus is stable for any η on both backends).
          const loss = tf.div(tf.sum(tf.mul(w, tf.sub(tf.softplus(eta), tf.mul(tf.tensor1d(yb), eta)))), tf.sum(w));
          const penalty = tf.mul(l2, tf.add(tf.add(tf.sum(tf.square(W1)), tf.sum(tf.square(w2))), tf.sum(tf.square(wLin))));
          return tf.add(loss, penalty) as TF.Scalar;
        }, false, params());
      }
      if (!held || !HX) continue;
      const eta = tf.tidy(() => logits(HX as TF.Tensor2D, null).dataSync());
      const loss = meanLogLoss(eta, held);
      if (!(loss < (best.heldLoss ?? Infinity))) {
        if (++since >= s.patience) break;
        continue;
      }
      since = 0;
      best = { net: extract(), epochs: epoch, heldLoss: loss };
    }
    return held ? best : { net: extract(), epochs, heldLoss: null };
  } finally {
    optimizer.dispose();
    for (const t of keep) t.dispose();
  }
}

/** A resample of the training records with replacement; every moment of a drawn record comes along. */
function recordBootstrap(examples: readonly Example[], rng: () => number): number[] {
  const groups = recordGroups(examples);
  const out: number[] = [];
  for (let r = 0; r < groups.length; r++) out.push(...groups[Math.floor(rng() * groups.length)]!);
  return out;
}

/** Trains the neural strategy; `settings` overrides the defaults (tests use smaller ones). */
export async function trainNeural(
  examples: Example[],
  calibration?: Example[],
  opts: { uncertainty?: boolean; settings?: Partial<NeuralSettings> } = {},
): Promise<NeuralScoreModel> {
  if (examples.length === 0) throw new RangeError('neural: no training examples');
  const s: NeuralSettings = { ...NEURAL_DEFAULTS, ...opts.settings };
  const { tf, backend } = await tensorflow();
  const encoding = fitEncoding(examples.map((e) => e.snap), examples);
  const rows = encodeTraining(encoding, examples);
  const standardizer = fitStandardizer(rows);
  const d = rows[0]!.length;
  const zrow = (x: Float64Array) => x.map((v, j) => (v - standardizer.mean[j]!) / standardizer.std[j]!);
  const data = block(rows.map(zrow), examples.map((e) => e.label), examples.map((e) => e.weight), d);
  const held = calibration && calibration.length >= MIN_CALIBRATION
    ? block(calibration.map((e) => zrow(encode(encoding, e.snap))), calibration.map((e) => e.label), calibration.map((e) => e.weight), d)
    : null;

  // The penalty with the lowest calibration loss, each fit stopped early on the same slice (as logistic chooses its
  // penalty there): the records and phrases vary by workspace, and so does how much shrinkage they need.
  // On a large workspace the penalty is chosen on a record-level sample of the training rows (the choice needs
  // the shape of the loss, not every row), and the network is then fitted once on all of them.
  const sample = held && examples.length > s.selectionRows ? subset(data, recordSample(examples, s.selectionRows, mulberry32(s.seed + 17))) : data;
  // The penalties are tried from the strongest down, and the search stops at the first one whose loss is worse
  // than the best so far: past the best penalty the loss only rises as the network overfits (a run with a weak
  // penalty is also the slowest, early stopping waiting out its patience from the first epochs).
  let chosen: (FitResult & { l2: number }) | undefined;
  for (const l2 of held ? [...s.l2].sort((a, b) => b - a) : [s.l2WithoutCalibration]) {
    const fit = fitNet(tf, sample, held, s, l2, s.seed, held ? s.maxEpochs : s.epochsWithoutCalibration);
    if (chosen && !((fit.heldLoss ?? Infinity) < (chosen.heldLoss ?? Infinity))) break;
    chosen = { ...fit, l2 };
  }
  const main = sample === data ? chosen! : { ...fitNet(tf, data, held, s, chosen!.l2, s.seed, s.maxEpochs), l2: chosen!.l2 };
  const epochs = Math.max(1, main.epochs);

  // Members: the chosen penalty and epochs, on record-level resamples, each with a seed of its own.
  const members: NetJson[] = [];
  if (opts.uncertainty !== false && s.members > 0) {
    const rng = mulberry32(s.seed * 7919 + 1);
    for (let k = 0; k < s.members; k++) {
      members.push(fitNet(tf, subset(data, recordBootstrap(examples, rng)), null, s, main.l2, s.seed + 1000 * (k + 1), epochs).net);
    }
  }

  const draft: NeuralJson = {
    strategy: 'neural', encoding,
    standardizer: { mean: Array.from(standardizer.mean), std: Array.from(standardizer.std) },
    net: main.net, members, platt: null,
    training: { hidden: s.hidden, dropout: s.dropout, l2: main.l2, epochs, learningRate: s.learningRate, batchSize: s.batchSize, seed: s.seed, backend, calibrationLoss: main.heldLoss },
  };
  if (held && calibration) {
    const uncalibrated = new NeuralScoreModel(draft);
    draft.platt = calibrate(calibration.map((e) => sigmoid(uncalibrated.logOdds(e.snap))), calibration.map((e) => e.label));
  }
  return new NeuralScoreModel(draft);
}

export const neuralStrategy: ScoringStrategy = {
  name: 'neural',
  learns: true,
  train: (examples, calibration, opts = {}) => trainNeural(examples, calibration, opts),
  restore: (json) => new NeuralScoreModel(json as NeuralJson),
};
