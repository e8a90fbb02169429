/**
 * Every CRM object is declared once, here, as plain data. Validation, repositories, routes, OpenAPI, CSV mapping,
 * duplicate detection, the web app's lists and labels and the query vocabulary are all driven by these declarations.
 * Migrations are not: each names its own columns, and `migrate()` checks these declarations against the result.
 */
import type { KeyKind } from './normalize.js';

export type FieldType =
  | 'string' // short single-line text
  | 'text' // long free text
  | 'email'
  | 'domain'
  | 'phone'
  | 'integer'
  | 'number'
  | 'date' // YYYY-MM-DD
  | 'datetime' // ISO 8601, stored as UTC second precision
  | 'enum'
  | 'ref' // id of another record
  | 'tags'; // list of short strings; `;`-separated in CSV

export interface FieldDef {
  name: string;
  type: FieldType;
  label: string;
  required?: boolean;
  values?: readonly string[]; // for enum
  ref?: EntityName; // for ref
  /** Included in full-text search. */
  searchable?: boolean;
  /** Only one record per workspace may have this value (compared on the normalised key when there is one). */
  unique?: boolean;
  maxLength?: number;
  /** Set by the system, never accepted from input. */
  readOnly?: boolean;
  /** Accepted when a record is created or imported (history brought from elsewhere), never changed afterwards. */
  createOnly?: boolean;
  /** For `tags`: each item must be a value of this type (secondary e-mails, phones, domains). */
  items?: 'email' | 'phone' | 'domain';
  /** What a number measures: money is shown as an amount of currency, minutes as a duration; people is a head count. */
  unit?: FieldUnit;
  /**
   * Other names of the field, as other tools' CSV headers and people's queries say them ("Job Title", "turnover").
   * Compared without case, spaces or punctuation; a one-word name is also a query word (nlq/vocabulary.ts). For a
   * reference, names of the record it refers to ("Company Name"): such an import column links by name or domain.
   */
  synonyms?: readonly string[];
  /** For `enum`: how people read a value where it differs from the value itself ("closed_won" → "Won"). */
  valueLabels?: Readonly<Record<string, string>>;
  /** Shown as a column of the object's list until a person picks their own (in declaration order). */
  defaultColumn?: boolean;
}

export type FieldUnit = 'money' | 'minutes' | 'people';

/** A normalised matching key stored in its own column beside the values it is computed from. */
export interface KeyDef {
  column: string;
  kind: KeyKind;
  from: readonly string[];
  /** The source is a list (secondary values): the column holds each item's key, space-separated. */
  many?: boolean;
}

export type DuplicateRule =
  /** `also`: a `many` key column (secondary values) whose items count as the same key ("same email"). */
  | { kind: 'same_key'; key: string; reason: string; also?: string }
  | { kind: 'same_key_and_field'; key: string; field: string; reason: string }
  /**
   * Near-identical names that share a word rare in the workspace; with `within`, only among records that
   * share that field's value (people at one company), where any shared word counts.
   */
  | { kind: 'similar_name'; key: string; reason: string; within?: string };

export type EntityName = 'company' | 'contact' | 'deal' | 'activity';

/** What an object offers besides CRUD, import and export: every route, command and screen reads these flags. */
export interface EntityCapabilities {
  /** Its own list and record screens, list columns and saved views (under its plural). */
  list?: boolean;
  /** Records merge into a survivor (the answer to its duplicates). */
  merge?: boolean;
  /** A record's timeline: its activities and changes, newest first. */
  timeline?: boolean;
  /** Similar records from semantic memory. */
  similar?: boolean;
  /** Records are scored by the learners, as this target: a deal's win probability, a contact's lead score. */
  score?: 'deal' | 'lead';
}

export interface EntityDef {
  name: EntityName;
  plural: string; // URL segment and table name
  label: string;
  idPrefix: string;
  fields: readonly FieldDef[];
  /** Fields that make up a record's display name. */
  titleFields: readonly string[];
  /** Column order of the standard CSV format (import and export). */
  csvColumns: readonly string[];
  keys: readonly KeyDef[];
  duplicateRules: readonly DuplicateRule[];
  /** Default list order. */
  defaultSort: string;
  /** Words that name the object in queries, as typed, plurals included ("accounts", "opportunities"); none: not queried. */
  synonyms?: readonly string[];
  capabilities: EntityCapabilities;
}

