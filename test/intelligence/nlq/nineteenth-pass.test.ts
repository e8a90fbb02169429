/**
 * Nineteenth pass (issue 22): classes found with probe sentences written without reading the parser
 * (bench/nlq/probes-18.jsonl): words inside a worry said of people were read as filters of their own — a sector
 * through WordNet's far relatives ("reports" → news, "shipments" → cargo, "boring" → oil production) and the CRM's
 * tasks in "the boring tasks" people want taken off their plate. Every sentence here is written for the test: none
 * comes from a benchmark or probe file.
 */
import { describe, expect, it } from 'vitest';
import { lexiconOf } from '../../../src/intelligence/nlq/lexicon.js';
import { parseQuery, type NameResolver, type ParsedQuery } from '../../../src/intelligence/nlq/parser.js';

const lexicon = lexiconOf({
  industries: ['Automotive', 'Biotechnology', 'Healthcare', 'Hospitality', 'Manufacturing', 'Logistics', 'Energy', 'Financial Technology', 'Media & Entertainment'],
  countries: ['Germany', 'France'],
  cities: ['Berlin'],
  products: [],
  sources: ['referral', 'webinar', 'conference', 'partner'],
  titles: ['Chief Financial Officer', 'Operations Director'],
  tags: ['vip'],
});
const names: NameResolver = { companies: async () => new Map(), record: async () => undefined };
const now = new Date('2026-11-24T15:00:00Z');
const parse = (text: string) => parseQuery(text, { lexicon, now, names });
const industryOf = (p: ParsedQuery) => p.conditions.find((c) => c.field === 'industry');

describe('nineteenth pass: a worry\'s own words are not the firms\' sector', () => {
  it('does not read a sector through WordNet from what people have, do, or a bare "the" before a non-firm word', async () => {
    for (const text of [
      'people whose reports are always late', // after a possessive: their reports, not the news trade
      'anyone whose crm reports nobody trusts',
      'vps tracking delayed shipments', // the object of their own verb, not the cargo trade
      'operations directors chasing late shipments',
      'leads who measure every step users take in the product', // a bare "the", no word for firms after it
    ]) expect(industryOf(await parse(text)), text).toBeUndefined();
  });

  it('still reads a sector through WordNet where firms stand', async () => {
    // The same kind of word before a noun for firms, or as the query's first word, is the firms' trade.
    expect(industryOf(await parse('shipments companies in germany'))?.value).toEqual(['Logistics']);
  });
});

describe('nineteenth pass: tasks inside a worry said of people', () => {
  it('reads "the tedious tasks" people want automated as their concern, not the CRM\'s tasks', async () => {
    const p = await parse('people hoping software will take the tedious tasks away');
    expect(p.entity).toBe('contact');
    expect(p.conditions.some((c) => c.field === 'type')).toBe(false);
  });

  it('keeps the CRM\'s tasks where people have them or where tasks are asked for', async () => {
    for (const text of ['contacts with overdue tasks', 'who has open tasks this week', 'tasks due next week']) {
      const p = await parse(text);
      expect(p.entity, text).toBe('activity');
      expect(p.conditions.find((c) => c.field === 'type')?.value, text).toEqual(['task']);
    }
  });
});

describe('nineteenth pass: customers of the contacts are not the contacts\' status', () => {
  const statusOf = (p: ParsedQuery) => p.conditions.find((c) => c.field === 'lead_status');

  it('reads "customers" after their/whose, a question word inside the sentence or a verb of theirs as the people they serve', async () => {
    for (const text of [
      'regional managers tracking how customers use the portal',
      'people who study what buyers click first',
      'folks losing loyal customers to cheaper rivals',
      'ops leads who survey their customers every month',
    ]) expect(statusOf(await parse(text)), text).toBeUndefined();
  });

  it('keeps the status where the customers are ours or the contacts themselves', async () => {
    for (const text of ['our customers in berlin', 'contacts who are customers', 'how many customers in france', 'leads that became customers']) {
      expect(statusOf(await parse(text))?.value, text).toEqual(['customer']);
    }
  });
});

