/**
 * Stage history in and out (issue 17): stage_history.csv imported after deals, checked row by row, idempotent,
 * replacing the move the importer records when it creates a deal, continued by moves made in the CRM, exported back
 * in the same format; HubSpot's one-column-per-stage layout; and the shared data set's 6,283 moves.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { DEFAULT_WORKSPACE } from '../../src/crm/index.js';
import { applyStageHistory } from '../../src/crm/import-stage-history.js';
import type { HistoryRow } from '../../src/crm/import-stage-history-parse.js';
import { loadDemoData } from '../../src/delivery/runtime.js';
import type { BackendContext } from '../support/backends.js';
import { describeEachBackend, FIXTURES, SHARED_CRM_DIR, TEST_NOW } from '../support/backends.js';

const ws = DEFAULT_WORKSPACE;
const DIR = path.join(FIXTURES, 'stage-history');
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'crm-history-'));
/** A directory with the fixture's deals.csv and the given history file as stage_history.csv. */
function dirWith(history: string | null): string {
  const dir = tmp();
  fs.copyFileSync(path.join(DIR, 'deals.csv'), path.join(dir, 'deals.csv'));
  if (history) fs.copyFileSync(path.join(DIR, history), path.join(dir, 'stage_history.csv'));
  return dir;
}
const moves = async (ctx: BackendContext, id: string) =>
  (await ctx.crm.records.stageHistory(ws, id)).map((m) => [m.from_stage, m.to_stage, m.at, m.source]);

const H1 = [
  [null, 'lead', '2026-01-05T09:00:00Z', 'import'],
  ['lead', 'qualified', '2026-01-12T10:30:00Z', 'import'],
  ['qualified', 'proposal', '2026-01-30T14:00:00Z', 'import'],
  ['proposal', 'closed_won', '2026-02-20T16:00:00Z', 'import'],
];
const H2 = [
  [null, 'lead', '2026-02-01T09:00:00Z', 'import'],
  ['lead', 'qualified', '2026-02-10T11:00:00Z', 'import'],
  ['qualified', 'proposal', '2026-02-25T15:45:00Z', 'import'],
];

