import type { CrmRecord, EntityDef, FieldDef } from '../core/entities.js';

/**
 * E-mails, domains and phones go into the document as their words ("ada kestrel io"): that is how a query is split,
 * and PostgreSQL's parser would otherwise keep "ada@kestrel.io" or "+44" as one token no query word matches.
 */
const AS_WORDS = new Set(['email', 'domain', 'phone']);
const words = (v: string) => v.split(/[^\p{L}\p{N}]+/u).filter(Boolean).join(' ');

/** The full-text document of a record: its searchable fields, in declaration order (lists item by item). */
export function searchDocument(entity: EntityDef, record: CrmRecord): string {
  return entity.fields
    .filter((f) => f.searchable)
    .flatMap((f) => valuesOf(f, record[f.name]))
    .join('\n');
}

function valuesOf(f: FieldDef, value: unknown): string[] {
  const list = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v !== '');
  return AS_WORDS.has(f.items ?? f.type) ? list.map(words) : list;
}

export function touchesSearch(entity: EntityDef, changed: readonly string[]): boolean {
  return entity.fields.some((f) => f.searchable && changed.includes(f.name));
}
