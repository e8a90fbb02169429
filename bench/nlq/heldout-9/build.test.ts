import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deals, loadSharedData, OPEN } from '../heldout/sql.js';
import { serializeSet, type SetEntry } from '../heldout/set-file.js';
import { answer, build, DATA_DIR, MIN_PER_CATEGORY, OUTPUT_FILE, q, QUERIES } from './build.js';

const DEV_FILE = path.resolve(DATA_DIR, '../nlq/dev.jsonl');
const haveData = fs.existsSync(path.join(DATA_DIR, 'deals.csv')) && fs.existsSync(DEV_FILE);
const devEntries = () =>
  fs.readFileSync(DEV_FILE, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { category: string; text: string });

describe.runIf(haveData)('held-out set 9 (bench/nlq/heldout-9.jsonl)', () => {
  let built: SetEntry[] | undefined;
  const rebuild = () => (built ??= build());

  it('is exactly what a rebuild from the shared CSVs gives (the --check of build.ts)', () => {
    expect(fs.readFileSync(OUTPUT_FILE, 'utf8')).toBe(serializeSet(rebuild()));
  });

  it(`has unique ids, at least 260 queries, and at least ${MIN_PER_CATEGORY} in each of its and dev.jsonl's categories`, () => {
    const entries = rebuild();
    expect(entries.length).toBeGreaterThanOrEqual(260);
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    const counts = new Map<string, number>();
    for (const e of entries) counts.set(e.category, (counts.get(e.category) ?? 0) + 1);
    for (const [category, n] of counts) expect(n, category).toBeGreaterThanOrEqual(MIN_PER_CATEGORY);
    for (const category of new Set(devEntries().map((e) => e.category))) expect(counts.get(category) ?? 0, category).toBeGreaterThanOrEqual(MIN_PER_CATEGORY);
  });

  it('shares no sentence with dev.jsonl and repeats none of its own', () => {
    const norm = (t: string) => t.trim().toLowerCase();
    const dev = new Set(devEntries().map((e) => norm(e.text)));
    const texts = rebuild().map((e) => norm(e.text));
    expect(texts.filter((t) => dev.has(t))).toEqual([]);
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('expects nothing empty: sets hold records, top-n lists n, rankings more than k, values are finite', () => {
    for (const e of rebuild()) {
      const x = e.expected;
      expect(e.text.trim(), e.id).not.toBe('');
      if (x.kind === 'set') expect(x.ids.length, e.text).toBeGreaterThan(0);
      if (x.kind === 'topn') expect(x.ids.length, e.text).toBe(x.n);
      if (x.kind === 'ranked') expect(x.relevant.length, e.text).toBeGreaterThan(x.k);
      if (x.kind === 'similar') {
        expect(x.relevant.length, e.text).toBeGreaterThanOrEqual(x.k);
        expect([...x.relevant, ...(x.partial ?? [])], e.text).not.toContain(x.seed);
      }
      if (x.kind === 'value') expect(Number.isFinite(x.value), e.text).toBe(true);
    }
  });

  it('refuses a query whose other fair reading answers differently (an expected close said without "open")', () => {
    const db = loadSharedData(DATA_DIR);
    try {
      const ambiguous = q('filter.deal-close-date', 'deals due to close next month', deals(`${OPEN} AND d.expected_close >= '2026-12-01' AND d.expected_close <= '2026-12-31'`), [
        deals(`d.expected_close >= '2026-12-01' AND d.expected_close <= '2026-12-31'`),
      ]);
      expect(() => answer(db, ambiguous)).toThrow(/another fair reading/);
      expect(QUERIES.map((x) => x.text)).not.toContain(ambiguous.text);
    } finally {
      db.close();
    }
  });
});
