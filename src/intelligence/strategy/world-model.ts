/**
 * The learned world model (Dyna, issue 19): P(what follows a week | deal state, action), fitted on the reflection
 * buffer's steps, and an `Environment` over it that PPO trains in.
 *
 * **Model.** For each step outcome (none / advanced a stage / won / lost) a softmax, and for each buyer signal a
 * logistic, on the state's observation vector. Weights are a shared part plus a per-action part
 * (w = w_shared + w_action): the shared part learns from every step, the per-action part only what that action
 * changes, held near 0 by a stronger L2 penalty (so a rare action borrows strength from the others). Fitted by
 * full-batch Adam on the penalised log-likelihood, a few hundred passes: about a second for 20k steps. Steps can
 * carry weights (real logged steps count more than inferred history when the model is "corrected").
 *
 * **Environment.** Starts from real deal states (open deals now, and the first weeks of recorded ones), applies the
 * action's bookkeeping exactly as the CRM would (budget, touches, meetings, discount on the amount, sponsor), moves
 * the clock a week, then samples the outcome and new signals from the model. Reward: 1 per won deal (weighted by
 * amount when the workspace says so), 0 otherwise; an episode ends at the close or after `horizon` weeks.
 */
import { createRng, type Environment, type Rng, type StepResult } from './ppo/index.js';
import type { StrategySettings } from './catalog.js';
import { DEAL_SIGNALS, maskOf, observationLayout, observationOf, observationSizeFor, OPEN_DEAL_STAGES, type DealState } from './deal-state.js';
import { STEP_OUTCOMES, type StepOutcome } from './reflection.js';
import { TOPIC_COUNT } from './buyer-topics.js';

export interface ModelSample {
  observation: Float64Array;
  action: number;
  outcome: StepOutcome;
  /** Which of DEAL_SIGNALS, then of the learned topics (TOPIC_COUNT), followed (1) or not (0): `followedOf`. */
  signals: number[];
  weight: number;
}

export interface WorldModelJson {
  kind: 'deal-world-model';
  inputSize: number;
  actionCount: number;
  /** Second-order inputs (interactionPairs), flattened [i, j, i, j, …]; absent: first order only. */
  pairs?: number[];
  /** [head][action + 1][input + 1]: action 0 is the shared part; the last input is the bias. */
  weights: number[][][];
}

const OUTCOME_HEADS = STEP_OUTCOMES.length - 1; // logits of advanced/won/lost against none (fixed at 0)
/** What the buyer says next: the five signals and each learned topic (a topic the model never saw follow stays near 0). */
const FOLLOWED = DEAL_SIGNALS.length + TOPIC_COUNT;

/** A step's followed signals and topics as the model's targets (0/1, DEAL_SIGNALS then topics by index). */
export const followedOf = (signals: readonly string[], topics: readonly number[] | undefined): number[] => [
  ...DEAL_SIGNALS.map((k) => (signals.includes(k) ? 1 : 0)),
  ...Array.from({ length: TOPIC_COUNT }, (_, t) => (topics?.includes(t) ? 1 : 0)),
];

/**
 * Second-order inputs (thirteenth pass): the pairs of observation numbers whose product the model reads besides the
 * numbers themselves. A first-order logistic model cannot say "a discount pays after a price objection, in a late
 * stage, and hurts otherwise" or "a sponsor helps while no decision maker is involved and annoys once one is": what an
 * action does depends on the state jointly, and the lasting effect of having acted ("discounted" after an objection)
 * on the win chance depends on whether the concern was raised at all. Pairs, by the observation's groups
 * (observationLayout), not by any word or signal name: the stage with every other number but the topics (what each
 * feature means in each stage), and whether each buyer signal was ever read with the discount/sponsor flags, the
 * touches per action and the other signals (a concern and what was done about it).
 */
export function interactionPairs(actionCount: number): Int32Array {
  const l = observationLayout(actionCount);
  const range = ([from, to]: readonly [number, number]) => Array.from({ length: to - from }, (_, k) => from + k);
  const pairs: number[] = [];
  for (const i of range(l.stage)) for (const j of [...range(l.scalars), ...range(l.recency), ...range(l.ever), ...range(l.flags), ...range(l.touches)]) pairs.push(i, j);
  const ever = range(l.ever);
  for (const [k, i] of ever.entries()) for (const j of [...ever.slice(k + 1), ...range(l.flags), ...range(l.touches)]) pairs.push(i, j);
  return Int32Array.from(pairs);
}

