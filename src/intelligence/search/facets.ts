/**
 * The structured part of a semantic query: "healthcare contacts running A/B experiments" is an industry
 * (narrows) plus a topic (ranks); "technical decision makers interested in AI" is a role family plus a
 * topic. Industries and role families are read with the one lexicon (lexicon/industries.ts, role-words.ts) that
 * natural-language queries use. Words are only read as a facet where grammar says so — right before the object
 * noun ("software contacts") or after in/at/from ("contacts in biotech") — so "worried about security" stays a
 * topic; a role only as a group of senior ranks, perhaps after its function ("finance leaders", "technical decision
 * makers").
 */
import { ENTITIES, ENTITY_ORDER } from '../../core/entities.js';
import { foldText } from '../../core/normalize.js';
import { industriesCalled } from '../lexicon/industries.js';
import { FUNCTION_WORDS, SENIORITY_WORDS, senioritiesInWords, type RoleFamily } from '../lexicon/role-words.js';
import type { Seniority } from '../lexicon/roles.js';
import { phraseKey } from '../lexicon/tokens.js';


export interface QueryFacets {
  industry?: string;
  role?: RoleFamily;
  /** The query without the words the facets consumed: what the vectors should rank by. */
  topic: string;
  /** What was understood, in words ("industry = Education · role: technical decision makers"). */
  explanation: string[];
}

/** Words naming an object (entities.ts): an industry right before one is a facet ("fintech accounts"). */
const OBJECT_NOUNS = new Set(ENTITY_ORDER.flatMap((e) => ENTITIES[e].synonyms ?? []));
const PREPOSITIONS = new Set(['in', 'at', 'from', 'within']);
const TAG_CUES = new Set(['tagged', 'tag', 'labelled', 'labeled']);
/** Longest rank phrase, in words ("decision makers", "vice president"). */
const RANK_WORDS_MAX = 2;

const word = (s: string) => foldText(s).toLowerCase().replace(/[^\p{L}\p{N}&-]/gu, '');

/** Finds the workspace industry a phrase names, if any. */
export function matchIndustry(phrase: string, industries: readonly string[]): string | undefined {
  const p = word(phrase);
  if (p.length < 3) return undefined;
  const folded = industries.map((i) => ({ name: i, f: foldText(i).toLowerCase() }));
  const exact = folded.find((i) => i.f === p || i.f.replace(/\s*\(.*\)/, '') === p);
  if (exact) return exact.name;
  const called = industriesCalled(phrase, industries)[0];
  if (called) return called;
  // "biotech" → Biotechnology, "telecom" → Telecommunications: a word of the name starting with the phrase.
  if (p.length >= 5) {
    const hit = folded.find((i) => i.f.split(/[^a-z0-9]+/).some((w) => w.startsWith(p)));
    if (hit) return hit.name;
  }
  return undefined;
}

/** Words for a group of people of one rank ("executives" are the c-suite), unlike a title's rank word ("chief"). */
const GROUP_RANKS = new Set(['executive', 'exec']);

/** A group of senior ranks starting at token i ("leaders", "decision makers"): its length in tokens and seniorities. */
function seniorRankAt(tokens: readonly string[], i: number): { span: number; seniorities: readonly Seniority[] } | undefined {
  for (let span = RANK_WORDS_MAX; span >= 1; span--) {
    if (i + span > tokens.length) continue;
    const key = phraseKey(tokens.slice(i, i + span).join(' '));
    const seniorities = SENIORITY_WORDS[key];
    // A group of ranks ("leaders", "executives"); one title's rank ("VPs of Sales", "chief financial officers")
    // needs the words around it, which natural-language queries read and a facet does not.
    if (seniorities && (seniorities.length > 1 || GROUP_RANKS.has(key))) return { span, seniorities };
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
    const rank = seniorRankAt(tokens, i);
    // "tagged decision-maker" names a tag, not a rank.
    if (!rank || TAG_CUES.has(lower[i - 1] ?? '')) continue;
    const fnIndex = i - 1;
    const functions = fnIndex >= 0 && !used.has(fnIndex) ? FUNCTION_WORDS[phraseKey(tokens[fnIndex]!)] : undefined;
    const from = functions ? fnIndex : i;
    facets.role = { label: tokens.slice(from, i + rank.span).join(' '), functions: functions ?? null, seniorities: rank.seniorities };
    for (let j = from; j < i + rank.span; j++) used.add(j);
    facets.explanation.push(`role: ${facets.role.label} (${functions ? `${functions.join('/')}, ` : ''}${senioritiesInWords(rank.seniorities)})`);
  }

  const rest = tokens.filter((_, i) => !used.has(i));
  facets.topic = rest.length > 0 ? rest.join(' ') : query;
  return facets;
}
