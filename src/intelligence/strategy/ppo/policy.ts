/**
 * A PPO policy as stored and served: a categorical policy network (observation → action logits), a separate value
 * network (observation → expected return) and, optionally, the running observation normaliser it was trained with.
 * Actions the environment masks out get probability exactly 0 (their logits are dropped before the softmax).
 */
import { type Rng } from './env.js';
import { Mlp, type MlpJson } from './mlp.js';

// ------------------------------------------------------------------------------------ normaliser ----

export interface NormalizerJson {
  mean: number[];
  m2: number[];
  count: number;
  clip: number;
}

/**
 * Running mean and variance of observations (Welford), applied as z = clip((x − mean) / √(var + 1e-8), ±clip).
 * Deal features mix counts, days and amounts on very different scales; z-scoring them keeps tanh units out of
 * saturation without hand-tuned scaling on the CRM side. Frozen once training ends.
 */
export class ObservationNormalizer {
  readonly mean: Float64Array;
  readonly m2: Float64Array;
  count: number;
  readonly clip: number;

  constructor(size: number, clip = 10) {
    this.mean = new Float64Array(size);
    this.m2 = new Float64Array(size);
    this.count = 0;
    this.clip = clip;
  }

  static fromJSON(json: NormalizerJson): ObservationNormalizer {
    if (!Array.isArray(json?.mean) || !Array.isArray(json.m2) || json.mean.length !== json.m2.length) {
      throw new RangeError('ppo: malformed observation normaliser');
    }
    const n = new ObservationNormalizer(json.mean.length, json.clip);
    n.mean.set(json.mean);
    n.m2.set(json.m2);
    n.count = json.count;
    return n;
  }

  toJSON(): NormalizerJson {
    return { mean: Array.from(this.mean), m2: Array.from(this.m2), count: this.count, clip: this.clip };
  }

  clone(): ObservationNormalizer {
    return ObservationNormalizer.fromJSON(this.toJSON());
  }

  update(x: ArrayLike<number>): void {
    this.count++;
    const n = this.count;
    for (let i = 0; i < this.mean.length; i++) {
      const d = x[i]! - this.mean[i]!;
      this.mean[i]! += d / n;
      this.m2[i]! += d * (x[i]! - this.mean[i]!);
    }
  }

  normalize(x: ArrayLike<number>, out: Float64Array = new Float64Array(this.mean.length)): Float64Array {
    const n = Math.max(1, this.count);
    const c = this.clip;
    for (let i = 0; i < this.mean.length; i++) {
      const z = (x[i]! - this.mean[i]!) / Math.sqrt(this.m2[i]! / n + 1e-8);
      out[i] = z > c ? c : z < -c ? -c : z;
    }
    return out;
  }
}

// ------------------------------------------------------------------------------ masked softmax ----

/**
 * Softmax over the allowed logits into `probs` and their log-probabilities into `logProbs` (−Infinity for masked
 * actions, whose probability is exactly 0). Throws when the mask allows nothing.
 */
export function maskedSoftmax(
  logits: ArrayLike<number>,
  mask: ArrayLike<boolean | number> | undefined,
  probs: Float64Array,
  logProbs: Float64Array,
): void {
  const n = logits.length;
  let max = -Infinity;
  for (let k = 0; k < n; k++) if ((!mask || mask[k]) && logits[k]! > max) max = logits[k]!;
  if (max === -Infinity) throw new RangeError('ppo: the action mask allows no action');
  let sum = 0;
  for (let k = 0; k < n; k++) {
    if (mask && !mask[k]) {
      probs[k] = 0;
      continue;
    }
    const e = Math.exp(logits[k]! - max);
    probs[k] = e;
    sum += e;
  }
  const logSum = Math.log(sum);
  for (let k = 0; k < n; k++) {
    if (mask && !mask[k]) {
      logProbs[k] = -Infinity;
      continue;
    }
    probs[k]! /= sum;
    logProbs[k] = logits[k]! - max - logSum;
  }
}

/** Draws an index from a probability vector (masked entries are 0 and never drawn). */
export function sampleCategorical(probs: ArrayLike<number>, rng: Rng): number {
  const u = rng();
  let acc = 0;
  let last = -1;
  for (let k = 0; k < probs.length; k++) {
    if (probs[k]! <= 0) continue;
    last = k;
    acc += probs[k]!;
    if (u < acc) return k;
  }
  return last; // rounding left u above the running sum: the last allowed action
}

/** Index of the largest probability among allowed actions (ties: the lowest index). */
export function argmax(probs: ArrayLike<number>, mask?: ArrayLike<boolean | number>): number {
  let best = -1;
  for (let k = 0; k < probs.length; k++) {
    if (mask && !mask[k]) continue;
    if (best < 0 || probs[k]! > probs[best]!) best = k;
  }
  if (best < 0) throw new RangeError('ppo: the action mask allows no action');
  return best;
}

// ------------------------------------------------------------------------------------- policy ----

export interface PpoPolicyJson {
  kind: 'ppo-policy';
  version: 1;
  observationSize: number;
  actionCount: number;
  policy: MlpJson;
  value: MlpJson;
  normalizer: NormalizerJson | null;
}

