/**
 * Batched jobs (migration 0024): on PostgreSQL a large enqueue of one object is stored as batch rows (an import's
 * 10,000 activities: two rows instead of 10,000 upserts in its transaction) that a claim expands into ordinary jobs.
 * Whatever the storage, every job is claimed once, counted in stats and depth, and coalesces as before.
 */
import { sql, type Kysely } from 'kysely';
import { expect, it } from 'vitest';
import type { Storage } from '../../src/storage/index.js';
import { describeEachBackend } from '../support/backends.js';

const T0 = '2026-11-01T12:00:00Z';
const T1 = '2026-11-01T12:00:30Z';
const T2 = '2026-11-01T12:02:00Z';
const job = (record_id: string, entity: 'contact' | 'activity' = 'activity') => ({ workspace_id: 'default', entity, record_id });
const ids = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(5, '0')}`);
const rowsOf = async (storage: Storage, queue: string) =>
  Number((await sql<{ n: string }>`SELECT count(*) AS n FROM job_queue WHERE queue = ${queue}`.execute((storage as unknown as { db: Kysely<any> }).db)).rows[0]!.n);

describeEachBackend('batched jobs', (ctx, dialect) => {
  it('stores a large enqueue of one object as batch rows on PostgreSQL, and hands every job out once', async () => {
    const { storage } = ctx().crm;
    const many = ids(7_500, 'a');
    // As the embedding listener does in an import's transaction: activities, plus a few contacts and a repeat.
    await storage.transaction(async (tx) => {
      await tx.jobs.enqueue('bq', [...many.map((id) => job(id)), job('c1', 'contact'), job('c2', 'contact'), job(many[0]!)], T0);
    });
    // PostgreSQL: 7,500 activities in two batch rows (5,000 + 2,500), the two contacts as ordinary jobs.
    expect(await rowsOf(storage, 'bq')).toBe(dialect === 'postgres' ? 4 : 7_502);
    expect(await storage.jobs.depth('bq', 100_000)).toBe(7_502);
    expect(await storage.jobs.depth('bq', 10)).toBe(10);
    expect(await storage.jobs.stats('bq', T1)).toEqual({ ready: 7_502, leased: 0, waiting: 0, failing: 0 });

    const seen: string[] = [];
    for (let round = 0; round < 20; round++) {
      const claimed = await storage.jobs.claim('bq', 'w', 1_000, T1, T2);
      if (claimed.length === 0) break;
      expect(claimed.length).toBe(Math.min(1_000, 7_502 - seen.length));
      seen.push(...claimed.map((j) => `${j.entity}:${j.record_id}`)); // leased: later claims skip them
    }
    expect(seen.length).toBe(7_502);
    expect(new Set(seen).size).toBe(7_502);
    expect(new Set(seen)).toEqual(new Set([...many.map((id) => `activity:${id}`), 'contact:c1', 'contact:c2']));
    expect(await storage.jobs.stats('bq', T1)).toEqual({ ready: 0, leased: 7_502, waiting: 0, failing: 0 });
    expect(await rowsOf(storage, 'bq')).toBe(7_502);
  });

  it('a batch coalesces with a job already queued or leased, as an ordinary enqueue does', async () => {
    const { storage } = ctx().crm;
    const many = ids(1_200, 'l');
    await storage.jobs.enqueue('bl', [job('l00007')], T0);
    const [leased] = await storage.jobs.claim('bl', 'early', 1, T0, T2);
    expect(leased?.record_id).toBe('l00007');
    await storage.jobs.enqueue('bl', [job('l00003')], T0);
    // The batch names the leased job and the waiting one again, at a later time.
    await storage.jobs.enqueue('bl', many.map((id) => job(id)), T1);
    // Completing the earlier lease must not drop the newer change (the batch's).
    const claimed = await storage.jobs.claim('bl', 'w', 5_000, T1, T2);
    expect(claimed.map((j) => j.record_id).sort()).toEqual(many.filter((id) => id !== 'l00007'));
    await storage.jobs.complete([leased!]);
    await storage.jobs.complete(claimed);
    // The leased job (enqueued again by the batch) comes back once its lease is over (or is released by complete).
    const again = await storage.jobs.claim('bl', 'w', 5_000, T2, '2026-11-01T12:10:00Z');
    expect(again.map((j) => j.record_id)).toEqual(['l00007']);
  });

  it('rolls batch rows back with the transaction that wrote them', async () => {
    const { storage } = ctx().crm;
    await expect(
      storage.transaction(async (tx) => {
        await tx.jobs.enqueue('br', ids(3_000, 'r').map((id) => job(id)), T0);
        throw new Error('import failed');
      }),
    ).rejects.toThrow('import failed');
    expect(await rowsOf(storage, 'br')).toBe(0);
    expect(await storage.jobs.claim('br', 'w', 10_000, T1, T2)).toEqual([]);
  });

  if (dialect === 'postgres')
    it('never hands one job to two processes expanding and claiming at the same time', async () => {
      const { jobs } = ctx().crm.storage;
      const many = ids(12_000, 'p');
      await jobs.enqueue('brace', many.map((id) => job(id)), T0);
      const claims = await Promise.all(Array.from({ length: 8 }, (_, w) => jobs.claim('brace', `w${w}`, 2_000, T1, T2)));
      let all = claims.flat().map((j) => j.record_id);
      expect(all.length).toBe(new Set(all).size);
      // Whatever the first round left (claims that found every batch taken by another), a second round takes.
      all = [...all, ...(await jobs.claim('brace', 'w9', 20_000, T1, T2)).map((j) => j.record_id)];
      expect(all.length).toBe(12_000);
      expect(new Set(all).size).toBe(12_000);
    });
});
