import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OUTPUT_FILE, build } from './build.js';

// The dev set's categories: held-out 7 must cover each with at least 6 queries.
const DEV_CATEGORIES = [
  'filter.industry', 'filter.role+industry', 'filter.role+city', 'filter.deal-stage', 'filter.deal-amount+industry',
  'filter.deal-product+outcome', 'filter.deal-close-date', 'filter.source+status', 'filter.country+status', 'filter.recency',
  'filter.company-size+country', 'topn.deals', 'topn.companies', 'agg.count', 'agg.sum', 'agg.avg', 'semantic.persona',
  'semantic.persona+industry', 'semantic.persona+role', 'similar',
];

describe('held-out set 7', () => {
  const entries = build();

  it('matches the committed jsonl line for line', () => {
    const committed = fs.readFileSync(OUTPUT_FILE, 'utf8');
    expect(committed).toBe(entries.map((e) => JSON.stringify(e)).join('\n') + '\n');
  });

  it('holds at least 200 queries and at least 6 per dev category', () => {
    expect(entries.length).toBeGreaterThanOrEqual(200);
    for (const category of DEV_CATEGORIES) expect(entries.filter((e) => e.category === category).length, category).toBeGreaterThanOrEqual(6);
  });

  it('expects a non-empty answer for every set query', () => {
    for (const e of entries) if (e.expected.kind === 'set') expect(e.expected.ids.length, e.text).toBeGreaterThan(0);
  });
});
