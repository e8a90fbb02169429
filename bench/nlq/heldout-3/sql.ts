/**
 * SQL building blocks of held-out set 3. Every expected answer is one plain SQL statement over the shared CSVs
 * loaded as text/number tables (`companies`, `contacts`, `deals`, `activities`; see build.ts); these helpers only
 * spell the recurring pieces (role families, date windows, the note themes) once, so each query in queries.ts
 * reads as its SQL. Dates are literals computed from the data set's as-of instant, so the SQL runs unchanged on
 * SQLite and PostgreSQL (ISO 8601 strings compare in time order).
 */

/** The data set is "as of 2026-11-01" (../shared/data/README.md); bench/nlq.ts fixes the CRM clock at this instant. */
export const AS_OF = '2026-11-01T12:00:00Z';
export const TODAY = '2026-11-01';

/** The instant `days` days before the as-of instant, as an ISO string ("in the last 30 days" = on or after it). */
export function daysAgo(days: number): string {
  return new Date(Date.parse(AS_OF) - days * 86_400_000).toISOString().replace('.000Z', 'Z');
}

export const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
export const list = (values: readonly string[]) => `(${values.map(q).join(', ')})`;

/** Open deals are those not in a closed stage (data README). */
export const OPEN = `d.stage NOT IN ('closed_won', 'closed_lost')`;
export const WON = `d.stage = 'closed_won'`;
export const LOST = `d.stage = 'closed_lost'`;

/**
 * Role families by title — what a salesperson means by "finance people", "HR", "marketers". Every title of the
 * data set belongs to exactly one family.
 */
export const ROLE = {
  people: ['Chief People Officer', 'VP of People', 'HR Director', 'HR Business Partner', 'Talent Acquisition Lead'],
  sales: ['Sales Manager', 'Sales Director', 'VP of Sales', 'Chief Revenue Officer', 'Account Executive'],
  finance: ['Financial Controller', 'FP&A Analyst', 'Finance Manager', 'VP of Finance', 'Chief Financial Officer'],
  operations: ['Chief Operating Officer', 'VP of Operations', 'Operations Manager', 'Operations Director', 'Process Analyst'],
  product: ['Head of Product', 'Chief Product Officer', 'Product Manager', 'VP of Product', 'UX Researcher'],
  data: ['ML Engineer', 'Head of Data Science', 'Data Scientist', 'Director of Machine Learning'],
  marketing: ['Chief Marketing Officer', 'Content Strategist', 'Head of Growth', 'VP of Marketing', 'Marketing Manager'],
  security: ['VP of Security', 'Chief Information Security Officer', 'Security Engineer'],
  it: ['Director of IT', 'IT Manager'],
  engineering: ['VP of Engineering', 'Chief Technology Officer'],
  compliance: ['Head of Compliance'],
} as const;
export type RoleFamily = keyof typeof ROLE;
export const role = (family: RoleFamily) => `ct.title IN ${list(ROLE[family])}`;
/** "top brass", "C-suite": the Chief … titles. */
export const C_LEVEL = `ct.title LIKE 'Chief %'`;
export const VP = `ct.title LIKE 'VP of %'`;

/**
 * Note themes: the sentences of `contacts.notes` that speak of one concern, as LIKE patterns (case as written in
 * the data, so LIKE means the same on SQLite and PostgreSQL). A semantic query's relevant contacts are those whose
 * notes hold a sentence of the themes it describes.
 */
export const THEME = {
  alerts: ['%reduce alert fatigue%'],
  audits: ['%SOC 2 and ISO 27001 audits%'],
  reporting: ['%current CRM has poor reporting%'],
  dataEntry: ['%manual data entry after calls%'],
  aiVendor: ['%vendors for an AI platform%'],
  overlap: ['%reduce spend on overlapping tools%'],
  hiring: ['%time-to-hire for engineers%', '%Hiring fast; wants to streamline recruiting%'],
  privacy: ['%GDPR and data retention%', '%data residency in the EU%', '%Compliance team must sign off on any vendor%'],
  supplyChain: ['%Supply chain delays%', '%still run suppliers on spreadsheets%'],
  monthEnd: ['%automating month-end close%'],
  phishing: ['%phishing incident%'],
  discount: ['%annual prepay discounts%'],
  gpu: ['%GPU costs%'],
  retention: ['%employee engagement surveys%', '%employee onboarding and retention%', '%Concerned about burnout%'],
  attribution: ['%campaign attribution and marketing ROI%', '%impact of events and webinars%'],
  forecast: ['%pipeline visibility and more accurate forecasts%', '%consolidated reporting and better forecasting%'],
  regions: ['%three new regions%'],
  // Broad themes: several concerns of one kind.
  security: ['%reduce alert fatigue%', '%encryption at rest%', '%phishing incident%', '%SSO, SCIM%'],
  compliance: ['%SOC 2 and ISO 27001%', '%GDPR and data retention%', '%Compliance team must sign off%', '%tighter access control and audit logs%'],
  salesProductivity: ['%current CRM has poor reporting%', '%manual data entry after calls%', '%conversation intelligence%', '%shorten the sales cycle%', '%lead routing and territory%', '%help teams hit quota%'],
  talent: ['%time-to-hire%', '%Hiring fast%', '%HRIS replacements%', '%workforce planning%'],
  employeeExperience: ['%employee engagement surveys%', '%learning and development%', '%employee onboarding and retention%', '%Concerned about burnout%'],
  ai: ['%AI platform%', '%feature store%', '%GPU costs%', '%model governance%', '%deep learning%', '%natural language processing%', '%use AI to automate%', '%Exploring machine learning%'],
  finance: ['%month-end close%', '%CFO office wants consolidated%', '%invoices in EUR%', '%integrations with their ERP%'],
  operations: ['%manual handoffs%', '%process mining%', '%real-time dashboards for operations%', '%Supply chain delays%', '%three new regions%', '%automate repetitive workflows%', '%on spreadsheets%'],
  marketing: ['%account-based marketing%', '%segmentation and lifecycle%', '%Running paid campaigns%', '%Brand refresh%', '%campaign attribution%', '%events and webinars%', '%SEO and content%', '%personalise outreach%'],
  product: ['%feature flags%', '%roadmap planning%', '%user behaviour tracking%', '%A/B experiments%', '%accessibility and design systems%', '%embed analytics%', '%Wants product analytics%'],
  cost: ['%overlapping tools%', '%total cost of ownership%', '%annual prepay discounts%', '%Focused on cutting costs%', '%needs pricing before then%'],
} as const;
export type Theme = keyof typeof THEME;
export const theme = (...themes: Theme[]) => `(${[...new Set(themes.flatMap((t) => THEME[t]))].map((p) => `ct.notes LIKE ${q(p)}`).join(' OR ')})`;

/** Contacts joined to their company (`ct`, `co`). */
export const contacts = (where: string) => `SELECT ct.id FROM contacts ct JOIN companies co ON co.id = ct.company_id WHERE ${where} ORDER BY ct.id`;
/** Deals joined to their company (`d`, `co`). */
export const deals = (where: string) => `SELECT d.id FROM deals d JOIN companies co ON co.id = d.company_id WHERE ${where} ORDER BY d.id`;
export const companies = (where: string) => `SELECT co.id FROM companies co WHERE ${where} ORDER BY co.id`;
export const industry = (...names: string[]) => (names.length === 1 ? `co.industry = ${q(names[0]!)}` : `co.industry IN ${list(names)}`);
export const between = (column: string, from: string, toExclusive: string) => `${column} >= ${q(from)} AND ${column} < ${q(toExclusive)}`;
