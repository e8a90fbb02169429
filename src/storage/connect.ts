/** Opens the configured backend: embedded SQLite under the data directory, or PostgreSQL from DATABASE_URL. */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  SelectQueryNode,
  sql,
  PostgresDialect,
  SqliteDialect,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
} from 'kysely';
import pg from 'pg';
import { postgresDialect, sqliteDialect } from './dialect.js';
import type { Database } from './database.js';
import type { Storage } from './index.js';
import { KyselyStorage } from './kysely-storage.js';
import type { DirectRead, DirectStatement } from './repositories/records.repository.js';

export interface StorageConfig {
  /** `postgres://…` selects PostgreSQL; otherwise SQLite. */
  databaseUrl?: string;
  /** Directory of the SQLite file (`crm.sqlite`). */
  dataDir: string;
  /** PostgreSQL schema to use (created if missing); tests give each suite its own. */
  pgSchema?: string;
  /** SQLite file name override, or ':memory:'. */
  sqliteFile?: string;
}

// PostgreSQL returns COUNT(*) as bigint text; the counts here fit in a JS number.
pg.types.setTypeParser(20, (v) => Number(v));

export async function openStorage(config: StorageConfig): Promise<Storage> {
  if (config.databaseUrl && /^postgres(ql)?:\/\//.test(config.databaseUrl)) return openPostgres(config.databaseUrl, config.pgSchema);
  return openSqlite(config);
}

function openSqlite(config: StorageConfig): Storage {
  let file = config.sqliteFile ?? 'crm.sqlite';
  if (file !== ':memory:') {
    fs.mkdirSync(config.dataDir, { recursive: true });
    file = path.join(config.dataDir, file);
  }
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  // Deleted content is overwritten with zeros, so erased personal data does not stay readable in the file.
  database.pragma('secure_delete = ON');
  database.pragma('busy_timeout = 5000');
  database.pragma('cache_size = -65536');
  database.pragma('temp_store = MEMORY');
  // A second, read-only connection serves plain SELECTs outside transactions: in WAL mode it reads the last
  // committed state while a write transaction (a large import's final one) holds the writer.
  let reader: SQLite.Database | null = null;
  if (file !== ':memory:') {
    reader = new SQLite(file, { readonly: true });
    reader.pragma('busy_timeout = 5000');
    reader.pragma('cache_size = -32768');
    reader.pragma('temp_store = MEMORY');
  }
  const db = new Kysely<Database>({ dialect: new RoutedSqliteDialect(database, reader) });
  // What a session outside a transaction does with a SELECT (RoutedSqliteSession below), without the session.
  const read = reader;
  const directRead: DirectRead | undefined = read ? (text) => rawStatement(read, text) : undefined;
  return new KyselyStorage(db, sqliteDialect, false, undefined, undefined, directRead);
}

/** SQLite with the writer connection behind a mutex (as Kysely's own driver) and plain reads on a reader beside it. */
class RoutedSqliteDialect extends SqliteDialect {
  constructor(
    private readonly writer: SQLite.Database,
    private readonly reader: SQLite.Database | null,
  ) {
    super({ database: writer });
  }

  override createDriver(): Driver {
    return new RoutedSqliteDriver(this.writer, this.reader);
  }
}

/**
 * Prepared statements per connection, by SQL text: preparing took a tenth of a request's CPU. SQLite re-prepares a
 * kept statement itself when the schema changes. Bounded, oldest out first.
 */
const statementCache = new WeakMap<SQLite.Database, Map<string, SQLite.Statement>>();
const MAX_CACHED_STATEMENTS = 500;

function prepared(db: SQLite.Database, text: string): SQLite.Statement {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let stmt = cache.get(text);
  if (!stmt) {
    stmt = db.prepare(text);
    if (cache.size >= MAX_CACHED_STATEMENTS) cache.delete(cache.keys().next().value!);
    cache.set(text, stmt);
  }
  return stmt;
}

/**
 * A SELECT whose rows come back as arrays (better-sqlite3's `raw` mode), with its column names: the caller builds
 * its one object itself instead of better-sqlite3 building a keyed row object first (~4 µs of an 18 µs get-by-id).
 * Its own statement, not the shared cache's: `raw` is a mode of the statement, and the executor expects objects.
 */
function rawStatement(db: SQLite.Database, text: string): DirectStatement {
  const stmt = db.prepare(text);
  if (!stmt.reader) throw new Error(`not a query that returns rows: ${text}`);
  stmt.raw(true);
  return { columns: stmt.columns().map((c) => c.name), first: (parameters) => stmt.get(parameters as unknown[]) as unknown[] | undefined };
}

function runStatement(db: SQLite.Database, { sql: text, parameters }: CompiledQuery): QueryResult<unknown> {
  const stmt = prepared(db, text);
  if (stmt.reader) return { rows: stmt.all(parameters as unknown[]) };
  const { changes, lastInsertRowid } = stmt.run(parameters as unknown[]);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

/**
 * One session per acquired connection. A session runs its SELECTs on the reader until it first needs the writer
 * (any other statement, a BEGIN); from then until it is released it holds the writer's mutex and runs everything
 * there, so reads inside a transaction see the transaction's own writes.
 */
class RoutedSqliteSession implements DatabaseConnection {
  holdsWriter = false;
  constructor(private readonly driver: RoutedSqliteDriver) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const { reader, writer } = this.driver;
    if (!this.holdsWriter && reader && SelectQueryNode.is(query.query)) return runStatement(reader, query) as QueryResult<R>;
    await this.takeWriter();
    return runStatement(writer, query) as QueryResult<R>;
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    await this.takeWriter();
    for (const row of this.driver.writer.prepare(query.sql).iterate(query.parameters as unknown[])) yield { rows: [row as R] };
  }

  async takeWriter() {
    if (this.holdsWriter) return;
    await this.driver.mutex.lock();
    this.holdsWriter = true;
  }

  release() {
    if (!this.holdsWriter) return;
    this.holdsWriter = false;
    this.driver.mutex.unlock();
  }
}

class RoutedSqliteDriver implements Driver {
  readonly mutex = new Mutex();
  constructor(
    readonly writer: SQLite.Database,
    readonly reader: SQLite.Database | null,
  ) {}

  async init() {}
  async acquireConnection() {
    return new RoutedSqliteSession(this);
  }
  async beginTransaction(conn: DatabaseConnection) {
    await conn.executeQuery(CompiledQuery.raw('begin'));
  }
  async commitTransaction(conn: DatabaseConnection) {
    await conn.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(conn: DatabaseConnection) {
    await conn.executeQuery(CompiledQuery.raw('rollback'));
  }
  async releaseConnection(conn: DatabaseConnection) {
    (conn as RoutedSqliteSession).release();
  }
  async destroy() {
    this.reader?.close();
    this.writer.close();
  }
}

class Mutex {
  private held: Promise<void> | undefined;
  private free: (() => void) | undefined;
  async lock() {
    while (this.held) await this.held;
    this.held = new Promise((r) => (this.free = r));
  }
  unlock() {
    const free = this.free;
    this.held = this.free = undefined;
    free?.();
  }
}

async function openPostgres(url: string, schema?: string): Promise<Storage> {
  if (schema) {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid PostgreSQL schema name ${schema}`);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await client.end();
    }
  }
  const pool = new pg.Pool({ connectionString: url, max: 10, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const current = schema ?? (await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db)).rows[0]?.schema;
  return new KyselyStorage(db, postgresDialect, false, undefined, current ?? undefined);
}

/** Drops a PostgreSQL schema (test clean-up). */
export async function dropPostgresSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
