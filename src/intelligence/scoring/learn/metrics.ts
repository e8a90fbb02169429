/**
 * Evaluation metrics for binary probabilistic predictions. Every function takes parallel arrays of
 * predictions and 0|1 labels; empty input gives NaN (there is nothing to measure), mismatched lengths throw.
 */
import { checkLabels, checkSameLength } from './math.js';

/**
 * ROC AUC as the Mann–Whitney statistic: the probability that a random positive outscores a random negative,
 * counting ties as half. Uses average ranks so tied scores are handled exactly in O(n log n).
 * NaN when either class is absent (AUC is undefined then).
 */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkSameLength(scores, labels, 'auc');
  checkLabels(labels);
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < n; i++) if (Number.isNaN(scores[i]!)) throw new RangeError(`auc: scores[${i}] is NaN`);
  order.sort((a, b) => scores[a]! - scores[b]! || 0);
  let pos = 0;
  let rankSumPos = 0;
  for (let i = 0; i < n; ) {
    // A run of equal scores shares the average of the 1-based ranks i+1 .. j.
    let j = i + 1;
    while (j < n && scores[order[j]!] === scores[order[i]!]) j++;
    const avgRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (labels[order[k]!] === 1) {
        pos++;
        rankSumPos += avgRank;
      }
    }
    i = j;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Mean squared error between probability and outcome (lower is better; 0.25 for a constant 0.5). */
export function brier(probs: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkSameLength(probs, labels, 'brier');
  checkLabels(labels);
  let s = 0;
  for (let i = 0; i < probs.length; i++) {
    const d = probs[i]! - labels[i]!;
    s += d * d;
  }
  return s / probs.length;
}

/** Mean negative log-likelihood; probabilities are clipped to [eps, 1 − eps] so one confident miss stays finite. */
export function logLoss(probs: ArrayLike<number>, labels: ArrayLike<number>, eps = 1e-6): number {
  checkSameLength(probs, labels, 'logLoss');
  checkLabels(labels);
  let s = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = Math.min(1 - eps, Math.max(eps, probs[i]!));
    s -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return s / probs.length;
}

export interface ReliabilityBin {
  lo: number;
  hi: number;
  count: number;
  meanPredicted: number;
  observedRate: number;
}

/**
 * Groups predictions into equal-width bins over [0, 1] (the last bin includes 1; out-of-range values are
 * clamped) and compares the mean prediction with the observed positive rate in each. Empty bins are omitted.
 */
export function reliabilityTable(probs: ArrayLike<number>, labels: ArrayLike<number>, bins = 10): ReliabilityBin[] {
  checkSameLength(probs, labels, 'reliabilityTable');
  checkLabels(labels);
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`reliabilityTable: bins must be a positive integer, got ${bins}`);
  const count = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  for (let i = 0; i < probs.length; i++) {
    const p = Math.min(1, Math.max(0, probs[i]!));
    const b = Math.min(bins - 1, Math.floor(p * bins));
    count[b]!++;
    sumP[b]! += p;
    sumY[b]! += labels[i]!;
  }
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    const c = count[b]!;
    if (c === 0) continue;
    out.push({ lo: b / bins, hi: (b + 1) / bins, count: c, meanPredicted: sumP[b]! / c, observedRate: sumY[b]! / c });
  }
  return out;
}

/** Count-weighted mean |meanPredicted − observedRate| over the bins; NaN for an empty table. */
export function expectedCalibrationError(table: ReliabilityBin[]): number {
  let total = 0;
  let s = 0;
  for (const b of table) {
    total += b.count;
    s += b.count * Math.abs(b.meanPredicted - b.observedRate);
  }
  return total === 0 ? NaN : s / total;
}
