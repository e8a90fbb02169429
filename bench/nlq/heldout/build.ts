/**
 * Builds bench/nlq/heldout.jsonl, the held-out natural-language query set (issue 22, "Measuring honestly"):
 * the shared CSVs go into an in-memory SQLite database and every query of queries.ts gets its expected answer
 * from the SQL written beside it. Deterministic: the same data gives the same file, byte for byte.
 *
 *   npx tsx bench/nlq/heldout/build.ts            # (re)write bench/nlq/heldout.jsonl
 *   npx tsx bench/nlq/heldout/build.ts --check    # exit 1 when the committed file differs from a rebuild
 *   npx tsx bench/nlq/heldout/build.ts --data DIR # another copy of the shared crm/ CSVs
 *
 * Score a server on it with `npm run bench:nlq -- --file bench/nlq/heldout.jsonl`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { Expected } from '../../nlq-score.js';
import { QUERIES } from './queries.js';
import { checkInterests, evaluate, loadSharedData } from './sql.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_DATA_DIR = path.resolve(here, '../../../../shared/data/crm');
export const HELDOUT_FILE = path.resolve(here, '../heldout.jsonl');
/** Every category holds at least this many queries, so that a category's share means something. */
export const MIN_PER_CATEGORY = 8;

export interface HeldoutEntry {
  id: string;
  category: string;
  text: string;
  expected: Expected;
}

/** The entries, ids `h001`… in the order of queries.ts. Throws on any query whose answer is not well defined. */
export function buildHeldout(dataDir = DEFAULT_DATA_DIR): HeldoutEntry[] {
  const db = loadSharedData(dataDir);
  try {
    checkInterests(db);
    const seen = new Set<string>();
    const problems: string[] = [];
    const entries = QUERIES.map((query, i) => {
      const id = `h${String(i + 1).padStart(3, '0')}`;
      const key = query.text.trim().toLowerCase();
      if (seen.has(key)) problems.push(`${id}: "${query.text}" is asked twice`);
      seen.add(key);
      try {
        return { id, category: query.category, text: query.text, expected: evaluate(db, query.expected) };
      } catch (e) {
        problems.push(`${id} "${query.text}": ${(e as Error).message}`);
        return undefined;
      }
    });
    // Every problem at once, so that one edit of queries.ts can fix them all.
    if (problems.length > 0) throw new Error(`${problems.length} queries have no well-defined answer:\n  ${problems.join('\n  ')}`);
    return entries.filter((e): e is HeldoutEntry => e !== undefined);
  } finally {
    db.close();
  }
}

/** The JSONL text: one entry a line, keys in dev.jsonl's order. */
export const serialize = (entries: HeldoutEntry[]) => entries.map((e) => JSON.stringify(e)).join('\n') + '\n';

/** Queries per category. */
export function categoryCounts(entries: { category: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of entries) counts[e.category] = (counts[e.category] ?? 0) + 1;
  return counts;
}

function main() {
  const { values: args } = parseArgs({ options: { check: { type: 'boolean', default: false }, data: { type: 'string' } } });
  const entries = buildHeldout(args.data ? path.resolve(args.data) : DEFAULT_DATA_DIR);
  const text = serialize(entries);
  const counts = categoryCounts(entries);
  const thin = Object.entries(counts).filter(([, n]) => n < MIN_PER_CATEGORY);
  if (thin.length > 0) throw new Error(`categories with fewer than ${MIN_PER_CATEGORY} queries: ${thin.map(([c, n]) => `${c} (${n})`).join(', ')}`);
  const shown = path.relative(process.cwd(), HELDOUT_FILE);
  if (args.check) {
    const committed = fs.existsSync(HELDOUT_FILE) ? fs.readFileSync(HELDOUT_FILE, 'utf8') : '';
    if (committed !== text) {
      console.error(`${shown} differs from a rebuild: run npx tsx bench/nlq/heldout/build.ts and review the change`);
      process.exitCode = 1;
      return;
    }
    console.log(`${shown} matches a rebuild (${entries.length} queries)`);
    return;
  }
  fs.writeFileSync(HELDOUT_FILE, text);
  console.log(`wrote ${shown}: ${entries.length} queries in ${Object.keys(counts).length} categories`);
  for (const [category, n] of Object.entries(counts).sort()) console.log(`  ${category.padEnd(30)} ${n}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  try {
    main();
  } catch (e) {
    console.error(`heldout build failed: ${(e as Error).message}`);
    process.exitCode = 1;
  }
}
