/**
 * Issue 22: the parser reads classes of phrasing, not benchmark strings. Every sentence here is written for this
 * file and appears in no benchmark set; the workspace is a small one of its own.
 */
import { describe, expect, it } from 'vitest';
import { lexiconOf } from '../../../src/intelligence/nlq/lexicon.js';
import { EmbeddingMeaning, type MeaningReader } from '../../../src/intelligence/nlq/meaning.js';
import { parseQuery, type NameResolver, type ParsedQuery } from '../../../src/intelligence/nlq/parser.js';
import { relatedWords } from '../../../src/intelligence/lexicon/wordnet.js';
import { CONCEPT_DESCRIPTIONS, descriptionTexts } from '../../../src/intelligence/lexicon/descriptions.js';
import type { EmbeddingProvider } from '../../../src/intelligence/embeddings/provider.js';

const lexicon = lexiconOf({
  industries: ['Hospitality & Travel', 'Automotive', 'Financial Technology', 'Software (SaaS)', 'Biotechnology', 'Energy'],
  countries: ['Germany', 'Spain'],
  cities: ['Madrid', 'Hamburg'],
  products: ['Fleet Tracker'],
  sources: ['referral'],
  titles: ['Chief Executive Officer', 'Founder', 'Payroll Manager', 'Head of Finance', 'Backend Engineer', 'General Counsel', 'Sales Director'],
  tags: [],
});
const names: NameResolver = { companies: async () => new Map(), record: async () => undefined };
const now = new Date('2027-03-10T09:00:00Z');
const filters = (p: ParsedQuery) => p.conditions.map((c) => `${c.entity}.${c.field} ${c.op} ${JSON.stringify(c.value)}`);
const parse = (text: string, meaning?: MeaningReader) => parseQuery(text, { lexicon, now, names, meaning });

/**
 * A stand-in for the embedding provider: each text is a vector over a few axes of meaning chosen by its words,
 * so tests say exactly which phrase is near which description (the real provider is measured by the bench).
 */
function fakeProvider(axes: Record<string, string[]>): EmbeddingProvider {
  const names = Object.keys(axes);
  return {
    model: 'fake',
    version: '1',
    dimensions: names.length + 1,
    async embed(texts) {
      return texts.map((t) => {
        const v = new Float32Array(names.length + 1);
        names.forEach((a, i) => (v[i] = axes[a]!.some((w) => t.toLowerCase().includes(w)) ? 1 : 0));
        v[names.length] = 0.3; // a little of nothing-in-particular, so unrelated texts are not orthogonal to all
        const norm = Math.hypot(...v);
        return v.map((x) => x / norm);
      });
    },
    async close() {},
  };
}

describe('unknown words through WordNet', () => {
  it('relates a word to its dictionary form, synonyms and the words of its synonyms', () => {
    const words = relatedWords('innkeepers').map((r) => r.word);
    expect(words).toContain('innkeeper');
    expect(relatedWords('automakers').map((r) => r.word)).toContain('car manufacturer');
    // A verb form is not read as a noun ("came" has no noun sense): nothing.
    expect(relatedWords('came')).toEqual([]);
  });

  it('reads a trade\'s people as its industry, and says how', async () => {
    const p = await parse('hotelkeepers in Spain');
    expect(filters(p)).toEqual(['company.industry in ["Hospitality & Travel"]', 'company.country in ["Spain"]']);
    expect(p.conditions[0]!.label).toMatch(/hotelkeepers.*WordNet/);
    expect(p.matches[0]).toMatchObject({ phrase: 'hotelkeepers', meaning: 'industry Hospitality & Travel' });
    expect((await parse('contacts at automakers')).conditions.map((c) => c.value)).toEqual([['Automotive']]);
  });

  it('reads a person noun as a role when WordNet relates it to a job', async () => {
    const p = await parse('programmers in Hamburg');
    expect(p.roles.map((r) => r.families.map((f) => f.functions))).toEqual([[['engineering']]]);
    expect(p.roles[0]!.label).toMatch(/WordNet/);
  });

  it('reads a rank said with an adjective, and "top" before a non-object word as part of a phrase', async () => {
    const p = await parse('senior leadership in Madrid');
    expect(p.roles.map((r) => r.label)).toEqual(['senior leadership']);
    expect(p.intent).toBe('filter');
    const q = await parse('top executives at automakers');
    expect(q.top).toBeNull();
    expect(q.roles.map((r) => r.label)).toEqual(['top executives']);
  });

  it('reads a noun for a kind of organisation after an industry as "companies"', async () => {
    const p = await parse('biotech outfits in Spain');
    expect(filters(p)).toEqual(['company.industry in ["Biotechnology"]', 'company.country in ["Spain"]']);
    expect(p.unparsed).toEqual([]);
    expect(p.intent).toBe('filter');
  });

  it('does not take dictionary words for typos of lexicon words', async () => {
    const p = await parse('contacts who automate invoicing');
    expect(p.notes.join(' ')).not.toMatch(/automaker/);
    expect(filters(p)).toEqual([]);
  });
});

