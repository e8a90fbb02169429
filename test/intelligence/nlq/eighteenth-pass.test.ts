/**
 * Eighteenth pass (issue 22): classes found with probe sentences written without reading the parser
 * (bench/nlq/probes-18.jsonl) — sectors named by their trade's everyday words (a thesaurus per industry,
 * lexicon/industries.ts), firms named by nouns such as "platforms", "OEMs", "institutions", a negation that reaches
 * a comma-separated list, "lacks"; and, through the service, a worry said of people or of firms that only some
 * contact's notes come near. Every sentence here is written for the test: none comes from a benchmark or probe file.
 */
import { describe, expect, it } from 'vitest';
import { HashingProvider } from '../../../src/intelligence/embeddings/index.js';
import { createIntelligence } from '../../../src/intelligence/index.js';
import { lexiconOf } from '../../../src/intelligence/nlq/lexicon.js';
import { parseQuery, type NameResolver, type ParsedQuery } from '../../../src/intelligence/nlq/parser.js';
import { describeEachBackend } from '../../support/backends.js';

const lexicon = lexiconOf({
  industries: ['Automotive', 'Biotechnology', 'Healthcare', 'Hospitality', 'Real Estate', 'Logistics', 'Energy', 'Education', 'Financial Technology', 'Media & Entertainment', 'Telecommunications', 'Cybersecurity'],
  countries: ['Germany', 'France', 'Spain', 'Norway'],
  cities: ['Berlin', 'Oslo'],
  products: [],
  sources: ['referral', 'webinar', 'conference', 'partner'],
  titles: ['Chief Financial Officer', 'Sales Manager', 'Recruiter'],
  tags: ['vip', 'decision-maker'],
});
const names: NameResolver = { companies: async () => new Map(), record: async () => undefined };
const now = new Date('2026-11-24T15:00:00Z');
const parse = (text: string) => parseQuery(text, { lexicon, now, names });
const industryOf = (p: ParsedQuery) => p.conditions.find((c) => c.field === 'industry');

describe('eighteenth pass: sectors by the everyday words of their trade', () => {
  it('reads a sector word beside a noun for firms, after "in", or before "industry"', async () => {
    const cases: [string, string][] = [
      ['motorcycle firms in spain', 'Automotive'],
      ['anyone we know in the motor industry', 'Automotive'],
      ['telemedicine startups', 'Healthcare'],
      ['resorts and hostels in norway', 'Hospitality'],
      ['reit companies', 'Real Estate'],
      ['3pl outfits in germany', 'Logistics'],
      ['contacts at hydropower companies', 'Energy'],
      ['people in higher education', 'Education'],
      ['remittance platforms', 'Financial Technology'],
      ['podcast networks', 'Media & Entertainment'],
      ['broadband institutions', 'Telecommunications'],
      ['zero trust vendors', 'Cybersecurity'],
      ['cell therapy labs', 'Biotechnology'],
    ];
    for (const [text, industry] of cases) expect(industryOf(await parse(text))?.value, text).toEqual([industry]);
  });

  it('asks for the firms when only a sector and a noun for firms are said', async () => {
    for (const text of ['vaccine labs', 'gene sequencing platforms', 'motorcycle OEMs']) expect((await parse(text)).entity, text).toBe('company');
  });

  it('leaves an everyday sector word alone where no grammar makes it one', async () => {
    // "music" and "radio" are sectors only beside a noun for firms, after "in", or joined to another sector.
    for (const text of ['contacts who love music', 'people who mentioned a radio interview']) expect(industryOf(await parse(text)), text).toBeUndefined();
  });

  it('still reads a trade said before a noun for the people or firms doing it', async () => {
    // Firms named by what they do are the trades pass's (passes/trades.ts), not a lexicon phrase that would hide it.
    const p = await parse('property developers in france');
    expect(p.entity).toBe('company');
    expect(industryOf(p)?.value).toEqual(['Real Estate']);
  });
});

describe('eighteenth pass: negations that reach a list, and "lacks"', () => {
  it('carries a negation over values separated by commas', async () => {
    const p = await parse('contacts not from a webinar, conference or partner');
    const source = p.conditions.find((c) => c.field === 'lead_source');
    expect(source?.op).toBe('nin');
    expect(source?.value).toEqual(['webinar', 'conference', 'partner']);
    const countries = (await parse('companies outside germany, france or spain')).conditions.find((c) => c.field === 'country');
    expect(countries?.op).toBe('nin');
    expect(countries?.value).toEqual(['Germany', 'France', 'Spain']);
  });

  it('lists values with commas without a negation as one "or"', async () => {
    const c = (await parse('contacts in berlin, oslo')).conditions.find((x) => x.field === 'city');
    expect(c?.op).toBe('in');
  });

  it('reads "lacks" and "lacking" as a negation', async () => {
    const p = await parse('people lacking the vip tag');
    expect(p.conditions).toContainEqual(expect.objectContaining({ field: 'tags', op: 'lacks', value: 'vip' }));
  });
});

describeEachBackend('eighteenth pass: a worry said of people or firms, through the service', (ctx) => {
  it('ranks people by the sentence of their notes nearest a worry their records as a whole are far from', async () => {
    const { crm } = ctx();
    const ws = 'default';
    const intelligence = createIntelligence(crm, { provider: new HashingProvider(1024), worker: false });
    await crm.records.create(ws, 'company', { id: 'co_inn', name: 'Fjellstue Group', industry: 'Hospitality' });
    await crm.records.create(ws, 'company', { id: 'co_grid', name: 'Nordlys Kraft', industry: 'Energy' });
    // Much else in each record, so the record as a whole is far from the worry while one sentence is near it.
    const filler = [
      'Met at the spring fair in Bergen.', 'Prefers calls after lunch on Tuesdays.', 'Has two offices and a small data team.', 'Reads the weekly newsletter.',
      'Asked for a quote on the premium plan.', 'Travels to Tromso every quarter.', 'Collects vintage maps.', 'Their board meets in March.',
      'Uses a spreadsheet for invoices.', 'Likes short written summaries.', 'Moved from Stavanger last year.', 'Plays handball on weekends.',
    ].join(' ');
    await crm.records.create(ws, 'contact', { id: 'ct_desk', first_name: 'Kari', last_name: 'Nord', title: 'General Manager', company_id: 'co_inn', notes: `${filler} Cannot keep the night reception desk staffed.` });
    await crm.records.create(ws, 'contact', { id: 'ct_other', first_name: 'Ola', last_name: 'Berg', title: 'Operations Lead', company_id: 'co_grid', notes: `${filler} Wants a new billing platform.` });
    await intelligence.worker.drain();
    const people = await intelligence.nlq.query(ws, 'folks who cannot keep the night reception desk staffed');
    expect(people.interpretation.notes.join(' ')).not.toMatch(/nothing was searched/);
    expect(people.results[0]?.id).toBe('ct_desk');
    const firms = await intelligence.nlq.query(ws, 'hotel companies that cannot keep the night reception desk staffed');
    expect(firms.entity).toBe('contact');
    expect(firms.interpretation.notes).toContain('concerns are voiced by people: showing the contacts at those companies');
    expect(firms.results.map((r) => r.id)).toEqual(['ct_desk']);
    // A question that names no people and is near nothing is still off topic.
    const joke = await intelligence.nlq.query(ws, 'tell me a joke about penguins');
    expect(joke.results).toEqual([]);
  });
});
