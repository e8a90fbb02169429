/**
 * Acronyms spelled out for the embedding model (src/intelligence/lexicon/acronyms.ts) and their effect on the
 * persona ranking: a note naming "GDPR" is near a question about privacy law once the model is told what GDPR is.
 * The embedder is a stand-in whose axes follow words, so the test says exactly why a sentence is near a query.
 */
import { expect, it } from 'vitest';
import { spellOutAcronyms } from '../../src/intelligence/lexicon/acronyms.js';
import { ConcernIndex } from '../../src/intelligence/nlq/concerns.js';
import { describeEachBackend } from '../support/backends.js';

it('follows each known acronym with what it stands for, once, and leaves other text alone', () => {
  expect(spellOutAcronyms('Raised GDPR twice; GDPR again')).toBe('Raised GDPR (EU data protection and privacy law) twice; GDPR again');
  expect(spellOutAcronyms('Needs SSO and an ERP.')).toBe('Needs SSO (single sign-on login) and an ERP (enterprise resource planning finance and operations system).');
  // Case and word boundaries: "it" is a pronoun, "HRISx" no acronym, "APIs" the plural of one.
  expect(spellOutAcronyms('it is HRISx')).toBe('it is HRISx');
  expect(spellOutAcronyms('Wants better APIs')).toBe('Wants better APIs (programming interface for developers and integrations)');
});

const AXES = [['privacy', 'gdpr-unknown'], ['travel', 'flight'], ['hiring', 'recruit']];
const axisEmbed = (texts: string[]) =>
  Promise.resolve(
    texts.map((t) => {
      const v = new Float32Array(AXES.length + 1);
      AXES.forEach((words, i) => (v[i] = words.some((w) => t.toLowerCase().includes(w)) ? 1 : 0));
      v[AXES.length] = 0.2;
      const norm = Math.hypot(...v);
      return v.map((x) => x / norm);
    }),
  );

describeEachBackend('persona ranking with acronyms spelled out', (ctx) => {
  it('finds the note that names an acronym by what the acronym means', async () => {
    const { crm } = ctx();
    const ws = 'default';
    for (const [id, notes] of [['ct_g1', 'GDPR came up in every call.'], ['ct_f1', 'Books every flight by hand.'], ['ct_h1', 'Wants to recruit faster.']]) {
      await crm.records.create(ws, 'contact', { id: id!, first_name: id!, last_name: 'Test', title: 'Manager', notes: notes! });
    }
    const index = new ConcernIndex(crm.storage, axisEmbed);
    const [q] = await axisEmbed(['worried about privacy law']);
    const ranking = (await index.rank(ws, 'privacy law', q!, null, 10))!;
    expect(ranking.bestSentence).toBe('GDPR came up in every call.');
    expect(ranking.hits[0]!.id).toBe('ct_g1');
  });
});
