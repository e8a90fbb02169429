/**
 * Time-based evaluation: resolved deals (or leads) ordered by when their outcome came; strategies learn from the
 * older ones and are judged on the newer ones, each seen once at a moment inside its life. Reports
 * discrimination (AUC), calibration (Brier, log-loss, reliability) and a learning curve over how many outcomes
 * were available.
 */
import { auc, brier, expectedCalibrationError, logLoss, reliabilityTable, type ReliabilityBin } from './learn/index.js';
import { stableFraction, trainingMoments, type ScoringWorld } from './features.js';
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
}

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
  warnings: string[];
}

/** Several moments of each training record (weighted to count once), so the learner sees every stage of evidence. */
export function trainingExamples(world: ScoringWorld, target: ScoringTarget, outcomes: Outcome[]): Example[] {
  const out: Example[] = [];
  for (const o of outcomes) {
    const record = target.record(world, o.id)!;
    const moments = trainingMoments(o.start, o.end);
    for (const at of moments) out.push({ snap: target.snapshot(world, record, at), label: o.label, weight: 1 / moments.length });
  }
  return out;
}

/** One moment per record, the same for every run (calibration and test sets). */
export function heldOutExamples(world: ScoringWorld, target: ScoringTarget, outcomes: Outcome[]): Example[] {
  return outcomes.map((o) => ({ snap: target.snapshot(world, target.record(world, o.id)!, o.start + stableFraction(o.id) * (o.end - o.start)), label: o.label, weight: 1 }));
}

/** Trains a strategy on `outcomes` (oldest first): the older part fits the model, the newest part its calibration. */
export async function fitOn(world: ScoringWorld, target: ScoringTarget, strategy: StrategyName, outcomes: Outcome[], uncertainty = false): Promise<ScoreModel> {
  const cut = Math.max(1, Math.floor(outcomes.length * (1 - CALIBRATION_SHARE)));
  return STRATEGY[strategy].train(trainingExamples(world, target, outcomes.slice(0, cut)), heldOutExamples(world, target, outcomes.slice(cut)), { uncertainty });
}

/** `learningCurve: false` skips the curve (retraining needs the comparison, not the curve). */
export async function evaluate(world: ScoringWorld, target: ScoringTarget, opts: { strategies?: readonly StrategyName[]; learningCurve?: boolean } = {}): Promise<EvaluationReport> {
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
    splitAt: resolved[cut] ? new Date(resolved[cut]!.end).toISOString() : null, strategies: [], learningCurve: [], best: 'weighted', warnings,
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
  for (const name of strategies) {
    const t0 = performance.now();
    const model = await fitOn(world, target, name, train);
    const trainSeconds = (performance.now() - t0) / 1000;
    const probs = test.map((e) => model.predict(e.snap).probability);
    const table = reliabilityTable(probs, labels);
    report.strategies.push({ strategy: name, auc: auc(probs, labels), brier: brier(probs, labels), logLoss: logLoss(probs, labels), ece: expectedCalibrationError(table), reliability: table, trainSeconds });
  }
  for (const n of opts.learningCurve === false ? [] : [100, 200, 500, train.length]) {
    if (n > train.length || (n === train.length && report.learningCurve.some((p) => p.outcomes === n))) continue;
    const point: EvaluationReport['learningCurve'][number] = { outcomes: n, auc: {}, brier: {} };
    for (const name of strategies) {
      // "after n outcomes": the first n resolved, as the workspace would have had them.
      const model = await fitOn(world, target, name, train.slice(0, n));
      const probs = test.map((e) => model.predict(e.snap).probability);
      point.auc[name] = auc(probs, labels);
      point.brier[name] = brier(probs, labels);
    }
    report.learningCurve.push(point);
  }
  const learned = report.strategies.filter((s) => STRATEGY[s.strategy].learns).sort((a, b) => b.auc - a.auc);
  const enough = won >= MIN_OUTCOMES_PER_CLASS && lost >= MIN_OUTCOMES_PER_CLASS;
  if (learned[0] && enough && learned[0].auc >= USELESS_AUC && learned[0].auc <= LEAKY_AUC) report.best = learned[0].strategy;
  for (const s of report.strategies) {
    if (!STRATEGY[s.strategy].learns) continue;
    if (s.auc < USELESS_AUC) warnings.push(`${s.strategy}: AUC ${s.auc.toFixed(3)} on newer ${target.resolved} is below ${USELESS_AUC} — no better than guessing`);
    if (s.auc > LEAKY_AUC) warnings.push(`${s.strategy}: AUC ${s.auc.toFixed(3)} is above ${LEAKY_AUC} — probably a feature that reveals the outcome`);
  }
  return report;
}
