/**
 * A/B tests of scoring strategies and per-workspace rollout over real HTTP on SQLite and PostgreSQL: records get a
 * stable variant, are scored with it, their outcomes are attributed to it through the outcome log, and results
 * come with intervals and a verdict that waits for enough evidence.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assignVariant, type Experiment } from '../../src/intelligence/learning/experiments.js';
import { describeEachBackend } from '../support/backends.js';
import type { Json } from '../support/http.js';
import { serveSample, type Call, type TestServer } from '../support/serve.js';


describeEachBackend('experiments and rollout over HTTP', (ctx) => {
  let server: TestServer;
  const call: Call = (...a) => server.call(...a);

  beforeAll(async () => {
    server = await serveSample(ctx().crm);
    expect((await call('POST', '/api/models/train')).status).toBe(200);
  }, 120_000);
  afterAll(() => server?.close());

  it('rolls a strategy out to the workspace and back', async () => {
    const before = (await call('GET', '/api/models')).body.targets[0].default;
    expect((await call('PUT', '/api/models/deal/rollout', { strategy: 'naive-bayes' })).body).toEqual({ target: 'deal', default: 'naive-bayes' });
    const open = (await call('GET', '/api/deals?stage=proposal&limit=1')).body.data[0];
    expect((await call('GET', `/api/deals/${open.id}/score`)).body.strategy).toBe('naive-bayes');
    expect((await call('PUT', '/api/models/deal/rollout', { strategy: null })).body.default).toBe(before);
    expect((await call('PUT', '/api/models/deal/rollout', { strategy: 'oracle' })).status).toBe(400);
  });

  it('assigns records to variants, scores them with it and attributes their outcomes', async () => {
    const bad = await call('POST', '/api/experiments', { target: 'deal', variants: ['logistic', 'logistic'] });
    expect([bad.status, bad.body.message]).toEqual([400, 'each variant must use a different strategy']);
    expect((await call('POST', '/api/experiments', { target: 'deal', variants: ['logistic'] })).status).toBe(400);
    const started = await call('POST', '/api/experiments', { name: 'learned vs hand-set', target: 'deal', variants: ['weighted', 'logistic'] });
    expect(started.status).toBe(201);
    const exp = started.body;
    expect(exp).toMatchObject({ name: 'learned vs hand-set', target: 'deal', status: 'running', variants: [{ strategy: 'weighted', share: 1 }, { strategy: 'logistic', share: 1 }] });
    expect((await call('POST', '/api/experiments', { target: 'deal', variants: ['weighted', 'naive-bayes'] })).status).toBe(409);

    const open = (await call('GET', '/api/deals?stage[in]=lead,qualified,proposal,negotiation&limit=500')).body.data as Json[];
    expect(open.length).toBeGreaterThan(10);
    const variantOf = new Map(open.map((d) => [d.id as string, assignVariant(exp as Experiment, d.id)]));
    expect(new Set(variantOf.values()).size).toBe(2);
    for (const d of open.slice(0, 8)) {
      const s = (await call('GET', `/api/deals/${d.id}/score`)).body;
      expect(s.experiment).toEqual({ id: exp.id, variant: variantOf.get(d.id) });
      expect(s.strategy).toBe(['weighted', 'logistic'][variantOf.get(d.id)!]);
    }
    // Lists score each row with its own variant too.
    const listed = (await call('GET', `/api/deals?include=score&id[in]=${open.slice(0, 6).map((d) => d.id).join(',')}`)).body.data as Json[];
    for (const row of listed) expect(row.score.strategy).toBe(['weighted', 'logistic'][variantOf.get(row.id)!]);

    // Every open deal closes; the outcome log keeps the variant's score of the moment before.
    for (const [i, d] of open.entries()) expect((await call('PATCH', `/api/deals/${d.id}`, { stage: i % 3 === 0 ? 'closed_won' : 'closed_lost' })).status).toBe(200);
    const results = (await call('GET', `/api/experiments/${exp.id}`)).body;
    const expected = [0, 1].map((v) => open.filter((d) => variantOf.get(d.id) === v));
    expect(results.variants.map((v: Json) => v.outcomes)).toEqual(expected.map((l) => l.length));
    expect(results.variants.map((v: Json) => v.won)).toEqual(expected.map((l) => l.filter((d) => open.indexOf(d) % 3 === 0).length));
    for (const v of results.variants) {
      expect(v.winRateInterval[0]).toBeLessThanOrEqual(v.winRate);
      expect(v.winRateInterval[1]).toBeGreaterThanOrEqual(v.winRate);
      expect(v.brier).toBeGreaterThan(0);
    }
    expect(results.comparison.winRate.p).toBeGreaterThan(0);
    expect(results.verdict).toMatch(/^not enough evidence yet/);

    const stopped = await call('POST', `/api/experiments/${exp.id}/stop`);
    expect(stopped.body).toMatchObject({ id: exp.id, status: 'stopped' });
    expect((await call('GET', `/api/deals/${open[0]!.id}/score`)).body.experiment).toBeUndefined();
    expect((await call('GET', '/api/experiments')).body.data.map((e: Json) => e.id)).toEqual([exp.id]);
    expect((await call('GET', '/api/experiments/xp_nope')).status).toBe(404);
  }, 120_000);
});
