/**
 * Proximal Policy Optimization (Schulman et al. 2017) with the details that make it work in practice (the list of
 * Huang et al., "The 37 implementation details of PPO", 2022, for discrete actions):
 *
 * - separate policy and value networks (no shared trunk: with tiny inputs a shared trunk saves little and couples
 *   the two losses' scales), tanh hidden layers, orthogonal init, 0.01-scaled logits;
 * - a categorical policy with action masking (masked logits are dropped, so their probability and gradient are 0);
 * - GAE(λ) advantages and λ-returns, bootstrapping from the value of the last state when an episode is *truncated*
 *   (time limit) rather than terminated;
 * - the clipped surrogate objective, value-loss clipping around the rollout's values, advantages normalised per
 *   minibatch, an entropy bonus, several epochs of shuffled minibatches per rollout;
 * - one Adam over both networks with global-norm gradient clipping, optional linear learning-rate annealing and an
 *   optional early stop of the epochs when the approximate KL exceeds a target;
 * - optional running observation normalisation (kept in the policy, frozen after training);
 * - every random draw from one seeded Rng: the same seed and environment give bit-identical parameters.
 *
 * Also here: behaviour cloning from logged (observation, action) pairs to start from a playbook or real logs
 * (`pretrainFromLog`), warm-starting from an existing policy (`config.initialPolicy`) and a greedy/sampled
 * evaluation helper.
 */
import { createRng, permutation, type Environment } from './env.js';
import { Adam, clipGlobalNorm } from './mlp.js';
import { maskedSoftmax, PpoPolicy, sampleCategorical, type PolicyOptions } from './policy.js';

export interface PpoConfig {
  seed: number;
  /** Environment steps in all (rounded up to whole rollouts). */
  totalSteps: number;
  /** Steps collected per update. */
  rolloutSteps: number;
  minibatchSize: number;
  /** Passes over each rollout. When minibatchSize does not divide rolloutSteps, each pass leaves out a different few. */
  epochs: number;
  gamma: number;
  gaeLambda: number;
  /** ε of the clipped surrogate: the ratio π/π_old is held within [1 − ε, 1 + ε]. */
  clipRange: number;
  /** Value predictions may move at most this far from the rollout's per update (null: no value clipping). */
  valueClipRange: number | null;
  entropyCoef: number;
  valueCoef: number;
  maxGradNorm: number;
  learningRate: number;
  /** Learning rate falls linearly to 0 over the run. */
  annealLearningRate: boolean;
  /** Stop an update's epochs once the approximate KL to the rollout policy exceeds this (null: never). */
  targetKl: number | null;
  hiddenSizes: readonly number[];
  normalizeObservations: boolean;
  /** Episodes averaged into each point of the return curve and into finalMeanReturn. */
  returnWindow: number;
  /** Wall-clock cap: training stops after the update that crosses it (then runs are no longer seed-reproducible). */
  maxSeconds?: number;
  /** Continue from this policy (cloned; its normaliser keeps learning) instead of a fresh one. */
  initialPolicy?: PpoPolicy;
  /**
   * Updates at the start that train only the value net, the policy held fixed. After behaviour cloning without
   * logged returns the critic is untrained, and policy updates driven by its advantages can undo the clone.
   */
  valueWarmupUpdates: number;
}

export const PPO_DEFAULTS: PpoConfig = {
  seed: 1,
  totalSteps: 100_000,
  rolloutSteps: 2048,
  minibatchSize: 64,
  epochs: 10,
  gamma: 0.99,
  gaeLambda: 0.95,
  clipRange: 0.2,
  valueClipRange: 0.2,
  entropyCoef: 0.01,
  valueCoef: 0.5,
  maxGradNorm: 0.5,
  learningRate: 3e-4,
  annealLearningRate: true,
  targetKl: null,
  hiddenSizes: [64, 64],
  normalizeObservations: true,
  returnWindow: 20,
  valueWarmupUpdates: 0,
};

export interface PpoUpdateStats {
  update: number;
  steps: number;
  episodes: number;
  /** Mean return of the last `returnWindow` finished episodes (NaN before the first one ends). */
  meanReturn: number;
  policyLoss: number;
  valueLoss: number;
  entropy: number;
  approxKl: number;
  clipFraction: number;
  /** 1 − Var(returns − values) / Var(returns) on the rollout: how much of the return the value net explains. */
  explainedVariance: number;
  learningRate: number;
  seconds: number;
}

