import type { FastifyRequest } from 'fastify';
import { CrmError } from '../../core/errors.js';
import { DEFAULT_WORKSPACE, type Crm } from '../../crm/index.js';

/**
 * The workspace of a request: the `X-Workspace-Id` header, else the default workspace. Authentication (the
 * security issue) will bind it to the caller's token; every service call already takes it as an argument.
 */
export async function workspaceOf(crm: Crm, req: FastifyRequest): Promise<string> {
  const header = req.headers['x-workspace-id'];
  const ws = typeof header === 'string' && header !== '' ? header : DEFAULT_WORKSPACE;
  if (ws === DEFAULT_WORKSPACE) return ws;
  if (!(await crm.storage.workspaces.get(ws))) throw new CrmError('not_found', `workspace ${ws} not found`);
  return ws;
}
