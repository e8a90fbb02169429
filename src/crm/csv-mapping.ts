/** The standard CSV format of each object, read off its declaration: cells ↔ typed field values. */
import { allFields, type EntityDef, type FieldDef } from '../core/entities.js';
import { neutralizeFormulaText, restoreFormulaText } from '../core/csv-text.js';

export const TAG_SEPARATOR = ';';

export interface ColumnMapping {
  /** Column index → declared field (or 'id'). */
  fields: { index: number; field: FieldDef | 'id' }[];
  /** Column index → custom field name, for columns the object does not declare. */
  custom: { index: number; name: string }[];
  /** Declared field names present in the file (what an upsert may change). */
  present: string[];
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
    if (name === 'id') {
      mapping.fields.push({ index, field: 'id' });
      mapping.present.push('id');
      return;
    }
    const field = allFields(entity).find((f) => f.name === name);
    if (field) {
      mapping.fields.push({ index, field });
      mapping.present.push(name);
    } else mapping.custom.push({ index, name });
  });
  for (const f of entity.fields) if (f.required && !seen.has(f.name)) problems.push(`required column "${f.name}" is missing`);
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
