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
