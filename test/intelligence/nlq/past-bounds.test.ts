/**
 * What happened happened in the past (issue 22): "created before March", asked in November, bounds by the March gone
 * by — the coming one would hold every record. Sentences written for the test, in no benchmark or probe file.
 */
import { describe, expect, it } from 'vitest';
import { lexiconOf } from '../../../src/intelligence/nlq/lexicon.js';
import { parseQuery, type NameResolver, type ParsedQuery } from '../../../src/intelligence/nlq/parser.js';

const lexicon = lexiconOf({ industries: [], countries: [], cities: [], products: [], sources: [], titles: [], tags: [] });
const names: NameResolver = { companies: async () => new Map(), record: async () => undefined };
const parse = (text: string) => parseQuery(text, { lexicon, now: new Date('2026-11-24T15:00:00Z'), names });
const bounds = (p: ParsedQuery, field: string) => p.conditions.filter((c) => c.field === field).map((c) => `${c.op} ${String(c.value)}`);

describe('an upper bound on a past event', () => {
  it('a named month ahead of today is the one gone by', async () => {
    expect(bounds(await parse('accounts added before April'), 'created_at')).toEqual(['lt 2026-04-01T00:00:00Z']);
    expect(bounds(await parse('opportunities opened prior to February'), 'created_at')).toEqual(['lt 2026-02-01T00:00:00Z']);
  });

  it('a year said, a relative period, or a forecast field keep their reading', async () => {
    expect(bounds(await parse('accounts added before April 2027'), 'created_at')).toEqual(['lt 2027-04-01T00:00:00Z']);
    expect(bounds(await parse('leads created before the end of the year'), 'created_at')).toEqual(['lt 2027-01-01T00:00:00Z']);
    expect(bounds(await parse('open deals expected to close before April'), 'expected_close')).toEqual(['lt 2027-04-01']);
  });
});

describe('a period and a year said relative to now', () => {
  it('is that period in that year, one range', async () => {
    expect(bounds(await parse('contacts created in March last year'), 'created_at')).toEqual(['gte 2025-03-01T00:00:00Z', 'lt 2025-04-01T00:00:00Z']);
    expect(bounds(await parse('accounts added in the summer of last year'), 'created_at')).toEqual(['gte 2025-06-01T00:00:00Z', 'lt 2025-09-01T00:00:00Z']);
    expect(bounds(await parse('open deals due in Q3 next year'), 'expected_close')).toEqual(['gte 2027-07-01', 'lt 2027-10-01']);
    expect(bounds(await parse('open deals due in February, next year'), 'expected_close')).toEqual(['gte 2027-02-01', 'lt 2027-03-01']);
  });
});
