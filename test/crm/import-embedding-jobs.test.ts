/**
 * The embedding jobs an import leaves: each activity and the contact, company and deal it belongs to, queued once,
 * whether the activity was created (its write holds the three ids: no read-back) or updated (read back), and
 * whether its contact recurs in later batches of the file's one transaction (PostgreSQL remembers what the
 * transaction queued) or not.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { DEFAULT_WORKSPACE } from '../../src/crm/index.js';
import { EMBED_QUEUE, subscribeMemory } from '../../src/intelligence/memory/embedding-queue.js';
import { describeEachBackend } from '../support/backends.js';

const ws = DEFAULT_WORKSPACE;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-import-jobs-'));
const LATER = '2030-01-01T00:00:00Z';
const LEASE = '2030-01-01T00:05:00Z';

describeEachBackend('import: embedding jobs of activities', (ctx) => {
  /** Every queued embedding job (claimed and completed, so the next look starts empty), as "entity:id". */
  const drain = async () => {
    const { jobs } = ctx().crm.storage;
    const claimed = await jobs.claim(EMBED_QUEUE, 'test', 100_000, LATER, LEASE);
    await jobs.complete(claimed);
    return claimed.map((j) => `${j.entity}:${j.record_id}`).sort();
  };

  it('queues each imported activity and its contact, company and deal once, across batches', async () => {
    const { crm } = ctx();
    subscribeMemory(crm);
    const { records } = crm;
    const harbour = (await records.create(ws, 'company', { name: 'Quillon Harbour Works' })).record;
    const tern = (await records.create(ws, 'company', { name: 'Tern & Bellows' })).record;
    const maris = (await records.create(ws, 'contact', { first_name: 'Maris', last_name: 'Okonjo', company_id: harbour.id })).record;
    const pell = (await records.create(ws, 'contact', { first_name: 'Pell', last_name: 'Varga' })).record;
    const deal = (await records.create(ws, 'deal', { name: 'Dry dock lease renewal', company_id: harbour.id, stage: 'qualified', amount: 1200 })).record;
    await drain();
    // Batches of 2: Maris and the harbour come back in every batch; Pell only in the last, with no company or deal.
    const file = path.join(dir, 'activities.csv');
    fs.writeFileSync(
      file,
      [
        'id,type,contact_id,company_id,deal_id,occurred_at,subject',
        `ac_qj_1,note,${maris.id},${harbour.id},${deal.id},2026-10-01T09:00:00Z,Walked the dry dock`,
        `ac_qj_2,email,${maris.id},${harbour.id},,2026-10-02T09:00:00Z,Sent the lease draft`,
        `ac_qj_3,call,${maris.id},,${deal.id},2026-10-03T09:00:00Z,Talked through the crane schedule`,
        `ac_qj_4,note,,${tern.id},,2026-10-04T09:00:00Z,Bellows supplier met at the fair`,
        `ac_qj_5,note,${pell.id},,,2026-10-05T09:00:00Z,Pell asked about berth sizes`,
      ].join('\n') + '\n',
    );
    const report = await crm.importer.importFile(ws, 'activity', file, { batchRows: 2 });
    expect([report.inserted, report.errors]).toEqual([5, []]);
    expect(await drain()).toEqual(
      [
        ...['ac_qj_1', 'ac_qj_2', 'ac_qj_3', 'ac_qj_4', 'ac_qj_5'].map((id) => `activity:${id}`),
        `company:${harbour.id}`,
        `company:${tern.id}`,
        `contact:${maris.id}`,
        `contact:${pell.id}`,
        `deal:${deal.id}`,
        // Touching an activity moves its contact's and company's last contacted date: those writes queue them too.
      ].sort(),
    );

    // An activity moved to another contact (an update: its other ids are read back) queues it and both its ids.
    await records.update(ws, 'activity', 'ac_qj_2', { contact_id: pell.id });
    expect(await drain()).toEqual(['activity:ac_qj_2', `company:${harbour.id}`, `contact:${pell.id}`].sort());
  });

  it('queues a job again in the same transaction once the job it queued there was completed', async () => {
    const { jobs } = ctx().crm.storage;
    const job = (record_id: string) => ({ workspace_id: ws, entity: 'contact' as const, record_id });
    // Leased before the transaction; queued again in it (the lease is reset), then completed there: queued a third time, it must be back.
    await jobs.enqueue(EMBED_QUEUE, [job('ct_qj_done')], LATER);
    const leased = await jobs.claim(EMBED_QUEUE, 'earlier', 10, LATER, LEASE);
    await ctx().crm.storage.transaction(async (tx) => {
      await tx.jobs.enqueue(EMBED_QUEUE, [job('ct_qj_done')], LATER);
      await tx.jobs.complete(leased);
      await tx.jobs.enqueue(EMBED_QUEUE, [job('ct_qj_done')], LATER);
    });
    expect(await drain()).toEqual(['contact:ct_qj_done']);
  });
});
