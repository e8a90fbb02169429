/**
 * The `neural` strategy: a small feed-forward network on the same encoded rows as logistic regression (structured
 * features, activity phrases and out-of-fold rates, z-scored on the training rows). One hidden layer of ReLU units
 * beside a linear ("wide") path: the linear path alone is logistic regression, the hidden units add the
 * interactions a linear model cannot express (this field matters only when that one is high).
 *
 *   log-odds(z) = b + wLin·z + Σₖ w2ₖ · relu(b1ₖ + W1[·,k]·z)
 *
 * Training is plain arithmetic on typed arrays, forward and backward passes written out: mini-batch Adam on the
 * weighted log-loss with L2 on every weight and dropout on the hidden units, every random draw (initial weights,
 * batch order, dropout masks, resamples) from a seeded mulberry32, so a seed gives the same model on any machine.
 * The rows are kept as a shared base row plus a sparse remainder (standardised one-hot and phrase columns are one
 * constant on most rows), so a step costs a few dozen columns per row, not a few hundred. (It ran on TensorFlow.js
 * before; the same algorithm and random draws, it reaches the same calibration losses some 2–3× faster.) Early
 * stopping, the choice of the L2 penalty and a Platt calibrator all use the calibration slice (outcomes resolved
 * after the training ones), never the test set. The uncertainty is the spread of a small ensemble of networks
 * trained on resamples of the training records.
 *
 * Scoring needs the same few numbers: the weights are kept as plain arrays, which is also what the model store
 * keeps, and a prediction is a few thousand multiply-adds. Factors are exact integrated gradients from the average
 * training deal (z = 0): each feature's share of the log-odds difference from that deal, and they add up to it.
 *
 */
import { applyPlatt, fitStandardizer, logit, mulberry32, sigmoid, type PlattCalibrator } from './learn/index.js';
import type { Snapshot } from './features.js';
import { calibrate, clamp01, encode, encodeTraining, featureNames, fitEncoding, recordGroups, recordSample, spreadInterval, withRateShares, type Encoding } from './encoding.js';
import type { Example, Prediction, ScoreModel, ScoringStrategy, TrainOptions } from './strategies.js';

/**
 * Settings of one training run. The defaults were set from the calibration-slice loss of the shared data set's
 * training part (the L2 range: deals wanted strong shrinkage, leads weak), never from a test split.
 */
export interface NeuralSettings {
  /** Hidden ReLU units. */
  hidden: number;
  /** Share of hidden units dropped at each training step. */
  dropout: number;
  /** L2 penalties (per unit of mean log-loss) tried on the calibration slice: the one with the lowest loss wins. */
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
    return { probability: p, interval: spreadInterval(spread, p), factors: withRateShares(this.j.encoding, s, factors.slice(0, 8)) };
  }

  toJSON(): NeuralJson {
    return this.j;
  }
}

// ---------------------------------------------------------------- training (plain arrays) ----

