/**
 * Scoring strategies behind one interface. `weighted` is the hand-set baseline to beat; `naive-bayes` the learned
 * baseline open-source CRMs ship; `logistic` is regularised logistic regression on the engineered features. The
 * learned ones carry their uncertainty (a Laplace posterior for logistic, a bootstrap ensemble for naive Bayes)
 * and a Platt calibrator fitted on later outcomes than they were trained on.
 */
import {
  applyPlatt, bootstrapEnsemble, fitLaplace, logLoss, logOdds, logOddsStd, explainLogistic, explainNaiveBayes, fitPlatt, predictLogistic, predictNaiveBayes,
  trainLogistic, trainNaiveBayes, type LaplacePosterior, type LogisticModel, type NaiveBayesModel, type PlattCalibrator,
} from './learn/index.js';
import { stableFraction, type Snapshot } from './features.js';

export const STRATEGIES = ['weighted', 'logistic', 'naive-bayes'] as const;
export type StrategyName = (typeof STRATEGIES)[number];

export interface Example {
  snap: Snapshot;
  label: 0 | 1;
  weight: number;
}

export interface Prediction {
  probability: number;
  interval: [number, number];
  /** Contributions to the log-odds, largest first. */
  factors: { feature: string; effect: number }[];
}

/** A fitted model of any strategy: scores snapshots and serialises to JSON for the model store. */
export interface ScoreModel {
  readonly strategy: StrategyName;
  predict(snap: Snapshot): Prediction;
  toJSON(): unknown;
}

