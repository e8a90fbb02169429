import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ENTITIES } from '../../src/core/entities.js';
import { DEFAULT_WORKSPACE } from '../../src/crm/index.js';
import { describeEachBackend, FIXTURES, SHARED_CRM_DIR } from '../support/backends.js';
import { formulaCells, rowsAsImported } from '../support/csv.js';

const ws = DEFAULT_WORKSPACE;
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'crm-io-'));
const sortedLines = (file: string) => {
  const [header, ...rows] = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  return [header, ...rows.sort()];
};
describeEachBackend('import and export of the shared data set', (ctx) => {
  it('imports every file in dependency order with the documented counts', async () => {
    const report = await ctx().crm.importer.importDirectory(ws, SHARED_CRM_DIR);
    expect(report.ok).toBe(true);
    expect(report.files.map((f) => [f.file, f.inserted + f.unchanged, f.errors.length])).toEqual([
      ['companies.csv', 480, 0],
      ['contacts.csv', 2400, 0],
      ['deals.csv', 1751, 0],
      // After deals: each deal's history replaces the move recorded when it was created (stage-history-import.test.ts).
      ['stage_history.csv', 6283, 0],
      ['activities.csv', 13021, 0],
    ]);
    const { records } = ctx().crm;
    expect(await ctx().crm.storage.records.count(ws, ENTITIES.activity)).toBe(13021);
    const ravi = await records.get(ws, 'contact', 'ct_00001');
    expect(ravi).toMatchObject({ first_name: 'Ravi', last_name: 'Ziegler', company_id: 'co_0391', tags: ['decision-maker'], last_contacted_at: '2026-10-31T12:00:00Z' });
    const deal = await records.get(ws, 'deal', 'dl_00002');
    expect(deal).toMatchObject({ stage: 'closed_lost', amount: 15900, expected_close: '2027-02-12', closed_at: '2026-11-05T12:00:00Z' });
  });

  it('reports likely duplicate companies found during the import', async () => {
    const pairs = await ctx().crm.records.duplicatePairs(ws, 'company');
    const vertex = pairs.find((p) => p.a === 'co_0026' && p.b === 'co_0473');
    expect(vertex?.reasons).toEqual(['same domain', 'same name']);
  });

  it('records each deal\'s imported stage history', async () => {
    const history = await ctx().crm.records.stageHistory(ws, 'dl_00002');
    expect(history.map((h) => [h.from_stage, h.to_stage, h.source])).toEqual([
      [null, 'lead', 'import'],
      ['lead', 'qualified', 'import'],
      ['qualified', 'proposal', 'import'],
      ['proposal', 'closed_lost', 'import'],
    ]);
  });

  it('changes nothing when the same files are imported again', async () => {
    ctx().clock.advance(60_000);
    const before = await ctx().crm.records.get(ws, 'contact', 'ct_00002');
    const report = await ctx().crm.importer.importDirectory(ws, SHARED_CRM_DIR);
    expect(report.files.map((f) => [f.inserted, f.updated, f.unchanged])).toEqual([
      [0, 0, 480],
      [0, 0, 2400],
      [0, 0, 1751],
      [0, 0, 6283],
      [0, 0, 13021],
    ]);
    expect(await ctx().crm.records.get(ws, 'contact', 'ct_00002')).toEqual(before);
    expect(await ctx().crm.records.stageHistory(ws, 'dl_00002')).toHaveLength(4);
  });

  it('exports the same CSV format back, row for row', async () => {
    const dir = tmp();
    const report = await ctx().crm.exporter.exportDirectory(ws, dir);
    expect(report.files.map((f) => f.rows)).toEqual([480, 2400, 1751, 13021, 6283]);
    for (const name of ['companies', 'contacts', 'deals', 'activities', 'stage_history']) {
      const [exported, source] = [path.join(dir, `${name}.csv`), path.join(SHARED_CRM_DIR, `${name}.csv`)];
      // Phone numbers (+44 …) go out as '+44 … so spreadsheets do not read them as formulas; otherwise byte for byte.
      if (formulaCells(source).length === 0) expect(sortedLines(exported)).toEqual(sortedLines(source));
      expect(rowsAsImported(exported)).toEqual(rowsAsImported(source));
      expect(formulaCells(exported)).toEqual([]);
    }
    // export → import into the same workspace changes nothing: the round trip is exact.
    const again = await ctx().crm.importer.importDirectory(ws, dir);
    expect(again.files.every((f) => f.inserted === 0 && f.updated === 0)).toBe(true);
    fs.rmSync(dir, { recursive: true });
  });

  it('updates changed rows only, logging the change and a stage move', async () => {
    const dir = tmp();
    fs.writeFileSync(
      path.join(dir, 'deals.csv'),
      'id,name,company_id,contact_id,product,stage,amount,currency,created_at,expected_close,closed_at\n' +
        'dl_00001,Juniper Care – AI Assistant,co_0391,ct_00001,AI Assistant,qualified,152800,USD,2026-08-27T12:00:00Z,2026-10-28,\n',
    );
    const report = await ctx().crm.importer.importDirectory(ws, dir);
    expect(report.files[0]).toMatchObject({ updated: 1, inserted: 0 });
    const history = await ctx().crm.records.stageHistory(ws, 'dl_00001');
    expect(history.map((h) => [h.from_stage, h.to_stage])).toEqual([
      [null, 'lead'],
      ['lead', 'qualified'],
    ]);
    // Re-importing the history (which ends in lead) keeps the later move deals.csv made: it continues the history.
    fs.copyFileSync(path.join(SHARED_CRM_DIR, 'stage_history.csv'), path.join(dir, 'stage_history.csv'));
    fs.rmSync(path.join(dir, 'deals.csv'));
    const again = await ctx().crm.importer.importDirectory(ws, dir);
    expect(again.files[0]).toMatchObject({ errors: [], inserted: 0, unchanged: 6283 });
    expect(await ctx().crm.records.stageHistory(ws, 'dl_00001')).toEqual(history);
    const timeline = await ctx().crm.timeline.timeline(ws, 'deal', 'dl_00001');
    expect(timeline.items.some((i) => i.type === 'event' && i.kind === 'stage_changed')).toBe(true);
    fs.rmSync(dir, { recursive: true });
  });

  it('keeps custom columns as custom fields and writes them back', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'companies.csv'), 'id,name,segment\nco_custom1,Custom One,Enterprise\nco_custom2,Custom Two,\n');
    await ctx().crm.importer.importDirectory(ws, dir);
    expect((await ctx().crm.records.get(ws, 'company', 'co_custom1')).custom).toEqual({ segment: 'Enterprise' });
    const out = tmp();
    await ctx().crm.exporter.exportDirectory(ws, out, ['company']);
    const [header, ...rows] = fs.readFileSync(path.join(out, 'companies.csv'), 'utf8').trimEnd().split('\n');
    expect(header).toBe('id,name,domain,industry,employees,annual_revenue,country,city,description,segment');
    expect(rows.find((r) => r.startsWith('co_custom1'))).toBe('co_custom1,Custom One,,,,,,,,Enterprise');
    fs.rmSync(dir, { recursive: true });
    fs.rmSync(out, { recursive: true });
  });
}, { shared: true });