describe('unknown phrases by meaning (embedding provider against the descriptions)', () => {
  const provider = fakeProvider({
    leaders: ['chief executives', 'c-suite', 'bigwigs'],
    money: ['payroll', 'accounting', 'bean'],
    lodging: ['hotels', 'lodging', 'guesthouse'],
  });
  const meaning = new EmbeddingMeaning(provider, { threshold: 0.8, margin: 0.05 });

  it('matches a phrase to the nearest description above the threshold and says the score', async () => {
    const p = await parse('the bigwigs in Madrid', meaning);
    expect(p.roles).toHaveLength(1);
    expect(p.roles[0]!.families[0]!.seniorities).toEqual(['c_level']);
    expect(p.roles[0]!.label).toMatch(/by meaning, \d\.\d\d/);
    expect(p.matches[0]).toMatchObject({ phrase: 'bigwigs', meaning: 'seniority C-level' });
    const q = await parse('whoever handles payroll at energy firms', meaning);
    expect(q.roles[0]!.families[0]!.functions).toEqual(['finance']);
    expect(filters(q)).toEqual(['company.industry in ["Energy"]']);
  });

  it('abstains when no description is near enough, leaving the words to be ranked by meaning', async () => {
    const p = await parse('people at zebra crossings', meaning);
    expect(p.roles).toEqual([]);
    expect(p.matches).toEqual([]);
    expect(p.intent).toBe('semantic');
    expect(p.unparsed).toContain('zebra');
  });

  it('abstains when two concepts are about as near', async () => {
    const tie = new EmbeddingMeaning(fakeProvider({ both: ['brass', 'payroll', 'chief executives', 'accounting'] }), { threshold: 0.5, margin: 0.05 });
    const hits = await tie.nearest(['brass']);
    expect(hits.size).toBe(0);
  });

  it('embeds the descriptions once and caches phrases', async () => {
    let calls = 0;
    const counting: EmbeddingProvider = { ...provider, embed: async (t) => (calls++, provider.embed(t)) };
    const m = new EmbeddingMeaning(counting, { threshold: 0.8 });
    await m.nearest(['bigwigs']);
    await m.nearest(['bigwigs']);
    expect(calls).toBe(2); // descriptions, then the phrase; the second ask costs nothing
    expect(CONCEPT_DESCRIPTIONS.every((d) => descriptionTexts(d).length >= 1)).toBe(true);
  });

  it('says so when the provider fails, and still answers', async () => {
    const broken = new EmbeddingMeaning({ ...provider, embed: async () => Promise.reject(new Error('down')) });
    const p = await parse('the bigwigs in Madrid', broken);
    expect(p.notes.join(' ')).toMatch(/unavailable/);
    expect(filters(p)).toEqual(['company.city in ["Madrid"]']);
  });
});

