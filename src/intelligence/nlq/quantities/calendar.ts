/** Calendar arithmetic in UTC for the date grammar: periods, edges of weeks and quarters, the year a month means. */

export type Unit = 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';
export type CalendarUnit = Exclude<Unit, 'hour'>;
export interface Period { start: Date; end: Date }
/** A bare month, day or weekday is the coming one unless the words look back ("since March", "last Friday"). */
export type Direction = 'past' | 'future';
export type Modifier = 'last' | 'this' | 'next';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
export const utcDate = (year: number, month0: number, day = 1) => new Date(Date.UTC(year, month0, day));

export function addMonths(t: Date, n: number): Date {
  const day = t.getUTCDate();
  const out = new Date(t.getTime());
  out.setUTCDate(1);
  out.setUTCMonth(out.getUTCMonth() + n);
  // Jan 31 + 1 month is the last day of February, not March 3.
  const lastDay = new Date(Date.UTC(out.getUTCFullYear(), out.getUTCMonth() + 1, 0)).getUTCDate();
  out.setUTCDate(Math.min(day, lastDay));
  return out;
}

export function add(t: Date, n: number, unit: Unit): Date {
  switch (unit) {
    case 'hour': return new Date(t.getTime() + n * HOUR_MS);
    case 'day': return new Date(t.getTime() + n * DAY_MS);
    case 'week': return new Date(t.getTime() + 7 * n * DAY_MS);
    case 'month': return addMonths(t, n);
    case 'quarter': return addMonths(t, 3 * n);
    case 'year': return addMonths(t, 12 * n);
  }
}

export function startOf(unit: CalendarUnit, t: Date): Date {
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

export function periodOf(unit: CalendarUnit, start: Date): Period {
  return { start, end: add(start, 1, unit) };
}

/** The calendar period `offset` periods from the one containing now: this month is 0, last month −1. */
export const calendarPeriod = (unit: CalendarUnit, offset: number, now: Date) => periodOf(unit, add(startOf(unit, now), offset, unit));

/**
 * The year of a month (and day) the words gave without one. "last March" is the latest March before this
 * month, "next March" the first after it, "this March" is in this year; otherwise the coming one (this
 * month counts) or, looking back ("since March"), the latest one (this month counts).
 */
export function pickYear(month0: number, day: number | undefined, modifier: Modifier | undefined, direction: Direction, now: Date): number {
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
