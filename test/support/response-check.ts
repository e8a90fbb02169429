/**
 * Checks a live answer against what the OpenAPI document says of it: the documented answer for its status (the
 * exact code, else the `4XX`/`5XX` range, else `default`), its media type, and its body against that schema with
 * Ajv. OpenAPI 3.0 schemas are turned into JSON Schema first: `$ref`s to components point at schemas added to Ajv
 * under their own ids, and draft-4 style boolean `exclusiveMinimum`/`exclusiveMaximum` become numbers (Ajv knows
 * `nullable` itself).
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { OpenApiDoc, Operation, ResponseDoc, Schema } from './openapi.js';

// ajv-formats is CommonJS: imported from ESM, the plugin is the module's `default` (and the module itself).
const addFormats = addFormatsModule.default;

const COMPONENT = '#/components/schemas/';
const componentId = (name: string) => `urn:openapi:component:${name}`;

/** An OpenAPI 3.0 schema as JSON Schema for Ajv (a copy; the document is left alone). */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema as Schema)) {
    if (k === '$ref' && typeof v === 'string' && v.startsWith(COMPONENT)) out.$ref = componentId(v.slice(COMPONENT.length));
    else if (k === 'example' || k === 'xml' || k === 'discriminator' || k === 'externalDocs') continue;
    else out[k] = toJsonSchema(v);
  }
  for (const [flag, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    if (typeof out[flag] === 'boolean') {
      if (out[flag] && typeof out[bound] === 'number') out[flag] = out[bound];
      else delete out[flag];
      if (typeof out[flag] === 'number') delete out[bound];
    }
  }
  return out;
}

export interface Answer {
  status: number;
  contentType: string | null;
  text: string;
}

export type ResponseChecker = (op: Pick<Operation, 'method' | 'path' | 'responses'>, answer: Answer) => string | undefined;

/** A checker for the operations of `doc`: returns what is wrong with an answer, or undefined when it is as documented. */
export function responseChecker(doc: OpenApiDoc): ResponseChecker {
  const ajv = new Ajv({ strict: false, allErrors: false });
  addFormats(ajv);
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) ajv.addSchema(toJsonSchema(schema) as object, componentId(name));
  const compiled = new Map<Schema, ValidateFunction>();
  const validatorOf = (schema: Schema) => {
    let v = compiled.get(schema);
    if (!v) compiled.set(schema, (v = ajv.compile(toJsonSchema(schema) as object)));
    return v;
  };

  return (op, { status, contentType, text }) => {
    const key = [String(status), `${Math.floor(status / 100)}XX`, 'default'].find((k) => op.responses[k]);
    if (!key) return `status ${status} is not documented (documented: ${Object.keys(op.responses).join(', ') || 'nothing'})`;
    const documented: ResponseDoc = op.responses[key]!;
    if (!documented.content || Object.keys(documented.content).length === 0) {
      return text === '' ? undefined : `${status} is documented without a body but has one: ${text.slice(0, 200)}`;
    }
    const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
    const media = documented.content[mediaType];
    if (!media) return `${status} answered ${mediaType || 'no content type'}; documented: ${Object.keys(documented.content).join(', ')}`;
    if (!media.schema) return undefined;
    let body: unknown = text;
    if (mediaType === 'application/json') {
      try {
        body = JSON.parse(text);
      } catch {
        return `${status} is not JSON: ${text.slice(0, 200)}`;
      }
    }
    const validate = validatorOf(media.schema);
    if (validate(body)) return undefined;
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` "${String(e.params.additionalProperty)}"` : ''}`);
    return `${status} does not match the documented schema (${key}): ${problems.join('; ')}; body: ${text.slice(0, 300)}`;
  };
}
