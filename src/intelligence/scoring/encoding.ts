/**
 * The design matrix every learned strategy shares: which numeric, one-hot, phrase and outcome-rate columns a
 * training set gets, how a snapshot becomes a row (and training rows get out-of-fold rates), and the two helpers
 * the strategies' uncertainty and calibration use. Kept apart from strategies.ts so strategies in their own
 * modules (neural.ts) can use it without importing the registry.
 */
import { fitPlatt, logit, type PlattCalibrator } from './learn/index.js';
import { stableFraction, type Snapshot } from './features.js';

/** Columns of the design matrix, chosen from the training snapshots only. */
export interface Encoding {
  numeric: string[];
  /** `field=value` one-hot columns seen at least MIN_COUNT times. */
  onehot: string[];
  /** Activity phrases seen in at least MIN_PHRASE_SHARE of training snapshots. */
  phrases: string[];
  /**
   * Smoothed outcome rates per value of the categorical fields ("target encoding"): the learned log-odds of the
   * value's win rate, shrunk towards the overall rate. It lets a linear model use many-valued fields such as
   * product × industry, whose cells are too small for one-hot weights of their own.
   */
  rates: { field: string; prior: number; table: Record<string, [number, number]> }[];
}

const MIN_COUNT = 5;
const MIN_PHRASE_SHARE = 0.01;
const MAX_PHRASES = 120;
/** Pseudo-observations of the overall rate added to every value's own record. */
const RATE_SMOOTHING = 20;
const RATE_FOLDS = 5;

const logitOf = (p: number) => Math.log(p / (1 - p));

/** Each field's value per example (undefined where the record has none), read once for every table fitted. */
function fieldValues(examples: readonly { snap: Snapshot }[], fields: readonly string[]): (string | undefined)[][] {
  return fields.map((field) => {
    const cut = field.indexOf('×');
    if (cut < 0) return examples.map((e) => e.snap.categorical[field]);
    const [fa, fb] = [field.slice(0, cut), field.slice(cut + 1)];
    return examples.map((e) => {
      const [a, b] = [e.snap.categorical[fa], e.snap.categorical[fb]];
      return a === undefined || b === undefined ? undefined : `${a}×${b}`;
    });
  });
}

/** Rate tables from the examples `keep` admits (all when absent), their values read by fieldValues. */
function ratesFrom(
  examples: readonly { label: number; weight: number }[],
  fields: readonly string[],
  values: (string | undefined)[][],
  keep?: (i: number) => boolean,
): Encoding['rates'] {
  let pos = 0;
  let n = 0;
  examples.forEach((e, i) => {
    if (!keep || keep(i)) [pos, n] = [pos + e.label * e.weight, n + e.weight];
  });
  const prior = n > 0 ? (pos + 1) / (n + 2) : 0.5;
  return fields.map((field, f) => {
    const table: Record<string, [number, number]> = {};
    const column = values[f]!;
    examples.forEach((e, i) => {
      const v = column[i];
      if (v === undefined || (keep && !keep(i))) return;
      const cell = (table[v] ??= [0, 0]);
      cell[0] += e.label * e.weight;
      cell[1] += e.weight;
    });
    return { field, prior, table };
  });
}

function fitRates(examples: readonly { snap: Snapshot; label: number; weight: number }[], fields: string[]): Encoding['rates'] {
  return ratesFrom(examples, fields, fieldValues(examples, fields));
}

/** A field's value, or for a pair "a×b" the two values joined. */
function valueOf(field: string, s: Snapshot): string | undefined {
  const cut = field.indexOf('×');
  if (cut < 0) return s.categorical[field];
  const [a, b] = [s.categorical[field.slice(0, cut)], s.categorical[field.slice(cut + 1)]];
  return a === undefined || b === undefined ? undefined : `${a}×${b}`;
}

