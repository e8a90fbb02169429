/**
 * Probe sentences of the sixteenth pass (issue 22), written without reading the parser, its lexicon, its tests or
 * docs/natural-language-queries.md. Read for format and conventions only: bench/nlq/probes-15.ts (+ -sql.ts,
 * .jsonl), bench/nlq/heldout-6/build.ts, bench/nlq/heldout-8/build.ts, bench/nlq.ts's loader and the shared
 * CSVs. No sentence is copied or lightly edited from those files. 180 everyday command-bar sentences (informal,
 * some lower-case, some typos), weighted to the classes that score lowest on unseen phrasings:
 * semantic.persona 40, semantic.persona+industry 30, semantic.persona+role 25, filter.informal-industry 25,
 * filter.role-responsibility 25, filter.role+industry 20, filter.negation 15. Tuning data, not evidence of
 * generalisation.
 *
 * Every expected answer is plain SQL over the shared CSVs (bench/nlq/heldout/sql.ts's tables, fragments and
 * `evaluate`, which refuses empty sets, rankings with fewer than 15 relevant records and threshold/date readings
 * that disagree; bench/nlq/probes-15-sql.ts for negation fragments). Nothing is typed by hand.
 *
 * What the words are taken to mean (where a reader could hesitate):
 * - Persona relevance (semantic.*) = the interest family of the contact's notes, exactly sql.ts's
 *   `contact_interest` view as held-out 8 uses it (`interested(family, where)`: ranked, k = 10, precision@10).
 *   The eight families and the concerns said for them here: security (hacks, breaches, privacy rules, audits,
 *   access control, phishing), finance (costs, spend, price, ROI, the books), ai (AI, LLMs, ML models, neural
 *   nets), people (hiring, retention, burnout, HR software, morale, training), sales (quota, pipeline, forecast,
 *   reps' admin, win rates, growing the sales team), marketing (brand, ads, leads from campaigns, SEO,
 *   attribution, rebrand, events), operations (manual work, spreadsheets, handoffs, supply chain, ERP, new
 *   regions, dashboards), product (how users use the app, UX/design, experiments, onboarding drop-off, roadmap,
 *   releases). Note (read from the data): every title carries exactly one family, so a persona+role item's
 *   relevant set is the role's titles that carry the concern's family.
 * - Roles in persona+role: "execs", "c-level", "chief officers" = Chief titles; "VPs", "vice presidents" = VP
 *   titles; "directors" = titles with Director; "managers" = titles ending in Manager; "leadership",
 *   "higher-ups", "top brass", "senior people" = Chief or VP (sql.ts's SENIOR_LEVEL); "heads of department" =
 *   "Head of …" titles; "engineers" = titles ending in Engineer (ML Engineer, Security Engineer); a department
 *   word ("IT people", "HR contacts", "the data science crowd") = sql.ts's role family of that department.
 * - Industries in everyday words (one of the data's 16 values each): carmakers, car brands, auto/car companies =
 *   Automotive; pharma, life sciences, drug research = Biotechnology; hospitals, clinics, health providers =
 *   Healthcare; banks, challenger banks, lenders, card issuers, payment companies = Financial Technology
 *   (held-out 8's convention); telcos, wireless carriers = Telecommunications; schools, colleges, edtech =
 *   Education; trucking, delivery, shipping, 3PLs, freight = Logistics; solar, renewables, power companies,
 *   utilities = Energy; factories, manufacturers, plants = Manufacturing; studios, streamers, news publishers,
 *   TV = Media & Entertainment; web stores, online stores, d2c brands selling online = E-commerce; realtors,
 *   property developers = Real Estate; hotels, hotel chains/groups, resorts, restaurant chains = Hospitality;
 *   security software vendors, infosec = Cybersecurity; b2b software vendors, saas = Software (SaaS); insurers =
 *   Insurance. Sectors the data does not have (chip makers, law firms) are not asked.
 * - A role by what the person does: a duty that is a whole department's work is every title of that
 *   department (sql.ts's families, as probes-15 and held-outs 6/8 do: recruiting/hiring/benefits → people;
 *   the books/accounting/paying bills → finance; closing deals/quota/revenue → sales; ads/brand/campaigns →
 *   marketing; fending off attacks/pen tests → security; servers, laptops, helpdesk, networks → it; building
 *   predictive models → ml; supply chain/fulfilment/day-to-day running → operations; backlog/what gets built →
 *   product). A duty that one title alone names is that title: user interviews → UX Researcher; newsletters and
 *   social copy → Content Strategist; mapping and improving business processes → Process Analyst; keeping
 *   regulators happy → Head of Compliance; setting the technology strategy → Chief Technology Officer;
 *   "signs off on budgets" → the finance titles with approval authority, Chief Financial Officer and VP of
 *   Finance (a controller, manager or analyst prepares budgets but does not approve them).
 * - Negation: "outside/not in/other than X" = the column differs from X (or is not in the list); "never had a
 *   meeting/call" = no activity of that type for the contact/deal; "gone quiet for N months" = no deal activity
 *   in the window up to NOW; "untagged/no tags" = tags empty; "aren't customers" = lead_status <> customer.
 *   Europe = the data's France, Germany, Netherlands, Spain and United Kingdom.
 *
 *   npx tsx bench/nlq/probes-16.ts            # writes bench/nlq/probes-16.jsonl
 *   npx tsx bench/nlq/probes-16.ts --check    # exit 1 when the committed file differs from a rebuild
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  C_LEVEL,
  DIRECTOR_LEVEL,
  MANAGER_LEVEL,
  OPEN,
  ROLE_FAMILIES,
  SENIOR_LEVEL,
  VP_LEVEL,
  companies,
  contacts,
  country,
  deals,
  evaluate,
  industry,
  interested,
  noDealActivitySince,
  titles,
  type Spec,
} from './heldout/sql.js';
import { evaluateSet, writeOrCheck } from './heldout/set-file.js';
import { EUROPE, noCompanyDeal, noContactActivityOfType, noDealActivityOfType, notIn, notTagged } from './probes-15-sql.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const q = (category: string, text: string, expected: Spec) => ({ category, text, expected });
const F = ROLE_FAMILIES;
/** "Heads of department": the "Head of …" titles (Compliance, Data Science, Growth, Product). */
const HEAD_OF = `ct.title LIKE 'Head of %'`;
/** "Engineers": titles ending in Engineer (ML Engineer, Security Engineer). */
const ENGINEER = `ct.title LIKE '% Engineer'`;
const and = (...parts: string[]) => parts.join(' AND ');

