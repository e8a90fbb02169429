/**
 * Held-out set 3: queries as salespeople, managers and ops people type them into the command bar, each with the
 * plain SQL that computes its expected answer over the shared CSVs (see README.md for the conventions). Written
 * without reading the parser, its lexicon or the other query sets' phrasings. build.ts runs the SQL and writes
 * ../heldout-3.jsonl.
 */
import {
  AS_OF, TODAY, C_LEVEL, LOST, OPEN, VP, WON, between, companies, contacts, daysAgo, deals, industry, q, role, theme,
  type RoleFamily, type Theme,
} from './sql.js';

export type Query =
  | { category: string; text: string; kind: 'set'; entity: 'contact' | 'deal' | 'company'; sql: string }
  | { category: string; text: string; kind: 'value'; sql: string }
  /** `sql` returns (id, key) in result order, ties broken by id; `key` decides the ties at the n-th place. */
  | { category: string; text: string; kind: 'topn'; entity: 'deal' | 'company'; n: number; sql: string }
  | { category: string; text: string; kind: 'ranked'; entity: 'contact'; k: number; sql: string }
  | { category: string; text: string; kind: 'similar'; entity: 'contact'; k: number; seedSql: string; sql: string; partialSql: string };

const Q: Query[] = [];
const set = (category: string, entity: 'contact' | 'deal' | 'company', text: string, sql: string) => Q.push({ category, kind: 'set', entity, text, sql });
const value = (category: string, text: string, sql: string) => Q.push({ category, kind: 'value', text, sql });

// ---------------------------------------------------------------- filter.industry
{
  const c = 'filter.industry';
  set(c, 'contact', 'anyone we know in the hotel business', contacts(industry('Hospitality')));
  set(c, 'contact', 'contacts at carmakers', contacts(industry('Automotive')));
  set(c, 'contact', 'who do we know at the telcos', contacts(industry('Telecommunications')));
  set(c, 'contact', 'people working for insurers', contacts(industry('Insurance')));
  set(c, 'contact', 'folks at schools and universities', contacts(industry('Education')));
  set(c, 'contact', 'contacts at biotech labs', contacts(industry('Biotechnology')));
  set(c, 'contact', 'everyone at hospitals and clinics', contacts(industry('Healthcare')));
  set(c, 'contact', 'people in oil, gas and power', contacts(industry('Energy')));
  set(c, 'contact', 'our contacts at broadcasters and film studios', contacts(industry('Media & Entertainment')));
  set(c, 'contact', 'freight and shipping people', contacts(industry('Logistics')));
  set(c, 'contact', 'people who work at online retailers', contacts(industry('E-commerce')));
  set(c, 'contact', 'contacts at property developers and landlords', contacts(industry('Real Estate')));
  set(c, 'contact', 'people at factories and industrial plants', contacts(industry('Manufacturing')));
  set(c, 'contact', 'anyone at an infosec vendor', contacts(industry('Cybersecurity')));
  set(c, 'contact', 'contacts at saas shops', contacts(industry('Software (SaaS)')));
  set(c, 'contact', 'people at fintechs or insurance carriers', contacts(industry('Financial Technology', 'Insurance')));
  set(c, 'contact', 'hotel folks and car company folks', contacts(industry('Hospitality', 'Automotive')));
  set(c, 'company', 'accounts in the car industry', companies(industry('Automotive')));
  set(c, 'company', 'which companies are mobile carriers', companies(industry('Telecommunications')));
}

// ---------------------------------------------------------------- filter.role+industry
{
  const c = 'filter.role+industry';
  const ri = (text: string, who: string, ...ind: string[]) => set(c, 'contact', text, contacts(`${who} AND ${industry(...ind)}`));
  ri('top brass at carmakers', C_LEVEL, 'Automotive');
  ri('whoever does the hiring at hospitals', role('people'), 'Healthcare');
  ri('finance people at insurers', role('finance'), 'Insurance');
  ri('c-suite at the telcos', C_LEVEL, 'Telecommunications');
  ri('the people building ML models at biotech firms', role('data'), 'Biotechnology');
  ri('security folks at fintech companies', role('security'), 'Financial Technology');
  ri('marketers in hospitality', role('marketing'), 'Hospitality');
  ri('VPs at online retailers', VP, 'E-commerce');
  ri('ops people at freight companies', role('operations'), 'Logistics');
  ri('salespeople at saas vendors', role('sales'), 'Software (SaaS)');
  ri('compliance heads at fintechs', role('compliance'), 'Financial Technology');
  ri('IT people at universities', role('it'), 'Education');
  ri('product people in media and entertainment', role('product'), 'Media & Entertainment');
  ri('CFOs at energy companies', `ct.title = 'Chief Financial Officer'`, 'Energy');
  ri('HR contacts at manufacturers', role('people'), 'Manufacturing');
  ri('data science and machine learning people at security companies', role('data'), 'Cybersecurity');
  ri('whoever handles the money at real estate firms', role('finance'), 'Real Estate');
}

