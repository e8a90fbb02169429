/**
 * What the later held-out sets' build scripts (5–8) share: every query's answer computed once over the shared CSVs
 * (each query without a well-defined answer listed in one error, so a set is fixed in one pass), and the file
 * written, or compared with a rebuild (`--check`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Expected } from '../../nlq-score.js';
import { checkInterests, loadSharedData } from './sql.js';

export interface SetEntry {
  id: string;
  category: string;
  text: string;
  expected: Expected;
}

type Db = ReturnType<typeof loadSharedData>;

/** Ids `<prefix>-001`, … in the queries' order; `answer` throws when a query has no single fair answer. */
export function evaluateSet<Q extends { category: string; text: string }>(dataDir: string, prefix: string, queries: readonly Q[], answer: (db: Db, query: Q) => Expected): SetEntry[] {
  const db = loadSharedData(dataDir);
  try {
    checkInterests(db);
    const problems: string[] = [];
    const out: SetEntry[] = [];
    queries.forEach((query, i) => {
      const id = `${prefix}-${String(i + 1).padStart(3, '0')}`;
      try {
        out.push({ id, category: query.category, text: query.text, expected: answer(db, query) });
      } catch (e) {
        problems.push(`${id} "${query.text}": ${(e as Error).message}`);
      }
    });
    if (problems.length > 0) throw new Error(`${problems.length} queries have no well-defined answer:\n  ${problems.join('\n  ')}`);
    return out;
  } finally {
    db.close();
  }
}

export const serializeSet = (entries: readonly SetEntry[]) => entries.map((e) => JSON.stringify(e)).join('\n') + '\n';

/** Whether the module at `moduleUrl` is the script node was started with. */
export const isMainModule = (moduleUrl: string) => Boolean(process.argv[1]) && fileURLToPath(moduleUrl) === path.resolve(process.argv[1]!);

/** Writes the set, or with `--check` exits 1 when the committed file differs from this rebuild. */
export function writeOrCheck(outputFile: string, entries: readonly SetEntry[]): void {
  const text = serializeSet(entries);
  if (process.argv.includes('--check')) {
    const same = fs.existsSync(outputFile) && fs.readFileSync(outputFile, 'utf8') === text;
    console.log(same ? `${outputFile} is up to date` : `${outputFile} differs from a rebuild`);
    process.exitCode = same ? 0 : 1;
    return;
  }
  fs.writeFileSync(outputFile, text);
  const counts: Record<string, number> = {};
  for (const e of entries) counts[e.category] = (counts[e.category] ?? 0) + 1;
  console.log(`wrote ${outputFile}: ${entries.length} queries`, counts);
}
