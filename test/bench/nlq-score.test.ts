import { describe, expect, it } from 'vitest';
import { normalizeEntity, scoreQuery, UNDERSTOOD_THRESHOLD, type Expected, type QueryResponse } from '../../bench/nlq-score.js';

const answer = (entity: string, ids: (string | null)[], extra: Partial<QueryResponse> = {}): QueryResponse => ({
  intent: 'filter',
  entity,
  interpretation: { explanation: 'x' },
  total: ids.length,
  results: ids.map((id, i) => ({ id, score: 1 - i / 100 })),
  ...extra,
});

describe('scoreQuery: set', () => {
  const expected: Expected = { kind: 'set', entity: 'contact', ids: ['a', 'b', 'c', 'd'] };

  it('is 1 for the exact set in any order', () => {
    expect(scoreQuery(expected, answer('contact', ['d', 'c', 'b', 'a']))).toBe(1);
  });

  it('is the F1 of precision and recall', () => {
    // 2 of 4 found, 2 of 3 returned right: P = 2/3, R = 1/2, F1 = 4/7
    expect(scoreQuery(expected, answer('contact', ['a', 'b', 'x']))).toBeCloseTo(4 / 7, 10);
    // everything plus as many wrong: P = 1/2, R = 1, F1 = 2/3
    expect(scoreQuery(expected, answer('contact', ['a', 'b', 'c', 'd', 'w', 'x', 'y', 'z']))).toBeCloseTo(2 / 3, 10);
  });

  it('is 0 for no results (an aggregate answer) and for nothing right', () => {
    expect(scoreQuery(expected, { intent: 'aggregate', entity: 'contact', total: 4, value: 4, results: [] })).toBe(0);
    expect(scoreQuery(expected, { intent: 'aggregate', entity: 'contact', total: 4, value: 4 })).toBe(0);
    expect(scoreQuery(expected, answer('contact', ['x', 'y']))).toBe(0);
  });

  it('counts a duplicate as a wrong result, not as a second hit', () => {
    // distinct correct 2, returned 4: P = 1/2, R = 1/2
    expect(scoreQuery(expected, answer('contact', ['a', 'a', 'b', 'b']))).toBeCloseTo(0.5, 10);
    expect(scoreQuery(expected, answer('contact', ['a', 'b', 'c', 'd', 'd']))).toBeCloseTo((2 * 0.8) / 1.8, 10);
  });

  it('is 0 for another entity, a missing entity or no answer', () => {
    expect(scoreQuery(expected, answer('company', ['a', 'b', 'c', 'd']))).toBe(0);
    expect(scoreQuery(expected, { results: [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }] })).toBe(0);
    expect(scoreQuery(expected, null)).toBe(0);
    expect(scoreQuery(expected, undefined)).toBe(0);
  });

  it('accepts the plural or capitalised entity name', () => {
    expect(scoreQuery(expected, answer('contacts', ['a', 'b', 'c', 'd']))).toBe(1);
    expect(scoreQuery(expected, answer('Contact', ['a', 'b', 'c', 'd']))).toBe(1);
    expect(normalizeEntity('companies')).toBe('company');
    expect(normalizeEntity('deals')).toBe('deal');
    expect(normalizeEntity('')).toBeNull();
  });

  it('survives malformed results', () => {
    expect(scoreQuery(expected, { entity: 'contact', results: 'nope' })).toBe(0);
    // entries without an id take a slot (a wrong result): P = 4/6, R = 1
    expect(scoreQuery(expected, { entity: 'contact', results: [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }, null, { score: 1 }] })).toBeCloseTo(0.8, 10);
  });

  it('empty expected set: 1 for no results, 0 for any', () => {
    const none: Expected = { kind: 'set', entity: 'deal', ids: [] };
    expect(scoreQuery(none, answer('deal', []))).toBe(1);
    expect(scoreQuery(none, answer('deal', ['x']))).toBe(0);
  });
});

