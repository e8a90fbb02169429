/** How entity declarations map onto table columns (shared by migrations and repositories). */
import { allFields, type EntityDef, type FieldDef } from '../core/entities.js';
import type { DialectName } from './index.js';

export function columnType(field: FieldDef, dialect: DialectName): 'text' | 'integer' | 'double precision' {
  if (field.type === 'integer') return 'integer';
  if (field.type === 'number') return dialect === 'postgres' ? 'double precision' : 'double precision';
  return 'text';
}

/** Fields worth a (workspace_id, field) index: everything filterable except long text and tag lists. */
export function isIndexed(field: FieldDef): boolean {
  return field.type !== 'text' && field.type !== 'tags' && !(field.name === 'subject');
}

export function storedFieldNames(entity: EntityDef): string[] {
  return allFields(entity).map((f) => f.name);
}

export function keyColumns(entity: EntityDef): string[] {
  return entity.keys.map((k) => k.column);
}

/** Every column of an entity table, in order. */
export function tableColumns(entity: EntityDef): string[] {
  return ['workspace_id', 'id', ...storedFieldNames(entity), 'custom', ...keyColumns(entity)];
}
