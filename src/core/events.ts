/**
 * What the system writes down, as plain data: the kinds of entries in a workspace's audit log, in an account's own
 * security history and in the reflection buffer (outcomes), and where a stage change came from. Storage keeps
 * them, the API documents them and the web app filters by them.
 */
import type { EntityName } from './entities.js';

/** Changes to CRM records (entity: a declared object; `imported`: entity import, one entry per file). */
export const RECORD_EVENT_KINDS = ['created', 'updated', 'deleted', 'stage_changed', 'merged', 'erased', 'imported', 'exported'] as const;
export type RecordEventKind = (typeof RECORD_EVENT_KINDS)[number];

/** What a workspace's audit log says besides record changes: sign-ins, passwords, tokens, memberships, invitations. */
export const ACCESS_EVENT_KINDS = [
  'login',
  'login_failed',
  'logout',
  'password_changed',
  'token_created',
  'token_revoked',
  'user_added',
  'role_changed',
  'user_removed',
  'invitation_created',
  'invitation_revoked',
  'invitation_accepted',
  'invitation_declined',
] as const;
export type AccessEventKind = (typeof ACCESS_EVENT_KINDS)[number];

/** The kinds a workspace's audit log holds, in the order the audit screen offers them. */
export const AUDIT_KINDS = [
  ...RECORD_EVENT_KINDS,
  ...ACCESS_EVENT_KINDS.filter((k) => k !== 'login_failed' && k !== 'logout' && k !== 'password_changed'),
] as const satisfies readonly (RecordEventKind | AccessEventKind)[];

/**
 * What an audit entry is about besides the declared objects: a member (user), an API token, an invitation, an
 * import (one entry per file) or a workspace setting (record_id is its key, e.g. deals.lost_reasons).
 */
export const AUDIT_SUBJECTS = ['user', 'token', 'invitation', 'import', 'setting'] as const;
export type AuditEntity = EntityName | (typeof AUDIT_SUBJECTS)[number];

/** What happens to an account, in its own history (not any workspace's audit log). */
export const ACCOUNT_EVENT_KINDS = [
  'login',
  'login_failed',
  'login_throttled',
  'failures_burst',
  'logout',
  'password_changed',
  'signed_out_everywhere',
  'invitation_accepted',
  'invitation_declined',
] as const;
export type AccountEventKind = (typeof ACCOUNT_EVENT_KINDS)[number];

/** Entries of the reflection buffer: what the learners learn from. */
/** What scoring learns from (retraining counts only these). */
export const SCORING_OUTCOME_KINDS = ['deal_won', 'deal_lost', 'stage_changed', 'lead_converted', 'lead_disqualified'] as const;
/** Next-best action (issue 18): a recommendation made, and what came of it, each with its context and propensity. */
export const OUTCOME_KINDS = [...SCORING_OUTCOME_KINDS, 'action_recommended', 'action_outcome'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

/** Where a stage change (and an outcome) came from. */
export const CHANGE_SOURCES = ['api', 'import', 'cli', 'merge', 'system'] as const;
export type ChangeSource = (typeof CHANGE_SOURCES)[number];
