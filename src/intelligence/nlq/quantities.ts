/**
 * Numbers, money, comparisons and dates in salesperson queries ("deals over $50k closing before March 2027").
 * Pure functions over the raw query text that return character spans, so the parser can mark which words
 * they consumed. Absolute dates ("March 2027", "June 1st", "2026-06-01") are read by chrono-node; relative
 * periods ("last 30 days", "this quarter", "Q3") are computed here against the injected `now`. All in UTC.
 *
 * Conservative by design: a number is a condition only with a comparison word ("over", "at least", "50k+",
 * "between … and …", "exactly"). "top 10 deals", "5 biggest" and "with 500 employees" give nothing, nor do
 * numbers counting time or shares ("over 2 weeks", "above 50%") or the numbers of date phrases.
 *
 * Date rules where English is ambiguous:
 * - A month or day without a year is the coming one (this month counts: "before March", "in March", "June 1st");
 *   after "since/from/starting/as of" the latest one; "last March" the latest before this month, "next March"
 *   the first after it. A quarter without a year is in now's year ("Q3").
 * - A lone month name ("May", "June") or a year-less digit date ("6/1") is read only after a date word or
 *   "last/next/this"; a bare year only after a date word ("in 2026", "since 2025"), never after "over".
 * - "last month" (no "the", no count) is the previous calendar month; "the last month", "past month",
 *   "last 30 days" are rolling windows ending now. "within the last N days" bounds only the start.
 * - "in/within N days" looks ahead; after a negation ("not contacted in 90 days") it looks back.
 * - "end of the month", "start of Q3" are instants: "by/before" them bounds the end, "since/after" the start.
 */
import * as chrono from 'chrono-node';

export type CompareOp = 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'between';
export interface Span { start: number; end: number } // character offsets into the input text, end exclusive
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
export interface DateCondition extends Span {
  /** ISO 8601 UTC instant bounds; from inclusive, to exclusive. Either may be absent (open range). */
  from?: string;
  to?: string;
  text: string;
}

// ───────────────────────────── shared text helpers ─────────────────────────────

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An alternation of phrases, longest first; spaces match any run of whitespace; words can't start mid-word. */
function alternation(phrases: Iterable<string>): string {
  return [...phrases]
    .sort((a, b) => b.length - a.length)
    .map((p) => (/^\p{L}/u.test(p) ? '(?<![\\p{L}\\p{N}])' : '') + escapeRegExp(p).replace(/ /g, '\\s+'))
    .join('|');
}

const normPhrase = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/**
 * The text just before `end` (at most `max` characters, never before `floor`), starting at a word start so a
 * phrase is never read from the middle of a word ("no more than" cut to "more than" would flip its meaning).
 */
function textBefore(text: string, end: number, floor: number, max = 48): { s: string; offset: number } {
  let from = Math.max(floor, end - max);
  if (from > floor) while (from < end && isWordChar(text[from - 1]) && isWordChar(text[from])) from++;
  return { s: text.slice(from, end), offset: from };
}

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

/** Sorted left to right; of overlapping candidates the earlier, then the longer, wins. */
function nonOverlapping<T extends Span>(items: T[]): T[] {
  const sorted = [...items].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: T[] = [];
  for (const item of sorted) if (!out.some((kept) => overlaps(kept, item))) out.push(item);
  return out;
}

// ───────────────────────────── numbers ─────────────────────────────

