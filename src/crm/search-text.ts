import type { CrmRecord, EntityDef } from '../core/entities.js';

/** The full-text document of a record: its searchable fields, in declaration order. */
export function searchDocument(entity: EntityDef, record: CrmRecord): string {
  return entity.fields
    .filter((f) => f.searchable)
    .map((f) => record[f.name])
    .filter((v): v is string => typeof v === 'string' && v !== '')
    .join('\n');
}

export function touchesSearch(entity: EntityDef, changed: readonly string[]): boolean {
  return entity.fields.some((f) => f.searchable && changed.includes(f.name));
}
