/**
 * Builds bench/nlq/heldout-9.jsonl (issue 22, held-out 9): a blind set written without looking at the parser, its
 * lexicon, its tests or its docs — queries the way salespeople and sales managers type them into a CRM command bar
 * (terse, chatty, questions, imperatives, a few real typos), over the shared CSVs. Every category of
 * ../shared/data/nlq/dev.jsonl has at least 8 queries in its own wording, plus six categories of everyday asks:
 * negation/absence, won/lost with dates, revenue and headcount in other words, a name/domain/e-mail alone,
 * combinations of 2–3 constraints and informal seniority (trade names for industries and top-N in other words
 * are spread over the dev categories).
 *
 *   npx tsx bench/nlq/heldout-9/build.ts           # writes bench/nlq/heldout-9.jsonl
 *   npx tsx bench/nlq/heldout-9/build.ts --check   # exit 1 when the committed file differs from a rebuild
 *
 * Expected answers are plain SQL over the shared CSVs (bench/nlq/heldout/sql.ts). Conventions:
 * - Now is 2026-11-01T12:00Z (the data README: "as of 2026-11-01"). "This month" = November 2026, "last month" =
 *   October 2026, "next month" = December 2026, "this quarter" = Q4 2026 (Oct–Dec), "last quarter" = Q3 2026
 *   (Jul–Sep), "Q1/Q2" without a year = 2026, "this year" = 2026. "In the last/past N days/weeks" = since the
 *   instant N×24 h before now (whole-day readings checked to agree by sql.ts's `variants`).
 * - Won / lost with a date = the deal's stage is closed_won / closed_lost and its closed_at falls in the period.
 *   The data holds 131 closes stamped after "now" (1–10 Nov 2026), so no query asks about closes in a period that
 *   contains now ("this month", "this year", "since August"): those would have two fair answers.
 * - An expected close date speaks about open deals (stage not closed); most queries say "open" anyway, and where
 *   they do not, the reading without the open filter is computed and must agree (requireAgreement). "Overdue" /
 *   "past its close date" = open with expected_close before 2026-11-01. "From now to <date>" starts at 2026-11-01.
 * - "Deals", "opps", "opportunities" = every deal unless "open", "live", "in the pipeline", "still open" or a stage
 *   is said; "pipeline" as a value = the sum of open deals' amounts.
 * - Thresholds: "over/above/more than/bigger than" are `{>}` (strict or inclusive must agree); "between A and B"
 *   likewise at both ends. "k" = thousand, "m"/"million", "bn"/"billion". "Big"/"large"/"small" are never a
 *   threshold on their own (no fair cut-off): they appear only as superlatives ("the 3 biggest") or next to a number.
 * - Revenue words ("making", "turnover", "bringing in", "doing … in revenue", "sales of") = companies.annual_revenue;
 *   headcount words ("staff", "people", "employees", "headcount", "employing") = companies.employees.
 * - Seniority, read from the title: "execs", "C-suite", "C-level", "chief officers", "top execs" = Chief titles;
 *   "VPs", "vice presidents" = VP titles; "senior people", "senior leadership", "VP level and above" = Chief or
 *   VP; "directors" = titles containing Director; "managers" = titles ending in Manager; "head-of titles" =
 *   titles starting "Head of". A role family word ("HR people", "marketing folks", "sales roles") = every title
 *   of that function (ROLE_FAMILIES). Role words of persona+role items are title lists spelt out next to them.
 * - Lead status words: "customers" = lead_status customer (on contacts); "qualified/unqualified/contacted leads"
 *   = that status; "new leads" / "still marked new" = status new. "Decision-makers", "VIP", "AI interest" only
 *   as tags when the query says "tagged" / "VIP" (the phrase "decision makers" alone is also a seniority word, so
 *   it is only used as an explicit tag).
 * - Contact recency = contacts.last_contacted_at (empty for the 460 never-contacted contacts, all of status new).
 *   "Not contacted in N days" is only asked of statuses other than new, or as "never contacted", so that whether
 *   never-contacted contacts count does not matter; "last contacted before <date>" excludes them (as dev.jsonl).
 *   Activity words ("had a meeting", "emailed", "call") read activities of that type up to now (planned notes
 *   after now are never counted: only notes lie after now, and no query asks about notes).
 * - Europe = Germany, United Kingdom, Spain, Netherlands, France (the European countries in the data).
 * - Trade names: telcos/telecom = Telecommunications; insurers/insurance carriers = Insurance; carmakers/auto =
 *   Automotive; pharma/biotech/life sciences = Biotechnology; saas/software vendors = Software (SaaS);
 *   fintech(s)/payments companies = Financial Technology; infosec/cyber = Cybersecurity; hospitals/clinics/
 *   health = Healthcare; freight/shipping = Logistics; utilities/power = Energy; hotels = Hospitality;
 *   schools/universities/edtech = Education; property = Real Estate; online retail/webshops = E-commerce;
 *   media/broadcast/entertainment = Media & Entertainment; factories/industrial = Manufacturing.
 * - Persona relevance (semantic.*) is the contact's interest family (sql.ts's contact_interest view, checked by
 *   checkInterests); "contacts like X" = same family and industry full credit, same family elsewhere half.
 * Doubts: the interest families line up one-to-one with title families in this data, so a persona query can be
 * answered from titles alone; persona+role items therefore narrow inside the family (leaders vs hands-on), never
 * across families. "Payments companies" for fintech and "pharma" for biotech are looser than the others but no
 * other industry in the data could be meant. "Accounts" = companies. Company and contact names asked alone must
 * match exactly one record (no other company name starts with them).
 * Readings checked and rephrased (requireAgreement refused them as first written): an expected close without "open"
 * (closed deals carry expected closes too: 0.66); "accounts with no open / never-won deals" with or without the 22
 * companies that have no deal at all (0.93: now asked as "have deals but …"); "the oldest open deals" by creation
 * or by expected close (0.00: now "created longest ago"); "highest value X deals" open-only or all (0.00: now "of
 * all time, open or closed"); "lost … in 2025" by close or creation year (0.89: now "lost during 2025"); "not
 * touched / last spoke to" by last_contacted_at or by the last e-mail/call/meeting (0.90–0.95 for some: those now
 * name the last-contacted date; the ones kept carry the activity reading as a checked alternative); "contacts
 * added in the last 30 days" (0.94 at the day boundary: now "since october 1st"). Remaining doubt: last_contacted_at
 * is later than every logged e-mail/call/meeting for 249 contacts, so a parser that reads contact recency from
 * activities will lose a little on the queries that name the last-contacted date.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  C_LEVEL, DIRECTOR_LEVEL, LOST, MANAGER_LEVEL, OPEN, ROLE_FAMILIES, SENIOR_LEVEL, VP_LEVEL, WON, between, city, companies, companyNamed,
  companyValue, companyWithDomain, contactNamed, contactValue, contactWithEmail, contacts, country, dealValue, deals, evaluate, industry,
  interested, like, noDealActivitySince, product, requireAgreement, stage, titles, topCompanies, topDeals, type Spec,
} from '../heldout/sql.js';
import type { Expected } from '../../nlq-score.js';
import { evaluateSet, isMainModule, writeOrCheck, type SetEntry } from '../heldout/set-file.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const DATA_DIR = process.env.CRM_SHARED_DATA ?? path.resolve(here, '../../../../shared/data/crm');
export const OUTPUT_FILE = path.resolve(here, '../heldout-9.jsonl');
export const MIN_PER_CATEGORY = 8;

/** A query, its reading of record, and the other fair readings that must answer alike (≥ 0.95). */
export interface Query { category: string; text: string; expected: Spec; alternatives?: Spec[] }
export const q = (category: string, text: string, expected: Spec, alternatives?: Spec[]): Query => ({ category, text, expected, alternatives });

