/**
 * Scoring strategies behind one interface. `weighted` is the hand-set baseline to beat; `naive-bayes` the learned
 * baseline open-source CRMs ship; `logistic` is regularised logistic regression on the engineered features. The
 * learned ones carry a bootstrap ensemble for their uncertainty and a Platt calibrator fitted on later outcomes
 * than they were trained on.
 */
import {
  applyPlatt, bootstrapEnsemble, logLoss, explainLogistic, explainNaiveBayes, fitPlatt, predictLogistic, predictNaiveBayes,
  trainLogistic, trainNaiveBayes, type LogisticModel, type NaiveBayesModel, type PlattCalibrator,
} from './learn/index.js';
import type { Snapshot } from './features.js';

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
}

const MIN_COUNT = 5;
const MIN_PHRASE_SHARE = 0.01;
const MAX_PHRASES = 120;

export function fitEncoding(snaps: Snapshot[]): Encoding {
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
  return { numeric, onehot, phrases };
}

export function encode(e: Encoding, s: Snapshot): Float64Array {
  const row = new Float64Array(e.numeric.length + e.onehot.length + e.phrases.length);
  let i = 0;
  for (const k of e.numeric) row[i++] = s.numeric[k] ?? 0;
  for (const k of e.onehot) {
    const eq = k.indexOf('=');
    row[i++] = s.categorical[k.slice(0, eq)] === k.slice(eq + 1) ? 1 : 0;
  }
  for (const p of e.phrases) row[i++] = s.phrases.has(p) ? 1 : 0;
  return row;
}

export const featureNames = (e: Encoding) => [...e.numeric, ...e.onehot, ...e.phrases.map((p) => `"${p}"`)];

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
  members: LogisticModel[];
  platt: PlattCalibrator | null;
}

class LogisticScoreModel implements ScoreModel {
  readonly strategy = 'logistic' as const;
  constructor(private readonly j: LogisticJson) {}
  predict(s: Snapshot): Prediction {
    const row = encode(this.j.encoding, s);
    const cal = (p: number) => (this.j.platt ? applyPlatt(this.j.platt, p) : p);
    const p = clamp01(cal(predictLogistic(this.j.model, row)));
    const spread = this.j.members.map((m) => clamp01(cal(predictLogistic(m, row))));
    return { probability: p, interval: interval(spread, p), factors: explainLogistic(this.j.model, row).slice(0, 8) };
  }
  toJSON() {
    return this.j;
  }
}

export const logisticStrategy: ScoringStrategy = {
  name: 'logistic',
  learns: true,
  train(examples, calibration, opts = {}) {
    const encoding = fitEncoding(examples.map((e) => e.snap));
    const x = examples.map((e) => encode(encoding, e.snap));
    const y = Uint8Array.from(examples.map((e) => e.label));
    const w = Float64Array.from(examples.map((e) => e.weight));
    const data = { x, y, featureNames: featureNames(encoding) };
    // The penalty is chosen on the calibration slice (resolved after the training records), never on the test set.
    let l2: number = L2_CHOICES[1];
    const held = calibration && calibration.length >= 30 ? calibration : undefined;
    if (held) {
      const hx = held.map((e) => encode(encoding, e.snap));
      const hy = held.map((e) => e.label);
      let best = Infinity;
      for (const c of L2_CHOICES) {
        const m = trainLogistic(data, { l2: c, sampleWeights: w });
        const loss = logLoss(hx.map((r) => predictLogistic(m, r)), hy);
        if (loss < best) [best, l2] = [loss, c];
      }
    }
    const fit = (rows?: Uint32Array) =>
      rows
        ? trainLogistic({ x: [...rows].map((i) => x[i]!), y: Uint8Array.from([...rows].map((i) => y[i]!)), featureNames: data.featureNames }, { l2, sampleWeights: Float64Array.from([...rows].map((i) => w[i]!)) })
        : trainLogistic(data, { l2, sampleWeights: w });
    const model = fit();
    const members = opts.uncertainty === false ? [] : bootstrapEnsemble(x.length, (idx: Uint32Array) => fit(idx), (m: LogisticModel, row: Float64Array) => predictLogistic(m, row), { members: ENSEMBLE, seed: 7 }).members;
    let platt: PlattCalibrator | null = null;
    if (calibration && calibration.length >= 30) {
      platt = calibrate(calibration.map((e) => predictLogistic(model, encode(encoding, e.snap))), calibration.map((e) => e.label));
    }
    return new LogisticScoreModel({ strategy: 'logistic', encoding, model, members, platt });
  },
  restore: (json) => new LogisticScoreModel(reviveFloat(json) as LogisticJson),
};

/** Penalties tried; the middle one when there is no calibration set. */
const L2_CHOICES = [1, 10, 100] as const;
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
  return { ...j, model: fix(j.model), members: j.members.map(fix) };
}
