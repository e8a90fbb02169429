import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Migrator, type Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ENTITIES, ENTITY_ORDER, type EntityDef } from '../../src/core/entities.js';
import { tableColumns } from '../../src/storage/columns.js';
import { dropPostgresSchema, openStorage, type StorageConfig } from '../../src/storage/connect.js';
import type { Database } from '../../src/storage/database.js';
import type { DialectName, Storage } from '../../src/storage/index.js';
import { migrationProvider } from '../../src/storage/migrations/index.js';
import { columnsOf } from '../../src/storage/migrations/table-columns.js';
import { schemaProblems } from '../../src/storage/schema-check.js';
import { describeEachBackend, PG_URL } from '../support/backends.js';

const kyselyOf = (storage: Storage) => (storage as unknown as { db: Kysely<any> }).db;

/**
 * Every column of every system table, as `Database` (src/storage/database.ts) types them: the type checker
 * refuses this object when a column is missing from it or is not in the type, so the comparison with the
 * migrated tables below covers the whole type.
 */
type ColumnsOf<T> = { [Table in keyof T]: Record<keyof T[Table] & string, true> };
const SYSTEM_COLUMNS: ColumnsOf<Database> = {
  workspaces: { id: true, name: true, created_at: true },
  stage_history: { seq: true, workspace_id: true, deal_id: true, from_stage: true, to_stage: true, at: true, source: true, actor: true },
  record_events: { seq: true, workspace_id: true, entity: true, record_id: true, kind: true, at: true, actor: true, data: true },
  search_documents: { workspace_id: true, entity: true, record_id: true, body: true },
  job_queue: {
    queue: true,
    workspace_id: true,
    entity: true,
    record_id: true,
    enqueued_at: true,
    available_at: true,
    attempts: true,
    locked_by: true,
    locked_until: true,
    last_error: true,
    record_ids: true,
  },
  memory_shards: {
    workspace_id: true,
    entity: true,
    record_id: true,
    model: true,
    model_version: true,
    content_hash: true,
    text: true,
    dims: true,
    vector: true,
    updated_at: true,
    seq: true,
  },
  memory_projections: { workspace_id: true, model: true, fitted_at: true, sample_size: true, data: true },
  counters: { name: true, value: true },
  models: { workspace_id: true, strategy: true, version: true, trained_at: true, active: true, data: true, metrics: true },
  outcomes: { seq: true, workspace_id: true, kind: true, entity: true, record_id: true, at: true, source: true, actor: true, detail: true, context: true },
  experiments: { workspace_id: true, id: true, name: true, target: true, variants: true, status: true, started_at: true, stopped_at: true },
  workspace_settings: { workspace_id: true, key: true, value: true, updated_at: true },
  ingest_originals: { workspace_id: true, sha256: true, size: true, content: true, created_at: true },
  ingest_files: { id: true, workspace_id: true, sha256: true, parent_id: true, file_name: true, kind: true, result: true, created_by: true, created_at: true },
  ingest_messages: { workspace_id: true, message_id: true, file_id: true },
  ingest_links: { workspace_id: true, file_id: true, activity_id: true, entity: true, record_id: true, role: true, confidence: true },
  ingest_reviews: { id: true, workspace_id: true, file_id: true, activity_id: true, file_name: true, kind: true, confidence: true, suggestion: true, status: true, resolution: true, created_at: true, resolved_at: true, resolved_by: true },
  recommendations: { seq: true, workspace_id: true, id: true, contact_id: true, policy: true, action: true, propensity: true, context: true, model_version: true, created_at: true, acted_at: true, outcome: true, outcome_at: true, outcome_source: true },
  deal_recommendations: { seq: true, workspace_id: true, id: true, deal_id: true, policy: true, action: true, propensity: true, cost: true, state: true, model_version: true, as_of: true, created_at: true, acted_at: true, activity_id: true },
  users: { id: true, email: true, name: true, password_hash: true, created_at: true, password_changed_at: true, last_login_at: true },
  memberships: { workspace_id: true, user_id: true, role: true, created_at: true },
  sessions: { id_hash: true, user_id: true, csrf_token: true, created_at: true, last_seen_at: true, expires_at: true },
  api_tokens: {
    id: true,
    workspace_id: true,
    user_id: true,
    name: true,
    scope: true,
    prefix: true,
    token_hash: true,
    created_at: true,
    last_used_at: true,
    revoked_at: true,
  },
  login_failures: { user_id: true, failures: true, first_at: true },
  account_events: { seq: true, user_id: true, kind: true, at: true, workspace_id: true, data: true },
  login_throttle: { user_id: true, address: true, failures: true, last_at: true },
  invitations: {
    id: true,
    workspace_id: true,
    email: true,
    name: true,
    role: true,
    code_hash: true,
    status: true,
    created_at: true,
    created_by: true,
    expires_at: true,
    decided_at: true,
  },
  import_jobs: {
    id: true,
    workspace_id: true,
    status: true,
    created_by: true,
    created_at: true,
    started_at: true,
    finished_at: true,
    heartbeat_at: true,
    options: true,
    progress: true,
    report: true,
    error: true,
  },
  import_staging: { stage_id: true, seq: true, line: true, data: true, staged_at: true },
  merged_records: { workspace_id: true, entity: true, id: true, survivor_id: true, merged_at: true },
};

