/**
 * Two reads the web app needs for money and closed deals, over real HTTP on SQLite and PostgreSQL: the board's sums
 * per currency (never one figure across EUR, GBP and dollars), and what the CRM gave a deal just before it closed
 * (from the outcome log), so a closed deal's page does not show today's score as if it were its chance.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createIntelligence, type Intelligence } from '../../src/intelligence/index.js';
import { HashingProvider } from '../../src/intelligence/embeddings/index.js';
import { describeEachBackend, TEST_NOW } from '../support/backends.js';
import type { Json } from '../support/http.js';
import { serveForTest, type Call, type TestServer } from '../support/serve.js';

const WS = 'ws_money';

describeEachBackend('deal money and closes for the web app', (ctx) => {
  let server: TestServer;
  let intelligence: Intelligence;
  const call: Call = (...a) => server.call(...a);

  beforeAll(async () => {
    const { crm } = ctx();
    await crm.storage.workspaces.ensure({ id: WS, name: 'Money', created_at: TEST_NOW });
    intelligence = createIntelligence(crm, { provider: new HashingProvider(16), worker: false });
    await intelligence.start();
    server = await serveForTest({ crm, intelligence, workspace: WS });
    const deals: Json[] = [
      { id: 'dl_m1', name: 'Harbour cranes', stage: 'proposal', amount: 30000, currency: 'EUR' },
      { id: 'dl_m2', name: 'Dock sensors', stage: 'lead', amount: 12000, currency: 'eur' },
      { id: 'dl_m3', name: 'Tide tables', stage: 'proposal', amount: 8000, currency: 'GBP' },
      { id: 'dl_m4', name: 'Ferry tickets', stage: 'lead', amount: 5000 },
      { id: 'dl_m5', name: 'Pier lights', stage: 'negotiation', amount: 7000, currency: 'USD' },
      { id: 'dl_m6', name: 'Old buoy order', stage: 'closed_won', amount: 900, currency: 'GBP' },
    ];
    for (const d of deals) expect((await call('POST', '/api/deals', d)).status).toBe(201);
  });
  afterAll(async () => {
    await server?.close();
    await intelligence?.stop();
  });

  it('sums the pipeline per currency: the workspace currency first (with deals that name none), no figure across two', async () => {
    const r = await call('GET', '/api/pipeline/currencies?forecast=true');
    expect(r.status).toBe(200);
    const body = r.body.data as { workspace_currency: string; currencies: { currency: string; stages: { stage: string; count: number; amount: number }[]; open: Json; weighted: number }[] };
    expect(body.workspace_currency).toBe('USD');
    expect(body.currencies.map((c) => c.currency)).toEqual(['USD', 'EUR', 'GBP']);
    const [usd, eur, gbp] = body.currencies;
    expect(usd!.open).toEqual({ count: 2, amount: 12000 });
    expect(eur!.open).toEqual({ count: 2, amount: 42000 });
    expect(eur!.stages.find((s) => s.stage === 'lead')).toMatchObject({ count: 1, amount: 12000 });
    expect(gbp!.open).toEqual({ count: 1, amount: 8000 });
    expect(gbp!.stages.find((s) => s.stage === 'closed_won')).toMatchObject({ count: 1, amount: 900 });
    // Each currency's weighted forecast is a part of its own open amount.
    for (const c of body.currencies) {
      expect(c.weighted).toBeGreaterThan(0);
      expect(c.weighted).toBeLessThanOrEqual((c.open as { amount: number }).amount);
    }
    // Filters apply as on /api/pipeline; without forecast=true there is none.
    const leads = (await call('GET', '/api/pipeline/currencies?stage=lead')).body.data as { currencies: { currency: string; open: Json; weighted?: number }[] };
    expect(leads.currencies).toEqual([
      expect.objectContaining({ currency: 'USD', open: { count: 1, amount: 5000 } }),
      expect.objectContaining({ currency: 'EUR', open: { count: 1, amount: 12000 } }),
    ]);
    expect(leads.currencies[0]!.weighted).toBeUndefined();
  });

  it("gives a closed deal's probability from just before the close, none for one created closed or reopened", async () => {
    const before = (await call('GET', '/api/deals/dl_m1/score')).body as { probability: number };
    expect((await call('GET', '/api/deals/dl_m1/closing')).body).toEqual({ data: null }); // still open
    expect((await call('PATCH', '/api/deals/dl_m1', { stage: 'closed_won' })).status).toBe(200);
    const closing = (await call('GET', '/api/deals/dl_m1/closing')).body.data as Json;
    expect(closing).toMatchObject({ outcome: 'won', at: expect.any(String) });
    expect(closing.probability).toBeCloseTo(before.probability, 2);
    // Reopened, then lost: the won entry is no longer this deal's close.
    expect((await call('PATCH', '/api/deals/dl_m1', { stage: 'negotiation' })).status).toBe(200);
    expect((await call('GET', '/api/deals/dl_m1/closing')).body).toEqual({ data: null });
    expect((await call('PATCH', '/api/deals/dl_m1', { stage: 'closed_lost' })).status).toBe(200);
    expect((await call('GET', '/api/deals/dl_m1/closing')).body.data).toMatchObject({ outcome: 'lost', probability: expect.any(Number) });
    // Created already won: the log holds the close with the deal as it was created.
    const created = (await call('GET', '/api/deals/dl_m6/closing')).body.data as Json | null;
    expect(created === null || created.outcome === 'won').toBe(true);
    expect((await call('GET', '/api/deals/dl_nobody/closing')).status).toBe(404);
  });
});
