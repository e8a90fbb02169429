/**
 * Penalised logistic regression by Newton's method (IRLS) with a backtracking line search. Shared by
 * trainLogistic (many features, standardised) and fitPlatt (one feature: the logit of a prediction).
 *
 * Minimises   F(w, b) = Σᵢ sᵢ·[softplus(ηᵢ) − tᵢ·ηᵢ] + (l2/2)·‖w‖² + (biasL2/2)·b²,   ηᵢ = w·zᵢ + b
 * where sᵢ are sample weights and tᵢ ∈ [0, 1] are (possibly soft) targets. F is convex; with l2 > 0 it is
 * strictly convex in w, which is what keeps the weights finite on separable data.
 */
import { solveSpd } from './linalg.js';
import { sigmoid, softplus } from './math.js';

export interface NewtonProblem {
  /** n×d row-major feature matrix (unused, and may be empty, when `sparse` gives the rows). */
  z: Float64Array;
  n: number;
  d: number;
  targets: Float64Array;
  weights: Float64Array;
  l2: number;
  biasL2: number;
  maxIter: number;
  /** Stop once half the Newton decrement (≈ F − F*) per unit of sample weight falls below this. */
  tol: number;
  /** Where to start (a nearby solution, e.g. the same data with another penalty); default: zero weights at the base rate. */
  init?: { w: Float64Array; b: number };
  /**
   * The same rows as `z`, written as a shared dense part plus a sparse part per row: zᵢ = base + sᵢ. Standardised
   * one-hot and phrase columns are mostly one constant, so sᵢ has few entries and the Hessian
   * Σ cᵢ zᵢzᵢᵀ = (Σcᵢ)·base·baseᵀ + base·uᵀ + u·baseᵀ + Σ cᵢ sᵢsᵢᵀ (u = Σ cᵢ sᵢ) costs nnz² per row, not d².
   */
  sparse?: SparseRows;
}

export interface SparseRows {
  base: Float64Array;
  /** Column indices of row i's entries of sᵢ, ascending. */
  idx: Uint32Array[];
  val: Float64Array[];
}

export interface NewtonResult {
  w: Float64Array;
  b: number;
  iterations: number;
  converged: boolean;
}

function objective(p: NewtonProblem, w: Float64Array, b: number): number {
  const { z, n, d, targets, weights, sparse } = p;
  let f = 0;
  let baseEta = b;
  if (sparse) for (let j = 0; j < d; j++) baseEta += w[j]! * sparse.base[j]!;
  for (let i = 0; i < n; i++) {
    let eta: number;
    if (sparse) {
      eta = baseEta;
      const ix = sparse.idx[i]!;
      const vx = sparse.val[i]!;
      for (let a = 0; a < ix.length; a++) eta += w[ix[a]!]! * vx[a]!;
    } else {
      eta = b;
      const o = i * d;
      for (let j = 0; j < d; j++) eta += w[j]! * z[o + j]!;
    }
    f += weights[i]! * (softplus(eta) - targets[i]! * eta);
  }
  let ww = 0;
  for (let j = 0; j < d; j++) ww += w[j]! * w[j]!;
  return f + 0.5 * p.l2 * ww + 0.5 * p.biasL2 * b * b;
}

