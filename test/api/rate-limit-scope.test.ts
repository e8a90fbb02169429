/**
 * Which routes the API rate limit covers (auth.ts): every API route by its declared path, and nothing else —
 * health checks, the web app, the API docs and unmatched paths are never limited and do not spend a caller's API
 * allowance. Decided once per route at registration (the non-API routes are registered with `rateLimit: false`),
 * where an allow-list once asked on every request.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../support/backends.js';
import { serveForTest, type TestServer } from '../support/serve.js';

describeEachBackend('the API rate limit covers API routes only', (ctx) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await serveForTest({ crm: ctx().crm, auth: { mode: 'on', apiRateLimit: { max: 3, windowMs: 60_000 }, loginRateLimit: { max: 2, windowMs: 60_000 } } });
  });
  afterAll(async () => {
    await server.close();
  });

  const OTHER_ROUTES = ['/health', '/health/live', '/health/ready', '/api/docs/json', '/', '/contacts/ct_1', '/no/such/page.txt'];

  it('other routes neither count nor are refused, before or after the API allowance is spent', async () => {
    // More requests to the other routes than the API allowance: none refused, none carries the limiter's headers.
    for (let round = 0; round < 2; round++) {
      for (const url of OTHER_ROUTES) {
        const res = await fetch(`${server.base}${url}`);
        expect(res.status, url).not.toBe(429);
        expect(res.headers.get('x-ratelimit-limit'), url).toBeNull();
      }
    }
    // The API allowance is untouched by them: three answers, then a refusal (a percent-encoded /api too).
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await server.fetch('/api/companies?limit=1'));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.map((a) => a.headers.get('x-ratelimit-remaining'))).toEqual(['2', '1', '0']);
    expect(answers[0]!.headers.get('x-ratelimit-limit')).toBe('3');
    const refused = await server.fetch('/%61pi/contacts?limit=1');
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: 'rate_limited' });
    expect(refused.headers.get('retry-after')).toBeTruthy();
    // An API path no route matched is a 404, not limited (it was not before either: no route, no limit).
    expect((await server.fetch('/api/no-such-thing')).status).toBe(404);
    for (const url of OTHER_ROUTES) expect((await fetch(`${server.base}${url}`)).status, url).not.toBe(429);
  });

  it('the sign-in route keeps its own, stricter limit', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await server.anonymous('POST', '/%61pi/auth/login', { email: 'nobody@limit.example', password: 'not the password' })).status);
    expect(statuses).toEqual([401, 401, 429]);
  });
});
