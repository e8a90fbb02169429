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

/** Columns shown until a person picks their own. */
export const DEFAULT_COLUMNS: Record<ListPlural, string[]> = {
  contacts: ['first_name', 'last_name', 'email', 'title', 'company_id', 'lead_status', 'last_contacted_at'],
  companies: ['name', 'domain', 'industry', 'employees', 'country', 'city'],
  deals: ['name', 'company_id', 'product', 'stage', 'amount', 'expected_close', 'closed_at'],
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
  return !field.readOnly && field.name !== 'created_at';
}

export const MONEY_FIELDS = new Set(['amount', 'annual_revenue']);
