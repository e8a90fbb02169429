/**
 * Persona queries ranked by the notes' sentences (src/intelligence/nlq/concerns.ts), on both databases. The
 * embedder is a stand-in whose vectors follow a few axes of meaning chosen by words, so each test says exactly
 * which sentence is near which query; the real provider is measured by bench:nlq. Sentences are written here.
 */
import { expect, it } from 'vitest';
import { ConcernIndex, concernPhrase, firstBest, sentenceTemplates, splitSentences } from '../../../src/intelligence/nlq/concerns.js';
import { describeEachBackend } from '../../support/backends.js';

const AXES: Record<string, string[]> = {
  tax: ['tax', 'levy', 'fiscal'],
  travel: ['travel', 'trip', 'flight', 'hotel'],
  pets: ['dog', 'cat', 'pet'],
};

function axisEmbed(texts: string[]): Promise<Float32Array[]> {
  const names = Object.keys(AXES);
  return Promise.resolve(
    texts.map((t) => {
      const v = new Float32Array(names.length + 1);
      names.forEach((a, i) => (v[i] = AXES[a]!.some((w) => t.toLowerCase().includes(w)) ? 1 : 0));
      v[names.length] = 0.2;
      const norm = Math.hypot(...v);
      return v.map((x) => x / norm);
    }),
  );
}

describeEachBackend('persona ranking by notes sentences', (ctx) => {
  const ws = 'default';
  let embedded = 0;
  const embed = async (texts: string[]) => {
    embedded += texts.length;
    return axisEmbed(texts);
  };

  it('ranks contacts by the sentence nearest the query, within the allowed ones, and embeds each sentence once', async () => {
    const { crm } = ctx();
    const people: [string, string, string][] = [
      ['ct_t1', 'Finance Manager', 'Dreads the yearly fiscal filing. Wants a faster close.'],
      ['ct_t2', 'Finance Manager', 'Dreads the yearly fiscal filing.'],
      ['ct_v1', 'Travel Coordinator', 'Books every flight by hand.'],
      ['ct_p1', 'Office Manager', 'Brings a dog to the office every day.'],
      ['ct_c1', 'Finance Manager', 'Wants a faster close.'],
      ['ct_n1', 'Office Manager', ''],
    ];
    for (const [id, title, notes] of people) await crm.records.create(ws, 'contact', { id, first_name: id, last_name: 'Test', title, notes });
    const index = new ConcernIndex(crm.storage, embed);
    const [q] = await axisEmbed(['worried about the tax return']);
    const ranking = (await index.rank(ws, 'the tax return', q!, null, 10))!;
    expect(ranking.bestSentence).toBe('Dreads the yearly fiscal filing.');
    expect(ranking.hits.slice(0, 2).map((h) => h.id).sort()).toEqual(['ct_t1', 'ct_t2']);
    // A contact without notes is not ranked by notes.
    expect(ranking.hits.map((h) => h.id)).not.toContain('ct_n1');
    // "Wants a faster close" is voiced with the fiscal filing by ct_t1: it ranks above the unrelated flight and dog.
    const ids = ranking.hits.map((h) => h.id);
    expect(ids.indexOf('ct_c1')).toBeLessThan(ids.indexOf('ct_v1'));
    expect(ids.indexOf('ct_c1')).toBeLessThan(ids.indexOf('ct_p1'));
    expect(ranking.hits[0]!.reasons[0]).toContain('fiscal filing');
    const once = embedded;
    expect(once).toBe(4); // four distinct sentences
    const narrowed = (await index.rank(ws, 'the tax return', q!, new Set(['ct_v1', 'ct_p1']), 10))!;
    expect(narrowed.hits.map((h) => h.id).sort()).toEqual(['ct_p1', 'ct_v1']);
    expect(embedded).toBe(once);
  });

  it('is built ahead by prepare(), so a persona query afterwards embeds no sentence', async () => {
    const { crm } = ctx();
    await crm.records.create(ws, 'contact', { id: 'ct_w1', first_name: 'W', last_name: 'Test', title: 'Travel Coordinator', notes: 'Plans every trip for the sales team.' });
    const index = new ConcernIndex(crm.storage, embed);
    const before = embedded;
    expect(await index.prepare(ws)).toBe(true);
    const afterPrepare = embedded;
    expect(afterPrepare).toBeGreaterThan(before);
    const [q] = await axisEmbed(['people planning a trip']);
    const ranking = (await index.rank(ws, 'planning a trip', q!, null, 5))!;
    // The travel sentences (this one and the earlier test's flight) lead, the other notes follow.
    expect(ranking.hits.slice(0, 2).map((h) => h.id)).toContain('ct_w1');
    expect(embedded).toBe(afterPrepare);
  });

  it('ranks by the words a sentence shares with the query when the embedding cannot tell the sentences apart', async () => {
    const { crm } = ctx();
    // None of these sentences touches an axis of the stand-in embedder: their vectors are identical.
    const people: [string, string, string][] = [
      ['ct_l1', 'Office Manager', 'Repainting the lobby before winter.'],
      ['ct_l2', 'Office Manager', 'Expenditure on printing keeps climbing.'],
      ['ct_l3', 'Office Manager', 'Moving the archive to the basement.'],
    ];
    for (const [id, title, notes] of people) await crm.records.create('lexical', 'contact', { id, first_name: id, last_name: 'Test', title, notes });
    const index = new ConcernIndex(crm.storage, embed);
    const [q] = await axisEmbed(['keeping an eye on spending']);
    const ranking = (await index.rank('lexical', 'keeping an eye on spending', q!, null, 3))!;
    // "spending" and "expenditure" are WordNet synonyms.
    expect(ranking.hits[0]!.id).toBe('ct_l2');
    expect(ranking.bestSentence).toBe('Expenditure on printing keeps climbing.');
    expect(ranking.hits[0]!.score).toBeGreaterThan(ranking.hits[1]!.score);
  });

  it("reads a misspelt concern as the notes' word, and leaves it as typed in a workspace without notes", async () => {
    const { crm } = ctx();
    await crm.records.create('spelling', 'contact', { id: 'ct_s1', first_name: 'S', last_name: 'Test', title: 'Controller', notes: 'Reconciliation of invoices takes a week.' });
    const index = new ConcernIndex(crm.storage, embed);
    expect(await index.spell('spelling', 'slow reconcilliation')).toEqual({ text: 'slow reconciliation', corrected: [['reconcilliation', 'reconciliation']] });
    expect((await index.spell('nobody-here', 'slow reconcilliation')).text).toBe('slow reconcilliation');
  });

  it('answers null when no contact has notes', async () => {
    const index = new ConcernIndex(ctx().crm.storage, embed);
    const [q] = await axisEmbed(['pets']);
    expect(await index.rank('another-workspace', 'pets', q!, null, 5)).toBeNull();
  });
});

