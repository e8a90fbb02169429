/**
 * Categorical naive Bayes with Laplace smoothing. Each field is a string per row (numbers already banded by the
 * caller). Works in log-odds so many fields never underflow.
 */
import { checkLabels, checkSameLength, sigmoid } from './math.js';

export interface NaiveBayesModel {
  kind: 'naive-bayes';
  /** Smoothed P(y = 1) = (positives + alpha) / (rows + 2·alpha). */
  prior: number;
  /** field → value → how many positive / negative training rows had that value. */
  tables: Record<string, Record<string, { pos: number; neg: number }>>;
  alpha: number;
  posTotal: number;
  negTotal: number;
}

export function trainNaiveBayes(rows: Record<string, string>[], y: ArrayLike<number>, opts: { alpha?: number } = {}): NaiveBayesModel {
  checkSameLength(rows, y, 'trainNaiveBayes');
  checkLabels(y, 'y');
  const alpha = opts.alpha ?? 1;
  // alpha = 0 would turn an unseen (field, class) pair into log(0) and the prediction into NaN.
  if (!(alpha > 0) || !Number.isFinite(alpha)) throw new RangeError(`trainNaiveBayes: alpha must be finite and > 0, got ${alpha}`);
  // Null-prototype maps so values like "constructor" or "__proto__" are ordinary keys.
  const tables: NaiveBayesModel['tables'] = Object.create(null);
  let posTotal = 0;
  for (let i = 0; i < rows.length; i++) {
    const positive = y[i] === 1;
    if (positive) posTotal++;
    const row = rows[i]!;
    for (const field of Object.keys(row)) {
      const value = row[field];
      if (value === undefined || value === null) continue;
      const table = (tables[field] ??= Object.create(null) as Record<string, { pos: number; neg: number }>);
      const cell = (table[value] ??= { pos: 0, neg: 0 });
      if (positive) cell.pos++;
      else cell.neg++;
    }
  }
  const negTotal = rows.length - posTotal;
  return { kind: 'naive-bayes', prior: (posTotal + alpha) / (rows.length + 2 * alpha), tables, alpha, posTotal, negTotal };
}

/**
 * log P(value | y=1) − log P(value | y=0) with P(v | c) = (count(v, c) + α) / (count(field, c) + α·K), K the number
 * of distinct values seen for the field. An unseen value gets α / (count(field, c) + α·K) in each class.
 * count(field, c) sums the field's own table, so rows that lacked the field are treated as missing, not as evidence.
 * Undefined for fields the model never saw.
 */
function fieldLogLikelihoodRatio(m: NaiveBayesModel, field: string, value: string): number | undefined {
  if (!Object.hasOwn(m.tables, field)) return undefined;
  const table = m.tables[field]!;
  let pos = 0;
  let neg = 0;
  let k = 0;
  for (const v of Object.keys(table)) {
    pos += table[v]!.pos;
    neg += table[v]!.neg;
    k++;
  }
  // hasOwn, not `in`: models revived from JSON have ordinary prototypes ("toString" must not match).
  const cell = Object.hasOwn(table, value) ? table[value]! : { pos: 0, neg: 0 };
  const a = m.alpha;
  return Math.log((cell.pos + a) / (pos + a * k)) - Math.log((cell.neg + a) / (neg + a * k));
}

/** Per-field log-likelihood ratios for the row's fields the model knows, sorted by |effect| desc (then by name). */
export function explainNaiveBayes(m: NaiveBayesModel, row: Record<string, string>): { feature: string; effect: number }[] {
  const out: { feature: string; effect: number }[] = [];
  for (const field of Object.keys(row)) {
    const value = row[field];
    if (value === undefined || value === null) continue;
    const effect = fieldLogLikelihoodRatio(m, field, value);
    if (effect !== undefined) out.push({ feature: field, effect });
  }
  return out.sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect) || (a.feature < b.feature ? -1 : a.feature > b.feature ? 1 : 0));
}

/** P(y = 1 | row): prior log-odds plus the per-field log-likelihood ratios. Unknown fields are ignored. */
export function predictNaiveBayes(m: NaiveBayesModel, row: Record<string, string>): number {
  let logOdds = Math.log(m.prior / (1 - m.prior));
  for (const { effect } of explainNaiveBayes(m, row)) logOdds += effect;
  return sigmoid(logOdds);
}
