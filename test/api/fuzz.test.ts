/**
 * OpenAPI-driven fuzzing against the live server on SQLite and PostgreSQL: for every operation in the served
 * document, fast-check generates requests from the operation's own schemas (path and query parameters, JSON
 * bodies), mixed with hostile strings (SQL, operators, unicode, huge values) and filters on every field. No
 * request may yield a 5xx, and every answer must be one the document gives for that operation and status (the
 * exact code, else 4XX/5XX, else default) with a body that matches its schema (Ajv; see support/response-check.ts).
 * Random input seldom gets past validation, so each operation also gets one well-formed request whose success
 * answer is checked the same way. The document itself must be valid OpenAPI 3.
 *
 * FUZZ_RUNS (default 12 per operation) and FUZZ_SEED (default 20261125) widen or vary the search; a failure
 * prints the seed and the shrunk request that broke it.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ENTITIES, ENTITY_ORDER } from '../../src/core/entities.js';
import { describeEachBackend } from '../support/backends.js';
import { apiOperations, type OpenApiDoc, type Operation, type Schema } from '../support/openapi.js';
import { responseChecker, type ResponseChecker } from '../support/response-check.js';
import { serveSample, type TestServer } from '../support/serve.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
/** Operations that do heavy work per call get fewer runs (training fits models on the whole workspace). */
const SLOW = new Set(['POST /api/models/train']);

const HOSTILE = [
  "'; DROP TABLE contacts; --",
  "' OR '1'='1",
  '" OR 1=1 --',
  '%',
  '_',
  '\\',
  '\u0000',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '${7*7}',
  '{{7*7}}',
  '🙂🔥',
  'ẞ\u0301\u200b',
  'a'.repeat(5000),
  '-1',
  '1e309',
  'NaN',
  'null',
  '[]',
  '{}',
  '2026-13-45',
  'true',
  ' ',
  '',
];
const hostile = fc.constantFrom(...HOSTILE);
const junk = fc.oneof(hostile, fc.string({ maxLength: 40 }), fc.integer().map(String), fc.double().map(String));

/** Values the schema allows, most of the time; anything at all, some of the time. */
function fromSchema(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return fc.jsonValue({ maxDepth: 2 });
  const valid = validFromSchema(schema, depth);
  return fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: fc.oneof(hostile, fc.jsonValue({ maxDepth: 2 })), weight: 1 });
}