describeEachBackend('stage history import', (ctx) => {
  it('imports stage_history.csv after deals, in place of the move recorded when each deal was created', async () => {
    const dir = dirWith('stage_history.csv');
    const report = await ctx().crm.importer.importDirectory(ws, dir);
    expect(report.ok).toBe(true);
    expect(report.files.map((f) => [f.file, f.entity, f.rows, f.inserted, f.unchanged, f.errors.length])).toEqual([
      ['deals.csv', 'deal', 6, 6, 0, 0],
      // dl_h3's one move is the one recorded when it was created: unchanged; dl_h4–6 have no rows and keep theirs.
      ['stage_history.csv', 'stage_history', 8, 7, 1, 0],
    ]);
    expect(await moves(ctx(), 'dl_h1')).toEqual(H1);
    expect(await moves(ctx(), 'dl_h2')).toEqual(H2);
    expect(await moves(ctx(), 'dl_h3')).toEqual([[null, 'lead', '2026-03-01T09:00:00Z', 'import']]);
    expect(await moves(ctx(), 'dl_h5')).toEqual([[null, 'negotiation', '2026-03-03T09:00:00Z', 'import']]);
    const audit = await ctx().crm.storage.events.audit(ws, { entity: 'import', limit: 10 });
    expect(audit.map((e) => e.data)).toContainEqual(expect.objectContaining({ object: 'stage_history', file: 'stage_history.csv', inserted: 7, deals: 2 }));
    fs.rmSync(dir, { recursive: true });
  });

  it('adds nothing when the same deals and history are imported again', async () => {
    const before = await ctx().crm.records.stageHistory(ws, 'dl_h1');
    ctx().clock.advance(60_000);
    const dir = dirWith('stage_history.csv');
    const report = await ctx().crm.importer.importDirectory(ws, dir);
    expect(report.files.map((f) => [f.inserted, f.updated, f.unchanged])).toEqual([
      [0, 0, 6],
      [0, 0, 8],
    ]);
    // The same rows, not rewritten copies.
    expect(await ctx().crm.records.stageHistory(ws, 'dl_h1')).toEqual(before);
    fs.rmSync(dir, { recursive: true });
  });

  it('corrects a span of the history with rows that continue the moves before them', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'stage_history.csv'), 'deal_id,from_stage,to_stage,changed_at\ndl_h2,qualified,proposal,2026-02-24T08:00:00Z\n');
    const report = await ctx().crm.importer.importDirectory(ws, dir);
    expect(report.files[0]).toMatchObject({ inserted: 1, errors: [] });
    // The import's earlier record of the move to proposal (25 Feb) is restated by the file (24 Feb) and goes.
    expect(await moves(ctx(), 'dl_h2')).toEqual([...H2.slice(0, 2), ['qualified', 'proposal', '2026-02-24T08:00:00Z', 'import']]);
    fs.writeFileSync(path.join(dir, 'stage_history.csv'), 'deal_id,from_stage,to_stage,changed_at\ndl_h2,,lead,2026-02-01T09:00:00Z\ndl_h2,lead,qualified,2026-02-10T11:00:00Z\ndl_h2,qualified,proposal,2026-02-25T15:45:00Z\n');
    await ctx().crm.importer.importDirectory(ws, dir);
    expect(await moves(ctx(), 'dl_h2')).toEqual(H2);
    fs.rmSync(dir, { recursive: true });
  });

  it('continues the imported history with moves made in the CRM, and keeps them through a re-import', async () => {
    const { crm, clock } = ctx();
    clock.set('2026-11-02T10:00:00Z');
    await crm.records.update(ws, 'deal', 'dl_h2', { stage: 'negotiation' });
    const later = ['proposal', 'negotiation', '2026-11-02T10:00:00Z', 'api'];
    expect(await moves(ctx(), 'dl_h2')).toEqual([...H2, later]);
    // The older export's deals.csv puts dl_h2 back in proposal (an import move); its history ends before the CRM's move.
    clock.set('2026-11-03T10:00:00Z');
    const dir = dirWith('stage_history.csv');
    const report = await crm.importer.importDirectory(ws, dir);
    expect(report.ok).toBe(true);
    expect(await moves(ctx(), 'dl_h2')).toEqual([...H2, later, ['negotiation', 'proposal', '2026-11-03T10:00:00Z', 'import']]);
    // Importing it again changes nothing.
    clock.set('2026-11-04T10:00:00Z');
    const again = await crm.importer.importDirectory(ws, dir);
    expect(again.files[1]).toMatchObject({ inserted: 0, unchanged: 8 });
    expect(await crm.records.stageHistory(ws, 'dl_h2')).toHaveLength(5);
    fs.rmSync(dir, { recursive: true });
  });

  it('exports stage_history.csv in the import format, and it imports into an empty workspace as the same history', async () => {
    const { crm } = ctx();
    const out = tmp();
    const exported = await crm.exporter.exportDirectory(ws, out, ['deal']);
    expect(exported.files.map((f) => [path.basename(f.file), f.entity])).toEqual([['deals.csv', 'deal'], ['stage_history.csv', 'stage_history']]);
    const lines = fs.readFileSync(path.join(out, 'stage_history.csv'), 'utf8').trimEnd().split('\n');
    expect(lines.slice(0, 3)).toEqual(['deal_id,from_stage,to_stage,changed_at', 'dl_h1,,lead,2026-01-05T09:00:00Z', 'dl_h1,lead,qualified,2026-01-12T10:30:00Z']);
    const other = await crm.workspaces.create('ws_round_trip', 'Round trip');
    const report = await crm.importer.importDirectory(other.id, out);
    expect(report.ok).toBe(true);
    const shape = async (w: string) => (await crm.storage.stageHistory.forDeals(w, ['dl_h1', 'dl_h2', 'dl_h3', 'dl_h4', 'dl_h5', 'dl_h6'])).map((m) => [m.deal_id, m.from_stage, m.to_stage, m.at]);
    expect(await shape(other.id)).toEqual(await shape(ws));
    expect((await shape(ws)).length).toBe(lines.length - 1);
    fs.rmSync(out, { recursive: true });
  });
});

