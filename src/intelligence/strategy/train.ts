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
import { dealStateAsOf, observationFor, observationOf, observationSizeFor, maskOf, readsObservation, type DealState } from './deal-state.js';
import { learnTopics, TOPIC_COUNT, TopicModel } from './buyer-topics.js';
import { playbookChoice } from './playbook.js';
import { createRng, PpoPolicy, pretrainFromLog, trainPpo, type LoggedDecision, type PpoReport, type Rng } from './ppo/index.js';
import { describeRule, playbookLikeRule, ruleChoice, searchRules, type CadenceRule } from './rules.js';
import { trajectoryOf, withTopics, type Trajectory, type TrajectoryStep } from './reflection.js';
import { DealWorldEnvironment, followedOf, WorldModel, type ModelSample } from './world-model.js';
import type { DealHistory } from '../../storage/index.js';
import { DEAL_SIGNALS, OPEN_DEAL_STAGES } from './deal-state.js';
import { LearnedReader, recentText, textFeatures, UpliftCues, type ReaderSample } from './text-reader.js';

export interface TrainOptions {
  seed: number;
  /** PPO environment steps of the corrected-model stage (the history-only stage, when there is one, does half): default TRAIN_WORK.ppoSteps. */
  ppoSteps?: number;
  /** The work of the other phases (default TRAIN_WORK): a test trains on a small budget. */
  work?: Partial<TrainWork>;
  /** false: train without the learned reader of the buyer's words (an ablation, to measure what it contributes). */
  learnedReader?: boolean;
  /** Whether to learn topics of the buyer's words (buyer-topics.ts) when the version in use has none: default LEARN_TOPICS_BY_DEFAULT. Without embedded clauses none are learned anyway. */
  learnTopics?: boolean;
  /** The topics of the version in use: kept as they are once learned (every stored policy and challenger reads the same topics). */
  previousTopics?: TopicModel | null;
  /** The embedding model the notes' clauses were embedded with (stored with the topics). */
  embeddingModel?: string | null;
  /** Whether to learn per-action uplift cues of the buyer's words (text-reader.ts UpliftCues) when the version in use has neither cues nor topics: default LEARN_CUES_BY_DEFAULT. */
  learnCues?: boolean;
  /** The uplift cues of the version in use: kept as they are once learned (as the topics are). */
  previousCues?: UpliftCues | null;
  /** Whether the world models and the real-outcome win model read second-order inputs (world-model.ts interactionPairs): default INTERACTIONS_BY_DEFAULT. */
  interactions?: boolean;
  /** The products' L2 penalty as a multiple of the first-order weights' (default 1; ×20 lost the gains in the thirteenth pass's diagnostic). */
  pairL2Scale?: number;
  /** Trajectories of closed deals from earlier trainings (the service keeps one per workspace): reading them is most of the reflection buffer's time. */
  cache?: Map<string, { key: string; trajectory: Trajectory | undefined }>;
  /** The wall-clock safety cap, seconds from `startedAt` (default SAFETY_SECONDS): phases still running near it stop early and the report's `cappedByClock` names them. */
  safetySeconds?: number;
  /** When the training began (performance.now(); default: when trainStrategy is called): the service's reading of the histories counts too. */
  startedAt?: number;
  /** The version in use (a policy, or "playbook" when a training kept the playbook): a new one replaces it only when the held-back real outcomes say it is better (else it is stored again). */
  previous?: PpoPolicy | 'playbook' | null;
  /** The learned reader of the version in use: the held-back deals are read with it when judging that version. */
  previousReader?: LearnedReader | null;
  /** The challenger under the whole-deal test (armTest) and the version it was first stored with. */
  challengerTest?: { policy: PpoPolicy; since: number; kind?: ChallengerKind | null } | null;
  /** The kind of the last challenger tried (when none is under test now): the next one is the next kind in turn. */
  lastChallengerKind?: ChallengerKind | null;
  /** The version number this training will be stored as (a new challenger's test starts with it). */
  nextVersion?: number;
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
  evaluation: { inModel: 'corrected'; episodes: number; closeRate: { ppo: number; ppoWorldModelOnly: number | null; behaviourCloned: number; bestRule: number; playbook: number; previous: number | null; thompson: number; random: number } };
  /** The best simple rule found in the model (the warm start and the floor). */
  bestRule: { rule: string; definition: CadenceRule; closeRate: number; tried: number };
  /** Logged deals held back from the model's fit: its loss there and each candidate's importance-sampled win rate. */
  heldBack: { deals: number; closeRate: number | null; modelLoss: { corrected: number; historyOnly: number | null } | null; ppo: OffPolicy; behaviourCloned: OffPolicy; previous: OffPolicy };
  /** The whole-deal test of the challenger under test (null: none yet). */
  challengerTest: ArmTest | null;
  /** The challenger stored with this version for the next trainings' whole-deal test (null: none), its kind and the version its test counts from. */
  challenger: { kind: ChallengerKind | null; since: number } | null;
  /** The learned reader: per answering action, closed logged weeks it was taken in, its average effect and how many words it learned. */
  reader: { action: string; signal: string; treated: number; effect: number; words: number }[];
  /** The learned topics of the buyer's words: how many, and whether this training learned them (else kept from the version in use). */
  topics: { count: number; learned: boolean };
  /** The per-action uplift cues (used when there are no topics): per action, closed logged weeks it was taken in, its average effect, words kept; whether this training learned them. */
  cues: { actions: { action: string; treated: number; effect: number; words: number }[]; learned: boolean };
  /** Each candidate's judgement against the version in use on held-back deals, and the rule that promotes. */
  promotion: { baseline: string; rule: string; candidates: { name: string; judgement: HeldBackJudgement | null; promotable: boolean; /** Its gain over the version in use in the corrected model (reported, never a reason). */ inModel: { gain: number; se: number } }[] };
  /** Which candidate was stored ("playbook" or "previous version" when none was better on held-back real outcomes). */
  stored: string;
  /** Weeks after which the model's deals are lost (the longest logged deal), or null. */
  lastWeek: number | null;
  contributions: string[];
  seconds: number;
  /** Seconds per phase: reflection buffer, world models, behaviour cloning, PPO, evaluation. */
  timings: Record<string, number>;
  /** The work each phase was given (passes, rule evaluations, PPO steps, episodes): what makes a training repeat. */
  work: TrainWork;
  /** Phases the wall-clock safety cap stopped short of their work (empty: the training repeats with the same seed and data). */
  cappedByClock: string[];
  modelVersion?: number;
};

export interface TrainedStrategy {
  /** null: the playbook stays the version in use (no learned policy was better on held-back real outcomes). */
  policy: PpoPolicy | null;
  /** The learned reader of buyer notes (stored with the version; every policy's state reads with it). */
  reader: LearnedReader;
  /** The learned topics of the buyer's words (stored with the version; the same from the first training that learns them on). */
  topics: TopicModel;
  /** The per-action uplift cues (stored with the version; kept once learned; read in the topics' slots when there are no topics). */
  cues: UpliftCues;
  worldModel: WorldModel;
  catalog: string[];
  /** The most promising candidate not promoted (null when one was): exploration tries its choice more often. */
  challenger: PpoPolicy | null;
  /** The version the challenger's whole-deal test counts deals from (its first version; kept while the test goes on). */
  challengerSince: number | null;
  /** Which kind of candidate the challenger is, or with none, the kind last tried (the next one tried is the next kind: CHALLENGER_KINDS). */
  challengerKind: ChallengerKind | null;
  /** True when the previous version was kept (the new candidates were not better). */
  kept: boolean;
  report: StrategyTrainReport;
}
type OffPolicy = { value: number; ess: number } | null;

const LOGGED_WEIGHT = 3;
/**
 * Logged deals a training learns from, at most: the most recent by their first week. Why: the phases that read every
 * logged deal (the learned reader's fit and re-reading, the models' samples, the held-back judgement) grow with the
 * workspace, and on the bench's standard world a training took 52.5 s at 2,000 closed deals (load 15), on its way past
 * the contract's 60 s at the judge's 5,000; the fits already sample at most 5,000 steps (~500 deals), and the recent
 * deals are the ones the version in use played.
 */
export const MAX_LEARN_LOGGED = 2000;
const BC_SAMPLES = 1000;
const BC_ROLLOUT_EPISODES = 150;
/** The world model is fitted on at most this many steps (logged ones first, up to MAX_LOGGED_FIT): a fit stays within a few seconds. */
const MAX_FIT_SAMPLES = 4000;
const MAX_LOGGED_FIT = 5000;
/** Logged deals needed before a fifth of them is held back. */
const HOLD_BACK_FROM = 100;
const RULE_EPISODES = 200;
const GAMMA = 0.98;
/** Small networks: ~30 inputs, 8 actions; 32×32 trains ~2.5× faster than 64×64 (docs/deal-strategy.md). */
const HIDDEN = [32, 32];

