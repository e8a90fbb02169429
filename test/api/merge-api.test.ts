/**
 * Merges that keep everything, over real HTTP on SQLite and PostgreSQL: conflicting values chosen in the preview
 * (names, not ids), the merged record's e-mails and phones kept as secondary values (searchable, used by duplicate
 * detection), notes concatenated, tags united, the audit entry saying what came from where, and the merged id
 * leading to the survivor.
 */
import { expect, it } from 'vitest';
import { describeEachBackend } from '../support/backends.js';
import type { Json } from '../support/http.js';
import { serveSuite } from '../support/serve.js';

describeEachBackend('merges that keep data, over HTTP', (ctx) => {
  const { call } = serveSuite(ctx);

  it('previews each conflicting field with names and defaults, merges with choices and keeps every value', async () => {
    expect((await call('POST', '/api/companies', { id: 'co_m1', name: 'Kestrel Labs' })).status).toBe(201);
    expect((await call('POST', '/api/companies', { id: 'co_m2', name: 'Kestrel Analytics' })).status).toBe(201);
    const a = await call('POST', '/api/contacts', {
      id: 'ct_ma', first_name: 'Ada', last_name: 'Byron', email: 'ada@kestrel.io', phone: '+44 20 7946 0001', title: 'CTO',
      company_id: 'co_m1', tags: ['vip'], notes: 'Met at Web Summit.', last_contacted_at: '2026-09-01T10:00:00Z',
    });
    expect(a.status).toBe(201);
    const b = await call('POST', '/api/contacts', {
      id: 'ct_mb', first_name: 'Ada', last_name: 'Byron', email: 'ada.byron@gmail.com', phone: '+44 20 7946 0002', title: 'Chief Technology Officer',
      company_id: 'co_m2', lead_source: 'referral', tags: ['founder', 'vip'], notes: 'Prefers calls in the morning.', last_contacted_at: '2026-10-15T09:00:00Z',
    });
    expect(b.status).toBe(201);

    const preview = await call('POST', '/api/contacts/merge/preview', { survivor: 'ct_ma', merged: ['ct_mb'] });
    expect(preview.status).toBe(200);
    const fields = new Map((preview.body.data.fields as Json[]).map((f) => [f.field as string, f]));
    expect(preview.body.data.records).toEqual([{ id: 'ct_ma', name: 'Ada Byron' }, { id: 'ct_mb', name: 'Ada Byron' }]);
    // The title disagrees: both values offered with the record's name, the survivor's by default.
    expect(fields.get('title')).toMatchObject({
      conflict: true, rule: 'chosen', choice: 'ct_ma', value: 'CTO',
      candidates: [{ from: 'ct_ma', from_name: 'Ada Byron', value: 'CTO' }, { from: 'ct_mb', from_name: 'Ada Byron', value: 'Chief Technology Officer' }],
    });
    // References are offered by name, not id.
    expect((fields.get('company_id')!.candidates as Json[]).map((c) => c.label)).toEqual(['Kestrel Labs', 'Kestrel Analytics']);
    // Dates: the newest by default.
    expect(fields.get('last_contacted_at')).toMatchObject({ rule: 'newest', choice: 'ct_mb', value: '2026-10-15T09:00:00Z' });
    expect(fields.get('lead_source')).toMatchObject({ rule: 'filled', conflict: false, value: 'referral' });
    expect(fields.get('other_emails')!.value).toEqual(['ada.byron@gmail.com']);
    // Choosing another record's value shows in the preview.
    const chosen = await call('POST', '/api/contacts/merge/preview', { survivor: 'ct_ma', merged: ['ct_mb'], choices: { title: 'ct_mb' } });
    expect(chosen.body.data.survivor.title).toBe('Chief Technology Officer');

    const bad = await call('POST', '/api/contacts/merge', { survivor: 'ct_ma', merged: ['ct_mb'], choices: { title: 'ct_zz' } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('choices.title: ct_zz is not one of the records being merged');
    expect((await call('POST', '/api/contacts/merge', { survivor: 'ct_ma', merged: ['ct_mb'], choices: { updated_at: 'ct_mb' } })).status).toBe(400);

    const merged = await call('POST', '/api/contacts/merge', { survivor: 'ct_ma', merged: ['ct_mb'], choices: { title: 'ct_mb', email: 'ct_mb' } });
    expect(merged.status).toBe(200);
    const s = merged.body.data.survivor as Json;
    expect(s).toMatchObject({
      title: 'Chief Technology Officer',
      email: 'ada.byron@gmail.com',
      phone: '+44 20 7946 0001',
      company_id: 'co_m1',
      lead_source: 'referral',
      last_contacted_at: '2026-10-15T09:00:00Z',
      tags: ['vip', 'founder'],
      other_emails: ['ada@kestrel.io'],
      other_phones: ['+44 20 7946 0002'],
    });
    expect(s.notes).toBe('Met at Web Summit.\n\n— from Ada Byron (ct_mb) —\nPrefers calls in the morning.');

    // The merged id leads to the survivor.
    const gone = await call('GET', '/api/contacts/ct_mb');
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ error: 'not_found', merged_into: 'ct_ma' });
    expect((await call('GET', '/api/contacts/ct_nobody')).body.merged_into).toBeUndefined();

    // The audit entry says where each kept value came from.
    const audit = (await call('GET', '/api/audit?kind=merged&record_id=ct_ma')).body.data as Json[];
    expect(audit).toHaveLength(1);
    const sources = audit[0]!.data.sources as Json;
    expect(sources.title).toEqual({ rule: 'chosen', from: 'ct_mb', from_name: 'Ada Byron' });
    expect(sources.phone).toMatchObject({ rule: 'chosen', from: 'ct_ma' });
    expect(sources.notes).toEqual({ rule: 'concatenated', from: ['ct_ma', 'ct_mb'] });
    expect(sources.other_emails).toMatchObject({ rule: 'united' });

    // Secondary values are searchable and count for duplicates.
    const found = (await call('GET', '/api/contacts?q=ada@kestrel.io')).body.data as Json[];
    expect(found.map((r) => r.id)).toContain('ct_ma');
    const byPhone = (await call('GET', `/api/contacts?q=${encodeURIComponent('7946 0002')}`)).body.data as Json[];
    expect(byPhone.map((r) => r.id)).toContain('ct_ma');
    // A secondary e-mail does not block the same primary e-mail elsewhere: the new record is flagged instead.
    const again = await call('POST', '/api/contacts', { id: 'ct_mc', first_name: 'A.', last_name: 'Byron', email: 'ADA@kestrel.io' });
    expect(again.status).toBe(201);
    expect(again.body.duplicates).toEqual([{ id: 'ct_ma', name: 'Ada Byron', reasons: ['same email'] }]);
    const pairs = (await call('GET', '/api/duplicates/contacts')).body.data as Json[];
    expect(pairs).toContainEqual(expect.objectContaining({ a: 'ct_ma', b: 'ct_mc', reasons: ['same email'] }));
    const byOtherPhone = await call('POST', '/api/contacts', { id: 'ct_md', first_name: 'Someone', phone: '+442079460002' });
    expect(byOtherPhone.body.duplicates.map((d: Json) => [d.id, d.reasons])).toEqual([['ct_ma', ['same phone']]]);
    // The reverse: a new record whose secondary e-mail is someone's primary.
    const reverse = await call('POST', '/api/contacts', { id: 'ct_me', first_name: 'Other', other_emails: ['Ada.Byron@gmail.com'] });
    expect(reverse.body.duplicates.map((d: Json) => d.id)).toContain('ct_ma');
    expect((await call('POST', '/api/contacts', { first_name: 'X', other_emails: ['not-an-email'] })).status).toBe(400);

    // Merging the survivor in turn: the first merged id follows along.
    expect((await call('POST', '/api/contacts/merge', { survivor: 'ct_mc', merged: ['ct_ma'] })).status).toBe(200);
    expect((await call('GET', '/api/contacts/ct_mb')).body.merged_into).toBe('ct_mc');
    const last = (await call('GET', '/api/contacts/ct_mc')).body.data as Json;
    expect(last.email).toBe('ADA@kestrel.io');
    // ada@kestrel.io is the primary now (same key), the others stay secondary.
    expect(last.other_emails).toEqual(['ada.byron@gmail.com']);
  });

  it('merges companies keeping the other domain', async () => {
    await call('POST', '/api/companies', { id: 'co_d1', name: 'Northwind', domain: 'northwind.com' });
    await call('POST', '/api/companies', { id: 'co_d2', name: 'Northwind Traders', domain: 'northwind.co.uk', description: 'UK arm' });
    const r = await call('POST', '/api/companies/merge', { survivor: 'co_d1', merged: ['co_d2'] });
    expect(r.body.data.survivor).toMatchObject({ domain: 'northwind.com', other_domains: ['northwind.co.uk'], description: 'UK arm' });
    const dup = await call('POST', '/api/companies', { name: 'NW UK', domain: 'https://www.northwind.co.uk/' });
    expect(dup.body.duplicates.map((d: Json) => [d.id, d.reasons])).toEqual([['co_d1', ['same domain']]]);
  });
});
