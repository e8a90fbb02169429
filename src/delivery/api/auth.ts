/**
 * Who is calling and what they may do, decided once per request before any route runs:
 * a bearer API token or the web app's session cookie → the caller; the workspace (the token's, or the
 * `X-Workspace-Id` the caller is a member of); the route's declared access (`config.access`, else reading for
 * GET and writing otherwise) against the caller's role and token scope; CSRF for cookie-authenticated writes.
 * Routes read the outcome through `workspaceOf(req)` and `writeOptions(req)` (workspace.ts).
 */
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CrmError, notFound } from '../../core/errors.js';
import type { Caller } from '../../crm/access/access.service.js';
import { accessProblem, defaultAccess, type Access } from '../../crm/access/roles.js';
import { DEFAULT_WORKSPACE, type Crm } from '../../crm/index.js';
import type { Role } from '../../storage/index.js';
import type { RouteHooks } from './route-hooks.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What a route needs (crm/access/roles.ts); unset: `read` for GET/HEAD, `write` otherwise. */
    access?: Access;
    /** Only from a signed-in browser, never with an API token (tokens and passwords: a leaked token mints nothing). */
    sessionOnly?: string;
  }
  interface FastifyRequest {
    /** Set for every `/api` route that is not public. */
    auth: RequestAuth | null;
  }
}

export interface RequestAuth {
  caller: Caller;
  workspaceId: string;
  role: Role;
}

export interface RateLimit {
  max: number;
  windowMs: number;
}

export interface AuthOptions {
  /** `off`: every request acts as the owner of the workspace it names (local single-user mode). */
  mode: 'on' | 'off';
  /** Requests per client address per window on `/api` (false: no limit). */
  apiRateLimit?: RateLimit | false;
  /** Sign-in attempts per client address per window. */
  loginRateLimit?: RateLimit;
}

export const SESSION_COOKIE = 'crm_session';
export const CSRF_HEADER = 'x-csrf-token';
export const DEFAULT_API_RATE_LIMIT: RateLimit = { max: 1200, windowMs: 60_000 };
export const DEFAULT_LOGIN_RATE_LIMIT: RateLimit = { max: 20, windowMs: 10 * 60_000 };