export const DEAL_STAGES = ['lead', 'qualified', 'proposal', 'negotiation', 'closed_won', 'closed_lost'] as const;
export type DealStage = (typeof DEAL_STAGES)[number];
export const DEAL_STAGE_LABELS: Readonly<Record<DealStage, string>> = {
  lead: 'Lead',
  qualified: 'Qualified',
  proposal: 'Proposal',
  negotiation: 'Negotiation',
  closed_won: 'Won',
  closed_lost: 'Lost',
};
export const CLOSED_STAGES: readonly DealStage[] = ['closed_won', 'closed_lost'];
/** The open stages in pipeline order, earliest first. */
export const OPEN_STAGES: readonly DealStage[] = DEAL_STAGES.filter((s) => !CLOSED_STAGES.includes(s));
export const ACTIVITY_TYPES = ['email', 'call', 'meeting', 'note', 'task'] as const;
/* ── follow-up (issue 15): outcomes of calls and meetings; which activities count as contact ── */
export const CALL_OUTCOMES = ['connected', 'left_voicemail', 'no_answer', 'busy', 'wrong_number'] as const;
export const MEETING_OUTCOMES = ['held', 'no_show', 'rescheduled', 'cancelled'] as const;
/** Outcomes by activity type: an outcome must be one of its type's (crm/follow-up.ts checks it). */
export const OUTCOMES_BY_TYPE: Readonly<Partial<Record<(typeof ACTIVITY_TYPES)[number], readonly string[]>>> = { call: CALL_OUTCOMES, meeting: MEETING_OUTCOMES };
/** Activities that mean someone was in touch: they move contacts' and companies' last_contacted_at. */
export const CONTACT_ACTIVITY_TYPES: readonly string[] = ['email', 'call', 'meeting'];
/**
 * Columns an export adds after the standard ones when any record has a value (a file without them stays in the
 * standard format). Companies' last_contacted_at is left out: importing the activities recomputes it.
 */
export const OPTIONAL_CSV_COLUMNS: Readonly<Partial<Record<EntityName, readonly string[]>>> = {
  activity: ['due_at', 'completed_at', 'outcome', 'duration_minutes'],
};
export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'unqualified', 'customer'] as const;
/** Statuses of a lead still on its way, earliest first (unqualified and customer are outcomes). */
export const OPEN_LEAD_STATUSES: readonly string[] = ['new', 'contacted', 'qualified'];

/** Fields every record has; not declared per object. */
export const SYSTEM_FIELDS: readonly FieldDef[] = [
  /** A member's user id: checked on every write (crm/follow-up.ts); imports map a member's e-mail or name to it. */
  { name: 'owner', type: 'string', label: 'Owner', maxLength: 200, synonyms: ['Rep'] },
  { name: 'created_at', type: 'datetime', label: 'Created', createOnly: true, synonyms: ['Create Date', 'Created At', 'Created Date', 'Date Created'] },
  { name: 'updated_at', type: 'datetime', label: 'Updated', readOnly: true },
];

