/**
 * `GET /health` (health.ts): liveness with a database check that runs at most once per window, shared by the calls
 * in it and by calls made while it runs; an unreachable database is answered with a 503 once the window has passed,
 * and its return as quickly. `/health/ready` still checks on every call.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../../src/delivery/api/app.js';
import { RecentCheck } from '../../src/delivery/api/health.js';
import type { Crm } from '../../src/crm/index.js';
import { openTestCrm } from '../support/backends.js';

const WINDOW_MS = 80;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('GET /health', () => {
  let app: FastifyInstance;
  let crm: Crm;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const opened = await openTestCrm('sqlite');
    cleanup = opened.cleanup;
    crm = opened.ctx.crm;
    app = await createApp({ crm, auth: { mode: 'on', apiRateLimit: false }, webDistDir: '/nonexistent-web-dist', healthCheckMs: WINDOW_MS });
    await app.ready();
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await app.close();
    await cleanup();
  });

  const health = () => app.inject({ method: 'GET', url: '/health' });

  it('checks the database once per window, whatever the number of calls, and reports it unreachable or back within one', async () => {
    await wait(WINDOW_MS + 20);
    const checks = vi.spyOn(crm.storage, 'health');
    // Concurrent calls while the first check runs share it; calls after it, in the window, reuse its outcome.
    const first = await Promise.all(Array.from({ length: 20 }, health));
    for (let i = 0; i < 20; i++) first.push(await health());
    expect(first.map((r) => r.statusCode)).toEqual(Array(40).fill(200));
    expect(first[0]!.json()).toEqual({ status: 'ok', database: 'sqlite' });
    expect(first[0]!.headers['x-content-type-options']).toBe('nosniff');
    expect(checks).toHaveBeenCalledTimes(1);

    // The database goes away: after the window, 503 with why (and that outcome is kept for a window too).
    checks.mockRejectedValue(new Error('database is gone'));
    await wait(WINDOW_MS + 20);
    const down = await Promise.all(Array.from({ length: 5 }, health));
    expect(down.map((r) => r.statusCode)).toEqual(Array(5).fill(503));
    expect(down[0]!.json()).toEqual({ status: 'unavailable', database: 'sqlite', message: 'database is gone' });
    expect(checks).toHaveBeenCalledTimes(2);

    // Back: within a window, ok again.
    checks.mockRestore();
    await wait(WINDOW_MS + 20);
    expect((await health()).statusCode).toBe(200);
  });

  it('readiness still checks the database on every call', async () => {
    const checks = vi.spyOn(crm.storage, 'health');
    for (let i = 0; i < 3; i++) expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    expect(checks).toHaveBeenCalledTimes(3);
    checks.mockRestore();
  });
});

describe('RecentCheck', () => {
  it('runs the check once per window and shares a running one', async () => {
    let now = 0;
    let calls = 0;
    let release!: () => void;
    const check = new RecentCheck(() => { calls++; return new Promise<void>((r) => (release = r)); }, 1000, () => now);
    expect(check.latest()).toBeUndefined();
    const a = check.run();
    const b = check.run();
    expect(calls).toBe(1);
    release();
    expect(await a).toEqual({ ok: true });
    expect(await b).toEqual({ ok: true });
    now = 999;
    expect(check.latest()).toEqual({ ok: true });
    now = 1000;
    expect(check.latest()).toBeUndefined();
    const c = check.run();
    expect(calls).toBe(2);
    release();
    await c;
  });
});
