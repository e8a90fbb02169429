/**
 * Thirteenth pass (issue 22): classes found with probe sentences (bench/nlq/probes-13.jsonl) — a mean asked with
 * "how much"/"worth"/"how many", a firm's number averaged, a word for firms ending an industry phrase or following a
 * weak one, a department noun or a superlative inside a concern, a word inside a longer phrase read in its own
 * sense, responsibilities that hold a deal noun or say what is made, "for a living", "nothing logged", the stage said
 * as what is done in it, a seed said before "lookalikes" or followed by "please". Every sentence here is written for
 * the test: none comes from a benchmark file or from a probe file.
 */
import { describe, expect, it } from 'vitest';
import { CONCEPT_DESCRIPTIONS, type ConceptDescription } from '../../../src/intelligence/lexicon/descriptions.js';
import { lexiconOf } from '../../../src/intelligence/nlq/lexicon.js';
import type { MeaningHit, MeaningReader } from '../../../src/intelligence/nlq/meaning.js';
import { parseQuery, type NameResolver, type ParsedQuery } from '../../../src/intelligence/nlq/parser.js';

// A small workspace of its own (not the shared data set).
const lexicon = lexiconOf({
  industries: ['Financial Technology', 'E-commerce', 'Telecommunications', 'Insurance', 'Energy', 'Logistics'],
  countries: ['Germany', 'Norway'],
  cities: ['Berlin', 'Oslo'],
  products: ['Payments API', 'Route Planner'],
  sources: ['referral', 'webinar'],
  titles: ['Chief Financial Officer', 'Sales Manager', 'Data Engineer', 'HR Director'],
  tags: [],
});
const names: NameResolver = { companies: async () => new Map(), record: async () => undefined };
const now = new Date('2026-11-24T15:00:00Z');
const parse = (text: string, meaning?: MeaningReader) => parseQuery(text, { lexicon, now, names, meaning });
const filters = (p: ParsedQuery) => p.conditions.map((c) => `${c.entity}.${c.field} ${c.op} ${JSON.stringify(c.value)}`);
const functions = (p: ParsedQuery) => p.roles.map((r) => r.families.map((f) => f.functions));

/** A reader that places a phrase in a function when a pattern matches it, and records every phrase it is asked. */
function functionMeaning(rules: [RegExp, string][]): MeaningReader & { asked: string[] } {
  const asked: string[] = [];
  const concept = (fn: string) => CONCEPT_DESCRIPTIONS.find((c) => c.target.kind === 'function' && c.target.fn === fn) as ConceptDescription;
  return {
    asked,
    async nearest(phrases, kinds) {
      const out = new Map<string, MeaningHit>();
      for (const p of phrases) {
        asked.push(p);
        if (kinds && !kinds.includes('function')) continue;
        const rule = rules.find(([re]) => re.test(p.toLowerCase()));
        if (rule) out.set(p, { concept: concept(rule[1]), score: 0.8 });
      }
      return out;
    },
  };
}

describe('thirteenth pass: a mean asked in other words', () => {
  it('"how much … on average" and "… worth on average" are a mean, not a sum', async () => {
    const p = await parse('how much does a won Payments API deal bring in on average');
    expect([p.intent, p.entity, p.aggregate?.fn, p.aggregate?.field]).toEqual(['aggregate', 'deal', 'avg', 'amount']);
    const q = await parse("what's an open deal in Norway worth on average");
    expect([q.aggregate?.fn, q.aggregate?.field]).toEqual(['avg', 'amount']);
  });

  it('"how many <company number> … on average" is the mean of that number', async () => {
    const p = await parse('how many employees do energy firms have on average');
    expect([p.entity, p.aggregate?.fn, p.aggregate?.field, filters(p)]).toEqual(['company', 'avg', 'employees', ['company.industry in ["Energy"]']]);
  });

  it('a company number averaged is that number, not people asked for', async () => {
    const p = await parse('mean number of staff at logistics companies in Germany');
    expect([p.entity, p.aggregate?.fn, p.aggregate?.field]).toEqual(['company', 'avg', 'employees']);
  });

  it('still sums and counts where no mean is said', async () => {
    expect((await parse('how much did we win in Norway')).aggregate?.fn).toBe('sum');
    expect((await parse('how many staff work at insurers')).aggregate?.fn).toBe('count');
  });
});

describe('thirteenth pass: words for firms', () => {
  it('an industry phrase ending in a word for firms asks for companies', async () => {
    expect((await parse('mobile operators in Norway')).entity).toBe('company');
    expect((await parse('insurance carriers in Oslo')).entity).toBe('company');
  });

  it('a weak industry word before a word for firms is the industry', async () => {
    const p = await parse('payments outfits in Berlin');
    expect([p.entity, filters(p)]).toEqual(['company', ['company.industry in ["Financial Technology"]', 'company.city in ["Berlin"]']]);
  });

  it('people at such firms stay people', async () => {
    expect((await parse('everyone at mobile operators')).entity).toBe('contact');
  });
});

