import { expect, it } from 'vitest';
import { describeEachBackend } from '../support/backends.js';
import type { ClaimedJob } from '../../src/storage/index.js';

const T0 = '2026-11-01T12:00:00Z';
const T1 = '2026-11-01T12:00:30Z';
const T2 = '2026-11-01T12:02:00Z';
const job = (record_id: string) => ({ workspace_id: 'default', entity: 'contact' as const, record_id });

describeEachBackend('durable job queue', (ctx, dialect) => {
  it('coalesces repeated jobs for one record and leases each job to one worker', async () => {
    const { jobs } = ctx().crm.storage;
    await jobs.enqueue('embed', [job('a'), job('b'), job('a')], T0);
    await jobs.enqueue('embed', [job('a'), job('c')], T0);
    await jobs.enqueue('other', [job('a')], T0);
    expect(await jobs.stats('embed', T0)).toEqual({ ready: 3, leased: 0, waiting: 0, failing: 0 });
    const first = await jobs.claim('embed', 'w1', 2, T0, T2);
    const second = await jobs.claim('embed', 'w2', 10, T0, T2);
    expect(first).toHaveLength(2);
    expect(second).toHaveLength(1);
    expect(new Set([...first, ...second].map((j) => j.record_id))).toEqual(new Set(['a', 'b', 'c']));
    expect(await jobs.claim('embed', 'w3', 10, T1, T2)).toEqual([]);
    await jobs.complete([...first, ...second]);
    expect(await jobs.stats('embed', T1)).toEqual({ ready: 0, leased: 0, waiting: 0, failing: 0 });
    expect((await jobs.claim('other', 'w1', 10, T0, T2)).map((j) => j.record_id)).toEqual(['a']);
  });

  it('counts a queue up to a bound, leased jobs included', async () => {
    const { jobs } = ctx().crm.storage;
    await jobs.enqueue('depth', ['a', 'b', 'c', 'd', 'e'].map(job), T0);
    await jobs.enqueue('depth-other', [job('z')], T0);
    expect(await jobs.claim('depth', 'w1', 2, T0, T2)).toHaveLength(2);
    expect(await jobs.depth('depth', 100)).toBe(5);
    expect(await jobs.depth('depth', 3)).toBe(3);
    expect(await jobs.depth('depth-none', 10)).toBe(0);
  });

  it('gives an expired lease to another worker', async () => {
    const { jobs } = ctx().crm.storage;
    await jobs.enqueue('lease', [job('x')], T0);
    expect(await jobs.claim('lease', 'crashed', 10, T0, T1)).toHaveLength(1);
    expect(await jobs.claim('lease', 'w2', 10, T0, T2)).toEqual([]);
    const again = await jobs.claim('lease', 'w2', 10, T2, '2026-11-01T12:05:00Z');
    expect(again.map((j) => [j.record_id, j.attempts])).toEqual([['x', 2]]);
  });

  it('keeps a job that was enqueued again while it was being worked on', async () => {
    const { jobs } = ctx().crm.storage;
    await jobs.enqueue('re', [job('r')], T0);
    const [claimed] = await jobs.claim('re', 'w1', 1, T0, T2);
    await jobs.enqueue('re', [job('r')], T1);
    await jobs.complete([claimed as ClaimedJob]);
    expect((await jobs.claim('re', 'w1', 1, T2, '2026-11-01T12:09:00Z')).map((j) => j.record_id)).toEqual(['r']);
  });

  it('retries a failed job later and reports it as failing', async () => {
    const { jobs } = ctx().crm.storage;
    await jobs.enqueue('fail', [job('f')], T0);
    const [claimed] = await jobs.claim('fail', 'w1', 1, T0, T1);
    await jobs.fail(claimed as ClaimedJob, 'model crashed', T2);
    expect(await jobs.claim('fail', 'w1', 1, T1, T2)).toEqual([]);
    expect(await jobs.stats('fail', T1)).toEqual({ ready: 0, leased: 0, waiting: 1, failing: 1 });
    expect(await jobs.claim('fail', 'w1', 1, T2, '2026-11-01T12:09:00Z')).toHaveLength(1);
  });

  it('queues a job once however often one transaction enqueues it, and still resets a failed job from before', async () => {
    const { storage } = ctx().crm;
    await storage.jobs.enqueue('once', [job('f')], T0);
    const [claimed] = await storage.jobs.claim('once', 'w1', 1, T0, T1);
    await storage.jobs.fail(claimed as ClaimedJob, 'model crashed', T2);
    // As an import does: every step of its one transaction queues the same contact again.
    await storage.transaction(async (tx) => {
      for (const at of [T0, T1, T1]) await tx.jobs.enqueue('once', [job('f'), job('g'), job('g')], at);
    });
    expect(await storage.jobs.stats('once', T1)).toEqual({ ready: 2, leased: 0, waiting: 0, failing: 0 });
    const jobs = await storage.jobs.claim('once', 'w2', 10, T1, T2);
    expect(jobs.map((j) => [j.record_id, j.attempts]).sort()).toEqual([['f', 1], ['g', 1]]);
  });

  if (dialect === 'postgres')
    it('never hands one job to two processes claiming at the same time', async () => {
      const { jobs } = ctx().crm.storage;
      const ids = Array.from({ length: 200 }, (_, i) => `p${i}`);
      await jobs.enqueue('race', ids.map(job), T0);
      const claims = await Promise.all(Array.from({ length: 8 }, (_, w) => jobs.claim('race', `w${w}`, 30, T0, T2)));
      const all = claims.flat().map((j) => j.record_id);
      expect(all.length).toBe(new Set(all).size);
      expect(all.length).toBe(200);
    });
});

describeEachBackend('change feed', (ctx) => {
  it('tells subscribers about every write inside its transaction', async () => {
    const { crm } = ctx();
    const seen: string[] = [];
    const stop = crm.changes.subscribe(async (tx, c) => {
      seen.push(`${c.op} ${c.entity} ${c.ids.join(',')}`);
      await tx.jobs.enqueue('test', c.ids.map((id) => ({ workspace_id: c.workspaceId, entity: c.entity, record_id: id })), T0);
    });
    await crm.records.create('default', 'company', { id: 'co_f1', name: 'Feed One' });
    await crm.records.update('default', 'company', 'co_f1', { city: 'Berlin' });
    await crm.records.create('default', 'company', { id: 'co_f2', name: 'Feed One GmbH' });
    await crm.merge.merge('default', 'company', 'co_f1', ['co_f2']);
    await crm.records.delete('default', 'company', 'co_f1');
    stop();
    expect(seen).toEqual([
      'upsert company co_f1',
      'upsert company co_f1',
      'upsert company co_f2',
      'delete company co_f2',
      'upsert company co_f1',
      'delete company co_f1',
    ]);
    expect((await crm.storage.jobs.stats('test', T0)).ready).toBe(2);
  });

  it('rolls the write back when a subscriber fails', async () => {
    const { crm } = ctx();
    const stop = crm.changes.subscribe(async () => {
      throw new Error('subscriber down');
    });
    await expect(crm.records.create('default', 'company', { id: 'co_f3', name: 'Never' })).rejects.toThrow('subscriber down');
    stop();
    await expect(crm.records.get('default', 'company', 'co_f3')).rejects.toMatchObject({ code: 'not_found' });
  });
});

