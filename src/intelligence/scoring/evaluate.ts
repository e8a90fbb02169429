/**
 * Time-based evaluation: closed deals ordered by when they closed; strategies learn from the older ones and are
 * judged on the newer ones, each seen once at a moment inside its life. Reports discrimination (AUC),
 * calibration (Brier, log-loss, reliability) and a learning curve over how many outcomes were available.
 */
import type { CrmRecord } from '../../core/entities.js';
import { auc, brier, expectedCalibrationError, logLoss, reliabilityTable, type ReliabilityBin } from './learn/index.js';
import { outcomeOf, snapshot, stableFraction, trainingMoments, type DealWorld } from './features.js';
import { STRATEGIES, STRATEGY, type DealModel, type Example, type StrategyName } from './strategies.js';

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
  closedDeals: number;
  won: number;
  lost: number;
  trainDeals: number;
  testDeals: number;
  /** Deals closed after this moment are the test set. */
  splitAt: string | null;
  strategies: StrategyReport[];
  learningCurve: { outcomes: number; auc: Partial<Record<StrategyName, number>>; brier: Partial<Record<StrategyName, number>> }[];
  best: StrategyName;
  warnings: string[];
}

/** Closed deals with a known outcome and close time, oldest close first. */
export function closedDeals(world: DealWorld): CrmRecord[] {
  return world.deals
    .filter((d) => outcomeOf(d) !== undefined && Number.isFinite(Date.parse(String(d.closed_at ?? ''))))
    .sort((a, b) => String(a.closed_at).localeCompare(String(b.closed_at)) || a.id.localeCompare(b.id));
}

/** Several moments of each training deal (weighted to count once), so the learner sees every stage of evidence. */
export function trainingExamples(world: DealWorld, deals: CrmRecord[]): Example[] {
  const out: Example[] = [];
  for (const d of deals) {
    const moments = trainingMoments(d);
    for (const at of moments) out.push({ snap: snapshot(world, d, at), label: outcomeOf(d)!, weight: 1 / moments.length });
  }
  return out;
}

/** One moment per deal, the same for every run (calibration and test sets). */
export function heldOutExamples(world: DealWorld, deals: CrmRecord[]): Example[] {
  return deals.flatMap((d) => {
    const created = Date.parse(String(d.created_at));
    const closed = Date.parse(String(d.closed_at));
    if (!(closed > created)) return [];
    return [{ snap: snapshot(world, d, created + stableFraction(d.id) * (closed - created)), label: outcomeOf(d)!, weight: 1 }];
  });
}

/** Trains a strategy on `deals` (oldest first): the older part fits the model, the newest part its calibration. */
export function fitOn(world: DealWorld, strategy: StrategyName, deals: CrmRecord[], uncertainty = false): DealModel {
  const cut = Math.max(1, Math.floor(deals.length * (1 - CALIBRATION_SHARE)));
  const fit = deals.slice(0, cut);
  const calibrate = deals.slice(cut);
  return STRATEGY[strategy].train(trainingExamples(world, fit), heldOutExamples(world, calibrate), { uncertainty });
}

export function evaluate(world: DealWorld, strategies: readonly StrategyName[] = STRATEGIES): EvaluationReport {
  const closed = closedDeals(world);
  const won = closed.filter((d) => outcomeOf(d) === 1).length;
  const lost = closed.length - won;
  const warnings: string[] = [];
  const cut = Math.floor(closed.length * (1 - TEST_SHARE));
  const train = closed.slice(0, cut);
  const test = heldOutExamples(world, closed.slice(cut));
  const report: EvaluationReport = {
    closedDeals: closed.length, won, lost, trainDeals: train.length, testDeals: test.length,
    splitAt: closed[cut] ? String(closed[cut]!.closed_at) : null, strategies: [], learningCurve: [], best: 'weighted', warnings,
  };
  if (won < MIN_OUTCOMES_PER_CLASS || lost < MIN_OUTCOMES_PER_CLASS) {
    warnings.push(`only ${won} won and ${lost} lost deals (fewer than ${MIN_OUTCOMES_PER_CLASS} of each): scoring uses the hand-set prior (weighted)`);
  }
  if (test.length < 20 || train.length < 20) {
    warnings.push('too few closed deals to evaluate');
    return report;
  }
  const labels = test.map((e) => e.label);
  for (const name of strategies) {
    const t0 = performance.now();
    const model = fitOn(world, name, train);
    const trainSeconds = (performance.now() - t0) / 1000;
    const probs = test.map((e) => model.predict(e.snap).probability);
    const table = reliabilityTable(probs, labels);
    report.strategies.push({ strategy: name, auc: auc(probs, labels), brier: brier(probs, labels), logLoss: logLoss(probs, labels), ece: expectedCalibrationError(table), reliability: table, trainSeconds });
  }
  for (const n of [100, 200, 500, train.length]) {
    if (n > train.length || (n === train.length && report.learningCurve.some((p) => p.outcomes === n))) continue;
    const point: EvaluationReport['learningCurve'][number] = { outcomes: n, auc: {}, brier: {} };
    for (const name of strategies) {
      // "after n outcomes": the first n deals that closed, as the workspace would have had them.
      const model = fitOn(world, name, train.slice(0, n));
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
    if (s.auc < USELESS_AUC) warnings.push(`${s.strategy}: AUC ${s.auc.toFixed(3)} on newer deals is below ${USELESS_AUC} — no better than guessing`);
    if (s.auc > LEAKY_AUC) warnings.push(`${s.strategy}: AUC ${s.auc.toFixed(3)} is above ${LEAKY_AUC} — probably a feature that reveals the outcome`);
  }
  return report;
}
