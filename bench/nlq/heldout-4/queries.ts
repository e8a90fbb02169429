/**
 * Held-out set 4: queries as people type them into the command bar, each with the one SQL statement over the
 * shared CSVs that answers it (tables `companies`, `contacts`, `deals`, `activities`, `role_families`; see
 * ../heldout-3/build.ts). Written blind: without reading the parser, its lexicon, its tests, docs/natural-language-
 * queries.md or the phrasings of any other query set. Conventions: README.md beside this file.
 */
import type { Query } from '../heldout-3/queries.js';
import {
  AS_OF, C_LEVEL, LOST, OPEN, THEME, TODAY, VP, WON, between, companies, contacts, daysAgo, deals, industry, list, q, role,
} from '../heldout-3/sql.js';

// ---- pieces -------------------------------------------------------------------------------------------------

const set = (category: string, text: string, entity: 'contact' | 'deal' | 'company', sql: string): Query => ({ category, text, kind: 'set', entity, sql });
const value = (category: string, text: string, sql: string): Query => ({ category, text, kind: 'value', sql });
/** `sql` selects `id` and `key`, ordered by the key the text names, ties by id. */
const topn = (category: string, text: string, entity: 'deal' | 'company', n: number, sql: string): Query => ({ category, text, kind: 'topn', entity, n, sql });
const ranked = (category: string, text: string, where: string): Query => ({ category, text, kind: 'ranked', entity: 'contact', k: 10, sql: contacts(where) });

const city = (...names: string[]) => (names.length === 1 ? `co.city = ${q(names[0]!)}` : `co.city IN ${list(names)}`);
const country = (...names: string[]) => (names.length === 1 ? `co.country = ${q(names[0]!)}` : `co.country IN ${list(names)}`);
const title = (...titles: string[]) => (titles.length === 1 ? `ct.title = ${q(titles[0]!)}` : `ct.title IN ${list(titles)}`);
const status = (...s: string[]) => (s.length === 1 ? `ct.lead_status = ${q(s[0]!)}` : `ct.lead_status IN ${list(s)}`);
const source = (s: string) => `ct.lead_source = ${q(s)}`;
const product = (...p: string[]) => (p.length === 1 ? `d.product = ${q(p[0]!)}` : `d.product IN ${list(p)}`);
const stage = (...s: string[]) => (s.length === 1 ? `d.stage = ${q(s[0]!)}` : `d.stage IN ${list(s)}`);
const tag = (t: string) => `(';' || ct.tags || ';') LIKE ${q(`%;${t};%`)}`;
/** Months and quarters of the as-of year (and the next), as half-open [from, to) date windows. */
const month = (ym: string) => {
  const [y, m] = ym.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return [`${ym}-01`, `${next}-01`] as const;
};
const closedIn = (from: string, to: string) => between('d.closed_at', from, to);
const closingIn = (from: string, to: string) => `${OPEN} AND ${between('d.expected_close', from, to)}`;
const Q3 = ['2026-07-01', '2026-10-01'] as const;
const Q2 = ['2026-04-01', '2026-07-01'] as const;
/** "Haven't talked to in N days": never contacted, or last contacted before the window. */
const notContactedIn = (days: number) => `(ct.last_contacted_at IS NULL OR ct.last_contacted_at < ${q(daysAgo(days))})`;
/** An activity of this type with the contact in the last N days (up to now). */
const activityWithin = (type: string, days: number) =>
  `EXISTS (SELECT 1 FROM activities a WHERE a.contact_id = ct.id AND a.type = ${q(type)} AND a.occurred_at >= ${q(daysAgo(days))} AND a.occurred_at <= ${q(AS_OF)})`;
const count = (from: string, where: string) => `SELECT COUNT(*) AS value FROM ${from} WHERE ${where}`;
const C = 'contacts ct JOIN companies co ON co.id = ct.company_id';
const D = 'deals d JOIN companies co ON co.id = d.company_id';
const CO = 'companies co';
const topDeals = (where: string, key: string, dir: 'ASC' | 'DESC') => `SELECT d.id, ${key} AS key FROM deals d JOIN companies co ON co.id = d.company_id WHERE ${where} ORDER BY ${key} ${dir}, d.id`;
const topCompanies = (where: string, key: string, dir: 'ASC' | 'DESC') => `SELECT co.id, ${key} AS key FROM companies co WHERE ${where} ORDER BY ${key} ${dir}, co.id`;

/** Note themes of this set beyond heldout-3's (one sentence each, as written in the data). */
const NOTE = {
  churnOnboarding: ['%reduce churn through better onboarding%'],
  doubleSales: ['%double the sales team%'],
  sso: ['%SSO, SCIM%'],
  pentest: ['%penetration test report%'],
  featureFlags: ['%wants feature flags%'],
  abTests: ['%A/B experiments%'],
  erp: ['%integrations with their ERP%'],
  eurInvoices: ['%invoices in EUR%'],
  tco: ['%total cost of ownership%'],
  budgetQ1: ['%Budget cycle closes in Q1%'],
  handoffs: ['%manual handoffs between departments%'],
  dashboards: ['%real-time dashboards for operations%'],
  abm: ['%account-based marketing%'],
  martech: ['%Brand refresh planned%'],
  leadRouting: ['%lead routing and territory%'],
  hris: ['%Evaluating HRIS replacements%'],
  learning: ['%learning and development programmes%'],
  featureStore: ['%building a feature store%'],
  governance: ['%model governance%'],
  funnels: ['%user behaviour tracking and funnels%'],
  paidCampaigns: ['%Running paid campaigns%'],
} as const;
type Note = keyof typeof NOTE;
type Theme = keyof typeof THEME;
const about = (...themes: (Theme | Note)[]) =>
  `(${[...new Set(themes.flatMap((t) => (t in NOTE ? NOTE[t as Note] : THEME[t as Theme])))].map((p) => `ct.notes LIKE ${q(p)}`).join(' OR ')})`;

/** "people like <name>": same role family and industry in full, one of the two in half; the seed is left out. */
function similar(category: string, text: string, first: string, last: string): Query {
  const seed = `(SELECT s.id AS id, rs.family AS family, cs.industry AS industry FROM contacts s JOIN companies cs ON cs.id = s.company_id JOIN role_families rs ON rs.title = s.title WHERE s.first_name = ${q(first)} AND s.last_name = ${q(last)}) seed`;
  const from = `contacts ct JOIN companies co ON co.id = ct.company_id JOIN role_families rf ON rf.title = ct.title CROSS JOIN ${seed}`;
  const same = (n: number) => `(CASE WHEN rf.family = seed.family THEN 1 ELSE 0 END) + (CASE WHEN co.industry = seed.industry THEN 1 ELSE 0 END) = ${n}`;
  return {
    category, text, kind: 'similar', entity: 'contact', k: 5,
    seedSql: `SELECT ct.id FROM contacts ct WHERE ct.first_name = ${q(first)} AND ct.last_name = ${q(last)}`,
    sql: `SELECT ct.id FROM ${from} WHERE ct.id <> seed.id AND ${same(2)} ORDER BY ct.id`,
    partialSql: `SELECT ct.id FROM ${from} WHERE ct.id <> seed.id AND ${same(1)} ORDER BY ct.id`,
  };
}
const person = (first: string, last: string) => contacts(`ct.first_name = ${q(first)} AND ct.last_name = ${q(last)}`);

