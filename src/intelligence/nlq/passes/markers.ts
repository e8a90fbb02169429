/** Negation and "or": remembered by position and applied to the next condition ("not in the US", "Berlin or Paris"). */
import type { ParseState } from '../parse-state.js';

const NEGATIONS = new Set([
  'not', 'no', 'non', 'excluding', 'exclude', 'except', 'outside', 'without', 'besides', 'never', 'nor', 'none', 'neither',
  // contractions, typed with or without the apostrophe ("haven't", "havent")
  'isnt', 'arent', 'dont', 'doesnt', 'didnt', 'havent', 'hasnt', 'hadnt', 'wasnt', 'werent', 'wont', 'cant', 'couldnt', 'shouldnt',
]);

/** Negative pronouns: "nobody touched", "no one called". */
const PRONOUNS = new Set(['nobody', 'noone', 'nothing']);

export function readMarkers(st: ParseState): void {
  const { n } = st;
  for (let i = 0; i < st.toks.length; i++) {
    if (st.used[i]) continue;
    const w = n(i);
    // "nobody touched", but "contacts like Nobody Known": a capital inside the query makes it a name.
    if (PRONOUNS.has(w) && i > 0 && /^[A-Z]/.test(st.toks[i]!.text)) continue;
    if (NEGATIONS.has(w) || PRONOUNS.has(w) || (w === 'other' && n(i + 1) === 'than')) {
      st.negatedAt.add(i);
      st.used[i] = true;
      if (w === 'other') st.used[i + 1] = true;
    } else if (w === 'or') st.orAt.add(i);
  }
}
