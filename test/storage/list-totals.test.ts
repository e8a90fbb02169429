/**
 * A list's total counted up to a cap, on both databases: below the cap it is exact, past it the cap with
 * `totalCapped`; filters, full-text search and both together count the same way; no cap counts every match. Over
 * HTTP the list says `total_capped: true` past 1,000 matches (LIST_TOTAL_CAP) and `total=exact` counts them all.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ENTITIES } from '../../src/core/entities.js';
import { DEFAULT_WORKSPACE } from '../../src/crm/index.js';
import { LIST_TOTAL_CAP } from '../../src/crm/list-params.js';
import { commitWrites } from '../../src/crm/write-commit.js';
import { planCreate, type WriteMeta } from '../../src/crm/write-pipeline.js';
import { ChangeFeed } from '../../src/crm/change-feed.js';
import { describeEachBackend, TEST_NOW } from '../support/backends.js';
import { serveForTest, type TestServer } from '../support/serve.js';

const ws = DEFAULT_WORKSPACE;
const contacts = ENTITIES.contact;
/** 1,001 engineers (one more than the API's cap), the first 30 contacted (7 of them "platform" engineers); 5 accountants, contacted too. */
const ENGINEERS = LIST_TOTAL_CAP + 1;

describeEachBackend('list totals counted up to a cap', (ctx) => {
  let server: TestServer;

  beforeAll(async () => {
    const { crm } = ctx();
    const meta: WriteMeta = { at: TEST_NOW, source: 'import', actor: null };
    const rows = [
      ...Array.from({ length: ENGINEERS }, (_, i) => ({
        id: `ct_cap${String(i).padStart(5, '0')}`,
        first_name: `Eng${i}`,
        last_name: 'Capped',
        title: i < 7 ? 'Platform engineer' : 'Engineer',
        lead_status: i < 30 ? 'contacted' : 'new',
      })),
      ...Array.from({ length: 5 }, (_, i) => ({ id: `ct_acc${i}`, first_name: `Acc${i}`, last_name: 'Counted', title: 'Accountant', lead_status: 'contacted' })),
    ];
    await crm.storage.transaction((tx) => commitWrites(tx, ws, contacts, rows.map((r) => planCreate(contacts, r, meta)), meta, new ChangeFeed()));
    server = await serveForTest({ crm });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  const list = (query: Parameters<ReturnType<typeof ctx>['crm']['records']['list']>[2]) => ctx().crm.records.list(ws, contacts, query);
  const contacted = [{ field: 'lead_status', op: 'eq' as const, value: 'contacted' }];

  it('counts exactly up to the cap and says when it stopped there', async () => {
    expect(await list({ filters: contacted, limit: 2, withTotal: true, totalCap: 100 })).toMatchObject({ total: 35 });
    expect((await list({ filters: contacted, limit: 2, withTotal: true, totalCap: 35 })).totalCapped).toBeUndefined();
    expect(await list({ filters: contacted, limit: 2, withTotal: true, totalCap: 34 })).toMatchObject({ total: 34, totalCapped: true });
    expect(await list({ filters: contacted, limit: 2, withTotal: true })).toMatchObject({ total: 35 });
    const page = await list({ limit: 3, withTotal: true, totalCap: 1000, sort: { field: 'id', direction: 'asc' } });
    expect(page).toMatchObject({ total: 1000, totalCapped: true });
    expect(page.records.map((r) => r.id)).toEqual(['ct_acc0', 'ct_acc1', 'ct_acc2']);
    expect(await list({ limit: 3, withTotal: true })).toMatchObject({ total: ENGINEERS + 5 });
    expect((await list({ limit: 3, withTotal: false, totalCap: 10 })).total).toBeUndefined();
  });

  it('counts full-text matches the same way, ranked or sorted, with and without filters', async () => {
    // Ranked (no sort), no filter: the search documents alone are counted.
    expect(await list({ q: 'platform', limit: 2, withTotal: true, totalCap: 7 })).toMatchObject({ total: 7 });
    expect(await list({ q: 'platform', limit: 2, withTotal: true, totalCap: 6 })).toMatchObject({ total: 6, totalCapped: true });
    expect(await list({ q: 'engineer', limit: 2, withTotal: true })).toMatchObject({ total: ENGINEERS });
    // A ranked page reads a capped total from its own ranking; the next page (an offset) says the same.
    const first = await list({ q: 'platform', limit: 5, withTotal: true, totalCap: 100 });
    expect(first).toMatchObject({ total: 7 });
    const second = await list({ q: 'platform', limit: 5, withTotal: true, totalCap: 100, cursor: first.nextCursor! });
    expect(second.records).toHaveLength(2);
    expect(second).toMatchObject({ total: 7 });
    expect(await list({ q: 'engineer', limit: 2, withTotal: true, totalCap: 500 })).toMatchObject({ total: 500, totalCapped: true });
    // With a filter, and sorted by a field.
    expect(await list({ q: 'engineer', filters: contacted, limit: 2, withTotal: true, totalCap: 30 })).toMatchObject({ total: 30 });
    expect(await list({ q: 'engineer', filters: contacted, limit: 2, withTotal: true, totalCap: 29 })).toMatchObject({ total: 29, totalCapped: true });
    expect(await list({ q: 'engineer', filters: contacted, limit: 2, withTotal: true, sort: { field: 'last_name', direction: 'asc' } })).toMatchObject({ total: 30 });
    const accountants = await list({ q: 'accountant', limit: 10, withTotal: true, totalCap: LIST_TOTAL_CAP });
    expect(accountants.total).toBe(5);
    expect(accountants.totalCapped).toBeUndefined();
    expect(await list({ q: 'nobodyhasthisword', limit: 10, withTotal: true, totalCap: 10 })).toMatchObject({ total: 0, records: [] });
  });

  it('over HTTP: total stops at the cap with total_capped, total=exact counts all, total=false none', async () => {
    const capped = await server.call('GET', '/api/contacts?limit=1');
    expect(capped.status).toBe(200);
    expect(capped.body).toMatchObject({ total: LIST_TOTAL_CAP, total_capped: true });
    const searched = await server.call('GET', '/api/contacts?q=engineer&limit=1');
    expect(searched.body).toMatchObject({ total: LIST_TOTAL_CAP, total_capped: true });
    const exact = await server.call('GET', '/api/contacts?limit=1&total=exact');
    expect(exact.body.total).toBe(ENGINEERS + 5);
    expect(exact.body).not.toHaveProperty('total_capped');
    const small = await server.call('GET', '/api/contacts?lead_status=contacted&limit=1');
    expect(small.body.total).toBe(35);
    expect(small.body).not.toHaveProperty('total_capped');
    const none = await server.call('GET', '/api/contacts?limit=1&total=false');
    expect(none.body).not.toHaveProperty('total');
    expect(none.body).not.toHaveProperty('total_capped');
  });
});
