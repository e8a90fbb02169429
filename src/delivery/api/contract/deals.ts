/** Deals beyond their records: stage history, the pipeline, lost reasons, the idle threshold, flags, the forecast. */
import { z } from 'zod';
import { CHANGE_SOURCES } from '../../../core/events.js';
import { ENTITIES, OPEN_STAGES } from '../../../core/entities.js';
import { recordSchemas } from '../../../core/record-schema.js';
import { DEAL_FLAGS } from '../../../crm/deal-flags.js';
import { dataList, envelope, nullableString } from './common.js';

export const stageChange = z.strictObject({
  seq: z.number().int(),
  deal_id: z.string(),
  from_stage: nullableString,
  to_stage: z.string(),
  at: z.string(),
  source: z.enum(CHANGE_SOURCES),
  actor: nullableString,
});
export const stageHistory = dataList(stageChange);

export const pipelineBody = z.strictObject({
  data: z.array(z.strictObject({ stage: z.string(), count: z.number(), amount: z.number(), open: z.boolean().describe('an open stage (closed_won and closed_lost are not)') })),
  /* ── close (issue 15): "pipeline" means open deals only; closed stages stay as rows but are not in it ── */
  open: z.strictObject({ count: z.number(), amount: z.number() }).describe('open deals only: the pipeline'),
});

export const lostReasons = envelope(z.strictObject({ reasons: z.array(z.string()).describe('in the order the app offers them') }));
export const idleThreshold = envelope(z.strictObject({ days: z.number().int() }));
export const currencySetting = envelope(z.strictObject({ currency: z.string().describe('ISO 4217 code, e.g. USD') }));

/** What `include=flags` adds to a deal (GET /api/deals) and what GET /api/deals/flagged answers each deal with. */
export const flagsFields = {
  flags: z.array(z.enum(DEAL_FLAGS)).describe('overdue: expected_close before today; idle: no activity or stage move for longer than the workspace\'s threshold (closed deals: none)'),
  last_touch_at: z.string().nullable().describe('the latest of creation, an activity on the deal and a stage move (null for closed deals)'),
};
/** A deal row of GET /api/deals: `include=flags` adds its flags and last touch. */
export const flaggableRow = <R extends z.ZodType>(row: R) => z.looseObject({ flags: flagsFields.flags.optional(), last_touch_at: flagsFields.last_touch_at.optional() }).and(row);
export const flaggedDeals = z.strictObject({
  data: z.array(z.looseObject(flagsFields).and(recordSchemas(ENTITIES.deal).output)),
  counts: z.strictObject({ overdue: z.number().int(), idle: z.number().int() }).describe('open deals with each flag (matching the filters)'),
  idle_days: z.number().int(),
});

const forecastLine = { count: z.number().int(), amount: z.number(), weighted: z.number().describe('sum of amount × win probability') };
export const forecastBody = envelope(
  z.strictObject({
    basis: z.enum(['score', 'stage']).describe('score: each deal\'s learned win probability; stage: the stage\'s default weight'),
    stages: z.array(z.strictObject({ stage: z.enum(OPEN_STAGES as [string, ...string[]]), probability: z.number().describe('the weight used (with scores: their amount-weighted mean)'), ...forecastLine })),
    months: z.array(z.strictObject({ month: z.string().nullable().describe('YYYY-MM of expected close; null: no expected close'), past: z.boolean().describe('a month already over (overdue deals)'), ...forecastLine })),
    total: z.strictObject(forecastLine),
    stage_probabilities: z.record(z.string(), z.number()).describe('the default weight of each open stage'),
  }),
);
