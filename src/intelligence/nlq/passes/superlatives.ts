/** Top N and superlatives: "top 10", "5 biggest", "newest", "most employees" say the sort and how many. */
import type { ParseState } from '../parse-state.js';
import { ENTITY_NOUNS, FIELD_WORDS, TOPIC_CUES } from '../vocabulary.js';
import { tokenize } from '../../lexicon/tokens.js';

const CUE_WORDS = TOPIC_CUES.map((c) => tokenize(c).map((t) => t.norm));
const POSSESSIVES = new Set(['their', 'our', 'its', 'his', 'her', 'my']);
const THIRD_PERSON = new Set(['their', 'its', 'his', 'her']);

const WORD_NUMBERS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, fifteen: 15,
  twenty: 20, thirty: 30, fifty: 50, hundred: 100, dozen: 12,
};
const DESC_SUPERLATIVES = new Set(['biggest', 'largest', 'greatest', 'highest', 'most', 'top', 'best', 'priciest', 'richest', 'wealthiest', 'major', 'max']);
const ASC_SUPERLATIVES = new Set(['smallest', 'lowest', 'least', 'fewest', 'cheapest', 'bottom', 'tiniest', 'minor', 'poorest']);
/** Superlatives of wealth: they sort by money whatever else is said ("the wealthiest accounts"). */
const MONEY_SUPERLATIVES = new Set(['richest', 'wealthiest', 'poorest']);
/** Words for the people a company employs, after a superlative ("the most workers", "the fewest staff"). */
const PEOPLE_NOUNS = new Set(['people', 'workers', 'worker', 'employees', 'employee', 'staff', 'staffers', 'personnel', 'workforce', 'headcount', 'heads']);
/** Verbs of employing: "employs the most", "which firms employ the fewest". */
const EMPLOY_VERBS = new Set(['employ', 'employs', 'employing', 'employed', 'staffed', 'hire', 'hires', 'hiring']);
const RECENT_WORDS = new Set(['newest', 'latest', 'recent', 'youngest', 'freshest']);
const OLD_WORDS = new Set(['oldest', 'earliest', 'stalest']);

/** Verbs of money or value before "the most" ("are worth the most", "make the most money"). */
const VALUE_VERBS = new Set(['worth', 'make', 'makes', 'making', 'earn', 'earns', 'earning', 'bring', 'brings', 'generate', 'generates', 'pay', 'pays', 'spend', 'spends', 'bill', 'bills', 'valued', 'cost', 'costs']);

/** -ing forms of money verbs said after a superlative ("highest-earning companies", "top grossing accounts"). */
const EARNING_WORDS = new Set(['earning', 'grossing', 'paying', 'spending', 'billing', 'revenue', 'generating', 'making', 'valued']);

const SIZE_ADJECTIVES = new Set(['small', 'smaller', 'large', 'larger', 'big', 'bigger', 'tiny', 'huge', 'mid', 'midsize', 'sized', 'medium']);

