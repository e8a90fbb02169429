/** PPO for the deal strategy: the environment protocol, the networks, the trainer and a CartPole sanity task. */
export { createRng, gaussian, permutation, uniformInt, type Environment, type Rng, type StepResult } from './env.js';
export { Adam, clipGlobalNorm, globalNorm, Mlp, type MlpJson } from './mlp.js';
export { argmax, maskedSoftmax, ObservationNormalizer, PpoPolicy, sampleCategorical, type NormalizerJson, type PolicyOptions, type PpoPolicyJson } from './policy.js';
export {
  clippedSurrogate,
  clippedValueLoss,
  computeGae,
  evaluatePolicy,
  policySampleLoss,
  PPO_DEFAULTS,
  pretrainFromLog,
  trainPpo,
  type LoggedDecision,
  type PpoConfig,
  type PpoReport,
  type PpoUpdateStats,
  type PretrainOptions,
  type PretrainReport,
} from './ppo.js';
export { CartPole, CARTPOLE_MAX_STEPS } from './cartpole.js';
export { CARTPOLE_GATE } from './presets.js';
