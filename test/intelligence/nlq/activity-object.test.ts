/**
 * Activities as the object (issue 22's "a CRM people can work in"): a word for a kind of activity opening the
 * question names activities of that kind; said after what records have or lack, it stays a relation. Sentences
 * written for the test, in no benchmark or probe file.
 */
import { describe, expect, it } from 'vitest';
import { lexiconOf } from '../../../src/intelligence/nlq/lexicon.js';
import { parseQuery, type NameResolver, type ParsedQuery } from '../../../src/intelligence/nlq/parser.js';

const lexicon = lexiconOf({ industries: ['Insurance'], countries: [], cities: [], products: [], sources: [], titles: ['Chief Financial Officer'], tags: [] });
const names: NameResolver = { companies: async () => new Map(), record: async () => undefined };
const parse = (text: string) => parseQuery(text, { lexicon, now: new Date('2026-11-24T15:00:00Z'), names });
const said = (p: ParsedQuery) => p.conditions.map((c) => `${c.entity}.${c.field} ${c.op} ${JSON.stringify(c.value)}`);

describe('activities asked for', () => {
  it('a kind of activity first is the object, its window when it happened', async () => {
    const p = await parse('show me the phone calls we made in the last week');
    expect(p.entity).toBe('activity');
    expect(said(p)).toContain('activity.type in ["call"]');
    expect(p.conditions.filter((c) => c.field === 'occurred_at').map((c) => c.op)).toEqual(['gte', 'lt']);
    expect(p.unparsed).toEqual([]);
  });

  it('what was logged happened: a month ahead of today is the one gone by', async () => {
    const p = await parse('emails logged in December');
    expect(p.conditions.find((c) => c.field === 'occurred_at' && c.op === 'gte')?.value).toBe('2025-12-01T00:00:00Z');
  });

  it('any kind, counted, and with a role said of their contact', async () => {
    const p = await parse('how many interactions with CFOs at insurers this year');
    expect([p.entity, p.intent, p.conditions.some((c) => c.field === 'type'), p.roles.length]).toEqual(['activity', 'aggregate', false, 1]);
  });

  it('an activity word naming something else is not the object', async () => {
    expect((await parse('email addresses of CFOs at insurers')).entity).toBe('contact');
  });

  it('a kind of activity after what records have stays a relation of those records', async () => {
    for (const text of ['contacts with no meetings this quarter', 'deals that had a call last week']) {
      expect([text, (await parse(text)).entity]).toEqual([text, text.startsWith('contacts') ? 'contact' : 'deal']);
    }
  });
});
