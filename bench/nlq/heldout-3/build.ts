/**
 * Regenerates bench/nlq/heldout-3.jsonl: loads the shared CSVs (../shared/data/crm) into an in-memory SQLite
 * database, runs each query's SQL (queries.ts) and writes one `{id, category, text, expected}` line per query in
 * the format bench/nlq.ts reads (`npm run bench:nlq -- --file bench/nlq/heldout-3.jsonl`).
 *
 *   npx tsx bench/nlq/heldout-3/build.ts                    # write the file
 *   npx tsx bench/nlq/heldout-3/build.ts --check            # exit 1 when the committed file differs from the SQL
 *   npx tsx bench/nlq/heldout-3/build.ts --postgres postgres://127.0.0.1:5432/test
 *                                                           # also run every statement on PostgreSQL (a scratch
 *                                                           # schema, dropped after) and fail on any difference
 *
 * Before writing it refuses a set that could not measure anything: an empty or duplicate text, a category with
 * fewer than 15 queries, a name lookup that does not find exactly one record, a semantic query with fewer
 * relevant contacts than its k.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import pg from 'pg';
import { QUERIES, type Query } from './queries.js';
import { ROLE } from './sql.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const OUT = path.resolve(HERE, '../heldout-3.jsonl');
export const DEFAULT_DATA = path.resolve(HERE, '../../../../shared/data/crm');

/** Column types of the shared CSVs; every other column is text. Empty cells are NULL. */
const TABLES: Record<string, { file: string; integers: string[] }> = {
  companies: { file: 'companies.csv', integers: ['employees', 'annual_revenue'] },
  contacts: { file: 'contacts.csv', integers: [] },
  deals: { file: 'deals.csv', integers: ['amount'] },
  activities: { file: 'activities.csv', integers: [] },
};

type Row = Record<string, string | number | null>;
export interface Table { name: string; columns: string[]; integers: Set<string>; rows: Row[] }

export function readTables(dataDir: string): Table[] {
  const tables: Table[] = Object.entries(TABLES).map(([name, spec]) => {
    const records = parse(fs.readFileSync(path.join(dataDir, spec.file), 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    const columns = Object.keys(records[0] ?? {});
    const integers = new Set(spec.integers);
    const rows = records.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] === '' ? null : integers.has(c) ? Number(r[c]) : r[c]!])));
    return { name, columns, integers, rows };
  });
  // The role families of sql.ts as a table, so the "similar" queries can compare a contact's family in SQL.
  const families = Object.entries(ROLE).flatMap(([family, titles]) => titles.map((title) => ({ title, family })));
  tables.push({ name: 'role_families', columns: ['title', 'family'], integers: new Set(), rows: families });
  return tables;
}

/** Runs statements against one database: rows as plain objects. */
export interface Runner { all(sql: string): Promise<Row[]>; close(): Promise<void> }

function sqliteRunner(tables: Table[]): Runner {
  const db = new Database(':memory:');
  // LIKE patterns are written in the data's case; make SQLite's LIKE case-sensitive like PostgreSQL's.
  db.pragma('case_sensitive_like = ON');
  for (const t of tables) {
    db.exec(`CREATE TABLE ${t.name} (${t.columns.map((c) => `${c} ${t.integers.has(c) ? 'INTEGER' : 'TEXT'}`).join(', ')})`);
    const insert = db.prepare(`INSERT INTO ${t.name} VALUES (${t.columns.map(() => '?').join(', ')})`);
    db.transaction(() => t.rows.forEach((r) => insert.run(...t.columns.map((c) => r[c]))))();
  }
  return { all: async (sql) => db.prepare(sql).all() as Row[], close: async () => void db.close() };
}

export async function postgresRunner(url: string, tables: Table[]): Promise<Runner> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const schema = `heldout3_${process.pid}_${Date.now()}`;
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.query(`SET search_path TO ${schema}`);
  for (const t of tables) {
    await client.query(`CREATE TABLE ${t.name} (${t.columns.map((c) => `${c} ${t.integers.has(c) ? 'BIGINT' : 'TEXT'}`).join(', ')})`);
    for (let i = 0; i < t.rows.length; i += 500) {
      const chunk = t.rows.slice(i, i + 500);
      const params: unknown[] = [];
      const tuples = chunk.map((r) => `(${t.columns.map((c) => { params.push(r[c]); return `$${params.length}`; }).join(', ')})`);
      await client.query(`INSERT INTO ${t.name} VALUES ${tuples.join(', ')}`, params);
    }
  }
  return {
    all: async (sql) => (await client.query(sql)).rows as Row[],
    close: async () => { await client.query(`DROP SCHEMA ${schema} CASCADE`); await client.end(); },
  };
}

const ids = (rows: Row[]) => rows.map((r) => String(r.id));