function validFromSchema(schema: Schema, depth: number): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...(schema.enum as unknown[]));
  const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (alternatives) return fc.oneof(...alternatives.map((s) => fromSchema(s, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      return fc.oneof(fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 30, 60) }), hostile);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.oneof(fc.double({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9, noNaN: true }), fc.integer());
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(fromSchema(schema.items, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 5, 8) });
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      const required = new Set<string>(schema.required ?? []);
      const shape: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, s] of Object.entries(props)) shape[k] = fromSchema(s, depth + 1);
      return fc.record(shape, { requiredKeys: [...required].filter((k) => k in shape) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Filters on the object's own fields with every operator, to reach the storage layer's SQL. */
function filterParams(path: string): fc.Arbitrary<Record<string, string>> {
  const entity = ENTITY_ORDER.map((n) => ENTITIES[n]).find((e) => path === `/api/${e.plural}`);
  if (!entity) return fc.constant({});
  const fields = entity.fields.map((f) => f.name);
  const op = fc.constantFrom('eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'contains', 'empty', 'has', 'bogus');
  return fc.dictionary(fc.tuple(fc.constantFrom(...fields, 'nope'), op).map(([f, o]) => `${f}[${o}]`), junk, { maxKeys: 3 });
}

describeEachBackend('OpenAPI fuzzing', (ctx) => {
  let server: TestServer;
  let operations: Operation[] = [];
  let doc: OpenApiDoc;
  let check: ResponseChecker;
  let ids: string[] = [];
  /** Ids of each object by its URL segment, so requests to /api/deals/{id}/… often name a deal. */
  const idsOf: Record<string, string[]> = {};

  beforeAll(async () => {
    const { crm } = ctx();
    server = await serveSample(crm);
    const served = await apiOperations(server.base);
    doc = served.doc;
    expect(served.openapi).toMatch(/^3\./);
    operations = served.operations;
    check = responseChecker(doc);
    // Real ids from the data, so some requests reach records rather than 404s.
    for (const name of ENTITY_ORDER) {
      idsOf[ENTITIES[name].plural] = (await crm.records.list('default', ENTITIES[name], { limit: 3 })).records.map((r) => r.id);
      ids.push(...idsOf[ENTITIES[name].plural]!);
    }
  }, 120_000);
  afterAll(() => server?.close());

  it('serves a valid OpenAPI 3 document in which every operation documents its answers', async () => {
    const result = await new Validator().validate(structuredClone(doc));
    expect(result.errors ?? [], 'OpenAPI validation errors').toEqual([]);
    expect(result.valid).toBe(true);
    const undocumented = operations.filter((op) => !Object.keys(op.responses).some((k) => /^2\d\d$/.test(k)) || !op.responses['4XX']).map((op) => `${op.method} ${op.path}`);
    expect(undocumented).toEqual([]);
  });

  it('documents every route and answers every generated request as documented, without a server error', async () => {
    expect(operations.length).toBeGreaterThan(50);
    const failures: string[] = [];
    for (const op of operations) {
      const pathParams = op.params.filter((p) => p.in === 'path');
      const queryParams = op.params.filter((p) => p.in === 'query');
      const own = idsOf[op.path.split('/')[2] ?? ''] ?? [];
      const realId = own.length > 0 ? fc.oneof({ arbitrary: fc.constantFrom(...own), weight: 2 }, { arbitrary: fc.constantFrom(...ids), weight: 1 }) : fc.constantFrom(...ids);
      const request = fc.record({
        path: fc.record(Object.fromEntries(pathParams.map((p) => [p.name, fc.oneof(realId, validFromSchema(p.schema ?? { type: 'string' }, 0).map(String), hostile)]))),
        query: fc.record(Object.fromEntries(queryParams.map((p) => [p.name, fromSchema(p.schema).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))])), { requiredKeys: [] }),
        filters: filterParams(op.path),
        body: op.body ? fromSchema(op.body) : fc.constant(undefined),
      });
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          let url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(r.path[name] ?? 'x')));
          const query = new URLSearchParams({ ...(r.query as Record<string, string>), ...r.filters });
          if ([...query.keys()].length > 0) url += `?${query}`;
          const hasBody = r.body !== undefined && op.method !== 'GET' && op.method !== 'DELETE';
          const res = await server.fetch(url, {
            method: op.method,
            headers: hasBody ? { 'content-type': 'application/json' } : {},
            body: hasBody ? JSON.stringify(r.body) : undefined,
          });
          const text = await res.text();
          const sent = `${op.method} ${url.slice(0, 200)} ${hasBody ? JSON.stringify(r.body).slice(0, 300) : ''}`;
          if (res.status >= 500) {
            failures.push(`${sent} → ${res.status} ${text.slice(0, 300)}`);
            return false;
          }
          const problem = check(op, { status: res.status, contentType: res.headers.get('content-type'), text });
          if (problem) {
            failures.push(`${sent} → ${problem}`);
            return false;
          }
          return true;
        }),
        { numRuns: SLOW.has(`${op.method} ${op.path}`) ? 2 : RUNS, seed: SEED, endOnFailure: true },
      ).catch((e: unknown) => failures.push(`${op.method} ${op.path}: ${e instanceof Error ? e.message.split('\n').slice(0, 6).join(' | ') : String(e)}`));
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('answers hostile shapes on every operation as documented: deep nesting, encoded paths, crafted cursors', async () => {
    const failures: string[] = [];
    const deep = (n: number) => `{"a":${'['.repeat(n)}${']'.repeat(n)}}`;
    const cursors = [{ v: { $gt: '' }, id: 'x' }, { v: [1], id: 'x' }, { v: true, id: 'x' }, { v: 1, id: {} }, { o: -1 }, { o: 'x' }, [], 'x', null]
      .map((c) => Buffer.from(JSON.stringify(c)).toString('base64url'))
      .concat(['%%%', '!!']);
    const expectAnswer = async (op: Operation, url: string, init: RequestInit, accept: (status: number) => boolean, anonymous = false) => {
      const res = anonymous ? await fetch(`${server.base}${url}`, init) : await server.fetch(url, init);
      const text = await res.text();
      const problem = check(op, { status: res.status, contentType: res.headers.get('content-type'), text });
      if (!accept(res.status) || problem) failures.push(`${op.method} ${url.slice(0, 120)} → ${res.status} ${problem ?? text.slice(0, 200)}`);
      return res.status;
    };
    for (const op of operations) {
      const plural = op.path.split('/')[2] ?? '';
      const url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(name === 'id' ? (idsOf[plural]?.[0] ?? 'x') : 'x'));
      if (op.body) {
        // Nested far past the bound: refused before any walk (400), unless the route refuses the caller first.
        await expectAnswer(op, url, { method: op.method, headers: { 'content-type': 'application/json' }, body: deep(5000) }, (s) => s === 400 || s === 403);
      }
      // The same route behind a percent-encoded prefix is the same route: same access decision without credentials.
      const plain = await fetch(`${server.base}${url}`, { method: op.method }).then((r) => r.status);
      await expectAnswer(op, url.replace(/^\/api\//, '/%61pi/'), { method: op.method }, (s) => s === plain, true);
      if (op.params.some((p) => p.in === 'query' && p.name === 'cursor')) {
        for (const cursor of cursors) {
          for (const sort of ['', '&sort=-created_at', '&sort=name', '&sort=amount', '&q=a']) {
            await expectAnswer(op, `${url}?cursor=${cursor}${sort}`, { method: op.method }, (s) => s === 400);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('answers a well-formed request to every operation with a documented success', async () => {
    // Random input seldom gets past validation; these requests do, so every success schema meets a real answer.
    // The fuzzing above deleted and merged some records: ids afresh.
    for (const name of ENTITY_ORDER) idsOf[ENTITIES[name].plural] = (await ctx().crm.records.list('default', ENTITIES[name], { limit: 3 })).records.map((r) => r.id);
    const [contact, otherContact] = idsOf.contacts!;
    const [company, otherCompany] = idsOf.companies!;
    const samplePath: Record<string, string> = { file: 'contacts.csv', target: 'deal', strategy: 'weighted' };
    const sampleQuery: Record<string, string> = {
      'GET /api/search': 'q=compliance',
      'GET /api/deals': 'include=score,flags&stage[in]=lead,qualified',
      'GET /api/contacts': 'include=score',
      'GET /api/deals/next-actions': `ids=${idsOf.deals!.join(',')}`,
    };
    const sampleBody: Record<string, unknown> = {
      'POST /api/companies': { name: 'Well Formed Ltd', domain: 'wellformed.example' },
      'POST /api/contacts': { first_name: 'Ada', last_name: 'Byron', email: 'ada@wellformed.example', company_id: company, tags: ['vip'] },
      'POST /api/deals': { name: 'Well formed deal', stage: 'proposal', amount: 12_000, company_id: company },
      'POST /api/activities': { type: 'note', occurred_at: '2026-10-01T10:00:00Z', subject: 'hello', contact_id: contact },
      'PATCH /api/companies/{id}': { industry: 'Software' },
      'PATCH /api/contacts/{id}': { title: 'CTO', custom: { shoe_size: 42 } },
      'PATCH /api/deals/{id}': { amount: 5000 },
      'PATCH /api/activities/{id}': { subject: 'changed' },
      'POST /api/contacts/merge/preview': { survivor: contact, merged: [otherContact] },
      'POST /api/companies/merge/preview': { survivor: company, merged: [otherCompany] },
      'POST /api/import/company-matches': { values: ['Acme Inc', 'acme.com', 'Nobody Ltd'] },
      'POST /api/contacts/duplicates/check': { first_name: 'Ada', email: '' },
      'POST /api/companies/duplicates/check': { name: 'Acme', domain: 'acme.com' },
      'POST /api/query': { text: 'open deals over $1k', limit: 5 },
      'POST /api/views': { name: 'Big deals', object: 'deals', query: 'amount[gte]=50000' },
      'POST /api/users': { email: 'new.member@wellformed.example', role: 'member' },
      'PUT /api/models/{target}/rollout': { strategy: null },
      'POST /api/experiments': { variants: ['weighted', 'logistic'] },
      'PUT /api/settings/lost-reasons': { reasons: ['Price', 'Chose a competitor', 'No budget', 'No decision / went dark', 'Timing', 'Missing feature', 'Other'] },
      'PUT /api/settings/idle-threshold': { days: 30 },
      'PUT /api/settings/currency': { currency: 'EUR' },
      'PUT /api/settings/outreach': { responseWindowDays: 10 },
      'PUT /api/settings/ingest': { reviewThreshold: 0.6 },
      'POST /api/settings/mailboxes': { url: 'imap://sales@mail.example.com/INBOX', passwordEnv: 'CRM_IMAP_PASSWORD', everyMinutes: 15 },
      'POST /api/recommendations/{id}/outcome': { outcome: 'responded' },
      'POST /api/recommendations/{id}/act': { as: 'task' },
      'PUT /api/settings/deal-strategy': { budget: 16 },
    };
    // Two recommendations to act on and to answer (asking for a next action records one).
    const recommendations: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await server.fetch(`/api/contacts/${encodeURIComponent(contact!)}/next-action`);
      expect(res.status).toBe(200);
      recommendations.push(((await res.json()) as { recommendationId: string }).recommendationId);
    }
    const samplePathFor: Record<string, string> = { 'POST /api/recommendations/{id}/outcome': recommendations[0]!, 'POST /api/recommendations/{id}/act': recommendations[1]! };
    /** Not called here: they end the caller's session or token, destroy the sample data, or train models for seconds, or need an import job (the fuzzing above reaches them, and other suites — import-jobs — test their answers). */
    const notHere = new Set([
      'POST /api/auth/login', 'GET /api/auth/session', 'POST /api/auth/logout', 'POST /api/auth/password', 'POST /api/tokens', 'DELETE /api/tokens/{id}',
      'PATCH /api/users/{id}', 'DELETE /api/users/{id}', 'DELETE /api/views/{id}', 'POST /api/import', 'GET /api/import/jobs/{id}', 'POST /api/models/train',
      'DELETE /api/companies/{id}', 'DELETE /api/contacts/{id}', 'DELETE /api/deals/{id}', 'DELETE /api/activities/{id}',
      'POST /api/companies/merge', 'POST /api/contacts/merge', 'POST /api/contacts/{id}/erase', 'POST /api/experiments/{id}/stop',
      'POST /api/models/{target}/{strategy}/rollback',
      // Signed-in browsers only (a token gets 403), or they need an invitation's one-time code: the access suite.
      'POST /api/auth/sign-out-everywhere', 'GET /api/me/sign-ins', 'GET /api/me/invitations', 'POST /api/me/invitations/{id}/accept',
      'POST /api/me/invitations/{id}/decline', 'POST /api/invitations/redeem', 'DELETE /api/invitations/{id}',
      // Multipart uploads, and an original exists only for an ingested activity: the ingest suite (ingest-api).
      'POST /api/ingest', 'GET /api/activities/{id}/original',
      // A review exists only for an ingested item below the threshold: the ingest-review suite.
      'POST /api/ingest/review/{id}',
      // Deal strategy: training takes seconds and rollback needs a trained version (strategy-api trains, lists and rolls back).
      'POST /api/policies/{policy}/train', 'POST /api/policies/{policy}/rollback',
    ]);
    const failures: string[] = [];
    // Writes first (an experiment to read back), then reads.
    const ordered = [...operations].sort((a, b) => Number(a.method === 'GET') - Number(b.method === 'GET'));
    let experimentId = '';
    for (const op of ordered) {
      const key = `${op.method} ${op.path}`;
      if (notHere.has(key)) continue;
      if (op.body && !(key in sampleBody)) {
        failures.push(`${key}: no sample body (add one, or say why not in notHere)`);
        continue;
      }
      const plural = op.path.split('/')[2] ?? '';
      const url =
        op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
          encodeURIComponent(name === 'id' ? (samplePathFor[key] ?? (plural === 'experiments' ? experimentId : (idsOf[plural]?.[0] ?? ids[0]!))) : (samplePath[name] ?? 'x')),
        ) + (sampleQuery[key] ? `?${sampleQuery[key]}` : '');
      const body = sampleBody[key];
      const res = await server.fetch(url, { method: op.method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
      const text = await res.text();
      if (res.status >= 300) {
        failures.push(`${op.method} ${url} → ${res.status} ${text.slice(0, 300)}`);
        continue;
      }
      if (key === 'POST /api/experiments') experimentId = (JSON.parse(text) as { id: string }).id;
      const problem = check(op, { status: res.status, contentType: res.headers.get('content-type'), text });
      if (problem) failures.push(`${op.method} ${url} → ${problem}`);
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
