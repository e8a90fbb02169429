/** How entity declarations map onto table columns (shared by the repositories, the schema check and tests). */
import { allFields, type EntityDef, type FieldDef } from '../core/entities.js';

/** The column type a declared field is stored in (the same on both databases). */
export function columnType(field: FieldDef): 'text' | 'integer' | 'double precision' {
  if (field.type === 'integer') return 'integer';
  if (field.type === 'number') return 'double precision';
  return 'text';
}

export function keyColumns(entity: EntityDef): string[] {
  return entity.keys.map((k) => k.column);
}

/** Every column of an entity table, in order. */
export function tableColumns(entity: EntityDef): string[] {
  return ['workspace_id', 'id', ...allFields(entity).map((f) => f.name), 'custom', ...keyColumns(entity)];
}
