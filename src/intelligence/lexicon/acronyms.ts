/**
 * Business and technology acronyms, spelled out in plain words. USE lite has no meaning for most acronyms ("GDPR",
 * "HRIS", "SCIM" are rare tokens to it), so a note saying "GDPR came up" sits far from a question about "privacy
 * laws". Texts are embedded with each known acronym followed by what it stands for; the text shown stays as written.
 *
 * A general glossary of terms in common business use, kept here as a thesaurus is (WordNet has few of them): not a
 * list of any workspace's or benchmark's phrases.
 */

/** Acronym as written (case-sensitive) → what it is, in the words people use for it. */
export const ACRONYMS: Readonly<Record<string, string>> = {
  // privacy, security and compliance
  GDPR: 'EU data protection and privacy law',
  CCPA: 'California consumer data privacy law',
  HIPAA: 'US health data privacy law',
  PCI: 'payment card data security standard',
  SOC: 'security compliance audit and certification report',
  ISO: 'international standards certification',
  SSO: 'single sign-on login',
  SCIM: 'automated user provisioning of accounts',
  MFA: 'multi-factor authentication',
  IAM: 'identity and access management',
  SIEM: 'security event monitoring and alerting',
  SOAR: 'security incident response automation',
  EDR: 'endpoint threat detection and response',
  DLP: 'data loss prevention',
  VPN: 'virtual private network',
  // systems
  CRM: 'customer relationship management sales software',
  ERP: 'enterprise resource planning finance and operations system',
  HRIS: 'HR information system, human resources and payroll software',
  HCM: 'human capital management HR software',
  ATS: 'applicant tracking system, recruiting and hiring software',
  LMS: 'learning management system, employee training software',
  CMS: 'content management system for websites',
  CDP: 'customer data platform',
  BI: 'business intelligence reporting and dashboards',
  ETL: 'data pipelines moving data between systems',
  API: 'programming interface for developers and integrations',
  SDK: 'software development kit for developers',
  GPU: 'graphics processors, compute for machine learning',
  SaaS: 'software as a service, cloud subscription software',
  // money and planning
  ROI: 'return on investment',
  TCO: 'total cost of ownership',
  ARR: 'annual recurring revenue',
  MRR: 'monthly recurring revenue',
  KPI: 'key performance indicator, metric',
  OKR: 'objectives and key results, goals',
  FPA: 'financial planning and analysis',
  CAC: 'customer acquisition cost',
  LTV: 'customer lifetime value',
  NPS: 'net promoter score, customer satisfaction',
  CSAT: 'customer satisfaction score',
  SLA: 'service level agreement, uptime commitment',
  RFP: 'request for proposal, vendor selection',
  POC: 'proof of concept, pilot',
  PoC: 'proof of concept, pilot',
  // marketing and sales
  ABM: 'account-based marketing to target accounts',
  SEO: 'search engine optimisation, organic search traffic',
  SEM: 'search engine marketing, paid search ads',
  PPC: 'pay-per-click paid advertising',
  SDR: 'sales development representative, outbound prospecting',
  BDR: 'business development representative, outbound prospecting',
  // people and teams
  HR: 'human resources, people team',
  IT: 'information technology department',
  UX: 'user experience design',
  QA: 'quality assurance testing',
  ML: 'machine learning',
  LLM: 'large language models, generative AI',
  GenAI: 'generative AI, large language models',
  NLP: 'natural language processing',
  MLOps: 'running machine learning models in production',
  IoT: 'internet of things, connected devices and sensors',
  DEI: 'diversity, equity and inclusion',
  PTO: 'paid time off, employee leave',
  DevOps: 'software delivery and operations, shipping releases',
  SRE: 'site reliability engineering, keeping systems up',
  RevOps: 'revenue operations, sales and marketing processes',
  FinOps: 'cloud cost management',
  KYC: 'know your customer identity checks',
  AML: 'anti-money laundering compliance',
  PII: 'personal data about individuals',
  EHR: 'electronic health records',
  SOX: 'financial reporting compliance law',
  CPQ: 'configure, price and quote sales software',
  SMB: 'small and mid-sized businesses',
  AI: 'artificial intelligence',
  EU: 'European Union',
  EUR: 'euro currency',
  USD: 'US dollar currency',
};

const PATTERN = new RegExp(`(?<![\\p{L}\\p{N}])(${Object.keys(ACRONYMS).sort((a, b) => b.length - a.length).join('|')})s?(?![\\p{L}])`, 'gu');

/**
 * The text with each known acronym followed by what it stands for, once per acronym: "Worried about SOC 2 audits"
 * → "Worried about SOC (security compliance audit and certification report) 2 audits". Text without one is returned
 * as it is.
 */
export function spellOutAcronyms(text: string): string {
  const seen = new Set<string>();
  return text.replace(PATTERN, (whole, acronym: string) => {
    if (seen.has(acronym)) return whole;
    seen.add(acronym);
    return `${whole} (${ACRONYMS[acronym]})`;
  });
}
