/**
 * Response serialisation. zod's encode walks every response object field by field on every request (about a tenth
 * of a get-by-id's server time in a profile); Fastify's own way is a serialiser compiled once per route from a JSON
 * schema. So each route's zod response schema is turned into JSON Schema once (zod's `toJSONSchema`, output side)
 * and compiled with `fast-json-stringify`. Schemas JSON Schema cannot express exactly (dates, transforms, custom
 * checks) keep zod's encode.
 *
 * Under the test runner (`VITEST`) or with `CRM_CHECK_SERIALIZER=1` every response is also encoded by zod and the
 * two must agree value for value, so the whole suite checks the compiled serialisers against the contract.
 */
import fastJson from 'fast-json-stringify';
import { createSerializerCompiler } from 'fastify-type-provider-zod';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';

type SerializerCompiler = Parameters<import('fastify').FastifyInstance['setSerializerCompiler']>[0];

const zodSerializer = createSerializerCompiler({}) as unknown as SerializerCompiler;

const checking = process.env.VITEST !== undefined || process.env.CRM_CHECK_SERIALIZER === '1';

/** The route's response schema as JSON Schema fast-json-stringify can compile, or undefined when it cannot say it exactly. */
function jsonSchemaOf(schema: unknown): Record<string, unknown> | undefined {
  if (!(schema instanceof z.ZodType)) return undefined;
  try {
    return withoutStringKeyNames(z.toJSONSchema(schema, { io: 'output', unrepresentable: 'throw', target: 'draft-7', cycles: 'throw', reused: 'inline' })) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** `z.record(z.string(), …)` says `propertyNames: {type: string}`, which every JSON key already is. */
function withoutStringKeyNames(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutStringKeyNames);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'propertyNames' && isDeepStrictEqual(value, { type: 'string' })) continue;
    out[key] = withoutStringKeyNames(value);
  }
  return out;
}

/**
 * JSON Schema keywords fast-json-stringify does not follow the way zod does: such schemas stay with zod. `oneOf`
 * (zod's discriminated unions) is among them: fast-json-stringify picks a branch by validating the value against
 * each, which failed on branches that refer to shared definitions.
 */
const UNSUPPORTED = new Set(['patternProperties', 'propertyNames', 'allOf', 'oneOf', 'not', 'if', 'prefixItems', 'dependentSchemas']);
function usesUnsupportedKeywords(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(usesUnsupportedKeywords);
  if (!node || typeof node !== 'object') return false;
  for (const [key, value] of Object.entries(node)) {
    if (UNSUPPORTED.has(key)) return true;
    // A tuple (`items` as a list): fast-json-stringify's tuples are not zod's.
    if (key === 'items' && Array.isArray(value)) return true;
    if (usesUnsupportedKeywords(value)) return true;
  }
  return false;
}

/** Which routes' responses are compiled and which stay with zod (`METHOD url status`), for tests and the bench. */
export const serializerRoutes = { compiled: new Set<string>(), zod: new Set<string>() };

export const responseSerializerCompiler: SerializerCompiler = (route) => {
  const name = `${route.method} ${route.url} ${route.httpStatus}`;
  const viaZod = zodSerializer(route);
  const json = jsonSchemaOf(route.schema);
  if (!json || usesUnsupportedKeywords(json)) {
    serializerRoutes.zod.add(name);
    return viaZod;
  }
  let compiled: (data: unknown) => string;
  try {
    compiled = fastJson(json as unknown as Parameters<typeof fastJson>[0]) as (data: unknown) => string;
  } catch {
    serializerRoutes.zod.add(name);
    return viaZod;
  }
  serializerRoutes.compiled.add(name);
  if (!checking) return compiled;
  return (data: unknown) => {
    const expected = viaZod(data) as string;
    const actual = compiled(data);
    if (!isDeepStrictEqual(JSON.parse(actual), JSON.parse(expected))) {
      throw new Error(`compiled serialiser of ${route.method} ${route.url} disagrees with zod:\n  compiled ${actual.slice(0, 400)}\n  zod      ${expected.slice(0, 400)}`);
    }
    return actual;
  };
};
