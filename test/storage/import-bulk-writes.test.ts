/**
 * The bulk writes an import goes through (records upsert, record events, staged rows): on PostgreSQL their rows
 * travel as one JSON parameter per statement and the records are written in id order; what is read back must be
 * exactly what was written, in the order it was given, on both databases.
 */
import { expect, it } from 'vitest';
import { ENTITIES, allFields, type CrmRecord } from '../../src/core/entities.js';
import { describeEachBackend } from '../support/backends.js';

const WS = 'default';
const AT = '2026-12-01T10:00:00.000Z';
/** Text a JSON or array-literal encoding could get wrong. */
const AWKWARD = ['quote " and \\ backslash', 'line\nbreak\ttab', 'NULL', '', '{"a":[1,2]}', 'ünïcödé — 東京 🚀', "it's", '{a,b}'];

const company = (id: string, i: number): CrmRecord => ({
  id,
  name: `${AWKWARD[i % AWKWARD.length]} ${id}`,
  domain: null,
  industry: AWKWARD[(i + 1) % AWKWARD.length]!,
  employees: i * 7,
  annual_revenue: i + 0.25,
  description: AWKWARD[(i + 2) % AWKWARD.length]!,
  other_domains: [`d${i}.example.com`],
  created_at: AT,
  updated_at: AT,
  custom: { note: AWKWARD[(i + 3) % AWKWARD.length]!, n: i },
});

describeEachBackend('bulk writes of an import', (ctx, dialect) => {
  it('upserts records given out of id order, reads them back unchanged, and tells inserted from updated', async () => {
    const { records } = ctx().crm.storage;
    const entity = ENTITIES.company;
    const columns = [...allFields(entity).map((f) => f.name), 'custom'];
    const ids = ['co_bulk_9', 'co_bulk_2', 'co_bulk_7', 'co_bulk_1', 'co_bulk_5', 'co_bulk_3', 'co_bulk_8', 'co_bulk_4'];
    const written = ids.map((id, i) => company(id, i));
    const first = await records.upsertMany(WS, entity, written, columns);
    expect(new Set(first.inserted)).toEqual(new Set(ids));
    expect(first.updated).toEqual([]);
    const read = new Map((await records.getMany(WS, entity, ids)).map((r) => [r.id, r]));
    for (const w of written) {
      const r = read.get(w.id)!;
      for (const f of ['name', 'industry', 'employees', 'annual_revenue', 'description', 'other_domains', 'custom']) expect(r[f], `${w.id}.${f}`).toEqual(w[f]);
    }
    // Two changed, one new, the rest the same: only the changed are updated.
    const again = [{ ...written[3]!, industry: 'changed "x"' }, { ...written[0]!, employees: 1 }, company('co_bulk_0', 3), written[5]!];
    const second = await records.upsertMany(WS, entity, again, columns);
    expect(new Set(second.updated)).toEqual(new Set(['co_bulk_1', 'co_bulk_9']));
    expect(second.inserted).toEqual(['co_bulk_0']);
    expect((await records.getMany(WS, entity, ['co_bulk_1']))[0]!.industry).toBe('changed "x"');
  });

  it('writes a string with a lone surrogate (cut inside an emoji) as U+FFFD, as a plain text parameter did', async () => {
    const { records } = ctx().crm.storage;
    const entity = ENTITIES.company;
    const cut = 'rocket \ud83d';
    await records.upsertMany(WS, entity, [{ ...company('co_bulk_cut', 0), name: cut, description: '\udc00 alone, and \\ud800 spelt out' }], ['name', 'description']);
    const [r] = await records.getMany(WS, entity, ['co_bulk_cut']);
    // SQLite keeps its own encoding of the lone half (read back as three U+FFFD): the JSON parameter is PostgreSQL's.
    if (dialect !== 'postgres') return;
    expect(r!.name).toBe('rocket \ufffd');
    expect(r!.description).toBe('\ufffd alone, and \\ud800 spelt out');
  });

  it('appends record events in the order given, their data unchanged', async () => {
    const { events } = ctx().crm.storage;
    const ids = ['ev_c', 'ev_a', 'ev_d', 'ev_b'];
    await events.append(WS, ids.map((id, i) => ({ entity: 'contact', record_id: id, kind: 'created', at: AT, actor: i % 2 ? null : 'me', data: { text: AWKWARD[i], i } })));
    const logged = await events.audit(WS, { limit: 10 });
    const mine = logged.filter((e) => ids.includes(e.record_id)).sort((a, b) => a.seq - b.seq);
    expect(mine.map((e) => e.record_id)).toEqual(ids);
    expect(mine.map((e) => e.data)).toEqual(ids.map((_, i) => ({ text: AWKWARD[i], i })));
    expect(mine.map((e) => e.actor)).toEqual(['me', null, 'me', null]);
  });

  it('stages rows and reads them back in sequence, their data unchanged', async () => {
    const storage = ctx().crm.storage;
    const rows = AWKWARD.map((text, i) => ({ seq: i + 1, line: i + 2, data: JSON.stringify({ label: text, record: { id: `x${i}`, body: text } }) }));
    await storage.transaction((tx) => tx.importStaging.stage('test/bulk', rows, AT));
    expect(await storage.importStaging.read('test/bulk', 0, 100)).toEqual(rows);
    expect(await storage.importStaging.read('test/bulk', 5, 2)).toEqual(rows.slice(5, 7));
    await storage.importStaging.drop('test/bulk');
    expect(await storage.importStaging.read('test/bulk', 0, 100)).toEqual([]);
  });
});