function rateOfValue(r: Encoding['rates'][number], value: string | undefined): number {
  const v = value ?? '';
  const [pos, n] = Object.hasOwn(r.table, v) ? r.table[v]! : [0, 0];
  return logitOf((pos + RATE_SMOOTHING * r.prior) / (n + RATE_SMOOTHING));
}

function rateOf(r: Encoding['rates'][number], s: Snapshot): number {
  return rateOfValue(r, valueOf(r.field, s));
}

/**
 * Fields worth a rate: every categorical field but tags (yes-only flags), and every pair of them, so a linear
 * model can learn that a product sells to one industry or one company size and not another.
 */
function rateFields(snaps: Snapshot[], pairs: boolean): string[] {
  const fields = [...new Set(snaps.flatMap((s) => Object.keys(s.categorical)))].filter((f) => !f.startsWith('tag:') && f !== 'product_industry').sort();
  return pairs ? [...fields, ...fields.flatMap((a, i) => fields.slice(i + 1).map((b) => `${a}×${b}`))] : fields;
}

export function fitEncoding(snaps: Snapshot[], examples?: readonly { snap: Snapshot; label: number; weight: number }[], pairs = false): Encoding {
  const numeric = Object.keys(snaps[0]?.numeric ?? {}).sort();
  const counts = new Map<string, number>();
  const phraseCounts = new Map<string, number>();
  for (const s of snaps) {
    for (const [k, v] of Object.entries(s.categorical)) counts.set(`${k}=${v}`, (counts.get(`${k}=${v}`) ?? 0) + 1);
    for (const p of s.phrases) phraseCounts.set(p, (phraseCounts.get(p) ?? 0) + 1);
  }
  const onehot = [...counts].filter(([, n]) => n >= MIN_COUNT && n < snaps.length).map(([k]) => k).sort();
  const phrases = [...phraseCounts]
    .filter(([, n]) => n >= Math.max(MIN_COUNT, MIN_PHRASE_SHARE * snaps.length))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, MAX_PHRASES)
    .map(([p]) => p);
  return { numeric, onehot, phrases, rates: examples ? fitRates(examples, rateFields(snaps, pairs)) : [] };
}

/** One-hot columns split into field and value once per encoding (encodings are never modified). */
const onehotParts = new WeakMap<Encoding, [string, string][]>();

/** The row's numeric, one-hot and phrase columns; the rate columns are left at 0. */
function encodeDirect(e: Encoding, s: Snapshot): Float64Array {
  const row = new Float64Array(e.numeric.length + e.onehot.length + e.phrases.length + e.rates.length);
  let parts = onehotParts.get(e);
  if (!parts) onehotParts.set(e, (parts = e.onehot.map((k) => [k.slice(0, k.indexOf('=')), k.slice(k.indexOf('=') + 1)])));
  let i = 0;
  for (const k of e.numeric) row[i++] = s.numeric[k] ?? 0;
  for (const [field, value] of parts) row[i++] = s.categorical[field] === value ? 1 : 0;
  for (const p of e.phrases) row[i++] = s.phrases.has(p) ? 1 : 0;
  return row;
}

export function encode(e: Encoding, s: Snapshot): Float64Array {
  const row = encodeDirect(e, s);
  let i = e.numeric.length + e.onehot.length + e.phrases.length;
  for (const r of e.rates) row[i++] = rateOf(r, s);
  return row;
}

/**
 * Training rows with out-of-fold rates: each record's rate columns come from tables fitted without its own
 * fold (all moments of one record share a fold), so a rate never contains the outcome it is asked to predict.
 */
export function encodeTraining(e: Encoding, examples: readonly { snap: Snapshot; label: number; weight: number }[]): Float64Array[] {
  if (e.rates.length === 0) return examples.map((x) => encode(e, x.snap));
  const rows = examples.map((x) => encodeDirect(e, x.snap));
  const fold = examples.map((x) => Math.min(RATE_FOLDS - 1, Math.floor(stableFraction(x.snap.id, 0, 1) * RATE_FOLDS)));
  const offset = e.numeric.length + e.onehot.length + e.phrases.length;
  const fields = e.rates.map((r) => r.field);
  const values = fieldValues(examples, fields);
  for (let k = 0; k < RATE_FOLDS; k++) {
    const rates = ratesFrom(examples, fields, values, (i) => fold[i] !== k);
    examples.forEach((_, i) => {
      if (fold[i] === k) rates.forEach((r, j) => (rows[i]![offset + j] = rateOfValue(r, values[j]![i])));
    });
  }
  return rows;
}

