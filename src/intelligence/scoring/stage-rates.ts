/**
 * Per-stage win rates a model learned beside the ones the workspace observed: for resolved records the model was
 * not fitted on, the share that ended well among those that passed through each funnel position, and the mean
 * probability the model gave them while they were there (a snapshot in the middle of each stay). Needs a recorded
 * history of positions; without one nothing is reported.
 */
import type { ScoringWorld, Snapshot } from './features.js';
import type { ScoreModel } from './strategies.js';
import type { Outcome, ScoringTarget } from './targets.js';

export interface StageRate {
  stage: string;
  /** Resolved records that were in the stage. */
  records: number;
  /** Share of them that ended well. */
  observed: number;
  /** Mean probability the model gave them while in the stage. */
  predicted: number;
}

export interface StageStay {
  stage: string;
  label: 0 | 1;
  snap: Snapshot;
}

/** The middle of each stay at a funnel position of each resolved record, from its recorded history. */
export function stageStays(world: ScoringWorld, target: ScoringTarget, outcomes: readonly Outcome[]): StageStay[] {
  const stays: StageStay[] = [];
  for (const o of outcomes) {
    const entries = target.entries(world, o.id).filter((t) => t >= o.start && t < o.end);
    const seen = new Set<string>();
    for (const [i, t] of entries.entries()) {
      const at = (t + (entries[i + 1] ?? o.end)) / 2;
      const snap = target.snapshot(world, target.record(world, o.id)!, at);
      const stage = snap.funnel;
      // A record counts once per stage however often it came back to it.
      if (stage === undefined || seen.has(stage)) continue;
      seen.add(stage);
      stays.push({ stage, label: o.label, snap });
    }
  }
  return stays;
}

/** Observed and predicted rates per position, in funnel order (positions nobody passed through are left out). */
export function stageRates(model: ScoreModel, order: readonly string[], stays: readonly StageStay[]): StageRate[] {
  return order.flatMap((stage) => {
    const at = stays.filter((s) => s.stage === stage);
    if (at.length === 0) return [];
    return [{ stage, records: at.length, observed: round(mean(at.map((s) => s.label))), predicted: round(mean(at.map((s) => model.predict(s.snap).probability))) }];
  });
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const round = (x: number) => Math.round(x * 1e4) / 1e4;
