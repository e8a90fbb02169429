/**
 * The held-out NLQ queries, each beside the SQL that answers it (bench/nlq/heldout/sql.ts holds the fragments).
 * Written without reading the parser, as different users would type them into the command bar; see README.md
 * for the categories and the rule that nobody tunes the parser on them.
 *
 * Conventions used throughout (spelt out once here, again where a phrase needs it):
 * - "deals", "opportunities", "opps" are deals; "accounts", "firms", "businesses", "orgs" are companies;
 *   "people", "folks", "contacts", "leads" (without a status) are contacts.
 * - A contact's industry, country and city are its company's.
 * - "Open", "still open", "in play", "active", "pipeline", "stalled" and "closing …" mean open deals (stage not
 *   closed_won / closed_lost). "Won" is closed_won, "lost" closed_lost; a date beside them is `closed_at`.
 * - "Top/biggest/largest N deals" sort by amount; "top N companies" by the measure named with them.
 * - Money: "revenue", "turnover", "annual sales", "makes a year", "richest" are companies.annual_revenue; "deal
 *   size", "value", "worth", "amount" are deals.amount. "k" is thousands, "M"/"million" millions, "B"/"billion"
 *   billions, all USD.
 * - "Talked to / contacted / reached / spoke with" is contacts.last_contacted_at; a contact never contacted has
 *   not been talked to in any window (it is in every "haven't talked to in N days" answer).
 * - "Activity" on a deal is any row of activities with that deal_id (email, call, meeting, note), up to NOW.
 * - Typos and odd casing are deliberate, as typed in a hurry ("telecomunications", "qualifed", "platfrom",
 *   "compnies", "havent", "ppl", "pls", upper case).
 */
import {
  between,
  C_LEVEL,
  city,
  companies,
  companyNamed,
  companyValue,
  companyWithDomain,
  contactNamed,
  contacts,
  contactValue,
  contactWithEmail,
  country,
  dealValue,
  deals,
  DIRECTOR_LEVEL,
  industry,
  interested,
  like,
  LOST,
  MANAGER_LEVEL,
  noDealActivitySince,
  OPEN,
  product,
  stage,
  titles,
  topCompanies,
  topDeals,
  VP_LEVEL,
  WON,
  type Spec,
} from './sql.js';

export interface HeldoutQuery {
  category: string;
  text: string;
  expected: Spec;
}

const q = (category: string, text: string, expected: Spec): HeldoutQuery => ({ category, text, expected });

// Title families by department: what a role described by its work ("the people who do hiring") means.
const HR_FAMILY = titles('Chief People Officer', 'VP of People', 'HR Director', 'HR Business Partner', 'Talent Acquisition Lead');
const FINANCE_FAMILY = titles('Chief Financial Officer', 'VP of Finance', 'Financial Controller', 'Finance Manager', 'FP&A Analyst');
const SALES_FAMILY = titles('Chief Revenue Officer', 'VP of Sales', 'Sales Director', 'Sales Manager', 'Account Executive');
const MARKETING_FAMILY = titles('Chief Marketing Officer', 'VP of Marketing', 'Marketing Manager', 'Head of Growth', 'Content Strategist');
/** People who own security itself (not IT in general, not compliance). */
const SECURITY_OWNERS = titles('Chief Information Security Officer', 'VP of Security', 'Security Engineer');
/** IT: the titles that name IT. */
const IT_FAMILY = titles('Director of IT', 'IT Manager');
/** Those who work on data science / machine learning by title (CTOs and VPs of Engineering are not). */
const ML_PRACTITIONERS = titles('ML Engineer', 'Data Scientist', 'Head of Data Science', 'Director of Machine Learning');
/** Those who run operations: titles naming operations. */
const OPERATIONS_LEADS = titles('Chief Operating Officer', 'VP of Operations', 'Operations Director', 'Operations Manager');
/** Those who own the product: titles naming product. */
const PRODUCT_OWNERS = titles('Chief Product Officer', 'VP of Product', 'Head of Product', 'Product Manager');
/** "Senior leadership": C-level and VPs. */
const SENIOR_LEADERSHIP = `(${C_LEVEL} OR ${VP_LEVEL})`;
/** Europe, as far as the data's countries go. */
const EUROPE = country('Germany', 'United Kingdom', 'Spain', 'Netherlands', 'France');

const Q3_2026 = (column: string) => between(column, '2026-07-01', '2026-10-01');
const OCTOBER_2026 = (column: string) => between(column, '2026-10-01', '2026-11-01');
const NOVEMBER_2026 = (column: string) => between(column, '2026-11-01', '2026-12-01');
const DECEMBER_2026 = (column: string) => between(column, '2026-12-01', '2027-01-01');

