/**
 * An activities file's embedding jobs on PostgreSQL go into its transaction as batch rows (job-queue.repository.ts,
 * migration 0024): a few rows instead of one per activity. Claimed, they are the same jobs as on SQLite: each
 * activity and the contact and company it names, once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { DEFAULT_WORKSPACE } from '../../src/crm/index.js';
import { EMBED_QUEUE, subscribeMemory } from '../../src/intelligence/memory/embedding-queue.js';
import { describeEachBackend } from '../support/backends.js';

const ws = DEFAULT_WORKSPACE;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-import-batches-'));

describeEachBackend('import: embedding jobs in batch rows', (ctx, dialect) => {
  it('queues 1,500 activities as batch rows on PostgreSQL and hands each job out once', async () => {
    const { crm } = ctx();
    subscribeMemory(crm);
    const db = (crm.storage as unknown as { db: Kysely<any> }).db;
    const rows = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM job_queue WHERE queue = ${EMBED_QUEUE}`.execute(db)).rows[0]!.n);
    const company = (await crm.records.create(ws, 'company', { name: 'Saltmarsh Ropeworks' })).record;
    const contact = (await crm.records.create(ws, 'contact', { first_name: 'Ilse', last_name: 'Brandauer', company_id: company.id })).record;
    const drain = async () => {
      const claimed = await crm.storage.jobs.claim(EMBED_QUEUE, 'test', 100_000, '2030-01-01T00:00:00Z', '2030-01-01T00:05:00Z');
      await crm.storage.jobs.complete(claimed);
      return claimed.map((j) => `${j.entity}:${j.record_id}`);
    };
    await drain();
    const ids = Array.from({ length: 1_500 }, (_, i) => `ac_jb_${String(i).padStart(4, '0')}`);
    const file = path.join(dir, 'activities.csv');
    fs.writeFileSync(file, ['id,type,contact_id,company_id,occurred_at,subject', ...ids.map((id, i) => `${id},note,${contact.id},${company.id},2026-10-01T09:${String(i % 60).padStart(2, '0')}:00Z,Rope sample ${i}`)].join('\n') + '\n');
    const report = await crm.importer.importFile(ws, 'activity', file);
    expect([report.inserted, report.errors]).toEqual([1_500, []]);
    // PostgreSQL: one batch row for the activities, the contact and the company as ordinary jobs.
    expect(await rows()).toBe(dialect === 'postgres' ? 3 : 1_502);
    expect(await crm.storage.jobs.depth(EMBED_QUEUE, 100_000)).toBe(1_502);
    const jobs = await drain();
    expect(jobs.length).toBe(1_502);
    expect(new Set(jobs)).toEqual(new Set([...ids.map((id) => `activity:${id}`), `contact:${contact.id}`, `company:${company.id}`]));
    expect(await rows()).toBe(0);
  });
});