/** Standard normal draws (Box–Muller) from a seeded uniform source. */
function gaussian(rng: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/**
 * Rows of z-scored features, each written as the shared `base` row plus a sparse remainder (as logistic regression's
 * Newton steps use them): a standardised one-hot or phrase column is one constant on most rows, so a row has a few
 * dozen entries of its own out of a few hundred columns, and a training step costs that many multiply-adds per
 * hidden unit instead of all of them. With labels and sample weights (mean 1 over the training block).
 */
interface Block {
  n: number;
  /** Row i's entries are col/val[from[i] .. to[i]) (rows of a subset share the store of the block they came from). */
  from: Uint32Array;
  to: Uint32Array;
  col: Uint32Array;
  val: Float64Array;
  y: Float64Array;
  w: Float64Array;
}

/** The z-scored rows' shared part and how to split a raw row into it plus its own entries. */
interface Layout {
  d: number;
  base: Float64Array;
  reference: Float64Array;
  std: Float64Array;
}

function layout(rows: readonly Float64Array[], mean: Float64Array, std: Float64Array): Layout {
  const d = mean.length;
  // A column's reference value is 0, or its value when it never varies (it then standardises to exactly 0).
  const reference = new Float64Array(d);
  for (let j = 0; j < d; j++) if (rows.every((r) => r[j] === rows[0]![j])) reference[j] = rows[0]![j]!;
  const base = Float64Array.from(reference, (r, j) => (r - mean[j]!) / std[j]!);
  return { d, base, reference, std };
}

function block(l: Layout, rows: readonly Float64Array[], y: readonly number[], w: readonly number[]): Block {
  const n = rows.length;
  const from = new Uint32Array(n);
  const to = new Uint32Array(n);
  let nnz = 0;
  for (const row of rows) for (let j = 0; j < l.d; j++) if (row[j] !== l.reference[j]) nnz++;
  const col = new Uint32Array(nnz);
  const val = new Float64Array(nnz);
  let at = 0;
  rows.forEach((row, i) => {
    from[i] = at;
    for (let j = 0; j < l.d; j++) {
      if (row[j] === l.reference[j]) continue;
      col[at] = j;
      val[at++] = (row[j]! - l.reference[j]!) / l.std[j]!;
    }
    to[i] = at;
  });
  const total = w.reduce((a, b) => a + b, 0);
  return { n, from, to, col, val, y: Float64Array.from(y), w: Float64Array.from(w, (v) => (v * n) / (total || 1)) };
}

function subset(b: Block, rows: ArrayLike<number>): Block {
  const n = rows.length;
  const out: Block = { n, from: new Uint32Array(n), to: new Uint32Array(n), col: b.col, val: b.val, y: new Float64Array(n), w: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    out.from[i] = b.from[r]!;
    out.to[i] = b.to[r]!;
    out.y[i] = b.y[r]!;
    out.w[i] = b.w[r]!;
  }
  return out;
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

/** Adam's constants (as in TensorFlow.js, which trained this network before). */
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7;

/**
 * One network: mini-batch Adam on the weighted mean log-loss plus l2·(‖W1‖² + ‖w2‖² + ‖wLin‖²), with inverted
 * dropout on the hidden units, for `epochs` epochs, or with a held-out block until its loss has not improved for
 * `patience` epochs (keeping the best weights). Forward and backward passes are written out by hand over the
 * sparse rows; every random draw (initial weights, batch order, dropout masks) comes from the seeded generator.
 */
function fitNet(l: Layout, data: Block, held: Block | null, s: NeuralSettings, l2: number, seed: number, epochs: number): FitResult {
  const { d, base } = l;
  const { n } = data;
  const h = s.hidden;
  const rng = mulberry32(seed);
  const normal = gaussian(rng);
  const initial = (count: number, scale: number) => Float64Array.from({ length: count }, () => normal() * scale);
  let pos = 0;
  for (let i = 0; i < n; i++) pos += data.y[i]! * data.w[i]!;

  // Parameters in one array (W1 d×h row-major, b1, w2, wLin, b) so Adam updates them in one loop.
  const oB1 = d * h;
  const oW2 = oB1 + h;
  const oLin = oW2 + h;
  const oB = oLin + d;
  const size = oB + 1;
  const p = new Float64Array(size);
  p.set(initial(d * h, Math.sqrt(2 / Math.max(1, d))), 0);
  p.set(initial(h, Math.sqrt(1 / h)), oW2);
  p[oB] = logit((pos + 1) / (n + 2));
  // Penalised parameters: W1, w2 and wLin (not the biases).
  const penalised = new Uint8Array(size);
  penalised.fill(1, 0, oB1);
  penalised.fill(1, oW2, oB);
  // Views of the parameters (and of their gradient) by part.
  const W1 = p.subarray(0, oB1);
  const b1 = p.subarray(oB1, oW2);
  const w2 = p.subarray(oW2, oLin);
  const wLin = p.subarray(oLin, oB);
  const g = new Float64Array(size);
  const gW1 = g.subarray(0, oB1);
  const gb1 = g.subarray(oB1, oW2);
  const gw2 = g.subarray(oW2, oLin);
  const gLin = g.subarray(oLin, oB);
  const m1 = new Float64Array(size);
  const m2 = new Float64Array(size);
  let step = 0;

  const batch = Math.max(1, Math.min(s.batchSize, n));
  const pre = new Float64Array(batch * h);
  const act = new Float64Array(batch * h);
  const delta = new Float64Array(batch);
  const baseHidden = new Float64Array(h);
  const keepScale = 1 / (1 - s.dropout);
  const { dropout, learningRate } = s;

  /** The base row's share of the hidden inputs and of the linear path (recomputed as the weights move). */
  const baseShares = (): number => {
    baseHidden.fill(0);
    let lin = 0;
    for (let j = 0; j < d; j++) {
      const bj = base[j]!;
      if (bj === 0) continue;
      lin += bj * wLin[j]!;
      const off = j * h;
      for (let k = 0; k < h; k++) baseHidden[k]! += bj * W1[off + k]!;
    }
    return lin;
  };
  /** Hidden inputs of row r into `out` at `at`; returns the linear path's log-odds (without the bias). */
  const forwardRow = (b: Block, r: number, baseLin: number, out: Float64Array, at: number): number => {
    for (let k = 0; k < h; k++) out[at + k] = b1[k]! + baseHidden[k]!;
    const { col, val } = b;
    let lin = baseLin;
    for (let a = b.from[r]!, end = b.to[r]!; a < end; a++) {
      const j = col[a]!;
      const v = val[a]!;
      lin += v * wLin[j]!;
      const off = j * h;
      for (let k = 0; k < h; k++) out[at + k]! += v * W1[off + k]!;
    }
    return lin;
  };
  const heldLogOdds = (b: Block): Float64Array => {
    const baseLin = baseShares();
    const eta = new Float64Array(b.n);
    const a = new Float64Array(h);
    for (let i = 0; i < b.n; i++) {
      let e = forwardRow(b, i, baseLin, a, 0) + p[oB]!;
      for (let k = 0; k < h; k++) if (a[k]! > 0) e += w2[k]! * a[k]!;
      eta[i] = e;
    }
    return eta;
  };
  // Nine significant digits keep the stored JSON short; scoring uses these numbers.
  const values = (from: number, count: number) => Array.from(p.subarray(from, from + count), (v) => Number(v.toPrecision(9)));
  const extract = (): NetJson => ({ d, hidden: h, w1: values(0, d * h), b1: values(oB1, h), w2: values(oW2, h), wLin: values(oLin, d), b: values(oB, 1)[0]! });

  const order = Int32Array.from({ length: n }, (_, i) => i);
  let best: FitResult = { net: extract(), epochs: 0, heldLoss: null };
  let since = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let start = 0; start < n; start += batch) {
      const m = Math.min(n, start + batch) - start;
      // Forward: hidden inputs, dropout (drawn row by row, unit by unit), log-odds, and dLoss/dη per row.
      const baseLin = baseShares();
      let wSum = 0;
      for (let i = 0; i < m; i++) wSum += data.w[order[start + i]!]!;
      for (let i = 0; i < m; i++) {
        const r = order[start + i]!;
        const at = i * h;
        let e = forwardRow(data, r, baseLin, pre, at) + p[oB]!;
        for (let k = 0; k < h; k++) {
          const keep = rng() < dropout ? 0 : keepScale;
          const a = pre[at + k]! > 0 ? pre[at + k]! * keep : 0;
          act[at + k] = a;
          // Remember the mask through the sign: a unit that is off or dropped passes no gradient.
          if (keep === 0) pre[at + k] = 0;
          e += w2[k]! * a;
        }
        delta[i] = (data.w[r]! * (sigmoid(e) - data.y[r]!)) / wSum;
      }
      // Backward: the rows' sparse entries, then the base row's share and the penalty for every parameter.
      g.fill(0);
      let gBias = 0;
      for (let i = 0; i < m; i++) {
        const r = order[start + i]!;
        const at = i * h;
        const dl = delta[i]!;
        gBias += dl;
        for (let k = 0; k < h; k++) {
          gw2[k]! += dl * act[at + k]!;
          // dη/d(hidden input) = w2ₖ · keep-scale while the unit is on, else 0.
          pre[at + k] = pre[at + k]! > 0 ? dl * w2[k]! * keepScale : 0;
          gb1[k]! += pre[at + k]!;
        }
        for (let a = data.from[r]!, end = data.to[r]!; a < end; a++) {
          const j = data.col[a]!;
          const v = data.val[a]!;
          gLin[j]! += v * dl;
          const off = j * h;
          for (let k = 0; k < h; k++) gW1[off + k]! += v * pre[at + k]!;
        }
      }
      for (let j = 0; j < d; j++) {
        const bj = base[j]!;
        if (bj === 0) continue;
        gLin[j]! += bj * gBias;
        const off = j * h;
        for (let k = 0; k < h; k++) gW1[off + k]! += bj * gb1[k]!;
      }
      g[oB] = gBias;
      // Adam.
      step++;
      const [c1, c2] = [1 - BETA1 ** step, 1 - BETA2 ** step];
      for (let q = 0; q < size; q++) {
        const gq = penalised[q] ? g[q]! + 2 * l2 * p[q]! : g[q]!;
        m1[q] = BETA1 * m1[q]! + (1 - BETA1) * gq;
        m2[q] = BETA2 * m2[q]! + (1 - BETA2) * gq * gq;
        p[q]! -= (learningRate * (m1[q]! / c1)) / (Math.sqrt(m2[q]! / c2) + EPSILON);
      }
    }
    if (!held) continue;
    const loss = meanLogLoss(heldLogOdds(held), held);
    if (!(loss < (best.heldLoss ?? Infinity))) {
      if (++since >= s.patience) break;
      continue;
    }
    since = 0;
    best = { net: extract(), epochs: epoch, heldLoss: loss };
  }
  return held ? best : { net: extract(), epochs, heldLoss: null };
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
  opts: TrainOptions & { settings?: Partial<NeuralSettings> } = {},
): Promise<NeuralScoreModel> {
  if (examples.length === 0) throw new RangeError('neural: no training examples');
  const s: NeuralSettings = { ...NEURAL_DEFAULTS, ...opts.settings };
  /** The design of a training set: its encoding, standardiser, layout and rows. */
  const prepare = (exs: Example[]) => {
    const encoding = fitEncoding(exs.map((e) => e.snap), exs);
    const rows = encodeTraining(encoding, exs);
    const standardizer = fitStandardizer(rows);
    const l = layout(rows, standardizer.mean, standardizer.std);
    if (l.d !== rows[0]!.length) throw new RangeError('neural: rows and standardiser disagree');
    return { exs, encoding, standardizer, l, data: block(l, rows, exs.map((e) => e.label), exs.map((e) => e.weight)) };
  };
  const draftOf = (d: ReturnType<typeof prepare>, main: FitResult & { l2: number }, epochs: number, members: NetJson[]): NeuralJson => ({
    strategy: 'neural', encoding: d.encoding,
    standardizer: { mean: Array.from(d.standardizer.mean), std: Array.from(d.standardizer.std) },
    net: main.net, members, platt: null,
    training: { hidden: s.hidden, dropout: s.dropout, l2: main.l2, epochs, learningRate: s.learningRate, batchSize: s.batchSize, seed: s.seed, backend: 'js', calibrationLoss: main.heldLoss },
  });
  const first = prepare(examples);
  const { l, data } = first;
  const held = calibration && calibration.length >= MIN_CALIBRATION
    ? block(l, calibration.map((e) => encode(first.encoding, e.snap)), calibration.map((e) => e.label), calibration.map((e) => e.weight))
    : null;

  // The penalty with the lowest calibration loss, each fit stopped early on the same slice (as logistic chooses its
  // penalty there): the records and phrases vary by workspace, and so does how much shrinkage they need.
  // On a large workspace the penalty is chosen on a record-level sample of the training rows (the choice needs
  // the shape of the loss, not every row), and the network is then fitted once on all of them.
  const sample = held && examples.length > s.selectionRows ? subset(data, recordSample(examples, s.selectionRows, mulberry32(s.seed + 17))) : data;
  let chosen: (FitResult & { l2: number }) | undefined;
  for (const l2 of held ? s.l2 : [s.l2WithoutCalibration]) {
    const fit = fitNet(l, sample, held, s, l2, s.seed, held ? s.maxEpochs : s.epochsWithoutCalibration);
    if (!chosen || (fit.heldLoss ?? Infinity) < (chosen.heldLoss ?? Infinity)) chosen = { ...fit, l2 };
  }
  let main = sample === data ? chosen! : { ...fitNet(l, data, held, s, chosen!.l2, s.seed, s.maxEpochs), l2: chosen!.l2 };
  const epochs = Math.max(1, main.epochs);
  let platt: PlattCalibrator | null = null;
  if (held && calibration) {
    const uncalibrated = new NeuralScoreModel(draftOf(first, main, epochs, []));
    platt = calibrate(calibration.map((e) => sigmoid(uncalibrated.logOdds(e.snap))), calibration.map((e) => e.label));
  }
  // With the newest outcomes: the chosen penalty and epochs, fitted again on everything (nothing left to stop on).
  let final = first;
  if (opts.newer && opts.newer.length > 0) {
    final = prepare([...examples, ...opts.newer]);
    main = { ...fitNet(final.l, final.data, null, s, main.l2, s.seed, epochs), l2: main.l2, heldLoss: main.heldLoss };
  }

  // Members: the chosen penalty and epochs, on record-level resamples, each with a seed of its own.
  const members: NetJson[] = [];
  if (opts.uncertainty !== false && s.members > 0) {
    const rng = mulberry32(s.seed * 7919 + 1);
    for (let k = 0; k < s.members; k++) {
      members.push(fitNet(final.l, subset(final.data, recordBootstrap(final.exs, rng)), null, s, main.l2, s.seed + 1000 * (k + 1), epochs).net);
    }
  }
  return new NeuralScoreModel({ ...draftOf(final, main, epochs, members), platt });
}

export const neuralStrategy: ScoringStrategy = {
  name: 'neural',
  learns: true,
  train: (examples, calibration, opts = {}) => trainNeural(examples, calibration, opts),
  restore: (json) => new NeuralScoreModel(json as NeuralJson),
};