// ---------------------------------------------------------------- filter.role+city
{
  const c = 'filter.role+city';
  const rc = (text: string, who: string, city: string) => set(c, 'contact', text, contacts(`${who} AND co.city = ${q(city)}`));
  rc('finance people in Berlin', role('finance'), 'Berlin');
  rc('who do we know in HR in Austin', role('people'), 'Austin');
  rc('C-level contacts in London', C_LEVEL, 'London');
  rc('marketers based in Toronto', role('marketing'), 'Toronto');
  rc('VPs in San Francisco', VP, 'San Francisco');
  rc('salespeople in Sydney', role('sales'), 'Sydney');
  rc('security people in seattle', role('security'), 'Seattle');
  rc('ops folks in Denver', role('operations'), 'Denver');
  rc('product people in Bangalore', role('product'), 'Bangalore');
  rc('ML and data people around Boston', role('data'), 'Boston');
  rc('IT contacts in Madrid', role('it'), 'Madrid');
  rc('the c-suite folks in paris', C_LEVEL, 'Paris');
  rc('HR people in Amsterdam', role('people'), 'Amsterdam');
  rc('finance folks in Tokyo', role('finance'), 'Tokyo');
  rc('heads of compliance in chicago', role('compliance'), 'Chicago');
  rc('anyone in sales in Sao Paulo', role('sales'), 'São Paulo');
  rc('engineering leaders in Munich', role('engineering'), 'Munich');
}

// ---------------------------------------------------------------- filter.recency
{
  const c = 'filter.recency';
  // "Haven't talked to since X" includes those never contacted; "gone quiet" means contacted once, not since.
  const notSince = (iso: string) => `(ct.last_contacted_at IS NULL OR ct.last_contacted_at < ${q(iso)})`;
  set(c, 'contact', "who haven't we talked to in 30 days", contacts(notSince(daysAgo(30))));
  set(c, 'contact', "contacts we've spoken with in the past week", contacts(`ct.last_contacted_at >= ${q(daysAgo(7))}`));
  set(c, 'contact', 'people we reached out to in the last 14 days', contacts(`ct.last_contacted_at >= ${q(daysAgo(14))}`));
  set(c, 'contact', 'contacts that have gone quiet for more than 90 days', contacts(`ct.last_contacted_at IS NOT NULL AND ct.last_contacted_at < ${q(daysAgo(90))}`));
  set(c, 'contact', 'who did we touch base with since October 1', contacts(`ct.last_contacted_at >= '2026-10-01'`));
  set(c, 'contact', 'contacts nobody has ever reached out to', contacts('ct.last_contacted_at IS NULL'));
  set(c, 'contact', 'people with no contact in over 60 days', contacts(notSince(daysAgo(60))));
  set(c, 'contact', 'contacts last reached more than 180 days ago', contacts(`ct.last_contacted_at IS NOT NULL AND ct.last_contacted_at < ${q(daysAgo(180))}`));
  set(c, 'contact', 'contacts added in the last 30 days', contacts(`ct.created_at >= ${q(daysAgo(30))}`));
  const noDealActivitySince = (iso: string) => `NOT EXISTS (SELECT 1 FROM activities a WHERE a.deal_id = d.id AND a.occurred_at >= ${q(iso)})`;
  set(c, 'deal', 'open deals with no activity in the last 45 days', deals(`${OPEN} AND ${noDealActivitySince(daysAgo(45))}`));
  set(c, 'deal', 'stalled deals where nothing has been logged for 60 days', deals(`${OPEN} AND ${noDealActivitySince(daysAgo(60))}`));
  set(c, 'deal', 'open deals untouched since September 1', deals(`${OPEN} AND ${noDealActivitySince('2026-09-01')}`));
  set(c, 'company', "accounts we haven't had any activity with in 90 days", companies(`NOT EXISTS (SELECT 1 FROM activities a WHERE a.company_id = co.id AND a.occurred_at >= ${q(daysAgo(90))})`));
  const didRecently = (type: string, iso: string) => `EXISTS (SELECT 1 FROM activities a WHERE a.contact_id = ct.id AND a.type = ${q(type)} AND a.occurred_at >= ${q(iso)} AND a.occurred_at <= ${q(AS_OF)})`;
  set(c, 'contact', 'contacts we emailed in the last 10 days', contacts(didRecently('email', daysAgo(10))));
  set(c, 'contact', 'who did we meet with this past week', contacts(didRecently('meeting', daysAgo(7))));
  set(c, 'contact', 'people we called in the last 3 days', contacts(didRecently('call', daysAgo(3))));
  set(c, 'contact', "customers we haven't spoken to in two months", contacts(`ct.lead_status = 'customer' AND ${notSince(daysAgo(60))}`));
}

// ---------------------------------------------------------------- filter.deal-stage
{
  const c = 'filter.deal-stage';
  const ds = (text: string, where: string) => set(c, 'deal', text, deals(where));
  ds("what's sitting in negotiation right now", `d.stage = 'negotiation'`);
  ds('show me the pipeline', OPEN);
  ds('open deals at the proposal stage', `d.stage = 'proposal'`);
  ds('deals that are qualified and still open', `d.stage = 'qualified'`);
  ds('deals still at the lead stage', `d.stage = 'lead'`);
  ds('deals we lost', LOST);
  ds('closed-won deals', WON);
  ds('every closed deal, won or lost', `d.stage IN ('closed_won', 'closed_lost')`);
  ds('deals still in play', OPEN);
  ds('open opportunities in proposal or negotiation', `d.stage IN ('proposal', 'negotiation')`);
  ds('active deals for the Analytics Platform', `${OPEN} AND d.product = 'Analytics Platform'`);
  ds('Security Suite pipeline', `${OPEN} AND d.product = 'Security Suite'`);
  ds('deals stuck in qualification', `d.stage = 'qualified'`);
  ds('opportunities in negotiation with hospitals', `d.stage = 'negotiation' AND ${industry('Healthcare')}`);
  ds('open deals not yet past the lead stage', `d.stage = 'lead'`);
  ds('deals in proposal worth more than 100k', `d.stage = 'proposal' AND d.amount > 100000`);
}

