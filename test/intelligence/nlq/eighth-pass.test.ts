/**
 * Issue 22, eighth pass: a lead or deal that "went nowhere", "fizzled out" or "petered out" is lost — for deals the
 * stage, for contacts the lead status (unqualified), beside a source or a date; a deal without a close date is one
 * whose expected close is empty (it was read as nothing at all). Sentences written for this file.
 */
import { describe, expect, it } from 'vitest';
import { lexiconOf } from '../../../src/intelligence/nlq/lexicon.js';
import { parseQuery, type NameResolver, type ParsedQuery } from '../../../src/intelligence/nlq/parser.js';

const lexicon = lexiconOf({
  industries: ['Insurance', 'Hospitality'],
  countries: ['Norway'],
  cities: [],
  products: [],
  sources: ['website', 'webinar', 'referral', 'partner', 'conference'],
  titles: ['Sales Director', 'Finance Manager'],
  tags: [],
});
const names: NameResolver = { companies: async () => new Map(), record: async () => undefined };
const now = new Date('2027-05-12T10:00:00Z');
const parse = (text: string) => parseQuery(text, { lexicon, now, names });
const values = (p: ParsedQuery, field: string) => p.conditions.filter((c) => c.field === field).flatMap((c) => (Array.isArray(c.value) ? (c.value as string[]) : [c.value as string]));

describe('lost, said as going nowhere', () => {
  it.each([
    ['partner leads that went nowhere', 'partner'],
    ['conference contacts that fizzled out', 'conference'],
    ['referral leads which petered out', 'referral'],
  ])('"%s" → contacts from %s, unqualified', async (text, source) => {
    const p = await parse(text);
    expect(p.entity).toBe('contact');
    expect(values(p, 'lead_source')).toEqual([source]);
    expect(values(p, 'lead_status')).toEqual(['unqualified']);
    expect(p.unparsed).toEqual([]);
  });

  it('a deal that fizzled out in a period is a deal lost then', async () => {
    const p = await parse('deals that fizzled out in March');
    expect(p.entity).toBe('deal');
    expect(values(p, 'stage')).toEqual(['closed_lost']);
    expect(values(p, 'closed_at')).toEqual(['2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z']);
    const n = await parse('how many deals went nowhere this year');
    expect(n.intent).toBe('aggregate');
    expect(values(n, 'stage')).toEqual(['closed_lost']);
  });
});

describe('a plain date that is absent', () => {
  it.each(['deals with no close date', 'deals missing an expected close date', 'opportunities without a close date'])('"%s" → expected close empty', async (text) => {
    const p = await parse(text);
    expect(p.entity).toBe('deal');
    expect(p.conditions.filter((c) => c.field === 'expected_close')).toMatchObject([{ op: 'empty', value: true }]);
    expect(p.unparsed).toEqual([]);
  });

  it('a close date that is there is still a window', async () => {
    const p = await parse('deals with a close date in June');
    expect(p.conditions.filter((c) => c.field === 'expected_close').map((c) => c.op)).toEqual(['gte', 'lt']);
  });
});
