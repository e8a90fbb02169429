/**
 * What the number and date grammars share: character spans of the query text, phrase alternations that never
 * start mid-word, and the few words both read (small number words, employee units).
 */

export interface Span { start: number; end: number } // character offsets into the input text, end exclusive

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An alternation of phrases, longest first; spaces match any run of whitespace; words can't start mid-word. */
export function alternation(phrases: Iterable<string>): string {
  return [...phrases]
    .sort((a, b) => b.length - a.length)
    .map((p) => (/^\p{L}/u.test(p) ? '(?<![\\p{L}\\p{N}])' : '') + escapeRegExp(p).replace(/ /g, '\\s+'))
    .join('|');
}

export const normPhrase = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

export const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/**
 * The text just before `end` (at most `max` characters, never before `floor`), starting at a word start so a
 * phrase is never read from the middle of a word ("no more than" cut to "more than" would flip its meaning).
 */
export function textBefore(text: string, end: number, floor: number, max = 48): { s: string; offset: number } {
  let from = Math.max(floor, end - max);
  if (from > floor) while (from < end && isWordChar(text[from - 1]) && isWordChar(text[from])) from++;
  return { s: text.slice(from, end), offset: from };
}

export const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

/** Sorted left to right; of overlapping candidates the earlier, then the longer, wins. */
export function nonOverlapping<T extends Span>(items: T[]): T[] {
  const sorted = [...items].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: T[] = [];
  for (const item of sorted) if (!out.some((kept) => overlaps(kept, item))) out.push(item);
  return out;
}

export const SMALL_NUMBER_WORDS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
  dozen: 12,
};

export const EMPLOYEE_UNIT_RE = /^\s*(?:employees?|people|persons|staff(?:ers)?|workers|heads|headcount|ftes?|team\s+members)(?![\p{L}\p{N}])/iu;
