/**
 * Issue 22, fifth pass: absence and presence of related records, expected close dates said in words, seniority
 * said informally (the held-out sets' convention: senior leadership = C-level and VPs, executives = C-level) and
 * words for people read through their WordNet definition. Every sentence is written for this file (none is in a
 * benchmark set); the parser runs on a small workspace of its own, the service on both databases.
 */
import { expect, it, describe } from 'vitest';
import { HashingProvider } from '../../../src/intelligence/embeddings/index.js';
import { createIntelligence, type Intelligence } from '../../../src/intelligence/index.js';
import { lexiconOf } from '../../../src/intelligence/nlq/lexicon.js';
import { parseQuery, type NameResolver, type ParsedQuery } from '../../../src/intelligence/nlq/parser.js';
import { RELATED_FIELD } from '../../../src/intelligence/nlq/passes/relations.js';
import { describeEachBackend } from '../../support/backends.js';

const lexicon = lexiconOf({
  industries: ['Energy', 'Insurance', 'Manufacturing'],
  countries: ['Norway', 'Chile'],
  cities: ['Bergen'],
  products: ['Grid Monitor'],
  sources: ['referral'],
  titles: ['Chief Financial Officer', 'VP of Finance', 'Finance Manager', 'HR Director', 'Sales Manager', 'Account Executive'],
  tags: [],
});
const names: NameResolver = { companies: async () => new Map(), record: async () => undefined };
// A Thursday in May 2027.
const now = new Date('2027-05-13T10:00:00Z');
const filters = (p: ParsedQuery) => p.conditions.map((c) => `${c.entity}.${c.field} ${c.op} ${JSON.stringify(c.value)}`);
const parse = (text: string) => parseQuery(text, { lexicon, now, names });
const related = (p: ParsedQuery) => p.conditions.filter((c) => c.field === RELATED_FIELD).map((c) => ({ op: c.op, ...(c.value as object) }));

describe('absence and presence of related records', () => {
  it.each([
    ['firms in Norway with not a single opportunity', 'company', { op: 'nin', entity: 'deal', via: 'company_id', filters: [] }],
    ['accounts that never purchased anything from us', 'company', { op: 'nin', entity: 'deal', filters: [{ field: 'stage', op: 'in', value: ['closed_won'] }] }],
    ['companies where we have yet to win a deal', 'company', { op: 'nin', entity: 'deal', filters: [{ field: 'stage', op: 'in', value: ['closed_won'] }] }],
    ['contacts that are not attached to any opportunity', 'contact', { op: 'nin', entity: 'deal', via: 'contact_id' }],
    ['insurers with zero live deals', 'company', { op: 'nin', entity: 'deal', filters: [{ field: 'stage', op: 'in', value: ['lead', 'qualified', 'proposal', 'negotiation'] }] }],
    ['manufacturers without a single contact on file', 'company', { op: 'nin', entity: 'contact', via: 'company_id' }],
    ['energy accounts we never held a meeting with', 'company', { op: 'nin', entity: 'activity', filters: [{ field: 'type', op: 'eq', value: 'meeting' }] }],
  ])('"%s" → %s without them', async (text, entity, want) => {
    const p = await parse(text);
    expect(p.entity).toBe(entity);
    expect(related(p)).toContainEqual(expect.objectContaining(want));
  });

  it('keeps the object\'s own conditions beside the absence, and a negation spent on the relation reaches no further', async () => {
    const p = await parse('firms with no deals based in Chile');
    expect(filters(p)).toContain('company.country in ["Chile"]');
    expect(related(p)).toHaveLength(1);
  });

  it('reads "deals but no wins" as having deals and none won; a stage within "open" narrows it', async () => {
    const both = related(await parse('which companies have opportunities but no wins so far'));
    expect(both).toContainEqual(expect.objectContaining({ op: 'in', entity: 'deal', filters: [] }));
    expect(both).toContainEqual(expect.objectContaining({ op: 'nin', filters: [{ field: 'stage', op: 'in', value: ['closed_won'] }] }));
    const narrowed = related(await parse('accounts with open deals in negotiation'));
    expect(narrowed).toEqual([expect.objectContaining({ op: 'in', filters: [{ field: 'stage', op: 'in', value: ['negotiation'] }] })]);
  });

  it('leaves activity windows and deals\' own conditions to their passes', async () => {
    expect(related(await parse('accounts with no calls in the last 45 days'))).toEqual([]);
    expect(related(await parse('deals with no activity since March'))).toEqual([]);
  });
});

