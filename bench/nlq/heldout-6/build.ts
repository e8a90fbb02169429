/**
 * Builds bench/nlq/heldout-6.jsonl (issue 22, fifth pass): a held-out set written before that pass changed the
 * parser, in wording invented for it (sales reps typing: registers, typos, word order), over the categories the
 * lead's blind sets scored lowest — persona by one concern, persona + industry, close dates said in words,
 * role + industry, informal seniority, roles by responsibility, negation over relations — and the issue's other
 * "what fails" classes. Scored with `--summary` only.
 *
 *   npx tsx bench/nlq/heldout-6/build.ts           # writes bench/nlq/heldout-6.jsonl
 *   npx tsx bench/nlq/heldout-6/build.ts --check   # exit 1 when the committed file differs from a rebuild
 *
 * Expected answers are plain SQL over the shared CSVs (bench/nlq/heldout/sql.ts: its tables, fragments and
 * ambiguity checks). Conventions as held-out 1, 2 and 5: now = 2026-11-01T12:00Z; "before/by <date>" on an
 * expected close includes deals already past it; an expected close means open deals; persona relevance is the
 * interest family (held-out 1), or — category semantic.persona-concern — the contacts voicing the one concern
 * (held-out 5); role families as held-out 1 (every title of the function); "execs", "C-suite" = Chief titles;
 * "senior leadership", "higher-ups", "VP and above" = Chief or VP titles; "never won a deal with" = no won deal.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  C_LEVEL, DIRECTOR_LEVEL, LOST, OPEN, VP_LEVEL, WON, between, city, companies, companyValue, contacts, contactValue, country, dealValue,
  deals, evaluate, industry, interested, noDealActivitySince, product, stage, titles, topCompanies, topDeals, type Spec,
  ROLE_FAMILIES, SENIOR_LEVEL,
} from '../heldout/sql.js';
import { evaluateSet, isMainModule, writeOrCheck, type SetEntry } from '../heldout/set-file.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const DATA_DIR = process.env.CRM_SHARED_DATA ?? path.resolve(here, '../../../../shared/data/crm');
export const OUTPUT_FILE = path.resolve(here, '../heldout-6.jsonl');

interface Query { category: string; text: string; expected: Spec }
const q = (category: string, text: string, expected: Spec): Query => ({ category, text, expected });

const FAMILY = ROLE_FAMILIES;
const SENIOR = SENIOR_LEVEL;
const concern = (...patterns: string[]): Spec => ({
  kind: 'ranked', entity: 'contact', k: 10,
  sql: `SELECT ct.id FROM contacts ct WHERE ${patterns.map((p) => `ct.notes LIKE '${p}'`).join(' OR ')}`,
});
const closeIn = (from: string, toInclusive: string) => `${OPEN} AND d.expected_close >= '${from}' AND d.expected_close <= '${toInclusive}'`;
const notSince = (cutoff: string) => `(ct.last_contacted_at IS NULL OR ct.last_contacted_at < '${cutoff}')`;
const dealsOf = (cond = '1 = 1') => `EXISTS (SELECT 1 FROM deals d WHERE d.company_id = co.id AND ${cond})`;

export const QUERIES: Query[] = [
  // ── semantic.persona: a concern family in everyday words ──────────────────────────────────────────────
  q('semantic.persona', 'contacts worried about what things cost', interested('finance')),
  q('semantic.persona', 'who cares about security', interested('security')),
  q('semantic.persona', 'people who are fussy about data privacy rules', interested('security')),
  q('semantic.persona', 'contacts obsessed with machine learning', interested('ai')),
  q('semantic.persona', 'folks that keep asking about hiring', interested('people')),
  q('semantic.persona', 'people stressed about their sales numbers', interested('sales')),
  q('semantic.persona', 'contacts focused on getting more out of their marketing', interested('marketing')),
  q('semantic.persona', 'ppl who want to streamline how work gets done', interested('operations')),
  q('semantic.persona', 'contacts thinking hard about their product and its users', interested('product')),
  q('semantic.persona', 'who is keen on artificial inteligence', interested('ai')),
  q('semantic.persona', 'contacts under pressure to keep costs down', interested('finance')),
  q('semantic.persona', 'people who care about staff retention and morale', interested('people')),
  q('semantic.persona', 'contacts trying to make their ops run smoother', interested('operations')),
  q('semantic.persona', 'folks worried about getting hacked', interested('security')),
  q('semantic.persona', 'contacts wanting insight into how customers use their app', interested('product')),
  q('semantic.persona', 'people looking to run better campaigns', interested('marketing')),
  q('semantic.persona', 'contacts with budget worries', interested('finance')),
  q('semantic.persona', 'whoever is trying to make their reps more productive', interested('sales')),

  // ── semantic.persona-concern: one concern, said otherwise than the notes ──────────────────────────────
  q('semantic.persona-concern', 'contacts who need to be billed in euros', concern('%invoices in EUR%')),
  q('semantic.persona-concern', 'people whose staff are exhausted and overworked', concern('%burnout%')),
  q('semantic.persona-concern', 'contacts whose teams still live in excel', concern('%on spreadsheets%')),
  q('semantic.persona-concern', 'people expanding into new geographies', concern('%three new regions%')),
  q('semantic.persona-concern', 'contacts asking for a discount if they pay a year upfront', concern('%annual prepay%')),
  q('semantic.persona-concern', 'contacts who want charts inside their own app for their users', concern('%embed analytics%')),
  q('semantic.persona-concern', 'people who want a multi-year cost comparison', concern('%total cost of ownership%')),
  q('semantic.persona-concern', 'contacts reworking their logo and brand identity', concern('%Brand refresh%')),
  q('semantic.persona-concern', 'people who want to record and analyse their sales calls', concern('%conversation intelligence%')),
  q('semantic.persona-concern', 'contacts needing to connect with their SAP or other back-office system', concern('%integrations with their ERP%')),

  // ── semantic.persona+industry ─────────────────────────────────────────────────────────────────────────
  q('semantic.persona+industry', 'insurance folks worried about cost', interested('finance', industry('Insurance'))),
  q('semantic.persona+industry', 'people at schools who care about security', interested('security', industry('Education'))),
  q('semantic.persona+industry', 'telco contacts into AI', interested('ai', industry('Telecommunications'))),
  q('semantic.persona+industry', 'contacts at car makers who want to hire faster', interested('people', industry('Automotive'))),
  q('semantic.persona+industry', 'energy contacts trying to automate their operations', interested('operations', industry('Energy'))),
  q('semantic.persona+industry', 'school and university contacts focused on their product experience', interested('product', industry('Education'))),
  q('semantic.persona+industry', 'media people who care about marketing results', interested('marketing', industry('Media & Entertainment'))),
  q('semantic.persona+industry', 'telecom contacts concerned with compliance', interested('security', industry('Telecommunications'))),
  q('semantic.persona+industry', 'logistics contacts who want their reps to close more', interested('sales', industry('Logistics'))),
  q('semantic.persona+industry', 'manufacturing contacts who want to save money', interested('finance', industry('Manufacturing'))),
  q('semantic.persona+industry', 'online store contacts interested in machine learning', interested('ai', industry('E-commerce'))),
  q('semantic.persona+industry', 'hotel people worried about data protection', interested('security', industry('Hospitality'))),
  q('semantic.persona+industry', 'biotech contacts that care about hiring and keeping staff', interested('people', industry('Biotechnology'))),
  q('semantic.persona+industry', 'contacts at cyber security companies wanting more leads from marketing', interested('marketing', industry('Cybersecurity'))),

  // ── filter.deal-close-date: expected close said in words (open deals) ─────────────────────────────────
  q('filter.deal-close-date', 'deals slipping past quarter end', deals(`${OPEN} AND d.expected_close > '2026-12-31'`)),
  q('filter.deal-close-date', 'deals due to land before Christmas', deals(`${OPEN} AND d.expected_close < '2026-12-25'`)),
  q('filter.deal-close-date', 'opps we expect to sign by the end of next month', deals(`${OPEN} AND d.expected_close <= '2026-12-31'`)),
  q('filter.deal-close-date', 'deals forecast to close sometime next year', deals(closeIn('2027-01-01', '2027-12-31'))),
  q('filter.deal-close-date', 'open deals due in the second half of december', deals(closeIn('2026-12-16', '2026-12-31'))),
  q('filter.deal-close-date', 'deals that were meant to close last month but are still open', deals(closeIn('2026-10-01', '2026-10-31'))),
  q('filter.deal-close-date', 'deals whose close date is already blown', deals(`${OPEN} AND d.expected_close < '2026-11-01'`)),
  q('filter.deal-close-date', 'opps set to close by end of january', deals(`${OPEN} AND d.expected_close <= '2027-01-31'`)),
  q('filter.deal-close-date', 'deals expected to close between now and year end', deals(closeIn('2026-11-01', '2026-12-31'))),
  q('filter.deal-close-date', 'anything closing in the next 90 days over 100k', deals(`${closeIn('2026-11-01', '2027-01-30')} AND d.amount {>} 100000`)),
  q('filter.deal-close-date', 'proposal stage deals due before the end of the year', deals(`d.stage = 'proposal' AND d.expected_close < '2027-01-01'`)),
  q('filter.deal-close-date', 'deals pencilled in for february', deals(closeIn('2027-02-01', '2027-02-28'))),
  q('filter.deal-close-date', 'deals due to close by mid-december', deals(`${OPEN} AND d.expected_close <= '2026-12-15'`)),
  q('filter.deal-close-date', 'deals whose close got pushed into 2027', deals(`${OPEN} AND d.expected_close >= '2027-01-01'`)),
  q('filter.deal-close-date', 'what is supposed to close before the end of this quarter', deals(`${OPEN} AND d.expected_close <= '2026-12-31'`)),
  q('filter.deal-close-date', 'negotiation deals landing next month', deals(`d.stage = 'negotiation' AND d.expected_close >= '2026-12-01' AND d.expected_close <= '2026-12-31'`)),

  // ── filter.role+industry ──────────────────────────────────────────────────────────────────────────────
  q('filter.role+industry', 'chief financial officers at insurance carriers', contacts(`${titles('Chief Financial Officer')} AND ${industry('Insurance')}`)),
  q('filter.role+industry', 'HR people at hotel chains', contacts(`${FAMILY.people} AND ${industry('Hospitality')}`)),
  q('filter.role+industry', 'salespeople at telcos', contacts(`${FAMILY.sales} AND ${industry('Telecommunications')}`)),
  q('filter.role+industry', 'data scientists at pharma companies', contacts(`${titles('Data Scientist')} AND ${industry('Biotechnology')}`)),
  q('filter.role+industry', 'security engineers working for payment startups', contacts(`${titles('Security Engineer')} AND ${industry('Financial Technology')}`)),
  q('filter.role+industry', 'product managers in edtech', contacts(`${titles('Product Manager')} AND ${industry('Education')}`)),
  q('filter.role+industry', 'CTOs at software shops', contacts(`${titles('Chief Technology Officer')} AND ${industry('Software (SaaS)')}`)),
  q('filter.role+industry', 'ops directors at shipping companies', contacts(`${titles('Operations Director')} AND ${industry('Logistics')}`)),
  q('filter.role+industry', 'account execs at online retailers', contacts(`${titles('Account Executive')} AND ${industry('E-commerce')}`)),
  q('filter.role+industry', 'marketing folks in real estate', contacts(`${FAMILY.marketing} AND ${industry('Real Estate')}`)),
  q('filter.role+industry', 'engineering vps at cyber security firms', contacts(`${titles('VP of Engineering')} AND ${industry('Cybersecurity')}`)),
  q('filter.role+industry', 'finance team members at energy companies', contacts(`${FAMILY.finance} AND ${industry('Energy')}`)),
  q('filter.role+industry', 'ux researchers at media and entertainment cos', contacts(`${titles('UX Researcher')} AND ${industry('Media & Entertainment')}`)),
  q('filter.role+industry', 'controllers at manufacturers', contacts(`${titles('Financial Controller')} AND ${industry('Manufacturing')}`)),
  q('filter.role+industry', 'CISOs at healthcare providers', contacts(`${titles('Chief Information Security Officer')} AND ${industry('Healthcare')}`)),
  q('filter.role+industry', 'people officers at automotive firms', contacts(`${titles('Chief People Officer')} AND ${industry('Automotive')}`)),

  // ── filter.informal-seniority ─────────────────────────────────────────────────────────────────────────
  q('filter.informal-seniority', 'the big bosses at logistics firms', contacts(`${SENIOR} AND ${industry('Logistics')}`)),
  q('filter.informal-seniority', 'c-suite folks at insurers', contacts(`${C_LEVEL} AND ${industry('Insurance')}`)),
  q('filter.informal-seniority', 'execs in germany', contacts(`${C_LEVEL} AND ${country('Germany')}`)),
  q('filter.informal-seniority', 'senior leadership at telcos', contacts(`${SENIOR} AND ${industry('Telecommunications')}`)),
  q('filter.informal-seniority', 'vice presidents in fintech', contacts(`${VP_LEVEL} AND ${industry('Financial Technology')}`)),
  q('filter.informal-seniority', 'higher-ups at biotech companies', contacts(`${SENIOR} AND ${industry('Biotechnology')}`)),
  q('filter.informal-seniority', 'director level people in canada', contacts(`${DIRECTOR_LEVEL} AND ${country('Canada')}`)),
  q('filter.informal-seniority', 'chief officers based in London', contacts(`${C_LEVEL} AND ${city('London')}`)),
  q('filter.informal-seniority', 'anyone VP level or above at healthcare companies', contacts(`${SENIOR} AND ${industry('Healthcare')}`)),
  q('filter.informal-seniority', 'people with a director title in education', contacts(`${DIRECTOR_LEVEL} AND ${industry('Education')}`)),
  q('filter.informal-seniority', 'leadership team contacts at automotive firms', contacts(`${SENIOR} AND ${industry('Automotive')}`)),
  q('filter.informal-seniority', 'the top execs in Japan', contacts(`${C_LEVEL} AND ${country('Japan')}`)),

  // ── filter.role-responsibility: a role by what the person looks after ─────────────────────────────────
  q('filter.role-responsibility', 'whoever looks after hiring at hospitality companies', contacts(`${FAMILY.people} AND ${industry('Hospitality')}`)),
  q('filter.role-responsibility', 'the people in charge of the books at energy companies', contacts(`${FAMILY.finance} AND ${industry('Energy')}`)),
  q('filter.role-responsibility', 'people responsible for cybersecurity at fintechs', contacts(`${FAMILY.security} AND ${industry('Financial Technology')}`)),
  q('filter.role-responsibility', 'who owns the product roadmap at saas companies', contacts(`${FAMILY.product} AND ${industry('Software (SaaS)')}`)),
  q('filter.role-responsibility', 'contacts who handle regulatory compliance', contacts(titles('Head of Compliance'))),
  q('filter.role-responsibility', 'whoever manages IT in germany', contacts(`${FAMILY.it} AND ${country('Germany')}`)),
  q('filter.role-responsibility', 'people in charge of machine learning at automotive companies', contacts(`${FAMILY.ml} AND ${industry('Automotive')}`)),
  q('filter.role-responsibility', 'contacts who do the recruiting at education companies', contacts(`${FAMILY.people} AND ${industry('Education')}`)),
  q('filter.role-responsibility', 'those who oversee operations at logistics firms', contacts(`${FAMILY.operations} AND ${industry('Logistics')}`)),
  q('filter.role-responsibility', 'who handles campaigns and branding at media companies', contacts(`${FAMILY.marketing} AND ${industry('Media & Entertainment')}`)),
  q('filter.role-responsibility', 'the folks who keep the company safe from attacks in the US', contacts(`${FAMILY.security} AND ${country('United States')}`)),
  q('filter.role-responsibility', 'whoever is accountable for revenue targets at insurers', contacts(`${FAMILY.sales} AND ${industry('Insurance')}`)),

  // ── filter.negation-relations: absence of related records ─────────────────────────────────────────────
  q('filter.negation-relations', 'companies with no deals', companies(`NOT ${dealsOf()}`)),
  q('filter.negation-relations', "accounts we've never won a deal with", companies(`NOT ${dealsOf(WON)}`)),
  q('filter.negation-relations', 'companies without any open opportunities', companies(`NOT ${dealsOf(OPEN)}`)),
  q('filter.negation-relations', "contacts who aren't on any deal", contacts(`NOT EXISTS (SELECT 1 FROM deals d WHERE d.contact_id = ct.id)`)),
  q('filter.negation-relations', 'companies where we have no contacts', companies(`NOT EXISTS (SELECT 1 FROM contacts ct WHERE ct.company_id = co.id)`)),
  q('filter.negation-relations', 'contacts with no activities logged at all', contacts(`NOT EXISTS (SELECT 1 FROM activities a WHERE a.contact_id = ct.id)`)),
  q('filter.negation-relations', "companies we haven't lost a deal with", companies(`NOT ${dealsOf(LOST)}`)),
  q('filter.negation-relations', 'accounts that have deals but no wins yet', companies(`${dealsOf()} AND NOT ${dealsOf(WON)}`)),
  q('filter.negation-relations', 'how many companies have zero deals', companyValue('count(*)', `NOT ${dealsOf()}`)),
  q('filter.negation-relations', 'german companies with nothing in the pipeline', companies(`${country('Germany')} AND NOT ${dealsOf(OPEN)}`)),
  q('filter.negation-relations', 'fintech companies we never did business with', companies(`${industry('Financial Technology')} AND NOT ${dealsOf(WON)}`)),
  q('filter.negation-relations', 'companies with no deals created this year', companies(`NOT ${dealsOf("d.created_at >= '2026-01-01'")}`)),

  // ── filter.informal-industry ──────────────────────────────────────────────────────────────────────────
  q('filter.informal-industry', 'contacts at drugmakers', contacts(industry('Biotechnology'))),
  q('filter.informal-industry', 'people at insurance carriers and banks', contacts(industry('Insurance', 'Financial Technology'))),
  q('filter.informal-industry', 'show me the phone companies', companies(industry('Telecommunications'))),
  q('filter.informal-industry', 'anyone at oil and gas or power companies', contacts(industry('Energy'))),
  q('filter.informal-industry', 'the auto manufacturers', companies(industry('Automotive'))),
  q('filter.informal-industry', 'freight forwarders', companies(industry('Logistics'))),
  q('filter.informal-industry', 'contacts at colleges', contacts(industry('Education'))),
  q('filter.informal-industry', 'broadcasters and publishers', companies(industry('Media & Entertainment'))),
  q('filter.informal-industry', 'people at online shops', contacts(industry('E-commerce'))),
  q('filter.informal-industry', 'contacts at property management firms', contacts(industry('Real Estate'))),
  q('filter.informal-industry', 'infosec vendors', companies(industry('Cybersecurity'))),
  q('filter.informal-industry', 'hotel groups in spain', companies(`${industry('Hospitality')} AND ${country('Spain')}`)),

  // ── filter.money-words / topn ─────────────────────────────────────────────────────────────────────────
  q('topn.money-words', 'top 5 companies by turnover', topCompanies(5, 'co.annual_revenue', 'DESC', '1 = 1')),
  q('topn.money-words', 'our 3 richest accounts', topCompanies(3, 'co.annual_revenue', 'DESC', '1 = 1')),
  q('agg.money-words', 'average deal size on won deals', dealValue('avg(d.amount)', WON)),
  q('filter.money-words', 'companies pulling in more than 1bn a year', companies('co.annual_revenue {>} 1000000000')),
  q('agg.money-words', 'total value of open opportunities', dealValue('sum(d.amount)', OPEN)),
  q('topn.money-words', 'biggest open deal', topDeals(1, 'd.amount', 'DESC', OPEN)),
  q('topn.money-words', 'the 5 smallest companies by headcount', topCompanies(5, 'co.employees', 'ASC', '1 = 1')),

  // ── filter.recency / negation of contact ──────────────────────────────────────────────────────────────
  q('filter.recency', "contacts we haven't touched in a month", contacts(notSince('{monthsAgo:1}'))),
  q('filter.recency', 'customers nobody has spoken to since august', contacts(`ct.lead_status = 'customer' AND ${notSince('2026-08-01T00:00:00Z')}`)),
  q('filter.recency', 'open deals with no activity in the past 3 weeks', deals(`${OPEN} AND ${noDealActivitySince('ago:21')}`)),
  q('filter.recency', "contacts we've never reached out to", contacts('ct.last_contacted_at IS NULL')),
  q('filter.recency', "which contacts haven't heard from us in over 90 days", contacts(notSince('{ago:90}'))),
  q('filter.recency', 'contacts we had a call with in the last 7 days', contacts(`EXISTS (SELECT 1 FROM activities a WHERE a.contact_id = ct.id AND a.type = 'call' AND a.occurred_at >= '{ago:7}' AND a.occurred_at <= '2026-11-01T12:00:00Z')`)),

  // ── combo: several constraints that must all hold ─────────────────────────────────────────────────────
  q('combo.constraints', 'how many deals did we lose in october', dealValue('count(*)', `${LOST} AND ${between('d.closed_at', '2026-10-01', '2026-11-01')}`)),
  q('combo.constraints', 'won deals over 50k this quarter', deals(`${WON} AND ${between('d.closed_at', '2026-10-01', '2027-01-01')} AND d.amount {>} 50000`)),
  q('combo.constraints', 'negotiation-stage deals for the security suite', deals(`${stage('negotiation')} AND ${product('Security Suite')}`)),
  q('combo.constraints', 'open pipeline for analytics platform in germany', deals(`${OPEN} AND ${product('Analytics Platform')} AND ${country('Germany')}`)),
  q('combo.constraints', 'total we won last quarter', dealValue('sum(d.amount)', `${WON} AND ${between('d.closed_at', '2026-07-01', '2026-10-01')}`)),
  q('combo.constraints', 'count of contacts at german companies with more than 1000 staff', contactValue('count(*)', `${country('Germany')} AND co.employees {>} 1000`)),
  q('combo.constraints', 'deals still in play worth over 200k', deals(`${OPEN} AND d.amount {>} 200000`)),
  q('combo.constraints', 'lost deals for the payments api this year', deals(`${LOST} AND ${product('Payments API')} AND d.closed_at >= '2026-01-01'`)),
  q('combo.constraints', 'qualified deals created in september', deals(`${stage('qualified')} AND ${between('d.created_at', '2026-09-01', '2026-10-01')}`)),
  q('combo.constraints', 'avg revenue of healthcare companies', companyValue('avg(co.annual_revenue)', industry('Healthcare'))),
  q('combo.constraints', 'customers in austin we have not contacted in 60 days', contacts(`ct.lead_status = 'customer' AND ${city('Austin')} AND ${notSince('{ago:60}')}`)),
];

export function build(): SetEntry[] {
  return evaluateSet(DATA_DIR, 'h6', QUERIES, (db, query) => evaluate(db, query.expected));
}

if (isMainModule(import.meta.url)) writeOrCheck(OUTPUT_FILE, build());