export interface PpoReport {
  steps: number;
  episodes: number;
  updates: number;
  /** Mean return of the last `returnWindow` episodes after each update that had finished at least one episode. */
  meanReturnCurve: number[];
  /** Environment steps at each point of meanReturnCurve. */
  curveSteps: number[];
  finalMeanReturn: number;
  /** Losses and diagnostics of the last update. */
  policyLoss: number;
  valueLoss: number;
  entropy: number;
  approxKl: number;
  clipFraction: number;
  explainedVariance: number;
  seconds: number;
  /** Why training ended before totalSteps, if it did. */
  stoppedEarly: 'callback' | 'time' | null;
}

// -------------------------------------------------------------------------- the pieces, tested ----

/**
 * GAE(λ) over one rollout. `dones[t]` = 1 when the episode ended after step t (terminated or truncated; a
 * truncated step's reward already carries γ·V(final state)). `lastValue` is V of the state after the rollout.
 */
export function computeGae(
  rewards: ArrayLike<number>,
  values: ArrayLike<number>,
  dones: ArrayLike<number>,
  lastValue: number,
  gamma: number,
  lambda: number,
): { advantages: Float64Array; returns: Float64Array } {
  const n = rewards.length;
  const advantages = new Float64Array(n);
  const returns = new Float64Array(n);
  let next = 0;
  for (let t = n - 1; t >= 0; t--) {
    const live = dones[t] ? 0 : 1;
    const nextValue = t === n - 1 ? lastValue : values[t + 1]!;
    const delta = rewards[t]! + gamma * nextValue * live - values[t]!;
    next = delta + gamma * lambda * live * next;
    advantages[t] = next;
    returns[t] = next + values[t]!;
  }
  return { advantages, returns };
}

/**
 * The clipped surrogate loss of one sample, −min(r·A, clip(r, 1−ε, 1+ε)·A), and its derivative in r. Once the
 * ratio has moved past the clip in the advantage's favour the loss is flat and the gradient 0: the update cannot
 * push the policy further from the one that collected the data.
 */
export function clippedSurrogate(ratio: number, advantage: number, clipRange: number): { loss: number; gradient: number; clipped: boolean } {
  const unclipped = -advantage * ratio;
  const bounded = -advantage * Math.min(Math.max(ratio, 1 - clipRange), 1 + clipRange);
  if (unclipped >= bounded) return { loss: unclipped, gradient: -advantage, clipped: false };
  return { loss: bounded, gradient: 0, clipped: true };
}

/**
 * The (optionally clipped) value loss ½·max((v − R)², (v_old + clip(v − v_old, ±c) − R)²) of one sample and its
 * derivative in v.
 */
export function clippedValueLoss(value: number, oldValue: number, target: number, clipRange: number | null): { loss: number; gradient: number } {
  const plain = value - target;
  if (clipRange === null) return { loss: 0.5 * plain * plain, gradient: plain };
  const moved = value - oldValue;
  const inside = moved >= -clipRange && moved <= clipRange;
  const clippedValue = oldValue + (inside ? moved : moved > 0 ? clipRange : -clipRange);
  const far = clippedValue - target;
  if (plain * plain >= far * far) return { loss: 0.5 * plain * plain, gradient: plain };
  return { loss: 0.5 * far * far, gradient: inside ? far : 0 };
}

/**
 * One sample's policy loss, clipped surrogate − β·entropy, and its gradient in the logits (times `scale`, the
 * minibatch's 1/n) written into `dLogits`. Masked actions get gradient 0.
 *   ∂loss/∂logπ(a) = ∂loss/∂r · r;  ∂logπ(a)/∂z_k = 1[k=a] − p_k;  ∂(−βH)/∂z_k = β·p_k·(log p_k + H).
 */
