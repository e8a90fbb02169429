/**
 * A list's first page that holds every match (no cursor, no row past the limit) takes its total from its own rows:
 * the count statement is not run (an NLQ answer of fewer than 50 records ran its filters twice). Wherever the page
 * may not hold every match — a row past the limit, a later page, a bounded ranking — the total is still counted;
 * either way the figure is the one the count gives, capped the same way.
 */
import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import { ENTITIES } from '../../src/core/entities.js';
import { DEFAULT_WORKSPACE } from '../../src/crm/index.js';
import type { ListQuery } from '../../src/storage/index.js';
import { RecordLister } from '../../src/storage/query/list.js';
import { describeEachBackend } from '../support/backends.js';

const ws = DEFAULT_WORKSPACE;
const contacts = ENTITIES.contact;
/** Seven contacts whose title says "Fromage", three of them also "cave"; others beside them. */
const FROMAGE = 7;

describeEachBackend('list totals read from a page that holds every match', (ctx) => {
  beforeAll(async () => {
    const { crm } = ctx();
    for (let i = 0; i < FROMAGE; i++) {
      await crm.records.create(ws, 'contact', { id: `ct_fro_${i}`, first_name: `Fro${i}`, last_name: 'Mager', title: i < 3 ? 'Fromage cave officer' : 'Fromage officer' }, { source: 'api', actor: null });
    }
    for (let i = 0; i < 4; i++) {
      await crm.records.create(ws, 'contact', { id: `ct_oth_${i}`, first_name: `Oth${i}`, last_name: 'Other', title: 'Account executive' }, { source: 'api', actor: null });
    }
  });

  // The count statement is RecordLister's private `total`: watched, not replaced.
  const counted = () => vi.spyOn(RecordLister.prototype as unknown as { total: () => Promise<unknown> }, 'total');
  afterEach(() => vi.restoreAllMocks());

  const list = (q: Partial<ListQuery>) => ctx().crm.storage.records.list(ws, contacts, { limit: 50, withTotal: true, ...q } as ListQuery);
  const fromage: ListQuery['filters'] = [{ field: 'title', op: 'contains', value: 'fromage' }];

  it('a first page with every match: its row count, no count statement', async () => {
    const spy = counted();
    for (const limit of [50, FROMAGE]) {
      const page = await list({ filters: fromage, limit });
      expect(page.records).toHaveLength(FROMAGE);
      expect(page.nextCursor).toBeNull();
      expect(page.total).toBe(FROMAGE);
      expect(page.totalCapped).toBeUndefined();
    }
    const none = await list({ filters: [{ field: 'title', op: 'contains', value: 'no such title' }] });
    expect(none.total).toBe(0);
    expect(spy).not.toHaveBeenCalled();
  });

  it('a row past the limit or a later page: counted, the same figure', async () => {
    const spy = counted();
    const first = await list({ filters: fromage, limit: 4 });
    expect(first.records).toHaveLength(4);
    expect(first.total).toBe(FROMAGE);
    const second = await list({ filters: fromage, limit: 4, cursor: first.nextCursor! });
    expect(second.records).toHaveLength(FROMAGE - 4);
    expect(second.total).toBe(FROMAGE);
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it('capped as a counted total is, below the page size too', async () => {
    const spy = counted();
    expect(await list({ filters: fromage, totalCap: 3 }).then((p) => [p.total, p.totalCapped])).toEqual([3, true]);
    expect(await list({ filters: fromage, totalCap: FROMAGE }).then((p) => [p.total, p.totalCapped])).toEqual([FROMAGE, undefined]);
    expect(spy).not.toHaveBeenCalled();
  });

  it('full-text search, ranked or sorted, filtered or not: the page total equals the counted one', async () => {
    const cases: Partial<ListQuery>[] = [
      { q: 'fromage' },
      { q: 'fromage', totalCap: 1000 },
      { q: 'fromage', sort: { field: 'first_name', direction: 'asc' } },
      { q: 'fromage', filters: [{ field: 'title', op: 'contains', value: 'cave' }] },
    ];
    for (const c of cases) {
      const spy = counted();
      const whole = await list(c);
      expect(spy, JSON.stringify(c)).not.toHaveBeenCalled();
      spy.mockRestore();
      // One row a page: the second row is past the limit, so the total is counted.
      const countedPage = await list({ ...c, limit: 1 });
      expect(whole.total, JSON.stringify(c)).toBe(countedPage.total);
      expect(whole.records).toHaveLength(whole.total!);
    }
    expect((await list({ q: 'fromage' })).total).toBe(FROMAGE);
    expect((await list({ q: 'fromage', filters: [{ field: 'title', op: 'contains', value: 'cave' }] })).total).toBe(3);
  });

  it('without withTotal: no total at all', async () => {
    const page = await ctx().crm.storage.records.list(ws, contacts, { filters: fromage, limit: 50 });
    expect(page.total).toBeUndefined();
  });
});
