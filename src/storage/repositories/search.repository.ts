/** Full-text documents of records (FTS5 on SQLite, tsvector on PostgreSQL; see dialect.ts for the queries). */
import { sql } from 'kysely';
import type { EntityName } from '../../core/entities.js';
import { chunk } from '../chunk.js';
import type { Db } from '../database.js';
import { searchBody } from '../dialect.js';
import type { SearchRepository } from '../index.js';

export class KyselySearchRepository implements SearchRepository {
  constructor(private readonly db: Db) {}

  async index(ws: string, entity: EntityName, docs: readonly { id: string; body: string }[]) {
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
