/**
 * Sixteenth pass (issue 22): classes found with probe sentences written without reading the parser
 * (bench/nlq/probes-16.jsonl) — a job said by any verb of work after "who", a concern said without a cue keeping the
 * words around it, glossary acronyms, more cues of a concern. Every
 * sentence here is written for the test: none comes from a benchmark or probe file.
 */
import { describe, expect, it } from 'vitest';
import { spellOutAcronyms } from '../../../src/intelligence/lexicon/acronyms.js';
import { lexiconOf } from '../../../src/intelligence/nlq/lexicon.js';
import { parseQuery, type NameResolver, type ParsedQuery } from '../../../src/intelligence/nlq/parser.js';

const lexicon = lexiconOf({
  industries: ['Insurance', 'Energy', 'Education'],
  countries: ['Germany', 'Norway'],
  cities: ['Berlin', 'Oslo'],
  products: ['Route Planner'],
  sources: ['referral', 'webinar'],
  titles: ['Chief Financial Officer', 'Sales Manager', 'Security Engineer', 'Product Manager', 'IT Manager'],
  tags: ['vip'],
});
const names: NameResolver = { companies: async () => new Map(), record: async () => undefined };
const now = new Date('2026-11-24T15:00:00Z');
const parse = (text: string) => parseQuery(text, { lexicon, now, names });
const functions = (p: ParsedQuery) => p.roles.flatMap((r) => r.families.flatMap((f) => f.functions ?? []));

describe('sixteenth pass: a job said by what the person does', () => {
  it('reads a verb of work after "who" as a responsibility, whatever the verb', async () => {
    expect(functions(await parse('the person who trains the sales team'))).toEqual(['sales']);
    expect(functions(await parse('whoever protects them from security incidents'))).toEqual(['security']);
    expect(functions(await parse('people who choose which product features ship'))).toContain('product');
    expect(functions(await parse('who actually audits the finance team in Oslo'))).toEqual(['finance']);
    expect(functions(await parse('the ones who pay the finance invoices'))).toEqual(['finance']);
  });

  it('leaves wishes, efforts, habits and events to the concern or the activity', async () => {
    for (const text of ['contacts who want to hire faster', 'people who keep missing their sales targets', 'who talks about security a lot', 'contacts who attended the webinar', 'people who lose sleep over security', 'contacts who pay too much for finance software', 'contacts whose people are running on fumes']) {
      expect(functions(await parse(text))).toEqual([]);
    }
  });

  it('still reads "IT" as the department, not a pronoun', async () => {
    expect(functions(await parse('whoever manages IT in Germany'))).toEqual(['it']);
  });
});

describe('sixteenth pass: a concern said without a cue keeps its words', () => {
  it('keeps the owned noun, the negation and the filler words around the free ones', async () => {
    expect((await parse('people whose employees keep quitting')).topic).toContain('employees keep quitting');
    expect((await parse('contacts expecting their sales headcount to grow a lot')).topic).toContain('their sales headcount to grow');
    expect((await parse('people who cant see whats really in their pipeline')).topic).toContain('cant see');
  });
});

describe('sixteenth pass: glossary acronyms', () => {
  it('spells out the acronyms of AI and operations', () => {
    expect(spellOutAcronyms('playing with LLMs')).toContain('large language models');
    expect(spellOutAcronyms('our SRE team')).toContain('site reliability');
  });
});

describe('sixteenth pass: more cues of a concern, and "news"', () => {
  it('reads trying things out, losing sleep and pressure as the concern they introduce', async () => {
    // Said of firms, a concern asks for the people at them; "losing" here is no lost deal.
    for (const text of ['insurers tinkering with chatbots', 'chief officers losing sleep over ransomware', 'energy firms under pressure to cut headcount']) {
      const p = await parse(text);
      expect(p.intent).toBe('semantic');
      expect(p.conditions.filter((c) => c.field === 'stage')).toEqual([]);
      expect(p.entity).toBe('contact');
    }
  });

  it('does not read "news" as the lead status "new"', async () => {
    const p = await parse('contacts at news companies');
    expect(p.conditions.filter((c) => c.field === 'lead_status')).toEqual([]);
  });
});

describe('sixteenth pass: a widened concern ends on its own words', () => {
  it('drops a joint at either edge', async () => {
    const p = await parse('contacts who downloaded a whitepaper and are new');
    expect(p.topic).toBe('downloaded a whitepaper');
  });
});
