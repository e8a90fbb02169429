/** The workspace lexicon: object nouns and field values, longest phrase first, then near-misses ("fintehc"). */
import type { LexiconMatch, ParseState } from '../parse-state.js';
import { ENTITY_NOUNS, FILLER, isGrammarWord } from '../vocabulary.js';
import { relatedWords, synsetsOf } from '../../lexicon/wordnet.js';
import { phraseKey } from '../../lexicon/tokens.js';
import { isDictionaryWord, readTypo } from '../../lexicon/typos.js';

/** Words before a lower-case "us" that make it the country: "in the us", "across us offices". */
const US_COUNTRY_BEFORE = new Set(['the', 'in', 'across', 'outside', 'within', 'inside', 'throughout', 'non']);
/** Words after it that make it the country: "us companies", "us-based", "us accounts". */
const US_COUNTRY_AFTER = new Set([
  'based', 'headquartered', 'company', 'companies', 'firm', 'firms', 'account', 'accounts', 'contact', 'contacts', 'people', 'customer',
  'customers', 'client', 'clients', 'lead', 'leads', 'prospect', 'prospects', 'deal', 'deals', 'business', 'businesses', 'startup',
  'startups', 'office', 'offices', 'team', 'teams', 'org', 'orgs', 'organisations', 'organizations', 'market', 'region', 'side', 'only',
  'ones', 'entities', 'subsidiaries', 'hq', 'buyers', 'vendors', 'partners', 'brands', 'banks', 'retailers', 'hospitals', 'schools',
]);
/** Words after which it is the pronoun: "sent to us", "heard about us", "emailed us". */
const US_PRONOUN_BEFORE = new Set([
  'to', 'with', 'about', 'for', 'of', 'by', 'at', 'from', 'toward', 'towards', 'between', 'among', 'like', 'than', 'behind', 'ahead', 'beyond', 'against', 'send', 'sent', 'give', 'gave',
  'tell', 'told', 'contact', 'reach', 'email', 'mail', 'call', 'ring', 'join', 'joined', 'know', 'knows', 'knew', 'trust', 'trusts', 'let', 'help',
  'write', 'wrote', 'ask', 'pay', 'owe', 'owes', 'ping', 'choose', 'chose', 'pick', 'hire', 'leave', 'left', 'meet', 'met', 'found', 'find',
]);

/**
 * A lower-case "us" is the pronoun after a verb or a preposition ("came to us", "emailed us") and the country
 * where a place or a noun says so ("in the us", "us companies"); typed "US" or "U.S." is always the country.
 */
function isPronounUs(st: ParseState, i: number): boolean {
  if (/^U\.?S\.?$/.test(st.toks[i]!.text)) return false;
  const before = st.n(i - 1);
  if (US_COUNTRY_BEFORE.has(before) || US_COUNTRY_AFTER.has(st.n(i + 1))) return false;
  // "at us healthcare companies", "us fintechs": a sector right after it makes it the country's firms.
  for (let len = 1; len <= 3; len++) if ((st.ctx.lexicon.phrases.get(st.key(i + 1, len)) ?? []).some((m) => m.kind === 'value' && m.field === 'industry')) return false;
  return US_PRONOUN_BEFORE.has(before) || /ed$/.test(before);
}

export function readLexiconMatches(st: ParseState): void {
  const { toks } = st;
  const { lexicon } = st.ctx;
  const lexMatch = (i: number): LexiconMatch | undefined => {
    for (let len = Math.min(lexicon.maxWords, toks.length - i); len >= 1; len--) {
      let free = true;
      for (let k = i; k < i + len; k++) if (st.heldByGrammar(k)) free = false;
      if (!free) continue;
      if (len === 1 && st.n(i) === 'us' && isPronounUs(st, i)) continue;
      const meanings = lexicon.phrases.get(st.key(i, len));
      if (meanings) return { start: i, end: i + len, meanings };
    }
    return undefined;
  };
  for (let i = 0; i < toks.length; i++) {
    const m = lexMatch(i);
    if (!m) continue;
    st.matches.push(m);
    i = m.end - 1;
  }
  dropOpenBeforeOtherNouns(st);
  dropIndustryTroubles(st);
  readStageVerbs(st);
  readTypos(st);
  st.matches.sort((a, b) => a.start - b.start);
  joinSourceVerbs(st);
}

/** Nouns after "open" that still mean the deals ("open pipeline", "the open ones"). */
const OPEN_DEAL_WORDS = new Set(['pipeline', 'ones', 'one', 'items', 'stuff', 'business', 'opportunity', 'opp', 'worth', 'value', 'amount', 'total', 'sum']);

/**
 * "open roles", "open positions", "plans to open offices": "open" before a noun that is no deal, no object of the
 * CRM and no value of the workspace is said of that noun (a vacancy, a verb), not the open stage.
 */
function dropOpenBeforeOtherNouns(st: ParseState): void {
  st.matches = st.matches.filter((m) => {
    if (m.end - m.start !== 1 || st.n(m.start) !== 'open' || !m.meanings.every((x) => x.kind === 'value' && x.field === 'stage')) return true;
    const k = m.end;
    if (k >= st.toks.length || st.heldByGrammar(k) || OPEN_DEAL_WORDS.has(st.s(k)) || ENTITY_NOUNS[st.n(k)] || ENTITY_NOUNS[st.s(k)]) return true;
    if (st.matches.some((x) => x.start === k) || FILLER.has(st.n(k)) || isGrammarWord(st.n(k))) return true;
    try {
      return synsetsOf(st.n(k), 1, ['noun']).length === 0;
    } catch {
      return true;
    }
  });
}

