/**
 * Builds bench/nlq/heldout-7.jsonl: a blind held-out set of natural-language CRM queries, written without
 * reading the parser, its docs, its tests or the other held-out sets' items — only dev.jsonl (for the format and
 * the categories), the shared CSVs and their README, bench/nlq-score.ts and the SQL helpers of
 * bench/nlq/heldout/sql.ts. The wording is this file's own: what a rep, a manager, an ops person or a founder
 * would type into a command bar — terse to chatty, typos, word order, everyday names for industries and roles,
 * money in other words, negation and absence, won/lost with dates, explicit stages, top-N, counts and sums,
 * names typed alone, persona questions and combinations of two or three constraints. Every category of
 * dev.jsonl has at least 6 items. Scored by the lead with `--summary` only.
 *
 *   npx tsx bench/nlq/heldout-7/build.ts           # writes bench/nlq/heldout-7.jsonl
 *   npx tsx bench/nlq/heldout-7/build.ts --check   # exit 1 when the committed file differs from a rebuild
 *
 * Conventions (the same as the earlier held-out sets, so the answers are fair):
 * - now = 2026-11-01T12:00Z; "last month" = October 2026, "this month" = November 2026, "last quarter" = Q3 2026,
 *   "this year" = 2026. Calendar ranges are half-open on timestamps ([from, to)) and inclusive on dates.
 * - "open", "pipeline", "active", "in play", "in flight", "not closed" = stage not closed_won/closed_lost;
 *   an expected close date always means open deals; "before/by <date>" on an expected close includes deals
 *   already past it; "overdue" = open with expected_close before today (2026-11-01).
 * - won = closed_won, lost = closed_lost, dated by closed_at. Some closed_at lie after now (November 2026), so
 *   no item asks about wins or losses in a window that reaches past 2026-11-01.
 * - deals' money is `amount` ("deal size", "worth", "value", "ARR", "ticket"); companies' money is
 *   `annual_revenue` ("turnover", "revenue", "sales"); size of a company = `employees` ("headcount", "staff").
 *   "over"/"under"/"at least" thresholds are checked to give the same answer strict or inclusive (sql.ts).
 * - "customers", "leads", "prospects" (contacts) are read from `lead_status`; sources from `lead_source`.
 * - "talked to", "contacted", "reached out", "been in touch" read `last_contacted_at`; "haven't … since X" /
 *   "not … in N days" includes contacts never contacted (empty date); "last contacted before X" does not.
 *   "Activity" on a deal or company reads the activities table (up to now, planned ones excluded).
 * - seniority: "execs", "C-suite", "C-level", "chiefs" = Chief titles; "VPs" = "VP of …"; "VP and above",
 *   "senior leadership" = Chief or VP; "directors" = titles with Director. Roles said by function or by what a
 *   person is responsible for = every title of that function (FAMILY below, as held-out 1 and 6).
 * - persona relevance = the contact's interest family (sql.ts `interested`); "contacts like X" = sql.ts `like`.
 * - a name, e-mail or domain typed alone must match exactly one record.
 * Items whose answer would change with another fair reading of a boundary carry `alt` readings; the build
 * refuses an item when an alternative reading scores below 0.95 against the reading of record.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  C_LEVEL, DIRECTOR_LEVEL, LOST, MANAGER_LEVEL, OPEN, VP_LEVEL, WON, between, city, companies, companyNamed, companyValue,
  companyWithDomain, contactNamed, contactValue, contactWithEmail, contacts, country, dealValue, deals, evaluate, industry, interested, like,
  noDealActivitySince, product, stage, titles, topCompanies, topDeals, type Spec,
  ROLE_FAMILIES, SENIOR_LEVEL, requireAgreement,
} from '../heldout/sql.js';
import { evaluateSet, isMainModule, writeOrCheck, type SetEntry } from '../heldout/set-file.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const DATA_DIR = process.env.CRM_SHARED_DATA ?? path.resolve(here, '../../../../shared/data/crm');
export const OUTPUT_FILE = path.resolve(here, '../heldout-7.jsonl');

interface Query { category: string; text: string; expected: Spec; alt?: Spec[] }
const q = (category: string, text: string, expected: Spec, alt?: Spec[]): Query => ({ category, text, expected, alt });

const FAMILY = ROLE_FAMILIES;
const SENIOR = SENIOR_LEVEL;
const US = country('United States');
const UK = country('United Kingdom');

// Industry names as the data spells them.
const AUTO = industry('Automotive');
const BIO = industry('Biotechnology');
const CYBER = industry('Cybersecurity');
const ECOM = industry('E-commerce');
const EDU = industry('Education');
const ENERGY = industry('Energy');
const FINTECH = industry('Financial Technology');
const HEALTH = industry('Healthcare');
const HOSP = industry('Hospitality');
const INS = industry('Insurance');
const LOGI = industry('Logistics');
const MANU = industry('Manufacturing');
const MEDIA = industry('Media & Entertainment');
const REALTY = industry('Real Estate');
const SAAS = industry('Software (SaaS)');
const TELCO = industry('Telecommunications');

/** Open deals whose expected close (a date) lies in [from, toInclusive]. */
const closeIn = (from: string, toInclusive: string) => `${OPEN} AND d.expected_close >= '${from}' AND d.expected_close <= '${toInclusive}'`;
/** Not contacted since the cutoff, never-contacted contacts included. */
const notSince = (cutoff: string) => `(ct.last_contacted_at IS NULL OR ct.last_contacted_at < '${cutoff}')`;
/** The company has a deal matching `cond` (d). */
const hasDeal = (cond = '1 = 1') => `EXISTS (SELECT 1 FROM deals d WHERE d.company_id = co.id AND ${cond})`;
const status = (s: string) => `ct.lead_status = '${s}'`;
const source = (s: string) => `ct.lead_source = '${s}'`;
const tagged = (tag: string) => `(';' || ct.tags || ';') LIKE '%;${tag};%'`;
const closedIn = (from: string, toExclusive: string) => between('d.closed_at', from, toExclusive);
/** An activity of this type about the deal, up to now. */
const dealHad = (type: string) => `EXISTS (SELECT 1 FROM activities a WHERE a.deal_id = d.id AND a.type = '${type}' AND a.occurred_at <= '2026-11-01T12:00:00Z')`;
/** The alternative reading of "no activity since …": planned (future-dated) activities count too. */
const noDealActivityIncludingPlanned = (token: string) => `NOT EXISTS (SELECT 1 FROM activities a WHERE a.deal_id = d.id AND a.occurred_at >= '{${token}}')`;
/** Sum of the company's open deals (NULL without one, so such companies drop out of a ranking). */
const OPEN_PIPELINE = `(SELECT sum(d.amount) FROM deals d WHERE d.company_id = co.id AND ${OPEN})`;