// ---------------------------------------------------------------- filter.deal-close-date
{
  const c = 'filter.deal-close-date';
  const dc = (text: string, where: string) => set(c, 'deal', text, deals(where));
  dc('deals closing this month', `${OPEN} AND ${between('d.expected_close', '2026-11-01', '2026-12-01')}`);
  dc("what's expected to close next month", `${OPEN} AND ${between('d.expected_close', '2026-12-01', '2027-01-01')}`);
  dc('open deals slated to close this quarter', `${OPEN} AND ${between('d.expected_close', '2026-10-01', '2027-01-01')}`);
  dc('overdue deals', `${OPEN} AND d.expected_close < ${q(TODAY)}`);
  dc('deals past their expected close date that are still open', `${OPEN} AND d.expected_close < ${q(TODAY)}`);
  dc('closing this month over 50k', `${OPEN} AND ${between('d.expected_close', '2026-11-01', '2026-12-01')} AND d.amount > 50000`);
  dc('deals over 100k due to close between now and the end of the year', `${OPEN} AND ${between('d.expected_close', TODAY, '2027-01-01')} AND d.amount > 100000`);
  dc('open deals expected to close in Q1 next year', `${OPEN} AND ${between('d.expected_close', '2027-01-01', '2027-04-01')}`);
  dc('deals that should have closed in September but are still open', `${OPEN} AND ${between('d.expected_close', '2026-09-01', '2026-10-01')}`);
  dc('deals we won last quarter', `${WON} AND ${between('d.closed_at', '2026-07-01', '2026-10-01')}`);
  dc('deals lost in October', `${LOST} AND ${between('d.closed_at', '2026-10-01', '2026-11-01')}`);
  dc('deals closed in the first half of 2026', `d.stage IN ('closed_won', 'closed_lost') AND ${between('d.closed_at', '2026-01-01', '2026-07-01')}`);
  dc('open deals slipping into next year', `${OPEN} AND d.expected_close >= '2027-01-01'`);
  dc('deals closing in December under 20k', `${OPEN} AND ${between('d.expected_close', '2026-12-01', '2027-01-01')} AND d.amount < 20000`);
  dc('deals won in 2025', `${WON} AND ${between('d.closed_at', '2025-01-01', '2026-01-01')}`);
  dc('open deals that were supposed to close before July', `${OPEN} AND d.expected_close < '2026-07-01'`);
}

// ---------------------------------------------------------------- filter.deal-product+outcome
{
  const c = 'filter.deal-product+outcome';
  const po = (text: string, where: string) => set(c, 'deal', text, deals(where));
  po('Payments API deals we won', `${WON} AND d.product = 'Payments API'`);
  po('lost AI Assistant deals', `${LOST} AND d.product = 'AI Assistant'`);
  po('which Security Suite deals did we lose last quarter', `${LOST} AND d.product = 'Security Suite' AND ${between('d.closed_at', '2026-07-01', '2026-10-01')}`);
  po('analytics platform wins in 2025', `${WON} AND d.product = 'Analytics Platform' AND ${between('d.closed_at', '2025-01-01', '2026-01-01')}`);
  po('customer data hub wins', `${WON} AND d.product = 'Customer Data Hub'`);
  po('automation cloud losses', `${LOST} AND d.product = 'Automation Cloud'`);
  po('Payments API opportunities still open', `${OPEN} AND d.product = 'Payments API'`);
  po('closed Security Suite deals', `d.stage IN ('closed_won', 'closed_lost') AND d.product = 'Security Suite'`);
  po('Analytics Platform deals that fell through', `${LOST} AND d.product = 'Analytics Platform'`);
  po('did we win any Customer Data Hub deals in September', `${WON} AND d.product = 'Customer Data Hub' AND ${between('d.closed_at', '2026-09-01', '2026-10-01')}`);
  po('Automation Cloud deals we closed successfully', `${WON} AND d.product = 'Automation Cloud'`);
  po('lost payments api deals over 100k', `${LOST} AND d.product = 'Payments API' AND d.amount > 100000`);
  po('AI Assistant wins at healthcare companies', `${WON} AND d.product = 'AI Assistant' AND ${industry('Healthcare')}`);
  po('customer data hub deals we are still working', `${OPEN} AND d.product = 'Customer Data Hub'`);
  po('automation cloud deals won last month', `${WON} AND d.product = 'Automation Cloud' AND ${between('d.closed_at', '2026-10-01', '2026-11-01')}`);
  po('Security Suite deals that ended in a loss', `${LOST} AND d.product = 'Security Suite'`);
}

