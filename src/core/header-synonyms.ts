/**
 * CSV headers as other tools write them ("Email Address", "Job Title", "Company Name", "Mobile") → the declared
 * field they fill: its name, its label or one of its synonyms (entities.ts). One reading for the server's importer
 * and the web app's column guesses; compared without case, spaces or punctuation.
 */
import { allFields, type EntityDef, type FieldDef } from './entities.js';

/**
 * The column of a contacts or deals file that names the company (its name or its domain) instead of its id: the
 * importer links each row to the company with that normalised name or domain, or creates the company.
 */
export const COMPANY_LINK = 'company';

/** "E-mail Address" → "emailaddress". */
export const normaliseHeader = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** Whether the object has a company reference that a COMPANY_LINK column can fill. */
export function hasCompanyLink(entity: EntityDef): boolean {
  return companyReference(entity) !== undefined;
}

/** The reference to a company whose synonyms name the company itself ("Company Name"): a column of them links by name. */
function companyReference(entity: EntityDef): FieldDef | undefined {
  if (entity.name === 'company') return undefined;
  return entity.fields.find((f) => f.name === 'company_id' && f.type === 'ref' && f.ref === 'company' && (f.synonyms?.length ?? 0) > 0);
}

/**
 * The field a header fills: `id`, a declared field (its name, label or a synonym, perhaps after a word naming the
 * object: "Deal Owner"), COMPANY_LINK, or undefined (a custom field). The field's own name wins over a synonym
 * ("company_id" is the id column, "Company" the link).
 */
export function fieldForHeader(entity: EntityDef, header: string): string | undefined {
  const key = normaliseHeader(header);
  if (key === '') return undefined;
  if (key === 'id') return 'id';
  const field = declaredFieldFor(entity, key);
  if (field) return field;
  // "Deal Owner", "Lead Owner", "Opportunity Owner": a field's name after a word naming this object.
  const words = header.trim().split(/[^\p{L}\p{N}]+/u);
  const qualifier = words.length > 1 ? normaliseHeader(words[0]!) : '';
  if (entity.synonyms?.some((w) => normaliseHeader(w) === qualifier)) return declaredFieldFor(entity, normaliseHeader(words.slice(1).join(' ')));
  return undefined;
}

function declaredFieldFor(entity: EntityDef, key: string): string | undefined {
  if (key === '' || key === 'id') return undefined;
  const fields = allFields(entity).filter((f) => !f.readOnly);
  // A reference's label ("Company") names the record, not its id: that header is the link column.
  const own = fields.find((f) => normaliseHeader(f.name) === key) ?? fields.find((f) => f.type !== 'ref' && normaliseHeader(f.label) === key);
  if (own) return own.name;
  const named = fields.find((f) => f.synonyms?.some((w) => normaliseHeader(w) === key));
  if (!named) return undefined;
  return named === companyReference(entity) ? COMPANY_LINK : named.name;
}
