/**
 * Tenth pass (issue 22): exclusions that reach however far, negated idioms of success, a rank said as an adjective
 * before a department, responsibilities the titles' reader places, names typed without their spaces. Every sentence
 * here is written for the test (none comes from a benchmark file).
 */
import { describe, expect, it } from 'vitest';
import { HashingProvider } from '../../../src/intelligence/embeddings/index.js';
import { createIntelligence } from '../../../src/intelligence/index.js';
import { spacedNameKeys } from '../../../src/intelligence/nlq/index.js';
import { lexiconOf } from '../../../src/intelligence/nlq/lexicon.js';
import { parseQuery, type NameResolver, type ParsedQuery } from '../../../src/intelligence/nlq/parser.js';
import { describeEachBackend } from '../../support/backends.js';

// A small workspace of its own (not the shared data set).
const lexicon = lexiconOf({
  industries: ['Financial Technology', 'Healthcare', 'Cybersecurity', 'Logistics', 'Retail', 'Energy', 'Insurance'],
  countries: ['United States', 'United Kingdom', 'Germany', 'Norway'],
  cities: ['Berlin', 'London', 'Oslo'],
  products: ['Payments API'],
  sources: ['referral', 'webinar', 'partner'],
  titles: ['Chief Financial Officer', 'Finance Manager', 'Procurement Lead', 'Payroll Specialist', 'IT Director', 'Sales Director'],
  tags: [],
});
const names: NameResolver = { companies: async () => new Map(), record: async () => undefined };
const now = new Date('2026-11-24T15:00:00Z');
const parse = (text: string) => parseQuery(text, { lexicon, now, names });
const filters = (p: ParsedQuery) => p.conditions.map((c) => `${c.entity}.${c.field} ${c.op} ${JSON.stringify(c.value)}`);
const roles = (p: ParsedQuery) => p.roles.map((r) => ({ negated: r.negated, families: r.families.map((f) => ({ functions: f.functions, seniorities: f.seniorities })) }));

describe('tenth pass: an exclusion reaches the constraint after it, however far', () => {
  it('negates what follows "other than", "apart from", "except for", "aside from"', async () => {
    expect(filters(await parse('opportunities other than the ones that we eventually lost'))).toEqual(['deal.stage nin ["closed_lost"]']);
    expect(filters(await parse('deals apart from any of the ones already won'))).toEqual(['deal.stage nin ["closed_won"]']);
    expect(filters(await parse('companies except for all of those based in Norway'))).toEqual(['company.country nin ["Norway"]']);
    expect(filters(await parse('firms aside from those in the retail space'))).toEqual(['company.industry nin ["Retail"]']);
  });

  it('reads "but" after a word for all as an exclusion, and only there', async () => {
    expect(filters(await parse('anything but the open deals'))).toEqual(['deal.stage nin ["lead","qualified","proposal","negotiation"]']);
    // "but" as a conjunction leaves the value before it alone.
    expect(filters(await parse('deals in Oslo but over 10k')).some((f) => f.includes('nin'))).toBe(false);
  });

  it('keeps a plain negation to the words right after it', async () => {
    // "not" reaches four words at most: the country far after it stays required.
    expect(filters(await parse('contacts not yet emailed by anyone on the team from Norway'))).toContain('company.country in ["Norway"]');
    // An exclusion reaches the first constraint only.
    expect(filters(await parse('deals other than the ones lost in Germany'))).toEqual(['deal.stage nin ["closed_lost"]', 'company.country in ["Germany"]']);
  });
});