// ---------------------------------------------------------------- filter.deal-amount+industry
{
  const c = 'filter.deal-amount+industry';
  const ai = (text: string, where: string, ...ind: string[]) => set(c, 'deal', text, deals(`${where} AND ${industry(...ind)}`));
  ai('deals over 100k with carmakers', 'd.amount > 100000', 'Automotive');
  ai('healthcare deals with a deal size above 250k', 'd.amount > 250000', 'Healthcare');
  ai('deals under 10k from hotels', 'd.amount < 10000', 'Hospitality');
  ai('telco deals worth more than half a million', 'd.amount > 500000', 'Telecommunications');
  ai('fintech deals between 50k and 150k', 'd.amount >= 50000 AND d.amount <= 150000', 'Financial Technology');
  ai('insurance deals bigger than $200,000', 'd.amount > 200000', 'Insurance');
  ai('small deals under 5k at universities', 'd.amount < 5000', 'Education');
  ai('open manufacturing deals over 75k', `${OPEN} AND d.amount > 75000`, 'Manufacturing');
  ai('energy deals of at least 300k', 'd.amount >= 300000', 'Energy');
  ai('media deals north of 400k', 'd.amount > 400000', 'Media & Entertainment');
  ai('logistics deals above 80 grand', 'd.amount > 80000', 'Logistics');
  ai('e-commerce deals over 20k that we lost', `${LOST} AND d.amount > 20000`, 'E-commerce');
  ai('biotech opportunities worth over a quarter million', 'd.amount > 250000', 'Biotechnology');
  ai('real estate deals below 15k', 'd.amount < 15000', 'Real Estate');
  ai('deals with security vendors over 120k', 'd.amount > 120000', 'Cybersecurity');
  ai('saas deals over 60k still open', `${OPEN} AND d.amount > 60000`, 'Software (SaaS)');
}

// ---------------------------------------------------------------- filter.company-size+country
{
  const c = 'filter.company-size+country';
  const sc = (text: string, where: string, country: string) => set(c, 'company', text, companies(`${where} AND co.country = ${q(country)}`));
  sc('companies with more than 1,000 employees in Germany', 'co.employees > 1000', 'Germany');
  sc('small firms in the UK with under 50 people', 'co.employees < 50', 'United Kingdom');
  sc('companies in Japan with a headcount over 5000', 'co.employees > 5000', 'Japan');
  sc('mid-sized companies in France, 200 to 2000 staff', 'co.employees >= 200 AND co.employees <= 2000', 'France');
  sc('accounts in India with turnover above $500M', 'co.annual_revenue > 500000000', 'India');
  sc('US companies making over a billion a year', 'co.annual_revenue > 1000000000', 'United States');
  sc('Canadian companies with fewer than 100 employees', 'co.employees < 100', 'Canada');
  sc('startups in Spain with under 30 people', 'co.employees < 30', 'Spain');
  sc('australian companies with over 10k staff', 'co.employees > 10000', 'Australia');
  sc('companies in the Netherlands with annual revenue under 10 million', 'co.annual_revenue < 10000000', 'Netherlands');
  sc('Brazilian accounts with more than 500 employees', 'co.employees > 500', 'Brazil');
  sc('firms in Singapore employing at least 1000 people', 'co.employees >= 1000', 'Singapore');
  sc('german companies with revenue between 50M and 500M', 'co.annual_revenue >= 50000000 AND co.annual_revenue <= 500000000', 'Germany');
  sc('american firms with under 20 staff', 'co.employees < 20', 'United States');
  sc('UK businesses with turnover over 100 million', 'co.annual_revenue > 100000000', 'United Kingdom');
  sc('enterprises in the US with 10,000+ employees', 'co.employees >= 10000', 'United States');
}

// ---------------------------------------------------------------- filter.country+status
{
  const c = 'filter.country+status';
  const cs = (text: string, where: string) => set(c, 'contact', text, contacts(where));
  cs('customers in Germany', `ct.lead_status = 'customer' AND co.country = 'Germany'`);
  cs('new leads from the UK', `ct.lead_status = 'new' AND co.country = 'United Kingdom'`);
  cs('qualified prospects in India', `ct.lead_status = 'qualified' AND co.country = 'India'`);
  cs('unqualified contacts in Brazil', `ct.lead_status = 'unqualified' AND co.country = 'Brazil'`);
  cs('leads in Japan marked as contacted', `ct.lead_status = 'contacted' AND co.country = 'Japan'`);
  cs('paying customers in Canada', `ct.lead_status = 'customer' AND co.country = 'Canada'`);
  cs("Australian contacts that aren't customers yet", `ct.lead_status <> 'customer' AND co.country = 'Australia'`);
  cs('leads in Spain we disqualified', `ct.lead_status = 'unqualified' AND co.country = 'Spain'`);
  cs('brand-new leads in the Netherlands', `ct.lead_status = 'new' AND co.country = 'Netherlands'`);
  cs('qualified leads outside the US', `ct.lead_status = 'qualified' AND co.country <> 'United States'`);
  cs('singapore customers', `ct.lead_status = 'customer' AND co.country = 'Singapore'`);
  cs('american contacts still at new', `ct.lead_status = 'new' AND co.country = 'United States'`);
  cs('UK customers and qualified leads', `ct.lead_status IN ('customer', 'qualified') AND co.country = 'United Kingdom'`);
  cs('german prospects who are qualified or contacted', `ct.lead_status IN ('qualified', 'contacted') AND co.country = 'Germany'`);
  cs('contacts in France except the unqualified ones', `ct.lead_status <> 'unqualified' AND co.country = 'France'`);
  cs('clients in Japan', `ct.lead_status = 'customer' AND co.country = 'Japan'`);
}

