import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CrmRecord, EntityDef, FieldDef } from '../core/entities.js';

/**
 * A phone number as people type it when they look for it: its words as stored ("44 20 7946 0958"), its digits in
 * one word ("442079460958", so a prefix such as "4420794" finds it) and the national form with its digits
 * ("020 7946 0958", "02079460958").
 */
export function phoneSearchText(value: string): string {
  const digits = (s: string) => s.replace(/\D/g, '');
  const forms = new Set([words(value), digits(value)]);
  const parsed = parsePhoneNumberFromString(value);
  if (parsed?.isPossible()) {
    const national = parsed.formatNational();
    forms.add(words(national));
    forms.add(digits(national));
  }
  return [...forms].filter((f) => f !== '').join(' ');
}

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
  if ((f.items ?? f.type) === 'phone') return list.map(phoneSearchText);
  return AS_WORDS.has(f.items ?? f.type) ? list.map(words) : list;
}

export function touchesSearch(entity: EntityDef, changed: readonly string[]): boolean {
  return entity.fields.some((f) => f.searchable && changed.includes(f.name));
}
