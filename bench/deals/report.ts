/** Figures of a policy's run: close rates, the training curve, ratios between policies, latency percentiles. */
import type { EpisodeResult } from './simulator.js';
import { ACTIONS, type Action } from './world.js';

export interface RunFigures {
  /** Evaluation deals won ÷ evaluation deals. */
  closeRate: number;
  /** Won amount (after discounts) ÷ the evaluation deals' starting amounts. */
  amountRate: number;
  evalDeals: number;
  meanWeeks: number;
  meanSpent: number;
  /** Weeks the chosen action was over the budget left (performed as wait). */
  overBudget: number;
  budgetMismatch: number;
  /** Close rate of training deals per block of `block` deals (by creation order). */
  trainingCurve: { deals: number; closeRate: number }[];
  /** Share of each action among the evaluation deals' weekly actions (as performed). */
  actionShare: Record<Action, number>;
}

export function figuresOf(results: readonly EpisodeResult[], block: number): RunFigures {
  const evals = results.filter((r) => r.phase === 'eval');
  const train = results.filter((r) => r.phase === 'train').sort((a, b) => a.index - b.index);
  const won = evals.filter((r) => r.won);
  const curve: RunFigures['trainingCurve'] = [];
  for (let i = 0; i < train.length; i += block) {
    const part = train.slice(i, i + block);
    curve.push({ deals: i + part.length, closeRate: part.filter((r) => r.won).length / part.length });
  }
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
  return {
    closeRate: evals.length ? won.length / evals.length : NaN,
    amountRate: evals.length ? sum(won.map((r) => r.finalAmount)) / sum(evals.map((r) => r.initialAmount)) : NaN,
    evalDeals: evals.length,
    meanWeeks: evals.length ? sum(evals.map((r) => r.weeks)) / evals.length : NaN,
    meanSpent: evals.length ? sum(evals.map((r) => r.spent)) / evals.length : NaN,
    overBudget: sum(results.map((r) => r.overBudget)),
    budgetMismatch: sum(results.map((r) => r.budgetMismatch)),
    trainingCurve: curve,
    actionShare: shareOf(evals.flatMap((r) => r.actions)),
  };
}

export function meanSd(xs: readonly number[]): { mean: number; sd: number } {
  const v = xs.filter(Number.isFinite);
  if (v.length === 0) return { mean: NaN, sd: NaN };
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const sd = v.length > 1 ? Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (v.length - 1)) : 0;
  return { mean, sd };
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** Fixed rules: the client-side rules that ignore what buyers say (the reader is a reference, not one of them). */
export const isFixedRule = (policy: string): boolean => policy.startsWith('fixed:') || policy === 'cadence' || policy === 'cadence-full';

/** The fixed rule with the highest mean close rate over seeds. */
export function bestFixed(rates: ReadonlyMap<string, readonly number[]>): string | null {
  let best: string | null = null;
  let bestMean = -Infinity;
  for (const [policy, xs] of rates) {
    if (!isFixedRule(policy)) continue;
    const m = meanSd(xs).mean;
    if (m > bestMean) [best, bestMean] = [policy, m];
  }
  return best;
}

/** Per-seed ratios a/b (NaN where b is 0). */
export const ratios = (a: readonly number[], b: readonly number[]): number[] => a.map((x, i) => (b[i] ? x / b[i]! : NaN));

function shareOf(actions: readonly Action[]): Record<Action, number> {
  const share = Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<Action, number>;
  for (const a of actions) share[a] += 1 / actions.length;
  return share;
}

/** "call 30%, meeting 20% …", largest first, shares under 1 % left out. */
export const describeShare = (share: Record<Action, number>): string =>
  (Object.entries(share) as [Action, number][]).filter(([, x]) => x >= 0.01).sort((a, b) => b[1] - a[1]).map(([a, x]) => `${a} ${Math.round(x * 100)}%`).join(', ');