export function policySampleLoss(
  logits: ArrayLike<number>,
  mask: ArrayLike<boolean | number> | undefined,
  action: number,
  oldLogProb: number,
  advantage: number,
  clipRange: number,
  entropyCoef: number,
  scale: number,
  probs: Float64Array,
  logProbs: Float64Array,
  dLogits: Float64Array,
): { loss: number; surrogateLoss: number; ratio: number; entropy: number; clipped: boolean } {
  const n = logits.length;
  maskedSoftmax(logits, mask, probs, logProbs);
  let entropy = 0;
  for (let k = 0; k < n; k++) if (probs[k]! > 0) entropy -= probs[k]! * logProbs[k]!;
  const ratio = Math.exp(logProbs[action]! - oldLogProb);
  const surrogate = clippedSurrogate(ratio, advantage, clipRange);
  const dLogProb = surrogate.gradient * ratio;
  for (let k = 0; k < n; k++) {
    const p = probs[k]!;
    dLogits[k] = p === 0 ? 0 : scale * (dLogProb * ((k === action ? 1 : 0) - p) + entropyCoef * p * (logProbs[k]! + entropy));
  }
  return { loss: surrogate.loss - entropyCoef * entropy, surrogateLoss: surrogate.loss, ratio, entropy, clipped: surrogate.clipped };
}

// --------------------------------------------------------------------------------- training ----

/** Scratch buffers of one rollout. */
interface Rollout {
  observations: Float64Array; // T × obs (network inputs, already normalised)
  masks: Uint8Array | null; // T × actions
  actions: Int32Array;
  logProbs: Float64Array;
  values: Float64Array;
  rewards: Float64Array;
  dones: Uint8Array;
}

function newRollout(steps: number, obsSize: number, actionCount: number, masked: boolean): Rollout {
  return {
    observations: new Float64Array(steps * obsSize),
    masks: masked ? new Uint8Array(steps * actionCount) : null,
    actions: new Int32Array(steps),
    logProbs: new Float64Array(steps),
    values: new Float64Array(steps),
    rewards: new Float64Array(steps),
    dones: new Uint8Array(steps),
  };
}

function readMask(env: Environment): boolean[] | undefined {
  if (!env.actionMask) return undefined;
  const mask = env.actionMask();
  if (mask.length !== env.actionCount) throw new RangeError(`ppo: actionMask() gave ${mask.length} entries for ${env.actionCount} actions`);
  if (!mask.some(Boolean)) throw new RangeError('ppo: actionMask() allows no action');
  return mask;
}

function checkObservation(obs: Float64Array, size: number, where: string): void {
  if (obs.length !== size) throw new RangeError(`ppo: ${where} returned ${obs.length} numbers, observationSize is ${size}`);
  for (let i = 0; i < size; i++) if (!Number.isFinite(obs[i]!)) throw new RangeError(`ppo: ${where} returned a non-finite observation (index ${i})`);
}

