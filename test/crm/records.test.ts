import { expect, it } from 'vitest';
import { CrmError } from '../../src/core/errors.js';
import { DEFAULT_WORKSPACE } from '../../src/crm/index.js';
import { describeEachBackend } from '../support/backends.js';

const ws = DEFAULT_WORKSPACE;

describeEachBackend('record service rules', (ctx) => {
  it('gives new records a prefixed id and keeps given ids', async () => {
    const { records } = ctx().crm;
    const a = await records.create(ws, 'company', { name: 'Acme Payments', domain: 'https://www.Acme.com/' });
    expect(a.record.id).toMatch(/^co_[0-9a-z]{26}$/);
    const b = await records.create(ws, 'company', { id: 'co_given', name: 'Given Ltd' });
    expect(b.record.id).toBe('co_given');
    await expect(records.create(ws, 'company', { id: 'co_given', name: 'Again' })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('flags likely duplicates on create with the reason', async () => {
    const { records } = ctx().crm;
    const dup = await records.create(ws, 'company', { id: 'co_acme2', name: 'ACME Payments Inc.', domain: 'acme.com' });
    expect(dup.duplicates).toHaveLength(1);
    expect(dup.duplicates[0]?.reasons).toEqual(['same domain', 'same name']);
    const near = await records.create(ws, 'company', { id: 'co_acme3', name: 'Acme Paymnts' });
    expect(near.duplicates.map((d) => d.reasons)).toEqual([['similar name'], ['similar name']]);
    const unrelated = await records.create(ws, 'company', { id: 'co_other', name: 'Zebra Logistics' });
    expect(unrelated.duplicates).toEqual([]);
  });

  it('does not pair names on letter similarity alone', async () => {
    const { records } = ctx().crm;
    await records.create(ws, 'company', { id: 'co_ig', name: 'Iron Guard' });
    const r = await records.create(ws, 'company', { id: 'co_im', name: 'Iron Market' });
    expect(r.duplicates).toEqual([]);
  });

  it('finds people with the same or a near-identical name at the same company', async () => {
    const { records } = ctx().crm;
    await records.create(ws, 'contact', { id: 'ct_jon', first_name: 'Jonathan', last_name: 'Smith', company_id: 'co_given', email: 'jon@given.com' });
    const same = await records.create(ws, 'contact', { id: 'ct_jon2', first_name: 'jonathan', last_name: 'SMITH', company_id: 'co_given' });
    expect(same.duplicates).toEqual([{ id: 'ct_jon', name: 'Jonathan Smith', reasons: ['same name at the same company'] }]);
    const near = await records.create(ws, 'contact', { id: 'ct_jon3', first_name: 'Jonathon', last_name: 'Smith', company_id: 'co_given' });
    expect(near.duplicates.map((d) => [d.id, d.reasons])).toEqual([
      ['ct_jon', ['similar name at the same company']],
      ['ct_jon2', ['similar name at the same company']],
    ]);
    const elsewhere = await records.create(ws, 'contact', { id: 'ct_jon4', first_name: 'Jonathan', last_name: 'Smith', company_id: 'co_other' });
    expect(elsewhere.duplicates).toEqual([]);
  });

  it('refuses an email already used, whatever its case and spacing', async () => {
    const { records } = ctx().crm;
    const err = await records.create(ws, 'contact', { first_name: 'X', email: '  JON@Given.com ' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrmError);
    expect(err).toMatchObject({ code: 'conflict', message: 'email   JON@Given.com  is already used by contact ct_jon' });
  });

  it('refuses references to records that do not exist', async () => {
    await expect(ctx().crm.records.create(ws, 'deal', { name: 'D', stage: 'lead', company_id: 'co_nope' })).rejects.toMatchObject({
      code: 'validation',
      message: 'company_id: company co_nope does not exist',
    });
  });

  it('leaves a record untouched when an update changes nothing', async () => {
    const { records, clock } = ctx().crm;
    const before = await records.get(ws, 'company', 'co_given');
    (clock as unknown as { advance(ms: number): void }).advance(1000);
    const after = await records.update(ws, 'company', 'co_given', { name: 'Given Ltd' });
    expect(after.updated_at).toBe(before.updated_at);
    const changed = await records.update(ws, 'company', 'co_given', { employees: 12 });
    expect(changed.updated_at).not.toBe(before.updated_at);
  });

  it('sets closed_at when a deal closes, clears it on reopening, and logs each stage move', async () => {
    const { records, clock } = ctx().crm;
    const { record } = await records.create(ws, 'deal', { id: 'dl_t', name: 'Test deal', stage: 'lead', company_id: 'co_given', amount: 1000 });
    expect(record.closed_at).toBeNull();
    (clock as unknown as { advance(ms: number): void }).advance(60_000);
    const won = await records.update(ws, 'deal', 'dl_t', { stage: 'closed_won' });
    expect(won.closed_at).toBe('2026-11-01T12:01:01Z');
    const reopened = await records.update(ws, 'deal', 'dl_t', { stage: 'negotiation' });
    expect(reopened.closed_at).toBeNull();
    await expect(records.update(ws, 'deal', 'dl_t', { closed_at: '2026-01-01T00:00:00Z' })).rejects.toMatchObject({ code: 'validation' });
    const history = await records.stageHistory(ws, 'dl_t');
    expect(history.map((h) => [h.from_stage, h.to_stage])).toEqual([
      [null, 'lead'],
      ['lead', 'closed_won'],
      ['closed_won', 'negotiation'],
    ]);
    const timeline = await ctx().crm.timeline.timeline(ws, 'company', 'co_given');
    expect(timeline.items.filter((i) => i.type === 'event' && i.kind === 'stage_changed')).toHaveLength(2);
  });

  it('deleting a company keeps its people and deals, unlinked', async () => {
    const { records } = ctx().crm;
    await records.create(ws, 'company', { id: 'co_gone', name: 'Gone Co' });
    await records.create(ws, 'contact', { id: 'ct_left', first_name: 'Left', company_id: 'co_gone' });
    await records.delete(ws, 'company', 'co_gone');
    await expect(records.get(ws, 'company', 'co_gone')).rejects.toMatchObject({ code: 'not_found' });
    expect((await records.get(ws, 'contact', 'ct_left')).company_id).toBeNull();
  });
});

describeEachBackend('merging duplicates', (ctx) => {
  it('moves deals, activities and timeline to the survivor and fills its empty fields, in one step', async () => {
    const { records, merge, timeline } = ctx().crm;
    await records.create(ws, 'company', { id: 'co_1', name: 'Acme' });
    await records.create(ws, 'contact', { id: 'ct_s', first_name: 'Ada', last_name: 'Lovelace', company_id: 'co_1', tags: ['vip'] });
    await records.create(ws, 'contact', { id: 'ct_m', first_name: 'Ada', last_name: 'Lovelace', company_id: 'co_1', email: 'ada@acme.com', title: 'CTO', tags: ['tech', 'vip'], custom: { source_system: 'legacy' } });
    await records.create(ws, 'deal', { id: 'dl_m', name: 'Deal', stage: 'lead', contact_id: 'ct_m', company_id: 'co_1' });
    await records.create(ws, 'activity', { id: 'ac_m', type: 'call', contact_id: 'ct_m', occurred_at: '2026-10-01T10:00:00Z', subject: 'Intro call' });
    await records.update(ws, 'contact', 'ct_m', { notes: 'Prefers email' });

    const preview = await merge.preview(ws, 'contact', 'ct_s', ['ct_m']);
    expect(preview.record.email).toBe('ada@acme.com');
    expect((await records.get(ws, 'contact', 'ct_m')).id).toBe('ct_m');

    const result = await merge.merge(ws, 'contact', 'ct_s', ['ct_m']);
    expect(result.survivor).toMatchObject({ email: 'ada@acme.com', title: 'CTO', notes: 'Prefers email', tags: ['vip', 'tech'], custom: { source_system: 'legacy' } });
    expect(result.moved).toEqual({ 'deals.contact_id': 1, 'activities.contact_id': 1 });
    expect((await records.get(ws, 'deal', 'dl_m')).contact_id).toBe('ct_s');
    expect((await records.get(ws, 'activity', 'ac_m')).contact_id).toBe('ct_s');
    await expect(records.get(ws, 'contact', 'ct_m')).rejects.toMatchObject({ code: 'not_found' });
    const items = (await timeline.timeline(ws, 'contact', 'ct_s')).items;
    const merged = items.find((i) => i.type === 'event' && i.kind === 'merged');
    expect(merged && merged.type === 'event' && (merged.data.merged as { id: string }[])[0]?.id).toBe('ct_m');
    expect(items.some((i) => i.type === 'event' && i.kind === 'updated')).toBe(true); // ct_m's history moved over
    expect(items.some((i) => i.type === 'activity' && i.activity.id === 'ac_m')).toBe(true);
    // The email moved with the merge, and is still unique.
    await expect(records.create(ws, 'contact', { email: 'ADA@acme.com' })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('merges companies, moving their people and deals', async () => {
    const { records, merge } = ctx().crm;
    await records.create(ws, 'company', { id: 'co_2', name: 'Acme Inc', domain: 'acme.com' });
    await records.create(ws, 'contact', { id: 'ct_2', first_name: 'Bo', company_id: 'co_2' });
    const r = await merge.merge(ws, 'company', 'co_1', ['co_2']);
    expect(r.survivor.domain).toBe('acme.com');
    expect((await records.get(ws, 'contact', 'ct_2')).company_id).toBe('co_1');
  });

  it('refuses merges that make no sense, writing nothing', async () => {
    const { merge } = ctx().crm;
    await expect(merge.merge(ws, 'contact', 'ct_s', [])).rejects.toMatchObject({ code: 'validation' });
    await expect(merge.merge(ws, 'contact', 'ct_s', ['ct_s'])).rejects.toMatchObject({ code: 'validation' });
    await expect(merge.merge(ws, 'contact', 'ct_s', ['ct_2', 'ct_2'])).rejects.toMatchObject({ code: 'validation' });
    await expect(merge.merge(ws, 'contact', 'ct_s', ['ct_2', 'ct_missing'])).rejects.toMatchObject({ code: 'not_found' });
    await expect(merge.merge(ws, 'deal', 'dl_m', ['dl_x'])).rejects.toMatchObject({ code: 'validation' });
    expect((await ctx().crm.records.get(ws, 'contact', 'ct_2')).id).toBe('ct_2');
  });
});
