/**
 * Regenerates bench/nlq/heldout-4.jsonl from the SQL of queries.ts over the shared CSVs, with the machinery of
 * held-out set 3 (../heldout-3/build.ts: CSV loader, SQLite and PostgreSQL runners, usability checks, format).
 *
 *   npx tsx bench/nlq/heldout-4/build.ts                    # write the file
 *   npx tsx bench/nlq/heldout-4/build.ts --check            # exit 1 when the committed file differs from the SQL
 *   npx tsx bench/nlq/heldout-4/build.ts --check --postgres postgres://postgres@127.0.0.1:5432/test
 *                                                           # also run every statement on PostgreSQL (scratch
 *                                                           # schema, dropped after) and fail on any difference
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_DATA, build as buildWith, check, postgresRunner, readTables, serialize, type Runner } from '../heldout-3/build.js';
import { QUERIES } from './queries.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const OUT = path.resolve(HERE, '../heldout-4.jsonl');
export const build = (dataDir = DEFAULT_DATA, runner?: Runner) => buildWith(dataDir, runner, QUERIES);
export { check, postgresRunner, readTables, serialize };

async function main() {
  const { values: args } = parseArgs({ options: { check: { type: 'boolean' }, postgres: { type: 'string' }, data: { type: 'string' } } });
  const dataDir = args.data ?? DEFAULT_DATA;
  const entries = await build(dataDir);
  const problems = check(entries);
  if (problems.length) throw new Error(`held-out set 4 is not usable:\n  ${problems.join('\n  ')}`);
  const text = serialize(entries);
  if (args.postgres) {
    const other = serialize(await build(dataDir, await postgresRunner(args.postgres, readTables(dataDir))));
    const a = text.split('\n'), b = other.split('\n');
    const differ = a.map((l, i) => (l === b[i] ? null : i + 1)).filter((x) => x !== null);
    if (differ.length) throw new Error(`SQLite and PostgreSQL disagree on line(s) ${differ.join(', ')}`);
    console.log(`PostgreSQL gives the same ${entries.length} answers as SQLite`);
  }
  const rel = path.relative(process.cwd(), OUT);
  if (args.check) {
    const committed = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
    if (committed !== text) { console.error(`${rel} differs from what its SQL computes; run without --check`); process.exit(1); }
    console.log(`${rel} matches its SQL (${entries.length} queries)`);
    return;
  }
  fs.writeFileSync(OUT, text);
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.category, (counts.get(e.category) ?? 0) + 1);
  console.log(`wrote ${entries.length} queries to ${rel}`);
  for (const [c, n] of [...counts].sort()) console.log(`  ${c.padEnd(30)} ${n}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((e) => { console.error((e as Error).message); process.exit(1); });
}
