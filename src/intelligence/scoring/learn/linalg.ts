/** Dense symmetric positive-definite solves for the small (≤ a few hundred) Newton systems used here. */

/**
 * In-place Cholesky factorisation of the m×m row-major matrix `a` (only the lower triangle is read and
 * written). Returns false if the matrix is not numerically positive definite.
 */
export function choleskyInPlace(a: Float64Array, m: number): boolean {
  for (let j = 0; j < m; j++) {
    let diag = a[j * m + j]!;
    for (let k = 0; k < j; k++) diag -= a[j * m + k]! * a[j * m + k]!;
    if (!(diag > 0) || !Number.isFinite(diag)) return false;
    const ljj = Math.sqrt(diag);
    a[j * m + j] = ljj;
    for (let i = j + 1; i < m; i++) {
      let s = a[i * m + j]!;
      for (let k = 0; k < j; k++) s -= a[i * m + k]! * a[j * m + k]!;
      a[i * m + j] = s / ljj;
    }
  }
  return true;
}

/** Solves L Lᵀ x = b given the factor from choleskyInPlace; returns a new vector. */
export function choleskySolve(l: Float64Array, m: number, b: Float64Array): Float64Array {
  const x = Float64Array.from(b);
  for (let i = 0; i < m; i++) {
    let s = x[i]!;
    for (let k = 0; k < i; k++) s -= l[i * m + k]! * x[k]!;
    x[i] = s / l[i * m + i]!;
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let k = i + 1; k < m; k++) s -= l[k * m + i]! * x[k]!;
    x[i] = s / l[i * m + i]!;
  }
  return x;
}

/**
 * Solves (A + ridge·I) x = b for symmetric positive semi-definite A, growing the ridge tenfold until the
 * factorisation succeeds. The ridge keeps singular directions (constant or duplicated features) from blowing up.
 */
export function solveSpd(a: Float64Array, m: number, b: Float64Array, ridge: number): Float64Array {
  let r = ridge;
  for (let attempt = 0; attempt < 30; attempt++) {
    const f = Float64Array.from(a);
    for (let i = 0; i < m; i++) f[i * m + i]! += r;
    if (choleskyInPlace(f, m)) return choleskySolve(f, m, b);
    r = r === 0 ? 1e-12 : r * 10;
  }
  throw new Error('solveSpd: matrix is not positive definite even with a large ridge');
}