export interface PolicyOptions {
  hiddenSizes?: readonly number[];
  /** Keep a running observation normaliser (default true). */
  normalizeObservations?: boolean;
}

export class PpoPolicy {
  private readonly probs: Float64Array;
  private readonly logProbs: Float64Array;
  private readonly scratch: Float64Array;

  constructor(
    readonly policyNet: Mlp,
    readonly valueNet: Mlp,
    readonly normalizer: ObservationNormalizer | null,
  ) {
    if (policyNet.inputSize !== valueNet.inputSize) throw new RangeError('ppo: policy and value nets see different observations');
    if (valueNet.outputSize !== 1) throw new RangeError('ppo: the value net must have one output');
    if (normalizer && normalizer.mean.length !== policyNet.inputSize) throw new RangeError('ppo: normaliser size does not match');
    this.probs = new Float64Array(policyNet.outputSize);
    this.logProbs = new Float64Array(policyNet.outputSize);
    this.scratch = new Float64Array(policyNet.inputSize);
  }

  /** A fresh policy: orthogonal init, logits scaled by 0.01 (near-uniform start), value head by 1. */
  static create(observationSize: number, actionCount: number, rng: Rng, options: PolicyOptions = {}): PpoPolicy {
    const hidden = options.hiddenSizes ?? [64, 64];
    const policyNet = Mlp.create([observationSize, ...hidden, actionCount], rng, { outputGain: 0.01 });
    const valueNet = Mlp.create([observationSize, ...hidden, 1], rng, { outputGain: 1 });
    const normalizer = options.normalizeObservations === false ? null : new ObservationNormalizer(observationSize);
    return new PpoPolicy(policyNet, valueNet, normalizer);
  }

  static fromJSON(json: PpoPolicyJson): PpoPolicy {
    if (json?.kind !== 'ppo-policy' || json.version !== 1) throw new RangeError('ppo: not a serialised PPO policy (kind ppo-policy, version 1)');
    const policy = new PpoPolicy(Mlp.fromJSON(json.policy), Mlp.fromJSON(json.value), json.normalizer ? ObservationNormalizer.fromJSON(json.normalizer) : null);
    if (policy.observationSize !== json.observationSize || policy.actionCount !== json.actionCount) {
      throw new RangeError('ppo: serialised sizes do not match the networks');
    }
    return policy;
  }

  toJSON(): PpoPolicyJson {
    return {
      kind: 'ppo-policy',
      version: 1,
      observationSize: this.observationSize,
      actionCount: this.actionCount,
      policy: this.policyNet.toJSON(),
      value: this.valueNet.toJSON(),
      normalizer: this.normalizer ? this.normalizer.toJSON() : null,
    };
  }

  clone(): PpoPolicy {
    return new PpoPolicy(this.policyNet.clone(), this.valueNet.clone(), this.normalizer ? this.normalizer.clone() : null);
  }

  get observationSize(): number {
    return this.policyNet.inputSize;
  }

  get actionCount(): number {
    return this.policyNet.outputSize;
  }

  /** The network input for a raw observation (normalised when the policy keeps a normaliser). */
  prepare(observation: ArrayLike<number>, out: Float64Array = new Float64Array(this.observationSize)): Float64Array {
    if (observation.length !== this.observationSize) {
      throw new RangeError(`ppo: expected an observation of ${this.observationSize} numbers, got ${observation.length}`);
    }
    for (let i = 0; i < observation.length; i++) {
      if (!Number.isFinite(observation[i]!)) throw new RangeError(`ppo: observation[${i}] is not a finite number (${observation[i]})`);
    }
    if (this.normalizer) return this.normalizer.normalize(observation, out);
    for (let i = 0; i < out.length; i++) out[i] = observation[i]!;
    return out;
  }

  private checkMask(mask: readonly boolean[] | undefined): void {
    if (mask && mask.length !== this.actionCount) throw new RangeError(`ppo: mask has ${mask.length} entries for ${this.actionCount} actions`);
  }

  /** π(·|observation) with masked actions at exactly 0. */
  actionProbabilities(observation: ArrayLike<number>, mask?: readonly boolean[]): Float64Array {
    this.checkMask(mask);
    const logits = this.policyNet.forward(this.prepare(observation, this.scratch));
    const probs = new Float64Array(this.actionCount);
    maskedSoftmax(logits, mask, probs, this.logProbs);
    return probs;
  }

  /** Samples an action (explore) or takes the most probable allowed one (explore = false). */
  act(observation: ArrayLike<number>, mask: readonly boolean[] | undefined, rng: Rng, explore: boolean): { action: number; probability: number } {
    this.checkMask(mask);
    const logits = this.policyNet.forward(this.prepare(observation, this.scratch));
    maskedSoftmax(logits, mask, this.probs, this.logProbs);
    const action = explore ? sampleCategorical(this.probs, rng) : argmax(this.probs, mask);
    return { action, probability: this.probs[action]! };
  }

  /** The value network's estimate of the discounted return from this observation. */
  value(observation: ArrayLike<number>): number {
    return this.valueNet.forward(this.prepare(observation, this.scratch))[0]!;
  }
}
