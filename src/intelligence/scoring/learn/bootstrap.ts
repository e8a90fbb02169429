/** Uncertainty by bootstrap: the spread of models trained on resamples of the training rows. */
import { mulberry32 } from './rng.js';

export interface BootstrapOptions {
  /** Ensemble size, default 20. */
  members?: number;
  /** RNG seed, default 1; the same seed gives the same resamples and so the same members. */
  seed?: number;
  /** Lower quantile as a fraction in [0, 1], default 0.1 (10th percentile). */
  lo?: number;
  /** Upper quantile as a fraction in [0, 1], default 0.9 (90th percentile). */
  hi?: number;
}

/** Linear-interpolated quantile of an ascending array (the common "type 7" definition). */
function quantile(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const i = Math.floor(pos);
  const frac = pos - i;
  return i + 1 < sorted.length ? sorted[i]! + frac * (sorted[i + 1]! - sorted[i]!) : sorted[i]!;
}

/**
 * Trains `fit` on `members` resamples of 0..n−1 drawn with replacement. predict(row) gives the members' mean and
 * the [lo, hi] quantile interval of their predictions; the interval is widened if needed to contain the mean, so
 * lo ≤ mean ≤ hi always holds (a skewed ensemble can otherwise put its mean outside the 10–90% band).
 */
export function bootstrapEnsemble<M, R>(
  n: number,
  fit: (indices: Uint32Array) => M,
  predict: (m: M, row: R) => number,
  opts: BootstrapOptions = {},
): { members: M[]; predict(row: R): { mean: number; lo: number; hi: number } } {
  const count = opts.members ?? 20;
  const loQ = opts.lo ?? 0.1;
  const hiQ = opts.hi ?? 0.9;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`bootstrapEnsemble: n must be a positive integer, got ${n}`);
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`bootstrapEnsemble: members must be a positive integer, got ${count}`);
  if (!(loQ >= 0 && loQ <= hiQ && hiQ <= 1)) throw new RangeError(`bootstrapEnsemble: need 0 ≤ lo ≤ hi ≤ 1 (fractions), got ${loQ}, ${hiQ}`);
  const rng = mulberry32(opts.seed ?? 1);
  const members: M[] = [];
  for (let b = 0; b < count; b++) {
    const idx = new Uint32Array(n);
    for (let i = 0; i < n; i++) idx[i] = Math.floor(rng() * n);
    members.push(fit(idx));
  }
  return {
    members,
    predict(row: R) {
      const preds = new Float64Array(members.length);
      let sum = 0;
      for (let k = 0; k < members.length; k++) {
        preds[k] = predict(members[k]!, row);
        sum += preds[k]!;
      }
      const mean = sum / members.length;
      preds.sort();
      return { mean, lo: Math.min(quantile(preds, loQ), mean), hi: Math.max(quantile(preds, hiQ), mean) };
    },
  };
}
