/**
 * One reader of typos for the query parser (the lexicon's values: "fintehc" → fintech) and the persona ranking (the
 * notes' words: "inteligence" → intelligence). Before, each had its own, and they disagreed: one counted a swap of
 * neighbours as one edit only when it was the word's only change and abstained on any tie, the other counted swaps
 * everywhere and took whichever tied word it met first. The behaviour kept:
 *
 * - **Only unknown words of five letters or more.** Shorter words are too often one edit from another word, and a
 *   word WordNet knows in some form is a word, not a typo ("automate" is not "automaker", "sprint" not "spring").
 * - **Edits are insertions, deletions, substitutions and swaps of neighbours** (optimal string alignment), at most
 *   one, two from eight letters. A swap is the commonest typo, also beside another slip ("fintehcs"), which plain
 *   Levenshtein (fastest-levenshtein, no swaps) counts as three. No maintained npm package does the bounded swap-aware
 *   distance, and the early stop keeps a scan of a few thousand words well under a millisecond.
 * - **The nearest word; among equally near, the commonest when counts are known; else none.** A guess between two
 *   equally likely words is a coin flip, and a wrong reading is worse than an unread word (the same rule as the
 *   embedding's abstain).
 */
import { synsetsOf } from './wordnet.js';

/** Words shorter than this are never corrected (too many short words are one edit apart). */
export const MIN_TYPO_LENGTH = 5;
/** From this length a word may be two edits from what was meant. */
const TWO_EDITS_FROM = 8;
const CACHE = 5_000;

/** Edits allowed for a word of this length. */
export function editLimit(word: string): number {
  return word.length >= TWO_EDITS_FROM ? 2 : 1;
}

/** Edits (insert, delete, substitute, swap two neighbours) between two words; anything above `limit` is limit + 1. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    prev2 = prev;
    prev = row;
  }
  return Math.min(prev[b.length]!, limit + 1);
}

const dictionary = new Map<string, boolean>();

/** Whether WordNet has the word in some form (then it is a word, not a misspelling). Cached per process. */
export function isDictionaryWord(word: string): boolean {
  const w = word.toLowerCase();
  let hit = dictionary.get(w);
  if (hit === undefined) {
    try {
      hit = synsetsOf(w, 1).length > 0;
    } catch {
      return false; // dictionary files unreadable: every unknown word may be a typo, as without WordNet
    }
    if (dictionary.size >= CACHE) dictionary.delete(dictionary.keys().next().value!);
    dictionary.set(w, hit);
  }
  return hit;
}

/**
 * The word of `candidates` a typed word most likely misspells, or undefined: the nearest within `editLimit`,
 * ties broken by the candidates' counts when given (a Map word → how often it is used), a tie left unbroken is no
 * reading. Does not check whether the typed word is itself a word: see `readTypo`.
 */
export function nearestWord(word: string, candidates: Iterable<string> | ReadonlyMap<string, number>): { word: string; edits: number } | undefined {
  const limit = editLimit(word);
  const counts = candidates instanceof Map ? (candidates as ReadonlyMap<string, number>) : undefined;
  const words = counts ? counts.keys() : (candidates as Iterable<string>);
  let best: string | undefined;
  let bestEdits = limit + 1;
  let tie = false;
  for (const cand of words) {
    if (cand === best) continue;
    const d = editDistance(word, cand, limit);
    if (d > limit || d > bestEdits) continue;
    if (d < bestEdits) {
      [best, bestEdits, tie] = [cand, d, false];
      continue;
    }
    const [mine, theirs] = [counts?.get(best!) ?? 0, counts?.get(cand) ?? 0];
    if (theirs > mine) [best, tie] = [cand, false];
    else if (theirs === mine) tie = true;
  }
  return best !== undefined && !tie ? { word: best, edits: bestEdits } : undefined;
}

/**
 * The reading of a typed word as a misspelling of one of `candidates`, or undefined when it is not one: too
 * short, one of the candidates already, a word the dictionary knows, or no single nearest candidate.
 */
export function readTypo(word: string, candidates: Iterable<string> | ReadonlyMap<string, number>): string | undefined {
  if (word.length < MIN_TYPO_LENGTH) return undefined;
  if (candidates instanceof Map ? candidates.has(word) : false) return undefined;
  if (isDictionaryWord(word)) return undefined;
  const hit = nearestWord(word, candidates);
  return hit && hit.word !== word ? hit.word : undefined;
}
