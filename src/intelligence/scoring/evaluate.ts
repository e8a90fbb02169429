/**
 * Time-based evaluation: resolved deals (or leads) ordered by when their outcome came; strategies learn from the
 * older ones and are judged on the newer ones, each seen once at a moment inside its life. Reports
 * discrimination (AUC), calibration (Brier, log-loss, reliability) and a learning curve over how many outcomes
 * were available.
 */
import { auc, brier, expectedCalibrationError, logLoss, reliabilityTable, type ReliabilityBin } from './learn/index.js';
import { stableFraction, trainingMoments, type ScoringWorld, type Snapshot } from './features.js';
import { pipelineBacktest, type PipelineBacktest } from './backtest.js';
import { estimateFunnel, funnelSample, type FunnelEvidence } from './funnel.js';
import { stageRates, stageStays, type StageRate } from './stage-rates.js';
import { STRATEGIES, STRATEGY, type Example, type ScoreModel, type StrategyName } from './strategies.js';
import type { Outcome, ScoringTarget, TargetName } from './targets.js';

/** Fewer outcomes of either kind than this, and a workspace scores with the hand-set prior. */
export const MIN_OUTCOMES_PER_CLASS = 50;
export const USELESS_AUC = 0.6;
export const LEAKY_AUC = 0.95;
const TEST_SHARE = 0.3;
const CALIBRATION_SHARE = 0.2;

export interface StrategyReport {
  strategy: StrategyName;
  auc: number;
  brier: number;
  logLoss: number;
  ece: number;
  reliability: ReliabilityBin[];
  trainSeconds: number;
  /** What open records' funnel positions add to this strategy's scores (learned strategies; see funnel.ts). */
  funnel?: FunnelEvidence | null;
  /** Per funnel position of the newer records (recorded history only): this strategy's mean score and the share that ended well, in the position at a moment, and the position's conversion (stage-rates.ts). */
  stages: StageRate[];
}

/**
 * How scores know where an open record stands: `history` — the learners saw each resolved record's recorded
 * positions; `funnel estimate` — no history, so the funnel evidence (funnel.ts) adds the position to open records'
 * scores; `none` — neither (too little history and no usable estimate).
 */
export type StageEvidence = 'history' | 'funnel estimate' | 'none';

export interface EvaluationReport {
  target: TargetName;
  /** Resolved records (closed deals, leads that became customers or were disqualified). */
  outcomes: number;
  won: number;
  lost: number;
  train: number;
  test: number;
  /** Records resolved after this moment are the test set. */
  splitAt: string | null;
  strategies: StrategyReport[];
  learningCurve: { outcomes: number; auc: Partial<Record<StrategyName, number>>; brier: Partial<Record<StrategyName, number>> }[];
  best: StrategyName;
  stageEvidence: StageEvidence;
  /** The pipeline backtest (backtest.ts), when asked for. */
  backtest?: PipelineBacktest;
  warnings: string[];
}

/**
 * Snapshots already taken of a world, by target, record and moment. An evaluation and a training fit every
 * strategy on overlapping outcomes at the same moments (the moments depend on the outcome only), and a snapshot is
 * a pure function of the world, the record and the moment: each is taken once. Snapshots are never modified.
 */
const snapshots = new WeakMap<ScoringWorld, Map<string, Snapshot>>();

function snapshotOf(world: ScoringWorld, target: ScoringTarget, id: string, at: number): Snapshot {
  let cache = snapshots.get(world);
  if (!cache) snapshots.set(world, (cache = new Map()));
  const key = `${target.name}\u0000${id}\u0000${at}`;
  let snap = cache.get(key);
  if (!snap) cache.set(key, (snap = target.snapshot(world, target.record(world, id)!, at)));
  return snap;
}

/** Several moments of each training record (weighted to count once), so the learner sees every stage of evidence. */
export function trainingExamples(world: ScoringWorld, target: ScoringTarget, outcomes: Outcome[]): Example[] {
  const out: Example[] = [];
  for (const o of outcomes) {
    const moments = trainingMoments(o.start, o.end, undefined, target.entries(world, o.id));
    for (const at of moments) out.push({ snap: snapshotOf(world, target, o.id, at), label: o.label, weight: 1 / moments.length });
  }
  return out;
}

/** One moment per record, the same for every run (calibration and test sets). */
export function heldOutExamples(world: ScoringWorld, target: ScoringTarget, outcomes: Outcome[]): Example[] {
  return outcomes.map((o) => ({ snap: snapshotOf(world, target, o.id, o.start + stableFraction(o.id) * (o.end - o.start)), label: o.label, weight: 1 }));
}

