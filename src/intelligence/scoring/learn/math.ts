/** Small numerically careful scalar helpers shared by the learners. */

/** Logistic function without overflow for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log(1 + e^z) without overflow: the per-row log-loss is softplus(z) − y·z. */
export function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

/** Inverse of sigmoid after clipping p to [eps, 1 − eps], so 0 and 1 map to finite log-odds. */
export function logit(p: number, eps = 1e-6): number {
  const q = Math.min(1 - eps, Math.max(eps, p));
  return Math.log(q / (1 - q));
}

/** Throws unless every label is exactly 0 or 1: silently thresholding would hide encoding bugs upstream. */
export function checkLabels(labels: ArrayLike<number>, what = 'labels'): void {
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (v !== 0 && v !== 1) throw new RangeError(`${what}[${i}] must be 0 or 1, got ${String(v)}`);
  }
}

export function checkSameLength(a: ArrayLike<unknown>, b: ArrayLike<unknown>, what: string): void {
  if (a.length !== b.length) throw new RangeError(`${what}: length mismatch (${a.length} vs ${b.length})`);
}