/** The caller in AUTH=off mode: not a stored user; writes carry no actor, as before users existed. */
const LOCAL_CALLER: Caller = {
  user: { id: 'local', email: 'local', name: 'Local user', created_at: '', password_changed_at: '', last_login_at: null },
  via: 'off',
  scope: 'session',
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/**
 * Whether a route is an API route, decided on its declared path (at registration), never on a request's raw URL:
 * the router decodes percent-encoding, so `/%61pi/auth/login` reaches the sign-in route while its raw URL does not
 * start with `/api/` (it once slipped past the sign-in limit that way).
 */
export function isApiPath(route: string | undefined): boolean {
  return route !== undefined && route.startsWith('/api/') && !route.startsWith('/api/docs');
}
/** `Bearer <token>` and nothing else (a trailing word once rode along unnoticed). */
const BEARER = /^bearer +(\S+)$/i;
function sameSecret(sent: string, expected: string): boolean {
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function installAuth(app: FastifyInstance, crm: Crm, opts: AuthOptions, hooks: RouteHooks): Promise<void> {
  // Cookies are read only where a caller is looked up by session (authenticate below), not parsed on every request.
  await app.register(fastifyCookie, { hook: false });
  const parseCookie = (header: string) => app.parseCookie(header);
  // Only API routes are limited, decided once per route on its declared path (as isApiPath decides everywhere):
  // every other route (health, web app, API docs) is registered with `rateLimit: false`, so the limiter adds no
  // hook to it. An `allowList` answered the same per request, reading `req.routeOptions` (a new 13-field object) on
  // every API request, and on every request to the other routes the limiter's async hook ran only to let it pass.
  // Added before the limiter's own onRoute hook, so it sees the setting.
  app.addHook('onRoute', (route) => {
    if (!isApiPath(route.url)) route.config = { ...route.config, rateLimit: false };
  });
  // Registered even without an API-wide limit: the sign-in route carries its own (loginRateLimit).
  const limit = opts.apiRateLimit || DEFAULT_API_RATE_LIMIT;
  await app.register(fastifyRateLimit, {
    global: opts.apiRateLimit !== false,
    max: limit.max,
    timeWindow: limit.windowMs,
    errorResponseBuilder: (_req, ctx) => new CrmError('rate_limited', `too many requests; try again in ${ctx.after}`),
  });
  app.decorateRequest('auth', null);

  // The caller check of every API route registered from now on (route-hooks.ts), with the route's declared access
  // read once. An API token whose look-ups the auth cache holds is settled without a promise (most requests of a
  // busy integration); anything else takes the async path, which gives the same answers (and the errors).
  hooks.auth = (route) => {
    const declared = route.config?.access;
    if (declared === 'public') return undefined;
    // Unset: by method (one route may answer several; then per request).
    const fixed = declared ?? (Array.isArray(route.method) ? undefined : defaultAccess(route.method));
    const sessionOnly = route.config?.sessionOnly;
    const problemOf = (req: FastifyRequest, auth: RequestAuth): CrmError | undefined => {
      const problem = accessProblem(fixed ?? defaultAccess(req.method), auth.role, auth.caller.scope);
      if (problem) return new CrmError('forbidden', problem);
      if (sessionOnly && auth.caller.via === 'token') return new CrmError('forbidden', `sign in to ${sessionOnly}; API tokens cannot`);
      return undefined;
    };
    return function checkCaller(req, reply, done) {
      const cached = opts.mode === 'off' ? undefined : cachedTokenAuth(crm, req);
      if (cached) {
        req.auth = cached;
        return done(problemOf(req, cached));
      }
      (opts.mode === 'off' ? localAuth(crm, req) : authenticate(crm, req, reply, parseCookie)).then((auth) => {
        req.auth = auth;
        done(problemOf(req, auth));
      }, done);
    };
  };

  if (opts.mode === 'off') {
    app.log.warn('AUTH=off: authentication is DISABLED; every request acts as the owner of its workspace. Use only on a private machine.');
  }
}

/** The sign-in route's own, stricter limit (per client address). */
export function loginRateLimit(opts: AuthOptions) {
  const limit = opts.loginRateLimit ?? DEFAULT_LOGIN_RATE_LIMIT;
  return { max: limit.max, timeWindow: limit.windowMs };
}

function requestedWorkspace(req: FastifyRequest): string | undefined {
  const header = req.headers['x-workspace-id'];
  return typeof header === 'string' && header !== '' ? header : undefined;
}

async function localAuth(crm: Crm, req: FastifyRequest): Promise<RequestAuth> {
  const ws = requestedWorkspace(req) ?? DEFAULT_WORKSPACE;
  if (ws !== DEFAULT_WORKSPACE && !(await crm.workspaces.get(ws))) throw notFound('workspace', ws);
  return { caller: LOCAL_CALLER, workspaceId: ws, role: 'owner' };
}

/**
 * An API token's caller from the auth cache alone (crm.access.cachedTokenAuth), or undefined: no token, a
 * malformed header, anything not cached and fresh, or another workspace named — `authenticate` then decides,
 * with the database and the error answers.
 */
function cachedTokenAuth(crm: Crm, req: FastifyRequest): RequestAuth | undefined {
  const authorization = req.headers.authorization;
  if (authorization === undefined) return undefined;
  const token = BEARER.exec(authorization.trim())?.[1];
  if (!token) return undefined;
  const hit = crm.access.cachedTokenAuth(token);
  if (!hit) return undefined;
  const requested = requestedWorkspace(req);
  if (requested && requested !== hit.workspace) return undefined;
  return { caller: hit.caller, workspaceId: hit.workspace, role: hit.membership.role };
}

async function authenticate(crm: Crm, req: FastifyRequest, reply: FastifyReply, parseCookie: (header: string) => Record<string, string | undefined>): Promise<RequestAuth> {
  const requested = requestedWorkspace(req);
  const authorization = req.headers.authorization;
  if (authorization !== undefined) {
    const token = BEARER.exec(authorization.trim())?.[1];
    if (!token) throw new CrmError('unauthorized', 'the Authorization header must be "Bearer <API token>"');
    const found = await crm.access.authenticateToken(token);
    if (!found) throw new CrmError('unauthorized', 'invalid or revoked API token');
    // A token belongs to one workspace; naming another one finds nothing.
    if (requested && requested !== found.workspace) throw notFound('workspace', requested);
    const m = await crm.access.membershipOf(found.caller.user.id, found.workspace);
    return { caller: found.caller, workspaceId: found.workspace, role: m.role };
  }

  const header = req.headers.cookie;
  const cookie = header ? parseCookie(header)[SESSION_COOKIE] : undefined;
  if (!cookie) throw new CrmError('unauthorized', 'sign in, or send an API token as "Authorization: Bearer <token>"');
  const caller = await crm.access.authenticateSession(cookie);
  if (!caller) {
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    throw new CrmError('unauthorized', 'your session has ended; sign in again');
  }
  // A cookie rides along on any request the browser makes, including ones another site triggers: writes must
  // also show the session's CSRF token, which only the app (same origin) can read.
  if (!SAFE_METHODS.has(req.method)) {
    const sent = req.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !sameSecret(sent, caller.session!.csrf_token)) throw new CrmError('forbidden', 'missing or wrong CSRF token');
  }
  // Without a header: the first workspace the member joined.
  const m = requested ? await crm.access.membershipOf(caller.user.id, requested) : (await crm.access.memberships(caller.user.id))[0];
  if (!m) throw new CrmError('forbidden', 'you are not a member of any workspace');
  return { caller, workspaceId: m.workspace_id, role: m.role };
}

/** Sets the session cookie: HTTP-only, SameSite=Lax, Secure when the request came over HTTPS. */
export function setSessionCookie(reply: FastifyReply, secret: string, expiresAt: string) {
  reply.setCookie(SESSION_COOKIE, secret, { path: '/', httpOnly: true, sameSite: 'lax', secure: 'auto', expires: new Date(expiresAt) });
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