// ---- the queries ----------------------------------------------------------------------------------------------

const INDUSTRY: Query[] = [
  set('filter.industry', 'who do we know at hotel companies', 'contact', contacts(industry('Hospitality'))),
  set('filter.industry', 'contacts at insurers', 'contact', contacts(industry('Insurance'))),
  set('filter.industry', 'people at freight and shipping firms', 'contact', contacts(industry('Logistics'))),
  set('filter.industry', 'list everyone in the auto industry', 'contact', contacts(industry('Automotive'))),
  set('filter.industry', 'show contacts at phone and internet providers', 'contact', contacts(industry('Telecommunications'))),
  set('filter.industry', 'people working for online shops', 'contact', contacts(industry('E-commerce'))),
  set('filter.industry', 'our contacts at schools and universities', 'contact', contacts(industry('Education'))),
  set('filter.industry', 'anyone at a utility or power company', 'contact', contacts(industry('Energy'))),
  set('filter.industry', 'contacts in real estate or insurance', 'contact', contacts(industry('Real Estate', 'Insurance'))),
  set('filter.industry', 'companies in the media and entertainment business', 'company', companies(industry('Media & Entertainment'))),
  set('filter.industry', 'saas companies', 'company', companies(industry('Software (SaaS)'))),
  set('filter.industry', 'people at hospitals and clinics', 'contact', contacts(industry('Healthcare'))),
  set('filter.industry', 'who do we have at manufacturers', 'contact', contacts(industry('Manufacturing'))),
  set('filter.industry', 'fintech people', 'contact', contacts(industry('Financial Technology'))),
  set('filter.industry', 'which accounts are cyber security firms', 'company', companies(industry('Cybersecurity'))),
];

const ROLE_INDUSTRY: Query[] = [
  set('filter.role+industry', 'finance folks at car companies', 'contact', contacts(`${role('finance')} AND ${industry('Automotive')}`)),
  set('filter.role+industry', 'hr people at hotel groups', 'contact', contacts(`${role('people')} AND ${industry('Hospitality')}`)),
  set('filter.role+industry', 'marketing people at online retailers', 'contact', contacts(`${role('marketing')} AND ${industry('E-commerce')}`)),
  set('filter.role+industry', 'c-suite at insurance companies', 'contact', contacts(`${C_LEVEL} AND ${industry('Insurance')}`)),
  set('filter.role+industry', 'vps at telecoms', 'contact', contacts(`${VP} AND ${industry('Telecommunications')}`)),
  set('filter.role+industry', 'data and ml people in healthcare', 'contact', contacts(`${role('data')} AND ${industry('Healthcare')}`)),
  set('filter.role+industry', 'security people at fintechs', 'contact', contacts(`${role('security')} AND ${industry('Financial Technology')}`)),
  set('filter.role+industry', 'product folks at saas vendors', 'contact', contacts(`${role('product')} AND ${industry('Software (SaaS)')}`)),
  set('filter.role+industry', 'recruiters and hr at logistics companies', 'contact', contacts(`${role('people')} AND ${industry('Logistics')}`)),
  set('filter.role+industry', 'salespeople at media companies', 'contact', contacts(`${role('sales')} AND ${industry('Media & Entertainment')}`)),
  set('filter.role+industry', 'ops contacts in manufacturing', 'contact', contacts(`${role('operations')} AND ${industry('Manufacturing')}`)),
  set('filter.role+industry', 'chief financial officers at energy firms', 'contact', contacts(`${title('Chief Financial Officer')} AND ${industry('Energy')}`)),
  set('filter.role+industry', 'it managers and it directors at schools', 'contact', contacts(`${role('it')} AND ${industry('Education')}`)),
  set('filter.role+industry', 'ctos and vps of engineering at cybersecurity companies', 'contact', contacts(`${role('engineering')} AND ${industry('Cybersecurity')}`)),
  set('filter.role+industry', 'compliance heads at insurers', 'contact', contacts(`${role('compliance')} AND ${industry('Insurance')}`)),
];

const ROLE_CITY: Query[] = [
  set('filter.role+city', 'sales people in london', 'contact', contacts(`${role('sales')} AND ${city('London')}`)),
  set('filter.role+city', 'finance contacts based in new york', 'contact', contacts(`${role('finance')} AND ${city('New York')}`)),
  set('filter.role+city', 'hr folks in berlin or munich', 'contact', contacts(`${role('people')} AND ${city('Berlin', 'Munich')}`)),
  set('filter.role+city', "who's in marketing in sydney", 'contact', contacts(`${role('marketing')} AND ${city('Sydney')}`)),
  set('filter.role+city', 'engineering leaders in san francisco', 'contact', contacts(`${role('engineering')} AND ${city('San Francisco')}`)),
  set('filter.role+city', 'c-level people in toronto', 'contact', contacts(`${C_LEVEL} AND ${city('Toronto')}`)),
  set('filter.role+city', 'vps located in paris', 'contact', contacts(`${VP} AND ${city('Paris')}`)),
  set('filter.role+city', 'product managers in austin', 'contact', contacts(`${title('Product Manager')} AND ${city('Austin')}`)),
  set('filter.role+city', 'data science folks in bangalore', 'contact', contacts(`${role('data')} AND ${city('Bangalore')}`)),
  set('filter.role+city', 'security contacts out of seattle', 'contact', contacts(`${role('security')} AND ${city('Seattle')}`)),
  set('filter.role+city', 'operations people around chicago', 'contact', contacts(`${role('operations')} AND ${city('Chicago')}`)),
  set('filter.role+city', 'it people in singapore', 'contact', contacts(`${role('it')} AND ${city('Singapore')}`)),
  set('filter.role+city', 'heads of compliance in amsterdam', 'contact', contacts(`${role('compliance')} AND ${city('Amsterdam')}`)),
  set('filter.role+city', 'marketers in sao paulo', 'contact', contacts(`${role('marketing')} AND ${city('São Paulo')}`)),
  set('filter.role+city', 'account execs in denver', 'contact', contacts(`${title('Account Executive')} AND ${city('Denver')}`)),
];