/**
 * What a rate column stands for in this snapshot, for explanations: the share of training outcomes that ended well
 * among records with the snapshot's value (raw, as the data has it) and how many records that is (weights count
 * each record once), beside the share over all of them. Undefined when the value was never seen in training.
 */
export function rateShareOf(e: Encoding, field: string, s: Snapshot): { share: number; count: number; overall: number } | undefined {
  const r = e.rates.find((x) => x.field === field);
  const v = r ? valueOf(field, s) : undefined;
  if (!r || v === undefined || !Object.hasOwn(r.table, v)) return undefined;
  const [pos, n] = r.table[v]!;
  return n > 0 ? { share: pos / n, count: Math.round(n), overall: r.prior } : undefined;
}

/** Factors of a model on this encoding, rate factors given the share and count behind them (see rateShareOf). */
export function withRateShares<F extends { feature: string }>(e: Encoding, s: Snapshot, factors: F[]): (F & { share?: number; count?: number; overall?: number })[] {
  return factors.map((f) => {
    if (!f.feature.startsWith('rate:')) return f;
    const detail = rateShareOf(e, f.feature.slice(5), s);
    return detail ? { ...f, ...detail } : f;
  });
}

export const featureNames = (e: Encoding) => [...e.numeric, ...e.onehot, ...e.phrases.map((p) => `"${p}"`), ...e.rates.map((r) => `rate:${r.field}`)];

/** The middle 80% (by default) of ensemble members' probabilities, widened to contain the point estimate. */
export function spreadInterval(values: number[], mean: number, lo = 0.1, hi = 0.9): [number, number] {
  if (values.length === 0) return [mean, mean];
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
  return [Math.min(at(lo), mean), Math.max(at(hi), mean)];
}

/**
 * Platt scaling on the calibration slice, but never a flip: a negative slope means the model ranked the newest
 * outcomes worse than chance, which on a small slice is noise — then only the level is recalibrated.
 */
export function calibrate(probs: number[], labels: number[]): PlattCalibrator {
  const fitted = fitPlatt(probs, labels);
  if (fitted.a > 0) return fitted;
  const rate = (labels.reduce((a, b) => a + b, 0) + 1) / (labels.length + 2);
  const mean = probs.reduce((a, b) => a + b, 0) / probs.length;
  return { a: 1, b: logit(rate) - logit(mean) };
}

/** Probabilities shown and stored stay inside [0.0001, 0.9999]: a model is never certain. */
export const clamp01 = (p: number) => Math.min(1 - 1e-4, Math.max(1e-4, p));

/** Row indices grouped by record (a record's moments stay together in samples). */
export function recordGroups(examples: readonly { snap: Snapshot }[]): number[][] {
  const byRecord = new Map<string, number[]>();
  examples.forEach((e, i) => {
    const rows = byRecord.get(e.snap.id);
    if (rows) rows.push(i);
    else byRecord.set(e.snap.id, [i]);
  });
  return [...byRecord.values()];
}

/** The rows of about `target` rows' worth of whole records, drawn without replacement. */
export function recordSample(examples: readonly { snap: Snapshot }[], target: number, rng: () => number): number[] {
  const groups = recordGroups(examples);
  for (let i = groups.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [groups[i], groups[j]] = [groups[j]!, groups[i]!];
  }
  const out: number[] = [];
  for (const g of groups) {
    if (out.length >= target) break;
    out.push(...g);
  }
  return out.sort((a, b) => a - b);
}