describe('thirteenth pass: inside a concern', () => {
  it('a department noun is no relation to won deals', async () => {
    const p = await parse('contacts frustrated with their sales reporting');
    expect([p.intent, filters(p)]).toEqual(['semantic', []]);
  });

  it('a superlative after a possessive is part of the concern, not a sort', async () => {
    const p = await parse('people trying to keep their best engineers from quitting');
    expect(p.sort).toBeNull();
    expect(p.topic).toContain('best engineers');
  });

  it('a word inside a longer phrase keeps its own sense (no "bank bill" → a bank)', async () => {
    const p = await parse('contacts with enormous cloud storage bills');
    expect(filters(p)).toEqual([]);
  });
});

describe('thirteenth pass: responsibilities', () => {
  it('reads a deal noun as part of the responsibility', async () => {
    const meaning = functionMeaning([[/\bdeals\b/, 'sales']]);
    const p = await parse('the person responsible for signing big deals', meaning);
    expect(functions(p)).toEqual([[['sales']]]);
    expect(meaning.asked.some((a) => /deals/.test(a))).toBe(true);
  });

  it('what someone builds or designs at work is their job', async () => {
    const meaning = functionMeaning([[/warehouse|pipeline/, 'data']]);
    expect(functions(await parse('anyone who builds data warehouses in Oslo', meaning))).toEqual([[['data']]]);
  });

  it('their own thing is a concern, not a job', async () => {
    const meaning = functionMeaning([[/brand/, 'marketing']]);
    const p = await parse('folks building their own brand', meaning);
    expect(functions(p)).toEqual([]);
  });

  it('"for a living" is no live deal or lead status', async () => {
    const meaning = functionMeaning([[/^codes?$|sell/, 'engineering']]);
    const p = await parse('anyone who codes for a living in Berlin', meaning);
    expect(filters(p)).toEqual(['company.city in ["Berlin"]']);
  });
});

describe('thirteenth pass: nothing logged, the stage by what is done in it', () => {
  it('"nothing logged" and "nothing has happened" are no activity in the window', async () => {
    const p = await parse('accounts with nothing logged in the past 5 weeks');
    expect([p.entity, p.conditions.map((c) => `${c.field} ${c.op}`)]).toEqual(['company', ['activity nin']]);
    const q = await parse('deals where nothing has happened in 6 weeks');
    expect(q.conditions.some((c) => c.field === 'activity' && c.op === 'nin')).toBe(true);
    expect(q.conditions.some((c) => c.field === 'created_at')).toBe(false);
  });

  it('"qualifying" is the qualified stage of deals', async () => {
    expect(filters(await parse('Route Planner opportunities still qualifying'))).toEqual(['deal.product in ["Route Planner"]', 'deal.stage in ["qualified"]']);
  });
});

describe('thirteenth pass: the seed of a likeness', () => {
  it('reads the seed before "lookalikes"', async () => {
    expect((await parse('Jonas Brandt lookalikes')).similar?.seed).toBe('Jonas Brandt');
    expect((await parse('show me Nordwind Freight lookalikes in Germany')).similar?.seed).toBe('Nordwind Freight');
  });

  it('leaves "please" out of the seed', async () => {
    expect((await parse('contacts like Jonas Brandt please')).similar?.seed).toBe('Jonas Brandt');
  });
});

describe('thirteenth pass: a department said first, before where its people work', () => {
  it('is those people', async () => {
    const p = await parse('HR at logistics companies in Oslo');
    expect([p.entity, functions(p), filters(p)]).toEqual(['contact', [[['people']]], ['company.industry in ["Logistics"]', 'company.city in ["Oslo"]']]);
    expect(functions(await parse('IT in Berlin'))).toEqual([[['it']]]);
  });

  it('leaves sales as the deals and people as anyone', async () => {
    expect((await parse('sales in Germany')).entity).toBe('deal');
    expect(functions(await parse('people at insurers in Norway'))).toEqual([]);
  });
});

describe('thirteenth pass: leaving someone alone', () => {
  it('"ignored for N weeks", "neglected since <month>" are not contacted in that window', async () => {
    const p = await parse('which prospects have we ignored for 5 weeks');
    expect(p.conditions.map((c) => `${c.field} ${c.op}`)).toEqual(['last_contacted_at lt', 'last_contacted_at empty']);
    const q = await parse('Oslo contacts we neglected since March');
    expect(q.conditions.map((c) => `${c.field} ${c.op}`)).toEqual(['city in', 'last_contacted_at lt', 'last_contacted_at empty']);
  });
});

describe('thirteenth pass: "heads of department"', () => {
  // As USE lite places "department": a rank of director or above.
  const meaning: MeaningReader = {
    async nearest(phrases) {
      const level = CONCEPT_DESCRIPTIONS.find((c) => c.target.kind === 'seniority' && c.label.includes('director')) as ConceptDescription;
      return new Map(phrases.filter((p) => /department/.test(p)).map((p) => [p, { concept: level, score: 0.83 }]));
    },
  };

  it('is the head rank over any function, not a rank read by meaning', async () => {
    const p = await parse('heads of department at energy companies', meaning);
    expect(p.roles.map((r) => r.families.map((f) => [f.functions, f.seniorities]))).toEqual([[[null, ['head']]]]);
    expect(filters(p)).toEqual(['company.industry in ["Energy"]']);
  });
});