const RECENCY: Query[] = [
  set('filter.recency', "contacts we haven't spoken to in 60 days", 'contact', contacts(notContactedIn(60))),
  set('filter.recency', 'people we talked to in the last 3 days', 'contact', contacts(`ct.last_contacted_at >= ${q(daysAgo(3))}`)),
  set('filter.recency', 'who did we call in the past 14 days', 'contact', contacts(activityWithin('call', 14))),
  set('filter.recency', "contacts we've never reached out to", 'contact', contacts('ct.last_contacted_at IS NULL')),
  set('filter.recency', 'people we last spoke with more than 120 days ago', 'contact', contacts(`ct.last_contacted_at IS NOT NULL AND ct.last_contacted_at < ${q(daysAgo(120))}`)),
  set('filter.recency', 'who have we had meetings with in the last 30 days', 'contact', contacts(activityWithin('meeting', 30))),
  set('filter.recency', 'contacts emailed in the last 10 days', 'contact', contacts(activityWithin('email', 10))),
  set('filter.recency', "customers we haven't touched in 45 days", 'contact', contacts(`${status('customer')} AND ${notContactedIn(45)}`)),
  set('filter.recency', 'contacts added in the last 60 days', 'contact', contacts(`ct.created_at >= ${q(daysAgo(60))}`)),
  set('filter.recency', 'open deals with zero activity over the past 30 days', 'deal',
    deals(`${OPEN} AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.deal_id = d.id AND a.occurred_at >= ${q(daysAgo(30))})`)),
  set('filter.recency', 'accounts with no activity at all in the last 45 days', 'company',
    companies(`NOT EXISTS (SELECT 1 FROM activities a WHERE a.company_id = co.id AND a.occurred_at >= ${q(daysAgo(45))})`)),
  set('filter.recency', "vips we haven't talked to in 3 weeks", 'contact', contacts(`${tag('vip')} AND ${notContactedIn(21)}`)),
  set('filter.recency', 'contacts tagged decision-maker we spoke with in the last 7 days', 'contact', contacts(`${tag('decision-maker')} AND ct.last_contacted_at >= ${q(daysAgo(7))}`)),
  set('filter.recency', 'contacts with no calls in the last 90 days', 'contact',
    contacts(`NOT EXISTS (SELECT 1 FROM activities a WHERE a.contact_id = ct.id AND a.type = 'call' AND a.occurred_at >= ${q(daysAgo(90))} AND a.occurred_at <= ${q(AS_OF)})`)),
  set('filter.recency', 'qualified leads nobody has contacted for over 30 days', 'contact', contacts(`${status('qualified')} AND ${notContactedIn(30)}`)),
];

const STAGE: Query[] = [
  set('filter.deal-stage', "what's in negotiation right now", 'deal', deals(stage('negotiation'))),
  set('filter.deal-stage', "what's sitting at proposal stage", 'deal', deals(stage('proposal'))),
  set('filter.deal-stage', "deals that haven't left the lead stage", 'deal', deals(stage('lead'))),
  set('filter.deal-stage', 'qualified or proposal deals', 'deal', deals(stage('qualified', 'proposal'))),
  set('filter.deal-stage', 'everything we closed won', 'deal', deals(WON)),
  set('filter.deal-stage', 'show me the deals we lost', 'deal', deals(LOST)),
  set('filter.deal-stage', 'the whole open pipeline', 'deal', deals(OPEN)),
  set('filter.deal-stage', 'closed deals, won or lost', 'deal', deals(`(${WON} OR ${LOST})`)),
  set('filter.deal-stage', 'negotiation stage deals over 100k', 'deal', deals(`${stage('negotiation')} AND d.amount > 100000`)),
  set('filter.deal-stage', 'deals in negotiation with insurance companies', 'deal', deals(`${stage('negotiation')} AND ${industry('Insurance')}`)),
  set('filter.deal-stage', 'qualified deals for the analytics platform', 'deal', deals(`${stage('qualified')} AND ${product('Analytics Platform')}`)),
  set('filter.deal-stage', 'open deals that are not in negotiation yet', 'deal', deals(`${OPEN} AND d.stage <> 'negotiation'`)),
  set('filter.deal-stage', 'deals stuck in lead with german companies', 'deal', deals(`${stage('lead')} AND ${country('Germany')}`)),
  set('filter.deal-stage', 'proposals out to healthcare accounts', 'deal', deals(`${stage('proposal')} AND ${industry('Healthcare')}`)),
  set('filter.deal-stage', 'deals at proposal or negotiation worth under 20k', 'deal', deals(`${stage('proposal', 'negotiation')} AND d.amount < 20000`)),
];

const CLOSE: Query[] = [
  set('filter.deal-close-date', "what's due to close next month", 'deal', deals(closingIn(...month('2026-12')))),
  set('filter.deal-close-date', 'open deals closing in december', 'deal', deals(closingIn(...month('2026-12')))),
  set('filter.deal-close-date', 'deals that slipped past their close date', 'deal', deals(`${OPEN} AND d.expected_close < ${q(TODAY)}`)),
  set('filter.deal-close-date', 'deals expected to close in q1 2027', 'deal', deals(closingIn('2027-01-01', '2027-04-01'))),
  set('filter.deal-close-date', 'september wins', 'deal', deals(`${WON} AND ${closedIn(...month('2026-09'))}`)),
  set('filter.deal-close-date', 'what did we lose last quarter', 'deal', deals(`${LOST} AND ${closedIn(...Q3)}`)),
  set('filter.deal-close-date', 'deals closed won between march and may', 'deal', deals(`${WON} AND ${closedIn('2026-03-01', '2026-06-01')}`)),
  set('filter.deal-close-date', 'deals closing this month over 50k', 'deal', deals(`${closingIn(...month('2026-11'))} AND d.amount > 50000`)),
  set('filter.deal-close-date', 'which deals did we lose during october', 'deal', deals(`${LOST} AND ${closedIn(...month('2026-10'))}`)),
  set('filter.deal-close-date', 'open deals expected to close in january', 'deal', deals(closingIn(...month('2027-01')))),
  set('filter.deal-close-date', 'deals that were supposed to close in september but are still open', 'deal', deals(closingIn(...month('2026-09')))),
  set('filter.deal-close-date', 'open deals with a close date after february 2027', 'deal', deals(`${OPEN} AND d.expected_close >= '2027-03-01'`)),
  set('filter.deal-close-date', 'wins from last month', 'deal', deals(`${WON} AND ${closedIn(...month('2026-10'))}`)),
  set('filter.deal-close-date', 'overdue deals worth more than 100 grand', 'deal', deals(`${OPEN} AND d.expected_close < ${q(TODAY)} AND d.amount > 100000`)),
  set('filter.deal-close-date', 'automation cloud deals expected to close in q1 next year', 'deal', deals(`${closingIn('2027-01-01', '2027-04-01')} AND ${product('Automation Cloud')}`)),
];

