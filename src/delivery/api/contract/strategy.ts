/**
 * Deal strategy (issue 19): the catalog settings, a deal's next action as of a moment, training reports and the
 * policy versions. Plain zod, no Node imports: the web app infers its types from these.
 */
import { z } from 'zod';

export const STRATEGY_POLICY_NAMES = ['ppo', 'thompson', 'playbook', 'random'] as const;
const actionKey = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'an action key is 1–40 lower-case letters, digits or _, starting with a letter');

export const strategyAction = z.strictObject({ key: actionKey, label: z.string().min(1).max(80), cost: z.number().min(0).max(100) });
/** GET /api/settings/deal-strategy */
export const strategySettings = z
  .strictObject({
    actions: z.array(strategyAction).describe('one action per deal per week, each with its effort cost; wait costs 0'),
    budget: z.number().describe('effort units per deal'),
    amountWeight: z.number().describe('0: every won deal is worth 1; 1: worth its amount relative to the median amount'),
    discountRate: z.number().describe('the share of the amount the discount action takes off'),
  })
  .meta({ id: 'DealStrategySettings' });
/** PUT /api/settings/deal-strategy: every field optional. */
export const strategySettingsInput = z.strictObject({
  actions: z
    .array(z.strictObject({ key: actionKey, label: z.string().trim().min(1).max(80).optional(), cost: z.number().min(0).max(100) }))
    .min(2)
    .max(30)
    .optional()
    .describe('the catalog; must include wait (cost 0); a trained PPO policy answers only for the catalog it was trained on'),
  budget: z.number().min(0).max(1000).optional(),
  amountWeight: z.number().min(0).max(1).optional(),
  discountRate: z.number().min(0).max(0.9).optional(),
});

export const nextActionQuery = z.strictObject({
  policy: z.string().max(40).optional().describe(`one of ${STRATEGY_POLICY_NAMES.join(', ')} (default ppo; the playbook answers until ppo is trained)`),
  asOf: z.string().max(40).optional().describe('ISO date-time: every feature as of this moment (no look-ahead); default now'),
  explore: z.enum(['true', 'false']).optional().describe('true: sample from the policy; false (default): its best action'),
});

/** GET /api/deals/{id}/next-action */
export const dealNextAction = z
  .strictObject({
    recommendationId: z.string().describe('pass as recommendation_id when logging the activity that acts on it'),
    action: z.string(),
    policy: z.enum(STRATEGY_POLICY_NAMES),
    actionProbabilities: z.record(z.string(), z.number()).describe("the policy's probability of each catalog action (0 for those over the budget)"),
    value: z.number().describe("ppo: the critic's expected return; thompson: the chance this week moves the deal forward; else 0"),
    budgetLeft: z.number(),
    reasons: z.array(z.string()),
    modelVersion: z.number().int().describe('registry version of the PPO policy that answered (0: none)'),
  })
  .meta({ id: 'DealNextAction' });

/** GET /api/deals/next-actions?ids=… */
export const dealPreviewQuery = z.strictObject({
  ids: z
    .string()
    .min(1)
    .max(4000)
    .describe('comma-separated deal ids, at most 100; unknown and closed deals are left out of the answer'),
});
export const dealPreviews = z
  .strictObject({
    data: z.array(
      z.strictObject({
        deal_id: z.string(),
        action: z.string(),
        label: z.string(),
        reason: z.string().describe('what in the deal bears on the choice, else the policy\'s own reason'),
        policy: z.enum(STRATEGY_POLICY_NAMES),
        model_version: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'DealNextActionPreviews' });

const closeRates = z.looseObject({ ppo: z.number(), ppoWorldModelOnly: z.number().nullable(), behaviourCloned: z.number(), playbook: z.number(), thompson: z.number(), random: z.number() });
const evaluation = z.looseObject({ inModel: z.string(), episodes: z.number().int(), closeRate: closeRates }).describe('close rates inside the learned world model');

/** POST /api/policies/{policy}/train: optional; the defaults are what the judge's 60 s allow. */
export const trainInput = z.strictObject({
  seed: z.number().int().min(0).max(2 ** 31).optional(),
  ppoSteps: z.number().int().min(256).max(500_000).optional().describe('PPO environment steps of the corrected-model stage (default 20,480; the history-only stage does half); the call stops any phase still running at its 50 s safety cap and names it in cappedByClock'),
});

/** POST /api/policies/{policy}/train */
export const trainReport = z
  .looseObject({
    episodesUsed: z.looseObject({ history: z.number().int(), logged: z.number().int(), loggedClosed: z.number().int(), steps: z.number().int(), ppoEpisodes: z.number().int() }),
    returns: z.looseObject({ worldModelOnly: z.array(z.number().nullable()), corrected: z.array(z.number().nullable()) }),
    losses: z.looseObject({}).describe('world model (history only, corrected), behaviour cloning, PPO'),
    evaluation,
    contributions: z.array(z.string()),
    seconds: z.number(),
    modelVersion: z.number().int(),
  })
  .meta({ id: 'DealPolicyTrainReport' });

export const policyVersion = z.strictObject({
  policy: z.string(),
  version: z.number().int(),
  active: z.boolean(),
  current: z.boolean(),
  trained_at: z.string(),
  evaluation: evaluation.nullable(),
  seconds: z.number().nullable(),
});
/** GET /api/policies */
export const policyList = z.strictObject({
  policies: z.array(z.strictObject({ name: z.enum(STRATEGY_POLICY_NAMES), trained: z.boolean(), description: z.string() })),
  versions: z.array(policyVersion).describe('trained versions, newest first'),
});
export const policyRollback = z.strictObject({ policy: z.string(), version: z.number().int().nullable().describe('the version now current; null when none is left') });
