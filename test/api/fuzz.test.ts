/**
 * OpenAPI-driven fuzzing against the live server on SQLite and PostgreSQL: for every operation in the served
 * document, fast-check generates requests from the operation's own schemas (path and query parameters, JSON
 * bodies), mixed with hostile strings (SQL, operators, unicode, huge values) and filters on every field. No
 * request may yield a 5xx, and every error answers with a JSON message.
 *
 * FUZZ_RUNS (default 12 per operation) and FUZZ_SEED (default 20261125) widen or vary the search; a failure
 * prints the seed and the shrunk request that broke it.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ENTITIES, ENTITY_ORDER } from '../../src/core/entities.js';
import { HashingProvider } from '../../src/intelligence/embeddings/index.js';
import { createIntelligence, type Intelligence } from '../../src/intelligence/index.js';
import { describeEachBackend, SAMPLE_DIR } from '../support/backends.js';
import { apiOperations, type Operation, type Schema } from '../support/openapi.js';
import { serveForTest, type TestServer } from '../support/serve.js';

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
  let intelligence: Intelligence;
  let operations: Operation[] = [];
  let ids: string[] = [];

  beforeAll(async () => {
    const { crm } = ctx();
    await crm.importer.importDirectory('default', SAMPLE_DIR);
    intelligence = createIntelligence(crm, { provider: new HashingProvider(16), worker: false });
    await intelligence.start();
    server = await serveForTest({ crm, intelligence });
    const doc = await apiOperations(server.base);
    expect(doc.openapi).toMatch(/^3\./);
    operations = doc.operations;
    // Real ids from the data, so some requests reach records rather than 404s.
    for (const name of ENTITY_ORDER) ids.push(...(await crm.records.list('default', ENTITIES[name], { limit: 3 })).records.map((r) => r.id));
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await intelligence?.stop();
  });

  it('documents every route and answers every generated request without a server error', async () => {
    expect(operations.length).toBeGreaterThan(50);
    const failures: string[] = [];
    for (const op of operations) {
      const pathParams = op.params.filter((p) => p.in === 'path');
      const queryParams = op.params.filter((p) => p.in === 'query');
      const request = fc.record({
        path: fc.record(Object.fromEntries(pathParams.map((p) => [p.name, fc.oneof(fc.constantFrom(...ids), validFromSchema(p.schema ?? { type: 'string' }, 0).map(String), hostile)]))),
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
          if (res.status >= 500) {
            failures.push(`${op.method} ${url} ${hasBody ? JSON.stringify(r.body).slice(0, 300) : ''} → ${res.status} ${text.slice(0, 300)}`);
            return false;
          }
          if (res.status >= 400) {
            const body = JSON.parse(text) as { message?: unknown };
            if (typeof body.message !== 'string') return false;
          }
          return true;
        }),
        { numRuns: SLOW.has(`${op.method} ${op.path}`) ? 2 : RUNS, seed: SEED, endOnFailure: true },
      ).catch((e: unknown) => failures.push(`${op.method} ${op.path}: ${e instanceof Error ? e.message.split('\n').slice(0, 6).join(' | ') : String(e)}`));
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
