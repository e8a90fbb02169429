/**
 * The records repository's fieldValues: one declared field of several records by id (the persona boost reads
 * titles this way instead of whole rows). It must give what `get` gives for that field, per workspace.
 */
import { expect, it } from 'vitest';
import { ENTITIES, type CrmRecord } from '../../src/core/entities.js';
import { describeEachBackend } from '../support/backends.js';

const contact = ENTITIES.contact;
const rec = (id: string, fields: Record<string, unknown>): CrmRecord => ({ id, custom: {}, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z', ...fields });

describeEachBackend('one field of several records', (ctx) => {
  it('reads the field as get does, only for the ids asked and only in their workspace', async () => {
    const { storage } = ctx().crm;
    for (const id of ['f1', 'f2']) await storage.workspaces.ensure({ id, name: id, created_at: '2026-01-01T00:00:00Z' });
    await storage.records.insert('f1', contact, rec('ct_a', { first_name: 'Ada', last_name: 'L', title: 'VP Finance', tags: ['vip'] }));
    await storage.records.insert('f1', contact, rec('ct_b', { first_name: 'Bo', last_name: 'M', title: null, tags: null }));
    await storage.records.insert('f1', contact, rec('ct_c', { first_name: 'Cy', last_name: 'N', title: 'CTO' }));
    await storage.records.insert('f2', contact, rec('ct_d', { first_name: 'Di', last_name: 'O', title: 'Head of HR' }));

    const titles = await storage.records.fieldValues('f1', contact, ['ct_a', 'ct_b', 'ct_a', 'ct_d', 'ct_none'], 'title');
    expect([...titles].sort()).toEqual([
      ['ct_a', 'VP Finance'],
      ['ct_b', null],
    ]);
    // Typed as get types it (tags come back as a list, not their stored JSON).
    const tags = await storage.records.fieldValues('f1', contact, ['ct_a', 'ct_b'], 'tags');
    expect(tags.get('ct_a')).toEqual((await storage.records.get('f1', contact, 'ct_a'))!.tags);
    expect(tags.get('ct_a')).toEqual(['vip']);
    expect(await storage.records.fieldValues('f1', contact, [], 'title')).toEqual(new Map());
    await expect(storage.records.fieldValues('f1', contact, ['ct_a'], 'title; drop table contacts')).rejects.toThrow(/no field/);
    expect((await storage.records.get('f1', contact, 'ct_c'))!.title).toBe('CTO');
  });
});
