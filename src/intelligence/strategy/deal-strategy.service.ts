/**
 * Deal strategy (issue 19): which action to take on a deal this week, as of any moment, by which policy, and why;
 * training the PPO policy on everything gathered; the versions in the model registry.
 *
 * A request reads one deal's history (five indexed reads at once, storage `dealHistory`), computes the state as
 * of `asOf` (deal-state.ts), asks the policy, and records the recommendation with the state, propensity, policy and
 * model version in one insert. The PPO model and the bandit's posterior are cached per workspace: the model's
 * registry version is re-checked at most every two seconds (another server's training shows within that), the
 * bandit is refitted from the reflection buffer in the background at most every three minutes.
 */
import type { Clock } from '../../core/clock.js';
import { toTimestamp } from '../../core/clock.js';
import { CrmError, notFound, validationError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { DealHistory, Storage } from '../../storage/index.js';
import type { ContextualPosterior } from '../decisions/posterior.js';
import { mulberry32 } from '../scoring/learn/rng.js';
import { defaultStrategySettings, type StrategyAction, type StrategySettings } from './catalog.js';
import type { EmbeddingProvider } from '../embeddings/provider.js';
import { BuyerMeaning } from './buyer-meaning.js';
import { banditChoice, fitBandit } from './deal-bandit.js';
import { TopicModel } from './buyer-topics.js';
import { dealStateAsOf, maskOf, observationFor, observationOf, readsObservation, type DealState } from './deal-state.js';
import { playbookChoice } from './playbook.js';
import { PpoPolicy, type PpoPolicyJson } from './ppo/index.js';
import { drawKey, trajectoryOf, type Trajectory } from './reflection.js';
import { LearnedReader, UpliftCues } from './text-reader.js';
import { TRIAL_ARM_SHARE, trialArm, trainStrategy, type ChallengerKind, type StrategyTrainReport, type TrialArm } from './train.js';

export const STRATEGY_POLICIES = ['ppo', 'thompson', 'playbook', 'random'] as const;
export type StrategyPolicyName = (typeof STRATEGY_POLICIES)[number];
export const PPO_MODEL = 'deal:ppo';
const SETTINGS_KEY = 'strategy.deals';
const MODEL_CHECK_MS = 2000;
// A refit reads every deal's history and blocks the event loop for seconds on a large workspace: not more often than this.
const BANDIT_REFIT_MS = 180_000;

export interface DealNextAction {
  recommendationId: string;
  action: string;
  policy: StrategyPolicyName;
  actionProbabilities: Record<string, number>;
  value: number;
  budgetLeft: number;
  reasons: string[];
  modelVersion: number;
}

/** A deal's suggested action on the pipeline board (not recorded). */
export interface DealPreview {
  deal_id: string;
  action: string;
  label: string;
  reason: string;
  policy: StrategyPolicyName;
  model_version: number;
}

interface Decision {
  policy: StrategyPolicyName;
  settings: StrategySettings;
  keys: string[];
  index: number;
  probabilities: number[];
  propensity: number;
  value: number;
  modelVersion: number;
  reasons: string[];
  /** How many of `reasons` (the last ones) say what in the deal bears on the choice. */
  stateReasonCount: number;
  state: DealState;
  asOf: string;
}

export interface StrategySettingsInput {
  actions?: { key: string; label?: string; cost: number }[];
  budget?: number;
  amountWeight?: number;
  discountRate?: number;
}

export interface PolicyVersion {
  policy: string;
  version: number;
  active: boolean;
  current: boolean;
  trained_at: string;
  evaluation: StrategyTrainReport['evaluation'] | null;
  seconds: number | null;
}

interface LoadedModel {
  version: number;
  policy: PpoPolicy | null;
  /** The most promising candidate not promoted: a share of the exploring deals follows it (the whole-deal test). */
  challenger: PpoPolicy | null;
  /** The version the challenger was first stored with: which deals follow it is drawn per deal and this number. */
  challengerSince: number;
  /** The challenger's kind of candidate, or with none the kind last tried (train.ts CHALLENGER_KINDS; null: older versions). */
  challengerKind: ChallengerKind | null;
  /** The learned reader stored with the version (null: none, or an older version without one). */
  reader: LearnedReader | null;
  /** The learned topics of the buyer's words stored with the version (empty: none, or an older version). */
  topics: TopicModel;
  /** The per-action uplift cues stored with the version (empty: none); read in the topics' slots when there are no topics. */
  cues: UpliftCues;
  catalog: string[];
  checkedAt: number;
}

const pct = (p: number) => `${Math.round(p * 100)}%`;

/**
 * With `explore=true` the ppo policy (or the playbook standing in for it) takes a uniformly chosen allowed action
 * this share of the time. Why: the world model learns what an action does only from weeks it was taken; a policy
 * that is (nearly) deterministic — the playbook, or PPO cloned from it — would log the same actions forever and the
 * model could never find a better one. The logged propensity is the mixture's, so off-policy estimates stay right.
 */
export const PPO_EXPLORATION = 0.2;

/**
 * (1 − ε)·π + ε·uniform over the allowed actions; with a challenger (the most promising candidate the last training
 * did not promote), half of ε goes to its choice instead. Why: a candidate is promoted on held-back deals where the
 * logged action was its choice, and the estimate's variance grows as 1 / the propensity of that choice — ε / 7
 * (≈ 3 %) when exploring uniformly, ≈ ε / 2 with the challenger: about four times fewer deals for the same certainty.
 */
export function withExploration(probabilities: readonly number[], mask: readonly boolean[], epsilon = PPO_EXPLORATION, challenger?: number): number[] {
  const allowed = mask.filter(Boolean).length;
  if (allowed === 0) return [...probabilities];
  const toChallenger = challenger !== undefined && mask[challenger] ? epsilon / 2 : 0;
  return probabilities.map((p, i) => (mask[i] ? (1 - epsilon) * p + (epsilon - toChallenger) / allowed + (i === challenger ? toChallenger : 0) : 0));
}

/** An index drawn from a probability vector. */
function sampleIndex(probabilities: readonly number[], u: number): number {
  let acc = 0;
  for (let i = 0; i < probabilities.length; i++) {
    acc += probabilities[i]!;
    if (u < acc) return i;
  }
  for (let i = probabilities.length - 1; i >= 0; i--) if (probabilities[i]! > 0) return i;
  return 0;
}

const explorationReason = (label: string) =>
  `Exploring (explore=true): ${label.toLowerCase()} was drawn among the allowed actions, as ${Math.round(PPO_EXPLORATION * 100)}% of exploring answers are, so the model learns what each action does.`;
const daysAgo = (d: number) => (d < 1 ? 'today' : d < 2 ? 'yesterday' : d < 14 ? `${Math.round(d)} days ago` : `${Math.round(d / 7)} weeks ago`);

export class DealStrategyService {
  private readonly models = new Map<string, Promise<LoadedModel>>();
  private readonly bandits = new Map<string, { posterior: Promise<ContextualPosterior>; builtAt: number; refitting: boolean }>();
  private readonly settingsCache = new Map<string, { until: number; value: Promise<StrategySettings> }>();
  private readonly training = new Map<string, Promise<unknown>>();
  private readonly rng: () => number;
  /** Reads the buyer's notes by meaning when an embedding provider is given (buyer-meaning.ts); else the lexicon alone. */
  private readonly meaning: BuyerMeaning | null;
  private readonly embeddingModel: string | null;

  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    opts: { seed?: number; provider?: EmbeddingProvider } = {},
  ) {
    // A seed (the server's DEAL_STRATEGY_SEED setting) makes the exploration draws repeat: bench:deals sets it per seed
    // so that two runs of one seed draw the same exploring actions for the same requests.
    this.rng = mulberry32(opts.seed ?? Date.now() ^ (process.pid << 8));
    this.meaning = opts.provider ? new BuyerMeaning(opts.provider) : null;
    this.embeddingModel = opts.provider?.model ?? null;
  }

  /** Reads the notes of these deals by meaning (new clauses only); a failing provider leaves the lexicon's reading. */
  private async readNotes(histories: readonly DealHistory[]): Promise<void> {
    if (!this.meaning) return;
    const texts = (function* () {
      for (const h of histories) for (const a of h.activities) yield `${a.subject ?? ''}\n${a.body ?? ''}`;
    })();
    await this.meaning.prepare(texts).catch(() => undefined);
  }

  /* ── settings ── */

  async settings(ws: string): Promise<StrategySettings> {
    const stored = (await this.storage.settings.get(ws, SETTINGS_KEY)) as Partial<StrategySettings> | undefined;
    const d = defaultStrategySettings();
    return {
      actions: Array.isArray(stored?.actions) && stored.actions.length >= 2 ? stored.actions : d.actions,
      budget: typeof stored?.budget === 'number' ? stored.budget : d.budget,
      amountWeight: typeof stored?.amountWeight === 'number' ? stored.amountWeight : d.amountWeight,
      discountRate: typeof stored?.discountRate === 'number' ? stored.discountRate : d.discountRate,
    };
  }

  private cachedSettings(ws: string): Promise<StrategySettings> {
    const hit = this.settingsCache.get(ws);
    if (hit && hit.until > Date.now()) return hit.value;
    const value = this.settings(ws);
    this.settingsCache.set(ws, { until: Date.now() + 1000, value });
    value.catch(() => this.settingsCache.delete(ws));
    return value;
  }

  async saveSettings(ws: string, input: StrategySettingsInput): Promise<StrategySettings> {
    const current = await this.settings(ws);
    let actions: StrategyAction[] = current.actions;
    if (input.actions) {
      const seen = new Set<string>();
      actions = input.actions.map((a, i) => {
        if (seen.has(a.key)) throw validationError(`actions.${i}: "${a.key}" is listed twice`, [{ field: `actions.${i}`, message: 'listed twice' }]);
        seen.add(a.key);
        return { key: a.key, label: a.label ?? current.actions.find((c) => c.key === a.key)?.label ?? a.key.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()), cost: a.cost };
      });
      if (!seen.has('wait')) throw validationError('actions: the catalog needs "wait" (cost 0): the action when nothing else is allowed', [{ field: 'actions', message: 'needs wait' }]);
      if (actions.find((a) => a.key === 'wait')!.cost !== 0) throw validationError('actions: "wait" costs 0', [{ field: 'actions', message: 'wait costs 0' }]);
    }
    const next: StrategySettings = { actions, budget: input.budget ?? current.budget, amountWeight: input.amountWeight ?? current.amountWeight, discountRate: input.discountRate ?? current.discountRate };
    await this.storage.settings.set(ws, SETTINGS_KEY, next, toTimestamp(this.clock.now()));
    this.settingsCache.delete(ws);
    return next;
  }

  /* ── the trained policy ── */

  private loadModel(ws: string): Promise<LoadedModel> {
    const cached = this.models.get(ws);
    const load = async (prev?: LoadedModel): Promise<LoadedModel> => {
      const info = await this.storage.models.currentInfo(ws, PPO_MODEL);
      if (prev && info?.version === prev.version) return { ...prev, checkedAt: Date.now() };
      if (!info) return { version: 0, policy: null, challenger: null, challengerSince: 0, challengerKind: null, reader: null, topics: TopicModel.empty(), cues: UpliftCues.empty(), catalog: [], checkedAt: Date.now() };
      const stored = await this.storage.models.current(ws, PPO_MODEL);
      // policy null: a training kept the playbook (no learned policy was better on held-back real outcomes).
      const data = JSON.parse(stored!.data) as { policy: PpoPolicyJson | null; challenger?: PpoPolicyJson | null; challengerSince?: number; challengerKind?: ChallengerKind | null; catalog: string[]; reader?: unknown; topics?: unknown; cues?: unknown };
      const reader = LearnedReader.fromJSON(data.reader);
      return { version: stored!.version, policy: data.policy ? PpoPolicy.fromJSON(data.policy) : null, challenger: data.challenger ? PpoPolicy.fromJSON(data.challenger) : null, challengerSince: data.challengerSince ?? stored!.version, challengerKind: data.challengerKind ?? null, reader: reader?.active ? reader : null, topics: this.topicsIn(data.topics), cues: UpliftCues.fromJSON(data.cues), catalog: data.catalog, checkedAt: Date.now() };
    };
    const next = cached
      ? cached.then((m) => (Date.now() - m.checkedAt < MODEL_CHECK_MS ? m : load(m)))
      : load();
    this.models.set(ws, next);
    next.catch(() => this.models.delete(ws));
    return next;
  }

  /** Stored topics, when they are in this server's embedding space (another model's vectors are not comparable). */
  private topicsIn(json: unknown): TopicModel {
    const topics = TopicModel.fromJSON(json);
    return topics.active && topics.model === this.embeddingModel ? topics : TopicModel.empty();
  }

  /** The bandit's posterior; refitted from the reflection buffer in the background once it is a minute old. */
  private bandit(ws: string): Promise<ContextualPosterior> {
    const hit = this.bandits.get(ws);
    if (hit && (Date.now() - hit.builtAt < BANDIT_REFIT_MS || hit.refitting)) return hit.posterior;
    const fresh = this.trajectories(ws).then((t) => fitBandit(t));
    if (!hit) {
      this.bandits.set(ws, { posterior: fresh, builtAt: Date.now(), refitting: false });
      fresh.catch(() => this.bandits.delete(ws));
      return fresh;
    }
    hit.refitting = true;
    fresh.then(
      (p) => this.bandits.set(ws, { posterior: Promise.resolve(p), builtAt: Date.now(), refitting: false }),
      () => (hit.refitting = false),
    );
    return hit.posterior;
  }

  /* ── recommending ── */

  async nextAction(ws: string, dealId: string, opts: { policy?: string; asOf?: string; explore?: boolean; actor?: string | null } = {}): Promise<DealNextAction> {
    const d = await this.decide(ws, dealId, opts);
    const { policy, settings, keys, index, probabilities, propensity, value, modelVersion, reasons, state, asOf } = d;
    const id = newId('dr');
    const action = keys[index]!;
    await this.storage.dealStrategy.insert(ws, {
      id, deal_id: dealId, policy, action, propensity, cost: settings.actions[index]!.cost, state: JSON.stringify(state), model_version: modelVersion, as_of: asOf,
      created_at: toTimestamp(this.clock.now()), acted_at: null, activity_id: null,
    });
    const actionProbabilities: Record<string, number> = {};
    keys.forEach((k, i) => (actionProbabilities[k] = Math.round(probabilities[i]! * 10000) / 10000));
    return { recommendationId: id, action, policy, actionProbabilities, value: Math.round(value * 10000) / 10000, budgetLeft: state.budgetLeft, reasons, modelVersion };
  }

  /**
   * The suggested action of each open deal now, by the default policy without exploring, for the pipeline board:
   * nothing is recorded (a suggestion is recorded when its deal's page asks for it). Unknown and closed deals are left out.
   */
  async preview(ws: string, dealIds: readonly string[]): Promise<DealPreview[]> {
    const out: DealPreview[] = [];
    for (const dealId of [...new Set(dealIds)]) {
      let d: Decision;
      try {
        d = await this.decide(ws, dealId, {});
      } catch (e) {
        if (e instanceof CrmError && e.code === 'not_found') continue;
        throw e;
      }
      if (d.state.closed) continue;
      const action = d.settings.actions[d.index]!;
      // A signal read in the deal first ("Price objection raised 12 days ago: offer the discount."), else the policy's own
      // reason (not the note that the playbook stands in for an untrained policy), else the deal's stage and idle time.
      const own = d.reasons.slice(d.reasons.length - d.stateReasonCount);
      const signal = own.find((r) => !/^In \S+ for /.test(r) && !r.startsWith('Effort budget'));
      const policyReason = d.reasons.slice(0, d.reasons.length - d.stateReasonCount).find((r) => !r.startsWith('No learned policy yet') && !r.startsWith('The trained PPO policy is for another') && !r.startsWith('The playbook answers (version'));
      out.push({ deal_id: dealId, action: action.key, label: action.label, reason: signal ?? policyReason ?? own[0] ?? '', policy: d.policy, model_version: d.modelVersion });
    }
    return out;
  }

  /** A policy's choice for a deal as of a moment, with everything a recommendation records. */
  private async decide(ws: string, dealId: string, opts: { policy?: string; asOf?: string; explore?: boolean }): Promise<Decision> {
    const policy = (opts.policy ?? 'ppo') as StrategyPolicyName;
    if (!STRATEGY_POLICIES.includes(policy)) throw validationError(`policy: unknown policy "${opts.policy}"; use one of ${STRATEGY_POLICIES.join(', ')}`, [{ field: 'policy', message: 'unknown policy' }]);
    let asOf = toTimestamp(this.clock.now());
    if (opts.asOf !== undefined) {
      const t = Date.parse(opts.asOf);
      if (!/^\d{4}-\d{2}-\d{2}/.test(opts.asOf) || Number.isNaN(t)) throw validationError(`asOf: "${opts.asOf}" is not an ISO date-time`, [{ field: 'asOf', message: 'not an ISO date-time' }]);
      asOf = toTimestamp(new Date(t));
    }
    // Every policy reads the notes with the learned reader of the version in use (the state is the workspace's reading of its deals).
    const [settings, history, model] = await Promise.all([this.cachedSettings(ws), this.storage.dealStrategy.dealHistory(ws, dealId, asOf), this.loadModel(ws)]);
    if (!history) throw notFound('deal', dealId);
    await this.readNotes([history]);
    const state = dealStateAsOf(history, asOf, settings, model.reader, model.topics.active ? model.topics : model.cues);
    const keys = settings.actions.map((a) => a.key);
    const mask = maskOf(state, settings);
    const explore = opts.explore ?? false;
    const reasons: string[] = [];
    let index: number;
    let probabilities: number[];
    let propensity: number;
    let value = 0;
    let modelVersion = 0;

    // A version trained for another catalog or another observation (an older release's features) is not used; one from
    // before the learned topics reads the observation without them (observationFor).
    const usablePpo = policy === 'ppo' && model.policy && model.catalog.join() === keys.join() && readsObservation(model.policy.observationSize, keys.length) ? model : undefined;
    // An exploring deal drawn into the whole-deal test of the challenger (train.ts trialArm, armTest) is played all
    // deal long, greedily — as the policies are used — by the challenger or by the version in use (propensity 1),
    // and each week is recorded with its arm; the other exploring deals explore (a version for another catalog or
    // state has no challenger).
    const trial: TrialArm | null =
      policy === 'ppo' && explore && model.challenger && model.catalog.join() === keys.join() && readsObservation(model.challenger.observationSize, keys.length) ? trialArm(drawKey(history.deal), model.challengerSince) : null;
    const trialShare = `${Math.round(TRIAL_ARM_SHARE * 100)}% of exploring deals each`;
    if (trial === 'challenger') {
      const obs = observationFor(observationOf(state, settings), model.challenger!.observationSize);
      probabilities = Array.from(model.challenger!.actionProbabilities(obs, mask));
      index = model.challenger!.act(obs, mask, this.rng, false).action;
      propensity = 1;
      value = model.challenger!.value(obs);
      modelVersion = model.version;
      reasons.push(`This deal follows the challenger (version ${model.challengerSince}'s candidate, on trial against the version in use without exploring, ${trialShare}): ${settings.actions[index]!.label.toLowerCase()}.`);
    } else if (policy === 'ppo' && usablePpo) {
      const obs = observationFor(observationOf(state, settings), usablePpo.policy!.observationSize);
      probabilities = Array.from(usablePpo.policy!.actionProbabilities(obs, mask));
      if (trial === 'incumbent') reasons.push(`This deal is the version in use's side of the challenger's trial (${trialShare}): no exploring.`);
      if (explore && !trial) {
        const best = probabilities.indexOf(Math.max(...probabilities));
        probabilities = withExploration(probabilities, mask, PPO_EXPLORATION);
        index = sampleIndex(probabilities, this.rng());
        propensity = probabilities[index]!;
        if (index !== best) reasons.push(explorationReason(settings.actions[index]!.label));
      } else {
        index = usablePpo.policy!.act(obs, mask, this.rng, false).action;
        propensity = 1;
      }
      value = usablePpo.policy!.value(obs);
      modelVersion = usablePpo.version;
      const ranked = probabilities.map((p, i) => [p, i] as const).sort((a, b) => b[0] - a[0]);
      reasons.push(`The PPO policy (version ${modelVersion}) puts ${pct(probabilities[index]!)} on ${settings.actions[index]!.label.toLowerCase()}${ranked[1] && ranked[1][0] > 0.05 ? `, ${pct(ranked[1][0])} on ${settings.actions[ranked[1][1]]!.label.toLowerCase()}` : ''}.`);
    } else if (policy === 'thompson') {
      const posterior = await this.bandit(ws);
      const choice = banditChoice(posterior, state, settings, mask, this.rng, explore);
      index = choice.action;
      probabilities = choice.probabilities;
      propensity = explore ? probabilities[index]! : 1;
      value = choice.expected[index]!;
      reasons.push(`Thompson sampling per step: ${settings.actions[index]!.label.toLowerCase()} has moved deals like this forward in ${pct(choice.expected[index]!)} of weeks (estimated from ${posterior.outcomes} logged weeks).`);
    } else if (policy === 'random') {
      const allowed = keys.map((_, i) => i).filter((i) => mask[i]);
      index = allowed[Math.min(allowed.length - 1, Math.floor(this.rng() * allowed.length))]!;
      probabilities = keys.map((_, i) => (mask[i] ? 1 / allowed.length : 0));
      propensity = 1 / allowed.length;
      reasons.push(`Chosen at random among the ${allowed.length} actions within the budget.`);
    } else {
      const choice = playbookChoice(state, settings, mask);
      index = keys.indexOf(choice.action);
      probabilities = keys.map((_, i) => (i === index ? 1 : 0));
      propensity = 1;
      // Standing in for an untrained ppo, the playbook explores as ppo would, so the first training has other actions to learn from.
      if (trial === 'incumbent') reasons.push(`This deal is the version in use's side of the challenger's trial (${trialShare}): no exploring.`);
      if (policy === 'ppo' && explore && !trial) {
        probabilities = withExploration(probabilities, mask, PPO_EXPLORATION);
        index = sampleIndex(probabilities, this.rng());
        propensity = probabilities[index]!;
        if (keys[index] !== choice.action) reasons.push(explorationReason(settings.actions[index]!.label));
      }
      if (policy === 'ppo') {
        // A version that kept the playbook is the version in use: its number is recorded with the recommendation.
        if (!model.policy && model.version > 0) modelVersion = model.version;
        reasons.push(
          model.policy
            ? 'The trained PPO policy is for another action catalog or an older state: the playbook answers until it is retrained.'
            : model.version > 0
              ? `The playbook answers (version ${model.version} kept it): no learned policy has yet beaten it on held-back real outcomes.`
              : 'No learned policy yet: this suggestion follows the built-in sales playbook until enough deals have closed to learn from.',
        );
      }
      reasons.push(choice.reason);
    }
    const fromState = this.stateReasons(state, settings, keys[index]!, mask);
    reasons.push(...fromState);
    // The recorded state carries the trial arm (armTest counts a deal only when every week of it was played in its arm).
    return { policy, settings, keys, index, probabilities, propensity, value, modelVersion, reasons, stateReasonCount: fromState.length, state: trial ? { ...state, trial } : state, asOf };
  }

  /** What in the deal bears on the choice, in words ("price objection raised 12 days ago: offer the discount"). */
  private stateReasons(s: DealState, settings: StrategySettings, action: string, mask: readonly boolean[]): string[] {
    const out: string[] = [];
    if (s.closed) return [`The deal is ${s.stage === 'closed_won' ? 'won' : 'lost'} as of ${s.asOf}: nothing more to do.`];
    const sig = s.signals;
    if (sig.price_objection !== undefined && sig.price_objection <= 30)
      out.push(action === 'discount' ? `Price objection raised ${daysAgo(sig.price_objection)}: offer the discount.` : `Price objection raised ${daysAgo(sig.price_objection)}${s.discounted ? ' (discount already given)' : ''}.`);
    if (sig.missing_decision_maker !== undefined && sig.missing_decision_maker <= 30)
      out.push(action === 'escalate' ? `No decision maker involved (read ${daysAgo(sig.missing_decision_maker)}): bring in an executive sponsor.` : `No decision maker involved yet (read ${daysAgo(sig.missing_decision_maker)})${s.escalated ? '; a sponsor was brought in' : ''}.`);
    if (sig.competition !== undefined && sig.competition <= 30) out.push(`A competitor came up ${daysAgo(sig.competition)}.`);
    if (sig.positive_momentum !== undefined && sig.positive_momentum <= 30) out.push(`Positive momentum ${daysAgo(sig.positive_momentum)}.`);
    if (sig.negative_sentiment !== undefined && sig.negative_sentiment <= 30) out.push(`The buyer sounded negative ${daysAgo(sig.negative_sentiment)}.`);
    out.push(`In ${s.stage} for ${Math.round(s.daysInStage)} days; ${s.idleDays >= 1 ? `idle ${Math.round(s.idleDays)} days` : 'touched today'}; ${s.meetings} meeting${s.meetings === 1 ? '' : 's'} so far.`);
    const over = settings.actions.filter((a, i) => !mask[i] && a.key !== 'wait' && a.cost > s.budgetLeft).map((a) => a.key);
    out.push(`Effort budget left: ${s.budgetLeft} of ${settings.budget}${over.length ? ` (over it: ${over.join(', ')})` : ''}.`);
    return out;
  }

  /* ── the reflection buffer ── */

  /** Every deal's trajectory: logged ones (recommendations by as_of) and imported history. */
  async trajectories(ws: string): Promise<Trajectory[]> {
    const [settings, histories] = await Promise.all([this.settings(ws), this.histories(ws)]);
    await this.readNotes(histories);
    const now = toTimestamp(this.clock.now());
    return histories.map((h) => trajectoryOf(h, settings, now)).filter((t): t is Trajectory => t !== undefined);
  }

  private async histories(ws: string): Promise<DealHistory[]> {
    const out: DealHistory[] = [];
    for await (const page of this.storage.dealStrategy.allHistories(ws)) out.push(...page);
    return out;
  }

  /* ── training and versions ── */

  /** Trains on everything gathered so far and stores a new version; one training per workspace at a time. */
  async train(ws: string, policy: string, opts: { seed?: number; ppoSteps?: number } = {}): Promise<StrategyTrainReport & { modelVersion: number }> {
    if (policy !== 'ppo') throw validationError(`policy: only ppo is trained ("${policy}" learns online or has nothing to learn)`, [{ field: 'policy', message: 'only ppo is trained' }]);
    const running = this.training.get(ws);
    if (running) await running.catch(() => undefined);
    const run = (async () => {
      // The training's time budget counts from here: reading the histories is part of it.
      const startedAt = performance.now();
      const [settings, histories] = await Promise.all([this.settings(ws), this.histories(ws)]);
      await this.readNotes(histories);
      // The version in use: the new one must beat it (in the newly fitted model and on held-back deals) to replace it.
      const current = await this.loadModel(ws).catch(() => undefined);
      // (A version that kept the playbook, or one for another catalog: the playbook is what answers, so it is the baseline.)
      const sameCatalog = current !== undefined && current.catalog.join() === settings.actions.map((a) => a.key).join();
      const previous = current?.policy && sameCatalog ? current.policy : current && current.version > 0 ? ('playbook' as const) : null;
      const previousReader = sameCatalog ? current.reader : null;
      // The topics are kept once learned (whatever the catalog: they read the buyer's words, not the actions).
      const previousTopics = current?.topics ?? null;
      // The uplift cues are kept once learned, for the same catalog (their slots are the catalog's actions).
      const previousCues = sameCatalog ? (current?.cues ?? null) : null;
      const challengerTest = sameCatalog && current.challenger ? { policy: current.challenger, since: current.challengerSince, kind: current.challengerKind } : null;
      const nextVersion = Math.max(0, ...(await this.storage.models.list(ws)).filter((m) => m.strategy === PPO_MODEL).map((m) => m.version)) + 1;
      const trained = trainStrategy(histories, settings, { seed: opts.seed ?? 1, now: toTimestamp(this.clock.now()), ppoSteps: opts.ppoSteps, previous, previousReader, previousTopics, previousCues, embeddingModel: this.meaning ? this.embeddingModel : null, challengerTest, lastChallengerKind: current?.challengerKind ?? null, nextVersion, cache: this.trajectoryCache(ws), startedAt });
      const version = await this.storage.models.save(ws, PPO_MODEL, JSON.stringify({ policy: trained.policy?.toJSON() ?? null, challenger: trained.challenger?.toJSON() ?? null, challengerSince: trained.challengerSince, challengerKind: trained.challengerKind, catalog: trained.catalog, reader: trained.reader.toJSON(), topics: trained.topics.toJSON(), cues: trained.cues.toJSON(), worldModel: trained.worldModel.toJSON() }), JSON.stringify(trained.report), toTimestamp(this.clock.now()));
      this.models.delete(ws);
      this.bandits.delete(ws);
      return { ...trained.report, modelVersion: version };
    })();
    this.training.set(ws, run);
    try {
      return await run;
    } finally {
      if (this.training.get(ws) === run) this.training.delete(ws);
    }
  }

  private readonly trajectoryCaches = new Map<string, Map<string, { key: string; trajectory: Trajectory | undefined }>>();
  private trajectoryCache(ws: string) {
    let c = this.trajectoryCaches.get(ws);
    if (!c) this.trajectoryCaches.set(ws, (c = new Map()));
    return c;
  }

  async versions(ws: string): Promise<PolicyVersion[]> {
    const all = (await this.storage.models.list(ws)).filter((m) => m.strategy === PPO_MODEL);
    const current = all.find((m) => m.active)?.version;
    return all.map((m) => {
      const metrics = JSON.parse(m.metrics) as Partial<StrategyTrainReport>;
      return { policy: 'ppo', version: m.version, active: m.active, current: m.version === current, trained_at: m.trained_at, evaluation: metrics.evaluation ?? null, seconds: metrics.seconds ?? null };
    });
  }

  /** Retires the current version; the previous active one answers again. */
  async rollback(ws: string, policy: string): Promise<number | null> {
    if (policy !== 'ppo') throw validationError(`policy: only ppo has versions`, [{ field: 'policy', message: 'only ppo has versions' }]);
    const version = (await this.storage.models.rollback(ws, PPO_MODEL)) ?? null;
    this.models.delete(ws);
    return version;
  }
}
