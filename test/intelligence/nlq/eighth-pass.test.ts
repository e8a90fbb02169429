/**
 * Issue 22, eighth pass: a lead or deal that "went nowhere", "fizzled out" or "petered out" is lost — for deals the
 * stage, for contacts the lead status (unqualified), beside a source or a date; a deal without a close date is one
 * whose expected close is empty (it was read as nothing at all). Then the lead's probes after the pass: a lead source
 * beside a word that is both a lead status and a deal stage ("qualified") asks for contacts when no object is named
 * (deals have no lead source of their own), and "number" after a word that makes it an identifier ("a phone
 * number") is that identifier, not a count. Sentences written for this file.
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

describe('a lead source with a status that is also a stage, no object named', () => {
  it.each([
    ['webinar attendees we qualified', 'webinar', 'qualified'],
    ['conference visitors we have qualified', 'conference', 'qualified'],
    ['website signups that are qualified', 'website', 'qualified'],
  ])('"%s" → contacts from %s, %s', async (text, source, status) => {
    const p = await parse(text);
    expect(p.entity).toBe('contact');
    expect(values(p, 'lead_source')).toEqual([source]);
    expect(values(p, 'lead_status')).toEqual([status]);
    expect(values(p, 'stage')).toEqual([]);
  });

  it('deals named as deals stay deals, and a stage no contact has keeps deals', async () => {
    const named = await parse('qualified deals from the webinar');
    expect(named.entity).toBe('deal');
    expect(values(named, 'stage')).toEqual(['qualified']);
    const won = await parse('closed won from referrals');
    expect(won.entity).toBe('deal');
  });
});

describe('"number" that is an identifier', () => {
  it.each(['contacts lacking a phone number', 'contacts without a phone number', 'people with no phone number'])('"%s" is a list of contacts without a phone', async (text) => {
    const p = await parse(text);
    expect(p.intent).not.toBe('aggregate');
    expect(p.entity).toBe('contact');
    expect(p.conditions.filter((c) => c.field === 'phone')).toMatchObject([{ op: 'empty', value: true }]);
  });

  it('a count is still a count', async () => {
    const p = await parse('number of contacts without a phone');
    expect(p.intent).toBe('aggregate');
    expect(p.conditions.filter((c) => c.field === 'phone')).toMatchObject([{ op: 'empty', value: true }]);
  });
});
