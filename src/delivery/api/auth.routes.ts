/** Sign-in, sessions, passwords, members and roles, API tokens and the audit log. */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CrmError } from '../../core/errors.js';
import { ThrottledError, type SignInNotice } from '../../crm/access/access.service.js';
import type { Crm } from '../../crm/index.js';
import { TOKEN_SCOPES } from '../../core/access.js';
import type { Membership } from '../../storage/index.js';
import type { FastifyReply } from 'fastify';
import { clearSessionCookie, loginRateLimit, setSessionCookie, type AuthOptions, type RequestAuth } from './auth.js';
import * as R from './contract.js';
import { actorOf, authOf, workspaceOf } from './workspace.js';

const idParams = z.object({ id: z.string().min(1).max(128) });
const { role } = R;

/** What the web app needs to know about its caller (also the answer to a sign-in). */
async function sessionBody(crm: Crm, auth: RequestAuth, known?: readonly Pick<Membership, 'workspace_id' | 'role'>[], notice?: SignInNotice | null) {
  const { caller } = auth;
  const memberships = known ?? (caller.via === 'off' ? [{ workspace_id: auth.workspaceId, role: auth.role }] : await crm.access.memberships(caller.user.id));
  const workspaces = await Promise.all(
    memberships.map(async (m) => ({ id: m.workspace_id, name: await crm.workspaces.nameOf(m.workspace_id), role: m.role })),
  );
  return {
    user: { id: caller.user.id, email: caller.user.email, name: caller.user.name },
    workspace: workspaces.find((w) => w.id === auth.workspaceId) ?? { id: auth.workspaceId, name: auth.workspaceId, role: auth.role },
    role: auth.role,
    csrf_token: caller.session?.csrf_token ?? null,
    workspaces,
    auth: caller.via,
    security_notice: notice !== undefined ? notice : await crm.access.signInNotice(caller),
  };
}

/** A throttled sign-in says when to come back (Retry-After), as the rate limiter's own 429s do. */
async function withRetryAfter<T>(reply: FastifyReply, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ThrottledError) reply.header('retry-after', String(e.retryAfterSeconds));
    throw e;
  }
}

