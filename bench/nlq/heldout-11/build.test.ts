import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { like as similarTo, loadSharedData } from '../heldout/sql.js';
import { answerOf, buildSet, categoryCounts, DEFAULT_DATA_DIR, DEV_FILE, entryId, isSemanticCategory, MIN_PER_CATEGORY, MIN_PER_SEMANTIC_CATEGORY, SET_FILE, thinCategories, type SetEntry } from './build.js';
import { serializeSet } from '../heldout/set-file.js';
import { QUERIES } from './queries.js';
import { companyNamed, contactNamed } from './vocab.js';

/** The entries of a query file as bench:nlq reads them (one JSON object a line). */
function readEntries(file: string): { id: string; category: string; text: string; expected: { kind: string } }[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { id: string; category: string; text: string; expected: { kind: string } });
}

/** The categories and their sizes as written; a change to queries.ts that adds or drops an item shows here. */
const EXPECTED_COUNTS: Record<string, number> = {
  'filter.industry': 10,
  'filter.deal-amount+industry': 9,
  'agg.count': 9,
  'agg.sum': 8,
  'agg.avg': 8,
  'filter.country+status': 9,
  'filter.deal-product+outcome': 8,
  'filter.company-size+country': 9,
  'filter.source+status': 8,
  'filter.deal-stage': 8,
  'filter.deal-close-date': 8,
  'filter.recency': 8,
  'topn.deals': 8,
  'topn.companies': 8,
  'filter.role+city': 8,
  'filter.role+industry': 8,
  'semantic.persona': 16,
  'semantic.persona+industry': 14,
  'semantic.persona+role': 13,
  similar: 13,
  'filter.informal-industry': 14,
  'filter.informal-seniority': 10,
  'filter.role-responsibility': 11,
  'filter.money-words': 10,
  'filter.negation': 14,
  'filter.outcome-date': 9,
  'agg.count+outcome-date': 8,
  'filter.stage+open': 8,
  'filter.pipeline': 9,
  'agg.pipeline': 9,
  'topn.sort': 10,
  'lookup.name': 10,
  'filter.combined': 10,
};

/** The kind of answer a category's prefix stands for (bench/nlq.ts reads the intent from the same prefix). */
const KIND_OF_PREFIX: Record<string, string> = { filter: 'set', agg: 'value', topn: 'topn', semantic: 'ranked', similar: 'similar', lookup: 'set' };

const haveData = fs.existsSync(path.join(DEFAULT_DATA_DIR, 'deals.csv')) && fs.existsSync(DEV_FILE);

describe.runIf(haveData)('held-out NLQ set 11 (bench/nlq/heldout-11.jsonl)', () => {
  let built: SetEntry[] | undefined;
  const rebuild = () => (built ??= buildSet());

  it('is exactly what a rebuild from the shared data gives, so it cannot drift silently', () => {
    expect(fs.readFileSync(SET_FILE, 'utf8')).toBe(serializeSet(rebuild()));
  });

  it('has the categories and counts it was written with, every dev.jsonl category and every minimum', () => {
    const counts = categoryCounts(rebuild());
    expect(counts).toEqual(EXPECTED_COUNTS);
    expect(thinCategories(rebuild())).toEqual([]);
    for (const [category, n] of Object.entries(counts))
      expect(n, category).toBeGreaterThanOrEqual(isSemanticCategory(category) ? MIN_PER_SEMANTIC_CATEGORY : MIN_PER_CATEGORY);
    for (const category of new Set(readEntries(DEV_FILE).map((e) => e.category))) expect(counts[category], category).toBeGreaterThanOrEqual(MIN_PER_CATEGORY);
    expect(rebuild().length).toBeGreaterThanOrEqual(240);
  });

  it('is in the format bench:nlq reads: ids k001… in order, each category prefix with its kind of answer', () => {
    const entries = readEntries(SET_FILE);
    expect(entries.map((e) => e.id)).toEqual(entries.map((_, i) => entryId(i)));
    expect(entries[0]?.id).toBe('k001');
    for (const e of entries) {
      const prefix = e.category.split(/[.+]/)[0]!;
      expect(KIND_OF_PREFIX[prefix], e.category).toBeDefined();
      expect(e.expected.kind, `${e.id} ${e.category}`).toBe(KIND_OF_PREFIX[prefix]);
    }
  });

  it('shares no sentence with the development set, and asks nothing twice', () => {
    const norm = (s: string) => s.trim().toLowerCase().replace(/[?.!]+$/, '').replace(/\s+/g, ' ');
    const devTexts = new Set(readEntries(DEV_FILE).map((e) => norm(e.text)));
    expect(QUERIES.filter((q) => devTexts.has(norm(q.text))).map((q) => q.text)).toEqual([]);
    expect(new Set(QUERIES.map((q) => norm(q.text))).size).toBe(QUERIES.length);
  });

  it('answers every query with a non-empty, well-formed expectation', () => {
    for (const e of rebuild()) {
      const x = e.expected;
      if (x.kind === 'set') expect(x.ids.length, e.text).toBeGreaterThan(0);
      if (x.kind === 'set' && e.category === 'lookup.name') expect(x.ids.length, e.text).toBe(1);
      if (x.kind === 'topn') expect(x.ids.length, e.text).toBe(x.n);
      if (x.kind === 'ranked') expect(x.relevant.length, e.text).toBeGreaterThanOrEqual(x.k * 1.5);
      if (x.kind === 'similar') expect([...x.relevant, ...(x.partial ?? [])], e.text).not.toContain(x.seed);
      if (x.kind === 'value') expect(Number.isFinite(x.value), e.text).toBe(true);
    }
  });
});

