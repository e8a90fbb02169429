import { sql, type Kysely } from 'kysely';
import { ENTITIES, ENTITY_ORDER } from '../../core/entities.js';
import { allFields } from '../../core/entities.js';
import { columnType, isIndexed } from '../columns.js';
import type { DialectName } from '../index.js';

/**
 * The first schema: workspaces, one table per declared object (columns from the declarations as of this
 * migration), stage history, record events (the timeline's changes) and full-text search documents.
 * Later changes to the declarations need their own migration; `schema-drift.test.ts` catches a missing one.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const serial = dialect === 'postgres' ? 'bigserial' : 'integer';

  await db.schema
    .createTable('workspaces')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  for (const name of ENTITY_ORDER) {
    const entity = ENTITIES[name];
    let table = db.schema
      .createTable(entity.plural)
      .addColumn('workspace_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull());
    for (const f of allFields(entity)) {
      table = table.addColumn(f.name, columnType(f, dialect), (c) => (f.required ? c.notNull() : c));
    }
    table = table.addColumn('custom', 'text', (c) => c.notNull().defaultTo('{}'));
    for (const k of entity.keys) table = table.addColumn(k.column, 'text');
    table = table.addPrimaryKeyConstraint(`${entity.plural}_pk`, ['workspace_id', 'id']);
    // SQLite: cluster rows by (workspace_id, id) so secondary indexes carry the id and sorted lists need no temp sort.
    if (dialect === 'sqlite') table = table.modifyEnd(sql`without rowid`);
    await table.execute();

    for (const f of allFields(entity)) {
      if (!isIndexed(f)) continue;
      await db.schema
        .createIndex(`${entity.plural}_${f.name}_idx`)
        .on(entity.plural)
        .columns(['workspace_id', f.name])
        .execute();
    }
    for (const k of entity.keys) {
      const unique = entity.fields.some((f) => f.unique && k.from.includes(f.name));
      let idx = db.schema.createIndex(`${entity.plural}_${k.column}_idx`).on(entity.plural).columns(['workspace_id', k.column]);
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
