import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  findDateConditions, findQuantities, parseAmount, type DateCondition, type QuantityCondition,
} from '../../../src/intelligence/nlq/quantities/index.js';

// A Tuesday, mid-afternoon UTC, in the year's fourth quarter.
const now = new Date('2026-11-24T15:00:00Z');
const dates = (text: string) => findDateConditions(text, now);

/** The one condition in `text`, with its span checked against the text it claims to cover. */
function onlyQuantity(text: string): QuantityCondition {
  const found = findQuantities(text);
  expect(found, text).toHaveLength(1);
  const q = found[0]!;
  expect(text.slice(q.start, q.end)).toBe(q.text);
  return q;
}
function onlyDate(text: string): DateCondition {
  const found = dates(text);
  expect(found, text).toHaveLength(1);
  const d = found[0]!;
  expect(text.slice(d.start, d.end)).toBe(d.text);
  return d;
}
const bounds = (d: DateCondition) => [d.from ?? null, d.to ?? null];

describe('parseAmount', () => {
  it.each([
    ['50k', 50_000], ['50K', 50_000], ['1.2m', 1_200_000], ['$100,000', 100_000], ['2bn', 2e9], ['ten', 10],
    ['1,250,000.50', 1_250_000.5], ['$1.5 million', 1_500_000], ['USD 2m', 2_000_000], ['€500k', 500_000],
    ['£2m', 2_000_000], ['100,000 dollars', 100_000], ['3mm', 3_000_000], ['fifty thousand', 50_000],
    ['twenty-five', 25], ['a hundred', 100], ['two hundred thousand', 200_000], ['1.1m', 1_100_000], ['0', 0],
    ['.5m', 500_000], ['5 bn', 5e9], ['50 grand', 50_000],
  ])('%s → %d', (word, value) => {
    expect(parseAmount(word)).toBe(value);
  });

  it.each(['', 'Q3', 'B2B', 'ten apples', '1st', '3pm', '1,2', 'k', '$', 'deals', '50x', '🚀'])('%j is not a number', (word) => {
    expect(parseAmount(word)).toBeUndefined();
  });
});

describe('findQuantities: comparisons', () => {
  it.each([
    ['deals over $50k', 'gt', 50_000, 'money', 'over $50k'],
    ['deals above 100,000 dollars', 'gt', 100_000, 'money', 'above 100,000 dollars'],
    ['more than $1.5 million in revenue', 'gt', 1_500_000, 'money', 'more than $1.5 million'],
    ['greater than 100 bucks', 'gt', 100, 'money', 'greater than 100 bucks'],
    ['bigger than €20k', 'gt', 20_000, 'money', 'bigger than €20k'],
    ['larger than 2bn', 'gt', 2e9, null, 'larger than 2bn'],
    ['exceeding 1.2m', 'gt', 1_200_000, null, 'exceeding 1.2m'],
    ['deals > 10k', 'gt', 10_000, null, '> 10k'],
    ['deals >10k', 'gt', 10_000, null, '>10k'],
    ['upwards of 50k', 'gt', 50_000, null, 'upwards of 50k'],
    ['revenue over a million', 'gt', 1_000_000, null, 'over a million'],
    ['at least USD 2m', 'gte', 2_000_000, 'money', 'at least USD 2m'],
    ['no less than £500k', 'gte', 500_000, 'money', 'no less than £500k'],
    ['revenue >= 1.5 million', 'gte', 1_500_000, null, '>= 1.5 million'],
    ['minimum of $5k', 'gte', 5_000, 'money', 'minimum of $5k'],
    ['min 10k', 'gte', 10_000, null, 'min 10k'],
    ['50k+ deals', 'gte', 50_000, null, '50k+'],
    ['deals of 50k or more', 'gte', 50_000, null, '50k or more'],
    ['$20k and up', 'gte', 20_000, 'money', '$20k and up'],
    ['under 2bn', 'lt', 2e9, null, 'under 2bn'],
    ['deals below €500k', 'lt', 500_000, 'money', 'below €500k'],
    ['less than 10 EUR', 'lt', 10, 'money', 'less than 10 EUR'],
    ['smaller than 5k', 'lt', 5_000, null, 'smaller than 5k'],
    ['deals < 10k', 'lt', 10_000, null, '< 10k'],
    ['at most fifty thousand dollars', 'lte', 50_000, 'money', 'at most fifty thousand dollars'],
    ['no more than 1,250,000.50 euros', 'lte', 1_250_000.5, 'money', 'no more than 1,250,000.50 euros'],
    ['up to $250k', 'lte', 250_000, 'money', 'up to $250k'],
    ['deals <= 3k', 'lte', 3_000, null, '<= 3k'],
    ['maximum 40k', 'lte', 40_000, null, 'maximum 40k'],
    ['deals 10k or less', 'lte', 10_000, null, '10k or less'],
    ['exactly $75,000 deals', 'eq', 75_000, 'money', 'exactly $75,000'],
    ['a deal of exactly 12k', 'eq', 12_000, null, 'exactly 12k'],
    ['equal to 5m', 'eq', 5_000_000, null, 'equal to 5m'],
    ['over GBP 5k', 'gt', 5_000, 'money', 'over GBP 5k'],
    ['more than 2 million dollars', 'gt', 2_000_000, 'money', 'more than 2 million dollars'],
    ['above 5 mil', 'gt', 5_000_000, null, 'above 5 mil'],
    ['starting at $10k', 'gte', 10_000, 'money', 'starting at $10k'],
  ] as const)('%j → %s %d', (text, op, value, unit, span) => {
    const q = onlyQuantity(text);
    expect({ op: q.op, value: q.value, unit: q.unit, text: q.text }).toEqual({ op, value, unit, text: span });
  });

  it('reads words case-insensitively', () => {
    expect(onlyQuantity('DEALS OVER $50K')).toMatchObject({ op: 'gt', value: 50_000, unit: 'money', text: 'OVER $50K' });
    expect(onlyQuantity('At Least 2M')).toMatchObject({ op: 'gte', value: 2_000_000 });
  });
});