const NOW = '2026-11-01T12:00:00Z';
const F = ROLE_FAMILIES;
const EUROPE = country('Germany', 'United Kingdom', 'Spain', 'Netherlands', 'France');
const status = (s: string) => `ct.lead_status = '${s}'`;
const source = (s: string) => `ct.lead_source = '${s}'`;
const tagged = (tag: string) => `(';' || coalesce(ct.tags, '') || ';') LIKE '%;${tag};%'`;
const HEAD_OF = `ct.title LIKE 'Head of %'`;
/** An open deal whose expected close lies in [from, to] (dates, inclusive). */
const closeIn = (from: string, toInclusive: string) => `d.expected_close >= '${from}' AND d.expected_close <= '${toInclusive}'`;
const openCloseIn = (from: string, toInclusive: string) => `${OPEN} AND ${closeIn(from, toInclusive)}`;
/** Closed (won/lost) in the half-open calendar range [from, to). */
const wonIn = (from: string, to: string) => `${WON} AND ${between('d.closed_at', from, to)}`;
const lostIn = (from: string, to: string) => `${LOST} AND ${between('d.closed_at', from, to)}`;
/** The contact had an activity of this type in [cutoff, now]. */
const contactActivity = (type: string, cutoffToken: string) =>
  `EXISTS (SELECT 1 FROM activities a WHERE a.contact_id = ct.id AND a.type = '${type}' AND a.occurred_at >= '{${cutoffToken}}' AND a.occurred_at <= '${NOW}')`;
const companyActivity = (type: string, cutoffToken: string) =>
  `EXISTS (SELECT 1 FROM activities a WHERE a.company_id = co.id AND a.type = '${type}' AND a.occurred_at >= '{${cutoffToken}}' AND a.occurred_at <= '${NOW}')`;
/** An e-mail, call or meeting with the contact in [cutoff, now]: the activity reading of "contacted". */
const TOUCHED_SINCE = (cutoffToken: string) =>
  `EXISTS (SELECT 1 FROM activities a WHERE a.contact_id = ct.id AND a.type IN ('email', 'call', 'meeting') AND a.occurred_at >= '{${cutoffToken}}' AND a.occurred_at <= '${NOW}')`;
const companyHasDeal = (cond = '1 = 1') => `EXISTS (SELECT 1 FROM deals d WHERE d.company_id = co.id AND ${cond})`;
const contactsAt = (name: string) => `co.name = '${name.replace(/'/g, "''")}'`;

