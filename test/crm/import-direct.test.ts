/**
 * PostgreSQL writes an import's batches as it checks them, in the file's one transaction (no staging area); SQLite
 * (and PostgreSQL with `staged: true`) stages first and applies in a final transaction. Both must report the same
 * rows, errors and counts, and leave a failing file all out — on PostgreSQL even when rows of it were already
 * written inside the transaction.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ENTITIES } from '../../src/core/entities.js';
import { DEFAULT_WORKSPACE } from '../../src/crm/index.js';
import { describeEachBackend } from '../support/backends.js';

const ws = DEFAULT_WORKSPACE;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-import-direct-'));
const csv = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};

/** 30 contacts of `prefix`; `bad` lines get an invalid e-mail, `missing` lines a company that does not exist. */
function contacts(prefix: string, bad: number[] = [], missing: number[] = [], count = 30) {
  const lines = ['id,first_name,last_name,email,company_id'];
  for (let i = 2; i <= count + 1; i++) lines.push(`${prefix}_${i},First${i},Last${i},${bad.includes(i) ? 'not-an-address' : `${prefix}${i}@direct.example`},${missing.includes(i) ? 'co_missing' : ''}`);
  return csv(`${prefix}.csv`, `${lines.join('\n')}\n`);
}

const ids = (prefix: string) => Array.from({ length: 30 }, (_, i) => `${prefix}_${i + 2}`);
/** A report without what differs between two runs of the same rows under other ids. */
const comparable = (r: { seconds: number; file: string; errors: { file: string; id?: string; message: string }[] }, prefix: string) => ({
  ...r,
  seconds: 0,
  file: '',
  errors: r.errors.map((e) => ({ ...e, file: '', id: e.id?.replace(prefix, 'x'), message: e.message.replaceAll(prefix, 'x') })),
});

