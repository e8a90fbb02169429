/**
 * One write pipeline (issue 16): a record written by an import and the same record written through the record
 * service (the API's path) come out the same — fields, stage history, events, change feed, search — and the import's
 * own guarantees (companies linked or created once, even by racing imports; row errors that name the record and the
 * bad value; last contacted moved forward in bulk). Both databases.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { ENTITIES } from '../../src/core/entities.js';
import { DEFAULT_WORKSPACE, type RecordChange } from '../../src/crm/index.js';
import { up as backfillClosedAt } from '../../src/storage/migrations/0016-closed-at-backfill.js';
import { describeEachBackend } from '../support/backends.js';

const ws = DEFAULT_WORKSPACE;
const csv = (name: string, text: string) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'crm-pipeline-')), name);
  fs.writeFileSync(file, text);
  return file;
};
/** Drops what differs by design between the two writers: the ids, the order in the log, and the source the import names. */
function withoutSource(x: object): Record<string, unknown> {
  const { source: _s, deal_id: _d, record_id: _r, seq: _q, ...rest } = x as Record<string, unknown>;
  return { ...rest, ...(rest.data ? { data: withoutSource(rest.data as object) } : {}) };
}

describeEachBackend('one write pipeline', (ctx) => {
  it('writes an imported closed deal exactly as one created through the API', async () => {
    const { crm } = ctx();
    await crm.records.create(ws, 'company', { id: 'co_same', name: 'Samecorp' });
    const published: RecordChange[] = [];
    const off = crm.changes.subscribe(async (_tx, change) => void published.push(change));
    const viaApi = (await crm.records.create(ws, 'deal', { id: 'dl_api', name: 'Samecorp renewal', company_id: 'co_same', stage: 'closed_won', amount: 5000 })).record;
    const report = await crm.importer.importFile(ws, 'deal', csv('deals.csv', 'id,name,company_id,stage,amount\ndl_imp,Samecorp renewal,co_same,closed_won,5000\n'));
    off();
    expect(report).toMatchObject({ inserted: 1, errors: [] });
    const imported = await crm.records.get(ws, 'deal', 'dl_imp');

    // The same fields set (the close time too: an import used to leave it empty), the same values.
    expect(imported.closed_at).toBe(viaApi.closed_at);
    expect(viaApi.closed_at).not.toBeNull();
    expect({ ...imported, id: 'x' }).toEqual({ ...viaApi, id: 'x' });

    const history = await crm.storage.stageHistory.forDeals(ws, ['dl_api', 'dl_imp']);
    expect(history.map((h) => [h.deal_id, h.source])).toEqual([['dl_api', 'api'], ['dl_imp', 'import']]);
    expect(withoutSource(history[1]!)).toEqual(withoutSource(history[0]!));

    const events = async (id: string) => (await crm.storage.events.forRecords(ws, 'deal', [id], 10)).map(withoutSource);
    expect(await events('dl_imp')).toEqual(await events('dl_api'));
    expect((await events('dl_api')).map((e) => e.kind)).toEqual(['created']);

    const writeOf = (id: string) => published.filter((c) => c.entity === 'deal').flatMap((c) => c.ids.map((x, i) => ({ id: x, write: c.writes?.[i] }))).find((w) => w.id === id)?.write;
    const [apiWrite, importWrite] = [writeOf('dl_api'), writeOf('dl_imp')];
    expect(apiWrite!.source).toBe('api');
    expect(importWrite!.source).toBe('import');
    expect(importWrite!.fields).toEqual(apiWrite!.fields);

    const hits = await crm.records.list(ws, 'deal', { q: 'samecorp renewal', limit: 10 });
    expect(hits.records.map((r) => r.id).sort()).toEqual(['dl_api', 'dl_imp']);
  });

  it('keeps a close time when the same file is imported again, and closes a deal through an import as the API does', async () => {
    const { crm, clock } = ctx();
    const before = await crm.records.get(ws, 'deal', 'dl_imp');
    clock.advance(3_600_000);
    const again = await crm.importer.importFile(ws, 'deal', csv('deals.csv', 'id,name,company_id,stage,amount\ndl_imp,Samecorp renewal,co_same,closed_won,5000\n'));
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    expect(await crm.records.get(ws, 'deal', 'dl_imp')).toEqual(before);

    // An open deal closed by a later file: close time, stage history and a stage_changed event, as an API update gives.
    await crm.records.create(ws, 'deal', { id: 'dl_open_api', name: 'Open one', stage: 'negotiation' });
    await crm.importer.importFile(ws, 'deal', csv('open.csv', 'id,name,stage\ndl_open_imp,Open two,negotiation\n'));
    clock.advance(60_000);
    await crm.records.update(ws, 'deal', 'dl_open_api', { stage: 'closed_lost', lost_reason: 'price' });
    await crm.importer.importFile(ws, 'deal', csv('close.csv', 'id,name,stage,lost_reason\ndl_open_imp,Open two,closed_lost,price\n'));
    const [api, imp] = [await crm.records.get(ws, 'deal', 'dl_open_api'), await crm.records.get(ws, 'deal', 'dl_open_imp')];
    expect(imp).toMatchObject({ stage: 'closed_lost', lost_reason: 'Price', closed_at: api.closed_at });
    const moves = await crm.storage.stageHistory.forDeals(ws, ['dl_open_api', 'dl_open_imp']);
    expect(moves.map((m) => [m.deal_id, m.from_stage, m.to_stage])).toEqual([
      ['dl_open_api', null, 'negotiation'],
      ['dl_open_imp', null, 'negotiation'],
      ['dl_open_api', 'negotiation', 'closed_lost'],
      ['dl_open_imp', 'negotiation', 'closed_lost'],
    ]);
    const kinds = async (id: string) => (await crm.storage.events.forRecords(ws, 'deal', [id], 10)).map((e) => e.kind);
    expect(await kinds('dl_open_imp')).toEqual(await kinds('dl_open_api'));
  });

  it('gives closed deals written without a close time the time they entered their stage (migration 0016)', async () => {
    const { crm, dialect } = ctx();
    const db = (crm.storage as unknown as { db: Kysely<any> }).db;
    const entered = (await crm.storage.stageHistory.forDeals(ws, ['dl_imp']))[0]!.at;
    await crm.records.create(ws, 'deal', { id: 'dl_nohist', name: 'No history', stage: 'lead' });
    // As imports before the write pipeline left them: closed, no close time (and one with no history of its stage).
    await db.updateTable('deals').set({ closed_at: null }).where('id', '=', 'dl_imp').execute();
    await db.updateTable('deals').set({ closed_at: null, stage: 'closed_won' }).where('id', '=', 'dl_nohist').execute();
    await backfillClosedAt(db, dialect);
    expect((await crm.records.get(ws, 'deal', 'dl_imp')).closed_at).toBe(entered);
    const noHistory = await crm.records.get(ws, 'deal', 'dl_nohist');
    expect(noHistory.closed_at).toBe(noHistory.updated_at);
    expect((await crm.records.get(ws, 'deal', 'dl_open_api')).closed_at).not.toBeNull();
    expect((await crm.records.list(ws, 'deal', { limit: 100, filters: [{ field: 'stage', op: 'in', value: ['closed_won', 'closed_lost'] }, { field: 'closed_at', op: 'empty', value: true }] })).records).toEqual([]);
  });

  it('moves the survivor\'s updated_at on a merge that changes none of its fields', async () => {
    const { crm, clock } = ctx();
    await crm.records.create(ws, 'company', { id: 'co_twin1', name: 'Twin Ltd' });
    await crm.records.create(ws, 'company', { id: 'co_twin2', name: 'Twin Ltd' });
    clock.advance(60_000);
    const { survivor } = await crm.merge.merge(ws, 'company', 'co_twin1', ['co_twin2']);
    expect(survivor.updated_at).toBe(new Date(clock.now()).toISOString().replace('.000Z', 'Z'));
    expect((await crm.records.get(ws, 'company', 'co_twin1')).updated_at).toBe(survivor.updated_at);
  });

  it('merges the custom columns of a file into an existing record, as a patch does (an empty cell clears one)', async () => {
    const { crm } = ctx();
    await crm.records.create(ws, 'company', { id: 'co_cust', name: 'Custom Co', custom: { tier: 'gold', region: 'EMEA' } });
    const report = await crm.importer.importFile(ws, 'company', csv('companies.csv', 'id,name,region,size band\nco_cust,Custom Co,,large\n'));
    expect(report).toMatchObject({ updated: 1, errors: [] });
    expect((await crm.records.get(ws, 'company', 'co_cust')).custom).toEqual({ tier: 'gold', 'size band': 'large' });
    // An empty created_at cell of an existing record keeps its date (a creation date cannot be cleared).
    const created = (await crm.records.get(ws, 'company', 'co_cust')).created_at;
    await crm.importer.importFile(ws, 'company', csv('again.csv', 'id,name,created_at\nco_cust,Custom Co,\n'));
    expect((await crm.records.get(ws, 'company', 'co_cust')).created_at).toBe(created);
  });

  it('creates a company named by two racing imports once, and links both files to it', async () => {
    const { crm } = ctx();
    const people = (prefix: string) => csv('people.csv', `first_name,email,Company\n${prefix}1,${prefix}1@zephyr.example,Zephyr Widgets\n${prefix}2,${prefix}2@zephyr.example,zephyr widgets\n`);
    const [a, b] = await Promise.all([crm.importer.importFile(ws, 'contact', people('ra')), crm.importer.importFile(ws, 'contact', people('rb'))]);
    expect([a.inserted, b.inserted]).toEqual([2, 2]);
    expect([a.companies_created! + b.companies_created!, a.companies_linked! + b.companies_linked!]).toEqual([1, 2]);
    const zephyrs = await crm.records.list(ws, 'company', { limit: 10, filters: [{ field: 'name', op: 'eq', value: 'Zephyr Widgets' }] });
    expect(zephyrs.records).toHaveLength(1);
    const linked = await crm.records.list(ws, 'contact', { limit: 10, filters: [{ field: 'company_id', op: 'eq', value: zephyrs.records[0]!.id }] });
    expect(linked.records).toHaveLength(4);
  });

  it('names the record and the bad value in every kind of row error', async () => {
    const { crm } = ctx();
    await crm.records.create(ws, 'contact', { first_name: 'Taken', email: 'taken@x.example' });
    const contacts = await crm.importer.importFile(ws, 'contact', csv('contacts.csv', [
      'id,first_name,last_name,email,company_id,owner',
      'ct_e1,Una,Used,TAKEN@x.example,,',
      'ct_e2,Ned,Nobody,ned@x.example,,nobody@x.example',
      'ct_e3,Rex,Ref,rex@x.example,co_missing,',
      'ct_e1,Una,Again,una2@x.example,,',
      'ct_e5,Bad,Mail,not-mail,,',
    ].join('\n')));
    expect(contacts.errors.map((e) => [e.line, e.field, e.message])).toEqual([
      [2, 'email', 'Una Used <TAKEN@x.example>: email TAKEN@x.example is already used by contact ' + (await crm.storage.records.findByKey(ws, ENTITIES.contact, 'email_key', 'taken@x.example'))[0]!.id],
      [3, 'owner', 'Ned Nobody <ned@x.example>: owner: "nobody@x.example" is not a member of this workspace (give a member\'s e-mail, name or user id)'],
      [4, 'company_id', 'Rex Ref <rex@x.example>: company_id: company co_missing does not exist'],
      [5, 'id', 'Una Again <una2@x.example>: id ct_e1 is repeated (first on line 2)'],
      [6, 'email', 'Bad Mail <not-mail>: email "not-mail" must be an email address'],
    ]);
    const deals = await crm.importer.importFile(ws, 'deal', csv('deals.csv', 'name,stage,lost_reason,closed_at\nLost one,closed_lost,Too blue,\nOpen one,lead,,2026-01-02T00:00:00Z\n'));
    expect(deals.errors.map((e) => [e.line, e.field, e.message])).toEqual([
      [2, 'lost_reason', expect.stringMatching(/^Lost one: lost_reason: "Too blue" is not one of this workspace's lost reasons/)],
      [3, 'closed_at', 'Open one: closed_at "2026-01-02T00:00:00Z": only closed deals have a close date (stage is lead)'],
    ]);
    const activities = await crm.importer.importFile(ws, 'activity', csv('activities.csv', 'type,subject,occurred_at,outcome\ncall,Intro call,2026-10-01T10:00:00Z,exploded\n'));
    expect(activities.errors.map((e) => [e.line, e.field, e.message])).toEqual([
      [2, 'outcome', expect.stringMatching(/^Intro call: outcome "exploded"/)],
    ]);
  });

  it('moves last contacted forward for every contact of an activity file, never back', async () => {
    const { crm } = ctx();
    for (const [id, last] of [['ct_lc1', null], ['ct_lc2', '2026-10-20T00:00:00Z'], ['ct_lc3', null]] as const) {
      await crm.records.create(ws, 'contact', { id, first_name: id });
      if (last) await crm.importer.importFile(ws, 'activity', csv('a.csv', `type,subject,occurred_at,contact_id\nemail,Seed,${last},${id}\n`));
    }
    const report = await crm.importer.importFile(ws, 'activity', csv('activities.csv', [
      'type,subject,occurred_at,contact_id',
      'call,First,2026-10-01T10:00:00Z,ct_lc1',
      'email,Later,2026-10-05T10:00:00Z,ct_lc1',
      'meeting,Older than stored,2026-10-02T10:00:00Z,ct_lc2',
      'note,Not a contact,2026-10-09T10:00:00Z,ct_lc3',
    ].join('\n')));
    expect(report).toMatchObject({ inserted: 4, errors: [] });
    const last = async (id: string) => (await crm.records.get(ws, 'contact', id)).last_contacted_at;
    expect([await last('ct_lc1'), await last('ct_lc2'), await last('ct_lc3')]).toEqual(['2026-10-05T10:00:00Z', '2026-10-20T00:00:00Z', null]);
  });
});
