import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** Matching keys, stored beside the value as entered so exports stay exact. */
export type KeyKind = 'email' | 'domain' | 'phone' | 'person_name' | 'company_name';

export function emailKey(value: string): string | null {
  const v = value.trim().toLowerCase();
  return v === '' ? null : v;
}

/** `https://www.Acme.com/pricing` → `acme.com`; also accepts an email address's domain part. */
export function domainKey(value: string): string | null {
  let v = value.trim().toLowerCase();
  if (v === '') return null;
  const at = v.lastIndexOf('@');
  if (at >= 0) v = v.slice(at + 1);
  v = v.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  v = v.split(/[/?#]/, 1)[0] ?? '';
  v = v.replace(/:\d+$/, '').replace(/\.$/, '');
  if (v.startsWith('www.')) v = v.slice(4);
  return v === '' ? null : v;
}

/** E.164 where libphonenumber can parse the number; otherwise the bare digits, so equal numbers still match. */
export function phoneKey(value: string): string | null {
  const v = value.trim();
  if (v === '') return null;
  const parsed = parsePhoneNumberFromString(v);
  if (parsed && parsed.isPossible()) return parsed.number;
  const digits = v.replace(/[^\d]/g, '');
  if (digits.length < 5) return null;
  return v.startsWith('+') ? `+${digits}` : digits;
}

const LEGAL_SUFFIXES = new Set([
  'inc', 'incorporated', 'llc', 'ltd', 'limited', 'corp', 'corporation', 'co', 'company', 'gmbh', 'ag', 'sa', 'sas',
  'sarl', 'bv', 'nv', 'plc', 'pty', 'srl', 'spa', 'ab', 'as', 'oy', 'kk', 'group', 'holdings', 'the',
]);

/** Lower-case and accent-free, so "Ångström" and "angstrom" meet in full-text search on every backend. */
export function foldText(value: string): string {
  return value.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/** Lower-case, accent-free word tokens of a name. */
export function nameTokens(value: string): string[] {
  return foldText(value)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

export function personNameKey(value: string): string | null {
  const t = nameTokens(value);
  return t.length === 0 ? null : t.join(' ');
}

/** Company names without legal-form words: "Acme, Inc." and "ACME Corporation" share the key "acme". */
export function companyNameKey(value: string): string | null {
  const t = nameTokens(value);
  const core = t.filter((w) => !LEGAL_SUFFIXES.has(w));
  const words = core.length > 0 ? core : t;
  return words.length === 0 ? null : words.join(' ');
}

export function normalizeKey(kind: KeyKind, value: string): string | null {
  switch (kind) {
    case 'email':
      return emailKey(value);
    case 'domain':
      return domainKey(value);
    case 'phone':
      return phoneKey(value);
    case 'person_name':
      return personNameKey(value);
    case 'company_name':
      return companyNameKey(value);
  }
}