describe('tenth pass: a negated idiom of success is a lost deal', () => {
  it('reads the idiom with its negation, in each verb form', async () => {
    for (const q of ['deals that did not pan out', 'opportunities that never came through', 'deals which have not worked out', 'deals that never went anywhere in Norway', 'deals that didnt materialize']) {
      expect(filters(await parse(q)), q).toContain('deal.stage in ["closed_lost"]');
    }
  });

  it('reads "not … yet" as still open, not lost', async () => {
    for (const q of ['deals that have not landed yet', 'opportunities that hasnt come through yet']) {
      expect(filters(await parse(q)), q).toEqual(['deal.stage in ["lead","qualified","proposal","negotiation"]']);
    }
  });

  it('leaves the idioms unnegated alone', async () => {
    // "panned out" and "came through" said plainly are no loss.
    for (const q of ['deals that panned out', 'deals that came through']) expect(filters(await parse(q)), q).not.toContain('deal.stage in ["closed_lost"]');
  });
});

describe('tenth pass: a rank said as an adjective before a department', () => {
  it('joins the rank and the department into one role', async () => {
    expect(roles(await parse('anybody senior in marketing'))).toEqual([{ negated: false, families: [{ functions: ['marketing'], seniorities: ['c_level', 'vp', 'head', 'director'] }] }]);
    expect(roles(await parse('junior staff within engineering'))).toEqual([{ negated: false, families: [{ functions: ['engineering'], seniorities: ['individual', 'manager'] }] }]);
  });

  it('reads the department as a function even where the word also names a sector', async () => {
    const p = await parse('senior people in finance at logistics companies');
    expect(roles(p)).toEqual([{ negated: false, families: [{ functions: ['finance'], seniorities: ['c_level', 'vp', 'head', 'director'] }] }]);
    expect(filters(p)).toEqual(['company.industry in ["Logistics"]']);
    // Without a rank "people in finance" stays the sector (the earlier reading).
    expect(roles(await parse('senior people in Germany'))[0]!.families[0]!.functions).toBeNull();
  });
});

describe('tenth pass: a responsibility the titles reader places', () => {
  it('reads a word a title would place in a function after a cue of responsibility', async () => {
    expect(roles(await parse('whoever manages procurement for them'))[0]!.families[0]!.functions).toEqual(['operations']);
    expect(roles(await parse('someone in charge of payroll in Norway'))).toEqual([{ negated: false, families: [{ functions: ['finance'], seniorities: null }] }]);
    expect(roles(await parse('who takes care of billing'))[0]!.families[0]!.functions).toEqual(['finance']);
  });

  it('leaves a longer responsibility to the meaning pass', async () => {
    expect((await parse('who handles procurement audits')).roles).toEqual([]);
  });
});

describe('tenth pass: a name typed without its spaces', () => {
  it('lists the keys a run-together word could stand for, exact parts of two letters or more', () => {
    const keys = spacedNameKeys('bluefin');
    expect(keys).toContain('blue fin');
    expect(keys).toContain('bl ue fin');
    expect(keys.every((k) => k.split(' ').every((w) => w.length >= 2))).toBe(true);
    expect(spacedNameKeys('abc')).toEqual([]);
  });
});

describeEachBackend('tenth pass: "like X" with X typed without its spaces, through the service', (ctx) => {
  it('finds the one company whose name, spaces removed, is the word', async () => {
    const { crm } = ctx();
    const intelligence = createIntelligence(crm, { provider: new HashingProvider(1024), worker: false });
    const ws = 'default';
    await crm.records.create(ws, 'company', { id: 'co_fjord', name: 'Fjord Light AS', industry: 'Energy' });
    await crm.records.create(ws, 'company', { id: 'co_sun', name: 'Sun Farms', industry: 'Energy' });
    const firms = await intelligence.nlq.query(ws, 'companies like fjordlight');
    expect(firms.intent).toBe('similar');
    expect(firms.interpretation.explanation).toMatch(/like Fjord Light/);
    expect(firms.results.map((r) => r.id)).not.toContain('co_fjord');
    // Exact only: one letter off is no seed.
    const near = await intelligence.nlq.query(ws, 'companies like fjordlite');
    expect(near.interpretation.explanation).not.toMatch(/like Fjord Light/);
  });
});