describeEachBackend('stage history import racing stage moves', (ctx) => {
  it('comes wholly before or after each API move on its deals: every history ends where its deal stands', async () => {
    const { crm } = ctx();
    const ids = Array.from({ length: 150 }, (_, i) => `dl_r${String(i).padStart(3, '0')}`);
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'deals.csv'), ['id,name,stage,amount,created_at', ...ids.map((id) => `${id},Race ${id},proposal,1000,2026-03-01T09:00:00Z`)].join('\n'));
    const file = [
      [null, 'lead', '2026-03-01T09:00:00Z'],
      ['lead', 'qualified', '2026-04-01T09:00:00Z'],
      ['qualified', 'proposal', '2026-05-01T09:00:00Z'],
    ] as const;
    fs.writeFileSync(path.join(dir, 'history.csv'), ['deal_id,from_stage,to_stage,changed_at', ...ids.flatMap((id) => file.map(([from, to, at]) => `${id},${from ?? ''},${to},${at}`))].join('\n'));
    expect((await crm.importer.importFile(ws, 'deal', path.join(dir, 'deals.csv'))).errors).toEqual([]);
    // The moves start as the import does and go on after it: some land before its transaction, some during, some after.
    const importing = crm.importer.importHistoryFile(ws, path.join(dir, 'history.csv'));
    const moving: Promise<unknown>[] = [];
    for (const id of ids) {
      moving.push(crm.records.update(ws, 'deal', id, { stage: 'negotiation' }));
      await new Promise((r) => setTimeout(r, 1));
    }
    const report = await importing;
    await Promise.all(moving);
    expect(report).toMatchObject({ rolled_back: false, errors: [] });
    const expected = [...file.map(([from, to, at]) => [from, to, at, 'import']), ['proposal', 'negotiation', TEST_NOW, 'api']];
    for (const id of ids) {
      expect((await crm.records.get(ws, 'deal', id)).stage, id).toBe('negotiation');
      expect(await moves(ctx(), id), id).toEqual(expected);
    }
    fs.rmSync(dir, { recursive: true });
  });

  it('a move made between reading a deal and reading its history waits for the import (no spurious "ends in" error)', async () => {
    const { crm, clock } = ctx();
    clock.set('2026-11-05T12:00:00Z');
    const id = 'dl_paused';
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'deals.csv'), `id,name,stage,amount,created_at\n${id},Paused race,negotiation,1000,2026-03-01T09:00:00Z\n`);
    expect((await crm.importer.importFile(ws, 'deal', path.join(dir, 'deals.csv'))).errors).toEqual([]);
    fs.rmSync(dir, { recursive: true });
    const rows: HistoryRow[] = [
      { line: 2, deal_id: id, from_stage: null, to_stage: 'lead', at: '2026-03-01T09:00:00Z' },
      { line: 3, deal_id: id, from_stage: 'lead', to_stage: 'qualified', at: '2026-04-01T09:00:00Z' },
      { line: 4, deal_id: id, from_stage: 'qualified', to_stage: 'proposal', at: '2026-05-01T09:00:00Z' },
      { line: 5, deal_id: id, from_stage: 'proposal', to_stage: 'negotiation', at: '2026-06-01T09:00:00Z' },
    ];
    let move: Promise<unknown> | undefined;
    const problems: string[] = [];
    await crm.storage.transaction(async (tx) => {
      // The API's move is let in just after the import has read the deal, and given 300 ms to land.
      const history = new Proxy(tx.stageHistory, {
        get: (target, key) =>
          key === 'forDeals'
            ? async (w: string, ids: readonly string[]) => {
                move = crm.records.update(ws, 'deal', id, { stage: 'closed_won' });
                await Promise.race([move, new Promise((r) => setTimeout(r, 300))]);
                return target.forDeals(w, ids);
              }
            : Reflect.get(target, key),
      });
      const paused = new Proxy(tx, { get: (target, key) => (key === 'stageHistory' ? history : Reflect.get(target, key)) });
      const outcome = await applyStageHistory(paused, ws, rows, { actor: null, write: true, addProblem: (p) => problems.push(p.message) });
      expect(outcome.inserted).toBe(4);
    });
    await move;
    expect(problems).toEqual([]);
    expect((await crm.records.get(ws, 'deal', id)).stage).toBe('closed_won');
    expect(await moves(ctx(), id)).toEqual([...rows.map((r) => [r.from_stage, r.to_stage, r.at, 'import']), ['negotiation', 'closed_won', '2026-11-05T12:00:00Z', 'api']]);
  });
});