const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/** Trains a policy on `env`. `onUpdate` sees each update's statistics; returning false stops training there. */
export function trainPpo(
  env: Environment,
  config: Partial<PpoConfig> & Pick<PpoConfig, 'seed'>,
  onUpdate?: (stats: PpoUpdateStats) => void | boolean,
): { policy: PpoPolicy; report: PpoReport } {
  const c: PpoConfig = { ...PPO_DEFAULTS, ...config };
  validateConfig(c);
  const started = performance.now();
  const rng = createRng(c.seed);
  const obsSize = env.observationSize;
  const actionCount = env.actionCount;
  const policy = c.initialPolicy ? c.initialPolicy.clone() : PpoPolicy.create(obsSize, actionCount, rng, { hiddenSizes: c.hiddenSizes, normalizeObservations: c.normalizeObservations } satisfies PolicyOptions);
  if (policy.observationSize !== obsSize || policy.actionCount !== actionCount) {
    throw new RangeError(`ppo: the initial policy is for ${policy.observationSize} observations × ${policy.actionCount} actions, the environment has ${obsSize} × ${actionCount}`);
  }
  const { policyNet, valueNet, normalizer } = policy;
  const params = [...policyNet.parameters(), ...valueNet.parameters()];
  const optimiser = new Adam(params, { learningRate: c.learningRate });
  const policyGrads = policyNet.zeroGradients();
  const valueGrads = valueNet.zeroGradients();
  const grads = [...policyGrads, ...valueGrads];
  const policyTrace = policyNet.newTrace();
  const valueTrace = valueNet.newTrace();

  const T = c.rolloutSteps;
  const updates = Math.ceil(c.totalSteps / T);
  const rollout = newRollout(T, obsSize, actionCount, env.actionMask !== undefined);
  const input = new Float64Array(obsSize);
  const probs = new Float64Array(actionCount);
  const logProbs = new Float64Array(actionCount);
  const dLogits = new Float64Array(actionCount);
  const order = new Int32Array(T);
  const mbSize = Math.min(c.minibatchSize, T);
  const batchInputs = new Float64Array(mbSize * obsSize);
  const batchDLogits = new Float64Array(mbSize * actionCount);
  const batchDValues = new Float64Array(mbSize);
  const policyBatch = policyNet.newBatchTrace(mbSize);
  const valueBatch = valueNet.newBatchTrace(mbSize);

  const prepare = (raw: Float64Array, learn: boolean): Float64Array => {
    if (!normalizer) {
      input.set(raw);
      return input;
    }
    if (learn) normalizer.update(raw);
    return normalizer.normalize(raw, input);
  };

  let observation = env.reset(rng);
  checkObservation(observation, obsSize, 'reset()');
  const episodeReturns: number[] = [];
  let episodeReturn = 0;
  let steps = 0;
  const curve: number[] = [];
  const curveSteps: number[] = [];
  let last: PpoUpdateStats | null = null;
  let stoppedEarly: PpoReport['stoppedEarly'] = null;
  let update = 0;

  while (update < updates) {
    update++;
    const learningRate = c.annealLearningRate ? c.learningRate * (1 - (update - 1) / updates) : c.learningRate;
    optimiser.learningRate = learningRate;

    // ---- collect a rollout with the current policy
    const truncatedAt: number[] = [];
    const truncatedInputs: Float64Array[] = [];
    for (let t = 0; t < T; t++) {
      const mask = readMask(env);
      const x = prepare(observation, true);
      rollout.observations.set(x, t * obsSize);
      if (rollout.masks) for (let k = 0; k < actionCount; k++) rollout.masks[t * actionCount + k] = !mask || mask[k] ? 1 : 0;
      const logits = policyNet.forward(x, policyTrace);
      maskedSoftmax(logits, mask, probs, logProbs);
      const action = sampleCategorical(probs, rng);
      const result = env.step(action, rng);
      if (!Number.isFinite(result.reward)) throw new RangeError('ppo: step() returned a non-finite reward');
      checkObservation(result.observation, obsSize, 'step()');
      steps++;
      episodeReturn += result.reward;
      const reward = result.reward;
      const ended = result.done || result.truncated === true;
      if (result.truncated && !result.done) {
        // Cut by a time limit, not a terminal state: its future still counts (γ·V added after the rollout).
        truncatedAt.push(t);
        truncatedInputs.push(Float64Array.from(prepare(result.observation, false)));
      }
      rollout.actions[t] = action;
      rollout.logProbs[t] = logProbs[action]!;
      rollout.rewards[t] = reward;
      rollout.dones[t] = ended ? 1 : 0;
      if (ended) {
        episodeReturns.push(episodeReturn);
        episodeReturn = 0;
        observation = env.reset(rng);
        checkObservation(observation, obsSize, 'reset()');
      } else {
        observation = result.observation;
      }
    }
    // The value net does not change during a rollout, so its values are computed afterwards in batches (the same
    // arithmetic, row for row, as one at a time — and half of a rollout step's network cost).
    for (let start = 0; start < T; start += mbSize) {
      const rows = Math.min(mbSize, T - start);
      const values = valueNet.forwardBatch(rollout.observations.subarray(start * obsSize, (start + rows) * obsSize), rows, valueBatch);
      rollout.values.set(values, start);
    }
    for (let j = 0; j < truncatedAt.length; j++) {
      rollout.rewards[truncatedAt[j]!]! += c.gamma * valueNet.forward(truncatedInputs[j]!, valueTrace)[0]!;
    }
    const lastValue = valueNet.forward(prepare(observation, false), valueTrace)[0]!;
    const { advantages, returns } = computeGae(rollout.rewards, rollout.values, rollout.dones, lastValue, c.gamma, c.gaeLambda);

    // ---- optimise the surrogate for several epochs of minibatches
    const warmingUp = update <= c.valueWarmupUpdates;
    let policyLossSum = 0;
    let valueLossSum = 0;
    let entropySum = 0;
    let klSum = 0;
    let clippedCount = 0;
    let seen = 0;
    for (let epoch = 0; epoch < c.epochs; epoch++) {
      permutation(T, rng, order);
      let epochKl = 0;
      let epochSeen = 0;
      for (let start = 0; start + mbSize <= T; start += mbSize) {
        // Advantage normalisation over this minibatch.
        let aMean = 0;
        for (let j = 0; j < mbSize; j++) aMean += advantages[order[start + j]!]!;
        aMean /= mbSize;
        let aVar = 0;
        for (let j = 0; j < mbSize; j++) aVar += (advantages[order[start + j]!]! - aMean) ** 2;
        const aStd = Math.sqrt(aVar / Math.max(1, mbSize - 1)) + 1e-8;
        for (const g of grads) g.fill(0);
        const scale = 1 / mbSize;
        for (let j = 0; j < mbSize; j++) {
          const i = order[start + j]!;
          batchInputs.set(rollout.observations.subarray(i * obsSize, (i + 1) * obsSize), j * obsSize);
        }
        const batchLogits = policyNet.forwardBatch(batchInputs, mbSize, policyBatch);
        const batchValues = valueNet.forwardBatch(batchInputs, mbSize, valueBatch);
        for (let j = 0; j < mbSize; j++) {
          const i = order[start + j]!;
          const mask = rollout.masks ? rollout.masks.subarray(i * actionCount, (i + 1) * actionCount) : undefined;
          const adv = (advantages[i]! - aMean) / aStd;
          const sample = policySampleLoss(
            batchLogits.subarray(j * actionCount, (j + 1) * actionCount),
            mask,
            rollout.actions[i]!,
            rollout.logProbs[i]!,
            adv,
            c.clipRange,
            c.entropyCoef,
            scale,
            probs,
            logProbs,
            dLogits,
          );
          batchDLogits.set(dLogits, j * actionCount);
          const valueLoss = clippedValueLoss(batchValues[j]!, rollout.values[i]!, returns[i]!, c.valueClipRange);
          batchDValues[j] = scale * c.valueCoef * valueLoss.gradient;

          const { ratio, entropy } = sample;
          const logRatio = Math.log(ratio);
          policyLossSum += sample.surrogateLoss;
          valueLossSum += valueLoss.loss;
          entropySum += entropy;
          const kl = ratio - 1 - logRatio;
          klSum += kl;
          epochKl += kl;
          if (Math.abs(ratio - 1) > c.clipRange) clippedCount++;
          seen++;
          epochSeen++;
        }
        if (!warmingUp) policyNet.backwardBatch(policyBatch, mbSize, batchDLogits, policyGrads);
        valueNet.backwardBatch(valueBatch, mbSize, batchDValues, valueGrads);
        clipGlobalNorm(grads, c.maxGradNorm);
        optimiser.step(grads);
      }
      if (c.targetKl !== null && epochSeen > 0 && epochKl / epochSeen > c.targetKl) break;
    }

    // ---- statistics
    let rMean = 0;
    for (let t = 0; t < T; t++) rMean += returns[t]!;
    rMean /= T;
    let rVar = 0;
    let resVar = 0;
    for (let t = 0; t < T; t++) {
      rVar += (returns[t]! - rMean) ** 2;
      resVar += (returns[t]! - rollout.values[t]!) ** 2;
    }
    const recent = episodeReturns.slice(-c.returnWindow);
    const meanReturn = mean(recent);
    if (recent.length) {
      curve.push(meanReturn);
      curveSteps.push(steps);
    }
    last = {
      update,
      steps,
      episodes: episodeReturns.length,
      meanReturn,
      policyLoss: policyLossSum / Math.max(1, seen),
      valueLoss: valueLossSum / Math.max(1, seen),
      entropy: entropySum / Math.max(1, seen),
      approxKl: klSum / Math.max(1, seen),
      clipFraction: clippedCount / Math.max(1, seen),
      explainedVariance: rVar > 0 ? 1 - resVar / rVar : 0,
      learningRate,
      seconds: (performance.now() - started) / 1000,
    };
    if (onUpdate && onUpdate(last) === false) {
      stoppedEarly = 'callback';
      break;
    }
    if (c.maxSeconds !== undefined && last.seconds >= c.maxSeconds && update < updates) {
      stoppedEarly = 'time';
      break;
    }
  }

  const final = last!;
  return {
    policy,
    report: {
      steps,
      episodes: episodeReturns.length,
      updates: update,
      meanReturnCurve: curve,
      curveSteps,
      finalMeanReturn: mean(episodeReturns.slice(-c.returnWindow)),
      policyLoss: final.policyLoss,
      valueLoss: final.valueLoss,
      entropy: final.entropy,
      approxKl: final.approxKl,
      clipFraction: final.clipFraction,
      explainedVariance: final.explainedVariance,
      seconds: (performance.now() - started) / 1000,
      stoppedEarly,
    },
  };
}