const PRODUCT: Query[] = [
  set('filter.deal-product+outcome', 'payments api deals that closed won', 'deal', deals(`${product('Payments API')} AND ${WON}`)),
  set('filter.deal-product+outcome', 'lost security suite deals', 'deal', deals(`${product('Security Suite')} AND ${LOST}`)),
  set('filter.deal-product+outcome', 'open automation cloud opportunities', 'deal', deals(`${product('Automation Cloud')} AND ${OPEN}`)),
  set('filter.deal-product+outcome', 'ai assistant deals that we lost last quarter', 'deal', deals(`${product('AI Assistant')} AND ${LOST} AND ${closedIn(...Q3)}`)),
  set('filter.deal-product+outcome', 'analytics platform wins', 'deal', deals(`${product('Analytics Platform')} AND ${WON}`)),
  set('filter.deal-product+outcome', 'customer data hub deals still in play', 'deal', deals(`${product('Customer Data Hub')} AND ${OPEN}`)),
  set('filter.deal-product+outcome', 'payments api or security suite deals that we lost', 'deal', deals(`${product('Payments API', 'Security Suite')} AND ${LOST}`)),
  set('filter.deal-product+outcome', 'won deals except automation cloud ones', 'deal', deals(`${WON} AND d.product <> 'Automation Cloud'`)),
  set('filter.deal-product+outcome', 'customer data hub losses', 'deal', deals(`${product('Customer Data Hub')} AND ${LOST}`)),
  set('filter.deal-product+outcome', 'ai assistant opportunities in negotiation', 'deal', deals(`${product('AI Assistant')} AND ${stage('negotiation')}`)),
  set('filter.deal-product+outcome', 'security suite deals won in q2', 'deal', deals(`${product('Security Suite')} AND ${WON} AND ${closedIn(...Q2)}`)),
  set('filter.deal-product+outcome', 'every payments api deal that is not closed', 'deal', deals(`${product('Payments API')} AND ${OPEN}`)),
  set('filter.deal-product+outcome', 'closed ai assistant deals, won and lost', 'deal', deals(`${product('AI Assistant')} AND (${WON} OR ${LOST})`)),
  set('filter.deal-product+outcome', 'automation cloud deals we won with hotels', 'deal', deals(`${product('Automation Cloud')} AND ${WON} AND ${industry('Hospitality')}`)),
  set('filter.deal-product+outcome', 'lost analytics platform deals over 200k', 'deal', deals(`${product('Analytics Platform')} AND ${LOST} AND d.amount > 200000`)),
];

const AMOUNT: Query[] = [
  set('filter.deal-amount+industry', 'deals over 200k with car companies', 'deal', deals(`d.amount > 200000 AND ${industry('Automotive')}`)),
  set('filter.deal-amount+industry', 'healthcare deals under 20 grand', 'deal', deals(`d.amount < 20000 AND ${industry('Healthcare')}`)),
  set('filter.deal-amount+industry', 'open insurance deals above half a mil', 'deal', deals(`d.amount > 500000 AND ${OPEN} AND ${industry('Insurance')}`)),
  set('filter.deal-amount+industry', 'telecom deals between 50k and 100k', 'deal', deals(`d.amount >= 50000 AND d.amount <= 100000 AND ${industry('Telecommunications')}`)),
  set('filter.deal-amount+industry', 'hotel deals worth at least 250k', 'deal', deals(`d.amount >= 250000 AND ${industry('Hospitality')}`)),
  set('filter.deal-amount+industry', 'energy deals north of 750k', 'deal', deals(`d.amount > 750000 AND ${industry('Energy')}`)),
  set('filter.deal-amount+industry', 'lost fintech deals bigger than 80k', 'deal', deals(`d.amount > 80000 AND ${LOST} AND ${industry('Financial Technology')}`)),
  set('filter.deal-amount+industry', 'saas deals below 10k', 'deal', deals(`d.amount < 10000 AND ${industry('Software (SaaS)')}`)),
  set('filter.deal-amount+industry', 'deals with logistics companies worth more than 300 grand', 'deal', deals(`d.amount > 300000 AND ${industry('Logistics')}`)),
  set('filter.deal-amount+industry', 'education deals of 5k or less', 'deal', deals(`d.amount <= 5000 AND ${industry('Education')}`)),
  set('filter.deal-amount+industry', 'open media deals over a quarter million', 'deal', deals(`d.amount > 250000 AND ${OPEN} AND ${industry('Media & Entertainment')}`)),
  set('filter.deal-amount+industry', 'manufacturing deals from 20k to 40k', 'deal', deals(`d.amount >= 20000 AND d.amount <= 40000 AND ${industry('Manufacturing')}`)),
  set('filter.deal-amount+industry', 'ecommerce deals over 150k that we won', 'deal', deals(`d.amount > 150000 AND ${WON} AND ${industry('E-commerce')}`)),
  set('filter.deal-amount+industry', 'biotech or healthcare deals above 400k', 'deal', deals(`d.amount > 400000 AND ${industry('Biotechnology', 'Healthcare')}`)),
  set('filter.deal-amount+industry', 'real estate pipeline over 200 grand', 'deal', deals(`d.amount > 200000 AND ${OPEN} AND ${industry('Real Estate')}`)),
];

