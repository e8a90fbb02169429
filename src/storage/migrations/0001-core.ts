import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../index.js';

type ColumnType = 'text' | 'integer' | 'double precision';
type ColumnTrait = 'not null' | 'indexed';

/** One object's table as this migration creates it: its field columns, then `custom`, then its key columns. */
interface ObjectTable {
  table: string;
  /** `not null`: the field was required; `indexed`: a (workspace_id, column) index (all but long text and tags). */
  columns: readonly (readonly [name: string, type: ColumnType, ...traits: ColumnTrait[]])[];
  /** Normalised matching keys; `unique` when the field they come from was unique. */
  keys: readonly (readonly [column: string, unique?: 'unique'])[];
}

/**
 * The objects' tables as they were declared when this migration was written (commit d63db7d), frozen here: a
 * migration that read the live declarations would give a new field to fresh databases only, and a later migration
 * adding that column would then fail on them. A field declared since needs its own migration (0012 added
 * outcome, duration_minutes and companies.last_contacted_at; 0013 lost_reason and lost_note; 0014 the secondary
 * values); `migrate()` refuses a database lacking a declared column (see schema-check.ts).
 */
const OBJECT_TABLES: readonly ObjectTable[] = [
  {
    table: 'companies',
    columns: [
      ['name', 'text', 'not null', 'indexed'],
      ['domain', 'text', 'indexed'],
      ['industry', 'text', 'indexed'],
      ['employees', 'integer', 'indexed'],
      ['annual_revenue', 'double precision', 'indexed'],
      ['country', 'text', 'indexed'],
      ['city', 'text', 'indexed'],
      ['description', 'text'],
      ['owner', 'text', 'indexed'],
      ['created_at', 'text', 'indexed'],
      ['updated_at', 'text', 'indexed'],
    ],
    keys: [['domain_key'], ['name_key']],
  },
  {
    table: 'contacts',
    columns: [
      ['first_name', 'text', 'indexed'],
      ['last_name', 'text', 'indexed'],
      ['email', 'text', 'indexed'],
      ['phone', 'text', 'indexed'],
      ['title', 'text', 'indexed'],
      ['company_id', 'text', 'indexed'],
      ['lead_source', 'text', 'indexed'],
      ['lead_status', 'text', 'indexed'],
      ['last_contacted_at', 'text', 'indexed'],
      ['tags', 'text'],
      ['notes', 'text'],
      ['owner', 'text', 'indexed'],
      ['created_at', 'text', 'indexed'],
      ['updated_at', 'text', 'indexed'],
    ],
    keys: [['email_key', 'unique'], ['phone_key'], ['name_key']],
  },
  {
    table: 'deals',
    columns: [
      ['name', 'text', 'not null', 'indexed'],
      ['company_id', 'text', 'indexed'],
      ['contact_id', 'text', 'indexed'],
      ['product', 'text', 'indexed'],
      ['stage', 'text', 'not null', 'indexed'],
      ['amount', 'double precision', 'indexed'],
      ['currency', 'text', 'indexed'],
      ['expected_close', 'text', 'indexed'],
      ['closed_at', 'text', 'indexed'],
      ['owner', 'text', 'indexed'],
      ['created_at', 'text', 'indexed'],
      ['updated_at', 'text', 'indexed'],
    ],
    keys: [],
  },
  {
    table: 'activities',
    columns: [
      ['type', 'text', 'not null', 'indexed'],
      ['contact_id', 'text', 'indexed'],
      ['company_id', 'text', 'indexed'],
      ['deal_id', 'text', 'indexed'],
      ['occurred_at', 'text', 'not null', 'indexed'],
      ['subject', 'text'],
      ['body', 'text'],
      ['due_at', 'text', 'indexed'],
      ['completed_at', 'text', 'indexed'],
      ['owner', 'text', 'indexed'],
      ['created_at', 'text', 'indexed'],
      ['updated_at', 'text', 'indexed'],
    ],
    keys: [],
  },
];

/**
 * The first schema: workspaces, one table per object (as frozen above), stage history, record events (the
 * timeline's changes) and full-text search documents.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const serial = dialect === 'postgres' ? 'bigserial' : 'integer';

  await db.schema
    .createTable('workspaces')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  for (const { table: name, columns, keys } of OBJECT_TABLES) {
    let table = db.schema
      .createTable(name)
      .addColumn('workspace_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull());
    for (const [column, type, ...traits] of columns) table = table.addColumn(column, type, (c) => (traits.includes('not null') ? c.notNull() : c));
    table = table.addColumn('custom', 'text', (c) => c.notNull().defaultTo('{}'));
    for (const [column] of keys) table = table.addColumn(column, 'text');
    table = table.addPrimaryKeyConstraint(`${name}_pk`, ['workspace_id', 'id']);
    // SQLite: cluster rows by (workspace_id, id) so secondary indexes carry the id and sorted lists need no temp sort.
    if (dialect === 'sqlite') table = table.modifyEnd(sql`without rowid`);
    await table.execute();

    for (const [column, , ...traits] of columns) {
      if (!traits.includes('indexed')) continue;
      await db.schema
        .createIndex(`${name}_${column}_idx`)
        .on(name)
        .columns(['workspace_id', column])
        .execute();
    }
    for (const [column, unique] of keys) {
      let idx = db.schema.createIndex(`${name}_${column}_idx`).on(name).columns(['workspace_id', column]);
      if (unique) idx = idx.unique();
      await idx.execute();
    }
  }

  await db.schema
    .createTable('stage_history')
    .addColumn('seq', serial, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('deal_id', 'text', (c) => c.notNull())
    .addColumn('from_stage', 'text')
    .addColumn('to_stage', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('actor', 'text')
    .execute();
  await db.schema.createIndex('stage_history_deal_idx').on('stage_history').columns(['workspace_id', 'deal_id']).execute();

  await db.schema
    .createTable('record_events')
    .addColumn('seq', serial, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('record_events_record_idx')
    .on('record_events')
    .columns(['workspace_id', 'entity', 'record_id', 'at'])
    .execute();

  if (dialect === 'postgres') {
    await sql`CREATE TABLE search_documents (
      workspace_id text NOT NULL,
      entity text NOT NULL,
      record_id text NOT NULL,
      body text NOT NULL,
      tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED,
      PRIMARY KEY (workspace_id, entity, record_id)
    )`.execute(db);
    await sql`CREATE INDEX search_documents_tsv_idx ON search_documents USING gin (tsv)`.execute(db);
  } else {
    // External-content FTS5 table kept in step with search_documents by triggers.
    await sql`CREATE TABLE search_documents (
      rowid INTEGER PRIMARY KEY,
      workspace_id text NOT NULL,
      entity text NOT NULL,
      record_id text NOT NULL,
      body text NOT NULL
    )`.execute(db);
    await sql`CREATE UNIQUE INDEX search_documents_record_idx ON search_documents (workspace_id, entity, record_id)`.execute(db);
    await sql`CREATE VIRTUAL TABLE search_fts USING fts5(body, content='search_documents', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')`.execute(db);
    await sql`CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN
      INSERT INTO search_fts(rowid, body) VALUES (new.rowid, new.body); END`.execute(db);
    await sql`CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN
      INSERT INTO search_fts(search_fts, rowid, body) VALUES ('delete', old.rowid, old.body); END`.execute(db);
    await sql`CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN
      INSERT INTO search_fts(search_fts, rowid, body) VALUES ('delete', old.rowid, old.body);
      INSERT INTO search_fts(rowid, body) VALUES (new.rowid, new.body); END`.execute(db);
  }
}