const company = {
  name: 'company',
  plural: 'companies',
  label: 'Company',
  synonyms: ['company', 'companies', 'account', 'accounts', 'firm', 'firms', 'organisation', 'organisations', 'organization', 'organizations', 'orgs', 'businesses', 'business', 'enterprises', 'corporations', 'vendors'],
  idPrefix: 'co',
  fields: [
    { name: 'name', type: 'string', label: 'Name', required: true, searchable: true, maxLength: 300, defaultColumn: true, synonyms: ['Company', 'Company Name', 'Organization', 'Organisation', 'Organization Name', 'Account', 'Account Name'] },
    { name: 'domain', type: 'domain', label: 'Domain', searchable: true, maxLength: 300, defaultColumn: true, synonyms: ['Company Domain', 'Company Domain Name', 'Website', 'Web Site', 'Website URL', 'URL', 'Company Website'] },
    { name: 'industry', type: 'string', label: 'Industry', maxLength: 200, defaultColumn: true, synonyms: ['Sector', 'Vertical'] },
    { name: 'employees', type: 'integer', label: 'Employees', defaultColumn: true, unit: 'people', synonyms: ['Number of Employees', 'Employee Count', 'Headcount', 'Company Size', 'Size', 'Staff', 'Workforce'] },
    { name: 'annual_revenue', type: 'number', label: 'Annual revenue (USD)', unit: 'money', synonyms: ['Annual Revenue', 'Revenue', 'ARR', 'Turnover'] },
    { name: 'country', type: 'string', label: 'Country', maxLength: 200, defaultColumn: true, synonyms: ['Country/Region'] },
    { name: 'city', type: 'string', label: 'City', maxLength: 200, defaultColumn: true, synonyms: ['Town', 'Location'] },
    { name: 'description', type: 'text', label: 'Description', searchable: true, maxLength: 20000, synonyms: ['About', 'Notes'] },
    { name: 'last_contacted_at', type: 'datetime', label: 'Last contacted' }, // follow-up (issue 15)
    /* ── secondary values (issue 15, merge keeps them) ── */
    { name: 'other_domains', type: 'tags', items: 'domain', label: 'Other domains', searchable: true, synonyms: ['Additional Domains'] },
  ],
  titleFields: ['name'],
  csvColumns: ['id', 'name', 'domain', 'industry', 'employees', 'annual_revenue', 'country', 'city', 'description'],
  keys: [
    { column: 'domain_key', kind: 'domain', from: ['domain'] },
    { column: 'name_key', kind: 'company_name', from: ['name'] },
    { column: 'other_domain_keys', kind: 'domain', from: ['other_domains'], many: true },
  ],
  duplicateRules: [
    { kind: 'same_key', key: 'domain_key', also: 'other_domain_keys', reason: 'same domain' },
    { kind: 'same_key', key: 'name_key', reason: 'same name' },
    { kind: 'similar_name', key: 'name_key', reason: 'similar name' },
  ],
  defaultSort: 'name',
  capabilities: { list: true, merge: true, timeline: true, similar: true },
} as const satisfies EntityDef;

const contact = {
  name: 'contact',
  plural: 'contacts',
  label: 'Contact',
  synonyms: ['contact', 'contacts', 'people', 'person', 'persons', 'lead', 'leads', 'prospect', 'prospects', 'customer', 'customers', 'client', 'clients', 'folks', 'buyers', 'individuals', 'employees', 'staff'],
  idPrefix: 'ct',
  fields: [
    { name: 'first_name', type: 'string', label: 'First name', searchable: true, maxLength: 200, defaultColumn: true, synonyms: ['Given Name', 'First'] },
    { name: 'last_name', type: 'string', label: 'Last name', searchable: true, maxLength: 200, defaultColumn: true, synonyms: ['Surname', 'Family Name', 'Last'] },
    { name: 'email', type: 'email', label: 'Email', searchable: true, unique: true, maxLength: 320, defaultColumn: true, synonyms: ['Email Address', 'Mail', 'Work Email', 'Primary Email', 'Email 1'] },
    { name: 'phone', type: 'phone', label: 'Phone', searchable: true, maxLength: 64, synonyms: ['Phone Number', 'Mobile', 'Mobile Phone', 'Mobile Number', 'Mobile Phone Number', 'Cell', 'Cell Phone', 'Telephone', 'Tel', 'Work Phone', 'Direct Phone'] },
    { name: 'title', type: 'string', label: 'Title', searchable: true, maxLength: 300, defaultColumn: true, synonyms: ['Job Title', 'Position', 'Job Position', 'Role', 'Job Role'] },
    { name: 'company_id', type: 'ref', ref: 'company', label: 'Company', defaultColumn: true, synonyms: ['Company', 'Company Name', 'Company Domain', 'Company Domain Name', 'Organization', 'Organisation', 'Organization Name', 'Account', 'Account Name', 'Employer'] },
    { name: 'lead_source', type: 'string', label: 'Lead source', maxLength: 100, synonyms: ['Source', 'Original Source', 'Channel'] },
    { name: 'lead_status', type: 'enum', values: LEAD_STATUSES, label: 'Lead status', defaultColumn: true, synonyms: ['Status'] },
    { name: 'last_contacted_at', type: 'datetime', label: 'Last contacted', defaultColumn: true, synonyms: ['Last Contact', 'Last Activity Date'] },
    { name: 'tags', type: 'tags', label: 'Tags', synonyms: ['Labels', 'Tag'] },
    { name: 'notes', type: 'text', label: 'Notes', searchable: true, maxLength: 20000, synonyms: ['Note', 'Comments', 'Comment'] },
    /* ── secondary values (issue 15): kept by merges, searchable, used for duplicates; never unique ── */
    { name: 'other_emails', type: 'tags', items: 'email', label: 'Other emails', searchable: true, synonyms: ['Additional Emails', 'Secondary Email', 'Email 2'] },
    { name: 'other_phones', type: 'tags', items: 'phone', label: 'Other phones', searchable: true, synonyms: ['Additional Phones', 'Secondary Phone', 'Phone 2'] },
  ],
  titleFields: ['first_name', 'last_name'],
  csvColumns: [
    'id', 'first_name', 'last_name', 'email', 'phone', 'title', 'company_id', 'lead_source', 'lead_status',
    'created_at', 'last_contacted_at', 'tags', 'notes',
  ],
  keys: [
    { column: 'email_key', kind: 'email', from: ['email'] },
    { column: 'phone_key', kind: 'phone', from: ['phone'] },
    { column: 'name_key', kind: 'person_name', from: ['first_name', 'last_name'] },
    { column: 'other_email_keys', kind: 'email', from: ['other_emails'], many: true },
    { column: 'other_phone_keys', kind: 'phone', from: ['other_phones'], many: true },
  ],
  duplicateRules: [
    { kind: 'same_key', key: 'email_key', also: 'other_email_keys', reason: 'same email' },
    { kind: 'same_key', key: 'phone_key', also: 'other_phone_keys', reason: 'same phone' },
    { kind: 'same_key_and_field', key: 'name_key', field: 'company_id', reason: 'same name at the same company' },
    { kind: 'similar_name', key: 'name_key', within: 'company_id', reason: 'similar name at the same company' },
  ],
  defaultSort: 'last_name',
  capabilities: { list: true, merge: true, timeline: true, similar: true, score: 'lead' },
} as const satisfies EntityDef;