/** The imported history and the `max` most recent logged trajectories (by their first week). */
export function recentLogged(trajectories: readonly Trajectory[], max: number): Trajectory[] {
  const logged = trajectories.filter((t) => t.source === 'logged');
  if (logged.length <= max) return [...trajectories];
  const keep = new Set(
    [...logged]
      .sort((a, b) => (a.steps[0]!.asOf < b.steps[0]!.asOf ? 1 : a.steps[0]!.asOf > b.steps[0]!.asOf ? -1 : 0))
      .slice(0, max)
      .map((t) => t.dealId),
  );
  return trajectories.filter((t) => t.source !== 'logged' || keep.has(t.dealId));
}

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
      return [{ observation: observationOf(s.state, settings), action, outcome: s.outcome, signals: followedOf(s.signals, s.topics), weight: weight(t) }];
    }),
  );
}

/**
 * The kinds of candidate that take turns as the challenger of the whole-deal test: the real-outcome step's clone and
 * PPO (from that clone, in the corrected model). Why turns and not the best held-back lower bound (seventh pass): the
 * held-back judgement never had informative deals at the bench's scale, so its ranking was Q̂'s own view — and the
 * real-outcome step's clone is Q̂'s maximiser (winner's curse: rated +0.12 and +0.30 over the playbook, −7.7 points in
 * the whole-deal test). Turns give each kind its test whatever Q̂ thinks of it. The real-outcome step first: it moves
 * from the version in use only where real outcomes clearly support another action, while PPO optimises inside a world
 * model that is wrong in the large — played greedily, the first PPO challenger closed 17 of 173 deals against the
 * playbook's 43 of 151 (bench standard world, seed 1, 2026-12-06), where the model rated it 52 % vs 20 %.
 */
export const CHALLENGER_KINDS = ['real-outcome', 'ppo'] as const;
export type ChallengerKind = (typeof CHALLENGER_KINDS)[number];
/** The kind after `previous` in turn (the first without one). */
export const nextChallengerKind = (previous: ChallengerKind | null | undefined): ChallengerKind =>
  previous ? CHALLENGER_KINDS[(CHALLENGER_KINDS.indexOf(previous) + 1) % CHALLENGER_KINDS.length]! : CHALLENGER_KINDS[0];

/**
 * The work of one training, phase by phase (ninth pass). Why by work and not by time: until the eighth pass every phase
 * stopped by the clock (a share of a 40 s budget), so two trainings on the same data and seed at different machine
 * loads fitted different models, rules and PPO policies — and two bench runs of one seed could not be compared. With
 * the work fixed, the same seed and data give the same policy (tested). Sized so that a train call stays well under
 * the contract's 60 s at load ~4 on this machine at the bench's 2,000–5,000 closed deals (docs/deal-strategy.md, ninth
 * pass, for the measured phase times).
 */
export interface TrainWork {
  /** Full-batch passes of the history-only world model, of the corrected one (from it) and of the real-outcome win model. */
  historyModelPasses: number;
  correctedModelPasses: number;
  winModelPasses: number;
  /** Rules the hill climb may evaluate (each on RULE_EPISODES episodes). */
  ruleEvaluations: number;
  /** PPO environment steps in the corrected model (the history-only stage, while few logged deals have closed, does half). */
  ppoSteps: number;
  /** In-model evaluation episodes per policy (thompson, which draws 200 posterior samples a step, fewer). */
  evaluationEpisodes: number;
  thompsonEpisodes: number;
}
export const TRAIN_WORK: TrainWork = { historyModelPasses: 50, correctedModelPasses: 40, winModelPasses: 50, ruleEvaluations: 120, ppoSteps: 20_480, evaluationEpisodes: 500, thompsonEpisodes: 150 };
/**
 * The wall-clock safety cap of a training (seconds from the start of the train call, reading the histories included):
 * a phase still running when it would leave too little for the ones after it stops early, and the report names it in
 * `cappedByClock` — that training does not repeat. The contract asks for an answer within 60 s; this leaves room for
 * storing the version and the slack of a loaded machine.
 */
export const SAFETY_SECONDS = 50;
/**
 * Topics of the buyer's words (tenth pass) are learned only when asked (`learnTopics: true`): on the visible variant
 * world they changed no measured close rate at 1,500 + 600 deals and cost train time (docs/deal-strategy.md, tenth
 * pass), so by the project's rule they stay off until a run shows a gain. A version that has topics keeps them.
 */
export const LEARN_TOPICS_BY_DEFAULT = false;
/**
 * Per-action uplift cues (eleventh pass, text-reader.ts UpliftCues): learned only when asked (`learnCues: true`) until
 * a paired run on the visible worlds shows a gain (docs/deal-strategy.md, eleventh pass). A version that has cues keeps them.
 */
export const LEARN_CUES_BY_DEFAULT = false;
/**
 * Whether the world models and the win model read second-order inputs (thirteenth pass, world-model.ts
 * interactionPairs): the first-order model ranked a rule that acts on the buyer's signals below the playbook while in
 * the world it closes twice as many deals (bench/deals-diagnostics/world-model.ts). On by default since the paired
 * standard-world runs of that pass (seeds 1–3, 1,000 + 400: the first challenger won 98 vs 44 of the same 206 trial
 * deals, promoted in 2 of 3 seeds; docs/deal-strategy.md). `interactions: false` trains first order as before.
 */
export const INTERACTIONS_BY_DEFAULT = true;
/**
 * Whether a training fits the learned reader (text-reader.ts) when `learnedReader` is not given. Fourteenth pass:
 * client-side (bench/deals-diagnostics/observation.ts --readers learned) it raises a price objection on about half of
 * the standard world's weeks where none is open, yet off, the paired server run (standard seed 1, 1,000 + 400) closed
 * 44.3 % against 53.0 % on: kept on (docs/deal-strategy.md, fourteenth pass).
 */
export const LEARNED_READER_BY_DEFAULT = true;
/** Closed logged deals in the reader's fit before the cues are learned (fewer: too few weeks per action for words). */
const CUES_FROM = 300;
/** Seconds of the safety cap kept for the phases after each one (what they need at the least). */
const RESERVE = { historyModel: 30, correctedModel: 26, ruleSearch: 22, winModel: 18, ppo: 6 } as const;

