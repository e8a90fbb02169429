/**
 * Numbers, money and comparisons in salesperson queries ("deals over $50k", "500+ employees"). Pure functions
 * over the raw query text that return character spans, so the parser can mark which words they consumed.
 *
 * Conservative by design: a number is a condition only with a comparison word ("over", "at least", "50k+",
 * "between … and …", "exactly"). "top 10 deals", "5 biggest" and "with 500 employees" give nothing, nor do
 * numbers counting time or shares ("over 2 weeks", "above 50%") or the numbers of date phrases (dates.ts).
 */
import { findDateConditions } from './dates.js';
import { alternation, EMPLOYEE_UNIT_RE, normPhrase, overlaps, SMALL_NUMBER_WORDS, textBefore, type Span } from './spans.js';

export type CompareOp = 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'between';
export interface QuantityCondition extends Span {
  op: CompareOp;
  value: number;
  /** upper bound for 'between' (inclusive) */
  value2?: number;
  /** what the number counts, when the words say: money ("$50k", "100,000 dollars", "USD 2m", "€"), employees ("500 employees", "500 people", "staff", "headcount"), or null when bare */
  unit: 'money' | 'employees' | null;
  /** the phrase as written, e.g. "over $50k" */
  text: string;
}

const MULTIPLIER_WORDS: Record<string, number> = { hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9 };
/** Scales written right after digits, attached ("50k", "2bn") … */
const LETTER_SCALES: Record<string, number> = { k: 1e3, m: 1e6, mm: 1e6, b: 1e9, bn: 1e9 };
/** … or as a word ("2 million", "5 mil"). "grand" is also a money marker. */
const WORD_SCALES: Record<string, number> = {
  thousand: 1e3, grand: 1e3, million: 1e6, mil: 1e6, mln: 1e6, mn: 1e6, billion: 1e9, bn: 1e9, trillion: 1e12,
};

