/** Relations between objects, read off the ref fields of the declarations. */
import { ENTITIES, ENTITY_ORDER, type EntityDef, type EntityName, type FieldDef } from '../core/entities.js';

export interface ChildRelation {
  /** The object whose records point at the parent. */
  child: EntityDef;
  /** The child's ref field holding the parent id. */
  field: FieldDef;
}

/** Objects that reference `parent`, e.g. company ← contacts.company_id, deals.company_id, activities.company_id. */
export function childRelations(parent: EntityName): ChildRelation[] {
  const out: ChildRelation[] = [];
  for (const name of ENTITY_ORDER) {
    const child = ENTITIES[name];
    for (const field of child.fields) if (field.type === 'ref' && field.ref === parent) out.push({ child, field });
  }
  return out;
}

/** The ref fields of an object, e.g. contact.company_id → company. */
export function parentRelations(entity: EntityDef): { field: FieldDef; parent: EntityDef }[] {
  return entity.fields.filter((f) => f.type === 'ref' && f.ref).map((field) => ({ field, parent: ENTITIES[field.ref!] }));
}

/** URL name of a parent relation: `company_id` → `company`. */
export function relationName(field: FieldDef): string {
  return field.name.replace(/_id$/, '');
}
