/**
 * The importer's overlapping steps: the CSV worker parses ahead of the batches it hands over, and the final
 * transaction plans a step while the one before it is stored. Small batches make a file of a few dozen rows take
 * many of each, so the reports, rows and row errors can be compared with the one-at-a-time, in-thread path.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ENTITIES } from '../../src/core/entities.js';
import { DEFAULT_WORKSPACE } from '../../src/crm/index.js';
import { describeEachBackend } from '../support/backends.js';

const ws = DEFAULT_WORKSPACE;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-import-pipelined-'));
const csv = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};
/** In this thread, one batch at a time (the files are far below the worker's size). */
const inThread = { workerFromBytes: Number.MAX_SAFE_INTEGER, batchRows: 4 };
const inWorker = { workerFromBytes: 0, batchRows: 4 };

/** 45 contacts, with a bad e-mail on line 8, a repeated id on line 20, a repeated e-mail on line 31 and a missing company on line 40. */
function contactsFile(prefix: string) {
  const lines = ['id,first_name,last_name,email,company_id'];
  for (let i = 2; i <= 46; i++) {
    const id = i === 20 ? `${prefix}_3` : `${prefix}_${i}`;
    const email = i === 8 ? 'not-an-address' : i === 31 ? `${prefix}5@x.example` : `${prefix}${i}@x.example`;
    lines.push(`${id},First${i},Last${i},${email},${i === 40 ? 'co_missing' : ''}`);
  }
  return csv(`${prefix}.csv`, `${lines.join('\n')}\n`);
}

describeEachBackend('import: parsing ahead and overlapping steps', (ctx) => {
  it('reports the same row errors from the worker as from the importing thread, and writes nothing of a failing file', async () => {
    const { crm } = ctx();
    const file = contactsFile('pa');
    const a = await crm.importer.importFile(ws, 'contact', file, inThread);
    const b = await crm.importer.importFile(ws, 'contact', file, inWorker);
    expect(a.rolled_back).toBe(true);
    expect(a.errors.map((e) => e.line)).toEqual([8, 20, 31, 40]);
    expect(b).toEqual({ ...a, seconds: b.seconds });
    expect(await crm.storage.records.getMany(ws, ENTITIES.contact, ['pa_2', 'pa_46'])).toEqual([]);
  });

  it('writes every good row of a many-step file through the worker, as the importing thread would', async () => {
    const { crm } = ctx();
    const file = contactsFile('pb');
    const viaWorker = await crm.importer.importFile(ws, 'contact', file, { ...inWorker, skipInvalid: true });
    expect([viaWorker.inserted, viaWorker.skipped, viaWorker.errors.map((e) => e.line)]).toEqual([41, 4, [8, 20, 31, 40]]);
    const again = await crm.importer.importFile(ws, 'contact', file, { ...inThread, skipInvalid: true });
    expect([again.inserted, again.updated, again.unchanged, again.errors]).toEqual([0, 0, 41, viaWorker.errors]);
    const ids = Array.from({ length: 45 }, (_, i) => `pb_${i + 2}`);
    const stored = await crm.storage.records.getMany(ws, ENTITIES.contact, ids);
    expect(stored.map((r) => r.id).sort()).toEqual(ids.filter((id) => !['pb_8', 'pb_20', 'pb_31', 'pb_40'].includes(id)).sort());
    expect(stored.find((r) => r.id === 'pb_45')).toMatchObject({ first_name: 'First45', email: 'pb45@x.example' });
  });

  it('stores the steps in file order: a value freed by one step can be taken by a later step', async () => {
    const { crm } = ctx();
    await crm.importer.importFile(ws, 'contact', csv('swap0.csv', 'id,first_name,email\nsw_a,A,old@swap.example\n'));
    // Line 2 moves sw_a off old@…; line 11 (three steps of 4 rows later) gives old@… to a new contact.
    const rows = ['id,first_name,email', 'sw_a,A,new@swap.example'];
    for (let i = 3; i <= 10; i++) rows.push(`sw_${i},N${i},n${i}@swap.example`);
    rows.push('sw_b,B,old@swap.example');
    const report = await crm.importer.importFile(ws, 'contact', csv('swap.csv', `${rows.join('\n')}\n`), { batchRows: 4 });
    expect([report.errors, report.inserted, report.updated]).toEqual([[], 9, 1]);
    const [a, b] = await Promise.all(['sw_a', 'sw_b'].map((id) => crm.records.get(ws, 'contact', id)));
    expect([a?.email, b?.email]).toEqual(['new@swap.example', 'old@swap.example']);
  });

  it('stops a worker parse on abort, writes nothing, and parses the next file with a fresh worker', async () => {
    const { crm } = ctx();
    const abort = new AbortController();
    let batches = 0;
    const stopped = crm.importer.importFile(ws, 'contact', contactsFile('pc'), {
      ...inWorker,
      signal: abort.signal,
      onProgress: () => {
        if (++batches === 2) abort.abort(new Error('stop'));
      },
    });
    await expect(stopped).rejects.toThrow('stop');
    expect(await crm.storage.records.getMany(ws, ENTITIES.contact, ['pc_2', 'pc_3'])).toEqual([]);
    const next = await crm.importer.importFile(ws, 'contact', contactsFile('pd'), { ...inWorker, skipInvalid: true });
    expect([next.inserted, next.errors.length]).toEqual([41, 4]);
  });
});