describeEachBackend('stage history import of bad rows', (ctx) => {
  it('names file, line, deal and bad value for each problem, and writes nothing', async () => {
    const { crm } = ctx();
    await crm.importer.importDirectory(ws, dirWith(null));
    const before = await crm.storage.stageHistory.forDeals(ws, ['dl_h1', 'dl_h2', 'dl_h3', 'dl_h4', 'dl_h5', 'dl_h6']);
    const report = await crm.importer.importHistoryFile(ws, path.join(DIR, 'stage_history-bad.csv'));
    expect(report.rolled_back).toBe(true);
    expect(report.errors.map((e) => [e.file, e.line, e.id, e.field, e.message])).toEqual([
      ['stage_history-bad.csv', 4, 'dl_h1', 'changed_at', 'deal dl_h1 (Harbor renewal): changed_at 2026-01-10T14:00:00Z is earlier than the deal\'s previous move (line 3, to qualified at 2026-01-12T10:30:00Z)'],
      ['stage_history-bad.csv', 7, 'dl_h2', 'from_stage', 'deal dl_h2 (Kestrel pilot): from_stage "qualified" does not match the previous move\'s to_stage lead (line 6)'],
      ['stage_history-bad.csv', 9, 'dl_zz', 'deal_id', 'deal dl_zz does not exist (import deals.csv first); its row is left out'],
      ['stage_history-bad.csv', 11, 'dl_h4', 'to_stage', 'deal dl_h4: to_stage "demo" is not a stage (stages: lead, qualified, proposal, negotiation, closed_won, closed_lost)'],
      ['stage_history-bad.csv', 13, 'dl_h5', 'to_stage', 'deal dl_h5 (Ridge expansion): the deal is in stage negotiation, but its last move in the file goes to qualified; a deal\'s current stage is where its history ends'],
      ['stage_history-bad.csv', 14, 'dl_h6', 'changed_at', 'deal dl_h6: changed_at "yesterday" is not a date-time such as 2026-11-01T12:00:00Z'],
    ]);
    expect(await crm.storage.stageHistory.forDeals(ws, ['dl_h1', 'dl_h2', 'dl_h3', 'dl_h4', 'dl_h5', 'dl_h6'])).toEqual(before);
  });

  it('with skipInvalid writes the deals whose rows are all good and leaves the others out whole', async () => {
    const report = await ctx().crm.importer.importHistoryFile(ws, path.join(DIR, 'stage_history-bad.csv'), { skipInvalid: true });
    expect(report).toMatchObject({ rolled_back: false, rows: 13, inserted: 1, skipped: 12 });
    expect(await moves(ctx(), 'dl_h3')).toEqual([[null, 'lead', '2026-02-28T08:00:00Z', 'import']]);
    expect(await moves(ctx(), 'dl_h4')).toEqual([[null, 'qualified', '2026-03-02T09:00:00Z', 'import']]);
  });

  it('refuses a file without the history columns', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'stage_history.csv'), 'deal,stage\ndl_h1,lead\n');
    const report = await ctx().crm.importer.importDirectory(ws, dir);
    expect(report.files[0]).toMatchObject({ rolled_back: true, errors: [expect.objectContaining({ line: 1, message: expect.stringContaining('"changed_at" missing') })] });
    fs.rmSync(dir, { recursive: true });
  });
});