describe('scoreQuery: topn', () => {
  const top5: Expected = { kind: 'topn', entity: 'deal', n: 5, ids: ['d1', 'd2', 'd3', 'd4', 'd5'], ties: ['d5', 't1', 't2'] };

  it('is 1 for the expected order and for a tied record in the tied slot', () => {
    expect(scoreQuery(top5, answer('deal', ['d1', 'd2', 'd3', 'd4', 'd5']))).toBe(1);
    expect(scoreQuery(top5, answer('deal', ['d1', 'd2', 'd3', 'd4', 't1']))).toBe(1);
    expect(scoreQuery(top5, answer('deal', ['d1', 'd2', 'd3', 'd4', 't2', 'd5']))).toBe(1);
  });

  it('reads only the first n results', () => {
    expect(scoreQuery(top5, answer('deal', ['d1', 'd2', 'd3', 'd4', 'd5', 'x', 'y', 'z']))).toBe(1);
    expect(scoreQuery(top5, answer('deal', ['x', 'd1', 'd2', 'd3', 'd4', 'd5']))).toBeCloseTo(4 / 5, 10);
  });

  it('accepts expected ids out of order (only ties are position-bound)', () => {
    expect(scoreQuery(top5, answer('deal', ['d5', 'd4', 'd3', 'd2', 'd1']))).toBe(1);
  });

  it('does not let tied records fill slots before the ties begin', () => {
    // t1 at index 0 < 4 (where the ties begin): wrong; d1..d4 right
    expect(scoreQuery(top5, answer('deal', ['t1', 'd1', 'd2', 'd3', 'd4']))).toBeCloseTo(4 / 5, 10);
  });

  it('ties among the expected ids begin at the first of them', () => {
    const tiedTail: Expected = { kind: 'topn', entity: 'deal', n: 4, ids: ['a', 'b', 'c', 'd'], ties: ['c', 'd', 'x'] };
    expect(scoreQuery(tiedTail, answer('deal', ['a', 'b', 'x', 'd']))).toBe(1);
    expect(scoreQuery(tiedTail, answer('deal', ['a', 'x', 'b', 'c']))).toBeCloseTo(3 / 4, 10);
  });

  it('no ties: only the expected ids count', () => {
    const noTies: Expected = { kind: 'topn', entity: 'company', n: 3, ids: ['c1', 'c2', 'c3'], ties: [] };
    expect(scoreQuery(noTies, answer('company', ['c1', 'c2', 'c4']))).toBeCloseTo(2 / 3, 10);
    const missingTies = { kind: 'topn', entity: 'company', n: 3, ids: ['c1', 'c2', 'c3'] } as Expected;
    expect(scoreQuery(missingTies, answer('company', ['c1', 'c2', 'c3']))).toBe(1);
  });

  it('penalises short answers, empty answers and duplicates', () => {
    expect(scoreQuery(top5, answer('deal', ['d1', 'd2']))).toBeCloseTo(2 / 5, 10);
    expect(scoreQuery(top5, answer('deal', []))).toBe(0);
    expect(scoreQuery(top5, answer('deal', ['d1', 'd1', 'd1', 'd2', 'd3']))).toBeCloseTo(3 / 5, 10);
  });

  it('with fewer matching records than n, extra results cost precision', () => {
    const few: Expected = { kind: 'topn', entity: 'deal', n: 5, ids: ['a', 'b'], ties: [] };
    expect(scoreQuery(few, answer('deal', ['a', 'b']))).toBe(1);
    expect(scoreQuery(few, answer('deal', ['a', 'b', 'x', 'y']))).toBeCloseTo(2 / 4, 10);
  });

  it('is 0 for another entity', () => {
    expect(scoreQuery(top5, answer('contact', ['d1', 'd2', 'd3', 'd4', 'd5']))).toBe(0);
  });
});

