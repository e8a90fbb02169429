/** The object declarations shared with the server, plus what the screens need to know about each object. */
import { ACTIVITY_TYPES, DEAL_STAGES, ENTITIES, allFields, displayName, type EntityDef, type EntityName, type FieldDef } from '../../../src/core/entities';

export { ACTIVITY_TYPES, DEAL_STAGES, ENTITIES, allFields, displayName };
export type { EntityDef, EntityName, FieldDef };

/** The objects with list and record screens, by URL segment. */
export type ListPlural = 'contacts' | 'companies' | 'deals';
export const LIST_OBJECTS: Record<ListPlural, EntityName> = { contacts: 'contact', companies: 'company', deals: 'deal' };

export const STAGE_LABELS: Record<string, string> = {
  lead: 'Lead',
  qualified: 'Qualified',
  proposal: 'Proposal',
  negotiation: 'Negotiation',
  closed_won: 'Won',
  closed_lost: 'Lost',
};

/**
 * The learned score as a column: not a stored field, so it is read-only; lists that show it ask for
 * `?include=score` (deals: win probability; contacts: 1–99 lead score and tier), and `sort=score` ranks them on
 * the server (every matching record is scored).
 */
export const SCORE_COLUMN = 'score';
export const SCORE_FIELD: FieldDef = { name: SCORE_COLUMN, type: 'number', label: 'Score', readOnly: true };
export const SCORED_LISTS: ReadonlySet<ListPlural> = new Set<ListPlural>(['contacts', 'deals']);

/** Columns a table can show: the object's fields, and the score where there is one. */
export function columnFieldsOf(plural: ListPlural): FieldDef[] {
  const fields = [...allFields(ENTITIES[LIST_OBJECTS[plural]])];
  return SCORED_LISTS.has(plural) ? [...fields, SCORE_FIELD] : fields;
}

/** Columns whose header does not sort (the server cannot order by them); the score sorts (sort=score). */
export const UNSORTABLE_COLUMNS: ReadonlySet<string> = new Set<string>();

/** Columns shown until a person picks their own. */
export const DEFAULT_COLUMNS: Record<ListPlural, string[]> = {
  contacts: ['first_name', 'last_name', 'email', 'title', 'company_id', 'lead_status', 'last_contacted_at', SCORE_COLUMN],
  companies: ['name', 'domain', 'industry', 'employees', 'country', 'city'],
  deals: ['name', 'company_id', 'product', 'stage', 'amount', 'expected_close', 'closed_at', SCORE_COLUMN],
};

export function entityOf(name: EntityName): EntityDef {
  return ENTITIES[name];
}

export function pluralOf(name: EntityName): string {
  return ENTITIES[name].plural;
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

export const MONEY_FIELDS = new Set(['amount', 'annual_revenue']);