export class WorldModel {
  /** The observation's length (inputSize less the products). */
  readonly baseSize: number;
  constructor(
    /** Inputs read: the observation, then one product per pair. */
    readonly inputSize: number,
    readonly actionCount: number,
    /** [head][0 = shared, 1 + a = action a][input, then bias] */
    readonly weights: Float64Array[][],
    /** Second-order inputs (interactionPairs, flattened), or null: the observation alone. */
    readonly pairs: Int32Array | null = null,
  ) {
    this.baseSize = inputSize - (pairs ? pairs.length / 2 : 0);
  }

  /** `followed`: how many of the followed signals and topics it predicts (the win model of train.ts needs none); `pairs`: second-order inputs. */
  static empty(observationSize: number, actionCount: number, followed = FOLLOWED, pairs: Int32Array | null = null): WorldModel {
    const inputSize = observationSize + (pairs ? pairs.length / 2 : 0);
    return new WorldModel(inputSize, actionCount, Array.from({ length: OUTCOME_HEADS + followed }, () => Array.from({ length: actionCount + 1 }, () => new Float64Array(inputSize + 1))), pairs);
  }

  /** The inputs the model reads for an observation (the observation itself when first order only). */
  expand(x: ArrayLike<number>, out?: Float64Array): ArrayLike<number> {
    const pairs = this.pairs;
    if (!pairs) return x;
    const y = out ?? new Float64Array(this.inputSize);
    for (let i = 0; i < this.baseSize; i++) y[i] = x[i] ?? 0;
    for (let p = 0, k = this.baseSize; p < pairs.length; p += 2, k++) y[k] = (x[pairs[p]!] ?? 0) * (x[pairs[p + 1]!] ?? 0);
    return y;
  }
  private expandBuffer: Float64Array | undefined;

  /** How many followed signals and topics it predicts (DEAL_SIGNALS, then topics). */
  get followed(): number {
    return this.weights.length - OUTCOME_HEADS;
  }

  /** P(none, advanced, won, lost) and P(each signal) after `action` in the state `x`. */
  predict(x: ArrayLike<number>, action: number): { outcome: number[]; signals: number[] } {
    const outcome = new Float64Array(STEP_OUTCOMES.length);
    const signals = new Float64Array(this.followed);
    this.predictInto(x, action, outcome, signals);
    return { outcome: Array.from(outcome), signals: Array.from(signals) };
  }

  /** The same into given arrays (no allocation: the fit calls it for every sample of every pass). */
  predictInto(observation: ArrayLike<number>, action: number, outcome: Float64Array, signals: Float64Array): void {
    const x = this.pairs ? this.expand(observation, (this.expandBuffer ??= new Float64Array(this.inputSize))) : observation;
    // Most inputs are 0 (stage one-hot, signals and topics never read): only the others are read.
    const nz = (this.nonZeroBuffer ??= new Int32Array(this.inputSize));
    let count = 0;
    for (let i = 0; i < this.inputSize; i++) if (x[i] !== 0) nz[count++] = i;
    this.predictSparse(x, nz, action, outcome, signals, count);
  }
  private nonZeroBuffer: Int32Array | undefined;

  /** `predictInto` reading only the inputs listed in `nonZero` (the others are 0): the same numbers, faster in the fit. */
  predictSparse(x: ArrayLike<number>, nonZero: Int32Array, action: number, outcome: Float64Array, signals: Float64Array, count = nonZero.length): void {
    const logit = (head: number) => {
      const s = this.weights[head]![0]!;
      const a = this.weights[head]![action + 1]!;
      let z = s[this.inputSize]! + a[this.inputSize]!;
      for (let j = 0; j < count; j++) {
        const i = nonZero[j]!;
        z += (s[i]! + a[i]!) * x[i]!;
      }
      return z;
    };
    outcome[0] = 0;
    let m = 0;
    for (let h = 0; h < OUTCOME_HEADS; h++) {
      const z = logit(h);
      outcome[h + 1] = z;
      if (z > m) m = z;
    }
    let sum = 0;
    for (let k = 0; k < outcome.length; k++) sum += outcome[k] = Math.exp(outcome[k]! - m);
    for (let k = 0; k < outcome.length; k++) outcome[k]! /= sum;
    const followed = Math.min(signals.length, this.followed);
    for (let k = 0; k < followed; k++) signals[k] = 1 / (1 + Math.exp(-logit(OUTCOME_HEADS + k)));
  }

