/**
 * Uncertainty of a logistic model by the Laplace approximation: near its optimum the posterior of the
 * parameters is Gaussian with covariance H⁻¹, H the Hessian of the penalised loss (the penalty is the prior).
 * The log-odds of a row then has standard deviation √(vᵀH⁻¹v), v the standardised row with a 1 for the bias.
 * One Hessian and one Cholesky factorisation replace a bootstrap ensemble's refits.
 */
import { choleskyInPlace } from './linalg.js';
import { sigmoid } from './math.js';
import type { LogisticModel } from './logistic.js';
import type { Dataset } from './types.js';

export interface LaplacePosterior {
  /** Parameters: the features, then the bias. */
  m: number;
  /** Cholesky factor L of H (H = LLᵀ), lower triangle packed row by row: m(m+1)/2 numbers. */
  factor: number[];
}

const standardised = (model: LogisticModel, row: Float64Array, out: Float64Array) => {
  const d = model.weights.length;
  for (let j = 0; j < d; j++) out[j] = (row[j]! - model.standardizer.mean[j]!) / model.standardizer.std[j]!;
  out[d] = 1;
};

export function fitLaplace(model: LogisticModel, data: Dataset, sampleWeights?: Float64Array): LaplacePosterior {
  const d = model.weights.length;
  const m = d + 1;
  const h = new Float64Array(m * m);
  const v = new Float64Array(m);
  data.x.forEach((row, i) => {
    standardised(model, row, v);
    let eta = model.bias;
    for (let j = 0; j < d; j++) eta += model.weights[j]! * v[j]!;
    const mu = sigmoid(eta);
    const c = (sampleWeights?.[i] ?? 1) * mu * (1 - mu);
    for (let j = 0; j < m; j++) {
      const cv = c * v[j]!;
      if (cv === 0) continue;
      const r = j * m;
      for (let k = 0; k <= j; k++) h[r + k]! += cv * v[k]!;
    }
  });
  for (let j = 0; j < d; j++) h[j * m + j]! += model.l2;
  // The bias is barely penalised; a relative ridge keeps the factorisation defined when a column is constant.
  let trace = 0;
  for (let j = 0; j < m; j++) trace += h[j * m + j]!;
  for (let ridge = 1e-9 * (trace / m); ; ridge *= 10) {
    const f = Float64Array.from(h);
    for (let j = 0; j < m; j++) f[j * m + j]! += ridge;
    if (choleskyInPlace(f, m)) {
      const factor: number[] = [];
      for (let i = 0; i < m; i++) for (let k = 0; k <= i; k++) factor.push(f[i * m + k]!);
      return { m, factor };
    }
    if (ridge > trace) throw new Error('fitLaplace: the Hessian is not positive definite');
  }
}

/** Standard deviation of the row's log-odds under the posterior: ‖L⁻¹v‖ by forward substitution. */
export function logOddsStd(post: LaplacePosterior, model: LogisticModel, row: Float64Array): number {
  const { m, factor } = post;
  const v = new Float64Array(m);
  standardised(model, row, v);
  let ss = 0;
  let at = 0;
  for (let i = 0; i < m; i++) {
    let s = v[i]!;
    for (let k = 0; k < i; k++) s -= factor[at + k]! * v[k]!;
    const y = s / factor[at + i]!;
    v[i] = y;
    ss += y * y;
    at += i + 1;
  }
  return Math.sqrt(ss);
}
