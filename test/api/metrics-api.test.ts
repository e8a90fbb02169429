/**
 * Operations endpoints over real HTTP on both databases: /metrics in Prometheus text (requests per route, queue
 * depths, embedding batches, model AUC per workspace), who may read it, and liveness/readiness.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE } from '../../src/crm/index.js';
import type { Readiness } from '../../src/delivery/api/metrics.js';
import { describeEachBackend } from '../support/backends.js';
import { serveForTest, serveSample, type TestServer } from '../support/serve.js';
import type { Intelligence } from '../../src/intelligence/index.js';

const text = (base: string, path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers }).then(async (r) => ({ status: r.status, type: r.headers.get('content-type'), body: await r.text() }));

/** The value of one sample line `name{labels} value` whose labels include all of `labels`. */
function sample(body: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of body.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describeEachBackend('operations endpoints', (ctx) => {
  let server: TestServer & { intelligence: Intelligence };
  beforeAll(async () => {
    server = await serveSample(ctx().crm);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('counts requests per declared route and status, with latency', async () => {
    const { body: list } = await server.call('GET', '/api/contacts?limit=1');
    const id = (list as { data: { id: string }[] }).data[0]!.id;
    for (let i = 0; i < 3; i++) expect((await server.call('GET', `/api/contacts/${id}`)).status).toBe(200);
    expect((await server.call('GET', '/api/contacts/no-such-contact')).status).toBe(404);
    const m = await text(server.base, '/metrics');
    expect(m.status).toBe(200);
    expect(m.type).toContain('text/plain');
    expect(sample(m.body, 'crm_http_requests_total', { method: 'GET', route: '/api/contacts/:id', status: '200' })).toBe(3);
    expect(sample(m.body, 'crm_http_requests_total', { method: 'GET', route: '/api/contacts/:id', status: '404' })).toBe(1);
    expect(sample(m.body, 'crm_http_request_duration_seconds_count', { method: 'GET', route: '/api/contacts/:id' })).toBe(4);
    // Process figures come with prom-client's defaults.
    expect(m.body).toContain('process_cpu_user_seconds_total');
  });

  it('reports queue depths and the embedding batches', async () => {
    // A new record queues its embedding (the suite's intelligence has no background worker).
    expect((await server.call('POST', '/api/contacts', { first_name: 'Queued', last_name: 'For Embedding', email: 'queued@example.com' })).status).toBe(201);
    const before = await text(server.base, '/metrics');
    expect(sample(before.body, 'crm_queue_jobs', { queue: 'embed', state: 'ready' })).toBeGreaterThan(0);
    await server.intelligence.worker.drain();
    const after = await text(server.base, '/metrics');
    expect(sample(after.body, 'crm_queue_jobs', { queue: 'embed', state: 'ready' })).toBe(0);
    expect(sample(after.body, 'crm_embedding_batch_duration_seconds_count')).toBeGreaterThan(0);
    expect(sample(after.body, 'crm_embedding_texts_total')).toBeGreaterThan(0);
  });

  it("reports each workspace's model AUC once models are trained", async () => {
    await server.intelligence.scoring.train(DEFAULT_WORKSPACE);
    const m = await text(server.base, '/metrics');
    const status = await server.intelligence.scoring.status(DEFAULT_WORKSPACE);
    const trained = status.targets.flatMap((t) => t.models.map((model) => ({ target: t.target, strategy: model.strategy, auc: (model as { evaluation?: { auc?: number } | null }).evaluation?.auc })));
    const withAuc = trained.filter((t) => typeof t.auc === 'number');
    expect(withAuc.length).toBeGreaterThan(0);
    for (const t of withAuc) expect(sample(m.body, 'crm_model_auc', { workspace: DEFAULT_WORKSPACE, target: t.target, strategy: t.strategy })).toBeCloseTo(t.auc!, 6);
    expect(sample(m.body, 'crm_workspaces')).toBeGreaterThanOrEqual(1);
  });

  it('liveness answers without the database; readiness checks it and its migrations', async () => {
    expect(await text(server.base, '/health/live')).toMatchObject({ status: 200 });
    const ready = await text(server.base, '/health/ready');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({ status: 'ok', database: ctx().dialect });
  });
});

describeEachBackend('who may read /metrics', (ctx) => {
  const readiness: Readiness = { draining: false };
  let withToken: TestServer;
  let behindProxy: TestServer;
  beforeAll(async () => {
    withToken = await serveForTest({ crm: ctx().crm, metrics: { token: 'a-long-metrics-token-0123' }, readiness });
    behindProxy = await serveForTest({ crm: ctx().crm, trustProxy: true, metrics: { behindProxy: true } });
  });
  afterAll(async () => {
    await withToken?.close();
    await behindProxy?.close();
  });

  it('with a token configured, only that bearer token opens it', async () => {
    expect((await text(withToken.base, '/metrics')).status).toBe(401);
    expect((await text(withToken.base, '/metrics', { authorization: 'Bearer wrong-token-of-the-same-len' })).status).toBe(401);
    // An API token is not a metrics token.
    expect((await text(withToken.base, '/metrics', { authorization: `Bearer ${withToken.token}` })).status).toBe(401);
    const ok = await text(withToken.base, '/metrics', { authorization: 'Bearer a-long-metrics-token-0123' });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('crm_http_requests_total');
  });

  it('behind a proxy without a token it is refused even from this machine', async () => {
    const r = await text(behindProxy.base, '/metrics', { 'x-forwarded-for': '127.0.0.1' });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toMatchObject({ error: 'forbidden' });
  });

  it('readiness turns 503 while draining, liveness stays up', async () => {
    readiness.draining = true;
    try {
      const r = await text(withToken.base, '/health/ready');
      expect(r.status).toBe(503);
      expect(JSON.parse(r.body)).toMatchObject({ status: 'unavailable', problems: ['shutting down'] });
      expect((await text(withToken.base, '/health/live')).status).toBe(200);
    } finally {
      readiness.draining = false;
    }
  });
});

describe('readiness and the schema', () => {
  it('names migrations the database has not applied', async () => {
    const { openStorage } = await import('../../src/storage/connect.js');
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-ready-'));
    const storage = await openStorage({ dataDir: dir });
    try {
      const pending = await storage.pendingMigrations();
      expect(pending).toContain('0001-core');
      await storage.migrate();
      expect(await storage.pendingMigrations()).toEqual([]);
    } finally {
      await storage.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
