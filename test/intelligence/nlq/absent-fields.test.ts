/**
 * A field named after a negation is empty (issue 22): "deals with no owner" is not a role called owner, and
 * "unassigned" says the owner is missing. Sentences written for the test, in no benchmark or probe file.
 */
import { describe, expect, it } from 'vitest';
import { lexiconOf } from '../../../src/intelligence/nlq/lexicon.js';
import { parseQuery, type NameResolver } from '../../../src/intelligence/nlq/parser.js';

const lexicon = lexiconOf({ industries: ['Energy'], countries: [], cities: [], products: [], sources: [], titles: ['Chief Executive Officer'], tags: [] });
const names: NameResolver = { companies: async () => new Map(), record: async () => undefined };
const parse = (text: string) => parseQuery(text, { lexicon, now: new Date('2026-11-24T15:00:00Z'), names });
const empties = async (text: string) => (await parse(text)).conditions.filter((c) => c.op === 'empty').map((c) => `${c.entity}.${c.field}`);

describe('absent fields', () => {
  it('no owner, said every way, is an empty owner on the object asked for', async () => {
    for (const text of ['opportunities with no owner', 'deals that have no owner yet', 'unassigned opportunities', 'accounts without an owner']) {
      const p = await parse(text);
      expect([text, await empties(text), p.roles]).toEqual([text, [`${p.entity}.owner`], []]);
    }
  });

  it('a word kept for an absent field that the object does not have is said to be not understood', async () => {
    // A contact's phone is not reached from companies: the word is not dropped silently.
    const p = await parse('companies with no phone');
    expect(p.conditions.filter((c) => c.op === 'empty')).toEqual([]);
    expect(p.unparsed).toContain('phone');
  });
});
