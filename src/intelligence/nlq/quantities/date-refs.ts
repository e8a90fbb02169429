/**
 * The periods and windows a query's words name, found in the text without regard to what they bound:
 * relative phrases ("last 30 days", "this quarter", "3 days ago"), quarters and halves, weekdays, ISO months,
 * bare years, and absolute dates read by chrono-node. Connectors (dates.ts) turn them into conditions.
 */
import * as chrono from 'chrono-node';
import {
  add, addMonths, calendarPeriod, periodOf, pickYear, startOf, utcDate, type CalendarUnit, type Direction, type Modifier, type Period, type Unit,
} from './calendar.js';
import { alternation, EMPLOYEE_UNIT_RE, nonOverlapping, normPhrase, overlaps, SMALL_NUMBER_WORDS, textBefore, type Span } from './spans.js';

/** A period the words name; connectors ("before", "since", "in") turn it into bounds. */
export interface PeriodRef extends Span {
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
export interface WindowRef extends Span { kind: 'window'; from?: Date; to?: Date }
export type DateRef = PeriodRef | WindowRef;

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

const NEGATION_RE = /(?<!\p{L})(?:not|no|never|without|none|nobody|noone|nothing|\p{L}+n['’]t|(?:haven|hasn|hadn|didn|don|doesn|isn|aren|wasn|weren)t)(?!\p{L})/iu;

/**
 * Words for a record gone quiet: "gone quiet for 2 months", "silent for over 90 days" look back, like a negation; so
 * do words for leaving someone alone ("ignored for 3 months", "neglected for 6 weeks").
 */
const QUIET_RE = /(?<!\p{L})(?:quiet|silent|cold|dark|dormant|inactive|idle|unresponsive|untouched|stalled|stale|stuck|ignored|neglected|forgotten|ghosted|abandoned)(?!\p{L})/iu;

/** A "not"/"no"/"haven't" shortly before: "not contacted in 30 days" looks back, "closing in 30 days" ahead. */
function negatedBefore(text: string, index: number): boolean {
  const before = textBefore(text, index, 0, 40).s;
  return NEGATION_RE.test(before) || QUIET_RE.test(before);
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
  // "for over 2 months", "for more than 90 days" after a negation or a word for quiet: the same, looking back.
  const withinSource = `${START}(?<conn>within|in|for)\\s+(?:(?:over|more\\s+than|longer\\s+than|at\\s+least)\\s+)?(?<count>${COUNT_WORD})\\s+(?<unit>${UNIT_WORD})(?!\\s+(?:ago|old|from|before|after))`;
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

  // "year to date", "YTD", "so far this quarter", "this year so far", "earlier this month": from the period's start to now.
  const toDateSource = `${START}(?:(?<u1>week|month|quarter|year)[\\s-]+to[\\s-]+date|(?<abbr>wtd|mtd|qtd|ytd)|(?:so\\s+far|earlier)\\s+this\\s+(?<u2>${CALENDAR_UNIT_WORD})|this\\s+(?<u3>${CALENDAR_UNIT_WORD})\\s+(?:so\\s+far|to\\s+date))(?![\\p{L}\\p{N}])`;
  for (const m of matches(toDateSource, text)) {
    const g = m.groups!;
    const abbrUnit = { w: 'week', m: 'month', q: 'quarter', y: 'year' }[g.abbr?.[0]?.toLowerCase() ?? ''];
    const unit = unitOf(g.u1 ?? g.u2 ?? g.u3 ?? abbrUnit ?? 'year') as CalendarUnit;
    addWindow(m.index, m.index + m[0].length, startOf(unit, now), now);
  }
  // "later this month", "rest of the quarter": from now to the period's end.
  for (const m of matches(`${START}(?:later\\s+this|(?:the\\s+)?(?:rest|remainder)\\s+of\\s+(?:the|this))\\s+(?<unit>${CALENDAR_UNIT_WORD})`, text)) {
    const unit = unitOf(m.groups!.unit!) as CalendarUnit;
    addWindow(m.index, m.index + m[0].length, now, calendarPeriod(unit, 0, now).end);
  }

  // "end of the month", "start of next quarter", "EOQ": instants.
  // "year-end", "quarter end" too ("month-end close" is a finance chore, "weekend" a weekend).
  const edgeSource = `${START}(?:(?:the\\s+)?(?<edge>end|close|start|beginning)\\s+of\\s+(?:(?<mod>the|this|current|last|previous|next|following)\\s+)?(?<unit>${CALENDAR_UNIT_WORD})|(?<abbr>eow|eom|eoq|eoy)(?![\\p{L}\\p{N}])|(?:the\\s+)?(?<unit2>quarter|year|month(?=[\\s-]+end(?![\\p{L}\\p{N}])(?![\\s-]+(?:close|closing|reporting|process|books))))(?:['’]s)?[\\s-]+end(?![\\p{L}\\p{N}]))`;
  for (const m of matches(edgeSource, text)) {
    const g = m.groups!;
    if (g.unit2) g.edge = 'end';
    const unit = (g.abbr ? { w: 'week', m: 'month', q: 'quarter', y: 'year' }[g.abbr[2]!.toLowerCase()]! : unitOf(g.unit ?? g.unit2!)) as CalendarUnit;
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
    `${START}(?:(?<mod>last|this|next|previous)\\s+)?(?:h(?<h>[12])(?![\\p{L}\\p{N}])|(?:the\\s+)?(?<hw>first|second|1st|2nd)\\s+half(?![\\p{L}\\p{N}])(?!\\s+of\\s+(?:the\\s+)?(?:(?:this|next|last|the)\\s+month|${MONTH_ALT})))${year}`,
    // "the second half of next year", "Q1 of the coming year": the year said relative to now.
    `${START}(?:h(?<h>[12])|(?:the\\s+)?(?<hw>first|second|1st|2nd)\\s+half|q(?<q>[1-4])|(?:the\\s+)?(?<qw>first|second|third|fourth|1st|2nd|3rd|4th)\\s+quarter)\\s+of\\s+(?:the\\s+)?(?<ymod>next|this|last|previous|coming|current)\\s+year(?![\\p{L}\\p{N}])`,
  ];
  for (const source of sources) {
    for (const m of matches(source, text)) {
      const g = m.groups!;
      const months = g.h || g.hw ? 6 : 3;
      const index = Number(g.q ?? g.h ?? 0) || ORDINAL_WORDS[(g.qw ?? g.hw ?? '').toLowerCase()]!;
      const yearShift = g.ymod ? ({ next: 1, coming: 1, last: -1, previous: -1 } as Record<string, number>)[g.ymod.toLowerCase()] ?? 0 : undefined;
      const explicitYear = g.y4 ? Number(g.y4) : g.y2 ? 2000 + Number(g.y2) : yearShift !== undefined ? now.getUTCFullYear() + yearShift : undefined;
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

/** Seasons (northern hemisphere, meteorological): the month each begins in. */
const SEASON_START: Record<string, number> = { spring: 2, summer: 5, autumn: 8, fall: 8, winter: 11 };

/**
 * "the summer", "this spring", "last winter", "summer 2026": three months from the season's first month. Without a
 * year or modifier, the one the direction points to (the last that has begun, looking back; the next, ahead);
 * "fall" only after the/this/last/next or with a year (it is also a verb).
 */
function seasonRefs(text: string, now: Date): PeriodRef[] {
  const out: PeriodRef[] = [];
  const source = `${START}(?:(?<mod>last|this|next|previous|the|past|coming)\\s+)?(?<season>spring|summer|autumn|fall|winter)(?:\\s+(?:of\\s+)?(?<y4>(?:19|20)\\d{2}))?(?![\\p{L}\\p{N}])`;
  for (const m of matches(source, text)) {
    const g = m.groups!;
    const season = g.season!.toLowerCase();
    const mod = g.mod?.toLowerCase();
    if (season === 'fall' && !mod && !g.y4) continue;
    const month0 = SEASON_START[season]!;
    const explicitYear = g.y4 ? Number(g.y4) : undefined;
    const modifier = modifierOf(mod === 'past' ? 'last' : mod === 'coming' ? 'next' : mod);
    const resolve = (direction: Direction, yearHint?: number): Period => {
      let y: number;
      if (explicitYear !== undefined) y = explicitYear;
      else if (yearHint !== undefined) y = yearHint;
      else {
        // The season's start this year (winter starting in December), then moved to the one meant.
        y = now.getUTCFullYear();
        const startThisYear = utcDate(y, month0);
        const begun = startThisYear.getTime() <= now.getTime();
        const current = begun && addMonths(startThisYear, 3).getTime() > now.getTime();
        if (modifier === 'last') y = begun && !current ? y : y - 1;
        else if (modifier === 'next') y = begun ? y + 1 : y;
        else if (modifier === 'this') y = now.getUTCFullYear();
        else if (direction === 'past') y = begun ? y : y - 1;
        else y = begun && !current ? y + 1 : y;
        if (modifier === 'last' && current) y -= 1;
      }
      const start = utcDate(y, month0);
      return { start, end: addMonths(start, 3) };
    };
    out.push(periodRef(m.index, m.index + m[0].length, resolve, { hasYear: explicitYear !== undefined }));
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

/** A lower-case "may" that can only be the month: after a date connector or "and/to", or before a year. */
const MAY_AS_MONTH_RE = /(?<=(?:^|[^\p{L}])(?:between|from|in|since|until|till|during|before|after|through|thru|early|late|mid|last|next|this)\s+)may(?!\p{L})(?!\s+(?:be|have|need|want|not)\b)|(?<=(?:january|february|march|april|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\s+(?:and|to|or|through|until|-)\s+)may(?!\p{L})|may(?=\s+(?:and|to|or|through|until|-)\s+(?:january|february|march|april|june|july|august|september|october|november|december)\b)|may(?=\s+\d{4}\b)/giu;
const MONTH_NAME_RE = /(?<!\p{L})(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/iu;
/** "6/1", "06/01/2026", "2026-06-01", "1.6.2026" (but not "1.5", a number). */
const WRITTEN_DATE_RE = /\d{1,4}[/-]\d{1,2}|\d{1,2}\.\d{1,2}\.\d{2,4}/u;
const DURATION_WORD_RE = /(?<!\p{L})(?:seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|quarters?|years?)(?!\p{L})/iu;

/** Absolute dates through chrono-node; the granularity (day or month) is what chrono reports as certain. */
function chronoRefs(text: string, now: Date): PeriodRef[] {
  // Every result kept below holds a month name or a written date, so a text with neither cannot yield one: skip
  // chrono's parse (a tenth of a typical query's CPU) rather than run it to throw everything away.
  if (!MONTH_NAME_RE.test(text) && !WRITTEN_DATE_RE.test(text)) return [];
  let results: chrono.ParsedResult[];
  try {
    results = chrono.casual.parse(text, { instant: now, timezone: 'UTC' });
    // "between may and july", "during may": chrono leaves "may" alone after most words (it is mostly the verb);
    // after a date connector, beside another month or before a year it is the month.
    for (const m of text.matchAll(MAY_AS_MONTH_RE)) {
      const at = m.index!;
      if (results.some((r) => at >= r.index && at < r.index + r.text.length)) continue;
      const year = /^may\s+(\d{4})\b/i.exec(text.slice(at))?.[1];
      const said = year ? `${m[0]} ${year}` : m[0];
      const start = { isCertain: (k: string) => k === 'month' || (k === 'year' && year !== undefined), get: (k: string) => (k === 'month' ? 5 : k === 'year' && year ? Number(year) : null) };
      results.push({ index: at, text: text.slice(at, at + said.length), start } as unknown as chrono.ParsedResult);
    }
    results.sort((a, b) => a.index - b.index);
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
export function resolvePair(a: PeriodRef, b: PeriodRef, direction: Direction): [Period, Period] {
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

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
/** Days people name instead of a date: month (0-based) and day. */
const NAMED_DAYS: Record<string, [number, number]> = {
  'new year': [0, 1], 'new years': [0, 1], 'new year s': [0, 1], christmas: [11, 25], xmas: [11, 25], 'new year s eve': [11, 31], 'new years eve': [11, 31], 'new year eve': [11, 31],
  'christmas eve': [11, 24], 'xmas eve': [11, 24], holidays: [11, 24], 'holiday season': [11, 24], 'festive season': [11, 24], halloween: [9, 31], 'valentine s day': [1, 14], 'valentines day': [1, 14],
};
/** The fourth Thursday of November (US Thanksgiving) of a year: its day of the month. */
const thanksgivingDay = (y: number) => 22 + ((4 - new Date(Date.UTC(y, 10, 1)).getUTCDay() + 7) % 7);
const MONTH_ALT = MONTHS.map((m) => `${m.slice(0, 3)}(?:${m.slice(3)})?`).join('|');

/**
 * Parts of a month: "the first/second/back/latter half of December", "early January", "late March", "the back half
 * of next month". Early is the 1st–10th, late the 21st to the end; a half is the 1st–15th or the 16th to the end.
 */
function monthPartRefs(text: string, now: Date): PeriodRef[] {
  const out: PeriodRef[] = [];
  const year = String.raw`(?:\s*,?\s*(?<y4>(?:19|20)\d{2})(?![\p{L}\p{N}]))?`;
  const month = `(?:(?<rel>this|next|last|the)\\s+month|(?<month>${MONTH_ALT})(?![\\p{L}]))`;
  const source = `${START}(?:(?:the\\s+)?(?<half>first|1st|front|early|earlier|second|2nd|back|latter|later|last)\\s+half\\s+of\\s+(?:the\\s+)?|(?<part>early|late|end|start)[\\s-]+)${month}${year}`;
  for (const m of matches(source, text)) {
    const g = m.groups as Record<string, string | undefined>;
    const word = (g.half ?? g.part ?? '').toLowerCase();
    const first = ['first', '1st', 'front', 'early', 'earlier'].includes(word) && g.half !== undefined;
    const [fromDay, toDay] = g.half !== undefined ? (first ? [1, 16] : [16, 0]) : word === 'early' || word === 'start' ? [1, 11] : [21, 0];
    const rel = g.rel?.toLowerCase();
    const month0 = g.month ? MONTHS.findIndex((x) => x.startsWith(g.month!.toLowerCase().slice(0, 3))) : -1;
    const explicitYear = g.y4 ? Number(g.y4) : undefined;
    const resolve = (direction: Direction, yearHint?: number): Period => {
      let start: Date;
      if (month0 < 0) start = calendarPeriod('month', rel === 'next' ? 1 : rel === 'last' ? -1 : 0, now).start;
      else start = utcDate(explicitYear ?? yearHint ?? pickYear(month0, undefined, undefined, direction, now), month0);
      const end = addMonths(start, 1);
      return { start: add(start, fromDay - 1, 'day'), end: toDay === 0 ? end : add(start, toDay - 1, 'day') };
    };
    out.push(periodRef(m.index, m.index + m[0].length, resolve, { hasYear: explicitYear !== undefined || month0 < 0 }));
  }
  return out;
}

/**
 * Instants said without a date: "mid-December" (the 15th), "mid-January 2027", "the new year", "Christmas". A
 * month or day without a year is the next one ahead for what lies ahead, the last one behind for what is past.
 */
function namedDayRefs(text: string, now: Date): PeriodRef[] {
  const out: PeriodRef[] = [];
  const year = String.raw`(?:\s*,?\s*(?<y4>(?:19|20)\d{2})(?![\p{L}\p{N}]))?`;
  const monthAlt = MONTHS.map((m) => `${m.slice(0, 3)}(?:${m.slice(3)})?`).join('|');
  const sources: [string, (g: Record<string, string | undefined>) => [number, number]][] = [
    [`${START}mid(?:dle\\s+of)?[\\s-]*(?<month>${monthAlt})(?![\\p{L}])${year}`, (g) => [MONTHS.findIndex((m) => m.startsWith(g.month!.toLowerCase().slice(0, 3))), 15]],
    [`${START}(?:the\\s+)?(?<day>new\\s+year(?:['’]?s)?(?:\\s+eve)?|(?:christmas|xmas)(?:\\s+eve)?|holidays|holiday\\s+season|festive\\s+season|halloween|valentine['’]?s\\s+day)(?![\\p{L}])${year}`, (g) => NAMED_DAYS[g.day!.toLowerCase().replace(/['’]/g, ' ').replace(/\s+/g, ' ').trim()] ?? [0, 1]],
  ];
  for (const m of matches(`${START}thanksgiving(?![\\p{L}])${year}`, text)) {
    const explicitYear = m.groups?.y4 ? Number(m.groups.y4) : undefined;
    const resolve = (direction: Direction, yearHint?: number): Period => {
      let y = explicitYear ?? yearHint ?? now.getUTCFullYear();
      if (explicitYear === undefined && yearHint === undefined) {
        const day = utcDate(y, 10, thanksgivingDay(y)).getTime();
        if (direction === 'future' && day < startOf('day', now).getTime()) y += 1;
        if (direction === 'past' && day > now.getTime()) y -= 1;
      }
      const at = utcDate(y, 10, thanksgivingDay(y));
      return { start: at, end: at };
    };
    out.push(periodRef(m.index, m.index + m[0].length, resolve, { hasYear: explicitYear !== undefined, point: true }));
  }
  for (const [source, dayOf] of sources) {
    for (const m of matches(source, text)) {
      const g = m.groups as Record<string, string | undefined>;
      const [month0, day] = dayOf(g);
      if (month0 < 0) continue;
      const explicitYear = g.y4 ? Number(g.y4) : undefined;
      const resolve = (direction: Direction, yearHint?: number): Period => {
        const y = explicitYear ?? yearHint ?? pickYear(month0, day, undefined, direction, now);
        const at = utcDate(y, month0, day);
        return { start: at, end: at };
      };
      out.push(periodRef(m.index, m.index + m[0].length, resolve, { hasYear: explicitYear !== undefined, point: true }));
    }
  }
  return out;
}

export function collectRefs(text: string, now: Date): DateRef[] {
  const own = [...relativeRefs(text, now), ...monthPartRefs(text, now), ...quarterRefs(text, now), ...namedDayRefs(text, now), ...seasonRefs(text, now), ...weekdayRefs(text, now), ...isoMonthRefs(text)];
  const fromChrono = chronoRefs(text, now).filter((r) => !own.some((o) => overlaps(o, r)));
  const years = yearRefs(text).filter((r) => ![...own, ...fromChrono].some((o) => overlaps(o, r)));
  return applyEdges(text, nonOverlapping<DateRef>([...own, ...fromChrono, ...years]));
}
