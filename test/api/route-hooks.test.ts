/**
 * Per-route hooks (route-hooks.ts): each route carries only the hook steps it needs, fixed at registration, and
 * every answer still gets what the global hooks gave it — URL check first, security headers, no-store on the API,
 * HSTS over HTTPS, the caller check, the body check where a body is parsed, the request metrics (unmatched too).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../../src/delivery/api/app.js';
import { DEFAULT_WORKSPACE, type Crm } from '../../src/crm/index.js';
import { openTestCrm } from '../support/backends.js';

const METRICS_TOKEN = 'route-hooks-metrics-token-0123';

describe('hooks attached per route', () => {
  let app: FastifyInstance;
  let cleanup: () => Promise<void>;
  let token: string;
  let crmOf: () => Crm;
  beforeAll(async () => {
    const opened = await openTestCrm('sqlite');
    cleanup = opened.cleanup;
    const { crm } = opened.ctx;
    crmOf = () => crm;
    await crm.records.create(DEFAULT_WORKSPACE, 'contact', { id: 'ct_rh_1', first_name: 'Rhea' }, { source: 'api', actor: null });
    const { user } = await crm.access.addUser(DEFAULT_WORKSPACE, { email: 'hooks@example.test', role: 'owner', password: 'a long enough password' }, { actor: null });
    token = (await crm.access.createToken(DEFAULT_WORKSPACE, user.id, { name: 'hooks', scope: 'read' }, null)).token;
    app = await createApp({ crm, auth: { mode: 'on', apiRateLimit: false }, trustProxy: true, webDistDir: '/nonexistent-web-dist', metrics: { token: METRICS_TOKEN } });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await cleanup();
  });

  /** The hook lines printed under a route (Fastify's printRoutes). */
  const hooksOf = (path: string) => {
    const lines = app.printRoutes({ includeHooks: true, commonPrefix: false }).split('\n');
    const at = lines.findIndex((l) => l.trimStart().replace(/^[│├└─ ]+/, '').startsWith(path));
    expect(at).toBeGreaterThanOrEqual(0);
    const block: string[] = [];
    for (const l of lines.slice(at + 1)) {
      const hook = /• (\(\w+\) .*)$/.exec(l);
      if (!hook) break;
      block.push(hook[1]!);
    }
    return block;
  };

  it('a read route has one onRequest step, no body check, no cookie parsing, one metrics step', () => {
    expect(hooksOf('/api/pipeline (GET')).toEqual(['(onRequest) ["routeOnRequest()"]', '(onSend) ["fastifyCookieOnSendHandler()"]', '(onResponse) ["countRequest()"]']);
    // A route that takes a body keeps the NUL check of the parsed body.
    expect(hooksOf('/api/import (POST)')).toContain('(preValidation) ["nulBodyCheck()"]');
  });

  it('answers carry the same headers and refusals as before', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const ok = await app.inject({ method: 'GET', url: '/api/contacts/ct_rh_1', headers: auth });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['cache-control']).toBe('no-store');
    expect(ok.headers['x-content-type-options']).toBe('nosniff');
    expect(ok.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(ok.headers['strict-transport-security']).toBeUndefined();

    // Over HTTPS (behind a proxy that says so): HSTS; /health is not an API route, so no no-store.
    const health = await app.inject({ method: 'GET', url: '/health', headers: { 'x-forwarded-proto': 'https' } });
    expect(health.headers['strict-transport-security']).toMatch(/max-age=/);
    expect(health.headers['cache-control']).toBeUndefined();
    expect(health.headers['x-frame-options']).toBe('DENY');

    // The caller check with the route's declared access: a read-only token cannot write; none at all is a 401.
    expect((await app.inject({ method: 'DELETE', url: '/api/contacts/ct_rh_1', headers: auth })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/contacts/ct_rh_1' })).statusCode).toBe(401);
    // A session-only route refuses an API token even when its role would do.
    const sessionOnly = await app.inject({ method: 'GET', url: '/api/me/sign-ins', headers: auth });
    expect(sessionOnly.statusCode).toBe(403);
    expect(sessionOnly.json().message).toMatch(/API tokens cannot/);

    // NUL in the URL: a 400 before the caller is asked (no token sent), on a route and where no route matches.
    for (const url of ['/api/contacts/a%00b', '/api/no-such-thing%00']) {
      const nul = await app.inject({ method: 'GET', url });
      expect(nul.statusCode).toBe(400);
      expect(nul.json().message).toMatch(/NUL/);
    }

    // No route: the 404 body with the security headers (not an API answer: no no-store).
    const missing = await app.inject({ method: 'GET', url: '/api/no-such-thing', headers: auth });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['x-content-type-options']).toBe('nosniff');
  });

  it('get-by-id on SQLite answers from the synchronous read, with the same body as the asynchronous one', async () => {
    const crm = crmOf();
    const now = crm.records.getNow(DEFAULT_WORKSPACE, 'contact', 'ct_rh_1');
    expect(now).toEqual(await crm.records.get(DEFAULT_WORKSPACE, 'contact', 'ct_rh_1'));
    expect(crm.records.getNow(DEFAULT_WORKSPACE, 'contact', 'ct_missing')).toBeUndefined();
    const res = await app.inject({ method: 'GET', url: '/api/contacts/ct_rh_1', headers: { authorization: `Bearer ${token}` } });
    expect(res.json()).toEqual(JSON.parse(JSON.stringify({ data: now })));
    // Missing: the asynchronous path's 404 body.
    const missing = await app.inject({ method: 'GET', url: '/api/contacts/ct_missing', headers: { authorization: `Bearer ${token}` } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: 'not_found' });
  });

  it('metrics count each route by its path and unmatched requests as one route', async () => {
    await app.inject({ method: 'GET', url: '/api/no-such-route' });
    await app.inject({ method: 'GET', url: '/health/live' });
    const text = (await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).body;
    expect(text).toMatch(/crm_http_requests_total\{method="GET",route="unmatched",status="404"\} [1-9]/);
    expect(text).toMatch(/crm_http_requests_total\{method="GET",route="\/health\/live",status="200"\} 1/);
    expect(text).toMatch(/crm_http_requests_total\{method="GET",route="\/api\/contacts\/:id",status="200"\} [1-9]/);
  });
});

describe('an API route registered before the caller check', () => {
  it('is refused at registration (fail closed), while pages and the API docs may come first', async () => {
    const { default: Fastify } = await import('fastify');
    const { RouteHooks } = await import('../../src/delivery/api/route-hooks.js');
    const app = Fastify();
    new RouteHooks({}).install(app);
    app.get('/api/docs/extra', async () => 'docs');
    app.get('/page', async () => 'page');
    expect(() => app.get('/api/contacts-too-early', async () => 'anyone')).toThrow(/before the caller check/);
    await app.close();
  });
});
