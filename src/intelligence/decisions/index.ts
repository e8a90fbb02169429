/**
 * Decisions: which action to take next, learned from outcomes. The policy protocol (`ActionPolicy`) and its
 * built-ins are in policies.ts — a new policy implements it and registers in `policyByName`; the shared
 * contextual posterior in posterior.ts; features in features.ts; off-policy evaluation in evaluate.ts; the
 * next-best-action service (storage, outcome log, model registry, outcome inference) in next-action.service.ts.
 */
export * from './policies.js';
export * from './posterior.js';
export * from './features.js';
export * from './evaluate.js';
export * from './next-action.service.js';
export * from './correlated-posterior.js';
export * from './learner.js';
export * from './random-effects.js';
export * from './catalog-structure.js';
export * from './contact-preferences.js';
