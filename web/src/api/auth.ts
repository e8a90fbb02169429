/**
 * Sign-in, sessions and the admin routes (users, API tokens, audit log, erasure): their shapes and typed calls,
 * as src/delivery/api/auth*.ts answers them.
 */

import type { z } from 'zod';
import type { member, recordEvent, sessionBody, token } from '../../../src/delivery/api/contract';
import { request, type Params } from './http';

/** The server's answers, typed from the schemas it serializes them with (src/delivery/api/contract.ts). */
export type Session = z.infer<typeof sessionBody>;
export type WorkspaceUser = z.infer<typeof member>;
export type ApiToken = z.infer<typeof token>;
export type AuditEvent = z.infer<typeof recordEvent>;
export interface AuditPage {
  data: AuditEvent[];
  next_before: number | null;
}

export type Role = Session['role'];
/** `session`: signed in with the cookie; `token`: an API token; `off`: the server runs without sign-in (AUTH=off). */
export type AuthMode = Session['auth'];
export type TokenScope = ApiToken['scope'];

/** Strongest first, as the screens list them. */
export const ROLES: readonly Role[] = ['owner', 'admin', 'member', 'read-only'];
export const ROLE_LABELS: Record<Role, string> = { owner: 'Owner', admin: 'Admin', member: 'Member', 'read-only': 'Read-only' };

export const AUDIT_KINDS = [
  'created',
  'updated',
  'deleted',
  'stage_changed',
  'merged',
  'erased',
  'imported',
  'exported',
  'login',
  'login_failed',
  'logout',
  'password_changed',
  'token_created',
  'token_revoked',
  'user_added',
  'role_changed',
  'user_removed',
] as const;

const seg = encodeURIComponent;

export const login = (email: string, password: string) => request<Session>('/api/auth/login', { method: 'POST', json: { email, password } });

export const currentSession = () => request<Session>('/api/auth/session');

export const logout = () => request<void>('/api/auth/logout', { method: 'POST' });

export const changePassword = (current_password: string, new_password: string) => request<void>('/api/auth/password', { method: 'POST', json: { current_password, new_password } });

export const listUsers = async () => (await request<{ data: WorkspaceUser[] }>('/api/users')).data;

/** `password` comes back only when the server generated one: shown once. */
export const addUser = (body: { email: string; name?: string; role: Role; password?: string }) =>
  request<{ data: WorkspaceUser; password?: string }>('/api/users', { method: 'POST', json: body });

export const setUserRole = (id: string, role: Role) => request<unknown>(`/api/users/${seg(id)}`, { method: 'PATCH', json: { role } });

export const removeUser = (id: string) => request<void>(`/api/users/${seg(id)}`, { method: 'DELETE' });

export const listTokens = async () => (await request<{ data: ApiToken[] }>('/api/tokens')).data;

/** The token itself (`crm_…`) comes back once, in this answer only. */
export const createToken = (name: string, scope: TokenScope) => request<{ data: ApiToken; token: string }>('/api/tokens', { method: 'POST', json: { name, scope } });

export const revokeToken = (id: string) => request<void>(`/api/tokens/${seg(id)}`, { method: 'DELETE' });

export const auditLog = (params: Params) => request<AuditPage>('/api/audit', { params });

/** GDPR erasure of a contact's personal data: counts of what was erased or detached. */
export const eraseContact = async (id: string) => (await request<{ data: Record<string, unknown> }>(`/api/contacts/${seg(id)}/erase`, { method: 'POST' })).data;
