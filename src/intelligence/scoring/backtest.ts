/**
 * Pipeline backtest: the evaluation that matches what users see. At as-of moments T inside the data, every
 * strategy learns from what was known at T only (records resolved before T; their snapshots see nothing later)
 * and scores every record open at T as of T; the scores are judged against how those records ended. Records still
 * open at the data's end have no outcome and are left out. Reported per T and pooled over all of them.
 */
import { auc, brier } from './learn/index.js';
import type { Fitter } from './evaluate.js';
import type { ScoringWorld } from './features.js';
import { STRATEGIES, type StrategyName } from './strategies.js';
import type { Outcome, ScoringTarget } from './targets.js';

export interface BacktestScore {
  strategy: StrategyName;
  auc: number;
  brier: number;
}

export interface BacktestPoint {
  asOf: string;
  /** Records resolved before T (what the strategies learned from). */
  trained: number;
  /** Records open at T that resolved later (what they are judged on), and how many of those ended well. */
  open: number;
  won: number;
  strategies: BacktestScore[];
}

export interface PipelineBacktest {
  points: BacktestPoint[];
  pooled: BacktestScore[];
}

/** Fewer resolved records than this before T, or open at T, and the moment says nothing. */
const MIN_RECORDS = 40;
/** Where the as-of moments fall among the outcomes' times: learners have most of the history, and T is months apart. */
const MOMENT_QUANTILES = [0.55, 0.7, 0.85];

/** As-of moments at fixed shares of the outcomes' times (ms), each with enough records on both sides. */
export function backtestMoments(outcomes: readonly Outcome[], quantiles: readonly number[] = MOMENT_QUANTILES): number[] {
  const ends = outcomes.map((o) => o.end).sort((a, b) => a - b);
  if (ends.length === 0) return [];
  return quantiles
    .map((q) => ends[Math.min(ends.length - 1, Math.floor(q * ends.length))]!)
    .filter((t, i, all) => all.indexOf(t) === i)
    .filter((t) => split(outcomes, t).trained.length >= MIN_RECORDS && split(outcomes, t).open.length >= MIN_RECORDS);
}

/** Records resolved before T, and records open at T (started before it, resolved at or after it). */
function split(outcomes: readonly Outcome[], t: number) {
  return { trained: outcomes.filter((o) => o.end < t), open: outcomes.filter((o) => o.start < t && o.end >= t) };
}

export async function pipelineBacktest(
  world: ScoringWorld,
  target: ScoringTarget,
  opts: { fit: Fitter; strategies?: readonly StrategyName[]; moments?: readonly number[] },
): Promise<PipelineBacktest> {
  const strategies = opts.strategies ?? STRATEGIES;
  const outcomes = target.outcomes(world);
  const moments = opts.moments ?? backtestMoments(outcomes);
  // Every fit is asked for before any is awaited, so a pool runs them side by side.
  const runs = moments.map((t) => {
    const { trained, open } = split(outcomes, t);
    return { t, trained, open, fits: strategies.map((name) => opts.fit(target, name, trained, false)) };
  });
  const points: BacktestPoint[] = [];
  const pooled = new Map<StrategyName, { probs: number[]; labels: number[] }>(strategies.map((s) => [s, { probs: [], labels: [] }]));
  for (const run of runs) {
    const snaps = run.open.map((o) => target.snapshot(world, target.record(world, o.id)!, run.t));
    const labels = run.open.map((o) => o.label);
    const scores: BacktestScore[] = [];
    for (const [i, name] of strategies.entries()) {
      const { model } = await run.fits[i]!;
      const probs = snaps.map((s) => model.predict(s).probability);
      scores.push({ strategy: name, auc: auc(probs, labels), brier: brier(probs, labels) });
      pooled.get(name)!.probs.push(...probs);
      pooled.get(name)!.labels.push(...labels);
    }
    points.push({ asOf: new Date(run.t).toISOString(), trained: run.trained.length, open: run.open.length, won: labels.filter((l) => l === 1).length, strategies: scores });
  }
  return {
    points,
    pooled: points.length === 0 ? [] : strategies.map((name) => ({ strategy: name, auc: auc(pooled.get(name)!.probs, pooled.get(name)!.labels), brier: brier(pooled.get(name)!.probs, pooled.get(name)!.labels) })),
  };
}
