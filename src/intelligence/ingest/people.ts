/** People as files write them: "Ada Lovelace <ada@x.com>", lead-list rows, split names. */
import { ENTITIES } from '../../core/entities.js';
import { fieldForHeader, normaliseHeader } from '../../core/header-synonyms.js';
import type { ExtractedPerson, PersonRole } from './types.js';

export const EMAIL_PATTERN = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/** "Ada Lovelace" → first and last name (the last word is the family name). */
export function splitName(full: string): { firstName?: string; lastName?: string } {
  const words = full.replace(/["']/g, '').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return {};
  if (words.length === 1) return { firstName: words[0] };
  return { firstName: words.slice(0, -1).join(' '), lastName: words.at(-1) };
}

export function person(role: PersonRole, fields: Partial<Omit<ExtractedPerson, 'role'>>): ExtractedPerson {
  const p: ExtractedPerson = { role, emails: [], phones: [], ...fields };
  p.emails = [...new Set(p.emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
  p.phones = [...new Set(p.phones.map((e) => e.trim()).filter(Boolean))];
  if (p.name && !p.firstName && !p.lastName) Object.assign(p, splitName(p.name));
  if (!p.name && (p.firstName || p.lastName)) p.name = [p.firstName, p.lastName].filter(Boolean).join(' ');
  return p;
}

/** "Ada Lovelace <ada@x.com>" or "ada@x.com" → a person, or null without an address. */
export function personFromAddress(role: PersonRole, text: string): ExtractedPerson | null {
  const email = text.match(EMAIL_PATTERN)?.[0];
  if (!email) return null;
  const name = text.replace(/<[^>]*>/, '').replace(email, '').replace(/^mailto:/i, '').replace(/["']/g, '').trim();
  return person(role, { emails: [email], name: name && !name.includes('@') ? name : undefined });
}

/** Headers other tools use for what the contact declaration does not name. */
const EXTRA_HEADERS: Record<string, 'name' | 'company' | 'domain'> = {
  name: 'name', fullname: 'name', contact: 'name', contactname: 'name', attendee: 'name', leadname: 'name',
  company: 'company', companyname: 'company', organization: 'company', organisation: 'company', account: 'company', accountname: 'company', employer: 'company',
  website: 'domain', websiteurl: 'domain', web: 'domain', url: 'domain', companywebsite: 'domain', domain: 'domain', companydomain: 'domain',
};

/** Which person field each column fills ('' = none). */
export function personColumns(headers: readonly string[]): string[] {
  return headers.map((h) => {
    const extra = EXTRA_HEADERS[normaliseHeader(h)];
    if (extra) return extra;
    const field = fieldForHeader(ENTITIES.contact, h);
    return field === 'company_id' ? 'company' : (field ?? '');
  });
}

/** Whether the columns describe people (a lead list): an e-mail column and a name. */
export function looksLikePeople(columns: readonly string[]): boolean {
  return columns.includes('email') && (columns.includes('name') || columns.includes('first_name') || columns.includes('last_name'));
}

/** One row of a lead list → a person, or null when it names nobody. */
export function personFromRow(columns: readonly string[], row: readonly unknown[]): ExtractedPerson | null {
  const fields: Partial<ExtractedPerson> = { emails: [], phones: [] };
  columns.forEach((col, i) => {
    const raw = row[i];
    const value = raw == null ? '' : String(raw).trim();
    if (!value) return;
    if (col === 'email' || col === 'other_emails') fields.emails!.push(...(value.match(EMAIL_PATTERN) ?? []));
    else if (col === 'phone' || col === 'other_phones') fields.phones!.push(value);
    else if (col === 'first_name') fields.firstName = value;
    else if (col === 'last_name') fields.lastName = value;
    else if (col === 'name') fields.name = value;
    else if (col === 'title') fields.title = value;
    else if (col === 'company') fields.company = value;
    else if (col === 'domain') fields.domain = value.replace(/^https?:\/\//i, '').replace(/^www\./i, '').replace(/\/.*$/, '').toLowerCase();
  });
  if (fields.emails!.length === 0 && !fields.name && !fields.firstName && !fields.lastName) return null;
  return person('lead', fields);
}

/** "Label: value" lines (a web form's notification, a signature block) → pairs. */
export function labelledLines(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of text.split('\n')) {
    const m = line.match(/^\s*([A-Za-z][A-Za-z /-]{1,40}?)\s*[:：]\s*(.+?)\s*$/);
    if (m) out.push([m[1]!, m[2]!]);
  }
  return out;
}

/** A form's fields (label, value) → the person it describes, or null when it lacks an e-mail and a name. */
export function personFromFields(pairs: readonly [string, string][]): ExtractedPerson | null {
  const columns = personColumns(pairs.map(([label]) => label));
  if (!looksLikePeople(columns)) return null;
  return personFromRow(columns, pairs.map(([, value]) => value));
}
