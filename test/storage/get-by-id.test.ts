/**
 * The records repository's get-by-id, the hottest read: on SQLite it runs directly on the read-only connection
 * outside a transaction (connect.ts `directRead`), through the transaction's own connection inside one. What a
 * reader sees must be what it saw through Kysely's executor: the committed state outside, its own writes inside.
 */
import { expect, it } from 'vitest';
import { ENTITIES, type CrmRecord } from '../../src/core/entities.js';
import { describeEachBackend } from '../support/backends.js';

const contact = ENTITIES.contact;
const rec = (id: string, fields: Record<string, unknown>): CrmRecord => ({ id, custom: {}, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z', ...fields });

describeEachBackend('get by id', (ctx) => {
  it('reads every kind of column back, scoped to its workspace, and nothing for an unknown id', async () => {
    const { storage } = ctx().crm;
    for (const id of ['g1', 'g2']) await storage.workspaces.ensure({ id, name: id, created_at: '2026-01-01T00:00:00Z' });
    const record = rec('ct_1', { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', tags: ['vip', 'eu'], custom: { tier: 'gold', n: 3 } });
    await storage.records.insert('g1', contact, record);
    const got = await storage.records.get('g1', contact, 'ct_1');
    expect(got).toMatchObject({ id: 'ct_1', first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', tags: ['vip', 'eu'], custom: { tier: 'gold', n: 3 } });
    // The same answer as the list's read of the same row (a different statement, through Kysely's executor).
    expect(got).toEqual((await storage.records.getMany('g1', contact, ['ct_1']))[0]);
    expect(await storage.records.get('g2', contact, 'ct_1')).toBeUndefined();
    expect(await storage.records.get('g1', contact, 'ct_none')).toBeUndefined();
    // Ids are parameters, never SQL.
    expect(await storage.records.get('g1', contact, "ct_1' OR '1'='1")).toBeUndefined();
  });

  it('outside a transaction sees the committed state; inside one, its own writes', async () => {
    const { storage } = ctx().crm;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let inside: { before?: string; after?: string; added?: boolean } = {};
    const tx = storage.transaction(async (t) => {
      await t.records.update('g1', contact, 'ct_1', { first_name: 'Augusta' });
      await t.records.insert('g1', contact, rec('ct_2', { first_name: 'Charles' }));
      inside = { after: (await t.records.get('g1', contact, 'ct_1'))?.first_name as string, added: (await t.records.get('g1', contact, 'ct_2')) !== undefined };
      await held;
    });
    // Let the transaction reach its pause, then read from outside while it is open.
    for (let i = 0; i < 50 && inside.after === undefined; i++) await new Promise((r) => setTimeout(r, 10));
    expect(inside).toEqual({ after: 'Augusta', added: true });
    expect((await storage.records.get('g1', contact, 'ct_1'))?.first_name).toBe('Ada');
    expect(await storage.records.get('g1', contact, 'ct_2')).toBeUndefined();
    release();
    await tx;
    expect((await storage.records.get('g1', contact, 'ct_1'))?.first_name).toBe('Augusta');
    expect((await storage.records.get('g1', contact, 'ct_2'))?.first_name).toBe('Charles');
  });

  it('a rolled-back write is never seen', async () => {
    const { storage } = ctx().crm;
    await expect(
      storage.transaction(async (t) => {
        await t.records.update('g1', contact, 'ct_1', { first_name: 'Rolled back' });
        expect((await t.records.get('g1', contact, 'ct_1'))?.first_name).toBe('Rolled back');
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect((await storage.records.get('g1', contact, 'ct_1'))?.first_name).toBe('Augusta');
  });
});