// ---------------------------------------------------------------- filter.source+status
{
  const c = 'filter.source+status';
  const ss = (text: string, where: string) => set(c, 'contact', text, contacts(where));
  ss('referrals that turned into customers', `ct.lead_source = 'referral' AND ct.lead_status = 'customer'`);
  ss('webinar attendees who are still new', `ct.lead_source = 'webinar' AND ct.lead_status = 'new'`);
  ss('linkedin leads we qualified', `ct.lead_source = 'linkedin' AND ct.lead_status = 'qualified'`);
  ss('cold outreach leads marked unqualified', `ct.lead_source = 'cold outreach' AND ct.lead_status = 'unqualified'`);
  ss('people we met at conferences who became customers', `ct.lead_source = 'conference' AND ct.lead_status = 'customer'`);
  ss('partner-sourced contacts in contacted status', `ct.lead_source = 'partner' AND ct.lead_status = 'contacted'`);
  ss('website signups that are qualified', `ct.lead_source = 'website' AND ct.lead_status = 'qualified'`);
  ss('conference leads nobody has worked yet', `ct.lead_source = 'conference' AND ct.lead_status = 'new'`);
  ss('website leads we ruled out', `ct.lead_source = 'website' AND ct.lead_status = 'unqualified'`);
  ss('customers who came in through partners', `ct.lead_source = 'partner' AND ct.lead_status = 'customer'`);
  ss('referral leads that are not customers yet', `ct.lead_source = 'referral' AND ct.lead_status <> 'customer'`);
  ss('linkedin contacts in the contacted stage', `ct.lead_source = 'linkedin' AND ct.lead_status = 'contacted'`);
  ss('cold outreach that converted into customers', `ct.lead_source = 'cold outreach' AND ct.lead_status = 'customer'`);
  ss('webinar leads that are qualified or already customers', `ct.lead_source = 'webinar' AND ct.lead_status IN ('qualified', 'customer')`);
  ss('customers sourced from webinars or conferences', `ct.lead_source IN ('webinar', 'conference') AND ct.lead_status = 'customer'`);
  ss('unqualified partner leads', `ct.lead_source = 'partner' AND ct.lead_status = 'unqualified'`);
}

// ---------------------------------------------------------------- agg.count
{
  const c = 'agg.count';
  const countDeals = (where: string) => `SELECT COUNT(*) AS value FROM deals d JOIN companies co ON co.id = d.company_id WHERE ${where}`;
  const countContacts = (where: string) => `SELECT COUNT(*) AS value FROM contacts ct JOIN companies co ON co.id = ct.company_id WHERE ${where}`;
  value(c, 'how many deals did we win last quarter', countDeals(`${WON} AND ${between('d.closed_at', '2026-07-01', '2026-10-01')}`));
  value(c, 'number of customers in Germany', countContacts(`ct.lead_status = 'customer' AND co.country = 'Germany'`));
  value(c, 'how many healthcare companies do we have', `SELECT COUNT(*) AS value FROM companies co WHERE ${industry('Healthcare')}`);
  value(c, 'count of open deals', countDeals(OPEN));
  value(c, "how many contacts haven't been contacted in 60 days", countContacts(`(ct.last_contacted_at IS NULL OR ct.last_contacted_at < ${q(daysAgo(60))})`));
  value(c, 'how many deals did we lose in 2025', countDeals(`${LOST} AND ${between('d.closed_at', '2025-01-01', '2026-01-01')}`));
  value(c, 'how many telcos are in the CRM', `SELECT COUNT(*) AS value FROM companies co WHERE ${industry('Telecommunications')}`);
  value(c, 'how many people do we know at carmakers', countContacts(industry('Automotive')));
  value(c, 'number of deals closing this month', countDeals(`${OPEN} AND ${between('d.expected_close', '2026-11-01', '2026-12-01')}`));
  value(c, 'how many overdue deals are there', countDeals(`${OPEN} AND d.expected_close < ${q(TODAY)}`));
  value(c, 'how many C-level contacts do we have', countContacts(C_LEVEL));
  value(c, 'count companies with over 5000 employees', `SELECT COUNT(*) AS value FROM companies co WHERE co.employees > 5000`);
  value(c, 'how many calls did we log in the last 7 days', `SELECT COUNT(*) AS value FROM activities a WHERE a.type = 'call' AND a.occurred_at >= ${q(daysAgo(7))} AND a.occurred_at <= ${q(AS_OF)}`);
  value(c, 'how many meetings did we have in October', `SELECT COUNT(*) AS value FROM activities a WHERE a.type = 'meeting' AND ${between('a.occurred_at', '2026-10-01', '2026-11-01')}`);
  value(c, 'how many leads came from referrals', countContacts(`ct.lead_source = 'referral'`));
  value(c, 'how many deals are in negotiation', countDeals(`d.stage = 'negotiation'`));
}

