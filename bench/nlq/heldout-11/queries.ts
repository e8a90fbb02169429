/**
 * Held-out NLQ set 11: the queries, each with the SQL of its expected answer. Written by someone who had not
 * read the parser, its tests, its docs or the other held-out sets' sentences (see README.md). The meaning of
 * every informal word is spelt out in `vocab.ts` (conventions) or in a comment above its query.
 *
 * THE PARSER'S AUTHORS MUST NOT TUNE ON THESE SENTENCES (README.md, "The rule").
 */
import {
  companies,
  companyValue,
  contacts,
  contactValue,
  country,
  city,
  dealValue,
  deals,
  industry,
  interested,
  like as similarTo,
  LOST,
  noDealActivitySince,
  OPEN,
  product,
  stage,
  topCompanies,
  topContacts,
  topDeals,
  WON,
  type Spec,
} from '../heldout/sql.js';
import {
  C_SUITE,
  closingIn,
  companyNamed,
  companyWithDomain,
  contactNamed,
  contactWithEmail,
  DEC_2026,
  DIRECTORS,
  H1_2026,
  lostIn,
  MANAGERS,
  month,
  notContactedSince,
  OCT_2026,
  Q1_2026,
  Q1_2027,
  Q2_2026,
  Q3_2026,
  ROLE,
  SENIOR_LEADERSHIP,
  VPS,
  within,
  wonIn,
  YEAR_2025,
} from './vocab.js';

export interface Query {
  category: string;
  text: string;
  expected: Spec;
  /** Other fair readings of the words; the build refuses the item unless they score ≥ 0.95 against `expected`. */
  fair?: Spec[];
}

const title = (...names: string[]) => `ct.title IN (${names.map((n) => `'${n}'`).join(', ')})`;
const status = (s: string) => `ct.lead_status = '${s}'`;
const source = (s: string) => `ct.lead_source = '${s}'`;
/** Carries the tag (tags are `;`-separated; a contact without tags carries none). */
const tagged = (t: string) => `(';' || coalesce(ct.tags, '') || ';') LIKE '%;${t};%'`;
/** "Above/over/more than/under/below N": the build evaluates strict and inclusive readings and requires them to agree. */
const over = (column: string, n: number) => `${column} {>} ${n}`;
const under = (column: string, n: number) => `${column} {<} ${n}`;
const amountOver = (n: number) => over('d.amount', n);
const amountUnder = (n: number) => under('d.amount', n);
const revenueOver = (n: number) => over('co.annual_revenue', n);
const revenueUnder = (n: number) => under('co.annual_revenue', n);
const staffOver = (n: number) => over('co.employees', n);
const staffUnder = (n: number) => under('co.employees', n);
const all = '1 = 1';

