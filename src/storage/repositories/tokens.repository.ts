/** API tokens, stored by the SHA-256 of the whole token (migration 0007). */
import type { Db } from '../database.js';
import type { StoredToken, TokenRepository } from '../index.js';

const TOKEN_COLUMNS = ['id', 'workspace_id', 'user_id', 'name', 'scope', 'prefix', 'created_at', 'last_used_at', 'revoked_at'] as const;

export class KyselyTokenRepository implements TokenRepository {
  constructor(private readonly db: Db) {}

  async insert(t: StoredToken) {
    await this.db.insertInto('api_tokens').values(t).execute();
  }

  async byHash(hash: string) {
    return await this.db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  }

  async get(ws: string, id: string) {
    return await this.db.selectFrom('api_tokens').selectAll().where('workspace_id', '=', ws).where('id', '=', id).executeTakeFirst();
  }

  async list(ws: string, userId?: string) {
    let qb = this.db.selectFrom('api_tokens').select([...TOKEN_COLUMNS]).where('workspace_id', '=', ws);
    if (userId) qb = qb.where('user_id', '=', userId);
    return (await qb.orderBy('created_at', 'desc').orderBy('id', 'desc').execute()) as Omit<StoredToken, 'token_hash'>[];
  }

  async revoke(ws: string, id: string, at: string) {
    await this.db.updateTable('api_tokens').set({ revoked_at: at }).where('workspace_id', '=', ws).where('id', '=', id).where('revoked_at', 'is', null).execute();
  }

  async revokeForUser(ws: string, userId: string, at: string) {
    const res = await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: at })
      .where('workspace_id', '=', ws)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows);
  }

  async revokeAllOfUser(userId: string, at: string) {
    return (await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: at })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .returning(['id', 'workspace_id', 'name'])
      .execute()) as Pick<StoredToken, 'id' | 'workspace_id' | 'name'>[];
  }

  async touch(id: string, at: string) {
    await this.db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  }
}
