/**
 * The API's answers as zod schemas: the contract between the server and its clients. Plain data with no Node or
 * Fastify imports, so the web app derives its types from the same declarations (`import type` + `z.infer`).
 * The routes declare these in `schema.response` (responses.ts puts them into the OpenAPI document); every answer
 * is serialized through them, so one that does not match is a 500, which the fuzz suite would catch. Objects
 * whose keys are fixed are strict; those carrying open-ended data are loose and document the keys always there.
 */
import { z } from 'zod';
import { RESPONSE_ERROR_CODES } from '../../core/errors.js';
import { ROLES, TOKEN_SCOPES } from '../../core/access.js';
import { ENTITY_ORDER, LIST_PLURALS, SCORE_TARGETS } from '../../core/entities.js';
import { ACCOUNT_EVENT_KINDS, AUDIT_KINDS, AUDIT_SUBJECTS, CHANGE_SOURCES, OUTCOME_KINDS } from '../../core/events.js';

const nullableString = z.string().nullable();
/** One of the declared objects. */
export const entityName = z.enum(ENTITY_ORDER);
/** What a score is for: a deal's win probability or a contact's lead score (core/entities.ts `score`). */
export const scoreTarget = z.enum(SCORE_TARGETS);
const role = z.enum(ROLES);

/** The body of every 4xx and 5xx answer (errors.ts). */
export const errorBody = z
  .strictObject({
    error: z.enum(RESPONSE_ERROR_CODES).describe('machine-readable code; the set is closed (core/errors.ts)'),
    message: z.string(),
    details: z.array(z.strictObject({ field: z.string().optional(), message: z.string() })).optional().describe('one entry per problem, naming the field when there is one'),
    merged_into: z.string().optional().describe('on a 404 for a record that was merged: the id of the record it was merged into'),
  })
  .meta({ id: 'Error', description: 'An error' });

/** 204: nothing in the body. */
export const noContent = z.null().describe('No content');

// ── auth, members, tokens, audit ──

// Accounts (issue 14): invitations, the account's own sign-in history, the sign-in notice.
export const signInNotice = z.strictObject({ failed_sign_ins: z.number().int(), since: z.string() });
const invitationStatus = z.enum(['pending', 'accepted', 'declined', 'revoked']);
export const invitation = z
  .strictObject({
    id: z.string(),
    email: z.string(),
    role,
    status: invitationStatus,
    expires_at: z.string(),
  })
  .meta({ id: 'Invitation', description: 'An invitation to join a workspace; the same whether or not the e-mail has an account' });
export const pendingInvitation = invitation.extend({ name: nullableString, created_at: z.string(), created_by: nullableString }).meta({ id: 'PendingInvitation' });
export const invitationForMe = z
  .strictObject({
    id: z.string(),
    workspace: z.strictObject({ id: z.string(), name: z.string() }),
    role,
    invited_by: nullableString,
    expires_at: z.string(),
  })
  .meta({ id: 'InvitationForMe' });
