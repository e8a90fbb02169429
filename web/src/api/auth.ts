/**
 * Sign-in, sessions and the admin routes (users, API tokens, audit log, erasure): their shapes and typed calls,
 * as src/delivery/api/auth*.ts answers them.
 */

import type { z } from 'zod';
import { ROLES as ROLES_WEAKEST_FIRST, ROLE_LABELS } from '../../../src/core/access';
import { AUDIT_KINDS, AUDIT_SUBJECTS } from '../../../src/core/events';
import type * as Contract from '../../../src/delivery/api/contract';
import { request, type Params } from './http';

/** The server's answers, typed from the schemas it serializes them with (src/delivery/api/contract.ts). */
export type Session = z.infer<typeof Contract.sessionBody>;
export type WorkspaceUser = z.infer<typeof Contract.member>;
export type ApiToken = z.infer<typeof Contract.token>;
export type AuditEvent = z.infer<typeof Contract.recordEvent>;
export type Invitation = z.infer<typeof Contract.invitation>;
export type PendingInvitation = z.infer<typeof Contract.pendingInvitation>;
export type InvitationForMe = z.infer<typeof Contract.invitationForMe>;
export type AccountEvent = z.infer<typeof Contract.accountEvent>;
export type AuditPage = z.infer<typeof Contract.auditPage>;

export type Role = Session['role'];
/** `session`: signed in with the cookie; `token`: an API token; `off`: the server runs without sign-in (AUTH=off). */
export type AuthMode = Session['auth'];
export type TokenScope = ApiToken['scope'];

// Roles, their labels and the audit log's kinds are declared in src/core (plain data, bundled as it is).
/** Strongest first, as the screens list them. */
export const ROLES: readonly Role[] = [...ROLES_WEAKEST_FIRST].reverse();
export { AUDIT_KINDS, AUDIT_SUBJECTS, ROLE_LABELS };

const seg = encodeURIComponent;

/** `workspace`: the one to sign into (the last one used in this browser), when the person is a member. */
export const login = (email: string, password: string, workspace?: string | null) =>
  request<Session>('/api/auth/login', { method: 'POST', json: { email, password, ...(workspace ? { workspace } : {}) } });

/** Accept an invitation with its code: a new account chooses its password here, an existing one gives its own. */
export const redeemInvitation = (code: string, password: string, name?: string) =>
  request<Session>('/api/invitations/redeem', { method: 'POST', json: { code, password, ...(name ? { name } : {}) } });

export const currentSession = () => request<Session>('/api/auth/session');

export const logout = () => request<void>('/api/auth/logout', { method: 'POST' });

export const changePassword = (current_password: string, new_password: string, revoke_tokens: boolean) =>
  request<z.infer<typeof Contract.passwordChanged>>('/api/auth/password', { method: 'POST', json: { current_password, new_password, revoke_tokens } });

/** Ends every session of this person (this one too) and revokes all their API tokens. */
export const signOutEverywhere = () => request<z.infer<typeof Contract.signedOutEverywhere>>('/api/auth/sign-out-everywhere', { method: 'POST' });

export const mySignIns = async () => (await request<z.infer<typeof Contract.accountEventPage>>('/api/me/sign-ins')).data;

export const myInvitations = async () => (await request<z.infer<typeof Contract.invitationsForMe>>('/api/me/invitations')).data;

export const decideInvitation = (id: string, accept: boolean) =>
  request<z.infer<typeof Contract.invitationDecision>>(`/api/me/invitations/${seg(id)}/${accept ? 'accept' : 'decline'}`, { method: 'POST' });

export const listUsers = async () => (await request<z.infer<typeof Contract.memberList>>('/api/users')).data;

/** An invitation, the same whether or not the e-mail has an account; `code` is shown once, for the person. */
export const inviteUser = (body: { email: string; name?: string; role: Role }) => request<z.infer<typeof Contract.invitationCreated>>('/api/users', { method: 'POST', json: body });

export const pendingInvitations = async () => (await request<z.infer<typeof Contract.pendingInvitationList>>('/api/invitations')).data;

export const revokeInvitation = (id: string) => request<void>(`/api/invitations/${seg(id)}`, { method: 'DELETE' });

export const setUserRole = (id: string, role: Role) => request<z.infer<typeof Contract.memberEnvelope>>(`/api/users/${seg(id)}`, { method: 'PATCH', json: { role } });

export const removeUser = (id: string) => request<void>(`/api/users/${seg(id)}`, { method: 'DELETE' });

export const listTokens = async () => (await request<z.infer<typeof Contract.tokenList>>('/api/tokens')).data;

/** The token itself (`crm_…`) comes back once, in this answer only. */
export const createToken = (name: string, scope: TokenScope) => request<z.infer<typeof Contract.tokenCreated>>('/api/tokens', { method: 'POST', json: { name, scope } });

export const revokeToken = (id: string) => request<void>(`/api/tokens/${seg(id)}`, { method: 'DELETE' });

export const auditLog = (params: Params) => request<AuditPage>('/api/audit', { params });

/** GDPR erasure of a contact's personal data: counts of what was erased or detached. */
export const eraseContact = async (id: string) => (await request<z.infer<typeof Contract.erasureEnvelope>>(`/api/contacts/${seg(id)}/erase`, { method: 'POST' })).data;
