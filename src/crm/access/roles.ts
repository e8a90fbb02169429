/**
 * What each role may do. Every API route declares the access it needs (delivery/api/auth.ts reads it); a request is
 * allowed when the caller's role reaches that level and, for API tokens, the token's scope does too.
 *
 *   read-only  reads records, timelines, scores, searches and queries
 *   member     + creates, edits, deletes, merges and imports records; saved views; own API tokens
 *   admin      + users and roles, audit log, GDPR erasure, model training and rollout, experiments
 *   owner      + grants and removes the owner role
 */
import { ROLES, type Role, type TokenScope } from '../../core/access.js';

/** `public`: no sign-in (login itself); `signed-in`: any caller, whatever the role (own session, own password). */
export type Access = 'public' | 'signed-in' | 'read' | 'write' | 'admin' | 'owner';

const LEVEL: Record<Exclude<Access, 'public' | 'signed-in'>, Role> = { read: 'read-only', write: 'member', admin: 'admin', owner: 'owner' };

export const roleRank = (role: Role): number => ROLES.indexOf(role);
export const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);

/** Why the caller may not, or undefined when they may. */
export function accessProblem(access: Access, role: Role, scope: TokenScope | 'session'): string | undefined {
  if (access === 'public' || access === 'signed-in') return undefined;
  const needed = LEVEL[access];
  if (roleRank(role) < roleRank(needed)) return `this needs the ${needed} role or higher; yours is ${role}`;
  if (scope === 'read' && access !== 'read') return 'this API token is read-only';
  return undefined;
}

/** The access a route needs when it does not say: reading for GET and HEAD, writing otherwise. */
export const defaultAccess = (method: string): Access => (method === 'GET' || method === 'HEAD' ? 'read' : 'write');
