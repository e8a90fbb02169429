import { expect, it } from 'vitest';
import { ENTITIES, type CrmRecord } from '../../src/core/entities.js';
import type { Filter } from '../../src/storage/index.js';
import { describeEachBackend } from '../support/backends.js';

const company = ENTITIES.company;
const rec = (id: string, fields: Record<string, unknown>): CrmRecord => ({
  id,
  custom: {},
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  ...fields,
});

describeEachBackend('record repository', (ctx) => {
  const setup = async () => {
    const { storage } = ctx().crm;
    await storage.workspaces.ensure({ id: 'w1', name: 'One', created_at: '2026-01-01T00:00:00Z' });
    await storage.workspaces.ensure({ id: 'w2', name: 'Two', created_at: '2026-01-01T00:00:00Z' });
    const rows = Array.from({ length: 23 }, (_, i) =>
      rec(`co_${String(i).padStart(2, '0')}`, {
        name: `Company ${i}`,
        industry: i % 2 ? 'Fintech' : 'Healthcare',
        employees: i % 5 === 0 ? null : i * 10,
        annual_revenue: i * 1000.5,
      }),
    );
    await storage.records.upsertMany('w1', company, rows, ['id', 'name', 'industry', 'employees', 'annual_revenue', 'created_at']);
    await storage.search.index('w1', 'company', rows.map((r) => ({ id: r.id, body: String(r.name) })));
  };

  it('scopes every read to its workspace', async () => {
    await setup();
    const { records } = ctx().crm.storage;
    expect(await records.count('w1', company)).toBe(23);
    expect(await records.count('w2', company)).toBe(0);
    expect(await records.get('w2', company, 'co_01')).toBeUndefined();
    expect((await records.list('w2', company, { limit: 50, q: 'company' })).records).toEqual([]);
    expect(await records.getMany('w2', company, ['co_01', 'co_02'])).toEqual([]);
    expect(await records.delete('w2', company, ['co_01'])).toBe(0);
    expect(await records.get('w1', company, 'co_01')).toBeDefined();
  });

  it('walks a sort with empty values through cursor pages without gaps or repeats', async () => {
    const { records } = ctx().crm.storage;
    for (const direction of ['asc', 'desc'] as const) {
      const seen: CrmRecord[] = [];
      let cursor: string | undefined;
      do {
        const page = await records.list('w1', company, { sort: { field: 'employees', direction }, limit: 4, cursor });
        seen.push(...page.records);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen.map((r) => r.id).sort()).toEqual(Array.from({ length: 23 }, (_, i) => `co_${String(i).padStart(2, '0')}`));
      const values = seen.map((r) => (r.employees as number | null) ?? -1);
      expect(values).toEqual([...values].sort((a, b) => (direction === 'asc' ? a - b : b - a)));
    }
  });

  it('filters with ranges, lists and emptiness, and counts the matches', async () => {
    const { records } = ctx().crm.storage;
    const page = await records.list('w1', company, {
      filters: [
        { field: 'industry', op: 'eq', value: 'Fintech' },
        { field: 'employees', op: 'gte', value: 50 },
        { field: 'employees', op: 'lt', value: 150 },
      ],
      sort: { field: 'employees', direction: 'asc' },
      limit: 50,
      withTotal: true,
    });
    expect(page.records.map((r) => r.employees)).toEqual([70, 90, 110, 130]);
    expect(page.total).toBe(4);
    expect(await records.count('w1', company, [{ field: 'employees', op: 'empty', value: true }])).toBe(5);
    expect(await records.count('w1', company, [{ field: 'id', op: 'in', value: ['co_01', 'co_02', 'nope'] }])).toBe(2);
    expect(await records.count('w1', company, [{ field: 'industry', op: 'contains', value: 'TECH' }])).toBe(11);
  });

  it('filters on the referenced record in the same query, negated and or-ed, within the workspace', async () => {
    const { records } = ctx().crm.storage;
    const contact = ENTITIES.contact;
    const people = [
      rec('ct_a', { first_name: 'Ada', title: 'CTO', company_id: 'co_01' }), // Fintech
      rec('ct_b', { first_name: 'Ben', title: 'VP Sales', company_id: 'co_02' }), // Healthcare
      rec('ct_c', { first_name: 'Cy', title: 'CTO', company_id: null }),
      rec('ct_d', { first_name: 'Di', title: 'Analyst', company_id: 'co_03' }), // Fintech
    ];
    await records.upsertMany('w1', contact, people, ['id', 'first_name', 'title', 'company_id', 'created_at']);
    // The same company id in another workspace must not leak into w1's sub-query.
    await records.upsertMany('w2', company, [rec('co_02', { name: 'Elsewhere', industry: 'Fintech' })], ['id', 'name', 'industry', 'created_at']);
    const ids = async (filters: Filter[]) =>
      (await records.list('w1', contact, { filters, limit: 50, sort: { field: 'id', direction: 'asc' } })).records.map((r) => r.id);
    const fintech: Filter = { field: 'company_id', op: 'related', value: { filters: [{ field: 'industry', op: 'eq', value: 'Fintech' }] } };
    expect(await ids([fintech])).toEqual(['ct_a', 'ct_d']);
    expect(await ids([{ ...fintech, value: { filters: [{ field: 'industry', op: 'eq', value: 'Fintech' }], negate: true } }])).toEqual(['ct_b', 'ct_c']);
    const ctoOrVp: Filter = { field: '', op: 'any', value: [[{ field: 'title', op: 'eq', value: 'CTO' }], [{ field: 'title', op: 'contains', value: 'vp' }]] };
    expect(await ids([ctoOrVp])).toEqual(['ct_a', 'ct_b', 'ct_c']);
    expect(await ids([ctoOrVp, fintech])).toEqual(['ct_a']);
    expect(await records.count('w1', contact, [fintech])).toBe(2);
    expect(await records.ids('w1', contact, [ctoOrVp], 2)).toEqual(['ct_a', 'ct_b']);
    const byCompany = await records.aggregate('w1', contact, { fn: 'count', filters: [ctoOrVp], groupBy: 'company_id' });
    expect(byCompany.map((r) => [r.group, r.count])).toEqual([[null, 1], ['co_01', 1], ['co_02', 1]]);
    await expect(records.list('w1', contact, { filters: [{ field: 'title', op: 'related', value: { filters: [] } }], limit: 5 })).rejects.toThrow(/does not refer/);
    await records.delete('w1', contact, people.map((p) => p.id));
  });

  it('aggregates with and without groups', async () => {
    const { records } = ctx().crm.storage;
    const grouped = await records.aggregate('w1', company, { fn: 'count', groupBy: 'industry' });
    expect(grouped).toEqual([
      { group: 'Fintech', value: 11, count: 11 },
      { group: 'Healthcare', value: 12, count: 12 },
    ]);
    const [sum] = await records.aggregate('w1', company, { fn: 'sum', field: 'employees', filters: [{ field: 'industry', op: 'eq', value: 'Fintech' }] });
    expect(sum?.value).toBe([1, 3, 7, 9, 11, 13, 17, 19, 21].reduce((a, i) => a + i * 10, 0));
    const [max] = await records.aggregate('w1', company, { fn: 'max', field: 'annual_revenue' });
    expect(max?.value).toBeCloseTo(22 * 1000.5);
  });

  it('ranks full-text matches and matches the last word as a prefix', async () => {
    const { records } = ctx().crm.storage;
    expect((await records.list('w1', company, { q: 'company 7', limit: 10 })).records.map((r) => r.id)).toEqual(['co_07']);
    const prefix = await records.list('w1', company, { q: 'compa', limit: 50, withTotal: true });
    expect(prefix.total).toBe(23);
    expect((await records.list('w1', company, { q: '"; DROP TABLE companies; --', limit: 10 })).records).toEqual([]);
  });

  it('finds records by normalised key and by a whole word of the key', async () => {
    const { records } = ctx().crm.storage;
    await records.insert('w1', company, rec('co_acme', { name: 'Acme Payments, Inc.', domain: 'https://www.Acme.com/' }));
    expect((await records.findByKey('w1', company, 'domain_key', 'acme.com')).map((r) => r.id)).toEqual(['co_acme']);
    expect((await records.findByKeyWord('w1', company, 'name_key', 'payments')).map((r) => r.id)).toEqual(['co_acme']);
    expect(await records.findByKeyWord('w1', company, 'name_key', 'pay')).toEqual([]);
    const stored = await records.get('w1', company, 'co_acme');
    expect(stored?.domain).toBe('https://www.Acme.com/');
  });

  it('reassigns references in bulk', async () => {
    const { storage } = ctx().crm;
    await storage.records.insert('w1', ENTITIES.contact, rec('ct_1', { company_id: 'co_01', email: 'a@b.co' }));
    await storage.records.insert('w1', ENTITIES.contact, rec('ct_2', { company_id: 'co_02', email: 'b@b.co' }));
    expect(await storage.records.reassignRefs('w1', ENTITIES.contact, 'company_id', ['co_01', 'co_02'], 'co_03', '2026-02-01T00:00:00Z')).toBe(2);
    expect((await storage.records.get('w1', ENTITIES.contact, 'ct_1'))?.company_id).toBe('co_03');
  });

  it('rolls a failed transaction back completely', async () => {
    const { storage } = ctx().crm;
    await expect(
      storage.transaction(async (tx) => {
        await tx.records.insert('w1', company, rec('co_tx', { name: 'In transaction' }));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await storage.records.get('w1', company, 'co_tx')).toBeUndefined();
  });
});

describeEachBackend('relevance search over any word', (ctx) => {
  it('ranks records matching more and rarer words first', async () => {
    const { storage } = ctx().crm;
    const docs = [
      ['c1', 'Worried about SOC 2 compliance audits next quarter'],
      ['c2', 'Compliance team must sign off on any vendor'],
      ['c3', 'Interested in machine learning pilots'],
      ['c4', 'Wants better pipeline forecasts'],
    ];
    await storage.records.upsertMany('default', ENTITIES.company, docs.map(([id]) => rec(id!, { name: id })), ['id', 'name', 'created_at']);
    await storage.search.index('default', 'company', docs.map(([id, body]) => ({ id: id!, body: body! })));
    const hits = await storage.records.textSearch('default', ENTITIES.company, 'people worried about compliance audits', 10);
    expect(hits.map((h) => h.id)).toEqual(['c1', 'c2']);
    const filtered = await storage.records.textSearch('default', ENTITIES.company, 'compliance', 10, [{ field: 'id', op: 'ne', value: 'c1' }]);
    expect(filtered.map((h) => h.id)).toEqual(['c2']);
  });

  it('leaves a word found in more than 20,000 documents out of any-word ranking while a rarer word remains', async () => {
    const { storage } = ctx().crm;
    const common = Array.from({ length: 20_001 }, (_, i) => ({ id: `n${i}`, body: `plentiful note ${i}` }));
    await storage.search.index('ws_terms', 'activity', [...common, { id: 'z1', body: 'zebra plentiful' }, { id: 'z2', body: 'zebra stripes' }]);
    // Every word: only z1. Any word: the zebras, not 20,000 notes that share only the common word.
    const hits = await storage.records.textSearch('ws_terms', ENTITIES.activity, 'zebra plentiful', 10);
    expect(hits.map((h) => h.id)).toEqual(['z1', 'z2']);
    // Alone, a common word is still searched.
    expect(await storage.records.textSearch('ws_terms', ENTITIES.activity, 'plentiful', 10)).toHaveLength(10);
  }, 60_000);
});

describeEachBackend('failed sign-in counts', (ctx) => {
  it('counts simultaneous failures, restarts a run that began before the window, and clears on success', async () => {
    const { users } = ctx().crm.storage;
    expect(await users.failedLogins('us_lock')).toBeUndefined();
    // Twenty at once, as from many addresses: one upsert each, none lost.
    await Promise.all(Array.from({ length: 20 }, () => users.recordFailedLogin('us_lock', '2026-11-01T12:00:00Z', '2026-11-01T11:45:00Z')));
    expect(await users.failedLogins('us_lock')).toEqual({ failures: 20, first_at: '2026-11-01T12:00:00Z' });
    await users.recordFailedLogin('us_lock', '2026-11-01T12:10:00Z', '2026-11-01T11:55:00Z');
    expect(await users.failedLogins('us_lock')).toEqual({ failures: 21, first_at: '2026-11-01T12:00:00Z' });
    // The run began before this failure's window: it starts again.
    await users.recordFailedLogin('us_lock', '2026-11-01T12:20:00Z', '2026-11-01T12:05:00Z');
    expect(await users.failedLogins('us_lock')).toEqual({ failures: 1, first_at: '2026-11-01T12:20:00Z' });
    await users.clearFailedLogins('us_lock');
    expect(await users.failedLogins('us_lock')).toBeUndefined();
  });
});
