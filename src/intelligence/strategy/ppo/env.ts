/**
 * The environment protocol PPO trains against, and the seeded random source every draw comes from.
 *
 * An environment is a plain object: the CRM side implements it over its learned world model (deal features as
 * observations, the weekly action catalog as actions), the tests and the benchmark over CartPole. Everything random
 * — initial states, transitions, action sampling, minibatch order, weight init — draws from one `Rng`, so a seed
 * fixes a whole training run.
 */
import { mulberry32 } from '../../scoring/learn/rng.js';

/** Uniform floats in [0, 1); the repo's convention (`() => number`), so `mulberry32(seed)` is one. */
export type Rng = () => number;

export interface StepResult {
  observation: Float64Array;
  reward: number;
  /** The episode ended in a terminal state (no value beyond it). */
  done: boolean;
  /** The episode was cut short (a time limit): the state still has a value, which PPO bootstraps from. */
  truncated?: boolean;
}

export interface Environment {
  readonly observationSize: number;
  readonly actionCount: number;
  /** Starts an episode and returns its first observation. */
  reset(rng: Rng): Float64Array;
  step(action: number, rng: Rng): StepResult;
  /**
   * Which actions are allowed in the current state (true = allowed), e.g. those still within the effort budget.
   * Disallowed actions get probability 0 in the policy. At least one must be allowed. Absent: all allowed.
   */
  actionMask?(): boolean[];
}

/** A seeded Rng (mulberry32, shared with scoring). */
export function createRng(seed: number): Rng {
  return mulberry32(seed);
}

/** An integer in [0, n). */
export function uniformInt(rng: Rng, n: number): number {
  return Math.min(n - 1, Math.floor(rng() * n));
}

/** A standard normal draw (Box–Muller; one of the pair is thrown away to keep the draw count fixed per call). */
export function gaussian(rng: Rng): number {
  let u = rng();
  while (u <= 1e-300) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** Fisher–Yates shuffle of 0..n-1 into `out`. */
export function permutation(n: number, rng: Rng, out: Int32Array = new Int32Array(n)): Int32Array {
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = uniformInt(rng, i + 1);
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}
