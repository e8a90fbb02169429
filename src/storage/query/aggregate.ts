/** count / sum / avg / min / max over the filtered records of one object, optionally grouped by one field. */
import { sql } from 'kysely';
import { fieldOf, type EntityDef } from '../../core/entities.js';
import { validationError } from '../../core/errors.js';
import type { AggregateQuery, AggregateRow } from '../index.js';
import type { FilterCompiler } from './filters.js';

export async function aggregateRecords(filters: FilterCompiler, ws: string, entity: EntityDef, query: AggregateQuery): Promise<AggregateRow[]> {
  const t = entity.plural;
  const check = (name: string | undefined, what: string) => {
    if (name === undefined) return undefined;
    const f = fieldOf(entity, name);
    if (!f) throw validationError(`cannot ${what} ${entity.plural} by unknown field "${name}"`, [{ field: name, message: 'unknown field' }]);
    return f;
  };
  const field = check(query.field, query.fn);
  const group = check(query.groupBy, 'group');
  if (query.fn !== 'count' && !field) throw validationError(`${query.fn} needs a field`);
  if ((query.fn === 'sum' || query.fn === 'avg') && field && field.type !== 'number' && field.type !== 'integer')
    throw validationError(`${query.fn} needs a numeric field; ${field.name} is ${field.type}`);
  let qb = filters.filtered(ws, entity, query.filters).select((eb) => {
    const count = eb.fn.countAll().as('count');
    if (query.fn === 'count') return [count, eb.fn.countAll().as('value')];
    const col = sql.ref(`${t}.${field!.name}`);
    const fn = query.fn === 'sum' ? eb.fn.sum(col) : query.fn === 'avg' ? eb.fn.avg(col) : query.fn === 'min' ? eb.fn.min(col) : eb.fn.max(col);
    return [count, fn.as('value')];
  });
  if (group) qb = qb.select(sql.ref(`${t}.${group.name}`).as('group')).groupBy(`${t}.${group.name}`).orderBy(sql`${sql.ref(`${t}.${group.name}`)} ASC NULLS FIRST`);
  const rows = (await qb.execute()) as Record<string, unknown>[];
  const numeric = query.fn === 'count' || query.fn === 'sum' || query.fn === 'avg' || field?.type === 'number' || field?.type === 'integer';
  return rows.map((r) => ({
    group: group ? (r.group ?? null) : null,
    count: Number(r.count),
    value: r.value === null || r.value === undefined ? (query.fn === 'sum' ? 0 : null) : numeric ? Number(r.value) : (r.value as string),
  }));
}
