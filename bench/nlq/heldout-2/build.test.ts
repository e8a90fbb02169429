import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildItems, OUTPUT_FILE, renderJsonl } from './build.js';

/** The categories of ../shared/data/nlq/dev.jsonl, each of which this set must also cover. */
const DEV_CATEGORIES = [
  'filter.industry', 'filter.deal-amount+industry', 'agg.count', 'agg.sum', 'agg.avg', 'filter.country+status',
  'filter.deal-product+outcome', 'filter.company-size+country', 'filter.source+status', 'filter.deal-stage',
  'filter.deal-close-date', 'filter.recency', 'topn.deals', 'topn.companies', 'filter.role+city', 'filter.role+industry',
  'semantic.persona', 'semantic.persona+industry', 'semantic.persona+role', 'similar',
];

describe('NLQ held-out set 2', () => {
  const items = buildItems();

  it('rebuilds exactly the committed bench/nlq/heldout-2.jsonl', () => {
    expect(renderJsonl(items)).toBe(fs.readFileSync(OUTPUT_FILE, 'utf8'));
  });

  it('has at least 160 queries, every category with at least 5, every dev category covered', () => {
    expect(items.length).toBeGreaterThanOrEqual(160);
    const perCategory = new Map<string, number>();
    for (const item of items) perCategory.set(item.category, (perCategory.get(item.category) ?? 0) + 1);
    for (const [category, count] of perCategory) expect(count, category).toBeGreaterThanOrEqual(5);
    for (const category of DEV_CATEGORIES) expect(perCategory.has(category), category).toBe(true);
  });

  it('has unique texts and answerable expectations (no empty set, lookups find one record)', () => {
    expect(new Set(items.map((i) => i.text.toLowerCase())).size).toBe(items.length);
    for (const { text, category, expected } of items) {
      if (expected.kind === 'set') expect(expected.ids.length, text).toBeGreaterThan(0);
      if (category.startsWith('lookup.')) expect(expected.kind === 'set' && expected.ids.length, text).toBe(1);
      if (expected.kind === 'ranked') expect(expected.relevant.length, text).toBeGreaterThanOrEqual(expected.k);
      if (expected.kind === 'similar') expect(expected.relevant, text).not.toContain(expected.seed);
    }
  });
});
