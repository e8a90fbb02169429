/**
 * Builds bench/nlq/heldout-11.jsonl, held-out NLQ set 11 (issue 22, "Measuring honestly"): the shared CSVs go
 * into an in-memory SQLite database (the first held-out set's `sql.ts`) and every query of queries.ts gets its
 * expected answer from the SQL written beside it. Deterministic: the same data gives the same file, byte for byte.
 *
 *   npx tsx bench/nlq/heldout-11/build.ts            # (re)write bench/nlq/heldout-11.jsonl
 *   npx tsx bench/nlq/heldout-11/build.ts --check    # exit 1 when the committed file differs from a rebuild
 *   npx tsx bench/nlq/heldout-11/build.ts --sizes    # print each item's answer size (for writing the set)
 *   npx tsx bench/nlq/heldout-11/build.ts --data DIR # another copy of the shared crm/ CSVs
 *
 * The parser's authors must not tune on this set (README.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { Expected } from '../../nlq-score.js';
import { checkInterests, evaluate, loadSharedData, requireAgreement } from '../heldout/sql.js';
import { isMainModule, serializeSet, type SetEntry } from '../heldout/set-file.js';
import { QUERIES, type Query } from './queries.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_DATA_DIR = path.resolve(here, '../../../../shared/data/crm');
export const SET_FILE = path.resolve(here, '../heldout-11.jsonl');
export const DEV_FILE = path.resolve(DEFAULT_DATA_DIR, '../nlq/dev.jsonl');
/** Every category holds at least this many queries, so that a category's share means something. */
export const MIN_PER_CATEGORY = 8;
/** The semantic and "like X" categories hold at least this many (their answers vary most with wording). */
export const MIN_PER_SEMANTIC_CATEGORY = 12;
export const isSemanticCategory = (category: string) => category.startsWith('semantic.') || category === 'similar';
/** A "like X" item is only a test when X has well more than k peers of full credit. */
export const MIN_SIMILAR_RELEVANT = 10;

export type { SetEntry };

/** `k001`, `k002`, … in the order of queries.ts. */
export const entryId = (index: number) => `k${String(index + 1).padStart(3, '0')}`;

/** The expected answer of one query, refusing what a fair reader could not be held to (see README.md). */
export function answerOf(db: ReturnType<typeof loadSharedData>, query: Query): Expected {
  const expected = evaluate(db, query.expected);
  if (query.fair) requireAgreement(db, expected, query.fair);
  if (expected.kind === 'similar' && expected.relevant.length < MIN_SIMILAR_RELEVANT)
    throw new Error(`only ${expected.relevant.length} contacts share the seed's interest and industry`);
  return expected;
}

/** The entries; throws, listing every problem at once, when any query has no well-defined answer. */
export function buildSet(dataDir = DEFAULT_DATA_DIR, queries: readonly Query[] = QUERIES): SetEntry[] {
  const db = loadSharedData(dataDir);
  try {
    checkInterests(db);
    const problems: string[] = [];
    const seen = new Set<string>();
    const entries: SetEntry[] = [];
    queries.forEach((query, i) => {
      const id = entryId(i);
      const key = query.text.trim().toLowerCase();
      if (seen.has(key)) problems.push(`${id}: "${query.text}" is asked twice`);
      seen.add(key);
      try {
        entries.push({ id, category: query.category, text: query.text, expected: answerOf(db, query) });
      } catch (e) {
        problems.push(`${id} "${query.text}": ${(e as Error).message}`);
      }
    });
    if (problems.length > 0) throw new Error(`${problems.length} queries have no well-defined answer:\n  ${problems.join('\n  ')}`);
    return entries;
  } finally {
    db.close();
  }
}


export function categoryCounts(entries: readonly { category: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of entries) counts[e.category] = (counts[e.category] ?? 0) + 1;
  return counts;
}

/** Categories below their minimum, as "category (n)". */
export function thinCategories(entries: readonly { category: string }[]): string[] {
  return Object.entries(categoryCounts(entries))
    .filter(([c, n]) => n < (isSemanticCategory(c) ? MIN_PER_SEMANTIC_CATEGORY : MIN_PER_CATEGORY))
    .map(([c, n]) => `${c} (${n})`);
}

const size = (x: Expected) =>
  x.kind === 'value' ? String(x.value) : x.kind === 'set' ? `${x.ids.length} ids` : x.kind === 'topn' ? `${x.ids.length}+${x.ties?.length ?? 0} ties` : `${x.relevant.length} relevant`;

function main() {
  const { values: args } = parseArgs({
    options: { check: { type: 'boolean', default: false }, sizes: { type: 'boolean', default: false }, data: { type: 'string' } },
  });
  const entries = buildSet(args.data ? path.resolve(args.data) : DEFAULT_DATA_DIR);
  const thin = thinCategories(entries);
  if (thin.length > 0) throw new Error(`categories below their minimum: ${thin.join(', ')}`);
  if (args.sizes) for (const e of entries) console.log(`${e.id} ${e.category.padEnd(30)} ${size(e.expected).padEnd(16)} ${e.text}`);
  const text = serializeSet(entries);
  const shown = path.relative(process.cwd(), SET_FILE);
  if (args.check) {
    const committed = fs.existsSync(SET_FILE) ? fs.readFileSync(SET_FILE, 'utf8') : '';
    if (committed !== text) {
      console.error(`${shown} differs from a rebuild: run npx tsx bench/nlq/heldout-11/build.ts and review the change`);
      process.exitCode = 1;
      return;
    }
    console.log(`${shown} matches a rebuild (${entries.length} queries)`);
    return;
  }
  fs.writeFileSync(SET_FILE, text);
  const counts = categoryCounts(entries);
  console.log(`wrote ${shown}: ${entries.length} queries in ${Object.keys(counts).length} categories`);
  for (const [category, n] of Object.entries(counts).sort()) console.log(`  ${category.padEnd(30)} ${n}`);
}

if (isMainModule(import.meta.url)) {
  try {
    main();
  } catch (e) {
    console.error(`heldout-11 build failed: ${(e as Error).message}`);
    process.exitCode = 1;
  }
}
