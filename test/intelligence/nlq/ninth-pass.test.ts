/**
 * Ninth pass (issue 22): the one typo reader in the parser, and the classes found with probe sentences written for
 * this pass. Every sentence here is written for the test (none comes from a benchmark file).
 */
import { describe, expect, it } from 'vitest';
import { HashingProvider } from '../../../src/intelligence/embeddings/index.js';
import { createIntelligence } from '../../../src/intelligence/index.js';
import { describeEachBackend } from '../../support/backends.js';
import { lexiconOf } from '../../../src/intelligence/nlq/lexicon.js';
import { parseQuery, type NameResolver, type ParsedQuery } from '../../../src/intelligence/nlq/parser.js';

// A small workspace of its own (not the shared data set).
const lexicon = lexiconOf({
  industries: ['Financial Technology', 'Healthcare', 'Software (SaaS)', 'Cybersecurity', 'Logistics', 'Hospitality', 'Retail', 'Energy', 'Insurance'],
  countries: ['United States', 'United Kingdom', 'Germany', 'Norway'],
  cities: ['Berlin', 'London', 'Oslo'],
  products: ['Payments API', 'Security Suite'],
  sources: ['referral', 'webinar', 'cold outreach', 'linkedin', 'partner', 'conference', 'website'],
  titles: ['Chief Technology Officer', 'VP of Sales', 'Sales Director', 'Chief Financial Officer', 'Finance Manager', 'HR Manager', 'Software Engineer'],
  tags: [],
});
const names: NameResolver = {
  companies: async () => new Map(),
  record: async (entity, phrase) => (entity === 'company' && phrase.toLowerCase() === 'iron gate' ? { id: 'co_gate', name: 'Iron Gate' } : undefined),
};
const now = new Date('2026-11-24T15:00:00Z');
const parse = (text: string) => parseQuery(text, { lexicon, now, names });
const filters = (p: ParsedQuery) => p.conditions.map((c) => `${c.entity}.${c.field} ${c.op} ${JSON.stringify(c.value)}`);

describe('ninth pass: typos', () => {
  it('reads a value misspelt by two swapped pairs, or a swap beside another slip', async () => {
    // Plain Levenshtein counted each swap as two edits, so these stayed unread.
    expect(filters(await parse('contacts in helathcrae'))).toEqual(['company.industry in ["Healthcare"]']);
    expect(filters(await parse('cybersecrutiy companies'))).toEqual(['company.industry in ["Cybersecurity"]']);
    const p = await parse('accounts in hsopitalty');
    expect(filters(p)).toEqual(['company.industry in ["Hospitality"]']);
    expect(p.notes.join(' ')).toMatch(/read "hsopitalty" as "hospitality"/);
  });

  it('leaves dictionary words and words equally near two values alone', async () => {
    expect(filters(await parse('contacts who automate reports'))).toEqual([]);
  });
});

const values = (p: ParsedQuery, field: string) => p.conditions.filter((c) => c.field === field).flatMap((c) => (Array.isArray(c.value) ? (c.value as string[]) : [c.value as string]));

describe('ninth pass: the object of compounds and rankings', () => {
  it('takes the last of two object nouns as the object ("company contacts")', async () => {
    const p = await parse('energy company contacts asking about pricing');
    expect(p.entity).toBe('contact');
    expect(filters(p)).toEqual(['company.industry in ["Energy"]']);
    expect((await parse('logistics company people')).entity).toBe('contact');
    // One object noun keeps its reading.
    expect((await parse('energy companies')).entity).toBe('company');
  });

  it('asks for companies when a ranking is by a number only companies have and nothing names people', async () => {
    const p = await parse('top ten fintechs by annual revenue');
    expect(p.entity).toBe('company');
    expect(p.sort).toMatchObject({ entity: 'company', field: 'annual_revenue', direction: 'desc' });
    expect(p.top).toBe(10);
    const s = await parse('the 4 biggest cybersecurity outfits by headcount');
    expect([s.entity, s.sort?.field]).toEqual(['company', 'employees']);
    // A role keeps people as the object.
    expect((await parse('top 5 sales directors by revenue')).entity).toBe('contact');
  });
});