const SMALL_NUMBER_WORDS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
  dozen: 12,
};
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
const EMPLOYEE_UNIT_RE = /^\s*(?:employees?|people|persons|staff(?:ers)?|workers|heads|headcount|ftes?|team\s+members)(?![\p{L}\p{N}])/iu;
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
export function findQuantities(text: string): QuantityCondition[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const dates = findDateConditions(text, SPAN_REFERENCE_NOW);
  const amounts: Amount[] = [];
  for (const m of text.matchAll(AMOUNT_RE)) {
    const amount = amountFrom(m);
    if (amount && !dates.some((d) => overlaps(d, amount))) amounts.push(amount);
  }
  const out: QuantityCondition[] = [];
  let floor = 0;
  for (let i = 0; i < amounts.length; i++) {
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

// ───────────────────────────── calendar arithmetic (UTC) ─────────────────────────────

type Unit = 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';
type CalendarUnit = Exclude<Unit, 'hour'>;
interface Period { start: Date; end: Date }
/** A bare month, day or weekday is the coming one unless the words look back ("since March", "last Friday"). */
type Direction = 'past' | 'future';
type Modifier = 'last' | 'this' | 'next';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const utcDate = (year: number, month0: number, day = 1) => new Date(Date.UTC(year, month0, day));

function addMonths(t: Date, n: number): Date {
  const day = t.getUTCDate();
  const out = new Date(t.getTime());
  out.setUTCDate(1);
  out.setUTCMonth(out.getUTCMonth() + n);
  // Jan 31 + 1 month is the last day of February, not March 3.
  const lastDay = new Date(Date.UTC(out.getUTCFullYear(), out.getUTCMonth() + 1, 0)).getUTCDate();
  out.setUTCDate(Math.min(day, lastDay));
  return out;
}

function add(t: Date, n: number, unit: Unit): Date {
  switch (unit) {
    case 'hour': return new Date(t.getTime() + n * HOUR_MS);
    case 'day': return new Date(t.getTime() + n * DAY_MS);
    case 'week': return new Date(t.getTime() + 7 * n * DAY_MS);
    case 'month': return addMonths(t, n);
    case 'quarter': return addMonths(t, 3 * n);
    case 'year': return addMonths(t, 12 * n);
  }
}

function startOf(unit: CalendarUnit, t: Date): Date {
  const y = t.getUTCFullYear();
  const m = t.getUTCMonth();
  switch (unit) {
    case 'day': return utcDate(y, m, t.getUTCDate());
    case 'week': {
      // Weeks start on Monday.
      const day = utcDate(y, m, t.getUTCDate());
      return add(day, -((day.getUTCDay() + 6) % 7), 'day');
    }
    case 'month': return utcDate(y, m);
    case 'quarter': return utcDate(y, m - (m % 3));
    case 'year': return utcDate(y, 0);
  }
}

function periodOf(unit: CalendarUnit, start: Date): Period {
  return { start, end: add(start, 1, unit) };
}

/** The calendar period `offset` periods from the one containing now: this month is 0, last month −1. */
const calendarPeriod = (unit: CalendarUnit, offset: number, now: Date) => periodOf(unit, add(startOf(unit, now), offset, unit));

/**
 * The year of a month (and day) the words gave without one. "last March" is the latest March before this
 * month, "next March" the first after it, "this March" is in this year; otherwise the coming one (this
 * month counts) or, looking back ("since March"), the latest one (this month counts).
 */
function pickYear(month0: number, day: number | undefined, modifier: Modifier | undefined, direction: Direction, now: Date): number {
  const year = now.getUTCFullYear();
  const key = month0 * 32 + (day ?? 0);
  const today = now.getUTCMonth() * 32 + (day === undefined ? 0 : now.getUTCDate());
  switch (modifier) {
    case 'this': return year;
    case 'next': return key > today ? year : year + 1;
    case 'last': return key < today ? year : year - 1;
    default:
      if (direction === 'past') return key <= today ? year : year - 1;
      return key >= today ? year : year + 1;
  }
}

// ───────────────────────────── date references ─────────────────────────────

/** A period the words name; connectors ("before", "since", "in") turn it into bounds. */
interface PeriodRef extends Span {
  kind: 'period';
  resolve(direction: Direction, yearHint?: number): Period;
  /** the words gave the year (or need none): a range partner can't lend it one */
  hasYear: boolean;
  /** read only after a date word: bare years ("in 2026"), digit-only dates without a year, a lone month name */
  needsConnector: boolean;
  /** an instant ("end of the month"): start = end */
  point: boolean;
  /** already a range ("June 1 - June 5") */
  range: boolean;
}
/** A phrase that is already a whole condition ("in the last 30 days", "more than 30 days ago"). */
interface WindowRef extends Span { kind: 'window'; from?: Date; to?: Date }
type DateRef = PeriodRef | WindowRef;

function periodRef(start: number, end: number, resolve: PeriodRef['resolve'], opts: Partial<PeriodRef> = {}): PeriodRef {
  return { kind: 'period', start, end, resolve, hasYear: true, needsConnector: false, point: false, range: false, ...opts };
}
const fixedRef = (start: number, end: number, period: Period, opts: Partial<PeriodRef> = {}) => periodRef(start, end, () => period, opts);

const UNIT_WORD = String.raw`(?:hours?|hrs?|days?|weeks?|wks?|months?|mos?|quarters?|qtrs?|years?|yrs?)(?![\p{L}\p{N}])`;
const COUNT_WORD = `(?:\\d{1,4}|a\\s+couple\\s+of|couple\\s+of|a\\s+few|few|an?|${alternation(Object.keys(SMALL_NUMBER_WORDS))})(?![\\p{L}\\p{N}])`;
const CALENDAR_UNIT_WORD = String.raw`(?:week|month|quarter|year)(?![\p{L}\p{N}])`;
const START = String.raw`(?<![\p{L}\p{N}])`;

function unitOf(word: string): Unit {
  const w = word.toLowerCase();
  if (w.startsWith('h')) return 'hour';
  if (w.startsWith('d')) return 'day';
  if (w.startsWith('w')) return 'week';
  if (w.startsWith('q')) return 'quarter';
  if (w.startsWith('y')) return 'year';
  return 'month';
}

function countOf(word: string): number {
  const w = normPhrase(word);
  if (/^\d+$/.test(w)) return Number(w);
  if (w.includes('couple')) return 2;
  if (w.includes('few')) return 3;
  return SMALL_NUMBER_WORDS[w] ?? 1; // "a", "an"
}

function modifierOf(word: string | undefined): Modifier | undefined {
  const w = word?.toLowerCase();
  if (w === 'last' || w === 'previous' || w === 'prior' || w === 'past') return 'last';
  if (w === 'next' || w === 'following' || w === 'coming') return 'next';
  if (w === 'this' || w === 'current') return 'this';
  return undefined;
}

const NEGATION_RE = /(?<!\p{L})(?:not|no|never|without|none|\p{L}+n['’]t|(?:haven|hasn|hadn|didn|don|doesn|isn|aren|wasn|weren)t)(?!\p{L})/iu;

/** A "not"/"no"/"haven't" shortly before: "not contacted in 30 days" looks back, "closing in 30 days" ahead. */
function negatedBefore(text: string, index: number): boolean {
  return NEGATION_RE.test(textBefore(text, index, 0, 40).s);
}

const compiled = new Map<string, RegExp>();
function matches(source: string, text: string): IterableIterator<RegExpExecArray> {
  let re = compiled.get(source);
  if (!re) compiled.set(source, (re = new RegExp(source, 'giu')));
  return text.matchAll(re);
}

/** Phrases measured from now: rolling windows, "N days ago", "this/last/next month", "today", "end of the quarter". */
function relativeRefs(text: string, now: Date): DateRef[] {
  const out: DateRef[] = [];
  const addWindow = (start: number, end: number, from?: Date, to?: Date) => out.push({ kind: 'window', start, end, from, to });
  const rolling = (count: number, unit: Unit, ahead: boolean) =>
    ahead ? { from: now, to: add(now, count, unit) } : { from: add(now, -count, unit), to: now };

  // "in the last 30 days", "past year", "over the last 3 months", "in the next 2 weeks", "in the coming month";
  // without "the" or a count, "last/next week" is the calendar period ("last month" = the previous calendar month).
  const rollingSource = `${START}(?:(?<conn>within|in|during|over|for|from)\\s+)?(?:(?<the>the)\\s+)?(?<mod>last|past|previous|prior|trailing|next|coming|upcoming|following)\\s+(?:(?<count>${COUNT_WORD})\\s+)?(?<unit>${UNIT_WORD})`;
  for (const m of matches(rollingSource, text)) {
    const g = m.groups!;
    const mod = g.mod!.toLowerCase();
    const ahead = ['next', 'coming', 'upcoming', 'following'].includes(mod);
    const unit = unitOf(g.unit!);
    const isRolling =
      g.count !== undefined || ['past', 'trailing', 'coming', 'upcoming'].includes(mod) ||
      (g.the !== undefined && (mod === 'last' || mod === 'next')) || unit === 'hour' || unit === 'day';
    const end = m.index + m[0].length;
    if (isRolling) {
      const { from, to } = rolling(g.count ? countOf(g.count) : 1, unit, ahead);
      // "within the last 30 days" bounds only the start.
      addWindow(m.index, end, from, g.conn?.toLowerCase() === 'within' && !ahead ? undefined : to);
    } else {
      const refStart = m.index + (g.conn ? m[0].indexOf(g.the ?? g.mod!, g.conn.length) : 0);
      out.push(fixedRef(refStart, end, calendarPeriod(unit as CalendarUnit, ahead ? 1 : -1, now)));
    }
  }

  // "within 2 weeks", "in 30 days" ahead; after a negation ("no activity in 30 days", "not contacted for 2 weeks") back.
  const withinSource = `${START}(?<conn>within|in|for)\\s+(?<count>${COUNT_WORD})\\s+(?<unit>${UNIT_WORD})(?!\\s+(?:ago|old|from|before|after))`;
  for (const m of matches(withinSource, text)) {
    const g = m.groups!;
    const back = negatedBefore(text, m.index);
    if (g.conn!.toLowerCase() === 'for' && !back) continue; // "open for 30 days" is a duration, not a date
    const { from, to } = rolling(countOf(g.count!), unitOf(g.unit!), !back);
    addWindow(m.index, m.index + m[0].length, from, to);
  }

  // "3 days ago", "2 weeks from now" (that day); "more than 30 days ago", "30+ days ago", "over 2 weeks old"
  // (before then); "less than a week ago" (since then); "more than a month from now" (after then).
  const agoSource = `${START}(?:(?<qual>more\\s+than|over|at\\s+least|no\\s+less\\s+than|less\\s+than|under|fewer\\s+than|within|no\\s+more\\s+than)\\s+)?(?<count>${COUNT_WORD})(?<plus>\\+)?\\s+(?<unit>${UNIT_WORD})\\s+(?:(?<back>ago|old)|from\\s+(?:now|today)|hence)(?:\\s+or\\s+(?<or>more|earlier|longer|older|less|later|newer))?(?![\\p{L}\\p{N}])`;
  for (const m of matches(agoSource, text)) {
    const g = m.groups!;
    const back = g.back !== undefined;
    const at = add(now, (back ? -1 : 1) * countOf(g.count!), unitOf(g.unit!));
    const qual = normPhrase(g.qual ?? '');
    const further = ['more than', 'over', 'at least', 'no less than'].includes(qual) || g.plus !== undefined || ['more', 'earlier', 'longer', 'older'].includes(g.or?.toLowerCase() ?? '');
    const nearer = ['less than', 'under', 'fewer than', 'within', 'no more than'].includes(qual) || ['less', 'later', 'newer'].includes(g.or?.toLowerCase() ?? '');
    const end = m.index + m[0].length;
    if (further) addWindow(m.index, end, back ? undefined : at, back ? at : undefined);
    else if (nearer) addWindow(m.index, end, back ? at : now, back ? undefined : at);
    else out.push(fixedRef(m.index, end, periodOf('day', startOf('day', at))));
  }

  // "older than 2 weeks", "newer than 30 days".
  const ageSource = `${START}(?<cmp>older\\s+than|newer\\s+than|younger\\s+than|more\\s+recent\\s+than)\\s+(?<count>${COUNT_WORD})\\s+(?<unit>${UNIT_WORD})(?:\\s+(?:ago|old))?`;
  for (const m of matches(ageSource, text)) {
    const g = m.groups!;
    const at = add(now, -countOf(g.count!), unitOf(g.unit!));
    const older = g.cmp!.toLowerCase().startsWith('older');
    addWindow(m.index, m.index + m[0].length, older ? undefined : at, older ? at : undefined);
  }

  for (const m of matches(`${START}(?<word>today|tonight|yesterday|tomorrow)(?![\\p{L}\\p{N}])`, text)) {
    const word = m.groups!.word!.toLowerCase();
    const offset = word === 'yesterday' ? -1 : word === 'tomorrow' ? 1 : 0;
    out.push(fixedRef(m.index, m.index + m[0].length, calendarPeriod('day', offset, now)));
  }

  for (const m of matches(`${START}(?:this|current|the\\s+current)\\s+(?<unit>${CALENDAR_UNIT_WORD})`, text)) {
    out.push(fixedRef(m.index, m.index + m[0].length, calendarPeriod(unitOf(m.groups!.unit!) as CalendarUnit, 0, now)));
  }

  // "year to date", "YTD", "so far this quarter", "earlier this month": from the period's start to now.
  const toDateSource = `${START}(?:(?<u1>week|month|quarter|year)[\\s-]+to[\\s-]+date|(?<abbr>wtd|mtd|qtd|ytd)|(?:so\\s+far|earlier)\\s+this\\s+(?<u2>${CALENDAR_UNIT_WORD}))(?![\\p{L}\\p{N}])`;
  for (const m of matches(toDateSource, text)) {
    const g = m.groups!;
    const abbrUnit = { w: 'week', m: 'month', q: 'quarter', y: 'year' }[g.abbr?.[0]?.toLowerCase() ?? ''];
    const unit = unitOf(g.u1 ?? g.u2 ?? abbrUnit ?? 'year') as CalendarUnit;
    addWindow(m.index, m.index + m[0].length, startOf(unit, now), now);
  }
  // "later this month", "rest of the quarter": from now to the period's end.
  for (const m of matches(`${START}(?:later\\s+this|(?:the\\s+)?(?:rest|remainder)\\s+of\\s+(?:the|this))\\s+(?<unit>${CALENDAR_UNIT_WORD})`, text)) {
    const unit = unitOf(m.groups!.unit!) as CalendarUnit;
    addWindow(m.index, m.index + m[0].length, now, calendarPeriod(unit, 0, now).end);
  }

  // "end of the month", "start of next quarter", "EOQ": instants.
  const edgeSource = `${START}(?:(?:the\\s+)?(?<edge>end|close|start|beginning)\\s+of\\s+(?:(?<mod>the|this|current|last|previous|next|following)\\s+)?(?<unit>${CALENDAR_UNIT_WORD})|(?<abbr>eow|eom|eoq|eoy)(?![\\p{L}\\p{N}]))`;
  for (const m of matches(edgeSource, text)) {
    const g = m.groups!;
    const unit = (g.abbr ? { w: 'week', m: 'month', q: 'quarter', y: 'year' }[g.abbr[2]!.toLowerCase()]! : unitOf(g.unit!)) as CalendarUnit;
    const modifier = modifierOf(g.mod);
    const period = calendarPeriod(unit, modifier === 'last' ? -1 : modifier === 'next' ? 1 : 0, now);
    const at = g.abbr || /^(end|close)$/i.test(g.edge!) ? period.end : period.start;
    out.push(fixedRef(m.index, m.index + m[0].length, { start: at, end: at }, { point: true }));
  }
  return out;
}

const ORDINAL_WORDS: Record<string, number> = { first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4 };

/** "Q3", "Q3 2026", "Q3'26", "2026 Q3", "the third quarter of 2026", "H1 2026", "first half of 2026". A quarter without a year is in now's year. */
function quarterRefs(text: string, now: Date): PeriodRef[] {
  const out: PeriodRef[] = [];
  const year = String.raw`(?:\s*(?:of\s+)?(?<y4>(?:19|20)\d{2})(?![\p{L}\p{N}])|\s*'(?<y2>\d{2})(?![\p{L}\p{N}]))?`;
  const sources = [
    `${START}(?:(?<mod>last|this|next|previous)\\s+)?(?:q(?<q>[1-4])(?![\\p{L}\\p{N}])|(?:the\\s+)?(?<qw>first|second|third|fourth|1st|2nd|3rd|4th)\\s+quarter(?![\\p{L}\\p{N}]))${year}`,
    `${START}(?<y4>(?:19|20)\\d{2})[\\s-]?q(?<q>[1-4])(?![\\p{L}\\p{N}])`,
    `${START}(?:(?<mod>last|this|next|previous)\\s+)?(?:h(?<h>[12])(?![\\p{L}\\p{N}])|(?:the\\s+)?(?<hw>first|second|1st|2nd)\\s+half(?![\\p{L}\\p{N}]))${year}`,
  ];
  for (const source of sources) {
    for (const m of matches(source, text)) {
      const g = m.groups!;
      const months = g.h || g.hw ? 6 : 3;
      const index = Number(g.q ?? g.h ?? 0) || ORDINAL_WORDS[(g.qw ?? g.hw ?? '').toLowerCase()]!;
      const explicitYear = g.y4 ? Number(g.y4) : g.y2 ? 2000 + Number(g.y2) : undefined;
      const modifier = modifierOf(g.mod);
      const resolve = (_direction: Direction, yearHint?: number): Period => {
        let y = explicitYear ?? yearHint ?? now.getUTCFullYear();
        if (explicitYear === undefined && yearHint === undefined && modifier) {
          const current = Math.floor(now.getUTCMonth() / months) + 1;
          if (modifier === 'last' && index >= current) y -= 1;
          if (modifier === 'next' && index <= current) y += 1;
        }
        const start = utcDate(y, (index - 1) * months);
        return { start, end: addMonths(start, months) };
      };
      out.push(periodRef(m.index, m.index + m[0].length, resolve, { hasYear: explicitYear !== undefined }));
    }
  }
  return out;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** "Friday", "by Friday", "last Monday", "next Tuesday". Full names only: "Sun" and "Sat" are too often other words. */
function weekdayRefs(text: string, now: Date): PeriodRef[] {
  const out: PeriodRef[] = [];
  for (const m of matches(`${START}(?:(?<mod>last|this|next|coming|previous|past)\\s+)?(?<day>${WEEKDAYS.join('|')})(?![\\p{L}\\p{N}])`, text)) {
    const target = WEEKDAYS.indexOf(m.groups!.day!.toLowerCase());
    const modifier = modifierOf(m.groups!.mod);
    const resolve = (direction: Direction): Period => {
      const today = startOf('day', now);
      const weekday = today.getUTCDay();
      const ahead = (target - weekday + 7) % 7;
      const back = (weekday - target + 7) % 7;
      let delta: number;
      if (modifier === 'last') delta = -(back || 7);
      else if (modifier === 'next') delta = ahead || 7;
      else if (modifier === 'this') delta = ((target + 6) % 7) - ((weekday + 6) % 7);
      else delta = direction === 'past' ? -back : ahead;
      return periodOf('day', add(today, delta, 'day'));
    };
    out.push(periodRef(m.index, m.index + m[0].length, resolve));
  }
  return out;
}

/** "2026-06": a month in ISO form (chrono reads full ISO dates). */
function isoMonthRefs(text: string): PeriodRef[] {
  const out: PeriodRef[] = [];
  for (const m of matches(String.raw`${START}(?<y>(?:19|20)\d{2})-(?<m>0[1-9]|1[0-2])(?![\p{L}\p{N}]|-\d)`, text)) {
    const start = utcDate(Number(m.groups!.y), Number(m.groups!.m) - 1);
    out.push(fixedRef(m.index, m.index + m[0].length, periodOf('month', start)));
  }
  return out;
}

/** A year alone ("in 2026", "since 2025"), only after a date word, never an amount ("2000 employees", "$2025"). */
function yearRefs(text: string): PeriodRef[] {
  const out: PeriodRef[] = [];
  for (const m of matches(String.raw`(?<![\p{L}\p{N}_$€£.,])(?:19|20)\d{2}(?![\p{L}\p{N}]|[.,]\d)`, text)) {
    const end = m.index + m[0].length;
    if (EMPLOYEE_UNIT_RE.test(text.slice(end, end + 30)) || /^\s?(?:[$€£+%]|(?:usd|eur|gbp|dollars?|euros?)(?!\p{L}))/iu.test(text.slice(end, end + 10))) continue;
    const start = utcDate(Number(m[0]), 0);
    out.push(fixedRef(m.index, end, periodOf('year', start), { needsConnector: true }));
  }
  return out;
}

const MONTH_NAME_RE = /(?<!\p{L})(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/iu;
/** "6/1", "06/01/2026", "2026-06-01", "1.6.2026" (but not "1.5", a number). */
const WRITTEN_DATE_RE = /\d{1,4}[/-]\d{1,2}|\d{1,2}\.\d{1,2}\.\d{2,4}/u;
const DURATION_WORD_RE = /(?<!\p{L})(?:seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|quarters?|years?)(?!\p{L})/iu;

/** Absolute dates through chrono-node; the granularity (day or month) is what chrono reports as certain. */
function chronoRefs(text: string, now: Date): PeriodRef[] {
  let results: chrono.ParsedResult[];
  try {
    results = chrono.casual.parse(text, { instant: now, timezone: 'UTC' });
  } catch {
    return [];
  }
  const out: PeriodRef[] = [];
  for (const r of results) {
    let start = r.index;
    let body = r.text;
    // "end of March": chrono reads it as March 31; the generic edge rule below makes it an instant instead.
    const edge = /^(?:the\s+)?(?:end|close|start|beginning)\s+of\s+/i.exec(body);
    const lead = edge ?? /^(?:on|in|at|the)\s+/i.exec(body);
    if (lead) {
      start += lead[0].length;
      body = body.slice(lead[0].length);
    }
    const component = (c: chrono.ParsedComponents) => {
      if (!c.isCertain('month')) return undefined;
      const month0 = c.get('month')! - 1;
      const day = c.isCertain('day') && !edge ? c.get('day')! : undefined;
      const year = c.isCertain('year') ? c.get('year')! : undefined;
      return { month0, day, year };
    };
    const first = component(r.start);
    // A month name or a written date ("6/1", "2026-06-01"); not times ("at 5"), weekdays, "now", or durations
    // ("for 30 days", "2 weeks from now"), which relativeRefs reads or leaves alone on purpose.
    if (!first || (!MONTH_NAME_RE.test(body) && !WRITTEN_DATE_RE.test(body)) || DURATION_WORD_RE.test(body)) continue;
    const end = start + body.length;

    let modifier: Modifier | undefined;
    let refStart = start;
    if (first.year === undefined) {
      const before = textBefore(text, start, 0, 16);
      const m = /(?<![\p{L}\p{N}])(last|this|next|coming|previous|past)\s+$/iu.exec(before.s);
      if (m) {
        modifier = modifierOf(m[1]);
        refStart = before.offset + m.index;
      }
    }
    const monthOnly = first.day === undefined && first.year === undefined;
    // A lone month ("May", "June") may be a name: "June Lee". Read it only after a date word or "last/next".
    if (monthOnly && !modifier && /^\s+\p{Lu}\p{Ll}/u.test(text.slice(end, end + 3))) continue;
    const needsConnector = first.year === undefined && !modifier && (monthOnly || !MONTH_NAME_RE.test(body));

    const single = (c: { month0: number; day: number | undefined; year: number | undefined }, mod?: Modifier): PeriodRef['resolve'] =>
      (direction, yearHint) => {
        const y = c.year ?? yearHint ?? pickYear(c.month0, c.day, mod, direction, now);
        return c.day !== undefined ? periodOf('day', utcDate(y, c.month0, c.day)) : periodOf('month', utcDate(y, c.month0));
      };
    const second = r.end ? component(r.end) : undefined;
    if (second) {
      const a = periodRef(refStart, end, single(first, modifier), { hasYear: first.year !== undefined });
      const b = periodRef(refStart, end, single(second), { hasYear: second.year !== undefined });
      out.push(periodRef(refStart, end, (direction) => {
        const [pa, pb] = resolvePair(a, b, direction);
        return { start: pa.start, end: pb.end };
      }, { range: true }));
    } else {
      out.push(periodRef(refStart, end, single(first, modifier), { hasYear: first.year !== undefined, needsConnector }));
    }
  }
  return out;
}

/** Two ends of a range lend each other a missing year: "between March and May 2027", "from Dec 2026 to Feb". */
function resolvePair(a: PeriodRef, b: PeriodRef, direction: Direction): [Period, Period] {
  if (!a.hasYear && b.hasYear) {
    const pb = b.resolve(direction);
    const year = pb.start.getUTCFullYear();
    let pa = a.resolve(direction, year);
    if (pa.start > pb.start) pa = a.resolve(direction, year - 1);
    return [pa, pb];
  }
  const pa = a.resolve(direction);
  if (b.hasYear) return [pa, b.resolve(direction)];
  const year = pa.start.getUTCFullYear();
  let pb = b.resolve(direction, year);
  if (pb.end <= pa.start) pb = b.resolve(direction, year + 1);
  return [pa, pb];
}

/** "end of Q3", "the start of 2027", "end of March": the instant at the period's edge. */
function applyEdges(text: string, refs: DateRef[]): DateRef[] {
  return refs.map((ref) => {
    if (ref.kind !== 'period' || ref.point || ref.range) return ref;
    const before = textBefore(text, ref.start, 0, 32);
    const m = /(?<![\p{L}\p{N}])(?:the\s+)?(end|close|start|beginning)\s+of\s+(?:the\s+)?$/iu.exec(before.s);
    if (!m) return ref;
    const atEnd = /^(end|close)$/i.test(m[1]!);
    return {
      ...ref,
      start: before.offset + m.index,
      point: true,
      needsConnector: false,
      resolve: (direction: Direction, yearHint?: number) => {
        const p = ref.resolve(direction, yearHint);
        const at = atEnd ? p.end : p.start;
        return { start: at, end: at };
      },
    };
  });
}

function collectRefs(text: string, now: Date): DateRef[] {
  const own = [...relativeRefs(text, now), ...quarterRefs(text, now), ...weekdayRefs(text, now), ...isoMonthRefs(text)];
  const fromChrono = chronoRefs(text, now).filter((r) => !own.some((o) => overlaps(o, r)));
  const years = yearRefs(text).filter((r) => ![...own, ...fromChrono].some((o) => overlaps(o, r)));
  return applyEdges(text, nonOverlapping<DateRef>([...own, ...fromChrono, ...years]));
}

// ───────────────────────────── connectors ─────────────────────────────

type ConnectorKind = 'toStart' | 'toEnd' | 'fromStart' | 'fromEnd' | 'within' | 'between';
/** before X → ends where X starts; by X → ends where X ends (X included); after X → starts where X ends; since X → starts where X starts. */
const CONNECTORS: Record<string, ConnectorKind> = {
  'before': 'toStart', 'prior to': 'toStart', 'earlier than': 'toStart', 'sooner than': 'toStart', 'until': 'toStart',
  'till': 'toStart', 'til': 'toStart', 'up until': 'toStart', 'up till': 'toStart', 'ending before': 'toStart',
  'by': 'toEnd', 'through': 'toEnd', 'thru': 'toEnd', 'no later than': 'toEnd', 'not later than': 'toEnd',
  'on or before': 'toEnd', 'not after': 'toEnd', 'up to': 'toEnd', 'as late as': 'toEnd',
  'after': 'fromEnd', 'later than': 'fromEnd',
  'since': 'fromStart', 'from': 'fromStart', 'starting': 'fromStart', 'starting from': 'fromStart',
  'starting on': 'fromStart', 'starting in': 'fromStart', 'starting at': 'fromStart', 'beginning': 'fromStart',
  'beginning in': 'fromStart', 'beginning on': 'fromStart', 'as of': 'fromStart', 'on or after': 'fromStart',
  'no earlier than': 'fromStart', 'not earlier than': 'fromStart', 'not before': 'fromStart',
  'in': 'within', 'during': 'within', 'for': 'within', 'on': 'within', 'within': 'within', 'throughout': 'within',
  'over': 'within', 'at': 'within',
  'between': 'between',
};
/** Bare years also read as counts: "over 2025", "at 2000" stay numbers. */
const WEAK_CONNECTORS = new Set(['over', 'at', 'on', 'up to']);
const CONNECTOR_RE = new RegExp(`(?:${alternation(Object.keys(CONNECTORS))})\\s+(?:the\\s+)?$`, 'iu');
const DATE_RANGE_GAP_RE = /^\s*(and|to|until|till|through|thru|-|–|—)\s*$/iu;

interface Connector { start: number; kind: ConnectorKind; phrase: string }

function connectorBefore(text: string, index: number, floor: number): Connector | undefined {
  const before = textBefore(text, index, floor, 32);
  const m = CONNECTOR_RE.exec(before.s);
  if (!m) return undefined;
  const phrase = normPhrase(m[0].replace(/\s+the\s*$/i, ''));
  const kind = CONNECTORS[phrase];
  return kind ? { start: before.offset + m.index, kind, phrase } : undefined;
}

function dateCondition(text: string, start: number, end: number, from?: Date, to?: Date): DateCondition {
  const out: DateCondition = { start, end, text: text.slice(start, end) };
  if (from) out.from = from.toISOString();
  if (to) out.to = to.toISOString();
  return out;
}

/** "between March and May 2027", "from Q1 to Q3", "June 1 – June 15". */
function readDateRange(text: string, a: PeriodRef, b: PeriodRef, floor: number): DateCondition | undefined {
  if (a.range || b.range) return undefined;
  const gap = DATE_RANGE_GAP_RE.exec(text.slice(a.end, b.start));
  if (!gap) return undefined;
  const separator = gap[1]!.toLowerCase();
  const opener = connectorBefore(text, a.start, floor);
  const openerWord = opener?.phrase === 'between' || opener?.phrase === 'from' ? opener.phrase : undefined;
  if (openerWord === 'between' && separator !== 'and' && !/^[-–—]$/.test(separator)) return undefined;
  if (openerWord !== 'between' && separator === 'and') return undefined;
  if (!openerWord && (a.needsConnector || b.needsConnector || separator === 'until' || separator === 'till')) return undefined;
  const [pa, pb] = resolvePair(a, b, 'future');
  return dateCondition(text, openerWord ? opener!.start : a.start, b.end, pa.start, pb.end);
}

/** Date conditions, left to right, non-overlapping, resolved against now (UTC). */
export function findDateConditions(text: string, now: Date): DateCondition[] {
  if (typeof text !== 'string' || text.length === 0 || !(now instanceof Date) || Number.isNaN(now.getTime())) return [];
  const refs = collectRefs(text, now);
  const out: DateCondition[] = [];
  let floor = 0;
  for (let i = 0; i < refs.length; i++) {
    const ref = refs[i]!;
    if (ref.start < floor) continue;
    if (ref.kind === 'window') {
      out.push(dateCondition(text, ref.start, ref.end, ref.from, ref.to));
      floor = ref.end;
      continue;
    }
    const next = refs[i + 1];
    const range = next?.kind === 'period' ? readDateRange(text, ref, next, floor) : undefined;
    if (range) {
      out.push(range);
      floor = range.end;
      i++;
      continue;
    }
    let connector = connectorBefore(text, ref.start, floor);
    if (connector?.kind === 'between' && !ref.range) connector = undefined;
    if (connector && ref.needsConnector && WEAK_CONNECTORS.has(connector.phrase)) connector = undefined;
    if (!connector && ref.needsConnector) continue;
    // "from June 1 to June 5" is one range; its "from" opens it rather than bounding it.
    const kind: ConnectorKind = !connector ? 'within' : ref.range ? 'within' : connector.kind;
    const period = ref.resolve(kind === 'fromStart' ? 'past' : 'future');
    let from: Date | undefined;
    let to: Date | undefined;
    switch (kind) {
      case 'toStart': to = period.start; break;
      case 'toEnd': to = period.end; break;
      case 'fromStart': from = period.start; break;
      case 'fromEnd': from = period.end; break;
      default:
        // An instant on its own ("closing end of month", "at the end of the quarter") means by then.
        if (ref.point) to = period.start;
        else [from, to] = [period.start, period.end];
    }
    const start = connector?.start ?? ref.start;
    out.push(dateCondition(text, start, ref.end, from, to));
    floor = ref.end;
  }
  return out;
}