function validateConfig(c: PpoConfig): void {
  const positiveInts: (keyof PpoConfig)[] = ['totalSteps', 'rolloutSteps', 'minibatchSize', 'epochs', 'returnWindow'];
  if (!Number.isInteger(c.valueWarmupUpdates) || c.valueWarmupUpdates < 0) throw new RangeError(`ppo: valueWarmupUpdates must be a non-negative integer, got ${c.valueWarmupUpdates}`);
  for (const k of positiveInts) {
    const v = c[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new RangeError(`ppo: ${k} must be a positive integer, got ${String(v)}`);
  }
  const inUnit: (keyof PpoConfig)[] = ['gamma', 'gaeLambda'];
  for (const k of inUnit) {
    const v = c[k] as number;
    if (!(v >= 0 && v <= 1)) throw new RangeError(`ppo: ${k} must be in [0, 1], got ${v}`);
  }
  if (!(c.clipRange > 0)) throw new RangeError('ppo: clipRange must be > 0');
  if (c.valueClipRange !== null && !(c.valueClipRange > 0)) throw new RangeError('ppo: valueClipRange must be > 0 or null');
  if (!(c.learningRate > 0)) throw new RangeError('ppo: learningRate must be > 0');
  if (!(c.maxGradNorm > 0)) throw new RangeError('ppo: maxGradNorm must be > 0');
  if (!(c.entropyCoef >= 0) || !(c.valueCoef > 0)) throw new RangeError('ppo: entropyCoef must be ≥ 0 and valueCoef > 0');
  if (c.hiddenSizes.some((h) => !Number.isInteger(h) || h < 1)) throw new RangeError('ppo: hiddenSizes must be positive integers');
}

// ------------------------------------------------------------------------ evaluation ----

/** Runs whole episodes with the policy (greedy unless `explore`), returning each episode's return. */
export function evaluatePolicy(
  env: Environment,
  policy: PpoPolicy,
  options: { episodes: number; seed: number; explore?: boolean; maxStepsPerEpisode?: number },
): { returns: number[]; meanReturn: number } {
  const rng = createRng(options.seed);
  const returns: number[] = [];
  const cap = options.maxStepsPerEpisode ?? 100_000;
  for (let e = 0; e < options.episodes; e++) {
    let observation = env.reset(rng);
    let total = 0;
    for (let t = 0; t < cap; t++) {
      const { action } = policy.act(observation, readMask(env), rng, options.explore ?? false);
      const result = env.step(action, rng);
      total += result.reward;
      if (result.done || result.truncated) break;
      observation = result.observation;
    }
    returns.push(total);
  }
  return { returns, meanReturn: mean(returns) };
}

// ------------------------------------------------------------------- behaviour cloning ----

export interface LoggedDecision {
  observation: ArrayLike<number>;
  action: number;
  /** Actions allowed at the time (absent: all). */
  mask?: readonly boolean[];
  /** Observed discounted return from this decision on; when given, the value net is fitted to it too. */
  return?: number;
}

export interface PretrainOptions {
  seed: number;
  epochs?: number;
  learningRate?: number;
  minibatchSize?: number;
  maxGradNorm?: number;
  /** Keeps some spread so PPO can still explore after cloning (0 = plain cross-entropy). */
  entropyCoef?: number;
}

export interface PretrainReport {
  samples: number;
  epochs: number;
  /** Mean cross-entropy of the logged actions in the last epoch. */
  loss: number;
  /** Share of logged actions that are the policy's most probable action, after training. */
  accuracy: number;
  /** Mean squared error of the value net on logged returns after training (null without returns). */
  valueError: number | null;
}

/**
 * Behaviour cloning: fits the policy's action probabilities to logged decisions (cross-entropy, masked like
 * PPO) and, where returns are logged, its value net to them. Returns a trained copy; `policy` is not changed. A
 * normaliser that has seen nothing yet is fitted to the logged observations first.
 */
export function pretrainFromLog(policy: PpoPolicy, log: readonly LoggedDecision[], options: PretrainOptions): { policy: PpoPolicy; report: PretrainReport } {
  if (log.length === 0) throw new RangeError('ppo: pretrainFromLog needs at least one logged decision');
  const out = policy.clone();
  const { policyNet, valueNet, normalizer } = out;
  const n = log.length;
  const obsSize = out.observationSize;
  const actionCount = out.actionCount;
  for (const [i, d] of log.entries()) {
    if (d.observation.length !== obsSize) throw new RangeError(`ppo: logged decision ${i} has ${d.observation.length} observation numbers, the policy takes ${obsSize}`);
    for (let k = 0; k < obsSize; k++) {
      if (!Number.isFinite(d.observation[k]!)) throw new RangeError(`ppo: logged decision ${i}: observation[${k}] is not a finite number`);
    }
    if (d.return !== undefined && !Number.isFinite(d.return)) throw new RangeError(`ppo: logged decision ${i}: return is not a finite number`);
    if (!Number.isInteger(d.action) || d.action < 0 || d.action >= actionCount) throw new RangeError(`ppo: logged decision ${i} has action ${d.action}, outside 0..${actionCount - 1}`);
    if (d.mask && (d.mask.length !== actionCount || !d.mask[d.action])) throw new RangeError(`ppo: logged decision ${i}'s mask does not allow its own action`);
  }
  if (normalizer && normalizer.count === 0) for (const d of log) normalizer.update(d.observation);
  const inputs = log.map((d) => out.prepare(d.observation));
  const epochs = options.epochs ?? 20;
  const mbSize = Math.min(options.minibatchSize ?? 64, n);
  const entropyCoef = options.entropyCoef ?? 0;
  const maxGradNorm = options.maxGradNorm ?? 0.5;
  const withReturns = log.some((d) => d.return !== undefined);
  const rng = createRng(options.seed);
  const optimiser = new Adam([...policyNet.parameters(), ...valueNet.parameters()], { learningRate: options.learningRate ?? 1e-3 });
  const policyGrads = policyNet.zeroGradients();
  const valueGrads = valueNet.zeroGradients();
  const grads = [...policyGrads, ...valueGrads];
  const policyTrace = policyNet.newTrace();
  const valueTrace = valueNet.newTrace();
  const probs = new Float64Array(actionCount);
  const logProbs = new Float64Array(actionCount);
  const dLogits = new Float64Array(actionCount);
  const dValue = new Float64Array(1);
  const order = new Int32Array(n);
  let loss = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    permutation(n, rng, order);
    loss = 0;
    for (let start = 0; start < n; start += mbSize) {
      const end = Math.min(n, start + mbSize);
      const scale = 1 / (end - start);
      for (const g of grads) g.fill(0);
      for (let j = start; j < end; j++) {
        const d = log[order[j]!]!;
        const x = inputs[order[j]!]!;
        const logits = policyNet.forward(x, policyTrace);
        maskedSoftmax(logits, d.mask, probs, logProbs);
        let entropy = 0;
        for (let k = 0; k < actionCount; k++) if (probs[k]! > 0) entropy -= probs[k]! * logProbs[k]!;
        loss += -logProbs[d.action]!;
        for (let k = 0; k < actionCount; k++) {
          const p = probs[k]!;
          dLogits[k] = p === 0 ? 0 : scale * (p - (k === d.action ? 1 : 0) + entropyCoef * p * (logProbs[k]! + entropy));
        }
        policyNet.backward(policyTrace, dLogits, policyGrads, false);
        if (d.return !== undefined) {
          const v = valueNet.forward(x, valueTrace)[0]!;
          dValue[0] = scale * (v - d.return);
          valueNet.backward(valueTrace, dValue, valueGrads, false);
        }
      }
      clipGlobalNorm(grads, maxGradNorm);
      optimiser.step(grads);
    }
    loss /= n;
  }
  let correct = 0;
  let valueSq = 0;
  let valueN = 0;
  for (let i = 0; i < n; i++) {
    const d = log[i]!;
    const logits = policyNet.forward(inputs[i]!, policyTrace);
    maskedSoftmax(logits, d.mask, probs, logProbs);
    let best = -1;
    for (let k = 0; k < actionCount; k++) if (probs[k]! > 0 && (best < 0 || probs[k]! > probs[best]!)) best = k;
    if (best === d.action) correct++;
    if (d.return !== undefined) {
      valueSq += (valueNet.forward(inputs[i]!, valueTrace)[0]! - d.return) ** 2;
      valueN++;
    }
  }
  return { policy: out, report: { samples: n, epochs, loss, accuracy: correct / n, valueError: withReturns ? valueSq / valueN : null } };
}