  /** Mean negative log-likelihood per sample (for the report). */
  loss(samples: readonly ModelSample[]): number {
    let total = 0;
    let weight = 0;
    for (const s of samples) {
      const p = this.predict(s.observation, s.action);
      let l = -Math.log(Math.max(1e-12, p.outcome[STEP_OUTCOMES.indexOf(s.outcome)]!));
      p.signals.forEach((q, k) => (l -= Math.log(Math.max(1e-12, s.signals[k] ? q : 1 - q))));
      total += s.weight * l;
      weight += s.weight;
    }
    return weight > 0 ? total / weight : NaN;
  }

  /** Fits on the samples (penalised maximum likelihood, full-batch Adam); returns the fitted model. */
  /**
   * `maxSeconds`: a safety cap — stop after the pass that crosses this much wall-clock time, but not before
   * `minIterations` passes (default 10); `onCapped` is told when it stopped a fit short of its `iterations` (a training
   * budgets its fits by passes, so that the same data give the same model; the cap only keeps a loaded machine within
   * the contract's time, and the report says when it did).
   */
  static fit(samples: readonly ModelSample[], observationSize: number, actionCount: number, opts: { iterations?: number; sharedL2?: number; actionL2?: number; learningRate?: number; start?: WorldModel; maxSeconds?: number; minIterations?: number; onCapped?: (passes: number) => void; followed?: number; interactions?: boolean; pairL2Scale?: number } = {}): WorldModel {
    const t0 = performance.now();
    // `interactions`: second-order inputs (interactionPairs); a fit from `start` keeps the start's inputs.
    const model = opts.start ? opts.start.clone() : WorldModel.empty(observationSize, actionCount, opts.followed, opts.interactions ? interactionPairs(actionCount) : null);
    const inputSize = model.inputSize;
    // The inputs as the model reads them (with the products when second order), once.
    const inputs = model.pairs ? samples.map((s) => model.expand(s.observation) as Float64Array) : samples.map((s) => s.observation);
    const followed = model.followed;
    const heads = OUTCOME_HEADS + followed;
    const iterations = opts.iterations ?? 120;
    const lr = opts.learningRate ?? 0.08;
    const sharedL2 = opts.sharedL2 ?? 1e-3;
    const actionL2 = opts.actionL2 ?? 2e-2;
    const pairL2 = opts.pairL2Scale ?? 1;
    const params = model.weights.flat();
    const m = params.map((p) => new Float64Array(p.length));
    const v = params.map((p) => new Float64Array(p.length));
    const grads = params.map((p) => new Float64Array(p.length));
    const totalWeight = samples.reduce((a, s) => a + s.weight, 0) || 1;
    const d = inputSize + 1;
    const gz = new Float64Array(heads);
    const po = new Float64Array(STEP_OUTCOMES.length);
    const ps = new Float64Array(followed);
    // The inputs that are not 0, per sample (most of an observation is: stage one-hot, signals and topics never read).
    const nonZero = inputs.map((x) => Int32Array.from(Array.from(x.keys()).filter((i) => i < inputSize && x[i] !== 0)));
    for (let it = 1; it <= iterations; it++) {
      if (opts.maxSeconds !== undefined && it > (opts.minIterations ?? 10) && (performance.now() - t0) / 1000 > opts.maxSeconds) {
        opts.onCapped?.(it - 1);
        break;
      }
      for (const g of grads) g.fill(0);
      for (const [n, s] of samples.entries()) {
        const nz = nonZero[n]!;
        const x = inputs[n]!;
        model.predictSparse(x, nz, s.action, po, ps);
        const y = STEP_OUTCOMES.indexOf(s.outcome);
        for (let h = 0; h < OUTCOME_HEADS; h++) gz[h] = po[h + 1]! - (y === h + 1 ? 1 : 0);
        for (let k = 0; k < followed; k++) gz[OUTCOME_HEADS + k] = ps[k]! - (s.signals[k] ?? 0);
        const w = s.weight / totalWeight;
        for (let h = 0; h < heads; h++) {
          const g = gz[h]! * w;
          if (g === 0) continue;
          const gs = grads[h * (actionCount + 1)]!;
          const ga = grads[h * (actionCount + 1) + 1 + s.action]!;
          for (let j = 0; j < nz.length; j++) {
            const i = nz[j]!;
            const gi = g * x[i]!;
            gs[i]! += gi;
            ga[i]! += gi;
          }
          gs[inputSize]! += g;
          ga[inputSize]! += g;
        }
      }
      params.forEach((p, j) => {
        const l2 = j % (actionCount + 1) === 0 ? sharedL2 : actionL2;
        const g = grads[j]!;
        const mj = m[j]!;
        const vj = v[j]!;
        for (let i = 0; i < d; i++) {
          // The products (second order) are held nearer 0 by pairL2Scale (the bias, last, is not a product).
          const gi = g[i]! + (i >= model.baseSize && i < inputSize ? pairL2 : 1) * l2 * p[i]!;
          mj[i] = 0.9 * mj[i]! + 0.1 * gi;
          vj[i] = 0.999 * vj[i]! + 0.001 * gi * gi;
          p[i]! -= (lr * (mj[i]! / (1 - 0.9 ** it))) / (Math.sqrt(vj[i]! / (1 - 0.999 ** it)) + 1e-8);
        }
      });
    }
    return model;
  }

