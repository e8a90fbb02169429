/**
 * An industry said as what its companies do: "companies that make cars", "firms selling insurance policies",
 * "businesses that run hotels", "startups offering payment processing", "makers of medicines". A verb of making,
 * selling or providing after a noun for firms (directly, or after that/which/who) opens a trade phrase; its
 * object is read against the industries only (passes/meaning.ts: the lexicon's industry values, WordNet, then the
 * embedding against the industries' descriptions), never as a role, a source or a topic.
 */
import type { ParseState } from '../parse-state.js';
import { ENTITY_NOUNS } from '../vocabulary.js';
import { JOB_NOUNS, SENIORITY_WORDS } from '../../lexicon/role-words.js';
import { phraseKey } from '../../lexicon/tokens.js';
import { synsetsOf } from '../../lexicon/wordnet.js';

/** Verbs of what a firm does for a living, in the forms people type. */
const TRADE_VERBS = new Set(
  [
    'make', 'build', 'manufacture', 'produce', 'sell', 'provide', 'offer', 'develop', 'run', 'operate', 'ship', 'move',
    'deliver', 'generate', 'supply', 'distribute', 'publish', 'broadcast', 'insure', 'teach', 'treat', 'lend', 'rent',
    'lease', 'design', 'create', 'grow', 'brew', 'retail', 'market', 'protect', 'defend', 'secure', 'host', 'train',
    'educate', 'transport', 'haul', 'own', 'manage', 'construct', 'do', 'focus', 'specialise', 'specialize', 'work',
  ].flatMap(forms),
);
/** Verbs whose trade is what they protect against ("protecting businesses from hackers"). */
const GUARD_VERBS = new Set(['protect', 'defend', 'secure', 'guard', 'shield'].flatMap(forms));
/** Nouns for firms: the subject a trade verb needs ("companies that …", "startups selling …"). */
const FIRM_NOUNS = new Set([
  'company', 'firm', 'business', 'startup', 'vendor', 'provider', 'player', 'outfit', 'shop', 'brand', 'chain', 'operator', 'group',
  'supplier', 'manufacturer', 'maker', 'producer', 'enterprise', 'corporation', 'corp', 'organisation', 'organization', 'org', 'employer',
  'account', 'customer', 'client', 'co', 'cos', 'place', 'one',
]);
/** Nouns for firms by what they do, before "of": "makers of vaccines", "providers of broadband". */
const MAKER_NOUNS = new Set([
  'maker', 'manufacturer', 'producer', 'provider', 'seller', 'supplier', 'vendor', 'builder', 'developer', 'operator', 'retailer', 'distributor',
  // firms named by the trade they broker, carry, lend or resell ("insurance brokers", "freight carriers", "ad agencies")
  'broker', 'dealer', 'trader', 'carrier', 'lender', 'agency', 'forwarder', 'wholesaler', 'importer', 'exporter',
]);
const RELATIVES = new Set(['that', 'which', 'who']);
const DETERMINERS = new Set(['the', 'a', 'an', 'their', 'its', 'our', 'some', 'any']);
/** Words that end a trade phrase ("companies that make cars │in Japan"). */
const ENDS = new Set(['in', 'at', 'based', 'located', 'with', 'who', 'that', 'which', 'across', 'near', 'and', 'or', 'for', 'from', 'to', 'where', 'whose', 'are', 'is', 'have', 'has', 'we', 'over', 'under', 'above', 'below', 'more', 'less', 'than', 'by']);
/** "and"/"or" join two things made ("films and tv shows") unless a place or another clause follows. */
const JOINERS = new Set(['and', 'or']);
const MAX_OBJECT = 5;
/** After these the firm only says where people work ("contacts at companies that …"), not what is asked for. */
const AFTER_PLACE = new Set(['at', 'in', 'for', 'with', 'from', 'of', 'by', 'to']);
/** Grammar and filler that cannot be a trade said before a maker noun. */
const NOT_TRADE = new Set(['the', 'a', 'an', 'all', 'any', 'some', 'our', 'their', 'show', 'list', 'find', 'me', 'many', 'how', 'which', 'what', 'who', 'top', 'biggest', 'largest', 'best', 'in', 'at', 'from', 'of', 'for', 'with', 'and', 'or', 'to', 'through', 'via', 'by']);

/** "decision makers", a tag "decision-maker": the noun and the word before it are one name already. */
function namedWhole(st: ParseState, k: number): boolean {
  const key = st.key(k, 2);
  return SENIORITY_WORDS[key] !== undefined || JOB_NOUNS[key] !== undefined || st.ctx.lexicon.phrases.has(key);
}

function forms(v: string): string[] {
  const stem = v.endsWith('e') ? v.slice(0, -1) : v;
  const s = /(s|sh|ch|x)$/.test(v) ? `${v}es` : /[^aeiou]y$/.test(v) ? `${v.slice(0, -1)}ies` : `${v}s`;
  const ing = /[^aeiou][aeiou][bdgmnprt]$/.test(v) && v.length <= 4 ? `${v}${v.at(-1)}ing` : `${stem}ing`;
  return [v, s, ing];
}

