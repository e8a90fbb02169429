/**
 * A rank said as an adjective (issue 22): "senior contacts", "anyone senior at …" name the seniorities, like "senior
 * folks" did. Sentences written for the test, in no benchmark or probe file.
 */
import { describe, expect, it } from 'vitest';
import { lexiconOf } from '../../../src/intelligence/nlq/lexicon.js';
import { parseQuery, type NameResolver } from '../../../src/intelligence/nlq/parser.js';

const lexicon = lexiconOf({ industries: ['Insurance'], countries: [], cities: [], products: [], sources: [], titles: ['Chief Executive Officer'], tags: [] });
const names: NameResolver = { companies: async () => new Map(), record: async () => undefined };
const parse = (text: string) => parseQuery(text, { lexicon, now: new Date('2026-11-24T15:00:00Z'), names });

describe('rank adjectives', () => {
  it('senior or junior before the word for contacts, or after "anyone", is a seniority', async () => {
    for (const [text, level] of [['senior contacts at insurers', 'c_level'], ['is there anyone senior at our insurance accounts', 'c_level'], ['junior contacts', 'individual']] as const) {
      const p = await parse(text);
      expect([text, p.entity, p.roles.flatMap((r) => r.families.flatMap((f) => f.seniorities ?? [])).includes(level), p.unparsed]).toEqual([text, 'contact', true, []]);
    }
  });
});
