/**
 * Issue 22, fourth pass: jobs said as the workspace's titles say them, function leads, residents of a city, top-N
 * by a verb of value or a company's size, sums said in other words. Every sentence is written for this file
 * (none is in a benchmark set); the workspace is a small one of its own.
 */
import { describe, expect, it } from 'vitest';
import { narrowToTitlesSaid, familyMatches } from '../../../src/intelligence/lexicon/role-words.js';
import { lexiconOf } from '../../../src/intelligence/nlq/lexicon.js';
import { parseQuery, type NameResolver, type ParsedQuery } from '../../../src/intelligence/nlq/parser.js';

const titles = ['Data Scientist', 'ML Engineer', 'Head of Data Science', 'Account Executive', 'Sales Manager', 'UX Researcher', 'Product Manager', 'Head of Product', 'Security Engineer', 'Chief Financial Officer'];
const lexicon = lexiconOf({
  industries: ['Energy', 'Insurance', 'Logistics', 'Financial Technology', 'Biotechnology'],
  countries: ['United States', 'France', 'United Kingdom', 'Germany'],
  cities: ['Paris', 'London', 'Boston', 'Berlin'],
  products: ['Grid Monitor'],
  sources: ['referral', 'partner', 'website'],
  titles,
  tags: [],
});
const names: NameResolver = { companies: async () => new Map(), record: async () => undefined };
const now = new Date('2027-05-13T10:00:00Z');
const filters = (p: ParsedQuery) => p.conditions.map((c) => `${c.entity}.${c.field} ${c.op} ${JSON.stringify(c.value)}`);
const parse = (text: string) => parseQuery(text, { lexicon, now, names });
/** The workspace titles a parsed query's roles select, as the service plans them. */
const titlesOf = (p: ParsedQuery) => titles.filter((t) => p.roles.some((r) => r.families.some((f) => familyMatches(narrowToTitlesSaid(f, titles), t))));

describe('a job said as the titles say it is those titles', () => {
  it.each([
    ['which data scientists work for energy firms', ['Data Scientist']],
    ['ML engineers in Berlin', ['ML Engineer']],
    ['any account executives at insurers?', ['Account Executive']],
    ['ux researchers we know in Paris', ['UX Researcher']],
    ['engineers at logistics companies', ['ML Engineer', 'Security Engineer']],
  ])('"%s" → %j', async (text, want) => {
    expect(titlesOf(await parse(text))).toEqual(want);
  });

  it('reads "<function> leads" as the head of the function, but sales leads stay prospects', async () => {
    expect(titlesOf(await parse('product leads in Boston'))).toEqual(['Head of Product']);
    const sales = await parse('sales leads from referrals');
    expect(sales.roles).toEqual([]);
  });
});

describe('residents of a place the workspace holds', () => {
  it.each([
    ['Londoners in sales', 'company.city in ["London"]'],
    ['Parisian CFOs', 'company.city in ["Paris"]'],
    ['Bostonian engineers', 'company.city in ["Boston"]'],
  ])('"%s" → %s', async (text, want) => {
    const p = await parse(text);
    expect(filters(p)).toContain(want);
    expect(p.matches.some((m) => m.how.startsWith('WordNet'))).toBe(true);
  });
});

describe('top N by a verb of value, by size, by number of', () => {
  it('"which 4 insurance firms earn the most" sorts by revenue, top 4', async () => {
    const p = await parse('which 4 insurance firms earn the most');
    expect(p.intent).toBe('top');
    expect(p.top).toBe(4);
    expect(p.sort).toMatchObject({ entity: 'company', field: 'annual_revenue', direction: 'desc' });
  });
  it('"2 open energy deals that are worth the least" sorts deals by amount, lowest first', async () => {
    const p = await parse('2 open energy deals that are worth the least');
    expect(p.sort).toMatchObject({ entity: 'deal', field: 'amount', direction: 'asc' });
    expect(p.top).toBe(2);
  });
  it.each(['top 7 French companies by size', 'top 7 French companies by number of employees', 'the 7 biggest employers in France', 'top 7 French firms by staff count'])('"%s" sorts companies by headcount, not a count', async (text) => {
    const p = await parse(text);
    expect(p.intent).toBe('top');
    expect(p.entity).toBe('company');
    expect(p.aggregate).toBeNull();
    expect(p.sort).toMatchObject({ field: 'employees', direction: 'desc' });
    expect(p.top).toBe(7);
  });
});

