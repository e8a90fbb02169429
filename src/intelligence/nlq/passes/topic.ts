/** Topic cues: what follows "interested in", "worried about" … is ranked by meaning, up to a clear filter. */
import type { ParseState } from '../parse-state.js';
import { tokenize } from '../../lexicon/tokens.js';
import { ENTITY_NOUNS, FILLER, isGrammarWord, TOPIC_CUES } from '../vocabulary.js';
import lemmatizer from 'wink-lemmatizer';
import { isFeelingVerb } from '../../lexicon/wordnet.js';
import { FUNCTION_WORDS } from '../../lexicon/role-words.js';

/** Nouns that make a department a role ("IT roles", "sales positions", "finance jobs"). */
const ROLE_NOUNS = new Set(['role', 'position', 'job', 'function', 'department', 'team']);
/** Verbs of becoming before "into" ("turned into", "converted into", "grown into"). */
const BECOMING = new Set(['turned', 'turn', 'turns', 'turning', 'converted', 'convert', 'converts', 'grown', 'grew', 'changed', 'developed', 'morphed', 'evolved']);
const CUE_WORDS = TOPIC_CUES.map((c) => tokenize(c).map((t) => t.norm));
/** The cues of two words or more with their verb in its base form, so every form of it opens a concern ("struggles with", "plan to"). */
const CUE_VERBS = CUE_WORDS.map((c) => (c.length >= 2 ? [lemmatizer.verb(c[0]!), ...c.slice(1)] : null));

/**
 * The cue at word i, as listed or in another form of its verb. One-word cues are only as listed ("running" is a cue,
 * "runs payroll" a duty), and a word for records is never a verb's form ("deals with no activity").
 */
function listedCue(st: ParseState, i: number): string[] | undefined {
  const { n, s, used } = st;
  const free = (c: readonly string[]) => c.every((_, k) => !used[i + k]);
  const exact = CUE_WORDS.find((c) => c.every((w, k) => n(i + k) === w) && free(c));
  if (exact) return exact;
  if (ENTITY_NOUNS[n(i)] || ENTITY_NOUNS[s(i)] || n(i).length < 3) return undefined;
  const verb = lemmatizer.verb(n(i));
  const at = CUE_VERBS.findIndex((c) => c !== null && c[0] === verb && c.every((w, k) => k === 0 || n(i + k) === w) && free(c));
  return at >= 0 ? CUE_WORDS[at] : undefined;
}
/** Words after which a filter may follow the topic ("interested in AI in Berlin"). */
const FILTER_OPENERS = ['in', 'at', 'from', 'based', 'located', 'who', 'whose', 'that', 'and', 'with'];

export function readTopicCues(st: ParseState): void {
  const { n, toks, used } = st;
  for (let i = 0; i < toks.length; i++) {
    if (used[i]) continue;
    const cue = listedCue(st, i) ?? feelingCue(st, i);
    if (!cue) continue;
    // "leads that turned into customers": a cue inside a phrase the lexicon knows is that phrase.
    if (insideLexiconPhrase(st, i)) continue;
    // "referrals that turned into paying customers": "into" after a verb of becoming says what they became, not an interest.
    if (cue.length === 1 && cue[0] === 'into' && BECOMING.has(n(i - 1))) continue;
    // "contacts in fintech ... about" is fine; but "about" as a bare word right before a number is not a cue.
    for (let k = i; k < i + cue.length; k++) st.topicAt.add(k);
    let j = i + cue.length;
    while (j < toks.length && !used[j]) {
      if (FILTER_OPENERS.includes(n(j)) && isFilterAhead(st, j + 1)) break;
      st.topicAt.add(j);
      j++;
    }
    i = j - 1;
  }
}

/** Words after which a verb says what the people do or feel ("who │hate", "folks │fretting", "contacts │dreading"). */
const SUBJECTS = new Set(['who', 'whos', 'that', 'which', 'anyone', 'anybody', 'someone', 'people', 'folks', 'ppl', 'contacts', 'leads', 'prospects', 'still', 'really', 'are', 'is', 'keep', 'keeps']);

/**
 * A verb of feeling after a word for people or a relative word is a topic cue ("reps who hate typing notes",
 * "anyone dreading the audit", "who's complaining their dashboards are slow"): what follows is what they feel it
 * about. Read through WordNet (lexicon/wordnet.ts isFeelingVerb), so no list of such verbs is kept.
 */
function feelingCue(st: ParseState, i: number): string[] | undefined {
  const w = st.n(i);
  if (w.length < 4 || !SUBJECTS.has(st.n(i - 1)) || st.topicAt.has(i)) return undefined;
  // Words of the grammar or the lexicon ("still", "new", "open") are read as such, never as a feeling.
  if (FILLER.has(w) || isGrammarWord(w) || st.ctx.lexicon.phrases.has(st.key(i, 1))) return undefined;
  try {
    return isFeelingVerb(w) ? [w] : undefined;
  } catch {
    return undefined; // dictionary unreadable
  }
}

/** Whether word i is inside a phrase of two or more words that the lexicon lists ("turned into customers"). */
function insideLexiconPhrase(st: ParseState, i: number): boolean {
  const { lexicon } = st.ctx;
  for (let a = Math.max(0, i - 3); a <= i; a++) {
    for (let len = Math.max(2, i - a + 1); len <= lexicon.maxWords && a + len <= st.toks.length; len++) if (lexicon.phrases.has(st.key(a, len))) return true;
  }
  return false;
}

function isFilterAhead(st: ParseState, j: number): boolean {
  const { lexicon } = st.ctx;
  for (let len = Math.min(lexicon.maxWords, st.toks.length - j); len >= 1; len--) {
    const m = lexicon.phrases.get(st.key(j, len));
    if (m?.some((x) => x.kind === 'value' && !x.weak)) return true;
  }
  // "… about security in IT roles", "… in sales positions": a department said as roles is a filter.
  for (let len = 2; len >= 1; len--) if (FUNCTION_WORDS[st.key(j, len)] && ROLE_NOUNS.has(st.s(j + len))) return true;
  return st.n(j) === 'the' && j + 1 < st.toks.length && isFilterAhead(st, j + 1);
}
