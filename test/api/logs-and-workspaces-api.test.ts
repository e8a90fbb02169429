/**
 * The audit log, the outcome log and workspaces are served by their CRM services (crm.audit, crm.outcomes,
 * crm.workspaces): over HTTP and called directly they agree, on SQLite and PostgreSQL. The error body's code is a
 * closed set the OpenAPI document lists.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RESPONSE_ERROR_CODES } from '../../src/core/errors.js';
import { describeEachBackend } from '../support/backends.js';
import { serveSample, type TestServer } from '../support/serve.js';

describeEachBackend('audit, outcomes and workspaces through their services', (ctx) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await serveSample(ctx().crm);
  }, 120_000);
  afterAll(() => server?.close());

  it('pages the audit log newest first, the API answering what the service lists', async () => {
    const ids: string[] = [];
    for (const name of ['Audit One', 'Audit Two', 'Audit Three']) ids.push((await server.call('POST', '/api/companies', { name })).body.data.id);
    const first = await server.call('GET', '/api/audit?entity=company&kind=created&limit=2');
    expect(first.status).toBe(200);
    expect(first.body.data.map((e: { record_id: string }) => e.record_id)).toEqual([ids[2], ids[1]]);
    expect(first.body.next_before).toBe(first.body.data[1].seq);
    const direct = await ctx().crm.audit.list('default', { entity: 'company', kind: 'created', limit: 2 });
    expect(direct.data.map((e) => e.seq)).toEqual(first.body.data.map((e: { seq: number }) => e.seq));
    const older = await server.call('GET', `/api/audit?entity=company&kind=created&limit=2&before=${first.body.next_before}`);
    expect(older.body.data[0].record_id).toBe(ids[0]);
    // The sample's companies were imported by the system: the log goes on past them, a full page each time.
    expect(older.body.next_before).toBe(older.body.data[1].seq);
  });

  it('pages the outcome log oldest first', async () => {
    const open = await server.call('GET', '/api/deals?stage=proposal&limit=2');
    for (const d of open.body.data as { id: string }[]) expect((await server.call('PATCH', `/api/deals/${d.id}`, { stage: 'closed_won' })).status).toBe(200);
    const page = await server.call('GET', '/api/outcomes?limit=1');
    expect(page.status).toBe(200);
    expect(page.body.entries).toHaveLength(1);
    expect(page.body.next).toBe(page.body.entries[0].seq);
    const rest = await server.call('GET', `/api/outcomes?after=${page.body.next}&limit=1000`);
    expect(rest.body.entries.length).toBeGreaterThan(0);
    expect(rest.body.next).toBeNull();
    expect(rest.body.entries[0].seq).toBeGreaterThan(page.body.next);
    expect(await ctx().crm.outcomes.since('default', 0, 1000)).toEqual({ entries: [...page.body.entries, ...rest.body.entries], next: null });
  });

  it('creates workspaces with a checked id, refuses a second of the same id, and names them', async () => {
    const { workspaces } = ctx().crm;
    expect(await workspaces.create('acme-1', 'Acme')).toMatchObject({ id: 'acme-1', name: 'Acme' });
    await expect(workspaces.create('acme-1')).rejects.toMatchObject({ code: 'conflict', message: 'workspace acme-1 already exists' });
    await expect(workspaces.create('bad id')).rejects.toMatchObject({ code: 'validation' });
    expect((await workspaces.list()).map((w) => w.id)).toContain('acme-1');
    expect(await workspaces.nameOf('acme-1')).toBe('Acme');
    expect(await workspaces.nameOf('nowhere')).toBe('nowhere');
  });

  it('documents the error codes as a closed set', async () => {
    const doc = (await server.call('GET', '/api/docs/json')).body;
    expect(doc.components.schemas.Error.properties.error.enum).toEqual([...RESPONSE_ERROR_CODES]);
    const missing = await server.call('GET', '/api/deals/dl_missing');
    expect(missing.status).toBe(404);
    expect(RESPONSE_ERROR_CODES).toContain(missing.body.error);
  });
});