describe('findQuantities: employees', () => {
  it.each([
    ['companies with more than 500 employees', 'gt', 500, 'more than 500 employees'],
    ['500+ staff', 'gte', 500, '500+ staff'],
    ['more than 1,000 people', 'gt', 1_000, 'more than 1,000 people'],
    ['headcount over 200', 'gt', 200, 'headcount over 200'],
    ['headcount above 200', 'gt', 200, 'headcount above 200'],
    ['employees over 500', 'gt', 500, 'employees over 500'],
    ['over 200 employees', 'gt', 200, 'over 200 employees'],
    ['companies with 200 employees or fewer', 'lte', 200, '200 employees or fewer'],
    ['with fewer than 50 staff', 'lt', 50, 'fewer than 50 staff'],
    ['no less than 25 FTEs', 'gte', 25, 'no less than 25 FTEs'],
    ['more than ten employees', 'gt', 10, 'more than ten employees'],
    ['companies with over 2000 employees', 'gt', 2_000, 'over 2000 employees'],
  ] as const)('%j → %s %d employees', (text, op, value, span) => {
    expect(onlyQuantity(text)).toMatchObject({ op, value, unit: 'employees', text: span });
  });

  it('takes no count without a comparison word: "with 500 employees" names a size, not a filter', () => {
    expect(findQuantities('CTOs at companies with 500 employees')).toEqual([]);
  });
});

describe('findQuantities: ranges', () => {
  it.each([
    ['between 20k and 80k', 20_000, 80_000, null, 'between 20k and 80k'],
    ['between 20 and 80k', 20_000, 80_000, null, 'between 20 and 80k'],
    ['deals between $20k and $80k', 20_000, 80_000, 'money', 'between $20k and $80k'],
    ['between $1 and 2.5m', 1_000_000, 2_500_000, 'money', 'between $1 and 2.5m'],
    ['deals between 50k and 1m', 50_000, 1_000_000, null, 'between 50k and 1m'],
    ['from $1m to $5m', 1_000_000, 5_000_000, 'money', 'from $1m to $5m'],
    ['$1m to $5m deals', 1_000_000, 5_000_000, 'money', '$1m to $5m'],
    ['deals $50k-$100k', 50_000, 100_000, 'money', '$50k-$100k'],
    ['10-50 employees', 10, 50, 'employees', '10-50 employees'],
    ['companies with 1,000–5,000 employees', 1_000, 5_000, 'employees', '1,000–5,000 employees'],
    ['from 10 to 50 employees', 10, 50, 'employees', 'from 10 to 50 employees'],
    ['between ten and twenty employees', 10, 20, 'employees', 'between ten and twenty employees'],
    ['between 80k and 20k', 20_000, 80_000, null, 'between 80k and 20k'],
  ] as const)('%j → %d..%d', (text, value, value2, unit, span) => {
    expect(onlyQuantity(text)).toMatchObject({ op: 'between', value, value2, unit, text: span });
  });

  it('needs a unit, a currency or a scale to read "X-Y" or "X to Y" without "between"', () => {
    expect(findQuantities('Series B 2-3')).toEqual([]);
    expect(findQuantities('call 555-1234')).toEqual([]);
    expect(findQuantities('move deals from stage 2 to 3')).toEqual([]);
  });
});