describeEachBackend('import of bad input', (ctx) => {
  it('rolls back a file with bad rows and names file, line and reason', async () => {
    const report = await ctx().crm.importer.importFile(ws, 'company', path.join(FIXTURES, 'bad/companies.csv'));
    expect(report.rolled_back).toBe(true);
    expect(report.errors.map((e) => [e.line, e.field, e.message])).toEqual([
      [3, 'employees', 'Beta Bank (beta.com): employees "many" is not a number'],
      [4, 'id', 'Alpha Again (alpha2.io): id co_a is repeated (first on line 2)'],
      [5, 'name', 'gamma.com: name is required'],
    ]);
    expect(report.errors.every((e) => e.file === 'companies.csv')).toBe(true);
    expect(await ctx().crm.storage.records.count(ws, ENTITIES.company)).toBe(0);
  });

  it('with skipInvalid imports the good rows, unicode intact, and reports the bad ones', async () => {
    const report = await ctx().crm.importer.importFile(ws, 'company', path.join(FIXTURES, 'bad/companies.csv'), { skipInvalid: true });
    expect(report).toMatchObject({ rolled_back: false, inserted: 2, skipped: 3 });
    expect((await ctx().crm.records.get(ws, 'company', 'co_d')).name).toBe('Zoë Ångström & 王伟 GmbH 🚀');
    const page = await ctx().crm.records.list(ws, 'company', { q: 'angstrom', limit: 10 });
    expect(page.records.map((r) => r.id)).toEqual(['co_d']);
  });

  it('rejects a malformed CSV whole, with the line of the problem', async () => {
    const report = await ctx().crm.importer.importFile(ws, 'contact', path.join(FIXTURES, 'malformed-contacts.csv'));
    expect(report.rolled_back).toBe(true);
    expect(report.errors[0]?.message).toMatch(/^malformed CSV: /);
    expect(report.errors[0]?.line).toBeGreaterThan(1);
    expect(await ctx().crm.storage.records.count(ws, ENTITIES.contact)).toBe(0);
  });

  it('reports unknown references, bad enums, impossible dates and open deals with a close date', async () => {
    const { crm } = ctx();
    await crm.records.create(ws, 'company', { id: 'co_0001', name: 'Iron Guard' });
    const report = await crm.importer.importFile(ws, 'deal', path.join(FIXTURES, 'deals-bad-refs.csv'), { skipInvalid: true });
    expect(report.inserted).toBe(1);
    // In line order, each naming the record and the bad value.
    expect(report.errors.map((e) => [e.line, e.id, e.field, e.message])).toEqual([
      [3, 'dl_x2', 'company_id', 'Unknown company: company_id: company co_9999 does not exist'],
      [4, 'dl_x3', 'stage', expect.stringMatching(/^Bad stage: stage "won" /)],
      [5, 'dl_x4', 'closed_at', 'Open but closed_at: closed_at "2026-02-01T00:00:00Z": only closed deals have a close date (stage is lead)'],
      [6, 'dl_x5', 'expected_close', expect.stringMatching(/^Bad date: expected_close "2026-02-30" /)],
    ]);
  });

  it('refuses a file whose header lacks a required column', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-io-'));
    fs.writeFileSync(path.join(dir, 'deals.csv'), 'id,name,amount\ndl_1,No stage,5\n');
    const report = await ctx().crm.importer.importDirectory(ws, dir);
    expect(report.files[0]?.errors[0]).toMatchObject({ line: 1, message: 'required column "stage" is missing' });
    fs.rmSync(dir, { recursive: true });
  });

  it('rejects a field over its maximum length and a record larger than the CSV limit', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-io-'));
    fs.writeFileSync(path.join(dir, 'companies.csv'), `id,name,description\nco_big,Big,${'x'.repeat(20001)}\n`);
    const report = await ctx().crm.importer.importDirectory(ws, dir);
    expect(report.files[0]?.errors[0]).toMatchObject({ line: 2, field: 'description' });
    const tiny = await ctx().crm.importer.importFile(ws, 'company', path.join(dir, 'companies.csv'), { maxRecordBytes: 1000 });
    expect(tiny.errors[0]?.message).toMatch(/^malformed CSV: /);
    fs.rmSync(dir, { recursive: true });
  });

  it('stops before files that depend on a failed one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-io-'));
    fs.copyFileSync(path.join(FIXTURES, 'bad/companies.csv'), path.join(dir, 'companies.csv'));
    fs.writeFileSync(path.join(dir, 'contacts.csv'), 'id,first_name,email,company_id\nct_z,Zed,zed@x.io,co_a\n');
    const report = await ctx().crm.importer.importDirectory(ws, dir);
    expect(report.ok).toBe(false);
    expect(report.not_imported).toEqual(['contacts.csv']);
    fs.rmSync(dir, { recursive: true });
  });
});