describe.runIf(haveData)('the refusals of set 11', () => {
  const withDb = (f: (db: ReturnType<typeof loadSharedData>) => void) => {
    const db = loadSharedData(DEFAULT_DATA_DIR);
    try {
      f(db);
    } finally {
      db.close();
    }
  };

  it('refuses a name typed alone that is part of another record’s name', () => {
    withDb((db) => {
      // Two companies are called "Onyx Industries …" (Inc and Ltd).
      expect(() => answerOf(db, { category: 'lookup.name', text: 'onyx industries', expected: companyNamed('onyx industries') })).toThrow(/2 records match/);
      expect(() => answerOf(db, { category: 'lookup.name', text: 'Onyx Industries Inc', expected: companyNamed('Onyx Industries Inc') })).not.toThrow();
      // A contact's first name alone names many contacts.
      expect(() => answerOf(db, { category: 'lookup.name', text: 'Ravi', expected: contactNamed('Ravi') })).toThrow(/records match, not one/);
    });
  });

  it('refuses a "like X" item whose seed has too few peers of full credit', () => {
    withDb((db) => {
      const thin = db
        .prepare(
          `SELECT ct.first_name || ' ' || ct.last_name AS name FROM contacts ct JOIN companies co ON co.id = ct.company_id JOIN contact_interest ci ON ci.contact_id = ct.id
           WHERE (SELECT count(*) FROM contacts c2 WHERE c2.first_name = ct.first_name AND c2.last_name = ct.last_name) = 1
             AND (SELECT count(*) FROM contacts c3 JOIN companies o3 ON o3.id = c3.company_id JOIN contact_interest i3 ON i3.contact_id = c3.id
                  WHERE o3.industry = co.industry AND i3.interest = ci.interest) <= 8
           ORDER BY ct.id LIMIT 1`,
        )
        .pluck()
        .get() as string;
      expect(thin).toBeTruthy();
      expect(() => answerOf(db, { category: 'similar', text: `people like ${thin}`, expected: similarTo(thin) })).toThrow(/share the seed's interest and industry/);
    });
  });

  it('refuses an item whose other fair reading answers differently', () => {
    withDb((db) => {
      // "no activity" read on the deal vs on the deal's company: far apart in this data, so such an item would be refused.
      const onDeal = `SELECT d.id FROM deals d WHERE d.stage NOT IN ('closed_won', 'closed_lost') AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.deal_id = d.id AND a.occurred_at >= '{ago:45}' AND a.occurred_at <= '2026-11-01T12:00:00Z')`;
      const onCompany = onDeal.replace('a.deal_id = d.id', 'a.company_id = d.company_id');
      expect(() =>
        answerOf(db, {
          category: 'filter.negation',
          text: 'stale deals',
          expected: { kind: 'set', entity: 'deal', sql: onDeal },
          fair: [{ kind: 'set', entity: 'deal', sql: onCompany }],
        }),
      ).toThrow(/another fair reading agrees only/);
    });
  });
});