const SIZE: Query[] = [
  set('filter.company-size+country', 'german companies with over a thousand staff', 'company', companies(`co.employees > 1000 AND ${country('Germany')}`)),
  set('filter.company-size+country', 'small uk companies, under 50 people', 'company', companies(`co.employees < 50 AND ${country('United Kingdom')}`)),
  set('filter.company-size+country', 'us firms with 10k+ employees', 'company', companies(`co.employees >= 10000 AND ${country('United States')}`)),
  set('filter.company-size+country', 'french companies doing over 100 mil in revenue', 'company', companies(`co.annual_revenue > 100000000 AND ${country('France')}`)),
  set('filter.company-size+country', 'japanese companies with turnover under 20 million', 'company', companies(`co.annual_revenue < 20000000 AND ${country('Japan')}`)),
  set('filter.company-size+country', 'canadian accounts with between 200 and 2000 employees', 'company', companies(`co.employees >= 200 AND co.employees <= 2000 AND ${country('Canada')}`)),
  set('filter.company-size+country', 'companies in india making more than a billion a year', 'company', companies(`co.annual_revenue > 1000000000 AND ${country('India')}`)),
  set('filter.company-size+country', 'spanish or dutch companies with fewer than 100 staff', 'company', companies(`co.employees < 100 AND ${country('Spain', 'Netherlands')}`)),
  set('filter.company-size+country', 'australian companies with 5000 or more employees', 'company', companies(`co.employees >= 5000 AND ${country('Australia')}`)),
  set('filter.company-size+country', 'brazilian companies with revenue above 500m', 'company', companies(`co.annual_revenue > 500000000 AND ${country('Brazil')}`)),
  set('filter.company-size+country', 'companies outside the us with over 20000 employees', 'company', companies(`co.employees > 20000 AND co.country <> 'United States'`)),
  set('filter.company-size+country', 'singapore companies with a headcount under 500', 'company', companies(`co.employees < 500 AND ${country('Singapore')}`)),
  set('filter.company-size+country', 'uk companies turning over at least 250 million', 'company', companies(`co.annual_revenue >= 250000000 AND ${country('United Kingdom')}`)),
  set('filter.company-size+country', 'german companies with revenue below 10 mil and fewer than 100 people', 'company',
    companies(`co.annual_revenue < 10000000 AND co.employees < 100 AND ${country('Germany')}`)),
  set('filter.company-size+country', 'american companies with less than 25 employees', 'company', companies(`co.employees < 25 AND ${country('United States')}`)),
];

const COUNTRY_STATUS: Query[] = [
  set('filter.country+status', 'which german contacts are customers', 'contact', contacts(`${status('customer')} AND ${country('Germany')}`)),
  set('filter.country+status', 'uk leads still marked new', 'contact', contacts(`${status('new')} AND ${country('United Kingdom')}`)),
  set('filter.country+status', 'qualified contacts in canada or the us', 'contact', contacts(`${status('qualified')} AND ${country('Canada', 'United States')}`)),
  set('filter.country+status', 'unqualified people in india', 'contact', contacts(`${status('unqualified')} AND ${country('India')}`)),
  set('filter.country+status', 'french contacts marked as contacted', 'contact', contacts(`${status('contacted')} AND ${country('France')}`)),
  set('filter.country+status', "japanese prospects that aren't customers yet", 'contact', contacts(`ct.lead_status <> 'customer' AND ${country('Japan')}`)),
  set('filter.country+status', 'qualified leads in spain', 'contact', contacts(`${status('qualified')} AND ${country('Spain')}`)),
  set('filter.country+status', 'customers outside the united states', 'contact', contacts(`${status('customer')} AND co.country <> 'United States'`)),
  set('filter.country+status', 'australian contacts that are still new', 'contact', contacts(`${status('new')} AND ${country('Australia')}`)),
  set('filter.country+status', 'brazil customers', 'contact', contacts(`${status('customer')} AND ${country('Brazil')}`)),
  set('filter.country+status', 'dutch contacts, excluding disqualified ones', 'contact', contacts(`ct.lead_status <> 'unqualified' AND ${country('Netherlands')}`)),
  set('filter.country+status', "singapore leads we've qualified", 'contact', contacts(`${status('qualified')} AND ${country('Singapore')}`)),
  set('filter.country+status', 'customers in europe', 'contact',
    contacts(`${status('customer')} AND ${country('Germany', 'France', 'Netherlands', 'Spain', 'United Kingdom')}`)),
  set('filter.country+status', 'german contacts who are new or contacted', 'contact', contacts(`${status('new', 'contacted')} AND ${country('Germany')}`)),
  set('filter.country+status', 'unqualified contacts in the states', 'contact', contacts(`${status('unqualified')} AND ${country('United States')}`)),
];

const SOURCE_STATUS: Query[] = [
  set('filter.source+status', 'referral leads still sitting at new', 'contact', contacts(`${source('referral')} AND ${status('new')}`)),
  set('filter.source+status', 'people who came in through webinars and are still new', 'contact', contacts(`${source('webinar')} AND ${status('new')}`)),
  set('filter.source+status', 'qualified leads from linkedin', 'contact', contacts(`${source('linkedin')} AND ${status('qualified')}`)),
  set('filter.source+status', 'cold outreach contacts that became customers', 'contact', contacts(`${source('cold outreach')} AND ${status('customer')}`)),
  set('filter.source+status', 'leads from trade shows that we qualified', 'contact', contacts(`${source('conference')} AND ${status('qualified')}`)),
  set('filter.source+status', 'inbound website leads that are unqualified', 'contact', contacts(`${source('website')} AND ${status('unqualified')}`)),
  set('filter.source+status', 'contacts from partners that are qualified', 'contact', contacts(`${source('partner')} AND ${status('qualified')}`)),
  set('filter.source+status', 'linkedin contacts except customers', 'contact', contacts(`${source('linkedin')} AND ct.lead_status <> 'customer'`)),
  set('filter.source+status', 'webinar signups that are qualified or customers', 'contact', contacts(`${source('webinar')} AND ${status('qualified', 'customer')}`)),
  set('filter.source+status', 'word of mouth customers', 'contact', contacts(`${source('referral')} AND ${status('customer')}`)),
  set('filter.source+status', 'website signups still in new status', 'contact', contacts(`${source('website')} AND ${status('new')}`)),
  set('filter.source+status', 'contacts from cold emails that are unqualified', 'contact', contacts(`${source('cold outreach')} AND ${status('unqualified')}`)),
  set('filter.source+status', 'conference leads in contacted status', 'contact', contacts(`${source('conference')} AND ${status('contacted')}`)),
  set('filter.source+status', 'partner-sourced customers', 'contact', contacts(`${source('partner')} AND ${status('customer')}`)),
  set('filter.source+status', 'referrals that went nowhere (unqualified)', 'contact', contacts(`${source('referral')} AND ${status('unqualified')}`)),
];

const COUNT: Query[] = [
  value('agg.count', 'number of deals won in q3', count('deals d', `${WON} AND ${closedIn(...Q3)}`)),
  value('agg.count', 'how many contacts do we have in healthcare', count(C, industry('Healthcare'))),
  value('agg.count', 'how many deals are still open', count('deals d', OPEN)),
  value('agg.count', 'how many companies are in the uk', count(CO, country('United Kingdom'))),
  value('agg.count', 'how many customers came from referrals', count(C, `${status('customer')} AND ${source('referral')}`)),
  value('agg.count', 'how many deals did we lose in october', count('deals d', `${LOST} AND ${closedIn(...month('2026-10'))}`)),
  value('agg.count', "how many people haven't we talked to in 90 days", count(C, notContactedIn(90))),
  value('agg.count', 'number of cfos', count(C, title('Chief Financial Officer'))),
  value('agg.count', 'how many deals are over 500k', count('deals d', 'd.amount > 500000')),
  value('agg.count', 'how many insurance companies do we have', count(CO, industry('Insurance'))),
  value('agg.count', 'count the vps of sales', count(C, title('VP of Sales'))),
  value('agg.count', 'how many deals are closing next month', count('deals d', closingIn(...month('2026-12')))),
  value('agg.count', 'count of deals past their expected close', count('deals d', `${OPEN} AND d.expected_close < ${q(TODAY)}`)),
  value('agg.count', 'total number of contacts in berlin', count(C, city('Berlin'))),
  value('agg.count', 'how many open deals do we have with telecom companies', count(D, `${OPEN} AND ${industry('Telecommunications')}`)),
];