export function newtonLogistic(p: NewtonProblem): NewtonResult {
  const { z, n, d, targets, weights } = p;
  const m = d + 1; // parameters: w[0..d-1], then the bias at index d
  let totalWeight = 0;
  let weightedTarget = 0;
  for (let i = 0; i < n; i++) {
    totalWeight += weights[i]!;
    weightedTarget += weights[i]! * targets[i]!;
  }
  const scale = Math.max(1, totalWeight);
  const w = new Float64Array(d);
  // Start at the base rate: the optimum when all weights are zero, and a good point for Newton to leave from.
  const rate = Math.min(1 - 1e-6, Math.max(1e-6, weightedTarget / (totalWeight || 1)));
  let b = Math.log(rate / (1 - rate));
  if (p.init && p.init.w.length === d) {
    w.set(p.init.w);
    b = p.init.b;
  }
  let f = objective(p, w, b);
  const g = new Float64Array(m);
  const h = new Float64Array(m * m);
  let iterations = 0;
  let converged = false;

  while (iterations < p.maxIter) {
    g.fill(0);
    h.fill(0);
    if (p.sparse) accumulateSparse(p, p.sparse, w, b, g, h);
    else for (let i = 0; i < n; i++) {
      const o = i * d;
      let eta = b;
      for (let j = 0; j < d; j++) eta += w[j]! * z[o + j]!;
      const mu = sigmoid(eta);
      const r = weights[i]! * (mu - targets[i]!);
      const c = weights[i]! * mu * (1 - mu);
      for (let j = 0; j < d; j++) {
        const zj = z[o + j]!;
        g[j]! += r * zj;
        const cz = c * zj;
        const hr = j * m;
        for (let k = 0; k <= j; k++) h[hr + k]! += cz * z[o + k]!; // lower triangle only
        h[d * m + j]! += cz; // bias row
      }
      g[d]! += r;
      h[d * m + d]! += c;
    }
    for (let j = 0; j < d; j++) {
      g[j]! += p.l2 * w[j]!;
      h[j * m + j]! += p.l2;
    }
    g[d]! += p.biasL2 * b;
    h[d * m + d]! += p.biasL2;

    // A ridge relative to the Hessian's scale: negligible for well-posed problems, decisive for singular ones.
    let trace = 0;
    for (let j = 0; j < m; j++) trace += h[j * m + j]!;
    const neg = Float64Array.from(g, (v) => -v);
    const step = solveSpd(h, m, neg, 1e-10 * (trace / m) + 1e-300);

    let decrement = 0; // −g·Δ = gᵀH⁻¹g ≥ 0
    for (let j = 0; j < m; j++) decrement -= g[j]! * step[j]!;
    if (!(decrement / 2 > p.tol * scale)) {
      converged = Number.isFinite(decrement);
      break;
    }

    // Backtracking (Armijo): pure Newton can overshoot where the loss is far from quadratic (saturated rows).
    let t = 1;
    let accepted = false;
    const wNew = new Float64Array(d);
    while (t > 1e-12) {
      for (let j = 0; j < d; j++) wNew[j] = w[j]! + t * step[j]!;
      const bNew = b + t * step[d]!;
      const fNew = objective(p, wNew, bNew);
      // The tiny relative slack absorbs rounding in f near the optimum, where the true decrease is below ε·|f|.
      if (fNew <= f - 1e-4 * t * decrement + 1e-13 * Math.abs(f)) {
        w.set(wNew);
        b = bNew;
        f = fNew;
        accepted = true;
        break;
      }
      t /= 2;
    }
    iterations++;
    if (!accepted) {
      // No descent possible at machine precision: we are at the optimum as far as floating point can tell.
      converged = decrement / 2 <= 1e-8 * scale;
      break;
    }
  }
  return { w, b, iterations, converged };
}

/** Gradient and lower-triangle Hessian (bias last) from the base + sparse form of the rows; see NewtonProblem.sparse. */
function accumulateSparse(p: NewtonProblem, sp: SparseRows, w: Float64Array, b: number, g: Float64Array, h: Float64Array): void {
  const { n, d, targets, weights } = p;
  const m = d + 1;
  const { base, idx, val } = sp;
  let baseEta = b;
  for (let j = 0; j < d; j++) baseEta += w[j]! * base[j]!;
  const u = new Float64Array(d); // Σ cᵢ sᵢ
  let cSum = 0;
  let rSum = 0;
  for (let i = 0; i < n; i++) {
    const ix = idx[i]!;
    const vx = val[i]!;
    const k = ix.length;
    let eta = baseEta;
    for (let a = 0; a < k; a++) eta += w[ix[a]!]! * vx[a]!;
    const mu = sigmoid(eta);
    const r = weights[i]! * (mu - targets[i]!);
    const c = weights[i]! * mu * (1 - mu);
    rSum += r;
    cSum += c;
    for (let a = 0; a < k; a++) {
      const ja = ix[a]!;
      const cv = c * vx[a]!;
      g[ja]! += r * vx[a]!;
      u[ja]! += cv;
      const row = ja * m;
      for (let q = 0; q <= a; q++) h[row + ix[q]!]! += cv * vx[q]!; // ix ascending: lower triangle
    }
  }
  // The dense part: g += rSum·base; H += cSum·base·baseᵀ + base·uᵀ + u·baseᵀ; bias row and corner.
  for (let j = 0; j < d; j++) {
    g[j]! += rSum * base[j]!;
    const row = j * m;
    for (let q = 0; q <= j; q++) h[row + q]! += cSum * base[j]! * base[q]! + base[j]! * u[q]! + u[j]! * base[q]!;
    h[d * m + j]! += cSum * base[j]! + u[j]!;
  }
  g[d]! += rSum;
  h[d * m + d]! += cSum;
}
