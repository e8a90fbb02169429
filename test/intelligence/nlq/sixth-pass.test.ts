/**
 * Issue 22, sixth pass: an industry said as what its companies do ("firms that run hotels", "makers of cars"),
 * a rank said before a job noun ("C-level marketers" is one role, not two), a function word before "contacts"
 * ("HR contacts"), and a persona query's own team ("whose reps …") as the persona's function. Every sentence is
 * written for this file (none is in a benchmark set).
 */
import { describe, expect, it } from 'vitest';
import { lexiconOf } from '../../../src/intelligence/nlq/lexicon.js';
import { parseQuery, type NameResolver, type ParsedQuery } from '../../../src/intelligence/nlq/parser.js';
import { ownFunctions } from '../../../src/intelligence/nlq/concerns.js';
import { familyMatches } from '../../../src/intelligence/lexicon/role-words.js';

const lexicon = lexiconOf({
  industries: ['Automotive', 'Insurance', 'Hospitality', 'Healthcare', 'Media & Entertainment', 'Manufacturing', 'Financial Technology'],
  countries: ['Portugal'],
  cities: ['Porto'],
  products: [],
  sources: [],
  titles: ['Chief Marketing Officer', 'Marketing Manager', 'VP of Marketing', 'HR Director', 'Talent Acquisition Lead', 'Sales Manager'],
  tags: [],
});
const names: NameResolver = { companies: async () => new Map(), record: async () => undefined };
const now = new Date('2027-03-02T09:00:00Z');
const parse = (text: string) => parseQuery(text, { lexicon, now, names });
const industries = (p: ParsedQuery) => p.conditions.filter((c) => c.field === 'industry').flatMap((c) => c.value as string[]);

describe('an industry said as what its companies do', () => {
  it.each([
    ['firms that sell insurance in Portugal', 'company', ['Insurance']],
    ['businesses running hotels and restaurants', 'company', ['Hospitality']],
    ['who do we know at companies that build cars', 'contact', ['Automotive']],
    ['makers of cars based in Porto', 'company', ['Automotive']],
    ['companies which operate hospitals', 'company', ['Healthcare']],
    ['car manufacturers', 'company', ['Automotive']],
  ])('"%s" → %s in %j', async (text, entity, want) => {
    const p = await parse(text);
    expect(p.entity).toBe(entity);
    expect(industries(p)).toEqual(want);
    expect(p.unparsed).toEqual([]);
  });

  it('keeps a place said after the trade, and a maker noun whose trade is not placed still names its own industry', async () => {
    const placed = await parse('companies making cars in Portugal');
    expect(placed.conditions.map((c) => c.field).sort()).toEqual(['country', 'industry']);
    expect(industries(await parse('widget manufacturers'))).toEqual(['Manufacturing']);
  });

  it('leaves people who run something to the responsibility reading', async () => {
    const p = await parse('people who run marketing in Porto');
    expect(industries(p)).toEqual([]);
    expect(p.roles).toHaveLength(1);
  });
});

describe('ranks and functions said together', () => {
  const titles = ['Chief Marketing Officer', 'Marketing Manager', 'VP of Marketing', 'HR Director', 'Talent Acquisition Lead', 'Sales Manager'];
  const matching = (p: ParsedQuery) => titles.filter((t) => p.roles.every((r) => r.families.some((f) => familyMatches(f, t))));

  it('reads a rank before a job noun as that job at that rank', async () => {
    expect(matching(await parse('C-suite marketers in Porto'))).toEqual(['Chief Marketing Officer']);
    expect(matching(await parse('VP-level marketers'))).toEqual(['VP of Marketing']);
  });

  it('reads a function word before "contacts" as that function', async () => {
    const p = await parse('HR contacts who care about onboarding');
    expect(matching(p)).toEqual(['HR Director', 'Talent Acquisition Lead']);
    expect(p.topic).toContain('onboarding');
  });
});

describe('roles by what the person is responsible for', () => {
  const titles = ['Chief Marketing Officer', 'Marketing Manager', 'VP of Marketing', 'HR Director', 'Talent Acquisition Lead', 'Sales Manager'];
  const matching = (p: ParsedQuery) => titles.filter((t) => p.roles.every((r) => r.families.some((f) => familyMatches(f, t))));

  it.each([
    ['who owns the marketing calendar in Porto', ['Chief Marketing Officer', 'Marketing Manager', 'VP of Marketing']],
    ['people tasked with recruiting', ['HR Director', 'Talent Acquisition Lead']],
    ['contacts who work on sales in Portugal', ['Sales Manager']],
    ['the person who keeps an eye on recruiting here', ['HR Director', 'Talent Acquisition Lead']],
    // "revenue" is filler elsewhere ("revenue over 1m"); in a responsibility the phrase is read from it.
    ['whoever is accountable for revenue goals in Porto', ['Sales Manager']],
  ])('"%s" → %j', async (text, want) => {
    const p = await parse(text);
    expect(p.roles).toHaveLength(1);
    expect(matching(p)).toEqual(want);
  });
});

describe('the team a persona query calls theirs', () => {
  it.each([
    ['leaders whose account managers keep losing renewals', []],
    ['their sellers cannot find time to prospect', ['sales']],
    ['teams whose marketing spend is out of control', ['marketing']],
    ['their HR folks drowning in paperwork', ['people']],
    ['hiring developers for their platform team', []],
    ['their analysts spend hours on reports', []],
  ])('"%s" → %j', (topic, want) => {
    expect(ownFunctions(topic)).toEqual(want);
  });
});