const SUM: Query[] = [
  value('agg.sum', "what's the pipeline worth", `SELECT SUM(d.amount) AS value FROM deals d WHERE ${OPEN}`),
  value('agg.sum', 'total won in q3, in dollars', `SELECT SUM(d.amount) AS value FROM deals d WHERE ${WON} AND ${closedIn(...Q3)}`),
  value('agg.sum', 'combined turnover of german companies', `SELECT SUM(co.annual_revenue) AS value FROM companies co WHERE ${country('Germany')}`),
  value('agg.sum', 'sum of lost deal amounts in september', `SELECT SUM(d.amount) AS value FROM deals d WHERE ${LOST} AND ${closedIn(...month('2026-09'))}`),
  value('agg.sum', 'how much is sitting in negotiation', `SELECT SUM(d.amount) AS value FROM deals d WHERE ${stage('negotiation')}`),
  value('agg.sum', 'total amount of payments api deals we won', `SELECT SUM(d.amount) AS value FROM deals d WHERE ${WON} AND ${product('Payments API')}`),
  value('agg.sum', 'total employees across japanese companies', `SELECT SUM(co.employees) AS value FROM companies co WHERE ${country('Japan')}`),
  value('agg.sum', 'how much is expected to close this month', `SELECT SUM(d.amount) AS value FROM deals d WHERE ${closingIn(...month('2026-11'))}`),
  value('agg.sum', 'value of all deals with healthcare companies', `SELECT SUM(d.amount) AS value FROM ${D} WHERE ${industry('Healthcare')}`),
  value('agg.sum', 'total value of deals lost in q2', `SELECT SUM(d.amount) AS value FROM deals d WHERE ${LOST} AND ${closedIn(...Q2)}`),
  value('agg.sum', 'open pipeline for the security suite', `SELECT SUM(d.amount) AS value FROM deals d WHERE ${OPEN} AND ${product('Security Suite')}`),
  value('agg.sum', "total deal value in fintech that's still open", `SELECT SUM(d.amount) AS value FROM ${D} WHERE ${OPEN} AND ${industry('Financial Technology')}`),
  value('agg.sum', 'sum of won deals with cybersecurity firms', `SELECT SUM(d.amount) AS value FROM ${D} WHERE ${WON} AND ${industry('Cybersecurity')}`),
  value('agg.sum', 'combined headcount of saas companies', `SELECT SUM(co.employees) AS value FROM companies co WHERE ${industry('Software (SaaS)')}`),
  value('agg.sum', 'how many dollars of overdue pipeline do we have', `SELECT SUM(d.amount) AS value FROM deals d WHERE ${OPEN} AND d.expected_close < ${q(TODAY)}`),
];

const AVG: Query[] = [
  value('agg.avg', "what's a typical deal worth on average", 'SELECT AVG(d.amount) AS value FROM deals d'),
  value('agg.avg', 'average size of won deals', `SELECT AVG(d.amount) AS value FROM deals d WHERE ${WON}`),
  value('agg.avg', 'avg amount of open deals in logistics', `SELECT AVG(d.amount) AS value FROM ${D} WHERE ${OPEN} AND ${industry('Logistics')}`),
  value('agg.avg', "what's the average headcount of french companies", `SELECT AVG(co.employees) AS value FROM companies co WHERE ${country('France')}`),
  value('agg.avg', 'average turnover of insurers', `SELECT AVG(co.annual_revenue) AS value FROM companies co WHERE ${industry('Insurance')}`),
  value('agg.avg', 'average value of deals lost last quarter', `SELECT AVG(d.amount) AS value FROM deals d WHERE ${LOST} AND ${closedIn(...Q3)}`),
  value('agg.avg', 'mean deal size for ai assistant', `SELECT AVG(d.amount) AS value FROM deals d WHERE ${product('AI Assistant')}`),
  value('agg.avg', 'average deal amount with telecom companies', `SELECT AVG(d.amount) AS value FROM ${D} WHERE ${industry('Telecommunications')}`),
  value('agg.avg', 'avg employees at companies in tokyo', `SELECT AVG(co.employees) AS value FROM companies co WHERE ${city('Tokyo')}`),
  value('agg.avg', 'average revenue of us companies', `SELECT AVG(co.annual_revenue) AS value FROM companies co WHERE ${country('United States')}`),
  value('agg.avg', 'average size of deals at proposal stage', `SELECT AVG(d.amount) AS value FROM deals d WHERE ${stage('proposal')}`),
  value('agg.avg', 'average won deal for the payments api', `SELECT AVG(d.amount) AS value FROM deals d WHERE ${WON} AND ${product('Payments API')}`),
  value('agg.avg', "what's our average won deal in healthcare", `SELECT AVG(d.amount) AS value FROM ${D} WHERE ${WON} AND ${industry('Healthcare')}`),
  value('agg.avg', 'average company size in the energy sector', `SELECT AVG(co.employees) AS value FROM companies co WHERE ${industry('Energy')}`),
  value('agg.avg', 'average pipeline deal size', `SELECT AVG(d.amount) AS value FROM deals d WHERE ${OPEN}`),
];

