/**
 * Probe sentences of the eighteenth pass (issue 22), written blind to the parser: src/intelligence/nlq/**, its tests,
 * test/api/query*, docs/natural-language-queries.md and every probes result run were not opened, nor bench/nlq.ts run
 * on this set. Read for format and conventions only: bench/nlq/probes-17.ts and probes-16.ts (headers and code),
 * probes-15-sql.ts, bench/nlq/heldout/sql.ts and set-file.ts, bench/nlq.ts's loader part, the shared CSVs and
 * ../shared/data/nlq/dev.jsonl for its format and category names. No sentence is copied or lightly edited from
 * dev.jsonl or probes-15/16/17 (checked by a string-similarity pass against their texts; near matches were
 * reworded). About 200 everyday command-bar sentences as sales people type them (informal, some lower-case, a few
 * typos, some long-winded, some terse), weighted to the classes the parser still fails: semantic.persona 40,
 * semantic.persona+industry 30, semantic.persona+role 30, filter.informal-industry 30, filter.role-responsibility
 * 20, filter.negation 15, filter.role+industry 15, and 24 over dev.jsonl's other categories (source+status, the
 * aggregates, top-N, stage, close date, recency). Tuning data, not evidence of generalisation.
 *
 * Every expected answer is plain SQL over the shared CSVs through bench/nlq/heldout/sql.ts (its tables, fragments
 * and `evaluate`, which refuses empty sets, rankings with fewer than 15 relevant records, and threshold/date
 * readings that disagree) and bench/nlq/probes-15-sql.ts. Nothing is typed by hand.
 *
 * What the words are taken to mean (where a reader could hesitate):
 * - Now is 2026-11-01T12:00Z (sql.ts). "Last month" = October 2026, "last quarter" = July–September 2026, "this
 *   year" for closes = 2026-01-01 up to now; "won/lost in <period>" reads closed_at inside it.
 * - Persona relevance (semantic.*) = the interest family of the contact's notes (sql.ts's `contact_interest`,
 *   `interested(family, where)`: ranked, k = 10). Concerns said here, per family:
 *   security — a SOC 2 or compliance audit, too many security alerts, GDPR, single sign-on / SCIM, who can access
 *     what, staff clicking dodgy links, encrypting stored data;
 *   finance — penny-pinching, paying for several tools that do the same job, the CFO approving every purchase,
 *     the month-end close, haggling over price, the budget round, total cost of ownership;
 *   ai — AI agents, machines reading text (NLP), guardrails/governance for ML models, neural networks and deep
 *     learning, handing dull tasks to AI, a platform for their data scientists;
 *   people — open roles that take forever to fill, burnt-out staff, whether employees are happy (engagement
 *     surveys), a new HR system, upskilling/training staff, headcount planning, keeping new employees;
 *   sales — reps typing up call notes, a pipeline nobody can see, hitting the number/quota, long sales cycles,
 *     useless CRM reports, routing leads to the right rep, recording and analysing sales calls;
 *   marketing — proving which campaigns pay off (attribution), going after named target accounts (ABM), a brand
 *     refresh, paid ads, google rankings / SEO, events and webinars, nurture/lifecycle e-mails, personalised outreach;
 *   operations — running the business off spreadsheets/excel, a supply chain that keeps getting held up, rolling
 *     out to new regions, plugging into their ERP, work handed between teams by hand, repetitive workflows, mining
 *     their processes;
 *   product — shipping releases every week, seeing what users click (behaviour tracking), analytics built into
 *     their own product, accessible design, new customers who churn because onboarding confuses them, A/B tests,
 *     roadmap planning. ("Churn" is always customers leaving a product here; "onboarding" alone is never used.)
 *   Every title carries one family in the data, so a persona+role item's relevant set is the role's titles that
 *   carry the concern's family.
 * - Levels: "CxOs", "top execs", "c-level folks", "the C-suite crowd" = Chief titles; "VPs", "vice-presidents" = VP
 *   titles; "directors", "director-level" = titles with Director; "managers" = titles ending in Manager; "senior
 *   management" = Chief or VP titles (sql.ts's SENIOR_LEVEL); "department heads", "heads of
 *   something" = "Head of …" titles; "engineers" = titles ending in Engineer; a department word ("finance people",
 *   "HR people", "IT folks", "sales leaders", "marketing folks", "ops people", "product folks", "ml people",
 *   "security team") = sql.ts's role family of that department (whatever the level).
 * - Industry nicknames (one of the data's 16 values each; no nickname of probes-15/16/17 is reused verbatim):
 *   auto OEMs, the motor industry, automobile manufacturers = Automotive; sequencing companies, gene-research shops,
 *   biolabs = Biotechnology; telehealth companies, care providers, hospital operators = Healthcare; insurtechs,
 *   insurance carriers = Insurance; lending platforms, payment gateways = Financial Technology; 5g network
 *   operators, mobile network providers = Telecommunications; academic institutions, higher ed = Education;
 *   last-mile delivery outfits, warehousing companies, fleet operators = Logistics; power producers, solar farm
 *   operators, energy suppliers = Energy; machinery makers, production plants = Manufacturing; newsrooms, ott
 *   platforms, film and music companies = Media & Entertainment; e-tailers, online shops = E-commerce; property
 *   managers, property management firms, commercial property owners = Real Estate; lodging companies, inns and
 *   guesthouses = Hospitality; threat-hunting firms, endpoint protection companies = Cybersecurity; software houses,
 *   cloud software vendors = Software (SaaS). Plain names and short forms ("biotech", "telecom", "fintechs",
 *   "insurers", "education") mean themselves. "American", "america", "in the us" = United States; "uk" = United
 *   Kingdom; "dutch" = Netherlands; "brazilian" = Brazil; Europe = the data's France, Germany, Netherlands, Spain and
 *   United Kingdom.
 * - Roles by what the person does. A duty that is a whole department's work is every title of that department
 *   (sql.ts's families): hiring people and handling employee relations → people; budgets, cash flow, paying
 *   invoices → finance; selling to customers and bringing in revenue → sales; campaigns, social media and the
 *   brand → marketing; keeping hackers out → security; laptops, e-mail accounts and the office network → it;
 *   building prediction and recommendation models → ml; keeping the business running smoothly, fulfilment →
 *   operations; writing product requirements and prioritising features → product. A duty one title alone names
 *   is that title: watching users try the product and writing up what confused them → UX Researcher; the exec in
 *   charge of the whole tech stack → Chief Technology Officer; staying on the right side of laws and industry
 *   rules → Head of Compliance; writing blog posts and case studies → Content Strategist; mapping how work flows
 *   and proposing process fixes → Process Analyst; running the developer organisation → VP of Engineering.
 * - Lead sources: "met at an event/expo" = conference; "came off linkedin" = linkedin; "we cold-called/cold
 *   emailed" = cold outreach; "signed up for a webinar" = webinar; "partner referrals"/"via a partner" = partner;
 *   "word of mouth", "someone recommended us" = referral; "filled in the form on our site" = website. Statuses:
 *   "now paying us" = customer; "we've already talked to" = contacted; "ruled them out" =
 *   unqualified; "leads", "people", "folks" = contacts.
 * - Deal stages: "the quote has been sent" = proposal; "stuck at lead" = lead; "in negotiation" = negotiation.
 *   Close dates in words mean open deals by expected_close: "due to land in january" = 2027-01-01…2027-01-31;
 *   "should close before the end of the year" = today through 2026-12-31 (from tomorrow checked to agree).
 * - Recency: "haven't touched in N days" = last_contacted_at before now − N days or never; "added in the last N
 *   days" = created_at within N days of now.
 * - Negation: "outside/not in/other than/except X" = the column differs from X (or is not in the list);
 *   "lacks the decision-maker tag" = not tagged decision-maker; "nobody has ever phoned" = no call activity for
 *   the contact; "no notes ever logged" on a deal = no note activity on the deal; "companies with nobody on file" =
 *   no contact at the company; "haven't disqualified" = lead_status <> unqualified; "except the lost ones" on deals
 *   = stage <> closed_lost (open deals count); "not yet in negotiation" on open deals = open and stage <>
 *   negotiation; "never won anything from" = no closed_won deal (companies with no deals included); "leads" =
 *   contacts.
 * - Everything else: "wins", "won" = closed_won; "lost", "dropped" = closed_lost;
 *   "pipeline", "open", "in play" = not closed; money on a deal = amount, on a company "revenue"/"turnover" =
 *   annual_revenue; "staff", "headcount", "employees" = employees; "over/above/more than X" leave inclusiveness
 *   open ({>}: checked both ways). Counts, sums and averages are over the entity the sentence names.
 *
 *   npx tsx bench/nlq/probes-18.ts            # writes bench/nlq/probes-18.jsonl
 *   npx tsx bench/nlq/probes-18.ts --check    # exit 1 when the committed file differs from a rebuild
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
  companyValue,
  contacts,
  contactValue,
  country,
  dealValue,
  deals,
  evaluate,
  industry,
  interested,
  product,
  requireAgreement,
  stage,
  titles,
  topCompanies,
  topDeals,
} from './heldout/sql.js';
import { evaluateSet, writeOrCheck } from './heldout/set-file.js';
import { and, closeIn, ENGINEER, HEAD_OF, II, NEG, NOW, OCTOBER, P, PI, PR, q, Q3, RI, RR, source, SS, status } from './probe-helpers.js';
import {
  EUROPE,
  NO_COMPANY_CONTACTS,
  noCompanyDeal,
  noContactActivityOfType,
  noContactSince,
  noDealActivityOfType,
  notIn,
  notTagged,
} from './probes-15-sql.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const F = ROLE_FAMILIES;
/** Closed this year, up to now (the data holds a few closes dated after now; they are not "this year so far"). */
const THIS_YEAR = and(`d.closed_at >= '2026-01-01'`, `d.closed_at <= '${NOW}'`);