  clone(): WorldModel {
    return new WorldModel(this.inputSize, this.actionCount, this.weights.map((h) => h.map((w) => Float64Array.from(w))), this.pairs);
  }

  toJSON(): WorldModelJson {
    return { kind: 'deal-world-model', inputSize: this.inputSize, actionCount: this.actionCount, ...(this.pairs ? { pairs: Array.from(this.pairs) } : {}), weights: this.weights.map((h) => h.map((w) => Array.from(w))) };
  }

  static fromJSON(j: WorldModelJson): WorldModel {
    return new WorldModel(j.inputSize, j.actionCount, j.weights.map((h) => h.map((w) => Float64Array.from(w))), j.pairs ? Int32Array.from(j.pairs) : null);
  }
}

/** Applies an action's bookkeeping to a state and moves its clock a week (what the CRM itself would record). */
export function afterAction(s: DealState, action: string, settings: StrategySettings): DealState {
  const cost = settings.actions.find((a) => a.key === action)?.cost ?? 0;
  const touches = { ...s.touches };
  if (action !== 'wait') touches[action] = (touches[action] ?? 0) + 1;
  const signals: DealState['signals'] = {};
  for (const [k, d] of Object.entries(s.signals)) signals[k as keyof DealState['signals']] = d + 7;
  const topics = s.topics ? Object.fromEntries(Object.entries(s.topics).map(([t, d]) => [t, d + 7])) : undefined;
  return {
    ...s,
    asOf: s.asOf,
    daysInStage: s.daysInStage + 7,
    ageDays: s.ageDays + 7,
    amount: action === 'discount' && s.amount !== null ? Math.round(s.amount * (1 - settings.discountRate)) : s.amount,
    meetings: s.meetings + (action === 'meeting' || action === 'demo' ? 1 : 0),
    touches,
    // The note of an action is written as it is done: a week later the deal has been idle a week.
    idleDays: action === 'wait' ? s.idleDays + 7 : 7,
    budgetLeft: Math.max(0, s.budgetLeft - cost),
    steps: s.steps + (action === 'wait' ? 0 : 1),
    signals,
    ...(topics ? { topics } : {}),
    discounted: s.discounted || action === 'discount',
    escalated: s.escalated || action === 'escalate',
  };
}

/** Deals as an Environment over the world model (see the module comment). */
export class DealWorldEnvironment implements Environment {
  readonly observationSize: number;
  readonly actionCount: number;
  private state!: DealState;
  private week = 0;
  private readonly outcomeP = new Float64Array(STEP_OUTCOMES.length);
  private readonly signalP = new Float64Array(FOLLOWED);

  constructor(
    private readonly model: WorldModel,
    private readonly starts: readonly DealState[],
    private readonly settings: StrategySettings,
    /**
     * horizon: weeks per episode, truncated (PPO bootstraps). lastWeek: a deal still open at this age (weeks) is
     * lost — the workspace's own deals tell how long they stay open — so episodes end there as terminal.
     */
    private readonly opts: { horizon?: number; medianAmount?: number; lastWeek?: number } = {},
  ) {
    if (starts.length === 0) throw new RangeError('world model: no start states (no deals to start from)');
    this.observationSize = observationSizeFor(settings.actions.length);
    if (model.followed < DEAL_SIGNALS.length) throw new RangeError('world model: it does not predict what the buyer says next (a win model?)');
    this.actionCount = settings.actions.length;
  }

