/** Scores, models, evaluations, experiments and the outcomes the learners learn from. */
import { z } from 'zod';
import { OUTCOME_KINDS } from '../../../core/events.js';
import { dataList, nullableString, scoreTarget } from './common.js';

export const outcome = z
  .strictObject({
    seq: z.number().int(),
    kind: z.enum(OUTCOME_KINDS),
    entity: z.string(),
    record_id: z.string(),
    at: z.string(),
    source: z.string(),
    actor: nullableString,
    detail: z.record(z.string(), z.unknown()),
    context: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'Outcome' });
/** A page of outcomes, oldest first: `next` fetches the next one. */
export const outcomePage = z.strictObject({ entries: z.array(outcome), next: z.number().int().nullable().describe('pass as after= for the next page') });

const interval = z.tuple([z.number(), z.number()]);
const strategyName = z.string();
const scoreFields = {
  id: z.string(),
  target: scoreTarget,
  probability: z.number(),
  strategy: strategyName,
  modelVersion: z.number().int().describe('0 for the hand-set baseline'),
  interval,
  experiment: z.strictObject({ id: z.string(), variant: z.number().int() }).optional(),
  factors: z.array(z.strictObject({ feature: z.string(), effect: z.number(), key: z.string() })),
  notes: z.array(z.string()),
};
export const dealScore = z.strictObject(scoreFields);
export const leadScore = z.strictObject({
  ...scoreFields,
  score: z.number().int(),
  tier: z.enum(['hot', 'warm', 'cold']),
  confident: z.boolean(),
  reasons: z.strictObject({ positive: z.array(z.string()), negative: z.array(z.string()) }),
});
/** A score as lists show it (`?include=score`). */
export const briefScore = z.strictObject({
  probability: z.number(),
  interval,
  strategy: strategyName,
  score: z.number().int().optional(),
  tier: z.enum(['hot', 'warm', 'cold']).optional(),
  confident: z.boolean().optional(),
});

/** What an open record's funnel position (deal stage, lead status) does to a learned model's scores. */
export const funnelEvidence = z.strictObject({
  field: z.string(),
  counts: z.record(z.string(), z.number().int()),
  rates: z.record(z.string(), z.number()),
  shifts: z.record(z.string(), z.number()),
  separation: z.number(),
});

const target = scoreTarget;
const stageRate = z.strictObject({
  stage: z.string(),
  records: z.number().int().describe('newer closed deals in the stage at their evaluation moment'),
  observed: z.number().describe('share of them won'),
  predicted: z.number().describe("the strategy's mean score for them there"),
  // Stored by versions trained before these were reported: optional.
  reached: z.number().int().optional().describe('newer closed deals that passed through the stage (each once)'),
  conversion: z.number().optional().describe('share of them won: the stage conversion'),
});
const stageEvidence = z.enum(['history', 'funnel estimate', 'none']).describe("how scores know an open record's stage: learned from recorded stage history, the funnel estimate for workspaces without history, or neither");
const backtestScore = z.strictObject({ strategy: strategyName, auc: z.number(), brier: z.number() });
const pipelineBacktest = z.strictObject({
  points: z.array(z.strictObject({ asOf: z.string(), trained: z.number().int(), open: z.number().int(), won: z.number().int(), strategies: z.array(backtestScore) })),
  pooled: z.array(backtestScore),
});
const reliabilityBin = z.strictObject({ lo: z.number(), hi: z.number(), count: z.number().int(), meanPredicted: z.number(), observedRate: z.number() });

/** One strategy judged on newer outcomes. */
export const strategyReport = z.strictObject({
  strategy: strategyName,
  auc: z.number(),
  brier: z.number(),
  logLoss: z.number(),
  ece: z.number().describe('expected calibration error'),
  reliability: z.array(reliabilityBin),
  trainSeconds: z.number().optional(),
  funnel: funnelEvidence.nullable().optional(),
  stages: z.array(stageRate).optional().describe("per stage of the newer closed deals (recorded history only): the share that was won and the strategy's mean score while they were there"),
});

