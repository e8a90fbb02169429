/** What is left is ranked by meaning; the intent follows from what was read; the state becomes the answer. */
import type { Intent, ParsedQuery } from '../parsed-query.js';
import type { ParseState } from '../parse-state.js';
import { FILLER, isGrammarWord } from '../vocabulary.js';

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
  };
}