describe('nineteenth pass: a worry\'s time and a worry\'s things', () => {
  const created = (p: ParsedQuery) => p.conditions.find((c) => c.field === 'created_at');

  it('reads a time said right after a worry as when the worry bites, not when the contacts were added', async () => {
    for (const text of ['folks worried about hitting target this quarter', 'anyone dreading quarter end', 'people struggling to hire engineers this year']) {
      expect(created(await parse(text)), text).toBeUndefined();
    }
  });

  it('keeps the creation date where the words say the records were made, or where no worry comes before the time', async () => {
    for (const text of ['contacts worried about security added this year', 'leads from this quarter interested in ai', 'people created last month']) {
      expect(created(await parse(text)), text).toBeDefined();
    }
  });

  it('asks about the people when a query about people names deals or a pipeline as theirs', async () => {
    for (const text of ['who is losing sleep over their pipeline', 'anyone whose deals never seem to close', 'people whose deals slip every quarter']) {
      expect((await parse(text)).entity, text).toBe('contact');
    }
    // Deals asked for in their own right stay deals.
    for (const text of ['deals whose contacts went quiet', 'their deals']) expect((await parse(text)).entity, text).toBe('deal');
  });
});

describe('nineteenth pass: a sector beside a word for trouble is what goes wrong', () => {
  it('reads "logistics bottlenecks", "messy supply chains" as a concern, not the sector', async () => {
    for (const text of ['factories with logistics bottlenecks', 'people coping with clunky supply chains', 'plant managers with supply chain woes']) {
      const p = await parse(text);
      expect(p.conditions.find((c) => c.field === 'industry' && JSON.stringify(c.value).includes('Logistics')), text).toBeUndefined();
      expect(p.topic, text).toMatch(/logistics|supply chain/);
    }
  });

  it('keeps the sector where nothing says trouble', async () => {
    expect(industryOf(await parse('supply chain companies in germany'))?.value).toEqual(['Logistics']);
  });
});

describe('nineteenth pass: dates said in the past tense, "so far", and "us" after a preposition', () => {
  const closeTo = (p: ParsedQuery) => p.conditions.find((c) => c.field === 'expected_close' && c.op === 'lt')?.value;

  it('reads "were supposed to close before September", asked in November, as the September gone by', async () => {
    expect(closeTo(await parse('deals that were supposed to close before september and never did'))).toBe('2026-09-01');
    // Said of the future it is the coming one.
    expect(closeTo(await parse('deals that should close before september'))).toBe('2027-09-01');
  });

  it('reads "this year so far" as from the year\'s start to now', async () => {
    const p = await parse('revenue we won this year so far');
    expect(p.conditions.find((c) => c.field === 'closed_at' && c.op === 'lt')?.value).toBe('2026-11-24T15:00:00Z');
  });

  it('reads "us" after behind/ahead/beyond as the pronoun, not the United States', async () => {
    expect((await parse('open deals whose close date is behind us')).conditions.some((c) => c.field === 'country')).toBe(false);
  });
});

describe('nineteenth pass: the very top and the middle of the ladder', () => {
  const levels = async (text: string) => (await parse(text)).roles.flatMap((r) => r.families.map((f) => f.seniorities));

  it('reads the top brass, head honchos and big shots as the chiefs, and middle management as managers', async () => {
    expect(await levels('top brass in berlin')).toEqual([['c_level']]);
    expect(await levels('the big shots at logistics firms')).toEqual([['c_level']]);
    expect(await levels('middle management in france')).toEqual([['manager']]);
    // Senior leadership and higher-ups still reach the VPs.
    expect(await levels('senior leadership in berlin')).toEqual([['c_level', 'vp']]);
  });
});

describe('nineteenth pass: firms with nobody', () => {
  it('reads "with nobody" said of firms as no contacts, and "nobody has called" as who did it', async () => {
    const labels = async (text: string) => (await parse(text)).conditions.map((c) => c.label);
    expect(await labels('accounts with nobody in the crm')).toEqual(['no contacts']);
    expect(await labels('companies nobody has emailed')).not.toContain('no contacts');
  });
});

describe('nineteenth pass: duties said in more ways', () => {
  const functionsOf = async (text: string) => (await parse(text)).roles.flatMap((r) => r.families.flatMap((f) => f.functions ?? []));

  it('reads "on the hook for" as a responsibility, and a second verb joined by "and" as sharing the object', async () => {
    expect(await functionsOf('the person on the hook for sales targets')).toEqual(['sales']);
    const p = await parse('the ones who source and screen applicants');
    // The object after both verbs is the duty (read by meaning when an embedding is there; claimed as a duty here).
    expect(p.unparsed).not.toContain('source');
  });
});
