/**
 * Date fields in the app's own format, without a browser: what a person types is read day first (as the app writes
 * dates), by month name, as ISO or as "tomorrow 9am", and shown back as "Fri 15 Jan 2027, 14:30"; what is not a
 * date (31 February, "soon", a bare "9" after a date) is refused rather than guessed.
 */
import { describe, expect, it } from 'vitest';
// @ts-ignore -- web/ is type-checked by web/tsconfig.json (bundler resolution, no .js endings); vitest resolves it
import { dateHint, formatDateText, numericOrder, parseDateText } from '../../web/src/ui/dates';

type Order = 'dmy' | 'mdy';
const parseIn = parseDateText as (text: string, kind: 'date' | 'datetime', now?: Date, order?: Order) => string | null;
// The cases below are typed as in a day-first language (en-GB); the browser-order cases say their order.
const parse = (text: string, kind: 'date' | 'datetime', now?: Date) => parseIn(text, kind, now, 'dmy');
const format = formatDateText as (value: string, kind: 'date' | 'datetime') => string;
const now = new Date(2026, 11, 6, 15, 0); // Sun 6 Dec 2026, local time

describe('typing a date', () => {
  it('reads the day first, month names, ISO, and words for nearby days', () => {
    for (const [text, want] of [
      ['15/01/2027', '2027-01-15'],
      ['15.1.27', '2027-01-15'],
      ['5-3-2027', '2027-03-05'],
      ['15 Jan 2027', '2027-01-15'],
      ['Fri 15 Jan 2027', '2027-01-15'],
      ['15th January, 2027', '2027-01-15'],
      ['Jan 15, 2027', '2027-01-15'],
      ['September 3 2027', '2027-09-03'],
      ['3 sept 2027', '2027-09-03'],
      ['2027-01-15', '2027-01-15'],
      ['today', '2026-12-06'],
      ['Tomorrow', '2026-12-07'],
      ['yesterday', '2026-12-05'],
      ['  ', ''],
    ] as const)
      expect([text, parse(text, 'date', now)]).toEqual([text, want]);
  });

  it('refuses what is not a day instead of guessing', () => {
    for (const text of ['31/02/2027', '2027-13-01', 'soon', '15 Foo 2027', '15/01', '15 Jan 2027 10:30', '32 Jan 2027']) expect([text, parse(text, 'date', now)]).toEqual([text, null]);
  });

  it('reads a time after the day (24-hour, am/pm, "at 9"), 09:00 when none is given', () => {
    for (const [text, want] of [
      ['15 Jan 2027 14:30', '2027-01-15T14:30'],
      ['Fri 15 Jan 2027, 14:30', '2027-01-15T14:30'],
      ['15/01/2027 2:30 pm', '2027-01-15T14:30'],
      ['15/01/2027 12am', '2027-01-15T00:00'],
      ['tomorrow 9am', '2026-12-07T09:00'],
      ['tomorrow at 16', '2026-12-07T16:00'],
      ['2027-01-10T10:30', '2027-01-10T10:30'],
      ['15 Jan 2027', '2027-01-15T09:00'],
    ] as const)
      expect([text, parse(text, 'datetime', now)]).toEqual([text, want]);
    for (const text of ['15 Jan 2027 9', '15 Jan 2027 25:00', '15 Jan 2027 13pm', '15 Jan 2027 later']) expect([text, parse(text, 'datetime', now)]).toEqual([text, null]);
  });

  it('reads figures in the browser language\'s order, and the other order where only that one names a day', () => {
    expect((numericOrder as (l?: string) => Order)('en-US')).toBe('mdy');
    expect((numericOrder as (l?: string) => Order)('en-GB')).toBe('dmy');
    expect((numericOrder as (l?: string) => Order)('de-DE')).toBe('dmy');
    expect(parseIn('03/04/2027', 'date', now, 'mdy')).toBe('2027-03-04');
    expect(parseIn('03/04/2027', 'date', now, 'dmy')).toBe('2027-04-03');
    expect(parseIn('03/25/2027', 'date', now, 'dmy')).toBe('2027-03-25');
    expect(parseIn('25/03/2027', 'date', now, 'mdy')).toBe('2027-03-25');
    expect(parseIn('31/02/2027', 'date', now, 'mdy')).toBeNull();
    expect(parseIn('15 Jan 2027', 'date', now, 'mdy')).toBe('2027-01-15');
    const hint = dateHint as (kind: 'date' | 'datetime', order?: Order) => string;
    expect(hint('date', 'mdy')).toContain('01/15/2027');
    expect(hint('date', 'dmy')).toContain('15/01/2027');
  });

  it('shows a value the way the app writes dates, and reads that back unchanged', () => {
    expect(format('2027-01-15', 'date')).toBe('Fri 15 Jan 2027');
    expect(format('2027-01-15T14:30', 'datetime')).toBe('Fri 15 Jan 2027, 14:30');
    expect(format('', 'date')).toBe('');
    for (const v of ['2027-01-15', '2028-02-29', '2026-12-31']) expect(parse(format(v, 'date'), 'date', now)).toBe(v);
    for (const v of ['2027-01-15T14:30', '2027-06-01T00:05']) expect(parse(format(v, 'datetime'), 'datetime', now)).toBe(v);
  });
});