export const authRoutes = (crm: Crm, opts: AuthOptions): FastifyPluginAsync => async (app) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];

  api.post(
    '/api/auth/login',
    {
      config: { access: 'public', rateLimit: loginRateLimit(opts) },
      schema: {
        tags,
        summary: 'Sign in: sets the session cookie and returns the caller with the CSRF token for writes. Repeated failures from one address for one account are throttled (429 with Retry-After)',
        body: z.strictObject({
          email: z.string().min(1).max(320),
          password: z.string().min(1).max(1024),
          workspace: z.string().max(128).optional().describe('the workspace to sign into (when a member); else the first one joined'),
        }),
        response: { 200: R.sessionBody },
      },
    },
    async (req, reply) => {
      if (opts.mode === 'off') throw new CrmError('validation', 'authentication is off on this server (AUTH=off): there is nothing to sign in to');
      const { secret, caller, memberships, workspace, notice } = await withRetryAfter(reply, () => crm.access.login(req.body.email, req.body.password, { ip: req.ip, workspace: req.body.workspace }));
      setSessionCookie(reply, secret, caller.session!.expires_at);
      return sessionBody(crm, { caller, workspaceId: workspace.workspace_id, role: workspace.role }, memberships, notice);
    },
  );

  api.post(
    '/api/invitations/redeem',
    {
      config: { access: 'public', rateLimit: loginRateLimit(opts) },
      schema: {
        tags,
        summary: "Accept an invitation with its code and sign in: a new account's password is chosen here; an existing account gives its own",
        body: z.strictObject({ code: z.string().min(1).max(200), password: z.string().min(1).max(1024), name: z.string().max(200).nullish() }),
        response: { 200: R.sessionBody },
      },
    },
    async (req, reply) => {
      if (opts.mode === 'off') throw new CrmError('validation', 'authentication is off on this server (AUTH=off): there is nothing to sign in to');
      const { secret, caller, memberships, workspace, notice } = await withRetryAfter(reply, () => crm.access.redeemInvitation(req.body.code, req.body.password, { ip: req.ip, name: req.body.name }));
      setSessionCookie(reply, secret, caller.session!.expires_at);
      return sessionBody(crm, { caller, workspaceId: workspace.workspace_id, role: workspace.role }, memberships, notice);
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
      schema: {
        tags,
        summary: "Change one's password (other sessions end; with revoke_tokens, every API token of one's own too)",
        body: z.strictObject({
          current_password: z.string().min(1).max(1024),
          new_password: z.string().max(1024),
          revoke_tokens: z.boolean().default(false).describe("also revoke all of one's API tokens, in every workspace"),
        }),
        response: { 200: R.passwordChanged },
      },
    },
    async (req) => crm.access.changePassword(authOf(req).caller, req.body.current_password, req.body.new_password, { revokeTokens: req.body.revoke_tokens }),
  );

  api.post(
    '/api/auth/sign-out-everywhere',
    {
      config: { access: 'signed-in', sessionOnly: 'sign out everywhere' },
      schema: { tags, summary: "End every session of one's own (this one too) and revoke every API token of one's own", response: { 200: R.signedOutEverywhere } },
    },
    async (req, reply) => {
      const ended = await crm.access.signOutEverywhere(authOf(req).caller);
      clearSessionCookie(reply);
      return ended;
    },
  );

  // ── one's own account ──
  const meTags = ['me'];
  api.get(
    '/api/me/sign-ins',
    {
      config: { access: 'signed-in', sessionOnly: 'read your sign-in history' },
      schema: {
        tags: meTags,
        summary: "One's own security history, newest first: sign-ins (address, workspace), failed and throttled attempts, sign-outs, password changes",
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), before: z.coerce.number().int().min(1).optional() }),
        response: { 200: R.accountEventPage },
      },
    },
    async (req) => {
      const data = await crm.access.securityHistory(authOf(req).caller.user.id, { limit: req.query.limit, beforeSeq: req.query.before });
      return { data, next_before: data.length === req.query.limit ? data[data.length - 1]!.seq : null };
    },
  );

  api.get(
    '/api/me/invitations',
    { config: { access: 'signed-in', sessionOnly: 'see your invitations' }, schema: { tags: meTags, summary: 'Pending invitations to join workspaces, sent to my e-mail', response: { 200: R.invitationsForMe } } },
    async (req) => ({ data: await crm.access.invitationsFor(authOf(req).caller) }),
  );

  for (const [action, accept] of [
    ['accept', true],
    ['decline', false],
  ] as const) {
    api.post(
      `/api/me/invitations/:id/${action}`,
      {
        config: { access: 'signed-in', sessionOnly: `${action} invitations` },
        schema: {
          tags: meTags,
          summary: accept ? 'Accept an invitation: join its workspace with its role' : 'Decline an invitation',
          params: idParams,
          response: { 200: R.invitationDecision },
        },
      },
      async (req) => {
        const m = await crm.access.decideInvitation(authOf(req).caller, req.params.id, accept);
        return { workspace: m ? { id: m.workspace_id, role: m.role } : null };
      },
    );
  }

  // ── members ──
  const userTags = ['users'];
  api.get('/api/users', { config: { access: 'admin' }, schema: { tags: userTags, summary: 'Members of the workspace with their roles', response: { 200: R.memberList } } }, async (req) => ({
    data: await crm.access.members(workspaceOf(req)),
  }));

  api.post(
    '/api/users',
    {
      config: { access: 'admin' },
      schema: {
        tags: userTags,
        summary:
          'Invite a person (by e-mail) to the workspace with a role. The answer is the same whether or not the e-mail has an account: they join when they accept, signed in or with the code (which lets someone new choose a password)',
        body: z.strictObject({ email: z.string().min(3).max(320), name: z.string().max(200).nullish(), role }),
        response: { 201: R.invitationCreated },
      },
    },
    async (req, reply) => {
      const auth = authOf(req);
      const { invitation, code } = await crm.access.invite(auth.workspaceId, req.body, { actor: actorOf(req), role: auth.role });
      const { id, email, role: r, status, expires_at } = invitation;
      return reply.code(201).send({ invitation: { id, email, role: r, status, expires_at }, code });
    },
  );

  api.get(
    '/api/invitations',
    { config: { access: 'admin' }, schema: { tags: userTags, summary: 'Pending invitations of the workspace', response: { 200: R.pendingInvitationList } } },
    async (req) => ({
      data: (await crm.access.pendingInvitations(workspaceOf(req))).map(({ workspace_id: _w, decided_at: _d, ...i }) => i),
    }),
  );

  api.delete('/api/invitations/:id', { config: { access: 'admin' }, schema: { tags: userTags, summary: 'Revoke a pending invitation', params: idParams, response: { 204: R.noContent } } }, async (req, reply) => {
    const auth = authOf(req);
    await crm.access.revokeInvitation(auth.workspaceId, req.params.id, { actor: actorOf(req), role: auth.role });
    return reply.code(204).send(null);
  });

  api.patch(
    '/api/users/:id',
    { config: { access: 'admin' }, schema: { tags: userTags, summary: "Change a member's role", params: idParams, body: z.strictObject({ role }), response: { 200: R.memberEnvelope } } },
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
  api.get('/api/tokens', { schema: { tags: tokenTags, summary: "API tokens: one's own, or all of the workspace's for admins (never the secret)", response: { 200: R.tokenList } } }, async (req) => {
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
        body: z.strictObject({ name: z.string().min(1).max(200), scope: z.enum(TOKEN_SCOPES).default('read') }),
        response: { 201: R.tokenCreated },
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
        response: { 200: R.auditPage },
      },
    },
    async (req) => {
      const q = req.query;
      return crm.audit.list(workspaceOf(req), { actor: q.actor, entity: q.entity, recordId: q.record_id, kind: q.kind, beforeSeq: q.before, limit: q.limit });
    },
  );
};
