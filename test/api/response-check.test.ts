/** The fuzz suite's answer checker: what it accepts and what it reports (it must be able to fail). */
import { describe, expect, it } from 'vitest';
import { operationsOf, type OpenApiDoc } from '../support/openapi.js';
import { responseChecker } from '../support/response-check.js';

const json = (schema: object) => ({ description: 'x', content: { 'application/json': { schema } } });
const doc: OpenApiDoc = {
  openapi: '3.0.3',
  components: {
    schemas: {
      Error: { type: 'object', properties: { error: { type: 'string' }, message: { type: 'string' } }, required: ['error', 'message'], additionalProperties: false },
      Thing: { type: 'object', properties: { id: { type: 'string' }, note: { type: 'string', nullable: true }, n: { type: 'number', minimum: 0, exclusiveMinimum: true } }, required: ['id', 'note'] },
    },
  },
  paths: {
    '/things/{id}': {
      get: { responses: { 200: json({ type: 'object', properties: { data: { $ref: '#/components/schemas/Thing' } }, required: ['data'], additionalProperties: false }), '4XX': json({ $ref: '#/components/schemas/Error' }) } },
      delete: { responses: { 204: { description: 'No content' } } },
    },
    '/export': { get: { responses: { 200: { description: 'csv', content: { 'text/csv': { schema: { type: 'string' } } } } } } },
  },
};
const [get, del, csv] = operationsOf(doc);
const check = responseChecker(doc);
const answer = (status: number, body: unknown, contentType = 'application/json; charset=utf-8') => ({ status, contentType, text: typeof body === 'string' ? body : JSON.stringify(body) });

describe('response checker', () => {
  it('accepts answers as documented: $ref to components, nullable, ranges, empty 204, other media types', () => {
    expect(check(get!, answer(200, { data: { id: 'a', note: null, extra: 1 } }))).toBeUndefined();
    expect(check(get!, answer(200, { data: { id: 'a', note: 'x', n: 1 } }))).toBeUndefined();
    expect(check(get!, answer(404, { error: 'not_found', message: 'no such thing' }))).toBeUndefined();
    expect(check(del!, { status: 204, contentType: null, text: '' })).toBeUndefined();
    expect(check(csv!, answer(200, 'id,name\n', 'text/csv; charset=utf-8'))).toBeUndefined();
  });

  it('reports wrong bodies, undocumented statuses and media types, and bodies where none is documented', () => {
    expect(check(get!, answer(200, { data: { id: 1, note: null } }))).toMatch(/\/data\/id must be string/);
    expect(check(get!, answer(200, { data: { id: 'a' } }))).toMatch(/must have required property 'note'/);
    expect(check(get!, answer(200, { data: { id: 'a', note: null, n: 0 } }))).toMatch(/\/data\/n must be > 0/);
    expect(check(get!, answer(200, { data: { id: 'a', note: null }, more: true }))).toMatch(/must NOT have additional properties "more"/);
    expect(check(get!, answer(400, { message: 'no code' }))).toMatch(/required property 'error'/);
    expect(check(get!, answer(500, { error: 'internal', message: 'x' }))).toMatch(/status 500 is not documented/);
    expect(check(get!, answer(200, 'plain', 'text/plain'))).toMatch(/answered text\/plain/);
    expect(check(get!, answer(200, '{not json'))).toMatch(/not JSON/);
    expect(check(del!, answer(204, { data: 1 }))).toMatch(/without a body/);
  });
});
