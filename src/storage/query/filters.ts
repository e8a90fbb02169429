/**
 * The filter compiler: a record query's conditions (`Filter`, see index.ts) as one SQL statement on the declared
 * object's table, always inside one workspace. References (`related`) become sub-queries of the same statement.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import { ENTITIES, fieldOf, type EntityDef } from '../../core/entities.js';
import { validationError } from '../../core/errors.js';
import type { RecordTablesDb } from '../database.js';
import { likeEscape, type SqlDialect } from '../dialect.js';
import type { Filter, RelatedFilter } from '../index.js';

// The record tables' columns are named at run time, so conditions are built on an untyped expression builder.
type Where = (eb: any) => Expression<SqlBool>;

/** Nesting of `any` groups and `related` sub-queries allowed in one query. */
const MAX_DEPTH = 3;

export class FilterCompiler {
  constructor(
    private readonly db: RecordTablesDb,
    private readonly dialect: SqlDialect,
  ) {}

  /** `SELECT … FROM <entity table> WHERE workspace_id = ws AND <filters>`, columns still to choose. */
  filtered(ws: string, entity: EntityDef, filters: readonly Filter[] = []) {
    let qb = this.db.selectFrom(entity.plural).where(`${entity.plural}.workspace_id`, '=', ws);
    for (const f of filters) qb = qb.where(this.condition(ws, entity, f));
    return qb;
  }

  private condition(ws: string, entity: EntityDef, f: Filter, depth = 0): Where {
    if (depth > MAX_DEPTH) throw validationError('filters nest too deep');
    if (f.op === 'any') {
      const groups = f.value as Filter[][];
      if (!Array.isArray(groups) || groups.length === 0) return () => sql<SqlBool>`1 = 0`;
      const parts = groups.map((g) => g.map((inner) => this.condition(ws, entity, inner, depth + 1)));
      return (eb) => eb.or(parts.map((g) => (g.length === 0 ? sql<SqlBool>`1 = 1` : eb.and(g.map((w) => w(eb))))));
    }
    const field = f.field === 'id' ? { name: 'id', type: 'string' as const, label: 'Id' } : fieldOf(entity, f.field);
    if (!field) throw validationError(`unknown field ${f.field} for ${entity.plural}`, [{ field: f.field, message: 'unknown field' }]);
    const col = `${entity.plural}.${field.name}`;
    const v = f.value;
    if (f.op === 'related') {
      const target = field.type === 'ref' && field.ref ? ENTITIES[field.ref] : undefined;
      if (!target) throw validationError(`${f.field} does not refer to another record`, [{ field: f.field, message: 'not a reference' }]);
      const rel = v as RelatedFilter;
      // An alias per depth keeps nested sub-queries on the same table apart.
      const alias = `${target.plural}_r${depth}`;
      let sub = this.db.selectFrom(`${target.plural} as ${alias}`).select(`${alias}.id`).where(`${alias}.workspace_id`, '=', ws);
      for (const inner of rel.filters) sub = sub.where(this.condition(ws, { ...target, plural: alias }, inner, depth + 1));
      return (eb) => (rel.negate ? eb.or([eb(col, 'not in', sub), eb(col, 'is', null)]) : eb(col, 'in', sub));
    }
    return (eb) => {
      switch (f.op) {
        case 'eq':
          return v === null ? eb(col, 'is', null) : eb(col, '=', v);
        case 'ne':
          return v === null ? eb(col, 'is not', null) : eb.or([eb(col, '<>', v), eb(col, 'is', null)]);
        case 'gt':
          return eb(col, '>', v);
        case 'gte':
          return eb(col, '>=', v);
        case 'lt':
          return eb(col, '<', v);
        case 'lte':
          return eb(col, '<=', v);
        case 'in':
          return (v as unknown[]).length === 0 ? sql<SqlBool>`1 = 0` : eb(col, 'in', v as unknown[]);
        case 'nin':
          return (v as unknown[]).length === 0
            ? sql<SqlBool>`1 = 1`
            : eb.or([eb(col, 'not in', v as unknown[]), eb(col, 'is', null)]);
        case 'contains':
          return this.dialect.ilike(col, `%${likeEscape(String(v))}%`);
        case 'has':
          return this.dialect.ilike(col, `%${likeEscape(JSON.stringify(String(v)))}%`);
        case 'lacks':
          return eb.or([eb(col, 'is', null), eb.not(this.dialect.ilike(col, `%${likeEscape(JSON.stringify(String(v)))}%`))]);
        case 'empty': {
          // Only text columns can hold an empty string; numbers and dates are empty when null.
          const textual = field.type !== 'integer' && field.type !== 'number';
          if (!textual) return v ? eb(col, 'is', null) : eb(col, 'is not', null);
          return v ? eb.or([eb(col, 'is', null), eb(col, '=', '')]) : eb.and([eb(col, 'is not', null), eb(col, '<>', '')]);
        }
      }
    };
  }
}