describeEachBackend('stage history from a HubSpot deals export', (ctx) => {
  it('maps each "Date entered <stage>" column to its stage and a row to the deal\'s moves ordered by date', async () => {
    const { crm } = ctx();
    const dir = dirWith(null);
    const report = await crm.importer.importDirectory(ws, dir, {}, path.join(DIR, 'hubspot-deals.csv'));
    expect(report.ok).toBe(true);
    expect(report.files[1]).toMatchObject({ file: 'hubspot-deals.csv', entity: 'stage_history', rows: 3, inserted: 7, unchanged: 1 });
    expect(await moves(ctx(), 'dl_h1')).toEqual(H1);
    expect(await moves(ctx(), 'dl_h2')).toEqual(H2);
    fs.rmSync(dir, { recursive: true });
  });

  it('names a "Date entered" column whose stage the CRM does not have', async () => {
    const dir = tmp();
    const file = path.join(dir, 'hubspot.csv');
    fs.writeFileSync(file, 'Record ID,"Date entered ""Appointment Scheduled (Sales Pipeline)"""\ndl_h1,2026-01-05\n');
    const report = await ctx().crm.importer.importHistoryFile(ws, file);
    expect(report.rolled_back).toBe(true);
    expect(report.errors[0]?.message).toMatch(/^column "Date entered "Appointment Scheduled \(Sales Pipeline\)"": "Appointment Scheduled" is not a stage/);
    fs.rmSync(dir, { recursive: true });
  });
});

describeEachBackend('stage history of the shared data set', (ctx) => {
  it('imports its 6,283 moves as every deal\'s whole history, with no second "entered at creation" move', async () => {
    const { crm } = ctx();
    const report = await crm.importer.importDirectory(ws, SHARED_CRM_DIR);
    expect(report.ok).toBe(true);
    const history = report.files.find((f) => f.entity === 'stage_history');
    expect(history).toMatchObject({ rows: 6283, errors: [], rolled_back: false });
    expect(history!.inserted + history!.unchanged).toBe(6283);
    const stored: { deal_id: string; from_stage: string | null }[] = [];
    for await (const batch of crm.storage.stageHistory.all(ws)) stored.push(...batch);
    expect(stored).toHaveLength(6283);
    expect(stored.filter((m) => m.from_stage === null)).toHaveLength(1751);
    expect((await moves(ctx(), 'dl_00002')).map((m) => m.slice(0, 3))).toEqual([
      [null, 'lead', '2026-09-09T12:00:00Z'],
      ['lead', 'qualified', '2026-10-22T09:34:42Z'],
      ['qualified', 'proposal', '2026-10-30T14:01:06Z'],
      ['proposal', 'closed_lost', '2026-11-05T12:00:00Z'],
    ]);
  });

  it('is part of the demo data a first start loads from the shared set', async () => {
    const report = await loadDemoData(ctx().crm, SHARED_CRM_DIR);
    expect(report.files.find((f) => f.entity === 'stage_history')).toMatchObject({ rows: 6283, unchanged: 6283, inserted: 0, errors: [] });
  });

  it('exports it back line for line', async () => {
    const out = tmp();
    await ctx().crm.exporter.exportDirectory(ws, out, ['deal']);
    const sorted = (f: string) => fs.readFileSync(f, 'utf8').trimEnd().split('\n').slice(1).sort();
    expect(sorted(path.join(out, 'stage_history.csv'))).toEqual(sorted(path.join(SHARED_CRM_DIR, 'stage_history.csv')));
    fs.rmSync(out, { recursive: true });
  });
}, { shared: true });
