/**
 * The HTTP API over a real listening server and real fetch, on SQLite and on PostgreSQL.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend, SHARED_AVAILABLE, SHARED_CRM_DIR } from '../support/backends.js';
import type { Json } from '../support/http.js';
import { serveForTest, type Call, type TestServer } from '../support/serve.js';


describeEachBackend('HTTP API', (ctx) => {
  let server: TestServer;

  const call: Call = (...a) => server.call(...a);

  beforeAll(async () => {
    server = await serveForTest({ crm: ctx().crm });
  });
  afterAll(() => server?.close());

  it('reports health with a database check', async () => {
    const r = await call('GET', '/health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok', database: ctx().dialect });
  });

  it('creates, reads, updates and deletes records by id', async () => {
    const company = await call('POST', '/api/companies', { id: 'co_http', name: 'Kestrel Labs', domain: 'https://www.Kestrel.io/about', industry: 'Software', employees: 80 });
    expect(company.status).toBe(201);
    expect(company.headers.get('location')).toBe('/api/companies/co_http');
    expect(company.body.data).toMatchObject({ id: 'co_http', domain: 'https://www.Kestrel.io/about' });
    const created = await call('POST', '/api/contacts', { first_name: 'Zoë', last_name: 'Åberg', email: 'Zoe@Kestrel.io', company_id: 'co_http', title: 'CTO' });
    expect(created.status).toBe(201);
    const id = created.body.data.id as string;
    expect(id).toMatch(/^ct_/);
    expect((await call('GET', `/api/contacts/${id}`)).body.data).toMatchObject({ first_name: 'Zoë', email: 'Zoe@Kestrel.io' });
    ctx().clock.advance(60_000);
    const patched = await call('PATCH', `/api/contacts/${id}`, { title: 'Chief Technology Officer' });
    expect(patched.status).toBe(200);
    expect(patched.body.data.title).toBe('Chief Technology Officer');
    expect(patched.body.data.updated_at > created.body.data.updated_at).toBe(true);
    expect((await call('DELETE', `/api/contacts/${id}`)).status).toBe(204);
    const gone = await call('GET', `/api/contacts/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.message).toContain(id);
  });

  it('reaches a record by the longest id it accepts, and answers an overlong URL part with the error body', async () => {
    const id = `co:${'x'.repeat(125)}`;
    expect((await call('POST', '/api/companies', { id, name: 'Long Id Ltd' })).status).toBe(201);
    const got = await call('GET', `/api/companies/${encodeURIComponent(id)}`);
    expect(got.status).toBe(200);
    expect(got.body.data.id).toBe(id);
    expect((await call('DELETE', `/api/companies/${encodeURIComponent(id)}`)).status).toBe(204);
    for (const url of [`/api/companies/${'y'.repeat(5000)}`, `/api/users/${'y'.repeat(5000)}`]) {
      const long = await call('PATCH', url, { role: 'member' });
      expect([404, 414]).toContain(long.status);
      expect(Object.keys(long.body).sort()).toEqual(['error', 'message']);
    }
    const bad = await call('GET', '/api/companies/%E0%A4%A');
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body).sort()).toEqual(['error', 'message']);
  });

  it('answers bad input with 4xx and a message naming the field', async () => {
    const missing = await call('POST', '/api/companies', { domain: 'x.com' });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/name/);
    const wrongType = await call('POST', '/api/companies', { name: 'X', employees: 'many' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.message).toMatch(/employees/);
    const badEmail = await call('POST', '/api/contacts', { first_name: 'A', email: 'not-an-email' });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.message).toMatch(/email/);
    const badStage = await call('POST', '/api/deals', { name: 'D', company_id: 'co_http', stage: 'won-ish' });
    expect(badStage.status).toBe(400);
    expect(badStage.body.message).toMatch(/stage/);
    const huge = await call('POST', '/api/companies', { name: 'x'.repeat(5000) });
    expect(huge.status).toBe(400);
    expect(huge.body.message).toMatch(/name/);
    const unknownRef = await call('POST', '/api/contacts', { first_name: 'B', company_id: 'co_nowhere' });
    expect(unknownRef.status).toBe(400);
    expect(unknownRef.body.message).toMatch(/company_id.*co_nowhere|co_nowhere/);
    await call('POST', '/api/contacts', { id: 'ct_taken', first_name: 'C', email: 'taken@kestrel.io' });
    const dup = await call('POST', '/api/contacts', { first_name: 'D', email: ' TAKEN@kestrel.io ' });
    expect(dup.status).toBe(409);
    expect(dup.body.message).toMatch(/email/);
    expect((await call('GET', '/api/contacts?nosuchfield=1')).status).toBe(400);
    expect((await call('GET', '/api/deals?amount[gt]=lots')).status).toBe(400);
    expect((await call('GET', '/api/nothing-here')).status).toBe(404);
  });

  it('keeps workspaces apart', async () => {
    const { crm } = ctx();
    await crm.storage.workspaces.ensure({ id: 'ws_other', name: 'Other', created_at: '2026-11-01T12:00:00Z' });
    const other = (await server.member('owner', { ws: 'ws_other' })).call;
    expect((await other('GET', '/api/companies/co_http')).status).toBe(404);
    expect((await other('GET', '/api/companies')).body.data).toEqual([]);
    expect((await other('POST', '/api/companies', { id: 'co_http', name: 'Same id, other tenant' })).status).toBe(201);
    expect((await call('GET', '/api/companies/co_http')).body.data.name).toBe('Kestrel Labs');
    // A token is for one workspace: naming another (existing or not) finds nothing.
    expect((await call('GET', '/api/companies', undefined, { 'x-workspace-id': 'ws_other' })).status).toBe(404);
    expect((await call('GET', '/api/companies', undefined, { 'x-workspace-id': 'ws_missing' })).status).toBe(404);
  });

  it('serves an OpenAPI document covering every route', async () => {
    const doc = (await call('GET', '/api/docs/json')).body;
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of ['/api/contacts', '/api/contacts/{id}', '/api/companies/{id}/contacts', '/api/deals/{id}/stage-history', '/api/pipeline', '/api/import', '/api/contacts/merge', '/api/contacts/{id}/duplicates']) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
  });

  it.skipIf(!SHARED_AVAILABLE)('imports the shared data set and lists, filters, sorts and pages it', async () => {
    const report = await ctx().crm.importer.importDirectory('default', SHARED_CRM_DIR);
    expect(report.ok).toBe(true);
    const deals = parse(fs.readFileSync(path.join(SHARED_CRM_DIR, 'deals.csv')), { columns: true }) as Record<string, string>[];

    const negotiation = deals.filter((d) => d.stage === 'negotiation');
    const list = await call('GET', '/api/deals?stage=negotiation&limit=5&total=true');
    expect(list.body.total).toBe(negotiation.length);
    expect(list.body.data).toHaveLength(5);

    const big = deals.filter((d) => d.stage === 'negotiation' && Number(d.amount) > 50_000).sort((a, b) => Number(b.amount) - Number(a.amount) || b.id!.localeCompare(a.id!));
    const sorted = await call('GET', '/api/deals?stage=negotiation&amount[gt]=50000&sort=-amount&limit=10');
    expect(sorted.body.data.map((d: Json) => d.id)).toEqual(big.slice(0, 10).map((d) => d.id));

    const stages = await call('GET', '/api/deals?stage[in]=closed_won,closed_lost&created_at[gte]=2026-01-01&total=true&limit=1');
    expect(stages.body.total).toBe(deals.filter((d) => (d.stage === 'closed_won' || d.stage === 'closed_lost') && d.created_at! >= '2026-01-01').length);

    // Cursor pagination visits every open deal exactly once.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Json } = await call('GET', `/api/deals?stage=lead&limit=97${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...page.body.data.map((d: Json) => d.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen.sort()).toEqual(deals.filter((d) => d.stage === 'lead').map((d) => d.id).sort());

    const search = await call('GET', '/api/contacts?q=compliance&limit=5');
    expect(search.body.data.length).toBe(5);
    expect(search.body.data.every((c: Json) => JSON.stringify(c).toLowerCase().includes('complian'))).toBe(true);
  });

  it.skipIf(!SHARED_AVAILABLE)('follows relations, timelines, stage history and the pipeline', async () => {
    const deal = (await call('GET', '/api/deals?stage=proposal&limit=1')).body.data[0] as Json;
    const contact = (await call('GET', `/api/deals/${deal.id}/contact`)).body.data as Json;
    expect(contact.id).toBe(deal.contact_id);
    expect((await call('GET', `/api/contacts/${contact.id}/company`)).body.data.id).toBe(contact.company_id);
    const contactDeals = (await call('GET', `/api/contacts/${contact.id}/deals`)).body.data as Json[];
    expect(contactDeals.map((d) => d.id)).toContain(deal.id);
    const companyContacts = (await call('GET', `/api/companies/${contact.company_id}/contacts`)).body.data as Json[];
    expect(companyContacts.map((c) => c.id)).toContain(contact.id);
    const activities = (await call('GET', `/api/deals/${deal.id}/activities?sort=-occurred_at`)).body.data as Json[];
    expect(activities.every((a) => a.deal_id === deal.id)).toBe(true);

    const before = (await call('GET', '/api/pipeline')).body.data as Json[];
    expect((await call('PATCH', `/api/deals/${deal.id}`, { stage: 'negotiation' })).status).toBe(200);
    const history = (await call('GET', `/api/deals/${deal.id}/stage-history`)).body.data as Json[];
    expect(history.at(-1)).toMatchObject({ from_stage: 'proposal', to_stage: 'negotiation' });
    const after = (await call('GET', '/api/pipeline')).body.data as Json[];
    const count = (rows: Json[], stage: string) => rows.find((r) => r.stage === stage)!.count as number;
    expect(count(after, 'negotiation')).toBe(count(before, 'negotiation') + 1);
    expect(count(after, 'proposal')).toBe(count(before, 'proposal') - 1);

    const timeline = (await call('GET', `/api/deals/${deal.id}/timeline?limit=20`)).body.items as Json[];
    expect(timeline.length).toBeGreaterThan(0);
    const times = timeline.map((t) => t.at as string);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('lists duplicates with reasons and merges them in one step', async () => {
    const a = await call('POST', '/api/contacts', { id: 'ct_dup_a', first_name: 'Priya', last_name: 'Raman', email: 'priya@kestrel.io', company_id: 'co_http' });
    expect(a.status).toBe(201);
    const b = await call('POST', '/api/contacts', { id: 'ct_dup_b', first_name: 'Priya', last_name: 'Raman', phone: '+49 30 1234567', company_id: 'co_http' });
    expect(b.body.duplicates.map((d: Json) => d.id)).toContain('ct_dup_a');
    await call('POST', '/api/activities', { id: 'ac_dup', type: 'note', contact_id: 'ct_dup_b', occurred_at: '2026-10-01T10:00:00Z', subject: 'Met at the fair' });
    const dups = (await call('GET', '/api/contacts/ct_dup_a/duplicates')).body.data as Json[];
    expect(dups.find((d) => d.id === 'ct_dup_b')?.reasons).toContain('same name at the same company');
    const preview = await call('POST', '/api/contacts/merge/preview', { survivor: 'ct_dup_a', merged: ['ct_dup_b'] });
    expect(preview.body.data.survivor.phone).toBe('+49 30 1234567');
    expect((await call('GET', '/api/contacts/ct_dup_b')).status).toBe(200);
    const merged = await call('POST', '/api/contacts/merge', { survivor: 'ct_dup_a', merged: ['ct_dup_b'] });
    expect(merged.status).toBe(200);
    expect((await call('GET', '/api/contacts/ct_dup_b')).status).toBe(404);
    expect((await call('GET', '/api/activities/ac_dup')).body.data.contact_id).toBe('ct_dup_a');
    expect((await call('GET', '/api/contacts/ct_dup_a')).body.data.phone).toBe('+49 30 1234567');
    expect((await call('POST', '/api/contacts/merge', { survivor: 'ct_dup_a', merged: ['ct_dup_a'] })).status).toBe(400);
  });

  /** POST /api/import answers 202 with a job; polls it until it has finished. */
  const importJobDone = async (accepted: Response): Promise<Json> => {
    const location = accepted.headers.get('location')!;
    for (;;) {
      const job = (await (await server.fetch(location)).json()) as Json;
      if (job.status === 'succeeded' || job.status === 'failed') return job;
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  it('imports uploaded CSV files, rejects a bad one whole, and exports CSV', async () => {
    const good = new FormData();
    good.append('companies', new Blob(['id,name,domain,industry\nco_up1,Upload One,upload1.com,Energy\nco_up2,Upload Two,upload2.com,Energy\n'], { type: 'text/csv' }), 'companies.csv');
    const ok = await server.fetch(`/api/import`, { method: 'POST', body: good });
    expect(ok.status).toBe(202);
    const report = (await importJobDone(ok)).report as Json;
    expect(report.ok).toBe(true);
    expect(report.files[0]).toMatchObject({ file: 'companies.csv', rows: 2, inserted: 2 });

    const bad = new FormData();
    bad.append('companies', new Blob(['id,name,employees\nco_up3,Fine,10\nco_up4,Broken,many\n'], { type: 'text/csv' }), 'companies.csv');
    const rejected = await server.fetch(`/api/import`, { method: 'POST', body: bad });
    expect(rejected.status).toBe(202);
    const rejectedJob = await importJobDone(rejected);
    expect(rejectedJob.status).toBe('failed');
    const why = rejectedJob.report as Json;
    expect(why.files[0].errors[0]).toMatchObject({ file: 'companies.csv', line: 3 });
    expect((await call('GET', '/api/companies/co_up3')).status).toBe(404);

    // Only CSV files: a spreadsheet or an image is refused by name, whatever the field says.
    for (const [name, type] of [['companies.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], ['companies.csv', 'image/png']] as const) {
      const wrong = new FormData();
      wrong.append('companies', new Blob(['id,name\nco_x,X\n'], { type }), name);
      const refused = await server.fetch(`/api/import`, { method: 'POST', body: wrong });
      expect(refused.status).toBe(415);
      expect(((await refused.json()) as Json).message).toContain(name);
    }
    expect((await call('GET', '/api/companies/co_x')).status).toBe(404);

    const csv = await server.fetch(`/api/export/companies.csv`);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const rows = parse(await csv.text(), { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.id === 'co_up1')).toMatchObject({ name: 'Upload One', domain: 'upload1.com', industry: 'Energy' });
    expect((await server.fetch(`/api/export/unicorns.csv`)).status).toBe(404);
  });

  it('sends security headers, and a CSP that works over plain HTTP', async () => {
    for (const path of ['/api/contacts', '/api/docs/static/index.html', '/health']) {
      const res = await server.fetch(`${path}`);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/default-src 'self'/);
      expect(csp).not.toMatch(/upgrade-insecure-requests/);
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('refuses NUL characters anywhere with a 400 or a per-row import error, on both databases', async () => {
    const created = await call('POST', '/api/contacts', { first_name: 'Nul\u0000l', last_name: 'Byte' });
    expect(created.status).toBe(400);
    expect(created.body.message).toMatch(/first_name contains a NUL character/);
    expect((await call('POST', '/api/query', { text: 'contacts in\u0000 Berlin' })).status).toBe(400);
    const url = await server.fetch(`/api/contacts/ct_%00`);
    expect(url.status).toBe(400);
    expect(((await url.json()) as Json).message).toMatch(/NUL/);

    const upload = new FormData();
    upload.append('companies', new Blob(['id,name\nco_nul1,Fine Co\nco_nul2,Bad\u0000Co\n'], { type: 'text/csv' }), 'companies.csv');
    const res = await server.fetch(`/api/import`, { method: 'POST', body: upload });
    expect(res.status).toBe(202);
    const job = await importJobDone(res);
    expect(job.status).toBe('failed');
    const report = job.report as Json;
    expect(report.files[0].errors[0]).toMatchObject({ file: 'companies.csv', line: 3 });
    expect(report.files[0].errors[0].message).toMatch(/NUL/);
    expect((await call('GET', '/api/companies/co_nul1')).status).toBe(404);
  });
});