it('firstBest keeps the items a stable sort by score would put first, in their own order', () => {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let round = 0; round < 200; round++) {
    // Few distinct scores, so ties sit at the cut.
    const items = Array.from({ length: 1 + Math.floor(next() * 60) }, (_, i) => ({ i, score: Math.floor(next() * 6) / 4 - 0.5 }));
    for (const n of [0, 1, 3, 10, 30, 80]) {
      const bySort = [...items].sort((a, b) => b.score - a.score).slice(0, n);
      const picked = firstBest(items, n);
      expect(picked.map((x) => x.i).sort((a, b) => a - b)).toEqual(bySort.map((x) => x.i).sort((a, b) => a - b));
      expect(picked.map((x) => x.i)).toEqual([...picked].sort((a, b) => a.i - b.i).map((x) => x.i));
    }
  }
});

describeEachBackend('persona ranking: a short list is the head of a long one', (ctx) => {
  it('ranks the same contacts first whatever the limit, ties ordered by id', async () => {
    const { crm } = ctx();
    const ws = 'default';
    // Many contacts share a sentence (equal scores); two functions, so the persona share differs between them.
    for (let i = 0; i < 40; i++) {
      const notes = i % 4 === 0 ? 'Dreads the yearly fiscal filing.' : i % 4 === 1 ? 'Dreads the yearly fiscal filing. Books every flight by hand.' : i % 4 === 2 ? 'Books every flight by hand.' : 'Brings a dog to the office every day.';
      // Ids in mixed case: the database lists them in another order than the ranking's tie order.
      await crm.records.create(ws, 'contact', { id: `ct_${i % 3 ? 'q' : 'Q'}${String(40 - i).padStart(3, '0')}`, first_name: `P${i}`, last_name: 'Test', title: i % 2 ? 'Finance Manager' : 'Travel Coordinator', notes });
    }
    const index = new ConcernIndex(crm.storage, axisEmbed);
    const [q] = await axisEmbed(['the fiscal filing']);
    const all = (await index.rank(ws, 'the fiscal filing', q!, null, 1000))!;
    expect(all.hits).toHaveLength(40);
    for (const n of [1, 5, 10, 11, 25, 39]) expect((await index.rank(ws, 'the fiscal filing', q!, null, n))!.hits).toEqual(all.hits.slice(0, n));
    const allowed = new Set(all.hits.filter((_, i) => i % 3 !== 1).map((h) => h.id));
    const narrowed = (await index.rank(ws, 'the fiscal filing', q!, allowed, 1000))!.hits;
    expect(narrowed).toEqual(all.hits.filter((h) => allowed.has(h.id)));
    expect((await index.rank(ws, 'the fiscal filing', q!, allowed, 7))!.hits).toEqual(narrowed.slice(0, 7));
    // Ties are in id order.
    for (let i = 1; i < all.hits.length; i++) {
      const [a, b] = [all.hits[i - 1]!, all.hits[i]!];
      expect(a.score > b.score || (a.score === b.score && a.id.localeCompare(b.id) < 0)).toBe(true);
    }
  });
});

