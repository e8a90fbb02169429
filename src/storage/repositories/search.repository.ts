/** Full-text documents of records (FTS5 on SQLite, tsvector on PostgreSQL; see dialect.ts for the queries). */
import { sql } from 'kysely';
import type { EntityName } from '../../core/entities.js';
import { chunk } from '../chunk.js';
import type { Db } from '../database.js';
import { searchBody } from '../dialect.js';
import type { DialectName, SearchRepository } from '../index.js';

export class KyselySearchRepository implements SearchRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: DialectName = 'sqlite',
  ) {}

  async index(ws: string, entity: EntityName, docs: readonly { id: string; body: string }[]) {
    if (this.dialect === 'postgres') {
      // One array a column instead of thousands of parameters (see the records' upsertMany).
      for (const part of chunk(docs, 5000)) {
        if (part.length === 0) continue;
        await sql`INSERT INTO search_documents (workspace_id, entity, record_id, body)
          SELECT ${ws}::text, ${entity}::text, * FROM unnest(${part.map((d) => d.id)}::text[], ${part.map((d) => searchBody(d.body))}::text[])
          ON CONFLICT (workspace_id, entity, record_id) DO UPDATE SET body = excluded.body`.execute(this.db);
      }
      return;
    }
    for (const part of chunk(docs, 2000)) {
      if (part.length === 0) continue;
      await this.db
        .insertInto('search_documents')
        .values(part.map((d) => ({ workspace_id: ws, entity, record_id: d.id, body: searchBody(d.body) })))
        .onConflict((oc) => oc.columns(['workspace_id', 'entity', 'record_id']).doUpdateSet({ body: sql.ref('excluded.body') }))
        .execute();
    }
  }

  async remove(ws: string, entity: EntityName, ids: readonly string[]) {
    for (const part of chunk(ids, 1000)) {
      await this.db
        .deleteFrom('search_documents')
        .where('workspace_id', '=', ws)
        .where('entity', '=', entity)
        .where('record_id', 'in', part)
        .execute();
    }
  }
}
