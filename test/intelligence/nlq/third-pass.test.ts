/**
 * Issue 22, third pass: lead sources and statuses in everyday words, recency said by the kind of contact, quiet
 * contacts, and expected close dates said as periods ahead. Every sentence is written for this file (none is in
 * a benchmark set); the workspace is a small one of its own, "now" a Thursday in May 2027.
 */
import { describe, expect, it } from 'vitest';
import { lexiconOf } from '../../../src/intelligence/nlq/lexicon.js';
import { parseQuery, type NameResolver, type ParsedQuery } from '../../../src/intelligence/nlq/parser.js';

const lexicon = lexiconOf({
  industries: ['Energy', 'Insurance'],
  countries: ['United States', 'Norway'],
  cities: ['Bergen'],
  products: ['Grid Monitor'],
  sources: ['referral', 'linkedin', 'cold outreach', 'partner', 'webinar', 'conference', 'website'],
  titles: ['Chief Financial Officer', 'Sales Manager'],
  tags: [],
});
const names: NameResolver = { companies: async () => new Map(), record: async () => undefined };
const now = new Date('2027-05-13T10:00:00Z');
const filters = (p: ParsedQuery) => p.conditions.map((c) => `${c.entity}.${c.field} ${c.op} ${JSON.stringify(c.value)}`);
const parse = (text: string) => parseQuery(text, { lexicon, now, names });

describe('lead sources and statuses said in other words', () => {
  it.each([
    ['Norwegian contacts an existing client recommended to us, now paying', 'referral', 'customer'],
    ['vetted leads that registered for one of our web seminars', 'webinar', 'qualified'],
    ['bad-fit prospects from cold calls', 'cold outreach', 'unqualified'],
    ['people we got through resellers who are still new', 'partner', 'new'],
    ['contacts who visited our booth at an expo and we are in touch with', 'conference', 'contacted'],
    ['leads from the landing page that became clients', 'website', 'customer'],
    ['prospects from social selling that are a poor fit', 'linkedin', 'unqualified'],
  ])('"%s" → %s, %s', async (text, source, status) => {
    const f = filters(await parse(text));
    expect(f).toContain(`contact.lead_source in ["${source}"]`);
    expect(f).toContain(`contact.lead_status in ["${status}"]`);
  });

  it('does not read the pronoun "us" as the United States', async () => {
    expect(filters(await parse('customers partners sent to us'))).not.toContainEqual(expect.stringContaining('country'));
    expect(filters(await parse('customers in the US'))).toContain('company.country in ["United States"]');
    // Typed lower-case, as people type into a command bar: the pronoun after a verb or preposition only.
    for (const text of ['leads that came to us through referrals', 'contacts who emailed us this month', 'people who heard about us at a trade show'])
      expect(filters(await parse(text)), text).not.toContainEqual(expect.stringContaining('country'));
    for (const text of ['us companies with more than 800 staff', 'accounts in the us', 'us-based logistics firms', 'how many us contacts are customers'])
      expect(filters(await parse(text)), text).toContainEqual(expect.stringContaining('United States'));
  });
});

describe('recency by the kind of contact', () => {
  it('reads "phoned", "e-mailed", "met with" in a window as an activity of that type, ending now', async () => {
    const call = (await parse('who have we phoned over the past 9 days')).conditions.find((c) => c.field === 'activity');
    expect(call?.op).toBe('in');
    expect(call?.value).toEqual({ from: '2027-05-04T10:00:00.000Z', to: '2027-05-13T10:00:00.000Z', type: 'call' });
    const mail = (await parse('contacts we mailed since April')).conditions.find((c) => c.field === 'activity');
    expect(mail?.value).toMatchObject({ from: '2027-04-01T00:00:00.000Z', to: '2027-05-13T10:00:00.000Z', type: 'email' });
    // A month named alone is the last one that has begun: met in March, asked in May, is this March.
    const met = (await parse('people we met with in March')).conditions.find((c) => c.field === 'activity');
    expect(met?.value).toMatchObject({ from: '2027-03-01T00:00:00.000Z', type: 'meeting' });
  });

  it('reads a negated typed contact as not in touch at all in the window (never included)', async () => {
    expect(filters(await parse("leads we haven't called in 3 weeks"))).toEqual(['contact.last_contacted_at lt "2027-04-22T10:00:00Z"', 'contact.last_contacted_at empty true']);
  });

  it('leaves a month-end close and a weekend alone', async () => {
    const p = await parse('contacts who want a faster month-end close');
    expect(p.entity).toBe('contact');
    expect(p.conditions).toEqual([]);
  });

  it('reads "no contact in N days" over the last contact, never-contacted included', async () => {
    expect(filters(await parse('contacts with no contact in the past 75 days'))).toEqual([
      'contact.last_contacted_at lt "2027-02-27T10:00:00Z"',
      'contact.last_contacted_at empty true',
    ]);
  });
});

