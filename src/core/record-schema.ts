/** zod schemas for record input and output, derived from the entity declarations. */
import { z } from 'zod';
import { toTimestamp } from './clock.js';
import { allFields, type EntityDef, type FieldDef } from './entities.js';
import { ID_PATTERN } from './ids.js';
import { domainKey } from './normalize.js';

const EMAIL = z.email();
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function isRealDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export const idSchema = z.string().regex(ID_PATTERN, 'must be 1–128 letters, digits or _ . : -');

/**
 * Where in a value (a JSON body, custom fields) a string holds a NUL character — "variants.1.strategy" — or
 * undefined. No database keeps NUL in text (PostgreSQL refuses it), so input with one is refused.
 * Walked with an explicit stack, and the path is built only for the hit: a deep value costs linear time and no
 * call stack (nesting is bounded before bodies get here, see delivery/api/input-guard.ts, but a walk must not
 * depend on that).
 */
export function nulPath(value: unknown): string | undefined {
  interface Step { value: unknown; key: string; parent: Step | null }
  const pathOf = (step: Step): string => {
    const keys: string[] = [];
    for (let s: Step | null = step; s?.parent; s = s.parent) keys.push(s.key);
    return keys.reverse().join('.') || '(value)';
  };
  const stack: Step[] = [{ value, key: '', parent: null }];
  while (stack.length > 0) {
    const step = stack.pop()!;
    const v = step.value;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return pathOf(step);
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: String(i), parent: step });
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, child] = entries[i]!;
        if (k.includes('\u0000')) return pathOf({ value: k, key: '(key)', parent: { value: child, key: k, parent: step } });
        stack.push({ value: child, key: k, parent: step });
      }
    }
  }
  return undefined;
}

/** How deeply a value nests (a scalar is 0, `{"a": [1]}` is 2); iterative, like nulPath. */
export function nestingDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * Limits of one record's custom fields. Every list page carries them, so an unbounded object (20,000 keys,
 * 1.3 MB was accepted once) made every page of the workspace that large.
 */
export const CUSTOM_LIMITS = { keys: 100, depth: 3, bytes: 16 * 1024 } as const;

/** Why a custom-fields object breaks the limits, or undefined. */
export function customLimitProblem(custom: Record<string, unknown>): string | undefined {
  const keys = Object.keys(custom).length;
  if (keys > CUSTOM_LIMITS.keys) return `at most ${CUSTOM_LIMITS.keys} custom fields per record (${keys} given)`;
  const depth = nestingDepth(custom);
  if (depth > CUSTOM_LIMITS.depth) return `custom field values nest at most ${CUSTOM_LIMITS.depth - 1} levels deep`;
  const bytes = new TextEncoder().encode(JSON.stringify(custom)).length;
  if (bytes > CUSTOM_LIMITS.bytes) return `custom fields take at most ${CUSTOM_LIMITS.bytes / 1024} KB per record (${Math.ceil(bytes / 1024)} KB given)`;
  return undefined;
}
const NO_NUL = 'must not contain a NUL character';

/** Schema of one field's value (never null; nullability is added by the caller). */
export function fieldValueSchema(field: FieldDef): z.ZodType {
  const max = field.maxLength ?? 10000;
  switch (field.type) {
    case 'string':
    case 'text':
      return z.string().max(max, `must be at most ${max} characters`).refine((v) => !v.includes('\u0000'), NO_NUL);
    case 'email':
      // Checked trimmed; stored as typed (the match key is normalised separately).
      return z
        .string()
        .max(max)
        .refine((v) => EMAIL.safeParse(v.trim()).success, 'must be an email address');
    case 'domain':
      return z
        .string()
        .max(max)
        .refine((v) => (domainKey(v) ?? '').includes('.'), 'must be a domain such as acme.com');
    case 'phone':
      return z
        .string()
        .max(max)
        .refine((v) => v.replace(/\D/g, '').length >= 5, 'must be a phone number with at least 5 digits');
    case 'integer':
      return z.number().int('must be a whole number').min(-2147483648).max(2147483647);
    case 'number':
      return z.number().refine(Number.isFinite, 'must be a finite number');
    case 'date':
      return z.string().regex(DATE_RE, 'must be a date YYYY-MM-DD').refine(isRealDate, 'is not a real date');
    case 'datetime':
      return z
        .string()
        .regex(DATETIME_RE, 'must be an ISO 8601 date-time such as 2026-11-01T12:00:00Z')
        .refine((v) => !Number.isNaN(Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v)), 'is not a real date-time')
        .transform((v) => toTimestamp(new Date(v.length === 10 ? `${v}T00:00:00Z` : v)));
    case 'enum':
      return z.enum(field.values as [string, ...string[]]);
    case 'ref':
      return idSchema;
    case 'tags':
      // Secondary values (other e-mails, phones, domains) are lists whose items are checked like the single field.
      if (field.items)
        return z
          .array(fieldValueSchema({ ...field, type: field.items, items: undefined, maxLength: field.items === 'email' ? 320 : field.items === 'phone' ? 64 : 300 }).refine((t) => !(t as string).includes(';'), 'cannot contain ";"'))
          .max(50);
      return z
        .array(
          z
            .string()
            .min(1)
            .max(100)
            .refine((t) => !t.includes(';'), 'tags cannot contain ";"')
            .refine((t) => !t.includes('\u0000'), NO_NUL),
        )
        .max(100);
  }
}

