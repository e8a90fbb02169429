/** Negation and "or": remembered by position and applied to the next condition ("not in the US", "Berlin or Paris"). */
import type { ParseState } from '../parse-state.js';
import { negatedSuccessLength } from '../vocabulary.js';

const NEGATIONS = new Set([
  'not', 'no', 'non', 'excluding', 'exclude', 'except', 'outside', 'without', 'besides', 'never', 'nor', 'none', 'neither', 'lacks', 'lacking',
  // contractions, typed with or without the apostrophe ("haven't", "havent")
  'isnt', 'arent', 'dont', 'doesnt', 'didnt', 'havent', 'hasnt', 'hadnt', 'wasnt', 'werent', 'wont', 'cant', 'couldnt', 'shouldnt',
]);

/** Words for "all": "everything but closed deals", "anyone but the CFOs" — there "but" excludes. */
const UNIVERSALS = new Set(['everything', 'anything', 'all', 'everyone', 'anyone', 'everybody', 'anybody', 'every', 'any']);

/** Records "zero" says there are none of ("zero activity in 60 days", "zero calls"): a negation like "no". */
const ZERO_OF = new Set(['activity', 'interaction', 'touchpoint', 'engagement', 'touch', 'contact', 'meeting', 'call', 'email', 'note', 'deal', 'opportunity', 'opp', 'win', 'sale', 'order', 'response', 'reply']);

/** Negative pronouns: "nobody touched", "no one called". */
const PRONOUNS = new Set(['nobody', 'noone', 'nothing']);

export function readMarkers(st: ParseState): void {
  const { n } = st;
  for (let i = 0; i < st.toks.length; i++) {
    if (st.used[i]) continue;
    const w = n(i);
    // "nobody touched", but "contacts like Nobody Known": a capital inside the query makes it a name.
    if (PRONOUNS.has(w) && i > 0 && /^[A-Z]/.test(st.toks[i]!.text)) continue;
    // "didn't pan out": the negation belongs to the idiom (read as lost by the lexicon), so it is left for it.
    // "marked not a fit", "no fit": a negation that opens a value of the lexicon is part of that value.
    const idiom = negatedSuccessLength(n, i) || negatedValueLength(st, i);
    if (idiom > 0) {
      i += idiom - 1;
      continue;
    }
    // Exclusions name what to leave out however far the constraint comes ("other than the ones we lost").
    const exclusion = exclusionLength(st, i);
    if (exclusion > 0) {
      st.negatedAt.add(i);
      st.exclusionAt.add(i);
      for (let k = i; k < i + exclusion; k++) st.used[k] = true;
    } else if (NEGATIONS.has(w) || PRONOUNS.has(w) || (w === 'zero' && ZERO_OF.has(st.s(i + 1)))) {
      st.negatedAt.add(i);
      st.used[i] = true;
    } else if (w === 'or') st.orAt.add(i);
  }
}

/** Words an exclusion takes at word i ("other than" 2, "apart from" 2, "except for" 2, "but" after "all" 1), or 0. */
function exclusionLength(st: ParseState, i: number): number {
  const { n } = st;
  const w = n(i);
  if ((w === 'other' || w === 'rather') && n(i + 1) === 'than') return 2;
  if ((w === 'apart' || w === 'aside') && n(i + 1) === 'from') return 2;
  if (w === 'except' || w === 'excepting') return n(i + 1) === 'for' ? 2 : 1;
  if (w === 'excluding' || w === 'exclude' || w === 'besides') return 1;
  // "but" excludes after a word for all ("everything but closed deals"), not as a conjunction ("in Berlin but not …").
  if (w === 'but' && i > 0 && UNIVERSALS.has(n(i - 1)) && n(i + 1) !== 'not') return 1;
  return 0;
}

/**
 * Words of a lexicon value that starts with a negation at word i ("not a fit", "no fit"), or 0. When the words after
 * the negation are a value themselves ("not qualified"), the negation is of that value: any status but qualified.
 */
function negatedValueLength(st: ParseState, i: number): number {
  if (!NEGATIONS.has(st.n(i))) return 0;
  for (let len = 4; len >= 2; len--) if (i + len <= st.toks.length && st.valueAt(i, len)) return st.valueAt(i + 1, len - 1) ? 0 : len;
  return 0;
}
