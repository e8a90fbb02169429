/** Compiled response serialisers: the same JSON as zod's encode, zod kept where JSON Schema cannot say it exactly. */
import Fastify from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ENTITIES } from '../../src/core/entities.js';
import { recordSchemas } from '../../src/core/record-schema.js';
import { responseSerializerCompiler, serializerRoutes } from '../../src/delivery/api/serializer.js';

const contact = recordSchemas(ENTITIES.contact).output;
const record = {
  id: 'ct_1',
  custom: { tier: 'gold', score: 3, nested: { a: [1, null] } },
  first_name: 'Ada',
  last_name: null,
  email: 'ada@example.com',
  phone: null,
  title: 'CTO',
  company_id: null,
  lead_source: 'partner',
  lead_status: 'new',
  last_contacted_at: null,
  tags: ['a', 'b'],
  notes: 'Wants "quotes", back\\slashes and ünïcödé — and a line\nbreak',
  other_emails: null,
  other_phones: null,
  owner: null,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-02T00:00:00Z',
};

const app = Fastify();
beforeAll(async () => {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler);
  app.get('/one', { schema: { response: { 200: z.object({ data: contact }) } } }, async () => ({ data: record }));
  app.get('/extra', { schema: { response: { 200: z.object({ data: contact, dropped: z.number().optional() }) } } }, async () => ({ data: { ...record, future_field: 'kept' }, secret: 'not declared' }));
  app.get('/union', { schema: { response: { 200: z.object({ items: z.array(z.discriminatedUnion('kind', [z.object({ kind: z.literal('a'), a: z.string() }), z.object({ kind: z.literal('b'), b: z.number() })])) }) } } }, async () => ({ items: [{ kind: 'b', b: 2 }, { kind: 'a', a: 'x' }] }));
  app.get('/tuple', { schema: { response: { 200: z.object({ change: z.tuple([z.string(), z.number()]) }) } } }, async () => ({ change: ['x', 1] }));
  // A tuple of alike items is a list of them; an intersection of open objects is one object with both sets of properties.
  app.get('/pair', { schema: { response: { 200: z.object({ interval: z.tuple([z.number(), z.number()]) }) } } }, async () => ({ interval: [0.25, 0.75] }));
  const Row = z.looseObject({ id: z.string(), name: z.string().nullable() });
  app.get('/rows', { schema: { response: { 200: z.object({ data: z.array(z.looseObject({ score: z.number().nullable().optional() }).and(Row)) }) } } }, async () => ({
    data: [
      { id: 'a', name: 'Ann "the first"', score: 0.5, custom_field: 'kept' },
      { id: 'b', name: null },
    ],
  }));
  app.get('/wrong', { schema: { response: { 200: z.object({ n: z.number() }) } } }, async () => ({ n: 'not a number' }));
  await app.ready();
});
afterAll(() => app.close());

const get = async (url: string) => {
  const res = await app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.body };
};

describe('compiled response serialisers', () => {
  it('writes a record exactly as zod does: nulls, custom fields, lists, escapes', async () => {
    const { status, body } = await get('/one');
    expect(status).toBe(200);
    expect(JSON.parse(body)).toEqual(JSON.parse(JSON.stringify(z.object({ data: contact }).encode({ data: record }))));
    expect(serializerRoutes.compiled.has('GET /one 200')).toBe(true);
  });

  it('keeps a record’s undeclared fields (records are open objects) and drops undeclared fields of a closed envelope', async () => {
    const body = JSON.parse((await get('/extra')).body);
    expect(body.data.future_field).toBe('kept');
    expect(body).not.toHaveProperty('secret');
  });

  it('leaves discriminated unions and tuples to zod, with the same answers', async () => {
    expect(JSON.parse((await get('/union')).body)).toEqual({ items: [{ kind: 'b', b: 2 }, { kind: 'a', a: 'x' }] });
    expect(JSON.parse((await get('/tuple')).body)).toEqual({ change: ['x', 1] });
    expect(serializerRoutes.zod.has('GET /union 200')).toBe(true);
    expect(serializerRoutes.zod.has('GET /tuple 200')).toBe(true);
  });

  it('compiles a tuple of alike items and an intersection of open objects (a list row beside its score), with the same answers', async () => {
    expect(JSON.parse((await get('/pair')).body)).toEqual({ interval: [0.25, 0.75] });
    expect(JSON.parse((await get('/rows')).body)).toEqual({ data: [{ id: 'a', name: 'Ann "the first"', score: 0.5, custom_field: 'kept' }, { id: 'b', name: null }] });
    expect(serializerRoutes.compiled.has('GET /pair 200')).toBe(true);
    expect(serializerRoutes.compiled.has('GET /rows 200')).toBe(true);
  });

  it('under the test runner still refuses an answer that breaks the contract (zod checks every compiled answer)', async () => {
    expect((await get('/wrong')).status).toBe(500);
  });
});