it('splits notes into sentences and drops fragments', () => {
  expect(splitSentences('Hiring fast; wants to streamline recruiting. Evaluating HRIS replacements!\nok')).toEqual([
    'Hiring fast; wants to streamline recruiting.',
    'Evaluating HRIS replacements!',
  ]);
});

it('keeps the concern and drops the words that only introduce it', () => {
  expect(concernPhrase('who want to cut their cloud bill')).toBe('cut their cloud bill');
  expect(concernPhrase('interested in migrating to the cloud')).toBe('migrating to the cloud');
  expect(concernPhrase('worried about')).toBe('worried about');
  expect(concernPhrase('data residency')).toBe('data residency');
});

it('finds the variants of one sentence and compares them by the words they share', () => {
  const teams = ['bakery', 'courier', 'call centre', 'night shift', 'warehouse', 'front desk', 'kitchen', 'field service'];
  const sentences = [...teams.map((t) => `Worried about overtime costs in their ${t} teams.`), 'Books every flight by hand.', 'Worried about the weather.'];
  const t = sentenceTemplates(sentences);
  // Eight variants of one span of up to three words make a template; the others stand alone.
  expect([...t.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  expect(t.get(0)).toEqual({ text: 'Worried about overtime costs in their teams.', shown: 'Worried about overtime costs in their … teams.' });
  expect(t.get(2)).toEqual(t.get(0));
  // Seven variants are not enough (a few notes alike by chance keep their words), and short sentences sharing few
  // words are none.
  expect(sentenceTemplates(sentences.slice(1))).toEqual(new Map());
  expect(sentenceTemplates(['dog', 'cat', 'pig', 'cow', 'hen', 'fox', 'owl', 'elk'].map((a) => `Likes the ${a}.`)).size).toBe(0);
});

describeEachBackend('persona ranking by variants and titles', (ctx) => {
  const ws = 'default';

  it("matches a template's variants by its shared words, not by the varying word, and shows the contact's own sentence", async () => {
    const { crm } = ctx();
    // The varying word is a travel word: compared whole, every variant would sit near a travel query.
    const variants = ['flight', 'hotel', 'trip', 'travel desk', 'travel agency', 'hotel chain', 'trip planning', 'flight desk'];
    for (const [i, v] of variants.entries()) {
      await crm.records.create(ws, 'contact', { id: `ct_v${i}`, first_name: 'V', last_name: String(i), title: 'Finance Manager', notes: `Chasing the fiscal year end for their ${v} accounts.` });
    }
    await crm.records.create(ws, 'contact', { id: 'ct_t1', first_name: 'T', last_name: '1', title: 'Travel Coordinator', notes: 'Books every trip by hand.' });
    const index = new ConcernIndex(crm.storage, axisEmbed);
    const [q] = await axisEmbed(['booking travel']);
    const ranking = (await index.rank(ws, 'booking travel', q!, null, 10))!;
    expect(ranking.hits[0]!.id).toBe('ct_t1');
    // Each variant is as far from travel as its shared words are (a whole variant would be at 0.7 or more).
    const cosine = (reason: string) => Number(/\(([-\d.]+)\)$/.exec(reason)![1]);
    for (const h of ranking.hits.filter((x) => x.id.startsWith('ct_v'))) expect(cosine(h.reasons[0]!), h.id).toBeLessThan(0.3);
    const [tax] = await axisEmbed(['fiscal worries']);
    const byTax = (await index.rank(ws, 'fiscal worries', tax!, null, 10))!;
    expect(byTax.bestSentence).toBe('Chasing the fiscal year end for their … accounts.');
    expect(byTax.hits.find((h) => h.id === 'ct_v1')!.reasons[0]).toContain('their hotel accounts');
  });

  it("lifts the contacts whose job title commonly voices the concern, when their own notes say it less plainly", async () => {
    const { crm } = ctx();
    // Tax managers commonly speak of fiscal matters; one of them wrote a vaguer note. A pet-shop owner's note holds
    // the word "tax" once, beside pets.
    for (let i = 0; i < 4; i++) await crm.records.create(ws, 'contact', { id: `ct_m${i}`, first_name: 'M', last_name: String(i), title: 'Tax Manager', notes: 'Dreads the fiscal filing. Wants a faster close.' });
    await crm.records.create(ws, 'contact', { id: 'ct_m9', first_name: 'M', last_name: '9', title: 'Tax Manager', notes: 'Wants a faster close.' });
    await crm.records.create(ws, 'contact', { id: 'ct_p1', first_name: 'P', last_name: '1', title: 'Shop Owner', notes: 'Sells dog food and pays the tax on pet toys.' });
    const index = new ConcernIndex(crm.storage, axisEmbed);
    const [q] = await axisEmbed(['tax']);
    const ids = (await index.rank(ws, 'tax', q!, null, 20))!.hits.map((h) => h.id);
    expect(ids.indexOf('ct_m9')).toBeLessThan(ids.indexOf('ct_p1'));
  });
});
