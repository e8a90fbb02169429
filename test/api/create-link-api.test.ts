/**
 * What the web app's create forms and pickers rely on, over real HTTP on SQLite and PostgreSQL: "" for an optional
 * field means empty (create and patch), required fields still refuse it; a would-be record's likely duplicates
 * before it is saved; and the list search finding people by e-mail and phone and companies by domain.
 */
import { describe, expect, it } from 'vitest';
import { ENTITIES } from '../../src/core/entities.js';
import { recordSchemas } from '../../src/core/record-schema.js';
import { phoneSearchText } from '../../src/crm/search-text.js';
import { describeEachBackend } from '../support/backends.js';
import type { Json } from '../support/http.js';
import { serveSuite } from '../support/serve.js';

describe('empty strings in record input', () => {
  it('reads "" as null for optional fields of every type, on create and patch', () => {
    const contact = recordSchemas(ENTITIES.contact);
    const parsed = contact.create.parse({ first_name: 'Ada', email: '', phone: '', lead_status: '', company_id: '', last_contacted_at: '', tags: '' });
    expect(parsed).toMatchObject({ first_name: 'Ada', email: null, phone: null, lead_status: null, company_id: null, last_contacted_at: null, tags: null });
    expect(recordSchemas(ENTITIES.company).patch.parse({ employees: '', domain: '' })).toEqual({ employees: null, domain: null });
  });

  it('refuses "" and blanks for required fields', () => {
    const company = recordSchemas(ENTITIES.company);
    expect(company.create.safeParse({ name: '' }).success).toBe(false);
    expect(company.create.safeParse({ name: '   ' }).success).toBe(false);
    expect(company.patch.safeParse({ name: '' }).success).toBe(false);
    expect(recordSchemas(ENTITIES.deal).create.safeParse({ name: 'X', stage: '' }).success).toBe(false);
  });

  it('indexes a phone number as typed, as one word of digits and in its national form', () => {
    expect(phoneSearchText('+44 20 7946 0958').split(' ')).toEqual(expect.arrayContaining(['44', '442079460958', '020', '02079460958']));
    expect(phoneSearchText('555-0134')).toBe('555 0134 5550134');
  });
});

