/**
 * Next-best action (issue 18): the workspace's outreach catalog, a contact's next action with how sure the model is
 * and why, outcomes of recommendations, and their list. Plain zod, no Node imports: the web app infers its types
 * from these (`z.infer<typeof nextAction>`).
 */
import { z } from 'zod';
import { nullableString } from './common.js';

/** The catalog a new workspace starts with. `wait` is an action too: doing nothing this time. */
export const DEFAULT_OUTREACH_ACTIONS = ['email', 'call', 'linkedin_message', 'meeting_invite', 'event_invite', 'case_study', 'wait'] as const;
export const RECOMMENDATION_OUTCOMES = ['responded', 'no_response'] as const;
/** Policies by name; `fixed:<action>` always recommends that action. */
export const POLICY_NAMES = ['thompson', 'greedy', 'epsilon-greedy', 'random'] as const;
export const FIXED_POLICY_PREFIX = 'fixed:';

/** An action key: lower-case letters, digits and underscores, starting with a letter (it is stored in the log). */
export const actionKey = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'an action key is 1–40 lower-case letters, digits or _, starting with a letter');
export const policyName = z
  .string()
  .max(60)
  .describe(`one of ${POLICY_NAMES.join(', ')} or fixed:<action>`);

const interval = z.tuple([z.number(), z.number()]).describe('95% credible interval of the response probability');

export const outreachAction = z.strictObject({ key: actionKey, label: z.string().min(1).max(80) });
/** GET /api/settings/outreach */
export const outreachSettings = z
  .strictObject({
    actions: z.array(outreachAction).describe('the catalog the next action is chosen from, in the order the app shows it'),
    responseWindowDays: z.number().int().describe('an activity from the contact within this many days after an acted-on recommendation records it as responded'),
    fatigueDays: z.number().int().describe('touches (recommendations, e-mails, calls, meetings) in this many days count as recent touches'),
    defaultPolicy: policyName.describe("the policy that answers when none is asked for: the rollout flag's, else thompson (a running experiment assigns per contact)"),
  })
  .meta({ id: 'OutreachSettings' });
/** PUT /api/settings/outreach: every field optional; keys unique; labels default to the key in words. */
export const outreachSettingsInput = z.strictObject({
  actions: z
    .array(z.union([actionKey, z.strictObject({ key: actionKey, label: z.string().trim().min(1).max(80).optional() })]))
    .min(2)
    .max(30)
    .optional()
    .describe('at least two actions, each key once'),
  responseWindowDays: z.number().int().min(1).max(365).optional(),
  fatigueDays: z.number().int().min(1).max(365).optional(),
  defaultPolicy: policyName.nullable().optional().describe('the rollout flag: null goes back to thompson'),
});

export const actionEstimate = z.strictObject({
  action: z.string(),
  expected: z.number().describe('posterior mean probability that the contact responds to this action'),
  interval,
  probabilityBest: z.number().describe('share of posterior draws in which this action is the best'),
});

/** GET /api/contacts/{id}/next-action */
export const nextAction = z
  .strictObject({
    recommendationId: z.string(),
    action: z.string(),
    policy: policyName,
    expected: z.number(),
    interval,
    probabilityBest: z.number(),
    propensity: z.number().describe('probability that the policy chose this action for this context (logged for off-policy evaluation)'),
    alternatives: z.array(actionEstimate).describe('the other actions, best expected first'),
    reasons: z.array(z.string()).describe('why, in words; says so when no action is clearly best'),
    modelVersion: z.number().int().describe('version of the posterior in the model registry (0 before any outcome)'),
    experiment: z.strictObject({ id: z.string(), variant: z.number().int() }).optional().describe('when a running experiment chose the policy'),
  })
  .meta({ id: 'NextAction' });

export const outcomeInput = z.strictObject({
  outcome: z.enum(RECOMMENDATION_OUTCOMES),
  at: z.iso.datetime({ offset: true }).optional().describe('when it happened; default now'),
});

/** A recommendation as listed: what was recommended, to whom, by which policy, and what came of it. */
export const recommendation = z
  .strictObject({
    id: z.string(),
    contact_id: z.string(),
    policy: z.string(),
    action: z.string(),
    propensity: z.number(),
    model_version: z.number().int(),
    model_version_pruned: z.boolean().describe('the posterior version that answered has since been pruned from the registry (the newest 8 are kept); the logged context and propensity, which off-policy evaluation reads, do not depend on it'),
    context: z.record(z.string(), z.unknown()).describe('the features as they were when it was recommended'),
    created_at: z.string(),
    acted_at: nullableString.describe('when someone acted on it (a task or activity made from it)'),
    outcome: z.enum(RECOMMENDATION_OUTCOMES).nullable(),
    outcome_at: nullableString,
    outcome_source: z.enum(['api', 'inferred']).nullable().describe('api: posted; inferred: an activity from the contact within the response window'),
  })
  .meta({ id: 'Recommendation' });
export const recommendationList = z.strictObject({
  data: z.array(recommendation).describe('oldest first'),
  next: nullableString.describe('pass as after= for the next page (null: no more)'),
});

/** POST /api/recommendations/{id}/act: turn it into a task (due later) or log it as done (an activity now). */
export const actInput = z.strictObject({
  as: z.enum(['task', 'done']),
  due_at: z.iso.datetime({ offset: true }).optional().describe('tasks: when it is due (default: tomorrow 09:00 UTC)'),
  subject: z.string().trim().min(1).max(1000).optional(),
});
export const actResult = z.strictObject({
  recommendation,
  activity_id: z.string().describe('the task or activity made from it; it carries custom.recommendation_id'),
});
