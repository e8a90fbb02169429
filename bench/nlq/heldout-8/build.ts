/**
 * Builds bench/nlq/heldout-8.jsonl (issue 22, sixth pass): a held-out set written before that pass changed the
 * parser or looked at any current failure, in wording invented for it, over the lead's weakest blind categories:
 * persona by family (what contacts worry about, in everyday words), persona + industry, persona + role, role +
 * industry, roles by what the person is responsible for, and industries named by what their companies make or sell.
 * Scored with `--summary` only.
 *
 *   npx tsx bench/nlq/heldout-8/build.ts           # writes bench/nlq/heldout-8.jsonl
 *   npx tsx bench/nlq/heldout-8/build.ts --check   # exit 1 when the committed file differs from a rebuild
 *
 * Expected answers are plain SQL over the shared CSVs (bench/nlq/heldout/sql.ts). Conventions as held-out 1, 2
 * and 6: persona relevance is the interest family of the contact's notes; a role named by its department is every
 * title of that department (the families of held-out 1); "managers", "directors", "VPs", "C-suite" are the title
 * levels of sql.ts; "senior leaders" = Chief or VP titles; "banks"/"payments" = Financial Technology, "drugs /
 * medicines" = Biotechnology, "factories / machinery" = Manufacturing.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  C_LEVEL, DIRECTOR_LEVEL, MANAGER_LEVEL, VP_LEVEL, companies, contacts, country, evaluate, industry, interested, titles,
  type Spec,
  ROLE_FAMILIES, SENIOR_LEVEL,
} from '../heldout/sql.js';
import { evaluateSet, isMainModule, writeOrCheck, type SetEntry } from '../heldout/set-file.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const DATA_DIR = process.env.CRM_SHARED_DATA ?? path.resolve(here, '../../../../shared/data/crm');
export const OUTPUT_FILE = path.resolve(here, '../heldout-8.jsonl');

interface Query { category: string; text: string; expected: Spec }
const q = (category: string, text: string, expected: Spec): Query => ({ category, text, expected });

const FAMILY = ROLE_FAMILIES;
const SENIOR = SENIOR_LEVEL;

export const QUERIES: Query[] = [
  // ── semantic.persona: a concern family in everyday words ──────────────────────────────────────────────
  q('semantic.persona', 'contacts who lose sleep over cyber attacks', interested('security')),
  q('semantic.persona', 'people working with a tight budget', interested('finance')),
  q('semantic.persona', 'who is looking at neural networks and AI models', interested('ai')),
  q('semantic.persona', 'contacts trying to fill open positions quickly', interested('people')),
  q('semantic.persona', 'contacts who want to forecast their revenue better', interested('sales')),
  q('semantic.persona', 'people chasing more brand awareness', interested('marketing')),
  q('semantic.persona', 'contacts fed up with manual busywork', interested('operations')),
  q('semantic.persona', 'folks who want to know which features their customers actually use', interested('product')),
  q('semantic.persona', 'contacts nervous about passing an audit', interested('security')),
  q('semantic.persona', 'people who have to justify every dollar they spend', interested('finance')),
  q('semantic.persona', 'contacts experimenting with generative ai', interested('ai')),
  q('semantic.persona', 'people whose employees keep quitting', interested('people')),
  q('semantic.persona', 'contacts looking to grow their inbound leads', interested('marketing')),
  q('semantic.persona', 'contacts who want their team to sell more', interested('sales')),
  q('semantic.persona', 'contacts drowning in paperwork and manual processes', interested('operations')),
  q('semantic.persona', 'people planning what to build next in their app', interested('product')),
  q('semantic.persona', 'contacts who talk a lot about data science', interested('ai')),
  q('semantic.persona', 'anyone keeping a close eye on spending', interested('finance')),

  // ── semantic.persona+industry ─────────────────────────────────────────────────────────────────────────
  q('semantic.persona+industry', 'hospital contacts who need to hire faster', interested('people', industry('Healthcare'))),
  q('semantic.persona+industry', 'people at carmakers interested in artificial intelligence', interested('ai', industry('Automotive'))),
  q('semantic.persona+industry', 'university contacts struggling to recruit staff', interested('people', industry('Education'))),
  q('semantic.persona+industry', 'contacts at phone carriers who want to automate routine work', interested('operations', industry('Telecommunications'))),
  q('semantic.persona+industry', 'media contacts who want better results from their campaigns', interested('marketing', industry('Media & Entertainment'))),
  q('semantic.persona+industry', 'energy sector people concerned about audits and compliance', interested('security', industry('Energy'))),
  q('semantic.persona+industry', 'contacts at insurers who are into machine learning', interested('ai', industry('Insurance'))),
  q('semantic.persona+industry', 'manufacturing people focused on the user experience of their product', interested('product', industry('Manufacturing'))),
  q('semantic.persona+industry', 'hotel contacts wanting to sell more', interested('sales', industry('Hospitality'))),
  q('semantic.persona+industry', 'telecom people who want to keep costs under control', interested('finance', industry('Telecommunications'))),
  q('semantic.persona+industry', 'contacts at online retailers interested in email marketing', interested('marketing', industry('E-commerce'))),
  q('semantic.persona+industry', 'biotech folks worried about staff burnout', interested('people', industry('Biotechnology'))),
  q('semantic.persona+industry', 'education people who care about how their teams sell', interested('sales', industry('Education'))),
  q('semantic.persona+industry', 'contacts at car manufacturers worried about hackers', interested('security', industry('Automotive'))),

  // ── semantic.persona+role: an interest family and a level or department read from the title ───────────
  q('semantic.persona+role', 'vice presidents concerned about data privacy', interested('security', VP_LEVEL)),
  q('semantic.persona+role', 'directors who want to automate their operations', interested('operations', DIRECTOR_LEVEL)),
  q('semantic.persona+role', 'VPs keen on AI', interested('ai', VP_LEVEL)),
  q('semantic.persona+role', 'c-suite contacts worried about costs', interested('finance', C_LEVEL)),
  q('semantic.persona+role', 'senior leaders focused on hiring', interested('people', SENIOR)),
  q('semantic.persona+role', 'VPs trying to get more out of marketing', interested('marketing', VP_LEVEL)),
  q('semantic.persona+role', 'chief officers interested in their product roadmap', interested('product', C_LEVEL)),
  q('semantic.persona+role', 'people in sales who want a cleaner pipeline', interested('sales', FAMILY.sales)),
  q('semantic.persona+role', 'HR folks worried about employee burnout', interested('people', FAMILY.people)),
  q('semantic.persona+role', 'finance people looking to trim costs', interested('finance', FAMILY.finance)),
  q('semantic.persona+role', 'marketers who want to know which campaigns work', interested('marketing', FAMILY.marketing)),
  q('semantic.persona+role', 'operations people fed up with manual handoffs', interested('operations', FAMILY.operations)),
  q('semantic.persona+role', 'directors who care about security', interested('security', DIRECTOR_LEVEL)),
  q('semantic.persona+role', 'managers who worry about their budget', interested('finance', MANAGER_LEVEL)),

  // ── filter.role+industry ──────────────────────────────────────────────────────────────────────────────
  q('filter.role+industry', 'heads of growth at telecom companies', contacts(`${titles('Head of Growth')} AND ${industry('Telecommunications')}`)),
  q('filter.role+industry', 'IT managers at hospitals', contacts(`${titles('IT Manager')} AND ${industry('Healthcare')}`)),
  q('filter.role+industry', 'compliance heads at banks', contacts(`${titles('Head of Compliance')} AND ${industry('Financial Technology')}`)),
  q('filter.role+industry', 'FP&A analysts at energy firms', contacts(`${titles('FP&A Analyst')} AND ${industry('Energy')}`)),
  q('filter.role+industry', 'people in HR at universities', contacts(`${FAMILY.people} AND ${industry('Education')}`)),
  q('filter.role+industry', 'operations managers at factories', contacts(`${titles('Operations Manager')} AND ${industry('Manufacturing')}`)),
  q('filter.role+industry', 'talent acquisition leads at software companies', contacts(`${titles('Talent Acquisition Lead')} AND ${industry('Software (SaaS)')}`)),
  q('filter.role+industry', 'product heads at e-commerce shops', contacts(`${titles('Head of Product')} AND ${industry('E-commerce')}`)),
  q('filter.role+industry', 'CROs at media firms', contacts(`${titles('Chief Revenue Officer')} AND ${industry('Media & Entertainment')}`)),
  q('filter.role+industry', 'VPs of engineering at car companies', contacts(`${titles('VP of Engineering')} AND ${industry('Automotive')}`)),
  q('filter.role+industry', 'process analysts in logistics', contacts(`${titles('Process Analyst')} AND ${industry('Logistics')}`)),
  q('filter.role+industry', 'security folks at insurers', contacts(`${FAMILY.security} AND ${industry('Insurance')}`)),
  q('filter.role+industry', 'marketing managers at hotels', contacts(`${titles('Marketing Manager')} AND ${industry('Hospitality')}`)),
  q('filter.role+industry', 'data science leads at biotech companies', contacts(`${titles('Head of Data Science')} AND ${industry('Biotechnology')}`)),
  q('filter.role+industry', 'COOs in the energy sector', contacts(`${titles('Chief Operating Officer')} AND ${industry('Energy')}`)),

  // ── filter.role-responsibility: a role by what the person does or looks after ─────────────────────────
  q('filter.role-responsibility', 'the people who do the accounting at telcos', contacts(`${FAMILY.finance} AND ${industry('Telecommunications')}`)),
  q('filter.role-responsibility', 'whoever is in charge of recruiting in canada', contacts(`${FAMILY.people} AND ${country('Canada')}`)),
  q('filter.role-responsibility', 'the folks who handle sales at media companies', contacts(`${FAMILY.sales} AND ${industry('Media & Entertainment')}`)),
  q('filter.role-responsibility', 'who takes care of IT at hotels', contacts(`${FAMILY.it} AND ${industry('Hospitality')}`)),
  q('filter.role-responsibility', 'people who keep an eye on compliance at healthcare companies', contacts(`${titles('Head of Compliance')} AND ${industry('Healthcare')}`)),
  q('filter.role-responsibility', 'the ones who manage the brand and marketing in france', contacts(`${FAMILY.marketing} AND ${country('France')}`)),
  q('filter.role-responsibility', 'people who decide what gets built at software firms', contacts(`${FAMILY.product} AND ${industry('Software (SaaS)')}`)),
  q('filter.role-responsibility', 'whoever runs day-to-day operations at energy firms', contacts(`${FAMILY.operations} AND ${industry('Energy')}`)),
  q('filter.role-responsibility', 'people tasked with defending against cyber threats at banks', contacts(`${FAMILY.security} AND ${industry('Financial Technology')}`)),
  q('filter.role-responsibility', 'contacts who build machine learning models', contacts(FAMILY.ml)),
  q('filter.role-responsibility', 'whoever is responsible for employee wellbeing at logistics companies', contacts(`${FAMILY.people} AND ${industry('Logistics')}`)),
  q('filter.role-responsibility', 'the people who look after the numbers in germany', contacts(`${FAMILY.finance} AND ${country('Germany')}`)),

  // ── filter.industry-by-product: an industry named by what its companies make, sell or do ──────────────
  q('filter.industry-by-product', 'companies that make cars', companies(industry('Automotive'))),
  q('filter.industry-by-product', 'contacts at firms that develop medicines', contacts(industry('Biotechnology'))),
  q('filter.industry-by-product', 'companies selling insurance policies', companies(industry('Insurance'))),
  q('filter.industry-by-product', 'businesses that run hotels and resorts', companies(industry('Hospitality'))),
  q('filter.industry-by-product', 'companies that move freight', companies(industry('Logistics'))),
  q('filter.industry-by-product', 'contacts at companies that sell things online', contacts(industry('E-commerce'))),
  q('filter.industry-by-product', 'companies that generate electricity', companies(industry('Energy'))),
  q('filter.industry-by-product', 'companies that produce films and tv shows', companies(industry('Media & Entertainment'))),
  q('filter.industry-by-product', 'companies providing mobile and internet service', companies(industry('Telecommunications'))),
  q('filter.industry-by-product', 'companies protecting businesses from hackers', companies(industry('Cybersecurity'))),
  q('filter.industry-by-product', 'people at companies that run schools or online courses', contacts(industry('Education'))),
  q('filter.industry-by-product', 'firms that rent out office space', companies(industry('Real Estate'))),
  q('filter.industry-by-product', 'companies that make industrial machinery', companies(industry('Manufacturing'))),
  q('filter.industry-by-product', 'firms offering payment processing', companies(industry('Financial Technology'))),
  q('filter.industry-by-product', 'companies providing patient care', companies(industry('Healthcare'))),
  q('filter.industry-by-product', 'businesses selling subscription software', companies(industry('Software (SaaS)'))),
  q('filter.industry-by-product', 'companies in japan that build cars', companies(`${industry('Automotive')} AND ${country('Japan')}`)),
  q('filter.industry-by-product', 'contacts at us companies that make medical drugs', contacts(`${industry('Biotechnology')} AND ${country('United States')}`)),
];

export function build(): SetEntry[] {
  return evaluateSet(DATA_DIR, 'h8', QUERIES, (db, query) => evaluate(db, query.expected));
}

if (isMainModule(import.meta.url)) writeOrCheck(OUTPUT_FILE, build());
