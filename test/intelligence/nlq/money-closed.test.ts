/**
 * Money that came in (issue 22): "revenue we closed", "how much did we close" add up deals won, not every deal that
 * ended; a count of deals closed keeps both outcomes. Sentences written for the test, in no benchmark or probe file.
 */
import { describe, expect, it } from 'vitest';
import { lexiconOf } from '../../../src/intelligence/nlq/lexicon.js';
import { parseQuery, type NameResolver, type ParsedQuery } from '../../../src/intelligence/nlq/parser.js';

const lexicon = lexiconOf({ industries: ['Energy'], countries: [], cities: [], products: [], sources: [], titles: [], tags: [] });
const names: NameResolver = { companies: async () => new Map(), record: async () => undefined };
const parse = (text: string) => parseQuery(text, { lexicon, now: new Date('2026-11-24T15:00:00Z'), names });
const stages = (p: ParsedQuery) => p.conditions.filter((c) => c.field === 'stage').map((c) => c.value);
const closedAt = (p: ParsedQuery) => p.conditions.filter((c) => c.field === 'closed_at').map((c) => `${c.op} ${String(c.value)}`);

describe('money closed is money won', () => {
  it('revenue or "how much" with a close that happened', async () => {
    for (const text of ['revenue we closed in the first half of 2026', 'how much have we closed since July', 'bookings closed in energy this year']) {
      const p = await parse(text);
      expect([text, stages(p), closedAt(p).length > 0]).toEqual([text, [['closed_won']], true]);
    }
  });

  it('a count of deals that closed keeps won and lost; a close still expected stays open', async () => {
    const count = await parse('how many deals closed in September');
    expect(stages(count)).toEqual([]);
    expect(closedAt(count)).toEqual(['gte 2026-09-01T00:00:00Z', 'lt 2026-10-01T00:00:00Z']);
    expect(stages(await parse('how much revenue should close in January'))).toEqual([['lead', 'qualified', 'proposal', 'negotiation']]);
  });
});
