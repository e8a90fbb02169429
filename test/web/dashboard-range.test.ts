/** The dashboard's header names its months with their years in full ("Jan 26" read as the 26th of January). */
import { describe, expect, it } from 'vitest';
// @ts-ignore -- web/ is type-checked by web/tsconfig.json (bundler resolution, no .js endings); vitest resolves it
import { lastMonths, monthRange } from '../../web/src/screens/dashboard/dashboard-data';

describe('monthRange', () => {
  it('names the first and last of the twelve months with four-digit years, in the locale asked for', () => {
    const months = lastMonths(12, new Date('2026-12-06T12:00:00Z'));
    expect(monthRange(months, 'en-GB')).toBe('Jan 2026 – Dec 2026');
    expect(monthRange(months, 'en-US')).toBe('Jan 2026 – Dec 2026');
    expect(monthRange(months, 'de-DE')).toBe('Jan. 2026 – Dez. 2026');
    expect(monthRange([], 'en-GB')).toBe('');
  });
});
