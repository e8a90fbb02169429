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
    const raw = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'throw', target: 'draft-7', cycles: 'throw', reused: 'inline' }) as Record<string, unknown>;
    return simplified(raw, (raw.definitions ?? {}) as Record<string, unknown>) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/**
 * The same output in terms fast-json-stringify follows: `z.record(z.string(), …)` says `propertyNames: {type:
 * string}`, which every JSON key already is; an intersection of objects (`a.and(b)`: a list row with its score
 * beside the record's fields) says `allOf`, which is one object with both sets of properties (mergedObjects); a
 * tuple whose items are all alike (an interval `[lo, hi]`) is written as a list of them; an object silent about
 * other keys keeps them.
 */
function simplified(node: unknown, definitions: Record<string, unknown>): unknown {
  if (Array.isArray(node)) return node.map((n) => simplified(n, definitions));
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'propertyNames' && isDeepStrictEqual(value, { type: 'string' })) continue;
    out[key] = simplified(value, definitions);
  }
  // An object that says nothing of other keys lets them through (JSON Schema's default, and zod's for the open
  // objects it merges itself); fast-json-stringify would drop them unless told.
  if (out.type === 'object' && !('additionalProperties' in out) && !('patternProperties' in out)) out.additionalProperties = true;
  if (Array.isArray(out.items) && out.items.length > 0 && out.items.every((item) => isDeepStrictEqual(item, (out.items as unknown[])[0]))) {
    out.items = (out.items as unknown[])[0];
    delete out.additionalItems;
  }
  const merged = Array.isArray(out.allOf) ? mergedObjects(out.allOf.map((part) => dereferenced(part, definitions))) : undefined;
  if (!merged) return out;
  const { allOf: _allOf, ...rest } = out;
  return { ...rest, ...simplified(merged, definitions) as Record<string, unknown> };
}

/** A local `{$ref: '#/definitions/X'}` replaced by what it names. */
function dereferenced(node: unknown, definitions: Record<string, unknown>): unknown {
  const ref = node && typeof node === 'object' ? (node as { $ref?: unknown }).$ref : undefined;
  if (typeof ref !== 'string' || !ref.startsWith('#/definitions/')) return node;
  return definitions[ref.slice('#/definitions/'.length)] ?? node;
}

const OBJECT_KEYWORDS = new Set(['type', 'properties', 'required', 'additionalProperties', 'description']);

/**
 * One object schema equal to the intersection of `parts`, or undefined where that is not simple: every part an
 * object that keeps unknown keys (so what one part adds the other lets through, as zod's intersection does) and
 * no property described twice differently.
 */
function mergedObjects(parts: unknown[]): Record<string, unknown> | undefined {
  const properties: Record<string, unknown> = {};
  const required = new Set<string>();
  for (const part of parts) {
    if (!part || typeof part !== 'object') return undefined;
    const o = part as Record<string, unknown>;
    if (o.type !== 'object' || Object.keys(o).some((k) => !OBJECT_KEYWORDS.has(k))) return undefined;
    if (o.additionalProperties !== undefined && o.additionalProperties !== true && !isDeepStrictEqual(o.additionalProperties, {})) return undefined;
    for (const [name, schema] of Object.entries((o.properties ?? {}) as Record<string, unknown>)) {
      if (name in properties && !isDeepStrictEqual(properties[name], schema)) return undefined;
      properties[name] = schema;
    }
    for (const name of (o.required ?? []) as string[]) required.add(name);
  }
  return { type: 'object', properties, ...(required.size > 0 ? { required: [...required] } : {}), additionalProperties: true };
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
