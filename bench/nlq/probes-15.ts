/**
 * Probe sentences of the fifteenth pass (issue 22), written without reading the parser, its tests, its paraphrase
 * list or any other probe or held-out set's sentences (probes-14.ts was read for the format only; none of its
 * sentences or templates is reused). Everyday command-bar wording in the classes the blind sets still score
 * lowest: deal stages in idioms and with order words, "like X", negation and absence, role + industry, informal
 * industry words, roles said by responsibility, informal seniority, money words, won/lost counts beside a date,
 * several constraints at once, top-N companies. Answers are plain SQL over the shared CSVs with
 * bench/nlq/heldout/sql.ts's fragments and conventions, plus bench/nlq/probes-15-sql.ts. Tuning data, not
 * evidence of generalisation.
 *
 * What the words are taken to mean (where a reader could hesitate):
 * - Stage order is lead < qualified < proposal < negotiation < closed; "past X", "beyond X", "before X" with
 *   "still open"/"yet" keep open deals only. "Early-stage" = lead and qualified; "top of the funnel" = lead.
 * - "Haven't talked to in N days"/"gone cold" = last_contacted_at before NOW − N days, or never; "not since
 *   <date>" = nothing on or after that date. "No activity in N days" = no activity row in the window up to NOW.
 * - "Accounts", "firms", "businesses" = companies. Money words on a company ("pulling in", "turnover", "top
 *   line", "annual sales", "earning") = annual_revenue; on a deal ("ticket size", "worth", "contract value",
 *   "six-figure") = amount.
 * - Role families and seniority levels are sql.ts's; titles outside the families (Head of Compliance, UX
 *   Researcher, Process Analyst, Chief Technology Officer, VP of Engineering) are named alone.
 * - Europe = the data's France, Germany, Netherlands, Spain and United Kingdom. Quarters without a year are 2026.
 *
 *   npx tsx bench/nlq/probes-15.ts            # writes bench/nlq/probes-15.jsonl
 *   npx tsx bench/nlq/probes-15.ts --check    # exit 1 when the committed file differs from a rebuild
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  C_LEVEL,
  DIRECTOR_LEVEL,
  LOST,
  MANAGER_LEVEL,
  OPEN,
  ROLE_FAMILIES,
  SENIOR_LEVEL,
  VP_LEVEL,
  WON,
  between,
  city,
  companies,
  contacts,
  country,
  dealValue,
  deals,
  evaluate,
  industry,
  like,
  noDealActivitySince,
  product,
  stage,
  titles,
  topCompanies,
  type Spec,
} from './heldout/sql.js';
import { evaluateSet, writeOrCheck } from './heldout/set-file.js';
import {
  EUROPE,
  NO_COMPANY_CONTACTS,
  NO_CONTACT_DEALS,
  noCompanyActivitySince,
  noCompanyDeal,
  noContactActivityOfType,
  noContactAfterDate,
  noContactSince,
  noDealActivityOfType,
  notIn,
  notTagged,
  tagged,
} from './probes-15-sql.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const q = (category: string, text: string, expected: Spec) => ({ category, text, expected });
const closed = (from: string, toExclusive: string) => between('d.closed_at', from, toExclusive);
const countDeals = (where: string) => dealValue('COUNT(*)', where);

export const PROBES = [
  // ── filter.deal-stage (idioms, order words) ──
  q('filter.deal-stage', 'opportunities that have moved beyond qualified but are not closed', deals(stage('proposal', 'negotiation'))),
  q('filter.deal-stage', 'open opps at proposal stage or later', deals(stage('proposal', 'negotiation'))),
  q('filter.deal-stage', 'early-stage deals', deals(stage('lead', 'qualified'))),
  q('filter.deal-stage', 'deals one step away from closing', deals(stage('negotiation'))),
  q('filter.deal-stage', "deals that haven't been qualified yet", deals(stage('lead'))),
  q('filter.deal-stage', 'open deals further along than proposal', deals(stage('negotiation'))),
  q('filter.deal-stage', 'opps still before the proposal stage', deals(stage('lead', 'qualified'))),
  q('filter.deal-stage', 'deals that went our way', deals(WON)),
  q('filter.deal-stage', 'deals we lost out on', deals(LOST)),
  q('filter.deal-stage', 'signed and sealed deals', deals(WON)),
  q('filter.deal-stage', 'deals in contract negotiations', deals(stage('negotiation'))),
  q('filter.deal-stage', "deals where we're waiting to hear back on our proposal", deals(stage('proposal'))),
  q('filter.deal-stage', 'opportunities that are qualified but have no proposal yet', deals(stage('qualified'))),
  q('filter.deal-stage', 'raw opportunities at the top of the funnel', deals(stage('lead'))),
  q('filter.deal-stage', 'security suite opps at the bargaining table', deals(`${stage('negotiation')} AND ${product('Security Suite')}`)),
  q('filter.deal-stage', 'customer data hub deals sitting at proposal', deals(`${stage('proposal')} AND ${product('Customer Data Hub')}`)),
  q('filter.deal-stage', 'open deals past the lead stage', deals(stage('qualified', 'proposal', 'negotiation'))),
  q('filter.deal-stage', 'closed-won opps in automotive', deals(`${WON} AND ${industry('Automotive')}`)),
  q('filter.deal-stage', 'deals from qualified up to proposal', deals(stage('qualified', 'proposal'))),
  q('filter.deal-stage', 'deals that went south', deals(LOST)),

  // ── similar ──
  q('similar', 'more like Ravi Yilmaz', like('Ravi Yilmaz')),
  q('similar', 'lookalikes of Quinn Lindqvist', like('Quinn Lindqvist')),
  q('similar', 'Liam Valdez lookalikes', like('Liam Valdez')),
  q('similar', 'who else is like emma gupta', like('Emma Gupta')),
  q('similar', 'contacts with a similar profile to Sam Jovanovic', like('Sam Jovanovic')),
  q('similar', 'find me another Ana Xu', like('Ana Xu')),
  q('similar', 'people similar to Vikram Horvat from Harbor Auto', like('Vikram Horvat')),
  q('similar', 'contacts like Quinn Jansen at Orbit Academy Group', like('Quinn Jansen')),
  q('similar', 'similar ppl to Yusuf Anderson', like('Yusuf Anderson')),
  q('similar', 'simlar contacts to Kwame Kim', like('Kwame Kim')),
  q('similar', 'people who look like Jonas Becker on paper', like('Jonas Becker')),
  q('similar', 'clones of Hannah Okafor', like('Hannah Okafor')),
  q('similar', 'anyone like Julia Castillo?', like('Julia Castillo')),
  q('similar', 'contacts resembling nikhil sato', like('Nikhil Sato')),
  q('similar', 'show me lookalikes for Noah Murphy', like('Noah Murphy')),
  q('similar', 'people in the same boat as Ana Quintero', like('Ana Quintero')),
  q('similar', 'prospects like Sara Horvat', like('Sara Horvat')),
  q('similar', 'others like ben torres', like('Ben Torres')),
  q('similar', 'who is most like Dmitri Fernandes', like('Dmitri Fernandes')),
  q('similar', 'similar folks to Omar Xu', like('Omar Xu')),

  // ── filter.negation (absence, never, not in, no deals, windows without contact) ──
  q('filter.negation', 'contacts nobody has ever reached out to', contacts('ct.last_contacted_at IS NULL')),
  q('filter.negation', "who haven't we spoken to in two months", contacts(noContactSince('monthsAgo:2'))),
  q('filter.negation', 'contacts not touched since the start of september', contacts(noContactAfterDate('2026-09-01'))),
  q('filter.negation', 'companies with no open deals', companies(noCompanyDeal(`d2.stage NOT IN ('closed_won', 'closed_lost')`))),
  q('filter.negation', "people we've never had a call with", contacts(noContactActivityOfType('call'))),
  q('filter.negation', 'companies outside the US', companies(`co.country <> 'United States'`)),
  q('filter.negation', 'contacts not in europe', contacts(notIn('co.country', EUROPE))),
  q('filter.negation', 'deals for anything but Payments API', deals(`d.product <> 'Payments API'`)),
  q('filter.negation', 'untagged contacts', contacts('ct.tags IS NULL')),
  q('filter.negation', "contacts who aren't decision makers", contacts(notTagged('decision-maker'))),
  q('filter.negation', 'open deals with no activity logged in the past 45 days', deals(`${OPEN} AND ${noDealActivitySince('ago:45')}`)),
  q('filter.negation', 'accounts with zero activity in the last 60 days', companies(noCompanyActivitySince('ago:60'))),
  q('filter.negation', "contacts we've never emailed", contacts(noContactActivityOfType('email'))),
  q('filter.negation', 'open deals without a single meeting', deals(`${OPEN} AND ${noDealActivityOfType('meeting')}`)),
  q('filter.negation', 'companies we have no contacts at', companies(NO_COMPANY_CONTACTS)),
  q('filter.negation', 'contacts not from referrals or partners', contacts(notIn('ct.lead_source', ['referral', 'partner']))),
  q('filter.negation', 'contacts gone cold for over 100 days', contacts(noContactSince('ago:100'))),
  q('filter.negation', 'fintech companies we have no deals with', companies(`${industry('Financial Technology')} AND ${noCompanyDeal()}`)),
  q('filter.negation', 'uk companies without a single won deal', companies(`${country('United Kingdom')} AND ${noCompanyDeal(`d2.stage = 'closed_won'`)}`)),
  q('filter.negation', 'contacts with no deals attached', contacts(NO_CONTACT_DEALS)),

  // ── filter.role+industry ──
  q('filter.role+industry', 'CTOs in manufacturing', contacts(`${titles('Chief Technology Officer')} AND ${industry('Manufacturing')}`)),
  q('filter.role+industry', 'ux researchers at ecommerce companies', contacts(`${titles('UX Researcher')} AND ${industry('E-commerce')}`)),
  q('filter.role+industry', 'heads of compliance at insurance companies', contacts(`${titles('Head of Compliance')} AND ${industry('Insurance')}`)),
  q('filter.role+industry', 'financial controllers in healthcare', contacts(`${titles('Financial Controller')} AND ${industry('Healthcare')}`)),
  q('filter.role+industry', 'talent acquisition leads at hospitality companies', contacts(`${titles('Talent Acquisition Lead')} AND ${industry('Hospitality')}`)),
  q('filter.role+industry', 'VP engineering at saas firms', contacts(`${titles('VP of Engineering')} AND ${industry('Software (SaaS)')}`)),
  q('filter.role+industry', 'security engineers in fintech', contacts(`${titles('Security Engineer')} AND ${industry('Financial Technology')}`)),
  q('filter.role+industry', 'account execs in telecoms', contacts(`${titles('Account Executive')} AND ${industry('Telecommunications')}`)),
  q('filter.role+industry', 'COOs at telecom companies', contacts(`${titles('Chief Operating Officer')} AND ${industry('Telecommunications')}`)),
  q('filter.role+industry', 'ML engineers in the automotive industry', contacts(`${titles('ML Engineer')} AND ${industry('Automotive')}`)),
  q('filter.role+industry', 'marketing managers at media companies', contacts(`${titles('Marketing Manager')} AND ${industry('Media & Entertainment')}`)),
  q('filter.role+industry', 'product people in education', contacts(`${ROLE_FAMILIES.product} AND ${industry('Education')}`)),
  q('filter.role+industry', 'sales folks at energy companies', contacts(`${ROLE_FAMILIES.sales} AND ${industry('Energy')}`)),
  q('filter.role+industry', 'HR business partners at real estate firms', contacts(`${titles('HR Business Partner')} AND ${industry('Real Estate')}`)),
  q('filter.role+industry', 'chief people officers in biotech', contacts(`${titles('Chief People Officer')} AND ${industry('Biotechnology')}`)),
  q('filter.role+industry', 'process analysts in manufacturing', contacts(`${titles('Process Analyst')} AND ${industry('Manufacturing')}`)),
  q('filter.role+industry', 'CISOs in insurance', contacts(`${titles('Chief Information Security Officer')} AND ${industry('Insurance')}`)),
  q('filter.role+industry', 'FP&A analysts at fintechs', contacts(`${titles('FP&A Analyst')} AND ${industry('Financial Technology')}`)),
  q('filter.role+industry', 'data science heads in healthcare', contacts(`${titles('Head of Data Science')} AND ${industry('Healthcare')}`)),
  q('filter.role+industry', 'content strategists at hospitality firms', contacts(`${titles('Content Strategist')} AND ${industry('Hospitality')}`)),

  // ── filter.informal-industry ──
  q('filter.informal-industry', 'automakers in germany', companies(`${industry('Automotive')} AND ${country('Germany')}`)),
  q('filter.informal-industry', 'drug discovery outfits', companies(industry('Biotechnology'))),
  q('filter.informal-industry', 'genomics companies in the us', companies(`${industry('Biotechnology')} AND ${country('United States')}`)),
  q('filter.informal-industry', 'hospital groups', companies(industry('Healthcare'))),
  q('filter.informal-industry', 'universities and colleges', companies(industry('Education'))),
  q('filter.informal-industry', 'neobanks and payment firms', companies(industry('Financial Technology'))),
  q('filter.informal-industry', 'underwriters in the UK', companies(`${industry('Insurance')} AND ${country('United Kingdom')}`)),
  q('filter.informal-industry', 'freight companies', companies(industry('Logistics'))),
  q('filter.informal-industry', 'utility companies in australia', companies(`${industry('Energy')} AND ${country('Australia')}`)),
  q('filter.informal-industry', 'factory operators', companies(industry('Manufacturing'))),
  q('filter.informal-industry', 'broadcasters', companies(industry('Media & Entertainment'))),
  q('filter.informal-industry', 'mobile operators', companies(industry('Telecommunications'))),
  q('filter.informal-industry', 'online retailers', companies(industry('E-commerce'))),
  q('filter.informal-industry', 'estate agents and landlords', companies(industry('Real Estate'))),
  q('filter.informal-industry', 'cyber-security outfits in sydney', companies(`${industry('Cybersecurity')} AND ${city('Sydney')}`)),
  q('filter.informal-industry', 'restaurant and hotel groups', companies(industry('Hospitality'))),
  q('filter.informal-industry', 'hospitals and universities', companies(industry('Healthcare', 'Education'))),
  q('filter.informal-industry', 'streaming and broadcasting companies in the netherlands', companies(`${industry('Media & Entertainment')} AND ${country('Netherlands')}`)),
  q('filter.informal-industry', 'subscription software companies', companies(industry('Software (SaaS)'))),
  q('filter.informal-industry', 'internet providers and phone carriers', companies(industry('Telecommunications'))),

  // ── filter.role-responsibility ──
  q('filter.role-responsibility', "who's responsible for regulatory compliance", contacts(titles('Head of Compliance'))),
  q('filter.role-responsibility', 'people who do user research', contacts(titles('UX Researcher'))),
  q('filter.role-responsibility', 'people who write content and blog posts', contacts(titles('Content Strategist'))),
  q('filter.role-responsibility', 'who keeps the hackers out', contacts(ROLE_FAMILIES.security)),
  q('filter.role-responsibility', 'who runs the helpdesk and IT', contacts(ROLE_FAMILIES.it)),
  q('filter.role-responsibility', 'people who build machine learning models', contacts(ROLE_FAMILIES.ml)),
  q('filter.role-responsibility', 'whoever does the accounting', contacts(ROLE_FAMILIES.finance)),
  q('filter.role-responsibility', 'who looks after recruiting and employee relations', contacts(ROLE_FAMILIES.people)),
  q('filter.role-responsibility', 'the folks who run the supply chain', contacts(ROLE_FAMILIES.operations)),
  q('filter.role-responsibility', 'who decides which features get built', contacts(ROLE_FAMILIES.product)),
  q('filter.role-responsibility', 'people in charge of demand generation', contacts(ROLE_FAMILIES.marketing)),
  q('filter.role-responsibility', 'people whose job is selling', contacts(ROLE_FAMILIES.sales)),
  q('filter.role-responsibility', 'who handles budgeting and forecasting', contacts(ROLE_FAMILIES.finance)),
  q('filter.role-responsibility', 'who handles cyber security', contacts(ROLE_FAMILIES.security)),
  q('filter.role-responsibility', 'people who handle advertising and campaigns', contacts(ROLE_FAMILIES.marketing)),
  q('filter.role-responsibility', 'people responsible for onboarding new employees', contacts(ROLE_FAMILIES.people)),
  q('filter.role-responsibility', 'whoever manages the company finances', contacts(ROLE_FAMILIES.finance)),
  q('filter.role-responsibility', 'who does the data science work', contacts(ROLE_FAMILIES.ml)),
  q('filter.role-responsibility', 'who makes sure operations run smoothly', contacts(ROLE_FAMILIES.operations)),
  q('filter.role-responsibility', 'whoever looks after IT support', contacts(ROLE_FAMILIES.it)),

  // ── filter.informal-seniority ──
  q('filter.informal-seniority', 'chiefs at biotech companies', contacts(`${C_LEVEL} AND ${industry('Biotechnology')}`)),
  q('filter.informal-seniority', 'VPs and above at insurers', contacts(`${SENIOR_LEVEL} AND ${industry('Insurance')}`)),
  q('filter.informal-seniority', 'director-level contacts in germany', contacts(`${DIRECTOR_LEVEL} AND ${country('Germany')}`)),
  q('filter.informal-seniority', 'manager-level people at energy companies', contacts(`${MANAGER_LEVEL} AND ${industry('Energy')}`)),
  q('filter.informal-seniority', 'the chief officers in healthcare', contacts(`${C_LEVEL} AND ${industry('Healthcare')}`)),
  q('filter.informal-seniority', 'vice president level contacts in japan', contacts(`${VP_LEVEL} AND ${country('Japan')}`)),
  q('filter.informal-seniority', 'head honchos at telcos', contacts(`${C_LEVEL} AND ${industry('Telecommunications')}`)),
  q('filter.informal-seniority', 'manager-grade staff in education', contacts(`${MANAGER_LEVEL} AND ${industry('Education')}`)),
  q('filter.informal-seniority', 'people at VP or C level in canada', contacts(`${SENIOR_LEVEL} AND ${country('Canada')}`)),
  q('filter.informal-seniority', 'anyone with a director title in logistics', contacts(`${DIRECTOR_LEVEL} AND ${industry('Logistics')}`)),

  // ── filter.money-words ──
  q('filter.money-words', 'companies pulling in more than $2 billion a year', companies('co.annual_revenue {>} 2000000000')),
  q('filter.money-words', 'firms whose annual sales are below 20m', companies('co.annual_revenue {<} 20000000')),
  q('filter.money-words', 'german companies earning over a billion', companies(`co.annual_revenue {>} 1000000000 AND ${country('Germany')}`)),
  q('filter.money-words', 'deals with a ticket size over 500k', deals('d.amount {>} 500000')),
  q('filter.money-words', 'six-figure deals', deals('d.amount >= 100000 AND d.amount < 1000000')),
  q('filter.money-words', 'deals worth under 10 grand', deals('d.amount {<} 10000')),
  q('filter.money-words', 'accounts generating at least 5bn in revenue', companies('co.annual_revenue >= 5000000000')),
  q('filter.money-words', 'open deals with a contract value above 250k', deals(`${OPEN} AND d.amount {>} 250000`)),
  q('filter.money-words', 'companies making less than 5 million per year', companies('co.annual_revenue {<} 5000000')),
  q('filter.money-words', 'healthcare companies with a top line over 1bn', companies(`co.annual_revenue {>} 1000000000 AND ${industry('Healthcare')}`)),

  // ── agg.count+outcome-date ──
  q('agg.count+outcome-date', 'how many deals did we win in september', countDeals(`${WON} AND ${closed('2026-09-01', '2026-10-01')}`)),
  q('agg.count+outcome-date', 'number of deals lost last quarter', countDeals(`${LOST} AND ${closed('2026-07-01', '2026-10-01')}`)),
  q('agg.count+outcome-date', 'how many wins did we have in Q2 this year', countDeals(`${WON} AND ${closed('2026-04-01', '2026-07-01')}`)),
  q('agg.count+outcome-date', 'count of deals lost in 2025', countDeals(`${LOST} AND ${closed('2025-01-01', '2026-01-01')}`)),
  q('agg.count+outcome-date', 'how many deals closed won during august?', countDeals(`${WON} AND ${closed('2026-08-01', '2026-09-01')}`)),
  q('agg.count+outcome-date', 'how many opportunities did we lose in october', countDeals(`${LOST} AND ${closed('2026-10-01', '2026-11-01')}`)),
  q('agg.count+outcome-date', 'how many deals were won in H1 2026', countDeals(`${WON} AND ${closed('2026-01-01', '2026-07-01')}`)),
  q('agg.count+outcome-date', 'how many did we lose in march 2026', countDeals(`${LOST} AND ${closed('2026-03-01', '2026-04-01')}`)),
  q('agg.count+outcome-date', 'wins in 2025 - how many?', countDeals(`${WON} AND ${closed('2025-01-01', '2026-01-01')}`)),
  q('agg.count+outcome-date', 'how many automation cloud deals did we win last quarter', countDeals(`${WON} AND ${product('Automation Cloud')} AND ${closed('2026-07-01', '2026-10-01')}`)),

  // ── filter.combined (several constraints at once) ──
  q('filter.combined', 'vip customers in the us who came from cold outreach', contacts(`${tagged('vip')} AND ct.lead_status = 'customer' AND ${country('United States')} AND ct.lead_source = 'cold outreach'`)),
  q('filter.combined', 'negotiation deals over 200k expected to close in december', deals(`${stage('negotiation')} AND d.amount {>} 200000 AND ${between('d.expected_close', '2026-12-01', '2027-01-01')}`)),
  q('filter.combined', 'qualified contacts at fintech companies in berlin', contacts(`ct.lead_status = 'qualified' AND ${industry('Financial Technology')} AND ${city('Berlin')}`)),
  q('filter.combined', "decision makers at us healthcare companies we haven't contacted in 30 days", contacts(`${tagged('decision-maker')} AND ${industry('Healthcare')} AND ${country('United States')} AND ${noContactSince('ago:30')}`)),
  q('filter.combined', 'won Security Suite deals over 100k at cybersecurity companies', deals(`${WON} AND ${product('Security Suite')} AND d.amount {>} 100000 AND ${industry('Cybersecurity')}`)),
  q('filter.combined', 'CFOs at us companies with more than 1000 employees', contacts(`${titles('Chief Financial Officer')} AND ${country('United States')} AND co.employees {>} 1000`)),
  q('filter.combined', 'open payments api deals at cybersecurity companies expected to close this quarter', deals(`${OPEN} AND ${product('Payments API')} AND ${industry('Cybersecurity')} AND ${between('d.expected_close', '2026-10-01', '2027-01-01')}`)),
  q('filter.combined', 'new contacts from webinars in austin', contacts(`ct.lead_status = 'new' AND ct.lead_source = 'webinar' AND ${city('Austin')}`)),
  q('filter.combined', 'automotive deals over 300k that we lost in 2025', deals(`${LOST} AND ${industry('Automotive')} AND d.amount {>} 300000 AND ${closed('2025-01-01', '2026-01-01')}`)),
  q('filter.combined', 'decision-makers who are customers at german companies with revenue above 500m', contacts(`${tagged('decision-maker')} AND ct.lead_status = 'customer' AND ${country('Germany')} AND co.annual_revenue {>} 500000000`)),

  // ── topn.companies ──
  q('topn.companies', 'top 5 german firms by number of staff', topCompanies(5, 'co.employees', 'DESC', country('Germany'))),
  q('topn.companies', 'which 3 fintechs have the highest revenue', topCompanies(3, 'co.annual_revenue', 'DESC', industry('Financial Technology'))),
  q('topn.companies', 'top 4 london companies by revenue', topCompanies(4, 'co.annual_revenue', 'DESC', city('London'))),
  q('topn.companies', 'smallest 5 companies in australia by headcount', topCompanies(5, 'co.employees', 'ASC', country('Australia'))),
  q('topn.companies', 'top 3 hospitality companies by revenue', topCompanies(3, 'co.annual_revenue', 'DESC', industry('Hospitality'))),
  q('topn.companies', 'biggest 10 companies by annual revenue', topCompanies(10, 'co.annual_revenue', 'DESC', '1 = 1')),
  q('topn.companies', '5 largest energy firms by headcount', topCompanies(5, 'co.employees', 'DESC', industry('Energy'))),
  q('topn.companies', 'top 3 companies in tokyo by employees', topCompanies(3, 'co.employees', 'DESC', city('Tokyo'))),
  q('topn.companies', 'the 6 lowest-revenue companies in the uk', topCompanies(6, 'co.annual_revenue', 'ASC', country('United Kingdom'))),
  q('topn.companies', 'top 5 education companies by staff numbers', topCompanies(5, 'co.employees', 'DESC', industry('Education'))),
];

const entries = evaluateSet(path.resolve(here, '../../../shared/data/crm'), 'p15', PROBES, (db, probe) => evaluate(db, probe.expected));
writeOrCheck(path.join(here, 'probes-15.jsonl'), entries);
