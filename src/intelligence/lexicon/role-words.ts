/**
 * How people name groups of roles when they ask ("CTOs", "VPs of Sales", "finance leaders", "technical decision
 * makers", "ML engineers"): ranks, functions and job nouns, keyed by stems (lexicon/tokens.ts). A role family is
 * then matched against each title's profile (roles.ts), so no title needs listing. Natural-language queries and
 * search facets read roles with these tables.
 */
import { roleProfile, SENIORITY_LABEL, type RoleFunction, type Seniority } from './roles.js';
import { phraseKey } from './tokens.js';

/** A group of roles a query names: functions (null: any) at seniorities (null: any). */
export interface RoleFamily {
  label: string;
  functions: readonly RoleFunction[] | null;
  seniorities: readonly Seniority[] | null;
  /**
   * A job noun as said ("engineer", stem key): a title holding it is in the family whatever its function
   * ("engineers" are ML and security engineers too).
   */
  word?: string;
  /**
   * The job as said with its modifiers, stem key ("data scientist", "ml engineer", "account executive"): when
   * workspace titles hold this phrase, the family is those titles only (narrowToTitlesSaid), not every title of
   * the function at that level ("data scientists" are not ML engineers).
   */
  said?: string;
  /** Only titles holding `word` belong (set by narrowToTitlesSaid). */
  exactOnly?: boolean;
}

/** Director level or above: what "leaders", "decision makers" and "leadership" mean. */
export const LEADERSHIP: readonly Seniority[] = ['c_level', 'vp', 'head', 'director'];

/** Rank words, by the seniorities they name. */
const SENIOR: readonly Seniority[] = ['c_level', 'vp'];

export const SENIORITY_WORDS: Record<string, readonly Seniority[]> = {
  vp: ['vp'], svp: ['vp'], evp: ['vp'], avp: ['vp'], 'vice president': ['vp'], director: ['director'], head: ['head'], manager: ['manager'],
  'c level': ['c_level'], 'c suite': ['c_level'], clevel: ['c_level'], csuite: ['c_level'], cxo: ['c_level'], chief: ['c_level'],
  'chief officer': ['c_level'], founder: ['c_level'], cofounder: ['c_level'], 'co founder': ['c_level'], president: ['c_level'],
  // "Executives" and the top brass are the c-suite; senior leadership, bosses and higher-ups are C-level and VPs;
  // leaders of a function ("sales leaders") and decision makers reach down to heads and directors.
  executive: ['c_level'], exec: ['c_level'], leader: LEADERSHIP, leadership: SENIOR, 'leadership team': SENIOR,
  'decision maker': LEADERSHIP, 'senior leader': SENIOR, 'senior leadership': SENIOR, boss: SENIOR, 'higher up': SENIOR, 'higher ups': SENIOR, 'top brass': ['c_level'],
  'senior executive': ['c_level', 'vp'], 'senior manager': ['manager'], 'team lead': ['manager'], supervisor: ['manager'],
  management: ['c_level', 'vp', 'head', 'director', 'manager'], 'upper management': SENIOR, 'senior management': SENIOR,
  // The middle of the ladder is its managers ("middle management", "mid-level managers").
  'middle management': ['manager'], 'middle manager': ['manager'], 'mid level': ['manager'], 'individual contributor': ['individual'], ic: ['individual'],
  // Slang for the one at the very top: "head honchos", "big shots", "top dogs" are the chiefs (WordNet's
  // definitions place others).
  honcho: ['c_level'], 'head honcho': ['c_level'], 'big shot': ['c_level'], 'top dog': ['c_level'], 'big cheese': ['c_level'],
};

/** Ranks in order, highest first: "director and above" is director and every rank before it. */
export const RANK_ORDER: readonly Seniority[] = ['c_level', 'vp', 'head', 'director', 'manager', 'individual'];

