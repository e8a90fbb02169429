/**
 * Dates as the app writes them, typed and read back: a native `<input type="date">` shows the browser's own format
 * (mm/dd/yyyy in an en-US browser), while every other date in the app reads "15 Jan 2027" and times "14:30". The
 * date fields (`DateInput`) show and take the app's form; their values stay the native inputs' ("2027-01-15",
 * "2027-01-15T14:30": local time), so forms and the API are unchanged.
 *
 * Read: "15 Jan 2027", "Fri 15 Jan 2027, 14:30", "15/01/2027" and "15.1.27" (figures in the browser language's order),
 * "Jan 15, 2027", "2027-01-15" and "2027-01-15T14:30", "today", "tomorrow", "yesterday"; a time after the date as
 * "14:30", "2:30 pm", "9am" or "at 9". A day with no time is 09:00 (a task's usual start).
 */
const pad = (n: number) => String(n).padStart(2, '0');
const SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export type DateKind = 'date' | 'datetime';

const FULL = 'january february march april may june july august september october november december'.split(' ');
/** "Jan", "jan.", "January", "Sept" → 1…12; null for anything else. */
const monthOf = (word: string): number | null => {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w === 'sept') return 9;
  if (w.length < 3) return null;
  const i = FULL.findIndex((f) => f.startsWith(w));
  return i < 0 ? null : i + 1;
};

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || y < 1000 || y > 9999) return false;
  const dt = new Date(y, m - 1, d);
  return dt.getFullYear() === y && dt.getMonth() === m - 1 && dt.getDate() === d;
}

/** "14:30", "2:30 pm", "9am", "at 9", "09.15" → [hours, minutes]; '' → undefined; anything else → null. */
function readTime(rest: string): [number, number] | undefined | null {
  const s = rest.trim().replace(/^(,|at|@)\s*/i, '').trim();
  if (!s) return undefined;
  const m = /^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$/i.exec(s);
  if (!m) return null;
  let h = Number(m[1]);
  const min = m[2] === undefined ? 0 : Number(m[2]);
  const ampm = m[3]?.toLowerCase().replace(/\./g, '');
  if (m[2] === undefined && !ampm && !/^(at|@)/i.test(rest.trim().replace(/^,\s*/, ''))) return null; // "15 Jan 2027 9" is not a time
  if (ampm) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (ampm === 'pm' ? 12 : 0);
  }
  if (h > 23 || min > 59) return null;
  return [h, min];
}

/**
 * Text typed into a date field → the native input's value ("2027-01-15" or "2027-01-15T14:30"); '' for empty text;
 * null when it is not a date (or not a time where one was typed).
 */
export function parseDateText(text: string, kind: DateKind, now = new Date(), order: NumericOrder = browserNumericOrder()): string | null {
  let s = text.trim().replace(/\s+/g, ' ');
  if (!s) return '';
  let y: number, m: number, d: number, rest: string;
  let hit: RegExpExecArray | null;
  s = s.replace(/^(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,? (?=\d|[a-z])/i, '');
  if ((hit = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::\d{2})?)?(.*)$/i.exec(s))) {
    [y, m, d] = [Number(hit[1]), Number(hit[2]), Number(hit[3])];
    rest = hit[4] !== undefined ? `${hit[4]}:${hit[5]}${hit[6]}` : hit[6]!;
  } else if ((hit = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?![\d])(.*)$/.exec(s))) {
    const [a, b] = [Number(hit[1]), Number(hit[2])];
    y = Number(hit[3]) + (hit[3]!.length === 2 ? 2000 : 0);
    // The browser's language says which number is the day ("03/04/2027" is 3 April in London, March 4 in New York);
    // where that order names no day but the other does ("03/25/2027" typed in London), the other is meant.
    [d, m] = order === 'dmy' ? [a, b] : [b, a];
    if (!validDay(y, m, d) && validDay(y, d, m)) [d, m] = [m, d];
    rest = hit[4]!;
  } else if ((hit = /^(\d{1,2})(?:st|nd|rd|th)? ([a-z]+\.?),? (\d{4})(.*)$/i.exec(s))) {
    const mm = monthOf(hit[2]!);
    if (mm === null) return null;
    [d, m, y] = [Number(hit[1]), mm, Number(hit[3])];
    rest = hit[4]!;
  } else if ((hit = /^([a-z]+\.?) (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})(.*)$/i.exec(s))) {
    const mm = monthOf(hit[1]!);
    if (mm === null) return null;
    [d, m, y] = [Number(hit[2]), mm, Number(hit[3])];
    rest = hit[4]!;
  } else if ((hit = /^(today|tomorrow|yesterday)\b(.*)$/i.exec(s))) {
    const shift = { today: 0, tomorrow: 1, yesterday: -1 }[hit[1]!.toLowerCase() as 'today']!;
    const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() + shift);
    [y, m, d] = [day.getFullYear(), day.getMonth() + 1, day.getDate()];
    rest = hit[2]!;
  } else return null;
  if (!validDay(y, m, d)) return null;
  const date = `${y}-${pad(m)}-${pad(d)}`;
  const time = readTime(rest);
  if (time === null) return null;
  if (kind === 'date') return time === undefined ? date : null;
  const [h, min] = time ?? [9, 0];
  return `${date}T${pad(h)}:${pad(min)}`;
}

/** A native input's value as the app writes it: "Fri 15 Jan 2027" / "Fri 15 Jan 2027, 14:30"; other text unchanged. */
export function formatDateText(value: string, kind: DateKind): string {
  const hit = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(value);
  if (!hit) return value;
  const [y, m, d] = [Number(hit[1]), Number(hit[2]), Number(hit[3])];
  if (!validDay(y, m, d)) return value;
  const day = `${WEEKDAYS[new Date(y, m - 1, d).getDay()]} ${d} ${SHORT[m - 1]} ${y}`;
  if (kind === 'date') return day;
  return `${day}, ${hit[4] ?? '09'}:${hit[5] ?? '00'}`;
}

/** Which number comes first in a date typed in figures: the day ("15/01/2027") or the month ("01/15/2027"). */
export type NumericOrder = 'dmy' | 'mdy';

/** The order of the browser's language (en-US: month first; en-GB, de, fr: day first). */
export function numericOrder(locale?: string): NumericOrder {
  const parts = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'numeric', year: 'numeric' }).formatToParts(new Date(2027, 0, 15));
  const at = (type: string) => parts.findIndex((p) => p.type === type);
  return at('month') < at('day') ? 'mdy' : 'dmy';
}

let browserOrder: NumericOrder | undefined;
/** The browser language's order, found once (a field parses its text on every keystroke and render). */
const browserNumericOrder = (): NumericOrder => (browserOrder ??= numericOrder());

/** How to type a date in this app, figures in the browser's order: "15 Jan 2027 or 15/01/2027", "15 Jan 2027 14:30". */
export const dateExample = (kind: DateKind, order: NumericOrder = browserNumericOrder()) =>
  kind === 'date' ? `15 Jan 2027 or ${order === 'dmy' ? '15/01/2027' : '01/15/2027'}` : '15 Jan 2027 14:30';

/** The hint a date field gives (placeholder and title). */
export const dateHint = (kind: DateKind, order?: NumericOrder) => `e.g. ${dateExample(kind, order)}`;
