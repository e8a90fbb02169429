/**
 * Seventeenth pass (issue 22): classes found with probe sentences written without reading the parser
 * (bench/nlq/probes-17.jsonl) — a person named amid an idiom of likeness, a stage said after the deal noun, "nothing
 * open", "yet to" as never, a negated value read whole, a time to come inside a concern, a superlative of someone
 * else's things, firms named by the trade they broker or carry. Every sentence here is written for the test: none
 * comes from a benchmark or probe file.
 */
import { describe, expect, it } from 'vitest';
import { lexiconOf } from '../../../src/intelligence/nlq/lexicon.js';
import { parseQuery, type NameResolver } from '../../../src/intelligence/nlq/parser.js';
import { RELATED_FIELD, type RelatedRecords } from '../../../src/intelligence/nlq/passes/relations.js';

const lexicon = lexiconOf({
  industries: ['Insurance', 'Logistics', 'Education'],
  countries: ['Germany', 'Norway'],
  cities: ['Berlin', 'Oslo'],
  products: ['Route Planner'],
  sources: ['referral', 'webinar'],
  titles: ['Chief Financial Officer', 'Sales Manager', 'Product Manager'],
  tags: ['vip'],
});
/** One contact in the workspace: Ingrid Solberg. */
const names: NameResolver = {
  companies: async () => new Map(),
  record: async (entity, phrase) => (entity === 'contact' && phrase.toLowerCase() === 'ingrid solberg' ? { id: 'ct_ingrid', name: 'Ingrid Solberg' } : undefined),
};
const now = new Date('2026-11-24T15:00:00Z');
const parse = (text: string) => parseQuery(text, { lexicon, now, names });
const stagesOf = (c: { value: unknown } | undefined) => ((c?.value as RelatedRecords | undefined)?.filters.find((f) => f.field === 'stage')?.value as string[] | undefined) ?? [];

describe('seventeenth pass: a person named amid words no pass reads', () => {
  it('asks for people like that person, whatever idiom says so', async () => {
    for (const text of ['ingrid solberg style contacts', 'people in the same league as ingrid solberg basically', 'folks cut from ingrid solberg cloth']) {
      const p = await parse(text);
      expect(p.intent, text).toBe('similar');
      expect(p.similar?.id, text).toBe('ct_ingrid');
    }
  });

  it('names whose deals and activities they are', async () => {
    const deals = await parse('deals with ingrid solberg');
    expect(deals.entity).toBe('deal');
    expect(deals.conditions).toContainEqual(expect.objectContaining({ entity: 'contact', field: 'id', value: ['ct_ingrid'] }));
    const calls = await parse('calls with ingrid solberg');
    expect(calls.conditions).toContainEqual(expect.objectContaining({ entity: 'contact', field: 'id', value: ['ct_ingrid'] }));
  });

  it('leaves a stranger and a query with filters alone', async () => {
    expect((await parse('Ola Nordmann style contacts')).similar).toBeNull();
    expect((await parse('contacts in Oslo worried about ingrid solberg')).similar).toBeNull();
  });
});

describe('seventeenth pass: absence of deals said another way', () => {
  it('reads a stage said after the deal noun, and "nothing open"', async () => {
    const lost = (await parse('accounts where not one deal was ever lost')).conditions.find((c) => c.field === RELATED_FIELD);
    expect(lost?.op).toBe('nin');
    expect(stagesOf(lost)).toEqual(['closed_lost']);
    const open = (await parse('firms with nothing open at the moment')).conditions.find((c) => c.field === RELATED_FIELD);
    expect(open?.op).toBe('nin');
    expect(stagesOf(open)).toContain('negotiation');
    expect(stagesOf(open)).not.toContain('closed_won');
  });
});

describe('seventeenth pass: never, negated values, times to come', () => {
  it('reads "yet to" as never contacted, with the words that end the phrase', async () => {
    const p = await parse('leads we are yet to get in touch with even once');
    expect(p.conditions).toContainEqual(expect.objectContaining({ field: 'last_contacted_at', op: 'empty' }));
    expect(p.topic).toBeNull();
    // A kind of activity named: none of that kind.
    expect((await parse('leads we are yet to phone')).conditions.map((c) => c.label)).toEqual(['no calls']);
  });

  it('reads a value that begins with a negation whole, but negates a value said after "not"', async () => {
    const fit = await parse('people in Norway flagged as not a fit');
    expect(fit.conditions).toContainEqual(expect.objectContaining({ field: 'lead_status', op: 'in', value: ['unqualified'] }));
    expect(fit.topic).toBeNull();
    const notQualified = await parse('contacts in Berlin that are not qualified');
    expect(notQualified.conditions).toContainEqual(expect.objectContaining({ field: 'lead_status', op: 'nin', value: ['qualified'] }));
  });

  it('leaves a time to come inside a concern to the concern, not to the creation date', async () => {
    const p = await parse('people busy budgeting for next year');
    expect(p.conditions.some((c) => c.field === 'created_at')).toBe(false);
    expect(p.topic).toContain('next year');
  });

  it('does not sort by a superlative of someone else’s things', async () => {
    const p = await parse('contacts grumbling that their biggest clients are leaving');
    expect(p.sort).toBeNull();
    expect(p.top).toBeNull();
    // "our biggest accounts" is still a sort.
    expect((await parse('our biggest accounts in Germany')).sort).not.toBeNull();
  });
});

describe('seventeenth pass: firms named by the trade they broker, carry or lend', () => {
  it('reads the words before the noun as the trade, and asks for the firms', async () => {
    const p = await parse('insurance brokers in Norway');
    expect(p.entity).toBe('company');
    expect(p.conditions).toContainEqual(expect.objectContaining({ field: 'industry', value: ['Insurance'] }));
  });
});

describe('seventeenth pass: where leads came from and how far they are, said in other words', () => {
  const sourceLexicon = lexiconOf({ industries: ['Insurance'], countries: ['Norway'], cities: ['Oslo'], products: [], sources: ['linkedin', 'webinar', 'website'], titles: ['Sales Manager'], tags: [] });
  const parseSource = (text: string) => parseQuery(text, { lexicon: sourceLexicon, now, names });
  const said = async (text: string) => (await parseSource(text)).conditions.map((c) => `${c.field} ${c.op} ${JSON.stringify(c.value)}`);

  it('reads the source after an irregular past ("who found us on …"), not a job', async () => {
    expect(await said('people who found us through linkedin')).toContain('lead_source in ["linkedin"]');
    expect(await said('folks who found us on the website and bought')).toContain('lead_source in ["website"]');
  });

  it('reads "new" beside a lead source as the status', async () => {
    expect(await said('new ones from the webinar')).toEqual(expect.arrayContaining(['lead_status in ["new"]', 'lead_source in ["webinar"]']));
    expect(await said('webinar signups still sitting at new')).toContain('lead_status in ["new"]');
  });

  it('reads talks already begun as contacted, but not a topic of talk', async () => {
    expect(await said('linkedin people we have started talking to')).toContain('lead_status in ["contacted"]');
    expect(await said('people talking to us about AI')).toEqual([]);
  });
});
