/**
 * Turns list parameters as a user writes them (query string or CLI flags) into a typed ListQuery:
 * `stage=lead`, `amount[gte]=50000`, `stage[in]=lead,qualified`, `tags[has]=vip`, `sort=-amount`, `q=…`.
 */
import { fieldOf, type EntityDef, type FieldDef } from '../core/entities.js';
import { validationError } from '../core/errors.js';
import { fieldValueSchema } from '../core/record-schema.js';
import type { Filter, FilterOp, ListQuery } from '../storage/index.js';

export const MAX_LIMIT = 500;
/**
 * A list's `total` counts matches up to this many (then says "1,000+"): counting every one of 54,841 full-text
 * matches took 1.4 s at 1M activities, and even 10,001 of them, or of 28,869 contacts of a status, 50–300 ms
 * (reading that many rows); 1,001 cost 1–16 ms (docs/operations.md). `total=exact` counts them all.
 */
export const LIST_TOTAL_CAP = 1_000;
// `include` is read by the delivery layer (e.g. include=score), not a filter.
const RESERVED = new Set(['q', 'sort', 'limit', 'cursor', 'total', 'include']);
const OPS: readonly FilterOp[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'contains', 'empty', 'has'];

export type ListParams = Record<string, unknown>;

function parseScalar(field: FieldDef, raw: string): unknown {
  if (raw === '' || raw === 'null') return null;
  let value: unknown = raw;
  if (field.type === 'integer' || field.type === 'number') {
    value = Number(raw);
    if (raw.trim() === '' || Number.isNaN(value)) throw badFilter(field.name, `${field.name} must be a number, got "${raw}"`);
  }
  // Ranges on dates accept a bare day for date-times ("since 2026-06-01").
  if (field.type === 'tags' || field.type === 'email' || field.type === 'domain' || field.type === 'phone') return value;
  const parsed = fieldValueSchema(field).safeParse(value);
  if (!parsed.success) throw badFilter(field.name, `${field.name}: ${parsed.error.issues[0]?.message ?? 'invalid value'} (got "${raw}")`);
  return parsed.data;
}

function badFilter(field: string, message: string) {
  return validationError(message, [{ field, message }]);
}

function asString(v: unknown, name: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join(',');
  throw badFilter(name, `${name} must be a single value`);
}

function allowedOps(field: FieldDef): readonly FilterOp[] {
  switch (field.type) {
    case 'integer':
    case 'number':
    case 'date':
    case 'datetime':
      return ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'empty'];
    case 'tags':
      return ['has', 'empty'];
    case 'text':
      return ['contains', 'empty', 'eq', 'ne'];
    default:
      return ['eq', 'ne', 'in', 'nin', 'contains', 'empty', 'gt', 'gte', 'lt', 'lte'];
  }
}

export function parseListParams(entity: EntityDef, params: ListParams): ListQuery {
  const filters: Filter[] = [];
  for (const [name, raw] of Object.entries(params)) {
    if (RESERVED.has(name) || raw === undefined) continue;
    const field = name === 'id' ? ({ name: 'id', type: 'string', label: 'Id' } as FieldDef) : fieldOf(entity, name);
    if (!field) throw badFilter(name, `unknown filter field "${name}" for ${entity.plural}`);
    const ops: [string, unknown][] =
      raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? Object.entries(raw as Record<string, unknown>) : [['eq', raw]];
    for (const [opName, opRaw] of ops) {
      const op = opName as FilterOp;
      if (!OPS.includes(op)) throw badFilter(name, `unknown operator "${opName}" on ${name}; use one of ${OPS.join(', ')}`);
      if (!allowedOps(field).includes(op)) throw badFilter(name, `operator "${op}" does not apply to ${name}`);
      const text = asString(opRaw, name);
      let value: unknown;
      if (op === 'in' || op === 'nin') value = text.split(',').map((s) => parseScalar(field, s.trim()));
      else if (op === 'empty') {
        if (text !== 'true' && text !== 'false') throw badFilter(name, `${name}[empty] must be true or false`);
        value = text === 'true';
      } else if (op === 'contains' || op === 'has') value = text;
      else value = parseScalar(field, text);
      if ((op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte') && value === null) throw badFilter(name, `${name}[${op}] needs a value`);
      filters.push({ field: field.name, op, value });
    }
  }

  let sort: ListQuery['sort'];
  if (params.sort !== undefined && params.sort !== '') {
    const s = asString(params.sort, 'sort');
    const desc = s.startsWith('-');
    const fieldName = desc ? s.slice(1) : s;
    if (fieldName !== 'id' && !fieldOf(entity, fieldName)) throw badFilter('sort', `cannot sort ${entity.plural} by unknown field "${fieldName}"`);
    sort = { field: fieldName, direction: desc ? 'desc' : 'asc' };
  }

  let limit = 50;
  if (params.limit !== undefined) {
    limit = Number(asString(params.limit, 'limit'));
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw badFilter('limit', `limit must be a whole number from 1 to ${MAX_LIMIT}`);
  }
  const q = params.q === undefined ? undefined : asString(params.q, 'q').trim() || undefined;
  // total=false: no count; total=exact: every match counted; otherwise counted up to LIST_TOTAL_CAP.
  const total = params.total === undefined ? 'true' : asString(params.total, 'total');
  return {
    filters,
    sort: sort ?? (q ? undefined : defaultSort(entity)),
    q,
    limit,
    cursor: params.cursor === undefined ? undefined : asString(params.cursor, 'cursor'),
    withTotal: total !== 'false',
    ...(total === 'exact' ? {} : { totalCap: LIST_TOTAL_CAP }),
  };
}

function defaultSort(entity: EntityDef): ListQuery['sort'] {
  const desc = entity.defaultSort.startsWith('-');
  return { field: desc ? entity.defaultSort.slice(1) : entity.defaultSort, direction: desc ? 'desc' : 'asc' };
}
