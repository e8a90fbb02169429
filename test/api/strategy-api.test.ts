/**
 * Deal strategy over real HTTP on SQLite and PostgreSQL (issue 19's contract): settings, a deal's next action as of a
 * moment (no look-ahead, budget masking, recording), recommendation_id on activities (unknown → 400, acting spends
 * the budget), the board's previews (nothing recorded), training (a report and a new version), the versions and rollback.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../support/backends.js';
import type { Json } from '../support/http.js';
import { serveSuite } from '../support/serve.js';

describeEachBackend('deal strategy over HTTP', (ctx) => {
  const { call } = serveSuite(ctx);
  let dealId: string;
  const T0 = '2027-03-01T09:00:00Z';
  const day = (n: number) => new Date(Date.parse(T0) + n * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

  beforeAll(async () => {
    const company = await call('POST', '/api/companies', { name: 'Strategy Test Co', employees: 800 });
    const contact = await call('POST', '/api/contacts', { first_name: 'Vera', last_name: 'Vale', title: 'VP Finance', company_id: company.body.data.id });
    const deal = await call('POST', '/api/deals', { name: 'Strategy deal', stage: 'qualified', amount: 40000, company_id: company.body.data.id, contact_id: contact.body.data.id, created_at: T0, expected_close: '2027-06-01' });
    expect(deal.status).toBe(201);
    dealId = deal.body.data.id;
  });

  it('serves the default catalog and validates changes (admin PUT)', async () => {
    const got = (await call('GET', '/api/settings/deal-strategy')).body;
    expect(got.actions.map((a: Json) => `${a.key}:${a.cost}`)).toEqual(['email:1', 'call:2', 'meeting:3', 'demo:3', 'proposal:2', 'discount:1', 'escalate:2', 'wait:0']);
    expect(got.budget).toBe(16);
    const noWait = await call('PUT', '/api/settings/deal-strategy', { actions: [{ key: 'email', cost: 1 }, { key: 'call', cost: 2 }] });
    expect([noWait.status, noWait.body.message]).toEqual([400, expect.stringMatching(/needs "wait"/)]);
    expect((await call('PUT', '/api/settings/deal-strategy', { budget: -1 })).status).toBe(400);
    expect((await call('GET', '/api/settings/deal-strategy')).body).toEqual(got);
  });

  it('answers the contract, records the recommendation, and 404/400 for unknown deals, policies and dates', async () => {
    const r = await call('GET', `/api/deals/${dealId}/next-action?policy=playbook&asOf=${day(1)}`);
    expect([r.status, r.body.message]).toEqual([200, undefined]);
    expect(Object.keys(r.body).sort()).toEqual(['action', 'actionProbabilities', 'budgetLeft', 'modelVersion', 'policy', 'reasons', 'recommendationId', 'value'].sort());
    expect(r.body).toMatchObject({ action: 'email', policy: 'playbook', budgetLeft: 16, modelVersion: 0 });
    expect(r.body.actionProbabilities.email).toBe(1);
    const untrained = await call('GET', `/api/deals/${dealId}/next-action?asOf=${day(1)}`);
    expect(untrained.body.policy).toBe('ppo');
    expect(untrained.body.reasons[0]).toMatch(/No learned policy yet/);
    const thompson = await call('GET', `/api/deals/${dealId}/next-action?policy=thompson&asOf=${day(1)}&explore=true`);
    expect([thompson.status, thompson.body.policy]).toEqual([200, 'thompson']);
    expect(Object.values(thompson.body.actionProbabilities as Record<string, number>).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
    expect(thompson.body.actionProbabilities[thompson.body.action]).toBeGreaterThan(0);
    expect((await call('GET', `/api/deals/dl_nope/next-action`)).status).toBe(404);
    expect((await call('GET', `/api/deals/${dealId}/next-action?policy=softmax`)).status).toBe(400);
    expect((await call('GET', `/api/deals/${dealId}/next-action?asOf=yesterday`)).status).toBe(400);
    expect((await call('GET', `/api/deals/${dealId}/next-action?explore=maybe`)).status).toBe(400);
  });

  it('explores when asked: ppo (here the playbook standing in) mixes in allowed actions at random and logs that propensity', async () => {
    const seen = new Map<string, number>();
    for (let i = 0; i < 60; i++) {
      const r = await call('GET', `/api/deals/${dealId}/next-action?asOf=${day(1)}&explore=true`);
      expect(r.status).toBe(200);
      const p = r.body.actionProbabilities as Record<string, number>;
      expect(Object.values(p).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
      // The playbook's own choice keeps most of the mass; every allowed action gets some.
      expect(p.email).toBeGreaterThan(0.8);
      expect(Object.values(p).filter((x) => x > 0).length).toBeGreaterThan(2);
      expect(p[r.body.action]).toBeGreaterThan(0);
      if (r.body.action !== 'email') expect(r.body.reasons.join(' ')).toMatch(/Exploring \(explore=true\)/);
      seen.set(r.body.action, (seen.get(r.body.action) ?? 0) + 1);
    }
    expect(seen.size).toBeGreaterThan(1);
    expect(seen.get('email') ?? 0).toBeGreaterThan(30);
    // Without explore the answer is the policy's own choice, every time.
    for (let i = 0; i < 10; i++) expect((await call('GET', `/api/deals/${dealId}/next-action?asOf=${day(1)}`)).body.action).toBe('email');
  });

  it('reads text signals as of the moment only: an activity after asOf is ignored', async () => {
    await call('POST', '/api/activities', { type: 'email', deal_id: dealId, occurred_at: day(5), subject: 'Re: pricing', body: 'Honestly this is too expensive for us right now.' });
    const before = await call('GET', `/api/deals/${dealId}/next-action?policy=playbook&asOf=${day(4)}`);
    expect(before.body.action).not.toBe('discount');
    expect(before.body.reasons.join(' ')).not.toMatch(/[Pp]rice objection/);
    const after = await call('GET', `/api/deals/${dealId}/next-action?policy=playbook&asOf=${day(17)}`);
    expect(after.body.action).toBe('discount');
    expect(after.body.reasons).toContain('Price objection raised 12 days ago: offer the discount.');
  });

  it('rejects an unknown recommendation_id with a 400 and writes nothing; acting spends the budget from then on', async () => {
    const count = async () => (await call('GET', `/api/activities?deal_id=${dealId}&limit=100`)).body.data.length;
    const n = await count();
    const bad = await call('POST', '/api/activities', { type: 'call', deal_id: dealId, occurred_at: day(20), recommendation_id: 'dr_unknown' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/recommendation_id/);
    expect(await count()).toBe(n);

    const rec = (await call('GET', `/api/deals/${dealId}/next-action?policy=playbook&asOf=${day(21)}`)).body;
    const acted = await call('POST', '/api/activities', { type: 'meeting', deal_id: dealId, occurred_at: day(22), subject: 'Demo', recommendation_id: rec.recommendationId });
    expect(acted.status).toBe(201);
    expect(acted.body.data.recommendation_id).toBe(rec.recommendationId);
    const cost = (await call('GET', '/api/settings/deal-strategy')).body.actions.find((a: Json) => a.key === rec.action).cost;
    // Before the activity's own time the budget is whole; after it, spent.
    expect((await call('GET', `/api/deals/${dealId}/next-action?policy=random&asOf=${day(21)}`)).body.budgetLeft).toBe(16);
    expect((await call('GET', `/api/deals/${dealId}/next-action?policy=random&asOf=${day(23)}`)).body.budgetLeft).toBe(16 - cost);
  });

  it('masks actions over the remaining budget', async () => {
    await call('PUT', '/api/settings/deal-strategy', { budget: 4 });
    try {
      // Spend 3 more units: a call (2) and an e-mail (1) acted on → budget 4 − 1 (discount above) − 3 = 0 … at least ≤ 2.
      for (const [i, action] of [['call', 30], ['email', 31]] as const) {
        void i;
        const r = (await call('GET', `/api/deals/${dealId}/next-action?policy=random&asOf=${day(action)}`)).body;
        await call('POST', '/api/activities', { type: 'note', deal_id: dealId, occurred_at: day(action), subject: `did ${r.action}`, recommendation_id: r.recommendationId });
      }
      const r = (await call('GET', `/api/deals/${dealId}/next-action?policy=random&asOf=${day(40)}`)).body;
      const settings = (await call('GET', '/api/settings/deal-strategy')).body;
      for (const a of settings.actions as Json[]) if (a.cost > r.budgetLeft) expect(r.actionProbabilities[a.key as string]).toBe(0);
      expect(r.actionProbabilities.wait).toBeGreaterThan(0);
    } finally {
      await call('PUT', '/api/settings/deal-strategy', { budget: 16 });
    }
  });

  it('previews several open deals for the pipeline board without recording them; closed and unknown deals are left out', async () => {
    const won = await call('POST', '/api/deals', { name: 'Already won', stage: 'closed_won', amount: 1000 });
    expect(won.status).toBe(201);
    const recorded = async () => (await ctx().crm.storage.dealStrategy.dealHistory('default', dealId, '2100-01-01T00:00:00Z'))!.recommendations.length;
    const before = await recorded();
    const r = await call('GET', `/api/deals/next-actions?ids=${dealId},${won.body.data.id},dl_nope`);
    expect([r.status, r.body.message]).toEqual([200, undefined]);
    expect(r.body.data).toHaveLength(1);
    const [preview] = r.body.data as Json[];
    expect(preview).toMatchObject({ deal_id: dealId, policy: 'ppo', model_version: 0 });
    expect(preview!.label).toEqual(expect.any(String));
    expect(preview!.reason).not.toMatch(/No learned policy yet/);
    expect(await recorded()).toBe(before);
    // The same choice the deal's own next action makes now (which records it).
    const own = await call('GET', `/api/deals/${dealId}/next-action`);
    expect(own.body.action).toBe(preview!.action);
    expect(await recorded()).toBe(before + 1);
    expect((await call('GET', '/api/deals/next-actions?ids=')).status).toBe(400);
    const many = Array.from({ length: 101 }, (_, i) => `dl_${i}`).join(',');
    const tooMany = await call('GET', `/api/deals/next-actions?ids=${many}`);
    expect([tooMany.status, tooMany.body.message]).toEqual([400, expect.stringMatching(/1 to 100/)]);
  });

  it('trains ppo on what was gathered: a report and a new version, listed, then rolled back', async () => {
    // A few closed deals so the world model has outcomes to learn from.
    for (let k = 0; k < 6; k++) {
      const d = await call('POST', '/api/deals', { name: `closed ${k}`, stage: 'lead', amount: 10000 + k, created_at: day(-100 + k) });
      await call('POST', '/api/activities', { type: k % 2 ? 'meeting' : 'email', deal_id: d.body.data.id, occurred_at: day(-95 + k), body: k % 3 === 0 ? 'They are also evaluating a competitor.' : 'Strong interest from the team.' });
      await call('PATCH', `/api/deals/${d.body.data.id}`, { stage: k % 2 ? 'closed_won' : 'closed_lost', closed_at: day(-80 + k) });
    }
    const first = await call('POST', '/api/policies/ppo/train', { ppoSteps: 2048, seed: 3 });
    expect([first.status, first.body.message]).toEqual([200, undefined]);
    expect(first.body.modelVersion).toBe(1);
    expect(first.body.episodesUsed.history).toBeGreaterThanOrEqual(6);
    expect(first.body.evaluation.closeRate).toHaveProperty('playbook');
    expect(first.body.seconds).toBeLessThan(60);
    expect(first.body.evaluation.closeRate.previous).toBeNull();
    expect(first.body.bestRule.rule).toEqual(expect.any(String));
    const second = await call('POST', '/api/policies/ppo/train', { ppoSteps: 2048, seed: 3 });
    expect(second.body.modelVersion).toBe(2);
    // The version in use is judged in the new model beside the new candidates; it is kept unless one beats it.
    expect(second.body.evaluation.closeRate.previous).toEqual(expect.any(Number));
    expect(second.body.contributions.join(' ')).toMatch(/previous version/);
    // No logged deals to judge on: no learned candidate can show real outcomes better than the playbook, so the
    // playbook stays the version in use (stored as version 2, answering with its number and saying why).
    expect(first.body.stored).toBe('playbook');
    expect(second.body.stored).toBe('playbook');
    expect(second.body.promotion.candidates.map((c: Json) => c.promotable)).not.toContain(true);
    expect(second.body.contributions.join(' ')).toMatch(/Kept the playbook/);
    const r = await call('GET', `/api/deals/${dealId}/next-action?asOf=${day(41)}`);
    expect(r.body).toMatchObject({ policy: 'ppo', modelVersion: 2 });
    expect(r.body.reasons[0]).toMatch(/playbook answers \(version 2 kept it\)/);
    expect(r.body.action).toBe((await call('GET', `/api/deals/${dealId}/next-action?policy=playbook&asOf=${day(41)}`)).body.action);
    expect(Object.values(r.body.actionProbabilities as Record<string, number>).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
    const list = (await call('GET', '/api/policies')).body;
    expect(list.versions.map((v: Json) => [v.version, v.current])).toEqual([[2, true], [1, false]]);
    expect(list.policies.find((p: Json) => p.name === 'ppo').trained).toBe(true);
    const back = await call('POST', '/api/policies/ppo/rollback');
    expect(back.body).toEqual({ policy: 'ppo', version: 1 });
    expect((await call('GET', `/api/deals/${dealId}/next-action?asOf=${day(41)}`)).body.modelVersion).toBe(1);
    expect((await call('POST', '/api/policies/playbook/train')).status).toBe(400);
  }, 180_000);
});