export const QUERIES: Query[] = [
  // =======================================================================================================
  // filter.industry — an industry by (close to) its own name; entity from the noun.
  // =======================================================================================================
  { category: 'filter.industry', text: 'show me everyone we know in insurance', expected: contacts(industry('Insurance')) },
  { category: 'filter.industry', text: 'Biotechnology companies', expected: companies(industry('Biotechnology')) },
  { category: 'filter.industry', text: 'list our logistics accounts', expected: companies(industry('Logistics')) },
  { category: 'filter.industry', text: 'contacts at hospitality organisations', expected: contacts(industry('Hospitality')) },
  { category: 'filter.industry', text: 'which companies are in real estate?', expected: companies(industry('Real Estate')) },
  { category: 'filter.industry', text: 'people working in manufacturing', expected: contacts(industry('Manufacturing')) },
  // "deals with X companies": every deal, whatever its stage.
  { category: 'filter.industry', text: 'all deals with energy companies', expected: deals(industry('Energy')) },
  { category: 'filter.industry', text: 'media and entertainment contacts', expected: contacts(industry('Media & Entertainment')) },
  { category: 'filter.industry', text: 'ecommerce companies pls', expected: companies(industry('E-commerce')) },
  { category: 'filter.industry', text: 'who do we have at cybersecurity compnaies?', expected: contacts(industry('Cybersecurity')) },

  // =======================================================================================================
  // filter.deal-amount+industry
  // =======================================================================================================
  { category: 'filter.deal-amount+industry', text: 'open deals above $250k in healthcare', expected: deals(`${OPEN} AND ${amountOver(250_000)} AND ${industry('Healthcare')}`) },
  { category: 'filter.deal-amount+industry', text: 'open opportunities under 10k at education companies', expected: deals(`${OPEN} AND ${amountUnder(10_000)} AND ${industry('Education')}`) },
  { category: 'filter.deal-amount+industry', text: 'won deals over 100k in manufacturing', expected: deals(`${WON} AND ${amountOver(100_000)} AND ${industry('Manufacturing')}`) },
  { category: 'filter.deal-amount+industry', text: 'Open logistics deals worth more than 75,000 dollars', expected: deals(`${OPEN} AND ${amountOver(75_000)} AND ${industry('Logistics')}`) },
  // "telecoms" (British) = Telecommunications.
  { category: 'filter.deal-amount+industry', text: 'telecoms deals > 200k that are still open', expected: deals(`${OPEN} AND ${amountOver(200_000)} AND ${industry('Telecommunications')}`) },
  { category: 'filter.deal-amount+industry', text: 'lost deals under $8k in insurance', expected: deals(`${LOST} AND ${amountUnder(8_000)} AND ${industry('Insurance')}`) },
  { category: 'filter.deal-amount+industry', text: 'fintech open deals bigger than 150k', expected: deals(`${OPEN} AND ${amountOver(150_000)} AND ${industry('Financial Technology')}`) },
  { category: 'filter.deal-amount+industry', text: 'show open hospitality deals of at least 50k', expected: deals(`${OPEN} AND d.amount >= 50000 AND ${industry('Hospitality')}`) },
  // "between A and B": both ends read strictly and inclusively by the build.
  { category: 'filter.deal-amount+industry', text: 'open e-commerce opportunities between 20k and 80k', expected: deals(`${OPEN} AND ${amountOver(20_000)} AND ${amountUnder(80_000)} AND ${industry('E-commerce')}`) },

  // =======================================================================================================
  // agg.count
  // =======================================================================================================
  { category: 'agg.count', text: 'how many contacts do we have in Spain?', expected: contactValue('count(*)', country('Spain')) },
  { category: 'agg.count', text: 'number of companies in the healthcare space', expected: companyValue('count(*)', industry('Healthcare')) },
  { category: 'agg.count', text: 'count of deals sitting in proposal', expected: dealValue('count(*)', stage('proposal')) },
  { category: 'agg.count', text: 'how many customers came in through conferences', expected: contactValue('count(*)', `${status('customer')} AND ${source('conference')}`) },
  { category: 'agg.count', text: 'total number of fintech contacts', expected: contactValue('count(*)', industry('Financial Technology')) },
  { category: 'agg.count', text: 'how many accounts in Singapore', expected: companyValue('count(*)', country('Singapore')) },
  { category: 'agg.count', text: 'How many Chief Financial Officers are in the CRM?', expected: contactValue('count(*)', title('Chief Financial Officer')) },
  // every Payments API deal, whatever its stage
  { category: 'agg.count', text: '# of deals for Payments API', expected: dealValue('count(*)', product('Payments API')) },
  // "vip" = the tag vip
  { category: 'agg.count', text: 'how many vip contacts are there', expected: contactValue('count(*)', tagged('vip')) },

  // =======================================================================================================
  // agg.sum
  // =======================================================================================================
  { category: 'agg.sum', text: 'total value of won Security Suite deals', expected: dealValue('sum(d.amount)', `${WON} AND ${product('Security Suite')}`) },
  { category: 'agg.sum', text: 'sum of all lost deal amounts in automotive', expected: dealValue('sum(d.amount)', `${LOST} AND ${industry('Automotive')}`) },
  { category: 'agg.sum', text: 'combined revenue of our Australian companies', expected: companyValue('sum(co.annual_revenue)', country('Australia')) },
  { category: 'agg.sum', text: 'how much have we won from Customer Data Hub in total', expected: dealValue('sum(d.amount)', `${WON} AND ${product('Customer Data Hub')}`) },
  { category: 'agg.sum', text: 'total amount of deals in negotiation', expected: dealValue('sum(d.amount)', stage('negotiation')) },
  // "headcount" = employees
  { category: 'agg.sum', text: "what's the total headcount across our Japanese accounts", expected: companyValue('sum(co.employees)', country('Japan')) },
  { category: 'agg.sum', text: 'sum of won deal value at biotech companies', expected: dealValue('sum(d.amount)', `${WON} AND ${industry('Biotechnology')}`) },
  { category: 'agg.sum', text: 'add up the amounts of all qualified-stage deals in germany', expected: dealValue('sum(d.amount)', `${stage('qualified')} AND ${country('Germany')}`) },

  // =======================================================================================================
  // agg.avg
  // =======================================================================================================
  { category: 'agg.avg', text: 'average size of a lost Analytics Platform deal', expected: dealValue('avg(d.amount)', `${LOST} AND ${product('Analytics Platform')}`) },
  { category: 'agg.avg', text: 'mean deal amount in real estate', expected: dealValue('avg(d.amount)', industry('Real Estate')) },
  { category: 'agg.avg', text: 'avg employees at companies in Canada', expected: companyValue('avg(co.employees)', country('Canada')) },
  { category: 'agg.avg', text: "what's the average won deal worth for Payments API?", expected: dealValue('avg(d.amount)', `${WON} AND ${product('Payments API')}`) },
  { category: 'agg.avg', text: 'average revenue of an education company', expected: companyValue('avg(co.annual_revenue)', industry('Education')) },
  { category: 'agg.avg', text: 'on average how big are our won deals in logistics', expected: dealValue('avg(d.amount)', `${WON} AND ${industry('Logistics')}`) },
  { category: 'agg.avg', text: 'average amount of deals in the proposal stage', expected: dealValue('avg(d.amount)', stage('proposal')) },
  { category: 'agg.avg', text: 'average number of staff at brazilian firms', expected: companyValue('avg(co.employees)', country('Brazil')) },

  // =======================================================================================================
  // filter.country+status — lead_status values: new, contacted, qualified, unqualified, customer.
  // =======================================================================================================
  { category: 'filter.country+status', text: 'German customers', expected: contacts(`${status('customer')} AND ${country('Germany')}`) },
  { category: 'filter.country+status', text: 'qualifed contacts in Canada', expected: contacts(`${status('qualified')} AND ${country('Canada')}`) },
  // "new leads" = lead_status new
  { category: 'filter.country+status', text: 'new leads in india', expected: contacts(`${status('new')} AND ${country('India')}`) },
  { category: 'filter.country+status', text: 'unqualified people in Australia', expected: contacts(`${status('unqualified')} AND ${country('Australia')}`) },
  { category: 'filter.country+status', text: 'French contacts marked as contacted', expected: contacts(`${status('contacted')} AND ${country('France')}`) },
  { category: 'filter.country+status', text: 'customers based in the Netherlands', expected: contacts(`${status('customer')} AND ${country('Netherlands')}`) },
  { category: 'filter.country+status', text: 'Qualified leads in Japan', expected: contacts(`${status('qualified')} AND ${country('Japan')}`) },
  { category: 'filter.country+status', text: 'spanish customers', expected: contacts(`${status('customer')} AND ${country('Spain')}`) },
  // "still new" = lead_status new
  { category: 'filter.country+status', text: 'uk contacts that are still new', expected: contacts(`${status('new')} AND ${country('United Kingdom')}`) },

  // =======================================================================================================
  // filter.deal-product+outcome
  // =======================================================================================================
  { category: 'filter.deal-product+outcome', text: 'lost Payments API deals', expected: deals(`${LOST} AND ${product('Payments API')}`) },
  { category: 'filter.deal-product+outcome', text: 'Customer Data Hub wins', expected: deals(`${WON} AND ${product('Customer Data Hub')}`) },
  { category: 'filter.deal-product+outcome', text: 'which Analytics Platform deals did we lose?', expected: deals(`${LOST} AND ${product('Analytics Platform')}`) },
  { category: 'filter.deal-product+outcome', text: 'closed-won security suite opportunities', expected: deals(`${WON} AND ${product('Security Suite')}`) },
  { category: 'filter.deal-product+outcome', text: 'AI Assistant deals we lost', expected: deals(`${LOST} AND ${product('AI Assistant')}`) },
  // "fell through" = lost
  { category: 'filter.deal-product+outcome', text: 'automation cloud deals that fell through', expected: deals(`${LOST} AND ${product('Automation Cloud')}`) },
  { category: 'filter.deal-product+outcome', text: 'deals won on the payments api', expected: deals(`${WON} AND ${product('Payments API')}`) },
  // "successful" = won
  { category: 'filter.deal-product+outcome', text: 'successful Analytics Platform deals', expected: deals(`${WON} AND ${product('Analytics Platform')}`) },

  // =======================================================================================================
  // filter.company-size+country — size = employees.
  // =======================================================================================================
  { category: 'filter.company-size+country', text: 'companies in the Netherlands with fewer than 50 employees', expected: companies(`${staffUnder(50)} AND ${country('Netherlands')}`) },
  { category: 'filter.company-size+country', text: 'firms in Brazil with over 10,000 staff', expected: companies(`${staffOver(10_000)} AND ${country('Brazil')}`) },
  { category: 'filter.company-size+country', text: 'German companies with more than 1000 people', expected: companies(`${staffOver(1000)} AND ${country('Germany')}`) },
  { category: 'filter.company-size+country', text: 'uk companies under 100 employees', expected: companies(`${staffUnder(100)} AND ${country('United Kingdom')}`) },
  { category: 'filter.company-size+country', text: 'companies with 5000+ employees in Japan', expected: companies(`co.employees >= 5000 AND ${country('Japan')}`) },
  { category: 'filter.company-size+country', text: 'small companies in France (under 200 employees)', expected: companies(`${staffUnder(200)} AND ${country('France')}`) },
  { category: 'filter.company-size+country', text: 'Indian companies with a headcount above 2,000', expected: companies(`${staffOver(2000)} AND ${country('India')}`) },
  { category: 'filter.company-size+country', text: 'companies in australia that have between 100 and 1000 employees', expected: companies(`${staffOver(100)} AND ${staffUnder(1000)} AND ${country('Australia')}`) },
  { category: 'filter.company-size+country', text: 'large Spanish firms with more than 5k employees', expected: companies(`${staffOver(5000)} AND ${country('Spain')}`) },

  // =======================================================================================================
  // filter.source+status — lead_source values: referral, linkedin, cold outreach, partner, webinar, conference, website.
  // =======================================================================================================
  { category: 'filter.source+status', text: 'qualified contacts from the website', expected: contacts(`${status('qualified')} AND ${source('website')}`) },
  { category: 'filter.source+status', text: 'new leads via LinkedIn', expected: contacts(`${status('new')} AND ${source('linkedin')}`) },
  { category: 'filter.source+status', text: 'customers that came through partners', expected: contacts(`${status('customer')} AND ${source('partner')}`) },
  { category: 'filter.source+status', text: 'unqualified contacts from cold outreach', expected: contacts(`${status('unqualified')} AND ${source('cold outreach')}`) },
  { category: 'filter.source+status', text: 'contacted leads who found us at a conference', expected: contacts(`${status('contacted')} AND ${source('conference')}`) },
  { category: 'filter.source+status', text: 'Customers who signed up from webinars', expected: contacts(`${status('customer')} AND ${source('webinar')}`) },
  { category: 'filter.source+status', text: 'referral contacts that are qualified', expected: contacts(`${status('qualified')} AND ${source('referral')}`) },
  { category: 'filter.source+status', text: 'linkedin-sourced customers', expected: contacts(`${status('customer')} AND ${source('linkedin')}`) },

  // =======================================================================================================
  // filter.deal-stage — stages: lead, qualified, proposal, negotiation, closed_won, closed_lost.
  // =======================================================================================================
  { category: 'filter.deal-stage', text: 'which deals are at the proposal stage', expected: deals(stage('proposal')) },
  // "opps" = deals
  { category: 'filter.deal-stage', text: 'opps in negotiation', expected: deals(stage('negotiation')) },
  { category: 'filter.deal-stage', text: 'show me deals that are still just leads', expected: deals(stage('lead')) },
  { category: 'filter.deal-stage', text: 'qualified-stage opportunities', expected: deals(stage('qualified')) },
  { category: 'filter.deal-stage', text: 'everything in the negotiating stage', expected: deals(stage('negotiation')) },
  { category: 'filter.deal-stage', text: 'deals at lead stage in Germany', expected: deals(`${stage('lead')} AND ${country('Germany')}`) },
  { category: 'filter.deal-stage', text: 'proposal stage deals for AI Assistant', expected: deals(`${stage('proposal')} AND ${product('AI Assistant')}`) },
  { category: 'filter.deal-stage', text: 'deals marked closed lost', expected: deals(stage('closed_lost')) },

  // =======================================================================================================
  // filter.deal-close-date — on expected_close; "closing"/"due"/"slated" = open deals (vocab.closingIn).
  // =======================================================================================================
  { category: 'filter.deal-close-date', text: 'open deals expected to close in December', expected: deals(closingIn(DEC_2026)) },
  { category: 'filter.deal-close-date', text: 'which deals are slated to close in Q1 2027?', expected: deals(closingIn(Q1_2027)) },
  { category: 'filter.deal-close-date', text: 'deals closing next month', expected: deals(closingIn(DEC_2026)) },
  { category: 'filter.deal-close-date', text: 'open deals with an expected close date in January 2027', expected: deals(closingIn(month('2027-01'))) },
  // "overdue": open, and the expected close date (a date) is before today's date, 2026-11-01.
  { category: 'filter.deal-close-date', text: 'overdue open deals', expected: deals(`${OPEN} AND d.expected_close < '2026-11-01'`) },
  { category: 'filter.deal-close-date', text: 'open deals that should have closed before september', expected: deals(`${OPEN} AND d.expected_close < '2026-09-01'`) },
  // "between now and the end of the year" = expected_close from today's date, 2026-11-01, to 2026-12-31
  { category: 'filter.deal-close-date', text: 'deals expected to close between now and the end of the year', expected: deals(closingIn(['2026-11-01', '2027-01-01'])) },
  { category: 'filter.deal-close-date', text: 'opportunites due to close in february 2027', expected: deals(closingIn(month('2027-02'))) },

  // =======================================================================================================
  // filter.recency — on last_contacted_at; a date presupposes a contact (never-contacted are not "last contacted before X").
  // =======================================================================================================
  { category: 'filter.recency', text: "contacts we've spoken to in the last two weeks", expected: contacts(`ct.last_contacted_at >= '{ago:14}'`) },
  { category: 'filter.recency', text: 'people contacted since the start of October', expected: contacts(`ct.last_contacted_at >= '2026-10-01'`) },
  { category: 'filter.recency', text: 'contacts last touched before June 2026', expected: contacts(`ct.last_contacted_at < '2026-06-01'`) },
  { category: 'filter.recency', text: 'contacts whose last touchpoint was in september', expected: contacts(within('ct.last_contacted_at', month('2026-09'))) },
  { category: 'filter.recency', text: 'contacts reached in the past 7 days', expected: contacts(`ct.last_contacted_at >= '{ago:7}'`) },
  { category: 'filter.recency', text: 'contacts we last spoke with more than a year ago', expected: contacts(`ct.last_contacted_at < '{monthsAgo:12}'`) },
  { category: 'filter.recency', text: 'who have we been in touch with in the past 30 days', expected: contacts(`ct.last_contacted_at >= '{ago:30}'`) },
  { category: 'filter.recency', text: 'contacts with a last contact date before 2026', expected: contacts(`ct.last_contacted_at < '2026-01-01'`) },

  // =======================================================================================================
  // topn.deals — by amount, descending.
  // =======================================================================================================
  { category: 'topn.deals', text: '5 biggest wins in insurance', expected: topDeals(5, 'd.amount', 'DESC', `${WON} AND ${industry('Insurance')}`) },
  { category: 'topn.deals', text: 'the three largest open opportunities in Germany', expected: topDeals(3, 'd.amount', 'DESC', `${OPEN} AND ${country('Germany')}`) },
  { category: 'topn.deals', text: 'top 10 open deals by value', expected: topDeals(10, 'd.amount', 'DESC', OPEN) },
  { category: 'topn.deals', text: 'biggest lost deals, top 5', expected: topDeals(5, 'd.amount', 'DESC', LOST) },
  { category: 'topn.deals', text: 'largest 5 Security Suite deals still open', expected: topDeals(5, 'd.amount', 'DESC', `${OPEN} AND ${product('Security Suite')}`) },
  { category: 'topn.deals', text: 'which 3 open deals in logistics are worth the most', expected: topDeals(3, 'd.amount', 'DESC', `${OPEN} AND ${industry('Logistics')}`) },
  { category: 'topn.deals', text: 'top 8 won deals in 2025', expected: topDeals(8, 'd.amount', 'DESC', wonIn(YEAR_2025)) },
  { category: 'topn.deals', text: 'highest-value open deals in the uk, top 5', expected: topDeals(5, 'd.amount', 'DESC', `${OPEN} AND ${country('United Kingdom')}`) },

  // =======================================================================================================
  // topn.companies
  // =======================================================================================================
  { category: 'topn.companies', text: '5 biggest companies by headcount in Japan', expected: topCompanies(5, 'co.employees', 'DESC', country('Japan')) },
  { category: 'topn.companies', text: 'top 10 companies by revenue in Germany', expected: topCompanies(10, 'co.annual_revenue', 'DESC', country('Germany')) },
  { category: 'topn.companies', text: 'which 3 healthcare companies have the most employees', expected: topCompanies(3, 'co.employees', 'DESC', industry('Healthcare')) },
  { category: 'topn.companies', text: 'largest 5 fintech firms by revenue', expected: topCompanies(5, 'co.annual_revenue', 'DESC', industry('Financial Technology')) },
  { category: 'topn.companies', text: 'top five energy companies by annual revenue', expected: topCompanies(5, 'co.annual_revenue', 'DESC', industry('Energy')) },
  // "biggest employers" = most employees
  { category: 'topn.companies', text: 'the 3 biggest employers in London', expected: topCompanies(3, 'co.employees', 'DESC', city('London')) },
  { category: 'topn.companies', text: 'top 5 Canadian companies by number of employees', expected: topCompanies(5, 'co.employees', 'DESC', country('Canada')) },
  { category: 'topn.companies', text: '10 highest-revenue media companies', expected: topCompanies(10, 'co.annual_revenue', 'DESC', industry('Media & Entertainment')) },

  // =======================================================================================================
  // filter.role+city
  // =======================================================================================================
  { category: 'filter.role+city', text: 'product managers in Berlin', expected: contacts(`${title('Product Manager')} AND ${city('Berlin')}`) },
  { category: 'filter.role+city', text: 'CTOs in Austin', expected: contacts(`${title('Chief Technology Officer')} AND ${city('Austin')}`) },
  { category: 'filter.role+city', text: 'data scientists based in Bangalore', expected: contacts(`${title('Data Scientist')} AND ${city('Bangalore')}`) },
  { category: 'filter.role+city', text: 'HR directors in Toronto', expected: contacts(`${title('HR Director')} AND ${city('Toronto')}`) },
  { category: 'filter.role+city', text: 'heads of growth in sydney', expected: contacts(`${title('Head of Growth')} AND ${city('Sydney')}`) },
  // "sao paulo" typed without its accent = São Paulo
  { category: 'filter.role+city', text: 'sales managers in sao paulo', expected: contacts(`${title('Sales Manager')} AND ${city('São Paulo')}`) },
  { category: 'filter.role+city', text: 'VPs of Marketing in Chicago', expected: contacts(`${title('VP of Marketing')} AND ${city('Chicago')}`) },
  { category: 'filter.role+city', text: 'security engineers in seattle', expected: contacts(`${title('Security Engineer')} AND ${city('Seattle')}`) },

  // =======================================================================================================
  // filter.role+industry
  // =======================================================================================================
  { category: 'filter.role+industry', text: 'CISOs at insurance companies', expected: contacts(`${title('Chief Information Security Officer')} AND ${industry('Insurance')}`) },
  { category: 'filter.role+industry', text: 'operations managers in logistics', expected: contacts(`${title('Operations Manager')} AND ${industry('Logistics')}`) },
  { category: 'filter.role+industry', text: 'heads of product at e-commerce companies', expected: contacts(`${title('Head of Product')} AND ${industry('E-commerce')}`) },
  { category: 'filter.role+industry', text: 'VP of Sales at automotive firms', expected: contacts(`${title('VP of Sales')} AND ${industry('Automotive')}`) },
  { category: 'filter.role+industry', text: 'ML engineers in biotech', expected: contacts(`${title('ML Engineer')} AND ${industry('Biotechnology')}`) },
  { category: 'filter.role+industry', text: 'talent acquisition leads at healthcare companies', expected: contacts(`${title('Talent Acquisition Lead')} AND ${industry('Healthcare')}`) },
  { category: 'filter.role+industry', text: 'Financial controllers in manufacturing', expected: contacts(`${title('Financial Controller')} AND ${industry('Manufacturing')}`) },
  { category: 'filter.role+industry', text: 'CMOs in the hospitality industry', expected: contacts(`${title('Chief Marketing Officer')} AND ${industry('Hospitality')}`) },

  // =======================================================================================================
  // semantic.persona — ranked (k = 10); relevant = every contact whose notes are in the family asked about.
  // Each of the eight families is asked about in two ways of this set's own (a worry, a goal, a project …).
  // =======================================================================================================
  // ai
  { category: 'semantic.persona', text: 'contacts keen on running a machine learning pilot', expected: interested('ai') },
  { category: 'semantic.persona', text: 'anyone exploring artificial intelligence for their business', expected: interested('ai') },
  // security & compliance
  { category: 'semantic.persona', text: "who's stressed about upcoming security audits", expected: interested('security') },
  { category: 'semantic.persona', text: 'people who care a lot about data privacy and gdpr', expected: interested('security') },
  // costs & finance
  { category: 'semantic.persona', text: 'contacts trying to cut down their software spend', expected: interested('finance') },
  { category: 'semantic.persona', text: 'folks who need a solid ROI case before they buy anything', expected: interested('finance') },
  // sales productivity
  { category: 'semantic.persona', text: 'contacts trying to speed up their sales cycle', expected: interested('sales') },
  { category: 'semantic.persona', text: 'who wants their reps to spend less time on admin', expected: interested('sales') },
  // marketing
  { category: 'semantic.persona', text: 'contacts who want to know which campaigns actually drive results', expected: interested('marketing') },
  { category: 'semantic.persona', text: 'people planning a rebrand', expected: interested('marketing') },
  // operations
  { category: 'semantic.persona', text: "who's drowning in spreadsheets and manual processes", expected: interested('operations') },
  { category: 'semantic.persona', text: 'contacts struggling with supply chain disruption', expected: interested('operations') },
  // product
  { category: 'semantic.persona', text: 'people running lots of a/b tests', expected: interested('product') },
  { category: 'semantic.persona', text: 'contacts who want to analyse user behaviour in their product', expected: interested('product') },
  // people & hiring
  { category: 'semantic.persona', text: 'who is struggling to recruit engineers', expected: interested('people') },
  { category: 'semantic.persona', text: 'contacts worried about employee burnout and retention', expected: interested('people') },

  // =======================================================================================================
  // semantic.persona+industry — relevant = the family within the industry (≥ 15 such contacts each).
  // =======================================================================================================
  { category: 'semantic.persona+industry', text: 'automotive contacts worried about phishing and zero trust', expected: interested('security', industry('Automotive')) },
  { category: 'semantic.persona+industry', text: 'AI-curious people at education companies', expected: interested('ai', industry('Education')) },
  { category: 'semantic.persona+industry', text: 'telecom folks focused on campaigns and brand', expected: interested('marketing', industry('Telecommunications')) },
  { category: 'semantic.persona+industry', text: 'healthcare contacts dealing with hiring headaches', expected: interested('people', industry('Healthcare')) },
  { category: 'semantic.persona+industry', text: 'energy sector people who run product experiments', expected: interested('product', industry('Energy')) },
  { category: 'semantic.persona+industry', text: 'media & entertainment contacts exploring deep learning', expected: interested('ai', industry('Media & Entertainment')) },
  { category: 'semantic.persona+industry', text: 'insurance contacts who want to boost sales productivity', expected: interested('sales', industry('Insurance')) },
  { category: 'semantic.persona+industry', text: 'hospitality contacts trying to streamline their operations', expected: interested('operations', industry('Hospitality')) },
  { category: 'semantic.persona+industry', text: 'biotech people watching their budgets closely', expected: interested('finance', industry('Biotechnology')) },
  { category: 'semantic.persona+industry', text: 'e-commerce contacts concerned about data protection', expected: interested('security', industry('E-commerce')) },
  { category: 'semantic.persona+industry', text: 'logistics contacts looking at AI', expected: interested('ai', industry('Logistics')) },
  { category: 'semantic.persona+industry', text: 'manufacturing people who want to get rid of manual handoffs', expected: interested('operations', industry('Manufacturing')) },
  { category: 'semantic.persona+industry', text: 'contacts at cybersecurity companies who want to fix their sales process', expected: interested('sales', industry('Cybersecurity')) },
  { category: 'semantic.persona+industry', text: 'fintech contacts focused on growing and keeping their team', expected: interested('people', industry('Financial Technology')) },

  // =======================================================================================================
  // semantic.persona+role — relevant = the family among the titles the words name (the role words are read as
  // in vocab.ts; in the data a title's holders all share one family, so the role decides much of it).
  // =======================================================================================================
  // "VPs" = VP of … titles
  { category: 'semantic.persona+role', text: 'VPs worried about hiring', expected: interested('people', VPS) },
  // "c-level" = Chief … titles
  { category: 'semantic.persona+role', text: 'c-level people thinking about compliance audits', expected: interested('security', C_SUITE) },
  // "directors" = titles with Director
  { category: 'semantic.persona+role', text: 'directors exploring machine learning', expected: interested('ai', DIRECTORS) },
  // "managers" = titles ending in Manager
  { category: 'semantic.persona+role', text: 'managers who want to cut costs', expected: interested('finance', MANAGERS) },
  // "engineers" = the titles with Engineer / Engineering in them
  { category: 'semantic.persona+role', text: 'engineers interested in AI', expected: interested('ai', `(ct.title LIKE '%Engineer%')`) },
  // "finance leaders" = CFO and VP of Finance
  { category: 'semantic.persona+role', text: 'finance leaders who need to see a return on investment', expected: interested('finance', title('Chief Financial Officer', 'VP of Finance')) },
  { category: 'semantic.persona+role', text: 'sales managers fed up with manual data entry', expected: interested('sales', title('Sales Manager')) },
  // "marketing execs" = CMO and VP of Marketing
  { category: 'semantic.persona+role', text: 'marketing execs planning a brand refresh', expected: interested('marketing', title('Chief Marketing Officer', 'VP of Marketing')) },
  // "ops managers" = Operations Manager
  { category: 'semantic.persona+role', text: 'ops managers fighting supply chain problems', expected: interested('operations', title('Operations Manager')) },
  // "product leaders" = CPO, VP of Product, Head of Product
  { category: 'semantic.persona+role', text: 'product leaders who run a lot of experiments', expected: interested('product', title('Chief Product Officer', 'VP of Product', 'Head of Product')) },
  { category: 'semantic.persona+role', text: 'HR directors who care about employee engagement', expected: interested('people', title('HR Director')) },
  { category: 'semantic.persona+role', text: 'security engineers concerned with access control', expected: interested('security', title('Security Engineer')) },
  { category: 'semantic.persona+role', text: 'CTOs evaluating AI platforms', expected: interested('ai', title('Chief Technology Officer')) },

  // =======================================================================================================
  // similar — "like X": full credit for X's interest at a company of X's industry, half for X's interest elsewhere.
  // =======================================================================================================
  { category: 'similar', text: 'contacts like Sara Kim', expected: similarTo('Sara Kim') },
  { category: 'similar', text: 'people similar to Tomas Xu', expected: similarTo('Tomas Xu') },
  { category: 'similar', text: 'more like Nadia Anderson', expected: similarTo('Nadia Anderson') },
  { category: 'similar', text: 'who else is like Pedro Usman?', expected: similarTo('Pedro Usman') },
  { category: 'similar', text: 'find lookalikes of Gita Kaur', expected: similarTo('Gita Kaur') },
  { category: 'similar', text: 'anyone resembling esther castillo', expected: similarTo('Esther Castillo') },
  { category: 'similar', text: 'Contacts with a similar profile to Paula Mendes', expected: similarTo('Paula Mendes') },
  { category: 'similar', text: 'show me people like Mina Adeyemi', expected: similarTo('Mina Adeyemi') },
  { category: 'similar', text: 'similar contacts to zane rossi', expected: similarTo('Zane Rossi') },
  { category: 'similar', text: 'find me more contacts like Omar Quintero', expected: similarTo('Omar Quintero') },
  { category: 'similar', text: 'who resembles Umar Vogel', expected: similarTo('Umar Vogel') },
  { category: 'similar', text: 'people like ivy ziegler', expected: similarTo('Ivy Ziegler') },
  { category: 'similar', text: 'contacts comparable to Wanjiru Nakamura', expected: similarTo('Wanjiru Nakamura') },

  // =======================================================================================================
  // filter.informal-industry — a sector by what people call its firms or trade.
  // =======================================================================================================
  // "insurers" = Insurance
  { category: 'filter.informal-industry', text: 'list of insurers', expected: companies(industry('Insurance')) },
  // "carmakers" = Automotive
  { category: 'filter.informal-industry', text: 'contacts at carmakers', expected: contacts(industry('Automotive')) },
  // "hospitals and clinics" = Healthcare (its companies are described as clinics, hospitals, telehealth)
  { category: 'filter.informal-industry', text: 'hospitals and clinics in our database', expected: companies(industry('Healthcare')) },
  // "telcos" = Telecommunications
  { category: 'filter.informal-industry', text: 'people at telcos', expected: contacts(industry('Telecommunications')) },
  // "shipping and freight companies" = Logistics
  { category: 'filter.informal-industry', text: 'shipping and freight companies', expected: companies(industry('Logistics')) },
  // "universities and schools", "edtech" = Education
  { category: 'filter.informal-industry', text: 'contacts at schools, universities and edtech firms', expected: contacts(industry('Education')) },
  // "hotel and restaurant groups" = Hospitality
  { category: 'filter.informal-industry', text: 'hotel and restaurant groups', expected: companies(industry('Hospitality')) },
  // "drug developers", "life sciences" = Biotechnology (its companies are described as assays, genomics, drug discovery)
  { category: 'filter.informal-industry', text: 'who do we know at drug developers and life-science firms', expected: contacts(industry('Biotechnology')) },
  // "online retailers", "webshops" = E-commerce
  { category: 'filter.informal-industry', text: 'online retailers and webshops', expected: companies(industry('E-commerce')) },
  // "utilities", "power companies" = Energy
  { category: 'filter.informal-industry', text: 'open deals with utilities and power companies', expected: deals(`${OPEN} AND ${industry('Energy')}`) },
  // "landlords and property developers" = Real Estate
  { category: 'filter.informal-industry', text: 'landlords and property developers', expected: companies(industry('Real Estate')) },
  // "broadcasters and streaming services" = Media & Entertainment
  { category: 'filter.informal-industry', text: 'contacts at broadcasters and streaming services', expected: contacts(industry('Media & Entertainment')) },
  // "neobanks and payment startups" = Financial Technology
  { category: 'filter.informal-industry', text: 'neobanks and payment startups', expected: companies(industry('Financial Technology')) },
  // two sectors: "car companies" = Automotive, "haulage firms" = Logistics
  { category: 'filter.informal-industry', text: 'people at car companies and haulage firms', expected: contacts(industry('Automotive', 'Logistics')) },

  // =======================================================================================================
  // filter.informal-seniority — levels as vocab.ts defines them.
  // =======================================================================================================
  // "the c-suite" = Chief … titles
  { category: 'filter.informal-seniority', text: 'the c-suite at our German accounts', expected: contacts(`${C_SUITE} AND ${country('Germany')}`) },
  // "CxOs" = Chief … titles
  { category: 'filter.informal-seniority', text: 'CxOs in fintech', expected: contacts(`${C_SUITE} AND ${industry('Financial Technology')}`) },
  // "vice presidents" = VP of … titles
  { category: 'filter.informal-seniority', text: 'vice presidents in Boston', expected: contacts(`${VPS} AND ${city('Boston')}`) },
  // "senior leadership" = Chief and VP titles
  { category: 'filter.informal-seniority', text: 'senior leadership at healthcare companies', expected: contacts(`${SENIOR_LEADERSHIP} AND ${industry('Healthcare')}`) },
  // "middle management" (typed "managment") = titles ending in Manager
  { category: 'filter.informal-seniority', text: 'middle managment in Madrid', expected: contacts(`${MANAGERS} AND ${city('Madrid')}`) },
  // "VP-level" = VP of … titles
  { category: 'filter.informal-seniority', text: 'VP-level contacts at energy companies', expected: contacts(`${VPS} AND ${industry('Energy')}`) },
  { category: 'filter.informal-seniority', text: "anyone in the C-suite who's already a customer", expected: contacts(`${C_SUITE} AND ${status('customer')}`) },
  // "VPs and above" = Chief and VP titles
  { category: 'filter.informal-seniority', text: 'VPs and above at logistics companies', expected: contacts(`${SENIOR_LEADERSHIP} AND ${industry('Logistics')}`) },
  // "chief officers" = Chief … titles
  { category: 'filter.informal-seniority', text: 'chief officers in singapore', expected: contacts(`${C_SUITE} AND ${country('Singapore')}`) },
  // "director-level" = titles with Director
  { category: 'filter.informal-seniority', text: 'director-level people in London', expected: contacts(`${DIRECTORS} AND ${city('London')}`) },

  // =======================================================================================================
  // filter.role-responsibility — a function said by what the person does; each maps to a family of vocab.ROLE.
  // =======================================================================================================
  // "in charge of hiring and HR" = the HR family
  { category: 'filter.role-responsibility', text: 'people in charge of hiring and HR at insurance companies', expected: contacts(`${ROLE.hr} AND ${industry('Insurance')}`) },
  // "looks after the money" = the finance family
  { category: 'filter.role-responsibility', text: 'who looks after the money at logistics firms', expected: contacts(`${ROLE.finance} AND ${industry('Logistics')}`) },
  // "responsible for cybersecurity" = CISO, VP of Security, Security Engineer
  { category: 'filter.role-responsibility', text: 'folks responsible for cybersecurity in Australia', expected: contacts(`${ROLE.security} AND ${country('Australia')}`) },
  // "run IT" = Director of IT, IT Manager
  { category: 'filter.role-responsibility', text: 'contacts who run IT at German companies', expected: contacts(`${ROLE.it} AND ${country('Germany')}`) },
  // "work on machine learning / data science" = the ML family
  { category: 'filter.role-responsibility', text: 'anyone whose job is data science or machine learning in Toronto', expected: contacts(`${ROLE.ml} AND ${city('Toronto')}`) },
  // "own the product roadmap" = the product family (not the UX researchers)
  { category: 'filter.role-responsibility', text: 'who owns the product roadmap at SaaS companies', expected: contacts(`${ROLE.product} AND ${industry('Software (SaaS)')}`) },
  // "run operations" = COO, VP of Operations, Operations Director, Operations Manager
  { category: 'filter.role-responsibility', text: 'the people who run operations at manufacturing organizations', expected: contacts(`${ROLE.operations} AND ${industry('Manufacturing')}`) },
  // "handles compliance" = Head of Compliance
  { category: 'filter.role-responsibility', text: 'whoever handles compliance at fintechs', expected: contacts(`${ROLE.compliance} AND ${industry('Financial Technology')}`) },
  // "do user research" = UX Researcher
  { category: 'filter.role-responsibility', text: 'people who do user research', expected: contacts(ROLE.research) },
  // "whose job is selling" = the sales family
  { category: 'filter.role-responsibility', text: 'contacts whose job is selling, in Canada', expected: contacts(`${ROLE.sales} AND ${country('Canada')}`) },
  // "work in marketing" = the marketing family
  { category: 'filter.role-responsibility', text: 'people who work in marketing at e-commerce companies', expected: contacts(`${ROLE.marketing} AND ${industry('E-commerce')}`) },

  // =======================================================================================================
  // filter.money-words — revenue and deal amount in other words (vocab.ts).
  // =======================================================================================================
  // "turnover" = annual_revenue
  { category: 'filter.money-words', text: 'companies with turnover above $1bn', expected: companies(revenueOver(1e9)) },
  // "making … a year" = annual_revenue
  { category: 'filter.money-words', text: 'accounts making more than 500 million a year', expected: companies(revenueOver(500e6)) },
  // "annual sales" = annual_revenue
  { category: 'filter.money-words', text: 'firms with annual sales under $5M', expected: companies(revenueUnder(5e6)) },
  // "deal size" = amount (every stage)
  { category: 'filter.money-words', text: 'deal size over 300k', expected: deals(amountOver(300_000)) },
  // "bringing in … a year" = annual_revenue
  { category: 'filter.money-words', text: 'German companies bringing in over 2 billion a year', expected: companies(`${revenueOver(2e9)} AND ${country('Germany')}`) },
  // "earning … annually" = annual_revenue
  { category: 'filter.money-words', text: 'healthcare companies earning less than 10 million annually', expected: companies(`${revenueUnder(10e6)} AND ${industry('Healthcare')}`) },
  // "ticket size" = amount
  { category: 'filter.money-words', text: 'open opportunities with a ticket size under 5k', expected: deals(`${OPEN} AND ${amountUnder(5000)}`) },
  // "top line" = annual_revenue
  { category: 'filter.money-words', text: 'companies whose top line exceeds 3bn', expected: companies(revenueOver(3e9)) },
  // "yearly sales" = annual_revenue
  { category: 'filter.money-words', text: 'accounts with yearly sales between 50m and 100m', expected: companies(`${revenueOver(50e6)} AND ${revenueUnder(100e6)}`) },
  // "contract value" = amount
  { category: 'filter.money-words', text: 'won deals with a contract value above 400k', expected: deals(`${WON} AND ${amountOver(400_000)}`) },

  // =======================================================================================================
  // filter.negation — negation and absence (vocab.notContactedSince; activity = rows of activities.csv on the deal).
  // =======================================================================================================
  { category: 'filter.negation', text: "contacts we haven't spoken to in 60 days", expected: contacts(notContactedSince('{ago:60}')) },
  // "no activity" = no activity row whose deal_id is the deal, between the cutoff and now
  { category: 'filter.negation', text: 'open deals with no activity in the last 45 days', expected: deals(`${OPEN} AND ${noDealActivitySince('ago:45')}`) },
  { category: 'filter.negation', text: "contacts who've never been contacted", expected: contacts('ct.last_contacted_at IS NULL') },
  { category: 'filter.negation', text: 'companies with no deals', expected: companies(`NOT EXISTS (SELECT 1 FROM deals d WHERE d.company_id = co.id)`) },
  // "deals but no wins yet" = at least one deal, none closed_won
  { category: 'filter.negation', text: 'accounts with deals but no wins yet', expected: companies(`EXISTS (SELECT 1 FROM deals d WHERE d.company_id = co.id) AND NOT EXISTS (SELECT 1 FROM deals d WHERE d.company_id = co.id AND ${WON})`) },
  { category: 'filter.negation', text: 'contacts outside the US', expected: contacts(`co.country <> 'United States'`) },
  { category: 'filter.negation', text: "open deals that aren't Automation Cloud", expected: deals(`${OPEN} AND d.product <> 'Automation Cloud'`) },
  // "decision makers" = the tag decision-maker
  { category: 'filter.negation', text: 'customers not tagged as decision makers', expected: contacts(`${status('customer')} AND NOT ${tagged('decision-maker')}`) },
  { category: 'filter.negation', text: 'open deals not in negotiation', expected: deals(`${OPEN} AND d.stage <> 'negotiation'`) },
  // "since July" = since 2026-07-01; never contacted counts as not reached
  { category: 'filter.negation', text: 'healthcare contacts nobody has reached out to since July', expected: contacts(`${industry('Healthcare')} AND ${notContactedSince('2026-07-01')}`) },
  // "gone quiet for 3 months" = no activity on the deal in the 3 calendar months before now
  { category: 'filter.negation', text: 'open opps that have gone quiet for 3 months', expected: deals(`${OPEN} AND ${noDealActivitySince('monthsAgo:3')}`) },
  { category: 'filter.negation', text: 'companies without any contacts', expected: companies(`NOT EXISTS (SELECT 1 FROM contacts ct WHERE ct.company_id = co.id)`) },
  { category: 'filter.negation', text: 'contacts with no tags', expected: contacts('ct.tags IS NULL') },
  // "non-customers" = lead_status other than customer
  { category: 'filter.negation', text: 'non-customers in Singapore', expected: contacts(`ct.lead_status <> 'customer' AND ${country('Singapore')}`) },

  // =======================================================================================================
  // filter.outcome-date — won/lost and closed_at in the period.
  // =======================================================================================================
  { category: 'filter.outcome-date', text: 'deals won last quarter', expected: deals(wonIn(Q3_2026)) },
  { category: 'filter.outcome-date', text: 'what did we lose in October?', expected: deals(lostIn(OCT_2026)) },
  { category: 'filter.outcome-date', text: 'wins from 2025', expected: deals(wonIn(YEAR_2025)) },
  { category: 'filter.outcome-date', text: 'deals lost in the first half of 2026', expected: deals(lostIn(H1_2026)) },
  { category: 'filter.outcome-date', text: 'closed-won deals in August', expected: deals(wonIn(month('2026-08'))) },
  { category: 'filter.outcome-date', text: 'lost deals from last month', expected: deals(lostIn(OCT_2026)) },
  // "between march and may" = 1 March to 31 May 2026, May included
  { category: 'filter.outcome-date', text: 'deals we won between march and may', expected: deals(wonIn(['2026-03-01', '2026-06-01'])) },
  { category: 'filter.outcome-date', text: 'which deals did we lose in Q2', expected: deals(lostIn(Q2_2026)) },
  // "closed successfully" = won
  { category: 'filter.outcome-date', text: 'deals we closed successfully in september', expected: deals(wonIn(month('2026-09'))) },

  // =======================================================================================================
  // agg.count+outcome-date
  // =======================================================================================================
  { category: 'agg.count+outcome-date', text: 'how many deals did we win last month?', expected: dealValue('count(*)', wonIn(OCT_2026)) },
  { category: 'agg.count+outcome-date', text: 'number of lost deals in Q3', expected: dealValue('count(*)', lostIn(Q3_2026)) },
  { category: 'agg.count+outcome-date', text: 'how many wins in 2025', expected: dealValue('count(*)', wonIn(YEAR_2025)) },
  { category: 'agg.count+outcome-date', text: 'count of deals lost in June', expected: dealValue('count(*)', lostIn(month('2026-06'))) },
  { category: 'agg.count+outcome-date', text: 'how many deals were closed-won in the first quarter', expected: dealValue('count(*)', wonIn(Q1_2026)) },
  { category: 'agg.count+outcome-date', text: 'how many deals did we lose last quarter', expected: dealValue('count(*)', lostIn(Q3_2026)) },
  { category: 'agg.count+outcome-date', text: 'How many deals did we win in April 2026?', expected: dealValue('count(*)', wonIn(month('2026-04'))) },
  { category: 'agg.count+outcome-date', text: 'total number of losses in december 2025', expected: dealValue('count(*)', lostIn(month('2025-12'))) },

  // =======================================================================================================
  // filter.stage+open — "open" beside an explicit stage keeps the stage.
  // =======================================================================================================
  { category: 'filter.stage+open', text: 'open deals in negotiation over 100k', expected: deals(`${stage('negotiation')} AND ${amountOver(100_000)}`) },
  { category: 'filter.stage+open', text: 'open proposal-stage deals in the UK', expected: deals(`${stage('proposal')} AND ${country('United Kingdom')}`) },
  { category: 'filter.stage+open', text: 'still-open qualified deals for Analytics Platform', expected: deals(`${stage('qualified')} AND ${product('Analytics Platform')}`) },
  { category: 'filter.stage+open', text: 'open deals at lead stage closing next month', expected: deals(`${stage('lead')} AND ${within('d.expected_close', DEC_2026)}`) },
  { category: 'filter.stage+open', text: 'open negotiation deals at fintech companies', expected: deals(`${stage('negotiation')} AND ${industry('Financial Technology')}`) },
  { category: 'filter.stage+open', text: 'which open deals are in proposal and worth more than 50k', expected: deals(`${stage('proposal')} AND ${amountOver(50_000)}`) },
  { category: 'filter.stage+open', text: 'open deals still at the lead stage in healthcare', expected: deals(`${stage('lead')} AND ${industry('Healthcare')}`) },
  { category: 'filter.stage+open', text: 'open deals in the qualified stage created in the last 60 days', expected: deals(`${stage('qualified')} AND d.created_at >= '{ago:60}'`) },

  // =======================================================================================================
  // filter.pipeline — "pipeline" = open deals only.
  // =======================================================================================================
  { category: 'filter.pipeline', text: 'pipeline in fintech', expected: deals(`${OPEN} AND ${industry('Financial Technology')}`) },
  { category: 'filter.pipeline', text: "what's in the pipeline for Payments API", expected: deals(`${OPEN} AND ${product('Payments API')}`) },
  { category: 'filter.pipeline', text: 'uk pipeline over 50k', expected: deals(`${OPEN} AND ${country('United Kingdom')} AND ${amountOver(50_000)}`) },
  { category: 'filter.pipeline', text: 'pipeline deals closing in january', expected: deals(closingIn(month('2027-01'))) },
  { category: 'filter.pipeline', text: 'show me the Customer Data Hub pipeline in Germany', expected: deals(`${OPEN} AND ${product('Customer Data Hub')} AND ${country('Germany')}`) },
  { category: 'filter.pipeline', text: 'pipeline with healthcare companies above 200k', expected: deals(`${OPEN} AND ${industry('Healthcare')} AND ${amountOver(200_000)}`) },
  { category: 'filter.pipeline', text: 'our pipeline in Tokyo', expected: deals(`${OPEN} AND ${city('Tokyo')}`) },
  { category: 'filter.pipeline', text: 'pipeline opps for AI Assistant over 100k', expected: deals(`${OPEN} AND ${product('AI Assistant')} AND ${amountOver(100_000)}`) },
  { category: 'filter.pipeline', text: 'the education pipline', expected: deals(`${OPEN} AND ${industry('Education')}`) },

  // =======================================================================================================
  // agg.pipeline — sums, counts and averages over open deals. "Pipeline value / worth" = sum of amount.
  // =======================================================================================================
  { category: 'agg.pipeline', text: 'total pipeline value', expected: dealValue('sum(d.amount)', OPEN) },
  { category: 'agg.pipeline', text: "what's the pipeline worth in energy?", expected: dealValue('sum(d.amount)', `${OPEN} AND ${industry('Energy')}`) },
  { category: 'agg.pipeline', text: 'how many deals are in the pipeline', expected: dealValue('count(*)', OPEN) },
  { category: 'agg.pipeline', text: 'average open deal size for AI Assistant', expected: dealValue('avg(d.amount)', `${OPEN} AND ${product('AI Assistant')}`) },
  { category: 'agg.pipeline', text: 'sum of pipeline in negotiation', expected: dealValue('sum(d.amount)', stage('negotiation')) },
  { category: 'agg.pipeline', text: 'pipeline value for Germany', expected: dealValue('sum(d.amount)', `${OPEN} AND ${country('Germany')}`) },
  { category: 'agg.pipeline', text: 'number of open opportunities in healthcare', expected: dealValue('count(*)', `${OPEN} AND ${industry('Healthcare')}`) },
  { category: 'agg.pipeline', text: 'mean size of deals in our US pipeline', expected: dealValue('avg(d.amount)', `${OPEN} AND ${country('United States')}`) },
  { category: 'agg.pipeline', text: 'how much pipeline do we have closing next month', expected: dealValue('sum(d.amount)', closingIn(DEC_2026)) },

  // =======================================================================================================
  // topn.sort — top-N whose order is not "biggest first".
  // =======================================================================================================
  { category: 'topn.sort', text: '5 smallest open deals', expected: topDeals(5, 'd.amount', 'ASC', OPEN) },
  // "oldest" deals = earliest created_at
  { category: 'topn.sort', text: 'the 3 oldest open deals', expected: topDeals(3, 'd.created_at', 'ASC', OPEN) },
  // "newest" = latest created_at, every stage
  { category: 'topn.sort', text: 'newest 5 deals', expected: topDeals(5, 'd.created_at', 'DESC', all) },
  { category: 'topn.sort', text: 'open deals with the latest expected close date, top 5', expected: topDeals(5, 'd.expected_close', 'DESC', OPEN) },
  // "bottom … by revenue" = lowest annual_revenue first
  { category: 'topn.sort', text: 'bottom 5 companies by revenue in Germany', expected: topCompanies(5, 'co.annual_revenue', 'ASC', country('Germany')) },
  { category: 'topn.sort', text: '5 companies with the fewest employees in the US', expected: topCompanies(5, 'co.employees', 'ASC', country('United States')) },
  { category: 'topn.sort', text: 'smallest 3 won deals for Security Suite', expected: topDeals(3, 'd.amount', 'ASC', `${WON} AND ${product('Security Suite')}`) },
  // "newest contacts" = latest created_at
  { category: 'topn.sort', text: '10 newest contacts', expected: topContacts(10, 'ct.created_at', 'DESC', all) },
  { category: 'topn.sort', text: 'lowest-value 5 open deals in healthcare', expected: topDeals(5, 'd.amount', 'ASC', `${OPEN} AND ${industry('Healthcare')}`) },
  { category: 'topn.sort', text: '3 tiniest companies in Tokyo by headcount', expected: topCompanies(3, 'co.employees', 'ASC', city('Tokyo')) },

  // =======================================================================================================
  // lookup.name — a name, e-mail, company name or domain typed alone.
  // =======================================================================================================
  { category: 'lookup.name', text: 'Ben Singh', expected: contactNamed('Ben Singh') },
  { category: 'lookup.name', text: 'aiko tanaka', expected: contactNamed('Aiko Tanaka') },
  { category: 'lookup.name', text: 'nikhil.bianchi@evergreenassurance.net', expected: contactWithEmail('nikhil.bianchi@evergreenassurance.net') },
  { category: 'lookup.name', text: 'Nimbus Media', expected: companyNamed('Nimbus Media') },
  { category: 'lookup.name', text: 'onyxcloud.co', expected: companyWithDomain('onyxcloud.co') },
  { category: 'lookup.name', text: 'Kira Garcia', expected: contactNamed('Kira Garcia') },
  { category: 'lookup.name', text: 'prismpower.co', expected: companyWithDomain('prismpower.co') },
  { category: 'lookup.name', text: 'Crescent Machines Ltd', expected: companyNamed('Crescent Machines Ltd') },
  { category: 'lookup.name', text: 'dmitri.singh@helixassurance.io', expected: contactWithEmail('dmitri.singh@helixassurance.io') },
  { category: 'lookup.name', text: 'meridian learning', expected: companyNamed('Meridian Learning') },

  // =======================================================================================================
  // filter.combined — three or four constraints at once.
  // =======================================================================================================
  { category: 'filter.combined', text: 'qualified contacts from linkedin in Canada', expected: contacts(`${status('qualified')} AND ${source('linkedin')} AND ${country('Canada')}`) },
  { category: 'filter.combined', text: 'proposal or negotiation deals above 50k expected to close in december', expected: deals(`${stage('proposal', 'negotiation')} AND ${amountOver(50_000)} AND ${within('d.expected_close', DEC_2026)}`) },
  // "vip" = the tag vip
  { category: 'filter.combined', text: 'vip customers in germany', expected: contacts(`${tagged('vip')} AND ${status('customer')} AND ${country('Germany')}`) },
  // "decision-makers" = the tag decision-maker
  { category: 'filter.combined', text: 'decision-makers at SaaS companies in the US', expected: contacts(`${tagged('decision-maker')} AND ${industry('Software (SaaS)')} AND ${country('United States')}`) },
  // "making over 1bn" = annual_revenue over 1e9
  { category: 'filter.combined', text: 'CFOs at companies making over 1bn', expected: contacts(`${title('Chief Financial Officer')} AND ${revenueOver(1e9)}`) },
  { category: 'filter.combined', text: 'won AI Assistant deals over 100k with US companies', expected: deals(`${WON} AND ${product('AI Assistant')} AND ${amountOver(100_000)} AND ${country('United States')}`) },
  { category: 'filter.combined', text: 'new contacts from webinars at companies with more than 1000 employees', expected: contacts(`${status('new')} AND ${source('webinar')} AND ${staffOver(1000)}`) },
  { category: 'filter.combined', text: 'open Security Suite deals in the US closing next month', expected: deals(`${product('Security Suite')} AND ${country('United States')} AND ${closingIn(DEC_2026)}`) },
  { category: 'filter.combined', text: 'customers in Berlin who came from referrals', expected: contacts(`${status('customer')} AND ${city('Berlin')} AND ${source('referral')}`) },
  { category: 'filter.combined', text: 'lost Analytics Platform deals over 200k in 2025', expected: deals(`${lostIn(YEAR_2025)} AND ${product('Analytics Platform')} AND ${amountOver(200_000)}`) },
];
