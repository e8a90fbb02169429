/**
 * Training the deal policy (issue 19), Dyna-style, on everything the workspace has gathered:
 *
 * 1. the reflection buffer: logged trajectories (recommendations and what followed) and imported history;
 * 2. a world model fitted on the imported history alone ("world model only"), and a corrected one refitted from it
 *    with the real logged steps mixed in at 3× weight ("+ real correction"); as more deals close, every training
 *    refits it on more real outcomes;
 * 3. PPO warm-started by behaviour cloning on the logged actions (history and recommendations acted on), trained
 *    first in the history-only model, then continued in the corrected one;
 * 4. evaluation in the corrected model (the best picture of the workspace's deals available): close rate of each
 *    PPO stage, the playbook, the greedy bandit and random, same start states and seeds.
 * The report says how much each part contributes (close rate of PPO in each model vs the playbook).
 */
import type { StrategySettings } from './catalog.js';
import { fitBandit, banditChoice } from './deal-bandit.js';
import { dealStateAsOf, observationOf, observationSizeFor, maskOf, type DealState } from './deal-state.js';
import { playbookChoice } from './playbook.js';
import { createRng, PpoPolicy, pretrainFromLog, trainPpo, type LoggedDecision, type PpoReport } from './ppo/index.js';
import { trajectoryOf, type Trajectory } from './reflection.js';
import { closeRate, DealWorldEnvironment, WorldModel, type ModelSample } from './world-model.js';
import type { DealHistory } from '../../storage/index.js';
import { DEAL_SIGNALS } from './deal-state.js';

export interface TrainOptions {
  seed: number;
  /** PPO environment steps per stage (history-only model, then corrected). */
  ppoSteps?: number;
  /** Wall-clock cap per PPO stage, seconds. */
  maxSecondsPerStage?: number;
  evaluationEpisodes?: number;
  now: string;
}

export type StrategyTrainReport = {
  episodesUsed: { history: number; logged: number; loggedClosed: number; steps: number; ppoEpisodes: number };
  returns: { worldModelOnly: (number | null)[]; corrected: (number | null)[] };
  losses: {
    worldModel: { historyOnly: number | null; corrected: number };
    behaviourCloning: number | null;
    /** Share of the cloned decisions the clone's most probable action matches. */
    behaviourCloningAccuracy: number | null;
    ppo: { policyLoss: number; valueLoss: number; entropy: number; approxKl: number; explainedVariance: number };
  };
  evaluation: { inModel: 'corrected'; episodes: number; closeRate: { ppo: number; ppoWorldModelOnly: number | null; behaviourCloned: number; playbook: number; thompson: number; random: number } };
  contributions: string[];
  seconds: number;
  /** Seconds per phase: reflection buffer, world models, behaviour cloning, PPO, evaluation. */
  timings: Record<string, number>;
  modelVersion?: number;
};

export interface TrainedStrategy {
  policy: PpoPolicy;
  worldModel: WorldModel;
  catalog: string[];
  report: StrategyTrainReport;
}

const LOGGED_WEIGHT = 3;
/** Logged actions needed before cloning them instead of the playbook. */
const MIN_LOGGED_FOR_CLONING = 300;
const BC_SAMPLES = 2000;
/** The world model is fitted on at most this many steps (logged ones first): a fit stays within a few seconds. */
const MAX_FIT_SAMPLES = 4000;

/** Up to n items drawn without replacement (seeded). */
function sample<T>(items: readonly T[], n: number, rng: () => number): T[] {
  if (items.length <= n) return [...items];
  const idx = Array.from(items.keys());
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rng() * (idx.length - i));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx.slice(0, n).map((i) => items[i]!);
}

function samplesOf(trajectories: readonly Trajectory[], settings: StrategySettings, weight: (t: Trajectory) => number): ModelSample[] {
  const keys = settings.actions.map((a) => a.key);
  return trajectories.flatMap((t) =>
    t.steps.flatMap((s) => {
      const action = keys.indexOf(s.action);
      if (action < 0) return [];
      return [{ observation: observationOf(s.state, settings), action, outcome: s.outcome, signals: DEAL_SIGNALS.map((k) => (s.signals.includes(k) ? 1 : 0)), weight: weight(t) }];
    }),
  );
}

