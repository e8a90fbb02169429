/** Per-feature z-scoring, fitted on training rows only so held-out data never leaks into the scale. */

export interface Standardizer {
  mean: Float64Array;
  std: Float64Array;
}

/**
 * Mean and population standard deviation of each column. A constant column gets std 1 (and its exact value
 * as mean) so it transforms to exactly 0 instead of dividing rounding noise by ~0.
 */
export function fitStandardizer(x: Float64Array[]): Standardizer {
  const n = x.length;
  if (n === 0) throw new RangeError('fitStandardizer: no rows');
  const d = x[0]!.length;
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (const row of x) {
    if (row.length !== d) throw new RangeError(`fitStandardizer: row has ${row.length} features, expected ${d}`);
    for (let j = 0; j < d; j++) mean[j]! += row[j]!;
  }
  for (let j = 0; j < d; j++) mean[j]! /= n;
  // Two-pass variance: numerically safer than E[x²] − E[x]² for features with a large offset (e.g. amounts).
  for (const row of x) {
    for (let j = 0; j < d; j++) {
      const c = row[j]! - mean[j]!;
      std[j]! += c * c;
    }
  }
  for (let j = 0; j < d; j++) {
    const first = x[0]![j]!;
    let constant = true;
    for (let i = 1; i < n && constant; i++) constant = x[i]![j] === first;
    const s = Math.sqrt(std[j]! / n);
    if (constant) {
      mean[j] = first;
      std[j] = 1;
    } else {
      // Guard against a spread that is pure rounding noise relative to the feature's magnitude.
      std[j] = s > 1e-12 * Math.max(1, Math.abs(mean[j]!)) ? s : 1;
    }
  }
  return { mean, std };
}

/** (row − mean) / std as a new array; the input row is not modified. */
export function standardize(s: Standardizer, row: Float64Array): Float64Array {
  const d = s.mean.length;
  if (row.length !== d) throw new RangeError(`standardize: row has ${row.length} features, expected ${d}`);
  const out = new Float64Array(d);
  for (let j = 0; j < d; j++) out[j] = (row[j]! - s.mean[j]!) / s.std[j]!;
  return out;
}
