import type { FastifyRequest } from 'fastify';
import { CrmError } from '../../core/errors.js';
import type { WriteOptions } from '../../crm/records.service.js';
import type { RequestAuth } from './auth.js';

/** The caller of a request, as auth.ts established it before the route ran. */
export function authOf(req: FastifyRequest): RequestAuth {
  // Only a route declared `public` runs without it, and such a route has no business asking.
  if (!req.auth) throw new CrmError('unauthorized', 'sign in first');
  return req.auth;
}

/** The workspace a request acts in: the API token's, or the one the signed-in member named (X-Workspace-Id). */
export const workspaceOf = (req: FastifyRequest): string => authOf(req).workspaceId;

/** Who to name in the audit log for a request's writes (null in AUTH=off mode, as for imports by the system). */
export function actorOf(req: FastifyRequest): string | null {
  const { caller } = authOf(req);
  return caller.via === 'off' ? null : caller.user.email;
}

/** The signed-in member's user id: what `owner` holds for "my" records; null in AUTH=off mode (nobody signed in). */
export function meOf(req: FastifyRequest): string | null {
  const { caller } = authOf(req);
  return caller.via === 'off' ? null : caller.user.id;
}

export const writeOptions = (req: FastifyRequest): WriteOptions => ({ source: 'api', actor: actorOf(req) });