export const QUERIES: Query[] = [
  // ── filter.industry: everyday names for the sixteen industries ────────────────────────────────────────
  q('filter.industry', 'anyone we know at drug companies', contacts(BIO)),
  q('filter.industry', 'contacts at hoteliers', contacts(HOSP)),
  q('filter.industry', 'show me all the carmakers', companies(AUTO)),
  q('filter.industry', 'insurers', companies(INS)),
  q('filter.industry', 'ppl at telcos', contacts(TELCO)),
  q('filter.industry', 'list every saas company we have', companies(SAAS)),
  q('filter.industry', 'who do we know in the power & utilities space', contacts(ENERGY)),
  q('filter.industry', 'accounts in higher ed and schools', companies(EDU)),
  q('filter.industry', 'contacts working at fintechs', contacts(FINTECH)),
  q('filter.industry', 'property companies', companies(REALTY)),
  q('filter.industry', 'people at industrial manufacturers', contacts(MANU)),
  q('filter.industry', 'shipping and freight accounts', companies(LOGI)),
  q('filter.industry', 'contacts in the media and entertainment biz', contacts(MEDIA)),
  q('filter.industry', 'cyber security firms', companies(CYBER)),
  q('filter.industry', 'hospital and clinic accounts', companies(HEALTH)),
  q('filter.industry', 'folks at online retailers', contacts(ECOM)),

  // ── filter.role+industry: titles, functions, informal seniority, roles by responsibility ──────────────
  q('filter.role+industry', 'CFOs at carmakers', contacts(`${titles('Chief Financial Officer')} AND ${AUTO}`)),
  q('filter.role+industry', 'heads of product at fintech companies', contacts(`${titles('Head of Product')} AND ${FINTECH}`)),
  q('filter.role+industry', 'HR people at hospitals and clinics', contacts(`${FAMILY.people} AND ${HEALTH}`)),
  q('filter.role+industry', 'everyone on the sales side at insurance companies', contacts(`${FAMILY.sales} AND ${INS}`)),
  q('filter.role+industry', 'CISOs in the energy sector', contacts(`${titles('Chief Information Security Officer')} AND ${ENERGY}`)),
  q('filter.role+industry', 'data scientists and ML engineers at telcos', contacts(`${titles('Data Scientist', 'ML Engineer')} AND ${TELCO}`)),
  q('filter.role+industry', 'marketers at ecommerce companies', contacts(`${FAMILY.marketing} AND ${ECOM}`)),
  q('filter.role+industry', 'vp engineering at cyber companies', contacts(`${titles('VP of Engineering')} AND ${CYBER}`)),
  q('filter.role+industry', 'talent acquisition leads at logistics firms', contacts(`${titles('Talent Acquisition Lead')} AND ${LOGI}`)),
  q('filter.role+industry', 'compliance heads at insurers', contacts(`${titles('Head of Compliance')} AND ${INS}`)),
  q('filter.role+industry', 'chief revenue officers in media', contacts(`${titles('Chief Revenue Officer')} AND ${MEDIA}`)),
  q('filter.role+industry', 'VPs and up at biotech firms', contacts(`${SENIOR} AND ${BIO}`)),
  q('filter.role+industry', 'the c-suite at real estate companies', contacts(`${C_LEVEL} AND ${REALTY}`)),
  q('filter.role+industry', 'who looks after the money at SaaS companies', contacts(`${FAMILY.finance} AND ${SAAS}`)),
  q('filter.role+industry', 'directors at manufacturing companies', contacts(`${DIRECTOR_LEVEL} AND ${MANU}`)),
  q('filter.role+industry', 'the security team at education companies', contacts(`${FAMILY.security} AND ${EDU}`)),

  // ── filter.role+city ──────────────────────────────────────────────────────────────────────────────────
  q('filter.role+city', 'VPs based in Berlin', contacts(`${VP_LEVEL} AND ${city('Berlin')}`)),
  q('filter.role+city', 'CTOs in SF', contacts(`${titles('Chief Technology Officer')} AND ${city('San Francisco')}`)),
  q('filter.role+city', 'exec team members in madrid', contacts(`${C_LEVEL} AND ${city('Madrid')}`)),
  q('filter.role+city', 'directors in Toronto', contacts(`${DIRECTOR_LEVEL} AND ${city('Toronto')}`)),
  q('filter.role+city', 'product managers in bangalore', contacts(`${titles('Product Manager')} AND ${city('Bangalore')}`)),
  q('filter.role+city', 'account executives in NYC', contacts(`${titles('Account Executive')} AND ${city('New York')}`)),
  q('filter.role+city', 'anyone in HR out of Sydney', contacts(`${FAMILY.people} AND ${city('Sydney')}`)),
  q('filter.role+city', 'finance folks in munich', contacts(`${FAMILY.finance} AND ${city('Munich')}`)),
  q('filter.role+city', 'security engineers in seattle', contacts(`${titles('Security Engineer')} AND ${city('Seattle')}`)),
  q('filter.role+city', 'c-level people in sao paulo', contacts(`${C_LEVEL} AND ${city('São Paulo')}`)),
  q('filter.role+city', 'heads of growth in amsterdam', contacts(`${titles('Head of Growth')} AND ${city('Amsterdam')}`)),
  q('filter.role+city', 'marketing people in chicago', contacts(`${FAMILY.marketing} AND ${city('Chicago')}`)),

  // ── filter.deal-stage: explicit stages, alone and beside other constraints ────────────────────────────
  q('filter.deal-stage', 'opps in negotiation', deals(stage('negotiation'))),
  q('filter.deal-stage', 'everything sitting at proposal stage', deals(stage('proposal'))),
  q('filter.deal-stage', 'deals that are still only leads', deals(stage('lead'))),
  q('filter.deal-stage', 'which deals are at the qualified stage rn', deals(stage('qualified'))),
  q('filter.deal-stage', 'deals in proposal or negotiation', deals(stage('proposal', 'negotiation'))),
  q('filter.deal-stage', 'early stage deals - lead or qualified', deals(stage('lead', 'qualified'))),
  q('filter.deal-stage', 'deals we are negotiating in the UK', deals(`${stage('negotiation')} AND ${UK}`)),
  q('filter.deal-stage', 'lead-stage deals for payments api', deals(`${stage('lead')} AND ${product('Payments API')}`)),
  q('filter.deal-stage', 'negotiation deals with healthcare companies', deals(`${stage('negotiation')} AND ${HEALTH}`)),
  q('filter.deal-stage', 'proposals out to automotive companies', deals(`${stage('proposal')} AND ${AUTO}`)),
  q('filter.deal-stage', 'deals stuck in proposal with no activity in the last month', deals(`${stage('proposal')} AND ${noDealActivitySince('monthsAgo:1')}`), [deals(`${stage('proposal')} AND ${noDealActivityIncludingPlanned('monthsAgo:1')}`)]),

  // ── filter.deal-amount+industry: money in other words ─────────────────────────────────────────────────
  q('filter.deal-amount+industry', 'open opps above 150k at insurance companies', deals(`${OPEN} AND d.amount {>} 150000 AND ${INS}`)),
  q('filter.deal-amount+industry', 'big-ticket open deals (over 300k) in healthcare', deals(`${OPEN} AND d.amount {>} 300000 AND ${HEALTH}`)),
  q('filter.deal-amount+industry', 'pipeline deals worth at least 75k with logistics companies', deals(`${OPEN} AND d.amount {>} 75000 AND ${LOGI}`)),
  q('filter.deal-amount+industry', 'open deals between 20k and 50k in manufacturing', deals(`${OPEN} AND d.amount {>} 20000 AND d.amount {<} 50000 AND ${MANU}`)),
  q('filter.deal-amount+industry', 'active deals bigger than a quarter million at biotech companies', deals(`${OPEN} AND d.amount {>} 250000 AND ${BIO}`)),
  q('filter.deal-amount+industry', 'saas open deals with a deal size over $100,000', deals(`${OPEN} AND d.amount {>} 100000 AND ${SAAS}`)),
  q('filter.deal-amount+industry', 'open telecom deals north of 200k', deals(`${OPEN} AND d.amount {>} 200000 AND ${TELCO}`)),
  q('filter.deal-amount+industry', 'small open deals under 10k in education', deals(`${OPEN} AND d.amount {<} 10000 AND ${EDU}`)),
  q('filter.deal-amount+industry', 'hospitality pipeline over 50 grand', deals(`${OPEN} AND d.amount {>} 50000 AND ${HOSP}`)),
  q('filter.deal-amount+industry', 'energy deals in flight worth more than $80k', deals(`${OPEN} AND d.amount {>} 80000 AND ${ENERGY}`)),
  q('filter.deal-amount+industry', 'open fintech opportunities with ARR above 120k', deals(`${OPEN} AND d.amount {>} 120000 AND ${FINTECH}`)),
  q('filter.deal-amount+industry', 'media deals still open that are under 25k', deals(`${OPEN} AND d.amount {<} 25000 AND ${MEDIA}`)),

  // ── filter.deal-product+outcome, with dates ───────────────────────────────────────────────────────────
  q('filter.deal-product+outcome', 'AI Assistant deals we lost', deals(`${LOST} AND ${product('AI Assistant')}`)),
  q('filter.deal-product+outcome', 'closed-won security suite deals', deals(`${WON} AND ${product('Security Suite')}`)),
  q('filter.deal-product+outcome', 'which payments api deals did we win in 2025', deals(`${WON} AND ${product('Payments API')} AND ${closedIn('2025-01-01', '2026-01-01')}`)),
  q('filter.deal-product+outcome', 'lost automation cloud deals last quarter', deals(`${LOST} AND ${product('Automation Cloud')} AND ${closedIn('2026-07-01', '2026-10-01')}`)),
  q('filter.deal-product+outcome', 'customer data hub wins in october', deals(`${WON} AND ${product('Customer Data Hub')} AND ${closedIn('2026-10-01', '2026-11-01')}`)),
  q('filter.deal-product+outcome', 'Analytics Platform deals that fell through', deals(`${LOST} AND ${product('Analytics Platform')}`)),
  q('filter.deal-product+outcome', 'AI assistant deals won in the first half of 2026', deals(`${WON} AND ${product('AI Assistant')} AND ${closedIn('2026-01-01', '2026-07-01')}`)),
  q('filter.deal-product+outcome', 'security suite losses in 2025', deals(`${LOST} AND ${product('Security Suite')} AND ${closedIn('2025-01-01', '2026-01-01')}`)),
  q('filter.deal-product+outcome', 'automation cloud deals we closed successfully', deals(`${WON} AND ${product('Automation Cloud')}`)),
  q('filter.deal-product+outcome', 'Customer Data Hub opportunities we lost in september', deals(`${LOST} AND ${product('Customer Data Hub')} AND ${closedIn('2026-09-01', '2026-10-01')}`)),

  // ── filter.deal-outcome+date: won / lost in a window, no product ──────────────────────────────────────
  q('filter.deal-outcome+date', 'deals we lost in september', deals(`${LOST} AND ${closedIn('2026-09-01', '2026-10-01')}`)),
  q('filter.deal-outcome+date', 'wins from Q2', deals(`${WON} AND ${closedIn('2026-04-01', '2026-07-01')}`)),
  q('filter.deal-outcome+date', 'deals won in march 2026', deals(`${WON} AND ${closedIn('2026-03-01', '2026-04-01')}`)),
  q('filter.deal-outcome+date', 'what did we lose last month', deals(`${LOST} AND ${closedIn('2026-10-01', '2026-11-01')}`)),
  q('filter.deal-outcome+date', 'closed won deals between may and july 2026', deals(`${WON} AND ${closedIn('2026-05-01', '2026-08-01')}`)),
  q('filter.deal-outcome+date', 'all our losses in 2025', deals(`${LOST} AND ${closedIn('2025-01-01', '2026-01-01')}`)),
  q('filter.deal-outcome+date', 'deals won before april 2025', deals(`${WON} AND d.closed_at < '2025-04-01'`)),
  q('filter.deal-outcome+date', 'deals closed in august, won or lost', deals(`(${WON} OR ${LOST}) AND ${closedIn('2026-08-01', '2026-09-01')}`)),

  // ── filter.deal-close-date: expected close (open deals) ───────────────────────────────────────────────
  q('filter.deal-close-date', 'deals expected to close in december', deals(closeIn('2026-12-01', '2026-12-31'))),
  q('filter.deal-close-date', 'open opps with a close date in jan 2027', deals(closeIn('2027-01-01', '2027-01-31'))),
  q('filter.deal-close-date', 'deals due to close this month', deals(closeIn('2026-11-01', '2026-11-30'))),
  q('filter.deal-close-date', 'overdue deals', deals(`${OPEN} AND d.expected_close < '2026-11-01'`), [deals(`${OPEN} AND d.expected_close <= '2026-11-01'`)]),
  q('filter.deal-close-date', 'deals that should have closed already but are still open', deals(`${OPEN} AND d.expected_close < '2026-11-01'`), [deals(`${OPEN} AND d.expected_close <= '2026-11-01'`)]),
  q('filter.deal-close-date', 'open deals expected to close in Q1 2027', deals(closeIn('2027-01-01', '2027-03-31'))),
  q('filter.deal-close-date', 'pipeline expected to land before the end of the year', deals(`${OPEN} AND d.expected_close <= '2026-12-31'`)),
  q('filter.deal-close-date', 'deals slated to close from nov 15 through dec 15', deals(closeIn('2026-11-15', '2026-12-15'))),
  q('filter.deal-close-date', 'open deals whose expected close date was in october', deals(closeIn('2026-10-01', '2026-10-31'))),
  q('filter.deal-close-date', 'open deals pushed out to march 2027 or later', deals(`${OPEN} AND d.expected_close >= '2027-03-01'`)),
  q('filter.deal-close-date', 'deals closing in the next 30 days', deals(closeIn('2026-11-01', '2026-12-01')), [deals(closeIn('2026-11-02', '2026-11-30')), deals(closeIn('2026-11-01', '2026-11-30'))]),
  q('filter.deal-close-date', 'negotiation-stage deals expected to close by end of november', deals(`${stage('negotiation')} AND d.expected_close <= '2026-11-30'`)),

  // ── filter.source+status ──────────────────────────────────────────────────────────────────────────────
  q('filter.source+status', 'website leads that are still in status new', contacts(`${status('new')} AND ${source('website')}`)),
  q('filter.source+status', 'customers we got via partners', contacts(`${status('customer')} AND ${source('partner')}`)),
  q('filter.source+status', 'unqualified contacts from conferences', contacts(`${status('unqualified')} AND ${source('conference')}`)),
  q('filter.source+status', 'qualified leads sourced from linkedin', contacts(`${status('qualified')} AND ${source('linkedin')}`)),
  q('filter.source+status', 'referral leads sitting in contacted status', contacts(`${status('contacted')} AND ${source('referral')}`)),
  q('filter.source+status', 'webinar sign-ups that ended up as customers', contacts(`${status('customer')} AND ${source('webinar')}`)),
  q('filter.source+status', 'cold outreach leads still sitting at new', contacts(`${status('new')} AND ${source('cold outreach')}`)),
  q('filter.source+status', 'webinar leads we disqualified', contacts(`${status('unqualified')} AND ${source('webinar')}`)),
  q('filter.source+status', 'partner-sourced contacts with status qualified', contacts(`${status('qualified')} AND ${source('partner')}`)),

  // ── filter.country+status ─────────────────────────────────────────────────────────────────────────────
  q('filter.country+status', 'german customers', contacts(`${status('customer')} AND ${country('Germany')}`)),
  q('filter.country+status', 'indian contacts with lead status new', contacts(`${status('new')} AND ${country('India')}`)),
  q('filter.country+status', 'qualified leads in the UK', contacts(`${status('qualified')} AND ${UK}`)),
  q('filter.country+status', 'unqualified contacts in canada', contacts(`${status('unqualified')} AND ${country('Canada')}`)),
  q('filter.country+status', 'japanese leads still at the contacted stage', contacts(`${status('contacted')} AND ${country('Japan')}`)),
  q('filter.country+status', 'customer contacts based in spain', contacts(`${status('customer')} AND ${country('Spain')}`)),
  q('filter.country+status', 'customers in the states', contacts(`${status('customer')} AND ${US}`)),
  q('filter.country+status', 'australian leads still marked as new', contacts(`${status('new')} AND ${country('Australia')}`)),
  q('filter.country+status', 'qualified prospects in the netherlands', contacts(`${status('qualified')} AND ${country('Netherlands')}`)),

  // ── filter.recency: last contacted, absence of contact, activity on deals and companies ───────────────
  q('filter.recency', "contacts we haven't talked to in 30 days", contacts(notSince('{ago:30}'))),
  q('filter.recency', 'contacts last reached before june 2026', contacts(`ct.last_contacted_at < '2026-06-01'`)),
  q('filter.recency', 'people we last spoke with in august', contacts(between('ct.last_contacted_at', '2026-08-01', '2026-09-01'))),
  q('filter.recency', 'contacts touched in the past week', contacts(`ct.last_contacted_at >= '{ago:7}'`)),
  q('filter.recency', 'who have we been in touch with over the last 2 weeks', contacts(`ct.last_contacted_at >= '{ago:14}'`)),
  q('filter.recency', "customers we haven't reached out to since september", contacts(`${status('customer')} AND ${notSince('2026-09-01')}`)),
  q('filter.recency', "people we've never been in touch with", contacts('ct.last_contacted_at IS NULL')),
  q('filter.recency', 'open deals with no activity in 30 days', deals(`${OPEN} AND ${noDealActivitySince('ago:30')}`), [deals(`${OPEN} AND ${noDealActivityIncludingPlanned('ago:30')}`)]),
  q('filter.recency', 'open deals with nothing logged in the last 60 days', deals(`${OPEN} AND ${noDealActivitySince('ago:60')}`), [deals(`${OPEN} AND ${noDealActivityIncludingPlanned('ago:60')}`)]),
  q('filter.recency', 'companies with no activity since july', companies(`NOT EXISTS (SELECT 1 FROM activities a WHERE a.company_id = co.id AND a.occurred_at >= '2026-07-01' AND a.occurred_at <= '2026-11-01T12:00:00Z')`), [
    companies(`NOT EXISTS (SELECT 1 FROM activities a WHERE a.company_id = co.id AND a.occurred_at >= '2026-07-01')`),
  ]),
  q('filter.recency', 'customers not contacted in the last six months', contacts(`${status('customer')} AND ${notSince('{monthsAgo:6}')}`)),
  q('filter.recency', 'contacts created last month', contacts(between('ct.created_at', '2026-10-01', '2026-11-01'))),
  q('filter.recency', "qualified leads we haven't been in touch with for 3 weeks", contacts(`${status('qualified')} AND ${notSince('{ago:21}')}`)),

  // ── filter.company-size+country ───────────────────────────────────────────────────────────────────────
  q('filter.company-size+country', 'companies in germany with over 1,000 employees', companies(`${country('Germany')} AND co.employees {>} 1000`)),
  q('filter.company-size+country', 'uk businesses with fewer than 50 staff', companies(`${UK} AND co.employees {<} 50`)),
  q('filter.company-size+country', 'indian companies bigger than 5k people', companies(`${country('India')} AND co.employees {>} 5000`)),
  q('filter.company-size+country', 'french accounts with headcount above 200', companies(`${country('France')} AND co.employees {>} 200`)),
  q('filter.company-size+country', 'small US companies, under 100 employees', companies(`${US} AND co.employees {<} 100`)),
  q('filter.company-size+country', 'companies in japan with between 500 and 5000 employees', companies(`${country('Japan')} AND co.employees {>} 500 AND co.employees {<} 5000`)),
  q('filter.company-size+country', 'australian firms with 10k+ employees', companies(`${country('Australia')} AND co.employees >= 10000`)),
  q('filter.company-size+country', 'canadian cos with less than 20 people', companies(`${country('Canada')} AND co.employees {<} 20`)),
  q('filter.company-size+country', 'brazilian companies employing more than 2000', companies(`${country('Brazil')} AND co.employees {>} 2000`)),

  // ── filter.company-revenue+country: turnover said otherwise ───────────────────────────────────────────
  q('filter.company-revenue+country', 'spanish companies with revenue over 100M', companies(`${country('Spain')} AND co.annual_revenue {>} 100000000`)),
  q('filter.company-revenue+country', 'US accounts turning over more than a billion', companies(`${US} AND co.annual_revenue {>} 1000000000`)),
  q('filter.company-revenue+country', 'german companies with annual sales under 5 million', companies(`${country('Germany')} AND co.annual_revenue {<} 5000000`)),
  q('filter.company-revenue+country', 'companies in singapore making more than $50m a year', companies(`${country('Singapore')} AND co.annual_revenue {>} 50000000`)),
  q('filter.company-revenue+country', 'UK firms with turnover below 10m', companies(`${UK} AND co.annual_revenue {<} 10000000`)),
  q('filter.company-revenue+country', 'dutch companies with over half a billion in revenue', companies(`${country('Netherlands')} AND co.annual_revenue {>} 500000000`)),

  // ── topn.deals ────────────────────────────────────────────────────────────────────────────────────────
  q('topn.deals', 'top 5 open deals by value', topDeals(5, 'd.amount', 'DESC', OPEN)),
  q('topn.deals', 'biggest 3 deals we won in 2025', topDeals(3, 'd.amount', 'DESC', `${WON} AND ${closedIn('2025-01-01', '2026-01-01')}`)),
  q('topn.deals', '10 largest opps in negotiation', topDeals(10, 'd.amount', 'DESC', stage('negotiation'))),
  q('topn.deals', 'smallest 5 open deals in healthcare', topDeals(5, 'd.amount', 'ASC', `${OPEN} AND ${HEALTH}`)),
  q('topn.deals', 'top 3 open AI Assistant deals by amount', topDeals(3, 'd.amount', 'DESC', `${OPEN} AND ${product('AI Assistant')}`)),
  q('topn.deals', 'the 5 oldest open deals', topDeals(5, 'd.created_at', 'ASC', OPEN)),
  q('topn.deals', 'the five newest deals', topDeals(5, 'd.created_at', 'DESC', '1 = 1')),
  q('topn.deals', 'top 10 won deals by size in the US', topDeals(10, 'd.amount', 'DESC', `${WON} AND ${US}`)),
  q('topn.deals', 'largest open deal in germany', topDeals(1, 'd.amount', 'DESC', `${OPEN} AND ${country('Germany')}`)),
  q('topn.deals', 'show me the 5 biggest losses of last quarter', topDeals(5, 'd.amount', 'DESC', `${LOST} AND ${closedIn('2026-07-01', '2026-10-01')}`)),

  // ── topn.companies ────────────────────────────────────────────────────────────────────────────────────
  q('topn.companies', 'biggest 5 companies by headcount', topCompanies(5, 'co.employees', 'DESC', '1 = 1')),
  q('topn.companies', 'top 3 insurers by turnover', topCompanies(3, 'co.annual_revenue', 'DESC', INS)),
  q('topn.companies', 'the 10 largest companies in the UK by revenue', topCompanies(10, 'co.annual_revenue', 'DESC', UK)),
  q('topn.companies', 'smallest 5 german companies by revenue', topCompanies(5, 'co.annual_revenue', 'ASC', country('Germany'))),
  q('topn.companies', 'top 5 fintechs by number of employees', topCompanies(5, 'co.employees', 'DESC', FINTECH)),
  q('topn.companies', 'which 3 telcos have the most staff', topCompanies(3, 'co.employees', 'DESC', TELCO)),
  q('topn.companies', 'highest-revenue hospitality companies, top 5', topCompanies(5, 'co.annual_revenue', 'DESC', HOSP)),
  q('topn.companies', 'top 5 accounts by open pipeline', topCompanies(5, OPEN_PIPELINE, 'DESC', '1 = 1')),

  // ── agg.count ─────────────────────────────────────────────────────────────────────────────────────────
  q('agg.count', 'how many open deals do we have', dealValue('count(*)', OPEN)),
  q('agg.count', 'how many people do we have at Harbor Cargo', contactValue('count(*)', `co.name = 'Harbor Cargo'`)),
  q('agg.count', 'count the deals in negotiation', dealValue('count(*)', stage('negotiation'))),
  q('agg.count', 'number of customers in canada', contactValue('count(*)', `${status('customer')} AND ${country('Canada')}`)),
  q('agg.count', 'how many deals did we win in Q3', dealValue('count(*)', `${WON} AND ${closedIn('2026-07-01', '2026-10-01')}`)),
  q('agg.count', 'how many healthcare companies are in the crm', companyValue('count(*)', HEALTH)),
  q('agg.count', 'how many VPs do we have', contactValue('count(*)', VP_LEVEL)),
  q('agg.count', '# of lost deals in 2025', dealValue('count(*)', `${LOST} AND ${closedIn('2025-01-01', '2026-01-01')}`)),
  q('agg.count', 'how many contacts came to us through referrals', contactValue('count(*)', source('referral'))),
  q('agg.count', 'how many open opps are overdue', dealValue('count(*)', `${OPEN} AND d.expected_close < '2026-11-01'`), [dealValue('count(*)', `${OPEN} AND d.expected_close <= '2026-11-01'`)]),
  q('agg.count', 'how many companies do we have in japan', companyValue('count(*)', country('Japan'))),
  q('agg.count', 'contacts at granite credit - how many?', contactValue('count(*)', `co.name = 'Granite Credit'`)),

  // ── agg.sum ───────────────────────────────────────────────────────────────────────────────────────────
  q('agg.sum', 'total pipeline value', dealValue('sum(d.amount)', OPEN)),
  q('agg.sum', 'how much did we win in 2025', dealValue('sum(d.amount)', `${WON} AND ${closedIn('2025-01-01', '2026-01-01')}`)),
  q('agg.sum', 'how much ARR is sitting in negotiation', dealValue('sum(d.amount)', stage('negotiation'))),
  q('agg.sum', 'sum of lost security suite deals', dealValue('sum(d.amount)', `${LOST} AND ${product('Security Suite')}`)),
  q('agg.sum', 'total value of won deals in fintech', dealValue('sum(d.amount)', `${WON} AND ${FINTECH}`)),
  q('agg.sum', 'combined revenue of all our energy companies', companyValue('sum(co.annual_revenue)', ENERGY)),
  q('agg.sum', 'total headcount across our german accounts', companyValue('sum(co.employees)', country('Germany'))),
  q('agg.sum', "what's the open pipeline in the UK worth", dealValue('sum(d.amount)', `${OPEN} AND ${UK}`)),
  q('agg.sum', 'how much business did we close-win in october', dealValue('sum(d.amount)', `${WON} AND ${closedIn('2026-10-01', '2026-11-01')}`)),

  // ── agg.avg ───────────────────────────────────────────────────────────────────────────────────────────
  q('agg.avg', 'average deal size for open deals', dealValue('avg(d.amount)', OPEN)),
  q('agg.avg', 'avg won deal amount in healthcare', dealValue('avg(d.amount)', `${WON} AND ${HEALTH}`)),
  q('agg.avg', 'mean value of lost deals', dealValue('avg(d.amount)', LOST)),
  q('agg.avg', 'average number of employees at saas companies', companyValue('avg(co.employees)', SAAS)),
  q('agg.avg', 'avg turnover of logistics companies', companyValue('avg(co.annual_revenue)', LOGI)),
  q('agg.avg', "what's our average win on payments api", dealValue('avg(d.amount)', `${WON} AND ${product('Payments API')}`)),
  q('agg.avg', 'average deal value in the proposal stage', dealValue('avg(d.amount)', stage('proposal'))),
  q('agg.avg', 'typical open deal size in germany (average)', dealValue('avg(d.amount)', `${OPEN} AND ${country('Germany')}`)),

  // ── semantic.persona: one interest family, in other words ─────────────────────────────────────────────
  q('semantic.persona', "who's worried about security", interested('security')),
  q('semantic.persona', 'contacts who keep bringing up compliance', interested('security')),
  q('semantic.persona', 'people who want to spend less on their tooling', interested('finance')),
  q('semantic.persona', 'anyone interested in AI or ML', interested('ai')),
  q('semantic.persona', 'prospects struggling with recruiting', interested('people')),
  q('semantic.persona', 'contacts who want their reps to sell more', interested('sales')),
  q('semantic.persona', 'people who want to know which of their campaigns actually work', interested('marketing')),
  q('semantic.persona', 'contacts trying to streamline their operations', interested('operations')),
  q('semantic.persona', 'people who care about product analytics and user funnels', interested('product')),
  q('semantic.persona', 'contacts focused on employee wellbeing and engagement', interested('people')),
  q('semantic.persona', 'who wants to run more experiments on their product', interested('product')),
  q('semantic.persona', 'contacts with data privacy concerns', interested('security')),
  q('semantic.persona', 'people keen on cutting costs', interested('finance')),
  q('semantic.persona', 'leads asking about supply chain visibility and operations', interested('operations')),

  // ── semantic.persona+industry ─────────────────────────────────────────────────────────────────────────
  q('semantic.persona+industry', 'people at carmakers worried about data privacy', interested('security', AUTO)),
  q('semantic.persona+industry', 'hospital folks interested in AI', interested('ai', HEALTH)),
  q('semantic.persona+industry', 'drug company contacts looking to trim their software spend', interested('finance', BIO)),
  q('semantic.persona+industry', 'insurance contacts who need to hire more people', interested('people', INS)),
  q('semantic.persona+industry', 'hotel people who want to automate their operations', interested('operations', HOSP)),
  q('semantic.persona+industry', 'telecom contacts who care about their campaigns', interested('marketing', TELCO)),
  q('semantic.persona+industry', 'e-commerce contacts into product experimentation', interested('product', ECOM)),
  q('semantic.persona+industry', 'energy contacts focused on sales productivity', interested('sales', ENERGY)),
  q('semantic.persona+industry', 'media folks curious about machine learning', interested('ai', MEDIA)),
  q('semantic.persona+industry', 'education contacts worried about budget', interested('finance', EDU)),

  // ── semantic.persona+role: a concern and a seniority or role ──────────────────────────────────────────
  q('semantic.persona+role', 'execs who care about security', interested('security', C_LEVEL)),
  q('semantic.persona+role', 'VPs interested in hiring', interested('people', VP_LEVEL)),
  q('semantic.persona+role', 'managers who want better marketing results', interested('marketing', MANAGER_LEVEL)),
  q('semantic.persona+role', 'directors focused on operational efficiency', interested('operations', DIRECTOR_LEVEL)),
  q('semantic.persona+role', 'VP-and-above contacts interested in AI', interested('ai', SENIOR)),
  q('semantic.persona+role', 'c-level people focused on growing sales', interested('sales', C_LEVEL)),
  q('semantic.persona+role', 'vice presidents worried about costs', interested('finance', VP_LEVEL)),
  q('semantic.persona+role', 'chiefs who think about their product roadmap', interested('product', C_LEVEL)),

  // ── similar ───────────────────────────────────────────────────────────────────────────────────────────
  q('similar', 'people similar to Kira Nguyen', like('Kira Nguyen')),
  q('similar', 'more contacts like zoe dimitrov', like('Zoe Dimitrov')),
  q('similar', 'find me lookalikes of Jamal Rossi', like('Jamal Rossi')),
  q('similar', 'who else is like Ravi Haddad?', like('Ravi Haddad')),
  q('similar', 'contacts with a profile like Chloe Olsen', like('Chloe Olsen')),
  q('similar', 'others like pedro ito', like('Pedro Ito')),
  q('similar', 'similar contacts to Bruno Vogel', like('Bruno Vogel')),
  q('similar', 'anyone resembling Sam Quintero', like('Sam Quintero')),

  // ── lookup.name: a name, e-mail or domain typed alone ─────────────────────────────────────────────────
  q('lookup.name', 'Lucia Brennan', contactNamed('Lucia Brennan')),
  q('lookup.name', 'emma mendes', contactNamed('Emma Mendes')),
  q('lookup.name', 'open the contact card for Ivan Fernandes', contactNamed('Ivan Fernandes')),
  q('lookup.name', 'pablo.petrov@brightcargo.io', contactWithEmail('pablo.petrov@brightcargo.io')),
  q('lookup.name', 'Nimbus Resorts', companyNamed('Nimbus Resorts')),
  q('lookup.name', 'lumen solar', companyNamed('Lumen Solar')),
  q('lookup.name', 'pull up Granite Credit', companyNamed('Granite Credit')),
  q('lookup.name', 'irondefense.com', companyWithDomain('irondefense.com')),
  q('lookup.name', 'company quantumapps.com', companyWithDomain('quantumapps.com')),
  q('lookup.name', 'Alice Dimitrov', contactNamed('Alice Dimitrov')),

  // ── filter.negation: absence of related records, attributes said negatively ───────────────────────────
  q('filter.negation', 'companies with no open deals', companies(`NOT ${hasDeal(OPEN)}`)),
  q('filter.negation', 'contacts not attached to any deal', contacts(`NOT EXISTS (SELECT 1 FROM deals d WHERE d.contact_id = ct.id)`)),
  q('filter.negation', 'companies with zero lost deals', companies(`NOT ${hasDeal(LOST)}`)),
  q('filter.negation', 'open deals with no meetings at all', deals(`${OPEN} AND NOT ${dealHad('meeting')}`), [
    deals(`${OPEN} AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.deal_id = d.id AND a.type = 'meeting')`),
  ]),
  q('filter.negation', 'contacts who have never had a call with us', contacts(`NOT EXISTS (SELECT 1 FROM activities a WHERE a.contact_id = ct.id AND a.type = 'call' AND a.occurred_at <= '2026-11-01T12:00:00Z')`), [
    contacts(`NOT EXISTS (SELECT 1 FROM activities a WHERE a.contact_id = ct.id AND a.type = 'call')`),
  ]),
  q('filter.negation', 'contacts in germany who are not customers', contacts(`ct.lead_status <> 'customer' AND ${country('Germany')}`)),
  q('filter.negation', 'companies outside the US with more than 1000 employees', companies(`co.country <> 'United States' AND co.employees {>} 1000`)),
  q('filter.negation', 'open deals for anything except Automation Cloud', deals(`${OPEN} AND d.product <> 'Automation Cloud'`)),
  q('filter.negation', "insurance deals that aren't closed yet", deals(`${OPEN} AND ${INS}`)),
  q('filter.negation', 'healthcare accounts with deals but not a single win', companies(`${HEALTH} AND ${hasDeal()} AND NOT ${hasDeal(WON)}`)),

  // ── combo.constraints: two or three constraints that must all hold ────────────────────────────────────
  q('combo.constraints', 'qualified leads from linkedin at US companies', contacts(`${status('qualified')} AND ${source('linkedin')} AND ${US}`)),
  q('combo.constraints', 'open AI Assistant deals over 100k expected to close this year', deals(`${OPEN} AND ${product('AI Assistant')} AND d.amount {>} 100000 AND d.expected_close <= '2026-12-31'`)),
  q('combo.constraints', "customers in london we haven't contacted in 60 days", contacts(`${status('customer')} AND ${city('London')} AND ${notSince('{ago:60}')}`)),
  q('combo.constraints', 'CFOs at american companies with more than 1000 employees', contacts(`${titles('Chief Financial Officer')} AND ${US} AND co.employees {>} 1000`)),
  q('combo.constraints', 'healthcare deals over 200k that we won in 2025', deals(`${WON} AND ${HEALTH} AND d.amount {>} 200000 AND ${closedIn('2025-01-01', '2026-01-01')}`)),
  q('combo.constraints', 'US deals in negotiation worth more than 50k', deals(`${stage('negotiation')} AND ${US} AND d.amount {>} 50000`)),
  q('combo.constraints', 'VIP contacts at biotech companies', contacts(`${tagged('vip')} AND ${BIO}`)),
  q('combo.constraints', 'leads in new status at big companies (over 5000 staff)', contacts(`${status('new')} AND co.employees {>} 5000`)),
  q('combo.constraints', 'lost Customer Data Hub deals at fintech companies', deals(`${LOST} AND ${product('Customer Data Hub')} AND ${FINTECH}`)),
  q('combo.constraints', 'open deals at companies with under 100 employees', deals(`${OPEN} AND co.employees {<} 100`)),
  q('combo.constraints', 'contacts tagged decision-maker in Paris', contacts(`${tagged('decision-maker')} AND ${city('Paris')}`)),
  q('combo.constraints', 'how many open deals in germany are over 100k', dealValue('count(*)', `${OPEN} AND ${country('Germany')} AND d.amount {>} 100000`)),
  q('combo.constraints', 'sales directors at US companies with more than 500 employees', contacts(`${titles('Sales Director')} AND ${US} AND co.employees {>} 500`)),
  q('combo.constraints', 'proposal-stage analytics platform deals in the US', deals(`${stage('proposal')} AND ${product('Analytics Platform')} AND ${US}`)),

  // ── typos and chatty registers, spread over the categories above ──────────────────────────────────────
  q('filter.industry', 'contacts at insurence companies', contacts(INS)),
  q('filter.role+city', 'VPs in londn', contacts(`${VP_LEVEL} AND ${city('London')}`)),
  q('filter.deal-stage', 'deals in negociation stage', deals(stage('negotiation'))),
  q('agg.sum', 'whats the total amout of open deals in automotive', dealValue('sum(d.amount)', `${OPEN} AND ${AUTO}`)),
  q('topn.companies', 'top 3 biggest compnaies in canada by employees', topCompanies(3, 'co.employees', 'DESC', country('Canada'))),
  q('semantic.persona', 'ppl worried abt GDPR and privacy', interested('security')),
  q('filter.country+status', 'qualifed leads in france', contacts(`${status('qualified')} AND ${country('France')}`)),
  q('filter.deal-close-date', 'opps closing in febuary', deals(closeIn('2027-02-01', '2027-02-28'))),
  q('filter.source+status', 'custmers from linkdin', contacts(`${status('customer')} AND ${source('linkedin')}`)),
  q('agg.avg', 'avg revnue of biotech companies', companyValue('avg(co.annual_revenue)', BIO)),
  q('similar', 'contacts simmilar to Esther Rossi', like('Esther Rossi')),
  q('filter.recency', 'customers we havent spoken to since june', contacts(`${status('customer')} AND ${notSince('2026-06-01')}`)),
  q('combo.constraints', "hey can you pull every open deal in the netherlands that's bigger than 40k please", deals(`${OPEN} AND ${country('Netherlands')} AND d.amount {>} 40000`)),
  q('combo.constraints', 'i need a list of all the CMOs we know in the US', contacts(`${titles('Chief Marketing Officer')} AND ${US}`)),
  q('topn.deals', 'quick one: which 3 negotiation deals in the US are worth the most?', topDeals(3, 'd.amount', 'DESC', `${stage('negotiation')} AND ${US}`)),
  q('agg.count', 'how many unqualified contacts r there', contactValue('count(*)', status('unqualified'))),
];

export function build(): SetEntry[] {
  const texts = new Set<string>();
  return evaluateSet(DATA_DIR, 'h7', QUERIES, (db, query) => {
    if (texts.has(query.text.toLowerCase())) throw new Error('duplicate text');
    texts.add(query.text.toLowerCase());
    const expected = evaluate(db, query.expected);
    // Another fair reading of a boundary ("the next 30 days" with or without its last day) must agree.
    requireAgreement(db, expected, query.alt ?? []);
    // "Contacts like X" needs more than k full-credit peers to be a test of meaning.
    if (expected.kind === 'similar' && expected.relevant.length < expected.k * 2) throw new Error(`only ${expected.relevant.length} full-credit peers`);
    return expected;
  });
}

if (isMainModule(import.meta.url)) writeOrCheck(OUTPUT_FILE, build());
