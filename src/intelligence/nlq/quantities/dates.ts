/**
 * Dates in salesperson queries ("closing before March 2027", "not contacted in 90 days"): the periods the
 * words name (date-refs.ts) bounded by their connectors ("before", "since", "in", "between … and …").
 * Absolute dates are read by chrono-node; relative periods are computed against the injected `now`. All in UTC.
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
import { resolvePair, collectRefs, type DateRef, type PeriodRef } from './date-refs.js';
import { alternation, normPhrase, textBefore, type Span } from './spans.js';

export interface DateCondition extends Span {
  /** ISO 8601 UTC instant bounds; from inclusive, to exclusive. Either may be absent (open range). */
  from?: string;
  to?: string;
  text: string;
}

// ───────────────────────────── connectors ─────────────────────────────

type ConnectorKind = 'toStart' | 'toEnd' | 'fromStart' | 'fromEnd' | 'within' | 'between';
/** before X → ends where X starts; by X → ends where X ends (X included); after X → starts where X ends; since X → starts where X starts. */
const CONNECTORS: Record<string, ConnectorKind> = {
  'before': 'toStart', 'prior to': 'toStart', 'earlier than': 'toStart', 'sooner than': 'toStart', 'until': 'toStart',
  'till': 'toStart', 'til': 'toStart', 'up until': 'toStart', 'up till': 'toStart', 'ending before': 'toStart',
  'by': 'toEnd', 'through': 'toEnd', 'thru': 'toEnd', 'no later than': 'toEnd', 'not later than': 'toEnd',
  'on or before': 'toEnd', 'not after': 'toEnd', 'up to': 'toEnd', 'as late as': 'toEnd',
  'after': 'fromEnd', 'later than': 'fromEnd', 'past': 'fromEnd', 'beyond': 'fromEnd', 'into': 'within',
  'ahead of': 'toStart', 'in advance of': 'toStart', 'in time for': 'toStart',
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
const NOW_TO_RE = /(?<![\p{L}])(?:between\s+(?:now|today)\s+and|from\s+(?:now|today)\s+(?:to|until|till|through|thru))\s+(?:the\s+)?$/iu;
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

const RELATIVE_YEAR_RE = /^(?:the\s+)?(?:next|this|last|previous|coming|current|following)\s+year$/i;

/**
 * "March last year", "Q2 next year", "summer of last year": a period without a year followed by a year said relative
 * to now is that period in that year — one condition, not two whose intersection is empty.
 */
function lendRelativeYears(text: string, refs: DateRef[]): DateRef[] {
  const out: DateRef[] = [];
  for (let i = 0; i < refs.length; i++) {
    const ref = refs[i]!;
    const next = refs[i + 1];
    if (ref.kind === 'period' && !ref.hasYear && !ref.range && next?.kind === 'period' && /^\s*,?\s*(?:of\s+)?$/i.test(text.slice(ref.end, next.start)) && RELATIVE_YEAR_RE.test(text.slice(next.start, next.end).trim())) {
      const year = next.resolve('past').start.getUTCFullYear();
      out.push({ ...ref, end: next.end, hasYear: true, needsConnector: false, resolve: (direction) => ref.resolve(direction, year) });
      i++;
      continue;
    }
    out.push(ref);
  }
  return out;
}

/** Date conditions, left to right, non-overlapping, resolved against now (UTC). */
export function findDateConditions(text: string, now: Date): DateCondition[] {
  if (typeof text !== 'string' || text.length === 0 || !(now instanceof Date) || Number.isNaN(now.getTime())) return [];
  const refs = lendRelativeYears(text, collectRefs(text, now));
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
    // "between now and year end", "from today until Christmas": from today to then.
    const fromNow = NOW_TO_RE.exec(textBefore(text, ref.start, floor, 40).s);
    if (fromNow) {
      const period = ref.resolve('future');
      const before = textBefore(text, ref.start, floor, 40);
      out.push(dateCondition(text, before.offset + fromNow.index, ref.end, new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())), ref.point ? period.start : period.end));
      floor = ref.end;
      continue;
    }
    let connector = connectorBefore(text, ref.start, floor);
    if (connector?.kind === 'between' && !ref.range) connector = undefined;
    if (connector && ref.needsConnector && WEAK_CONNECTORS.has(connector.phrase)) connector = undefined;
    if (!connector && ref.needsConnector) continue;
    // "from June 1 to June 5" is one range; its "from" opens it rather than bounding it.
    // "deals from February", "leads from last quarter": a period after a bare "from" is that period; "from March
    // on/onwards" (or "since") is from its start.
    const fromOnly = connector?.phrase === 'from' && !/^\s*(?:on|onwards?|forward|and later|or later)(?!\p{L})/iu.test(text.slice(ref.end));
    const kind: ConnectorKind = !connector || fromOnly ? 'within' : ref.range ? 'within' : connector.kind;
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