describe('findQuantities: numbers that are not conditions', () => {
  it.each([
    'top 10 biggest open deals in software',
    'how many deals are in lead?',
    'VPs of Sales in London',
    '5 biggest deals',
    'top 5 deals last quarter',
    '$75,000 deals',
    'deals worth 50k',
    'B2B companies in Q3',
    'deals created in the last 30 days',
    'open deals expected to close before February 2027',
    'companies founded in 2019',
    'since 2026',
    'more than 30 days ago',
    'over the last 3 months',
    'deals open over 2 weeks',
    'probability above 50%',
    'meeting at 3pm',
  ])('%j', (text) => {
    expect(findQuantities(text)).toEqual([]);
  });

  it('skips the years of date phrases but keeps the amounts around them', () => {
    const found = findQuantities('deals over $50k closing before March 2027');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ op: 'gt', value: 50_000, unit: 'money', text: 'over $50k' });
  });

  it('reads "over 2025" as a number: only date words make a year', () => {
    expect(onlyQuantity('revenue over 2025')).toMatchObject({ op: 'gt', value: 2_025, text: 'over 2025' });
  });
});

describe('findQuantities: several conditions', () => {
  it('returns them left to right without overlap', () => {
    const text = 'contacts at companies with more than 500 employees and deals between $20k and $80k, under 1m revenue';
    const found = findQuantities(text);
    expect(found.map((q) => [q.op, q.value, q.value2 ?? null, q.unit, q.text])).toEqual([
      ['gt', 500, null, 'employees', 'more than 500 employees'],
      ['between', 20_000, 80_000, 'money', 'between $20k and $80k'],
      ['lt', 1_000_000, null, null, 'under 1m'],
    ]);
    for (let i = 1; i < found.length; i++) expect(found[i]!.start).toBeGreaterThanOrEqual(found[i - 1]!.end);
  });

  it('does not let a trailing "and up"/"and under" swallow the next comparison', () => {
    expect(findQuantities('over 50k and up to 100k').map((q) => q.text)).toEqual(['over 50k', 'up to 100k']);
    expect(findQuantities('500 employees and under $1m').map((q) => q.text)).toEqual(['under $1m']);
  });

  it('leaves negation to the caller: "not over $50k" spans only "over $50k"', () => {
    expect(onlyQuantity('deals not over $50k').text).toBe('over $50k');
  });
});

