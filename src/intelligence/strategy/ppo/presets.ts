/**
 * Settings that have been run, with where their figures are (docs/deal-strategy.md, ## PPO).
 */
import type { PpoConfig } from './ppo.js';

/**
 * The CartPole sanity gate of the tests and the benchmark: small networks (the task needs little capacity, and a
 * 32×32 net trains ~2.7× the steps per CPU second of 64×64), rollouts of 1024 steps, 10 epochs, a high annealed learning rate, no
 * entropy bonus (two actions, exploration comes from the stochastic policy). Value clipping is on, scaled to the
 * task's returns (up to ~100 with γ = 0.99), and observations are normalised as they would be for deals.
 */
export const CARTPOLE_GATE: Omit<PpoConfig, 'seed' | 'initialPolicy'> = {
  totalSteps: 150_000,
  rolloutSteps: 1024,
  minibatchSize: 64,
  epochs: 10,
  gamma: 0.99,
  gaeLambda: 0.95,
  clipRange: 0.2,
  valueClipRange: 10,
  entropyCoef: 0,
  valueCoef: 0.5,
  maxGradNorm: 0.5,
  learningRate: 1e-3,
  annealLearningRate: true,
  targetKl: null,
  hiddenSizes: [32, 32],
  normalizeObservations: true,
  returnWindow: 20,
  valueWarmupUpdates: 0,
};
