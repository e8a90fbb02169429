/** L2-regularised logistic regression on standardised features, fitted by Newton/IRLS (see newton.ts). */
import { newtonLogistic } from './newton.js';
import { checkLabels, sigmoid } from './math.js';
import { fitStandardizer, type Standardizer } from './standardize.js';
import type { Dataset } from './types.js';

export interface LogisticModel {
  kind: 'logistic';
  /** One weight per feature, in standardised units (log-odds per training standard deviation). */
  weights: Float64Array;
  /** Log-odds at the training mean row. */
  bias: number;
  standardizer: Standardizer;
  l2: number;
  featureNames: string[];
}

export interface LogisticOptions {
  /**
   * Ridge strength, default 1. The objective is the weighted mean log-loss plus l2/(2n)·‖w‖², with n the total
   * sample weight (the row count when unweighted) — i.e. Σ sᵢ·lossᵢ + (l2/2)·‖w‖². So a row of weight 2
   * is exactly a duplicated row, and l2 acts like a fixed number of pseudo-observations pulling weights to 0.
   * The bias is not penalised.
   */
  l2?: number;
  /** Newton iterations, default 100 (typically converges in < 15). */
  maxIter?: number;
  /** Convergence threshold on the Newton decrement per unit weight (≈ objective gap), default 1e-14. */
  tol?: number;
  /** Non-negative weight per row, default 1. */
  sampleWeights?: Float64Array;
  /** A model fitted on the same rows (another penalty) to start from: a few Newton steps instead of a dozen. */
  warmStart?: LogisticModel;
}

/**
 * A tiny bias penalty (in Σ-form units). It does not move ordinary fits measurably, but when a sample has only one
 * class (common in small bootstrap resamples) it keeps the bias finite instead of walking off to infinity.
 */
const BIAS_L2 = 1e-6;

export function trainLogistic(data: Dataset, opts: LogisticOptions = {}): LogisticModel {
  const { x, y, featureNames } = data;
  const n = x.length;
  if (n === 0) throw new RangeError('trainLogistic: no rows');
  if (y.length !== n) throw new RangeError(`trainLogistic: ${n} rows but ${y.length} labels`);
  checkLabels(y, 'y');
  const d = x[0]!.length;
  if (featureNames.length !== d) throw new RangeError(`trainLogistic: ${d} features but ${featureNames.length} names`);
  const l2 = opts.l2 ?? 1;
  const maxIter = opts.maxIter ?? 100;
  const tol = opts.tol ?? 1e-14;
  if (!(l2 >= 0) || !Number.isFinite(l2)) throw new RangeError(`trainLogistic: l2 must be a finite number ≥ 0, got ${l2}`);
  if (!Number.isInteger(maxIter) || maxIter < 0) throw new RangeError(`trainLogistic: maxIter must be an integer ≥ 0`);
  if (!(tol > 0)) throw new RangeError(`trainLogistic: tol must be > 0`);
  const weights = opts.sampleWeights ?? new Float64Array(n).fill(1);
  if (weights.length !== n) throw new RangeError(`trainLogistic: ${n} rows but ${weights.length} sample weights`);
  for (let i = 0; i < n; i++) {
    const s = weights[i]!;
    if (!(s >= 0) || !Number.isFinite(s)) throw new RangeError(`trainLogistic: sampleWeights[${i}] must be finite and ≥ 0`);
  }

  // Standardising first makes one l2 treat all features alike and keeps the Hessian well conditioned.
  const standardizer = fitStandardizer(x);
  for (let i = 0; i < n; i++) {
    if (x[i]!.length !== d) throw new RangeError(`trainLogistic: row ${i} has ${x[i]!.length} features, expected ${d}`);
  }
  const targets = Float64Array.from(y);
  // Columns whose raw value is mostly 0 (one-hots, phrase flags) standardise to one constant: a base row plus a
  // sparse remainder per row makes each Newton step several times cheaper on such data.
  // Each column's reference value is 0, or its value when it never varies (it then standardises to exactly 0).
  const reference = new Float64Array(d);
  for (let j = 0; j < d; j++) if (x.every((row) => row[j] === x[0]![j])) reference[j] = x[0]![j]!;
  const base = new Float64Array(d);
  for (let j = 0; j < d; j++) base[j] = (reference[j]! - standardizer.mean[j]!) / standardizer.std[j]!;
  const idx: Uint32Array[] = [];
  const val: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const row = x[i]!;
    const cols: number[] = [];
    for (let j = 0; j < d; j++) if (row[j] !== reference[j]) cols.push(j);
    idx.push(Uint32Array.from(cols));
    val.push(Float64Array.from(cols, (j) => (row[j]! - reference[j]!) / standardizer.std[j]!));
  }
  const init = opts.warmStart && opts.warmStart.weights.length === d ? { w: opts.warmStart.weights, b: opts.warmStart.bias } : undefined;
  // The sparse form is the whole matrix: no dense copy of it is made.
  const fit = newtonLogistic({ z: new Float64Array(0), n, d, targets, weights, l2, biasL2: BIAS_L2, maxIter, tol, init, sparse: { base, idx, val } });
  return { kind: 'logistic', weights: fit.w, bias: fit.b, standardizer, l2, featureNames: [...featureNames] };
}

/** Log-odds for a raw (unstandardised) row. */
export function logOdds(m: LogisticModel, row: Float64Array): number {
  const d = m.weights.length;
  if (row.length !== d) throw new RangeError(`logistic: row has ${row.length} features, model expects ${d}`);
  let eta = m.bias;
  for (let j = 0; j < d; j++) eta += m.weights[j]! * ((row[j]! - m.standardizer.mean[j]!) / m.standardizer.std[j]!);
  return eta;
}

/** Probability of y = 1 for a raw row. */
export function predictLogistic(m: LogisticModel, row: Float64Array): number {
  return sigmoid(logOdds(m, row));
}

/**
 * Contribution of each feature to the log-odds for this row, relative to the training mean (standardised value
 * × weight), sorted by |effect| desc. The effects sum to logit(p) − bias, the bias being the log-odds at the mean row.
 */
export function explainLogistic(m: LogisticModel, row: Float64Array): { feature: string; effect: number }[] {
  const d = m.weights.length;
  if (row.length !== d) throw new RangeError(`explainLogistic: row has ${row.length} features, model expects ${d}`);
  const out: { feature: string; effect: number }[] = [];
  for (let j = 0; j < d; j++) {
    const effect = m.weights[j]! * ((row[j]! - m.standardizer.mean[j]!) / m.standardizer.std[j]!);
    out.push({ feature: m.featureNames[j] ?? `x${j}`, effect });
  }
  return out.sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect)); // stable: ties keep feature order
}