/** How a fit divides its outcomes (oldest first): the older part fits the model, the newest part calibrates it. */
export function calibrationSplit(outcomes: Outcome[]): { fitted: Outcome[]; calibration: Outcome[] } {
  const cut = Math.max(1, Math.floor(outcomes.length * (1 - CALIBRATION_SHARE)));
  return { fitted: outcomes.slice(0, cut), calibration: outcomes.slice(cut) };
}

/** Trains a strategy on `outcomes` (oldest first), split as calibrationSplit says. */
export async function fitOn(world: ScoringWorld, target: ScoringTarget, strategy: StrategyName, outcomes: Outcome[], uncertainty = false): Promise<ScoreModel> {
  const { fitted, calibration } = calibrationSplit(outcomes);
  const newer = trainingExamples(world, target, calibration);
  return STRATEGY[strategy].train(trainingExamples(world, target, fitted), heldOutExamples(world, target, calibration), { uncertainty, newer });
}

/**
 * Fits a strategy on outcomes (as fitOn does) and says how long the fit itself took. The evaluation and training
 * ask for all their fits at once; a fitter runs them one after another in this thread (inProcessFitter) or spread
 * over worker threads (FitPool).
 */
export type Fitter = (target: ScoringTarget, strategy: StrategyName, outcomes: Outcome[], uncertainty: boolean) => Promise<{ model: ScoreModel; seconds: number }>;

/** Fits one at a time in this thread, in the order asked (so each fit's time is its own). */
export function inProcessFitter(world: ScoringWorld): Fitter {
  let queue: Promise<unknown> = Promise.resolve();
  return (target, strategy, outcomes, uncertainty) => {
    const run = queue.then(async () => {
      const t0 = performance.now();
      const model = await fitOn(world, target, strategy, outcomes, uncertainty);
      return { model, seconds: (performance.now() - t0) / 1000 };
    });
    queue = run.catch(() => undefined);
    return run;
  };
}

/** The hand-set baseline among evaluated strategies, and the learned one with the best AUC. */
function contenders<S extends Pick<StrategyReport, 'strategy' | 'auc'>>(strategies: readonly S[]): { baseline?: S; best?: S } {
  return {
    baseline: strategies.find((s) => !STRATEGY[s.strategy].learns),
    best: strategies.filter((s) => STRATEGY[s.strategy].learns).sort((a, b) => b.auc - a.auc)[0],
  };
}

/**
 * The strategy a workspace scores with: the learned one with the best AUC on newer outcomes, when there are enough
 * outcomes of each kind, its AUC is neither useless nor suspiciously high, and it ranks at least as well as the
 * hand-set baseline (when that was evaluated); otherwise the baseline.
 */
export function defaultStrategyOf(strategies: readonly Pick<StrategyReport, 'strategy' | 'auc'>[], enoughOutcomes: boolean): StrategyName {
  const { baseline, best } = contenders(strategies);
  if (!best || !enoughOutcomes || best.auc < USELESS_AUC || best.auc > LEAKY_AUC) return 'weighted';
  return baseline && best.auc < baseline.auc ? baseline.strategy : best.strategy;
}

/**
 * `learningCurve: false` skips the curve (retraining needs the comparison, not the curve). `fit` runs the fits
 * (default: one after another in this thread); they are all asked for at once, so a pool can run them side by side.
 * `now` (ms; the CRM's clock) is when open records' funnel positions are read.
 */