const TOP_DEALS: Query[] = [
  topn('topn.deals', '5 biggest deals', 'deal', 5, topDeals('1 = 1', 'd.amount', 'DESC')),
  topn('topn.deals', '10 largest open deals', 'deal', 10, topDeals(OPEN, 'd.amount', 'DESC')),
  topn('topn.deals', 'the 3 biggest deals we won last quarter', 'deal', 3, topDeals(`${WON} AND ${closedIn(...Q3)}`, 'd.amount', 'DESC')),
  topn('topn.deals', 'smallest 5 open deals', 'deal', 5, topDeals(OPEN, 'd.amount', 'ASC')),
  topn('topn.deals', 'top 10 healthcare deals by size', 'deal', 10, topDeals(industry('Healthcare'), 'd.amount', 'DESC')),
  topn('topn.deals', 'newest 5 deals', 'deal', 5, topDeals('1 = 1', 'd.created_at', 'DESC')),
  topn('topn.deals', '5 oldest open deals', 'deal', 5, topDeals(OPEN, 'd.created_at', 'ASC')),
  topn('topn.deals', '5 most overdue deals', 'deal', 5, topDeals(`${OPEN} AND d.expected_close < ${q(TODAY)}`, 'd.expected_close', 'ASC')),
  topn('topn.deals', 'the 3 largest deals we lost', 'deal', 3, topDeals(LOST, 'd.amount', 'DESC')),
  topn('topn.deals', 'top 5 open automation cloud deals by value', 'deal', 5, topDeals(`${OPEN} AND ${product('Automation Cloud')}`, 'd.amount', 'DESC')),
  topn('topn.deals', 'which 4 negotiation deals are the biggest', 'deal', 4, topDeals(stage('negotiation'), 'd.amount', 'DESC')),
  topn('topn.deals', 'next 5 deals due to close', 'deal', 5, topDeals(`${OPEN} AND d.expected_close >= ${q(TODAY)}`, 'd.expected_close', 'ASC')),
  topn('topn.deals', 'biggest 5 deals with german companies', 'deal', 5, topDeals(country('Germany'), 'd.amount', 'DESC')),
  topn('topn.deals', '10 smallest won deals', 'deal', 10, topDeals(WON, 'd.amount', 'ASC')),
  topn('topn.deals', 'top 3 ai assistant deals in the pipeline, largest first', 'deal', 3, topDeals(`${OPEN} AND ${product('AI Assistant')}`, 'd.amount', 'DESC')),
];

const TOP_COMPANIES: Query[] = [
  topn('topn.companies', '5 companies with the most employees', 'company', 5, topCompanies('1 = 1', 'co.employees', 'DESC')),
  topn('topn.companies', 'top ten accounts by turnover', 'company', 10, topCompanies('1 = 1', 'co.annual_revenue', 'DESC')),
  topn('topn.companies', 'smallest 5 companies by employees', 'company', 5, topCompanies('1 = 1', 'co.employees', 'ASC')),
  topn('topn.companies', 'largest 3 insurers by turnover', 'company', 3, topCompanies(industry('Insurance'), 'co.annual_revenue', 'DESC')),
  topn('topn.companies', 'top 5 us companies by staff count', 'company', 5, topCompanies(country('United States'), 'co.employees', 'DESC')),
  topn('topn.companies', '3 biggest companies in london by revenue', 'company', 3, topCompanies(city('London'), 'co.annual_revenue', 'DESC')),
  topn('topn.companies', '5 companies with the lowest revenue', 'company', 5, topCompanies('1 = 1', 'co.annual_revenue', 'ASC')),
  topn('topn.companies', 'top 5 healthcare companies by employee count', 'company', 5, topCompanies(industry('Healthcare'), 'co.employees', 'DESC')),
  topn('topn.companies', '5 largest japanese companies by headcount', 'company', 5, topCompanies(country('Japan'), 'co.employees', 'DESC')),
  topn('topn.companies', 'top 3 energy companies by annual revenue', 'company', 3, topCompanies(industry('Energy'), 'co.annual_revenue', 'DESC')),
  topn('topn.companies', 'which 5 accounts have the most deals', 'company', 5,
    'SELECT co.id, COUNT(d.id) AS key FROM companies co JOIN deals d ON d.company_id = co.id GROUP BY co.id ORDER BY COUNT(d.id) DESC, co.id'),
  topn('topn.companies', 'smallest 3 saas companies by revenue', 'company', 3, topCompanies(industry('Software (SaaS)'), 'co.annual_revenue', 'ASC')),
  topn('topn.companies', '4 largest logistics firms by revenue', 'company', 4, topCompanies(industry('Logistics'), 'co.annual_revenue', 'DESC')),
  topn('topn.companies', 'top 10 companies outside the us by headcount', 'company', 10, topCompanies(`co.country <> 'United States'`, 'co.employees', 'DESC')),
  topn('topn.companies', 'the 5 smallest german companies by staff', 'company', 5, topCompanies(country('Germany'), 'co.employees', 'ASC')),
];

const PERSONA: Query[] = [
  ranked('semantic.persona', 'people drowning in security alerts', about('alerts')),
  ranked('semantic.persona', 'contacts stressing about their upcoming compliance audits', about('audits')),
  ranked('semantic.persona', 'folks unhappy with the reports their current system gives them', about('reporting')),
  ranked('semantic.persona', 'people whose salespeople lose hours typing up calls by hand', about('dataEntry')),
  ranked('semantic.persona', 'contacts shopping around for an ai platform', about('aiVendor')),
  ranked('semantic.persona', 'who wants to consolidate a pile of redundant software', about('overlap')),
  ranked('semantic.persona', 'people who need to hire faster', about('hiring')),
  ranked('semantic.persona', 'contacts that want to close the books faster each month', about('monthEnd')),
  ranked('semantic.persona', 'contacts who were hit by a phishing scam', about('phishing')),
  ranked('semantic.persona', 'price-sensitive contacts who want a discount for paying upfront', about('discount')),
  ranked('semantic.persona', 'people expanding into new regions', about('regions')),
  ranked('semantic.persona', 'contacts whose users drop off and who think onboarding is the fix', about('churnOnboarding')),
  ranked('semantic.persona', 'contacts planning to massively expand their sales team', about('doubleSales')),
  ranked('semantic.persona', 'contacts asking for single sign-on and user provisioning', about('sso')),
  ranked('semantic.persona', 'people who need a pen test report before they buy', about('pentest')),
];

const PERSONA_INDUSTRY: Query[] = [
  ranked('semantic.persona+industry', 'hospitality contacts trying to fix their day-to-day operations', `${about('operations')} AND ${industry('Hospitality')}`),
  ranked('semantic.persona+industry', 'insurance people dealing with auditors and privacy rules', `${about('compliance')} AND ${industry('Insurance')}`),
  ranked('semantic.persona+industry', 'people at car companies keen on machine learning', `${about('ai')} AND ${industry('Automotive')}`),
  ranked('semantic.persona+industry', 'healthcare contacts struggling to recruit', `${about('talent')} AND ${industry('Healthcare')}`),
  ranked('semantic.persona+industry', 'people at logistics companies worried about hackers and breaches', `${about('security')} AND ${industry('Logistics')}`),
  ranked('semantic.persona+industry', 'ecommerce people focused on campaigns and demand gen', `${about('marketing')} AND ${industry('E-commerce')}`),
  ranked('semantic.persona+industry', 'telecom contacts trying to cut software spend', `${about('cost')} AND ${industry('Telecommunications')}`),
  ranked('semantic.persona+industry', 'fintech people trying to fix their finance processes', `${about('finance')} AND ${industry('Financial Technology')}`),
  ranked('semantic.persona+industry', 'saas contacts who care about product analytics and experiments', `${about('product')} AND ${industry('Software (SaaS)')}`),
  ranked('semantic.persona+industry', 'education contacts who care about staff wellbeing and engagement', `${about('employeeExperience')} AND ${industry('Education')}`),
  ranked('semantic.persona+industry', 'people at media companies whose sales teams are unproductive', `${about('salesProductivity')} AND ${industry('Media & Entertainment')}`),
  ranked('semantic.persona+industry', 'energy contacts nervous about regulations and audits', `${about('compliance')} AND ${industry('Energy')}`),
  ranked('semantic.persona+industry', 'contacts at manufacturers interested in ai', `${about('ai')} AND ${industry('Manufacturing')}`),
  ranked('semantic.persona+industry', 'biotech contacts looking to save money on tools', `${about('cost')} AND ${industry('Biotechnology')}`),
  ranked('semantic.persona+industry', 'real estate contacts wanting to streamline their operations', `${about('operations')} AND ${industry('Real Estate')}`),
];

