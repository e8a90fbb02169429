/**
 * Scores people can read, over HTTP on SQLite and PostgreSQL with the bundled sample: no reason of any scored
 * deal or contact shows a feature key, a multiplication sign, an underscore or an id, trained or not; lists sort
 * by score across pages.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../support/backends.js';
import type { Json } from '../support/http.js';
import { serveSample, type Call } from '../support/serve.js';

const INTERNAL = /rate:|×|_|\b(ct|co|dl|ac|ws|us)_[a-z0-9]/;

describeEachBackend('readable scores', (ctx) => {
  let server: Awaited<ReturnType<typeof serveSample>>;
  const call: Call = (...a) => server.call(...a);

  beforeAll(async () => {
    server = await serveSample(ctx().crm);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  const ids = async (path: string) => {
    const out: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await call('GET', `${path}${path.includes('?') ? '&' : '?'}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(r.status).toBe(200);
      out.push(...r.body.data.map((x: Json) => x.id as string));
      cursor = r.body.next_cursor;
    } while (cursor);
    return out;
  };

  /** Every reason and factor of every deal and contact, in words. */
  async function everyReason(strategy?: string): Promise<string[]> {
    const q = strategy ? `?strategy=${strategy}` : '';
    const texts: string[] = [];
    for (const id of await ids('/api/contacts')) {
      const r = await call('GET', `/api/contacts/${id}/score${q}`);
      expect(r.status).toBe(200);
      texts.push(...r.body.reasons.positive, ...r.body.reasons.negative, ...r.body.factors.map((f: Json) => f.feature));
    }
    for (const id of await ids('/api/deals')) {
      const r = await call('GET', `/api/deals/${id}/score${q}`);
      expect(r.status).toBe(200);
      texts.push(...r.body.factors.map((f: Json) => f.feature));
    }
    return texts;
  }

  it('gives reasons in words with the hand-set baseline and with every trained strategy', async () => {
    const before = await everyReason();
    expect(before.length).toBeGreaterThan(100);
    for (const t of before) expect(t).not.toMatch(INTERNAL);

    const trained = await call('POST', '/api/models/train');
    expect(trained.status).toBe(200);
    expect(trained.body.trained.length).toBeGreaterThan(0);
    for (const strategy of ['logistic', 'naive-bayes', 'neural']) {
      const texts = await everyReason(strategy);
      for (const t of texts) expect(t, strategy).not.toMatch(INTERNAL);
    }
  }, 300_000);

  it('sorts deals and contacts by score across pages, both ways, with filters', async () => {
    const walk = async (path: string) => {
      const rows: Json[] = [];
      let cursor: string | null = null;
      do {
        const r = await call('GET', `${path}&limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(r.status).toBe(200);
        rows.push(...r.body.data);
        cursor = r.body.next_cursor;
      } while (cursor);
      return rows;
    };
    const desc = await walk('/api/contacts?sort=-score&include=score');
    expect(desc.length).toBe((await ids('/api/contacts')).length);
    expect(new Set(desc.map((r) => r.id)).size).toBe(desc.length);
    const p = desc.map((r) => r.score.probability as number);
    for (let i = 1; i < p.length; i++) expect(p[i]).toBeLessThanOrEqual(p[i - 1]!);
    expect(p[0]).toBeGreaterThan(p[p.length - 1]!);

    const asc = await walk('/api/deals?sort=score&include=score&stage=proposal');
    expect(asc.length).toBeGreaterThan(1);
    for (const r of asc) expect(r.stage).toBe('proposal');
    for (let i = 1; i < asc.length; i++) expect(asc[i]!.score.probability).toBeGreaterThanOrEqual(asc[i - 1]!.score.probability);

    // Without include=score the order holds and the rows stay plain.
    const plain = await call('GET', '/api/contacts?sort=-score&limit=5');
    expect(plain.body.data.map((r: Json) => r.id)).toEqual(desc.slice(0, 5).map((r) => r.id));
    expect(plain.body.data[0].score).toBeUndefined();
    expect(plain.body.total).toBe(desc.length);

    expect((await call('GET', '/api/companies?sort=-score')).status).toBe(400);
    const bad = await call('GET', '/api/contacts?sort=-score&cursor=abc');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/cursor/);
  }, 120_000);
});