export async function evaluate(
  world: ScoringWorld,
  target: ScoringTarget,
  opts: { strategies?: readonly StrategyName[]; learningCurve?: boolean; backtest?: boolean; fit?: Fitter; now: number },
): Promise<EvaluationReport> {
  const fit = opts.fit ?? inProcessFitter(world);
  const strategies = opts.strategies ?? STRATEGIES;
  const resolved = target.outcomes(world);
  const won = resolved.filter((o) => o.label === 1).length;
  const lost = resolved.length - won;
  const warnings: string[] = [];
  const cut = Math.floor(resolved.length * (1 - TEST_SHARE));
  const train = resolved.slice(0, cut);
  const test = heldOutExamples(world, target, resolved.slice(cut));
  const report: EvaluationReport = {
    target: target.name, outcomes: resolved.length, won, lost, train: train.length, test: test.length,
    splitAt: resolved[cut] ? new Date(resolved[cut]!.end).toISOString() : null, strategies: [], learningCurve: [], best: 'weighted', stageEvidence: 'none', warnings,
  };
  const [yes, no] = target.name === 'deal' ? ['won', 'lost'] : ['converted', 'disqualified'];
  if (won < MIN_OUTCOMES_PER_CLASS || lost < MIN_OUTCOMES_PER_CLASS) {
    warnings.push(`only ${won} ${yes} and ${lost} ${no} (fewer than ${MIN_OUTCOMES_PER_CLASS} of each): ${target.name} scores use the hand-set prior (weighted)`);
  }
  if (test.length < 20 || train.length < 20) {
    warnings.push(`too few ${target.resolved} to evaluate`);
    return report;
  }
  const labels = test.map((e) => e.label);
  // All newer outcomes of one kind leave no ranking to judge (AUC is undefined): nothing learned is chosen.
  if (!labels.includes(1) || !labels.includes(0)) {
    warnings.push(`the ${test.length} newer ${target.resolved} were all ${labels[0] === 1 ? yes : no}: no ranking to judge the strategies on yet`);
    return report;
  }
  const curve = (opts.learningCurve === false ? [] : [100, 200, 500, train.length]).filter((n, i, all) => n <= train.length && all.indexOf(n) === i);
  // Every fit is asked for before any is awaited; results are read back in the order above.
  const fits = strategies.map((name) => fit(target, name, train, false));
  // "after n outcomes": the first n resolved, as the workspace would have had them.
  const curveFits = curve.map((n) => strategies.map((name) => fit(target, name, train.slice(0, n), false)));
  const backtest = opts.backtest ? pipelineBacktest(world, target, { fit, strategies }) : undefined;
  const settled = await Promise.allSettled([...fits, ...curveFits.flat(), ...(backtest ? [backtest] : [])]);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  // The funnel evidence is read off the models fitted here: the test outcomes are ones they were not fitted on.
  const funnel = funnelSample(world, target, test, opts.now);
  const stays = stageStays(world, target, resolved.slice(cut));
  for (const [i, name] of strategies.entries()) {
    const { model, seconds: trainSeconds } = await fits[i]!;
    const probs = test.map((e) => model.predict(e.snap).probability);
    const table = reliabilityTable(probs, labels);
    report.strategies.push({
      strategy: name, auc: auc(probs, labels), brier: brier(probs, labels), logLoss: logLoss(probs, labels), ece: expectedCalibrationError(table), reliability: table, trainSeconds,
      ...(STRATEGY[name].learns ? { funnel: (funnel && estimateFunnel(model, target.funnel, funnel)) ?? null } : {}),
      stages: stageRates(model, target.funnel.order, stays, test),
    });
  }
  for (const [c, n] of curve.entries()) {
    const point: EvaluationReport['learningCurve'][number] = { outcomes: n, auc: {}, brier: {} };
    for (const [i, name] of strategies.entries()) {
      const { model } = await curveFits[c]![i]!;
      const probs = test.map((e) => model.predict(e.snap).probability);
      point.auc[name] = auc(probs, labels);
      point.brier[name] = brier(probs, labels);
    }
    report.learningCurve.push(point);
  }
  if (backtest) report.backtest = await backtest;
  report.stageEvidence = funnel === undefined ? 'history' : report.strategies.some((s) => s.funnel) ? 'funnel estimate' : 'none';
  report.best = defaultStrategyOf(report.strategies, won >= MIN_OUTCOMES_PER_CLASS && lost >= MIN_OUTCOMES_PER_CLASS);
  const { baseline, best: bestLearned } = contenders(report.strategies);
  if (baseline && bestLearned && bestLearned.auc < baseline.auc) {
    warnings.push(`no learned strategy ranks newer ${target.resolved} better than the hand-set ${baseline.strategy} baseline yet (${bestLearned.strategy} AUC ${bestLearned.auc.toFixed(3)} vs ${baseline.auc.toFixed(3)}): it keeps scoring`);
  }
  for (const s of report.strategies) {
    if (!STRATEGY[s.strategy].learns) continue;
    if (s.auc < USELESS_AUC) warnings.push(`${s.strategy}: AUC ${s.auc.toFixed(3)} on newer ${target.resolved} is below ${USELESS_AUC} — no better than guessing`);
    if (s.auc > LEAKY_AUC) warnings.push(`${s.strategy}: AUC ${s.auc.toFixed(3)} is above ${LEAKY_AUC} — probably a feature that reveals the outcome`);
  }
  return report;
}
