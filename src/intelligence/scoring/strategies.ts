/**
 * Scoring strategies behind one interface. `weighted` is the hand-set baseline to beat; `naive-bayes` the learned
 * baseline open-source CRMs ship; `logistic` is regularised logistic regression on the engineered features. The
 * learned ones carry their uncertainty (a Laplace posterior for logistic, a bootstrap ensemble for naive Bayes)
 * and a Platt calibrator fitted on later outcomes than they were trained on.
 */
import {
  applyPlatt, bootstrapEnsemble, fitLaplace, mulberry32, sigmoid, logLoss, logOdds, logOddsStd, explainLogistic, explainNaiveBayes, predictLogistic, predictNaiveBayes,
  trainLogistic, trainNaiveBayes, type LaplacePosterior, type LogisticModel, type NaiveBayesModel, type PlattCalibrator,
} from './learn/index.js';
import type { Snapshot } from './features.js';
import { calibrate, clamp01, encode, encodeTraining, featureNames, fitEncoding, recordSample, spreadInterval, withRateShares, type Encoding } from './encoding.js';
import { neuralStrategy } from './neural.js';

export const STRATEGIES = ['weighted', 'logistic', 'naive-bayes', 'neural'] as const;
export type StrategyName = (typeof STRATEGIES)[number];

export interface Example {
  snap: Snapshot;
  label: 0 | 1;
  weight: number;
}

export interface Prediction {
  probability: number;
  interval: [number, number];
  /**
   * Contributions to the log-odds, largest first. A rate factor (`rate:field`) carries the share of training
   * outcomes that ended well among records with this one's value, how many records that was, and the share overall.
   */
  factors: { feature: string; effect: number; share?: number; count?: number; overall?: number }[];
}

/** A fitted model of any strategy: scores snapshots and serialises to JSON for the model store. */
export interface ScoreModel {
  readonly strategy: StrategyName;
  predict(snap: Snapshot): Prediction;
  toJSON(): unknown;
}

export interface TrainOptions {
  uncertainty?: boolean;
  newer?: Example[];
}

export interface ScoringStrategy {
  readonly name: StrategyName;
  /** Whether it learns from outcomes (the weighted baseline does not). */
  readonly learns: boolean;
  /**
   * `examples` fit the model and `calibration` (records resolved after them, one moment each) chooses its settings
   * and calibrates it. `opts.newer`, the calibration records as training examples (every moment): once settings
   * and calibrator are chosen, the model is fitted again on examples and newer together with those settings, so
   * the newest outcomes teach it too (leaving that fifth of the data out cost ~0.03 AUC on newer deals).
   * `uncertainty: false` skips the posterior or ensemble (evaluation runs only need the point estimate).
   */
  train(examples: Example[], calibration?: Example[], opts?: TrainOptions): ScoreModel | Promise<ScoreModel>;
  restore(json: unknown): ScoreModel;
}

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

// ---------------------------------------------------------------- naive Bayes rows ----

/** Naive Bayes reads categories; numbers are already banded among them, phrases become present/absent fields. */
function categoricalRow(s: Snapshot, phrases: readonly string[]): Record<string, string> {
  const row: Record<string, string> = { ...s.categorical };
  delete row.product_industry;
  for (const p of phrases) row[`"${p}"`] = s.phrases.has(p) ? 'yes' : 'no';
  return row;
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
    return { probability: p, interval: band, factors: withRateShares(this.j.encoding, s, explainLogistic(this.j.model, row).slice(0, 8)) };
  }
  toJSON() {
    return this.j;
  }
}

