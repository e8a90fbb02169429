/**
 * Closing deals over real HTTP on SQLite and PostgreSQL (issue 15): lost reasons (accepted from the workspace's
 * list, refused otherwise, cleared on reopening), the list as an admin setting, idle and overdue flags, the weighted
 * forecast on a small data set computed by hand, and pipeline totals that count open deals only.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_LOST_REASONS } from '../../src/crm/deal-settings.js';
import { describeEachBackend, TEST_NOW } from '../support/backends.js';
import type { Json } from '../support/http.js';
import { serveForTest, type Call, type TestServer } from '../support/serve.js';

const WS = 'ws_close';

describeEachBackend('closing deals over HTTP', (ctx) => {
  let server: TestServer;
  const call: Call = (...a) => server.call(...a);
  /** Runs `fn` with the clock at `iso` (stage moves and activities are dated by it), then puts it back. */
  const at = async <T,>(iso: string, fn: () => Promise<T>): Promise<T> => {
    ctx().clock.set(iso);
    try {
      return await fn();
    } finally {
      ctx().clock.set(TEST_NOW);
    }
  };

  beforeAll(async () => {
    const { crm } = ctx();
    await crm.storage.workspaces.ensure({ id: WS, name: 'Close', created_at: TEST_NOW });
    await crm.storage.workspaces.ensure({ id: 'ws_other', name: 'Other', created_at: TEST_NOW });
    server = await serveForTest({ crm, workspace: WS });
    // Today is 2026-11-01. Open: lead 10k closing in November (created 2 months ago, untouched since: idle), proposal
    // 40k in December (an activity a week ago), negotiation 20k due in October (overdue; created 12 days ago),
    // qualified without amount or date (created in August, moved 12 days ago). Closed: won 99,999 and lost 5,000.
    const create = (iso: string, body: Json) => at(iso, async () => expect((await call('POST', '/api/deals', body)).status).toBe(201));
    await create('2026-09-01T09:00:00Z', { id: 'dl_c1', name: 'Lead 10k', stage: 'lead', amount: 10000, expected_close: '2026-11-20' });
    await create('2026-09-01T09:00:00Z', { id: 'dl_c2', name: 'Proposal 40k', stage: 'proposal', amount: 40000, expected_close: '2026-12-15' });
    await create('2026-10-20T09:00:00Z', { id: 'dl_c3', name: 'Negotiation 20k', stage: 'negotiation', amount: 20000, expected_close: '2026-10-15' });
    await create('2026-08-01T09:00:00Z', { id: 'dl_c4', name: 'Qualified, no amount', stage: 'lead' });
    await at('2026-10-20T09:00:00Z', async () => expect((await call('PATCH', '/api/deals/dl_c4', { stage: 'qualified' })).status).toBe(200));
    await create('2026-06-01T09:00:00Z', { id: 'dl_c5', name: 'Won', stage: 'closed_won', amount: 99999, expected_close: '2026-07-01' });
    await create('2026-06-01T09:00:00Z', { id: 'dl_c6', name: 'Lost', stage: 'negotiation', amount: 5000, expected_close: '2026-07-01' });
    expect((await call('POST', '/api/activities', { type: 'call', deal_id: 'dl_c2', occurred_at: '2026-10-25T10:00:00Z', subject: 'Pricing call' })).status).toBe(201);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('offers the default lost reasons until an admin changes them; members cannot, other workspaces keep theirs', async () => {
    expect(await call('GET', '/api/settings/lost-reasons')).toEqual({ status: 200, body: { data: { reasons: [...DEFAULT_LOST_REASONS] } } });
    const member = await server.member('member');
    expect((await member.call('GET', '/api/settings/lost-reasons')).status).toBe(200);
    const refused = await member.call('PUT', '/api/settings/lost-reasons', { reasons: ['Price'] });
    expect(refused.status).toBe(403);

    const admin = await server.member('admin');
    const reasons = ['Price', 'Chose a competitor', 'No budget', 'Went dark', 'Other'];
    expect(await admin.call('PUT', '/api/settings/lost-reasons', { reasons: ['  Price ', ...reasons.slice(1)] })).toEqual({ status: 200, body: { data: { reasons } } });
    expect((await call('GET', '/api/settings/lost-reasons')).body.data.reasons).toEqual(reasons);
    const audit = (await call('GET', '/api/audit?entity=setting')).body.data as Json[];
    expect(audit[0]).toMatchObject({ entity: 'setting', record_id: 'deals.lost_reasons', kind: 'updated', actor: admin.email, data: { changes: { value: [[...DEFAULT_LOST_REASONS], reasons] } } });

    const elsewhere = await server.member('owner', { ws: 'ws_other' });
    expect((await elsewhere.call('GET', '/api/settings/lost-reasons')).body.data.reasons).toEqual([...DEFAULT_LOST_REASONS]);
  });

  it('keeps a workspace currency for new deals: USD until an admin sets another, a bad code refused with 400, audited', async () => {
    expect(await call('GET', '/api/settings/currency')).toEqual({ status: 200, body: { data: { currency: 'USD' } } });
    const member = await server.member('member');
    expect((await member.call('PUT', '/api/settings/currency', { currency: 'EUR' })).status).toBe(403);
    for (const bad of ['EU', 'EURO', '€', '12A', '']) {
      const refused = await call('PUT', '/api/settings/currency', { currency: bad });
      expect([refused.status, String(refused.body.message)]).toEqual([400, expect.stringMatching(/three-letter/)]);
    }
    expect((await call('PUT', '/api/settings/currency', {})).status).toBe(400);
    expect((await call('GET', '/api/settings/currency')).body.data.currency).toBe('USD');
    const admin = await server.member('admin');
    expect(await admin.call('PUT', '/api/settings/currency', { currency: ' eur ' })).toEqual({ status: 200, body: { data: { currency: 'EUR' } } });
    expect((await member.call('GET', '/api/settings/currency')).body.data.currency).toBe('EUR');
    const audit = (await call('GET', '/api/audit?entity=setting')).body.data as Json[];
    expect(audit[0]).toMatchObject({ record_id: 'deals.currency', actor: admin.email, data: { changes: { value: ['USD', 'EUR'] } } });
    const elsewhere = await server.member('owner', { ws: 'ws_other' });
    expect((await elsewhere.call('GET', '/api/settings/currency')).body.data.currency).toBe('USD');
    await call('PUT', '/api/settings/currency', { currency: 'USD' });
  });

  it('refuses a bad list of lost reasons with 400 naming the problem', async () => {
    for (const [body, field] of [
      [{ reasons: [] }, 'reasons'],
      [{ reasons: ['Price', 'price'] }, 'reasons.1'],
      [{ reasons: ['Price', '   '] }, 'reasons.1'],
      [{ reasons: ['x'.repeat(101)] }, 'reasons.0'],
      [{ reasons: 'Price' }, 'reasons'],
      [{ reasons: ['Price'], extra: 1 }, ''],
    ] as [Json, string][]) {
      const r = await call('PUT', '/api/settings/lost-reasons', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error).toBe('validation');
      if (field) expect(JSON.stringify(r.body.details)).toContain(field);
    }
  });

  it('loses a deal with a reason from the list and a note, refuses other reasons, clears them on reopening', async () => {
    const bad = await call('PATCH', '/api/deals/dl_c6', { stage: 'closed_lost', lost_reason: 'Bad vibes' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'validation', details: [{ field: 'lost_reason' }] });
    expect(bad.body.message).toContain('not one of');
    expect((await call('GET', '/api/deals/dl_c6')).body.data.stage).toBe('negotiation');

    const lost = await call('PATCH', '/api/deals/dl_c6', { stage: 'closed_lost', lost_reason: 'chose a COMPETITOR', lost_note: 'Went with Acme on price' });
    expect(lost.status).toBe(200);
    expect(lost.body.data).toMatchObject({ stage: 'closed_lost', lost_reason: 'Chose a competitor', lost_note: 'Went with Acme on price', closed_at: TEST_NOW });
    const history = (await call('GET', '/api/deals/dl_c6/timeline?limit=5')).body.items as Json[];
    expect(JSON.stringify(history)).toContain('Chose a competitor');

    // Only lost deals have a reason.
    const open = await call('PATCH', '/api/deals/dl_c1', { lost_reason: 'Price' });
    expect(open.status).toBe(400);
    expect(open.body.details).toEqual([{ field: 'lost_reason', message: expect.stringContaining('only lost deals') }]);
    expect((await call('PATCH', '/api/deals/dl_c1', { lost_note: 'why' })).body.details[0].field).toBe('lost_note');
    expect((await call('POST', '/api/deals', { name: 'x', stage: 'lead', lost_reason: 'Price' })).status).toBe(400);

    // Reopening clears both; a loss without a reason is accepted (scripts, imports) and has none.
    const reopened = await call('PATCH', '/api/deals/dl_c6', { stage: 'negotiation' });
    expect(reopened.body.data).toMatchObject({ stage: 'negotiation', lost_reason: null, lost_note: null, closed_at: null });
    const bare = await call('PATCH', '/api/deals/dl_c6', { stage: 'closed_lost' });
    expect(bare.body.data).toMatchObject({ stage: 'closed_lost', lost_reason: null, lost_note: null });
    // A reason added later, to a deal already lost.
    expect((await call('PATCH', '/api/deals/dl_c6', { lost_reason: 'Price' })).body.data.lost_reason).toBe('Price');
    // Created lost, with its reason.
    const created = await call('POST', '/api/deals', { id: 'dl_c7', name: 'Lost at once', stage: 'closed_lost', amount: 1000, lost_reason: 'Other', lost_note: 'duplicate request' });
    expect(created.body.data).toMatchObject({ lost_reason: 'Other', lost_note: 'duplicate request' });
    expect((await call('GET', '/api/deals?lost_reason=Price')).body.data.map((d: Json) => d.id)).toEqual(['dl_c6']);
    // The CSV export carries the reasons once a deal has one, so it imports back whole.
    const csv = await (await server.fetch('/api/export/deals.csv')).text();
    const [header, ...lines] = csv.trim().split(/\r?\n/);
    expect(header!.split(',').slice(-2)).toEqual(['lost_reason', 'lost_note']);
    expect(lines.find((l) => l.startsWith('dl_c7,'))).toMatch(/,Other,duplicate request$/);
  });

  it('flags overdue and idle open deals in lists and in /api/deals/flagged, with the workspace threshold', async () => {
    const rows = (await call('GET', '/api/deals?include=flags&sort=name&limit=50')).body.data as Json[];
    const flags = Object.fromEntries(rows.map((r) => [r.id, r.flags]));
    expect(flags).toMatchObject({ dl_c1: ['idle'], dl_c2: [], dl_c3: ['overdue'], dl_c4: [], dl_c5: [], dl_c6: [] });
    expect(rows.find((r) => r.id === 'dl_c2')!.last_touch_at).toBe('2026-10-25T10:00:00Z');
    expect(rows.find((r) => r.id === 'dl_c5')!.last_touch_at).toBeNull();
    expect((await call('GET', '/api/deals?limit=1')).body.data[0].flags).toBeUndefined();
    expect((await call('GET', '/api/deals?include=bogus')).status).toBe(400);

    const flagged = await call('GET', '/api/deals/flagged');
    expect(flagged.status).toBe(200);
    expect(flagged.body.counts).toEqual({ overdue: 1, idle: 1 });
    expect(flagged.body.idle_days).toBe(30);
    expect(flagged.body.data.map((d: Json) => [d.id, d.flags])).toEqual([['dl_c3', ['overdue']], ['dl_c1', ['idle']]]);
    expect((await call('GET', '/api/deals/flagged?flag=idle')).body.data.map((d: Json) => d.id)).toEqual(['dl_c1']);
    expect((await call('GET', '/api/deals/flagged?flag=late')).status).toBe(400);
    // owner=me: the caller's own deals (a member's id), as in lists.
    const me = await server.member('member', { ws: WS });
    expect((await me.call('GET', '/api/deals/flagged?owner=me')).body.counts).toEqual({ overdue: 0, idle: 0 });
    expect((await call('PATCH', '/api/deals/dl_c1', { owner: me.userId })).status).toBe(200);
    expect((await me.call('GET', '/api/deals/flagged?owner=me')).body.data.map((d: Json) => d.id)).toEqual(['dl_c1']);
    expect((await call('PATCH', '/api/deals/dl_c1', { owner: null })).status).toBe(200);
    expect((await call('GET', '/api/deals/flagged?amount[gte]=15000')).body.counts).toEqual({ overdue: 1, idle: 0 });

    // A 10-day threshold: the deals last touched 12 days ago are idle too.
    expect((await (await server.member('member')).call('PUT', '/api/settings/idle-threshold', { days: 10 })).status).toBe(403);
    expect(await call('PUT', '/api/settings/idle-threshold', { days: 10 })).toEqual({ status: 200, body: { data: { days: 10 } } });
    expect((await call('PUT', '/api/settings/idle-threshold', { days: 0 })).status).toBe(400);
    expect((await call('GET', '/api/settings/idle-threshold')).body.data.days).toBe(10);
    const tighter = await call('GET', '/api/deals/flagged');
    expect(tighter.body.counts).toEqual({ overdue: 1, idle: 3 });
    expect(tighter.body.data.map((d: Json) => [d.id, d.flags])).toEqual([
      ['dl_c3', ['overdue', 'idle']],
      ['dl_c1', ['idle']],
      ['dl_c4', ['idle']],
    ]);
    // An activity today wakes a deal up.
    await call('POST', '/api/activities', { type: 'note', deal_id: 'dl_c4', occurred_at: TEST_NOW, subject: 'Back in touch' });
    expect((await call('GET', '/api/deals/flagged?flag=idle')).body.data.map((d: Json) => d.id)).toEqual(['dl_c1', 'dl_c3']);
    await call('PUT', '/api/settings/idle-threshold', { days: 30 });
  });

  it('forecasts the open pipeline weighted by stage, per stage and per month of expected close', async () => {
    const r = await call('GET', '/api/forecast');
    expect(r.status).toBe(200);
    const f = r.body.data;
    expect(f.basis).toBe('stage');
    // 10,000 × 0.1 + 40,000 × 0.5 + 20,000 × 0.75 + 0 × 0.25 = 36,000; closed deals are not in it.
    expect(f.total).toEqual({ count: 4, amount: 70000, weighted: 36000 });
    expect(f.stages).toEqual([
      { stage: 'lead', probability: 0.1, count: 1, amount: 10000, weighted: 1000 },
      { stage: 'qualified', probability: 0.25, count: 1, amount: 0, weighted: 0 },
      { stage: 'proposal', probability: 0.5, count: 1, amount: 40000, weighted: 20000 },
      { stage: 'negotiation', probability: 0.75, count: 1, amount: 20000, weighted: 15000 },
    ]);
    expect(f.months).toEqual([
      { month: '2026-10', past: true, count: 1, amount: 20000, weighted: 15000 },
      { month: '2026-11', past: false, count: 1, amount: 10000, weighted: 1000 },
      { month: '2026-12', past: false, count: 1, amount: 40000, weighted: 20000 },
      { month: null, past: false, count: 1, amount: 0, weighted: 0 },
    ]);
    const filtered = (await call('GET', '/api/forecast?amount[gte]=15000')).body.data;
    expect(filtered.total).toEqual({ count: 2, amount: 60000, weighted: 35000 });
    expect((await call('GET', '/api/forecast?nonsense=1')).status).toBe(400);
    expect((await call('GET', '/api/forecast?basis=magic')).status).toBe(400);
  });

  it('counts open deals only in the pipeline total, closed stages still listed', async () => {
    const r = await call('GET', '/api/pipeline');
    expect(r.status).toBe(200);
    expect(r.body.open).toEqual({ count: 4, amount: 70000 });
    const byStage = Object.fromEntries((r.body.data as Json[]).map((s) => [s.stage, [s.count, s.amount, s.open]]));
    expect(byStage).toEqual({
      lead: [1, 10000, true],
      qualified: [1, 0, true],
      proposal: [1, 40000, true],
      negotiation: [1, 20000, true],
      closed_won: [1, 99999, false],
      closed_lost: [2, 6000, false],
    });
  });
});
