/**
 * CSV headers as other tools write them ("Email Address", "Job Title", "Company Name", "Mobile") → the declared
 * field they fill. One table for the server's importer and the web app's column guesses; compared without case,
 * spaces or punctuation. A field's own name and label always match too (entities.ts).
 */
import { allFields, type EntityDef, type EntityName } from './entities.js';

/**
 * The column of a contacts or deals file that names the company (its name or its domain) instead of its id: the
 * importer links each row to the company with that normalised name or domain, or creates the company.
 */
export const COMPANY_LINK = 'company';

/** "E-mail Address" → "emailaddress". */
export const normaliseHeader = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** Per object: field (or COMPANY_LINK) → headers other tools use for it. */
export const HEADER_SYNONYMS: Readonly<Record<EntityName, Readonly<Record<string, readonly string[]>>>> = {
  company: {
    name: ['Company', 'Company Name', 'Name', 'Organization', 'Organisation', 'Organization Name', 'Account', 'Account Name'],
    domain: ['Domain', 'Company Domain', 'Company Domain Name', 'Website', 'Web Site', 'Website URL', 'URL', 'Company Website'],
    industry: ['Industry', 'Sector', 'Vertical'],
    employees: ['Employees', 'Number of Employees', 'Employee Count', 'Headcount', 'Company Size', 'Size'],
    annual_revenue: ['Annual Revenue', 'Revenue', 'ARR'],
    country: ['Country', 'Country/Region', 'Country Region'],
    city: ['City', 'Town'],
    description: ['Description', 'About', 'Notes'],
    other_domains: ['Other Domains', 'Additional Domains'],
    owner: ['Owner', 'Company Owner', 'Account Owner'],
    created_at: ['Created', 'Create Date', 'Created At', 'Created Date', 'Date Created'],
  },
  contact: {
    first_name: ['First Name', 'Firstname', 'Given Name', 'First'],
    last_name: ['Last Name', 'Lastname', 'Surname', 'Family Name', 'Last'],
    email: ['Email', 'E-mail', 'Email Address', 'E-mail Address', 'Mail', 'Work Email', 'Primary Email', 'Email 1'],
    phone: ['Phone', 'Phone Number', 'Mobile', 'Mobile Phone', 'Mobile Number', 'Mobile Phone Number', 'Cell', 'Cell Phone', 'Telephone', 'Tel', 'Work Phone', 'Direct Phone'],
    title: ['Title', 'Job Title', 'Position', 'Job Position', 'Role', 'Job Role'],
    [COMPANY_LINK]: ['Company', 'Company Name', 'Company Domain', 'Company Domain Name', 'Organization', 'Organisation', 'Organization Name', 'Account', 'Account Name', 'Employer'],
    lead_source: ['Lead Source', 'Source', 'Original Source'],
    lead_status: ['Lead Status', 'Status'],
    last_contacted_at: ['Last Contacted', 'Last Contact', 'Last Contacted At', 'Last Activity Date'],
    tags: ['Tags', 'Labels', 'Tag'],
    notes: ['Notes', 'Note', 'Comments', 'Comment'],
    other_emails: ['Other Emails', 'Additional Emails', 'Secondary Email', 'Email 2'],
    other_phones: ['Other Phones', 'Additional Phones', 'Secondary Phone', 'Phone 2'],
    owner: ['Owner', 'Contact Owner', 'Lead Owner'],
    created_at: ['Created', 'Create Date', 'Created At', 'Created Date', 'Date Created'],
  },
  deal: {
    name: ['Deal', 'Deal Name', 'Name', 'Opportunity', 'Opportunity Name', 'Title'],
    [COMPANY_LINK]: ['Company', 'Company Name', 'Company Domain', 'Organization', 'Organisation', 'Account', 'Account Name'],
    product: ['Product', 'Products'],
    stage: ['Stage', 'Deal Stage', 'Pipeline Stage', 'Status'],
    amount: ['Amount', 'Value', 'Deal Value', 'Deal Amount'],
    currency: ['Currency', 'Currency Code'],
    expected_close: ['Expected Close', 'Close Date', 'Expected Close Date'],
    closed_at: ['Closed', 'Closed At', 'Closed Date', 'Won Date'],
    owner: ['Owner', 'Deal Owner'],
    created_at: ['Created', 'Create Date', 'Created At', 'Created Date', 'Date Created'],
  },
  activity: {
    type: ['Type', 'Activity Type'],
    occurred_at: ['Occurred', 'Date', 'Occurred At', 'Activity Date', 'Timestamp'],
    subject: ['Subject', 'Title'],
    body: ['Body', 'Description', 'Notes', 'Details'],
    due_at: ['Due', 'Due Date'],
    completed_at: ['Completed', 'Completed At', 'Done At'],
  },
};

/** Whether the object has a company reference that a COMPANY_LINK column can fill. */
export function hasCompanyLink(entity: EntityDef): boolean {
  return entity.name !== 'company' && entity.fields.some((f) => f.name === 'company_id' && f.type === 'ref') && COMPANY_LINK in HEADER_SYNONYMS[entity.name];
}

/**
 * The field a header fills: `id`, a declared field (its name, label or a synonym), COMPANY_LINK, or undefined (a
 * custom field). The field's own name wins over a synonym ("company_id" is the id column, "Company" the link).
 */
export function fieldForHeader(entity: EntityDef, header: string): string | undefined {
  const key = normaliseHeader(header);
  if (key === '') return undefined;
  if (key === 'id') return 'id';
  const fields = allFields(entity).filter((f) => !f.readOnly);
  // A reference's label ("Company") names the record, not its id: that header is the link column.
  const own = fields.find((f) => normaliseHeader(f.name) === key) ?? fields.find((f) => f.type !== 'ref' && normaliseHeader(f.label) === key);
  if (own) return own.name;
  for (const [field, words] of Object.entries(HEADER_SYNONYMS[entity.name])) {
    if (field === COMPANY_LINK && !hasCompanyLink(entity)) continue;
    if (words.some((w) => normaliseHeader(w) === key)) return field;
  }
  return undefined;
}
