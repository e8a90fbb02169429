/** The standard CSV format of each object, read off its declaration: cells ↔ typed field values. */
import { allFields, type EntityDef, type FieldDef } from '../core/entities.js';
import { neutralizeFormulaText, restoreFormulaText } from '../core/csv-text.js';
import { COMPANY_LINK, fieldForHeader } from '../core/header-synonyms.js';

export const TAG_SEPARATOR = ';';

export interface ColumnMapping {
  /** Column index → declared field (or 'id'). */
  fields: { index: number; field: FieldDef | 'id' }[];
  /** Column index → custom field name, for columns the object does not declare. */
  custom: { index: number; name: string }[];
  /** Declared field names present in the file (what an upsert may change). */
  present: string[];
  /** The column naming each row's company by name or domain (contacts, deals): linked or created on import. */
  companyLink?: number;
}

/** Columns the importer never takes from a file (set by the system). */
const SYSTEM_SET = new Set(['updated_at']);

export function mapHeader(entity: EntityDef, header: readonly string[]): { mapping: ColumnMapping; problems: string[] } {
  const problems: string[] = [];
  const mapping: ColumnMapping = { fields: [], custom: [], present: [] };
  const seen = new Set<string>();
  header.forEach((raw, index) => {
    const name = raw.trim();
    if (name === '') return problems.push(`column ${index + 1} has no name`);
    if (seen.has(name)) return problems.push(`column "${name}" appears twice`);
    seen.add(name);
    if (SYSTEM_SET.has(name)) return;
    // The field's own name, its label or a synonym other tools write ("Email Address", "Job Title", "Mobile").
    const target = fieldForHeader(entity, name);
    if (target === 'id' && !mapping.present.includes('id')) {
      mapping.fields.push({ index, field: 'id' });
      mapping.present.push('id');
      return;
    }
    if (target === COMPANY_LINK && mapping.companyLink === undefined) {
      mapping.companyLink = index;
      return;
    }
    const field = allFields(entity).find((f) => f.name === target);
    // A second column for the same field stays a custom field rather than overwriting the first.
    if (field && !mapping.present.includes(field.name)) {
      mapping.fields.push({ index, field });
      mapping.present.push(field.name);
    } else mapping.custom.push({ index, name });
  });
  // An id column for the company wins over names; otherwise the link column fills company_id.
  if (mapping.companyLink !== undefined) {
    if (mapping.present.includes('company_id')) {
      mapping.custom.push({ index: mapping.companyLink, name: header[mapping.companyLink]!.trim() });
      delete mapping.companyLink;
    } else mapping.present.push('company_id');
  }
  for (const f of entity.fields) if (f.required && !mapping.present.includes(f.name)) problems.push(`required column "${f.name}" is missing`);
  return { mapping, problems };
}

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parses one cell into the field's JSON value; returns an error message instead when it cannot. */
export function parseCell(field: FieldDef, cell: string): { value: unknown } | { error: string } {
  if (cell === '') return { value: null };
  switch (field.type) {
    case 'integer':
    case 'number': {
      const t = cell.trim();
      if (!NUMBER_RE.test(t)) return { error: `${field.name}: "${cell.length > 40 ? `${cell.slice(0, 40)}…` : cell}" is not a number` };
      return { value: Number(t) };
    }
    case 'tags':
      return { value: restoreFormulaText(cell).split(TAG_SEPARATOR).map((t) => t.trim()).filter((t) => t !== '') };
    default:
      return { value: restoreFormulaText(cell) };
  }
}

/** A value stored as it was typed, as it reads in a CSV cell of the export. */
export function formatCell(field: FieldDef | undefined, value: unknown): string {
  if (value === null || value === undefined) return '';
  // Numbers are data to a spreadsheet, never a formula (a negative amount keeps its sign).
  if (typeof value === 'number') return String(value);
  if (field?.type === 'tags' && Array.isArray(value)) return neutralizeFormulaText(value.join(TAG_SEPARATOR));
  if (typeof value === 'object') return neutralizeFormulaText(JSON.stringify(value));
  return neutralizeFormulaText(String(value));
}
