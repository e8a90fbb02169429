/**
 * Fifteenth pass (issue 22): classes found with probe sentences written without reading the parser
 * (bench/nlq/probes-15.jsonl) — a workspace title said whole, more ways to say a responsibility, "never" said of one
 * kind of activity, a deal's own activities, "zero" as "no", "untagged", spans and "not … yet" of stages, idioms of
 * won and lost, "six-figure" money, "us" before a sector, people of a trade as its firms, more cues of likeness and a
 * seed with words after the name. Every sentence here is written for the test: none comes from a benchmark or probe file.
 */
import { describe, expect, it } from 'vitest';
import { lexiconOf } from '../../../src/intelligence/nlq/lexicon.js';
import { parseQuery, type NameResolver, type ParsedQuery } from '../../../src/intelligence/nlq/parser.js';
import { findQuantities } from '../../../src/intelligence/nlq/quantities/index.js';

// A small workspace of its own (not the shared data set).
const lexicon = lexiconOf({
  industries: ['Insurance', 'Energy', 'Education', 'Real Estate'],
  countries: ['Germany', 'Norway', 'United States'],
  cities: ['Berlin', 'Oslo'],
  products: ['Route Planner'],
  sources: ['referral', 'webinar'],
  titles: ['Talent Acquisition Lead', 'FP&A Analyst', 'Chief Financial Officer', 'Sales Manager'],
  tags: ['vip', 'decision-maker'],
});
const people: Record<string, { id: string; name: string }> = { 'jane roe': { id: 'ct_1', name: 'Jane Roe' } };
const names: NameResolver = {
  companies: async () => new Map(),
  record: async (entity, text) => (entity === 'contact' ? people[text.toLowerCase()] : undefined),
};
const now = new Date('2026-11-24T15:00:00Z');
const parse = (text: string) => parseQuery(text, { lexicon, now, names });
const fields = (p: ParsedQuery) => p.conditions.map((c) => `${c.entity}.${c.field} ${c.op}`);
const stages = (p: ParsedQuery) => p.conditions.filter((c) => c.field === 'stage').map((c) => c.value);
const activityWindow = (p: ParsedQuery) => p.conditions.find((c) => c.field === 'activity')?.value as { type?: string } | undefined;

describe('fifteenth pass: a title of the workspace said whole', () => {
  it('is that title, before any of its words is a sector or a function', async () => {
    const p = await parse('talent acquisition leads in Energy');
    expect(p.roles.map((r) => r.families.map((f) => [f.said, f.exactOnly]))).toEqual([[['talent acquisition lead', true]]]);
    expect(p.conditions.filter((c) => c.field === 'industry').map((c) => c.value)).toEqual([['Energy']]);
    expect((await parse('FP&A analysts in Oslo')).roles[0]?.families[0]?.said).toBe('fp a analyst');
  });

  it('leaves a rank widened after it to the rank grammar', async () => {
    const p = await parse('sales managers and above');
    expect(p.roles[0]?.families[0]?.exactOnly).toBeFalsy();
    expect(p.roles[0]?.families[0]?.seniorities).toContain('vp');
  });
});

describe('fifteenth pass: a responsibility said in more ways', () => {
  it('what someone writes or decides at work is their job; "who do we know" is a question', async () => {
    expect((await parse('anyone who writes marketing copy')).roles.flatMap((r) => r.families.flatMap((f) => f.functions ?? []))).toContain('marketing');
    expect((await parse('who do we know in Oslo')).roles).toEqual([]);
  });

  it('a second duty joined by "and" is read with the first, a clause after "and" is not', async () => {
    const both = await parse('people who look after sales and marketing');
    expect(both.roles.flatMap((r) => r.families.flatMap((f) => f.functions ?? []))).toEqual(['sales', 'marketing']);
    const clause = await parse('whoever runs sales and lives in Oslo');
    expect(clause.roles.flatMap((r) => r.families.flatMap((f) => f.functions ?? []))).toEqual(['sales']);
  });
});

describe('fifteenth pass: "never" said of one kind of activity', () => {
  it('"never phoned" is no call, "never met" no meeting; "never spoke to" is still never contacted', async () => {
    expect(activityWindow(await parse('leads we never phoned'))?.type).toBe('call');
    expect(activityWindow(await parse('contacts in Berlin we have never met'))?.type).toBe('meeting');
    expect(fields(await parse('contacts we never spoke to'))).toContain('contact.last_contacted_at empty');
  });

  it('"no email address" is the field, not an e-mail sent', async () => {
    expect(fields(await parse('leads with no email address'))).toEqual(['contact.email empty']);
  });
});

