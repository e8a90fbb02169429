/** Platt scaling: a two-parameter logistic recalibration of already-computed probabilities. */
import { newtonLogistic } from './newton.js';
import { checkLabels, checkSameLength, logit, sigmoid } from './math.js';

/** p' = sigmoid(a·logit(p) + b). Identity is a = 1, b = 0. */
export interface PlattCalibrator {
  a: number;
  b: number;
}

/** Inputs are clipped to [1e-6, 1 − 1e-6] before the logit so 0/1 predictions stay usable. */
const CLIP = 1e-6;

/**
 * Fits a, b by maximum likelihood on held-out (or out-of-fold) predictions. Uses Platt's (1999) smoothed targets
 * (N₊+1)/(N₊+2) and 1/(N₋+2) instead of 1/0, which keeps a, b finite when the inputs separate the labels perfectly
 * and barely matters for large samples.
 */
export function fitPlatt(probs: ArrayLike<number>, labels: ArrayLike<number>): PlattCalibrator {
  checkSameLength(probs, labels, 'fitPlatt');
  checkLabels(labels);
  const n = probs.length;
  if (n === 0) throw new RangeError('fitPlatt: no predictions');
  let nPos = 0;
  for (let i = 0; i < n; i++) nPos += labels[i]!;
  const nNeg = n - nPos;
  const hi = (nPos + 1) / (nPos + 2);
  const lo = 1 / (nNeg + 2);
  const z = new Float64Array(n);
  const targets = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    z[i] = logit(probs[i]!, CLIP);
    targets[i] = labels[i] === 1 ? hi : lo;
  }
  const fit = newtonLogistic({ z, n, d: 1, targets, weights: new Float64Array(n).fill(1), l2: 0, biasL2: 0, maxIter: 100, tol: 1e-14 });
  return { a: fit.w[0]!, b: fit.b };
}

export function applyPlatt(c: PlattCalibrator, p: number): number {
  return sigmoid(c.a * logit(p, CLIP) + c.b);
}
