/**
 * Funnel evidence: where an open record stands (a deal's stage, a lead's status) says something about its outcome
 * that the learned models cannot learn from outcomes when no history of positions was recorded — an imported
 * closed deal carries only its final stage, so no training snapshot knows the stage it was in. The hand-set
 * baseline uses the stage with weights someone chose; this estimates its effect from the workspace's own data.
 *
 * The estimate is a mixture proportion. On outcomes the model did not fit (the evaluation's newer ones) the mean
 * log-odds of won records is mW and of lost ones mL. If, within one outcome, the model's view of a record does not
 * depend on its position, the open records at a position with a share π of future wins have mean log-odds
 * m = mL + π (mW − mL), so π = (m − mL) / (mW − mL). The shares are shrunk towards their mean (a position with few
 * records says little), made non-decreasing along the funnel (a later position is never worse evidence than an
 * earlier one) and bounded; a record's score then moves by log-odds(π at its position) − log-odds(π of all open
 * records), Bayes' rule for a piece of evidence independent of the rest given the outcome. The assumption is only
 * approximate (later positions are older and busier), which the shrinkage and the bounds on rates and shifts
 * temper; where it plainly fails — a share outside 0–1, as for lead statuses defined by the deals the model already
 * sees — no evidence is added. It cannot be checked on closed records, whose position is unknown: the evaluation
 * does not see it.
 */
import { logit, sigmoid } from './learn/index.js';
import type { ScoringWorld, Snapshot } from './features.js';
import type { Prediction, ScoreModel } from './strategies.js';
import type { ScoringTarget } from './targets.js';

export interface FunnelEvidence {
  /** The funnel's field as explanations name it ("stage", "lead_status"). */
  field: string;
  /** Open records per position the estimate saw. */
  counts: Record<string, number>;
  /** Estimated share of open records at each position that will end well. */
  rates: Record<string, number>;
  /** Log-odds added to a record's score at each position. */
  shifts: Record<string, number>;
  /** mW − mL: how far apart the model puts won and lost records (the estimate's yardstick). */
  separation: number;
}

/** Fewer records than this (won, lost, or open at a position) say nothing: a position with fewer takes the mean. */
const MIN_RECORDS = 10;
/** Pseudo-records pulling each position's share towards the mean share. */
const SHRINK = 20;
const RATE_BOUNDS: [number, number] = [0.1, 0.9];
/** Below this separation the model cannot tell won from lost well enough to read positions with it. */
const MIN_SEPARATION = 0.25;
/**
 * The most a position moves a score, in log-odds (odds at most e-fold either way): where the position also
 * moves the features a little (a late-stage deal has had more meetings) the estimate runs high.
 */
const MAX_SHIFT = 1;

const bound = (p: number) => Math.min(RATE_BOUNDS[1], Math.max(RATE_BOUNDS[0], p));

/** What the estimate reads: resolved records the model was not fitted on, and open records now with their position. */
export interface FunnelSample {
  heldOut: readonly { snap: Snapshot; label: 0 | 1 }[];
  open: readonly Snapshot[];
}

/**
 * Estimates the funnel evidence from a fitted model's predictions on a sample. `funnel.order`: the positions,
 * earliest first. Returns undefined when the model cannot separate outcomes, no position has enough records, or
 * a position's share is impossible.
 */