/** Function words as people use them before or after a rank ("sales VPs", "heads of marketing"). */
export const FUNCTION_WORDS: Record<string, readonly RoleFunction[]> = {
  sale: ['sales'], revenue: ['sales'], commercial: ['sales'], 'business development': ['sales'], marketing: ['marketing'], growth: ['marketing'],
  engineering: ['engineering'], technical: ['engineering', 'data', 'it'], tech: ['engineering', 'data', 'it'], technology: ['engineering', 'data', 'it'],
  it: ['it'], 'information technology': ['it'], 'it support': ['it'], 'tech support': ['it'], helpdesk: ['it'], 'help desk': ['it'], 'service desk': ['it'], data: ['data'], 'data science': ['data'], analytic: ['data'], ml: ['data'], ai: ['data'],
  'machine learning': ['data'], product: ['product'], design: ['product'], ux: ['product'], security: ['security'], infosec: ['security'], cybersecurity: ['security'], 'cyber security': ['security'], 'information security': ['security'],
  finance: ['finance'], financial: ['finance'], accounting: ['finance'], hr: ['people'], people: ['people'], talent: ['people'],
  'human resource': ['people'], recruiting: ['people'], operation: ['operations'], ops: ['operations'], compliance: ['compliance'],
  legal: ['compliance'], risk: ['compliance'], 'customer success': ['customer_success'], support: ['customer_success'],
  'customer service': ['customer_success'],
};

/** Job nouns that carry their own function, at individual level unless a rank comes with them. */
export const JOB_NOUNS: Record<string, readonly RoleFunction[]> = {
  engineer: ['engineering'], developer: ['engineering'], architect: ['engineering'], scientist: ['data'], 'data scientist': ['data'],
  analyst: ['finance', 'data', 'operations'], 'financial analyst': ['finance'], designer: ['product'], researcher: ['product'],
  accountant: ['finance'], controller: ['finance'], recruiter: ['people'], marketer: ['marketing'], seller: ['sales'], salesperson: ['sales'],
  'account executive': ['sales'], ae: ['sales'], sdr: ['sales'], bdr: ['sales'], strategist: ['marketing'], 'product manager': ['product'],
  pm: ['product'], cfo: ['finance'], rep: ['sales'], 'sales rep': ['sales'], 'sales representative': ['sales'],
};

/** The seniorities of a job noun said without a rank ("engineers"). */
export const INDIVIDUAL_LEVELS: readonly Seniority[] = ['individual', 'manager'];

/** Whether a workspace title belongs to a role family ("CTOs", "finance leaders"). */
export function familyMatches(f: RoleFamily, title: string): boolean {
  if (f.exactOnly) return !!f.word && holds(title, f.word);
  const p = roleProfile(title);
  if (f.seniorities && !f.seniorities.includes(p.seniority)) return false;
  if (f.word && ` ${phraseKey(title)} `.includes(` ${f.word} `)) return true;
  if (f.functions && (p.function === null || !f.functions.includes(p.function))) return false;
  return true;
}

const holds = (title: string, key: string) => ` ${phraseKey(title)} `.includes(` ${key} `);

/**
 * A job said as the workspace's titles say it ("UX researchers", "account executives") is those titles: the
 * workspace's own values are exact entries. Families without such a phrase, or whose phrase no title holds, are
 * kept as they are.
 */
export function narrowToTitlesSaid(f: RoleFamily, titles: readonly string[]): RoleFamily {
  if (!f.said || !titles.some((t) => holds(t, f.said!))) return f;
  return { label: f.label, functions: null, seniorities: null, word: f.said, said: f.said, exactOnly: true };
}

const SENIORITY_ORDER: readonly Seniority[] = ['c_level', 'vp', 'head', 'director', 'manager', 'individual'];

/** Seniorities in words: "director level or above" for every rank down to director, else "VP or head of function". */
export function senioritiesInWords(seniorities: readonly Seniority[]): string {
  const included = SENIORITY_ORDER.filter((x) => seniorities.includes(x));
  const lowest = included.length - 1;
  if (lowest > 0 && SENIORITY_ORDER[lowest] === included[lowest]) return `${SENIORITY_LABEL[included[lowest]!]} level or above`;
  return SENIORITY_ORDER.filter((x) => seniorities.includes(x)).map((x) => SENIORITY_LABEL[x]).join(' or ');
}
