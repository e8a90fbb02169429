/** Sign-in, sessions, invitations, members, API tokens and the audit log. */
import { z } from 'zod';
import { TOKEN_SCOPES } from '../../../core/access.js';
import { ENTITY_ORDER } from '../../../core/entities.js';
import { ACCOUNT_EVENT_KINDS, AUDIT_KINDS, AUDIT_SUBJECTS } from '../../../core/events.js';
import { dataList, envelope, nullableString, role } from './common.js';

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

/** A page of entries, newest first: `next_before` fetches the next one. */
const newestFirst = <T extends z.ZodType>(entry: T) =>
  z.strictObject({ data: z.array(entry), next_before: z.number().int().nullable().describe('pass as before= for the next page') });

export const passwordChanged = z.strictObject({ tokens_revoked: z.number().int() });
export const signedOutEverywhere = z.strictObject({ sessions: z.number().int(), tokens: z.number().int() });
export const accountEventPage = newestFirst(accountEvent);
export const invitationsForMe = dataList(invitationForMe);
export const invitationDecision = z.strictObject({ workspace: z.strictObject({ id: z.string(), role }).nullable() });
export const memberList = dataList(member);
export const memberEnvelope = envelope(member);
export const invitationCreated = z.strictObject({ invitation, code: z.string().describe('give it to the person: it accepts the invitation (shown once)') });
export const pendingInvitationList = dataList(pendingInvitation);
export const tokenList = dataList(token);
export const tokenCreated = z.strictObject({ data: token, token: z.string().describe('the secret: shown in this answer only') });
export const auditPage = newestFirst(recordEvent);
