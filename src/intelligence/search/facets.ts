/**
 * The structured part of a semantic query: "healthcare contacts running A/B experiments" is an industry
 * (narrows) plus a topic (ranks); "technical decision makers interested in AI" is a role family plus a
 * topic. Industries come from the workspace's own values with their common short forms; role families from
 * the title lexicon. Words are only read as a facet where grammar says so — right before the object noun
 * ("software contacts") or after in/at/from ("contacts in biotech") — so "worried about security" stays a topic.
 */
import { foldText } from '../../core/normalize.js';
import type { RoleFunction, Seniority } from '../lexicon/roles.js';
import { SENIORITY_RANK } from '../lexicon/roles.js';

export interface RoleFamily {
  label: string;
  functions: readonly RoleFunction[] | null;
  minSeniority: number;
}

export interface QueryFacets {
  industry?: string;
  role?: RoleFamily;
  /** The query without the words the facets consumed: what the vectors should rank by. */
  topic: string;
  /** What was understood, in words ("industry = Education · role: technical decision makers"). */
  explanation: string[];
}

const OBJECT_NOUNS = new Set(['contacts', 'contact', 'people', 'persons', 'leads', 'lead', 'customers', 'prospects', 'companies', 'company', 'accounts', 'account', 'firms', 'deals', 'deal', 'opportunities', 'buyers', 'folks']);
const PREPOSITIONS = new Set(['in', 'at', 'from', 'within']);

/** Short forms people use for industries; matched against the workspace's actual industry names. */
const INDUSTRY_ALIASES: [RegExp, RegExp][] = [
  [/^fintech$/, /financ|payment|fintech/],
  [/^(saas|software)$/, /software|saas/],
  [/^(biotech|pharma|life sciences?)$/, /biotech|pharma|life science/],
  [/^(telecoms?|telco)$/, /telecom/],
  [/^(media|entertainment)$/, /media|entertainment/],
  [/^(ecommerce|e-commerce|retail)$/, /commerce|retail/],
  [/^(cyber|cybersecurity|infosec)$/, /cyber|security/],
  [/^(edtech|education)$/, /educat|edtech/],
  [/^(auto|automotive)$/, /automotive/],
  [/^(hotels?|travel)$/, /hospitality|travel/],
  [/^(property|proptech)$/, /real estate|proptech/],
  [/^(health ?care|medtech)$/, /health/],
];

const SENIOR_WORDS = new Set(['decision', 'makers', 'leaders', 'leadership', 'executives', 'execs', 'senior', 'heads']);
const ROLE_FAMILIES: [RegExp, string, readonly RoleFunction[]][] = [
  [/^(technical|tech|technology|engineering)$/, 'technical', ['engineering', 'data', 'it']],
  [/^(data|ml|ai)$/, 'data', ['data']],
  [/^(finance|financial)$/, 'finance', ['finance']],
  [/^(marketing)$/, 'marketing', ['marketing']],
  [/^(sales|revenue|commercial)$/, 'sales', ['sales']],
  [/^(security)$/, 'security', ['security']],
  [/^(hr|people)$/, 'people', ['people']],
  [/^(product)$/, 'product', ['product']],
];

const word = (s: string) => foldText(s).toLowerCase().replace(/[^\p{L}\p{N}&-]/gu, '');

/** Finds the workspace industry a phrase names, if any. */
export function matchIndustry(phrase: string, industries: readonly string[]): string | undefined {
  const p = word(phrase);
  if (p.length < 3) return undefined;
  const folded = industries.map((i) => ({ name: i, f: foldText(i).toLowerCase() }));
  const exact = folded.find((i) => i.f === p || i.f.replace(/\s*\(.*\)/, '') === p);
  if (exact) return exact.name;
  for (const [alias, target] of INDUSTRY_ALIASES) {
    if (!alias.test(p)) continue;
    const hit = folded.find((i) => target.test(i.f));
    if (hit) return hit.name;
  }
  // "biotech" → Biotechnology, "telecom" → Telecommunications: a word of the name starting with the phrase.
  if (p.length >= 5) {
    const hit = folded.find((i) => i.f.split(/[^a-z0-9]+/).some((w) => w.startsWith(p)));
    if (hit) return hit.name;
  }
  return undefined;
}

export function extractFacets(query: string, industries: readonly string[]): QueryFacets {
  const tokens = query.split(/\s+/).filter(Boolean);
  const lower = tokens.map(word);
  const used = new Set<number>();
  const facets: QueryFacets = { topic: query, explanation: [] };

  // Industry: one or two words right before an object noun, or after a preposition.
  for (let i = 0; i < tokens.length && !facets.industry; i++) {
    const before = OBJECT_NOUNS.has(lower[i + 1] ?? '');
    const after = PREPOSITIONS.has(lower[i - 1] ?? '');
    if (!before && !after) continue;
    for (const span of [2, 1]) {
      const start = before ? i - span + 1 : i;
      if (start < 0 || start + span > tokens.length) continue;
      const phrase = tokens.slice(start, start + span).join(' ');
      const hit = matchIndustry(phrase, industries);
      if (hit) {
        facets.industry = hit;
        for (let j = start; j < start + span; j++) used.add(j);
        if (after) used.add(i - 1);
        facets.explanation.push(`industry = ${hit}`);
        break;
      }
    }
  }

  // Role family: "<function> decision makers / leaders / executives".
  for (let i = 0; i < tokens.length && !facets.role; i++) {
    if (!SENIOR_WORDS.has(lower[i]!)) continue;
    const fnIndex = lower[i - 1] === undefined ? -1 : i - 1;
    const family = fnIndex >= 0 ? ROLE_FAMILIES.find(([re]) => re.test(lower[fnIndex]!)) : undefined;
    const span = lower[i] === 'decision' && lower[i + 1] === 'makers' ? 2 : 1;
    const minSeniority = SENIORITY_RANK.director;
    facets.role = { label: `${family ? `${family[1]} ` : ''}${tokens.slice(i, i + span).join(' ')}`, functions: family ? family[2] : null, minSeniority };
    if (family) used.add(fnIndex);
    for (let j = i; j < i + span; j++) used.add(j);
    facets.explanation.push(`role: ${facets.role.label} (${family ? `${family[2].join('/')}, ` : ''}director level or above)`);
  }

  const rest = tokens.filter((_, i) => !used.has(i));
  facets.topic = rest.length > 0 ? rest.join(' ') : query;
  return facets;
}

export function roleMatches(family: RoleFamily, profile: { function: RoleFunction | null; seniority: Seniority }): boolean {
  if (SENIORITY_RANK[profile.seniority] < family.minSeniority) return false;
  return family.functions === null || (profile.function !== null && family.functions.includes(profile.function));
}