describe('quiet contacts: contacted once, not since', () => {
  it.each([
    ['contacts that have been silent for more than 40 days', '2027-04-03T10:00:00Z'],
    ['people who went dark over 2 months ago', '2027-03-13T10:00:00Z'],
    ['customers gone quiet since February', '2027-02-01T00:00:00Z'],
  ])('"%s"', async (text, cutoff) => {
    const f = filters(await parse(text));
    expect(f).toContain(`contact.last_contacted_at lt "${cutoff}"`);
    expect(f).toContain('contact.last_contacted_at empty false');
  });

  it('keeps "cold outreach" a source', async () => {
    expect(filters(await parse('contacts from cold outreach'))).toEqual(['contact.lead_source in ["cold outreach"]']);
  });
});

describe('expected close dates said as periods ahead', () => {
  const close = async (text: string) => filters(await parse(text)).filter((f) => f.startsWith('deal.expected_close'));
  it('reads a year-less period already behind us as next year\'s', async () => {
    expect(await close('deals expected to land in February')).toEqual(['deal.expected_close gte "2028-02-01"', 'deal.expected_close lt "2028-03-01"']);
    expect(await close('opportunities that should close by the end of Q1')).toEqual(['deal.expected_close lt "2028-04-01"']);
  });

  it('keeps a period that is ahead, a given year, and the past tense as said', async () => {
    expect(await close('deals closing in September')).toEqual(['deal.expected_close gte "2027-09-01"', 'deal.expected_close lt "2027-10-01"']);
    expect(await close('deals closing in February 2027')).toEqual(['deal.expected_close gte "2027-02-01"', 'deal.expected_close lt "2027-03-01"']);
    expect(await close('deals that were supposed to close in February')).toEqual(['deal.expected_close gte "2027-02-01"', 'deal.expected_close lt "2027-03-01"']);
  });

  it('reads year-end, a fortnight and dates behind us', async () => {
    expect(await close('what is slated to close before year-end')).toEqual(['deal.expected_close lt "2028-01-01"']);
    expect(await close('deals that could close within a fortnight')).toEqual(['deal.expected_close gte "2027-05-13"', 'deal.expected_close lt "2027-05-27"']);
    expect(await close('open deals whose closing date is in the past')).toEqual(['deal.expected_close lt "2027-05-13"']);
  });
});

describe('seasons', () => {
  it('reads a season as its three months, the one the field looks towards', async () => {
    expect(filters(await parse('people we have not reached since the summer'))).toEqual(['contact.last_contacted_at lt "2026-06-01T00:00:00Z"', 'contact.last_contacted_at empty true']);
    expect(filters(await parse('contacts we talked to last winter'))).toEqual(['contact.last_contacted_at gte "2026-12-01T00:00:00Z"', 'contact.last_contacted_at lt "2027-03-01T00:00:00Z"']);
    expect(filters(await parse('deals due to close this autumn')).filter((f) => f.startsWith('deal.expected_close'))).toEqual(['deal.expected_close gte "2027-09-01"', 'deal.expected_close lt "2027-12-01"']);
  });

  it('leaves "fall" the verb alone', async () => {
    expect(filters(await parse('contacts who fall outside Norway'))).toEqual(['company.country nin ["Norway"]']);
  });
});