export function trainStrategy(histories: readonly DealHistory[], settings: StrategySettings, opts: TrainOptions): TrainedStrategy {
  const started = performance.now();
  const timings: Record<string, number> = {};
  let lap = started;
  const mark = (name: string) => {
    const t = performance.now();
    timings[name] = Math.round(t - lap) / 1000;
    lap = t;
  };
  const keys = settings.actions.map((a) => a.key);
  const trajectories = histories.map((h) => trajectoryOf(h, settings, opts.now)).filter((t): t is Trajectory => t !== undefined);
  const history = trajectories.filter((t) => t.source === 'history');
  const logged = trajectories.filter((t) => t.source === 'logged');
  if (trajectories.length === 0) throw new RangeError('nothing to learn from yet: the workspace has no deals with history or recommendations');
  const inputSize = observationSizeFor(keys.length);
  mark('reflectionBuffer');

  // World models: history only, then corrected with the real logged steps.
  const historySamples = samplesOf(history, settings, () => 1);
  const allSamples = samplesOf(trajectories, settings, (t) => (t.source === 'logged' ? LOGGED_WEIGHT : 1));
  const fitRng = createRng(opts.seed + 11);
  const historyFit = sample(historySamples, MAX_FIT_SAMPLES, fitRng);
  const loggedSamples = allSamples.filter((x) => x.weight === LOGGED_WEIGHT);
  const correctedFit = [...sample(loggedSamples, MAX_FIT_SAMPLES / 2, fitRng), ...sample(historySamples, MAX_FIT_SAMPLES - Math.min(loggedSamples.length, MAX_FIT_SAMPLES / 2), fitRng)];
  const historyModel = historyFit.length > 0 ? WorldModel.fit(historyFit, inputSize, keys.length, { iterations: 60 }) : undefined;
  const corrected = WorldModel.fit(correctedFit, inputSize, keys.length, historyModel ? { start: historyModel, iterations: 30 } : { iterations: 60 });
  mark('worldModels');

  // Start states: every open deal as it is now, and the first weeks of every recorded deal (fresh deals).
  const starts: DealState[] = [];
  for (const h of histories) {
    const now = dealStateAsOf(h, opts.now, settings);
    if (!now.closed) starts.push(now);
  }
  for (const t of trajectories) for (const s of t.steps.slice(0, 2)) starts.push(s.state);
  const amounts = histories.map((h) => h.deal.amount).filter((a): a is number => typeof a === 'number' && a > 0).sort((a, b) => a - b);
  const medianAmount = amounts.length ? amounts[Math.floor(amounts.length / 2)]! : undefined;
  const envOf = (model: WorldModel) => new DealWorldEnvironment(model, starts, settings, { medianAmount });
  const correctedEnv = envOf(corrected);

  // Behaviour cloning: on the actions logged with recommendations once there are enough of them; before that on the
  // playbook's choices in the recorded states (imported history's inferred actions are mostly "nothing this week",
  // and a policy cloned from them waits deals out).
  const rng = createRng(opts.seed);
  const actedSteps = logged.flatMap((t) => t.steps.filter((s) => s.acted && keys.includes(s.action)));
  const log: LoggedDecision[] =
    actedSteps.length >= MIN_LOGGED_FOR_CLONING
      ? actedSteps.map((s) => ({ observation: observationOf(s.state, settings), action: keys.indexOf(s.action) }))
      : sample(trajectories.flatMap((t) => t.steps.map((s) => s.state)), BC_SAMPLES, rng).map((state) => {
          const mask = maskOf(state, settings);
          return { observation: observationOf(state, settings), action: keys.indexOf(playbookChoice(state, settings, mask).action), mask };
        });
  const clonedFrom = actedSteps.length >= MIN_LOGGED_FOR_CLONING ? `${actedSteps.length} logged actions` : `the playbook in ${log.length} recorded states`;
  let policy = PpoPolicy.create(inputSize, keys.length, rng, { hiddenSizes: [64, 64] });
  let bcLoss: number | null = null;
  let bcAccuracy: number | null = null;
  if (log.length > 0) {
    const bc = pretrainFromLog(policy, log, { seed: opts.seed, epochs: 20, entropyCoef: 0.0 });
    policy = bc.policy;
    bcLoss = bc.report.loss;
    bcAccuracy = bc.report.accuracy;
  }
  const cloned = policy.clone();
  mark('behaviourCloning');

  const ppoConfig = { seed: opts.seed, totalSteps: opts.ppoSteps ?? 20_000, rolloutSteps: 2048, minibatchSize: 128, epochs: 4, gamma: 0.98, entropyCoef: 0.01, learningRate: 1e-3, maxSeconds: opts.maxSecondsPerStage ?? 10 };
  let stageA: { policy: PpoPolicy; report: PpoReport } | undefined;
  if (historyModel) stageA = trainPpo(envOf(historyModel), { ...ppoConfig, initialPolicy: policy });
  const stageB = trainPpo(correctedEnv, { ...ppoConfig, seed: opts.seed + 1, initialPolicy: stageA?.policy ?? policy });
  mark('ppo');

  // Evaluation in the corrected model: same start states and seed for every policy.
  const episodes = opts.evaluationEpisodes ?? 400;
  const seed = opts.seed + 7;
  const greedy = (p: PpoPolicy) => (obs: Float64Array, mask: boolean[], r: () => number) => p.act(obs, mask, r, false).action;
  const bandit = fitBandit(trajectories);
  const rate = {
    ppo: closeRate(correctedEnv, greedy(stageB.policy), episodes, seed).closeRate,
    ppoWorldModelOnly: stageA ? closeRate(correctedEnv, greedy(stageA.policy), episodes, seed).closeRate : null,
    behaviourCloned: closeRate(correctedEnv, greedy(cloned), episodes, seed).closeRate,
    playbook: closeRate(correctedEnv, (_o, mask, _r, state) => keys.indexOf(playbookChoice(state, settings, mask).action), episodes, seed).closeRate,
    thompson: closeRate(correctedEnv, (_o, mask, r, state) => banditChoice(bandit, state, settings, mask, r, false, 0).action, episodes, seed).closeRate,
    random: closeRate(
      correctedEnv,
      (_o, mask, r) => {
        const allowed = mask.map((m, i) => (m ? i : -1)).filter((i) => i >= 0);
        return allowed[Math.floor(r() * allowed.length)]!;
      },
      episodes,
      seed,
    ).closeRate,
  };
  mark('evaluation');
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');
  const contributions = [
    `Behaviour cloning (from ${clonedFrom}) alone: close rate ${pct(rate.behaviourCloned)} in the corrected world model (playbook ${pct(rate.playbook)}).`,
    stageA && rate.ppoWorldModelOnly !== null ? `PPO in the world model learned from imported history only: ${pct(rate.ppoWorldModelOnly)} (${ratio(rate.ppoWorldModelOnly, rate.playbook)} the playbook).` : 'No imported history: no history-only stage.',
    `PPO after correcting the model with ${logged.length} logged trajectories (${logged.filter((t) => !t.censored).length} closed): ${pct(rate.ppo)} (${ratio(rate.ppo, rate.playbook)} the playbook, ${ratio(rate.ppo, rate.random)} random).`,
    'These are close rates inside the learned model, not measured on real deals: the model is only as good as the history it was fitted on.',
  ];
  // Keep the candidate that closes most in the corrected model (PPO can lose ground in a short run; the clone of the
  // playbook or of the logged actions is the floor).
  const candidates = [
    { name: 'ppo (corrected model)', policy: stageB.policy, rate: rate.ppo },
    ...(stageA && rate.ppoWorldModelOnly !== null ? [{ name: 'ppo (history-only model)', policy: stageA.policy, rate: rate.ppoWorldModelOnly }] : []),
    { name: 'behaviour cloning', policy: cloned, rate: rate.behaviourCloned },
  ];
  // A PPO candidate replaces the clone only when it is better by two standard errors of the difference: a world
  // model fitted on little signal rates policies nearly alike, and PPO drifting in it (dropping the proposal, say)
  // must not replace a clone that behaves like the playbook or the logged team.
  const margin = 2 * Math.sqrt((2 * Math.max(0.01, rate.behaviourCloned * (1 - rate.behaviourCloned))) / episodes);
  const clone = candidates[candidates.length - 1]!;
  const bestPpo = candidates.slice(0, -1).reduce((a, b) => (b.rate > a.rate ? b : a), candidates[0]!);
  const chosen = bestPpo.rate > clone.rate + margin ? bestPpo : clone;
  contributions.push(`Stored: ${chosen.name} (${pct(chosen.rate)} in the corrected model; PPO replaces the clone only when better by ${pct(margin)} or more).`);
  return {
    policy: chosen.policy,
    worldModel: corrected,
    catalog: keys,
    report: {
      episodesUsed: { history: history.length, logged: logged.length, loggedClosed: logged.filter((t) => !t.censored).length, steps: allSamples.length, ppoEpisodes: (stageA?.report.episodes ?? 0) + stageB.report.episodes },
      returns: { worldModelOnly: finite(stageA?.report.meanReturnCurve ?? []), corrected: finite(stageB.report.meanReturnCurve) },
      losses: {
        worldModel: { historyOnly: historyModel ? historyModel.loss(historyFit) : null, corrected: corrected.loss(correctedFit) },
        behaviourCloning: bcLoss,
        behaviourCloningAccuracy: bcAccuracy,
        ppo: { policyLoss: stageB.report.policyLoss, valueLoss: stageB.report.valueLoss, entropy: stageB.report.entropy, approxKl: stageB.report.approxKl, explainedVariance: stageB.report.explainedVariance },
      },
      evaluation: { inModel: 'corrected', episodes, closeRate: rate },
      contributions,
      seconds: Math.round((performance.now() - started) / 10) / 100,
      timings,
    },
  };
}

/** JSON has no NaN: a curve point before any episode ended is null. */
const finite = (xs: readonly number[]) => xs.map((x) => (Number.isFinite(x) ? Math.round(x * 10000) / 10000 : null));
const pct = (p: number) => `${Math.round(p * 1000) / 10}%`;
export { maskOf };