describe('fifteenth pass: absence on deals and in other words', () => {
  it('a deal\'s activities point at it', async () => {
    const p = await parse('opportunities with no calls logged');
    expect(p.entity).toBe('deal');
    expect(p.conditions.map((c) => [c.field, c.op, (c.value as { via?: string; entity?: string }).via])).toContainEqual(['related', 'nin', 'deal_id']);
  });

  it('"zero" is "no"; "untagged" is no tags', async () => {
    expect((await parse('firms with zero meetings')).conditions.map((c) => c.label)).toEqual(['no meetings']);
    expect(fields(await parse('untagged leads in Berlin'))).toContain('contact.tags empty');
  });
});

describe('fifteenth pass: stages said as a span, "not … yet" and idioms', () => {
  it('"between lead and proposal" is every stage from one to the other', async () => {
    expect(stages(await parse('opps between lead and proposal'))).toEqual([['lead', 'qualified', 'proposal']]);
    expect(stages(await parse('deals from qualified through negotiation in Norway'))).toEqual([['qualified', 'proposal', 'negotiation']]);
  });

  it('"not in negotiation yet" is the stages before it; without "yet" it is a negation', async () => {
    expect(stages(await parse('deals not in negotiation yet'))).toEqual([['lead', 'qualified', 'proposal']]);
    const plain = await parse('deals not in negotiation');
    expect(plain.conditions.find((c) => c.field === 'stage')?.op).toBe('nin');
  });

  it('"went sideways" is lost; the top of the pipeline is no top ten', async () => {
    expect(stages(await parse('deals that went sideways'))).toEqual([['closed_lost']]);
    const top = await parse('deals at the top of the pipeline');
    expect([stages(top), top.top, top.sort]).toEqual([[['lead']], null, null]);
  });
});

describe('fifteenth pass: money and places in other words', () => {
  it('"seven-figure" is an amount with seven digits', () => {
    expect(findQuantities('seven-figure renewals').map((q) => [q.op, q.value, q.value2, q.unit])).toEqual([['between', 1_000_000, 9_999_999, 'money']]);
    expect(findQuantities('a 5 figure budget').map((q) => [q.value, q.value2])).toEqual([[10_000, 99_999]]);
  });

  it('a lower-case "us" before a sector is the country', async () => {
    expect(p2v(await parse('decision makers at us energy companies'))).toContainEqual(['country', ['United States']]);
  });
});
const p2v = (p: ParsedQuery) => p.conditions.map((c) => [c.field, c.value]);

describe('fifteenth pass: people of a trade, said as the whole object, are its firms', () => {
  it('"underwriters in Oslo" are insurance companies; people at them are contacts', async () => {
    expect((await parse('underwriters in Oslo')).entity).toBe('company');
    expect((await parse('contacts at underwriters')).entity).toBe('contact');
  });

  it('slang for the one at the top is C-level (nineteenth pass: the top brass and head honchos are the chiefs)', async () => {
    const p = await parse('head honchos at insurers');
    expect(p.roles.map((r) => r.families.map((f) => f.seniorities))).toEqual([[['c_level']]]);
  });
});

describe('fifteenth pass: likeness said in more ways', () => {
  it('a one-letter slip in a cue, a profile noun, "in the same boat as", "another" before a name', async () => {
    for (const text of ['simlar people to Jane Roe', 'leads with a comparable background to Jane Roe', 'who is in the same boat as Jane Roe', 'find another Jane Roe']) {
      const p = await parse(text);
      expect([text, p.similar?.id]).toEqual([text, 'ct_1']);
    }
    expect((await parse('another deal in Oslo')).similar).toBeNull();
  });

  it('words after the name are no part of the seed, and are said not understood', async () => {
    const p = await parse('contacts that resemble Jane Roe on paper');
    expect([p.similar?.id, p.similar?.seed]).toEqual(['ct_1', 'Jane Roe']);
    expect(p.notes).toContain('not understood: "on", "paper"');
  });
});

describe('fifteenth pass: the workspace\'s own words before the grammar\'s', () => {
  it('"decision makers" is the workspace\'s tag of that name; with a function it stays a rank', async () => {
    const p = await parse('decision makers at energy firms in Norway');
    expect([p.entity, p.roles, fields(p)]).toEqual(['contact', [], ['contact.tags has', 'company.industry in', 'company.country in']]);
    expect(fields(await parse('contacts in Oslo who are not decision makers'))).toEqual(['company.city in', 'contact.tags lacks']);
    expect((await parse('technical decision makers')).roles).toHaveLength(1);
  });

  it('"lead-stage deals" is the stage; "the most recently won deals" are sorted by their close', async () => {
    const p = await parse('lead-stage opportunities in Norway');
    expect([p.entity, stages(p)]).toEqual(['deal', [['lead']]]);
    expect((await parse('the three most recently lost deals')).sort).toMatchObject({ entity: 'deal', field: 'closed_at' });
  });
});
