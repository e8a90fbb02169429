/**
 * Several processes on one PostgreSQL (issue 21): two `crm serve` (no embedding of their own) and two `crm worker`
 * on one schema. Writes through either server are visible and searchable through both, every record is embedded
 * exactly once (each shard written once: the shard counter equals the shards), and the retraining job the shared
 * data set makes due runs in exactly one of the four processes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropPostgresSchema } from '../../src/storage/connect.js';
import { PG_URL, POSTGRES_AVAILABLE, SHARED_AVAILABLE, SHARED_CRM_DIR } from '../support/backends.js';
import { startCrm, startServer, waitFor, type CrmProcess } from '../support/processes.js';

const run = POSTGRES_AVAILABLE && SHARED_AVAILABLE ? describe : describe.skip;

const schema = `mp_${process.pid}_${Date.now().toString(36)}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-mp-'));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATABASE_URL: PG_URL,
  DATABASE_SCHEMA: schema,
  CRM_DATA_DIR: dataDir,
  CRM_WEB_DIST: path.join(dataDir, 'no-web'),
  AUTH: 'off',
  EMBEDDING_PROVIDER: 'hashing',
  CRM_EMBED_WORKER: '0',
  CRM_RATE_LIMIT: '0',
  CRM_TRAIN_WORKERS: '1',
  LOG_LEVEL: 'warn',
};
const processes: CrmProcess[] = [];
let db: pg.Client;

run('two servers and two workers on one PostgreSQL', () => {
  let a: CrmProcess & { base: string };
  let b: CrmProcess & { base: string };
  const created: { id: string; via: 'a' | 'b'; word: string }[] = [];

  beforeAll(async () => {
    // The first server migrates and loads the shared data set (enough closed deals to make a first training due).
    a = await startServer({ ...env, CRM_DEMO: '1', CRM_DEMO_DIR: SHARED_CRM_DIR }, 300_000);
    processes.push(a);
    const [second, ...workers] = await Promise.all([
      startServer({ ...env, CRM_DEMO: '0' }),
      Promise.resolve(startCrm(['worker', '--interval', '200'], env)),
      Promise.resolve(startCrm(['worker', '--interval', '200'], env)),
    ]);
    b = second;
    processes.push(b, ...workers);
    db = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
    await db.connect();
  }, 400_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill9()));
    await db?.end();
    await dropPostgresSchema(PG_URL, schema);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const post = async (base: string, body: Record<string, unknown>) => {
    const res = await fetch(`${base}/api/contacts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(201);
    return ((await res.json()) as { data: { id: string } }).data.id;
  };
  const get = async (base: string, url: string) => {
    const res = await fetch(`${base}${url}`);
    return { status: res.status, body: (await res.json()) as { data: { id: string }[] | { id: string }; total?: number; results?: { id: string }[] } };
  };

  it('sees a write through either server from both, at once, in lists and full-text search', async () => {
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const via = i % 2 === 0 ? 'a' : 'b';
        const word = `zorblax${i}q`;
        const id = await post(via === 'a' ? a.base : b.base, { first_name: `Multi${i}`, last_name: 'Process', title: `Keeper of ${word}`, email: `multi${i}@mp.example` });
        created.push({ id, via, word });
      }),
    );
    for (const c of created) {
      for (const base of [a.base, b.base]) {
        expect((await get(base, `/api/contacts/${c.id}`)).status).toBe(200);
        const found = await get(base, `/api/contacts?q=${c.word}`);
        expect((found.body.data as { id: string }[]).map((r) => r.id)).toEqual([c.id]);
      }
    }
    const totals = await Promise.all([a.base, b.base].map(async (base) => (await get(base, '/api/contacts?last_name=Process&limit=50')).body.total));
    expect(totals).toEqual([20, 20]);
  }, 120_000);

  it('embeds every record exactly once between the two workers, and both servers find the new ones by meaning', async () => {
    // Every embedding job done (the workers took the shared data set's jobs and the new contacts').
    await waitFor('the embedding queue to empty', async () => Number((await db.query(`SELECT count(*) AS n FROM job_queue WHERE queue = 'embed'`)).rows[0].n) === 0, 240_000, 500);
    const shards = Number((await db.query(`SELECT count(*) AS n FROM memory_shards`)).rows[0].n);
    const written = Number((await db.query(`SELECT value FROM counters WHERE name = 'memory_shards'`)).rows[0].value);
    const records = Number((await db.query(`SELECT (SELECT count(*) FROM contacts) + (SELECT count(*) FROM companies) + (SELECT count(*) FROM deals) + (SELECT count(*) FROM activities) AS n`)).rows[0].n);
    expect(shards).toBeGreaterThanOrEqual(records * 0.99);
    // Each shard write takes a sequence number: a record embedded twice would have taken two.
    expect(written).toBe(shards);
    const ids = created.map((c) => c.id);
    const mine = await db.query(`SELECT record_id, count(*) AS n FROM memory_shards WHERE entity = 'contact' AND vector IS NOT NULL AND record_id = ANY($1) GROUP BY record_id`, [ids]);
    expect(mine.rows.length).toBe(ids.length);
    // Neither worker crashed on the other's leases.
    const workers = processes.slice(2);
    expect(workers.every((w) => w.child.exitCode === null)).toBe(true);
    // Semantic search of each server (its in-memory index follows the shards the workers wrote).
    const target = created[0]!;
    for (const base of [a.base, b.base]) {
      await waitFor(
        `semantic search on ${base} to find ${target.id}`,
        async () => ((await get(base, `/api/search?entity=contact&q=${encodeURIComponent(`Keeper of ${target.word}`)}&limit=5`)).body.results ?? []).some((r) => r.id === target.id),
        60_000,
        500,
      );
    }
  }, 360_000);

  it('runs the due first training in exactly one of the four processes', async () => {
    // Each process looks at its start; the first to lease the retrain job trains, the others see it leased or done.
    await waitFor('a trained model', async () => Number((await db.query(`SELECT count(*) AS n FROM models`)).rows[0].n) > 0, 240_000, 1000);
    await new Promise((r) => setTimeout(r, 5000));
    const versions = await db.query(`SELECT strategy, max(version) AS v, count(*) AS n FROM models GROUP BY strategy`);
    expect(versions.rows.length).toBeGreaterThan(0);
    for (const r of versions.rows as { strategy: string; v: number; n: string }[]) expect([r.strategy, Number(r.v), Number(r.n)]).toEqual([r.strategy, 1, 1]);
    const trainedBy = processes.filter((p) => /retrained default/.test(p.output()));
    expect(trainedBy.length).toBe(1);
  }, 300_000);
});
