/**
 * Crashes (issue 21), each a real process killed with SIGKILL — no shutdown handler runs:
 * - `crm serve` during a burst of writes: every write answered 2xx is there after a restart (SQLite, PostgreSQL);
 * - `crm import` in the middle of a file's final transaction: the file is all in or all out, and a re-run completes;
 * - an embedding worker in the middle of its batches: once another worker has taken over, every record is embedded,
 *   none twice (PostgreSQL, where workers share the queue).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { dropPostgresSchema } from '../../src/storage/connect.js';
import { PG_URL, POSTGRES_AVAILABLE, SAMPLE_DIR } from '../support/backends.js';
import { startCrm, startServer, waitFor, type CrmProcess } from '../support/processes.js';

const havePg = POSTGRES_AVAILABLE;

const started: CrmProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(started.map((p) => p.kill9()));
  for (const c of cleanups) await c();
});

/** A fresh database of the given kind, an environment for `crm` processes on it, and a way to count rows. */
function database(dialect: 'sqlite' | 'postgres') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `crm-faults-${dialect}-`));
  const schema = `faults_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CRM_DATA_DIR: dataDir,
    CRM_WEB_DIST: path.join(dataDir, 'no-web'),
    CRM_DEMO: '0',
    AUTH: 'off',
    EMBEDDING_PROVIDER: 'hashing',
    CRM_EMBED_WORKER: '0',
    CRM_RATE_LIMIT: '0',
    CRM_RETRAIN_AFTER: '0',
    CRM_RETRAIN_EVERY_HOURS: '0',
    LOG_LEVEL: 'warn',
    ...(dialect === 'postgres' ? { DATABASE_URL: PG_URL, DATABASE_SCHEMA: schema } : {}),
  };
  cleanups.push(async () => {
    if (dialect === 'postgres') await dropPostgresSchema(PG_URL, schema);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  /** One query's first column of its first row, on a connection of the test's own (read-only on SQLite). */
  const scalar = async (query: string, params: unknown[] = []): Promise<number> => {
    if (dialect === 'sqlite') {
      const file = path.join(dataDir, 'crm.sqlite');
      if (!fs.existsSync(file)) return 0;
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        db.pragma('busy_timeout = 5000');
        return Number(Object.values(db.prepare(query).get(...params) as Record<string, unknown>)[0]);
      } finally {
        db.close();
      }
    }
    const c = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
    await c.connect();
    try {
      const sqlText = query.replace(/\?/g, (() => { let i = 0; return () => `$${++i}`; })());
      return Number(Object.values((await c.query(sqlText, params)).rows[0] as Record<string, unknown>)[0]);
    } finally {
      await c.end();
    }
  };
  return { env, dataDir, schema, scalar };
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  const run = dialect === 'sqlite' || havePg ? describe : describe.skip;

  run(`kill -9 [${dialect}]`, () => {
    it('keeps every write a server answered 2xx when it is killed during a burst of writes', async () => {
      const { env } = database(dialect);
      const server = await startServer(env);
      started.push(server);
      const acknowledged: string[] = [];
      let stop = false;
      let failedConnections = 0;
      // 20 clients writing without pause; the server is killed once 60 writes were answered.
      const clients = Array.from({ length: 20 }, async (_, c) => {
        for (let i = 0; !stop; i++) {
          try {
            const res = await fetch(`${server.base}/api/contacts`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ first_name: `Burst${c}`, last_name: `Write${i}`, email: `burst${c}.${i}@faults.example` }),
            });
            if (res.status >= 200 && res.status < 300) acknowledged.push(((await res.json()) as { data: { id: string } }).data.id);
            else expect.fail(`a write before the crash answered ${res.status}: ${await res.text()}`);
          } catch {
            failedConnections++; // in flight when the process died: the client never learnt the outcome
            return;
          }
        }
      });
      await waitFor('60 acknowledged writes', async () => acknowledged.length >= 60, 120_000, 20);
      await server.kill9();
      stop = true;
      await Promise.all(clients);
      expect(failedConnections).toBeGreaterThan(0); // the kill came mid-burst, with requests in flight

      const again = await startServer(env);
      started.push(again);
      for (const id of acknowledged) {
        const res = await fetch(`${again.base}/api/contacts/${id}`);
        expect(res.status, id).toBe(200);
      }
      const listed = (await (await fetch(`${again.base}/api/contacts?limit=1`)).json()) as { total: number };
      expect(listed.total).toBeGreaterThanOrEqual(acknowledged.length);
      await again.kill9();
    }, 300_000);

    it('leaves a file all in or all out when crm import is killed in its final transaction, and a re-run completes', async () => {
      const { env, dataDir, scalar } = database(dialect);
      // Migrate first, so the database exists for the counts below.
      const migrate = startCrm(['migrate'], env);
      expect(await migrate.exited).toBe(0);
      const dir = path.join(dataDir, 'import');
      fs.mkdirSync(dir);
      const rows = 20_000;
      const lines = ['id,first_name,last_name,email,title'];
      for (let i = 0; i < rows; i++) lines.push(`ct_fault_${i},First${i},Last${i},fault${i}@import.example,Engineer`);
      fs.writeFileSync(path.join(dir, 'contacts.csv'), `${lines.join('\n')}\n`);

      const importer = startCrm(['import', dir], { ...env, CRM_IMPORT_TIMING: '1' });
      started.push(importer);
      // The timing line is printed when every row is checked and staged, just before the final transaction (SQLite),
      // or once the first batch is written inside the file's one open transaction (PostgreSQL).
      await waitFor('the final transaction to begin', async () => /parse, check and stage|first batch written/.test(importer.output()) || importer.child.exitCode !== null, 240_000, 10);
      await importer.kill9();
      const afterKill = await scalar('SELECT count(*) FROM contacts');
      expect([0, rows]).toContain(afterKill);

      const rerun = startCrm(['import', dir], env);
      const code = await rerun.exited;
      expect(code, rerun.output()).toBe(0);
      expect(await scalar('SELECT count(*) FROM contacts')).toBe(rows);
      expect(await scalar(`SELECT count(*) FROM contacts WHERE email = ?`, ['fault19999@import.example'])).toBe(1);
      // And once more: an import of the same file changes nothing.
      const third = startCrm(['import', dir], env);
      expect(await third.exited).toBe(0);
      expect(await scalar('SELECT count(*) FROM contacts')).toBe(rows);
    }, 400_000);
  });
}

(havePg ? describe : describe.skip)('kill -9 of an embedding worker [postgres]', () => {
  it('loses and repeats nothing: another worker takes over the killed one’s jobs', async () => {
    const { env, scalar, schema } = database('postgres');
    // The bundled sample, queued for embedding by a server that does not embed itself.
    const server = await startServer({ ...env, CRM_DEMO: '1', CRM_DEMO_DIR: SAMPLE_DIR });
    started.push(server);
    const queued = await scalar(`SELECT count(*) FROM job_queue WHERE queue = 'embed'`);
    expect(queued).toBeGreaterThan(500);

    const first = startCrm(['worker', '--interval', '100'], env);
    started.push(first);
    await waitFor('the first worker to write some shards', async () => (await scalar(`SELECT value FROM counters WHERE name = 'memory_shards'`)) > 0, 120_000, 20);
    await first.kill9();
    const leftAfterKill = await scalar(`SELECT count(*) FROM job_queue WHERE queue = 'embed'`);
    expect(leftAfterKill).toBeGreaterThan(0); // killed with work left, some of it leased to it
    // Its leases would run out after 5 minutes; the test moves them to the past instead of waiting.
    const c = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
    await c.connect();
    await c.query(`UPDATE job_queue SET locked_until = '2000-01-01T00:00:00.000Z' WHERE locked_until IS NOT NULL`);
    await c.end();

    const second = startCrm(['worker', '--interval', '100'], env);
    started.push(second);
    await waitFor('the second worker to empty the queue', async () => (await scalar(`SELECT count(*) FROM job_queue WHERE queue = 'embed'`)) === 0, 240_000, 200);
    await second.kill9();

    const records = await scalar(`SELECT (SELECT count(*) FROM contacts) + (SELECT count(*) FROM companies) + (SELECT count(*) FROM deals) + (SELECT count(*) FROM activities)`);
    const embedded = await scalar(`SELECT count(*) FROM memory_shards WHERE vector IS NOT NULL`);
    const written = await scalar(`SELECT value FROM counters WHERE name = 'memory_shards'`);
    const shards = await scalar(`SELECT count(*) FROM memory_shards`);
    expect(embedded).toBe(records); // nothing lost
    expect(written).toBe(shards); // nothing written twice: each shard write takes one sequence number
    await server.kill9();
  }, 400_000);
});
