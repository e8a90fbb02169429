/**
 * Get-by-id on SQLite reads its row as an array (better-sqlite3's raw mode, connect.ts) and builds the record from
 * the values by column name. Whatever the row holds, the answer must be exactly what the keyed-object read gives
 * (`getMany`: Kysely's executor, `selectAll`, `fromRow`): the same keys in the same order, the same values and
 * types — text, numbers, nulls, tags, and custom JSON with booleans, nulls and nesting — on both databases.
 */
import { DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import { allFields, ENTITIES, ENTITY_ORDER, type CrmRecord, type EntityDef, type FieldDef } from '../../src/core/entities.js';
import type { Db } from '../../src/storage/database.js';
import { sqliteDialect } from '../../src/storage/dialect.js';
import { KyselyRecordRepository, type DirectRead } from '../../src/storage/repositories/records.repository.js';
import { describeEachBackend } from '../support/backends.js';

/** A value of each field's type; `variant` picks among ordinary values, edge values (0, negatives, empty) and null. */
function valueOf(f: FieldDef, variant: 0 | 1 | 2): unknown {
  if (f.name === 'created_at' || f.name === 'updated_at') return '2026-01-02T03:04:05Z';
  if (variant === 2) return f.required ? valueOf(f, 0) : null;
  switch (f.type) {
    case 'integer':
      return variant === 0 ? 42 : -7;
    case 'number':
      return variant === 0 ? 1234.5 : 0;
    case 'tags':
      return variant === 0 ? ['vip', 'Zürich ✓'] : [];
    case 'enum':
      return f.values?.[variant] ?? f.values?.[0] ?? null;
    case 'date':
      return '2026-03-04';
    case 'datetime':
      return '2026-03-04T05:06:07Z';
    default:
      return variant === 0 ? `${f.name} — «ü» 1` : '';
  }
}

const CUSTOM = [{ tier: 'gold', active: true, archived: false, none: null, n: 3, x: -0.5, nested: { list: [1, 'two', null, false] } }, {}, { only: null }];

function recordOf(entity: EntityDef, id: string, variant: 0 | 1 | 2): CrmRecord {
  const record: CrmRecord = { id, custom: CUSTOM[variant]! };
  for (const f of allFields(entity)) record[f.name] = valueOf(f, variant);
  return record;
}

describeEachBackend('get by id returns what the keyed-object read returns', (ctx, dialect) => {
  it('every object, every column type, with values, edge values and nulls', async () => {
    const { storage } = ctx().crm;
    // On SQLite the direct read (rows as arrays) is the path under test; PostgreSQL reads through the executor.
    expect(storage.records.getNow !== undefined).toBe(dialect === 'sqlite');
    for (const name of ENTITY_ORDER) {
      const entity = ENTITIES[name];
      for (const variant of [0, 1, 2] as const) {
        const id = `raw_${name}_${variant}`;
        await storage.records.insert('default', entity, recordOf(entity, id, variant));
        const got = await storage.records.get('default', entity, id);
        const keyed = (await storage.records.getMany('default', entity, [id]))[0];
        expect(got).toBeDefined();
        expect(got).toStrictEqual(keyed);
        expect(Object.keys(got!)).toEqual(Object.keys(keyed!));
        for (const key of Object.keys(keyed!)) expect(typeof got![key], `${name}.${key}`).toBe(typeof keyed![key]);
        // What was written comes back (numbers as numbers, tags as lists, custom JSON whole).
        expect(got).toEqual(recordOf(entity, id, variant));
        if (dialect === 'sqlite') expect(storage.records.getNow!('default', entity, id)).toStrictEqual(keyed);
      }
      expect(await storage.records.get('default', entity, `raw_${name}_none`)).toBeUndefined();
    }
  });
});

describe('get-by-id on a direct read', () => {
  it('builds the record from array rows by column name, whatever their order, and reuses one prepared statement', () => {
    const entity = ENTITIES.contact;
    const stored = { ...recordOf(entity, 'ct_x', 0) };
    let prepared = 0;
    const seen: unknown[][] = [];
    const direct: DirectRead = (sql) => {
      prepared++;
      expect(sql).toMatch(/^select /i);
      // The statement's columns reversed: the conversion must go by name, not by position.
      const columns = ['custom', ...allFields(entity).map((f) => f.name).reverse(), 'id'];
      return {
        columns,
        first: (parameters) => {
          seen.push([...parameters]);
          if (!parameters.includes('ct_x') || !parameters.includes('ws1')) return undefined;
          const tagColumns = new Set(allFields(entity).filter((f) => f.type === 'tags').map((f) => f.name));
          return columns.map((c) => (c === 'custom' || tagColumns.has(c) ? JSON.stringify(stored[c]) : stored[c]));
        },
      };
    };
    const repo = new KyselyRecordRepository(stubDb(), sqliteDialect, direct);
    expect(repo.getNow!('ws1', entity, 'ct_x')).toStrictEqual(stored);
    expect(Object.keys(repo.getNow!('ws1', entity, 'ct_x')!)).toEqual(['id', 'custom', ...allFields(entity).map((f) => f.name)]);
    expect(repo.getNow!('ws2', entity, 'ct_x')).toBeUndefined();
    expect(repo.getNow!('ws1', entity, 'ct_y')).toBeUndefined();
    expect(prepared).toBe(1);
    expect(seen.map((p) => [...p].sort())).toEqual([
      ['ct_x', 'ws1'],
      ['ct_x', 'ws1'],
      ['ct_x', 'ws2'],
      ['ct_y', 'ws1'],
    ]);
  });

  it('refuses a statement that does not read a column the record needs', () => {
    const entity = ENTITIES.contact;
    const direct: DirectRead = () => ({ columns: ['id', 'custom'], first: () => undefined });
    const repo = new KyselyRecordRepository(stubDb(), sqliteDialect, direct);
    expect(() => repo.getNow!('ws1', entity, 'ct_x')).toThrow(/does not read column/);
  });
});

/** A Kysely instance that only compiles SQL (the direct read never runs a query through it). */
function stubDb(): Db {
  return new Kysely<never>({
    dialect: { createAdapter: () => new SqliteAdapter(), createDriver: () => new DummyDriver(), createIntrospector: (db) => new SqliteIntrospector(db), createQueryCompiler: () => new SqliteQueryCompiler() },
  }) as unknown as Db;
}