describeEachBackend('create and link over HTTP', (ctx) => {
  const { call, server } = serveSuite(ctx);

  it('stores "" for optional fields as empty and refuses it for required ones', async () => {
    const created = await call('POST', '/api/companies', { name: 'Empty Strings Ltd', domain: '', industry: '', employees: '', annual_revenue: '', owner: '' });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ name: 'Empty Strings Ltd', domain: null, industry: null, employees: null, annual_revenue: null, owner: null });

    const contact = await call('POST', '/api/contacts', { first_name: 'Eve', last_name: '', email: '', phone: '', company_id: '', lead_status: '', tags: '' });
    expect(contact.status).toBe(201);
    expect(contact.body.data).toMatchObject({ first_name: 'Eve', last_name: null, email: null, phone: null, company_id: null, lead_status: null, tags: null });

    const id = created.body.data.id;
    await call('PATCH', `/api/companies/${id}`, { industry: 'Retail', city: 'Lyon' });
    const cleared = await call('PATCH', `/api/companies/${id}`, { industry: '', city: '' });
    expect(cleared.status).toBe(200);
    expect(cleared.body.data).toMatchObject({ industry: null, city: null });

    const noName = await call('POST', '/api/companies', { name: '' });
    expect(noName.status).toBe(400);
    expect(noName.body.details).toEqual([{ field: 'name', message: 'name: must not be empty' }]);
    const blankPatch = await call('PATCH', `/api/companies/${id}`, { name: '  ' });
    expect(blankPatch.status).toBe(400);
    expect(blankPatch.body.details[0].field).toBe('name');
    const noStage = await call('POST', '/api/deals', { name: 'D', stage: '' });
    expect(noStage.status).toBe(400);
    expect(noStage.body.details[0].field).toBe('stage');
    // A bad value is still refused, beside its field.
    const badEmail = await call('POST', '/api/contacts', { first_name: 'X', email: 'not an email' });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.details).toEqual([{ field: 'email', message: 'email: must be an email address' }]);
  });

  it('lists likely duplicates of a record before it is saved, with reasons, and writes nothing', async () => {
    const apex = (await call('POST', '/api/companies', { name: 'Apex Goods', domain: 'apexgoods.com' })).body.data;
    const ava = (await call('POST', '/api/contacts', { first_name: 'Ava', last_name: 'Stone', email: 'ava.stone@apexgoods.com', phone: '+1 415 555 0134', company_id: apex.id })).body.data;

    const byEmail = await call('POST', '/api/contacts/duplicates/check', { first_name: 'A.', email: ' Ava.Stone@ApexGoods.com ', last_name: '' });
    expect(byEmail).toEqual({ status: 200, body: { data: [{ id: ava.id, name: 'Ava Stone', reasons: ['same email'] }] } });

    const byNameAndPhone = await call('POST', '/api/contacts/duplicates/check', { first_name: 'Ava', last_name: 'Stone', company_id: apex.id, phone: '(415) 555-0134' });
    expect(byNameAndPhone.status).toBe(200);
    expect(byNameAndPhone.body.data[0]).toMatchObject({ id: ava.id, reasons: expect.arrayContaining(['same name at the same company']) });

    // Editing Ava herself: she is not her own duplicate.
    expect((await call('POST', '/api/contacts/duplicates/check', { id: ava.id, email: 'ava.stone@apexgoods.com' })).body.data).toEqual([]);
    expect((await call('POST', '/api/contacts/duplicates/check', { first_name: 'Nobody', email: 'nobody@elsewhere.org' })).body.data).toEqual([]);
    expect((await call('POST', '/api/contacts/duplicates/check', {})).body.data).toEqual([]);

    const company = await call('POST', '/api/companies/duplicates/check', { name: 'APEX GOODS Inc.', domain: 'https://www.apexgoods.com/about' });
    expect(company.body.data).toEqual([{ id: apex.id, name: 'Apex Goods', reasons: ['same domain', 'same name'] }]);

    const count = (await call('GET', '/api/contacts?total=true&limit=1')).body.total;
    expect(count).toBe((await call('GET', '/api/contacts?total=true&limit=1')).body.total);

    // Bad drafts are refused like bad records, beside the field; objects without duplicate rules have no check.
    const bad = await call('POST', '/api/contacts/duplicates/check', { email: 'nope', nickname: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: Json) => d.field ?? d.message)).toEqual(expect.arrayContaining(['email', 'unknown field: nickname']));
    expect((await call('POST', '/api/deals/duplicates/check', { name: 'x' })).status).toBe(404);

    // Read-only members may check (nothing is written); another workspace sees nothing.
    const reader = await server().member('read-only');
    expect((await reader.call('POST', '/api/contacts/duplicates/check', { email: 'ava.stone@apexgoods.com' })).body.data).toHaveLength(1);
    await ctx().crm.storage.workspaces.ensure({ id: 'ws_other', name: 'Other', created_at: '2026-11-01T12:00:00Z' });
    const other = await server().member('member', { ws: 'ws_other' });
    expect((await other.call('POST', '/api/contacts/duplicates/check', { email: 'ava.stone@apexgoods.com' })).body.data).toEqual([]);
  });

  it('finds contacts by e-mail and phone and companies by domain through the list search', async () => {
    const co = (await call('POST', '/api/companies', { name: 'Borealis Freight', domain: 'borealis-freight.io' })).body.data;
    const ct = (await call('POST', '/api/contacts', { first_name: 'Noor', last_name: 'Haddad', email: 'noor.haddad@borealis-freight.io', phone: '+44 20 7946 0958', company_id: co.id })).body.data;
    const ids = async (plural: string, q: string) => ((await call('GET', `/api/${plural}?q=${encodeURIComponent(q)}`)).body.data as Json[]).map((r) => r.id);

    expect(await ids('contacts', 'noor.haddad@borealis-freight.io')).toEqual([ct.id]);
    expect(await ids('contacts', 'noor.had')).toEqual([ct.id]);
    for (const phone of ['+44 20 7946 0958', '442079460958', '4420794', '020 7946 0958', '02079460958', '7946 0958']) expect(await ids('contacts', phone), phone).toEqual([ct.id]);
    expect(await ids('companies', 'borealis-freight.io')).toEqual([co.id]);
    expect(await ids('companies', 'borealis-fre')).toEqual([co.id]);

    // A changed phone number is found by its new digits only.
    await call('PATCH', `/api/contacts/${ct.id}`, { phone: '+1 212 555 0199' });
    expect(await ids('contacts', '2125550199')).toEqual([ct.id]);
    expect(await ids('contacts', '02079460958')).toEqual([]);
  });
});
