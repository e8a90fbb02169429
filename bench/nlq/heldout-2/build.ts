/**
 * Builds bench/nlq/heldout-2.jsonl: a second blind held-out natural-language query set (issue 22).
 *
 * Every query's expected answer is computed here by plain SQL over the shared CSVs loaded into an in-memory
 * SQLite database; the meaning of each informal phrase is written beside its SQL. The CRM's "now" is
 * 2026-11-01T12:00:00Z and relative dates are relative to it. Deterministic: same CSVs → same file.
 *
 *   npx tsx bench/nlq/heldout-2/build.ts            # writes bench/nlq/heldout-2.jsonl
 *   npx tsx bench/nlq/heldout-2/build.ts --stdout   # prints instead
 *
 * The parser's authors must not tune on this set (see README.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';

const here = path.dirname(fileURLToPath(import.meta.url));
export const DATA_DIR = process.env.CRM_SHARED_DATA ?? path.resolve(here, '../../../../shared/data/crm');
export const OUTPUT_FILE = path.resolve(here, '../heldout-2.jsonl');
export const NOW = '2026-11-01T12:00:00Z';

type Entity = 'contact' | 'deal' | 'company';
export type Expected =
  | { kind: 'set'; entity: Entity; ids: string[] }
  | { kind: 'topn'; entity: Entity; n: number; ids: string[]; ties: string[] }
  | { kind: 'value'; value: number }
  | { kind: 'ranked'; entity: Entity; k: number; relevant: string[] }
  | { kind: 'similar'; entity: Entity; seed: string; k: number; relevant: string[]; partial: string[] };
export interface Item { id: number; category: string; text: string; expected: Expected }

/** ISO timestamp `days` before NOW, in the data's format (…Z without milliseconds) so strings compare. */
function daysAgo(days: number): string {
  return new Date(Date.parse(NOW) - days * 86_400_000).toISOString().replace('.000Z', 'Z');
}

function loadDatabase(dataDir: string): Database.Database {
  const db = new Database(':memory:');
  db.exec(`
    CREATE TABLE companies (id TEXT PRIMARY KEY, name TEXT, domain TEXT, industry TEXT, employees INTEGER,
      annual_revenue REAL, country TEXT, city TEXT, description TEXT);
    CREATE TABLE contacts (id TEXT PRIMARY KEY, first_name TEXT, last_name TEXT, email TEXT, phone TEXT, title TEXT,
      company_id TEXT, lead_source TEXT, lead_status TEXT, created_at TEXT, last_contacted_at TEXT, tags TEXT, notes TEXT);
    CREATE TABLE deals (id TEXT PRIMARY KEY, name TEXT, company_id TEXT, contact_id TEXT, product TEXT, stage TEXT,
      amount REAL, currency TEXT, created_at TEXT, expected_close TEXT, closed_at TEXT);
    CREATE TABLE activities (id TEXT PRIMARY KEY, type TEXT, contact_id TEXT, company_id TEXT, deal_id TEXT,
      occurred_at TEXT, subject TEXT, body TEXT);
  `);
  for (const table of ['companies', 'contacts', 'deals', 'activities']) {
    const rows = parse(fs.readFileSync(path.join(dataDir, `${table}.csv`), 'utf8'), { columns: true }) as Record<string, string>[];
    const columns = Object.keys(rows[0]!);
    const insert = db.prepare(`INSERT INTO ${table} (${columns.join(',')}) VALUES (${columns.map(() => '?').join(',')})`);
    // Empty CSV cells are NULL (e.g. last_contacted_at never set, closed_at of an open deal).
    db.transaction(() => { for (const row of rows) insert.run(columns.map((c) => (row[c] === '' ? null : row[c]))); })();
  }
  return db;
}

// ---- Phrase meanings shared by several items --------------------------------------------------------------

/** Open deals: not in a closed stage (data README). "Pipeline" means the same. */
const OPEN = `d.stage NOT IN ('closed_won','closed_lost')`;
const OPEN_T = `t.stage NOT IN ('closed_won','closed_lost')`;

/** Function family of each title in contacts.csv (all 42 titles), used by role phrases and by "similar". */
const FAMILY: Record<string, string[]> = {
  sales: ['Sales Manager', 'Sales Director', 'Chief Revenue Officer', 'VP of Sales', 'Account Executive'],
  people: ['VP of People', 'Chief People Officer', 'HR Director', 'Talent Acquisition Lead', 'HR Business Partner'],
  it: ['Director of IT', 'IT Manager', 'VP of Engineering', 'Chief Technology Officer'],
  data: ['ML Engineer', 'Head of Data Science', 'Data Scientist', 'Director of Machine Learning'],
  operations: ['Chief Operating Officer', 'VP of Operations', 'Operations Manager', 'Operations Director', 'Process Analyst'],
  finance: ['Financial Controller', 'FP&A Analyst', 'Finance Manager', 'VP of Finance', 'Chief Financial Officer'],
  product: ['Head of Product', 'Chief Product Officer', 'Product Manager', 'VP of Product', 'UX Researcher'],
  marketing: ['Chief Marketing Officer', 'Content Strategist', 'Head of Growth', 'VP of Marketing', 'Marketing Manager'],
  security: ['Head of Compliance', 'VP of Security', 'Security Engineer', 'Chief Information Security Officer'],
};
const inList = (values: string[]): string => `(${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')})`;
/** "C-level", "the C-suite", "execs": titles starting "Chief ". */
const CSUITE = `c.title LIKE 'Chief %'`;
/** "Senior leadership", "top brass": C-level or VP titles. */
const SENIOR = `(c.title LIKE 'Chief %' OR c.title LIKE 'VP of %')`;
/** "Directors": "... Director" or "Director of ...". */
const DIRECTORS = `(c.title LIKE '% Director' OR c.title LIKE 'Director of %')`;
/** The leader(s) of a function: its C-level, VP, Director and Head-of titles. */
const leadersOf = (family: string): string =>
  `(c.title IN ${inList(FAMILY[family]!)} AND (c.title LIKE 'Chief %' OR c.title LIKE 'VP of %' OR c.title LIKE '%Director%' OR c.title LIKE 'Head of %'))`;
