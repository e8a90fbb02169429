/**
 * The object declarations shared with the server (src/core/entities.ts, plain data with no Node imports, so it is
 * bundled as it is: a few kB), and what the screens derive from them: lists, columns, labels, units.
 */
import {
  ACTIVITY_TYPES,
  DEAL_STAGES,
  DEAL_STAGE_LABELS,
  ENTITIES,
  ENTITY_ORDER,
  LIST_PLURALS,
  OPEN_STAGES,
  allFields,
  displayName,
  entitiesWith,
  type EntityDef,
  type EntityName,
  type FieldDef,
  type ListPlural,
  type MergePlural,
} from '../../../src/core/entities';

export { ACTIVITY_TYPES, DEAL_STAGES, DEAL_STAGE_LABELS, ENTITIES, ENTITY_ORDER, LIST_PLURALS, OPEN_STAGES, allFields, displayName, entitiesWith };
export type { EntityDef, EntityName, FieldDef, ListPlural, MergePlural };

/** The objects with list and record screens, by URL segment. */
export const LIST_OBJECTS = Object.fromEntries(entitiesWith('list').map((n) => [ENTITIES[n].plural, n])) as Record<ListPlural, EntityName>;

/** The objects listed under a record of `parent` (companies: contacts and deals; contacts: deals): list objects that refer to it. */
export function listChildrenOf(parent: EntityName): EntityName[] {
  return entitiesWith('list').filter((child) => ENTITIES[child].fields.some((f) => f.type === 'ref' && f.ref === parent));
}

/**
 * The learned score as a column: not a stored field, so it is read-only; lists that show it ask for
 * `?include=score` (deals: win probability; contacts: 1–99 lead score and tier), and `sort=score` ranks them on
 * the server (every matching record is scored).
 */
export const SCORE_COLUMN = 'score';
export const SCORE_FIELD: FieldDef = { name: SCORE_COLUMN, type: 'number', label: 'Score', readOnly: true };
/** Lists whose objects are scored (core/entities.ts `capabilities.score`). */
export const SCORED_LISTS: ReadonlySet<ListPlural> = new Set(LIST_PLURALS.filter((p) => ENTITIES[LIST_OBJECTS[p]].capabilities.score));

/** Columns a table can show: the object's fields, and the score where there is one. */
export function columnFieldsOf(plural: ListPlural): FieldDef[] {
  const fields = [...allFields(ENTITIES[LIST_OBJECTS[plural]])];
  return SCORED_LISTS.has(plural) ? [...fields, SCORE_FIELD] : fields;
}

/** Columns whose header does not sort (the server cannot order by them); the score sorts (sort=score). */
export const UNSORTABLE_COLUMNS: ReadonlySet<string> = new Set<string>();

/** Columns shown until a person picks their own: the fields declared `defaultColumn`, then the score. */
export const DEFAULT_COLUMNS = Object.fromEntries(
  LIST_PLURALS.map((p) => [p, [...allFields(ENTITIES[LIST_OBJECTS[p]]).filter((f) => f.defaultColumn).map((f) => f.name), ...(SCORED_LISTS.has(p) ? [SCORE_COLUMN] : [])]]),
) as Record<ListPlural, string[]>;

export function entityOf(name: EntityName): EntityDef {
  return ENTITIES[name];
}

export function fieldsOf(entity: EntityDef): readonly FieldDef[] {
  return allFields(entity);
}

export function recordTitle(entity: EntityDef, record: Record<string, unknown>): string {
  return displayName(entity, record) || (typeof record.email === 'string' ? record.email : '') || String(record.id ?? '');
}

/** Fields a person may change (not system-set ones). */
export function isEditable(field: FieldDef): boolean {
  return !field.readOnly && !field.createOnly;
}