/** The expected answer of one query, in the format of bench/nlq-score.ts. */
async function expectedOf(query: Query, db: Runner): Promise<Record<string, unknown>> {
  switch (query.kind) {
    case 'set':
      return { kind: 'set', entity: query.entity, ids: ids(await db.all(query.sql)) };
    case 'value': {
      const rows = await db.all(query.sql);
      const v = Number(rows[0]?.value);
      if (rows.length !== 1 || !Number.isFinite(v)) throw new Error(`"${query.text}": the SQL gave no number`);
      return { kind: 'value', value: Math.round(v * 100) / 100 };
    }
    case 'topn': {
      const rows = await db.all(query.sql);
      const top = rows.slice(0, query.n);
      const last = top[top.length - 1];
      // Records whose key equals the n-th's may stand in for it when more of them exist than the top holds.
      const tied = last === undefined ? [] : rows.filter((r) => String(r.key) === String(last.key));
      const ties = tied.length > top.filter((r) => String(r.key) === String(last!.key)).length ? ids(tied) : [];
      return { kind: 'topn', entity: query.entity, n: query.n, ids: ids(top), ties };
    }
    case 'ranked':
      return { kind: 'ranked', entity: query.entity, k: query.k, relevant: ids(await db.all(query.sql)) };
    case 'similar': {
      const seed = ids(await db.all(query.seedSql));
      if (seed.length !== 1) throw new Error(`"${query.text}": the seed name matches ${seed.length} contacts`);
      return { kind: 'similar', entity: query.entity, seed: seed[0], k: query.k, relevant: ids(await db.all(query.sql)), partial: ids(await db.all(query.partialSql)) };
    }
  }
}

/** Refuses entries that could not measure anything (see the header). */
export function check(entries: { category: string; text: string; expected: Record<string, unknown> }[]): string[] {
  const problems: string[] = [];
  const texts = new Set<string>();
  const perCategory = new Map<string, number>();
  for (const e of entries) {
    const t = e.text.trim().toLowerCase();
    if (!t) problems.push('an empty text');
    if (texts.has(t)) problems.push(`"${e.text}" appears twice`);
    texts.add(t);
    perCategory.set(e.category, (perCategory.get(e.category) ?? 0) + 1);
    const x = e.expected;
    if (x.kind === 'set' && (x.ids as string[]).length === 0) problems.push(`"${e.text}": no record matches`);
    if (e.category === 'lookup.name' && (x.ids as string[]).length !== 1) problems.push(`"${e.text}": a name lookup must find exactly one record`);
    if ((x.kind === 'ranked' || x.kind === 'similar') && (x.relevant as string[]).length < (x.k as number)) problems.push(`"${e.text}": only ${(x.relevant as string[]).length} relevant for k=${x.k}`);
    if (x.kind === 'topn' && (x.ids as string[]).length < (x.n as number)) problems.push(`"${e.text}": fewer than n records`);
  }
  for (const [c, n] of perCategory) if (n < 15) problems.push(`category ${c} has ${n} queries (< 15)`);
  return problems;
}

/** `queries` defaults to this set's; held-out set 4 passes its own. */
export async function build(dataDir = DEFAULT_DATA, runner?: Runner, queries: readonly Query[] = QUERIES) {
  const tables = readTables(dataDir);
  const db = runner ?? sqliteRunner(tables);
  try {
    const entries = [];
    for (const [i, query] of queries.entries()) entries.push({ id: i + 1, category: query.category, text: query.text, expected: await expectedOf(query, db) });
    return entries;
  } finally {
    await db.close();
  }
}

export const serialize = (entries: unknown[]) => entries.map((e) => JSON.stringify(e)).join('\n') + '\n';

async function main() {
  const { values: args } = parseArgs({ options: { check: { type: 'boolean' }, postgres: { type: 'string' }, data: { type: 'string' } } });
  const dataDir = args.data ?? DEFAULT_DATA;
  const entries = await build(dataDir);
  const problems = check(entries);
  if (problems.length) throw new Error(`held-out set 3 is not usable:\n  ${problems.join('\n  ')}`);
  const text = serialize(entries);
  if (args.postgres) {
    const other = serialize(await build(dataDir, await postgresRunner(args.postgres, readTables(dataDir))));
    const a = text.split('\n'), b = other.split('\n');
    const differ = a.map((l, i) => (l === b[i] ? null : i + 1)).filter((x) => x !== null);
    if (differ.length) throw new Error(`SQLite and PostgreSQL disagree on line(s) ${differ.join(', ')}`);
    console.log(`PostgreSQL gives the same ${entries.length} answers as SQLite`);
  }
  if (args.check) {
    const committed = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
    if (committed !== text) { console.error(`${path.relative(process.cwd(), OUT)} differs from what its SQL computes; run without --check`); process.exit(1); }
    console.log(`${path.relative(process.cwd(), OUT)} matches its SQL (${entries.length} queries)`);
    return;
  }
  fs.writeFileSync(OUT, text);
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.category, (counts.get(e.category) ?? 0) + 1);
  console.log(`wrote ${entries.length} queries to ${path.relative(process.cwd(), OUT)}`);
  for (const [c, n] of [...counts].sort()) console.log(`  ${c.padEnd(30)} ${n}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((e) => { console.error((e as Error).message); process.exit(1); });
}