const inFamily = (family: string): string => `c.title IN ${inList(FAMILY[family]!)}`;

/** Persona themes: the note sentences (contacts.notes) that express each interest. */
const THEME: Record<string, string[]> = {
  ai: ['%AI platform%', '%feature store%', '%GPU costs%', '%model governance%'],
  securityOps: ['%alert fatigue%', '%zero trust%', '%penetration test%'],
  compliance: ['%SOC 2%', '%GDPR%', '%data residency%', '%audit logs%', '%Compliance team must sign off%'],
  costs: ['%reduce spend on overlapping tools%', '%total cost of ownership%', '%Sensitive to price%'],
  recruiting: ['%time-to-hire%', '%streamline recruiting%', '%HRIS%'],
  retention: ['%engagement surveys%', '%onboarding and retention%', '%learning and development%'],
  supplyChain: ['%Supply chain delays%', '%suppliers on spreadsheets%'],
  salesProductivity: ['%manual data entry after calls%', '%conversation intelligence%', '%shorten the sales cycle%'],
  financeClose: ['%month-end close%', '%consolidated reporting%', '%integrations with their ERP%'],
  productAnalytics: ['%behaviour tracking and funnels%', '%A/B experiments%', '%feature flags%'],
  demandGen: ['%account-based marketing%', '%paid campaigns%', '%lifecycle email%', '%events and webinars%'],
};
const hasTheme = (theme: string): string => `(${THEME[theme]!.map((p) => `c.notes LIKE '${p}'`).join(' OR ')})`;

// ---- Builders ------------------------------------------------------------------------------------------------

