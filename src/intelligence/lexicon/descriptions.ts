/**
 * What each concept of the query language means, in a sentence: industries, role functions, seniority levels,
 * measured fields and deal stages. Words the lexicon does not list are compared with these sentences by meaning
 * (the embedding provider; nlq/meaning.ts), so "hoteliers", "top brass" or "whoever runs payroll" find their
 * concept without anyone listing those words. Descriptions are general knowledge, not read off a data set.
 */
import type { RoleFunction, Seniority } from './roles.js';

/** One concept a phrase can mean. `industry` names an INDUSTRY_CONCEPTS entry by its first phrase. */
export type ConceptTarget =
  | { kind: 'industry'; concept: string }
  | { kind: 'function'; fn: RoleFunction }
  | { kind: 'seniority'; levels: readonly Seniority[] }
  | { kind: 'field'; entity: 'company' | 'deal'; field: string }
  | { kind: 'stage'; stages: readonly string[] }
  /** A value the workspace lexicon names by `phrase` (a lead source, a lead status): matched only when the workspace has it. */
  | { kind: 'value'; field: 'lead_source' | 'lead_status'; phrase: string };

export interface ConceptDescription {
  /** What the interpretation calls it ("industry Hospitality", "seniority C-level"). */
  label: string;
  target: ConceptTarget;
  description: string;
  /**
   * Everyday idioms for the concept, compared only where the grammar already says what kind of thing is meant (a
   * clause said of deals is about their stage): read everywhere, "ready" or "else" would drift towards them.
   */
  idioms?: readonly string[];
  /** A concept read only where the grammar names its kind (the lead and qualified stages: "new", "else" drift to them). */
  clauseOnly?: boolean;
}

const industry = (concept: string, label: string, description: string): ConceptDescription => ({ label: `industry ${label}`, target: { kind: 'industry', concept }, description });
const fn = (f: RoleFunction, description: string): ConceptDescription => ({ label: `role ${f.replace('_', ' ')}`, target: { kind: 'function', fn: f }, description });
const level = (levels: readonly Seniority[], label: string, description: string): ConceptDescription => ({ label: `seniority ${label}`, target: { kind: 'seniority', levels }, description });

