/** Reading every page of a list, and `in` lists read in parts, on both databases. */
import { expect, it } from 'vitest';
import { ENTITIES } from '../../src/core/entities.js';
import { collect, listPages, pagesWhereIn } from '../../src/storage/paging.js';
import { describeEachBackend } from '../support/backends.js';

describeEachBackend('paging helpers', (ctx) => {
  it('reads every page and every part, in order, with nothing twice', async () => {
    const { crm } = ctx();
    const ids = Array.from({ length: 23 }, (_, i) => `co_pg${String(i).padStart(2, '0')}`);
    for (const id of ids) await crm.records.create('default', 'company', { id, name: `Paging ${id}`, industry: id < 'co_pg10' ? 'Energy' : 'Retail' });
    const { records } = crm.storage;
    const pages: number[] = [];
    for await (const page of listPages(records, 'default', ENTITIES.company, { limit: 5, sort: { field: 'id', direction: 'asc' } })) pages.push(page.length);
    expect(pages).toEqual([5, 5, 5, 5, 3]);
    const some = [...ids.slice(0, 12), 'co_missing'];
    const found = await collect(pagesWhereIn(records, 'default', ENTITIES.company, 'id', some, { limit: 2, partSize: 4, filters: [{ field: 'industry', op: 'eq', value: 'Energy' }] }));
    expect(found.map((r) => r.id).sort()).toEqual(ids.slice(0, 10));
  });
});
