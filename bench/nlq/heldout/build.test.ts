import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildHeldout, categoryCounts, DEFAULT_DATA_DIR, HELDOUT_FILE, MIN_PER_CATEGORY, serialize, type HeldoutEntry } from './build.js';
import { evaluate, loadSharedData, variants } from './sql.js';

const DEV_FILE = path.resolve(DEFAULT_DATA_DIR, '../nlq/dev.jsonl');

/**
 * The entries of a query file as bench:nlq reads them (bench/nlq.ts's readEntries; not imported, since that module
 * loads the whole server and this test is about the data).
 */
function readEntries(file: string): { id: string | number; category: string; text: string; expected: { kind: string } }[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { id: string | number; category: string; text: string; expected: { kind: string } });
}
const haveData = fs.existsSync(path.join(DEFAULT_DATA_DIR, 'deals.csv'));

describe.runIf(haveData)('the held-out NLQ set (bench/nlq/heldout.jsonl)', () => {
  let built: HeldoutEntry[] | undefined;
  const rebuild = () => (built ??= buildHeldout());

  it('is exactly what a rebuild from the shared data gives, so it cannot drift silently', () => {
    expect(fs.readFileSync(HELDOUT_FILE, 'utf8')).toBe(serialize(rebuild()));
  });

  it(`has at least ${MIN_PER_CATEGORY} queries in every category and covers every category of dev.jsonl`, () => {
    const counts = categoryCounts(rebuild());
    for (const [category, n] of Object.entries(counts)) expect(n, category).toBeGreaterThanOrEqual(MIN_PER_CATEGORY);
    for (const category of new Set(readEntries(DEV_FILE).map((e) => e.category))) expect(counts[category], category).toBeGreaterThanOrEqual(MIN_PER_CATEGORY);
    expect(rebuild().length).toBeGreaterThanOrEqual(220);
  });

  it('is in the format bench:nlq reads, with unique ids, and shares no sentence with the development set', () => {
    const entries = readEntries(HELDOUT_FILE);
    expect(entries.length).toBe(rebuild().length);
    for (const e of entries) {
      expect(typeof e.text, String(e.id)).toBe('string');
      expect(['set', 'topn', 'value', 'ranked', 'similar'], String(e.id)).toContain(e.expected.kind);
    }
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    const devTexts = new Set(readEntries(DEV_FILE).map((e) => e.text.trim().toLowerCase()));
    expect(entries.filter((e) => devTexts.has(e.text.trim().toLowerCase())).map((e) => e.text)).toEqual([]);
  });

  it('answers every query with a non-empty, well-formed expectation', () => {
    for (const e of rebuild()) {
      const x = e.expected;
      if (x.kind === 'set') expect(x.ids.length, e.text).toBeGreaterThan(0);
      if (x.kind === 'topn') expect(x.ids.length, e.text).toBe(x.n);
      if (x.kind === 'ranked') expect(x.relevant.length, e.text).toBeGreaterThanOrEqual(x.k);
      if (x.kind === 'similar') expect([...x.relevant, ...(x.partial ?? [])], e.text).not.toContain(x.seed);
      if (x.kind === 'value') expect(Number.isFinite(x.value), e.text).toBe(true);
    }
  });
});

describe.runIf(haveData)('the SQL of the held-out set', () => {
  it('reads thresholds and relative dates three ways: strict at the instant, inclusive from the start of that day or the next', () => {
    const [strict, dayStart, nextDay] = variants(`d.amount {>} 5 AND x >= '{ago:1}'`);
    expect(strict).toBe(`d.amount > 5 AND x >= '2026-10-31T12:00:00Z'`);
    expect(dayStart).toBe(`d.amount >= 5 AND x >= '2026-10-31T00:00:00Z'`);
    expect(nextDay).toBe(`d.amount >= 5 AND x >= '2026-11-01T00:00:00Z'`);
  });

  it('refuses a query whose answer is empty, or whose name is not unique', () => {
    const db = loadSharedData(DEFAULT_DATA_DIR);
    try {
      expect(() => evaluate(db, { kind: 'set', entity: 'deal', sql: `SELECT id FROM deals WHERE amount > 1e12` })).toThrow(/no record matches/);
      expect(() => evaluate(db, { kind: 'set', entity: 'company', exactlyOne: true, sql: `SELECT id FROM companies WHERE domain = 'vertexmobility.co'` })).toThrow(/not one/);
    } finally {
      db.close();
    }
  });

  it('refuses a count that changes when "over N" is read as "at least N"', () => {
    const db = loadSharedData(DEFAULT_DATA_DIR);
    try {
      // Exactly one row has the amount it compares with, so > and ≥ give counts one apart — for a count of 1 vs 2.
      const amount = db.prepare(`SELECT amount FROM deals GROUP BY amount HAVING count(*) = 1 ORDER BY amount DESC LIMIT 1 OFFSET 1`).pluck().get() as number;
      expect(() => evaluate(db, { kind: 'value', sql: `SELECT count(*) FROM deals d WHERE d.amount {>} ${amount}` })).toThrow(/depends on how a threshold or a date is read/);
    } finally {
      db.close();
    }
  });
});