describe('expected close dates said in words', () => {
  const close = async (text: string) => filters(await parse(text)).filter((f) => f.includes('expected_close') || f.includes('closed_at') || f.includes('created_at'));
  it.each([
    ['opportunities slipping beyond the end of the quarter', ['deal.expected_close gte "2027-07-01"']],
    ['deals pushed out into next year', ['deal.expected_close gte "2028-01-01"', 'deal.expected_close lt "2029-01-01"']],
    ['what do we hope to sign ahead of the holidays', ['deal.expected_close lt "2027-12-24"']],
    ['deals landing in the second half of June', ['deal.expected_close gte "2027-06-16"', 'deal.expected_close lt "2027-07-01"']],
    ['opps pencilled in for early July', ['deal.expected_close gte "2027-07-01"', 'deal.expected_close lt "2027-07-11"']],
    ['deals closing between now and the end of next month', ['deal.expected_close gte "2027-05-13"', 'deal.expected_close lt "2027-07-01"']],
    ['deals we expect before Thanksgiving', ['deal.expected_close lt "2027-11-25"']],
    ['deals slated for late August', ['deal.expected_close gte "2027-08-21"', 'deal.expected_close lt "2027-09-01"']],
  ])('"%s" → %j', async (text, want) => {
    expect(await close(text)).toEqual(want);
  });

  it('reads a window wholly ahead of today on deals as an expected close, a past one as creation', async () => {
    expect(await close('deals in the first half of August')).toEqual(['deal.expected_close gte "2027-08-01"', 'deal.expected_close lt "2027-08-16"']);
    expect(await close('deals in last month')).toEqual(['deal.created_at gte "2027-04-01T00:00:00Z"', 'deal.created_at lt "2027-05-01T00:00:00Z"']);
  });

  it('keeps a close that happened as one, and reads a blown close date as overdue', async () => {
    expect(filters(await parse('what did we sign in April'))).toContain('deal.stage in ["closed_won"]');
    const blown = filters(await parse('opportunities whose close date we missed'));
    expect(blown).toContain('deal.expected_close lt "2027-05-13"');
  });

  it('leaves a month-end close chore alone but reads month end as a date', async () => {
    expect(await close('finance managers worried about month-end close')).toEqual([]);
    expect(await close('deals due by month end')).toEqual(['deal.expected_close lt "2027-06-01"']);
  });
});

describe('responsibilities said in words the lexicon also knows', () => {
  it('leaves the words after "in charge of", "responsible for", "handles" to the roles, not to industries or statuses', async () => {
    for (const text of ['people in charge of security audits at insurers', 'whoever handles customer support in Chile', 'the person accountable for product launches in Bergen']) {
      const f = filters(await parse(text));
      expect(f.filter((x) => x.includes('industry') && !x.includes('Insurance')), text).toEqual([]);
      expect(f.filter((x) => x.includes('lead_status')), text).toEqual([]);
    }
  });

  it('still reads "running <a topic>" as a topic', async () => {
    const p = await parse('contacts running usability experiments');
    expect(p.roles).toEqual([]);
  });
});

describe('seniority said informally', () => {
  const levels = async (text: string) => (await parse(text)).roles.flatMap((r) => r.families.flatMap((f) => f.seniorities ?? []));
  it.each([
    ['senior leadership at insurers', ['c_level', 'vp']],
    ['the upper management of energy companies', ['c_level', 'vp']],
    ['execs based in Bergen', ['c_level']],
    ['the higher ups in Norway', ['c_level', 'vp']],
  ])('"%s" → %j', async (text, want) => {
    expect(await levels(text)).toEqual(want);
  });

  it('reads a word for a person through its WordNet definition when no description places it', async () => {
    // "the most important person in a group": the one at the top (nineteenth pass; C-level and VPs before).
    const boss = await parse('kingpins at manufacturing firms');
    expect(boss.roles[0]?.families[0]?.seniorities).toEqual(['c_level']);
    expect(boss.roles[0]?.label).toMatch(/WordNet (definition|synonym)/);
    const money = await parse('bean counters in Chile');
    expect(money.roles[0]?.families[0]?.functions).toEqual(['finance']);
    const reps = await parse('sales reps at insurers');
    expect(reps.entity).toBe('contact');
    expect(reps.roles[0]?.families[0]?.functions).toEqual(['sales']);
  });
});

describeEachBackend('related records on the database', (ctx) => {
  let intelligence: Intelligence;
  const ws = 'default';
  const ids = async (text: string) => (await intelligence.nlq.query(ws, text)).results.map((r) => (r as { id: string }).id).sort();

  it('finds companies without deals, without won deals, and with deals but no wins', async () => {
    const { crm } = ctx();
    intelligence = createIntelligence(crm, { provider: new HashingProvider(64), worker: false });
    for (const id of ['co_none', 'co_lost', 'co_won', 'co_open']) await crm.records.create(ws, 'company', { id, name: `Firm ${id}` });
    await crm.records.create(ws, 'contact', { id: 'ct_a', first_name: 'Ana', last_name: 'Pe', company_id: 'co_won' });
    const deal = (id: string, company: string, stage: string) => crm.records.create(ws, 'deal', { id, name: id, company_id: company, stage, amount: 1000, contact_id: company === 'co_won' ? 'ct_a' : null });
    await deal('dl_1', 'co_lost', 'closed_lost');
    await deal('dl_2', 'co_won', 'closed_won');
    await deal('dl_3', 'co_open', 'proposal');
    expect(await ids('firms that have not got a single deal')).toEqual(['co_none']);
    expect(await ids('accounts we never won a deal with')).toEqual(['co_lost', 'co_none', 'co_open']);
    expect(await ids('companies with deals but no wins')).toEqual(['co_lost', 'co_open']);
    expect(await ids('companies with no open opportunities')).toEqual(['co_lost', 'co_none', 'co_won']);
    expect(await ids('firms where we have no contacts')).toEqual(['co_lost', 'co_none', 'co_open']);
    const count = await intelligence.nlq.query(ws, 'how many firms have no deals');
    expect(count.value).toBe(1);
  });
});
