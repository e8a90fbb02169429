/** Sign-in, sessions, passwords, members and roles, API tokens and the audit log. */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CrmError } from '../../core/errors.js';
import type { Crm } from '../../crm/index.js';
import { ROLES, type Membership } from '../../storage/index.js';
import { clearSessionCookie, loginRateLimit, setSessionCookie, type AuthOptions, type RequestAuth } from './auth.js';
import * as R from './contract.js';
import { actorOf, authOf, workspaceOf } from './workspace.js';

const idParams = z.object({ id: z.string().min(1).max(128) });
const role = z.enum(ROLES);

/** What the web app needs to know about its caller (also the answer to a sign-in). */
async function sessionBody(crm: Crm, auth: RequestAuth, known?: readonly Pick<Membership, 'workspace_id' | 'role'>[]) {
  const { caller } = auth;
  const memberships = known ?? (caller.via === 'off' ? [{ workspace_id: auth.workspaceId, role: auth.role }] : await crm.access.memberships(caller.user.id));
  const workspaces = await Promise.all(
    memberships.map(async (m) => ({ id: m.workspace_id, name: (await crm.storage.workspaces.get(m.workspace_id))?.name ?? m.workspace_id, role: m.role })),
  );
  return {
    user: { id: caller.user.id, email: caller.user.email, name: caller.user.name },
    workspace: workspaces.find((w) => w.id === auth.workspaceId) ?? { id: auth.workspaceId, name: auth.workspaceId, role: auth.role },
    role: auth.role,
    csrf_token: caller.session?.csrf_token ?? null,
    workspaces,
    auth: caller.via,
  };
}

