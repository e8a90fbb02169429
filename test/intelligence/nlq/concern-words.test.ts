/**
 * The lexical side of persona ranking (src/intelligence/nlq/concern-words.ts): words a query shares with the
 * notes' sentences in any dictionary form, through WordNet synonyms and derived forms, weighted by rarity.
 * Sentences and queries are written here (none comes from a benchmark file).
 */
import { describe, expect, it } from 'vitest';
import { conceptsIn, contentWords, expand, SentenceWords } from '../../../src/intelligence/nlq/concern-words.js';

const SENTENCES = [
  'Piloting an AI assistant for the help desk.',
  'Wants emotional intelligence training for managers.',
  'Their outlay on travel doubled this year.',
  'Plans a team offsite in spring.',
  'Forecasts for the harvest look weak.',
  'The harvest festival needs volunteers.',
];
const ranked = (sw: SentenceWords, q: string) => [...sw.scores(q)];

describe('concern words', () => {
  it('keeps only the words that carry the concern', () => {
    expect(contentWords('Contacts who are worried about the yearly tax filing')).toEqual(['yearly', 'tax', 'filing']);
    expect(contentWords('people that keep asking about it')).toEqual([]);
  });

  it("expands a word to its dictionary forms, WordNet synonyms and derived forms, the word's own forms first", () => {
    const spending = expand('spending');
    expect(spending.get('spend')).toBe(1);
    expect(spending.get('expenditure')).toBeGreaterThan(0);
    expect(spending.get('expenditure')).toBeLessThan(1);
    expect(expand('sell').has('sale') || expand('sell').has('selling')).toBe(true);
    // Short words (acronyms) are not expanded.
    expect([...expand('roi').keys()]).toEqual(['roi']);
  });

  it('scores a sentence by the query words it holds in any form, and a synonym less than the word itself', () => {
    const sw = new SentenceWords(SENTENCES);
    const forecast = ranked(sw, 'forecasting the harvest');
    // "forecasting" → forecast (the sentence says "Forecasts"), "harvest" in both harvest sentences.
    expect(forecast[4]).toBeGreaterThan(forecast[5]!);
    expect(forecast[5]).toBeGreaterThan(0);
    expect(forecast[0]).toBe(0);
    const outlay = ranked(sw, 'expenditure');
    expect(outlay[2]).toBeGreaterThan(0);
    expect(outlay[2]).toBeLessThan(ranked(sw, 'outlay')[2]!);
    expect(ranked(sw, 'nothing here matches zebras').every((x) => x === 0)).toBe(true);
  });

  it('counts a rarer shared word for more than a common one', () => {
    const sw = new SentenceWords(['Budget review in May.', 'Budget review in June.', 'Budget freeze until autumn.', 'Office move in May.']);
    const s = ranked(sw, 'budget freeze');
    expect(s[2]).toBeGreaterThan(s[0]!);
    // "budget" is in three sentences of four, "freeze" in one: freeze alone outweighs budget alone.
    const freeze = ranked(sw, 'freeze')[2]!;
    const budget = ranked(sw, 'budget')[0]!;
    expect(freeze).toBeGreaterThan(budget);
  });

  it('reads two words WordNet holds as one term by the term, when the sentences speak of it', () => {
    const sw = new SentenceWords(SENTENCES);
    const ai = ranked(sw, 'artificial intelligence');
    // "artificial intelligence" is AI; the "emotional intelligence" sentence shares only a word of it.
    expect(ai[0]).toBeGreaterThan(ai[1]!);
    expect(ai[1]).toBe(0);
    // Without a sentence that says AI, the words count one by one.
    const plain = new SentenceWords(SENTENCES.filter((s) => !s.includes('AI')));
    expect(ranked(plain, 'artificial intelligence')[0]).toBeGreaterThan(0);
  });

  it('corrects a misspelt word to the word of the notes one edit away (two from eight letters), and leaves real words alone', () => {
    const sw = new SentenceWords([
      'Wants conversation intelligence for their sales calls.',
      'Interested in deep learning for students.',
      'Kubernetes clusters keep failing at night.',
      'Evaluating a data platform this spring.',
    ]);
    expect(sw.correct('artificial inteligence')).toEqual({ text: 'artificial intelligence', corrected: [['inteligence', 'intelligence']] });
    // A swap of two neighbours is one edit.
    expect(sw.correct('a new platfrom').text).toBe('a new platform');
    expect(sw.correct('kubernetes clustres').corrected).toEqual([['clustres', 'clusters']]);
    // Words WordNet knows are words, even one edit from a word of the notes ("sprint" / "spring", "learner").
    expect(sw.correct('sprint planning').corrected).toEqual([]);
    expect(sw.correct('every learner').corrected).toEqual([]);
    // Nothing near enough, or too short to tell: left as typed.
    expect(sw.correct('upskilling their staff').corrected).toEqual([]);
    expect(sw.correct('dta').corrected).toEqual([]);
  });
});

describe('acronyms of the notes', () => {
  const sw = new SentenceWords([
    'Asked whether we support SSO and data residency.',
    'Asked about integrations with their ERP.',
    'Cares about marketing ROI.',
    'Complained that their current CRM has poor reporting.',
  ]);

  it('reads words whose initials spell an acronym of the notes as it', () => {
    expect(sw.correct('need single sign-on')).toEqual({ text: 'need SSO', corrected: [['single sign-on', 'SSO']] });
    expect(sw.correct('hooking into their enterprise resource planning').text).toBe('hooking into their ERP');
    // One filler word inside the run is allowed.
    expect(sw.correct('care about return on investment').text).toBe('care about ROI');
    // With a typo beside it, both are read.
    expect(sw.correct('customer relationship management reportng').corrected).toEqual([
      ['customer relationship management', 'CRM'],
      ['reportng', 'reporting'],
    ]);
    const scores = [...sw.scores(sw.correct('single sign on').text)];
    expect(scores[0]).toBeGreaterThan(0);
    expect(scores.slice(1).every((x) => x === 0)).toBe(true);
  });

  it('leaves runs that start with a filler word, hold two, or sit across punctuation', () => {
    expect(sw.correct('people who can really manage').corrected).toEqual([]);
    expect(sw.correct('it is running on a big server').corrected).toEqual([]);
    expect(sw.correct('customer, relationship management').corrected).toEqual([]);
    // A workspace whose notes have no acronyms reads nothing.
    expect(new SentenceWords(['Plans a team offsite.']).correct('single sign on').corrected).toEqual([]);
  });
});

describe('business-concern groups', () => {
  const sw = new SentenceWords([
    'Runs multivariate tests on the pricing page.',
    'Needs a penetration test before renewal.',
    'Announced a brand overhaul for next spring.',
    'Plans to hire two engineers in spring.',
  ]);

  it('names a group in any of its phrases, by word lemmas in order', () => {
    expect(conceptsIn('people who run lots of split tests').map((c) => c.form)).toEqual(['concern:experiments']);
    expect(conceptsIn('Announced a brand overhaul for next spring.').map((c) => c.form)).toEqual(['concern:rebrand']);
    expect(conceptsIn('tests of the brand')).toEqual([]);
  });

  it('matches a query and a sentence naming one group, and not by the words the group consumed', () => {
    const q = ranked(sw, 'who is running split tests');
    // "split tests" is the experiments group: the multivariate sentence, not the penetration test.
    expect(q[0]).toBeGreaterThan(0);
    expect(q[1]).toBe(0);
    const r = ranked(sw, 'who wants a rebrand');
    expect(r[2]).toBeGreaterThan(0);
    expect(r.filter((x) => x > 0)).toHaveLength(1);
  });
});
