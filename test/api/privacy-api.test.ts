/** Data-subject access over HTTP on SQLite and PostgreSQL: one document with everything held about a contact. */
import { expect, it } from 'vitest';
import { describeEachBackend } from '../support/backends.js';
import type { Json } from '../support/http.js';
import { serveSuite } from '../support/serve.js';

describeEachBackend('contact export over HTTP', (ctx) => {
  const { call } = serveSuite(ctx);

  it('exports the contact with its company, deals, activities and history, and nothing of anyone else', async () => {
    await call('POST', '/api/companies', { id: 'co_priv', name: 'Privacy GmbH', domain: 'privacy.example' });
    await call('POST', '/api/contacts', { id: 'ct_priv', first_name: 'Petra', last_name: 'Privat', email: 'petra@privacy.example', company_id: 'co_priv' });
    await call('POST', '/api/contacts', { id: 'ct_other', first_name: 'Otto', last_name: 'Other', company_id: 'co_priv' });
    await call('POST', '/api/deals', { id: 'dl_priv', name: 'Privacy deal', contact_id: 'ct_priv', company_id: 'co_priv', stage: 'proposal', amount: 1000 });
    await call('POST', '/api/activities', { id: 'ac_priv', type: 'call', contact_id: 'ct_priv', subject: 'Call with Petra', occurred_at: '2026-10-01T10:00:00Z' });
    await call('POST', '/api/activities', { id: 'ac_other', type: 'call', contact_id: 'ct_other', subject: 'Call with Otto', occurred_at: '2026-10-01T11:00:00Z' });
    await call('PATCH', '/api/contacts/ct_priv', { title: 'DPO' });

    const r = await call('GET', '/api/contacts/ct_priv/export');
    expect(r.status).toBe(200);
    expect(r.body.contact).toMatchObject({ id: 'ct_priv', email: 'petra@privacy.example', title: 'DPO' });
    expect(r.body.company).toMatchObject({ id: 'co_priv' });
    expect(r.body.deals.map((d: Json) => d.id)).toEqual(['dl_priv']);
    expect(r.body.activities.map((a: Json) => a.id)).toEqual(['ac_priv']);
    expect(r.body.history.map((e: Json) => e.kind).sort()).toEqual(['created', 'updated']);
    expect(JSON.stringify(r.body)).not.toContain('Otto');
    expect(typeof r.body.exported_at).toBe('string');
    expect((await call('GET', '/api/contacts/ct_nobody/export')).status).toBe(404);
  });
});
