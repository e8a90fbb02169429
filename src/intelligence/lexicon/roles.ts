/**
 * What a job title says about a person: their function (product, finance, security …) and seniority
 * (c-level … individual contributor). General knowledge of titles, not a list of the data set's titles, so
 * "Chief Revenue Officer", "SVP Sales" and "Regional Sales Lead" all land in sales.
 */
import { nameTokens } from '../../core/normalize.js';

export type RoleFunction =
  | 'executive'
  | 'engineering'
  | 'product'
  | 'data'
  | 'it'
  | 'security'
  | 'compliance'
  | 'finance'
  | 'sales'
  | 'marketing'
  | 'people'
  | 'operations'
  | 'customer_success';

export type Seniority = 'c_level' | 'vp' | 'head' | 'director' | 'manager' | 'individual';

export const SENIORITY_RANK: Record<Seniority, number> = { c_level: 5, vp: 4, head: 3, director: 3, manager: 2, individual: 1 };

export const FUNCTION_LABEL: Record<RoleFunction, string> = {
  executive: 'executive leadership',
  engineering: 'engineering',
  product: 'product',
  data: 'data & machine learning',
  it: 'IT',
  security: 'security',
  compliance: 'compliance & legal',
  finance: 'finance',
  sales: 'sales',
  marketing: 'marketing',
  people: 'people & HR',
  operations: 'operations',
  customer_success: 'customer success',
};

export const SENIORITY_LABEL: Record<Seniority, string> = {
  c_level: 'C-level',
  vp: 'VP',
  head: 'head of function',
  director: 'director',
  manager: 'manager',
  individual: 'individual contributor',
};

/** C-suite acronyms; CPO is read as product unless "people" appears. */
export const ACRONYMS: Record<string, RoleFunction> = {
  ceo: 'executive', coo: 'operations', cfo: 'finance', cto: 'engineering', cio: 'it', ciso: 'security', cso: 'security',
  cmo: 'marketing', cro: 'sales', cpo: 'product', cdo: 'data', cco: 'compliance', chro: 'people', cao: 'finance',
};

/** Words that name a function, strongest evidence first within a title. */
const FUNCTION_WORDS: [RoleFunction, readonly string[]][] = [
  ['security', ['security', 'infosec', 'cybersecurity', 'soc', 'penetration', 'appsec']],
  ['compliance', ['compliance', 'legal', 'counsel', 'risk', 'privacy', 'regulatory', 'audit', 'governance']],
  ['data', ['data', 'ml', 'machine', 'learning', 'ai', 'analytics', 'scientist', 'bi', 'intelligence']],
  ['people', ['people', 'hr', 'human', 'talent', 'recruiting', 'recruiter', 'recruitment', 'acquisition', 'hiring', 'culture']],
  ['finance', ['finance', 'financial', 'fp', 'controller', 'accounting', 'accountant', 'treasury', 'treasurer', 'payroll', 'tax', 'billing']],
  ['product', ['product', 'ux', 'ui', 'design', 'designer', 'researcher', 'user']],
  ['it', ['it', 'information', 'infrastructure', 'systems', 'sysadmin', 'helpdesk', 'network']],
  ['engineering', ['engineering', 'engineer', 'developer', 'software', 'technology', 'technical', 'architect', 'devops', 'platform', 'sre']],
  ['marketing', ['marketing', 'growth', 'content', 'brand', 'demand', 'seo', 'communications', 'pr', 'campaign', 'campaigns', 'strategist']],
  ['sales', ['sales', 'revenue', 'account', 'business', 'bdr', 'sdr', 'partnerships', 'commercial', 'deal']],
  ['customer_success', ['customer', 'success', 'support', 'service', 'onboarding']],
  ['operations', ['operations', 'operating', 'ops', 'process', 'supply', 'logistics', 'procurement', 'facilities']],
  ['executive', ['founder', 'cofounder', 'president', 'owner', 'executive', 'general', 'managing']],
];

export interface RoleProfile {
  function: RoleFunction | null;
  seniority: Seniority;
}

function seniorityOf(t: string[]): Seniority {
  const has = (w: string) => t.includes(w);
  if (has('chief') || t.some((w) => w in ACRONYMS) || has('founder') || has('cofounder') || has('president') && !has('vice')) return 'c_level';
  if (has('vp') || has('svp') || has('evp') || (has('vice') && has('president'))) return 'vp';
  if (has('head')) return 'head';
  if (has('director')) return 'director';
  if (has('manager') || has('lead') || has('leader') || has('supervisor') || has('controller')) return 'manager';
  return 'individual';
}

export function roleProfile(title: string | null | undefined): RoleProfile {
  const t = nameTokens(title ?? '');
  if (t.length === 0) return { function: null, seniority: 'individual' };
  const seniority = seniorityOf(t);
  // "Business Partner" in HR, "Account Executive" in sales: context words decide before generic ones.
  if (t.includes('people') || t.includes('hr') || t.includes('talent')) return { function: 'people', seniority };
  for (const w of t) if (w in ACRONYMS) return { function: ACRONYMS[w]!, seniority };
  for (const [fn, words] of FUNCTION_WORDS) if (t.some((w) => words.includes(w))) return { function: fn, seniority };
  if (t.includes('chief') && t.includes('officer')) return { function: 'executive', seniority };
  return { function: null, seniority };
}