  reset(rng: Rng): Float64Array {
    this.state = this.starts[Math.min(this.starts.length - 1, Math.floor(rng() * this.starts.length))]!;
    this.week = 0;
    return observationOf(this.state, this.settings);
  }

  /** The state the next action is chosen in. */
  get current(): DealState {
    return this.state;
  }

  actionMask(): boolean[] {
    return maskOf(this.state, this.settings);
  }

  step(action: number, rng: Rng): StepResult {
    const key = this.settings.actions[action]!.key;
    const before = observationOf(this.state, this.settings);
    const p = { outcome: this.outcomeP, signals: this.signalP };
    this.model.predictInto(before, action, this.outcomeP, this.signalP);
    let next = afterAction(this.state, key, this.settings);
    let u = rng();
    let outcome = 0;
    while (outcome < p.outcome.length - 1 && u >= p.outcome[outcome]!) u -= p.outcome[outcome++]!;
    const signals = { ...next.signals };
    const topics: Record<number, number> = { ...next.topics };
    // What the buyer said is read in the note of the week's action (or their message): about a week old at the next step.
    for (let k = 0; k < DEAL_SIGNALS.length; k++) if (rng() < p.signals[k]!) signals[DEAL_SIGNALS[k]!] = 7;
    // (A model fitted without topics predicts none: no draw for them, so its random numbers are the five signals' only.)
    for (let t = 0; t < Math.min(TOPIC_COUNT, this.model.followed - DEAL_SIGNALS.length); t++) if (rng() < p.signals[DEAL_SIGNALS.length + t]!) topics[t] = 7;
    next = { ...next, signals, topics };
    this.week++;
    const what = STEP_OUTCOMES[outcome]!;
    if (what === 'won' || what === 'lost') {
      this.state = { ...next, stage: what === 'won' ? 'closed_won' : 'closed_lost', closed: true };
      return { observation: observationOf(this.state, this.settings), reward: what === 'won' ? this.rewardOfWin(next) : 0, done: true };
    }
    if (what === 'advanced') {
      const i = OPEN_DEAL_STAGES.indexOf(next.stage as (typeof OPEN_DEAL_STAGES)[number]);
      if (i >= 0 && i < OPEN_DEAL_STAGES.length - 1) next = { ...next, stage: OPEN_DEAL_STAGES[i + 1]!, daysInStage: 0 };
    }
    this.state = next;
    if (this.opts.lastWeek !== undefined && next.ageDays / 7 >= this.opts.lastWeek - 1e-9) {
      this.state = { ...next, stage: 'closed_lost', closed: true };
      return { observation: observationOf(this.state, this.settings), reward: 0, done: true };
    }
    const truncated = this.week >= (this.opts.horizon ?? 26);
    return { observation: observationOf(next, this.settings), reward: 0, done: false, ...(truncated ? { truncated: true } : {}) };
  }

  private rewardOfWin(s: DealState): number {
    const w = this.settings.amountWeight;
    if (w <= 0 || !this.opts.medianAmount || s.amount === null) return 1;
    return 1 - w + (w * s.amount) / this.opts.medianAmount;
  }
}

/** Close rate (and mean reward) of a chooser over `episodes` episodes in an environment, seeded. */
export function closeRate(env: DealWorldEnvironment, choose: (obs: Float64Array, mask: boolean[], rng: Rng, state: DealState) => number, episodes: number, seed: number): { closeRate: number; meanReturn: number } {
  const rng = createRng(seed);
  let won = 0;
  let total = 0;
  for (let e = 0; e < episodes; e++) {
    let obs = env.reset(rng);
    for (let t = 0; t < 1000; t++) {
      const r = env.step(choose(obs, env.actionMask(), rng, env.current), rng);
      total += r.reward;
      if (r.done) {
        if (r.reward > 0) won++;
        break;
      }
      if (r.truncated) break;
      obs = r.observation;
    }
  }
  return { closeRate: won / episodes, meanReturn: total / episodes };
}