export function trainStrategy(histories: readonly DealHistory[], settings: StrategySettings, opts: TrainOptions): TrainedStrategy {
  const started = opts.startedAt ?? performance.now();
  const work: TrainWork = { ...TRAIN_WORK, ...opts.work, ...(opts.ppoSteps !== undefined ? { ppoSteps: opts.ppoSteps } : {}) };
  const deadline = started + (opts.safetySeconds ?? SAFETY_SECONDS) * 1000;
  const secondsLeft = () => Math.max(0, (deadline - performance.now()) / 1000);
  /** A phase's safety cap: what is left before the deadline less what the later phases need (at least half a second). */
  const capSeconds = (reserve: number) => Math.max(0.5, secondsLeft() - reserve);
  const cappedByClock: string[] = [];
  const capped = (phase: string) => () => void cappedByClock.push(phase);
  const timings: Record<string, number> = {};
  let lap = started;
  const mark = (name: string) => {
    const t = performance.now();
    timings[name] = Math.round(t - lap) / 1000;
    lap = t;
  };
  const keys = settings.actions.map((a) => a.key);
  const everyTrajectory = histories.map((h) => cachedTrajectory(h, settings, opts.now, opts.cache)).filter((t): t is Trajectory => t !== undefined);
  // Learning reads the most recent logged deals only (every one still counts in the whole-deal test, below).
  let trajectories = recentLogged(everyTrajectory, MAX_LEARN_LOGGED);
  mark('reflectionBuffer');
  // The learned reader: which words make a discount or a sponsor pay off, on the closed logged weeks. When it reads
  // anything, the logged deals' states are read again with it (as of each step: no look-ahead) before any fit.
  // (Not on the held-back deals: they judge the new version, so nothing fitted may have seen them.)
  const loggedCount = trajectories.filter((t) => t.source === 'logged').length;
  // learnedReader false: an ablation (an empty reader changes no state).
  const readerFit = readerSamples(histories, trajectories.filter((t) => !(loggedCount >= HOLD_BACK_FROM && t.source === 'logged' && heldBackDeal(trajectoryKey(t)))));
  const reader = (opts.learnedReader ?? LEARNED_READER_BY_DEFAULT) === false ? LearnedReader.fit([], keys) : LearnedReader.fit(readerFit.samples, keys, { seed: opts.seed });
  // The held-back deals as the version in use reads them (its own reader, or as logged): it is judged on those.
  const asLogged = new Map(trajectories.map((t) => [t.dealId, t]));
  const byId = new Map(histories.map((h) => [h.deal.id, h]));
  if (reader.active) trajectories = trajectories.map((t) => (t.source === 'logged' ? (trajectoryOf(byId.get(t.dealId)!, settings, opts.now, reader) ?? t) : t));
  mark('learnedReader');
  // The topics of the buyer's words: learned once, from the logged deals' notes (the buyers this workspace's policy
  // meets; the imported history's when nothing is logged), then kept, so that every version and challenger reads the same topics.
  const keptTopics = opts.previousTopics?.active ? opts.previousTopics : null;
  const topicNotes = function* (from: readonly Trajectory[]) {
    for (const t of from) for (const a of byId.get(t.dealId)?.activities ?? []) yield `${a.subject ?? ''}\n${a.body ?? ''}`;
  };
  const loggedNow = trajectories.filter((t) => t.source === 'logged');
  const topics = keptTopics ?? (!(opts.learnTopics ?? LEARN_TOPICS_BY_DEFAULT) ? TopicModel.empty() : learnTopics(topicNotes(loggedNow.length ? loggedNow : trajectories), opts.seed + 13, { model: opts.embeddingModel ?? null }));
  // The per-action uplift cues take the topics' slots when there are no topics: learned once (from the reader's
  // samples, the held-back deals left out) when asked and enough logged deals have closed, then kept.
  const keptCues = !topics.active && opts.previousCues?.active ? opts.previousCues : null;
  const cues = topics.active ? UpliftCues.empty() : (keptCues ?? ((opts.learnCues ?? LEARN_CUES_BY_DEFAULT) && readerFit.deals >= CUES_FROM ? UpliftCues.fit(readerFit.samples, keys, { seed: opts.seed + 17, slots: TOPIC_COUNT }) : UpliftCues.empty()));
  /** What reads the topics' slots: the topics, else the cues. */
  const slotReading = topics.active ? topics : cues;
  const readTopics = (t: Trajectory) => (slotReading.active ? withTopics(t, byId.get(t.dealId)!, slotReading, opts.now) : t);
  trajectories = trajectories.map(readTopics);
  mark('topics');
  const history = trajectories.filter((t) => t.source === 'history');
  const logged = trajectories.filter((t) => t.source === 'logged');
  if (trajectories.length === 0) throw new RangeError('nothing to learn from yet: the workspace has no deals with history or recommendations');
  const inputSize = observationSizeFor(keys.length);
  // A fifth of the logged deals (by id) is held back from the world model's fit: the check a new version must pass.
  const heldBack = logged.length >= HOLD_BACK_FROM ? logged.filter((t) => heldBackDeal(trajectoryKey(t))) : [];
  const fitLogged = logged.filter((t) => !heldBack.includes(t));

  // World models: history only, then corrected with the real logged steps.
  const historySamples = samplesOf(history, settings, () => 1);
  const loggedSamples = samplesOf(fitLogged, settings, () => LOGGED_WEIGHT);
  const fitRng = createRng(opts.seed + 11);
  const historyFit = sample(historySamples, MAX_FIT_SAMPLES / 2, fitRng);
  const loggedFit = sample(loggedSamples, MAX_LOGGED_FIT, fitRng);
  const correctedFit = [...loggedFit, ...sample(historySamples, Math.max(MAX_FIT_SAMPLES - loggedFit.length, Math.min(historySamples.length, 1000)), fitRng)];
  // Without topics the world model predicts the five signals only (the topic heads would learn "never" at a cost).
  const followed = slotReading.active ? undefined : DEAL_SIGNALS.length;
  const interactions = opts.interactions ?? INTERACTIONS_BY_DEFAULT;
  const pairL2Scale = opts.pairL2Scale ?? 1;
  const historyModel = historyFit.length > 0 ? WorldModel.fit(historyFit, inputSize, keys.length, { followed, interactions, pairL2Scale, iterations: work.historyModelPasses, maxSeconds: capSeconds(RESERVE.historyModel), onCapped: capped('historyModel') }) : undefined;
  const corrected = WorldModel.fit(correctedFit, inputSize, keys.length, {
    ...(historyModel ? { start: historyModel, iterations: loggedFit.length > 0 ? work.correctedModelPasses : Math.ceil(work.correctedModelPasses / 2) } : { followed, interactions, iterations: work.historyModelPasses }),
    pairL2Scale,
    maxSeconds: capSeconds(RESERVE.correctedModel),
    onCapped: capped('correctedModel'),
  });
  const heldBackSamples = samplesOf(heldBack, settings, () => 1);
  const historyById = opts.previousReader?.active && opts.previous instanceof PpoPolicy ? new Map(histories.map((h) => [h.deal.id, h])) : undefined;
  const heldBackAsBaselineSees = new Map(
    heldBack.map((t) => {
      const h = historyById?.get(t.dealId);
      return [t.dealId, readTopics(h ? (trajectoryOf(h, settings, opts.now, opts.previousReader) ?? t) : (asLogged.get(t.dealId) ?? t))] as const;
    }),
  );
  mark('worldModels');

  // Start states: every open deal as it is now, and the first weeks of every recorded deal (fresh deals).
  const starts: DealState[] = [];
  for (const h of histories) {
    const now = dealStateAsOf(h, opts.now, settings, reader, slotReading);
    if (!now.closed) starts.push(now);
  }
  for (const t of trajectories) for (const s of t.steps.slice(0, 2)) starts.push(s.state);
  // Fresh deals (the first step of each), logged ones when there are any: where a cadence is judged from its start.
  const freshStarts = (fitLogged.length >= 30 ? fitLogged : trajectories).map((t) => t.steps[0]!.state);
  const amounts = histories.map((h) => h.deal.amount).filter((a): a is number => typeof a === 'number' && a > 0).sort((a, b) => a - b);
  const medianAmount = amounts.length ? amounts[Math.floor(amounts.length / 2)]! : undefined;
  // How long the workspace's logged deals stay open: beyond the longest one, a deal is lost (terminal, not bootstrapped).
  const closedLogged = logged.filter((t) => !t.censored);
  const lastWeek = closedLogged.length >= 50 ? Math.max(...closedLogged.map((t) => Math.round(t.steps[t.steps.length - 1]!.state.ageDays / 7) + 1)) : undefined;
  const envOf = (model: WorldModel, from: readonly DealState[] = starts) => new DealWorldEnvironment(model, from, settings, { medianAmount, ...(lastWeek ? { lastWeek } : {}) });
  const correctedEnv = envOf(corrected);
  const freshEnv = envOf(corrected, freshStarts);

  // The best simple rule the model can find (cadence + signal overlays), from the playbook's shape and the logged team's order.
  const searchStarts = [playbookLikeRule(settings), { ...playbookLikeRule(settings), overlays: [] }];
  const habitual = habitualOrder(logged, keys);
  if (habitual.length > 0) searchStarts.push({ sequence: habitual, tail: null, overlays: [] });
  const search = searchRules(freshEnv, settings, { starts: searchStarts, episodes: RULE_EPISODES, seed: opts.seed + 3, maxEvaluations: work.ruleEvaluations, seconds: capSeconds(RESERVE.ruleSearch) });
  if (search.capped) cappedByClock.push('ruleSearch');
  const bestRule = search.rule;
  mark('ruleSearch');

  // The baseline: the version in use (its greedy action), or the playbook before there is one.
  // (A version from before the topics reads the observation without them: observationFor.)
  const previous = opts.previous instanceof PpoPolicy && readsObservation(opts.previous.observationSize, keys.length) && opts.previous.actionCount === keys.length ? opts.previous : undefined;
  const playbookIndex = (state: DealState, mask: boolean[]) => keys.indexOf(playbookChoice(state, settings, mask).action);
  const greedy = (p: PpoPolicy) => (state: DealState, mask: boolean[]) => p.act(observationFor(observationOf(state, settings), p.observationSize), mask, NO_RNG, false).action;
  const baseline = previous ? greedy(previous) : playbookIndex;

  // Real-outcome improvement (model-free): P(win | state, action, then as logged) fitted on the closed logged deals
  // — exploration makes every action's effect visible in every kind of state — and a safe improvement step over
  // the baseline: another action only where it is estimated better by SPI_MARGIN and was tried often enough.
  const winModel = fitWinModel(fitLogged, settings, inputSize, opts.seed, { interactions, pairL2Scale, passes: work.winModelPasses, maxSeconds: capSeconds(RESERVE.winModel), onCapped: capped('winModel') });
  const spi = (state: DealState, mask: boolean[]) => improvedChoice(winModel, state, settings, mask, baseline(state, mask));
  mark('realOutcomes');

  // Behaviour cloning: the improved baseline is PPO's warm start, cloned in the logged states and in the states it
  // visits in the model (with the returns it got there, so the critic starts right); the best rule is cloned too,
  // as a candidate. (Imported history's inferred actions are mostly "nothing this week": a policy cloned from them
  // waited deals out, 5.5 % close rate in the model vs the playbook's 47.7 %, measured once.)
  const rng = createRng(opts.seed);
  const loggedStates = sample(trajectories.flatMap((t) => t.steps.map((s) => s.state)), BC_SAMPLES, rng);
  const cloneOf = (choose: (state: DealState, mask: boolean[]) => number, seed: number) => {
    const visited = rollOut(freshEnv, choose, BC_ROLLOUT_EPISODES, seed, GAMMA);
    const log: LoggedDecision[] = [
      ...visited.map((v) => ({ observation: v.observation, action: v.action, mask: v.mask, return: v.return })),
      ...loggedStates.map((state) => {
        const mask = maskOf(state, settings);
        return { observation: observationOf(state, settings), action: choose(state, mask), mask };
      }),
    ];
    return pretrainFromLog(PpoPolicy.create(inputSize, keys.length, createRng(seed), { hiddenSizes: HIDDEN }), log, { seed, epochs: 12, minibatchSize: 128, learningRate: 3e-3, entropyCoef: 0.0 });
  };
  const ruleIndex = (state: DealState, mask: boolean[]) => ruleChoice(bestRule, state, settings, mask);
  const bc = cloneOf(spi, opts.seed + 5);
  const policy = bc.policy;
  const cloned = policy.clone();
  mark('behaviourCloning');

  // PPO from the clone: in the history-only model while little is logged (Dyna on imported history), then in the corrected one.
  const ppoConfig = {
    seed: opts.seed,
    totalSteps: work.ppoSteps,
    rolloutSteps: 2048,
    minibatchSize: 128,
    epochs: 4,
    gamma: GAMMA,
    entropyCoef: 0.005,
    learningRate: 3e-4,
    hiddenSizes: HIDDEN,
    targetKl: 0.03,
    // Safety cap only: the steps are the budget.
    maxSeconds: capSeconds(RESERVE.ppo),
  };
  let stageA: { policy: PpoPolicy; report: PpoReport } | undefined;
  if (historyModel && closedLogged.length < 200) {
    stageA = trainPpo(envOf(historyModel), { ...ppoConfig, totalSteps: Math.round(ppoConfig.totalSteps / 2), maxSeconds: ppoConfig.maxSeconds / 2, initialPolicy: policy });
    if (stageA.report.stoppedEarly === 'time') cappedByClock.push('ppoHistoryModel');
  }
  const stageB = trainPpo(correctedEnv, { ...ppoConfig, maxSeconds: capSeconds(RESERVE.ppo), seed: opts.seed + 1, initialPolicy: stageA?.policy ?? policy });
  if (stageB.report.stoppedEarly === 'time') cappedByClock.push('ppo');
  mark('ppo');

  // Evaluation in the corrected model from fresh deals: same starts and random numbers for every policy (paired).
  // Past the safety cap, proportionally fewer episodes (≥ 100) for the few seconds left.
  const episodes = secondsLeft() >= RESERVE.ppo ? work.evaluationEpisodes : Math.min(work.evaluationEpisodes, Math.max(100, Math.round((work.evaluationEpisodes * secondsLeft()) / RESERVE.ppo)));
  if (episodes < work.evaluationEpisodes) cappedByClock.push('evaluation');
  const seed = opts.seed + 7;
  const bandit = fitBandit(trajectories);
  const runs = {
    ppo: episodeRewards(freshEnv, greedy(stageB.policy), episodes, seed),
    ppoWorldModelOnly: stageA ? episodeRewards(freshEnv, greedy(stageA.policy), episodes, seed) : null,
    behaviourCloned: episodeRewards(freshEnv, greedy(cloned), episodes, seed),
    bestRule: episodeRewards(freshEnv, ruleIndex, episodes, seed),
    playbook: episodeRewards(freshEnv, playbookIndex, episodes, seed),
    previous: previous ? episodeRewards(freshEnv, greedy(previous), episodes, seed) : null,
    // Thompson draws 200 posterior samples a step: judged on fewer episodes (it is reported, never stored).
    thompson: episodeRewards(freshEnv, (state, mask) => banditChoice(bandit, state, settings, mask, NO_RNG, false, 0).action, Math.min(episodes, work.thompsonEpisodes), seed),
    random: episodeRewards(
      freshEnv,
      (_state, mask, r) => {
        const allowed = mask.map((m, i) => (m ? i : -1)).filter((i) => i >= 0);
        return allowed[Math.floor(r() * allowed.length)]!;
      },
      episodes,
      seed,
    ),
  };
  const wins = (xs: Float64Array | null) => (xs ? xs.reduce((a, x) => a + (x > 0 ? 1 : 0), 0) / xs.length : null);
  const rate = {
    ppo: wins(runs.ppo)!,
    ppoWorldModelOnly: wins(runs.ppoWorldModelOnly),
    behaviourCloned: wins(runs.behaviourCloned)!,
    bestRule: wins(runs.bestRule)!,
    playbook: wins(runs.playbook)!,
    previous: wins(runs.previous) ?? (opts.previous === 'playbook' ? wins(runs.playbook) : null),
    thompson: wins(runs.thompson)!,
    random: wins(runs.random)!,
  };
  // Held-back logged deals: the model's fit on steps it never saw, and what each candidate would have closed there
  // (weighted importance sampling with the logged propensities; only deals whose every step it agrees with count).
  const heldBackCheck = {
    deals: heldBack.length,
    closeRate: heldBack.length ? heldBack.filter((t) => t.outcome === 'closed_won').length / Math.max(1, heldBack.filter((t) => !t.censored).length) : null,
    modelLoss: heldBackSamples.length ? { corrected: round4(corrected.loss(heldBackSamples)), historyOnly: historyModel ? round4(historyModel.loss(heldBackSamples)) : null } : null,
    ppo: offPolicy(heldBack, greedy(stageB.policy), settings),
    behaviourCloned: offPolicy(heldBack, greedy(cloned), settings),
    previous: previous ? offPolicy(heldBack, greedy(previous), settings) : null,
  };
  mark('evaluation');

  // Promotion (issue 19, fourth pass): a new version replaces the version in use — the playbook before any — only
  // when the logged real outcomes support it: on the held-back closed deals (never seen by any fit), a doubly robust
  // estimate of each candidate's win chance minus the version in use's, paired deal by deal, must be above
  // PROMOTE_MARGIN by PROMOTE_Z standard errors, with at least MIN_INFORMATIVE deals where the logged (exploring)
  // action took the candidate's different choice. The model's own figures above are reported, never a reason: a
  // model fitted on logged play overrates the policies it was not fitted on, and PPO and the rule search exploit that.
  const mean = (xs: Float64Array) => xs.reduce((acc, x) => acc + x, 0) / xs.length;
  const baselineRuns = runs.previous ?? runs.playbook;
  const inModel = (r: Float64Array) => ({ gain: round4(mean(r) - mean(baselineRuns)), se: round4(pairedSe(r, baselineRuns)) });
  // Q̂ for the doubly robust estimate: the real-outcome win model (fitted without the held-back deals), else the win rate.
  const fitClosed = fitLogged.filter((t) => !t.censored);
  const fitWinRate = fitClosed.length ? fitClosed.filter((t) => t.outcome === 'closed_won').length / fitClosed.length : 0.3;
  const winQ = (state: DealState, action: number) => (winModel ? winModel.model.predict(observationOf(state, settings), action).outcome[2]! : fitWinRate);
  const baselineChoice = previous ? greedy(previous) : playbookIndex;
  const baselineName = previous ? 'the version in use' : opts.previous === 'playbook' ? 'the playbook (the version in use)' : 'the playbook';
  const pairs = heldBackPairs(completeCohort(heldBack, opts.now), heldBackAsBaselineSees);
  const judge = (choose: (state: DealState, mask: boolean[]) => number) => judgeOnHeldBack(pairs, choose, baselineChoice, winQ, settings);
  const candidates: { name: string; policy: PpoPolicy | null; runs: Float64Array; judgement: HeldBackJudgement | null; promotable?: boolean }[] = [
    { name: `${previous ? 'previous version' : 'playbook'} improved on real outcomes (${winModel ? `${winModel.samples} logged steps` : 'too few logged deals: unchanged'})`, policy: cloned, runs: runs.behaviourCloned, judgement: judge(greedy(cloned)) },
    { name: 'ppo (corrected model)', policy: stageB.policy, runs: runs.ppo, judgement: judge(greedy(stageB.policy)) },
    ...(stageA && runs.ppoWorldModelOnly ? [{ name: 'ppo (history-only model)', policy: stageA.policy, runs: runs.ppoWorldModelOnly, judgement: judge(greedy(stageA.policy)) }] : []),
    { name: `the best rule (${describeRule(bestRule)})`, policy: null, runs: runs.bestRule, judgement: judge(ruleIndex) },
  ];
  for (const c of candidates) c.promotable = promotable(c.judgement);
  const lowerBound = (j: HeldBackJudgement) => j.gain - PROMOTE_Z * j.se;
  let winner = candidates.filter((c) => c.promotable).sort((a, b) => lowerBound(b.judgement!) - lowerBound(a.judgement!))[0];
  // The rule is stored as its clone: the clone is judged again, and stored only if it passes too.
  if (winner && winner.policy === null) {
    const clone = cloneOf(ruleIndex, opts.seed + 6).policy;
    const again = judge(greedy(clone));
    winner = promotable(again) ? { ...winner, name: `clone of ${winner.name}`, policy: clone, judgement: again } : undefined;
  }
  // The whole-deal test of the challenger (exploring deals split by deal between it and the version in use, the
  // evidence accumulated over trainings): when it says better, the challenger replaces the version in use, before
  // any held-back judgement; while undecided, the same challenger stays under test.
  const testable = opts.challengerTest && readsObservation(opts.challengerTest.policy.observationSize, keys.length) && opts.challengerTest.policy.actionCount === keys.length ? opts.challengerTest : null;
  const arms = testable ? armTest(histories, everyTrajectory, testable.since, opts.now) : null;
  const byArms = arms?.decision === 'promote';
  if (byArms) winner = { name: 'the challenger (whole-deal test)', policy: testable!.policy, runs: episodeRewards(freshEnv, greedy(testable!.policy), episodes, seed), judgement: null };
  const kept = !winner;
  // The challenger: one under test that is neither better nor worse yet stays; else, once the real-outcome step has
  // closed deals to learn from, the next kind in turn (CHALLENGER_KINDS: not ranked by Q̂) — its trial deals follow
  // it, so that a later training can judge it on whole deals. After a promotion none this time: the candidates
  // were improved from the version just replaced, and the next training improves on the new one.
  const keepTesting = !winner && testable && arms?.decision === 'continue';
  let challenger: PpoPolicy | null = null;
  let challengerKind: ChallengerKind | null = null;
  if (keepTesting) {
    challenger = testable.policy;
    challengerKind = testable.kind ?? null;
  } else if (!winner && winModel) {
    challengerKind = nextChallengerKind(testable?.kind ?? opts.lastChallengerKind);
    challenger = challengerKind === 'ppo' ? stageB.policy : cloned;
  }
  const challengerSince = keepTesting ? testable.since : challenger ? (opts.nextVersion ?? 0) : null;
  // The version in use is kept as it is (its policy, or the playbook, and its reader).
  const stored: { name: string; policy: PpoPolicy | null; runs: Float64Array } = winner ? { name: winner.name, policy: winner.policy!, runs: winner.runs } : { name: previous ? 'previous version' : 'playbook', policy: previous ?? null, runs: runs.previous ?? runs.playbook };
  const judged = (j: HeldBackJudgement | null) =>
    j ? `${j.gain >= 0 ? '+' : ''}${pct(j.gain)} ± ${pct(j.se)} on ${j.deals} held-back deals (${j.informative} informative of ${j.differing} where it acts differently)` : 'not judged (no held-back closed deals logged with exploration)';
  const armsText = arms
    ? ` Whole-deal test of the challenger (since version ${testable!.since}): ${arms.challenger.won}/${arms.challenger.deals} won following it vs ${arms.incumbent.won}/${arms.incumbent.deals} following ${baselineName}, ${arms.gain >= 0 ? '+' : ''}${pct(arms.gain)} ± ${pct(arms.se)} (z ${arms.z.toFixed(2)}): ${arms.decision === 'promote' ? 'promoted' : arms.decision === 'reject' ? 'not better: replaced by a new challenger' : 'undecided, kept under test'}.`
    : '';
  const promotion = (byArms
    ? `Replaced ${baselineName} by the challenger on the whole-deal test.`
    : winner
    ? `Replaced ${baselineName} by ${winner.name}: ${judged(winner.judgement)} — above ${pct(PROMOTE_MARGIN)} by ${PROMOTE_Z} standard errors.`
    : `Kept ${baselineName}: no candidate beat it on held-back real outcomes by ${pct(PROMOTE_MARGIN)} plus ${PROMOTE_Z} standard errors with ${MIN_INFORMATIVE}+ informative deals (${candidates.map((c) => `${c.name.replace(/ \(.*$/, '')}: ${judged(c.judgement)}`).join('; ')}).`) + armsText;
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');
  const contributions = [
    `Real-outcome improvement of the ${previous ? 'previous version' : 'playbook'}: ${winModel ? `${pct(winModel.changed)} of logged weeks would take another action than logged` : 'not yet (too few closed logged deals)'}; its clone ${pct(rate.behaviourCloned)} in the model (agreement ${pct(bc.report.accuracy)}; playbook ${pct(rate.playbook)}${rate.previous !== null ? `, previous version ${pct(rate.previous)}` : ''}).`,
    `Best simple rule found in the model (${search.evaluated} rules tried from ${search.starts.map((s) => `${s.rule}: ${pct(s.closeRate)}`).join('; ')}): ${describeRule(bestRule)} — ${pct(rate.bestRule)} in the model (replaces the improved baseline only when also judged on held-back deals).`,
    stageA && rate.ppoWorldModelOnly !== null ? `PPO in the world model learned from imported history only (Dyna): ${pct(rate.ppoWorldModelOnly)} (${ratio(rate.ppoWorldModelOnly, rate.playbook)} the playbook).` : `No history-only PPO stage (${historyModel ? `${closedLogged.length} closed logged deals` : 'no imported history'}).`,
    `PPO (from the improved clone) after correcting the model with ${fitLogged.length} logged trajectories (${closedLogged.length} closed in all): ${pct(rate.ppo)} (${ratio(rate.ppo, rate.playbook)} the playbook, ${ratio(rate.ppo, rate.bestRule)} the best rule).`,
    heldBackCheck.modelLoss ? `Held-back logged deals (${heldBack.length}): model loss per step ${heldBackCheck.modelLoss.corrected} corrected vs ${heldBackCheck.modelLoss.historyOnly ?? 'n/a'} history only; their real close rate ${pct(heldBackCheck.closeRate ?? 0)}.` : 'No held-back logged deals yet.',
    promotion,
    'These are close rates inside the learned model, not measured on real deals: the model is only as good as the outcomes it was fitted on.',
  ];
  contributions.push(`Stored: ${stored.name} (${pct(wins(stored.runs)!)} in the corrected model).`);
  return {
    policy: stored.policy,
    challenger,
    challengerSince,
    challengerKind: challengerKind ?? testable?.kind ?? opts.lastChallengerKind ?? null,
    // A kept version keeps its reader (the playbook: none) — the states it was judged on; so does a challenger
    // promoted by the whole-deal test (it played its deals with that reader's states).
    reader: winner && !byArms ? reader : (opts.previousReader ?? LearnedReader.fit([], keys)),
    topics,
    cues,
    worldModel: corrected,
    catalog: keys,
    kept,
    report: {
      episodesUsed: { history: history.length, logged: logged.length, loggedClosed: closedLogged.length, steps: historySamples.length + loggedSamples.length, ppoEpisodes: (stageA?.report.episodes ?? 0) + stageB.report.episodes },
      returns: { worldModelOnly: finite(stageA?.report.meanReturnCurve ?? []), corrected: finite(stageB.report.meanReturnCurve) },
      losses: {
        worldModel: { historyOnly: historyModel ? historyModel.loss(historyFit) : null, corrected: corrected.loss(correctedFit) },
        behaviourCloning: bc.report.loss,
        behaviourCloningAccuracy: bc.report.accuracy,
        ppo: { policyLoss: stageB.report.policyLoss, valueLoss: stageB.report.valueLoss, entropy: stageB.report.entropy, approxKl: stageB.report.approxKl, explainedVariance: stageB.report.explainedVariance },
      },
      evaluation: { inModel: 'corrected', episodes, closeRate: rate },
      bestRule: { rule: describeRule(bestRule), definition: bestRule, closeRate: rate.bestRule, tried: search.evaluated },
      heldBack: heldBackCheck,
      reader: reader.json.targets.map((t) => ({ action: t.action, signal: t.signal, treated: t.treated, effect: t.effect, words: t.weights.length })),
      topics: { count: topics.centroids.length, learned: topics.active && !keptTopics },
      cues: { actions: cues.json.actions.map((a) => ({ action: a.action, treated: a.treated, effect: a.effect, words: a.weights.length })), learned: cues.active && !keptCues },
      challengerTest: arms,
      challenger: challenger && challengerSince !== null ? { kind: challengerKind, since: challengerSince } : null,
      promotion: { baseline: baselineName, rule: `gain > ${PROMOTE_MARGIN} and gain − ${PROMOTE_Z}·se > 0, ≥ ${MIN_INFORMATIVE} informative deals`, candidates: candidates.map((c) => ({ name: c.name, judgement: c.judgement, promotable: !!c.promotable, inModel: inModel(c.runs) })) },
      stored: stored.name,
      lastWeek: lastWeek ?? null,
      contributions,
      seconds: Math.round((performance.now() - started) / 10) / 100,
      timings,
      work,
      cappedByClock,
    },
  };
}

/** The learned reader's (and the cues') samples, the closed logged weeks: the words read in the days before each, its action, the outcome; and how many deals they come from. */
export function readerSamples(histories: readonly DealHistory[], trajectories: readonly Trajectory[]): { samples: ReaderSample[]; deals: number } {
  const byId = new Map(histories.map((h) => [h.deal.id, h]));
  const samples: ReaderSample[] = [];
  let deals = 0;
  for (const t of trajectories) {
    if (t.source !== 'logged' || t.censored) continue;
    const h = byId.get(t.dealId);
    if (!h) continue;
    deals++;
    for (const s of t.steps) {
      const stage = OPEN_DEAL_STAGES.indexOf(s.state.stage as (typeof OPEN_DEAL_STAGES)[number]);
      samples.push({ stage: stage < 0 ? 4 : stage, features: textFeatures(recentText(h, s.asOf)), action: s.action, won: t.outcome === 'closed_won' });
    }
  }
  return { samples, deals };
}

/** A closed deal's trajectory does not change unless its records do: reused when the key (its counts and times) is the same. */
function cachedTrajectory(h: DealHistory, settings: StrategySettings, now: string, cache?: Map<string, { key: string; trajectory: Trajectory | undefined }>): Trajectory | undefined {
  const closed = h.deal.stage === 'closed_won' || h.deal.stage === 'closed_lost';
  if (!cache || !closed) return trajectoryOf(h, settings, now);
  const acted = h.recommendations.reduce((n, r) => n + (r.acted_at ? 1 : 0), 0);
  const key = `${settings.actions.map((a) => `${a.key}:${a.cost}`).join()}|${settings.budget}|${h.deal.stage}|${h.deal.closed_at}|${h.deal.amount}|${h.activities.length}|${h.moves.length}|${h.recommendations.length}|${acted}|${h.amountChanges.length}|${h.activities.at(-1)?.occurred_at ?? ''}`;
  const hit = cache.get(h.deal.id);
  if (hit && hit.key === key) return hit.trajectory;
  const trajectory = trajectoryOf(h, settings, now);
  cache.set(h.deal.id, { key, trajectory });
  return trajectory;
}

/** Closed logged deals needed before the real-outcome improvement changes anything. */
const MIN_CLOSED_FOR_IMPROVEMENT = 100;
/** An action replaces the baseline's only when its estimated win chance is higher by this much … */
const SPI_MARGIN = 0.03;
/** … and it was taken at least this often in logged weeks of the same stage. */
const SPI_SUPPORT = 25;

interface WinModel {
  model: WorldModel;
  /** Logged steps per stage and action (how often each action was tried there). */
  support: Map<string, number>;
  samples: number;
  /** Share of the logged states where the improvement picks another action than the baseline (filled after). */
  changed: number;
}

/**
 * P(the deal is won | state, action this week, then as the logged policies played) on the closed logged deals: the
 * world model's shared + per-action logistic form (a rare action's part stays near 0, i.e. near the average, until
 * the data says otherwise), one head used.
 */
export function fitWinModel(logged: readonly Trajectory[], settings: StrategySettings, inputSize: number, seed: number, fit: { passes?: number; maxSeconds?: number; onCapped?: () => void; interactions?: boolean; pairL2Scale?: number } = {}): WinModel | null {
  const closed = logged.filter((t) => !t.censored);
  if (closed.length < MIN_CLOSED_FOR_IMPROVEMENT) return null;
  const keys = settings.actions.map((a) => a.key);
  const support = new Map<string, number>();
  const all: ModelSample[] = [];
  for (const t of closed)
    for (const s of t.steps) {
      const action = keys.indexOf(s.action);
      if (action < 0) continue;
      const k = supportKey(s.state.stage, s.action, s.state.touches[s.action] ?? 0);
      support.set(k, (support.get(k) ?? 0) + 1);
      all.push({ observation: observationOf(s.state, settings), action, outcome: t.outcome === 'closed_won' ? 'won' : 'none', signals: followedOf([], []), weight: 1 });
    }
  const drawn = sample(all, MAX_LOGGED_FIT, createRng(seed + 17));
  // Only the outcome heads: what the buyer says next is not this model's question.
  const model = WorldModel.fit(drawn, inputSize, keys.length, { followed: 0, ...(fit.interactions ? { interactions: true, pairL2Scale: fit.pairL2Scale ?? 1 } : {}), iterations: fit.passes ?? TRAIN_WORK.winModelPasses, ...(fit.maxSeconds !== undefined ? { maxSeconds: fit.maxSeconds } : {}), ...(fit.onCapped ? { onCapped: fit.onCapped } : {}) });
  const win = { model, support, samples: drawn.length, changed: 0 };
  let changed = 0;
  for (const x of drawn.slice(0, 2000)) if (x.action !== improvedIndex(win, x.observation, x, settings)) changed++;
  win.changed = drawn.length ? changed / Math.min(2000, drawn.length) : 0;
  return win;
}

/** (Only for the share of changed states: the logged action as the baseline.) */
function improvedIndex(win: WinModel, obs: Float64Array, x: ModelSample, settings: StrategySettings): number {
  const stage = ['lead', 'qualified', 'proposal', 'negotiation'].find((_, i) => obs[i] === 1) ?? 'lead';
  return bestSupported(win, obs, stage, settings, null, x.action, null);
}

/**
 * Support is counted per stage, action and whether the deal had that action before: the model has one touches
 * number per action and says little about a second proposal or a third call, which exploration rarely logs — a
 * policy improved without this proposed every week in negotiation (0 % won on the variant world, seed 1, 2026-12-06).
 */
const supportKey = (stage: string, action: string, touches: number) => `${stage}|${action}|${touches > 0 ? 'again' : 'first'}`;

function bestSupported(win: WinModel, obs: Float64Array, stage: string, settings: StrategySettings, mask: readonly boolean[] | null, baseline: number, touches: Record<string, number> | null): number {
  const pWin = (a: number) => win.model.predict(obs, a).outcome[2]!;
  let best = baseline;
  let bestP = pWin(baseline) + SPI_MARGIN;
  settings.actions.forEach((a, i) => {
    const support = touches ? win.support.get(supportKey(stage, a.key, touches[a.key] ?? 0)) : win.support.get(supportKey(stage, a.key, 0)) ?? win.support.get(supportKey(stage, a.key, 1));
    if (i === baseline || (mask && !mask[i]) || (support ?? 0) < SPI_SUPPORT) return;
    const p = pWin(i);
    if (p > bestP) {
      best = i;
      bestP = p;
    }
  });
  return best;
}

/** The baseline's action, or a clearly better-supported one by real outcomes (see fitWinModel). */
export function improvedChoice(win: WinModel | null, state: DealState, settings: StrategySettings, mask: boolean[], baseline: number): number {
  if (!win || state.closed) return baseline;
  return bestSupported(win, observationOf(state, settings), state.stage, settings, mask, baseline, state.touches);
}

/** Deterministic choosers never draw; a greedy policy is given this. */
const NO_RNG = () => 0.5;
const round4 = (x: number) => Math.round(x * 10000) / 10000;
const trajectoryKey = (t: Trajectory) => t.drawKey ?? t.dealId;
const heldBackDeal = (id: string) => {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return (h >>> 0) % 5 === 0;
};

/** The order in which the logged team first took each action (median week of first use), for the rule search's starts. */
function habitualOrder(logged: readonly Trajectory[], keys: readonly string[]): string[] {
  const firstWeek = new Map<string, number[]>();
  for (const t of logged) {
    const seen = new Set<string>();
    t.steps.forEach((s, i) => {
      if (!s.acted || s.action === 'wait' || seen.has(s.action) || !keys.includes(s.action)) return;
      seen.add(s.action);
      firstWeek.set(s.action, [...(firstWeek.get(s.action) ?? []), i]);
    });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return [...firstWeek.entries()].filter(([, w]) => w.length >= 10).sort((a, b) => median(a[1]) - median(b[1])).map(([k]) => k);
}

type Chooser = (state: DealState, mask: boolean[], rng: Rng) => number;

/** Per-episode reward of a chooser from the environment's starts (seeded: the same episodes for every chooser). */
function episodeRewards(env: DealWorldEnvironment, choose: Chooser, episodes: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const out = new Float64Array(episodes);
  for (let e = 0; e < episodes; e++) {
    env.reset(rng);
    for (let t = 0; t < 200; t++) {
      const r = env.step(choose(env.current, env.actionMask(), rng), rng);
      out[e]! += r.reward;
      if (r.done || r.truncated) break;
    }
  }
  return out;
}

/** The states a chooser visits, its actions and the discounted returns from each (for behaviour cloning with returns). */
function rollOut(env: DealWorldEnvironment, choose: (state: DealState, mask: boolean[]) => number, episodes: number, seed: number, gamma: number) {
  const rng = createRng(seed);
  const out: { observation: Float64Array; action: number; mask: boolean[]; return: number }[] = [];
  for (let e = 0; e < episodes; e++) {
    let obs = env.reset(rng);
    const steps: { observation: Float64Array; action: number; mask: boolean[]; reward: number }[] = [];
    for (let t = 0; t < 200; t++) {
      const mask = env.actionMask();
      const action = choose(env.current, mask);
      const r = env.step(action, rng);
      steps.push({ observation: obs, action, mask, reward: r.reward });
      if (r.done || r.truncated) break;
      obs = r.observation;
    }
    let g = 0;
    for (let i = steps.length - 1; i >= 0; i--) {
      g = steps[i]!.reward + gamma * g;
      out.push({ observation: steps[i]!.observation, action: steps[i]!.action, mask: steps[i]!.mask, return: g });
    }
  }
  return out;
}

/** Standard error of the mean paired difference of two runs over the same episodes. */
function pairedSe(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += a[i]! - b[i]!;
  m /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (a[i]! - b[i]! - m) ** 2;
  return Math.sqrt(v / Math.max(1, n - 1) / n);
}

/**
 * Weighted importance sampling of a deterministic chooser's win rate on closed logged deals: a deal counts with
 * weight Π 1/propensity when the chooser agrees with every logged step, else 0. `ess`: the effective sample size.
 */
export function offPolicy(trajectories: readonly Trajectory[], choose: (state: DealState, mask: boolean[]) => number, settings: StrategySettings): { value: number; ess: number } | null {
  const keys = settings.actions.map((a) => a.key);
  let sw = 0;
  let sw2 = 0;
  let swr = 0;
  for (const t of trajectories) {
    if (t.censored) continue;
    let w = 1;
    for (const s of t.steps) {
      if (s.propensity === null || !(s.propensity > 0)) {
        w = 0;
        break;
      }
      if (keys[choose(s.state, maskOf(s.state, settings))] !== s.action) {
        w = 0;
        break;
      }
      w /= s.propensity;
    }
    if (w === 0) continue;
    sw += w;
    sw2 += w * w;
    swr += w * (t.outcome === 'closed_won' ? 1 : 0);
  }
  return sw > 0 ? { value: round4(swr / sw), ess: Math.round(((sw * sw) / sw2) * 10) / 10 } : null;
}

/** A candidate must beat the version in use on held-back deals by this much (win chance, absolute) … */
export const PROMOTE_MARGIN = 0.01;
/** … plus this many standard errors of the paired estimate … */
export const PROMOTE_Z = 2;
/** … judged on at least this many held-back deals where the logged action took the candidate's different choice. */
export const MIN_INFORMATIVE = 30;

export interface HeldBackJudgement {
  /** Held-back closed deals logged with known, exploring propensities (the ones judged). */
  deals: number;
  /** Deals where the candidate and the version in use choose differently at some logged week. */
  differing: number;
  /** Deals where, at every such week, the logged action was the candidate's choice (played its way): what the estimate rests on. */
  informative: number;
  /** Doubly robust win-chance estimates of the candidate and the version in use, and their paired difference. */
  candidate: number;
  baseline: number;
  gain: number;
  se: number;
}

/**
 * Share of exploring deals in each arm of the whole-deal test (the challenger's and the version in use's), played
 * **greedily** — as the policies will be used (explore=false) — with propensity 1; the other exploring deals
 * (1 − 2·TRIAL_ARM_SHARE = 40 %) explore uniformly under the version in use, which is what the learners learn other
 * actions' effects from. Why greedy (seventh pass): with both arms exploring, the test compared the policies as they
 * explore; on the bench's standard world at 3,000 deals it promoted a challenger +5.1 points better while exploring
 * that was −0.7 points greedy. Equal arms give the smallest standard error for a number of deals; 0.3 rather than
 * 0.25 because the test's power is what limits promotion (a 10-point gain needs ~250 deals per arm at z 2.56).
 */
export const TRIAL_ARM_SHARE = 0.3;
export type TrialArm = 'challenger' | 'incumbent';
/** The whole-deal test promotes at this z (Pocock's constant boundary for ~10 looks at one-sided 2.5 %) … */
export const ARMS_Z = 2.56;
/** … with at least this many closed deals in each arm; it gives a challenger up at z ≤ ARMS_GIVE_UP_Z or after ARMS_MAX_DEALS of its own. */
export const ARMS_MIN_DEALS = 40;
export const ARMS_GIVE_UP_Z = -1;
export const ARMS_MAX_DEALS = 800;
/**
 * Futility: a challenger is also given up once even the upper end of its gain (gain + ARMS_FUTILITY_Z·se) is below
 * ARMS_WORTH_GAIN — it is not worse, but not the clear improvement worth the test's deals either. Why: one challenger
 * is tested at a time, and a tie held the test for up to ARMS_MAX_DEALS of its deals (on the bench at 1,500 closed
 * deals: 56/261 vs 61/278 and 63/245 vs 73/261, both "continue"), so a better candidate of a later training waited.
 */
export const ARMS_WORTH_GAIN = 0.05;
export const ARMS_FUTILITY_Z = 1.645;

/**
 * The arm of the whole-deal test an exploring deal is in, for the challenger first stored with version `since` (a
 * fixed draw per deal and challenger): its choices greedily, the version in use's greedily, or null — it explores.
 */
export function trialArm(dealKey: string, since: number): TrialArm | null {
  let h = 2166136261;
  const key = `${since}:${dealKey}`;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  h = Math.imul(h ^ (h >>> 15), 2246822519) >>> 0;
  const u = h / 4294967296;
  return u < TRIAL_ARM_SHARE ? 'challenger' : u < 2 * TRIAL_ARM_SHARE ? 'incumbent' : null;
}

/** Whether an exploring deal is in the challenger's arm (see trialArm). */
export const followsChallenger = (dealKey: string, since: number): boolean => trialArm(dealKey, since) === 'challenger';

/** The whole-deal test compares "won within H days of the deal's first week", H this quantile of logged won deals' durations … */
export const ARMS_HORIZON_QUANTILE = 0.95;
/** … once this many logged deals have been won (before: the complete cohort, every deal of which has closed). */
export const ARMS_HORIZON_MIN_WON = 30;
const DAY_MS = 86_400_000;

/**
 * The horizon of the whole-deal test: the ARMS_HORIZON_QUANTILE quantile of how long logged won deals took from
 * their first week to the win (days), or null with fewer than ARMS_HORIZON_MIN_WON won. Measured over every policy's
 * deals, never per arm.
 */
export function winHorizonDays(trajectories: readonly Trajectory[]): number | null {
  const days = trajectories
    .filter((t) => t.source === 'logged' && t.outcome === 'closed_won' && t.closedAt && t.steps.length > 0)
    .map((t) => (Date.parse(t.closedAt!) - Date.parse(t.steps[0]!.asOf)) / DAY_MS)
    .sort((a, b) => a - b);
  if (days.length < ARMS_HORIZON_MIN_WON) return null;
  return Math.ceil(days[Math.min(days.length - 1, Math.ceil(ARMS_HORIZON_QUANTILE * days.length) - 1)]!);
}

export interface ArmTest {
  challenger: { deals: number; won: number };
  incumbent: { deals: number; won: number };
  /** Wins counted within this many days of a deal's first week (null: the complete cohort's final outcomes). */
  horizonDays: number | null;
  gain: number;
  se: number;
  z: number;
  decision: 'promote' | 'reject' | 'continue';
}

/**
 * The whole-deal test of a challenger: of the exploring deals whose every recommendation came from version `since` on
 * (the challenger's whole life), those drawn into the test before their first week (`trialArm`) were played greedily
 * by the challenger or by the version in use — every week recorded with its arm (`DealState.trial`). The difference of their rates of "won within H days" on
 * the deals at least H days old (H: winHorizonDays; before enough wins, the final close rate on the complete cohort —
 * deals that started before the oldest still-active open one: no bias toward fast closes) is a randomised
 * comparison of the two whole policies on real outcomes. The evidence accumulates across trainings (the same
 * challenger is kept while undecided), so the boundary is a repeated-looks one (ARMS_Z).
 */
export function armTest(histories: readonly DealHistory[], trajectories: readonly Trajectory[], since: number, now: string): ArmTest {
  const recs = new Map(histories.map((h) => [h.deal.id, h.recommendations]));
  const inTest = trajectories.filter((t) => {
    if (t.source !== 'logged') return false;
    const rs = recs.get(t.dealId) ?? [];
    // Every week recorded in the deal's own arm: the trial deals of this challenger (not deals asked with
    // explore=false, nor exploring ones, nor those of an earlier challenger's test).
    const arm = trialArm(trajectoryKey(t), since);
    return arm !== null && t.steps.length > 0 && rs.length > 0 && rs.every((r) => r.policy === 'ppo' && r.model_version >= since) && t.steps.every((s) => s.state.trial === arm);
  });
  // Which deals count and what counts as a win. The complete cohort (every deal of it closed) lags by the longest
  // deal's life: at 40 deals a week and deals of up to ~16 weeks, the test had 0/0 challenger deals one training
  // (500 closed deals) after the challenger was stored, on the bench's standard world at the judge's scale
  // (2026-12-06). With a horizon H (the quantile of logged wins' durations) a deal counts once it is H days old, as
  // "won within H days": the arms are randomised per deal, so the two arms' deals of the same weeks are compared on the
  // same footing; a policy that wins later than H is not credited for it (a team wants the earlier win anyway).
  const horizon = winHorizonDays(trajectories);
  const nowMs = Date.parse(now);
  const counted: { t: Trajectory; won: boolean }[] =
    horizon === null
      ? completeCohort(inTest, now).map((t) => ({ t, won: t.outcome === 'closed_won' }))
      : inTest.flatMap((t) => {
          const start = Date.parse(t.steps[0]!.asOf);
          if (start + horizon * DAY_MS > nowMs) return [];
          return [{ t, won: t.outcome === 'closed_won' && t.closedAt !== null && Date.parse(t.closedAt) - start <= horizon * DAY_MS }];
        });
  const arm = (follows: boolean) => {
    const ds = counted.filter((c) => (trialArm(trajectoryKey(c.t), since) === 'challenger') === follows);
    return { deals: ds.length, won: ds.filter((c) => c.won).length };
  };
  const challenger = arm(true);
  const incumbent = arm(false);
  const rate = (a: { deals: number; won: number }) => (a.won + 0.5) / (a.deals + 1);
  const [pc, pi] = [rate(challenger), rate(incumbent)];
  const gain = challenger.deals && incumbent.deals ? challenger.won / challenger.deals - incumbent.won / incumbent.deals : 0;
  const se = Math.sqrt((pc * (1 - pc)) / Math.max(1, challenger.deals) + (pi * (1 - pi)) / Math.max(1, incumbent.deals));
  const z = gain / se;
  const enough = challenger.deals >= ARMS_MIN_DEALS && incumbent.deals >= ARMS_MIN_DEALS;
  const futile = enough && gain + ARMS_FUTILITY_Z * se < ARMS_WORTH_GAIN;
  const decision = enough && z >= ARMS_Z && gain > PROMOTE_MARGIN ? 'promote' : (enough && z <= ARMS_GIVE_UP_Z) || futile || challenger.deals >= ARMS_MAX_DEALS ? 'reject' : 'continue';
  return { challenger, incumbent, horizonDays: horizon, gain: round4(gain), se: round4(se), z: Math.round(z * 100) / 100, decision };
}

/** Days without a recommendation after which an open deal no longer holds back the cohort (abandoned). */
const ABANDONED_DAYS = 30;

/**
 * The held-back deals that started before the oldest still-active open one: every deal of that cohort has closed,
 * so its outcomes are not selected by how fast they came. (Judging all closed deals would favour short ones — fast
 * wins and fast losses — and a policy that shortens deals would be judged on a different mix than it plays.)
 */
export function completeCohort(heldBack: readonly Trajectory[], now: string): Trajectory[] {
  const activeSince = Date.parse(now) - ABANDONED_DAYS * 86_400_000;
  let cutoff: string | undefined;
  for (const t of heldBack) {
    if (!t.censored || Date.parse(t.steps[t.steps.length - 1]!.asOf) < activeSince) continue;
    const start = t.steps[0]!.asOf;
    if (cutoff === undefined || start < cutoff) cutoff = start;
  }
  return heldBack.filter((t) => !t.censored && (cutoff === undefined || t.steps[0]!.asOf < cutoff));
}

export type HeldBackPair = { candidate: Trajectory; baseline: Trajectory };

/**
 * The held-back deals a promotion can be judged on: closed, and every week logged with the propensity of an
 * exploring policy (explore=true; a week with a single allowed action has propensity 1 and is fine). A deal played
 * without exploring says nothing about another action's effect: an estimate there would be the model's guess.
 * `asBaselineSees`: the same deals as the version in use reads them (the steps must be the same weeks).
 */
export function heldBackPairs(heldBack: readonly Trajectory[], asBaselineSees: ReadonlyMap<string, Trajectory>): HeldBackPair[] {
  const out: HeldBackPair[] = [];
  for (const t of heldBack) {
    if (t.censored) continue;
    const b = asBaselineSees.get(t.dealId) ?? t;
    if (b.steps.length !== t.steps.length || b.steps.some((s, i) => s.asOf !== t.steps[i]!.asOf)) continue;
    out.push({ candidate: t, baseline: b });
  }
  return out;
}

/**
 * Doubly robust estimate (Jiang & Li 2016) of a deterministic chooser's win chance on one closed logged deal, the
 * reward being the final outcome: backwards from the close, G ← Q̂(s, π(s)) + 1[a = π(s)] / μ(a|s) · (G − Q̂(s, a)).
 * Unbiased whatever Q̂ is (when the propensities are right); a good Q̂ only makes it less noisy.
 * `choices[t]`: the chooser's action at week t; `q(t, a)`: the model's win chance after action a at week t.
 */
export function doublyRobustWin(steps: readonly TrajectoryStep[], choices: readonly number[], keys: readonly string[], won: boolean, q: (t: number, action: number) => number): number {
  let g = won ? 1 : 0;
  for (let t = steps.length - 1; t >= 0; t--) {
    const s = steps[t]!;
    const logged = keys.indexOf(s.action);
    const v = q(t, choices[t]!);
    g = logged === choices[t] ? v + (g - q(t, logged)) / s.propensity! : v;
  }
  return g;
}

const exploringLog = (t: Trajectory, settings: StrategySettings) =>
  t.steps.every((s) => s.propensity !== null && s.propensity > 0 && (s.propensity < 0.999 || maskOf(s.state, settings).filter(Boolean).length === 1));

/**
 * The candidate against the version in use on the held-back deals: each deal's doubly robust win chance under
 * both (the candidate on the states as the new version reads them, the version in use as it reads them; Q̂ from
 * the win model fitted on the other deals), paired: the mean difference and its standard error over deals.
 */
export function judgeOnHeldBack(
  pairs: readonly HeldBackPair[],
  candidate: (state: DealState, mask: boolean[]) => number,
  baseline: (state: DealState, mask: boolean[]) => number,
  winQ: (state: DealState, action: number) => number,
  settings: StrategySettings,
): HeldBackJudgement | null {
  const keys = settings.actions.map((a) => a.key);
  const diffs: number[] = [];
  let sc = 0;
  let sb = 0;
  let differing = 0;
  let informative = 0;
  for (const { candidate: tc, baseline: tb } of pairs) {
    if (!exploringLog(tc, settings)) continue;
    const c = tc.steps.map((s) => candidate(s.state, maskOf(s.state, settings)));
    const b = tb.steps.map((s) => baseline(s.state, maskOf(s.state, settings)));
    const differs = c.map((a, i) => a !== b[i]);
    if (differs.some(Boolean)) differing++;
    // Informative: the logged action was the candidate's at every week the two differ — the deal was played the
    // candidate's way, so its estimate there rests on the real outcome, not on Q̂. (Counting the first difference
    // only let through a clone that differed every week and closed 0 % on the variant world at 3,000 deals: its
    // estimate rested on Q̂ past the first week and the sample SE could not see the missing tail.)
    if (differs.some(Boolean) && differs.every((d, i) => !d || keys.indexOf(tc.steps[i]!.action) === c[i])) informative++;
    const qs = new Map<number, number>();
    const q = (t: number, a: number) => {
      const k = t * 64 + a;
      let v = qs.get(k);
      if (v === undefined) qs.set(k, (v = winQ(tc.steps[t]!.state, a)));
      return v;
    };
    const won = tc.outcome === 'closed_won';
    const vc = doublyRobustWin(tc.steps, c, keys, won, q);
    const vb = doublyRobustWin(tc.steps, b, keys, won, q);
    sc += vc;
    sb += vb;
    diffs.push(vc - vb);
  }
  const n = diffs.length;
  if (n === 0) return null;
  const gain = diffs.reduce((a, x) => a + x, 0) / n;
  const variance = diffs.reduce((a, x) => a + (x - gain) ** 2, 0) / Math.max(1, n - 1);
  return { deals: n, differing, informative, candidate: round4(sc / n), baseline: round4(sb / n), gain: round4(gain), se: round4(Math.sqrt(variance / n)) };
}

/** The promotion rule (see PROMOTE_MARGIN): a clearly better candidate, judged on enough informative deals. */
export const promotable = (j: HeldBackJudgement | null): boolean => !!j && j.informative >= MIN_INFORMATIVE && j.gain > PROMOTE_MARGIN && j.gain - PROMOTE_Z * j.se > 0;

/** JSON has no NaN: a curve point before any episode ended is null. */
const finite = (xs: readonly number[]) => xs.map((x) => (Number.isFinite(x) ? Math.round(x * 10000) / 10000 : null));
const pct = (p: number) => `${Math.round(p * 1000) / 10}%`;
export { maskOf };
