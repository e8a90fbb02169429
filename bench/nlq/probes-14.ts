/**
 * Probe sentences of the fourteenth pass (issue 22), written before reading the parser's failures, in the classes the
 * lead's blind sets still score under 80 %: persona (alone, with a role), deal stages said in idioms, "similar to X",
 * top-N companies, negation and absence, role + industry, informal industry words, roles said by responsibility.
 * Answers are plain SQL over the shared CSVs with bench/nlq/heldout/sql.ts's fragments and conventions (persona
 * relevance is the interest family, as probes-12 and -13). Tuning data, not evidence of generalisation.
 *
 *   npx tsx bench/nlq/probes-14.ts            # writes bench/nlq/probes-14.jsonl
 *   npx tsx bench/nlq/probes-14.ts --check    # exit 1 when the committed file differs from a rebuild
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
  companies,
  contacts,
  country,
  deals,
  evaluate,
  industry,
  interested,
  like,
  noDealActivitySince,
  product,
  stage,
  titles,
  topCompanies,
  type Spec,
} from './heldout/sql.js';
import { evaluateSet, writeOrCheck } from './heldout/set-file.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const q = (category: string, text: string, expected: Spec) => ({ category, text, expected });
const noContactSince = (token: string) => `(ct.last_contacted_at IS NULL OR ct.last_contacted_at < '{${token}}')`;

export const PROBES = [
  // ── semantic.persona ──
  q('semantic.persona', 'people nervous about data breaches', interested('security')),
  q('semantic.persona', 'contacts who keep asking about single sign-on', interested('security')),
  q('semantic.persona', 'who needs help getting through an audit', interested('security')),
  q('semantic.persona', 'folks whose security team is drowning in alerts', interested('security')),
  q('semantic.persona', 'people looking to trim their software spend', interested('finance')),
  q('semantic.persona', 'contacts who are very price sensitive', interested('finance')),
  q('semantic.persona', 'who struggles with the monthly close', interested('finance')),
  q('semantic.persona', 'contacts comparing the full cost of ownership', interested('finance')),
  q('semantic.persona', 'people who want their reps to stop typing notes after calls', interested('sales')),
  q('semantic.persona', 'contacts frustrated with the reports in their crm', interested('sales')),
  q('semantic.persona', 'who wants to speed up their sales cycle', interested('sales')),
  q('semantic.persona', 'people planning to double their sales headcount', interested('sales')),
  q('semantic.persona', 'contacts interested in recording and analysing sales calls', interested('sales')),
  q('semantic.persona', 'people trying to figure out which campaigns actually work', interested('marketing')),
  q('semantic.persona', 'contacts into account based marketing', interested('marketing')),
  q('semantic.persona', 'people planning a rebrand', interested('marketing')),
  q('semantic.persona', 'contacts who want to rank higher on google', interested('marketing')),
  q('semantic.persona', 'people stuck copying data between spreadsheets', interested('operations')),
  q('semantic.persona', 'contacts dealing with late deliveries from suppliers', interested('operations')),
  q('semantic.persona', 'who wants their ERP connected to their other tools', interested('operations')),
  q('semantic.persona', 'contacts who release new features every week', interested('product')),
  q('semantic.persona', 'people who run lots of split tests', interested('product')),
  q('semantic.persona', 'contacts worried that users drop off after signing up', interested('product')),
  q('semantic.persona', 'people who care about accessible design', interested('product')),
  q('semantic.persona', 'contacts struggling to fill roles quickly', interested('people')),
  q('semantic.persona', 'people worried their staff are exhausted', interested('people')),
  q('semantic.persona', 'contacts replacing their HR software', interested('people')),
  q('semantic.persona', 'who is investing in training their employees', interested('people')),
  q('semantic.persona', 'people building a feature store', interested('ai')),
  q('semantic.persona', 'contacts worried about what their GPUs cost', interested('ai')),
  q('semantic.persona', 'folks interested in language models and text analysis', interested('ai')),
  q('semantic.persona', 'who wants proper governance over their ML models', interested('ai')),

  // ── semantic.persona+role ──
  q('semantic.persona+role', 'CFOs who want to cut costs', interested('finance', titles('Chief Financial Officer'))),
  q('semantic.persona+role', 'directors worried about burnout', interested('people', DIRECTOR_LEVEL)),
  q('semantic.persona+role', 'VPs looking into A/B testing', interested('product', VP_LEVEL)),
  q('semantic.persona+role', 'managers drowning in spreadsheets', interested('operations', MANAGER_LEVEL)),
  q('semantic.persona+role', 'c-level people worried about GDPR', interested('security', C_LEVEL)),
  q('semantic.persona+role', 'sales VPs who want more visibility into pipeline', interested('sales', titles('VP of Sales'))),
  q('semantic.persona+role', 'execs interested in machine learning', interested('ai', C_LEVEL)),
  q('semantic.persona+role', 'heads of product obsessed with user funnels', interested('product', titles('Head of Product'))),
  q('semantic.persona+role', 'marketing VPs planning a brand refresh', interested('marketing', titles('VP of Marketing'))),
  q('semantic.persona+role', 'HR directors trying to hire faster', interested('people', titles('HR Director'))),
  q('semantic.persona+role', 'vice presidents who worry about phishing', interested('security', VP_LEVEL)),
  q('semantic.persona+role', 'senior execs keen to shorten the sales cycle', interested('sales', SENIOR_LEVEL)),
  q('semantic.persona+role', 'operations managers who want to automate handoffs', interested('operations', titles('Operations Manager'))),
  q('semantic.persona+role', 'people at VP level complaining about their CRM', interested('sales', VP_LEVEL)),
  q('semantic.persona+role', 'chiefs who are sensitive to price', interested('finance', C_LEVEL)),
  q('semantic.persona+role', 'vps trying to personalise their outreach', interested('marketing', VP_LEVEL)),
  q('semantic.persona+role', 'managers who want better product analytics', interested('product', MANAGER_LEVEL)),
  q('semantic.persona+role', 'data scientists exploring deep learning', interested('ai', titles('Data Scientist'))),

  // ── filter.deal-stage (idioms) ──
  q('filter.deal-stage', 'deals in the home stretch', deals(stage('negotiation'))),
  q('filter.deal-stage', 'opportunities waiting on a signature', deals(stage('negotiation'))),
  q('filter.deal-stage', 'deals that are ready to sign', deals(stage('negotiation'))),
  q('filter.deal-stage', "deals we're haggling over", deals(stage('negotiation'))),
  q('filter.deal-stage', 'deals where we are hammering out terms', deals(stage('negotiation'))),
  q('filter.deal-stage', 'opps where the contract is with their lawyers', deals(stage('negotiation'))),
  q('filter.deal-stage', 'deals where the quote is out', deals(stage('proposal'))),
  q('filter.deal-stage', 'opportunities where the customer is reviewing our offer', deals(stage('proposal'))),
  q('filter.deal-stage', "deals where we've put a price in front of them", deals(stage('proposal'))),
  q('filter.deal-stage', 'deals that have been vetted', deals(stage('qualified'))),
  q('filter.deal-stage', 'opportunities with a confirmed budget', deals(stage('qualified'))),
  q('filter.deal-stage', 'deals still at the very start', deals(stage('lead'))),
  q('filter.deal-stage', 'deals that crossed the finish line', deals(WON)),
  q('filter.deal-stage', 'deals that fell through', deals(LOST)),
  q('filter.deal-stage', 'deals in the haggling phase over 50k', deals(`${stage('negotiation')} AND d.amount {>} 50000`)),
  q('filter.deal-stage', 'analytics platform deals awaiting signature', deals(`${stage('negotiation')} AND ${product('Analytics Platform')}`)),

  // ── similar ──
  q('similar', 'people like Leila Yilmaz', like('Leila Yilmaz')),
  q('similar', 'contacts similar to aiko dubois', like('Aiko Dubois')),
  q('similar', 'someone like Mina Haddad', like('Mina Haddad')),
  q('similar', 'who resembles Liam Fernandes', like('Liam Fernandes')),
  q('similar', 'contacts with the same profile as Lucia Becker', like('Lucia Becker')),
  q('similar', 'look-alikes for Oscar Nakamura', like('Oscar Nakamura')),
  q('similar', 'give me people like Kwame Petrov', like('Kwame Petrov')),
  q('similar', 'more people in the mould of Sam Ueda', like('Sam Ueda')),
  q('similar', 'anyone similar to Chen Wagner?', like('Chen Wagner')),
  q('similar', 'contacts comparable with Esther Hoffmann', like('Esther Hoffmann')),
  q('similar', 'find contacts who match Fatima Silva', like('Fatima Silva')),
  q('similar', 'vera ito but other people', like('Vera Ito')),

  // ── topn.companies ──
  q('topn.companies', 'top 5 companies by revenue in france', topCompanies(5, 'co.annual_revenue', 'DESC', country('France'))),
  q('topn.companies', 'which 3 companies employ the most people', topCompanies(3, 'co.employees', 'DESC', '1 = 1')),
  q('topn.companies', 'top 3 healthcare companies by headcount', topCompanies(3, 'co.employees', 'DESC', industry('Healthcare'))),
  q('topn.companies', 'the 5 highest revenue companies in spain', topCompanies(5, 'co.annual_revenue', 'DESC', country('Spain'))),
  q('topn.companies', 'the 4 companies with the fewest employees', topCompanies(4, 'co.employees', 'ASC', '1 = 1')),
  q('topn.companies', 'bottom 5 companies by revenue', topCompanies(5, 'co.annual_revenue', 'ASC', '1 = 1')),
  q('topn.companies', 'largest 6 german companies by turnover', topCompanies(6, 'co.annual_revenue', 'DESC', country('Germany'))),
  q('topn.companies', 'top 5 biotech companies by size of workforce', topCompanies(5, 'co.employees', 'DESC', industry('Biotechnology'))),
  q('topn.companies', 'which 3 insurers bring in the most revenue', topCompanies(3, 'co.annual_revenue', 'DESC', industry('Insurance'))),
  q('topn.companies', 'name the 8 largest employers in the US', topCompanies(8, 'co.employees', 'DESC', country('United States'))),
  q('topn.companies', 'top 10 accounts ranked by number of employees', topCompanies(10, 'co.employees', 'DESC', '1 = 1')),
  q('topn.companies', 'the 3 lowest revenue schools', topCompanies(3, 'co.annual_revenue', 'ASC', industry('Education'))),

  // ── filter.negation ──
  q('filter.negation', "contacts we haven't been in touch with for 6 weeks", contacts(noContactSince('ago:42'))),
  q('filter.negation', 'companies with no deals at all', companies(`NOT EXISTS (SELECT 1 FROM deals d WHERE d.company_id = co.id)`)),
  q('filter.negation', 'companies not based in germany', companies(`co.country <> 'Germany'`)),
  q('filter.negation', 'open deals that are not for Automation Cloud', deals(`${OPEN} AND d.product <> 'Automation Cloud'`)),
  q('filter.negation', 'contacts without a vip tag', contacts(`(ct.tags IS NULL OR ct.tags NOT LIKE '%vip%')`)),
  q('filter.negation', "companies that haven't bought from us", companies(`NOT EXISTS (SELECT 1 FROM deals d WHERE d.company_id = co.id AND ${WON})`)),
  q('filter.negation', 'open deals with no activity for 90 days', deals(`${OPEN} AND ${noDealActivitySince('ago:90')}`)),
  q('filter.negation', "customers who haven't heard from us in 3 months", contacts(`ct.lead_status = 'customer' AND ${noContactSince('monthsAgo:3')}`)),
  q('filter.negation', 'contacts who are not qualified', contacts(`ct.lead_status <> 'qualified'`)),
  q('filter.negation', "deals that aren't closed yet", deals(OPEN)),
  q('filter.negation', 'contacts excluding the ones from linkedin', contacts(`ct.lead_source <> 'linkedin'`)),
  q('filter.negation', 'non-customers in canada', contacts(`ct.lead_status <> 'customer' AND ${country('Canada')}`)),
  q('filter.negation', 'open deals other than those in proposal', deals(`${OPEN} AND d.stage <> 'proposal'`)),
  q('filter.negation', 'contacts nobody has called in 50 days', contacts(noContactSince('ago:50'))),

  // ── filter.role+industry ──
  q('filter.role+industry', 'CFOs at hospitals', contacts(`${titles('Chief Financial Officer')} AND ${industry('Healthcare')}`)),
  q('filter.role+industry', 'HR people in logistics', contacts(`${ROLE_FAMILIES.people} AND ${industry('Logistics')}`)),
  q('filter.role+industry', 'marketing folks at telcos', contacts(`${ROLE_FAMILIES.marketing} AND ${industry('Telecommunications')}`)),
  q('filter.role+industry', 'sales managers at insurers', contacts(`${titles('Sales Manager')} AND ${industry('Insurance')}`)),
  q('filter.role+industry', 'data scientists at biotech companies', contacts(`${titles('Data Scientist')} AND ${industry('Biotechnology')}`)),
  q('filter.role+industry', 'CISOs at fintech companies', contacts(`${titles('Chief Information Security Officer')} AND ${industry('Financial Technology')}`)),
  q('filter.role+industry', 'vps of sales in automotive', contacts(`${titles('VP of Sales')} AND ${industry('Automotive')}`)),
  q('filter.role+industry', 'product managers at saas companies', contacts(`${titles('Product Manager')} AND ${industry('Software (SaaS)')}`)),
  q('filter.role+industry', 'ops people at energy firms', contacts(`${ROLE_FAMILIES.operations} AND ${industry('Energy')}`)),
  q('filter.role+industry', 'IT directors at schools', contacts(`${titles('Director of IT')} AND ${industry('Education')}`)),
  q('filter.role+industry', 'heads of growth in ecommerce', contacts(`${titles('Head of Growth')} AND ${industry('E-commerce')}`)),
  q('filter.role+industry', 'finance folks at property firms', contacts(`${ROLE_FAMILIES.finance} AND ${industry('Real Estate')}`)),

  // ── filter.informal-industry ──
  q('filter.informal-industry', 'biotechs in the us', companies(`${industry('Biotechnology')} AND ${country('United States')}`)),
  q('filter.informal-industry', 'car manufacturers in japan', companies(`${industry('Automotive')} AND ${country('Japan')}`)),
  q('filter.informal-industry', 'power companies', companies(industry('Energy'))),
  q('filter.informal-industry', 'trucking companies', companies(industry('Logistics'))),
  q('filter.informal-industry', 'hotel operators in spain', companies(`${industry('Hospitality')} AND ${country('Spain')}`)),
  q('filter.informal-industry', 'media houses', companies(industry('Media & Entertainment'))),
  q('filter.informal-industry', 'saas vendors', companies(industry('Software (SaaS)'))),
  q('filter.informal-industry', 'cyber firms', companies(industry('Cybersecurity'))),
  q('filter.informal-industry', 'edtech companies', companies(industry('Education'))),
  q('filter.informal-industry', 'ecommerce players', companies(industry('E-commerce'))),
  q('filter.informal-industry', 'telecom providers', companies(industry('Telecommunications'))),
  q('filter.informal-industry', 'property developers', companies(industry('Real Estate'))),

  // ── filter.role-responsibility ──
  q('filter.role-responsibility', 'whoever is in charge of the sales team', contacts(ROLE_FAMILIES.sales)),
  q('filter.role-responsibility', 'who takes care of security', contacts(ROLE_FAMILIES.security)),
  q('filter.role-responsibility', 'the person responsible for hiring', contacts(ROLE_FAMILIES.people)),
  q('filter.role-responsibility', 'people who look after the network and laptops', contacts(ROLE_FAMILIES.it)),
  q('filter.role-responsibility', 'who handles the money', contacts(ROLE_FAMILIES.finance)),
  q('filter.role-responsibility', 'whoever oversees data science', contacts(ROLE_FAMILIES.ml)),
  q('filter.role-responsibility', 'people in charge of growth and campaigns', contacts(ROLE_FAMILIES.marketing)),
  q('filter.role-responsibility', 'the ones who close deals', contacts(ROLE_FAMILIES.sales)),
  q('filter.role-responsibility', 'who manages people and culture', contacts(ROLE_FAMILIES.people)),
  q('filter.role-responsibility', 'whoever owns the product', contacts(ROLE_FAMILIES.product)),
  q('filter.role-responsibility', 'who runs the finance department', contacts(ROLE_FAMILIES.finance)),
  q('filter.role-responsibility', 'people who keep the business running day to day', contacts(ROLE_FAMILIES.operations)),
];

const entries = evaluateSet(path.resolve(here, '../../../shared/data/crm'), 'p14', PROBES, (db, probe) => evaluate(db, probe.expected));
writeOrCheck(path.join(here, 'probes-14.jsonl'), entries);