export const QUERIES: Query[] = [
  // ── filter.industry: contacts or companies of an industry, often by a trade name ─────────────────────────
  q('filter.industry', 'everyone we know at telcos', contacts(industry('Telecommunications'))),
  q('filter.industry', 'list the insurers', companies(industry('Insurance'))),
  q('filter.industry', 'hospital and clinic contacts', contacts(industry('Healthcare'))),
  q('filter.industry', 'people working in pharma and biotech', contacts(industry('Biotechnology'))),
  q('filter.industry', 'saas contacts', contacts(industry('Software (SaaS)'))),
  q('filter.industry', 'show me the carmakers', companies(industry('Automotive'))),
  q('filter.industry', 'contacts at freight and shipping companies', contacts(industry('Logistics'))),
  q('filter.industry', 'who do we know in infosec?', contacts(industry('Cybersecurity'))),
  q('filter.industry', 'property companies', companies(industry('Real Estate'))),
  q('filter.industry', 'contacts at utilities and power companies', contacts(industry('Energy'))),
  q('filter.industry', 'any contacts at hotel groups?', contacts(industry('Hospitality'))),
  q('filter.industry', 'list all the schools and universities in the crm', companies(industry('Education'))),
  q('filter.industry', 'fintechs', companies(industry('Financial Technology'))),
  q('filter.industry', 'manufacturng contacts', contacts(industry('Manufacturing'))),
  q('filter.industry', 'people at online retailers', contacts(industry('E-commerce'))),
  q('filter.industry', 'media and entertainment accounts', companies(industry('Media & Entertainment'))),

  // ── filter.role+industry ───────────────────────────────────────────────────────────────────────────────
  q('filter.role+industry', 'fintech cfos', contacts(`${titles('Chief Financial Officer')} AND ${industry('Financial Technology')}`)),
  q('filter.role+industry', 'heads of product at saas companies', contacts(`${titles('Head of Product')} AND ${industry('Software (SaaS)')}`)),
  q('filter.role+industry', 'security VPs at insurance companies', contacts(`${titles('VP of Security')} AND ${industry('Insurance')}`)),
  q('filter.role+industry', 'HR directors at hospitals', contacts(`${titles('HR Director')} AND ${industry('Healthcare')}`)),
  q('filter.role+industry', 'data scientists working at telcos', contacts(`${titles('Data Scientist')} AND ${industry('Telecommunications')}`)),
  q('filter.role+industry', 'COOs at manufacturers', contacts(`${titles('Chief Operating Officer')} AND ${industry('Manufacturing')}`)),
  q('filter.role+industry', 'growth leads at ecommerce companies', contacts(`${titles('Head of Growth')} AND ${industry('E-commerce')}`)),
  q('filter.role+industry', 'compliance heads in insurance', contacts(`${titles('Head of Compliance')} AND ${industry('Insurance')}`)),
  q('filter.role+industry', 'ML engineers in the auto industry', contacts(`${titles('ML Engineer')} AND ${industry('Automotive')}`)),
  q('filter.role+industry', 'finance managers at energy companies', contacts(`${titles('Finance Manager')} AND ${industry('Energy')}`)),
  q('filter.role+industry', 'recruiters at biotech firms', contacts(`${titles('Talent Acquisition Lead')} AND ${industry('Biotechnology')}`)),
  q('filter.role+industry', 'people in sales roles at media companies', contacts(`${F.sales} AND ${industry('Media & Entertainment')}`)),

  // ── filter.role+city ───────────────────────────────────────────────────────────────────────────────────
  q('filter.role+city', 'ctos in seattle', contacts(`${titles('Chief Technology Officer')} AND ${city('Seattle')}`)),
  q('filter.role+city', 'product managers based in Berlin', contacts(`${titles('Product Manager')} AND ${city('Berlin')}`)),
  q('filter.role+city', 'Chief People Officers in London', contacts(`${titles('Chief People Officer')} AND ${city('London')}`)),
  q('filter.role+city', 'who are the sales directors in sao paulo', contacts(`${titles('Sales Director')} AND ${city('São Paulo')}`)),
  q('filter.role+city', 'VP of Finance in Toronto', contacts(`${titles('VP of Finance')} AND ${city('Toronto')}`)),
  q('filter.role+city', 'marketing people in Sydney', contacts(`${F.marketing} AND ${city('Sydney')}`)),
  q('filter.role+city', 'directors in munich', contacts(`${DIRECTOR_LEVEL} AND ${city('Munich')}`)),
  q('filter.role+city', 'heads of data science in bangalore', contacts(`${titles('Head of Data Science')} AND ${city('Bangalore')}`)),
  q('filter.role+city', 'c-suite in New York', contacts(`${C_LEVEL} AND ${city('New York')}`)),
  q('filter.role+city', 'account executives in chicago', contacts(`${titles('Account Executive')} AND ${city('Chicago')}`)),
  q('filter.role+city', 'IT managers in Denver', contacts(`${titles('IT Manager')} AND ${city('Denver')}`)),

  // ── filter.deal-stage ──────────────────────────────────────────────────────────────────────────────────
  q('filter.deal-stage', 'opportunities sitting at proposal', deals(stage('proposal'))),
  q('filter.deal-stage', "what's in negotiation right now", deals(stage('negotiation'))),
  q('filter.deal-stage', 'deals still at the lead stage', deals(stage('lead'))),
  q('filter.deal-stage', 'qualified opps', deals(stage('qualified'))),
  q('filter.deal-stage', 'show deals in negotiation or proposal', deals(stage('negotiation', 'proposal'))),
  q('filter.deal-stage', 'negotiation stage deals for Payments API', deals(`${stage('negotiation')} AND ${product('Payments API')}`)),
  q('filter.deal-stage', 'proposals out with healthcare companies', deals(`${stage('proposal')} AND ${industry('Healthcare')}`)),
  q('filter.deal-stage', 'which deals are at lead stage in germany', deals(`${stage('lead')} AND ${country('Germany')}`)),
  q('filter.deal-stage', 'negociation deals', deals(stage('negotiation'))),
  q('filter.deal-stage', 'deals we qualified but have not sent a proposal for yet', deals(stage('qualified'))),

  // ── filter.deal-amount+industry ────────────────────────────────────────────────────────────────────────
  q('filter.deal-amount+industry', 'open fintech deals above 75k', deals(`${OPEN} AND ${industry('Financial Technology')} AND d.amount {>} 75000`)),
  q('filter.deal-amount+industry', 'insurance opps in the pipeline over $150,000', deals(`${OPEN} AND ${industry('Insurance')} AND d.amount {>} 150000`)),
  q('filter.deal-amount+industry', 'open deals under 10k in hospitality', deals(`${OPEN} AND ${industry('Hospitality')} AND d.amount {<} 10000`)),
  q('filter.deal-amount+industry', 'live deals worth more than 250k with healthcare companies', deals(`${OPEN} AND ${industry('Healthcare')} AND d.amount {>} 250000`)),
  q('filter.deal-amount+industry', 'open energy deals bigger than 20 grand', deals(`${OPEN} AND ${industry('Energy')} AND d.amount {>} 20000`)),
  q('filter.deal-amount+industry', 'logistics deals over half a million', deals(`${industry('Logistics')} AND d.amount {>} 500000`)),
  q('filter.deal-amount+industry', 'open opportunities in education above $40k', deals(`${OPEN} AND ${industry('Education')} AND d.amount {>} 40000`)),
  q('filter.deal-amount+industry', 'saas deals over 300k that are still open', deals(`${OPEN} AND ${industry('Software (SaaS)')} AND d.amount {>} 300000`)),
  q('filter.deal-amount+industry', 'open cybersecurity deals between 50k and 150k', deals(`${OPEN} AND ${industry('Cybersecurity')} AND d.amount {>} 50000 AND d.amount {<} 150000`)),
  q('filter.deal-amount+industry', 'any open deals north of 400k at telcos?', deals(`${OPEN} AND ${industry('Telecommunications')} AND d.amount {>} 400000`)),

  // ── filter.deal-product+outcome ────────────────────────────────────────────────────────────────────────
  q('filter.deal-product+outcome', 'Payments API deals we won', deals(`${WON} AND ${product('Payments API')}`)),
  q('filter.deal-product+outcome', 'which Security Suite deals did we lose?', deals(`${LOST} AND ${product('Security Suite')}`)),
  q('filter.deal-product+outcome', 'closed-won customer data hub', deals(`${WON} AND ${product('Customer Data Hub')}`)),
  q('filter.deal-product+outcome', 'lost Automation Cloud opportunities', deals(`${LOST} AND ${product('Automation Cloud')}`)),
  q('filter.deal-product+outcome', 'wins for the analytics platform', deals(`${WON} AND ${product('Analytics Platform')}`)),
  q('filter.deal-product+outcome', 'AI Assistant losses', deals(`${LOST} AND ${product('AI Assistant')}`)),
  q('filter.deal-product+outcome', 'analytics platform deals that fell through', deals(`${LOST} AND ${product('Analytics Platform')}`)),
  q('filter.deal-product+outcome', 'successful security suite deals', deals(`${WON} AND ${product('Security Suite')}`)),
  q('filter.deal-product+outcome', 'automation cloud deals marked closed lost', deals(`${LOST} AND ${product('Automation Cloud')}`)),
  q('filter.deal-product+outcome', 'how did payments api do? show me the ones we lost', deals(`${LOST} AND ${product('Payments API')}`)),

  // ── filter.deal-close-date (open deals) ────────────────────────────────────────────────────────────────
  q('filter.deal-close-date', 'open deals expected to close in December 2026', deals(openCloseIn('2026-12-01', '2026-12-31'))),
  q('filter.deal-close-date', 'open deals due to close next month', deals(openCloseIn('2026-12-01', '2026-12-31'))),
  q('filter.deal-close-date', "what's still open and slated to close in january?", deals(openCloseIn('2027-01-01', '2027-01-31'))),
  q('filter.deal-close-date', 'overdue deals', deals(`${OPEN} AND d.expected_close < '2026-11-01'`), [deals(`${OPEN} AND d.expected_close <= '2026-11-01'`)]),
  q('filter.deal-close-date', 'open deals whose expected close date has already passed', deals(`${OPEN} AND d.expected_close < '2026-11-01'`), [deals(`${OPEN} AND d.expected_close <= '2026-11-01'`)]),
  q('filter.deal-close-date', 'pipeline closing in Q1 2027', deals(openCloseIn('2027-01-01', '2027-03-31'))),
  q('filter.deal-close-date', 'open deals with a close date in feb or march 2027', deals(openCloseIn('2027-02-01', '2027-03-31'))),
  q('filter.deal-close-date', 'open deals expected to close between now and the end of january', deals(openCloseIn('2026-11-01', '2027-01-31')), [deals(openCloseIn('2026-11-02', '2027-01-31'))]),
  q('filter.deal-close-date', 'negotiation deals expected to close in december', deals(`${stage('negotiation')} AND ${closeIn('2026-12-01', '2026-12-31')}`)),
  q('filter.deal-close-date', 'open deals that were supposed to close in september', deals(openCloseIn('2026-09-01', '2026-09-30'))),
  q('filter.deal-close-date', 'deals with an expected close in march 2027 that are still open', deals(openCloseIn('2027-03-01', '2027-03-31'))),

  // ── filter.source+status ───────────────────────────────────────────────────────────────────────────────
  q('filter.source+status', 'new leads from the website', contacts(`${status('new')} AND ${source('website')}`)),
  q('filter.source+status', 'unqualified leads that came from partners', contacts(`${status('unqualified')} AND ${source('partner')}`)),
  q('filter.source+status', 'customers who came in through linkedin', contacts(`${status('customer')} AND ${source('linkedin')}`)),
  q('filter.source+status', 'contacted leads from webinars', contacts(`${status('contacted')} AND ${source('webinar')}`)),
  q('filter.source+status', 'qualified leads we got from referrals', contacts(`${status('qualified')} AND ${source('referral')}`)),
  q('filter.source+status', 'customers sourced by cold outreach', contacts(`${status('customer')} AND ${source('cold outreach')}`)),
  q('filter.source+status', 'new conference leads', contacts(`${status('new')} AND ${source('conference')}`)),
  q('filter.source+status', 'partner-sourced customers', contacts(`${status('customer')} AND ${source('partner')}`)),
  q('filter.source+status', 'leads from linkdin still marked new', contacts(`${status('new')} AND ${source('linkedin')}`)),
  q('filter.source+status', 'website leads we have already contacted', contacts(`${status('contacted')} AND ${source('website')}`)),

  // ── filter.country+status ──────────────────────────────────────────────────────────────────────────────
  q('filter.country+status', 'qualified leads in germany', contacts(`${status('qualified')} AND ${country('Germany')}`)),
  q('filter.country+status', 'leads in japan with status new', contacts(`${status('new')} AND ${country('Japan')}`)),
  q('filter.country+status', 'customers based in spain', contacts(`${status('customer')} AND ${country('Spain')}`)),
  q('filter.country+status', 'uk customers', contacts(`${status('customer')} AND ${country('United Kingdom')}`)),
  q('filter.country+status', 'contacted leads in india', contacts(`${status('contacted')} AND ${country('India')}`)),
  q('filter.country+status', 'unqualified contacts from canada', contacts(`${status('unqualified')} AND ${country('Canada')}`)),
  q('filter.country+status', 'our customers in germnay', contacts(`${status('customer')} AND ${country('Germany')}`)),
  q('filter.country+status', 'american customers', contacts(`${status('customer')} AND ${country('United States')}`)),
  q('filter.country+status', 'brazilian qualified leads', contacts(`${status('qualified')} AND ${country('Brazil')}`)),
  q('filter.country+status', 'which leads in singapore did we disqualify', contacts(`${status('unqualified')} AND ${country('Singapore')}`)),
  q('filter.country+status', 'custmers in austrailia', contacts(`${status('customer')} AND ${country('Australia')}`)),

  // ── filter.recency ─────────────────────────────────────────────────────────────────────────────────────
  q('filter.recency', 'contacts last contacted in october', contacts(between('ct.last_contacted_at', '2026-10-01', '2026-11-01')), [contacts(between(`(SELECT max(a.occurred_at) FROM activities a WHERE a.contact_id = ct.id AND a.type IN ('email', 'call', 'meeting') AND a.occurred_at <= '${NOW}')`, '2026-10-01', '2026-11-01'))]),
  q('filter.recency', 'who have we contacted in the past 7 days', contacts(`ct.last_contacted_at >= '{ago:7}'`), [contacts(TOUCHED_SINCE('ago:7'))]),
  q('filter.recency', 'contacts with a last-contacted date before june 2026', contacts(`ct.last_contacted_at < '2026-06-01'`)),
  q('filter.recency', 'customers not contacted since august 1st', contacts(`${status('customer')} AND ct.last_contacted_at < '2026-08-01'`), [contacts(`${status('customer')} AND (SELECT max(a.occurred_at) FROM activities a WHERE a.contact_id = ct.id AND a.type IN ('email', 'call', 'meeting') AND a.occurred_at <= '${NOW}') < '2026-08-01'`)]),
  q('filter.recency', 'qualified leads last contacted more than 60 days ago', contacts(`${status('qualified')} AND ct.last_contacted_at < '{ago:60}'`)),
  q('filter.recency', 'contacts created since october 1st', contacts(`ct.created_at >= '2026-10-01'`)),
  q('filter.recency', 'contacts created in september 2026', contacts(between('ct.created_at', '2026-09-01', '2026-10-01'))),
  q('filter.recency', 'contacts we had a meeting with in the last two weeks', contacts(contactActivity('meeting', 'ago:14'))),
  q('filter.recency', "contacts we've emailed in the past 10 days", contacts(contactActivity('email', 'ago:10'))),
  q('filter.recency', 'deals created in the last 60 days', deals(`d.created_at >= '{ago:60}'`)),
  q('filter.recency', 'companies we had a call with in the past month', companies(companyActivity('call', 'monthsAgo:1')), [companies(`EXISTS (SELECT 1 FROM contacts ct WHERE ct.company_id = co.id AND ${contactActivity('call', 'monthsAgo:1')})`)]),

  // ── filter.company-size+country ────────────────────────────────────────────────────────────────────────
  q('filter.company-size+country', 'german companies with over 1,000 employees', companies(`${country('Germany')} AND co.employees {>} 1000`)),
  q('filter.company-size+country', 'companies in japan with fewer than 100 staff', companies(`${country('Japan')} AND co.employees {<} 100`)),
  q('filter.company-size+country', 'uk firms with more than 5k people', companies(`${country('United Kingdom')} AND co.employees {>} 5000`)),
  q('filter.company-size+country', 'french companies with at least 200 employees', companies(`${country('France')} AND co.employees >= 200`)),
  q('filter.company-size+country', 'small companies in brazil (under 50 employees)', companies(`${country('Brazil')} AND co.employees {<} 50`)),
  q('filter.company-size+country', 'indian companies with more than 10000 employees', companies(`${country('India')} AND co.employees {>} 10000`)),
  q('filter.company-size+country', 'companies in australia employing over 2,000 people', companies(`${country('Australia')} AND co.employees {>} 2000`)),
  q('filter.company-size+country', 'spanish companies with 100 to 1000 employees', companies(`${country('Spain')} AND co.employees {>} 100 AND co.employees {<} 1000`)),
  q('filter.company-size+country', 'us companies with less than 20 employees', companies(`${country('United States')} AND co.employees {<} 20`)),
  q('filter.company-size+country', 'singapore companies above 500 employees', companies(`${country('Singapore')} AND co.employees {>} 500`)),

  // ── topn.deals: top-N said in several ways ─────────────────────────────────────────────────────────────
  q('topn.deals', 'the 5 largest open deals', topDeals(5, 'd.amount', 'DESC', OPEN)),
  q('topn.deals', 'biggest 3 deals we won in 2025', topDeals(3, 'd.amount', 'DESC', wonIn('2025-01-01', '2026-01-01'))),
  q('topn.deals', 'top ten lost deals by amount', topDeals(10, 'd.amount', 'DESC', LOST)),
  q('topn.deals', 'our 5 smallest deals in negotiation', topDeals(5, 'd.amount', 'ASC', stage('negotiation'))),
  q('topn.deals', 'largest open deal in fintech', topDeals(1, 'd.amount', 'DESC', `${OPEN} AND ${industry('Financial Technology')}`)),
  q('topn.deals', 'top 5 security suite deals of all time by value, open or closed', topDeals(5, 'd.amount', 'DESC', product('Security Suite'))),
  q('topn.deals', 'three biggest open opportunities in germany', topDeals(3, 'd.amount', 'DESC', `${OPEN} AND ${country('Germany')}`)),
  q('topn.deals', 'top 7 open deals closing in december', topDeals(7, 'd.amount', 'DESC', openCloseIn('2026-12-01', '2026-12-31'))),
  q('topn.deals', 'the 5 most recently created deals', topDeals(5, 'd.created_at', 'DESC', '1 = 1')),
  q('topn.deals', 'show me the 4 open deals that were created longest ago', topDeals(4, 'd.created_at', 'ASC', OPEN)),
  q('topn.deals', 'what are our 3 biggest wins ever', topDeals(3, 'd.amount', 'DESC', WON)),

  // ── topn.companies ─────────────────────────────────────────────────────────────────────────────────────
  q('topn.companies', 'the 5 biggest insurers by revenue', topCompanies(5, 'co.annual_revenue', 'DESC', industry('Insurance'))),
  q('topn.companies', 'which 3 companies have the most employees?', topCompanies(3, 'co.employees', 'DESC', '1 = 1')),
  q('topn.companies', 'top 10 german companies by headcount', topCompanies(10, 'co.employees', 'DESC', country('Germany'))),
  q('topn.companies', 'five smallest healthcare companies by revenue', topCompanies(5, 'co.annual_revenue', 'ASC', industry('Healthcare'))),
  q('topn.companies', 'largest employer in japan', topCompanies(1, 'co.employees', 'DESC', country('Japan'))),
  q('topn.companies', 'top 5 telcos ranked by annual revenue', topCompanies(5, 'co.annual_revenue', 'DESC', industry('Telecommunications'))),
  q('topn.companies', 'highest-revenue company in canada', topCompanies(1, 'co.annual_revenue', 'DESC', country('Canada'))),
  q('topn.companies', 'the 3 largest fintechs by staff count', topCompanies(3, 'co.employees', 'DESC', industry('Financial Technology'))),
  q('topn.companies', 'top 4 accounts in Austin by revenue', topCompanies(4, 'co.annual_revenue', 'DESC', city('Austin'))),
  q('topn.companies', 'which 5 accounts have we won the most deals with', topCompanies(5, `(SELECT count(*) FROM deals d WHERE d.company_id = co.id AND ${WON})`, 'DESC', '1 = 1')),

  // ── agg.count ──────────────────────────────────────────────────────────────────────────────────────────
  q('agg.count', 'how many open deals do we have', dealValue('count(*)', OPEN)),
  q('agg.count', 'number of customers in canada', contactValue('count(*)', `${status('customer')} AND ${country('Canada')}`)),
  q('agg.count', 'how many companies are in healthcare?', companyValue('count(*)', industry('Healthcare'))),
  q('agg.count', 'count the deals we lost in Q3', dealValue('count(*)', lostIn('2026-07-01', '2026-10-01'))),
  q('agg.count', 'how many contacts at Kestrel Assurance', contactValue('count(*)', contactsAt('Kestrel Assurance'))),
  q('agg.count', 'how many qualified leads came from webinars?', contactValue('count(*)', `${status('qualified')} AND ${source('webinar')}`)),
  q('agg.count', 'how many fintech companies are there', companyValue('count(*)', industry('Financial Technology'))),
  q('agg.count', 'number of deals at proposal stage', dealValue('count(*)', stage('proposal'))),
  q('agg.count', "how many contacts haven't been contacted at all", contactValue('count(*)', 'ct.last_contacted_at IS NULL')),
  q('agg.count', 'how many CTOs are in our crm', contactValue('count(*)', titles('Chief Technology Officer'))),
  q('agg.count', 'total number of deals won in september', dealValue('count(*)', wonIn('2026-09-01', '2026-10-01'))),

  // ── agg.sum ────────────────────────────────────────────────────────────────────────────────────────────
  q('agg.sum', 'total pipeline value', dealValue('sum(d.amount)', OPEN)),
  q('agg.sum', 'how much did we win in october?', dealValue('sum(d.amount)', wonIn('2026-10-01', '2026-11-01'))),
  q('agg.sum', 'sum of all lost deal amounts in 2025', dealValue('sum(d.amount)', lostIn('2025-01-01', '2026-01-01'))),
  q('agg.sum', 'combined value of open healthcare deals', dealValue('sum(d.amount)', `${OPEN} AND ${industry('Healthcare')}`)),
  q('agg.sum', "what's the total value of deals in negotiation", dealValue('sum(d.amount)', stage('negotiation'))),
  q('agg.sum', 'how much open pipeline is there for AI Assistant', dealValue('sum(d.amount)', `${OPEN} AND ${product('AI Assistant')}`)),
  q('agg.sum', 'total amount won from companies in germany', dealValue('sum(d.amount)', `${WON} AND ${country('Germany')}`)),
  q('agg.sum', 'combined headcount of all logistics companies', companyValue('sum(co.employees)', industry('Logistics'))),
  q('agg.sum', 'sum of annual revenue across insurance companies', companyValue('sum(co.annual_revenue)', industry('Insurance'))),
  q('agg.sum', 'how much have we lost on Payments API deals in total', dealValue('sum(d.amount)', `${LOST} AND ${product('Payments API')}`)),

  // ── agg.avg ────────────────────────────────────────────────────────────────────────────────────────────
  q('agg.avg', 'average open deal size', dealValue('avg(d.amount)', OPEN)),
  q('agg.avg', 'mean amount of deals won in 2025', dealValue('avg(d.amount)', wonIn('2025-01-01', '2026-01-01'))),
  q('agg.avg', 'avg deal value for security suite', dealValue('avg(d.amount)', product('Security Suite'))),
  q('agg.avg', 'average number of employees per company in germany', companyValue('avg(co.employees)', country('Germany'))),
  q('agg.avg', "what's the average revenue of our healthcare accounts", companyValue('avg(co.annual_revenue)', industry('Healthcare'))),
  q('agg.avg', 'average size of lost deals in telecom', dealValue('avg(d.amount)', `${LOST} AND ${industry('Telecommunications')}`)),
  q('agg.avg', 'average amount of deals currently in negotiation', dealValue('avg(d.amount)', stage('negotiation'))),
  q('agg.avg', 'avg won deal size for customer data hub', dealValue('avg(d.amount)', `${WON} AND ${product('Customer Data Hub')}`)),
  q('agg.avg', 'average headcount of saas companies', companyValue('avg(co.employees)', industry('Software (SaaS)'))),
  q('agg.avg', "hey what's our avg deal size on stuff we lost in 2025?", dealValue('avg(d.amount)', lostIn('2025-01-01', '2026-01-01'))),

  // ── semantic.persona: an interest family in everyday words ─────────────────────────────────────────────
  q('semantic.persona', 'contacts exploring AI', interested('ai')),
  q('semantic.persona', 'people who need SOC 2 or GDPR sorted out', interested('security')),
  q('semantic.persona', 'contacts who watch every dollar', interested('finance')),
  q('semantic.persona', 'contacts trying to help their sales team close more deals', interested('sales')),
  q('semantic.persona', 'contacts looking for better email and ABM campaigns', interested('marketing')),
  q('semantic.persona', 'people drowning in manual processes', interested('operations')),
  q('semantic.persona', 'contacts focused on product analytics and user onboarding', interested('product')),
  q('semantic.persona', 'contacts struggling with employee turnover', interested('people')),
  q('semantic.persona', 'people interested in nlp and deep learning', interested('ai')),
  q('semantic.persona', 'contacts with data privacy concerns', interested('security')),
  q('semantic.persona', 'price-sensitive contacts', interested('finance')),

  // ── semantic.persona+industry ──────────────────────────────────────────────────────────────────────────
  q('semantic.persona+industry', 'insurance people curious about ai', interested('ai', industry('Insurance'))),
  q('semantic.persona+industry', 'people at car companies worried about data breaches', interested('security', industry('Automotive'))),
  q('semantic.persona+industry', 'hotel contacts trying to cut spend', interested('finance', industry('Hospitality'))),
  q('semantic.persona+industry', 'saas contacts who want their reps to hit quota', interested('sales', industry('Software (SaaS)'))),
  q('semantic.persona+industry', 'e-commerce contacts focused on email marketing and campaigns', interested('marketing', industry('E-commerce'))),
  q('semantic.persona+industry', 'manufacturing contacts who want to automate their processes', interested('operations', industry('Manufacturing'))),
  q('semantic.persona+industry', 'hospitality contacts struggling to hire', interested('people', industry('Hospitality'))),
  q('semantic.persona+industry', 'telecom contacts working on product analytics', interested('product', industry('Telecommunications'))),
  q('semantic.persona+industry', 'edtech contacts who care about compliance', interested('security', industry('Education'))),
  q('semantic.persona+industry', 'energy folks experimenting with AI models', interested('ai', industry('Energy'))),

  // ── semantic.persona+role: a concern narrowed to leaders or hands-on titles of its function ────────────
  q('semantic.persona+role', 'finance chiefs and VPs focused on cost control', interested('finance', titles('Chief Financial Officer', 'VP of Finance'))),
  q('semantic.persona+role', 'senior HR leaders who care about retention', interested('people', titles('Chief People Officer', 'VP of People'))),
  q('semantic.persona+role', 'marketing execs and VPs interested in account-based marketing', interested('marketing', titles('Chief Marketing Officer', 'VP of Marketing'))),
  q('semantic.persona+role', 'sales leaders (CRO, VP Sales, sales directors) who want better reporting', interested('sales', titles('Chief Revenue Officer', 'VP of Sales', 'Sales Director'))),
  q('semantic.persona+role', 'hands-on data scientists and ML engineers exploring new AI tools', interested('ai', titles('ML Engineer', 'Data Scientist'))),
  q('semantic.persona+role', 'CISOs and security VPs worried about compliance', interested('security', titles('Chief Information Security Officer', 'VP of Security'))),
  q('semantic.persona+role', 'COOs and VPs of operations who want to automate workflows', interested('operations', titles('Chief Operating Officer', 'VP of Operations'))),
  q('semantic.persona+role', 'product leaders (CPO, VP or head of product) who care about user experience', interested('product', titles('Chief Product Officer', 'VP of Product', 'Head of Product'))),
  q('semantic.persona+role', 'CTOs and engineering VPs interested in AI', interested('ai', titles('Chief Technology Officer', 'VP of Engineering'))),
  q('semantic.persona+role', 'hands-on marketers (growth leads, content strategists) who live and breathe SEO and content', interested('marketing', titles('Head of Growth', 'Content Strategist'))),

  // ── similar ────────────────────────────────────────────────────────────────────────────────────────────
  q('similar', 'people similar to Diego Quintero', like('Diego Quintero')),
  q('similar', 'who else is like Keiko Yamamoto?', like('Keiko Yamamoto')),
  q('similar', 'more contacts like Nikhil Petrov', like('Nikhil Petrov')),
  q('similar', 'lookalikes of Aiko Nakamura', like('Aiko Nakamura')),
  q('similar', 'find people like nora haddad', like('Nora Haddad')),
  q('similar', 'contacts resembling Rafael Kaur', like('Rafael Kaur')),
  q('similar', 'show me contacts similar to Liam Hoffmann', like('Liam Hoffmann')),
  q('similar', 'anyone else like grace costa', like('Grace Costa')),
  q('similar', 'contacts with a profile like Tomas Schmidt', like('Tomas Schmidt')),
  q('similar', 'similar contacts to Hannah Hoffmann', like('Hannah Hoffmann')),

  // ── filter.negation: absence and "not" ─────────────────────────────────────────────────────────────────
  q('filter.negation', 'companies with no deals at all', companies(`NOT ${companyHasDeal()}`)),
  q('filter.negation', "companies we've had deals with but never won one", companies(`${companyHasDeal()} AND NOT ${companyHasDeal(WON)}`)),
  q('filter.negation', 'contacts we have never contacted', contacts('ct.last_contacted_at IS NULL')),
  q('filter.negation', "customers we haven't spoken to in 45 days", contacts(`${status('customer')} AND ct.last_contacted_at < '{ago:45}'`), [contacts(`${status('customer')} AND NOT ${TOUCHED_SINCE('ago:45')}`)]),
  q('filter.negation', 'open deals with no activity in the last 30 days', deals(`${OPEN} AND ${noDealActivitySince('ago:30')}`), [deals(`${OPEN} AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.deal_id = d.id AND a.occurred_at >= '{ago:30}')`)]),
  q('filter.negation', 'contacts without any deals', contacts('NOT EXISTS (SELECT 1 FROM deals d WHERE d.contact_id = ct.id)')),
  q('filter.negation', 'fintech contacts who are not customers', contacts(`${industry('Financial Technology')} AND ${'ct.lead_status'} <> 'customer'`)),
  q('filter.negation', 'open deals outside the united states', deals(`${OPEN} AND co.country <> 'United States'`)),
  q('filter.negation', 'companies that have deals but none open right now', companies(`${companyHasDeal()} AND NOT ${companyHasDeal(OPEN)}`)),
  q('filter.negation', 'qualified leads nobody has reached out to in 3 weeks', contacts(`${status('qualified')} AND ct.last_contacted_at < '{ago:21}'`), [contacts(`${status('qualified')} AND NOT ${TOUCHED_SINCE('ago:21')}`)]),
  q('filter.negation', 'non-us customers', contacts(`${status('customer')} AND co.country <> 'United States'`)),
  q('filter.negation', 'healthcare contacts not tagged decision-maker', contacts(`${industry('Healthcare')} AND NOT ${tagged('decision-maker')}`)),
  q('filter.negation', 'open deals that never had a meeting', deals(`${OPEN} AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.deal_id = d.id AND a.type = 'meeting')`)),

  // ── filter.won-lost-date ───────────────────────────────────────────────────────────────────────────────
  q('filter.won-lost-date', 'deals won in october 2026', deals(wonIn('2026-10-01', '2026-11-01'))),
  q('filter.won-lost-date', 'what did we lose last quarter?', deals(lostIn('2026-07-01', '2026-10-01'))),
  q('filter.won-lost-date', 'deals we closed-won in Q2', deals(wonIn('2026-04-01', '2026-07-01'))),
  q('filter.won-lost-date', 'losses in september', deals(lostIn('2026-09-01', '2026-10-01'))),
  q('filter.won-lost-date', 'deals won between march and may 2026', deals(wonIn('2026-03-01', '2026-06-01'))),
  q('filter.won-lost-date', 'lost deals from 2025', deals(lostIn('2025-01-01', '2026-01-01'))),
  q('filter.won-lost-date', 'wins in the first half of 2026', deals(wonIn('2026-01-01', '2026-07-01'))),
  q('filter.won-lost-date', 'deals we won in august worth over 100k', deals(`${wonIn('2026-08-01', '2026-09-01')} AND d.amount {>} 100000`)),
  q('filter.won-lost-date', 'which deals did we lose last month', deals(lostIn('2026-10-01', '2026-11-01'))),
  q('filter.won-lost-date', 'deals closed won in january 2026', deals(wonIn('2026-01-01', '2026-02-01'))),

  // ── filter.money-words: revenue and headcount in other words ───────────────────────────────────────────
  q('filter.money-words', 'companies making over a billion a year', companies('co.annual_revenue {>} 1000000000')),
  q('filter.money-words', 'firms with annual revenue under $5M', companies('co.annual_revenue {<} 5000000')),
  q('filter.money-words', 'companies with turnover between 100 and 500 million', companies('co.annual_revenue {>} 100000000 AND co.annual_revenue {<} 500000000')),
  q('filter.money-words', 'companies with a headcount over 20k', companies('co.employees {>} 20000')),
  q('filter.money-words', 'tiny companies with a single-digit headcount', companies('co.employees <= 9')),
  q('filter.money-words', 'companies bringing in more than 250 million dollars', companies('co.annual_revenue {>} 250000000')),
  q('filter.money-words', 'orgs with under 50 staff', companies('co.employees {<} 50')),
  q('filter.money-words', 'us companies with revenue above $2bn', companies(`${country('United States')} AND co.annual_revenue {>} 2000000000`)),
  q('filter.money-words', 'healthcare businesses with more than 1k employees', companies(`${industry('Healthcare')} AND co.employees {>} 1000`)),
  q('filter.money-words', 'companies doing less than a million in revenue', companies('co.annual_revenue {<} 1000000')),

  // ── lookup.name: a name, domain or e-mail typed alone ──────────────────────────────────────────────────
  q('lookup.name', 'Bruno Schmidt', contactNamed('Bruno Schmidt')),
  q('lookup.name', 'ximena kim', contactNamed('Ximena Kim')),
  q('lookup.name', 'Mina Novak', contactNamed('Mina Novak')),
  q('lookup.name', 'Helix Therapeutics Labs', companyNamed('Helix Therapeutics Labs')),
  q('lookup.name', 'lumen freight', companyNamed('Lumen Freight')),
  q('lookup.name', 'Redwood Fin', companyNamed('Redwood Fin')),
  q('lookup.name', 'Pioneer Connect Ltd', companyNamed('Pioneer Connect Ltd')),
  q('lookup.name', 'atlassolar.net', companyWithDomain('atlassolar.net')),
  q('lookup.name', 'bluemobile.io', companyWithDomain('bluemobile.io')),
  q('lookup.name', 'esther.chen@silverstream.io', contactWithEmail('esther.chen@silverstream.io')),

  // ── combo.constraints: two or three constraints at once ────────────────────────────────────────────────
  q('combo.constraints', 'vip customers in germany', contacts(`${tagged('vip')} AND ${status('customer')} AND ${country('Germany')}`)),
  q('combo.constraints', 'contacts tagged decision-maker at US healthcare companies', contacts(`${tagged('decision-maker')} AND ${industry('Healthcare')} AND ${country('United States')}`)),
  q('combo.constraints', 'open security suite deals over 100k in europe', deals(`${OPEN} AND ${product('Security Suite')} AND d.amount {>} 100000 AND ${EUROPE}`)),
  q('combo.constraints', 'new webinar leads at automotive companies', contacts(`${status('new')} AND ${source('webinar')} AND ${industry('Automotive')}`)),
  q('combo.constraints', 'qualified leads at companies in london', contacts(`${status('qualified')} AND ${city('London')}`)),
  q('combo.constraints', 'automation cloud wins in germany', deals(`${WON} AND ${product('Automation Cloud')} AND ${country('Germany')}`)),
  q('combo.constraints', 'cfos at companies with more than 1000 employees', contacts(`${titles('Chief Financial Officer')} AND co.employees {>} 1000`)),
  q('combo.constraints', 'negotiation deals over 200k expected to close in december', deals(`${stage('negotiation')} AND d.amount {>} 200000 AND ${closeIn('2026-12-01', '2026-12-31')}`)),
  q('combo.constraints', "customers at insurers we haven't contacted in 30 days", contacts(`${status('customer')} AND ${industry('Insurance')} AND ct.last_contacted_at < '{ago:30}'`), [contacts(`${status('customer')} AND ${industry('Insurance')} AND NOT ${TOUCHED_SINCE('ago:30')}`)]),
  q('combo.constraints', 'contacts tagged ai-interest at american companies', contacts(`${tagged('ai-interest')} AND ${country('United States')}`)),
  q('combo.constraints', 'healthcare deals over 50k that we lost during 2025', deals(`${lostIn('2025-01-01', '2026-01-01')} AND ${industry('Healthcare')} AND d.amount {>} 50000`)),
  q('combo.constraints', 'open analytics platform deals at companies with under 100 staff', deals(`${OPEN} AND ${product('Analytics Platform')} AND co.employees {<} 100`)),
  q('combo.constraints', 'HR people at german companies who are customers', contacts(`${F.people} AND ${country('Germany')} AND ${status('customer')}`)),

  // ── filter.seniority: informal seniority ───────────────────────────────────────────────────────────────
  q('filter.seniority', 'the c-suite at our energy accounts', contacts(`${C_LEVEL} AND ${industry('Energy')}`)),
  q('filter.seniority', 'VPs at logistics companies', contacts(`${VP_LEVEL} AND ${industry('Logistics')}`)),
  q('filter.seniority', 'vp level and above in france', contacts(`${SENIOR_LEVEL} AND ${country('France')}`)),
  q('filter.seniority', 'directors in the hospitality industry', contacts(`${DIRECTOR_LEVEL} AND ${industry('Hospitality')}`)),
  q('filter.seniority', 'managers at e-commerce firms', contacts(`${MANAGER_LEVEL} AND ${industry('E-commerce')}`)),
  q('filter.seniority', 'anyone with a head-of title in berlin', contacts(`${HEAD_OF} AND ${city('Berlin')}`)),
  q('filter.seniority', 'senior people at fintechs', contacts(`${SENIOR_LEVEL} AND ${industry('Financial Technology')}`)),
  q('filter.seniority', 'chief officers at insurance companies', contacts(`${C_LEVEL} AND ${industry('Insurance')}`)),
  q('filter.seniority', 'top execs in singapore', contacts(`${C_LEVEL} AND ${country('Singapore')}`)),
  q('filter.seniority', 'vice presidents in japan', contacts(`${VP_LEVEL} AND ${country('Japan')}`)),
  q('filter.seniority', 'senior leadership at real estate firms', contacts(`${SENIOR_LEVEL} AND ${industry('Real Estate')}`)),
];

/** One query's expected answer; throws when it is ill-defined or another fair reading disagrees. */
export function answer(db: Parameters<typeof evaluate>[0], query: Query): Expected {
  const expected = evaluate(db, query.expected);
  if (query.alternatives) requireAgreement(db, expected, query.alternatives);
  return expected;
}

export function build(): SetEntry[] {
  return evaluateSet(DATA_DIR, 'h9', QUERIES, answer);
}

if (isMainModule(import.meta.url)) writeOrCheck(OUTPUT_FILE, build());
