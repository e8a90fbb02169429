/**
 * Ninth pass (issue 22): the one typo reader in the parser, and the classes found with probe sentences written for
 * this pass. Every sentence here is written for the test (none comes from a benchmark file).
 */
import { describe, expect, it } from 'vitest';
import { lexiconOf } from '../../../src/intelligence/nlq/lexicon.js';
import { parseQuery, type NameResolver, type ParsedQuery } from '../../../src/intelligence/nlq/parser.js';

// A small workspace of its own (not the shared data set).
const lexicon = lexiconOf({
  industries: ['Financial Technology', 'Healthcare', 'Software (SaaS)', 'Cybersecurity', 'Logistics', 'Hospitality', 'Retail'],
  countries: ['United States', 'United Kingdom', 'Germany', 'Norway'],
  cities: ['Berlin', 'London', 'Oslo'],
  products: ['Payments API', 'Security Suite'],
  sources: ['referral', 'webinar', 'cold outreach', 'linkedin', 'partner', 'conference', 'website'],
  titles: ['Chief Technology Officer', 'VP of Sales', 'Sales Director', 'Chief Financial Officer', 'Finance Manager', 'HR Manager', 'Software Engineer'],
  tags: [],
});
const names: NameResolver = { companies: async () => new Map(), record: async () => undefined };
const now = new Date('2026-11-24T15:00:00Z');
const parse = (text: string) => parseQuery(text, { lexicon, now, names });
const filters = (p: ParsedQuery) => p.conditions.map((c) => `${c.entity}.${c.field} ${c.op} ${JSON.stringify(c.value)}`);

describe('ninth pass: typos', () => {
  it('reads a value misspelt by two swapped pairs, or a swap beside another slip', async () => {
    // Plain Levenshtein counted each swap as two edits, so these stayed unread.
    expect(filters(await parse('contacts in helathcrae'))).toEqual(['company.industry in ["Healthcare"]']);
    expect(filters(await parse('cybersecrutiy companies'))).toEqual(['company.industry in ["Cybersecurity"]']);
    const p = await parse('accounts in hsopitalty');
    expect(filters(p)).toEqual(['company.industry in ["Hospitality"]']);
    expect(p.notes.join(' ')).toMatch(/read "hsopitalty" as "hospitality"/);
  });

  it('leaves dictionary words and words equally near two values alone', async () => {
    expect(filters(await parse('contacts who automate reports'))).toEqual([]);
  });
});
