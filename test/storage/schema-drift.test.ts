import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { ENTITIES, ENTITY_ORDER } from '../../src/core/entities.js';
import { tableColumns } from '../../src/storage/columns.js';
import { describeEachBackend } from '../support/backends.js';

describeEachBackend('migrations match the object declarations', (ctx) => {
  it('has a column for every declared field and key (add a migration when this fails)', async () => {
    const storage = ctx().crm.storage;
    for (const name of ENTITY_ORDER) {
      const entity = ENTITIES[name];
      const db = (storage as unknown as { db: import('kysely').Kysely<unknown> }).db;
      const rows =
        storage.dialect === 'sqlite'
          ? (await sql<{ name: string }>`SELECT name FROM pragma_table_info(${entity.plural})`.execute(db)).rows
          : (await sql<{ name: string }>`SELECT column_name AS name FROM information_schema.columns WHERE table_name = ${entity.plural} AND table_schema = current_schema()`.execute(db)).rows;
      expect(rows.map((r) => r.name).sort()).toEqual([...tableColumns(entity)].sort());
    }
  });

  it('applies migrations once: a second run applies nothing', async () => {
    expect(await ctx().crm.storage.migrate()).toEqual([]);
  });
});