export const evaluation = z.strictObject({
  target,
  outcomes: z.number().int(),
  won: z.number().int(),
  lost: z.number().int(),
  train: z.number().int(),
  test: z.number().int(),
  splitAt: nullableString,
  strategies: z.array(strategyReport),
  learningCurve: z.array(z.strictObject({ outcomes: z.number().int(), auc: z.record(z.string(), z.number()), brier: z.record(z.string(), z.number()) })),
  best: strategyName,
  stageEvidence,
  backtest: pipelineBacktest.optional().describe('scores of deals open at earlier moments, by models trained on what was known then, judged on how they ended'),
  warnings: z.array(z.string()),
});

export const trainResult = z.strictObject({
  trained: z.array(z.strictObject({ target, strategy: z.string(), version: z.number().int() })),
  seconds: z.number(),
  evaluations: z.array(evaluation),
});

/** A current model with what its training stored: its evaluation, the target's best strategy and warnings then. */
const modelInfo = z.looseObject({
  strategy: strategyName,
  version: z.number().int(),
  trained_at: z.string(),
  // As stored with the version: a version stored by an older release may carry other keys.
  evaluation: strategyReport.loose().nullable().optional(),
  best: strategyName.optional(),
  warnings: z.array(z.string()).optional(),
  won: z.number().int().optional(),
  lost: z.number().int().optional(),
  throughSeq: z.number().int().nullable().optional(),
});

export const modelsStatus = z.strictObject({
  targets: z.array(
    z.strictObject({
      target,
      default: strategyName,
      models: z.array(modelInfo),
      // A nullable enum lists null among its values (OpenAPI 3.0 reads `nullable` as no more than the enum allows).
      stage_evidence: stageEvidence.nullable().meta({ description: 'as of the last training (null before one)', enum: [...stageEvidence.options, null] }),
      baseline: strategyReport.loose().nullable().describe('the hand-set weighted baseline judged on the same newer outcomes at the last training (null before one)'),
      quality: z
        .strictObject({ strategy: strategyName, reliability: z.array(reliabilityBin), stages: z.array(stageRate) })
        .nullable()
        .describe("the default strategy's reliability on newer outcomes and its per-stage win rates beside the observed ones (null while it is the hand-set baseline or untrained)"),
    }),
  ),
  versions: z.array(z.looseObject({ strategy: z.string(), version: z.number().int(), trained_at: z.string(), active: z.unknown() })),
  retrain: z.strictObject({ due: z.boolean(), reason: z.string(), newOutcomes: z.number().int(), throughSeq: z.number().int() }),
});

const variant = z.strictObject({ strategy: strategyName, share: z.number() });
const experimentFields = {
  id: z.string(),
  name: z.string(),
  target: scoreTarget,
  variants: z.array(variant),
  status: z.enum(['running', 'stopped']),
  started_at: z.string(),
  stopped_at: nullableString,
};
export const experiment = z.strictObject(experimentFields).meta({ id: 'Experiment' });
const comparison = z.strictObject({ difference: z.number(), interval, p: z.number() }).nullable();
export const experimentResults = z.strictObject({
  ...experimentFields,
  variants: z.array(
    z.strictObject({
      strategy: strategyName,
      share: z.number(),
      outcomes: z.number().int(),
      won: z.number().int(),
      winRate: z.number().nullable(),
      winRateInterval: interval.nullable(),
      meanPredicted: z.number().nullable(),
      brier: z.number().nullable(),
      logLoss: z.number().nullable(),
    }),
  ),
  comparison: z.strictObject({ winRate: comparison, brier: comparison }).nullable().describe('the second variant against the first (the control)'),
  verdict: z.string(),
});
export const experimentList = dataList(experiment);
export const rollbackResult = z.strictObject({ target: z.string(), strategy: z.string(), version: z.number().int().nullable().describe('the version now current; null when none is left') });
export const rolloutResult = z.strictObject({ target: z.string(), default: z.string().describe('the strategy that now scores the workspace') });