/**
 * Whether the job noun at i is, in one of WordNet's senses for people, someone who works on the industry the words
 * before it name: "property developers" (a developer "develops real estate"), not "software developers".
 */
function developsTheIndustry(st: ParseState, i: number): boolean {
  const industriesOf = (words: string[]): Set<string> => {
    const out = new Set<string>();
    for (let a = 0; a < words.length; a++) {
      for (let len = 1; len <= 2 && a + len <= words.length; len++) {
        for (const m of st.ctx.lexicon.phrases.get(phraseKey(words.slice(a, a + len).join(' '))) ?? []) if (m.kind === 'value' && m.field === 'industry') for (const v of m.values) out.add(v);
      }
    }
    return out;
  };
  const before = industriesOf([st.n(i - 2), st.n(i - 1)].filter((w) => w !== ''));
  if (before.size === 0) return false;
  try {
    return synsetsOf(st.n(i), 4, ['noun']).some((syn) => syn.person && [...industriesOf(syn.gloss.toLowerCase().split(/[^a-z]+/))].some((v) => before.has(v)));
  } catch {
    return false;
  }
}

export function readTrades(st: ParseState): void {
  const { n, s, toks, used } = st;
  const free = (k: number) => !used[k] && !NOT_TRADE.has(n(k)) && !/^\d/.test(n(k)) && n(k).length > 1;
  for (let i = 0; i < toks.length; i++) {
    if (used[i]) continue;
    let k: number;
    let claimFrom: number;
    if (TRADE_VERBS.has(n(i))) {
      const relative = RELATIVES.has(n(i - 1)) && !used[i - 1];
      // The firm noun comes right before the verb ("startups selling …") or before its relative pronoun, perhaps
      // after a place or an industry ("companies in Japan that build cars", "fintech firms that lend money").
      const from = relative ? i - 2 : i - 1;
      let firm = -1;
      for (let b = from; b >= Math.max(0, from - (relative ? 4 : 0)); b--) if (FIRM_NOUNS.has(s(b))) { firm = b; break; }
      if (firm < 0 || (!relative && !n(i).endsWith('ing'))) continue;
      k = i + 1;
      claimFrom = relative ? i - 1 : i;
      if (!AFTER_PLACE.has(n(firm - 1)) && !AFTER_PLACE.has(n(firm - 2))) st.tradeFirmObject = true;
      // "startups", "providers": a word for firms that is no object noun of its own is read with the trade.
      if (!ENTITY_NOUNS[s(firm)] && !used[firm]) st.claim(firm, firm + 1);
    } else if (MAKER_NOUNS.has(s(i)) && n(i + 1) === 'of') {
      k = i + 2;
      claimFrom = i;
      if (!AFTER_PLACE.has(n(i - 1)) && !AFTER_PLACE.has(n(i - 2))) st.tradeFirmObject = true;
    } else if (MAKER_NOUNS.has(s(i)) && i > 0 && free(i - 1) && !namedWhole(st, i - 1) && (s(i) !== 'developer' || developsTheIndustry(st, i))) {
      // "vaccine makers", "auto manufacturers", "broadband providers": the words before the noun are the trade.
      // ("software developers" are engineers: developers are firms only where WordNet says they develop what the
      // words before name — "property developers", someone who develops real estate.)
      let a = i - 1;
      if (a > 0 && free(a - 1)) a--;
      st.claim(i, i + 1);
      st.tradeFirmAt.set(a, i);
      for (let x = a; x < i; x++) st.tradeAt.add(x);
      if (!AFTER_PLACE.has(n(a - 1)) && !AFTER_PLACE.has(n(a - 2))) st.tradeFirmObject = true;
      continue;
    } else continue;
    // "focus on", "specialise in", "work in": the particle belongs to the verb.
    if (['on', 'in'].includes(n(k)) && ['focus', 'specialise', 'specialize', 'work'].some((v) => n(k - 1).startsWith(v.slice(0, 5)))) k++;
    while (DETERMINERS.has(n(k)) && !used[k]) k++;
    const guard = GUARD_VERBS.has(n(k - 1)) || GUARD_VERBS.has(n(i));
    if (guard) {
      // "protecting businesses from hackers": what they guard against names the trade.
      for (let f = k; f < Math.min(toks.length, k + 4); f++) if (n(f) === 'from' || n(f) === 'against') { k = f + 1; break; }
      while (DETERMINERS.has(n(k)) && !used[k]) k++;
    }
    let end = k;
    while (end < toks.length && end - k < MAX_OBJECT && !used[end] && !/^\d/.test(n(end))) {
      if (ENDS.has(n(end)) && !(JOINERS.has(n(end)) && end > k && !st.ctx.lexicon.phrases.get(st.key(end + 1, 1))?.some((m) => m.kind === 'value' && (m.field === 'country' || m.field === 'city')))) break;
      end++;
    }
    while (end > k && JOINERS.has(n(end - 1))) end--;
    if (end === k) continue;
    st.claim(claimFrom, k);
    for (let x = k; x < end; x++) st.tradeAt.add(x);
    i = end - 1;
  }
}
