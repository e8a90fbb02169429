/**
 * Next-best action over real HTTP on SQLite and PostgreSQL (issue 18's contract): the outreach catalog and its
 * validation, next-action answers, outcomes (204, 404, 409 that changes nothing), the list, outcome inference from
 * an activity, the posterior surviving a restart, and two servers on one database answering from one posterior.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCrm } from '../../src/crm/index.js';
import { HashingProvider } from '../../src/intelligence/embeddings/index.js';
import { createIntelligence } from '../../src/intelligence/index.js';
import { openStorage } from '../../src/storage/connect.js';
import { describeEachBackend, TEST_ACCESS } from '../support/backends.js';
import type { Json } from '../support/http.js';
import { serveForTest, serveSample, type Call } from '../support/serve.js';

const DAY = 86_400_000;

describeEachBackend('next-best action over HTTP', (ctx, dialect) => {
  let server: Awaited<ReturnType<typeof serveSample>>;
  const call: Call = (...a) => server.call(...a);
  let contacts: string[];

  beforeAll(async () => {
    server = await serveSample(ctx().crm);
    contacts = ((await call('GET', '/api/contacts?limit=40')).body.data as Json[]).map((c) => c.id as string);
  }, 120_000);
  afterAll(() => server?.close());

  /** Greedy's answer for a contact with no recent touches (the clock moves past the 1-day fatigue window first). */
  const untouched = async (c: Call, contact: string): Promise<Json> => {
    ctx().clock.advance(2 * DAY);
    const r = await c('GET', `/api/contacts/${contact}/next-action?policy=greedy`);
    expect(r.status).toBe(200);
    // Monte-Carlo shares (probabilityBest, and the reasons quoting them) vary from draw to draw; the rest must not.
    const { recommendationId: _id, probabilityBest: _p, alternatives, reasons, ...rest } = r.body;
    return { ...rest, alternatives: alternatives.map(({ probabilityBest: _q, ...a }: Json) => a), reasons: (reasons as string[]).filter((x) => !x.includes('%')) };
  };

  /**
   * The posterior's view of a contact through a read that leaves no touch: a `fixed:wait` answer (a wait is no
   * touch), its expected rates and intervals for every action. A greedy read is itself a recommendation — a touch —
   * so two greedy reads of one contact see different touch counts.
   */
  const posteriorView = async (c: Call, contact: string): Promise<Json> => {
    ctx().clock.advance(2 * DAY);
    const r = await c('GET', `/api/contacts/${contact}/next-action?policy=fixed:wait`);
    expect(r.status).toBe(200);
    const rows = [{ action: r.body.action, expected: r.body.expected, interval: r.body.interval }, ...r.body.alternatives.map((a: Json) => ({ action: a.action, expected: a.expected, interval: a.interval }))];
    // Monte-Carlo shares (and the reasons quoting them) vary from draw to draw; the rest must not.
    const reasons = (r.body.reasons as string[]).filter((x) => !x.includes('%'));
    return { modelVersion: r.body.modelVersion, rows: rows.sort((a, b) => a.action.localeCompare(b.action)), reasons };
  };

  it('serves the default catalog and validates changes to it', async () => {
    const got = (await call('GET', '/api/settings/outreach')).body;
    expect(got.actions.map((a: Json) => a.key)).toEqual(['email', 'call', 'linkedin_message', 'meeting_invite', 'event_invite', 'case_study', 'wait']);
    expect(got).toMatchObject({ responseWindowDays: 14, fatigueDays: 14, defaultPolicy: 'thompson' });
    const dup = await call('PUT', '/api/settings/outreach', { actions: ['email', 'email', 'call'] });
    expect([dup.status, dup.body.message]).toEqual([400, 'actions.1: "email" is listed twice']);
    expect((await call('PUT', '/api/settings/outreach', { actions: ['email'] })).status).toBe(400);
    expect((await call('PUT', '/api/settings/outreach', { actions: ['Email!', 'call'] })).status).toBe(400);
    expect((await call('PUT', '/api/settings/outreach', { defaultPolicy: 'fixed:fax' })).body.message).toMatch(/fax is not in the outreach catalog/);
    expect((await call('PUT', '/api/settings/outreach', { defaultPolicy: 'softmax' })).status).toBe(400);
    expect((await call('GET', '/api/settings/outreach')).body).toEqual(got);
    const put = await call('PUT', '/api/settings/outreach', { fatigueDays: 1, responseWindowDays: 7 });
    expect(put.body).toMatchObject({ fatigueDays: 1, responseWindowDays: 7 });
  });

  it('answers the next action with intervals, alternatives and reasons, and logs it with its propensity', async () => {
    const r = await call('GET', `/api/contacts/${contacts[0]}/next-action`);
    expect(r.status).toBe(200);
    const a = r.body;
    expect(a.policy).toBe('thompson');
    expect(a.alternatives).toHaveLength(6);
    expect(a.interval[0]).toBeLessThanOrEqual(a.expected);
    expect(a.interval[1]).toBeGreaterThanOrEqual(a.expected);
    // Nothing learned yet: the answer says so, and every action's estimate is the same prior (the web card reads
    // that as "nothing learned yet" rather than showing the prior's guess as a learned rate).
    expect(a.reasons[0]).toMatch(/^Nothing learned yet/);
    for (const alt of a.alternatives) expect([alt.expected, alt.interval]).toEqual([a.expected, a.interval]);
    expect(a.modelVersion).toBe(0);
    const fixed = (await call('GET', `/api/contacts/${contacts[0]}/next-action?policy=fixed:call`)).body;
    expect([fixed.action, fixed.propensity, fixed.policy]).toEqual(['call', 1, 'fixed:call']);
    expect((await call('GET', `/api/contacts/${contacts[0]}/next-action?policy=fixed:fax`)).status).toBe(400);
    expect((await call('GET', `/api/contacts/${contacts[0]}/next-action?policy=softmax`)).status).toBe(400);
    expect((await call('GET', '/api/contacts/ct_nobody/next-action')).status).toBe(404);
    const log = (await call('GET', '/api/outcomes?limit=1000')).body.entries as Json[];
    const entry = log.find((e) => e.kind === 'action_recommended' && e.detail.recommendation_id === a.recommendationId)!;
    expect(entry.detail).toMatchObject({ action: a.action, propensity: a.propensity, policy: 'thompson' });
    expect(entry.context).toMatchObject({ catalog: expect.any(Array), seniority: expect.any(String) });
  });

  it('takes one outcome per recommendation: 204, then 409 that changes nothing; 404 and 400 for bad calls', async () => {
    const rec = (await call('GET', `/api/contacts/${contacts[1]}/next-action?policy=random`)).body;
    expect((await call('POST', `/api/recommendations/${rec.recommendationId}/outcome`, { outcome: 'no_response' })).status).toBe(204);
    const again = await call('POST', `/api/recommendations/${rec.recommendationId}/outcome`, { outcome: 'responded' });
    expect(again.status).toBe(409);
    const listed = (await call('GET', `/api/recommendations?contact_id=${contacts[1]}`)).body.data as Json[];
    expect(listed.find((x) => x.id === rec.recommendationId)).toMatchObject({ outcome: 'no_response', outcome_source: 'api', policy: 'random', propensity: 1 / 7 });
    expect((await call('POST', '/api/recommendations/rc_nothing/outcome', { outcome: 'responded' })).status).toBe(404);
    expect((await call('POST', `/api/recommendations/${rec.recommendationId}/outcome`, { outcome: 'maybe' })).status).toBe(400);
    expect((await call('POST', `/api/recommendations/${rec.recommendationId}/outcome`, {})).status).toBe(400);
    const outcomes = ((await call('GET', '/api/outcomes?limit=1000')).body.entries as Json[]).filter((e) => e.kind === 'action_outcome' && e.detail.recommendation_id === rec.recommendationId);
    expect(outcomes).toHaveLength(1);
  });

  it('learns from outcomes at once: responses to one action raise its expected response', async () => {
    const before = await untouched(call, contacts[2]!);
    const callBefore = before.action === 'call' ? before.expected : before.alternatives.find((x: Json) => x.action === 'call').expected;
    for (const c of contacts.slice(3, 23)) {
      const rec = (await call('GET', `/api/contacts/${c}/next-action?policy=fixed:call`)).body;
      expect((await call('POST', `/api/recommendations/${rec.recommendationId}/outcome`, { outcome: 'responded' })).status).toBe(204);
    }
    const after = await untouched(call, contacts[2]!);
    expect(after.action).toBe('call');
    expect(after.expected).toBeGreaterThan(callBefore + 0.2);
    expect(after.reasons.join(' ')).toMatch(/Learned from 2\d outcomes/);
  });

  it('lists recommendations by contact and policy, a page at a time', async () => {
    const all = (await call('GET', '/api/recommendations?policy=fixed:call&limit=7')).body;
    expect(all.data).toHaveLength(7);
    expect(all.data.every((r: Json) => r.policy === 'fixed:call')).toBe(true);
    const next = (await call('GET', `/api/recommendations?policy=fixed:call&limit=7&after=${all.next}`)).body;
    expect(next.data[0].id).not.toBe(all.data[6].id);
    expect((await call('GET', '/api/recommendations?after=yesterday')).status).toBe(400);
  });

  it('keeps recommendations to their workspace', async () => {
    const rec = (await call('GET', `/api/contacts/${contacts[3]}/next-action`)).body;
    const repo = ctx().crm.storage.recommendations;
    expect(await repo.get('default', rec.recommendationId)).toBeDefined();
    expect(await repo.get('elsewhere', rec.recommendationId)).toBeUndefined();
    expect(await repo.list('elsewhere', { limit: 10 })).toEqual([]);
    expect(await repo.recordOutcome('elsewhere', rec.recommendationId, 'responded', '2026-11-01T00:00:00Z', 'api')).toBe(false);
    expect(await repo.countForContact('elsewhere', contacts[3]!, '2000-01-01T00:00:00Z')).toBe(0);
  });

  it('infers a response from an activity of the contact after a recommendation that was acted on', async () => {
    const contact = contacts[30]!;
    const rec = (await call('GET', `/api/contacts/${contact}/next-action?policy=fixed:email`)).body;
    // Not acted on yet: a reply does not count.
    const acted = await call('POST', `/api/recommendations/${rec.recommendationId}/act`, { as: 'done' });
    expect(acted.status).toBe(201);
    expect(acted.body.recommendation.acted_at).not.toBeNull();
    ctx().clock.advance(DAY);
    const reply = await call('POST', '/api/activities', { type: 'meeting', outcome: 'held', contact_id: contact, occurred_at: ctx().clock.now().toISOString(), subject: 'Intro call' });
    expect(reply.status).toBe(201);
    const row = ((await call('GET', `/api/recommendations?contact_id=${contact}`)).body.data as Json[]).find((r) => r.id === rec.recommendationId);
    expect(row).toMatchObject({ outcome: 'responded', outcome_source: 'inferred' });
    // Outside the window (7 days) nothing is inferred.
    const late = (await call('GET', `/api/contacts/${contact}/next-action?policy=fixed:email`)).body;
    await call('POST', `/api/recommendations/${late.recommendationId}/act`, { as: 'task' });
    ctx().clock.advance(9 * DAY);
    await call('POST', '/api/activities', { type: 'email', subject: 'Re: our case study', contact_id: contact, occurred_at: ctx().clock.now().toISOString() });
    expect(((await call('GET', `/api/recommendations?contact_id=${contact}`)).body.data as Json[]).find((r) => r.id === late.recommendationId)?.outcome).toBeNull();
  });

  it("erases a contact's recommendations with the contact", async () => {
    const contact = contacts[39]!;
    const rec = (await call('GET', `/api/contacts/${contact}/next-action`)).body;
    await call('POST', `/api/recommendations/${rec.recommendationId}/outcome`, { outcome: 'no_response' });
    expect((await call('POST', `/api/contacts/${contact}/erase`)).status).toBe(200);
    expect((await call('GET', `/api/recommendations?contact_id=${contact}`)).body.data).toEqual([]);
    expect((await call('POST', `/api/recommendations/${rec.recommendationId}/outcome`, { outcome: 'responded' })).status).toBe(404);
  });

  it('keeps the posterior across a restart', async () => {
    // Half the outcomes are in a stored snapshot (a version in the model registry), the rest only in the log.
    await server.intelligence.nextAction.flush('default');
    const stored = await server.intelligence.nextAction.posteriorInfo('default');
    expect(stored.version).toBeGreaterThanOrEqual(1);
    expect((await ctx().crm.storage.models.current('default', 'nba:posterior'))?.version).toBe(stored.version);
    for (const c of contacts.slice(24, 28)) {
      const rec = (await call('GET', `/api/contacts/${c}/next-action?policy=fixed:email`)).body;
      await call('POST', `/api/recommendations/${rec.recommendationId}/outcome`, { outcome: 'no_response' });
    }
    const before = await posteriorView(call, contacts[2]!);
    const restarted = createIntelligence(ctx().crm, { provider: new HashingProvider(16), worker: false });
    const other = await serveForTest({ crm: ctx().crm, intelligence: restarted });
    try {
      const after = await posteriorView(other.call, contacts[2]!);
      expect(after.rows).toHaveLength(7);
      expect(after).toEqual(before);
      // The same outcomes through the same log position (the version label is of the snapshot each process last loaded or stored).
      expect(await restarted.nextAction.posteriorInfo('default')).toEqual(await server.intelligence.nextAction.posteriorInfo('default'));
    } finally {
      await other.close();
    }
  });

  it.runIf(dialect === 'postgres')('serves one posterior from two servers on one PostgreSQL', async () => {
    const storage = await openStorage(ctx().storage);
    const crm2 = createCrm({ storage, clock: ctx().clock, access: TEST_ACCESS });
    const intelligence2 = createIntelligence(crm2, { provider: new HashingProvider(16), worker: false });
    await intelligence2.start();
    const second = await serveForTest({ crm: crm2, intelligence: intelligence2 });
    try {
      // An outcome posted to the second server moves the first server's answer, and both answer alike.
      const rec = (await second.call('GET', `/api/contacts/${contacts[5]}/next-action?policy=fixed:wait`)).body;
      expect((await second.call('POST', `/api/recommendations/${rec.recommendationId}/outcome`, { outcome: 'responded' })).status).toBe(204);
      const fromFirst = await posteriorView(call, contacts[2]!);
      const fromSecond = await posteriorView(second.call, contacts[2]!);
      expect(fromSecond).toEqual(fromFirst);
      expect(await intelligence2.nextAction.posteriorInfo('default')).toMatchObject({ outcomes: (await server.intelligence.nextAction.posteriorInfo('default')).outcomes });
      expect(fromFirst.reasons.join(' ')).toMatch(/Learned from 2\d outcomes/);
    } finally {
      await second.close();
      await intelligence2.stop();
      await storage.close();
    }
  });
});