const deal = {
  name: 'deal',
  plural: 'deals',
  label: 'Deal',
  synonyms: ['deal', 'deals', 'opportunity', 'opportunities', 'opps', 'opp', 'pipeline', 'sales', 'contracts'],
  idPrefix: 'dl',
  fields: [
    { name: 'name', type: 'string', label: 'Name', required: true, searchable: true, maxLength: 300, defaultColumn: true, synonyms: ['Deal', 'Deal Name', 'Opportunity', 'Opportunity Name', 'Title'] },
    { name: 'company_id', type: 'ref', ref: 'company', label: 'Company', defaultColumn: true, synonyms: ['Company', 'Company Name', 'Company Domain', 'Organization', 'Organisation', 'Account', 'Account Name'] },
    { name: 'contact_id', type: 'ref', ref: 'contact', label: 'Contact' },
    { name: 'product', type: 'string', label: 'Product', maxLength: 200, defaultColumn: true, synonyms: ['Products'] },
    { name: 'stage', type: 'enum', values: DEAL_STAGES, valueLabels: DEAL_STAGE_LABELS, label: 'Stage', required: true, defaultColumn: true, synonyms: ['Deal Stage', 'Pipeline Stage', 'Status'] },
    { name: 'amount', type: 'number', label: 'Amount', unit: 'money', defaultColumn: true, synonyms: ['Value', 'Deal Value', 'Deal Amount', 'Price', 'Size'] },
    { name: 'currency', type: 'string', label: 'Currency', maxLength: 3, synonyms: ['Currency Code'] },
    { name: 'expected_close', type: 'date', label: 'Expected close', defaultColumn: true, synonyms: ['Close Date', 'Expected Close Date'] },
    { name: 'closed_at', type: 'datetime', label: 'Closed', defaultColumn: true, synonyms: ['Closed At', 'Closed Date', 'Won Date'] },
    /* ── close (issue 15, part C): why a deal was lost — one of the workspace's list, plus free text ── */
    { name: 'lost_reason', type: 'string', label: 'Lost reason', maxLength: 100 },
    { name: 'lost_note', type: 'text', label: 'Lost note', maxLength: 2000 },
  ],
  titleFields: ['name'],
  csvColumns: [
    'id', 'name', 'company_id', 'contact_id', 'product', 'stage', 'amount', 'currency', 'created_at',
    'expected_close', 'closed_at',
  ],
  keys: [],
  duplicateRules: [],
  defaultSort: 'created_at',
  capabilities: { list: true, timeline: true, similar: true, score: 'deal' },
} as const satisfies EntityDef;