export const logisticStrategy: ScoringStrategy = {
  name: 'logistic',
  learns: true,
  train(examples, calibration, opts = {}) {
    const held = calibration && calibration.length >= 30 ? calibration : undefined;
    const design = (exs: Example[], pairs: boolean) => {
      const encoding = fitEncoding(exs.map((e) => e.snap), exs, pairs);
      const weights = Float64Array.from(exs.map((e) => e.weight));
      return { encoding, weights, data: { x: encodeTraining(encoding, exs), y: Uint8Array.from(exs.map((e) => e.label)), featureNames: featureNames(encoding) } };
    };
    // Model selection on the calibration slice (resolved after the training records), never on the test set:
    // the penalty, and whether pairs of fields get rates of their own. Along the penalty path each fit starts
    // from the previous one, which takes Newton a few steps instead of a dozen. On a large workspace the choice is
    // made on a record sample and the penalty scaled to the full data (it counts pseudo-observations).
    const selection = held && examples.length > SELECTION_ROWS ? recordSample(examples, SELECTION_ROWS, mulberry32(13)).map((i) => examples[i]!) : examples;
    const totalWeight = (exs: Example[]) => exs.reduce((a, e) => a + e.weight, 0);
    const scale = totalWeight(examples) / totalWeight(selection);
    let chosen = { pairs: false, l2: L2_CHOICES[1] as number };
    let start: LogisticModel | undefined;
    if (held) {
      const hy = held.map((e) => e.label);
      let best = Infinity;
      for (const pairs of [false, true]) {
        const { encoding, data, weights } = design(selection, pairs);
        const hx = held.map((e) => encode(encoding, e.snap));
        let previous: LogisticModel | undefined;
        for (const l2 of L2_CHOICES) {
          const m = trainLogistic(data, { l2, sampleWeights: weights, tol: NEWTON_TOL, warmStart: previous });
          previous = m;
          const loss = logLoss(hx.map((r) => predictLogistic(m, r)), hy);
          if (loss < best) [best, chosen, start] = [loss, { pairs, l2 }, m];
        }
      }
    }
    let { encoding, data, weights: w } = design(examples, chosen.pairs);
    let model = start && selection === examples ? start : trainLogistic(data, { l2: chosen.l2 * scale, sampleWeights: w, tol: NEWTON_TOL });
    let platt: PlattCalibrator | null = null;
    if (calibration && calibration.length >= 30) {
      platt = calibrate(calibration.map((e) => predictLogistic(model, encode(encoding, e.snap))), calibration.map((e) => e.label));
    }
    if (opts.newer && opts.newer.length > 0) {
      // Refitted with the newest outcomes; the penalty counts pseudo-observations, so it grows with the data.
      const all = [...examples, ...opts.newer];
      ({ encoding, data, weights: w } = design(all, chosen.pairs));
      model = trainLogistic(data, { l2: chosen.l2 * scale * (totalWeight(all) / totalWeight(examples)), sampleWeights: w, tol: NEWTON_TOL });
    }
    const posterior = opts.uncertainty === false ? null : fitLaplace(model, data, w);
    return new LogisticScoreModel({ strategy: 'logistic', encoding, model, posterior, platt });
  },
  restore: (json) => new LogisticScoreModel(reviveFloat(json) as LogisticJson),
};

/** Penalties tried, weakest last (warm starts go from smooth to sharp); the second when there is no calibration set. */
const L2_CHOICES = [300, 100, 30, 10, 3] as const;
/** Training rows above which the model is chosen on a record sample of this many. */
const SELECTION_ROWS = 6000;
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
    return { probability: p, interval: spreadInterval(spread, p), factors };
  }
  toJSON() {
    return this.j;
  }
}

export const naiveBayesStrategy: ScoringStrategy = {
  name: 'naive-bayes',
  learns: true,
  train(examples, calibration, opts = {}) {
    const fit = (exs: Example[]) => {
      const phrases = fitEncoding(exs.map((e) => e.snap)).phrases;
      const rows = exs.map((e) => categoricalRow(e.snap, phrases));
      const y = exs.map((e) => e.label);
      return { phrases, rows, y, model: trainNaiveBayes(rows, y) };
    };
    let { phrases, rows, y, model } = fit(examples);
    let platt: PlattCalibrator | null = null;
    if (calibration && calibration.length >= 30) {
      platt = calibrate(calibration.map((e) => predictNaiveBayes(model, categoricalRow(e.snap, phrases))), calibration.map((e) => e.label));
    }
    if (opts.newer && opts.newer.length > 0) ({ phrases, rows, y, model } = fit([...examples, ...opts.newer]));
    const members = opts.uncertainty === false ? [] : bootstrapEnsemble(
      rows.length,
      (idx: Uint32Array) => trainNaiveBayes([...idx].map((i) => rows[i]!), [...idx].map((i) => y[i]!)),
      (m: NaiveBayesModel, row: Record<string, string>) => predictNaiveBayes(m, row),
      { members: ENSEMBLE, seed: 11 },
    ).members;
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
  neural: neuralStrategy,
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
