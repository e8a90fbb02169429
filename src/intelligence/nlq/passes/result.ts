/** What is left is ranked by meaning; the intent follows from what was read; the state becomes the answer. */
import type { Intent, ParsedQuery } from '../parsed-query.js';
import type { ParseState } from '../parse-state.js';
import { FILLER, isGrammarWord } from '../vocabulary.js';
import { stem } from '../../lexicon/tokens.js';
import { synsetsOf } from '../../lexicon/wordnet.js';

export function toParsedQuery(st: ParseState): ParsedQuery {
  const { n, toks, used, topicAt, similar } = st;
  const leftover: string[] = [];
  const topicWords: string[] = [];
  for (let i = 0; i < toks.length; i++) {
    if (topicAt.has(i) && !used[i]) {
      topicWords.push(toks[i]!.text);
      continue;
    }
    if (used[i]) continue;
    if (FILLER.has(n(i)) || isGrammarWord(n(i))) continue;
    leftover.push(toks[i]!.text);
  }
  let topic: string | null = null;
  let topicIsFallback = false;
  if (topicWords.length > 0) {
    // Keep the cue ("interested in …"): it is part of what the vectors compare.
    const inTopic = (i: number) => topicAt.has(i) && !used[i];
    const first = toks.findIndex((_, i) => inTopic(i));
    const last = toks.length - 1 - [...toks].reverse().findIndex((_, r) => inTopic(toks.length - 1 - r));
    topic = st.text.slice(toks[first]!.start, toks[last]!.end);
    if (leftover.length > 0) topic = `${leftover.join(' ')} ${topic}`;
  } else if (leftover.length > 0) {
    // One stray word beside conditions that were read ("honchos at carmakers"): the conditions answer, and the
    // word is said not understood — ranking the matches by one unknown word would reorder them by noise.
    const structured = st.conditions.length > 0 || st.roles.length > 0 || st.namedCompanies.length > 0 || st.score !== null || st.mine;
    if (leftover.length === 1 && structured && !similar) st.notes.push(`not understood: "${leftover[0]}"`);
    else {
      topic = leftover.join(' ');
      topicIsFallback = true;
      // A contact's concern said without a cue ("people whose employees keep quitting") keeps the words around
      // it that no pass read: "employees", "less", "their" are filler to a filter but carry the concern's meaning.
      if (st.head === 'contact' && !similar) topic = unclaimedSpan(st) ?? topic;
    }
  }
  if (similar && !similar.id) {
    topic = [similar.seed, topic].filter(Boolean).join(' ');
    topicIsFallback = true;
  }

  // Gibberish: nothing was read and no word left is one the dictionary or the lexicon knows.
  const nothingRead =
    !similar && !st.aggregate && st.sort === null && st.top === null && st.conditions.length === 0 && st.roles.length === 0 && st.namedCompanies.length === 0 &&
    st.score === null && !st.mine && st.matches.length === 0 && st.dates.length === 0 && st.quantities.length === 0 && topicWords.length === 0;
  const abstain = nothingRead && leftover.length > 0 && leftover.every((w) => !knownWord(st, w));
  if (abstain) {
    st.notes.push(`not understood: ${leftover.map((w) => `"${w}"`).join(', ')}; nothing was searched`);
    topic = null;
  }
  const intent: Intent = similar?.id ? 'similar' : st.aggregate ? 'aggregate' : topic ? 'semantic' : st.top !== null || st.sort ? 'top' : 'filter';
  if (intent === 'aggregate' && topic) st.notes.push(`not understood: "${topic}"`);
  return {
    text: st.text,
    intent,
    entity: st.head,
    conditions: st.conditions,
    roles: st.roles,
    sort: st.sort,
    top: st.top,
    aggregate: st.aggregate,
    similar,
    topic: intent === 'semantic' ? topic : null,
    topicIsFallback,
    unparsed: intent === 'semantic' && topicIsFallback ? leftover : intent !== 'semantic' ? leftover : [],
    notes: st.notes,
    score: st.score,
    mine: st.mine,
    matches: st.meaningFound,
    abstain,
  };
}

const SPAN_POSSESSIVES = new Set(['their', 'whose', 'his', 'her', 'its']);
const SPAN_JOINTS = new Set(['and', 'or', 'but', 'are', 'is', 'were', 'was', 'be', 'been', 'who', 'that', 'which', 'the', 'a', 'an', 'with', 'to', 'of', 'in', 'at', 'for', 'by', 'from', 'on', 'as', 'than']);
const SPAN_NEGATIONS = new Set(['not', 'cant', 'can', 'cannot', 'dont', 'doesnt', 'never', 'no', 'wont', 'isnt', 'arent']);

/**
 * The text from the first to the last word no pass claimed, widened over the unclaimed words next to them; null
 * when a claimed word lies inside (then the words are not one phrase).
 */
function unclaimedSpan(st: ParseState): string | null {
  const { toks, used, n } = st;
  // A noun after "their"/"whose" is what the concern is about ("whose employees keep quitting", "their sales
  // headcount", "their pipeline"), and a negation inside is part of it ("can't see"): neither constrains the contacts.
  const owned = (i: number) => (i > 0 && SPAN_POSSESSIVES.has(n(i - 1))) || (i > 1 && SPAN_POSSESSIVES.has(n(i - 2)) && used[i - 1]!);
  const free = (i: number) => !used[i] || owned(i) || SPAN_NEGATIONS.has(n(i));
  const content = toks.map((_, i) => i).filter((i) => free(i) && !FILLER.has(n(i)) && !isGrammarWord(n(i)));
  if (content.length === 0) return null;
  let a = content[0]!;
  let b = content[content.length - 1]!;
  for (let i = a; i <= b; i++) if (!free(i)) return null;
  while (a > 0 && free(a - 1)) a--;
  while (b < toks.length - 1 && free(b + 1)) b++;
  // A widened edge ends on a word of the phrase, not on a joint ("… a whitepaper and are").
  while (a < b && SPAN_JOINTS.has(n(a)) && !content.includes(a)) a++;
  while (b > a && SPAN_JOINTS.has(n(b)) && !content.includes(b)) b--;
  return st.text.slice(toks[a]!.start, toks[b]!.end);
}

/** Whether a word is one the dictionary or the lexicon knows (a typo within reach of the lexicon counts as known). */
function knownWord(st: ParseState, typed: string): boolean {
  const w = typed.toLowerCase().replace(/['’.]/g, '');
  if (/\d/.test(w) || st.ctx.lexicon.phrases.has(stem(w))) return true;
  try {
    return synsetsOf(w, 1).length > 0;
  } catch {
    return true; // dictionary unreadable: never abstain for want of it
  }
}
