/**
 * Regression tests for what an outside probe of the running server found (issue 14), on both databases:
 * nested JSON, percent-encoded paths past the sign-in limit, lost concurrent updates, crafted cursors, custom
 * field limits, created_at rewrites, CSV formula injection, cache and transport headers, trailing junk after a
 * bearer token, and erased data left in the SQLite file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nestingDepth, nulPath } from '../../src/core/record-schema.js';
import { jsonNestsDeeperThan, MAX_JSON_DEPTH } from '../../src/delivery/api/input-guard.js';
import { describeEachBackend } from '../support/backends.js';
import type { Json } from '../support/http.js';
import { serveForTest, type TestServer } from '../support/serve.js';

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const nested = (depth: number) => `{"email":${'['.repeat(depth)}${']'.repeat(depth)},"password":"x"}`;

describe('walking untrusted JSON', () => {
  it('counts nesting on the raw text, brackets inside strings excluded', () => {
    expect(jsonNestsDeeperThan('[[[]]]', 3)).toBe(false);
    expect(jsonNestsDeeperThan('[[[[]]]]', 3)).toBe(true);
    expect(jsonNestsDeeperThan('{"a":"[[[[[[[[", "b":"\\"[[[["}', 1)).toBe(false);
    expect(jsonNestsDeeperThan(nested(9000), MAX_JSON_DEPTH)).toBe(true);
  });

  it('finds a NUL and measures depth without recursion, on values far deeper than the call stack', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(nulPath(deep)).toBe(Array(200_000).fill('0').join('.'));
    expect(nestingDepth(deep)).toBe(200_000);
    expect(nulPath({ a: [{ b: 'ok' }, { 'c\u0000': 1 }] })).toBe('a.1.c\u0000.(key)');
    expect(nulPath({ a: ['ok', { b: 'no\u0000' }] })).toBe('a.1.b');
    expect(nulPath({ a: ['fine'] })).toBeUndefined();
  });
});

describeEachBackend('hardening: findings of the outside probe', (ctx, dialect) => {
  let server: TestServer;
  let company: string;

  beforeAll(async () => {
    server = await serveForTest({ crm: ctx().crm });
    company = (await server.call('POST', '/api/companies', { name: 'Hardening Ltd', domain: 'hardening.example' })).body.data.id;
  });
  afterAll(() => server?.close());

  it('refuses deeply nested JSON with a 400 before any walk, with or without sign-in, and stays responsive', async () => {
    for (const [url, token] of [['/api/auth/login', false], ['/api/contacts', true], ['/api/query', true]] as const) {
      const res = await fetch(`${server.base}${url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${server.token}` } : {}) },
        body: nested(9000),
      });
      expect(res.status, url).toBe(400);
      expect(((await res.json()) as Json).message).toMatch(/nests deeper than 64/);
    }
    // Concurrent senders do not stall anyone else.
    const flood = Array.from({ length: 8 }, () => fetch(`${server.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: nested(20_000) }));
    expect((await server.anonymous('GET', '/health')).status).toBe(200);
    expect((await Promise.all(flood)).map((r) => r.status)).toEqual(Array(8).fill(400));
    // Prototype poisoning is still refused by Fastify's parser behind the depth check.
    const poisoned = await fetch(`${server.base}/api/contacts`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` }, body: '{"__proto__":{"x":1},"first_name":"A"}' });
    expect(poisoned.status).toBe(400);
  });

  it('decides on the routed path: a percent-encoded /api counts against the sign-in limit and needs credentials', async () => {
    const limited = await serveForTest({ crm: ctx().crm, auth: { mode: 'on', apiRateLimit: false, loginRateLimit: { max: 3, windowMs: 60_000 } } });
    try {
      const statuses = [];
      for (const url of ['/api/auth/login', '/%61pi/auth/login', '/%61%70%69/auth/login', '/%61pi/auth/login']) {
        statuses.push((await limited.anonymous('POST', url, { email: 'nobody@hardening.example', password: 'not the password' })).status);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await limited.close();
    }
    const encoded = await server.anonymous('GET', '/%61pi/contacts');
    expect(encoded.status).toBe(401);
    expect((await server.call('GET', '/%61pi/contacts?limit=1')).status).toBe(200);
  });

  it('keeps every one of 50 concurrent custom-field updates, with a truthful audit trail', async () => {
    const contact = (await server.call('POST', '/api/contacts', { first_name: 'Con', last_name: 'Current', email: 'con@hardening.example' })).body.data.id;
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => server.call('PATCH', `/api/contacts/${contact}`, { custom: { [`k_${i}`]: i } })));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
    const stored = (await server.call('GET', `/api/contacts/${contact}`)).body.data.custom;
    expect(Object.keys(stored)).toHaveLength(50);
    const audit = (await server.call('GET', `/api/audit?record_id=${contact}&kind=updated&limit=100`)).body.data as Json[];
    expect(audit).toHaveLength(50);
    // Serialised writes: each update saw the one before it, so old/new sizes form the chain 0→1, 1→2 … 49→50.
    const steps = audit.map((e) => [Object.keys(e.data.changes.custom[0]).length, Object.keys(e.data.changes.custom[1]).length]).sort((a, b) => a[0]! - b[0]!);
    expect(steps).toEqual(Array.from({ length: 50 }, (_, i) => [i, i + 1]));
  });

  it('answers a crafted cursor with a 400, never a 500', async () => {
    for (let i = 0; i < 3; i++) await server.call('POST', '/api/deals', { name: `Cursor deal ${i}`, stage: 'lead', amount: 1000 * i, company_id: company });
    const crafted = [
      { v: { $gt: '' }, id: 'x' },
      { v: ['a'], id: 'x' },
      { v: true, id: 'x' },
      { v: 1, id: 7 },
      { o: -1 },
      { o: 1.5 },
      { o: 'x' },
      ['v'],
      'cursor',
      null,
    ];
    for (const sort of ['amount', '-created_at', 'name']) {
      for (const c of crafted) {
        const res = await server.call('GET', `/api/deals?sort=${sort}&cursor=${cursorOf(c)}`);
        expect(res.status, `${sort} ${JSON.stringify(c)}`).toBe(400);
        expect(res.body).toMatchObject({ error: 'validation', details: [{ field: 'cursor' }] });
      }
    }
    // The value's type must be the sort column's.
    expect((await server.call('GET', `/api/deals?sort=amount&cursor=${cursorOf({ v: 'not a number', id: 'x' })}`)).status).toBe(400);
    expect((await server.call('GET', `/api/deals?sort=name&cursor=${cursorOf({ v: 5, id: 'x' })}`)).status).toBe(400);
    const search = await server.call('GET', `/api/deals?q=cursor&cursor=${cursorOf({ o: -5 })}`);
    expect(search.status).toBe(400);
    // A real cursor still pages.
    const first = await server.call('GET', '/api/deals?sort=amount&limit=1');
    expect((await server.call('GET', `/api/deals?sort=amount&limit=1&cursor=${first.body.next_cursor}`)).status).toBe(200);
  });

  it('limits custom fields by keys, depth and size, on create and after a merge of patches', async () => {
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`f${i}`, i]));
    const tooMany = await server.call('POST', '/api/contacts', { first_name: 'Many', custom: many });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toMatch(/at most 100 custom fields/);
    const deep = await server.call('POST', '/api/contacts', { first_name: 'Deep', custom: { a: { b: { c: { d: 1 } } } } });
    expect(deep.status).toBe(400);
    expect(deep.body.message).toMatch(/nest at most/);
    const big = await server.call('POST', '/api/contacts', { first_name: 'Big', custom: { blob: 'x'.repeat(20_000) } });
    expect(big.status).toBe(400);
    expect(big.body.message).toMatch(/at most 16 KB/);
    const ok = await server.call('POST', '/api/contacts', { first_name: 'Fine', custom: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`f${i}`, { nested: [i] }])) });
    expect(ok.status).toBe(201);
    const more = await server.call('PATCH', `/api/contacts/${ok.body.data.id}`, { custom: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`g${i}`, i])) });
    expect(more.status).toBe(400);
    expect(more.body).toMatchObject({ error: 'validation', details: [{ field: 'custom' }] });
    expect(Object.keys((await server.call('GET', `/api/contacts/${ok.body.data.id}`)).body.data.custom)).toHaveLength(60);
  });

  it('takes created_at on create only: a PATCH cannot rewrite or clear it', async () => {
    const created = await server.call('POST', '/api/companies', { name: 'Old Firm', created_at: '2019-05-01T00:00:00Z' });
    expect(created.status).toBe(201);
    expect(created.body.data.created_at).toBe('2019-05-01T00:00:00Z');
    for (const value of [null, '2030-01-01T00:00:00Z']) {
      const res = await server.call('PATCH', `/api/companies/${created.body.data.id}`, { created_at: value });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/created_at/);
    }
    expect((await server.call('GET', `/api/companies/${created.body.data.id}`)).body.data.created_at).toBe('2019-05-01T00:00:00Z');
  });

  it('neutralises spreadsheet formulas in CSV exports while the database and JSON keep the value exactly', async () => {
    const values = { first_name: '=HYPERLINK("http://evil.example","x")', last_name: '@SUM(A1)', title: "'=already quoted", phone: '+1 555 0100', notes: '\tTabbed' };
    const contact = (await server.call('POST', '/api/contacts', { ...values, custom: { formula: '-2+3' } })).body.data;
    const counted = (await server.call('POST', '/api/contacts', { first_name: 'Counted', custom: { count: -7 } })).body.data;
    expect(contact).toMatchObject(values);
    const csv = await (await server.fetch('/api/export/contacts.csv')).text();
    const line = csv.split('\n').find((l) => l.startsWith(contact.id))!;
    expect(line).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(line).toContain("'@SUM(A1)");
    expect(line).toContain("''=already quoted");
    expect(line).toContain("'+1 555 0100");
    expect(line).toContain("'-2+3");
    expect(csv.split('\n').find((l) => l.startsWith(counted.id))).toMatch(/,-7(,|$)/); // numbers keep their sign
    expect(line).not.toMatch(/(^|,)"?[=+@\t]/);
    expect((await server.call('GET', `/api/contacts/${contact.id}`)).body.data).toMatchObject(values);
    // Imported back, the file changes nothing: the importer takes the neutralising quote off again.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-formula-'));
    fs.writeFileSync(path.join(dir, 'contacts.csv'), `${csv.split('\n')[0]}\n${line}\n`);
    const again = await ctx().crm.importer.importDirectory('default', dir);
    fs.rmSync(dir, { recursive: true });
    expect(again.files[0]).toMatchObject({ rows: 1, inserted: 0, updated: 0 });
    expect((await server.call('GET', `/api/contacts/${contact.id}`)).body.data).toMatchObject({ ...values, custom: { formula: '-2+3' } });
  });

  it('sends no-store on API answers, denies frames, and HSTS only over HTTPS', async () => {
    const res = await server.call('GET', '/api/contacts?limit=1');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('strict-transport-security')).toBeNull();
    const proxied = await serveForTest({ crm: ctx().crm, trustProxy: true });
    try {
      const https = await proxied.call('GET', '/api/contacts?limit=1', undefined, { 'x-forwarded-proto': 'https' });
      expect(https.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    } finally {
      await proxied.close();
    }
  });

  it('takes "Bearer <token>" and nothing after it', async () => {
    for (const header of [`Bearer ${server.token} junk`, `Bearer ${server.token} ${server.token}`, `Bearer${server.token}`, `Basic ${server.token}`]) {
      const res = await server.anonymous('GET', '/api/contacts?limit=1', undefined, { authorization: header });
      expect(res.status, header).toBe(401);
    }
    expect((await server.anonymous('GET', '/api/contacts?limit=1', undefined, { authorization: `bearer   ${server.token}  ` })).status).toBe(200);
  });

  it.runIf(dialect === 'sqlite')('leaves no trace of an erased contact in the SQLite file or its WAL', async () => {
    const marker = 'Qzxwvutplonk';
    const contact = (await server.call('POST', '/api/contacts', { first_name: marker, last_name: `${marker}son`, email: `${marker.toLowerCase()}@hardening.example`, notes: `${marker} notes` })).body.data.id;
    await server.call('POST', '/api/activities', { type: 'note', occurred_at: '2026-10-01T10:00:00Z', subject: `Met ${marker}`, body: `${marker} said yes`, contact_id: contact });
    const dir = ctx().storage.dataDir;
    const files = () => fs.readdirSync(dir).filter((f) => f.startsWith('crm.sqlite')).map((f) => path.join(dir, f));
    const holdsMarker = () => files().some((f) => fs.readFileSync(f).includes(marker) || fs.readFileSync(f).includes(marker.toLowerCase()));
    expect(holdsMarker()).toBe(true);
    expect((await server.call('POST', `/api/contacts/${contact}/erase`, {})).status).toBe(200);
    expect(holdsMarker()).toBe(false);
  });
});
