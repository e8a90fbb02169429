/** Deal strategy (issue 19): the state of a deal as of a moment, the policies, the reflection buffer, the world model and training. */
export { DealStrategyService, PPO_MODEL, STRATEGY_POLICIES, type DealNextAction, type DealPreview, type PolicyVersion, type StrategyPolicyName, type StrategySettingsInput } from './deal-strategy.service.js';
export { DEFAULT_STRATEGY_ACTIONS, defaultStrategySettings, type StrategyAction, type StrategySettings } from './catalog.js';
export { dealStateAsOf, dealSignalsIn, observationOf, maskOf, type DealState } from './deal-state.js';
export { trajectoryOf, type Trajectory, type TrajectoryStep } from './reflection.js';
export type { StrategyTrainReport } from './train.js';