export const CONCEPT_DESCRIPTIONS: readonly ConceptDescription[] = [
  industry('fintech', 'financial technology', 'banks, payments, lending, money, financial services and fintech firms'),
  industry('software', 'software', 'software companies, SaaS products, cloud applications and developer tools'),
  industry('biotech', 'biotech and pharma', 'biotechnology, pharmaceuticals, drugs and medicines, drug makers, life sciences laboratories'),
  industry('healthcare', 'healthcare', 'hospitals, clinics, doctors, nurses, patients and medical care providers'),
  industry('telecom', 'telecommunications', 'telephone, mobile and internet network carriers and telecom operators'),
  industry('media', 'media and entertainment', 'newspapers, television, radio, broadcasting, film studios, music, publishing, games and entertainment'),
  industry('ecommerce', 'e-commerce and retail', 'shops, stores, retailers, online shopping and consumer goods sellers'),
  industry('cybersecurity', 'cybersecurity', 'computer security, hackers, threat protection, antivirus, firewalls and information security vendors'),
  industry('education', 'education', 'schools, universities, teachers, students, courses and learning'),
  industry('automotive', 'automotive', 'cars, vehicles, car makers, trucks and auto parts'),
  industry('hospitality', 'hospitality and travel', 'hotels, restaurants, tourism, travel, airlines, lodging and hospitality'),
  industry('real estate', 'real estate', 'property, buildings, housing, landlords, realtors and construction'),
  industry('insurance', 'insurance', 'insurers, insurance policies, underwriting, claims and coverage'),
  industry('manufacturing', 'manufacturing', 'factories, industrial production, machinery and manufacturers'),
  industry('logistics', 'logistics', 'shipping, freight, trucking, warehouses, delivery and supply chain'),
  industry('energy', 'energy', 'oil, gas, electricity, power plants, utilities, solar and renewable energy'),
  industry('agriculture', 'agriculture', 'farms, farmers, crops, food production and agriculture'),
  industry('government', 'government', 'government agencies, public sector, ministries and municipalities'),
  industry('nonprofit', 'nonprofit', 'charities, nonprofit organisations, foundations and NGOs'),
  industry('consulting', 'consulting', 'consultants, advisory firms and professional services'),

  fn('finance', 'finance, accounting, bookkeeping and the books, the numbers, invoices, bills and payments, payroll, budgets, financial forecasting, spending, treasury and the money of the company'),
  fn('sales', 'sales, selling, revenue, quotas, closing deals, negotiating with buyers and business development'),
  fn('marketing', 'marketing, brand, advertising, campaigns, content, blog posts, social media, growth and demand generation'),
  fn('engineering', 'engineering, software development, programming and building the product'),
  fn('product', 'product management, product design, user experience, user research, deciding which features get built and roadmaps'),
  fn('data', 'data science, analytics, machine learning and artificial intelligence'),
  fn('it', 'IT, computers, internal systems, infrastructure, IT support and help desk'),
  fn('security', 'security, cybersecurity, protecting systems and information from attacks, hackers and cyber threats'),
  fn('compliance', 'legal, compliance, regulation, contracts, lawyers and risk'),
  fn('people', 'human resources, hiring, recruiting and screening job candidates, onboarding new employees, employee relations, compensation and benefits, people and talent'),
  fn('operations', 'operations, logistics, supply chain, procurement, processes and running the business day to day'),
  fn('customer_success', 'customer success, support, service and helping customers'),

  level(['c_level'], 'C-level', 'chief executives, founders, presidents, owners, the top brass and the most important people: the c-suite executives who run the whole company'),
  level(['c_level', 'vp'], 'VP level or above', 'senior leadership: bosses in charge, influential people, higher-ups and vice presidents'),
  level(['c_level', 'vp', 'head', 'director'], 'director level or above', 'leaders, department heads, directors and decision makers'),
  level(['manager'], 'manager', 'managers, team leads and supervisors'),

  { label: 'stage open', target: { kind: 'stage', stages: ['lead', 'qualified', 'proposal', 'negotiation'] }, description: 'open deals still in progress in the pipeline, not yet closed' },
  {
    label: 'stage won',
    target: { kind: 'stage', stages: ['closed_won'] },
    description: 'deals we won: signed, booked, closed successfully',
    idioms: ['the customer signed and the deal is done', 'we got it over the line and closed it', 'a done deal, in the bag'],
  },
  {
    label: 'stage lost',
    target: { kind: 'stage', stages: ['closed_lost'] },
    description: 'deals we lost: dead, failed, closed unsuccessfully',
    idioms: ['the customer walked away or chose a competitor', 'the deal collapsed and is off the table'],
  },
  {
    label: 'stage negotiation',
    target: { kind: 'stage', stages: ['negotiation'] },
    description: 'deals in negotiation: haggling over terms and price, contract talks',
    idioms: [
      'bargaining over the price and the terms of the contract',
      'their lawyers and legal team are reviewing the contract',
      'the contract is out for signature and we await it',
      'close to signing, the final step before the deal closes',
      'the last stretch of the sale, almost closed',
    ],
  },
  {
    label: 'stage proposal',
    target: { kind: 'stage', stages: ['proposal'] },
    description: 'deals at proposal: a quote, offer or pricing has been sent and awaits their decision',
    idioms: ['we sent them our price and they are considering it', 'the customer is weighing our offer', 'a quote is on the table'],
  },
  {
    label: 'stage qualified',
    target: { kind: 'stage', stages: ['qualified'] },
    description: 'qualified deals: vetted as real opportunities, budget and need confirmed',
    idioms: ['checked and confirmed as a real opportunity with budget and a need', 'discovery is done and they are a good fit'],
    clauseOnly: true,
  },
  {
    label: 'stage lead',
    target: { kind: 'stage', stages: ['lead'] },
    description: 'new leads: the very first stage, not yet qualified',
    idioms: ['at the very beginning, early days, nothing done yet', 'just came in, first contact only'],
    clauseOnly: true,
  },

  // Where a lead came from, and how far it has come: each in words of what happened, not of a field's values.
  ...(
    [
      ['referral', 'referred or recommended to us by a customer, a friend or a contact: word of mouth and personal introductions'],
      ['linkedin', 'found through LinkedIn, the professional social network: social media and social selling'],
      ['cold outreach', 'approached by us unasked: cold calls, cold e-mails and outbound prospecting'],
      ['partner', 'sent to us by a partner company: resellers, affiliates, alliances and channel partners'],
      ['webinar', 'attended or signed up for an online seminar: webinars, webcasts and virtual events'],
      ['conference', 'met in person at an event: conferences, trade shows, expos, summits and booths'],
      ['website', 'came to us through our website: web forms, landing pages, online sign-ups and organic search'],
    ] as const
  ).map(([phrase, description]): ConceptDescription => ({ label: `lead source ${phrase}`, target: { kind: 'value', field: 'lead_source', phrase }, description })),
  ...(
    [
      ['new', 'new leads nobody has worked yet: fresh, untouched, not yet contacted'],
      ['contacted', 'leads we have reached out to and are in touch with: in conversation, being worked'],
      ['qualified', 'qualified leads: vetted, a good fit, ready for sales'],
      ['unqualified', 'unqualified leads: disqualified, a bad fit, not worth pursuing'],
      ['customer', 'customers: paying clients who buy from us, converted and signed up'],
    ] as const
  ).map(([phrase, description]): ConceptDescription => ({ label: `lead status ${phrase}`, target: { kind: 'value', field: 'lead_status', phrase }, description })),

  { label: 'annual revenue', target: { kind: 'field', entity: 'company', field: 'annual_revenue' }, description: 'how much money a company makes in a year: its revenue, turnover, sales and income' },
  { label: 'employees', target: { kind: 'field', entity: 'company', field: 'employees' }, description: 'how many people a company employs: its headcount, staff and workforce size' },
  { label: 'deal amount', target: { kind: 'field', entity: 'deal', field: 'amount' }, description: 'how much a deal is worth: its amount, value, price and deal size' },
];

/**
 * The texts a description is compared by: the whole sentence and each of its parts ("hotels", "restaurants",
 * "tourism"), since a short phrase sits nearer one part than a whole sentence. A phrase's score for a concept
 * is its best over these.
 */
export function descriptionTexts(d: ConceptDescription): string[] {
  const parts = d.description.split(/\s*(?:[,:;]|\band\b)\s*/).map((x) => x.trim()).filter((x) => x.length > 2);
  return [d.description, ...parts.filter((x) => x !== d.description)];
}

/** The idioms of a concept, each whole (an idiom's words mean something only together). */
export function idiomTexts(d: ConceptDescription): string[] {
  return [...(d.idioms ?? [])];
}
