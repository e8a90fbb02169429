import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../index.js';
import { columnsOf } from './table-columns.js';

/**
 * Issue 15: secondary values kept by merges — contacts' other e-mails and phones, companies' other domains — each
 * with a key column (every item's normalised key, space-separated) that duplicate detection looks up; and
 * `merged_records`, where a merged record's id leads to the record it was merged into (its URL redirects there).
 *
 * Written to be idempotent: until 0001 was frozen it created entity tables from the live declarations, so databases
 * created since have these columns already.
 */
const ADDED: Record<string, { fields: string[]; keys: string[] }> = {
  contacts: { fields: ['other_emails', 'other_phones'], keys: ['other_email_keys', 'other_phone_keys'] },
  companies: { fields: ['other_domains'], keys: ['other_domain_keys'] },
};

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  for (const [table, { fields, keys }] of Object.entries(ADDED)) {
    const have = await columnsOf(db, dialect, table);
    for (const c of [...fields, ...keys]) if (!have.has(c)) await db.schema.alterTable(table).addColumn(c, 'text').execute();
    // Only records that hold secondary values are in these indexes (few: mostly merge survivors).
    for (const k of keys) {
      await sql`CREATE INDEX IF NOT EXISTS ${sql.ref(`${table}_${k}_some_idx`)} ON ${sql.table(table)} (workspace_id, ${sql.ref(k)}) WHERE ${sql.ref(k)} IS NOT NULL`.execute(db);
    }
  }
  await db.schema
    .createTable('merged_records')
    .ifNotExists()
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('survivor_id', 'text', (c) => c.notNull())
    .addColumn('merged_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('merged_records_pk', ['workspace_id', 'entity', 'id'])
    .execute();
  await db.schema.createIndex('merged_records_survivor_idx').ifNotExists().on('merged_records').columns(['workspace_id', 'entity', 'survivor_id']).execute();
}