// ---------------------------------------------------------------- agg.sum
{
  const c = 'agg.sum';
  const sumDeals = (where: string) => `SELECT SUM(d.amount) AS value FROM deals d JOIN companies co ON co.id = d.company_id WHERE ${where}`;
  value(c, 'total value of the open pipeline', sumDeals(OPEN));
  value(c, 'how much did we win last quarter', sumDeals(`${WON} AND ${between('d.closed_at', '2026-07-01', '2026-10-01')}`));
  value(c, 'total from deals won in 2025', sumDeals(`${WON} AND ${between('d.closed_at', '2025-01-01', '2026-01-01')}`));
  value(c, 'sum of deal amounts in negotiation', sumDeals(`d.stage = 'negotiation'`));
  value(c, 'how much pipeline is closing this month', sumDeals(`${OPEN} AND ${between('d.expected_close', '2026-11-01', '2026-12-01')}`));
  value(c, 'value of the deals we lost in October', sumDeals(`${LOST} AND ${between('d.closed_at', '2026-10-01', '2026-11-01')}`));
  value(c, 'combined deal size of open Payments API deals', sumDeals(`${OPEN} AND d.product = 'Payments API'`));
  value(c, 'total annual revenue of our hospitality accounts', `SELECT SUM(co.annual_revenue) AS value FROM companies co WHERE ${industry('Hospitality')}`);
  value(c, 'total headcount across German companies', `SELECT SUM(co.employees) AS value FROM companies co WHERE co.country = 'Germany'`);
  value(c, "what's the total of won Security Suite deals", sumDeals(`${WON} AND d.product = 'Security Suite'`));
  value(c, 'total amount tied up in overdue deals', sumDeals(`${OPEN} AND d.expected_close < ${q(TODAY)}`));
  value(c, 'sum of all deals with carmakers', sumDeals(industry('Automotive')));
  value(c, 'how much is sitting in proposal', sumDeals(`d.stage = 'proposal'`));
  value(c, 'total won in the first half of 2026', sumDeals(`${WON} AND ${between('d.closed_at', '2026-01-01', '2026-07-01')}`));
  value(c, 'open pipeline with fintech companies', sumDeals(`${OPEN} AND ${industry('Financial Technology')}`));
  value(c, 'total value of AI Assistant deals we won', sumDeals(`${WON} AND d.product = 'AI Assistant'`));
}

// ---------------------------------------------------------------- agg.avg
{
  const c = 'agg.avg';
  const avgDeals = (where: string) => `SELECT AVG(d.amount) AS value FROM deals d JOIN companies co ON co.id = d.company_id WHERE ${where}`;
  value(c, 'average deal size', avgDeals('1 = 1'));
  value(c, 'average size of a won deal', avgDeals(WON));
  value(c, "what's our average lost deal worth", avgDeals(LOST));
  value(c, 'mean amount of open deals', avgDeals(OPEN));
  value(c, 'average turnover of hospitality companies', `SELECT AVG(co.annual_revenue) AS value FROM companies co WHERE ${industry('Hospitality')}`);
  value(c, 'average headcount of companies in India', `SELECT AVG(co.employees) AS value FROM companies co WHERE co.country = 'India'`);
  value(c, 'avg deal value for Analytics Platform', avgDeals(`d.product = 'Analytics Platform'`));
  value(c, 'average won deal size last quarter', avgDeals(`${WON} AND ${between('d.closed_at', '2026-07-01', '2026-10-01')}`));
  value(c, 'average number of employees at telcos', `SELECT AVG(co.employees) AS value FROM companies co WHERE ${industry('Telecommunications')}`);
  value(c, 'average revenue of UK accounts', `SELECT AVG(co.annual_revenue) AS value FROM companies co WHERE co.country = 'United Kingdom'`);
  value(c, 'average deal amount with healthcare accounts', avgDeals(industry('Healthcare')));
  value(c, 'avg size of deals in negotiation', avgDeals(`d.stage = 'negotiation'`));
  value(c, 'average value of deals closing next month', avgDeals(`${OPEN} AND ${between('d.expected_close', '2026-12-01', '2027-01-01')}`));
  value(c, 'mean deal size for payments api wins', avgDeals(`${WON} AND d.product = 'Payments API'`));
  value(c, 'average annual revenue of cybersecurity firms', `SELECT AVG(co.annual_revenue) AS value FROM companies co WHERE ${industry('Cybersecurity')}`);
  value(c, 'what do automotive deals average', avgDeals(industry('Automotive')));
}

// ---------------------------------------------------------------- topn.deals
{
  const c = 'topn.deals';
  const td = (text: string, n: number, where: string, key = 'd.amount', dir: 'DESC' | 'ASC' = 'DESC') =>
    Q.push({ category: c, kind: 'topn', entity: 'deal', n, text, sql: `SELECT d.id, ${key} AS key FROM deals d JOIN companies co ON co.id = d.company_id WHERE ${where} ORDER BY ${key} ${dir}, d.id` });
  td('top 5 open deals by size', 5, OPEN);
  td('10 biggest deals we ever won', 10, WON);
  td('three largest lost deals', 3, LOST);
  td('top 5 deals closing this month', 5, `${OPEN} AND ${between('d.expected_close', '2026-11-01', '2026-12-01')}`);
  td('largest 10 deals in negotiation', 10, `d.stage = 'negotiation'`);
  td('top 3 Payments API deals', 3, `d.product = 'Payments API'`);
  td('5 smallest open deals', 5, OPEN, 'd.amount', 'ASC');
  td('biggest 5 deals with carmakers', 5, industry('Automotive'));
  td('top 10 deals won last quarter by amount', 10, `${WON} AND ${between('d.closed_at', '2026-07-01', '2026-10-01')}`);
  td('the 5 most recently created deals', 5, '1 = 1', 'd.created_at');
  td('5 oldest deals that are still open', 5, OPEN, 'd.created_at', 'ASC');
  td('the 5 most overdue deals', 5, `${OPEN} AND d.expected_close < ${q(TODAY)}`, 'd.expected_close', 'ASC');
  td('largest 5 healthcare deals still open', 5, `${OPEN} AND ${industry('Healthcare')}`);
  td('top 10 deals by value', 10, '1 = 1');
  td('3 biggest deals we lost this year', 3, `${LOST} AND ${between('d.closed_at', '2026-01-01', '2027-01-01')}`);
  td('top 5 proposal-stage deals by amount', 5, `d.stage = 'proposal'`);
}