export const accountEvent = z
  .strictObject({
    seq: z.number().int(),
    kind: z.enum(ACCOUNT_EVENT_KINDS),
    at: z.string(),
    ip: nullableString,
    workspace_id: nullableString.describe('the workspace signed into'),
    workspace_name: nullableString,
    detail: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AccountEvent', description: "An entry of one's own security history" });

export const sessionBody = z.strictObject({
  user: z.strictObject({ id: z.string(), email: z.string(), name: nullableString }),
  workspace: z.strictObject({ id: z.string(), name: z.string(), role }),
  role,
  csrf_token: nullableString.describe('send as X-CSRF-Token on writes made with the session cookie'),
  workspaces: z.array(z.strictObject({ id: z.string(), name: z.string(), role })),
  auth: z.enum(['session', 'token', 'off']).describe('how the caller is authenticated'),
  security_notice: signInNotice.nullable().optional().describe('failed sign-in attempts on the account since its previous sign-in'),
});

export const member = z
  .strictObject({
    id: z.string(),
    email: z.string(),
    name: nullableString,
    role,
    joined_at: z.string().describe('when they joined this workspace'),
    last_login_at: nullableString.describe('their newest sign-in into this workspace (nothing about other workspaces)'),
  })
  .meta({ id: 'Member' });

export const token = z
  .strictObject({
    id: z.string(),
    workspace_id: z.string(),
    user_id: z.string(),
    user_email: nullableString,
    name: z.string(),
    scope: z.enum(TOKEN_SCOPES),
    prefix: z.string().describe('the first characters of the token, to recognise it'),
    created_at: z.string(),
    last_used_at: nullableString,
    revoked_at: nullableString,
  })
  .meta({ id: 'ApiToken' });

/** One entry of the audit log or a record's history. */
export const recordEvent = z
  .strictObject({
    seq: z.number().int(),
    entity: z.string().describe(`${[...ENTITY_ORDER, ...AUDIT_SUBJECTS].join(', ')} (setting: a workspace setting changed, record_id is its key, e.g. deals.lost_reasons)`),
    record_id: z.string(),
    kind: z.string().describe(`${AUDIT_KINDS.join(', ')} (login: a sign-in into this workspace)`),
    at: z.string(),
    actor: nullableString,
    data: z.record(z.string(), z.unknown()).describe('what changed (old and new value per field), or what the access event was about'),
  })
  .meta({ id: 'AuditEntry' });

// ── records ──

export const duplicateCandidate = z.strictObject({ id: z.string(), name: z.string(), reasons: z.array(z.string()) });
export const duplicatePair = z.strictObject({ a: z.string(), b: z.string(), a_name: z.string(), b_name: z.string(), reasons: z.array(z.string()) });

export const stageChange = z.strictObject({
  seq: z.number().int(),
  deal_id: z.string(),
  from_stage: nullableString,
  to_stage: z.string(),
  at: z.string(),
  source: z.enum(CHANGE_SOURCES),
  actor: nullableString,
});

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

export const pipelineBody = z.strictObject({
  data: z.array(z.strictObject({ stage: z.string(), count: z.number(), amount: z.number(), open: z.boolean().describe('an open stage (closed_won and closed_lost are not)') })),
  /* ── close (issue 15): "pipeline" means open deals only; closed stages stay as rows but are not in it ── */
  open: z.strictObject({ count: z.number(), amount: z.number() }).describe('open deals only: the pipeline'),
});

export const erasureReport = z.strictObject({
  contact: z.string(),
  activities_redacted: z.number().int(),
  deals_unlinked: z.number().int(),
  events_redacted: z.number().int(),
  outcomes_deleted: z.number().int(),
  memory_entries_dropped: z.number().int(),
});

export const importReport = z.strictObject({
  files: z.array(
    z.strictObject({
      file: z.string(),
      entity: entityName,
      rows: z.number().int(),
      inserted: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      skipped: z.number().int(),
      errors: z.array(z.strictObject({ file: z.string(), line: z.number().int(), id: z.string().optional(), field: z.string().optional(), message: z.string() })),
      more_errors: z.number().int(),
      rolled_back: z.boolean(),
      duplicates: z.number().int(),
      seconds: z.number(),
      companies_linked: z.number().int().optional().describe('with a company column (names or domains): rows linked to existing companies'),
      companies_created: z.number().int().optional().describe('with a company column: companies created for names or domains not found'),
    }),
  ),
  not_imported: z.array(z.string()),
  ok: z.boolean(),
});

export const savedView = z
  .strictObject({ id: z.string(), name: z.string(), object: z.enum(LIST_PLURALS), query: z.string(), created_at: z.string() })
  .meta({ id: 'SavedView' });

// ── scoring ──

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
  targets: z.array(z.strictObject({ target, default: strategyName, models: z.array(modelInfo) })),
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

// ── semantic memory and queries ──

export const similarBody = z.strictObject({ results: z.array(z.strictObject({ id: z.string(), score: z.number(), reasons: z.array(z.string()) })) });

export const searchBody = z.strictObject({
  results: z.array(z.strictObject({ id: z.string(), score: z.number(), vector_score: z.number().nullable(), text_score: z.number().nullable() })),
  interpretation: z.strictObject({ topic: z.string(), industry: nullableString, role: nullableString, explanation: z.string() }),
});

export const queryBody = z.strictObject({
  intent: z.enum(['filter', 'top', 'aggregate', 'semantic', 'similar']),
  entity: entityName,
  interpretation: z.strictObject({
    filters: z.array(z.strictObject({ field: z.string(), op: z.string(), value: z.unknown(), label: z.string() })),
    sort: z.strictObject({ field: z.string(), direction: z.enum(['asc', 'desc']) }).nullable(),
    limit: z.number().int().nullable(),
    aggregate: z.strictObject({ fn: z.string(), field: nullableString, groupBy: nullableString }).nullable(),
    semantic: z.strictObject({ topic: z.string(), fallback: z.boolean() }).nullable(),
    similar: z.strictObject({ seed: z.string(), id: nullableString, name: nullableString }).nullable(),
    unparsed: z.array(z.string()),
    notes: z.array(z.string()),
    explanation: z.string(),
  }),
  total: z.number().int(),
  results: z.array(z.looseObject({ id: z.string(), score: z.number(), reasons: z.array(z.string()).optional() }).describe('the record\'s fields, its relevance score and why it matched')),
  value: z.number().nullable().optional(),
  groups: z.array(z.strictObject({ key: z.unknown(), label: z.string(), value: z.number().nullable(), count: z.number().int() })).optional(),
});

export const graphBody = z.strictObject({
  root: z.string(),
  nodes: z.array(z.strictObject({ id: z.string(), entity: entityName, label: z.string(), depth: z.number().int() })),
  edges: z.array(z.strictObject({ from: z.string(), to: z.string(), type: z.string() })),
  truncated: z.boolean(),
});

export const healthBody = z.strictObject({
  status: z.enum(['ok', 'unavailable']),
  database: z.enum(['sqlite', 'postgres']),
  message: z.string().optional().describe('why the database is unavailable'),
});

// ── import jobs (POST /api/import answers 202 with one; GET /api/import/jobs/{id} reports it) ──

export const importJob = z
  .strictObject({
    id: z.string(),
    status: z.enum(['queued', 'running', 'succeeded', 'failed']).describe('succeeded: every file imported; failed: see report (row errors) or error'),
    created_by: z.string().nullable().describe('who uploaded it (null: the system or AUTH=off)'),
    created_at: z.string(),
    started_at: z.string().nullable(),
    finished_at: z.string().nullable(),
    skip_invalid: z.boolean(),
    files: z.array(
      z.strictObject({
        file: z.string(),
        entity: entityName,
        phase: z.enum(['waiting', 'validating', 'writing', 'done']).describe('validating: parsing, checking and staging rows; writing: the final transaction that makes them visible'),
        bytes_total: z.number().int(),
        bytes_done: z.number().int(),
        rows_done: z.number().int(),
      }),
    ),
    report: importReport.nullable().describe('once the job ran: the same report the import gives (ok, per-file counts, row errors with file and line)'),
    error: z.string().nullable().describe('why the job failed without a report (an unexpected error, the server stopping)'),
  })
  .meta({ id: 'ImportJob' });

export const importJobAccepted = z.strictObject({ job: importJob });
export const importJobList = z.strictObject({ data: z.array(importJob) });

// ── follow-up (issue 15): the home screen and the member directory ──

/** A member as everyone in the workspace sees them (owner pickers, owner names in lists): no role, no history. */
export const memberBrief = z.strictObject({ id: z.string(), name: nullableString, email: z.string() }).meta({ id: 'MemberBrief' });
export const memberDirectory = z.strictObject({ data: z.array(memberBrief) });
/** An activity or deal on the home screen, with the names of its related records. */
const homeItem = z
  .looseObject({
    id: z.string(),
    contact_name: nullableString.optional(),
    company_name: nullableString.optional(),
    deal_name: nullableString.optional(),
  })
  .describe('the record as GET /api/{objects}/{id} gives it, plus contact_name, company_name, deal_name');
export const homeBody = z
  .strictObject({
    me: nullableString.describe('the signed-in member whose tasks and deals these are; null without sign-in (AUTH=off): everyone\'s'),
    day_start: z.string().describe('start of the caller\'s today, as used'),
    tasks: z.strictObject({
      overdue: z.array(homeItem).describe('open tasks due before now'),
      today: z.array(homeItem).describe('open tasks due from now to the end of today'),
      this_week: z.array(homeItem).describe('open tasks due in the six days after today'),
    }),
    deals: z.strictObject({
      overdue: z.array(homeItem).describe('open deals whose expected close is before today'),
      closing_soon: z.array(homeItem).describe('open deals expected to close within 14 days'),
    }),
    recent: z.array(homeItem).describe('the workspace\'s ten latest activities (tasks left out), newest first'),
  })
  .meta({ id: 'Home' });
