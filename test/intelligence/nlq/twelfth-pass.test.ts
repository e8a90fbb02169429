/**
 * Twelfth pass (issue 22): persona classes found with probe sentences (test/intelligence/nlq/fixtures/probes-12.jsonl).
 * Every sentence here is written for the test: none comes from a benchmark file or from a probe file.
 */
import { describe, expect, it } from 'vitest';
import { lexiconOf } from '../../../src/intelligence/nlq/lexicon.js';
import { parseQuery, type NameResolver, type ParsedQuery } from '../../../src/intelligence/nlq/parser.js';

// A small workspace of its own (not the shared data set).
const lexicon = lexiconOf({
  industries: ['Financial Technology', 'Healthcare', 'Insurance', 'Telecommunications', 'Hospitality', 'Energy'],
  countries: ['Germany', 'Norway'],
  cities: ['Berlin', 'Oslo'],
  products: ['Payments API'],
  sources: ['referral', 'webinar'],
  titles: ['Chief Financial Officer', 'Finance Manager', 'Sales Director', 'IT Director'],
  tags: [],
});
const names: NameResolver = { companies: async () => new Map(), record: async () => undefined };
const now = new Date('2026-11-24T15:00:00Z');
const parse = (text: string) => parseQuery(text, { lexicon, now, names });
const filters = (p: ParsedQuery) => p.conditions.map((c) => `${c.entity}.${c.field} ${c.op} ${JSON.stringify(c.value)}`);

describe('twelfth pass: a concern said of firms asks for their people', () => {
  it.each([
    ['insurers anxious about a ransomware attack', 'Insurance'],
    ['telecom companies trying to trim their cloud bill', 'Telecommunications'],
    ['hotel chains fed up with double bookings', 'Hospitality'],
  ])('"%s" ranks the contacts at %s firms by the concern', async (text, industry) => {
    const p = await parse(text);
    expect(p.entity).toBe('contact');
    expect(p.intent).toBe('semantic');
    expect(filters(p)).toEqual([`company.industry in ${JSON.stringify([industry])}`]);
    expect(p.notes.join(' ')).toContain('voiced by people');
  });

  it('keeps firms when their own figures are asked for', async () => {
    expect((await parse('the five biggest insurers worried about ransomware')).entity).toBe('company');
    expect((await parse('how many telecom companies are interested in the Payments API')).entity).toBe('company');
  });
});

describe("twelfth pass: the workspace's own industry name before a word for people", () => {
  const withCyber = lexiconOf({ industries: ['Cybersecurity', 'Insurance'], countries: [], cities: [], products: [], sources: [], titles: ['Security Engineer', 'Sales Manager'], tags: [] });
  const parseCyber = (text: string) => parseQuery(text, { lexicon: withCyber, now, names });

  it('reads "cybersecurity contacts" as the industry, not the security function', async () => {
    const p = await parseCyber('cybersecurity contacts who care about pricing');
    expect(p.roles).toEqual([]);
    expect(filters(p)).toEqual(['company.industry in ["Cybersecurity"]']);
  });

  it('still reads a department word that names no industry as the role', async () => {
    const p = await parseCyber('security people who care about pricing');
    expect(p.roles.map((r) => r.families.map((f) => f.functions))).toEqual([[['security']]]);
  });
});

describe('twelfth pass: "that struggle to" opens a concern like "who struggle to"', () => {
  it('insurance companies that struggle to retain staff ask for their contacts by the concern', async () => {
    const p = await parse('insurance companies that struggle to retain staff');
    expect(p.entity).toBe('contact');
    expect(p.topic).toContain('retain staff');
  });
});