// ---------------------------------------------------------------- topn.companies
{
  const c = 'topn.companies';
  const tc = (text: string, n: number, where: string, key: string, dir: 'DESC' | 'ASC' = 'DESC') =>
    Q.push({ category: c, kind: 'topn', entity: 'company', n, text, sql: `SELECT co.id, ${key} AS key FROM companies co WHERE ${where} ORDER BY ${key} ${dir}, co.id` });
  tc('10 richest accounts', 10, '1 = 1', 'co.annual_revenue');
  tc('5 biggest companies by headcount', 5, '1 = 1', 'co.employees');
  tc('top 5 companies in France by revenue', 5, `co.country = 'France'`, 'co.annual_revenue');
  tc('10 smallest companies by number of employees', 10, '1 = 1', 'co.employees', 'ASC');
  tc('3 largest telcos by turnover', 3, industry('Telecommunications'), 'co.annual_revenue');
  tc('top 5 german accounts by staff count', 5, `co.country = 'Germany'`, 'co.employees');
  tc('5 highest-revenue hospitality companies', 5, industry('Hospitality'), 'co.annual_revenue');
  tc('biggest 10 US companies by employees', 10, `co.country = 'United States'`, 'co.employees');
  tc('5 companies with the lowest annual revenue', 5, '1 = 1', 'co.annual_revenue', 'ASC');
  tc('top 5 insurers by revenue', 5, industry('Insurance'), 'co.annual_revenue');
  tc('largest 5 companies in Japan by revenue', 5, `co.country = 'Japan'`, 'co.annual_revenue');
  tc('top 10 UK accounts by headcount', 10, `co.country = 'United Kingdom'`, 'co.employees');
  tc('which 3 biotech firms make the most money', 3, industry('Biotechnology'), 'co.annual_revenue');
  tc('5 largest employers in India', 5, `co.country = 'India'`, 'co.employees');
  tc('top 5 fintechs by annual revenue', 5, industry('Financial Technology'), 'co.annual_revenue');
  tc('the 3 smallest logistics companies by staff', 3, industry('Logistics'), 'co.employees', 'ASC');
}

// ---------------------------------------------------------------- semantic.persona
{
  const c = 'semantic.persona';
  const p = (text: string, ...themes: Theme[]) => Q.push({ category: c, kind: 'ranked', entity: 'contact', k: 10, text, sql: contacts(theme(...themes)) });
  p('people whose security team is buried in alerts', 'alerts');
  p('contacts sweating an upcoming certification audit', 'audits');
  p("who's frustrated with the reports in their current CRM", 'reporting');
  p('reps stuck typing up notes by hand after every call', 'dataEntry');
  p('prospects shopping around for an AI vendor', 'aiVendor');
  p('contacts trying to cut down on redundant software', 'overlap');
  p('hiring managers who need to fill engineering seats faster', 'hiring');
  p('folks who care about data privacy rules', 'privacy');
  p('teams struggling with late shipments from suppliers', 'supplyChain');
  p('finance teams trying to close the books faster', 'monthEnd');
  p('people who got burned by a phishing attack', 'phishing');
  p('buyers angling for a discount if they pay upfront', 'discount');
  p('people whose GPU bills are getting out of hand', 'gpu');
  p('people trying to keep their staff engaged and stop them leaving', 'retention');
  p("marketers who can't tell which campaigns pay off", 'attribution');
  p('contacts who want to get their sales forecast right', 'forecast');
  p('companies expanding their operations into new regions — who are the contacts', 'regions');
}

// ---------------------------------------------------------------- semantic.persona+industry
{
  const c = 'semantic.persona+industry';
  const pi = (text: string, t: Theme, ...ind: string[]) => Q.push({ category: c, kind: 'ranked', entity: 'contact', k: 10, text, sql: contacts(`${theme(t)} AND ${industry(...ind)}`) });
  pi('hospital contacts worried about getting hacked', 'security', 'Healthcare');
  pi('people at insurers dealing with regulators and audits', 'compliance', 'Insurance');
  pi('carmakers who want their sales reps to be more productive', 'salesProductivity', 'Automotive');
  pi('universities struggling to hire', 'talent', 'Education');
  pi('telco contacts who care about keeping employees happy', 'employeeExperience', 'Telecommunications');
  pi('biotech people interested in machine learning', 'ai', 'Biotechnology');
  pi('energy companies that want better financial reporting', 'finance', 'Energy');
  pi("logistics firms that can't hire fast enough", 'talent', 'Logistics');
  pi('online retailers trying to improve their marketing', 'marketing', 'E-commerce');
  pi('hotel people looking to save money on software', 'cost', 'Hospitality');
  pi('telco contacts focused on security', 'security', 'Telecommunications');
  pi('media companies keen on AI', 'ai', 'Media & Entertainment');
  pi('manufacturers with messy, manual processes', 'operations', 'Manufacturing');
  pi('saas contacts who worry about compliance', 'compliance', 'Software (SaaS)');
  pi('people at media companies who are cost conscious', 'cost', 'Media & Entertainment');
  pi('cybersecurity vendors growing their sales team productivity', 'salesProductivity', 'Cybersecurity');
}