export const PROBES = [
  // ── semantic.persona: a concern family as a complaint, a question, a goal, a worry or an idiom (5 per family) ──
  // security
  q(P, 'people sweating their soc2 audit', interested('security')),
  q(P, 'contacts whose security team is buried under way too many alerts', interested('security')),
  q(P, 'anyone scrambling to get their gdpr house in order?', interested('security')),
  q(P, "folks who won't sign unless we do single sign-on", interested('security')),
  q(P, "who's afraid an employee will click a dodgy link and let the bad guys in", interested('security')),
  // finance
  q(P, 'who is paying for three tools that all do the same job', interested('finance')),
  q(P, 'contacts whose cfo has to bless every single purchase', interested('finance')),
  q(P, 'anyone dreading month end', interested('finance')),
  q(P, 'ppl who always want a discount', interested('finance')),
  q(P, 'contacts asking what this will really cost them over five years', interested('finance')),
  // ai
  q(P, 'folks dreaming of AI agents', interested('ai')),
  q(P, 'who wants software that can read and understand their customers messages', interested('ai')),
  q(P, 'contacts who want guardrails around the ml models they put in production', interested('ai')),
  q(P, 'anybody tinkering with deep learning', interested('ai')),
  q(P, 'people hoping ai will take the boring tasks off their plate', interested('ai')),
  // people
  q(P, "who has a pile of open roles they just can't fill", interested('people')),
  q(P, 'contacts whose people are totally fried from overwork', interested('people')),
  q(P, 'folks who want to know if their employees are actually happy at work', interested('people')),
  q(P, 'anyone ripping out their old hr system', interested('people')),
  q(P, 'people investing in upskilling their workforce', interested('people')),
  // sales
  q(P, 'contacts whose reps hate typing up notes after every call', interested('sales')),
  q(P, 'who is flying blind on their pipeline', interested('sales')),
  q(P, 'folks under the gun to hit quota', interested('sales')),
  q(P, 'anyone whose deals drag on for months before closing', interested('sales')),
  q(P, 'people whose crm reports are useless', interested('sales')),
  // marketing
  q(P, 'who needs to prove which campaigns are actually paying off', interested('marketing')),
  q(P, 'contacts going after a list of named target accounts', interested('marketing')),
  q(P, 'folks about to give their brand a facelift', interested('marketing')),
  q(P, 'anyone spending a fortune on paid ads', interested('marketing')),
  q(P, 'who wants to climb the google rankings', interested('marketing')),
  // operations
  q(P, 'ppl running their whole business off excel', interested('operations')),
  q(P, 'contacts whose supply chain keeps getting held up', interested('operations')),
  q(P, 'folks rolling out to a bunch of new regions at once', interested('operations')),
  q(P, 'who needs us to plug into their erp', interested('operations')),
  q(P, "who's sick of work getting passed between teams by hand", interested('operations')),
  // product
  q(P, 'contacts that push a new release out every week', interested('product')),
  q(P, 'who is curious what their users actually click on', interested('product')),
  q(P, 'folks wanting to bake analytics right into their own product', interested('product')),
  q(P, 'anyone making their design more accesible', interested('product')),
  q(P, 'people losing new customers because the first few days in their app are confusing', interested('product')),

  // ── semantic.persona+industry: the same, in one industry (said plainly or by nickname) ──
  q(PI, 'auto OEMs worried someone will break into their systems', interested('security', industry('Automotive'))),
  q(PI, 'motor industry folks who cannot hire fast enough', interested('people', industry('Automotive'))),
  q(PI, 'automobile manufacturers still juggling spreadsheets', interested('operations', industry('Automotive'))),
  q(PI, 'sequencing companies whose sellers keep missing target', interested('sales', industry('Biotechnology'))),
  q(PI, 'gene-research shops watching every dollar', interested('finance', industry('Biotechnology'))),
  q(PI, 'biotech folks betting on ml', interested('ai', industry('Biotechnology'))),
  q(PI, 'care providers with exhausted staff', interested('people', industry('Healthcare'))),
  q(PI, 'telehealth companies that want to know how patients use their app', interested('product', industry('Healthcare'))),
  q(PI, 'hospital operators whose pipeline is a black box', interested('sales', industry('Healthcare'))),
  q(PI, 'insurance carriers scared of a gdpr fine', interested('security', industry('Insurance'))),
  q(PI, 'insurtechs with too much manual back and forth between teams', interested('operations', industry('Insurance'))),
  q(PI, 'insurance carriers struggling to make quota this year', interested('sales', industry('Insurance'))),
  q(PI, 'lending platforms fighting to keep good people', interested('people', industry('Financial Technology'))),
  q(PI, '5g network operators keen on ai', interested('ai', industry('Telecommunications'))),
  q(PI, 'mobile network providers wanting a brand refresh', interested('marketing', industry('Telecommunications'))),
  q(PI, 'telecom contacts with worn-out teams', interested('people', industry('Telecommunications'))),
  q(PI, 'academic institutions experimenting with artificial inteligence', interested('ai', industry('Education'))),
  q(PI, 'higher ed people scared their student data gets stolen', interested('security', industry('Education'))),
  q(PI, 'education companies trying to fill more seats with better marketing', interested('marketing', industry('Education'))),
  q(PI, 'warehousing companies that worry about phishing', interested('security', industry('Logistics'))),
  q(PI, 'fleet operators curious about ai', interested('ai', industry('Logistics'))),
  q(PI, 'energy suppliers tracking how customers use their app', interested('product', industry('Energy'))),
  q(PI, 'power producers sweating a compliance audit', interested('security', industry('Energy'))),
  q(PI, 'machinery makers with supply chain headaches', interested('operations', industry('Manufacturing'))),
  q(PI, 'newsrooms playing with ai', interested('ai', industry('Media & Entertainment'))),
  q(PI, 'e-tailers paranoid about security', interested('security', industry('E-commerce'))),
  q(PI, "lodging companies that can't keep their front desk staffed", interested('people', industry('Hospitality'))),
  q(PI, 'property managers who want better analytics in their tenant app', interested('product', industry('Real Estate'))),
  q(PI, 'threat-hunting firms that cannot forecast their sales', interested('sales', industry('Cybersecurity'))),
  q(PI, 'insurers and fintechs losing sleep over security audits', interested('security', industry('Insurance', 'Financial Technology'))),

  // ── semantic.persona+role: the same, for a level or a department ──
  q(PR, 'CxOs fed up with paying for duplicate tools', interested('finance', C_LEVEL)),
  q(PR, 'top execs who want ai everywhere', interested('ai', C_LEVEL)),
  q(PR, 'c-level folks with zero visibility into pipeline', interested('sales', C_LEVEL)),
  q(PR, 'the c-suite crowd worried about their people quitting from burnout', interested('people', C_LEVEL)),
  q(PR, 'VPs worried about customer churn', interested('product', VP_LEVEL)),
  q(PR, 'vps whose hiring takes forever', interested('people', VP_LEVEL)),
  q(PR, 'vice-presidents fretting over phishing', interested('security', VP_LEVEL)),
  q(PR, 'VPs who want their brand freshened up', interested('marketing', VP_LEVEL)),
  q(PR, 'directors sweating their quarterly quota', interested('sales', DIRECTOR_LEVEL)),
  q(PR, 'director-level people whose teams are burning out', interested('people', DIRECTOR_LEVEL)),
  q(PR, 'directors running deep learning experiments', interested('ai', DIRECTOR_LEVEL)),
  q(PR, 'directors tightening up access control', interested('security', DIRECTOR_LEVEL)),
  q(PR, 'directors chasing late shipments from suppliers', interested('operations', DIRECTOR_LEVEL)),
  q(PR, 'managers stuck doing everything in spreadsheets', interested('operations', MANAGER_LEVEL)),
  q(PR, 'managers haggling over every price', interested('finance', MANAGER_LEVEL)),
  q(PR, 'managers who want more traffic from seo', interested('marketing', MANAGER_LEVEL)),
  q(PR, 'managers who like to a/b test everything', interested('product', MANAGER_LEVEL)),
  q(PR, 'managers nervous about staff clicking on phishing links', interested('security', MANAGER_LEVEL)),
  q(PR, 'senior management sweating their compliance audits', interested('security', SENIOR_LEVEL)),
  q(PR, 'department heads into deep learning', interested('ai', HEAD_OF)),
  q(PR, 'heads of something who track every click users make in the product', interested('product', HEAD_OF)),
  q(PR, 'engineers building big deep learning models', interested('ai', ENGINEER)),
  q(PR, 'engineers drowning in security alerts', interested('security', ENGINEER)),
  q(PR, 'finance people fighting over budget', interested('finance', F.finance)),
  q(PR, 'HR people with too many open roles', interested('people', F.people)),
  q(PR, 'IT folks afraid customer data will leak', interested('security', F.it)),
  q(PR, 'sales leaders hoping to shorten their sales cycle', interested('sales', F.sales)),
  q(PR, 'marketing folks who want proper attribution', interested('marketing', F.marketing)),
  q(PR, 'ops people tired of manual handoffs', interested('operations', F.operations)),
  q(PR, 'ml people who want governance around their models', interested('ai', F.ml)),

  // ── filter.informal-industry: sectors by what people call the firms or the trade ──
  q(II, 'auto OEMs', companies(industry('Automotive'))),
  q(II, 'who do we know in the motor industry', contacts(industry('Automotive'))),
  q(II, 'sequencing companies', companies(industry('Biotechnology'))),
  q(II, 'contacts at biolabs', contacts(industry('Biotechnology'))),
  q(II, 'american telehealth companies', companies(and(industry('Healthcare'), country('United States')))),
  q(II, 'people working for care providers', contacts(industry('Healthcare'))),
  q(II, 'insurance carriers', companies(industry('Insurance'))),
  q(II, 'insurtechs and payment gateways', companies(industry('Insurance', 'Financial Technology'))),
  q(II, 'lending platforms', companies(industry('Financial Technology'))),
  q(II, '5g network operators', companies(industry('Telecommunications'))),
  q(II, 'anyone at mobile network providers', contacts(industry('Telecommunications'))),
  q(II, 'academic institutions', companies(industry('Education'))),
  q(II, 'higher ed contacts in the uk', contacts(and(industry('Education'), country('United Kingdom')))),
  q(II, 'last-mile delivery outfits', companies(industry('Logistics'))),
  q(II, 'contacts at warehousing companies and fleet operators', contacts(industry('Logistics'))),
  q(II, 'power producers', companies(industry('Energy'))),
  q(II, 'solar farm operators in germany', companies(and(industry('Energy'), country('Germany')))),
  q(II, 'machinery makers', companies(industry('Manufacturing'))),
  q(II, 'people at production plants', contacts(industry('Manufacturing'))),
  q(II, 'newsrooms and ott platforms', companies(industry('Media & Entertainment'))),
  q(II, 'people working at film and music companies', contacts(industry('Media & Entertainment'))),
  q(II, 'e-tailers', companies(industry('E-commerce'))),
  q(II, 'online shops in the us', companies(and(industry('E-commerce'), country('United States')))),
  q(II, 'commercial property owners', companies(industry('Real Estate'))),
  q(II, 'contacts at property management firms', contacts(industry('Real Estate'))),
  q(II, 'lodging companies', companies(industry('Hospitality'))),
  q(II, 'threat-hunting firms', companies(industry('Cybersecurity'))),
  q(II, 'endpoint protection companies and threat detection vendors', companies(industry('Cybersecurity'))),
  q(II, 'software houses', companies(industry('Software (SaaS)'))),
  q(II, 'people at cloud software vendors and e-tailers', contacts(industry('Software (SaaS)', 'E-commerce'))),

  // ── filter.role-responsibility: a role by what the person does ──
  q(RR, 'whoever watches users try the product and writes up what confused them', contacts(titles('UX Researcher'))),
  q(RR, 'the exec in charge of their whole tech stack', contacts(titles('Chief Technology Officer'))),
  q(RR, "who's their go-to for legal and regulatory compliance", contacts(titles('Head of Compliance'))),
  q(RR, 'who writes their blog posts and case studies', contacts(titles('Content Strategist'))),
  q(RR, 'people who map out how work flows through the company and suggest process fixes', contacts(titles('Process Analyst'))),
  q(RR, 'whoever runs the developer organisation', contacts(titles('VP of Engineering'))),
  q(RR, 'people in charge of hiring and employee relations', contacts(F.people)),
  q(RR, 'who looks after budgets and cash flow', contacts(F.finance)),
  q(RR, 'whoever pays the invoices over there', contacts(F.finance)),
  q(RR, 'the people who sell to customers and bring in revenue', contacts(F.sales)),
  q(RR, 'who posts on their social channels and runs campaigns', contacts(F.marketing)),
  q(RR, 'who is responsible for keeping hackers out', contacts(F.security)),
  q(RR, 'the folks who set up laptops, email accounts and the office network', contacts(F.it)),
  q(RR, 'who builds prediction and recommendation models', contacts(F.ml)),
  q(RR, 'who keeps the business running smoothly day to day', contacts(F.operations)),
  q(RR, 'whoever writes the product requirements and prioritises features', contacts(F.product)),
  q(RR, 'who handles hiring at mobile network providers', contacts(and(F.people, industry('Telecommunications')))),
  q(RR, 'people who sell for e-tailers', contacts(and(F.sales, industry('E-commerce')))),
  q(RR, 'the folks keeping hackers out at payment gateways and lending platforms', contacts(and(F.security, industry('Financial Technology')))),
  q(RR, 'who picks the next features to build at software houses', contacts(and(F.product, industry('Software (SaaS)')))),

  // ── filter.negation ──
  q(NEG, 'every account not based in america', companies(`co.country <> 'United States'`)),
  q(NEG, 'every deal that is not for automation cloud', deals(`d.product <> 'Automation Cloud'`)),
  q(NEG, 'everyone who lacks the decision-maker tag', contacts(notTagged('decision-maker'))),
  q(NEG, 'contacts nobody here has ever phoned', contacts(noContactActivityOfType('call'))),
  q(NEG, 'leads that did not come off linkedin', contacts(`ct.lead_source <> 'linkedin'`)),
  q(NEG, 'everyone except the CFOs', contacts(`ct.title <> 'Chief Financial Officer'`)),
  q(NEG, "contacts we haven't disqualified", contacts(`ct.lead_status <> 'unqualified'`)),
  q(NEG, 'accounts outside europe', companies(notIn('co.country', EUROPE))),
  q(NEG, 'german companies other than the manufacturing ones', companies(and(country('Germany'), `co.industry <> 'Manufacturing'`))),
  q(NEG, 'open deals with no notes ever logged', deals(and(OPEN, noDealActivityOfType('note')))),
  q(NEG, 'companies with nobody on file', companies(NO_COMPANY_CONTACTS)),
  q(NEG, 'open deals not yet in negotiation', deals(and(OPEN, `d.stage <> 'negotiation'`))),
  q(NEG, 'accounts we have never won anything from', companies(noCompanyDeal(`d2.stage = 'closed_won'`))),
  q(NEG, 'every deal except the lost ones', deals(`d.stage <> 'closed_lost'`)),
  q(NEG, "contacts not from a webinar, conference or partner", contacts(notIn('ct.lead_source', ['webinar', 'conference', 'partner']))),

  // ── filter.role+industry ──
  q(RI, 'CISOs at payment gateways', contacts(and(titles('Chief Information Security Officer'), industry('Financial Technology')))),
  q(RI, 'data scientists at sequencing companies', contacts(and(titles('Data Scientist'), industry('Biotechnology')))),
  q(RI, 'ux researchers working for e-tailers', contacts(and(titles('UX Researcher'), industry('E-commerce')))),
  q(RI, 'hr directors at academic institutions', contacts(and(titles('HR Director'), industry('Education')))),
  q(RI, 'ops managers at fleet operators', contacts(and(titles('Operations Manager'), industry('Logistics')))),
  q(RI, 'CMOs at ott platforms', contacts(and(titles('Chief Marketing Officer'), industry('Media & Entertainment')))),
  q(RI, 'financial controllers at property management firms', contacts(and(titles('Financial Controller'), industry('Real Estate')))),
  q(RI, 'sales directors at auto OEMs', contacts(and(titles('Sales Director'), industry('Automotive')))),
  q(RI, 'ml engineers at 5g network operators', contacts(and(titles('ML Engineer'), industry('Telecommunications')))),
  q(RI, 'head of product at software houses', contacts(and(titles('Head of Product'), industry('Software (SaaS)')))),
  q(RI, 'talent acquisition leads at inns and guesthouses', contacts(and(titles('Talent Acquisition Lead'), industry('Hospitality')))),
  q(RI, 'CROs at endpoint protection companies', contacts(and(titles('Chief Revenue Officer'), industry('Cybersecurity')))),
  q(RI, 'it managers at power producers', contacts(and(titles('IT Manager'), industry('Energy')))),
  q(RI, 'vp of sales at insurtechs', contacts(and(titles('VP of Sales'), industry('Insurance')))),
  q(RI, 'compliance heads at telehealth companies', contacts(and(titles('Head of Compliance'), industry('Healthcare')))),

  // ── filter.source+status ──
  q(SS, 'people we met at an expo who are now paying us', contacts(and(source('conference'), status('customer')))),
  q(SS, "word of mouth leads we've already talked to", contacts(and(source('referral'), status('contacted')))),
  q(SS, 'folks who filled in the form on our site but we ruled them out', contacts(and(source('website'), status('unqualified')))),

  // ── agg.count / agg.sum / agg.avg ──
  q('agg.count', 'how many people in our crm work in higher ed', contactValue('COUNT(*)', industry('Education'))),
  q('agg.count', 'how many deals did we drop last month', dealValue('COUNT(*)', and(LOST, OCTOBER))),
  q('agg.count', 'count of open payments api opportunities', dealValue('COUNT(*)', and(OPEN, product('Payments API')))),
  q('agg.sum', 'how much have we won this year so far, in total', dealValue('SUM(d.amount)', and(WON, THIS_YEAR))),
  q('agg.sum', 'sum of everything in play for the security suite', dealValue('SUM(d.amount)', and(OPEN, product('Security Suite')))),
  q('agg.sum', 'total headcount across our dutch accounts', companyValue('SUM(co.employees)', country('Netherlands'))),
  q('agg.avg', 'on average how big are the deals we lose', dealValue('AVG(d.amount)', LOST)),
  q('agg.avg', 'average turnover of the telecom companies we track', companyValue('AVG(co.annual_revenue)', industry('Telecommunications'))),
  q('agg.avg', 'whats the avg amount on an open customer data hub deal', dealValue('AVG(d.amount)', and(OPEN, product('Customer Data Hub')))),

  // ── topn.companies / topn.deals ──
  q('topn.companies', 'the three energy suppliers with the biggest revenue', topCompanies(3, 'co.annual_revenue', 'DESC', industry('Energy'))),
  q('topn.companies', 'top 5 brazilian accounts by headcount', topCompanies(5, 'co.employees', 'DESC', country('Brazil'))),
  q('topn.companies', 'ten smallest american companies by revenue', topCompanies(10, 'co.annual_revenue', 'ASC', country('United States'))),
  q('topn.deals', 'our 5 biggest wins last quarter', topDeals(5, 'd.amount', 'DESC', and(WON, Q3))),
  q('topn.deals', 'the three largest analytics platform deals still in play', topDeals(3, 'd.amount', 'DESC', and(OPEN, product('Analytics Platform')))),
  q('topn.deals', 'top 10 deals in negotiation by size', topDeals(10, 'd.amount', 'DESC', stage('negotiation'))),

  // ── filter.deal-stage / filter.deal-close-date / filter.recency ──
  q('filter.deal-stage', 'deals where the quote has been sent', deals(stage('proposal'))),
  q('filter.deal-stage', 'opps stuck at lead', deals(stage('lead'))),
  q('filter.deal-close-date', 'open deals due to land in january', deals(closeIn('2027-01-01', '2027-01-31'))),
  // "Before the end of the year" counted from today or from tomorrow: both windows must agree.
  q('filter.deal-close-date', 'what should close before the end of the year', deals(closeIn('2026-11-01', '2026-12-31')), [
    deals(closeIn('2026-11-02', '2026-12-31')),
  ]),
  q('filter.recency', "contacts we haven't touched in 90 days", contacts(noContactSince('ago:90'))),
  q('filter.recency', 'contacts added in the last 60 days', contacts(and(`ct.created_at >= '{ago:60}'`, `ct.created_at <= '${NOW}'`))),
];

const entries = evaluateSet(path.resolve(here, '../../../shared/data/crm'), 'p18', PROBES, (db, probe) => {
  const expected = evaluate(db, probe.expected);
  requireAgreement(db, expected, probe.alternatives);
  return expected;
});
writeOrCheck(path.join(here, 'probes-18.jsonl'), entries);