const NUMBER_WORD = `(?:${alternation([...Object.keys(SMALL_NUMBER_WORDS), ...Object.keys(MULTIPLIER_WORDS)])})(?!\\p{L})`;
/** "fifty", "twenty-five", "two hundred thousand", "a million"; no "and", so "between ten and twenty" stays two numbers. */
const WORD_NUMBER = `(?:an?\\s+(?=(?:hundred|thousand|million|billion|dozen)(?!\\p{L})))?${NUMBER_WORD}(?:(?:\\s+|-)${NUMBER_WORD})*`;
const DIGITS = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+`;
const CURRENCY_WORDS = 'usd|eur|gbp|dollars?|bucks|euros?|pounds?';
/**
 * One amount: optional currency before, digits or number words, optional scale, optional currency after.
 * Never starts or ends inside a word or a number, so "Q3", "B2B", "1st" and "3pm" are not amounts.
 */
const AMOUNT = [
  String.raw`(?<![\p{L}\p{N}_.,])`,
  String.raw`(?:(?<pre>us\$|[$€£]|usd|eur|gbp)\s?)?`,
  `(?:(?<digits>${DIGITS})|(?<words>${WORD_NUMBER}))`,
  `(?:(?<letter>mm|bn|k|m|b)|\\s?(?<scale>${alternation(Object.keys(WORD_SCALES))})(?!\\p{L}))?`,
  String.raw`(?<post>\s?[€£$]|\s?(?:${CURRENCY_WORDS})(?!\p{L}))?`,
  String.raw`(?![\p{L}\p{N}])`,
].join('');
const AMOUNT_RE = new RegExp(AMOUNT, 'giu');
const WHOLE_AMOUNT_RE = new RegExp(`^\\s*${AMOUNT}\\s*$`, 'iu');

interface Amount extends Span {
  /** the number before any scale: "50" of "50k" (a range may lend its second number's scale to the first) */
  base: number;
  scale: number;
  /** the scale was written ("k", "million"), not implied */
  scaled: boolean;
  money: boolean;
}

/** Avoids 1.1 × 1e6 = 1100000.0000000002. */
const clean = (n: number) => Number(n.toPrecision(15));

function wordNumberValue(words: string): number | undefined {
  let total = 0;
  let current = 0;
  for (const w of words.toLowerCase().split(/[\s-]+/)) {
    if (w === 'a' || w === 'an') continue;
    const small = SMALL_NUMBER_WORDS[w];
    const multiplier = MULTIPLIER_WORDS[w];
    if (small !== undefined) current += small;
    else if (multiplier === 100) current = (current || 1) * 100;
    else if (multiplier !== undefined) {
      total += (current || 1) * multiplier;
      current = 0;
    } else return undefined;
  }
  return total + current;
}

function amountFrom(m: RegExpExecArray): Amount | undefined {
  const g = m.groups ?? {};
  const base = g.digits !== undefined ? Number(g.digits.replace(/,/g, '')) : wordNumberValue(g.words ?? '');
  if (base === undefined || !Number.isFinite(base)) return undefined;
  const letter = g.letter?.toLowerCase();
  const word = g.scale?.toLowerCase();
  const scale = (letter && LETTER_SCALES[letter]) || (word && WORD_SCALES[word]) || 1;
  return {
    start: m.index,
    end: m.index + m[0].length,
    base,
    scale,
    scaled: scale !== 1,
    money: Boolean(g.pre || g.post || word === 'grand'),
  };
}

/** A bare number with suffixes: "50k" → 50000, "1.2m" → 1200000, "$100,000" → 100000, "2bn" → 2e9, "ten" → 10; undefined if not a number. */
export function parseAmount(word: string): number | undefined {
  if (typeof word !== 'string' || word.length > 100) return undefined;
  const m = WHOLE_AMOUNT_RE.exec(word);
  const amount = m ? amountFrom(m) : undefined;
  return amount ? clean(amount.base * amount.scale) : undefined;
}

// ───────────────────────────── quantity conditions ─────────────────────────────

const LEADING_COMPARATORS: Record<string, CompareOp> = {
  'over': 'gt', 'above': 'gt', 'more than': 'gt', 'greater than': 'gt', 'bigger than': 'gt', 'larger than': 'gt',
  'higher than': 'gt', 'exceeding': 'gt', 'exceeds': 'gt', 'in excess of': 'gt', 'upwards of': 'gt', 'north of': 'gt',
  '>': 'gt',
  'at least': 'gte', 'no less than': 'gte', 'not less than': 'gte', 'no fewer than': 'gte', 'not fewer than': 'gte',
  'minimum of': 'gte', 'a minimum of': 'gte', 'minimum': 'gte', 'min': 'gte', 'min.': 'gte', 'starting at': 'gte',
  '>=': 'gte', '=>': 'gte', '≥': 'gte',
  'under': 'lt', 'below': 'lt', 'less than': 'lt', 'smaller than': 'lt', 'fewer than': 'lt', 'lower than': 'lt',
  'beneath': 'lt', 'south of': 'lt', '<': 'lt',
  'at most': 'lte', 'no more than': 'lte', 'not more than': 'lte', 'no greater than': 'lte', 'not greater than': 'lte',
  'not exceeding': 'lte', 'no higher than': 'lte', 'up to': 'lte', 'maximum of': 'lte', 'a maximum of': 'lte',
  'maximum': 'lte', 'max': 'lte', 'max.': 'lte', '<=': 'lte', '=<': 'lte', '≤': 'lte',
  'exactly': 'eq', 'precisely': 'eq', 'equal to': 'eq', 'equals': 'eq', 'equalling': 'eq', 'equaling': 'eq',
  '=': 'eq', '==': 'eq',
};
const TRAILING_COMPARATORS: Record<string, CompareOp> = {
  'or more': 'gte', 'or greater': 'gte', 'or higher': 'gte', 'or above': 'gte', 'or over': 'gte', 'and up': 'gte',
  'and above': 'gte', 'and over': 'gte', 'and upwards': 'gte', 'and higher': 'gte', 'plus': 'gte', 'minimum': 'gte',
  'min': 'gte', 'at least': 'gte',
  'or less': 'lte', 'or fewer': 'lte', 'or lower': 'lte', 'or below': 'lte', 'or under': 'lte', 'and under': 'lte',
  'and below': 'lte', 'and less': 'lte', 'and lower': 'lte', 'maximum': 'lte', 'max': 'lte', 'at most': 'lte',
  'tops': 'lte',
};
const LEADING_COMPARATOR_RE = new RegExp(`(?:${alternation(Object.keys(LEADING_COMPARATORS))})\\s*$`, 'iu');
/** Not when a new comparison starts there: "over 50k and up to 100k", "500 employees and under $1m". */
const TRAILING_COMPARATOR_RE = new RegExp(
  `^\\s*(?:${alternation(Object.keys(TRAILING_COMPARATORS))})(?![\\p{L}\\p{N}])(?!\\s*(?:to|than)(?!\\p{L})|\\s*(?:us\\$|[$€£]|usd|eur|gbp)?\\s?[\\d.])`,
  'iu',
);
const PLUS_RE = /^\s?\+/u;
/** "headcount over 200", "employees above 500": the counted thing named before the comparison word. */
const EMPLOYEE_FIELD_BEFORE_RE =
  /(?<![\p{L}\p{N}])(?:head\s*count|employee\s+count|number\s+of\s+employees|employees?|staff(?:\s+count)?|team\s+size|workforce)\s*(?:(?:of|is|are|at|was|:)\s*)?$/iu;
const RANGE_OPENER_RE = /(?<![\p{L}\p{N}])(between|from)\s+$/iu;
const RANGE_GAP_RE = /^\s*(and|to|through|thru|until|-|–|—)\s*$/iu;
/** A number counting time or a share is not an amount: "over 2 weeks", "above 50%". */
const DURATION_OR_PERCENT_RE =
  /^\s*(?:%|percent|per\s*cent|pct|(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|months?|mos?|quarters?|years?|yrs?)(?!\p{L}))/iu;

interface Trailer { end: number; op?: CompareOp; employees: boolean }

/** What follows a number: "+", "or more", "employees", in either order ("500+ staff", "500 employees or more"). */
function readTrailer(text: string, pos: number, allowComparator: boolean): Trailer {
  const out: Trailer = { end: pos, employees: false };
  const rest = () => text.slice(out.end, out.end + 40);
  const comparator = () => {
    if (!allowComparator || out.op) return;
    const plus = PLUS_RE.exec(rest());
    if (plus) { out.op = 'gte'; out.end += plus[0].length; return; }
    const word = TRAILING_COMPARATOR_RE.exec(rest());
    if (word) { out.op = TRAILING_COMPARATORS[normPhrase(word[0])]; out.end += word[0].length; }
  };
  comparator();
  const unit = EMPLOYEE_UNIT_RE.exec(rest());
  if (unit) { out.employees = true; out.end += unit[0].length; }
  comparator();
  return out;
}

interface Leading { start: number; op: CompareOp; employees: boolean }

function readLeading(text: string, amountStart: number, money: boolean, floor: number): Leading | undefined {
  const before = textBefore(text, amountStart, floor);
  const m = LEADING_COMPARATOR_RE.exec(before.s);
  if (!m) return undefined;
  const op = LEADING_COMPARATORS[normPhrase(m[0])];
  if (!op) return undefined;
  let start = before.offset + m.index;
  const field = money ? null : EMPLOYEE_FIELD_BEFORE_RE.exec(textBefore(text, start, floor).s);
  if (field) start -= field[0].length;
  return { start, op, employees: Boolean(field) };
}

function isCountOfTimeOrShare(text: string, a: Amount): boolean {
  return !a.money && !a.scaled && DURATION_OR_PERCENT_RE.test(text.slice(a.end, a.end + 20));
}

function quantity(text: string, start: number, end: number, fields: Omit<QuantityCondition, 'start' | 'end' | 'text'>): QuantityCondition {
  return { start, end, ...fields, text: text.slice(start, end) };
}

/** "between 20 and 80k", "from $1m to $5m", "10-50 employees", "$50k to $100k". */
function readRange(text: string, a: Amount, b: Amount, floor: number): QuantityCondition | undefined {
  const gap = RANGE_GAP_RE.exec(text.slice(a.end, b.start));
  if (!gap || isCountOfTimeOrShare(text, b)) return undefined;
  const separator = gap[1]!.toLowerCase();
  const before = textBefore(text, a.start, floor);
  const opener = RANGE_OPENER_RE.exec(before.s);
  const openerWord = opener?.[1]?.toLowerCase();
  const dash = /^[-–—]$/.test(separator);
  const trailer = readTrailer(text, b.end, false);
  if (openerWord === 'between' && !(separator === 'and' || separator === 'to' || dash)) return undefined;
  if (openerWord === 'from' && separator === 'and') return undefined;
  if (!openerWord) {
    // Without "between"/"from" only a marked amount makes "X to Y" a range (not "stage 2 to 3", not a phone number).
    if (separator === 'and' || separator === 'until') return undefined;
    if (!(a.money || b.money || a.scaled || b.scaled || trailer.employees)) return undefined;
  }
  // "between 20 and 80k": the second number's scale carries to the first when that keeps the order.
  let low = a.base * a.scale;
  const high = b.base * b.scale;
  if (!a.scaled && b.scaled && a.base * b.scale <= high) low = a.base * b.scale;
  let start = opener ? before.offset + opener.index : a.start;
  const field = a.money || b.money ? null : EMPLOYEE_FIELD_BEFORE_RE.exec(textBefore(text, start, floor).s);
  if (field) start -= field[0].length;
  const employees = trailer.employees || Boolean(field);
  return quantity(text, start, trailer.end, {
    op: 'between',
    value: clean(Math.min(low, high)),
    value2: clean(Math.max(low, high)),
    unit: employees ? 'employees' : a.money || b.money ? 'money' : null,
  });
}

function readComparison(text: string, a: Amount, floor: number): QuantityCondition | undefined {
  if (isCountOfTimeOrShare(text, a)) return undefined;
  const leading = readLeading(text, a.start, a.money, floor);
  const trailer = readTrailer(text, a.end, true);
  const op = leading?.op ?? trailer.op;
  if (!op) return undefined;
  const employees = trailer.employees || Boolean(leading?.employees);
  return quantity(text, leading?.start ?? a.start, trailer.end, {
    op,
    value: clean(a.base * a.scale),
    unit: employees ? 'employees' : a.money ? 'money' : null,
  });
}

/** Dates are found first and their numbers skipped; their spans don't depend on the reference instant. */
const SPAN_REFERENCE_NOW = new Date(Date.UTC(2000, 0, 1));

/** Number conditions, left to right, non-overlapping. */
const FIGURE_COUNTS: Record<string, number> = { four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, '4': 4, '5': 5, '6': 6, '7': 7, '8': 8, '9': 9 };
const FIGURES_RE = /\b(four|five|six|seven|eight|nine|[4-9])[-\s]?figures?\b/gi;

export function findQuantities(text: string): QuantityCondition[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const dates = findDateConditions(text, SPAN_REFERENCE_NOW);
  const amounts: Amount[] = [];
  for (const m of text.matchAll(AMOUNT_RE)) {
    const amount = amountFrom(m);
    if (amount && !dates.some((d) => overlaps(d, amount))) amounts.push(amount);
  }
  const out: QuantityCondition[] = [];
  // "six-figure deals", "a seven figure contract": money with that many digits before the point.
  for (const m of text.matchAll(FIGURES_RE)) {
    const digits = FIGURE_COUNTS[m[1]!.toLowerCase()]!;
    out.push(quantity(text, m.index, m.index + m[0].length, { op: 'between', value: 10 ** (digits - 1), value2: 10 ** digits - 1, unit: 'money' }));
  }
  let floor = 0;
  for (let i = 0; i < amounts.length; i++) {
    if (out.some((q) => overlaps(q, amounts[i]!))) continue;
    const a = amounts[i]!;
    if (a.start < floor) continue;
    const b = amounts[i + 1];
    const range = b ? readRange(text, a, b, floor) : undefined;
    if (range) {
      out.push(range);
      floor = range.end;
      i++;
      continue;
    }
    const comparison = readComparison(text, a, floor);
    if (comparison) {
      out.push(comparison);
      floor = comparison.end;
    }
  }
  return out;
}