export function buildItems(dataDir = DATA_DIR): Item[] {
  const db = loadDatabase(dataDir);
  const items: Item[] = [];
  const ids = (sql: string, ...params: unknown[]): string[] =>
    (db.prepare(sql).all(...params) as { id: string }[]).map((r) => r.id).sort();
  const add = (category: string, text: string, expected: Expected): void => {
    items.push({ id: items.length + 1, category, text, expected });
  };
  const contacts = (category: string, text: string, where: string, ...params: unknown[]): void =>
    add(category, text, { kind: 'set', entity: 'contact', ids: ids(`SELECT c.id FROM contacts c JOIN companies co ON co.id = c.company_id WHERE ${where}`, ...params) });
  const deals = (category: string, text: string, where: string, ...params: unknown[]): void =>
    add(category, text, { kind: 'set', entity: 'deal', ids: ids(`SELECT d.id FROM deals d JOIN companies co ON co.id = d.company_id WHERE ${where}`, ...params) });
  const companies = (category: string, text: string, where: string, ...params: unknown[]): void =>
    add(category, text, { kind: 'set', entity: 'company', ids: ids(`SELECT co.id FROM companies co WHERE ${where}`, ...params) });
  const value = (category: string, text: string, sql: string, ...params: unknown[]): void => {
    const row = db.prepare(sql).get(...params) as { v: number | null };
    add(category, text, { kind: 'value', value: Math.round((row.v ?? 0) * 100) / 100 });
  };
  /** Top n by `key` (descending unless asc); ties = every record whose key equals the n-th key. */
  const topn = (category: string, text: string, entity: Entity, from: string, key: string, n: number, asc = false): void => {
    const dir = asc ? 'ASC' : 'DESC';
    // `from` names the ranked table `t` (joins allowed); `key` is the sort column.
    const rows = db.prepare(`SELECT t.id AS id, ${key} AS k FROM ${from} ORDER BY k ${dir}, t.id ASC`).all() as { id: string; k: number }[];
    const top = rows.slice(0, n);
    const last = top[top.length - 1]?.k;
    const ties = rows.filter((r) => r.k === last).map((r) => r.id).sort();
    add(category, text, { kind: 'topn', entity, n, ids: top.map((r) => r.id), ties: ties.length > 1 ? ties : [] });
  };
  const ranked = (category: string, text: string, where: string): void =>
    add(category, text, { kind: 'ranked', entity: 'contact', k: 10, relevant: ids(`SELECT c.id FROM contacts c JOIN companies co ON co.id = c.company_id WHERE ${where}`) });

  // filter.industry — an industry named plainly (any casing / singular-plural of the industry column).
  contacts('filter.industry', 'show me everyone at insurance companies', `co.industry = 'Insurance'`);
  contacts('filter.industry', 'Hospitalty contacts pls', `co.industry = 'Hospitality'`);
  companies('filter.industry', 'list automotive accounts', `co.industry = 'Automotive'`);
  contacts('filter.industry', 'who do we know in real estate?', `co.industry = 'Real Estate'`);
  companies('filter.industry', 'which companies are in cybersecurity', `co.industry = 'Cybersecurity'`);
  contacts('filter.industry', 'please give me the contacts which are working in manufacturing', `co.industry = 'Manufacturing'`);

  // filter.informal-industry — what people call a sector's firms or trade (mapped to the industry column).
  contacts('filter.informal-industry', 'contacts at banks and payment startups', `co.industry = 'Financial Technology'`); // fintech
  companies('filter.informal-industry', 'show the carmakers', `co.industry = 'Automotive'`);
  contacts('filter.informal-industry', 'people at hotels', `co.industry = 'Hospitality'`);
  companies('filter.informal-industry', 'list all the hospitals and clinics', `co.industry = 'Healthcare'`);
  companies('filter.informal-industry', 'shipping and freight firms', `co.industry = 'Logistics'`);
  contacts('filter.informal-industry', 'anyone at universities or schools?', `co.industry = 'Education'`);
  companies('filter.informal-industry', 'online retailers', `co.industry = 'E-commerce'`);
  companies('filter.informal-industry', 'pharma and life sciences companies', `co.industry = 'Biotechnology'`);
  contacts('filter.informal-industry', 'contacts at insurers and telcos', `co.industry IN ('Insurance','Telecommunications')`);
  companies('filter.informal-industry', 'utilities + solar companies', `co.industry = 'Energy'`);
  companies('filter.informal-industry', 'property developers and landlords', `co.industry = 'Real Estate'`);
  contacts('filter.informal-industry', 'who do we know at broadcasters or studios', `co.industry = 'Media & Entertainment'`);

  // filter.deal-amount+industry
  deals('filter.deal-amount+industry', 'open opportunities above 150k at healthcare companies', `${OPEN} AND d.amount > 150000 AND co.industry = 'Healthcare'`);
  deals('filter.deal-amount+industry', 'energy deals under $25,000', `d.amount < 25000 AND co.industry = 'Energy'`);
  deals('filter.deal-amount+industry', 'education deals of at least 100k still open', `${OPEN} AND d.amount >= 100000 AND co.industry = 'Education'`);
  deals('filter.deal-amount+industry', 'logistics deals bigger than 75000', `d.amount > 75000 AND co.industry = 'Logistics'`);
  deals('filter.deal-amount+industry', 'open e-commerce deals between 20k and 60k', `${OPEN} AND d.amount BETWEEN 20000 AND 60000 AND co.industry = 'E-commerce'`);
  deals('filter.deal-amount+industry', 'deals > 200k in media', `d.amount > 200000 AND co.industry = 'Media & Entertainment'`);

  // filter.money-words — money in other words: turnover/revenue for companies, "deal size"/"worth" for deals.
  companies('filter.money-words', 'companies with turnover above one billion', `co.annual_revenue > 1000000000`);
  companies('filter.money-words', 'accounts making less than 10 million a year', `co.annual_revenue < 10000000`);
  deals('filter.money-words', 'opportunities worth more than half a million', `d.amount > 500000`);
  deals('filter.money-words', 'deal size under 5k', `d.amount < 5000`);
  companies('filter.money-words', 'firms with revenues over $2B in germany', `co.annual_revenue > 2000000000 AND co.country = 'Germany'`);
  deals('filter.money-words', 'pipeline deals valued at 300k+', `${OPEN} AND d.amount >= 300000`);

  // agg.count
  value('agg.count', 'how many contacts have we got in total', `SELECT COUNT(*) v FROM contacts`);
  value('agg.count', 'number of open deals?', `SELECT COUNT(*) v FROM deals d WHERE ${OPEN}`);
  value('agg.count', 'count companys in Spain', `SELECT COUNT(*) v FROM companies WHERE country = 'Spain'`);
  value('agg.count', 'how many qualifed leads came from linkedin', `SELECT COUNT(*) v FROM contacts WHERE lead_status = 'qualified' AND lead_source = 'linkedin'`);
  value('agg.count', 'how many deals are sitting in negotiation', `SELECT COUNT(*) v FROM deals WHERE stage = 'negotiation'`);
  value('agg.count', 'How many people do we have at Sterling Edu', `SELECT COUNT(*) v FROM contacts c JOIN companies co ON co.id = c.company_id WHERE co.name = 'Sterling Edu'`);
  value('agg.count', 'how many healthcare companies', `SELECT COUNT(*) v FROM companies WHERE industry = 'Healthcare'`);

  // agg.count+outcome-date — won/lost beside a date (closed_at in the stated period, UTC).
  value('agg.count+outcome-date', 'how many deals did we win in Q3 2026', `SELECT COUNT(*) v FROM deals WHERE stage = 'closed_won' AND closed_at >= '2026-07-01' AND closed_at < '2026-10-01'`);
  value('agg.count+outcome-date', 'number of deals lost last month', `SELECT COUNT(*) v FROM deals WHERE stage = 'closed_lost' AND closed_at >= '2026-10-01' AND closed_at < '2026-11-01'`); // last month = October 2026
  value('agg.count+outcome-date', 'how many did we close-win in 2025?', `SELECT COUNT(*) v FROM deals WHERE stage = 'closed_won' AND closed_at >= '2025-01-01' AND closed_at < '2026-01-01'`);
  value('agg.count+outcome-date', 'count of lost deals in the first half of 2026', `SELECT COUNT(*) v FROM deals WHERE stage = 'closed_lost' AND closed_at >= '2026-01-01' AND closed_at < '2026-07-01'`);
  value('agg.count+outcome-date', 'wins in august 2026 - how many', `SELECT COUNT(*) v FROM deals WHERE stage = 'closed_won' AND closed_at >= '2026-08-01' AND closed_at < '2026-09-01'`);
  value('agg.count+outcome-date', 'how many deals were lost in the last 90 days', `SELECT COUNT(*) v FROM deals WHERE stage = 'closed_lost' AND closed_at >= ? AND closed_at <= ?`, daysAgo(90), NOW);

  // filter.outcome-date — the won/lost deals themselves beside a date.
  deals('filter.outcome-date', 'deals we won in september 2026', `d.stage = 'closed_won' AND d.closed_at >= '2026-09-01' AND d.closed_at < '2026-10-01'`);
  deals('filter.outcome-date', 'show lost deals from Q2 2026', `d.stage = 'closed_lost' AND d.closed_at >= '2026-04-01' AND d.closed_at < '2026-07-01'`);
  deals('filter.outcome-date', 'closed-won in the past 30 days', `d.stage = 'closed_won' AND d.closed_at >= ? AND d.closed_at <= ?`, daysAgo(30), NOW);
  deals('filter.outcome-date', 'which deals we have lost in 2025?', `d.stage = 'closed_lost' AND d.closed_at >= '2025-01-01' AND d.closed_at < '2026-01-01'`);
  deals('filter.outcome-date', 'won deals closed before March 2025', `d.stage = 'closed_won' AND d.closed_at < '2025-03-01'`);

  // agg.sum
  value('agg.sum', 'total pipeline value', `SELECT SUM(amount) v FROM deals d WHERE ${OPEN}`); // pipeline = open deals
  value('agg.sum', 'sum of won revenue in fintech', `SELECT SUM(d.amount) v FROM deals d JOIN companies co ON co.id = d.company_id WHERE d.stage = 'closed_won' AND co.industry = 'Financial Technology'`);
  value('agg.sum', "what's the total amount of Security Suite deals in proposal", `SELECT SUM(amount) v FROM deals WHERE product = 'Security Suite' AND stage = 'proposal'`);
  value('agg.sum', 'how much did we win in october 2026', `SELECT SUM(amount) v FROM deals WHERE stage = 'closed_won' AND closed_at >= '2026-10-01' AND closed_at < '2026-11-01'`);
  value('agg.sum', 'total value of lost deals for Payments API', `SELECT SUM(amount) v FROM deals WHERE stage = 'closed_lost' AND product = 'Payments API'`);
  value('agg.sum', 'open pipeline in telecom, total $', `SELECT SUM(d.amount) v FROM deals d JOIN companies co ON co.id = d.company_id WHERE ${OPEN} AND co.industry = 'Telecommunications'`);

  // agg.avg
  value('agg.avg', 'average deal size', `SELECT AVG(amount) v FROM deals`);
  value('agg.avg', 'avg amount of lost deals?', `SELECT AVG(amount) v FROM deals WHERE stage = 'closed_lost'`);
  value('agg.avg', 'what is the mean value of open Analytics Platform deals', `SELECT AVG(amount) v FROM deals d WHERE ${OPEN} AND product = 'Analytics Platform'`);
  value('agg.avg', 'average headcount of companies in Japan', `SELECT AVG(employees) v FROM companies WHERE country = 'Japan'`);
  value('agg.avg', 'average annual revenue of logistics companies', `SELECT AVG(annual_revenue) v FROM companies WHERE industry = 'Logistics'`);
  value('agg.avg', 'typical won deal in healthcare - average amount?', `SELECT AVG(d.amount) v FROM deals d JOIN companies co ON co.id = d.company_id WHERE d.stage = 'closed_won' AND co.industry = 'Healthcare'`);

  // filter.country+status — contacts by their company's country and lead_status.
  contacts('filter.country+status', 'new leads in germnay', `co.country = 'Germany' AND c.lead_status = 'new'`);
  contacts('filter.country+status', 'qualified contacts in the UK', `co.country = 'United Kingdom' AND c.lead_status = 'qualified'`);
  contacts('filter.country+status', 'customers based in india', `co.country = 'India' AND c.lead_status = 'customer'`);
  contacts('filter.country+status', 'unqualified leads from Brazil', `co.country = 'Brazil' AND c.lead_status = 'unqualified'`);
  contacts('filter.country+status', 'Canadian contacts we have already contacted', `co.country = 'Canada' AND c.lead_status = 'contacted'`);
  contacts('filter.country+status', 'australian customers', `co.country = 'Australia' AND c.lead_status = 'customer'`);

  // filter.deal-product+outcome
  deals('filter.deal-product+outcome', 'Show me the lost deals of Customer Data Hub', `d.product = 'Customer Data Hub' AND d.stage = 'closed_lost'`);
  deals('filter.deal-product+outcome', 'which Payments API deals did we win', `d.product = 'Payments API' AND d.stage = 'closed_won'`);
  deals('filter.deal-product+outcome', 'automation cloud wins', `d.product = 'Automation Cloud' AND d.stage = 'closed_won'`);
  deals('filter.deal-product+outcome', 'security suite deals we lost', `d.product = 'Security Suite' AND d.stage = 'closed_lost'`);
  deals('filter.deal-product+outcome', 'open deals for the Analytics Platform', `d.product = 'Analytics Platform' AND ${OPEN}`);
  deals('filter.deal-product+outcome', 'AI assistant losses', `d.product = 'AI Assistant' AND d.stage = 'closed_lost'`);

  // filter.company-size+country — employees column.
  companies('filter.company-size+country', 'companies under 100 employees in the Netherlands', `co.employees < 100 AND co.country = 'Netherlands'`);
  companies('filter.company-size+country', 'big companies (10k+ staff) in the US', `co.employees >= 10000 AND co.country = 'United States'`);
  companies('filter.company-size+country', 'french companies with more than 1000 people', `co.employees > 1000 AND co.country = 'France'`);
  companies('filter.company-size+country', 'startups in singapore with fewer than 50 employees', `co.employees < 50 AND co.country = 'Singapore'`);
  companies('filter.company-size+country', 'UK firms between 200 and 5000 employees', `co.employees BETWEEN 200 AND 5000 AND co.country = 'United Kingdom'`);
  companies('filter.company-size+country', 'spanish companies over 2,000 employees', `co.employees > 2000 AND co.country = 'Spain'`);

  // filter.source+status — lead_source and lead_status.
  contacts('filter.source+status', 'webinar leads that are qualified', `c.lead_source = 'webinar' AND c.lead_status = 'qualified'`);
  contacts('filter.source+status', 'new leads from the website', `c.lead_source = 'website' AND c.lead_status = 'new'`);
  contacts('filter.source+status', 'customers who came in through partners', `c.lead_source = 'partner' AND c.lead_status = 'customer'`);
  contacts('filter.source+status', 'cold outreach contacts marked unqualified', `c.lead_source = 'cold outreach' AND c.lead_status = 'unqualified'`);
  contacts('filter.source+status', 'people we met at conferences who became customers', `c.lead_source = 'conference' AND c.lead_status = 'customer'`);
  contacts('filter.source+status', 'linkedin leads still new', `c.lead_source = 'linkedin' AND c.lead_status = 'new'`);

  // filter.deal-stage
  deals('filter.deal-stage', 'deals in proposal stage', `d.stage = 'proposal'`);
  deals('filter.deal-stage', 'what is in negotiation right now', `d.stage = 'negotiation'`);
  deals('filter.deal-stage', 'all closed lost deals', `d.stage = 'closed_lost'`);
  deals('filter.deal-stage', 'qualified opportunities', `d.stage = 'qualified'`);
  deals('filter.deal-stage', 'show won deals', `d.stage = 'closed_won'`);

  // filter.stage+open — an explicit stage beside "open": the stage decides (open adds nothing).
  deals('filter.stage+open', 'open deals in negotiation', `d.stage = 'negotiation'`);
  deals('filter.stage+open', 'open proposals over 100k', `d.stage = 'proposal' AND d.amount > 100000`);
  deals('filter.stage+open', 'open deals at the qualified stage in insurance', `d.stage = 'qualified' AND co.industry = 'Insurance'`);
  deals('filter.stage+open', 'still-open lead-stage deals for AI Assistant', `d.stage = 'lead' AND d.product = 'AI Assistant'`);
  deals('filter.stage+open', 'open negotiation deals expected to close in november 2026', `d.stage = 'negotiation' AND d.expected_close >= '2026-11-01' AND d.expected_close < '2026-12-01'`);

  // filter.pipeline — "pipeline" means open deals.
  deals('filter.pipeline', 'show me the pipeline for Customer Data Hub', `${OPEN} AND d.product = 'Customer Data Hub'`);
  deals('filter.pipeline', 'whats in our pipeline in Japan', `${OPEN} AND co.country = 'Japan'`);
  deals('filter.pipeline', 'pipeline deals in cybersecurity', `${OPEN} AND co.industry = 'Cybersecurity'`);
  deals('filter.pipeline', 'our hospitality pipeline', `${OPEN} AND co.industry = 'Hospitality'`);
  deals('filter.pipeline', 'pipeline over 250k', `${OPEN} AND d.amount > 250000`);

  // filter.deal-close-date — expected_close (a date).
  deals('filter.deal-close-date', 'open deals closing in December 2026', `${OPEN} AND d.expected_close >= '2026-12-01' AND d.expected_close < '2027-01-01'`);
  deals('filter.deal-close-date', 'deals expected to close after March 2027', `d.expected_close >= '2027-04-01'`); // after March = from April 1
  deals('filter.deal-close-date', 'open deals whose close date has already passed', `${OPEN} AND d.expected_close < '2026-11-01'`); // overdue
  deals('filter.deal-close-date', 'pipeline expected to land in Q1 2027', `${OPEN} AND d.expected_close >= '2027-01-01' AND d.expected_close < '2027-04-01'`);
  deals('filter.deal-close-date', 'open deals closing within the next 30 days', `${OPEN} AND d.expected_close >= '2026-11-01' AND d.expected_close <= '2026-12-01'`);

  // filter.recency — last_contacted_at within / before a time.
  contacts('filter.recency', 'Contacts we spoke to in the last 7 days', `c.last_contacted_at >= ? AND c.last_contacted_at <= ?`, daysAgo(7), NOW);
  contacts('filter.recency', 'who did we reach out to this past month', `c.last_contacted_at >= ? AND c.last_contacted_at <= ?`, daysAgo(30), NOW); // past month = last 30 days
  contacts('filter.recency', 'contacts last touched before 2026', `c.last_contacted_at < '2026-01-01'`);
  contacts('filter.recency', 'people contacted during september 2026', `c.last_contacted_at >= '2026-09-01' AND c.last_contacted_at < '2026-10-01'`);
  contacts('filter.recency', 'contacts created in the last 60 days', `c.created_at >= ? AND c.created_at <= ?`, daysAgo(60), NOW);

  // filter.negation — absence: never contacted counts as "not talked to" (last_contacted_at NULL).
  contacts('filter.negation', "contacts we haven't talked to in 90 days", `(c.last_contacted_at IS NULL OR c.last_contacted_at < ?)`, daysAgo(90));
  contacts('filter.negation', 'customers with no contact for 6 months', `c.lead_status = 'customer' AND (c.last_contacted_at IS NULL OR c.last_contacted_at < '2026-05-01T12:00:00Z')`);
  contacts('filter.negation', 'contacts never contacted', `c.last_contacted_at IS NULL`);
  // No activity: no activities.csv row on the deal/company dated on or after the cutoff.
  deals('filter.negation', 'open deals with no activity in 30 days', `${OPEN} AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.deal_id = d.id AND a.occurred_at >= ?)`, daysAgo(30));
  add('filter.negation', 'companies with no activity in the last 60 days', { kind: 'set', entity: 'company', ids: ids(`SELECT co.id FROM companies co WHERE NOT EXISTS (SELECT 1 FROM activities a WHERE a.company_id = co.id AND a.occurred_at >= ?)`, daysAgo(60)) });
  contacts('filter.negation', 'qualified leads nobody has called in 2 months', `c.lead_status = 'qualified' AND (c.last_contacted_at IS NULL OR c.last_contacted_at < ?)`, daysAgo(61)); // 2 months ≈ since 2026-09-01
  contacts('filter.negation', 'contacts who are not customers in Austin', `c.lead_status <> 'customer' AND co.city = 'Austin'`);

  // topn.deals
  topn('topn.deals', 'top 5 largest deals', 'deal', `deals t`, 't.amount', 5);
  topn('topn.deals', '10 biggest open deals in healthcare', 'deal', `deals t JOIN companies co ON co.id = t.company_id WHERE ${OPEN_T} AND co.industry = 'Healthcare'`, 't.amount', 10);
  topn('topn.deals', 'largest 3 won deals for Payments API', 'deal', `deals t WHERE stage = 'closed_won' AND product = 'Payments API'`, 't.amount', 3);
  topn('topn.deals', 'top 5 deals in negotiation by amount', 'deal', `deals t WHERE stage = 'negotiation'`, 't.amount', 5);
  topn('topn.deals', 'our 7 biggest losses', 'deal', `deals t WHERE stage = 'closed_lost'`, 't.amount', 7);

  // topn.companies
  topn('topn.companies', 'TOP 10 COMPANIES BY EMPLOYEES', 'company', `companies t`, 't.employees', 10);
  topn('topn.companies', '5 biggest education companies by revenue', 'company', `companies t WHERE industry = 'Education'`, 't.annual_revenue', 5);
  topn('topn.companies', 'largest 3 companies in Canada by headcount', 'company', `companies t WHERE country = 'Canada'`, 't.employees', 3);
  topn('topn.companies', 'top five energy companies by revenue', 'company', `companies t WHERE industry = 'Energy'`, 't.annual_revenue', 5);
  topn('topn.companies', 'top 4 german companies by size', 'company', `companies t WHERE country = 'Germany'`, 't.employees', 4); // size = employees

  // topn.sorted — top-N whose sort is stated in other words (smallest, richest, turnover, ascending…).
  topn('topn.sorted', 'the 5 smallest open deals', 'deal', `deals t WHERE ${OPEN_T}`, 't.amount', 5, true);
  topn('topn.sorted', 'richest 10 accounts', 'company', `companies t`, 't.annual_revenue', 10); // richest = annual revenue
  topn('topn.sorted', 'top 5 companies by turnover in the UK', 'company', `companies t WHERE country = 'United Kingdom'`, 't.annual_revenue', 5);
  topn('topn.sorted', '3 smallest companies by number of employees', 'company', `companies t`, 't.employees', 3, true);
  topn('topn.sorted', 'top 5 deals by size in the pipeline for Automation Cloud', 'deal', `deals t WHERE ${OPEN_T} AND t.product = 'Automation Cloud'`, 't.amount', 5);
  topn('topn.sorted', 'lowest revenue 5 companies in fintech', 'company', `companies t WHERE industry = 'Financial Technology'`, 't.annual_revenue', 5, true);

  // filter.role+city — contacts by title phrase and company city.
  contacts('filter.role+city', 'CFOs in London', `c.title = 'Chief Financial Officer' AND co.city = 'London'`);
  contacts('filter.role+city', 'heads of product in berlin', `c.title = 'Head of Product' AND co.city = 'Berlin'`);
  contacts('filter.role+city', 'sales directors based in Toronto', `c.title = 'Sales Director' AND co.city = 'Toronto'`);
  contacts('filter.role+city', 'data scientists in Bangalore', `c.title = 'Data Scientist' AND co.city = 'Bangalore'`);
  contacts('filter.role+city', 'Directors in Madrid', `${DIRECTORS} AND co.city = 'Madrid'`);
  contacts('filter.role+city', 'account execs in new york', `c.title = 'Account Executive' AND co.city = 'New York'`);

  // filter.role+industry
  contacts('filter.role+industry', 'CTOs at software companies', `c.title = 'Chief Technology Officer' AND co.industry = 'Software (SaaS)'`);
  contacts('filter.role+industry', 'HR directors in healthcare', `c.title = 'HR Director' AND co.industry = 'Healthcare'`);
  contacts('filter.role+industry', 'product managers at e-commerce companies', `c.title = 'Product Manager' AND co.industry = 'E-commerce'`);
  contacts('filter.role+industry', 'VPs of sales in telecommunications', `c.title = 'VP of Sales' AND co.industry = 'Telecommunications'`);
  contacts('filter.role+industry', 'CISOs in the insurance industry', `c.title = 'Chief Information Security Officer' AND co.industry = 'Insurance'`);
  contacts('filter.role+industry', 'ML engineers at biotech firms', `c.title = 'ML Engineer' AND co.industry = 'Biotechnology'`);

  // filter.informal-role — seniority in informal words, or a role described by its responsibility (FAMILY).
  contacts('filter.informal-role', 'senior leadership at logistics companies', `${SENIOR} AND co.industry = 'Logistics'`);
  contacts('filter.informal-role', 'c-suite contacts in Paris', `${CSUITE} AND co.city = 'Paris'`);
  contacts('filter.informal-role', 'the people who run finance at energy companies', `${leadersOf('finance')} AND co.industry = 'Energy'`);
  contacts('filter.informal-role', 'whoever is in charge of hiring at automotive firms', `(${leadersOf('people')} OR c.title = 'Talent Acquisition Lead') AND co.industry = 'Automotive'`);
  contacts('filter.informal-role', 'security people in Seattle', `${inFamily('security')} AND co.city = 'Seattle'`);
  contacts('filter.informal-role', 'execs in sydney', `${CSUITE} AND co.city = 'Sydney'`);
  contacts('filter.informal-role', 'folks who own the marketing budget at media companies', `${leadersOf('marketing')} AND co.industry = 'Media & Entertainment'`);
  contacts('filter.informal-role', 'sales leaders in Denver', `${leadersOf('sales')} AND co.city = 'Denver'`);

  // lookup.name — a person's or company's name alone: the one record.
  const lookupContact = (text: string, first: string, last: string): void =>
    contacts('lookup.name', text, `c.first_name = ? AND c.last_name = ?`, first, last);
  lookupContact('Umar Dubois', 'Umar', 'Dubois');
  lookupContact('hugo nguyen', 'Hugo', 'Nguyen');
  lookupContact('Amara Okafor', 'Amara', 'Okafor');
  companies('lookup.name', 'Helix Therapeutics Labs', `co.name = 'Helix Therapeutics Labs'`);
  companies('lookup.name', 'meridian logistics group', `co.name = 'Meridian Logistics Group'`);
  companies('lookup.name', 'Pioneer Solar Group', `co.name = 'Pioneer Solar Group'`);

  // lookup.domain — a domain or email address alone.
  companies('lookup.domain', 'sterlingedu.net', `co.domain = 'sterlingedu.net'`);
  companies('lookup.domain', 'apexcampus.net', `co.domain = 'apexcampus.net'`);
  companies('lookup.domain', 'novainsurance.net', `co.domain = 'novainsurance.net'`);
  contacts('lookup.domain', 'ines.hoffmann@zephyrcargo.net', `c.email = 'ines.hoffmann@zephyrcargo.net'`);
  contacts('lookup.domain', 'zoe.zhang@evergreenacademy.io', `c.email = 'zoe.zhang@evergreenacademy.io'`);

  // combo.multi — several constraints at once.
  deals('combo.multi', 'open Security Suite deals over 50k at US companies closing before 2027', `${OPEN} AND d.product = 'Security Suite' AND d.amount > 50000 AND co.country = 'United States' AND d.expected_close < '2027-01-01'`);
  contacts('combo.multi', 'vip customers in germany we have not contacted in 30 days', `c.tags LIKE '%vip%' AND c.lead_status = 'customer' AND co.country = 'Germany' AND (c.last_contacted_at IS NULL OR c.last_contacted_at < ?)`, daysAgo(30));
  contacts('combo.multi', 'decision makers at fintech companies with more than 1000 employees', `c.tags LIKE '%decision-maker%' AND co.industry = 'Financial Technology' AND co.employees > 1000`);
  companies('combo.multi', 'healthcare companies in the US with revenue over 500M and at least 2000 employees', `co.industry = 'Healthcare' AND co.country = 'United States' AND co.annual_revenue > 500000000 AND co.employees >= 2000`);
  deals('combo.multi', 'won deals in 2026 above 100k from manufacturing companies', `d.stage = 'closed_won' AND d.closed_at >= '2026-01-01' AND d.closed_at < '2027-01-01' AND d.amount > 100000 AND co.industry = 'Manufacturing'`);
  contacts('combo.multi', 'qualified leads from referrals at companies in London or Manchester', `c.lead_status = 'qualified' AND c.lead_source = 'referral' AND co.city IN ('London','Manchester')`);
  value('combo.multi', 'how many open deals over 100k in the proposal or negotiation stage', `SELECT COUNT(*) v FROM deals WHERE stage IN ('proposal','negotiation') AND amount > 100000`);

  // semantic.persona — relevance: the contact's notes express the theme (THEME sentences).
  ranked('semantic.persona', 'people evaluating AI or ML tooling', hasTheme('ai'));
  ranked('semantic.persona', 'contacts struggling with supply chain visibility', hasTheme('supplyChain'));
  ranked('semantic.persona', 'who is trying to cut software costs', hasTheme('costs'));
  ranked('semantic.persona', 'contacts that care about security operations and zero trust', hasTheme('securityOps'));
  ranked('semantic.persona', 'leads interested in employee engagement and retention', hasTheme('retention'));
  ranked('semantic.persona', 'people who want their reps to spend less time on admin', hasTheme('salesProductivity'));

  // semantic.persona+industry — theme AND the company's industry.
  ranked('semantic.persona+industry', 'insurance contacts worried about GDPR or SOC 2', `${hasTheme('compliance')} AND co.industry = 'Insurance'`);
  ranked('semantic.persona+industry', 'people at manufacturers or logistics firms with supply chain problems', `${hasTheme('supplyChain')} AND co.industry IN ('Manufacturing','Logistics')`);
  ranked('semantic.persona+industry', 'software contacts doing product analytics and experiments', `${hasTheme('productAnalytics')} AND co.industry = 'Software (SaaS)'`);
  ranked('semantic.persona+industry', 'telecom contacts who need help recruiting', `${hasTheme('recruiting')} AND co.industry = 'Telecommunications'`);
  ranked('semantic.persona+industry', 'online retail contacts doing demand gen, paid ads or ABM', `${hasTheme('demandGen')} AND co.industry = 'E-commerce'`);

  // semantic.persona+role — theme AND a function family.
  ranked('semantic.persona+role', 'finance people who want a faster month-end close', `${hasTheme('financeClose')} AND ${inFamily('finance')}`);
  ranked('semantic.persona+role', 'HR contacts focused on recruiting', `${hasTheme('recruiting')} AND ${inFamily('people')}`);
  ranked('semantic.persona+role', 'security leaders worried about compliance audits', `${hasTheme('compliance')} AND ${leadersOf('security')}`);
  ranked('semantic.persona+role', 'data and ML folks evaluating AI platforms', `${hasTheme('ai')} AND ${inFamily('data')}`);
  ranked('semantic.persona+role', 'sales people who want their team to be more productive', `${hasTheme('salesProductivity')} AND ${inFamily('sales')}`);

  // similar — "like X": relevant = same function family AND same company industry; partial = same family in
  // another industry, or same industry in another family. The seed itself is neither.
  const similar = (text: string, first: string, last: string): void => {
    const seed = db.prepare(`SELECT c.id, c.title, co.industry FROM contacts c JOIN companies co ON co.id = c.company_id WHERE c.first_name = ? AND c.last_name = ?`).all(first, last) as { id: string; title: string; industry: string }[];
    if (seed.length !== 1) throw new Error(`similar seed ${first} ${last} is not unique (${seed.length})`);
    const { id, title, industry } = seed[0]!;
    const family = Object.keys(FAMILY).find((f) => FAMILY[f]!.includes(title));
    if (!family) throw new Error(`title ${title} has no family`);
    const base = `SELECT c.id FROM contacts c JOIN companies co ON co.id = c.company_id WHERE c.id <> ?`;
    const relevant = ids(`${base} AND ${inFamily(family)} AND co.industry = ?`, id, industry);
    const partial = ids(`${base} AND ((${inFamily(family)} AND co.industry <> ?) OR (NOT ${inFamily(family)} AND co.industry = ?))`, id, industry, industry);
    add('similar', text, { kind: 'similar', entity: 'contact', seed: id, k: 5, relevant, partial });
  };
  similar('contacts similar to Stefan Tanaka', 'Stefan', 'Tanaka');
  similar('more people like Uma Xu', 'Uma', 'Xu');
  similar('who else looks like Wanjiru Patel?', 'Wanjiru', 'Patel');
  similar('find lookalikes of Sofia Brennan', 'Sofia', 'Brennan');
  similar('people resembling Rina Adeyemi', 'Rina', 'Adeyemi');
  similar('similar contacts to lucia schmidt', 'Lucia', 'Schmidt');

  db.close();
  return items;
}

export function renderJsonl(items: Item[]): string {
  return items.map((item) => JSON.stringify(item)).join('\n') + '\n';
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = renderJsonl(buildItems());
  if (process.argv.includes('--stdout')) process.stdout.write(text);
  else fs.writeFileSync(OUTPUT_FILE, text);
}
