/**
 * Per-stage win rates a model learned beside the ones the workspace observed, for resolved records the model was
 * not fitted on. Two footings, because they answer different questions and differ by design:
 * - in the stage at a moment (`records`, `predicted`, `observed`): the evaluation's one snapshot per record, at a
 *   moment of its life, grouped by where it stood then — the model's mean probability beside the share that ended
 *   well. This is how open records are scored (as of now, wherever they stand), so it is where a model must be
 *   calibrated.
 * - reached the stage (`reached`, `conversion`): every record that ever passed through the stage, once — the
 *   workspace's stage conversion. It is higher at early stages than the win rate of records found there at a
 *   moment: a record caught in an early stage is more often one that stays there and is lost (on the shared set,
 *   lead: 50 % of newer closed deals that were leads were won, 22 % of those that were leads at their moment).
 * Needs a recorded history of positions; without one nothing is reported.
 */
import type { ScoringWorld, Snapshot } from './features.js';
import type { Example, ScoreModel } from './strategies.js';
import type { Outcome, ScoringTarget } from './targets.js';

export interface StageRate {
  stage: string;
  /** Resolved records that were in the stage at their evaluation moment. */
  records: number;
  /** Share of them that ended well. */
  observed: number;
  /** Mean probability the model gave them there. */
  predicted: number;
  /** Resolved records that passed through the stage at any time (each once). */
  reached: number;
  /** Share of them that ended well: the stage conversion. */
  conversion: number;
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

/**
 * Both footings per position, in funnel order (positions no record reached are left out). `moments`: the
 * evaluation's snapshots of the same records (one each); `stays`: their recorded stays (stageStays).
 */
export function stageRates(model: ScoreModel, order: readonly string[], stays: readonly StageStay[], moments: readonly Example[]): StageRate[] {
  if (stays.length === 0) return [];
  return order.flatMap((stage) => {
    const reached = stays.filter((s) => s.stage === stage);
    if (reached.length === 0) return [];
    const there = moments.filter((e) => e.snap.funnel === stage);
    return [{
      stage,
      records: there.length,
      observed: round(mean(there.map((e) => e.label))),
      predicted: round(mean(there.map((e) => model.predict(e.snap).probability))),
      reached: reached.length,
      conversion: round(mean(reached.map((s) => s.label))),
    }];
  });
}

/** 0 for no records (the count says there were none). */
const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
const round = (x: number) => Math.round(x * 1e4) / 1e4;