const activity = {
  name: 'activity',
  plural: 'activities',
  label: 'Activity',
  idPrefix: 'ac',
  fields: [
    { name: 'type', type: 'enum', values: ACTIVITY_TYPES, label: 'Type', required: true, synonyms: ['Activity Type'] },
    { name: 'contact_id', type: 'ref', ref: 'contact', label: 'Contact' },
    { name: 'company_id', type: 'ref', ref: 'company', label: 'Company' },
    { name: 'deal_id', type: 'ref', ref: 'deal', label: 'Deal' },
    { name: 'occurred_at', type: 'datetime', label: 'Occurred', required: true, synonyms: ['Date', 'Activity Date', 'Timestamp'] },
    { name: 'subject', type: 'string', label: 'Subject', searchable: true, maxLength: 1000, synonyms: ['Title'] },
    { name: 'body', type: 'text', label: 'Body', searchable: true, maxLength: 100000, synonyms: ['Description', 'Notes', 'Details'] },
    { name: 'due_at', type: 'datetime', label: 'Due (tasks)', synonyms: ['Due', 'Due Date'] },
    { name: 'completed_at', type: 'datetime', label: 'Completed (tasks)', synonyms: ['Completed', 'Done At'] },
    /* ── follow-up (issue 15) ── */
    { name: 'outcome', type: 'enum', values: [...CALL_OUTCOMES, ...MEETING_OUTCOMES], label: 'Outcome' },
    { name: 'duration_minutes', type: 'integer', label: 'Duration (minutes)', unit: 'minutes' },
    /* ── deal strategy (issue 19): the recommendation (a deal's or a contact's) this activity acted on; checked to exist ── */
    { name: 'recommendation_id', type: 'string', label: 'Recommendation', maxLength: 128 },
  ],
  titleFields: ['subject'],
  csvColumns: ['id', 'type', 'contact_id', 'company_id', 'deal_id', 'occurred_at', 'subject', 'body'],
  keys: [],
  duplicateRules: [],
  defaultSort: '-occurred_at',
  capabilities: {},
} as const satisfies EntityDef;

export const ENTITIES: Readonly<Record<EntityName, EntityDef>> = { company, contact, deal, activity };
/** Dependency order: referenced objects first (import order, migrations). */
export const ENTITY_ORDER: readonly EntityName[] = ['company', 'contact', 'deal', 'activity'];

/* ── what the declarations say about all objects at once: every consumer derives its list from here ── */
/** The declarations with their literal values, for types derived from them (ListPlural, ScoreTarget). */
type Declared = typeof company | typeof contact | typeof deal | typeof activity;
/** Objects with their own list and record screens, by URL segment: companies, contacts, deals. */
export type ListPlural = Extract<Declared, { capabilities: { list: true } }>['plural'];
/** Objects whose records merge, by URL segment: companies, contacts. */
export type MergePlural = Extract<Declared, { capabilities: { merge: true } }>['plural'];
/** What a score is for: deal (win probability) or lead (a contact's lead score). */
export type ScoreTarget = Declared extends infer D ? (D extends { capabilities: { score: infer T } } ? T : never) : never;

/** The objects that have a capability, in dependency order. */
export function entitiesWith(capability: keyof EntityCapabilities): EntityName[] {
  return ENTITY_ORDER.filter((n) => Boolean(ENTITIES[n].capabilities[capability]));
}
export const LIST_PLURALS = entitiesWith('list').map((n) => ENTITIES[n].plural) as readonly ListPlural[];
export const SCORE_TARGETS = [...new Set(ENTITY_ORDER.map((n) => ENTITIES[n].capabilities.score).filter((t) => t !== undefined))] as readonly ScoreTarget[];

export function entityByPlural(plural: string): EntityDef | undefined {
  return ENTITY_ORDER.map((n) => ENTITIES[n]).find((e) => e.plural === plural);
}

/** Declared fields plus system fields: everything a record carries besides id and custom fields. */
export function allFields(entity: EntityDef): readonly FieldDef[] {
  return [...entity.fields, ...SYSTEM_FIELDS];
}

export function fieldOf(entity: EntityDef, name: string): FieldDef | undefined {
  return allFields(entity).find((f) => f.name === name);
}

/** A record as the API and services see it. */
export interface CrmRecord {
  id: string;
  custom: Record<string, unknown>;
  [field: string]: unknown;
}

export function displayName(entity: EntityDef, record: Record<string, unknown>): string {
  return entity.titleFields
    .map((f) => record[f])
    .filter((v) => typeof v === 'string' && v !== '')
    .join(' ');
}
