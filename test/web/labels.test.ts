/**
 * Option labels of enum fields in selects (forms, filters, cell editors): declared labels first, an activity type's
 * label, else the value's words with a capital — "Left voicemail", not "left voicemail".
 */
import { describe, expect, it } from 'vitest';
// @ts-ignore -- web/ is type-checked by web/tsconfig.json (bundler resolution, no .js endings); vitest resolves it
import { activityTypeLabel, enumLabel } from '../../web/src/ui/format';

const label = enumLabel as (field: { name: string; type: string; label: string; valueLabels?: Record<string, string> }, value: string) => string;

describe('enum option labels', () => {
  it('use declared labels, activity type labels, else capitalised words', () => {
    expect(label({ name: 'stage', type: 'enum', label: 'Stage', valueLabels: { closed_won: 'Won' } }, 'closed_won')).toBe('Won');
    expect(label({ name: 'type', type: 'enum', label: 'Type' }, 'email')).toBe('Email');
    expect(label({ name: 'outcome', type: 'enum', label: 'Outcome' }, 'left_voicemail')).toBe('Left voicemail');
    expect(label({ name: 'lead_status', type: 'enum', label: 'Lead status' }, 'customer')).toBe('Customer');
    expect((activityTypeLabel as (t: string) => string)('meeting')).toBe('Meeting');
  });
});

describe('a likely range', () => {
  it('says "about" when the range rounds to one figure, else both ends', async () => {
    // @ts-ignore -- as above
    const { formatPercentRange } = (await import('../../web/src/ui/format')) as { formatPercentRange: (lo: number, hi: number) => string };
    expect(formatPercentRange(0.121, 0.124)).toBe('about 12%');
    expect(formatPercentRange(0.12, 0.31)).toBe('12%–31%');
  });
});