export function readSuperlatives(st: ParseState): void {
  const { s, n, used } = st;
  const numberAt = (i: number): number | undefined => {
    const w = n(i);
    if (/^\d{1,4}$/.test(w)) return Number(w);
    return WORD_NUMBERS[w];
  };
  // "trying to stop their best employees leaving", "worried about losing their biggest customers": a superlative
  // after a possessive, inside a concern, is what worries them, not a sort.
  const cueBefore = (i: number) => CUE_WORDS.some((c) => st.toks.some((_t, a) => a + c.length <= i && c.every((w, k) => n(a + k) === w)));
  // "their best employees keep quitting": after their / his / her / its the thing ranked is someone else's, never
  // the records asked for (only "our biggest customers" may be a sort, and then only without a concern before it).
  const insideConcern = (i: number) =>
    POSSESSIVES.has(n(i - 1)) && numberAt(i + 1) === undefined && numberAt(i - 2) === undefined && (THIRD_PERSON.has(n(i - 1)) || cueBefore(i - 1));
  for (let i = 0; i < st.toks.length; i++) {
    if (used[i]) continue;
    const w = n(i);
    if (insideConcern(i)) continue;
    // "the top of the funnel", "at the bottom of the pipeline": a place in the pipeline (the lexicon reads it), no sort.
    if ((w === 'top' || w === 'bottom') && n(i + 1) === 'of') continue;
    if ((w === 'top' || w === 'first' || w === 'bottom') && numberAt(i + 1) !== undefined && !used[i + 1]) {
      st.top = numberAt(i + 1)!;
      st.sortWord ??= { dir: w === 'bottom' ? 'asc' : 'desc', recency: false, at: i };
      st.claim(i, i + 2);
      continue;
    }
    // "worth the most", "make the most money", "earn the least": a verb of value before the superlative sorts by money.
    if ((w === 'most' || w === 'least') && n(i - 1) === 'the' && VALUE_VERBS.has(n(i - 2)) && !used[i - 2]) {
      st.sortWord = { dir: w === 'most' ? 'desc' : 'asc', recency: false, at: i, money: true };
      const end = ['money', 'cash', 'revenue', 'dollars'].includes(n(i + 1)) ? i + 2 : i + 1;
      st.claim(i - 2, end);
      continue;
    }
    // "employ the most people", "the fewest workers", "the largest number of staff": the sort is by headcount.
    if ((w === 'most' || w === 'fewest' || w === 'least' || w === 'largest' || w === 'biggest' || w === 'smallest') && !used[i]) {
      let k = i + 1;
      if (['number', 'count'].includes(n(k)) && n(k + 1) === 'of') k += 2;
      const employs = EMPLOY_VERBS.has(n(i - 1)) || (n(i - 1) === 'the' && EMPLOY_VERBS.has(n(i - 2)));
      if (PEOPLE_NOUNS.has(n(k)) || (employs && (w === 'most' || w === 'fewest' || w === 'least'))) {
        st.sortWord = { dir: w === 'most' || w === 'largest' || w === 'biggest' ? 'desc' : 'asc', recency: false, at: i, people: true };
        const end = PEOPLE_NOUNS.has(n(k)) ? k + 1 : i + 1;
        st.claim(i, end);
        if (employs) used[EMPLOY_VERBS.has(n(i - 1)) ? i - 1 : i - 2] = true;
        if (i > 0 && numberAt(i - 1) !== undefined && !used[i - 1]) {
          st.top = numberAt(i - 1)!;
          used[i - 1] = true;
        }
        i = end - 1;
        continue;
      }
    }
    const isSuper = DESC_SUPERLATIVES.has(w) || ASC_SUPERLATIVES.has(w) || RECENT_WORDS.has(w) || OLD_WORDS.has(w);
    if (isSuper && !((w === 'most' || w === 'least') && (s(i + 1) === 'recent' || n(i + 1) === 'recently'))) {
      // "most" alone is an adverb unless a field word or noun follows ("most employees", "most valuable").
      if ((w === 'most' || w === 'least') && !FIELD_WORDS[s(i + 1)] && !RECENT_WORDS.has(n(i + 1)) && !ENTITY_NOUNS[n(i + 1)]) continue;
      if (w === 'recent' && !(n(i - 1) === 'most' || ENTITY_NOUNS[n(i + 1)])) continue;
      // "top brass", "top management": "top" before a word that is no object, field or known value is part of a phrase.
      if (w === 'top' && i + 1 < st.toks.length && !ENTITY_NOUNS[n(i + 1)] && !FIELD_WORDS[s(i + 1)] && !st.ctx.lexicon.phrases.has(s(i + 1)) && /^[a-z]{4,}$/.test(n(i + 1)) && !['performing', 'rated', 'ranked', 'scoring', 'paying', 'value', 'valued'].includes(n(i + 1)) && !EARNING_WORDS.has(n(i + 1))) continue;
      const dir = DESC_SUPERLATIVES.has(w) || RECENT_WORDS.has(w) ? 'desc' : 'asc';
      // "highest-earning", "top-grossing", "lowest-paying": a verb of money right after the superlative.
      const moneyVerb = EARNING_WORDS.has(n(i + 1)) && !used[i + 1];
      st.sortWord = { dir, recency: RECENT_WORDS.has(w) || OLD_WORDS.has(w), at: i, ...(MONEY_SUPERLATIVES.has(w) || moneyVerb ? { money: true } : {}) };
      used[i] = true;
      if (moneyVerb) used[i + 1] = true;
      if (i > 0 && numberAt(i - 1) !== undefined && !used[i - 1]) {
        st.top = numberAt(i - 1)!;
        used[i - 1] = true;
      } else if (numberAt(i + 1) !== undefined && !used[i + 1] && !FIELD_WORDS[s(i + 2)]) {
        // "biggest 3 accounts"
        st.top = numberAt(i + 1)!;
        used[i + 1] = true;
      }
      if (w === 'top' && st.top === null) st.top = 10;
    } else if ((w === 'most' || w === 'least') && (s(i + 1) === 'recent' || n(i + 1) === 'recently')) {
      // "most recently contacted", "least recent": recency, newest first unless "least".
      st.sortWord = { dir: w === 'most' ? 'desc' : 'asc', recency: true, at: i + 1 };
      st.claim(i, i + 2);
      if (numberAt(i - 1) !== undefined && !used[i - 1]) {
        st.top = numberAt(i - 1)!;
        used[i - 1] = true;
      }
    }
  }
  // "most recently contacted": the verb says which date orders them (sort.ts), not a lead status.
  if (st.sortWord?.recency && ['contacted', 'touched', 'reached', 'engaged', 'emailed', 'called'].includes(n(st.sortWord.at + 1))) used[st.sortWord.at + 1] = true;
  // "which 3 companies have the most employees": a count before the object noun, the sort later.
  if (st.sortWord && st.top === null) {
    // The object noun may follow a facet or two ("which 5 logistics companies").
    const nounWithin = (j: number) => [1, 2, 3].some((d) => ENTITY_NOUNS[n(j + d)] && [...Array(d - 1).keys()].every((x) => !numberAt(j + 1 + x)));
    const k = st.toks.findIndex((_, j) => !used[j] && numberAt(j) !== undefined && /^\d{1,3}$|^[a-z]+$/.test(n(j)) && nounWithin(j));
    if (k >= 0) {
      st.top = numberAt(k)!;
      used[k] = true;
    }
  }
  // "small companies with fewer than 50 employees": the number says the size; the adjective adds nothing.
  if (st.quantities.length > 0) for (let k = 0; k < st.toks.length; k++) if (!used[k] && SIZE_ADJECTIVES.has(n(k))) used[k] = true;
}