export function estimateFunnel(model: ScoreModel, funnel: ScoringTarget['funnel'], { heldOut, open }: FunnelSample): FunnelEvidence | undefined {
  const { field, order } = funnel;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const z = (s: Snapshot) => logit(model.predict(s).probability);
  const won = heldOut.filter((e) => e.label === 1).map((e) => z(e.snap));
  const lost = heldOut.filter((e) => e.label === 0).map((e) => z(e.snap));
  if (won.length < MIN_RECORDS || lost.length < MIN_RECORDS) return undefined;
  const [mW, mL] = [mean(won), mean(lost)];
  const separation = mW - mL;
  if (!(separation >= MIN_SEPARATION)) return undefined;
  const at = order.map((pos) => open.filter((s) => s.funnel === pos).map(z));
  const counts = order.map((_, i) => at[i]!.length);
  const raw = at.map((zs) => (zs.length >= MIN_RECORDS ? (mean(zs) - mL) / separation : undefined));
  // A share is a proportion: one clearly below 0 or above 1 (by more than twice its standard error) means the
  // position itself drives the model's view (a lead is "qualified" because it has open deals), and the reading
  // does not hold. Then nothing is added rather than something wrong.
  for (const [i, r] of raw.entries()) {
    if (r === undefined) continue;
    const zs = at[i]!;
    const sd = Math.sqrt(zs.reduce((a, v) => a + (v - mean(zs)) ** 2, 0) / (zs.length - 1));
    const se = sd / Math.sqrt(zs.length) / separation;
    if (r < -2 * se || r > 1 + 2 * se) return undefined;
  }
  const known = raw.flatMap((r, i) => (r === undefined ? [] : [{ r, n: counts[i]! }]));
  if (known.length === 0) return undefined;
  const meanRate = known.reduce((a, k) => a + k.r * k.n, 0) / known.reduce((a, k) => a + k.n, 0);
  const shrunk = raw.map((r, i) => (r === undefined ? meanRate : (counts[i]! * r + SHRINK * meanRate) / (counts[i]! + SHRINK)));
  const rates = nonDecreasing(shrunk, counts.map((n) => n + SHRINK)).map(bound);
  const total = counts.reduce((a, b) => a + b, 0);
  const overall = total > 0 ? rates.reduce((a, r, i) => a + r * counts[i]!, 0) / total : meanRate;
  const byPosition = (values: number[]) => Object.fromEntries(order.map((pos, i) => [pos, round(values[i]!)]));
  return {
    field,
    counts: Object.fromEntries(order.map((pos, i) => [pos, counts[i]!])),
    rates: byPosition(rates),
    shifts: byPosition(rates.map((r) => Math.max(-MAX_SHIFT, Math.min(MAX_SHIFT, logit(r) - logit(bound(overall)))))),
    separation: round(separation),
  };
}

/** Open records read per position: enough for a mean, bounded for a large workspace. */
const OPEN_SAMPLE = 1000;

/**
 * The sample for a model not fitted on `heldOut` (the evaluation's newer outcomes, one moment each): those, and
 * the target's open records as of `now`. Undefined where the learners see positions themselves: a recorded
 * history gave a known position to a fifth or more of the held-out snapshots.
 */
export function funnelSample(world: ScoringWorld, target: ScoringTarget, heldOut: readonly { snap: Snapshot; label: 0 | 1 }[], now: number): FunnelSample | undefined {
  if (heldOut.filter((e) => e.snap.funnel !== undefined).length * 5 >= heldOut.length) return undefined;
  const taken = new Map<string, number>();
  const open: Snapshot[] = [];
  for (const record of target.open(world)) {
    const snap = target.snapshot(world, record, now);
    if (snap.funnel === undefined) continue;
    const n = taken.get(snap.funnel) ?? 0;
    if (n >= OPEN_SAMPLE) continue;
    taken.set(snap.funnel, n + 1);
    open.push(snap);
  }
  return { heldOut, open };
}

/** Weighted isotonic regression (pool adjacent violators): the closest non-decreasing sequence. */
export function nonDecreasing(values: readonly number[], weights: readonly number[]): number[] {
  const blocks: { value: number; weight: number; size: number }[] = [];
  for (const [i, v] of values.entries()) {
    blocks.push({ value: v, weight: weights[i]!, size: 1 });
    while (blocks.length > 1 && blocks[blocks.length - 2]!.value > blocks[blocks.length - 1]!.value) {
      const b = blocks.pop()!;
      const a = blocks.pop()!;
      const weight = a.weight + b.weight;
      blocks.push({ value: (a.value * a.weight + b.value * b.weight) / weight, weight, size: a.size + b.size });
    }
  }
  return blocks.flatMap((b) => Array<number>(b.size).fill(b.value));
}

/** A learned model with the funnel evidence applied to open records' scores (and kept in its stored form). */
export class FunnelAdjustedModel implements ScoreModel {
  constructor(
    readonly inner: ScoreModel,
    readonly evidence: FunnelEvidence,
  ) {}
  get strategy() {
    return this.inner.strategy;
  }
  predict(s: Snapshot): Prediction {
    const p = this.inner.predict(s);
    const shift = s.funnel === undefined ? 0 : (this.evidence.shifts[s.funnel] ?? 0);
    if (shift === 0) return p;
    const move = (q: number) => sigmoid(logit(q) + shift);
    const factors = [...p.factors, { feature: `${this.evidence.field}=${s.funnel}`, effect: shift }].sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect));
    return { probability: move(p.probability), interval: [move(p.interval[0]), move(p.interval[1])], factors };
  }
  toJSON() {
    return { ...(this.inner.toJSON() as object), funnel: this.evidence };
  }
}

/** The stored form of a model may carry funnel evidence beside the strategy's own fields. */
export function withFunnel(model: ScoreModel, json: unknown): ScoreModel {
  const evidence = (json as { funnel?: FunnelEvidence } | null)?.funnel;
  return evidence ? new FunnelAdjustedModel(model, evidence) : model;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
