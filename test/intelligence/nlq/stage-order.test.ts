/**
 * How far along the pipeline (issue 22): a word of order before or after an open stage names the open stages on that
 * side of it. Every sentence here is written for the test; none comes from a benchmark or probe file.
 */
import { describe, expect, it } from 'vitest';
import { lexiconOf } from '../../../src/intelligence/nlq/lexicon.js';
import { parseQuery, type NameResolver, type ParsedQuery } from '../../../src/intelligence/nlq/parser.js';
import { stagesInOrder } from '../../../src/intelligence/nlq/passes/stage-order.js';

const lexicon = lexiconOf({
  industries: ['Logistics', 'Insurance'],
  countries: ['Norway'],
  cities: ['Oslo'],
  products: ['Route Planner'],
  sources: ['referral'],
  titles: ['Sales Manager'],
  tags: [],
});
const names: NameResolver = { companies: async () => new Map(), record: async () => undefined };
const now = new Date('2026-11-24T15:00:00Z');
const parse = (text: string) => parseQuery(text, { lexicon, now, names });
const stages = (p: ParsedQuery) => p.conditions.filter((c) => c.field === 'stage').map((c) => [c.op, c.value]);

describe('stages said against the pipeline order', () => {
  it('orders the open stages', () => {
    expect(stagesInOrder('proposal', 'after')).toEqual(['negotiation']);
    expect(stagesInOrder('qualified', 'from')).toEqual(['qualified', 'proposal', 'negotiation']);
    expect(stagesInOrder('proposal', 'before')).toEqual(['lead', 'qualified']);
    expect(stagesInOrder('qualified', 'through')).toEqual(['lead', 'qualified']);
    expect(stagesInOrder('lead', 'before')).toEqual([]);
  });

  it('later than a stage: past, beyond, further along than', async () => {
    for (const text of ['opportunities that have moved past the qualified stage', 'deals beyond qualification', 'which deals are further along than qualified']) {
      const p = await parse(text);
      expect([text, p.entity, stages(p), p.unparsed]).toEqual([text, 'deal', [['in', ['proposal', 'negotiation']]], []]);
    }
  });

  it('"passed" a stage is passing it as a test: the deal is at that stage', async () => {
    expect(stages(await parse('deals that passed qualified'))).toEqual([['in', ['qualified']]]);
  });

  it('a stage and later, said before or after it', async () => {
    for (const text of ['deals at least in proposal', 'deals in proposal or later', 'opps at the proposal stage and beyond', 'deals that made it to proposal or further']) {
      const p = await parse(text);
      expect([text, stages(p), p.unparsed]).toEqual([text, [['in', ['proposal', 'negotiation']]], []]);
    }
  });

  it('earlier than a stage is not a negation of it', async () => {
    for (const text of ['deals not yet at negotiation', 'deals that have not reached negotiation', 'opportunities short of the negotiation stage']) {
      const p = await parse(text);
      expect([text, stages(p)]).toEqual([text, [['in', ['lead', 'qualified', 'proposal']]]]);
    }
    expect(stages(await parse('deals up to qualification'))).toEqual([['in', ['lead', 'qualified']]]);
  });

  it('keeps the other constraints, and dates stay dates', async () => {
    const p = await parse('logistics deals past proposal over 50k');
    expect(stages(p)).toEqual([['in', ['negotiation']]]);
    expect(p.conditions.map((c) => c.field)).toEqual(expect.arrayContaining(['industry', 'amount']));
    const d = await parse('deals in proposal closing before March 2027');
    expect(stages(d)).toEqual([['in', ['proposal']]]);
    expect(JSON.stringify(d)).toContain('2027-03-01');
  });
});