describe('scoreQuery: value', () => {
  const count: Expected = { kind: 'value', value: 86 };
  const avg: Expected = { kind: 'value', value: 124435.48 };

  it('accepts the value within 0.5% (or 0.01)', () => {
    expect(scoreQuery(count, { intent: 'aggregate', value: 86 })).toBe(1);
    expect(scoreQuery(avg, { value: 124435.48 * 1.004 })).toBe(1);
    expect(scoreQuery(avg, { value: 124435.48 * 0.996 })).toBe(1);
    expect(scoreQuery({ kind: 'value', value: 0 }, { value: 0.009 })).toBe(1);
    expect(scoreQuery({ kind: 'value', value: 0 }, { value: 0.02 })).toBe(0);
  });

  it('rejects a value further off', () => {
    expect(scoreQuery(count, { value: 87 })).toBe(0);
    expect(scoreQuery(avg, { value: 124435.48 * 1.006 })).toBe(0);
    expect(scoreQuery(count, { value: -86 })).toBe(0);
  });

  it('needs value itself: total, a string or null do not count', () => {
    expect(scoreQuery(count, { intent: 'filter', entity: 'deal', total: 86, results: [] })).toBe(0);
    expect(scoreQuery(count, { total: 86, value: null })).toBe(0);
    expect(scoreQuery(count, { value: '86' })).toBe(0);
    expect(scoreQuery(count, { value: Number.NaN })).toBe(0);
  });
});

describe('scoreQuery: ranked', () => {
  const ranked: Expected = { kind: 'ranked', entity: 'contact', k: 4, relevant: ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'] };

  it('is precision@k over the first k results', () => {
    expect(scoreQuery(ranked, answer('contact', ['r6', 'r1', 'r3', 'r2']))).toBe(1);
    expect(scoreQuery(ranked, answer('contact', ['r1', 'x', 'r2', 'y', 'r3', 'r4']))).toBeCloseTo(2 / 4, 10);
  });

  it('divides by k, so short, empty and duplicated answers lose', () => {
    expect(scoreQuery(ranked, answer('contact', ['r1']))).toBeCloseTo(1 / 4, 10);
    expect(scoreQuery(ranked, answer('contact', []))).toBe(0);
    expect(scoreQuery(ranked, answer('contact', ['r1', 'r1', 'r1', 'r1']))).toBeCloseTo(1 / 4, 10);
  });

  it('is 0 for another entity', () => {
    expect(scoreQuery(ranked, answer('deal', ['r1', 'r2', 'r3', 'r4']))).toBe(0);
  });
});

describe('scoreQuery: similar', () => {
  const similar: Expected = { kind: 'similar', entity: 'contact', seed: 's', k: 4, relevant: ['r1', 'r2', 'r3'], partial: ['p1', 'p2', 'p3'] };

  it('grades relevant 1 and partial 0.5 over the first k', () => {
    expect(scoreQuery(similar, answer('contact', ['r1', 'r2', 'r3', 'p1']))).toBeCloseTo(3.5 / 4, 10);
    expect(scoreQuery(similar, answer('contact', ['p1', 'p2', 'x', 'r1', 'r2']))).toBeCloseTo(2 / 4, 10);
  });

  it('gives the seed nothing though it takes a slot', () => {
    expect(scoreQuery(similar, answer('contact', ['s', 'r1', 'r2', 'r3']))).toBeCloseTo(3 / 4, 10);
    const seedListed: Expected = { ...similar, relevant: ['s', 'r1'] } as Expected;
    expect(scoreQuery(seedListed, answer('contact', ['s', 'r1']))).toBeCloseTo(1 / 4, 10);
  });

  it('counts duplicates once and an empty answer as 0', () => {
    expect(scoreQuery(similar, answer('contact', ['r1', 'r1', 'p1', 'p1']))).toBeCloseTo(1.5 / 4, 10);
    expect(scoreQuery(similar, answer('contact', []))).toBe(0);
  });

  it('treats a missing partial list as empty and another entity as 0', () => {
    const noPartial = { kind: 'similar', entity: 'contact', seed: 's', k: 2, relevant: ['r1'] } as Expected;
    expect(scoreQuery(noPartial, answer('contact', ['r1', 'p1']))).toBeCloseTo(1 / 2, 10);
    expect(scoreQuery(similar, answer('company', ['r1', 'r2', 'r3', 'p1']))).toBe(0);
  });
});

describe('scoreQuery: general', () => {
  it('stays within [0, 1] and knows the understood threshold', () => {
    expect(UNDERSTOOD_THRESHOLD).toBe(0.8);
    const unknown = { kind: 'nonsense' } as unknown as Expected;
    expect(scoreQuery(unknown, answer('contact', ['a']))).toBe(0);
  });
});