export const QUERIES: HeldoutQuery[] = [
  // ── filter.industry: an industry by (more or less) its name ────────────────────────────────────────────
  q('filter.industry', 'who do we know in insurance?', contacts(industry('Insurance'))),
  q('filter.industry', 'list everyone working at logistics firms', contacts(industry('Logistics'))),
  q('filter.industry', 'Healthcare contacts pls', contacts(industry('Healthcare'))),
  q('filter.industry', 'show all companies in the energy sector', companies(industry('Energy'))),
  q('filter.industry', 'which accounts are in real estate', companies(industry('Real Estate'))),
  q('filter.industry', 'cybersecurity companies', companies(industry('Cybersecurity'))),
  q('filter.industry', 'people at fintechs', contacts(industry('Financial Technology'))),
  q('filter.industry', 'contacts from the automotive industry', contacts(industry('Automotive'))),
  q('filter.industry', 'deals with education companies', deals(industry('Education'))),
  q('filter.industry', 'list of media and entertainment firms', companies(industry('Media & Entertainment'))),
  q('filter.industry', 'contacts in the telecomunications space', contacts(industry('Telecommunications'))),

  // ── filter.informal-industry: what people call a sector's firms or trade; two sectors together ───────────
  // hotel chains → Hospitality
  q('filter.informal-industry', 'people we know at hotel chains', contacts(industry('Hospitality'))),
  // carmakers → Automotive
  q('filter.informal-industry', 'carmakers in our database', companies(industry('Automotive'))),
  // telcos → Telecommunications
  q('filter.informal-industry', 'contacts at telcos', contacts(industry('Telecommunications'))),
  // insurers → Insurance
  q('filter.informal-industry', 'which insurers do we have as accounts', companies(industry('Insurance'))),
  // life sciences → Biotechnology
  q('filter.informal-industry', 'life sciences companies', companies(industry('Biotechnology'))),
  // online retailers → E-commerce
  q('filter.informal-industry', 'ppl at online retailers', contacts(industry('E-commerce'))),
  // freight and shipping firms → Logistics
  q('filter.informal-industry', 'freight and shipping companies', companies(industry('Logistics'))),
  // hospitals and clinics → Healthcare
  q('filter.informal-industry', 'anyone working for hospitals or clinics', contacts(industry('Healthcare'))),
  // utilities → Energy; carmakers → Automotive (two sectors)
  q('filter.informal-industry', 'contacts at utilities and car manufacturers', contacts(industry('Energy', 'Automotive'))),
  // schools and universities → Education
  q('filter.informal-industry', 'show me schools and universities', companies(industry('Education'))),
  // property developers → Real Estate; hoteliers → Hospitality (two sectors)
  q('filter.informal-industry', 'property developers and hoteliers', companies(industry('Real Estate', 'Hospitality'))),
  // factories → Manufacturing; freight outfits → Logistics (two sectors)
  q('filter.informal-industry', 'deals with factories or freight outfits', deals(industry('Manufacturing', 'Logistics'))),
  // infosec vendors → Cybersecurity
  q('filter.informal-industry', 'infosec vendors', companies(industry('Cybersecurity'))),
  // broadcasters and streaming services → Media & Entertainment
  q('filter.informal-industry', 'contacts at broadcasters and streaming services', contacts(industry('Media & Entertainment'))),

  // ── filter.deal-amount+industry ─────────────────────────────────────────────────────────────────────────
  q('filter.deal-amount+industry', 'open healthcare deals above 200k', deals(`${OPEN} AND d.amount {>} 200000 AND ${industry('Healthcare')}`)),
  q('filter.deal-amount+industry', 'deals bigger than $75,000 in insurance that are still open', deals(`${OPEN} AND d.amount {>} 75000 AND ${industry('Insurance')}`)),
  q('filter.deal-amount+industry', 'open opps over 150k at logistics companies', deals(`${OPEN} AND d.amount {>} 150000 AND ${industry('Logistics')}`)),
  q('filter.deal-amount+industry', 'Show open deals > 300000 in biotech', deals(`${OPEN} AND d.amount {>} 300000 AND ${industry('Biotechnology')}`)),
  q('filter.deal-amount+industry', 'fintech deals still open worth more than 20k', deals(`${OPEN} AND d.amount {>} 20000 AND ${industry('Financial Technology')}`)),
  q('filter.deal-amount+industry', 'open deals north of $250k in energy', deals(`${OPEN} AND d.amount {>} 250000 AND ${industry('Energy')}`)),
  q('filter.deal-amount+industry', 'which open cybersecurity deals are under 30k', deals(`${OPEN} AND d.amount {<} 30000 AND ${industry('Cybersecurity')}`)),
  q('filter.deal-amount+industry', 'open deals in hospitality between 50k and 150k', deals(`${OPEN} AND d.amount {>} 50000 AND d.amount {<} 150000 AND ${industry('Hospitality')}`)),
  // half a million → 500,000; "still in play" → open
  q('filter.deal-amount+industry', 'media deals over half a million still in play', deals(`${OPEN} AND d.amount {>} 500000 AND ${industry('Media & Entertainment')}`)),

  // ── agg.count ───────────────────────────────────────────────────────────────────────────────────────────
  q('agg.count', 'how many companies do we have in germany', companyValue('count(*)', country('Germany'))),
  q('agg.count', 'number of open deals', dealValue('count(*)', OPEN)),
  q('agg.count', 'count our customers', contactValue('count(*)', `ct.lead_status = 'customer'`)),
  q('agg.count', 'how many contacts came from webinars?', contactValue('count(*)', `ct.lead_source = 'webinar'`)),
  q('agg.count', 'how many deals are sitting in negotiation right now', dealValue('count(*)', stage('negotiation'))),
  q('agg.count', 'How many people do we have at Falcon Systems', contactValue('count(*)', `co.name = 'Falcon Systems'`)),
  q('agg.count', 'total number of healthcare companies', companyValue('count(*)', industry('Healthcare'))),
  q('agg.count', 'how many deals have we lost', dealValue('count(*)', LOST)),
  q('agg.count', 'how many unqualified leads are there', contactValue('count(*)', `ct.lead_status = 'unqualified'`)),
  q('agg.count', '# of contacts in Tokyo', contactValue('count(*)', city('Tokyo'))),

  // ── agg.sum ─────────────────────────────────────────────────────────────────────────────────────────────
  q('agg.sum', 'sum of all won deals', dealValue('sum(d.amount)', WON)),
  q('agg.sum', "what's the total value of the deals we lost", dealValue('sum(d.amount)', LOST)),
  q('agg.sum', 'total amount of open Security Suite deals', dealValue('sum(d.amount)', `${OPEN} AND ${product('Security Suite')}`)),
  q('agg.sum', 'combined annual revenue of all energy companies', companyValue('sum(co.annual_revenue)', industry('Energy'))),
  q('agg.sum', 'sum of deal amounts in the proposal stage', dealValue('sum(d.amount)', stage('proposal'))),
  // "in 2025" beside won → closed_at in 2025
  q('agg.sum', 'total won in 2025', dealValue('sum(d.amount)', `${WON} AND ${between('d.closed_at', '2025-01-01', '2026-01-01')}`)),
  // headcount → employees
  q('agg.sum', 'total headcount across companies in Japan', companyValue('sum(co.employees)', country('Japan'))),
  q('agg.sum', 'How much are all negotiation-stage deals worth?', dealValue('sum(d.amount)', stage('negotiation'))),
  q('agg.sum', 'total value of won payments api deals', dealValue('sum(d.amount)', `${WON} AND ${product('Payments API')}`)),

  // ── agg.avg ─────────────────────────────────────────────────────────────────────────────────────────────
  q('agg.avg', 'average deal size in logistics', dealValue('avg(d.amount)', industry('Logistics'))),
  q('agg.avg', "what's the average amount of lost deals", dealValue('avg(d.amount)', LOST)),
  q('agg.avg', 'mean annual revenue of insurance companies', companyValue('avg(co.annual_revenue)', industry('Insurance'))),
  q('agg.avg', 'average employee count for companies in Canada', companyValue('avg(co.employees)', country('Canada'))),
  q('agg.avg', 'avg value of open analytics platfrom deals', dealValue('avg(d.amount)', `${OPEN} AND ${product('Analytics Platform')}`)),
  q('agg.avg', 'what does a won deal bring in on average?', dealValue('avg(d.amount)', WON)),
  q('agg.avg', 'average size of deals in negotiation', dealValue('avg(d.amount)', stage('negotiation'))),
  // turnover → annual_revenue
  q('agg.avg', 'average turnover of biotech companies', companyValue('avg(co.annual_revenue)', industry('Biotechnology'))),

  // ── filter.country+status ───────────────────────────────────────────────────────────────────────────────
  q('filter.country+status', 'new leads in Germany', contacts(`ct.lead_status = 'new' AND ${country('Germany')}`)),
  q('filter.country+status', 'qualifed contacts in canada', contacts(`ct.lead_status = 'qualified' AND ${country('Canada')}`)),
  q('filter.country+status', 'customers based in Japan', contacts(`ct.lead_status = 'customer' AND ${country('Japan')}`)),
  q('filter.country+status', 'uk customers', contacts(`ct.lead_status = 'customer' AND ${country('United Kingdom')}`)),
  q('filter.country+status', 'contacted leads in india', contacts(`ct.lead_status = 'contacted' AND ${country('India')}`)),
  q('filter.country+status', 'unqualified people in Spain', contacts(`ct.lead_status = 'unqualified' AND ${country('Spain')}`)),
  q('filter.country+status', 'german customers', contacts(`ct.lead_status = 'customer' AND ${country('Germany')}`)),
  // aussie → Australia
  q('filter.country+status', 'aussie customers', contacts(`ct.lead_status = 'customer' AND ${country('Australia')}`)),
  q('filter.country+status', 'new contacts in the USA', contacts(`ct.lead_status = 'new' AND ${country('United States')}`)),

  // ── filter.deal-product+outcome ─────────────────────────────────────────────────────────────────────────
  q('filter.deal-product+outcome', 'Security Suite deals we won', deals(`${WON} AND ${product('Security Suite')}`)),
  q('filter.deal-product+outcome', 'lost Analytics Platform opportunities', deals(`${LOST} AND ${product('Analytics Platform')}`)),
  q('filter.deal-product+outcome', 'closed-won Payments API deals', deals(`${WON} AND ${product('Payments API')}`)),
  q('filter.deal-product+outcome', 'which AI Assistant deals did we lose', deals(`${LOST} AND ${product('AI Assistant')}`)),
  q('filter.deal-product+outcome', 'customer data hub wins', deals(`${WON} AND ${product('Customer Data Hub')}`)),
  q('filter.deal-product+outcome', 'Automation Cloud deals that were lost', deals(`${LOST} AND ${product('Automation Cloud')}`)),
  q('filter.deal-product+outcome', 'show me won deals on the payments api', deals(`${WON} AND ${product('Payments API')}`)),
  q('filter.deal-product+outcome', 'losses on Security Suite', deals(`${LOST} AND ${product('Security Suite')}`)),

  // ── filter.company-size+country: size is employees ──────────────────────────────────────────────────────
  q('filter.company-size+country', 'companies in Japan with over 1000 employees', companies(`co.employees {>} 1000 AND ${country('Japan')}`)),
  q('filter.company-size+country', 'firms with fewer than 50 people in the UK', companies(`co.employees {<} 50 AND ${country('United Kingdom')}`)),
  q('filter.company-size+country', 'big companies in France with more than 10k staff', companies(`co.employees {>} 10000 AND ${country('France')}`)),
  q('filter.company-size+country', 'australian companies with at least 200 employees', companies(`co.employees {>} 200 AND ${country('Australia')}`)),
  q('filter.company-size+country', 'companies with less than 100 staff in germany', companies(`co.employees {<} 100 AND ${country('Germany')}`)),
  q('filter.company-size+country', 'companies with 1,000+ employees in Brazil', companies(`co.employees {>} 1000 AND ${country('Brazil')}`)),
  q('filter.company-size+country', 'Indian companies bigger than 5000 employees', companies(`co.employees {>} 5000 AND ${country('India')}`)),
  q('filter.company-size+country', 'US companies with under 20 employees', companies(`co.employees {<} 20 AND ${country('United States')}`)),
  q('filter.company-size+country', 'orgs headquartered in Singapore with more than 250 employees', companies(`co.employees {>} 250 AND ${country('Singapore')}`)),

  // ── filter.source+status ────────────────────────────────────────────────────────────────────────────────
  q('filter.source+status', 'customers we got through partners', contacts(`ct.lead_status = 'customer' AND ct.lead_source = 'partner'`)),
  q('filter.source+status', 'new leads from the website', contacts(`ct.lead_status = 'new' AND ct.lead_source = 'website'`)),
  q('filter.source+status', 'unqualified leads that came from cold outreach', contacts(`ct.lead_status = 'unqualified' AND ct.lead_source = 'cold outreach'`)),
  q('filter.source+status', 'qualified contacts sourced from linkedin', contacts(`ct.lead_status = 'qualified' AND ct.lead_source = 'linkedin'`)),
  q('filter.source+status', 'conference leads that became customers', contacts(`ct.lead_status = 'customer' AND ct.lead_source = 'conference'`)),
  q('filter.source+status', 'contacted people from referrals', contacts(`ct.lead_status = 'contacted' AND ct.lead_source = 'referral'`)),
  q('filter.source+status', 'webinar signups who are customers now', contacts(`ct.lead_status = 'customer' AND ct.lead_source = 'webinar'`)),
  q('filter.source+status', 'new leads via partner', contacts(`ct.lead_status = 'new' AND ct.lead_source = 'partner'`)),

  // ── filter.deal-stage ───────────────────────────────────────────────────────────────────────────────────
  q('filter.deal-stage', 'deals at the proposal stage', deals(stage('proposal'))),
  q('filter.deal-stage', "what's currently in negotiation?", deals(stage('negotiation'))),
  q('filter.deal-stage', 'show qualified deals', deals(stage('qualified'))),
  q('filter.deal-stage', 'list lead-stage opportunities', deals(stage('lead'))),
  q('filter.deal-stage', 'which deals are at proposal', deals(stage('proposal'))),
  q('filter.deal-stage', 'closed won deals', deals(WON)),
  q('filter.deal-stage', 'DEALS MARKED CLOSED LOST', deals(LOST)),
  // the qualification stage → qualified
  q('filter.deal-stage', 'opportunities in the qualification stage', deals(stage('qualified'))),

  // ── filter.stage+open: an explicit stage beside "open" keeps the stage ─────────────────────────────────
  q('filter.stage+open', 'open deals in proposal', deals(`${OPEN} AND ${stage('proposal')}`)),
  q('filter.stage+open', 'open negotiation deals over 100k', deals(`${OPEN} AND ${stage('negotiation')} AND d.amount {>} 100000`)),
  q('filter.stage+open', 'open qualified deals in healthcare', deals(`${OPEN} AND ${stage('qualified')} AND ${industry('Healthcare')}`)),
  q('filter.stage+open', 'show open opportunities at the lead stage for Payments API', deals(`${OPEN} AND ${stage('lead')} AND ${product('Payments API')}`)),
  // before 2027 → expected_close before 2027-01-01
  q('filter.stage+open', 'open proposal-stage deals expected to close before 2027', deals(`${OPEN} AND ${stage('proposal')} AND d.expected_close < '2027-01-01'`)),
  q('filter.stage+open', 'open deals in negotiation with German companies', deals(`${OPEN} AND ${stage('negotiation')} AND ${country('Germany')}`)),
  q('filter.stage+open', 'still-open deals in the qualified stage worth over 50k', deals(`${OPEN} AND ${stage('qualified')} AND d.amount {>} 50000`)),
  // created in the last 60 days → created_at on or after NOW − 60 days
  q('filter.stage+open', 'open lead-stage deals created in the last 60 days', deals(`${OPEN} AND ${stage('lead')} AND d.created_at >= '{ago:60}'`)),

  // ── filter.pipeline: "pipeline" means open deals only ──────────────────────────────────────────────────
  q('filter.pipeline', 'pipeline deals for AI Assistant', deals(`${OPEN} AND ${product('AI Assistant')}`)),
  q('filter.pipeline', "what's in the pipeline in fintech", deals(`${OPEN} AND ${industry('Financial Technology')}`)),
  q('filter.pipeline', 'show me the pipeline for Canadian companies', deals(`${OPEN} AND ${country('Canada')}`)),
  q('filter.pipeline', 'pipeline over 200k', deals(`${OPEN} AND d.amount {>} 200000`)),
  q('filter.pipeline', 'everything in our pipeline closing in december', deals(`${OPEN} AND ${DECEMBER_2026('d.expected_close')}`)),
  q('filter.pipeline', 'pipeline with Zephyr Mobility Ltd', deals(`${OPEN} AND co.name = 'Zephyr Mobility Ltd'`)),
  q('filter.pipeline', 'automotive pipeline', deals(`${OPEN} AND ${industry('Automotive')}`)),
  q('filter.pipeline', 'pipeline for security suite in the US', deals(`${OPEN} AND ${product('Security Suite')} AND ${country('United States')}`)),

  // ── agg.pipeline: sums and counts over open deals ──────────────────────────────────────────────────────
  q('agg.pipeline', 'total pipeline value', dealValue('sum(d.amount)', OPEN)),
  q('agg.pipeline', 'pipeline value in healthcare', dealValue('sum(d.amount)', `${OPEN} AND ${industry('Healthcare')}`)),
  q('agg.pipeline', 'how much is in the pipeline for Customer Data Hub?', dealValue('sum(d.amount)', `${OPEN} AND ${product('Customer Data Hub')}`)),
  q('agg.pipeline', 'how many deals are in the pipeline', dealValue('count(*)', OPEN)),
  // this quarter → Q4 2026 (October–December), by expected close
  q('agg.pipeline', 'sum of pipeline expected to close this quarter', dealValue('sum(d.amount)', `${OPEN} AND ${between('d.expected_close', '2026-10-01', '2027-01-01')}`)),
  q('agg.pipeline', 'average deal size in the pipeline', dealValue('avg(d.amount)', OPEN)),
  q('agg.pipeline', 'pipeline total for companies in the UK', dealValue('sum(d.amount)', `${OPEN} AND ${country('United Kingdom')}`)),
  q('agg.pipeline', 'number of pipeline deals over 100k', dealValue('count(*)', `${OPEN} AND d.amount {>} 100000`)),

  // ── filter.deal-close-date: "closing" is open deals by expected_close ──────────────────────────────────
  q('filter.deal-close-date', 'deals closing next month', deals(`${OPEN} AND ${DECEMBER_2026('d.expected_close')}`)),
  q('filter.deal-close-date', 'open deals due to close in january 2027', deals(`${OPEN} AND ${between('d.expected_close', '2027-01-01', '2027-02-01')}`)),
  // by the end of the year → expected_close on or before 2026-12-31 (overdue ones included)
  q('filter.deal-close-date', 'which open deals should close by the end of the year', deals(`${OPEN} AND d.expected_close <= '2026-12-31'`)),
  q('filter.deal-close-date', 'open deals with an expected close date in march 2027', deals(`${OPEN} AND ${between('d.expected_close', '2027-03-01', '2027-04-01')}`)),
  q('filter.deal-close-date', 'deals that were supposed to close before september but are still open', deals(`${OPEN} AND d.expected_close < '2026-09-01'`)),
  // after February 2027 → from 2027-03-01
  q('filter.deal-close-date', 'open deals closing after February 2027', deals(`${OPEN} AND d.expected_close >= '2027-03-01'`)),
  q('filter.deal-close-date', 'deals expected to close this month', deals(`${OPEN} AND ${NOVEMBER_2026('d.expected_close')}`)),
  q('filter.deal-close-date', 'open deals closing between dec 1 and jan 15', deals(`${OPEN} AND d.expected_close >= '2026-12-01' AND d.expected_close <= '2027-01-15'`)),

  // ── filter.outcome-date: won/lost beside a date (closed_at) ────────────────────────────────────────────
  q('filter.outcome-date', 'deals we won in september', deals(`${WON} AND ${between('d.closed_at', '2026-09-01', '2026-10-01')}`)),
  q('filter.outcome-date', 'deals lost last month', deals(`${LOST} AND ${OCTOBER_2026('d.closed_at')}`)),
  q('filter.outcome-date', 'show me deals won last quarter', deals(`${WON} AND ${Q3_2026('d.closed_at')}`)),
  // Q2 → Q2 2026 (April–June), the last one before NOW
  q('filter.outcome-date', 'which deals did we lose in Q2', deals(`${LOST} AND ${between('d.closed_at', '2026-04-01', '2026-07-01')}`)),
  q('filter.outcome-date', 'won deals closed in 2025', deals(`${WON} AND ${between('d.closed_at', '2025-01-01', '2026-01-01')}`)),
  q('filter.outcome-date', 'deals lost between march and may 2026', deals(`${LOST} AND ${between('d.closed_at', '2026-03-01', '2026-06-01')}`)),
  q('filter.outcome-date', 'deals won in the first half of 2026', deals(`${WON} AND ${between('d.closed_at', '2026-01-01', '2026-07-01')}`)),
  q('filter.outcome-date', 'lost deals from january 2026', deals(`${LOST} AND ${between('d.closed_at', '2026-01-01', '2026-02-01')}`)),

  // ── agg.count+outcome-date ──────────────────────────────────────────────────────────────────────────────
  q('agg.count+outcome-date', 'how many deals did we win in october?', dealValue('count(*)', `${WON} AND ${OCTOBER_2026('d.closed_at')}`)),
  q('agg.count+outcome-date', 'number of deals lost in Q3', dealValue('count(*)', `${LOST} AND ${Q3_2026('d.closed_at')}`)),
  q('agg.count+outcome-date', 'how many deals were won last quarter', dealValue('count(*)', `${WON} AND ${Q3_2026('d.closed_at')}`)),
  q('agg.count+outcome-date', 'count of lost deals in 2025', dealValue('count(*)', `${LOST} AND ${between('d.closed_at', '2025-01-01', '2026-01-01')}`)),
  q('agg.count+outcome-date', 'how many deals did we close-win in august 2026', dealValue('count(*)', `${WON} AND ${between('d.closed_at', '2026-08-01', '2026-09-01')}`)),
  q('agg.count+outcome-date', 'How many deals did we lose last month', dealValue('count(*)', `${LOST} AND ${OCTOBER_2026('d.closed_at')}`)),
  q('agg.count+outcome-date', 'how many wins in the first quarter of 2026', dealValue('count(*)', `${WON} AND ${between('d.closed_at', '2026-01-01', '2026-04-01')}`)),
  q('agg.count+outcome-date', 'number of deals won in june 2026', dealValue('count(*)', `${WON} AND ${between('d.closed_at', '2026-06-01', '2026-07-01')}`)),

  // ── filter.recency: last_contacted_at ───────────────────────────────────────────────────────────────────
  q('filter.recency', 'contacts we last spoke to before august 2026', contacts(`ct.last_contacted_at < '2026-08-01'`)),
  q('filter.recency', 'people contacted in the last 5 days', contacts(`ct.last_contacted_at >= '{ago:5}'`)),
  q('filter.recency', 'contacts reached since October 1st', contacts(`ct.last_contacted_at >= '2026-10-01'`)),
  q('filter.recency', 'contacts touched in the past 7 days', contacts(`ct.last_contacted_at >= '{ago:7}'`)),
  q('filter.recency', 'contacts last contacted before 2026', contacts(`ct.last_contacted_at < '2026-01-01'`)),
  q('filter.recency', 'who was last contacted in September 2026', contacts(between('ct.last_contacted_at', '2026-09-01', '2026-10-01'))),
  q('filter.recency', 'customers contacted within the last 60 days', contacts(`ct.lead_status = 'customer' AND ct.last_contacted_at >= '{ago:60}'`)),
  q('filter.recency', 'contacts whose last contact was before june 2025', contacts(`ct.last_contacted_at < '2025-06-01'`)),

  // ── filter.negation: negation and absence ───────────────────────────────────────────────────────────────
  q('filter.negation', "contacts we haven't talked to in 90 days", contacts(`ct.last_contacted_at IS NULL OR ct.last_contacted_at < '{ago:90}'`)),
  // 6 months → NOW minus six calendar months
  q('filter.negation', "who haven't we reached out to in the last 6 months", contacts(`ct.last_contacted_at IS NULL OR ct.last_contacted_at < '{monthsAgo:6}'`)),
  q('filter.negation', "customers we havent contacted in 60 days", contacts(`ct.lead_status = 'customer' AND (ct.last_contacted_at IS NULL OR ct.last_contacted_at < '{ago:60}')`)),
  q('filter.negation', 'open deals with no activity in the last 30 days', deals(`${OPEN} AND ${noDealActivitySince('ago:30')}`)),
  // stalled → open; nothing logged → no activity
  q('filter.negation', 'stalled deals - nothing logged for 45 days', deals(`${OPEN} AND ${noDealActivitySince('ago:45')}`)),
  q('filter.negation', 'contacts we have never contacted', contacts(`ct.last_contacted_at IS NULL`)),
  q('filter.negation', 'companies with no deals', companies(`NOT EXISTS (SELECT 1 FROM deals d WHERE d.company_id = co.id)`)),
  q('filter.negation', 'customers not in the US', contacts(`ct.lead_status = 'customer' AND co.country <> 'United States'`)),
  q('filter.negation', "open deals that aren't Automation Cloud", deals(`${OPEN} AND d.product <> 'Automation Cloud'`)),
  q('filter.negation', 'accounts we have never won a deal with', companies(`NOT EXISTS (SELECT 1 FROM deals d WHERE d.company_id = co.id AND ${WON})`)),
  q('filter.negation', 'contacts without any tags', contacts(`ct.tags IS NULL`)),
  // not contacted since September → no contact on or after 2026-09-01
  q('filter.negation', 'qualified leads we have not contacted since september', contacts(`ct.lead_status = 'qualified' AND (ct.last_contacted_at IS NULL OR ct.last_contacted_at < '2026-09-01')`)),

  // ── filter.informal-seniority ───────────────────────────────────────────────────────────────────────────
  // top brass → C-level
  q('filter.informal-seniority', 'top brass at fintech companies', contacts(`${C_LEVEL} AND ${industry('Financial Technology')}`)),
  // c-suite → C-level
  q('filter.informal-seniority', 'c-suite contacts in Berlin', contacts(`${C_LEVEL} AND ${city('Berlin')}`)),
  // senior leadership → C-level and VPs
  q('filter.informal-seniority', 'senior leadership at healthcare companies', contacts(`${SENIOR_LEADERSHIP} AND ${industry('Healthcare')}`)),
  // execs → C-level
  q('filter.informal-seniority', 'execs at insurance firms', contacts(`${C_LEVEL} AND ${industry('Insurance')}`)),
  // vice presidents → VP level
  q('filter.informal-seniority', 'vice-presidents in austin', contacts(`${VP_LEVEL} AND ${city('Austin')}`)),
  // CxOs → C-level
  q('filter.informal-seniority', 'the CxOs at software companies', contacts(`${C_LEVEL} AND ${industry('Software (SaaS)')}`)),
  // middle management → manager-level titles
  q('filter.informal-seniority', 'middle management in Toronto', contacts(`${MANAGER_LEVEL} AND ${city('Toronto')}`)),
  // VP-level folks → VP level
  q('filter.informal-seniority', 'VP-level folks in Madrid', contacts(`${VP_LEVEL} AND ${city('Madrid')}`)),
  // bigwigs → C-level; telcos → Telecommunications
  q('filter.informal-seniority', 'the bigwigs at telcos', contacts(`${C_LEVEL} AND ${industry('Telecommunications')}`)),

  // ── filter.role-responsibility: a role said by what the person does ─────────────────────────────────────
  q('filter.role-responsibility', 'people responsible for hiring at healthcare companies', contacts(`${HR_FAMILY} AND ${industry('Healthcare')}`)),
  q('filter.role-responsibility', 'who looks after the money at energy companies', contacts(`${FINANCE_FAMILY} AND ${industry('Energy')}`)),
  q('filter.role-responsibility', 'contacts who own security in Germany', contacts(`${SECURITY_OWNERS} AND ${country('Germany')}`)),
  q('filter.role-responsibility', 'the people running IT at insurers', contacts(`${IT_FAMILY} AND ${industry('Insurance')}`)),
  q('filter.role-responsibility', 'whoever handles compliance at fintech companies', contacts(`${titles('Head of Compliance')} AND ${industry('Financial Technology')}`)),
  q('filter.role-responsibility', 'marketing people in London', contacts(`${MARKETING_FAMILY} AND ${city('London')}`)),
  q('filter.role-responsibility', 'contacts who work on machine learning in Bangalore', contacts(`${ML_PRACTITIONERS} AND ${city('Bangalore')}`)),
  q('filter.role-responsibility', 'who runs operations at logistics companies', contacts(`${OPERATIONS_LEADS} AND ${industry('Logistics')}`)),
  q('filter.role-responsibility', 'the people who own the product roadmap at e-commerce companies', contacts(`${PRODUCT_OWNERS} AND ${industry('E-commerce')}`)),
  q('filter.role-responsibility', 'salespeople at telecom companies', contacts(`${SALES_FAMILY} AND ${industry('Telecommunications')}`)),

  // ── filter.role+city ────────────────────────────────────────────────────────────────────────────────────
  q('filter.role+city', 'CTOs in San Francisco', contacts(`${titles('Chief Technology Officer')} AND ${city('San Francisco')}`)),
  q('filter.role+city', 'heads of product in Berlin', contacts(`${titles('Head of Product')} AND ${city('Berlin')}`)),
  q('filter.role+city', 'sales directors in New York', contacts(`${titles('Sales Director')} AND ${city('New York')}`)),
  q('filter.role+city', 'VPs of marketing based in London', contacts(`${titles('VP of Marketing')} AND ${city('London')}`)),
  q('filter.role+city', 'data scientists in bangalore', contacts(`${titles('Data Scientist')} AND ${city('Bangalore')}`)),
  q('filter.role+city', 'HR directors in Sydney', contacts(`${titles('HR Director')} AND ${city('Sydney')}`)),
  q('filter.role+city', 'product managers in Seattle', contacts(`${titles('Product Manager')} AND ${city('Seattle')}`)),
  q('filter.role+city', 'CFOs located in Munich', contacts(`${titles('Chief Financial Officer')} AND ${city('Munich')}`)),
  q('filter.role+city', 'COOs in Denver', contacts(`${titles('Chief Operating Officer')} AND ${city('Denver')}`)),

  // ── filter.role+industry ────────────────────────────────────────────────────────────────────────────────
  q('filter.role+industry', 'CISOs at healthcare companies', contacts(`${titles('Chief Information Security Officer')} AND ${industry('Healthcare')}`)),
  q('filter.role+industry', 'VPs of sales in fintech', contacts(`${titles('VP of Sales')} AND ${industry('Financial Technology')}`)),
  q('filter.role+industry', 'ML engineers at automotive companies', contacts(`${titles('ML Engineer')} AND ${industry('Automotive')}`)),
  q('filter.role+industry', 'heads of compliance in insurance', contacts(`${titles('Head of Compliance')} AND ${industry('Insurance')}`)),
  q('filter.role+industry', 'account executives at e-commerce companies', contacts(`${titles('Account Executive')} AND ${industry('E-commerce')}`)),
  q('filter.role+industry', 'CMOs at media companies', contacts(`${titles('Chief Marketing Officer')} AND ${industry('Media & Entertainment')}`)),
  q('filter.role+industry', 'data scientists working at biotech firms', contacts(`${titles('Data Scientist')} AND ${industry('Biotechnology')}`)),
  q('filter.role+industry', 'UX researchers in education', contacts(`${titles('UX Researcher')} AND ${industry('Education')}`)),
  q('filter.role+industry', 'HR directors at hospitality companies', contacts(`${titles('HR Director')} AND ${industry('Hospitality')}`)),

  // ── topn.deals: biggest by amount ───────────────────────────────────────────────────────────────────────
  q('topn.deals', '5 largest open deals', topDeals(5, 'd.amount', 'DESC', OPEN)),
  q('topn.deals', 'biggest 3 deals in healthcare that are still open', topDeals(3, 'd.amount', 'DESC', `${OPEN} AND ${industry('Healthcare')}`)),
  q('topn.deals', 'top 10 open deals by value for Automation Cloud', topDeals(10, 'd.amount', 'DESC', `${OPEN} AND ${product('Automation Cloud')}`)),
  q('topn.deals', 'top 5 largest won deals', topDeals(5, 'd.amount', 'DESC', WON)),
  // top → by amount
  q('topn.deals', 'top 5 open opps in Germany', topDeals(5, 'd.amount', 'DESC', `${OPEN} AND ${country('Germany')}`)),
  q('topn.deals', 'which 3 open insurance deals are worth the most', topDeals(3, 'd.amount', 'DESC', `${OPEN} AND ${industry('Insurance')}`)),
  q('topn.deals', 'highest value pipeline deals, top 8', topDeals(8, 'd.amount', 'DESC', OPEN)),
  q('topn.deals', 'top 10 deals closing next month by amount', topDeals(10, 'd.amount', 'DESC', `${OPEN} AND ${DECEMBER_2026('d.expected_close')}`)),

  // ── topn.companies ──────────────────────────────────────────────────────────────────────────────────────
  q('topn.companies', 'top 5 companies by employees', topCompanies(5, 'co.employees', 'DESC', '1 = 1')),
  q('topn.companies', '10 largest compnies by revenue in the US', topCompanies(10, 'co.annual_revenue', 'DESC', country('United States'))),
  q('topn.companies', 'biggest 3 fintech companies by revenue', topCompanies(3, 'co.annual_revenue', 'DESC', industry('Financial Technology'))),
  q('topn.companies', 'top 5 logistics companies by headcount', topCompanies(5, 'co.employees', 'DESC', industry('Logistics'))),
  // richest → by annual revenue
  q('topn.companies', 'our 5 richest accounts', topCompanies(5, 'co.annual_revenue', 'DESC', '1 = 1')),
  q('topn.companies', 'top 3 companies in Germany by turnover', topCompanies(3, 'co.annual_revenue', 'DESC', country('Germany'))),
  // biggest employers → by employees
  q('topn.companies', '5 biggest employers in India', topCompanies(5, 'co.employees', 'DESC', country('India'))),
  q('topn.companies', 'top 10 companies by annual revenue', topCompanies(10, 'co.annual_revenue', 'DESC', '1 = 1')),

  // ── topn.sort: top-N whose sort is not "biggest" ────────────────────────────────────────────────────────
  q('topn.sort', '5 smallest open deals', topDeals(5, 'd.amount', 'ASC', OPEN)),
  // oldest → earliest created_at
  q('topn.sort', 'the 3 oldest open deals', topDeals(3, 'd.created_at', 'ASC', OPEN)),
  q('topn.sort', 'smallest 5 companies by headcount', topCompanies(5, 'co.employees', 'ASC', '1 = 1')),
  // most recently won → latest closed_at among won deals
  q('topn.sort', 'the 5 most recently won deals', topDeals(5, 'd.closed_at', 'DESC', WON)),
  q('topn.sort', 'bottom 5 companies by revenue', topCompanies(5, 'co.annual_revenue', 'ASC', '1 = 1')),
  q('topn.sort', 'the 5 open deals with the latest expected close date', topDeals(5, 'd.expected_close', 'DESC', OPEN)),
  q('topn.sort', '3 newest deals', topDeals(3, 'd.created_at', 'DESC', '1 = 1')),
  q('topn.sort', 'cheapest 10 deals we lost', topDeals(10, 'd.amount', 'ASC', LOST)),

  // ── lookup.name: a name, e-mail or domain alone → that one record ──────────────────────────────────────
  q('lookup.name', 'Mina Hoffmann', contactNamed('Mina Hoffmann')),
  q('lookup.name', 'nadia bianchi', contactNamed('Nadia Bianchi')),
  q('lookup.name', 'Mateo Quintero', contactNamed('Mateo Quintero')),
  q('lookup.name', 'carla moreau', contactNamed('Carla Moreau')),
  q('lookup.name', 'ximena.kim@redwoodhealth.io', contactWithEmail('ximena.kim@redwoodhealth.io')),
  q('lookup.name', 'priya.torres@pioneershield.com', contactWithEmail('priya.torres@pioneershield.com')),
  q('lookup.name', 'Falcon Systems', companyNamed('Falcon Systems')),
  q('lookup.name', 'zephyr freight', companyNamed('Zephyr Freight')),
  q('lookup.name', 'Helix Therapeutics Labs', companyNamed('Helix Therapeutics Labs')),
  q('lookup.name', 'ironguard.com', companyWithDomain('ironguard.com')),
  q('lookup.name', 'novagoods.net', companyWithDomain('novagoods.net')),
  q('lookup.name', 'pioneergrid.co', companyWithDomain('pioneergrid.co')),

  // ── filter.combined: several constraints at once ────────────────────────────────────────────────────────
  q('filter.combined', 'qualified leads from LinkedIn in Germany', contacts(`ct.lead_status = 'qualified' AND ct.lead_source = 'linkedin' AND ${country('Germany')}`)),
  q('filter.combined', 'open fintech deals over 100k closing before 2027', deals(`${OPEN} AND d.amount {>} 100000 AND ${industry('Financial Technology')} AND d.expected_close < '2027-01-01'`)),
  q('filter.combined', 'VPs at US healthcare companies with more than 1000 employees', contacts(`${VP_LEVEL} AND ${country('United States')} AND ${industry('Healthcare')} AND co.employees {>} 1000`)),
  q('filter.combined', "customers in Berlin we haven't contacted in 30 days", contacts(`ct.lead_status = 'customer' AND ${city('Berlin')} AND (ct.last_contacted_at IS NULL OR ct.last_contacted_at < '{ago:30}')`)),
  // this month → November 2026, by expected close; only open deals can still close
  q('filter.combined', 'deals over 50k that should close this month', deals(`${OPEN} AND d.amount {>} 50000 AND ${NOVEMBER_2026('d.expected_close')}`)),
  q('filter.combined', 'won deals over 200k with US companies in 2026', deals(`${WON} AND d.amount {>} 200000 AND ${country('United States')} AND ${between('d.closed_at', '2026-01-01', '2027-01-01')}`)),
  q('filter.combined', 'new leads from webinars at UK companies', contacts(`ct.lead_status = 'new' AND ct.lead_source = 'webinar' AND ${country('United Kingdom')}`)),
  q('filter.combined', 'open Security Suite deals with cybersecurity companies over 50k', deals(`${OPEN} AND ${product('Security Suite')} AND ${industry('Cybersecurity')} AND d.amount {>} 50000`)),
  // decision makers → the decision-maker tag
  q('filter.combined', 'decision makers at energy companies in the US', contacts(`(';' || ct.tags || ';') LIKE '%;decision-maker;%' AND ${industry('Energy')} AND ${country('United States')}`)),
  q('filter.combined', 'CFOs at companies with revenue over 1 billion', contacts(`${titles('Chief Financial Officer')} AND co.annual_revenue {>} 1000000000`)),
  // Europe → the European countries in the data; VIP → the vip tag
  q('filter.combined', 'VIP customers in Europe', contacts(`ct.lead_status = 'customer' AND (';' || ct.tags || ';') LIKE '%;vip;%' AND ${EUROPE}`)),

  // ── filter.money-words: revenue and deal size in other words ───────────────────────────────────────────
  q('filter.money-words', 'companies with turnover above 1 billion', companies(`co.annual_revenue {>} 1000000000`)),
  q('filter.money-words', 'accounts making more than 500 million a year', companies(`co.annual_revenue {>} 500000000`)),
  q('filter.money-words', 'deals where the deal size is over 400k', deals(`d.amount {>} 400000`)),
  q('filter.money-words', 'companies with less than $5M in annual sales', companies(`co.annual_revenue {<} 5000000`)),
  q('filter.money-words', 'firms with revenues between 100M and 200M', companies(`co.annual_revenue {>} 100000000 AND co.annual_revenue {<} 200000000`)),
  // big-ticket → large amount; the threshold says how large
  q('filter.money-words', 'big-ticket deals above 900k', deals(`d.amount {>} 900000`)),
  q('filter.money-words', 'open deals with a deal size under 5k', deals(`${OPEN} AND d.amount {<} 5000`)),
  q('filter.money-words', 'healthcare companies earning over $2B a year', companies(`${industry('Healthcare')} AND co.annual_revenue {>} 2000000000`)),
  q('filter.money-words', 'US companies that bring in more than a billion dollars annually', companies(`${country('United States')} AND co.annual_revenue {>} 1000000000`)),

  // ── semantic.persona: relevance = the interest family of the contact's notes (sql.ts) ──────────────────
  q('semantic.persona', 'people who care about security compliance', interested('security')),
  q('semantic.persona', 'contacts trying to hire faster', interested('people')),
  q('semantic.persona', 'who is looking to cut costs', interested('finance')),
  q('semantic.persona', 'contacts that want to automate manual processes', interested('operations')),
  q('semantic.persona', 'people interested in AI and ML', interested('ai')),
  q('semantic.persona', 'folks focused on demand generation and marketing campaigns', interested('marketing')),
  q('semantic.persona', 'contacts unhappy with their sales tooling', interested('sales')),
  q('semantic.persona', 'people who care about product analytics', interested('product')),
  q('semantic.persona', 'contacts worried about data privacy and GDPR', interested('security')),

  // ── semantic.persona+industry ───────────────────────────────────────────────────────────────────────────
  q('semantic.persona+industry', 'insurance people worried about data privacy', interested('security', industry('Insurance'))),
  q('semantic.persona+industry', 'energy contacts looking to automate workflows', interested('operations', industry('Energy'))),
  q('semantic.persona+industry', 'logistics contacts interested in AI', interested('ai', industry('Logistics'))),
  q('semantic.persona+industry', 'hospitality contacts concerned about costs', interested('finance', industry('Hospitality'))),
  q('semantic.persona+industry', 'e-commerce contacts who care about marketing campaigns', interested('marketing', industry('E-commerce'))),
  q('semantic.persona+industry', 'telecom people who want to hire faster', interested('people', industry('Telecommunications'))),
  q('semantic.persona+industry', 'automotive contacts wanting better sales forecasting', interested('sales', industry('Automotive'))),
  q('semantic.persona+industry', 'education contacts into product experimentation', interested('product', industry('Education'))),

  // ── semantic.persona+role: interest family and a seniority or role read from the title ─────────────────
  q('semantic.persona+role', 'executives worried about security audits', interested('security', C_LEVEL)),
  q('semantic.persona+role', 'VPs interested in product analytics', interested('product', VP_LEVEL)),
  q('semantic.persona+role', 'managers who want to automate workflows', interested('operations', MANAGER_LEVEL)),
  q('semantic.persona+role', 'directors focused on hiring and retention', interested('people', DIRECTOR_LEVEL)),
  // engineers → titles ending in "Engineer"
  q('semantic.persona+role', 'engineers interested in machine learning', interested('ai', `ct.title LIKE '% Engineer'`)),
  // analysts → titles ending in "Analyst"
  q('semantic.persona+role', 'analysts looking to reduce costs', interested('finance', `ct.title LIKE '% Analyst'`)),
  // sales leaders → C-level, VP or director titles of the sales family
  q('semantic.persona+role', 'sales leaders who want better forecasts', interested('sales', `(${C_LEVEL} OR ${VP_LEVEL} OR ${DIRECTOR_LEVEL})`)),
  q('semantic.persona+role', 'C-level marketers interested in campaigns', interested('marketing', C_LEVEL)),

  // ── similar: "contacts like <name>" ─────────────────────────────────────────────────────────────────────
  q('similar', 'contacts similar to Umar Dubois', like('Umar Dubois')),
  q('similar', 'people like elena murphy', like('Elena Murphy')),
  q('similar', 'who else is like Rafael Torres?', like('Rafael Torres')),
  q('similar', 'find lookalikes of Diego Brennan', like('Diego Brennan')),
  q('similar', 'more contacts like Talia Jovanovic', like('Talia Jovanovic')),
  q('similar', 'Show me people similar to Nikhil Bianchi', like('Nikhil Bianchi')),
  q('similar', 'contacts resembling Gita Larsen', like('Gita Larsen')),
  q('similar', 'similar contacts to Paula Fischer', like('Paula Fischer')),
  q('similar', 'others like Gabriel Nakamura', like('Gabriel Nakamura')),
];
