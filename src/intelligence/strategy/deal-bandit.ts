/**
 * `thompson` for deals: the next-best-action learner applied per step (issue 19). A per-action Bayesian logistic
 * regression (the NBA's diagonal-Laplace posterior, decisions/posterior.ts, by import) of "the deal moved forward
 * this week" (advanced a stage or was won) on the deal state as binary features; Thompson sampling over the
 * allowed actions. It is myopic by design — it learns which action moves a deal *now*, not what closes it later —
 * which is what distinguishes it from PPO's whole-trajectory return.
 */
import { ContextualPosterior, logitMoments } from '../decisions/posterior.js';
import { gaussian, type Rng } from './ppo/index.js';
import type { StrategySettings } from './catalog.js';
import { DEAL_SIGNALS, type DealState } from './deal-state.js';
import type { Trajectory } from './reflection.js';

const bucket = (n: number, edges: readonly number[]) => {
  let i = 0;
  while (i < edges.length && n >= edges[i]!) i++;
  return String(i);
};

/** The state as the bandit's binary features. */
export function banditFeatures(s: DealState): string[] {
  const out = ['bias', `stage=${s.stage}`, `seniority=${s.seniority ?? 'none'}`, `size=${s.sizeBand ?? 'none'}`, `meetings=${bucket(s.meetings, [1, 2, 4])}`, `steps=${bucket(s.steps, [1, 3, 6])}`, `idle=${bucket(s.idleDays, [7, 21])}`];
  for (const sig of DEAL_SIGNALS) if ((s.signals[sig] ?? Infinity) <= 30) out.push(`signal=${sig}`);
  if (s.discounted) out.push('discounted');
  if (s.escalated) out.push('escalated');
  return out;
}

/** A posterior fitted on the logged steps of these trajectories (history steps too: they are real outcomes). */
export function fitBandit(trajectories: readonly Trajectory[]): ContextualPosterior {
  const posterior = new ContextualPosterior();
  const steps = trajectories.flatMap((t) => t.steps).sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0));
  for (const s of steps) posterior.update(s.action, banditFeatures(s.state), s.outcome === 'advanced' || s.outcome === 'won');
  return posterior;
}

const DRAWS = 200;

/**
 * Thompson's choice among the allowed actions and each one's probability of being chosen (the share of posterior
 * draws it wins, with draws tempered like the NBA's: sd ÷ √active features). `explore` false: the best mean.
 */
export function banditChoice(posterior: ContextualPosterior, state: DealState, settings: StrategySettings, mask: readonly boolean[], rng: Rng, explore: boolean, draws = DRAWS): { action: number; probabilities: number[]; expected: number[] } {
  const features = banditFeatures(state);
  const scale = 1 / Math.sqrt(features.length);
  const moments = settings.actions.map((a) => logitMoments(posterior.weightsOf(a.key), features));
  const allowed = settings.actions.map((_, i) => i).filter((i) => mask[i]);
  const wins = new Array<number>(settings.actions.length).fill(0);
  const drawOnce = () => {
    let best = allowed[0]!;
    let bestZ = -Infinity;
    for (const i of allowed) {
      const z = moments[i]!.mean + Math.sqrt(moments[i]!.variance) * scale * gaussian(rng);
      if (z > bestZ) {
        bestZ = z;
        best = i;
      }
    }
    return best;
  };
  for (let d = 0; d < draws; d++) wins[drawOnce()]!++;
  const probabilities = wins.map((w) => (draws > 0 ? w / draws : 0));
  const expected = moments.map((m) => 1 / (1 + Math.exp(-m.mean / Math.sqrt(1 + (Math.PI * m.variance) / 8))));
  let action: number;
  if (explore) action = drawOnce();
  // Not exploring: the action most likely to be best (the answer's own probabilities agree with its choice), the
  // higher mean on a tie; without draws, the highest mean.
  else action = allowed.reduce((b, i) => (probabilities[i]! > probabilities[b]! || (probabilities[i] === probabilities[b] && moments[i]!.mean > moments[b]!.mean) ? i : b), allowed[0]!);
  return { action, probabilities, expected };
}