export const customFieldsSchema = z
  .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_ .-]{0,63}$/), z.unknown())
  .superRefine((v, ctx) => {
    const problem = customLimitProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .refine((v) => nulPath(v) === undefined, NO_NUL);

/** An optional field's schema: its value, null, or "" meaning null (every type, so `"employees": ""` is empty too). */
function emptyAsNull(value: z.ZodType) {
  return z.union([z.literal('').transform(() => null), value]).nullable().optional();
}

export interface RecordSchemas {
  create: z.ZodType<Record<string, unknown>>;
  patch: z.ZodType<Record<string, unknown>>;
  /** A record still being written (a form before saving): every field optional, checked like create; for duplicate checks. */
  draft: z.ZodType<Record<string, unknown>>;
  /** A record as the API answers it (the OpenAPI component named after the object). */
  output: z.ZodType;
  /** The same or null, written out (OpenAPI 3.0 cannot say "a reference, or null"). */
  outputOrNull: z.ZodType;
}

const cache = new Map<string, RecordSchemas>();

export function recordSchemas(entity: EntityDef): RecordSchemas {
  const hit = cache.get(entity.name);
  if (hit) return hit;
  const create: Record<string, z.ZodType> = { id: idSchema.optional(), custom: customFieldsSchema.optional() };
  const patch: Record<string, z.ZodType> = { custom: customFieldsSchema.optional() };
  const output: Record<string, z.ZodType> = { id: z.string(), custom: z.record(z.string(), z.unknown()).describe('custom fields') };
  const draft: Record<string, z.ZodType> = { id: z.string().max(128).optional(), custom: customFieldsSchema.optional() };
  for (const f of allFields(entity)) {
    const value = fieldValueSchema(f);
    if (!f.readOnly) {
      // Required text must hold more than blanks; an optional field given "" is empty (null), as HubSpot and
      // Twenty read it, so forms and scripts that send every input as a string are not refused.
      const required = f.type === 'string' || f.type === 'text' ? value.refine((v) => typeof v === 'string' && v.trim() !== '', 'must not be empty') : value;
      const optional = emptyAsNull(value);
      create[f.name] = f.required ? required : optional;
      if (!f.createOnly) patch[f.name] = f.required ? required.optional() : optional;
      draft[f.name] = optional;
    }
    const out = (
      f.type === 'integer' ? z.number().int() : f.type === 'number' ? z.number() : f.type === 'tags' ? z.array(z.string()) : f.type === 'enum' ? z.enum(f.values as [string, ...string[]]) : z.string()
    ).describe(f.label);
    // A nullable enum lists null among its values (OpenAPI 3.0 reads `nullable` as no more than the enum allows).
    output[f.name] = f.required ? out : f.type === 'enum' ? out.nullable().meta({ description: f.label, enum: [...f.values!, null] }) : out.nullable();
  }
  const schemas: RecordSchemas = {
    create: z.strictObject(create) as unknown as z.ZodType<Record<string, unknown>>,
    draft: z.strictObject(draft) as unknown as z.ZodType<Record<string, unknown>>,
    patch: z.strictObject(patch) as unknown as z.ZodType<Record<string, unknown>>,
    // Loose: lists add keys of their own to each row (`?include=score`).
    output: z.looseObject(output).meta({ id: entity.label }),
    outputOrNull: z.looseObject(output).nullable(),
  };
  cache.set(entity.name, schemas);
  return schemas;
}

/** Turns zod issues into messages that name the field. */
export function describeIssues(error: { issues: readonly z.core.$ZodIssue[] }, input?: unknown): { field?: string; message: string }[] {
  const given = (key: PropertyKey) => typeof input === 'object' && input !== null && (input as Record<PropertyKey, unknown>)[key] !== undefined;
  return error.issues.map((i) => {
    const field = i.path.length > 0 ? i.path.join('.') : undefined;
    if (i.code === 'unrecognized_keys') {
      return { message: `unknown field${i.keys.length > 1 ? 's' : ''}: ${i.keys.join(', ')}` };
    }
    if (i.path.length === 1 && input !== undefined && !given(i.path[0]!)) return { field, message: `${field} is required` };
    return { field, message: field ? `${field}: ${i.message}` : i.message };
  });
}