// ---------------------------------------------------------------- semantic.persona+role
{
  const c = 'semantic.persona+role';
  const pr = (text: string, t: Theme, who: RoleFamily | 'c_level' | 'executive') =>
    Q.push({ category: c, kind: 'ranked', entity: 'contact', k: 10, text, sql: contacts(`${theme(t)} AND ${who === 'c_level' ? C_LEVEL : who === 'executive' ? `(${C_LEVEL} OR ${VP})` : role(who)}`) });
  pr('finance people who want to close the month faster and report better', 'finance', 'finance');
  pr('HR leaders struggling to recruit', 'talent', 'people');
  pr('sales leaders fed up with their CRM and manual admin', 'salesProductivity', 'sales');
  pr('security people worried about breaches', 'security', 'security');
  pr('data scientists who care about AI infrastructure', 'ai', 'data');
  pr('marketers trying to prove what their campaigns are worth', 'marketing', 'marketing');
  pr('operations people drowning in manual work', 'operations', 'operations');
  pr('executives who are watching costs', 'cost', 'executive');
  pr('product people who want to understand how users use their product', 'product', 'product');
  pr('HR folks focused on burnout and engagement', 'employeeExperience', 'people');
  pr('compliance officers dealing with regulations', 'compliance', 'compliance');
  pr("sales managers who can't see their pipeline clearly", 'forecast', 'sales');
  pr('IT people concerned about cyber attacks', 'security', 'it');
  pr('c-level contacts interested in AI', 'ai', 'c_level');
  pr('finance contacts who are price sensitive', 'cost', 'finance');
  pr('ops leaders who want to automate workflows', 'operations', 'operations');
}

// ---------------------------------------------------------------- similar
{
  const c = 'similar';
  // A like-for-like contact: same role family and same industry (full credit); same role family or same industry
  // (half credit). The seed is found by its full name.
  const similar = (text: string, first: string, last: string) => {
    const seed = `(SELECT s.id FROM contacts s WHERE s.first_name = ${q(first)} AND s.last_name = ${q(last)})`;
    const seedFamily = `(SELECT rf.family FROM contacts s JOIN role_families rf ON rf.title = s.title WHERE s.id = ${seed})`;
    const seedIndustry = `(SELECT sc.industry FROM contacts s JOIN companies sc ON sc.id = s.company_id WHERE s.id = ${seed})`;
    const base = `SELECT ct.id FROM contacts ct JOIN companies co ON co.id = ct.company_id JOIN role_families rf ON rf.title = ct.title WHERE ct.id <> ${seed}`;
    Q.push({
      category: c, kind: 'similar', entity: 'contact', k: 5, text,
      seedSql: `SELECT s.id FROM contacts s WHERE s.first_name = ${q(first)} AND s.last_name = ${q(last)}`,
      sql: `${base} AND rf.family = ${seedFamily} AND co.industry = ${seedIndustry} ORDER BY ct.id`,
      partialSql: `${base} AND (rf.family = ${seedFamily}) <> (co.industry = ${seedIndustry}) ORDER BY ct.id`,
    });
  };
  similar('more people like Grace Valdez', 'Grace', 'Valdez');
  similar('contacts similar to Pablo Sato', 'Pablo', 'Sato');
  similar('find me lookalikes of Mina Fischer', 'Mina', 'Fischer');
  similar('who else is like quinn ivanova', 'Quinn', 'Ivanova');
  similar('people resembling Bruno Olsen', 'Bruno', 'Olsen');
  similar('others like Paula Anderson', 'Paula', 'Anderson');
  similar('contacts like Sam Valdez', 'Sam', 'Valdez');
  similar('similar profiles to Rafael Dimitrov', 'Rafael', 'Dimitrov');
  similar('show people who look like Esther Bianchi', 'Esther', 'Bianchi');
  similar('more contacts in the mould of Nora Singh', 'Nora', 'Singh');
  similar('find people like Sara Murphy', 'Sara', 'Murphy');
  similar('who resembles Yara Kim', 'Yara', 'Kim');
  similar('contacts comparable to Bob Jansen', 'Bob', 'Jansen');
  similar('lookalike contacts for Jonas Novak', 'Jonas', 'Novak');
  similar('people similar to chloe patel', 'Chloe', 'Patel');
  similar('anyone else like Ana Kaur?', 'Ana', 'Kaur');
}

// ---------------------------------------------------------------- lookup.name (a record named alone)
{
  const c = 'lookup.name';
  const person = (text: string, first: string, last: string) => set(c, 'contact', text, `SELECT ct.id FROM contacts ct WHERE ct.first_name = ${q(first)} AND ct.last_name = ${q(last)} ORDER BY ct.id`);
  const company = (text: string, where: string) => set(c, 'company', text, companies(where));
  person('Bruno Okafor', 'Bruno', 'Okafor');
  person('maya anderson', 'Maya', 'Anderson');
  person('Dmitri Brennan', 'Dmitri', 'Brennan');
  person('ulla gupta', 'Ulla', 'Gupta');
  person('Zane Fernandes', 'Zane', 'Fernandes');
  person('Gabriel Valdez', 'Gabriel', 'Valdez');
  company('Granite Genomics', `co.name = 'Granite Genomics'`);
  company('nova clinic', `co.name = 'Nova Clinic'`);
  company('Atlas Fin', `co.name = 'Atlas Fin'`);
  company('Redwood Defense Ltd', `co.name = 'Redwood Defense Ltd'`);
  company('kestrel broadcast', `co.name = 'Kestrel Broadcast'`);
  company('lumencargo.com', `co.domain = 'lumencargo.com'`);
  company('blueapps.io', `co.domain = 'blueapps.io'`);
  company('quantumconnect.com', `co.domain = 'quantumconnect.com'`);
  company('harborauto.co', `co.domain = 'harborauto.co'`);
  company('zephyrfin.io', `co.domain = 'zephyrfin.io'`);
}

export const QUERIES: readonly Query[] = Q;