describeEachBackend('import: written as checked (PostgreSQL) or staged first', (ctx, dialect) => {
  it('writes nothing of a file whose error comes after batches of it were written', async () => {
    const { crm } = ctx();
    // Batches of 4: lines 2–25 are written (PostgreSQL) before line 27's error is found.
    const direct = await crm.importer.importFile(ws, 'contact', contacts('qa', [27]), { batchRows: 4 });
    expect([direct.rolled_back, direct.inserted, direct.errors.map((e) => [e.line, e.field])]).toEqual([true, 0, [[27, 'email']]]);
    expect(await crm.storage.records.getMany(ws, ENTITIES.contact, ids('qa'))).toEqual([]);
    const staged = await crm.importer.importFile(ws, 'contact', contacts('qb', [27]), { batchRows: 4, staged: true });
    expect(comparable(staged, 'qb')).toEqual(comparable(direct, 'qa'));
    expect(await crm.storage.records.getMany(ws, ENTITIES.contact, ids('qb'))).toEqual([]);
  });

  it('rolls the whole file back when a write fails after batches of it were stored, and names that failure', async () => {
    const { crm } = ctx();
    let published = 0;
    // A change listener runs in the writing transaction: failing on the third batch fails the file's transaction.
    const off = crm.changes.subscribe(async (_tx, change) => {
      if (change.entity === 'contact' && change.ids.some((id) => id.startsWith('qf_')) && ++published === 3) throw new Error('listener failed on the third batch');
    });
    try {
      await expect(crm.importer.importFile(ws, 'contact', contacts('qf'), { batchRows: 4 })).rejects.toThrow('listener failed on the third batch');
    } finally {
      off();
    }
    expect(published).toBe(3);
    expect(await crm.storage.records.getMany(ws, ENTITIES.contact, ids('qf'))).toEqual([]);
    // Nothing of it is left behind either: the same file imports whole afterwards.
    const again = await crm.importer.importFile(ws, 'contact', contacts('qf'), { batchRows: 4 });
    expect([again.inserted, again.errors]).toEqual([30, []]);
  });

  it('reports and writes the same as the staged path, skipping bad rows', async () => {
    const { crm } = ctx();
    const direct = await crm.importer.importFile(ws, 'contact', contacts('qc', [5, 17], [12]), { batchRows: 4, skipInvalid: true });
    const staged = await crm.importer.importFile(ws, 'contact', contacts('qd', [5, 17], [12]), { batchRows: 4, skipInvalid: true, staged: true });
    expect([direct.inserted, direct.skipped, direct.errors.map((e) => e.line)]).toEqual([27, 3, [5, 12, 17]]);
    expect(comparable(staged, 'qd')).toEqual(comparable(direct, 'qc'));
    const strip = (rows: Record<string, unknown>[], prefix: string) =>
      rows.map((r) => ({ ...r, id: String(r.id).replace(prefix, 'x'), email: String(r.email).replace(prefix, 'x'), created_at: '', updated_at: '' })).sort((a, b) => a.id.localeCompare(b.id));
    const a = await crm.storage.records.getMany(ws, ENTITIES.contact, ids('qc'));
    const b = await crm.storage.records.getMany(ws, ENTITIES.contact, ids('qd'));
    expect(a).toHaveLength(27);
    expect(strip(b, 'qd')).toEqual(strip(a, 'qc'));
    // Searchable and followed by an import event, as a staged file is.
    const found = await crm.storage.records.list(ws, ENTITIES.contact, { q: 'Last9 qc9', limit: 5 });
    expect(found.records.map((r) => r.id)).toEqual(['qc_9']);
    const events = await crm.storage.events.forRecords(ws, 'contact', ['qc_9', 'qd_9'], 10);
    expect(events.map((e) => [e.record_id, e.kind, e.data]).sort()).toEqual([
      ['qc_9', 'created', { source: 'import' }],
      ['qd_9', 'created', { source: 'import' }],
    ]);
    // And a second import of the same file changes nothing.
    const again = await crm.importer.importFile(ws, 'contact', contacts('qc', [5, 17], [12]), { batchRows: 4, skipInvalid: true });
    expect([again.inserted, again.updated, again.unchanged]).toEqual([0, 0, 27]);
  });

  it('lets another writer go on while a file is being imported', async () => {
    const { crm } = ctx();
    let written: Promise<void> | undefined;
    let otherDone = false;
    let batchesAfterOther = 0;
    // 300 rows in batches of 2: the import's transaction stays open for 150 batches, each a round trip or more,
    // so a write that is not queued behind it is answered long before the last batch (a margin of ~100x, not a race).
    const report = await crm.importer.importFile(ws, 'contact', contacts('qe', [], [], 300), {
      batchRows: 2,
      onProgress: (p) => {
        written ??= crm.records.create(ws, 'contact', { id: 'qe_other', first_name: 'Other', email: 'other@direct.example' }).then(() => {
          otherDone = true;
        });
        if (otherDone && p.phase === 'validating') batchesAfterOther++;
      },
    });
    expect(report.inserted).toBe(300);
    await written;
    // The other write was answered while the import's transaction was still open, batches were still being written.
    expect(batchesAfterOther).toBeGreaterThan(0);
    expect(await crm.storage.records.getMany(ws, ENTITIES.contact, ['qe_other'])).toHaveLength(1);
  });

  it('moves each contact and company to its latest e-mail, call or meeting across batches, written once a file', async () => {
    const { crm, clock } = ctx();
    await crm.importer.importFile(ws, 'company', csv('lc-co.csv', 'id,name\nco_lc,Last Contact Co\n'));
    await crm.importer.importFile(ws, 'contact', csv('lc-ct.csv', 'id,first_name,company_id\nct_lc1,A,co_lc\nct_lc2,B,co_lc\n'));
    const future = new Date(clock.now().getTime() + 3 * 86_400_000).toISOString();
    // Out of date order across batches of 2; a note (not a contact) and a planned call (future) do not count.
    const rows = [
      'id,type,contact_id,company_id,occurred_at,subject',
      'ac_lc1,call,ct_lc1,co_lc,2024-03-01T10:00:00Z,a',
      'ac_lc2,email,ct_lc1,co_lc,2024-05-01T10:00:00Z,b',
      'ac_lc3,meeting,ct_lc1,,2024-04-01T10:00:00Z,c',
      'ac_lc4,note,ct_lc2,co_lc,2024-09-01T10:00:00Z,d',
      `ac_lc5,call,ct_lc2,co_lc,${future},e`,
      'ac_lc6,call,ct_lc2,,2024-02-01T10:00:00Z,f',
    ];
    const report = await crm.importer.importFile(ws, 'activity', csv('lc-ac.csv', `${rows.join('\n')}\n`), { batchRows: 2 });
    expect(report.inserted).toBe(6);
    const [a, b] = await crm.storage.records.getMany(ws, ENTITIES.contact, ['ct_lc1', 'ct_lc2']).then((r) => r.sort((x, y) => x.id.localeCompare(y.id)));
    const [co] = await crm.storage.records.getMany(ws, ENTITIES.company, ['co_lc']);
    expect([a?.last_contacted_at, b?.last_contacted_at, co?.last_contacted_at]).toEqual(['2024-05-01T10:00:00Z', '2024-02-01T10:00:00Z', '2024-05-01T10:00:00Z']);
    // A later file with older dates moves nothing back.
    await crm.importer.importFile(ws, 'activity', csv('lc-ac2.csv', 'id,type,contact_id,company_id,occurred_at,subject\nac_lc7,call,ct_lc1,co_lc,2023-01-01T10:00:00Z,g\n'), { staged: true });
    const [again] = await crm.storage.records.getMany(ws, ENTITIES.contact, ['ct_lc1']);
    expect(again?.last_contacted_at).toBe('2024-05-01T10:00:00Z');
  });

  it('names the tables whose statistics a transaction made stale (PostgreSQL), none it did not change', async () => {
    const { crm } = ctx();
    const stale = await crm.storage.transaction(async (tx) => {
      await tx.records.upsertMany(ws, ENTITIES.company, Array.from({ length: 80 }, (_, i) => ({ id: `co_stale_${i}`, name: `Stale ${i}`, custom: {} })), ['name', 'custom']);
      return tx.staleTables();
    });
    if (dialect === 'sqlite') expect(stale).toBeUndefined();
    else {
      expect(stale).toContain('companies');
      expect(stale).not.toContain('deals');
    }
  });
});
