/**
 * The Fastify side of the API's answers: the OpenAPI transforms and the error body on every route. The schemas
 * themselves are in contract.ts, which the web app reads too.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { errorBody } from './contract.js';

/**
 * The OpenAPI transform of the routes' zod schemas (fastify-type-provider-zod), with 204 answers documented as
 * having no body at all (@fastify/swagger leaves out the content of a `type: 'null'` answer).
 */
export const openapiTransform: typeof jsonSchemaTransform = (input) => {
  const out = jsonSchemaTransform(input);
  const response = (out.schema as { response?: Record<string, unknown> } | undefined)?.response;
  if (response?.['204']) response['204'] = { type: 'null', description: 'No content' };
  nullInNullableEnums(out.schema);
  return out;
};

/**
 * In OpenAPI 3.0 `nullable: true` does not widen an `enum` (3.0.3 says other keywords keep disallowing null), and
 * zod's converter writes a nullable enum as exactly that: the enum lists null too, so the document allows what the
 * API answers (e.g. a recommendation's outcome before there is one).
 */
function nullInNullableEnums(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) nullInNullableEnums(item);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const schema = node as Record<string, unknown>;
  if (schema.nullable === true && Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
  for (const value of Object.values(schema)) nullInNullableEnums(value);
}

/**
 * The document's components: every schema with an id (Error, Member, Company, …) as answered. Their request-side
 * twins (`…Input`) that nothing refers to are left out.
 */
export const openapiTransformObject: typeof jsonSchemaTransformObject = (input) => {
  const doc = jsonSchemaTransformObject(input) as { paths?: unknown; components?: { schemas?: Record<string, unknown> } };
  const schemas = doc.components?.schemas;
  nullInNullableEnums(schemas);
  if (schemas) {
    const used = JSON.stringify(doc.paths ?? {}) + JSON.stringify(schemas);
    for (const name of Object.keys(schemas)) if (name.endsWith('Input') && !used.includes(`"#/components/schemas/${name}"`)) delete schemas[name];
  }
  return doc as ReturnType<typeof jsonSchemaTransformObject>;
};

/**
 * Adds the error body as the `4xx` and `5xx` answers of every documented route (unless it declares its own),
 * so no route's errors go undocumented.
 */
export function documentErrors(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const schema = route.schema as (Record<string, unknown> & { hide?: boolean; response?: Record<string, unknown> }) | undefined;
    if (!schema || schema.hide) return;
    if (!route.url.startsWith('/api/') && route.url !== '/health') return;
    route.schema = { ...schema, response: { '4xx': errorBody, '5xx': errorBody, ...schema.response } };
  });
}