describe('sums said in other words', () => {
  it('"won revenue" of deals is their amount', async () => {
    const p = await parse('what was our won revenue from biotech last year');
    expect(p.aggregate).toMatchObject({ fn: 'sum', field: 'amount' });
    expect(filters(p)).toContain('deal.stage in ["closed_won"]');
  });
  it('"adding up to" is a sum, and "money" is what is added, not the finance industry', async () => {
    const p = await parse('what does the open logistics pipeline add up to');
    expect(p.aggregate).toMatchObject({ fn: 'sum', field: 'amount' });
    const m = await parse('how much money sits in open energy deals');
    expect(m.aggregate).toMatchObject({ fn: 'sum', field: 'amount' });
    expect(filters(m)).toEqual(expect.arrayContaining(['company.industry in ["Energy"]']));
    expect(filters(m).join(' ')).not.toContain('Financial Technology');
  });
});

describe('where a lead came from, said as a clause', () => {
  it.each([
    ['clients who heard about us from a neighbour', 'referral'],
    ['prospects that came in via an old classmate', 'referral'],
    ['leads who discovered us on the internet', 'website'],
    ['contacts who completed the form on our homepage', 'website'],
    ['leads that came to us through a distributor', 'partner'],
  ])('"%s" → %s', async (text, source) => {
    const p = await parse(text);
    expect(filters(p)).toContain(`contact.lead_source in ["${source}"]`);
    expect(p.topic).toBeNull();
  });
  it('keeps "online" in an industry phrase out of the lead source', async () => {
    expect(filters(await parse('buyers at online retailers')).join(' ')).not.toContain('lead_source');
  });
});

describe('dates and amounts said in words', () => {
  // "now" is 2027-05-13.
  it('reads mid-month, named days and a half of next year on an expected close', async () => {
    expect(filters(await parse('open deals landing by mid-August'))).toContain('deal.expected_close lt "2027-08-15"');
    expect(filters(await parse('deals expected to close after Christmas'))).toContain('deal.expected_close gte "2027-12-25"');
    expect(filters(await parse('deals forecast to close in the first half of next year'))).toEqual(expect.arrayContaining(['deal.expected_close gte "2028-01-01"', 'deal.expected_close lt "2028-07-01"']));
    const p = await parse('open deals expected to close in the second half of next year');
    expect(filters(p).join(' ')).not.toContain('created_at');
  });
  it('reads "half a" as half of the unit', async () => {
    expect(filters(await parse('opportunities above half a million'))).toContain('deal.amount gt 500000');
    expect(filters(await parse('people nobody has reached in half a year'))).toContain('contact.last_contacted_at lt "2026-11-13T10:00:00Z"');
  });
  it('reads a close date that "has passed" as overdue', async () => {
    expect(filters(await parse('deals whose expected close date has passed'))).toContain('deal.expected_close lt "2027-05-13"');
  });
  it('asks for people when the query starts with everyone or everybody', async () => {
    expect((await parse('show me everybody at energy firms')).entity).toBe('contact');
    expect((await parse('list all insurance companies')).entity).toBe('company');
  });
});

describe('a recency superlative qualifying the close date', () => {
  it('"the 3 deals with the soonest... earliest close dates" sorts by the expected close', async () => {
    const p = await parse('the 4 open deals with the earliest expected close');
    expect(p.sort).toMatchObject({ field: 'expected_close', direction: 'asc' });
    expect((await parse('newest 4 deals')).sort).toMatchObject({ field: 'created_at' });
  });
});