const P = 'semantic.persona';
const PI = 'semantic.persona+industry';
const PR = 'semantic.persona+role';
const II = 'filter.informal-industry';
const RR = 'filter.role-responsibility';
const RI = 'filter.role+industry';
const NEG = 'filter.negation';

export const PROBES = [
  // ── semantic.persona: a concern family said in other words (5 per family) ──
  // security
  q(P, "who's stressing about getting hacked", interested('security')),
  q(P, 'anyone paranoid about a data leak', interested('security')),
  q(P, 'contacts with a security review coming up soon', interested('security')),
  q(P, 'folks who need to lock down who can access what', interested('security')),
  q(P, 'people sweating over privacy regulations', interested('security')),
  // finance
  q(P, 'contacts who are pinching pennies', interested('finance')),
  q(P, "people who'll haggle hard on price", interested('finance')),
  q(P, 'who is trying to shrink their software bill', interested('finance')),
  q(P, 'contacts that need to see the payback before they buy anything', interested('finance')),
  q(P, 'folks whose finance team wants to close the books faster', interested('finance')),
  // ai
  q(P, "who's into AI stuff", interested('ai')),
  q(P, 'contacts playing around with LLMs', interested('ai')),
  q(P, 'people training their own predictive models', interested('ai')),
  q(P, 'prospects betting big on artifical intelligence', interested('ai')),
  q(P, 'contacts curious about neural nets', interested('ai')),
  // people
  q(P, 'contacts struggling to hang on to their staff', interested('people')),
  q(P, "who's having a hard time finding good engineers", interested('people')),
  q(P, 'contacts whose people are running on fumes', interested('people')),
  q(P, 'contacts shopping around for new hr software', interested('people')),
  q(P, 'folks who care a lot about employee morale', interested('people')),
  // sales
  q(P, 'contacts whose reps keep missing their numbers', interested('sales')),
  q(P, "people who can't see what's actually in their pipeline", interested('sales')),
  q(P, 'who wants to close deals faster', interested('sales')),
  q(P, 'anyone whose salespeople hate doing admin after calls', interested('sales')),
  q(P, 'folks planning to hire a lot more sales reps', interested('sales')),
  // marketing
  q(P, 'contacts who want more eyeballs on their brand', interested('marketing')),
  q(P, 'who is trying to figure out which ads actually pay off', interested('marketing')),
  q(P, 'people unhappy with the leads their ads bring in', interested('marketing')),
  q(P, 'contacts planning a rebrand', interested('marketing')),
  q(P, 'folks who want to show up higher on google', interested('marketing')),
  // operations
  q(P, 'contacts still doing everything in google sheets', interested('operations')),
  q(P, "who's sick of doing everything by hand", interested('operations')),
  q(P, 'people whose deliveries from suppliers keep running late', interested('operations')),
  q(P, 'contacts that want their processes to run on autopilot', interested('operations')),
  q(P, 'teams expanding into new countries that need ops help', interested('operations')),
  // product
  q(P, 'contacts curious how their users really behave in the app', interested('product')),
  q(P, "who's obsessed with user experience and design", interested('product')),
  q(P, 'people running lots of tests on thier product', interested('product')),
  q(P, 'contacts trying to stop new users dropping off', interested('product')),
  q(P, 'folks pushing out new releases all the time', interested('product')),

  // ── semantic.persona+industry: a concern within an industry in everyday words ──
  q(PI, 'auto industry folks nervous about a data breach', interested('security', industry('Automotive'))),
  q(PI, 'car brands that want to stop doing things by hand', interested('operations', industry('Automotive'))),
  q(PI, "people at carmakers who can't hire fast enough", interested('people', industry('Automotive'))),
  q(PI, 'biotech contacts watching every penny', interested('finance', industry('Biotechnology'))),
  q(PI, 'pharma contacts who want their sales team winning more often', interested('sales', industry('Biotechnology'))),
  q(PI, 'contacts at drug research firms dabbling in ai', interested('ai', industry('Biotechnology'))),
  q(PI, 'security software vendors wanting a fuller sales pipeline', interested('sales', industry('Cybersecurity'))),
  q(PI, 'infosec companies trying to get their name out there', interested('marketing', industry('Cybersecurity'))),
  q(PI, 'web stores worried about customer data privacy', interested('security', industry('E-commerce'))),
  q(PI, 'contacts at online stores trying to trim their spend', interested('finance', industry('E-commerce'))),
  q(PI, 'school and university contacts curious about AI', interested('ai', industry('Education'))),
  q(PI, 'people at colleges who want their marketing to land better', interested('marketing', industry('Education'))),
  q(PI, 'edtech folks with privacy compliance on their plate', interested('security', industry('Education'))),
  q(PI, 'power company contacts who want to know how customers use their app', interested('product', industry('Energy'))),
  q(PI, 'energy folks told to slash spending', interested('finance', industry('Energy'))),
  q(PI, 'people at payment companies who struggle to keep staff', interested('people', industry('Financial Technology'))),
  q(PI, 'healthcare contacts dealing with a lot of staff turnover', interested('people', industry('Healthcare'))),
  q(PI, 'contacts at health providers trying to improve their app experience', interested('product', industry('Healthcare'))),
  q(PI, 'hospital people who want a tighter sales forecast', interested('sales', industry('Healthcare'))),
  q(PI, 'hotel and restaurant people stuck with manual processes', interested('operations', industry('Hospitality'))),
  q(PI, 'hospitality folks looking at machine learning', interested('ai', industry('Hospitality'))),
  q(PI, 'insurers stressed about regulators and audits', interested('security', industry('Insurance'))),
  q(PI, 'insurance contacts chasing bigger sales numbers', interested('sales', industry('Insurance'))),
  q(PI, 'shipping companies experimenting with AI', interested('ai', industry('Logistics'))),
  q(PI, 'freight contacts who worry about cyber threats', interested('security', industry('Logistics'))),
  q(PI, 'manufacturers tired of clunky manual workflows', interested('operations', industry('Manufacturing'))),
  q(PI, 'people at streaming and tv companies keen on AI', interested('ai', industry('Media & Entertainment'))),
  q(PI, 'telcos wanting more bang for their ad spend', interested('marketing', industry('Telecommunications'))),
  q(PI, 'telecom contacts whose teams are burning out', interested('people', industry('Telecommunications'))),
  q(PI, 'property firms that still run everything on spreadsheets', interested('operations', industry('Real Estate'))),

  // ── semantic.persona+role: a concern and a level or department read from the title ──
  q(PR, 'c-level people losing sleep over a security breach', interested('security', C_LEVEL)),
  q(PR, 'execs who want to squeeze more out of their budget', interested('finance', C_LEVEL)),
  q(PR, 'chief officers pushing for AI adoption', interested('ai', C_LEVEL)),
  q(PR, 'top brass worried about people leaving', interested('people', SENIOR_LEVEL)),
  q(PR, 'vps who want their sales team to perform better', interested('sales', VP_LEVEL)),
  q(PR, 'vice presidents thinking about hiring', interested('people', VP_LEVEL)),
  q(PR, 'VPs with manual process headaches', interested('operations', VP_LEVEL)),
  q(PR, "vp-level folks who care about their product's ux", interested('product', VP_LEVEL)),
  q(PR, 'directors under pressure to hit their sales numbers', interested('sales', DIRECTOR_LEVEL)),
  q(PR, 'directors dealing with employee turnover', interested('people', DIRECTOR_LEVEL)),
  q(PR, 'director level contacts thinking about ml', interested('ai', DIRECTOR_LEVEL)),
  q(PR, 'directors who want to get rid of their spreadsheets', interested('operations', DIRECTOR_LEVEL)),
  q(PR, 'managers being told to spend less', interested('finance', MANAGER_LEVEL)),
  q(PR, 'managers who want to know which marketing actually works', interested('marketing', MANAGER_LEVEL)),
  q(PR, 'managers obsessing over how users behave in their product', interested('product', MANAGER_LEVEL)),
  q(PR, 'managers with security compliance on their mind', interested('security', MANAGER_LEVEL)),
  q(PR, 'leadership contacts looking into artificial intelligence', interested('ai', SENIOR_LEVEL)),
  q(PR, 'higher-ups focused on growing brand awareness', interested('marketing', SENIOR_LEVEL)),
  q(PR, 'heads of department worried about compliance checks', interested('security', HEAD_OF)),
  q(PR, 'engineers playing with neural networks', interested('ai', ENGINEER)),
  q(PR, 'IT people concerned about breaches', interested('security', F.it)),
  q(PR, 'hr contacts looking to replace their people system', interested('people', F.people)),
  q(PR, 'ops people with supply chain problems', interested('operations', F.operations)),
  q(PR, 'the data science crowd interested in model accuracy', interested('ai', F.ml)),
  q(PR, 'salespeople frustrated with their crm', interested('sales', F.sales)),

  // ── filter.informal-industry: what people call a sector's firms or trade ──
  q(II, 'list the carmakers', companies(industry('Automotive'))),
  q(II, 'contacts at carmakers in japan', contacts(and(industry('Automotive'), country('Japan')))),
  q(II, 'hospitals in the us', companies(and(industry('Healthcare'), country('United States')))),
  q(II, 'pharma cos', companies(industry('Biotechnology'))),
  q(II, 'life sciences companies in the states', companies(and(industry('Biotechnology'), country('United States')))),
  q(II, 'people working at insurers', contacts(industry('Insurance'))),
  q(II, 'telcos in the states', companies(and(industry('Telecommunications'), country('United States')))),
  q(II, 'wireless carriers', companies(industry('Telecommunications'))),
  q(II, 'schools and edtech companies', companies(industry('Education'))),
  q(II, 'contacts at challenger banks', contacts(industry('Financial Technology'))),
  q(II, 'lenders and card issuers', companies(industry('Financial Technology'))),
  q(II, 'trucking and delivery companies', companies(industry('Logistics'))),
  q(II, '3pl providers', companies(industry('Logistics'))),
  q(II, 'renewables companies', companies(industry('Energy'))),
  q(II, 'solar and power companies in germany', companies(and(industry('Energy'), country('Germany')))),
  q(II, 'contacts at factories', contacts(industry('Manufacturing'))),
  q(II, 'film studios and streamers', companies(industry('Media & Entertainment'))),
  q(II, 'people at news publishers', contacts(industry('Media & Entertainment'))),
  q(II, 'd2c brands selling online', companies(industry('E-commerce'))),
  q(II, 'realtors and property developers', companies(industry('Real Estate'))),
  q(II, 'hotel chains and resorts', companies(industry('Hospitality'))),
  q(II, 'contacts at restaurant chains', contacts(industry('Hospitality'))),
  q(II, 'security software vendors in australia', companies(and(industry('Cybersecurity'), country('Australia')))),
  q(II, 'b2b software vendors', companies(industry('Software (SaaS)'))),
  q(II, 'ppl at clinics and care providers', contacts(industry('Healthcare'))),

  // ── filter.role-responsibility: a role by what the person does or owns ──
  q(RR, 'the person who handles recruiting', contacts(F.people)),
  q(RR, 'whoever signs off on budgets', contacts(titles('Chief Financial Officer', 'VP of Finance'))),
  q(RR, 'who actually closes deals for them', contacts(F.sales)),
  q(RR, 'the people who carry a quota', contacts(F.sales)),
  q(RR, 'who runs penetration tests and security reviews', contacts(F.security)),
  q(RR, 'who keeps their servers and laptops running', contacts(F.it)),
  q(RR, 'whoever owns the product backlog', contacts(F.product)),
  q(RR, 'the person who interviews users about the product', contacts(titles('UX Researcher'))),
  q(RR, 'whoever writes their newsletters and social media copy', contacts(titles('Content Strategist'))),
  q(RR, 'who crunches the data and builds predictive models', contacts(F.ml)),
  q(RR, 'whoever sets the technology strategy', contacts(titles('Chief Technology Officer'))),
  q(RR, 'people who map out and improve business processes', contacts(titles('Process Analyst'))),
  q(RR, 'the person who keeps them on the right side of regulators', contacts(titles('Head of Compliance'))),
  q(RR, 'who pays the bills and keeps the books', contacts(F.finance)),
  q(RR, 'whoever runs their ad campaigns and brand', contacts(F.marketing)),
  q(RR, 'who deals with employee issues and benefits', contacts(F.people)),
  q(RR, 'the folks keeping the warehouses and fulfilment running', contacts(F.operations)),
  q(RR, 'the person on the hook for revenue', contacts(F.sales)),
  q(RR, 'who handles their network and helpdesk', contacts(F.it)),
  q(RR, 'whoever protects them from cyber attacks at hospitals', contacts(and(F.security, industry('Healthcare')))),
  q(RR, 'who handles hiring at carmakers', contacts(and(F.people, industry('Automotive')))),
  q(RR, 'the ppl who choose which features ship at telcos', contacts(and(F.product, industry('Telecommunications')))),
  q(RR, 'who does the bookkeeping at insurers', contacts(and(F.finance, industry('Insurance')))),
  q(RR, 'whoever runs marketing at companies in spain', contacts(and(F.marketing, country('Spain')))),
  q(RR, 'who trains machine learning models at banks', contacts(and(F.ml, industry('Financial Technology')))),

  // ── filter.role+industry: a title or department and an industry ──
  q(RI, 'cfos at auto companies', contacts(and(titles('Chief Financial Officer'), industry('Automotive')))),
  q(RI, 'heads of product at telcos', contacts(and(titles('Head of Product'), industry('Telecommunications')))),
  q(RI, 'sales directors in insurance', contacts(and(titles('Sales Director'), industry('Insurance')))),
  q(RI, 'data scientists at trucking and delivery firms', contacts(and(titles('Data Scientist'), industry('Logistics')))),
  q(RI, 'CMOs at hotel chains', contacts(and(titles('Chief Marketing Officer'), industry('Hospitality')))),
  q(RI, 'it managers at carmakers', contacts(and(titles('IT Manager'), industry('Automotive')))),
  q(RI, 'VPs of sales at hospitals', contacts(and(titles('VP of Sales'), industry('Healthcare')))),
  q(RI, 'hr directors at schools', contacts(and(titles('HR Director'), industry('Education')))),
  q(RI, 'ops managers at energy cos', contacts(and(titles('Operations Manager'), industry('Energy')))),
  q(RI, 'chief product officers at media companies', contacts(and(titles('Chief Product Officer'), industry('Media & Entertainment')))),
  q(RI, 'security engineers at news and streaming companies', contacts(and(titles('Security Engineer'), industry('Media & Entertainment')))),
  q(RI, 'finance managers at online stores', contacts(and(titles('Finance Manager'), industry('E-commerce')))),
  q(RI, 'ml engineers at pharma companies', contacts(and(titles('ML Engineer'), industry('Biotechnology')))),
  q(RI, 'head of growth at real estate firms', contacts(and(titles('Head of Growth'), industry('Real Estate')))),
  q(RI, 'vp of people at web stores', contacts(and(titles('VP of People'), industry('E-commerce')))),
  q(RI, 'CISOs at edtech companies', contacts(and(titles('Chief Information Security Officer'), industry('Education')))),
  q(RI, 'directors of IT at insurers', contacts(and(titles('Director of IT'), industry('Insurance')))),
  q(RI, 'product managers at hotel groups', contacts(and(titles('Product Manager'), industry('Hospitality')))),
  q(RI, 'account executives at biotech firms', contacts(and(titles('Account Executive'), industry('Biotechnology')))),
  q(RI, 'marketing people at the car companies', contacts(and(F.marketing, industry('Automotive')))),

  // ── filter.negation ──
  q(NEG, 'contacts outside of healthcare', contacts(`co.industry <> 'Healthcare'`)),
  q(NEG, "companies that aren't in the US or canada", companies(notIn('co.country', ['United States', 'Canada']))),
  q(NEG, 'deals other than the security suite ones', deals(`d.product <> 'Security Suite'`)),
  q(NEG, 'contacts with no tags on them', contacts('ct.tags IS NULL')),
  q(NEG, "contacts we've never sat down for a meeting with", contacts(noContactActivityOfType('meeting'))),
  q(NEG, 'non-vip contacts', contacts(notTagged('vip'))),
  q(NEG, "accounts we've never had a single opportunity with", companies(noCompanyDeal())),
  q(NEG, "contacts who aren't customers yet", contacts(`ct.lead_status <> 'customer'`)),
  q(NEG, 'open deals nobody has called about', deals(and(OPEN, noDealActivityOfType('call')))),
  q(NEG, 'contacts not at software companies', contacts(`co.industry <> 'Software (SaaS)'`)),
  q(NEG, "contacts that didn't come in through linkedin", contacts(`ct.lead_source <> 'linkedin'`)),
  q(NEG, 'companies based outside europe', companies(notIn('co.country', EUROPE))),
  q(NEG, 'non decision makers at german companies', contacts(and(notTagged('decision-maker'), country('Germany')))),
  q(NEG, 'open opps that have gone quiet for two months', deals(and(OPEN, noDealActivitySince('monthsAgo:2')))),
  q(NEG, 'companies that have never bought anything from us', companies(noCompanyDeal(`d2.stage = 'closed_won'`))),
];

const entries = evaluateSet(path.resolve(here, '../../../shared/data/crm'), 'p16', PROBES, (db, probe) => evaluate(db, probe.expected));
writeOrCheck(path.join(here, 'probes-16.jsonl'), entries);