describe('ninth pass: a company number after "by", a seed that names the object', () => {
  it('reads "by employees" as the field, so the firms are the object', async () => {
    const p = await parse('top 5 biotechs by employees');
    expect([p.entity, p.sort?.field, p.top]).toEqual(['company', 'employees', 5]);
    expect((await parse('the 3 hospitality firms ranked by staff')).sort?.field).toBe('employees');
    // "employees" as the object is still people.
    expect((await parse('employees at logistics companies')).entity).toBe('contact');
  });

  it('asks for companies when no object is named and the seed is a company', async () => {
    const p = await parse('lookalikes of iron gate');
    expect([p.intent, p.entity, p.similar?.id]).toEqual(['similar', 'company', 'co_gate']);
    expect(p.notes.join(' ')).toMatch(/showing companies/);
    // A named object stays: no contact is named so, and that is said.
    const c = await parse('contacts like iron gate');
    expect(c.entity).toBe('contact');
    expect(c.notes.join(' ')).toMatch(/no contact named "iron gate"/);
  });
});

describe('ninth pass: sources and statuses', () => {
  it('reads a weak source before a verb of arrival ("partner sourced")', async () => {
    const p = await parse('partner sourced leads that are still new');
    expect(values(p, 'lead_source')).toEqual(['partner']);
    expect(values(p, 'lead_status')).toEqual(['new']);
    expect(p.unparsed).toEqual([]);
    expect(values(await parse('partner driven contacts in Norway'), 'lead_source')).toEqual(['partner']);
  });

  it('reads "turned into" as what the lead became, not an interest', async () => {
    for (const text of ['referrals that turned into paying customers', 'conference leads converted into clients']) {
      const p = await parse(text);
      expect(p.intent, text).toBe('filter');
      expect(values(p, 'lead_status'), text).toEqual(['customer']);
      expect(p.topic, text).toBeNull();
    }
    // "into" alone is still an interest.
    expect((await parse('contacts who are into machine learning')).topic).toMatch(/machine learning/);
  });
});

describeEachBackend('ninth pass: "like X" with X named by its domain or e-mail, through the service', (ctx) => {
  it('finds the seed by its domain or e-mail address', async () => {
    const { crm } = ctx();
    const intelligence = createIntelligence(crm, { provider: new HashingProvider(1024), worker: false });
    const ws = 'default';
    await crm.records.create(ws, 'company', { id: 'co_grid', name: 'Nordic Grid', domain: 'nordicgrid.no', industry: 'Energy' });
    await crm.records.create(ws, 'company', { id: 'co_sun', name: 'Sun Farms', domain: 'sunfarms.no', industry: 'Energy' });
    await crm.records.create(ws, 'contact', { id: 'ct_ana', first_name: 'Ana', last_name: 'Pe', email: 'ana.pe@nordicgrid.no', company_id: 'co_grid' });
    await crm.records.create(ws, 'contact', { id: 'ct_tom', first_name: 'Tom', last_name: 'Lind', email: 'tom@sunfarms.no', company_id: 'co_sun' });
    const firms = await intelligence.nlq.query(ws, 'firms resembling nordicgrid.no');
    expect(firms.intent).toBe('similar');
    expect(firms.interpretation.explanation).toMatch(/like Nordic Grid/);
    expect(firms.results.map((r) => r.id)).not.toContain('co_grid');
    expect(firms.results.map((r) => r.id)).toContain('co_sun');
    const people = await intelligence.nlq.query(ws, 'contacts similar to ana.pe@nordicgrid.no');
    expect(people.intent).toBe('similar');
    expect(people.interpretation.explanation).toMatch(/like Ana Pe/);
    // An unknown domain still says so.
    expect((await intelligence.nlq.query(ws, 'companies like nowhere.example')).interpretation.explanation).toMatch(/no company named/);
  });
});

describe('ninth pass: a negation over values joined by "or"', () => {
  it.each([
    ['leads not in the united kingdom or germany', 'country', ['United Kingdom', 'Germany']],
    ['accounts outside germany or norway', 'country', ['Germany', 'Norway']],
    ['deals not yet won or lost', 'stage', ['closed_won', 'closed_lost']],
  ])('"%s" excludes both', async (text, field, excluded) => {
    const p = await parse(text);
    expect(p.conditions.filter((c) => c.field === field)).toMatchObject([{ op: 'nin', value: excluded }]);
  });

  it('keeps a value after "or" positive when nothing before it was negated', async () => {
    const p = await parse('contacts in Germany or not in Norway');
    expect(p.conditions.map((c) => [c.op, c.value])).toEqual([['in', ['Germany']], ['nin', ['Norway']]]);
  });
});