/** Columns a system table has on one database only, which no query names: the full-text index's keys. */
const DIALECT_ONLY: Record<DialectName, Partial<Record<keyof Database, string[]>>> = {
  sqlite: { search_documents: ['rowid'] },
  postgres: { search_documents: ['tsv'] },
};

/** A declaration as a later change might leave it: a new field and a new key that no migration adds. */
const withUnmigratedField = (entity: EntityDef): EntityDef => ({
  ...entity,
  fields: [...entity.fields, { name: 'favourite_colour', type: 'string', label: 'Favourite colour' }],
  keys: [...entity.keys, { column: 'favourite_colour_key', kind: 'person_name', from: ['favourite_colour'] }],
});

describeEachBackend('migrations match the object declarations', (ctx, dialect) => {
  it('has a column for every declared field and key (add a migration when this fails)', async () => {
    const db = kyselyOf(ctx().crm.storage);
    for (const name of ENTITY_ORDER) {
      const entity = ENTITIES[name];
      expect([...(await columnsOf(db, dialect, entity.plural))].sort()).toEqual([...tableColumns(entity)].sort());
    }
    expect(await schemaProblems(db, dialect)).toEqual([]);
  });

  it('names a field that is declared but that no migration creates', async () => {
    const db = kyselyOf(ctx().crm.storage);
    const problems = await schemaProblems(db, dialect, [withUnmigratedField(ENTITIES.contact), ENTITIES.deal]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^contacts\.favourite_colour: field favourite_colour \(string\) of contact is declared but no migration creates its column$/);
    expect(problems[1]).toMatch(/^contacts\.favourite_colour_key: matching key/);
  });

  it('names a declared field stored in a column of another type', async () => {
    const db = kyselyOf(ctx().crm.storage);
    const deal = { ...ENTITIES.deal, fields: ENTITIES.deal.fields.map((f) => (f.name === 'amount' ? { ...f, type: 'string' as const } : f)) };
    expect(await schemaProblems(db, dialect, [deal])).toEqual([
      `deals.amount: field amount (string) of deal needs a text column, the database has double precision`,
    ]);
  });

  it('has exactly the system tables and columns the Database type declares', async () => {
    const db = kyselyOf(ctx().crm.storage);
    for (const [table, columns] of Object.entries(SYSTEM_COLUMNS) as [keyof Database, Record<string, true>][]) {
      const expected = [...Object.keys(columns), ...(DIALECT_ONLY[dialect][table] ?? [])].sort();
      expect({ table, columns: [...(await columnsOf(db, dialect, table))].sort() }).toEqual({ table, columns: expected });
    }
  });

  it('applies migrations once: a second run applies nothing', async () => {
    expect(await ctx().crm.storage.migrate()).toEqual([]);
  });
});

/** A fresh, unmigrated database of each kind, for the migrations' own history. */
describeEachBackend('migrations are frozen', (_ctx, dialect) => {
  let storage: Storage;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    if (dialect === 'sqlite') {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-migrations-'));
      storage = await openStorage({ dataDir: dir });
      cleanup = async () => {
        await storage.close();
        fs.rmSync(dir, { recursive: true, force: true });
      };
    } else {
      const schema = `t_frozen_${process.pid}_${Date.now().toString(36)}`;
      const config: StorageConfig = { dataDir: os.tmpdir(), databaseUrl: PG_URL, pgSchema: schema };
      storage = await openStorage(config);
      cleanup = async () => {
        await storage.close();
        await dropPostgresSchema(PG_URL, schema);
      };
    }
  });
  afterAll(() => cleanup?.());

  it('creates the columns each migration meant, whatever the declarations say now, and refuses a database lacking one', async () => {
    const db = kyselyOf(storage);
    const migrator = new Migrator({
      db,
      provider: migrationProvider(dialect),
      migrationTableName: 'schema_migrations',
      migrationLockTableName: 'schema_migrations_lock',
      ...(dialect === 'postgres' ? { migrationTableSchema: (await db.selectNoFrom((eb) => eb.fn<string>('current_schema').as('s')).executeTakeFirstOrThrow()).s } : {}),
    });
    // 0001 alone: the objects as first declared (the fields 0012–0014 add come later, from those migrations).
    expect((await migrator.migrateTo('0001-core')).error).toBeUndefined();
    expect(await columnsOf(db, dialect, 'deals')).not.toContain('lost_reason');
    expect(await columnsOf(db, dialect, 'contacts')).not.toContain('other_emails');
    expect(await columnsOf(db, dialect, 'activities')).not.toContain('outcome');
    expect(await schemaProblems(db, dialect)).toContain('deals.lost_reason: field lost_reason (string) of deal is declared but no migration creates its column');

    // The rest adds them, and the result is what the declarations say.
    await storage.migrate();
    expect(await schemaProblems(db, dialect)).toEqual([]);
    for (const name of ENTITY_ORDER) expect([...(await columnsOf(db, dialect, ENTITIES[name].plural))].sort()).toEqual([...tableColumns(ENTITIES[name])].sort());

    // A database without a declared column (as after a field declared with no migration) is refused by name.
    await db.schema.alterTable('deals').dropColumn('lost_note').execute();
    await expect(storage.migrate()).rejects.toThrow(/add a migration\): deals\.lost_note: field lost_note \(text\) of deal is declared but no migration creates its column/);
  });
});
