/**
 * Where a lead came from, said as a clause: "heard about us through a friend", "found us online", "came in via a
 * reseller", "signed up on our site". A verb of arrival (with "us" or a preposition after it) opens a source
 * phrase; the words up to the next clause are the source, read by the lexicon (where even a weak word such as
 * "site" or "partner" counts) or else by meaning against the lead sources' descriptions only (passes/meaning.ts).
 */
import type { ParseState } from '../parse-state.js';

/** Verbs of arrival, as typed (lower-case); "us" or a preposition must follow ("found us", "came in through"). */
const ARRIVAL_VERBS = new Set([
  'found', 'find', 'finds', 'heard', 'hear', 'hears', 'came', 'come', 'comes', 'coming', 'discovered', 'discover', 'learned', 'learnt',
  'reached', 'contacted', 'got', 'arrived', 'signed', 'registered', 'converted', 'sourced', 'sent', 'referred', 'introduced', 'joined', 'stumbled', 'filled', 'submitted', 'completed',
]);
const FORM_VERBS = new Set(['filled', 'submitted', 'completed']);
/** Words between the verb and the source: "about us", "in through", "up on". */
const BRIDGE = new Set(['us', 'about', 'of', 'in', 'out', 'into', 'to', 'up', 'across', 'our', 'way', 'first', 'originally', 'initially']);
/** Prepositions that introduce the source itself. */
const THROUGH = new Set(['through', 'via', 'from', 'by', 'on', 'at', 'thru', 'using', 'with']);
const DETERMINERS = new Set(['a', 'an', 'the', 'our', 'one', 'some', 'their', 'of']);
/** Words that end the source phrase ("through a friend and are qualified"); an adverb of time names no source ("come through yet"). */
const ENDS = new Set(['and', 'or', 'but', 'who', 'that', 'which', 'are', 'is', 'were', 'was', 'now', 'in', 'at', 'since', 'last', 'this', 'with', 'then', 'still', 'yet', 'already', 'ever']);

export function readSourceClauses(st: ParseState): void {
  const { n, toks, used } = st;
  for (let i = 0; i < toks.length; i++) {
    if (used[i] || !ARRIVAL_VERBS.has(n(i))) continue;
    let k = i + 1;
    let bridged = false;
    while (k < toks.length && BRIDGE.has(n(k)) && !used[k]) {
      bridged = true;
      k++;
    }
    // "came in online", "found us online": no preposition needed after a bridge; else one must follow.
    const prep = THROUGH.has(n(k)) && !used[k];
    // A form is filled directly: "completed the form", "submitted a demo request".
    if (!prep && !bridged && !FORM_VERBS.has(n(i))) continue;
    if (prep) k++;
    while (DETERMINERS.has(n(k)) && !used[k]) k++;
    let end = k;
    while (end < toks.length && end - k < 4 && !used[end] && !ENDS.has(n(end)) && !/^\d/.test(n(end))) end++;
    if (end === k) continue;
    st.claim(i, k);
    for (let x = k; x < end; x++) st.sourceAt.add(x);
    i = end - 1;
  }
}