describe('negation, absence and time windows', () => {
  it('reads "haven\'t talked to" as no contact in the window, or never', async () => {
    const p = await parse("who haven't we spoken to in 45 days");
    expect(p.entity).toBe('contact');
    expect(filters(p)).toEqual(['contact.last_contacted_at lt "2027-01-24T09:00:00Z"', 'contact.last_contacted_at empty true']);
    expect(p.conditions.every((c) => c.anyGroup === p.conditions[0]!.anyGroup)).toBe(true);
    expect(p.notes).toEqual([]);
  });

  it('reads "no activity in N days" over the activities, not the creation date, composed with other filters', async () => {
    const p = await parse('fintech opportunities without any activity in the last 90 days');
    expect(filters(p)).toEqual([
      'company.industry in ["Financial Technology"]',
      'deal.activity nin {"from":"2026-12-10T09:00:00.000Z","to":"2027-03-10T09:00:00.000Z"}',
      'deal.stage in ["lead","qualified","proposal","negotiation"]',
    ]);
    const q = await parse('dormant accounts in Germany');
    expect(q.entity).toBe('company');
    expect(filters(q)[1]).toMatch(/^company\.activity nin/);
    expect(q.notes.join(' ')).toMatch(/no activity in the last 30 days/);
  });
});

describe('constraints kept together', () => {
  it('keeps "won"/"lost" beside a date', async () => {
    const p = await parse('what did we sign in January');
    expect(filters(p)).toEqual(['deal.stage in ["closed_won"]', 'deal.closed_at gte "2027-01-01T00:00:00Z"', 'deal.closed_at lt "2027-02-01T00:00:00Z"']);
    const q = await parse('number of opportunities we lost last month');
    expect(q.aggregate?.fn).toBe('count');
    expect(filters(q)[0]).toBe('deal.stage in ["closed_lost"]');
  });

  it('narrows "open" by an explicit stage and keeps closed deals out of expected closes', async () => {
    expect(filters(await parse('active opportunities at proposal'))).toEqual(['deal.stage in ["proposal"]']);
    const p = await parse('opportunities due to close next month above 20k');
    expect(filters(p)).toEqual([
      'deal.stage in ["lead","qualified","proposal","negotiation"]',
      'deal.expected_close gte "2027-04-01"',
      'deal.expected_close lt "2027-05-01"',
      'deal.amount gt 20000',
    ]);
  });

  it('reads "pipeline" as open deals only', async () => {
    const p = await parse('average pipeline in energy');
    expect(p.aggregate).toMatchObject({ fn: 'avg', field: 'amount' });
    expect(filters(p)).toContain('deal.stage in ["lead","qualified","proposal","negotiation"]');
  });
});

describe('top-N', () => {
  it('reads a count after the superlative, and the sort follows the field named', async () => {
    const p = await parse('largest 4 accounts by turnover');
    expect(p.top).toBe(4);
    expect(p.sort).toMatchObject({ field: 'annual_revenue', direction: 'desc' });
    expect(p.unparsed).toEqual([]);
  });
});

describe('tasks', () => {
  it('reads overdue tasks as due before now and not completed', async () => {
    const p = await parse('which to-dos are overdue');
    expect(p.entity).toBe('activity');
    expect(filters(p)).toEqual(['activity.type in ["task"]', 'activity.due_at lt "2027-03-10T09:00:00Z"', 'activity.completed_at empty true']);
  });

  it('reads a task\'s date as its due date', async () => {
    const p = await parse('tasks due next week');
    expect(filters(p)).toEqual(['activity.type in ["task"]', 'activity.due_at gte "2027-03-15T00:00:00Z"', 'activity.due_at lt "2027-03-22T00:00:00Z"']);
    expect(filters(await parse('finished tasks'))).toEqual(['activity.type in ["task"]', 'activity.completed_at empty false']);
  });
});
