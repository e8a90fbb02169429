/**
 * Fourteenth pass (issue 22): classes found with probe sentences (bench/nlq/probes-14.jsonl) — deal stages said in
 * idioms, idioms and clause-only concepts read only where the grammar says a stage is meant, WordNet derivations kept
 * to a word's own family, people stuck doing something, every form of a concern cue's verb, buying from us, a
 * sector's name in the plural. Every sentence here is written for the test: none comes from a benchmark file or from
 * a probe file.
 */
import { describe, expect, it } from 'vitest';
import type { EmbeddingProvider } from '../../../src/intelligence/embeddings/index.js';
import type { ConceptDescription } from '../../../src/intelligence/lexicon/descriptions.js';
import { relatedWords } from '../../../src/intelligence/lexicon/wordnet.js';
import { lexiconOf } from '../../../src/intelligence/nlq/lexicon.js';
import { EmbeddingMeaning } from '../../../src/intelligence/nlq/meaning.js';
import { parseQuery, type NameResolver, type ParsedQuery } from '../../../src/intelligence/nlq/parser.js';

// A small workspace of its own (not the shared data set).
const lexicon = lexiconOf({
  industries: ['Financial Technology', 'Education', 'Insurance', 'Energy'],
  countries: ['Germany', 'Norway'],
  cities: ['Berlin', 'Oslo'],
  products: ['Payments API', 'Route Planner'],
  sources: ['referral', 'webinar'],
  titles: ['Chief Financial Officer', 'Sales Manager', 'HR Director'],
  tags: [],
});
const names: NameResolver = { companies: async () => new Map(), record: async () => undefined };
const now = new Date('2026-11-24T15:00:00Z');
const parse = (text: string) => parseQuery(text, { lexicon, now, names });
const filters = (p: ParsedQuery) => p.conditions.map((c) => `${c.entity}.${c.field} ${c.op} ${JSON.stringify(c.value)}`);
const stages = (p: ParsedQuery) => p.conditions.filter((c) => c.field === 'stage').map((c) => c.value);

describe('fourteenth pass: a deal stage said in an idiom', () => {
  it('near the end and not yet signed is negotiation', async () => {
    for (const text of ['which opportunities are in the final stretch', 'deals we are bargaining on', 'deals awaiting their signature in Norway']) {
      const p = await parse(text);
      expect([text, p.entity, stages(p)]).toEqual([text, 'deal', [['negotiation']]]);
    }
    expect(filters(await parse('deals awaiting their signature in Norway'))).toContain('company.country in ["Norway"]');
  });

  it('across the line is won; the very beginning is a lead', async () => {
    expect(stages(await parse('opps that crossed the line'))).toEqual([['closed_won']]);
    expect(stages(await parse('deals at the very beginning'))).toEqual([['lead']]);
  });
});

/** Texts as bag-of-words unit vectors: a phrase is near a text that shares its words. */
function wordsProvider(): EmbeddingProvider {
  const dims = 64;
  const vec = (t: string) => {
    const v = new Float32Array(dims);
    for (const w of t.toLowerCase().split(/\W+/).filter(Boolean)) v[[...w].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % dims, 7)]! += 1;
    const n = Math.hypot(...v) || 1;
    return v.map((x) => x / n);
  };
  return { model: 'words', version: '1', dimensions: dims, embed: async (texts: readonly string[]) => texts.map(vec) } as unknown as EmbeddingProvider;
}

describe('fourteenth pass: idioms and clause-only concepts are read only where the grammar names the kind', () => {
  const descriptions: ConceptDescription[] = [
    { label: 'stage proposal', target: { kind: 'stage', stages: ['proposal'] }, description: 'zebra quartz', idioms: ['kettle lantern'] },
    { label: 'stage lead', target: { kind: 'stage', stages: ['lead'] }, description: 'violet harbour', clauseOnly: true },
  ];
  const stageOnly = { accept: (c: ConceptDescription) => c.target.kind === 'stage', threshold: 0.9 };

  it('an idiom places a phrase only when asked for idioms', async () => {
    const m = new EmbeddingMeaning(wordsProvider(), { descriptions, threshold: 0.9 });
    expect((await m.nearest(['kettle lantern'])).size).toBe(0);
    expect((await m.nearest(['kettle lantern'], ['stage'], stageOnly)).size).toBe(0);
    expect((await m.nearest(['kettle lantern'], ['stage'], { ...stageOnly, idioms: true })).get('kettle lantern')?.concept.label).toBe('stage proposal');
  });

  it('a clause-only concept is never a general reading', async () => {
    const m = new EmbeddingMeaning(wordsProvider(), { descriptions, threshold: 0.9 });
    expect((await m.nearest(['violet harbour'])).size).toBe(0);
    expect((await m.nearest(['violet harbour'], ['stage'], { ...stageOnly, idioms: true })).get('violet harbour')?.concept.label).toBe('stage lead');
  });
});

describe('fourteenth pass: a WordNet derivation stays in the word\'s own family', () => {
  it('follows negotiate → negotiation, not start → loss', () => {
    const derived = (w: string) => relatedWords(w, ['verb']).filter((r) => r.relation === 'derivation').map((r) => r.word);
    expect(derived('negotiate')).toContain('negotiation');
    expect(derived('start')).not.toContain('loss');
  });
});

describe('fourteenth pass: people stuck doing something', () => {
  it('is what they struggle with, not a quiet contact', async () => {
    const p = await parse('contacts stuck reconciling invoices by hand');
    expect(p.conditions.filter((c) => c.field === 'last_contacted_at')).toEqual([]);
    expect(p.topic).toContain('reconciling');
  });

  it('"stuck contacts" alone are still contacts gone quiet', async () => {
    expect((await parse('stuck contacts in Oslo')).conditions.some((c) => c.field === 'last_contacted_at')).toBe(true);
  });
});

describe('fourteenth pass: a concern cue in another form of its verb', () => {
  it('"struggled with", "plans to" open the concern as "struggling with", "planning to" do', async () => {
    expect((await parse('people who struggled with audits')).topic).toBe('struggled with audits');
    const p = await parse('anyone who plans to open a warehouse');
    expect([p.intent, p.entity, p.roles, p.conditions]).toEqual(['semantic', 'contact', [], []]);
  });

  it('a word for records is never the verb ("deals with …")', async () => {
    const p = await parse('deals with no activity in 3 weeks');
    expect([p.entity, p.topic]).toEqual(['deal', null]);
  });
});

describe('fourteenth pass: buying from us', () => {
  it('with nothing bought named is a won deal, absent or present', async () => {
    const none = await parse('accounts that have not bought from us yet');
    expect([none.entity, none.conditions.map((c) => c.label)]).toEqual(['company', ['no won deals']]);
    const some = await parse('firms that purchased from us');
    expect([some.entity, some.conditions.map((c) => c.label)]).toEqual(['company', ['has won deals']]);
  });
});

describe('fourteenth pass: a sector\'s name in the plural is its firms', () => {
  it('"fintechs in Norway", "edtechs in Germany" ask for companies', async () => {
    for (const text of ['fintechs in Norway', 'edtechs in Germany']) expect((await parse(text)).entity).toBe('company');
  });

  it('people at them are still people', async () => {
    expect((await parse('contacts at fintechs in Norway')).entity).toBe('contact');
  });
});
