/**
 * Saved views of the list screens over real HTTP on SQLite and PostgreSQL: saved per workspace in its settings,
 * listed by object, replaced by name, deleted by id, with 400 and 404 answers in the app's error shape.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../support/backends.js';
import type { Json } from '../support/http.js';
import { serveForTest, type Call, type TestServer } from '../support/serve.js';


describeEachBackend('saved views over HTTP', (ctx) => {
  let server: TestServer;
  const call: Call = (...a) => server.call(...a);

  beforeAll(async () => {
    const { crm } = ctx();
    await crm.storage.workspaces.ensure({ id: 'ws_views', name: 'Views', created_at: '2026-11-01T12:00:00Z' });
    server = await serveForTest({ crm });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('saves, lists by object, replaces by name and deletes views', async () => {
    expect(await call('GET', '/api/views?object=deals')).toEqual({ status: 200, body: { data: [] } });

    const created = await call('POST', '/api/views', { name: 'Big proposals', object: 'deals', query: '?stage=proposal&amount%5Bgte%5D=50000&sort=-amount&cols=name,amount,score' });
    expect(created.status).toBe(201);
    const view = created.body.data;
    expect(view).toMatchObject({ name: 'Big proposals', object: 'deals', query: 'stage=proposal&amount%5Bgte%5D=50000&sort=-amount&cols=name,amount,score', created_at: '2026-11-01T12:00:00Z' });
    expect(view.id).toMatch(/^vw_/);
    const other = (await call('POST', '/api/views', { name: '  Customers ', object: 'contacts', query: 'lead_status=customer' })).body.data;
    expect(other.name).toBe('Customers');
    await call('POST', '/api/views', { name: 'Any deal', object: 'deals', query: '' });

    const deals = (await call('GET', '/api/views?object=deals')).body.data as Json[];
    expect(deals.map((v) => v.name)).toEqual(['Any deal', 'Big proposals']);
    expect((await call('GET', '/api/views?object=contacts')).body.data).toEqual([other]);
    expect((await call('GET', '/api/views')).body.data.map((v: Json) => v.name)).toEqual(['Customers', 'Any deal', 'Big proposals']);

    // The same name (any case) replaces that view's query and keeps its id.
    const replaced = await call('POST', '/api/views', { name: 'big proposals', object: 'deals', query: 'stage=negotiation' });
    expect(replaced.status).toBe(201);
    expect(replaced.body.data).toMatchObject({ id: view.id, name: 'big proposals', query: 'stage=negotiation', created_at: view.created_at });
    expect((await call('GET', '/api/views?object=deals')).body.data).toHaveLength(2);

    // Views belong to the workspace.
    const elsewhere = (await server.member('member', { ws: 'ws_views' })).call;
    expect((await elsewhere('GET', '/api/views')).body.data).toEqual([]);
    expect((await elsewhere('DELETE', `/api/views/${view.id}`)).status).toBe(404);

    expect((await call('DELETE', `/api/views/${view.id}`)).status).toBe(204);
    expect((await call('GET', '/api/views?object=deals')).body.data.map((v: Json) => v.name)).toEqual(['Any deal']);
    const gone = await call('DELETE', `/api/views/${view.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ error: 'not_found', message: `view ${view.id} not found` });
  });

  it('refuses bad input with 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ name: '', object: 'deals', query: '' }, 'name'],
      [{ name: '   ', object: 'deals', query: '' }, 'name'],
      [{ name: 'x'.repeat(101), object: 'deals', query: '' }, 'name'],
      [{ name: 'ok', object: 'activities', query: '' }, 'object'],
      [{ name: 'ok', object: 'deals', query: 'q='.padEnd(2001, 'x') }, 'query'],
      [{ name: 'ok', object: 'deals' }, 'query'],
      [{ name: 'ok', object: 'deals', query: '', extra: 1 }, ''],
    ];
    for (const [body, field] of cases) {
      const res = await call('POST', '/api/views', body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.body.error).toBe('validation');
      expect(typeof res.body.message).toBe('string');
      if (field) expect(res.body.details.map((d: Json) => d.field)).toContain(field);
    }
    expect((await call('POST', '/api/views', { name: 'x'.repeat(100), object: 'deals', query: 'q='.padEnd(2000, 'x') })).status).toBe(201);
    const bad = await call('GET', '/api/views?object=people');
    expect([bad.status, bad.body.error]).toEqual([400, 'validation']);
    expect((await call('GET', '/api/views?object=people')).body.details[0].field).toBe('object');
  });

  it('keeps every view when many are saved at the same moment (no lost update)', async () => {
    const names = Array.from({ length: 25 }, (_, i) => `Concurrent ${i}`);
    const saved = await Promise.all(names.map((name) => call('POST', '/api/views', { name, object: 'companies', query: `industry=${encodeURIComponent(name)}` })));
    expect(saved.map((r) => r.status)).toEqual(names.map(() => 201));
    const listed = (await call('GET', '/api/views?object=companies')).body.data.map((v: Json) => v.name);
    expect(listed).toEqual(expect.arrayContaining(names));
    await Promise.all(saved.map((r) => call('DELETE', `/api/views/${r.body.data.id}`)));
    expect((await call('GET', '/api/views?object=companies')).body.data.map((v: Json) => v.name)).not.toEqual(expect.arrayContaining([names[0]]));
  });
});