const PERSONA_ROLE: Query[] = [
  ranked('semantic.persona+role', 'finance people frustrated with month-end', `${about('monthEnd')} AND ${role('finance')}`),
  ranked('semantic.persona+role', 'security folks worried about phishing', `${about('phishing')} AND ${role('security')}`),
  ranked('semantic.persona+role', 'hr people who care about keeping staff', `${about('retention')} AND ${role('people')}`),
  ranked('semantic.persona+role', "marketers who can't prove their campaigns pay off", `${about('attribution')} AND ${role('marketing')}`),
  ranked('semantic.persona+role', 'sales people who want more reliable forecasts', `${about('forecast')} AND ${role('sales')}`),
  ranked('semantic.persona+role', 'ops people fighting supplier problems', `${about('supplyChain')} AND ${role('operations')}`),
  ranked('semantic.persona+role', 'data people worried about their gpu bills', `${about('gpu')} AND ${role('data')}`),
  ranked('semantic.persona+role', 'product folks who run lots of experiments', `${about('abTests')} AND ${role('product')}`),
  ranked('semantic.persona+role', 'ml folks building a feature store', `${about('featureStore')} AND ${role('data')}`),
  ranked('semantic.persona+role', 'hr contacts shopping for a new hr system', `${about('hris')} AND ${role('people')}`),
  ranked('semantic.persona+role', 'sales folks asking about territories and routing leads', `${about('leadRouting')} AND ${role('sales')}`),
  ranked('semantic.persona+role', 'finance contacts who want to be billed in euros on longer payment terms', `${about('eurInvoices')} AND ${role('finance')}`),
  ranked('semantic.persona+role', 'operations people who want live dashboards', `${about('dashboards')} AND ${role('operations')}`),
  ranked('semantic.persona+role', 'marketing people planning a rebrand', `${about('martech')} AND ${role('marketing')}`),
  ranked('semantic.persona+role', 'product people who ship every week and want feature toggles', `${about('featureFlags')} AND ${role('product')}`),
];

const SIMILAR: Query[] = [
  similar('similar', 'contacts like noah hoffmann', 'Noah', 'Hoffmann'),
  similar('similar', 'people similar to Chen Ziegler', 'Chen', 'Ziegler'),
  similar('similar', 'find more people like sam castillo', 'Sam', 'Castillo'),
  similar('similar', 'who else is like Stefan Tanaka', 'Stefan', 'Tanaka'),
  similar('similar', 'lookalikes of leila laurent', 'Leila', 'Laurent'),
  similar('similar', 'contacts resembling Grace Torres', 'Grace', 'Torres'),
  similar('similar', 'similar contacts to dmitri silva', 'Dmitri', 'Silva'),
  similar('similar', 'people like Lars Nguyen', 'Lars', 'Nguyen'),
  similar('similar', 'more like theo morales', 'Theo', 'Morales'),
  similar('similar', 'anyone similar to Vera Walsh?', 'Vera', 'Walsh'),
  similar('similar', 'find me contacts like elena torres', 'Elena', 'Torres'),
  similar('similar', 'show people similar to Farid Chen', 'Farid', 'Chen'),
  similar('similar', 'contacts like ravi horvat', 'Ravi', 'Horvat'),
  similar('similar', 'similar to umar singh', 'Umar', 'Singh'),
  similar('similar', 'people who look like Kira Silva', 'Kira', 'Silva'),
];

const LOOKUP: Query[] = [
  set('lookup.name', 'mina okafor', 'contact', person('Mina', 'Okafor')),
  set('lookup.name', 'Felix Horvat', 'contact', person('Felix', 'Horvat')),
  set('lookup.name', 'tara adeyemi', 'contact', person('Tara', 'Adeyemi')),
  set('lookup.name', 'Pablo Ueda', 'contact', person('Pablo', 'Ueda')),
  set('lookup.name', 'yusuf quintero', 'contact', person('Yusuf', 'Quintero')),
  set('lookup.name', 'Sara Murphy', 'contact', person('Sara', 'Murphy')),
  set('lookup.name', 'iron defense', 'company', companies(`co.name = 'Iron Defense'`)),
  set('lookup.name', 'Cedar Fabrication', 'company', companies(`co.name = 'Cedar Fabrication'`)),
  set('lookup.name', 'kestrel works', 'company', companies(`co.name = 'Kestrel Works'`)),
  set('lookup.name', 'Harbor Freight', 'company', companies(`co.name = 'Harbor Freight'`)),
  set('lookup.name', 'zephyrsolar.com', 'company', companies(`co.domain = 'zephyrsolar.com'`)),
  set('lookup.name', 'granitecredit.com', 'company', companies(`co.domain = 'granitecredit.com'`)),
  set('lookup.name', 'onyxhotels.com', 'company', companies(`co.domain = 'onyxhotels.com'`)),
  set('lookup.name', 'Summit Studios', 'company', companies(`co.name = 'Summit Studios'`)),
  set('lookup.name', 'gita adeyemi', 'contact', person('Gita', 'Adeyemi')),
];

export const QUERIES: Query[] = [
  ...INDUSTRY, ...ROLE_INDUSTRY, ...ROLE_CITY, ...RECENCY, ...STAGE, ...CLOSE, ...PRODUCT, ...AMOUNT, ...SIZE, ...COUNTRY_STATUS,
  ...SOURCE_STATUS, ...COUNT, ...SUM, ...AVG, ...TOP_DEALS, ...TOP_COMPANIES, ...PERSONA, ...PERSONA_INDUSTRY, ...PERSONA_ROLE, ...SIMILAR, ...LOOKUP,
];