describe('findDateConditions: absolute dates', () => {
  it.each([
    ['open deals expected to close before February 2027', 'before February 2027', null, '2027-02-01T00:00:00.000Z'],
    ['deals closing before March 2027', 'before March 2027', null, '2027-03-01T00:00:00.000Z'],
    ['before June 1 2026', 'before June 1 2026', null, '2026-06-01T00:00:00.000Z'],
    ['until Feb. 2027', 'until Feb. 2027', null, '2027-02-01T00:00:00.000Z'],
    ['prior to 2026-06-01', 'prior to 2026-06-01', null, '2026-06-01T00:00:00.000Z'],
    ['by March 2027', 'by March 2027', null, '2027-04-01T00:00:00.000Z'],
    ['by 2027', 'by 2027', null, '2028-01-01T00:00:00.000Z'],
    ['after March 2027', 'after March 2027', '2027-04-01T00:00:00.000Z', null],
    ['later than June 1st, 2026', 'later than June 1st, 2026', '2026-06-02T00:00:00.000Z', null],
    ['since June 1 2026', 'since June 1 2026', '2026-06-01T00:00:00.000Z', null],
    ['since June 2026', 'since June 2026', '2026-06-01T00:00:00.000Z', null],
    ['since 2025', 'since 2025', '2025-01-01T00:00:00.000Z', null],
    ['starting Sept 2026', 'starting Sept 2026', '2026-09-01T00:00:00.000Z', null],
    ['in March 2027', 'in March 2027', '2027-03-01T00:00:00.000Z', '2027-04-01T00:00:00.000Z'],
    ['deals won in 2026', 'in 2026', '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    ['during Q3 2026', 'during Q3 2026', '2026-07-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z'],
    ['in Q1', 'in Q1', '2026-01-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z'],
    ['the third quarter of 2027', 'the third quarter of 2027', '2027-07-01T00:00:00.000Z', '2027-10-01T00:00:00.000Z'],
    ["Q3'27", "Q3'27", '2027-07-01T00:00:00.000Z', '2027-10-01T00:00:00.000Z'],
    ['H1 2027', 'H1 2027', '2027-01-01T00:00:00.000Z', '2027-07-01T00:00:00.000Z'],
    ['on June 1 2026', 'on June 1 2026', '2026-06-01T00:00:00.000Z', '2026-06-02T00:00:00.000Z'],
    ['1 June 2026', '1 June 2026', '2026-06-01T00:00:00.000Z', '2026-06-02T00:00:00.000Z'],
    ['06/01/2026', '06/01/2026', '2026-06-01T00:00:00.000Z', '2026-06-02T00:00:00.000Z'],
    ['2026-06', '2026-06', '2026-06-01T00:00:00.000Z', '2026-07-01T00:00:00.000Z'],
    ['Jan 2027 renewals', 'Jan 2027', '2027-01-01T00:00:00.000Z', '2027-02-01T00:00:00.000Z'],
    ['till April 2027', 'till April 2027', null, '2027-04-01T00:00:00.000Z'],
    ['earlier than 2026-03-15', 'earlier than 2026-03-15', null, '2026-03-15T00:00:00.000Z'],
    ['no later than Dec 31 2026', 'no later than Dec 31 2026', null, '2027-01-01T00:00:00.000Z'],
    // A bare "from" names the period ("deals from June 2026"); "from … on" and "since" are open-ended (seventh pass).
    ['from June 2026', 'from June 2026', '2026-06-01T00:00:00.000Z', '2026-07-01T00:00:00.000Z'],
    ['from June 2026 onwards', 'from June 2026', '2026-06-01T00:00:00.000Z', null],
    ['as of Q2 2026', 'as of Q2 2026', '2026-04-01T00:00:00.000Z', null],
    ['on or after 15 Jan 2027', 'on or after 15 Jan 2027', '2027-01-15T00:00:00.000Z', null],
  ] as const)('%j', (text, span, from, to) => {
    const d = onlyDate(text);
    expect(d.text).toBe(span);
    expect(bounds(d)).toEqual([from, to]);
  });

  it('reads a quarter without a year in now\'s year', () => {
    expect(bounds(onlyDate('Q3'))).toEqual(['2026-07-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z']);
  });
});

describe('findDateConditions: a month or day without a year', () => {
  // Now is November 2026: the coming March is in 2027, the last one was in 2026.
  it.each([
    ['before March', null, '2027-03-01T00:00:00.000Z'],
    ['in March', '2027-03-01T00:00:00.000Z', '2027-04-01T00:00:00.000Z'],
    ['by March', null, '2027-04-01T00:00:00.000Z'],
    ['in November', '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'],
    ['since March', '2026-03-01T00:00:00.000Z', null],
    ['last March', '2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z'],
    ['next March', '2027-03-01T00:00:00.000Z', '2027-04-01T00:00:00.000Z'],
    ['before June 1st', null, '2027-06-01T00:00:00.000Z'],
    ['before 6/1', null, '2027-06-01T00:00:00.000Z'],
  ] as const)('%j', (text, from, to) => {
    expect(bounds(onlyDate(text))).toEqual([from, to]);
  });

  it('reads a lone month name only after a date word, so names stay names', () => {
    expect(dates('deals owned by June Lee')).toEqual([]);
    expect(dates('March deals')).toEqual([]);
    expect(dates('who may close soon')).toEqual([]);
    expect(bounds(onlyDate('deals created in may'))).toEqual(['2027-05-01T00:00:00.000Z', '2027-06-01T00:00:00.000Z']);
  });
});

describe('findDateConditions: ranges', () => {
  it.each([
    ['between March 2027 and May 2027', 'between March 2027 and May 2027', '2027-03-01T00:00:00.000Z', '2027-06-01T00:00:00.000Z'],
    ['between March and May 2027', 'between March and May 2027', '2027-03-01T00:00:00.000Z', '2027-06-01T00:00:00.000Z'],
    ['between December and February', 'between December and February', '2026-12-01T00:00:00.000Z', '2027-03-01T00:00:00.000Z'],
    ['from June 1 to June 5 2026', 'from June 1 to June 5 2026', '2026-06-01T00:00:00.000Z', '2026-06-06T00:00:00.000Z'],
    ['from Q1 to Q3 2027', 'from Q1 to Q3 2027', '2027-01-01T00:00:00.000Z', '2027-10-01T00:00:00.000Z'],
    ['deals from 2025 to 2026', 'from 2025 to 2026', '2025-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    ['Dec 2026 - Feb 2027', 'Dec 2026 - Feb 2027', '2026-12-01T00:00:00.000Z', '2027-03-01T00:00:00.000Z'],
    ['between today and end of month', 'between today and end of month', '2026-11-24T00:00:00.000Z', '2026-12-01T00:00:00.000Z'],
  ] as const)('%j', (text, span, from, to) => {
    const d = onlyDate(text);
    expect(d.text).toBe(span);
    expect(bounds(d)).toEqual([from, to]);
  });

  it('keeps two bounds that are not a range apart', () => {
    expect(dates('before March 2027 and after June 2026').map((d) => [d.text, ...bounds(d)])).toEqual([
      ['before March 2027', null, '2027-03-01T00:00:00.000Z'],
      ['after June 2026', '2026-07-01T00:00:00.000Z', null],
    ]);
  });
});

describe('findDateConditions: relative to now', () => {
  it.each([
    ['contacts created in the last 30 days', 'in the last 30 days', '2026-10-25T15:00:00.000Z', '2026-11-24T15:00:00.000Z'],
    ['in the past 2 weeks', 'in the past 2 weeks', '2026-11-10T15:00:00.000Z', '2026-11-24T15:00:00.000Z'],
    ['over the last 3 months', 'over the last 3 months', '2026-08-24T15:00:00.000Z', '2026-11-24T15:00:00.000Z'],
    ['past year', 'past year', '2025-11-24T15:00:00.000Z', '2026-11-24T15:00:00.000Z'],
    ['last 24 hours', 'last 24 hours', '2026-11-23T15:00:00.000Z', '2026-11-24T15:00:00.000Z'],
    ['in the last month', 'in the last month', '2026-10-24T15:00:00.000Z', '2026-11-24T15:00:00.000Z'],
    ['over the past few days', 'over the past few days', '2026-11-21T15:00:00.000Z', '2026-11-24T15:00:00.000Z'],
    ['in the next 30 days', 'in the next 30 days', '2026-11-24T15:00:00.000Z', '2026-12-24T15:00:00.000Z'],
    ['next 90 days', 'next 90 days', '2026-11-24T15:00:00.000Z', '2027-02-22T15:00:00.000Z'],
    ['closing within 2 weeks', 'within 2 weeks', '2026-11-24T15:00:00.000Z', '2026-12-08T15:00:00.000Z'],
    ['in the coming month', 'in the coming month', '2026-11-24T15:00:00.000Z', '2026-12-24T15:00:00.000Z'],
    ['in a couple of weeks', 'in a couple of weeks', '2026-11-24T15:00:00.000Z', '2026-12-08T15:00:00.000Z'],
    ['within the last 7 days', 'within the last 7 days', '2026-11-17T15:00:00.000Z', null],
    ['today', 'today', '2026-11-24T00:00:00.000Z', '2026-11-25T00:00:00.000Z'],
    ['yesterday', 'yesterday', '2026-11-23T00:00:00.000Z', '2026-11-24T00:00:00.000Z'],
    ['tomorrow', 'tomorrow', '2026-11-25T00:00:00.000Z', '2026-11-26T00:00:00.000Z'],
    ['this week', 'this week', '2026-11-23T00:00:00.000Z', '2026-11-30T00:00:00.000Z'],
    ['this month', 'this month', '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'],
    ['this quarter', 'this quarter', '2026-10-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    ['this year', 'this year', '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    ['last week', 'last week', '2026-11-16T00:00:00.000Z', '2026-11-23T00:00:00.000Z'],
    ['last month', 'last month', '2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z'],
    ['last quarter', 'last quarter', '2026-07-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z'],
    ['last year', 'last year', '2025-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'],
    ['next week', 'next week', '2026-11-30T00:00:00.000Z', '2026-12-07T00:00:00.000Z'],
    ['next month', 'next month', '2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    ['next quarter', 'next quarter', '2027-01-01T00:00:00.000Z', '2027-04-01T00:00:00.000Z'],
    ['next year', 'next year', '2027-01-01T00:00:00.000Z', '2028-01-01T00:00:00.000Z'],
    ['3 days ago', '3 days ago', '2026-11-21T00:00:00.000Z', '2026-11-22T00:00:00.000Z'],
    ['more than 30 days ago', 'more than 30 days ago', null, '2026-10-25T15:00:00.000Z'],
    ['over 40 days ago', 'over 40 days ago', null, '2026-10-15T15:00:00.000Z'],
    ['30+ days ago', '30+ days ago', null, '2026-10-25T15:00:00.000Z'],
    ['older than 2 weeks', 'older than 2 weeks', null, '2026-11-10T15:00:00.000Z'],
    ['less than a week ago', 'less than a week ago', '2026-11-17T15:00:00.000Z', null],
    ['year to date', 'year to date', '2026-01-01T00:00:00.000Z', '2026-11-24T15:00:00.000Z'],
    ['later this month', 'later this month', '2026-11-24T15:00:00.000Z', '2026-12-01T00:00:00.000Z'],
    ['since last week', 'since last week', '2026-11-16T00:00:00.000Z', null],
    ['before next month', 'before next month', null, '2026-12-01T00:00:00.000Z'],
    ['by end of month', 'by end of month', null, '2026-12-01T00:00:00.000Z'],
    ['before the end of the quarter', 'before the end of the quarter', null, '2027-01-01T00:00:00.000Z'],
    ['since the start of the year', 'since the start of the year', '2026-01-01T00:00:00.000Z', null],
    ['by Friday', 'by Friday', null, '2026-11-28T00:00:00.000Z'],
    ['last Friday', 'last Friday', '2026-11-20T00:00:00.000Z', '2026-11-21T00:00:00.000Z'],
    ['since Monday', 'since Monday', '2026-11-23T00:00:00.000Z', null],
    ['past 6 months', 'past 6 months', '2026-05-24T15:00:00.000Z', '2026-11-24T15:00:00.000Z'],
    ['over the last 2 quarters', 'over the last 2 quarters', '2026-05-24T15:00:00.000Z', '2026-11-24T15:00:00.000Z'],
    ['created 2 weeks ago or earlier', '2 weeks ago or earlier', null, '2026-11-10T15:00:00.000Z'],
    ['2 weeks from now', '2 weeks from now', '2026-12-08T00:00:00.000Z', '2026-12-09T00:00:00.000Z'],
    ['closing this Friday', 'this Friday', '2026-11-27T00:00:00.000Z', '2026-11-28T00:00:00.000Z'],
    ['next Tuesday', 'next Tuesday', '2026-12-01T00:00:00.000Z', '2026-12-02T00:00:00.000Z'],
    ['EOQ', 'EOQ', null, '2027-01-01T00:00:00.000Z'],
  ] as const)('%j', (text, span, from, to) => {
    const d = onlyDate(text);
    expect(d.text).toBe(span);
    expect(bounds(d)).toEqual([from, to]);
  });

  it('reads "in 30 days" ahead, but back after a negation ("not contacted in 90 days")', () => {
    expect(bounds(onlyDate('deals closing in 30 days'))).toEqual(['2026-11-24T15:00:00.000Z', '2026-12-24T15:00:00.000Z']);
    expect(bounds(onlyDate("contacts we haven't contacted in 90 days"))).toEqual(['2026-08-26T15:00:00.000Z', '2026-11-24T15:00:00.000Z']);
    expect(bounds(onlyDate('deals with no activity for 2 weeks'))).toEqual(['2026-11-10T15:00:00.000Z', '2026-11-24T15:00:00.000Z']);
  });

  it('depends only on the injected now, never on the machine clock', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2031-05-05T05:00:00Z'));
    expect(bounds(onlyDate('last month'))).toEqual(['2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z']);
    expect(bounds(onlyDate('before March'))).toEqual([null, '2027-03-01T00:00:00.000Z']);
    expect(bounds(onlyDate('June 1st'))).toEqual(['2027-06-01T00:00:00.000Z', '2027-06-02T00:00:00.000Z']);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('computes month arithmetic at month ends and week starts in UTC', () => {
    const endOfJanuary = new Date('2027-01-31T12:00:00Z'); // a Sunday
    const [lastMonth] = findDateConditions('in the last month', endOfJanuary);
    expect(lastMonth?.from).toBe('2026-12-31T12:00:00.000Z');
    const [thisWeek] = findDateConditions('this week', endOfJanuary);
    expect(bounds(thisWeek!)).toEqual(['2027-01-25T00:00:00.000Z', '2027-02-01T00:00:00.000Z']);
    const [nextMonth] = findDateConditions('in the next month', new Date('2027-01-31T00:00:00Z'));
    expect(nextMonth?.to).toBe('2027-02-28T00:00:00.000Z');
  });
});

describe('findDateConditions: text that holds no date', () => {
  it.each([
    'top 10 biggest open deals in software',
    'how many deals are in lead?',
    'VPs of Sales in London',
    'Sun Microsystems deals',
    'deals over $50k',
    'companies with over 2000 employees',
    'revenue over 2025',
    '24/7 support teams',
    'open for 30 days',
    'on Fridays',
    'last contacted',
  ])('%j', (text) => {
    expect(dates(text)).toEqual([]);
  });
});

describe('one query, both kinds', () => {
  it('splits "deals over $50k closing before March 2027 in the last 30 days" into non-overlapping spans', () => {
    const text = 'deals over $50k closing before March 2027 created in the last 30 days';
    const q = findQuantities(text);
    const d = dates(text);
    expect(q.map((c) => c.text)).toEqual(['over $50k']);
    expect(d.map((c) => c.text)).toEqual(['before March 2027', 'in the last 30 days']);
    for (const a of q) for (const b of d) expect(a.end <= b.start || b.end <= a.start).toBe(true);
  });
});

describe('bad input', () => {
  const nasty = [
    '',
    ' ',
    "'; DROP TABLE contacts; --",
    '🚀💰 deals over $50k 🎉',
    '\u0000\u0001\uFFFF\uD800',
    '$$$ ,,, ... --- +++ >>> <<<',
    'over over over under between and and',
    '9'.repeat(400),
  ];
  it.each(nasty)('%j does not throw', (text) => {
    expect(() => findQuantities(text)).not.toThrow();
    expect(() => findDateConditions(text, now)).not.toThrow();
    expect(() => parseAmount(text)).not.toThrow();
  });

  it('reads emoji-laden text around them', () => {
    expect(onlyQuantity('🚀💰 deals over $50k 🎉').text).toBe('over $50k');
    expect(dates("'; DROP TABLE contacts; --")).toEqual([]);
    expect(findQuantities("'; DROP TABLE contacts; --")).toEqual([]);
  });

  it('returns nothing for an invalid clock or a non-string', () => {
    expect(findDateConditions('last month', new Date(Number.NaN))).toEqual([]);
    expect(findQuantities(undefined as unknown as string)).toEqual([]);
    expect(parseAmount(null as unknown as string)).toBeUndefined();
  });

  it('handles 10 kB of text quickly', () => {
    const blocks = [
      'deals over $50k closing before March 2027 in the last 30 days with more than 500 employees ',
      '1,000,'.repeat(20),
      '🚀'.repeat(30),
      '1-'.repeat(40),
      'one '.repeat(25),
    ];
    let text = '';
    for (let i = 0; text.length < 10_240; i++) text += blocks[i % blocks.length];
    findQuantities('warm up over $1k before March 2027'); // chrono's first call compiles its patterns
    const started = performance.now();
    const q = findQuantities(text);
    const d = findDateConditions(text, now);
    // A guard against runaway backtracking (seconds to minutes), not a speed target: ~1 s on a loaded 2-core machine.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(q.length).toBeGreaterThan(10);
    expect(d.length).toBeGreaterThan(10);
    for (const c of [...q, ...d]) expect(text.slice(c.start, c.end)).toBe(c.text);
  });
});
