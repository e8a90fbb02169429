/** Negation and "or": remembered by position and applied to the next condition ("not in the US", "Berlin or Paris"). */
import type { ParseState } from '../parse-state.js';

const NEGATIONS = new Set([
  'not', 'no', 'non', 'excluding', 'exclude', 'except', 'outside', 'without', 'besides', 'never', 'nor', 'none', 'neither',
  // contractions, typed with or without the apostrophe ("haven't", "havent")
  'isnt', 'arent', 'dont', 'doesnt', 'didnt', 'havent', 'hasnt', 'hadnt', 'wasnt', 'werent', 'wont', 'cant', 'couldnt', 'shouldnt',
]);

export function readMarkers(st: ParseState): void {
  const { n } = st;
  for (let i = 0; i < st.toks.length; i++) {
    if (st.used[i]) continue;
    const w = n(i);
    if (NEGATIONS.has(w) || (w === 'other' && n(i + 1) === 'than')) {
      st.negatedAt.add(i);
      st.used[i] = true;
      if (w === 'other') st.used[i + 1] = true;
    } else if (w === 'or') st.orAt.add(i);
  }
}
