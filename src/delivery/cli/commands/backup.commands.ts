/**
 * `crm backup FILE` / `crm restore FILE`: the whole database — records, history, users and tokens, semantic memory,
 * models — in one file.
 *  - SQLite: SQLite's online backup API (better-sqlite3 `db.backup`), consistent while the server keeps running;
 *    restore copies the backup into CRM_DATA_DIR the same way, after checking it is a CRM database.
 *  - PostgreSQL: `pg_dump --format=custom` of the database (or of DATABASE_SCHEMA) and `pg_restore`; both binaries
 *    must be installed and not older than the server.
 * Restore refuses a target that already holds a CRM database unless `--force` (then SQLite's file is replaced and
 * PostgreSQL's objects are dropped first). Stop the servers before restoring.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { CrmError } from '../../../core/errors.js';
import { openStorage } from '../../../storage/connect.js';
import type { AppConfig } from '../../config.js';
import { storageConfigOf } from '../../runtime.js';
import type { CliContext } from '../context.js';

const SQLITE_FILE = 'crm.sqlite';
/** Every CRM database has applied migrations recorded here (storage/kysely-storage.ts). */
const MIGRATIONS_TABLE = 'schema_migrations';

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(new CrmError('unavailable', e.code === 'ENOENT' ? `${command} is not installed (PostgreSQL backups need the PostgreSQL client tools)` : `${command}: ${e.message}`)),
    );
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new CrmError('unavailable', `${command} failed (exit ${code}): ${stderr.trim()}`))));
  });
}

function isCrmSqlite(file: string): boolean {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(MIGRATIONS_TABLE) !== undefined;
  } catch {
    return false;
  } finally {
    db.close();
  }
}

/** The URL pg_dump and pg_restore connect with; the schema travels as its own option. */
function pgTarget(config: AppConfig): { url: string; schemaArgs: string[] } {
  return { url: config.databaseUrl!, schemaArgs: config.databaseSchema ? ['--schema', config.databaseSchema] : [] };
}

export async function backup(config: AppConfig, file: string): Promise<string> {
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (config.databaseUrl) {
    const { url, schemaArgs } = pgTarget(config);
    await run('pg_dump', ['--format=custom', '--no-owner', '--file', target, ...schemaArgs, url]);
    return `PostgreSQL ${config.databaseSchema ? `schema ${config.databaseSchema}` : 'database'} backed up to ${target} (pg_dump custom format)`;
  }
  const source = path.join(config.dataDir, SQLITE_FILE);
  if (!fs.existsSync(source)) throw new CrmError('not_found', `no database at ${source} to back up`);
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    // The online backup API copies a consistent snapshot page by page; writers are not blocked meanwhile.
    await db.backup(target);
  } finally {
    db.close();
  }
  return `SQLite database ${source} backed up to ${target} (${fs.statSync(target).size} bytes)`;
}

export async function restore(config: AppConfig, file: string, opts: { force?: boolean }): Promise<string> {
  const source = path.resolve(file);
  if (!fs.existsSync(source)) throw new CrmError('not_found', `no backup file at ${source}`);
  if (config.databaseUrl) {
    const { url, schemaArgs } = pgTarget(config);
    const tables = await pgCrmTables(config);
    if (tables && !opts.force) throw new CrmError('conflict', `the target PostgreSQL ${config.databaseSchema ? `schema ${config.databaseSchema}` : 'database'} already holds a CRM database; restore into an empty one or pass --force to replace it`);
    await ensureExtensions(url);
    // --clean also when empty: opening the storage above created the (empty) schema, which the dump creates again.
    await run('pg_restore', ['--no-owner', '--exit-on-error', '--clean', '--if-exists', ...schemaArgs, '--dbname', url, source]);
    return `restored ${source} into PostgreSQL ${config.databaseSchema ? `schema ${config.databaseSchema}` : 'database'}`;
  }
  if (!isCrmSqliteFile(source)) throw new CrmError('validation', `${source} is not a CRM backup (a SQLite database with ${MIGRATIONS_TABLE})`);
  const target = path.join(config.dataDir, SQLITE_FILE);
  if (fs.existsSync(target) && !opts.force) throw new CrmError('conflict', `${target} already exists; restore into an empty CRM_DATA_DIR or pass --force to replace it`);
  fs.mkdirSync(config.dataDir, { recursive: true });
  // Into a temporary file first, then renamed over: a failed restore leaves the old database (or none) intact.
  const partial = `${target}.restoring`;
  fs.rmSync(partial, { force: true });
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(partial);
  } finally {
    db.close();
  }
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${target}${suffix}`, { force: true });
  fs.renameSync(partial, target);
  return `restored ${source} into ${target}`;
}

function isCrmSqliteFile(file: string): boolean {
  try {
    return isCrmSqlite(file);
  } catch {
    return false;
  }
}

/**
 * Extensions live outside the dumped schema (migration 0019 puts pg_trgm in `public`), so a dump of one schema does
 * not carry them, and its trigram indexes cannot be rebuilt in a database that lacks it. Created first where this
 * role may; where it may not, pg_restore's own error says what is missing.
 */
async function ensureExtensions(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public');
  } catch {
    // not allowed here (no superuser, not a trusted extension): the restore reports the missing operator class
  } finally {
    await client.end();
  }
}

/** Whether the target PostgreSQL database (or schema) already holds a CRM database (its first migration applied). */
async function pgCrmTables(config: AppConfig): Promise<boolean> {
  const storage = await openStorage(storageConfigOf(config));
  try {
    return !(await storage.pendingMigrations()).includes('0001-core');
  } finally {
    await storage.close();
  }
}

export function backupCommands({ program, config }: CliContext) {
  program
    .command('backup')
    .description('write the whole database to FILE (SQLite: online backup, safe while serving; PostgreSQL: pg_dump custom format)')
    .argument('<file>', 'the backup file to write')
    .action(async (file: string) => console.log(await backup(config(), file)));
  program
    .command('restore')
    .description('restore a backup made by `crm backup` into the configured database (stop the servers first)')
    .argument('<file>', 'the backup file to read')
    .option('--force', 'replace an existing CRM database')
    .action(async (file: string, opts: { force?: boolean }) => console.log(await restore(config(), file, opts)));
}
