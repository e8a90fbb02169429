/**
 * Runs a suite against every storage backend: SQLite (a temp file) and PostgreSQL (a fresh schema in the
 * `test` database). PostgreSQL is required when CRM_TEST_POSTGRES=require (CI); otherwise, when it is not
 * reachable, its suites are skipped with a message saying so.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { fixedClock } from '../../src/core/clock.js';
import { createCrm, prepareStorage, type Crm } from '../../src/crm/index.js';
import { dropPostgresSchema, openStorage, type StorageConfig } from '../../src/storage/connect.js';
import type { DialectName } from '../../src/storage/index.js';

export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const SHARED_CRM_DIR = path.resolve(import.meta.dirname, '../../../shared/data/crm');
export const SHARED_NLQ_FILE = path.resolve(import.meta.dirname, '../../../shared/data/nlq/dev.jsonl');

/**
 * The shared data set beside the repository (`../shared`): the suites that import it, score it or query it need
 * it. A clone on its own skips them with a warning; CRM_TEST_SHARED=require (CI) makes its absence fail instead.
 */
export const SHARED_AVAILABLE = fs.existsSync(path.join(SHARED_CRM_DIR, 'companies.csv')) && fs.existsSync(SHARED_NLQ_FILE);
if (!SHARED_AVAILABLE) {
  if (process.env.CRM_TEST_SHARED === 'require') throw new Error(`the shared data set is required (CRM_TEST_SHARED=require) but is not at ${path.dirname(SHARED_CRM_DIR)}`);
  console.warn(`the shared data set is not at ${path.dirname(SHARED_CRM_DIR)}: tests that use it are SKIPPED (set CRM_TEST_SHARED=require to fail instead)`);
}
export const SAMPLE_DIR = path.resolve(import.meta.dirname, '../../demo');
export const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');

let pgAvailable: boolean | undefined;
async function postgresReachable(): Promise<boolean> {
  if (pgAvailable !== undefined) return pgAvailable;
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    pgAvailable = true;
  } catch {
    pgAvailable = false;
  }
  return pgAvailable;
}

const pgRequired = process.env.CRM_TEST_POSTGRES === 'require';
const reachable = await postgresReachable();
/** Whether PostgreSQL suites run: reachable (when CRM_TEST_POSTGRES=require and it is not, this module already threw). */
export const POSTGRES_AVAILABLE = reachable;
if (!reachable) {
  if (pgRequired) throw new Error(`PostgreSQL is required (CRM_TEST_POSTGRES=require) but ${PG_URL} is not reachable`);
  console.warn(`PostgreSQL at ${PG_URL} is not reachable: PostgreSQL suites are SKIPPED (set CRM_TEST_POSTGRES=require to fail instead)`);
}

export interface BackendContext {
  dialect: DialectName;
  crm: Crm;
  clock: ReturnType<typeof fixedClock>;
  /** How to open the same database again (another connection, a worker thread). */
  storage: StorageConfig;
}

export const TEST_NOW = '2026-11-01T12:00:00Z';

/** Cheap password hashing for tests (the cost is stored in each hash; production uses OWASP's N=2^17). */
export const TEST_ACCESS = { scryptCost: { N: 2 ** 10, r: 8, p: 1 } };

let counter = 0;
/** Opens a fresh, migrated database of the given kind. */
export async function openTestCrm(dialect: DialectName): Promise<{ ctx: BackendContext; cleanup: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-test-'));
    return openMigrated(dialect, { dataDir: dir }, async () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  const schema = `t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  return openMigrated(dialect, { dataDir: os.tmpdir(), databaseUrl: PG_URL, pgSchema: schema }, () => dropPostgresSchema(PG_URL, schema));
}

/** Opens and migrates the storage, and a CRM on it; `removeDatabase` runs after the storage is closed. */
async function openMigrated(dialect: DialectName, config: StorageConfig, removeDatabase: () => Promise<void>): Promise<{ ctx: BackendContext; cleanup: () => Promise<void> }> {
  const clock = fixedClock(TEST_NOW);
  const storage = await openStorage(config);
  await prepareStorage(storage, clock);
  return {
    ctx: { dialect, crm: createCrm({ storage, clock, access: TEST_ACCESS }), clock, storage: config },
    cleanup: async () => {
      await storage.close();
      await removeDatabase();
    },
  };
}

/**
 * `describe` once per backend with a fresh database for the whole block. `ctx()` returns the live context
 * inside tests. `needs.shared`: the block uses the shared data set (skipped without it, see SHARED_AVAILABLE).
 */
export function describeEachBackend(name: string, body: (ctx: () => BackendContext, dialect: DialectName) => void, needs: { shared?: boolean } = {}) {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    const run = (dialect === 'sqlite' || reachable) && (!needs.shared || SHARED_AVAILABLE) ? describe : describe.skip;
    run(`${name} [${dialect}]`, () => {
      let current: BackendContext | undefined;
      let cleanup: (() => Promise<void>) | undefined;
      beforeAll(async () => {
        const opened = await openTestCrm(dialect);
        current = opened.ctx;
        cleanup = opened.cleanup;
      });
      afterAll(async () => {
        await cleanup?.();
      });
      body(() => {
        if (!current) throw new Error('backend not open yet');
        return current;
      }, dialect);
    });
  }
}
