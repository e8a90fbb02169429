/** Opens the configured backend: embedded SQLite under the data directory, or PostgreSQL from DATABASE_URL. */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, sql, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { postgresDialect, sqliteDialect } from './dialect.js';
import type { Storage } from './index.js';
import { KyselyStorage } from './kysely-storage.js';

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
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database }) });
  return new KyselyStorage(db, sqliteDialect);
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
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
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
