/**
 * Probe sentences of the seventeenth pass (issue 22), written blind to the parser: src/intelligence/nlq/**, its tests,
 * test/api/query*, docs/natural-language-queries.md and every probes-16 result were not opened. Read for format and
 * conventions only: bench/nlq/probes-16.ts and probes-15.ts (headers and code), probes-15-sql.ts,
 * bench/nlq/heldout/sql.ts and set-file.ts, heldout-6/build.ts, heldout-8/build.ts, bench/nlq.ts's loader, the shared
 * data README and CSVs, and ../shared/data/nlq/dev.jsonl for its format and category names. No sentence is copied or
 * lightly edited from any of them (checked by a string-similarity pass against the texts of dev.jsonl, probes-15/16 and
 * held-outs 6/8; near matches were reworded). 220 everyday command-bar sentences as sales people type them (informal,
 * some lower-case, a few typos, some long-winded, some terse), with new idioms, verbs and sector nicknames, and persona
 * concerns said as complaints, questions or goals. Tuning data, not evidence of generalisation.
 *
 * Categories: every one of dev.jsonl's 20 category names (at least 3 each), plus the probe classes the brief
 * weights (filter.informal-industry, filter.role-responsibility, filter.negation) and a few classes of the
 * earlier probe / held-out build scripts (filter.informal-seniority, filter.money-words,
 * filter.negation-relations, filter.industry-by-product, combo.constraints, agg.count+outcome-date). Weights:
 * semantic.persona 25, semantic.persona+industry 20, semantic.persona+role 15, filter.source+status 15,
 * filter.informal-industry 15, filter.role-responsibility 15, filter.role+industry 10, filter.negation 10,
 * agg.avg/count/sum 5 each, topn.companies/deals 5 each, filter.deal-stage/deal-close-date/recency 5 each.
 *
 * Every expected answer is plain SQL over the shared CSVs through bench/nlq/heldout/sql.ts (its tables, fragments
 * and `evaluate`, which refuses empty sets, rankings with fewer than 15 relevant records, names that are not
 * unique and threshold/date readings that disagree) and bench/nlq/probes-15-sql.ts. Nothing is typed by hand.
 *
 * What the words are taken to mean (where a reader could hesitate):
 * - Now is 2026-11-01T12:00Z (sql.ts). "Last month" = October 2026, "last quarter"/"q3" = July–September 2026,
 *   "first half of the year" = January–June 2026; "won/lost in <period>" reads closed_at inside it. Periods that
 *   would reach past now are not asked of closed_at (the data holds a few closes dated after now).
 * - Persona relevance (semantic.*) = the interest family of the contact's notes (sql.ts's `contact_interest`,
 *   `interested(family, where)`: ranked, k = 10). Concerns said here, per family: security (ransomware, cyber
 *   risk, auditors, certifications, breaches, phishing, fraud on a store), finance (pricing too steep, hard ROI
 *   case, vendor consolidation to save money, tight budget, cutting costs), ai (chatbots, copilots, generative
 *   AI, ML pilots, AI routing), people (best employees quitting, onboarding new hires, tired workforce,
 *   recruiting, keeping staff, turnover), sales (a forecast that is a guess, reps selling instead of admin, win
 *   rate slipping, pipeline, closing more), marketing (which channel brought a customer, organic traffic,
 *   tailored e-mails, getting noticed, brand, ad budget, campaign results), operations (copy-paste busywork,
 *   work stuck between departments, new offices/markets, manual processes, spreadsheets, supply chains),
 *   product (where users get stuck, what to build next, first-run experience and churn, split tests, app users).
 *   Every title carries one family in the data, so a persona+role item's relevant set is the role's titles
 *   that carry the concern's family.
 * - Levels (persona+role, informal seniority): "c-suite", "chiefs", "exec team" = Chief titles; "VPs", "vice
 *   presidents" = VP titles; "directors", "director-level" = titles with Director; "managers", "mid-level
 *   managers" = titles ending in Manager; "senior leaders", "bigwigs", "vp-or-higher" = Chief or VP titles
 *   (sql.ts's SENIOR_LEVEL); "heads of department" = "Head of …" titles; "engineers" = titles ending in
 *   Engineer; a department word ("finance team", "HR folks", "product people") = sql.ts's role family.
 * - Industry nicknames (one of the data's 16 values each): vehicle makers, EV makers, builders of cars, vans and trucks
 *   = Automotive; biologics makers, lab science companies, developers of new therapies = Biotechnology; health systems,
 *   medical groups, hospital networks, doctors' practices = Healthcare; insurance brokers, reinsurers, companies that
 *   write insurance cover = Insurance; payment processors, digital wallets, bnpl and remittance startups = Financial
 *   Technology; cellular networks, ISPs, broadband providers = Telecommunications; polytechnics, online learning
 *   platforms, online course providers = Education; couriers, freight outfits = Logistics; grid operators, electricity
 *   retailers, companies running wind farms and power plants = Energy; industrial manufacturers, factory businesses =
 *   Manufacturing; record labels, game studios, radio and tv networks = Media & Entertainment; online marketplaces =
 *   E-commerce; proptech firms and building owners = Real Estate; hoteliers, hotel operators = Hospitality. "American",
 *   "in the US" = United States.
 * - Roles by what the person does: a whole department's work is every title of that department (sql.ts's
 *   families: sourcing and screening candidates → people; accounting and financial reporting → finance;
 *   negotiating and closing contracts → sales; advertising and brand → marketing; responding to security
 *   incidents → security; fixing computers and managing software licences → it; training and deploying ML
 *   models → ml; keeping day-to-day operations running → operations; deciding what goes on the roadmap →
 *   product). A duty one title alone names is that title: running usability studies → UX Researcher; owning
 *   the technology vision → Chief Technology Officer; making sure the firm follows industry regulations → Head
 *   of Compliance; planning the blog and editorial calendar → Content Strategist; documenting workflows and
 *   hunting bottlenecks → Process Analyst; leading the software engineering team → VP of Engineering.
 * - Lead sources: "referral", "referred" = referral; "linkedin" = linkedin; "conference", "trade show" =
 *   conference; "cold outreach", "cold emails" = cold outreach; "webinar signups" = webinar; "partner",
 *   "our partners" = partner; "website", "inbound from the site" = website. Statuses: "became/paying
 *   customers", "converted" = customer; "brand new", "still marked new" = new; "been in touch with", "made
 *   first contact" = contacted; "qualified", "sales-ready" = qualified; "bad fit", "disqualified", "not a fit" =
 *   unqualified. "Leads", "people", "folks" in a source+status sentence = contacts.
 * - Deal stages: "late-stage" = proposal and negotiation; "a proposal is out" = proposal; "parked at the
 *   qualified step" = qualified; "sitting in negotiation" = negotiation. Close dates in words mean open deals by
 *   expected_close (held-out 6's convention): "overdue" = expected close before today (or on it: both readings are
 *   checked to agree); "next 30 days" = today through 2026-12-01 (from tomorrow and/or to 2026-11-30 checked to
 *   agree); "q1 next year" = 2027-01-01 to 2027-03-31.
 * - Recency: "spoke with in the past week" = last_contacted_at within 7 days of now; "nobody has reached out in N
 *   days" = last_contacted_at before now − N days or never; "never reached out" = last_contacted_at empty;
 *   "no touchpoints in N days" = no activity row in the window up to now; "opened in the last 45 days" =
 *   created_at within 45 days of now.
 * - Money: on a company "revenue", "turnover", "in sales", "making" = annual_revenue; on a deal "worth",
 *   "ticket", "value" = amount. "Over/above/more than/north of X" leave inclusiveness open ({>}, checked both
 *   ways); "between A and B" is inclusive. "Pipeline" totals are open deals; a product's average deal amount with
 *   no stage word is over every deal of that product.
 * - Negation: "except/not/other than X" = the column differs from X (or is not in the list); "never got a
 *   single email from us" = no e-mail activity for the contact; "never got a meeting" = no meeting activity on
 *   the deal; "lacking any tags" = tags empty; "everybody but the VIPs" = not tagged vip; "not yet paying
 *   customers" = lead_status <> customer; "zero opportunities", "no opportunities tied to them" = no deal at
 *   all; "nothing open with us" = no open deal; "no deal ever lost" includes companies with no deals (held-out
 *   6's convention); "deals on the books but zero wins" = at least one deal and no won deal.
 * - Everything else: "customers", "paying customers" on contacts = lead_status customer; "wins", "won",
 *   "closed-won", "closed successfully" = closed_won; "fell through", "lost" = closed_lost; counts, sums and
 *   averages are over the entity the sentence names (contacts "on file", companies, deals); "earn the most",
 *   "bring in the most revenue" rank companies by annual_revenue, "fewest staff"/"headcount" by employees;
 *   "deals", "opps", "opportunities" with no stage or outcome word = deals in every stage, open or closed;
 *   "HR" in a role+city sentence = the people family; "vp eng" = VP of Engineering; "decision makers" = tagged
 *   decision-maker. "Like/comparable to/same cloth as X" = sql.ts's `like` (interest family; same industry full
 *   credit, other industries half).
 *
 *   npx tsx bench/nlq/probes-17.ts            # writes bench/nlq/probes-17.jsonl
 *   npx tsx bench/nlq/probes-17.ts --check    # exit 1 when the committed file differs from a rebuild
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
  city,
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
  like,
  product,
  requireAgreement,
  stage,
  titles,
  topCompanies,
  topDeals,
} from './heldout/sql.js';
import { evaluateSet, writeOrCheck } from './heldout/set-file.js';
import { and, closed, closeIn, ENGINEER, HEAD_OF, II, NEG, NOW, OCTOBER, P, PI, PR, q, Q3, RI, RR, source, SS, status } from './probe-helpers.js';
import {
  NO_CONTACT_DEALS,
  noCompanyActivitySince,
  noCompanyDeal,
  noContactActivityOfType,
  noContactSince,
  noDealActivityOfType,
  notIn,
  notTagged,
  tagged,
} from './probes-15-sql.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const F = ROLE_FAMILIES;
const OPEN_D2 = `d2.stage NOT IN ('closed_won', 'closed_lost')`;
const HAS_DEAL = `EXISTS (SELECT 1 FROM deals d3 WHERE d3.company_id = co.id)`;

export const PROBES = [
  // ── semantic.persona: a concern family as a complaint, a question or a goal ──
  // security
  q(P, 'which contacts are terrified of ransomware', interested('security')),
  q(P, 'ppl whose board keeps grilling them about cyber risk', interested('security')),
  q(P, 'anybody who has to prove to auditors that their data is locked down?', interested('security')),
  // finance
  q(P, 'contacts who moaned that our pricing is too steep', interested('finance')),
  q(P, 'who needs a business case with hard roi numbers before they sign anything', interested('finance')),
  q(P, 'folks told to consolidate vendors to save money', interested('finance')),
  // ai
  q(P, 'contacts who want a chatbot or copilot for their team', interested('ai')),
  q(P, 'anyone asking if our stuff has gen ai baked in', interested('ai')),
  q(P, 'people piloting machine-learning projects this year', interested('ai')),
  // people
  q(P, 'contacts complaining their best employees keep quitting', interested('people')),
  q(P, "who's trying to get new hires productive quicker", interested('people')),
  q(P, 'people whose workforce is stretched thin and exhausted', interested('people')),
  // sales
  q(P, 'contacts whose revenue forecast is basically a guess', interested('sales')),
  q(P, 'who wants their account execs spending more time actually selling', interested('sales')),
  q(P, 'folks whose win rate has been slipping', interested('sales')),
  // marketing
  q(P, "contacts who can't tell which channel brought a customer in", interested('marketing')),
  q(P, 'who is trying to grow organic traffic to their site', interested('marketing')),
  q(P, 'people wanting their emails tailored to each buyer', interested('marketing')),
  // operations
  q(P, 'contacts drowning in copy-paste busywork', interested('operations')),
  q(P, 'ppl whose orders get stuck between departments', interested('operations')),
  q(P, 'who is opening offices in new markets and needs things to run smoothly', interested('operations')),
  // product
  q(P, 'contacts who want to see where users get stuck in their app', interested('product')),
  q(P, "who's busy planning what to build next quarter", interested('product')),
  q(P, 'people trying to cut churn by fixing the first-run experiance', interested('product')),
  q(P, 'anyone with a thing for split testing', interested('product')),

  // ── semantic.persona+industry ──
  q(PI, 'anyone at vehicle makers nervous about cyber attacks', interested('security', industry('Automotive'))),
  q(PI, 'EV makers having a rough time recruiting', interested('people', industry('Automotive'))),
  q(PI, 'cellular networks buried in manual processes', interested('operations', industry('Telecommunications'))),
  q(PI, 'broadband providers trying to get noticed', interested('marketing', industry('Telecommunications'))),
  q(PI, "medical groups that can't stop staff walking out the door", interested('people', industry('Healthcare'))),
  q(PI, 'hospital networks wanting their campaigns to perform', interested('marketing', industry('Healthcare'))),
  q(PI, "doctors' practices that want a better patient app", interested('product', industry('Healthcare'))),
  q(PI, 'electricity retailer folks who want to understand their app users', interested('product', industry('Energy'))),
  q(PI, 'contacts at energy retailers hunting for cost savings', interested('finance', industry('Energy'))),
  q(PI, 'online course providers trying out genai', interested('ai', industry('Education'))),
  q(PI, 'radio and tv networks dabbling in machine learning', interested('ai', industry('Media & Entertainment'))),
  q(PI, 'biologics makers whose sales forecasts are unreliable', interested('sales', industry('Biotechnology'))),
  q(PI, 'lab science companies on a shoestring budget', interested('finance', industry('Biotechnology'))),
  q(PI, 'reinsurers anxious about privacy audits', interested('security', industry('Insurance'))),
  q(PI, 'insurance brokers pushing their reps to close more business', interested('sales', industry('Insurance'))),
  q(PI, 'insurance folks still drowning in spreadsheets', interested('operations', industry('Insurance'))),
  q(PI, 'online marketplaces afraid of a breach', interested('security', industry('E-commerce'))),
  q(PI, 'industrial manufacturers with messy supply chains', interested('operations', industry('Manufacturing'))),
  q(PI, "hoteliers who can't hold on to their staff", interested('people', industry('Hospitality'))),
  q(PI, 'couriers and freight outfits looking at AI', interested('ai', industry('Logistics'))),

  // ── semantic.persona+role ──
  q(PR, "c-suite people who think they're one phishing email away from disaster", interested('security', C_LEVEL)),
  q(PR, 'chiefs who want to trim spending', interested('finance', C_LEVEL)),
  q(PR, 'VPs betting on machine learning', interested('ai', VP_LEVEL)),
  q(PR, 'vice presidents whose teams keep quitting on them', interested('people', VP_LEVEL)),
  q(PR, 'directors buried in manual workflows', interested('operations', DIRECTOR_LEVEL)),
  q(PR, 'director-level folks who want forecasts they can trust', interested('sales', DIRECTOR_LEVEL)),
  q(PR, 'managers hoping to get more out of their ad budget', interested('marketing', MANAGER_LEVEL)),
  q(PR, 'managers who want to see how customers click through their app', interested('product', MANAGER_LEVEL)),
  q(PR, 'senior leaders fretting about compliance', interested('security', SENIOR_LEVEL)),
  q(PR, 'bigwigs keen on generative ai', interested('ai', SENIOR_LEVEL)),
  q(PR, 'heads of department trying to grow their brand', interested('marketing', HEAD_OF)),
  q(PR, 'engineers worried about breaches', interested('security', ENGINEER)),
  q(PR, 'finance team members fed up with slow month end', interested('finance', F.finance)),
  q(PR, 'HR folks complaining about turnover', interested('people', F.people)),
  q(PR, 'product people trying to reduce churn', interested('product', F.product)),

  // ── filter.source+status ──
  q(SS, 'referral leads who became customers', contacts(and(source('referral'), status('customer')))),
  q(SS, 'linkedin contacts that are still brand new', contacts(and(source('linkedin'), status('new')))),
  q(SS, 'people we met at conferences who are qualified', contacts(and(source('conference'), status('qualified')))),
  q(SS, 'cold outreach contacts we have already been in touch with', contacts(and(source('cold outreach'), status('contacted')))),
  q(SS, 'webinar signups that turned out to be a bad fit', contacts(and(source('webinar'), status('unqualified')))),
  q(SS, 'partner sourced contacts who are paying customers now', contacts(and(source('partner'), status('customer')))),
  q(SS, 'website signups still marked new', contacts(and(source('website'), status('new')))),
  q(SS, 'qualified folks who came to us through a partner', contacts(and(source('partner'), status('qualified')))),
  q(SS, 'customers that originally came from cold emails', contacts(and(source('cold outreach'), status('customer')))),
  q(SS, "trade show contacts we've been in touch with", contacts(and(source('conference'), status('contacted')))),
  q(SS, 'disqualified linkedin leads', contacts(and(source('linkedin'), status('unqualified')))),
  q(SS, 'referred contacts that are sales-ready', contacts(and(source('referral'), status('qualified')))),
  q(SS, 'new people from webinars', contacts(and(source('webinar'), status('new')))),
  q(SS, 'inbound from the site that converted into customers', contacts(and(source('website'), status('customer')))),
  q(SS, "contacts from our partners that we've made first contact with", contacts(and(source('partner'), status('contacted')))),

  // ── filter.informal-industry: new sector nicknames ──
  q(II, 'bnpl and remittance startups', companies(industry('Financial Technology'))),
  q(II, 'contacts at payment processors and digital wallets', contacts(industry('Financial Technology'))),
  q(II, 'isps and broadband providers', companies(industry('Telecommunications'))),
  q(II, 'people at cellular networks in india', contacts(and(industry('Telecommunications'), country('India')))),
  q(II, 'couriers', companies(industry('Logistics'))),
  q(II, 'polytechnics and online learning platforms', companies(industry('Education'))),
  q(II, 'ppl at health systems', contacts(industry('Healthcare'))),
  q(II, 'insurance brokers in the uk', companies(and(industry('Insurance'), country('United Kingdom')))),
  q(II, 'grid operators', companies(industry('Energy'))),
  q(II, 'contacts at EV makers', contacts(industry('Automotive'))),
  q(II, 'proptech firms and building owners', companies(industry('Real Estate'))),
  q(II, 'online marketplaces in the us', companies(and(industry('E-commerce'), country('United States')))),
  q(II, 'hoteliers', companies(industry('Hospitality'))),
  q(II, 'record labels and game studios', companies(industry('Media & Entertainment'))),
  q(II, 'biologics makers', companies(industry('Biotechnology'))),

  // ── filter.role-responsibility: a role by what the person does ──
  q(RR, 'who runs usability studies with their customers', contacts(titles('UX Researcher'))),
  q(RR, 'the exec who owns the technology vision', contacts(titles('Chief Technology Officer'))),
  q(RR, 'the person making sure they follow industry regulations', contacts(titles('Head of Compliance'))),
  q(RR, 'whoever plans their blog and editorial calendar', contacts(titles('Content Strategist'))),
  q(RR, 'people who document workflows and hunt for bottlenecks', contacts(titles('Process Analyst'))),
  q(RR, 'who leads the software engineering team', contacts(titles('VP of Engineering'))),
  q(RR, 'the ones who source and screen job candidates', contacts(F.people)),
  q(RR, 'whoever handles accounting and financial reporting', contacts(F.finance)),
  q(RR, 'folks who negotiate contracts with buyers and get them signed', contacts(F.sales)),
  q(RR, 'who plans their advertising and looks after the brand', contacts(F.marketing)),
  q(RR, 'who responds when there is a security incident', contacts(F.security)),
  q(RR, 'who fixes their computers and manages software licences', contacts(F.it)),
  q(RR, 'whoever decides what goes on the roadmap next', contacts(F.product)),
  q(RR, 'who keeps day-to-day operations ticking over at manufacturers', contacts(and(F.operations, industry('Manufacturing')))),
  q(RR, 'the people training and deploying ml models at insurers', contacts(and(F.ml, industry('Insurance')))),

  // ── filter.role+industry ──
  q(RI, 'CROs at insurance brokers', contacts(and(titles('Chief Revenue Officer'), industry('Insurance')))),
  q(RI, 'talent acquisition leads working at health systems', contacts(and(titles('Talent Acquisition Lead'), industry('Healthcare')))),
  q(RI, 'vp eng at cellular networks', contacts(and(titles('VP of Engineering'), industry('Telecommunications')))),
  q(RI, 'any process analyst working in a factory business', contacts(and(titles('Process Analyst'), industry('Manufacturing')))),
  q(RI, 'heads of compliance at payment processors', contacts(and(titles('Head of Compliance'), industry('Financial Technology')))),
  q(RI, 'financial planning analysts working for electricity retailers', contacts(and(titles('FP&A Analyst'), industry('Energy')))),
  q(RI, 'content strategists at online course providers', contacts(and(titles('Content Strategist'), industry('Education')))),
  q(RI, "coo's at hotel operators", contacts(and(titles('Chief Operating Officer'), industry('Hospitality')))),
  q(RI, 'hr business partners at EV makers', contacts(and(titles('HR Business Partner'), industry('Automotive')))),
  q(RI, 'directors of machine learning in media', contacts(and(titles('Director of Machine Learning'), industry('Media & Entertainment')))),

  // ── filter.negation ──
  q(NEG, 'everyone except the hospitality contacts', contacts(`co.industry <> 'Hospitality'`)),
  q(NEG, 'companies not headquartered in germany', companies(`co.country <> 'Germany'`)),
  q(NEG, "deals that aren't for the AI Assistant", deals(`d.product <> 'AI Assistant'`)),
  q(NEG, 'contacts lacking any tags', contacts('ct.tags IS NULL')),
  q(NEG, 'contacts who never got a single email from us', contacts(noContactActivityOfType('email'))),
  q(NEG, 'contacts that are not yet paying customers', contacts(`ct.lead_status <> 'customer'`)),
  q(NEG, 'everybody but the VIPs', contacts(notTagged('vip'))),
  q(NEG, 'companies with zero opportunities on record', companies(noCompanyDeal())),
  q(NEG, "contacts whose source wasn't a conference or a webinar", contacts(notIn('ct.lead_source', ['conference', 'webinar']))),
  q(NEG, 'open opps where we never got a meeting on the calendar', deals(and(OPEN, noDealActivityOfType('meeting')))),

  // ── filter.negation-relations ──
  q('filter.negation-relations', 'contacts with no opportunities tied to them', contacts(NO_CONTACT_DEALS)),
  q('filter.negation-relations', 'accounts that have nothing open with us right now', companies(noCompanyDeal(OPEN_D2))),
  q('filter.negation-relations', 'companies where no deal has ever been lost', companies(noCompanyDeal(`d2.stage = 'closed_lost'`))),
  q('filter.negation-relations', 'companies with deals on the books but zero wins', companies(and(HAS_DEAL, noCompanyDeal(`d2.stage = 'closed_won'`)))),

  // ── filter.industry: the data's industry names, said plainly ──
  q('filter.industry', 'every insurance account', companies(industry('Insurance'))),
  q('filter.industry', 'everyone we know working in healthcare', contacts(industry('Healthcare'))),
  q('filter.industry', 'manufacturing companies pls', companies(industry('Manufacturing'))),
  q('filter.industry', 'who do we know in logistics', contacts(industry('Logistics'))),
  q('filter.industry', 'show real estate firms', companies(industry('Real Estate'))),

  // ── filter.industry-by-product: an industry by what its companies make or sell ──
  q('filter.industry-by-product', 'firms building cars, vans and trucks', companies(industry('Automotive'))),
  q('filter.industry-by-product', 'contacts whose companies write insurance cover', contacts(industry('Insurance'))),
  q('filter.industry-by-product', 'businesses developing new therapies', companies(industry('Biotechnology'))),
  q('filter.industry-by-product', 'companies running wind farms and power plants', companies(industry('Energy'))),

  // ── filter.informal-seniority ──
  q('filter.informal-seniority', 'all the chiefs in australia', contacts(and(C_LEVEL, country('Australia')))),
  q('filter.informal-seniority', 'vp-or-higher contacts at media companies', contacts(and(SENIOR_LEVEL, industry('Media & Entertainment')))),
  q('filter.informal-seniority', 'energy sector contacts with director in their title', contacts(and(DIRECTOR_LEVEL, industry('Energy')))),
  q('filter.informal-seniority', 'mid-level managers in france', contacts(and(MANAGER_LEVEL, country('France')))),
  q('filter.informal-seniority', 'exec team members in singapore', contacts(and(C_LEVEL, country('Singapore')))),

  // ── filter.role+city ──
  q('filter.role+city', 'sales managers in berlin', contacts(and(titles('Sales Manager'), city('Berlin')))),
  q('filter.role+city', 'cfos based out of toronto', contacts(and(titles('Chief Financial Officer'), city('Toronto')))),
  q('filter.role+city', 'product managers around san francisco', contacts(and(titles('Product Manager'), city('San Francisco')))),
  q('filter.role+city', 'anyone in HR in london', contacts(and(F.people, city('London')))),

  // ── filter.country+status ──
  q('filter.country+status', 'paying customers based in brazil', contacts(and(country('Brazil'), status('customer')))),
  q('filter.country+status', 'new leads in india', contacts(and(country('India'), status('new')))),
  q('filter.country+status', 'qualified prospects across the netherlands', contacts(and(country('Netherlands'), status('qualified')))),
  q('filter.country+status', "contacts in canada we've marked as not a fit", contacts(and(country('Canada'), status('unqualified')))),

  // ── filter.company-size+country ──
  q('filter.company-size+country', 'big german firms with more than 5000 staff', companies(and(country('Germany'), 'co.employees {>} 5000'))),
  q('filter.company-size+country', 'tiny shops in spain, under 50 people', companies(and(country('Spain'), 'co.employees {<} 50'))),
  q('filter.company-size+country', 'uk companies with a headcount between 100 and 1000', companies(and(country('United Kingdom'), 'co.employees >= 100', 'co.employees <= 1000'))),
  q('filter.company-size+country', 'australian accounts over 10k employees', companies(and(country('Australia'), 'co.employees {>} 10000'))),

  // ── filter.deal-amount+industry ──
  q('filter.deal-amount+industry', 'healthcare deals above 200k', deals(and(industry('Healthcare'), 'd.amount {>} 200000'))),
  q('filter.deal-amount+industry', 'small tickets under 20k from education companies', deals(and(industry('Education'), 'd.amount {<} 20000'))),
  q('filter.deal-amount+industry', 'telecom opportunities worth half a million or more', deals(and(industry('Telecommunications'), 'd.amount >= 500000'))),
  q('filter.deal-amount+industry', 'energy sector deals between 50k and 150k', deals(and(industry('Energy'), 'd.amount >= 50000', 'd.amount <= 150000'))),

  // ── filter.deal-product+outcome ──
  q('filter.deal-product+outcome', 'our wins on the security suite', deals(and(product('Security Suite'), WON))),
  q('filter.deal-product+outcome', 'payments api deals that fell through', deals(and(product('Payments API'), LOST))),
  q('filter.deal-product+outcome', 'lost ai assistant opps', deals(and(product('AI Assistant'), LOST))),
  q('filter.deal-product+outcome', 'closed-won customer data hub deals', deals(and(product('Customer Data Hub'), WON))),

  // ── filter.money-words ──
  q('filter.money-words', 'firms making under 10 million a year', companies('co.annual_revenue {<} 10000000')),
  q('filter.money-words', 'accounts with north of 500m in sales', companies('co.annual_revenue {>} 500000000')),
  q('filter.money-words', 'deals worth more than 750k', deals('d.amount {>} 750000')),
  q('filter.money-words', 'opportunities under 10 grand', deals('d.amount {<} 10000')),
  q('filter.money-words', 'american companies with turnover over a billion', companies(and(country('United States'), 'co.annual_revenue {>} 1000000000'))),

  // ── filter.deal-stage ──
  q('filter.deal-stage', 'everything sitting in negotiation', deals(stage('negotiation'))),
  q('filter.deal-stage', 'deals still at the lead stage', deals(stage('lead'))),
  q('filter.deal-stage', 'late-stage opportunities', deals(stage('proposal', 'negotiation'))),
  q('filter.deal-stage', 'opps parked at the qualified step', deals(stage('qualified'))),
  q('filter.deal-stage', 'deals where a proposal is out', deals(stage('proposal'))),

  // ── filter.deal-close-date (open deals by expected close) ──
  q('filter.deal-close-date', 'open deals slated to close in december', deals(closeIn('2026-12-01', '2026-12-31'))),
  // Whether a deal due today is already overdue is left open: both readings must agree.
  q('filter.deal-close-date', 'opps whose close date slipped and are now overdue', deals(and(OPEN, `d.expected_close < '2026-11-01'`)), [
    deals(and(OPEN, `d.expected_close <= '2026-11-01'`)),
  ]),
  q('filter.deal-close-date', 'what should close in q1 next year', deals(closeIn('2027-01-01', '2027-03-31'))),
  // "Next 30 days" counted from today or tomorrow, with or without day 30: all four windows must agree.
  q('filter.deal-close-date', 'deals projected to close in the next 30 days', deals(closeIn('2026-11-01', '2026-12-01')), [
    deals(closeIn('2026-11-01', '2026-11-30')),
    deals(closeIn('2026-11-02', '2026-12-01')),
    deals(closeIn('2026-11-02', '2026-11-30')),
  ]),
  q('filter.deal-close-date', 'deals expected to wrap up this month', deals(closeIn('2026-11-01', '2026-11-30'))),

  // ── filter.recency ──
  q('filter.recency', 'contacts we spoke with in the past week', contacts(`ct.last_contacted_at >= '{ago:7}'`)),
  q('filter.recency', "contacts nobody's reached out to in 45 days", contacts(noContactSince('ago:45'))),
  q('filter.recency', 'deals opened in the last 45 days', deals(and(`d.created_at >= '{ago:45}'`, `d.created_at <= '${NOW}'`))),
  q('filter.recency', "accounts we haven't had a single touchpoint with for 60 days", companies(noCompanyActivitySince('ago:60'))),
  q('filter.recency', 'people we have yet to reach out to even once', contacts('ct.last_contacted_at IS NULL')),

  // ── combo.constraints ──
  q('combo.constraints', 'open analytics platform deals at uk companies over 100k', deals(and(OPEN, product('Analytics Platform'), country('United Kingdom'), 'd.amount {>} 100000'))),
  q('combo.constraints', 'customers in the US tagged as decision makers', contacts(and(country('United States'), status('customer'), tagged('decision-maker')))),
  q('combo.constraints', 'automation cloud deals won in germany last quarter', deals(and(product('Automation Cloud'), WON, country('Germany'), Q3))),
  q('combo.constraints', 'qualified contacts at indian companies with over 1000 employees', contacts(and(status('qualified'), country('India'), 'co.employees {>} 1000'))),

  // ── similar ──
  q('similar', 'who else looks like Yara Mendes', like('Yara Mendes')),
  q('similar', 'find contacts cut from the same cloth as bruno fernandes', like('Bruno Fernandes')),
  q('similar', 'more people along the lines of Oscar Dimitrov', like('Oscar Dimitrov')),
  q('similar', 'jonas ramirez type contacts', like('Jonas Ramirez')),
  q('similar', 'anyone comparable to Ulla Ziegler?', like('Ulla Ziegler')),

  // ── agg.count ──
  q('agg.count', 'how many open deals have we got right now', dealValue('COUNT(*)', OPEN)),
  q('agg.count', 'how many people do we have on file in japan', contactValue('COUNT(*)', country('Japan'))),
  q('agg.count', 'count the companies in the education sector', companyValue('COUNT(*)', industry('Education'))),
  q('agg.count', 'number of deals we won in q3', dealValue('COUNT(*)', and(WON, Q3))),
  q('agg.count', 'how many customers came to us through referrals', contactValue('COUNT(*)', and(status('customer'), source('referral')))),

  // ── agg.count+outcome-date ──
  q('agg.count+outcome-date', 'how many deals got lost in september', dealValue('COUNT(*)', and(LOST, closed('2026-09-01', '2026-10-01')))),
  q('agg.count+outcome-date', 'number of wins in the first half of 2026', dealValue('COUNT(*)', and(WON, closed('2026-01-01', '2026-07-01')))),
  q('agg.count+outcome-date', 'how many deals did we close successfully in august', dealValue('COUNT(*)', and(WON, closed('2026-08-01', '2026-09-01')))),

  // ── agg.sum ──
  q('agg.sum', 'total value sitting in negotiation', dealValue('SUM(d.amount)', stage('negotiation'))),
  q('agg.sum', 'how much did we win last month in total', dealValue('SUM(d.amount)', and(WON, OCTOBER))),
  q('agg.sum', "what's the open automation cloud pipeline worth", dealValue('SUM(d.amount)', and(OPEN, product('Automation Cloud')))),
  q('agg.sum', 'total deal value we lost in 2025', dealValue('SUM(d.amount)', and(LOST, closed('2025-01-01', '2026-01-01')))),
  q('agg.sum', 'combined annual revenue of all our german accounts', companyValue('SUM(co.annual_revenue)', country('Germany'))),

  // ── agg.avg ──
  q('agg.avg', "what's a won deal worth on average", dealValue('AVG(d.amount)', WON)),
  q('agg.avg', 'avg deal amount for payments api', dealValue('AVG(d.amount)', product('Payments API'))),
  q('agg.avg', 'mean headcount of healthcare companies', companyValue('AVG(co.employees)', industry('Healthcare'))),
  q('agg.avg', 'average size of open deals in the uk', dealValue('AVG(d.amount)', and(OPEN, country('United Kingdom')))),
  q('agg.avg', 'typical revenue for companies in singapore, on average', companyValue('AVG(co.annual_revenue)', country('Singapore'))),

  // ── topn.companies ──
  q('topn.companies', 'five biggest companies by number of employees', topCompanies(5, 'co.employees', 'DESC', '1 = 1')),
  q('topn.companies', 'which three healthcare accounts earn the most', topCompanies(3, 'co.annual_revenue', 'DESC', industry('Healthcare'))),
  q('topn.companies', 'the 10 largest german firms by turnover', topCompanies(10, 'co.annual_revenue', 'DESC', country('Germany'))),
  q('topn.companies', 'the 5 canadian companies with the fewest staff', topCompanies(5, 'co.employees', 'ASC', country('Canada'))),
  q('topn.companies', 'which 3 japanese companies bring in the most revenue', topCompanies(3, 'co.annual_revenue', 'DESC', country('Japan'))),

  // ── topn.deals ──
  q('topn.deals', 'top 10 open deals by value', topDeals(10, 'd.amount', 'DESC', OPEN)),
  q('topn.deals', 'the 3 largest deals we have ever won', topDeals(3, 'd.amount', 'DESC', WON)),
  q('topn.deals', 'five smallest open opportunities', topDeals(5, 'd.amount', 'ASC', OPEN)),
  q('topn.deals', 'biggest 5 deals we lost last quarter', topDeals(5, 'd.amount', 'DESC', and(LOST, Q3))),
  q('topn.deals', 'top 3 security suite deals by amount', topDeals(3, 'd.amount', 'DESC', product('Security Suite'))),
];

const entries = evaluateSet(path.resolve(here, '../../../shared/data/crm'), 'p17', PROBES, (db, probe) => {
  const expected = evaluate(db, probe.expected);
  requireAgreement(db, expected, probe.alternatives);
  return expected;
});
writeOrCheck(path.join(here, 'probes-17.jsonl'), entries);