/** Nouns for trouble: an industry phrase before one names what is going wrong ("supply chain headaches"). */
const TROUBLE_NOUNS = new Set(['problem', 'problems', 'issue', 'issues', 'headache', 'headaches', 'trouble', 'troubles', 'woe', 'woes', 'pain', 'pains', 'delay', 'delays', 'bottleneck', 'bottlenecks', 'disruption', 'disruptions', 'challenge', 'challenges', 'struggle', 'struggles', 'nightmare', 'nightmares', 'mess', 'chaos', 'hiccup', 'hiccups', 'snag', 'snags', 'worry', 'worries', 'concern', 'concerns', 'risk', 'risks', 'gap', 'gaps', 'shortage', 'shortages']);
/** Words for a thing in a bad way: an industry phrase after one names what is going wrong ("messy supply chains"). */
const TROUBLE_ADJECTIVES = new Set(['messy', 'broken', 'chaotic', 'fragile', 'disrupted', 'delayed', 'clunky', 'creaky', 'shaky', 'slow', 'unreliable', 'leaky', 'stretched', 'strained']);

/**
 * "manufacturers with supply chain headaches", "messy supply chains": a sector's words beside a word for trouble
 * say what is going wrong for the people or firms asked about (a concern, ranked by meaning), not their sector.
 */
function dropIndustryTroubles(st: ParseState): void {
  st.matches = st.matches.filter((m) => {
    if (!m.meanings.every((x) => x.kind === 'value' && x.field === 'industry')) return true;
    return !TROUBLE_NOUNS.has(st.n(m.end)) && !TROUBLE_ADJECTIVES.has(st.n(m.start - 1));
  });
}

/** Verbs that say how a lead came in, after or before the source ("partner-referred", "referred by a partner"). */
const SOURCE_VERBS = new Set(['referred', 'sourced', 'generated', 'driven', 'led', 'introduced', 'recommended']);

/**
 * "partner-referred leads", "event-sourced", "referred by a partner": the source named beside a verb of arrival is the
 * source; the verb (which alone would read as "referral") adds nothing.
 */
function joinSourceVerbs(st: ParseState): void {
  const isSource = (m: LexiconMatch | undefined) => m?.meanings.some((x) => x.kind === 'value' && x.field === 'lead_source');
  for (let i = 0; i < st.matches.length; i++) {
    const a = st.matches[i]!;
    const b = st.matches[i + 1];
    if (!isSource(a) || !b || !isSource(b)) continue;
    const verbAfter = b.start === a.end && b.end - b.start === 1 && SOURCE_VERBS.has(st.n(b.start));
    let k = a.end;
    if (['by', 'through', 'via', 'from'].includes(st.n(k))) k++;
    while (['a', 'an', 'the', 'our', 'one'].includes(st.n(k))) k++;
    const verbBefore = a.end - a.start === 1 && SOURCE_VERBS.has(st.n(a.start)) && k > a.end && b.start === k;
    if (verbAfter) {
      a.end = b.end;
      st.matches.splice(i + 1, 1);
    } else if (verbBefore) {
      b.start = a.start;
      st.matches.splice(i, 1);
    }
  }
}

/**
 * A verb for what happens at a stage ("being negotiated", "deals we proposed"): WordNet relates the verb to the
 * stage's noun (negotiate → negotiation), and the lexicon knows the noun. Only deal stages are read this way.
 */
function readStageVerbs(st: ParseState): void {
  const { toks } = st;
  for (let i = 0; i < toks.length; i++) {
    if (st.heldByGrammar(i) || st.matches.some((m) => i >= m.start && i < m.end) || st.n(i).length < 5 || FILLER.has(st.n(i))) continue;
    let related;
    try {
      related = relatedWords(st.n(i), ['verb']);
    } catch {
      return;
    }
    for (const r of related) {
      if (r.relation !== 'derivation' && r.relation !== 'lemma') continue;
      const meanings = st.ctx.lexicon.phrases.get(phraseKey(r.word));
      const stage = meanings?.find((m) => m.kind === 'value' && m.field === 'stage');
      if (!stage) continue;
      st.matches.push({ start: i, end: i + 1, meanings: [stage], how: `WordNet ${r.relation}: ${st.n(i)} → ${r.word}` });
      break;
    }
  }
}

/** Typos: an unknown word one or two edits from a single-word phrase ("fintehc", "helthcare"); lexicon/typos.ts. */
function readTypos(st: ParseState): void {
  const { s, n, toks } = st;
  for (let i = 0; i < toks.length; i++) {
    if (st.heldByGrammar(i) || st.matches.some((m) => i >= m.start && i < m.end)) continue;
    if (FILLER.has(n(i)) || isGrammarWord(n(i)) || isDictionaryWord(n(i))) continue;
    const best = readTypo(s(i), st.ctx.lexicon.singleWords);
    if (best === undefined) continue;
    st.matches.push({ start: i, end: i + 1, meanings: st.ctx.lexicon.phrases.get(best)! });
    st.notes.push(`read "${toks[i]!.text}" as "${best}"`);
  }
}