export interface ScoringStrategy {
  readonly name: StrategyName;
  /** Whether it learns from outcomes (the weighted baseline does not). */
  readonly learns: boolean;
  /** `uncertainty: false` skips the bootstrap ensemble (evaluation runs only need the point estimate). */
  train(examples: Example[], calibration?: Example[], opts?: { uncertainty?: boolean }): ScoreModel | Promise<ScoreModel>;
  restore(json: unknown): ScoreModel;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const clamp01 = (p: number) => Math.min(1 - 1e-4, Math.max(1e-4, p));
const byEffect = (a: { effect: number }, b: { effect: number }) => Math.abs(b.effect) - Math.abs(a.effect);

// ---------------------------------------------------------------- weighted (hand-set) ----

const STAGE_WEIGHT: Record<string, number> = { lead: -1, qualified: -0.4, proposal: 0.2, negotiation: 0.8 };
const SOURCE_WEIGHT: Record<string, number> = { referral: 0.4, partner: 0.3, conference: 0.1, webinar: 0.1, 'cold outreach': -0.3 };

/**
 * The transparent baseline: stage (deals), engagement, recency, seniority, source and fit with weights a sales
 * manager would set. Factor names are feature keys; the explanation layer puts them into words.
 */
class WeightedModel implements ScoreModel {
  readonly strategy = 'weighted' as const;
  predict(s: Snapshot): Prediction {
    const f = s.facts;
    const since = f.days_since_activity ?? null;
    const factors = [
      { feature: 'activities_30d', effect: 0.25 * Math.min(f.activities_30d ?? 0, 6) },
      { feature: 'days_since_activity', effect: since === null ? -0.5 : -Math.min(1.5, Math.max(0, since - 14) * 0.02) },
      { feature: 'seniority', effect: ((f.seniority ?? 1) - 2) * 0.2 },
      { feature: `lead_source=${s.categorical.lead_source}`, effect: SOURCE_WEIGHT[s.categorical.lead_source ?? ''] ?? 0 },
      { feature: `size=${s.categorical.size}`, effect: s.categorical.size === 'mid-market' || s.categorical.size === 'large' ? 0.2 : 0 },
    ];
    if (s.subject === 'deal') factors.push({ feature: `stage=${s.categorical.stage}`, effect: STAGE_WEIGHT[s.categorical.stage ?? ''] ?? 0 });
    if (s.subject === 'lead') factors.push({ feature: 'open_deals', effect: (f.open_deals ?? 0) > 0 ? 0.5 : -0.3 });
    const p = sigmoid(-0.3 + factors.reduce((z, x) => z + x.effect, 0));
    return { probability: p, interval: [p, p], factors: factors.filter((x) => x.effect !== 0).sort(byEffect) };
  }
  toJSON() {
    return { strategy: 'weighted' };
  }
}

// ---------------------------------------------------------------- feature encoding ----

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

function fitRates(examples: readonly { snap: Snapshot; label: number; weight: number }[], fields: string[]): Encoding['rates'] {
  let pos = 0;
  let n = 0;
  for (const e of examples) [pos, n] = [pos + e.label * e.weight, n + e.weight];
  const prior = n > 0 ? (pos + 1) / (n + 2) : 0.5;
  return fields.map((field) => {
    const table: Record<string, [number, number]> = {};
    for (const e of examples) {
      const v = valueOf(field, e.snap);
      if (v === undefined) continue;
      const cell = (table[v] ??= [0, 0]);
      cell[0] += e.label * e.weight;
      cell[1] += e.weight;
    }
    return { field, prior, table };
  });
}

/** A field's value, or for a pair "a×b" the two values joined. */
function valueOf(field: string, s: Snapshot): string | undefined {
  const cut = field.indexOf('×');
  if (cut < 0) return s.categorical[field];
  const [a, b] = [s.categorical[field.slice(0, cut)], s.categorical[field.slice(cut + 1)]];
  return a === undefined || b === undefined ? undefined : `${a}×${b}`;
}

function rateOf(r: Encoding['rates'][number], s: Snapshot): number {
  const v = valueOf(r.field, s) ?? '';
  const [pos, n] = Object.hasOwn(r.table, v) ? r.table[v]! : [0, 0];
  return logitOf((pos + RATE_SMOOTHING * r.prior) / (n + RATE_SMOOTHING));
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

export function encode(e: Encoding, s: Snapshot): Float64Array {
  const row = new Float64Array(e.numeric.length + e.onehot.length + e.phrases.length + e.rates.length);
  let i = 0;
  for (const k of e.numeric) row[i++] = s.numeric[k] ?? 0;
  for (const k of e.onehot) {
    const eq = k.indexOf('=');
    row[i++] = s.categorical[k.slice(0, eq)] === k.slice(eq + 1) ? 1 : 0;
  }
  for (const p of e.phrases) row[i++] = s.phrases.has(p) ? 1 : 0;
  for (const r of e.rates) row[i++] = rateOf(r, s);
  return row;
}

/**
 * Training rows with out-of-fold rates: each record's rate columns come from tables fitted without its own
 * fold (all moments of one record share a fold), so a rate never contains the outcome it is asked to predict.
 */
export function encodeTraining(e: Encoding, examples: readonly { snap: Snapshot; label: number; weight: number }[]): Float64Array[] {
  const rows = examples.map((x) => encode(e, x.snap));
  if (e.rates.length === 0) return rows;
  const fold = examples.map((x) => Math.min(RATE_FOLDS - 1, Math.floor(stableFraction(x.snap.id, 0, 1) * RATE_FOLDS)));
  const offset = e.numeric.length + e.onehot.length + e.phrases.length;
  const fields = e.rates.map((r) => r.field);
  for (let k = 0; k < RATE_FOLDS; k++) {
    const rates = fitRates(examples.filter((_, i) => fold[i] !== k), fields);
    examples.forEach((x, i) => {
      if (fold[i] === k) rates.forEach((r, j) => (rows[i]![offset + j] = rateOf(r, x.snap)));
    });
  }
  return rows;
}

export const featureNames = (e: Encoding) => [...e.numeric, ...e.onehot, ...e.phrases.map((p) => `"${p}"`), ...e.rates.map((r) => `rate:${r.field}`)];

/** Naive Bayes reads categories; numbers are already banded among them, phrases become present/absent fields. */
function categoricalRow(s: Snapshot, phrases: readonly string[]): Record<string, string> {
  const row: Record<string, string> = { ...s.categorical };
  delete row.product_industry;
  for (const p of phrases) row[`"${p}"`] = s.phrases.has(p) ? 'yes' : 'no';
  return row;
}

function interval(values: number[], mean: number, lo = 0.1, hi = 0.9): [number, number] {
  if (values.length === 0) return [mean, mean];
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
  return [Math.min(at(lo), mean), Math.max(at(hi), mean)];
}

/**
 * Platt scaling on the calibration slice, but never a flip: a negative slope means the model ranked the newest
 * outcomes worse than chance, which on a small slice is noise — then only the level is recalibrated.
 */
function calibrate(probs: number[], labels: number[]): PlattCalibrator {
  const fitted = fitPlatt(probs, labels);
  if (fitted.a > 0) return fitted;
  const rate = (labels.reduce((a, b) => a + b, 0) + 1) / (labels.length + 2);
  const mean = probs.reduce((a, b) => a + b, 0) / probs.length;
  const logit = (p: number) => Math.log(Math.min(1 - 1e-6, Math.max(1e-6, p)) / (1 - Math.min(1 - 1e-6, Math.max(1e-6, p))));
  return { a: 1, b: logit(rate) - logit(mean) };
}

// ---------------------------------------------------------------- logistic ----

interface LogisticJson {
  strategy: 'logistic';
  encoding: Encoding;
  model: LogisticModel;
  /** The Laplace posterior of the parameters (null when trained without uncertainty). */
  posterior: LaplacePosterior | null;
  platt: PlattCalibrator | null;
}

/** z of the 10th/90th percentiles: the interval is the middle 80% of the posterior, as for the bootstrap ones. */
const Z80 = 1.2816;

class LogisticScoreModel implements ScoreModel {
  readonly strategy = 'logistic' as const;
  constructor(private readonly j: LogisticJson) {}
  predict(s: Snapshot): Prediction {
    const row = encode(this.j.encoding, s);
    const cal = (p: number) => (this.j.platt ? applyPlatt(this.j.platt, p) : p);
    const eta = logOdds(this.j.model, row);
    const p = clamp01(cal(sigmoid(eta)));
    const sd = this.j.posterior ? logOddsStd(this.j.posterior, this.j.model, row) : 0;
    const band: [number, number] = [Math.min(p, clamp01(cal(sigmoid(eta - Z80 * sd)))), Math.max(p, clamp01(cal(sigmoid(eta + Z80 * sd))))];
    return { probability: p, interval: band, factors: explainLogistic(this.j.model, row).slice(0, 8) };
  }
  toJSON() {
    return this.j;
  }
}

export const logisticStrategy: ScoringStrategy = {
  name: 'logistic',
  learns: true,
  train(examples, calibration, opts = {}) {
    const y = Uint8Array.from(examples.map((e) => e.label));
    const w = Float64Array.from(examples.map((e) => e.weight));
    const design = (pairs: boolean) => {
      const encoding = fitEncoding(examples.map((e) => e.snap), examples, pairs);
      return { encoding, data: { x: encodeTraining(encoding, examples), y, featureNames: featureNames(encoding) } };
    };
    // Model selection on the calibration slice (resolved after the training records), never on the test set:
    // the penalty, and whether pairs of fields get rates of their own. Along the penalty path each fit starts
    // from the previous one, which takes Newton a few steps instead of a dozen.
    let chosen = { pairs: false, l2: L2_CHOICES[1] as number };
    let start: LogisticModel | undefined;
    const held = calibration && calibration.length >= 30 ? calibration : undefined;
    if (held) {
      const hy = held.map((e) => e.label);
      let best = Infinity;
      for (const pairs of [false, true]) {
        const { encoding, data } = design(pairs);
        const hx = held.map((e) => encode(encoding, e.snap));
        let previous: LogisticModel | undefined;
        for (const l2 of L2_CHOICES) {
          const m = trainLogistic(data, { l2, sampleWeights: w, tol: NEWTON_TOL, warmStart: previous });
          previous = m;
          const loss = logLoss(hx.map((r) => predictLogistic(m, r)), hy);
          if (loss < best) [best, chosen, start] = [loss, { pairs, l2 }, m];
        }
      }
    }
    const { encoding, data } = design(chosen.pairs);
    const model = start ?? trainLogistic(data, { l2: chosen.l2, sampleWeights: w, tol: NEWTON_TOL });
    const posterior = opts.uncertainty === false ? null : fitLaplace(model, data, w);
    let platt: PlattCalibrator | null = null;
    if (calibration && calibration.length >= 30) {
      platt = calibrate(calibration.map((e) => predictLogistic(model, encode(encoding, e.snap))), calibration.map((e) => e.label));
    }
    return new LogisticScoreModel({ strategy: 'logistic', encoding, model, posterior, platt });
  },
  restore: (json) => new LogisticScoreModel(reviveFloat(json) as LogisticJson),
};

/** Penalties tried, weakest last (warm starts go from smooth to sharp); the second when there is no calibration set. */
const L2_CHOICES = [300, 100, 30, 10, 3] as const;
/** Objective gap per unit of sample weight at which a fit stops: far below anything a score shows. */
const NEWTON_TOL = 1e-9;
const ENSEMBLE = 10;

// ---------------------------------------------------------------- naive Bayes ----

interface NaiveBayesJson {
  strategy: 'naive-bayes';
  phrases: string[];
  model: NaiveBayesModel;
  members: NaiveBayesModel[];
  platt: PlattCalibrator | null;
}

class NaiveBayesScoreModel implements ScoreModel {
  readonly strategy = 'naive-bayes' as const;
  constructor(private readonly j: NaiveBayesJson) {}
  predict(s: Snapshot): Prediction {
    const row = categoricalRow(s, this.j.phrases);
    const cal = (p: number) => (this.j.platt ? applyPlatt(this.j.platt, p) : p);
    const p = clamp01(cal(predictNaiveBayes(this.j.model, row)));
    const spread = this.j.members.map((m) => clamp01(cal(predictNaiveBayes(m, row))));
    // Naive Bayes names the field; the factor is the field's value in this row.
    const factors = explainNaiveBayes(this.j.model, row).slice(0, 8).map((f) => ({ feature: `${f.feature}=${row[f.feature]}`, effect: f.effect }));
    return { probability: p, interval: interval(spread, p), factors };
  }
  toJSON() {
    return this.j;
  }
}

export const naiveBayesStrategy: ScoringStrategy = {
  name: 'naive-bayes',
  learns: true,
  train(examples, calibration, opts = {}) {
    const phrases = fitEncoding(examples.map((e) => e.snap)).phrases;
    const rows = examples.map((e) => categoricalRow(e.snap, phrases));
    const y = examples.map((e) => e.label);
    const model = trainNaiveBayes(rows, y);
    const members = opts.uncertainty === false ? [] : bootstrapEnsemble(
      rows.length,
      (idx: Uint32Array) => trainNaiveBayes([...idx].map((i) => rows[i]!), [...idx].map((i) => y[i]!)),
      (m: NaiveBayesModel, row: Record<string, string>) => predictNaiveBayes(m, row),
      { members: ENSEMBLE, seed: 11 },
    ).members;
    let platt: PlattCalibrator | null = null;
    if (calibration && calibration.length >= 30) {
      platt = calibrate(calibration.map((e) => predictNaiveBayes(model, categoricalRow(e.snap, phrases))), calibration.map((e) => e.label));
    }
    return new NaiveBayesScoreModel({ strategy: 'naive-bayes', phrases, model, members, platt });
  },
  restore: (json) => new NaiveBayesScoreModel(json as NaiveBayesJson),
};

export const weightedStrategy: ScoringStrategy = {
  name: 'weighted',
  learns: false,
  train: () => new WeightedModel(),
  restore: () => new WeightedModel(),
};

export const STRATEGY: Record<StrategyName, ScoringStrategy> = {
  weighted: weightedStrategy,
  logistic: logisticStrategy,
  'naive-bayes': naiveBayesStrategy,
};

/** Typed arrays survive JSON as plain objects/arrays; models need them back as Float64Array. */
function reviveFloat(json: unknown): unknown {
  const fix = (m: LogisticModel): LogisticModel => ({
    ...m,
    weights: Float64Array.from(Object.values(m.weights as unknown as Record<string, number>)),
    standardizer: {
      mean: Float64Array.from(Object.values(m.standardizer.mean as unknown as Record<string, number>)),
      std: Float64Array.from(Object.values(m.standardizer.std as unknown as Record<string, number>)),
    },
  });
  const j = json as LogisticJson;
  // Versions stored before rates and posteriors existed have neither.
  return { ...j, encoding: { ...j.encoding, rates: j.encoding.rates ?? [] }, model: fix(j.model), posterior: j.posterior ?? null };
}