export const authRoutes = (crm: Crm, opts: AuthOptions): FastifyPluginAsync => async (app) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];

  api.post(
    '/api/auth/login',
    {
      config: { access: 'public', rateLimit: loginRateLimit(opts) },
      schema: { tags, summary: 'Sign in: sets the session cookie and returns the caller with the CSRF token for writes', body: z.strictObject({ email: z.string().min(1).max(320), password: z.string().min(1).max(1024) }),
        response: { 200: R.sessionBody },
      },
    },
    async (req, reply) => {
      if (opts.mode === 'off') throw new CrmError('validation', 'authentication is off on this server (AUTH=off): there is nothing to sign in to');
      const { secret, caller, memberships } = await crm.access.login(req.body.email, req.body.password, { ip: req.ip });
      const first = memberships[0]!;
      setSessionCookie(reply, secret, caller.session!.expires_at);
      return sessionBody(crm, { caller, workspaceId: first.workspace_id, role: first.role }, memberships);
    },
  );

  api.get('/api/auth/session', { config: { access: 'signed-in' }, schema: { tags, summary: 'The signed-in caller: user, workspace, role, CSRF token, workspaces', response: { 200: R.sessionBody } } }, async (req) =>
    sessionBody(crm, authOf(req)),
  );

  api.post('/api/auth/logout', { config: { access: 'signed-in' }, schema: { tags, summary: 'Sign out: ends the session and clears its cookie', response: { 204: R.noContent } } }, async (req, reply) => {
    await crm.access.logout(authOf(req).caller);
    clearSessionCookie(reply);
    return reply.code(204).send(null);
  });

  api.post(
    '/api/auth/password',
    {
      config: { access: 'signed-in', sessionOnly: 'change your password' },
      schema: { tags, summary: "Change one's password (other sessions end)", body: z.strictObject({ current_password: z.string().min(1).max(1024), new_password: z.string().max(1024) }),
        response: { 204: R.noContent },
      },
    },
    async (req, reply) => {
      await crm.access.changePassword(authOf(req).caller, req.body.current_password, req.body.new_password);
      return reply.code(204).send(null);
    },
  );

  // ── members ──
  const userTags = ['users'];
  api.get('/api/users', { config: { access: 'admin' }, schema: { tags: userTags, summary: 'Members of the workspace with their roles', response: { 200: z.strictObject({ data: z.array(R.member) }) } } }, async (req) => ({
    data: await crm.access.members(workspaceOf(req)),
  }));

  api.post(
    '/api/users',
    {
      config: { access: 'admin' },
      schema: {
        tags: userTags,
        summary: 'Add a person to the workspace: a new account (a generated password is returned once unless one is given) or an existing one by e-mail',
        body: z.strictObject({ email: z.string().min(3).max(320), name: z.string().max(200).nullish(), role, password: z.string().max(1024).optional() }),
        response: { 201: z.strictObject({ data: R.member, password: z.string().optional().describe('the generated password of a new account, shown once') }) },
      },
    },
    async (req, reply) => {
      const auth = authOf(req);
      const { user, password } = await crm.access.addUser(auth.workspaceId, req.body, { actor: actorOf(req), role: auth.role });
      return reply.code(201).send({ data: user, ...(password ? { password } : {}) });
    },
  );

  api.patch(
    '/api/users/:id',
    { config: { access: 'admin' }, schema: { tags: userTags, summary: "Change a member's role", params: idParams, body: z.strictObject({ role }), response: { 200: z.strictObject({ data: R.member }) } } },
    async (req) => {
      const auth = authOf(req);
      return { data: await crm.access.setRole(auth.workspaceId, req.params.id, req.body.role, { actor: actorOf(req), role: auth.role }) };
    },
  );

  api.delete('/api/users/:id', { config: { access: 'admin' }, schema: { tags: userTags, summary: 'Remove a member from the workspace (their tokens here are revoked)', params: idParams, response: { 204: R.noContent } } }, async (req, reply) => {
    const auth = authOf(req);
    await crm.access.removeUser(auth.workspaceId, req.params.id, { actor: actorOf(req), role: auth.role });
    return reply.code(204).send(null);
  });

  // ── API tokens ──
  const tokenTags = ['tokens'];
  api.get('/api/tokens', { schema: { tags: tokenTags, summary: "API tokens: one's own, or all of the workspace's for admins (never the secret)", response: { 200: z.strictObject({ data: z.array(R.token) }) } } }, async (req) => {
    const auth = authOf(req);
    const all = auth.role === 'admin' || auth.role === 'owner';
    return { data: await crm.access.listTokens(auth.workspaceId, all ? undefined : auth.caller.user.id) };
  });

  api.post(
    '/api/tokens',
    {
      config: { access: 'read', sessionOnly: 'create API tokens' },
      schema: {
        tags: tokenTags,
        summary: 'Create an API token for oneself: the token is in the answer once and never again',
        body: z.strictObject({ name: z.string().min(1).max(200), scope: z.enum(['read', 'read-write']).default('read') }),
        response: { 201: z.strictObject({ data: R.token, token: z.string().describe('the secret: shown in this answer only') }) },
      },
    },
    async (req, reply) => {
      const auth = authOf(req);
      const { token, record } = await crm.access.createToken(auth.workspaceId, auth.caller.user.id, req.body, actorOf(req));
      return reply.code(201).send({ data: { ...record, user_email: auth.caller.user.email }, token });
    },
  );

  api.delete('/api/tokens/:id', { config: { access: 'read', sessionOnly: 'revoke API tokens' }, schema: { tags: tokenTags, summary: 'Revoke an API token (own; admins: any of the workspace)', params: idParams, response: { 204: R.noContent } } }, async (req, reply) => {
    const auth = authOf(req);
    await crm.access.revokeToken(auth.workspaceId, req.params.id, { userId: auth.caller.user.id, role: auth.role, actor: actorOf(req) });
    return reply.code(204).send(null);
  });

  // ── audit log ──
  api.get(
    '/api/audit',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first: record changes (who, when, what changed) and sign-ins, tokens and members',
        querystring: z.object({
          actor: z.string().max(320).optional(),
          entity: z.string().max(40).optional(),
          record_id: z.string().max(128).optional(),
          kind: z.string().max(40).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          before: z.coerce.number().int().min(1).optional().describe('next_before of the previous page'),
        }),
        response: { 200: z.strictObject({ data: z.array(R.recordEvent), next_before: z.number().int().nullable().describe('pass as before= for the next page') }) },
      },
    },
    async (req) => {
      const q = req.query;
      const data = await crm.storage.events.audit(workspaceOf(req), { actor: q.actor, entity: q.entity, recordId: q.record_id, kind: q.kind, beforeSeq: q.before, limit: q.limit });
      return { data, next_before: data.length === q.limit ? data[data.length - 1]!.seq : null };
    },
  );
};
